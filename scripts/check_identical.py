"""Prove that a refactor changes no output: extract every document of every corpus and compare.

    python scripts/check_identical.py snapshot DIR     # write one JSON per document into DIR
    python scripts/check_identical.py compare DIR      # extract again, compare byte for byte with DIR

Corpora: ``corpora/`` (bundled), and when present ``../shared/corpus`` (gold notices) and
``../shared/bench/govdocs`` (261 OCR'd notices). Every input goes through the fast direct engine
(``segmenter="none"``) and, for the gold corpora, also through the spaCy + jieba pipeline, so both
paths are covered. A document that fails to extract is recorded as its error line, so a change in
how a bad file fails is a difference too.

``compare`` prints one line per differing document (and the first differing JSON path) and exits 1
when any differ; ``--write-diff DIR`` keeps the new outputs for inspection. ``tool_version`` is left
out of the comparison so that a version bump is not a difference, and so is ``source.path`` (the
same input reached through another checkout).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def inputs() -> list[tuple[str, Path, tuple[str, ...]]]:
    """(name, path, segmenters) for every document, in a fixed order."""
    out: list[tuple[str, Path, tuple[str, ...]]] = []
    for p in sorted((ROOT / "corpora").rglob("text.txt")):
        out.append(("corpora__" + "__".join(p.relative_to(ROOT / "corpora").parts[:-1]), p, ("none", "jieba")))
    gold = SHARED / "corpus"
    if gold.is_dir():
        for p in sorted(gold.glob("*/text.txt")):
            out.append(("corpus__" + p.parent.name, p, ("none", "jieba")))
    bench = SHARED / "bench" / "govdocs"
    if bench.is_dir():
        for p in sorted(bench.iterdir()):
            if p.is_file():
                out.append(("govdocs__" + p.name, p, ("none",)))
    return out


def _canonical(doc: dict) -> str:
    doc = dict(doc)
    doc.pop("tool_version", None)
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1)


def _without_path(out: str) -> str:
    """The output without ``source.path``: where the input lies differs between checkouts (a
    worktree reaches ../shared through another path than /work/main did), not what is extracted."""
    try:
        doc = json.loads(out)
    except ValueError:
        return out                      # an error line
    doc.get("source", {}).pop("path", None)
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1)


def run_one(path: Path, segmenter: str) -> str:
    from extractor.errors import ExtractorError
    from extractor.pipeline import extract_file
    try:
        return _canonical(extract_file(path, segmenter=segmenter))
    except ExtractorError as e:  # a bad file's error is part of the output
        return f"ERROR {type(e).__name__}: {e}\n"


def _first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return path
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}"
            d = _first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path} (length {len(a)} vs {len(b)})"
        for i, (x, y) in enumerate(zip(a, b)):
            d = _first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["snapshot", "compare"])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--write-diff", type=Path, help="with compare: write differing new outputs here")
    ap.add_argument("--only", default="", help="substring filter on document names")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    args.dir.mkdir(parents=True, exist_ok=True)
    differ = same = 0
    for name, path, segs in inputs():
        if args.only and args.only not in name:
            continue
        for seg in segs:
            key = f"{name}.{seg}.json"
            new = run_one(path, seg)
            if args.mode == "snapshot":
                (args.dir / key).write_text(new, encoding="utf-8")
                continue
            old_path = args.dir / key
            old = old_path.read_text(encoding="utf-8") if old_path.exists() else None
            if old == new or (old is not None and _without_path(old) == _without_path(new)):
                same += 1
                continue
            differ += 1
            where = "new document"
            if old is not None:
                try:
                    where = _first_difference(json.loads(_without_path(old)), json.loads(_without_path(new))) or "formatting"
                except ValueError:
                    where = "error line"
            print(f"DIFF {key}: {where}")
            if args.write_diff:
                args.write_diff.mkdir(parents=True, exist_ok=True)
                (args.write_diff / key).write_text(new, encoding="utf-8")
    if args.mode == "snapshot":
        print(f"snapshot written to {args.dir}")
        return 0
    print(f"{same} identical, {differ} different")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
