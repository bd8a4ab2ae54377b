#!/usr/bin/env python3
"""The accuracy ratchet: per-document, per-field F1 against gold may rise, never fall.

    python scripts/ratchet.py check  [--corpus ../shared/corpus] [--record benchmarks/accuracy_record.json]
    python scripts/ratchet.py update [--corpus …] [--record …] [--allow-lower "why"]

Both run ``policy-extract eval --json`` on the corpus twice: as written (``original``) and converted
to Traditional (``--to-script traditional``), and compare every document's F1 per field (tasks,
responsibilities, deadlines, quantities, goals, metadata) with the record.

``check`` fails (exit 1) when any score is more than ``TOLERANCE`` below its record, when a
document of the corpus fails to extract, or when a recorded document is missing from the corpus.
A document that is not in the record yet is reported, not a failure: ``update`` adds it.

``update`` writes the record: every score rises to its measured value; a document new to the
corpus enters at its first measured score. It refuses to lower a score by more than the tolerance
(exit 1) unless ``--allow-lower REASON`` is given; the reason is kept in the record's ``lowered``
list with what was lowered. Scores within the tolerance below the record keep the record. It never
records a document that fails to extract. The record is JSON with sorted keys, so reruns are
byte-identical and diffs are small: a change that improves a score raises the record in the same
commit.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_RECORD = ROOT / "benchmarks" / "accuracy_record.json"
SCRIPTS = ("original", "traditional")
# F1 is rounded to 4 decimals by eval; a fall of more than half a point in the third decimal is a
# real change (one more or one fewer item in a document of ~100), not rounding.
TOLERANCE = 0.005
# Corpus-wide measures sit in the record beside the documents under this key (no document id
# starts with an underscore).
CORPUS_KEY = "_corpus_"


class RatchetError(Exception):
    """The measurement itself failed (eval crashed, wrote no JSON, the record is unreadable)."""


def measure(corpus: Path, script: str) -> dict:
    """{"documents": {doc: {field: f1}}, "errors": {doc: message}} from one eval run."""
    cmd = [sys.executable, "-m", "extractor", "eval", "--corpus", str(corpus), "--json"]
    if script != "original":
        cmd += ["--to-script", script]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    try:
        res = json.loads(r.stdout)
    except ValueError:
        tail = (r.stderr or r.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RatchetError(f"eval ({script}) exited {r.returncode} without JSON: {tail[0]}")
    docs = {d: {f: s["f1"] for f, s in fields.items() if isinstance(s, dict) and "f1" in s}
            for d, fields in res.get("documents", {}).items()}
    docs[CORPUS_KEY] = {"lexicon_coverage": lexicon_coverage(corpus, script)}
    return {"documents": docs, "errors": dict(res.get("errors", {}))}


def gold_unit_names(corpus: Path) -> list[str]:
    """Every distinct unit name the gold files write (task roles and recipients), sorted."""
    names: set[str] = set()
    for gold in sorted(corpus.glob("*/gold.json")):
        g = json.loads(gold.read_text(encoding="utf-8"))
        names.update(u for t in g.get("tasks", []) for role in ("lead", "support", "responsible")
                     for u in t.get(role, []))
        names.update((g.get("metadata") or {}).get("recipients") or [])
    return sorted(names)


def lexicon_coverage(corpus: Path, script: str = "original") -> float:
    """The share of the gold's distinct unit names that the unit lexicon recognises (``known``),
    written as in the gold or converted to ``script``. A corpus-wide measure, kept in the record
    under ``CORPUS_KEY`` like a document, so a lexicon change that loses names fails the check."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from extractor.lang.lexicon import resolve_unit
    from extractor.normalise import to_script
    names = gold_unit_names(corpus)
    if not names:
        return 1.0
    conv = (lambda n: n) if script == "original" else (lambda n: to_script(n, script))
    return round(sum(1 for n in names if resolve_unit(conv(n)).known) / len(names), 4)


def measure_all(corpus: Path) -> dict:
    return {s: measure(corpus, s) for s in SCRIPTS}


def load_record(path: Path) -> dict:
    if not path.exists():
        return {"tolerance": TOLERANCE, "scores": {s: {} for s in SCRIPTS}, "lowered": []}
    try:
        rec = json.loads(path.read_text("utf-8"))
        rec["scores"]
    except (ValueError, KeyError, TypeError) as e:
        raise RatchetError(f"{path}: not a ratchet record ({e})")
    rec.setdefault("lowered", [])
    for s in SCRIPTS:
        rec["scores"].setdefault(s, {})
    return rec


def dump_record(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def compare(rec: dict, measured: dict, tol: float = TOLERANCE) -> dict:
    """falls: (script, doc, field, recorded, measured); rises likewise; new: (script, doc);
    missing: (script, doc) recorded but not measured and not erroring; errors: (script, doc, message)."""
    out = {"falls": [], "rises": [], "new": [], "missing": [], "errors": []}
    for s in SCRIPTS:
        got = measured[s]["documents"]
        errs = measured[s]["errors"]
        old = rec["scores"].get(s, {})
        for d, msg in sorted(errs.items()):
            out["errors"].append((s, d, msg))
        for d in sorted(old):
            if d not in got and d not in errs:
                out["missing"].append((s, d))
        for d in sorted(got):
            if d not in old:
                out["new"].append((s, d))
                continue
            for f in sorted(set(got[d]) | set(old[d])):
                a, b = old[d].get(f), got[d].get(f)
                if a is None:
                    out["rises"].append((s, d, f, None, b))
                elif b is None or b < a - tol:
                    out["falls"].append((s, d, f, a, b))
                elif b > a:
                    out["rises"].append((s, d, f, a, b))
    return out


def updated(rec: dict, measured: dict, diff: dict, reason: str | None) -> dict:
    """The new record: rises and new documents taken, falls taken only with a reason."""
    new = json.loads(json.dumps(rec))
    new["tolerance"] = rec.get("tolerance", TOLERANCE)
    for s in SCRIPTS:
        got = measured[s]["documents"]
        scores = new["scores"].setdefault(s, {})
        for d, fields in got.items():
            if d not in scores:
                scores[d] = dict(fields)
                continue
            for f, v in fields.items():
                if scores[d].get(f) is None or v > scores[d][f]:
                    scores[d][f] = v
    if diff["falls"] or diff["missing"]:
        changes = []
        for s, d, f, a, b in diff["falls"]:
            if b is None:
                new["scores"][s][d].pop(f, None)
            else:
                new["scores"][s][d][f] = b
            changes.append(f"{s} {d} {f}: {a} -> {b}")
        for s, d in diff["missing"]:
            new["scores"][s].pop(d, None)
            changes.append(f"{s} {d}: removed (no longer in the corpus)")
        new["lowered"].append({"reason": reason, "changes": changes})
    return new


def _fmt(t) -> str:
    s, d, f, a, b = t
    return f"{s:11s} {d} {f}: {a} -> {b}"


def report(diff: dict) -> list[str]:
    lines = []
    for s, d, msg in diff["errors"]:
        lines.append(f"ERROR   {s:11s} {d}: {msg}")
    for t in diff["falls"]:
        lines.append(f"FALL    {_fmt(t)}")
    for s, d in diff["missing"]:
        lines.append(f"MISSING {s:11s} {d}: in the record, not in the corpus")
    for t in diff["rises"]:
        lines.append(f"rise    {_fmt(t)}")
    for s, d in diff["new"]:
        lines.append(f"new     {s:11s} {d}: not in the record yet (update adds it)")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["check", "update"])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--record", type=Path, default=DEFAULT_RECORD)
    ap.add_argument("--allow-lower", metavar="REASON", help="update: accept falls, and say why (kept in the record)")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"ratchet: {args.corpus}: no such folder", file=sys.stderr)
        return 2
    if args.allow_lower is not None and not args.allow_lower.strip():
        print("ratchet: --allow-lower needs a reason", file=sys.stderr)
        return 2
    try:
        rec = load_record(args.record)
        tol = float(rec.get("tolerance", TOLERANCE))
        measured = measure_all(args.corpus)
    except RatchetError as e:
        print(f"ratchet: {e}", file=sys.stderr)
        return 1
    diff = compare(rec, measured, tol)
    for line in report(diff):
        print(line)
    n_docs = len(({d for s in SCRIPTS for d in measured[s]["documents"]} - {CORPUS_KEY})
                 | {d for _, d, _ in diff["errors"]})
    bad = bool(diff["errors"] or diff["falls"] or diff["missing"])
    if args.command == "check":
        if bad:
            print(f"ratchet: FAILED: {len({d for _, d, _ in diff['errors']})} document(s) failed to extract, {len(diff['falls'])} "
                  f"score(s) fell by more than {tol}, {len(diff['missing'])} recorded document(s) missing "
                  f"({n_docs} documents, {args.record.name})", file=sys.stderr)
            return 1
        print(f"ratchet: ok: {n_docs} documents x {len(SCRIPTS)} scripts, no score fell by more than {tol}; "
              f"{len(diff['rises'])} rose, {len(diff['new'])} new" + (" (run update to record them)" if diff['rises'] or diff['new'] else ""))
        return 0
    if diff["errors"]:
        print(f"ratchet: not updated: {len({d for _, d, _ in diff['errors']})} document(s) failed to extract", file=sys.stderr)
        return 1
    if (diff["falls"] or diff["missing"]) and args.allow_lower is None:
        print(f"ratchet: not updated: {len(diff['falls'])} score(s) fell, {len(diff['missing'])} document(s) "
              "missing; fix them, or pass --allow-lower REASON", file=sys.stderr)
        return 1
    new = updated(rec, measured, diff, args.allow_lower)
    text = dump_record(new)
    if args.record.exists() and args.record.read_text("utf-8") == text:
        print(f"ratchet: {args.record} unchanged")
        return 0
    args.record.parent.mkdir(parents=True, exist_ok=True)
    args.record.write_text(text, "utf-8")
    print(f"ratchet: {args.record} updated: {len(diff['rises'])} rose, {len(diff['new'])} new, "
          f"{len(diff['falls'])} lowered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
