"""Score extractions against gold files (ANNOTATION.md): precision, recall, F1 per field.

Strings are compared script-insensitively (OpenCC t2s, width folded, whitespace removed).
Tasks are aligned one-to-one first (same number and similar title, else very similar title);
responsibilities, deadlines and quantities are then compared as multisets of
(aligned task, value…) tuples, so an item found in the wrong task counts as wrong.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from ..errors import ExtractorError
from ..normalise import simplify

FIELDS = ["tasks", "responsibilities", "deadlines", "quantities", "goals", "metadata"]


def norm(s) -> str:
    if s is None:
        return ""
    return re.sub(r"\s+", "", simplify(str(s)))


@dataclass
class PRF:
    tp: float = 0
    n_pred: float = 0
    n_gold: float = 0

    @property
    def p(self) -> float:
        return self.tp / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def r(self) -> float:
        return self.tp / self.n_gold if self.n_gold else (1.0 if not self.n_pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.p, 4), "recall": round(self.r, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "predicted": self.n_pred, "gold": self.n_gold}


def _multiset(pred: list, gold: list) -> PRF:
    cp, cg = Counter(pred), Counter(gold)
    return PRF(sum((cp & cg).values()), sum(cp.values()), sum(cg.values()))


def _sim(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def align_tasks(pred: list[dict], gold: list[dict]) -> dict[int, int]:
    """gold index -> pred index."""
    cands = []
    for gi, g in enumerate(gold):
        gt, gn = norm(g.get("title")), norm(g.get("number"))
        for pi, p in enumerate(pred):
            pt, pn = norm(p.get("title")), norm(p.get("number"))
            sim = _sim(gt, pt)
            if not sim and gt and pt and (gt.startswith(pt) or pt.startswith(gt)):
                sim = 0.5
            score = sim + (0.3 if gn == pn else 0.0)
            if (gn == pn and sim >= 0.5) or sim >= 0.8:
                cands.append((score, gi, pi))
    cands.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p, out = set(), set(), {}
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out[gi] = pi
    return out


def _pred_roles(task: dict) -> dict[str, list[str]]:
    roles = {"lead": [], "support": [], "responsible": []}
    for r in task.get("responsibilities", []):
        roles.setdefault(r["role"], []).append(r["unit"])
    return roles


def _q_key(q: dict) -> tuple:
    v = q.get("value")
    return norm(q.get("text")), round(float(v), 4) if v is not None else None


def score_document(pred: dict, gold: dict) -> dict:
    gtasks, ptasks = gold.get("tasks", []), pred.get("tasks", [])
    al = align_tasks(ptasks, gtasks)
    pkey = {pi: f"g{gi}" for gi, pi in al.items()}
    res: dict[str, PRF] = {}
    res["tasks"] = PRF(len(al), len(ptasks), len(gtasks))

    def task_key(pi: int) -> str:
        return pkey.get(pi, f"p{pi}")

    # responsibilities
    gr, pr = [], []
    for gi, g in enumerate(gtasks):
        for role in ("lead", "support", "responsible"):
            for u in g.get(role, []):
                gr.append((f"g{gi}", norm(u), role))
    for pi, p in enumerate(ptasks):
        for role, units in _pred_roles(p).items():
            for u in units:
                pr.append((task_key(pi), norm(u), role))
    res["responsibilities"] = _multiset(pr, gr)
    # deadlines
    gd = [(f"g{gi}", norm(d["text"]), d.get("date")) for gi, g in enumerate(gtasks) for d in g.get("deadlines", [])]
    pd = [(task_key(pi), norm(d["text"]), d.get("date")) for pi, p in enumerate(ptasks) for d in p.get("deadlines", [])]
    res["deadlines"] = _multiset(pd, gd)
    # quantities (targets and thresholds together; kind agreement reported separately)
    gq, gkind = [], {}
    for gi, g in enumerate(gtasks):
        for kind in ("targets", "thresholds"):
            for q in g.get(kind, []):
                k = (f"g{gi}",) + _q_key(q)
                gq.append(k)
                gkind.setdefault(k, []).append("target" if kind == "targets" else "threshold")
    pq, pkind = [], {}
    for pi, p in enumerate(ptasks):
        for q in p.get("targets", []):
            k = (task_key(pi),) + _q_key(q)
            pq.append(k)
            pkind.setdefault(k, []).append(q.get("kind"))
    res["quantities"] = _multiset(pq, gq)
    kind_ok = kind_n = 0
    comp_ok = 0
    gcomp = {}
    for gi, g in enumerate(gtasks):
        for kind in ("targets", "thresholds"):
            for q in g.get(kind, []):
                gcomp.setdefault((f"g{gi}",) + _q_key(q), []).append(q.get("comparator"))
    pcomp = {}
    for pi, p in enumerate(ptasks):
        for q in p.get("targets", []):
            pcomp.setdefault((task_key(pi),) + _q_key(q), []).append(q.get("comparator"))
    for k in set(gkind) & set(pkind):
        for a, b in zip(sorted(gkind[k]), sorted(pkind[k])):
            kind_n += 1
            kind_ok += a == b
        for a, b in zip(sorted(gcomp[k], key=str), sorted(pcomp[k], key=str)):
            comp_ok += a == b
    # metric: exact match (script-insensitive) of what is measured, over the quantities found in
    # both (targets, thresholds and goals), pairing equal metrics first
    gmet, pmet = {}, {}
    for gi, g in enumerate(gtasks):
        for kind in ("targets", "thresholds"):
            for q in g.get(kind, []):
                gmet.setdefault((f"g{gi}",) + _q_key(q), []).append(norm(q.get("metric")))
    for pi, p in enumerate(ptasks):
        for q in p.get("targets", []):
            pmet.setdefault((task_key(pi),) + _q_key(q), []).append(norm(q.get("metric")))
    for q in gold.get("goals", []):
        gmet.setdefault(("goal",) + _q_key(q), []).append(norm(q.get("metric")))
    for q in pred.get("goals", []):
        pmet.setdefault(("goal",) + _q_key(q), []).append(norm(q.get("metric")))
    metric_ok = metric_n = 0
    for k in set(gmet) & set(pmet):
        n = min(len(gmet[k]), len(pmet[k]))
        metric_n += n
        metric_ok += min(n, sum((Counter(gmet[k]) & Counter(pmet[k])).values()))
    res["goals"] = _multiset([_q_key(q) for q in pred.get("goals", [])], [_q_key(q) for q in gold.get("goals", [])])
    # metadata: each field right or wrong; lists by F1
    gm, pm = gold.get("metadata", {}), pred.get("metadata", {})
    checks = {}
    for f in ("notice_title", "title", "doc_number", "date"):
        checks[f] = float(norm(gm.get(f)) == norm(pm.get(f)))
    checks["issuer"] = float(norm(gm.get("issuer")) == norm((pm.get("issuers") or [None])[0]))
    checks["recipients"] = _multiset([norm(x) for x in pm.get("recipients", [])], [norm(x) for x in gm.get("recipients", [])]).f1
    pc = [norm(c.get("doc_number") if isinstance(c, dict) else c) for c in pm.get("cites", [])]
    checks["cites"] = _multiset(pc, [norm(x) for x in gm.get("cites", [])]).f1
    n = len(checks)
    res["metadata"] = PRF(sum(checks.values()), n, n)
    out = {f: res[f].as_dict() for f in FIELDS}
    out["metadata"]["fields"] = checks
    out["quantities"]["kind_accuracy"] = round(kind_ok / kind_n, 4) if kind_n else None
    out["quantities"]["comparator_accuracy"] = round(comp_ok / kind_n, 4) if kind_n else None
    out["quantities"]["metric_exact"] = {"match": metric_ok, "of": metric_n,
                                         "rate": round(metric_ok / metric_n, 4) if metric_n else None}
    return out


def macro(per_doc: dict[str, dict]) -> dict:
    out = {}
    for f in FIELDS:
        vals = [d[f] for d in per_doc.values() if f in d]
        if vals:
            out[f] = {k: round(sum(v[k] for v in vals) / len(vals), 4) for k in ("precision", "recall", "f1")}
    # metric exact-match, pooled over the corpus (quantities found in both prediction and gold)
    ms = [d["quantities"].get("metric_exact") for d in per_doc.values() if "quantities" in d]
    ok = sum(m["match"] for m in ms if m)
    n = sum(m["of"] for m in ms if m)
    out["metric_exact"] = {"match": ok, "of": n, "rate": round(ok / n, 4) if n else None}
    return out


def evaluate_corpus(corpus: Path, extract, docs: list[str] | None = None, input_name: str = "text.txt",
                    on_pred=None) -> dict:
    """``extract(path) -> dict`` is run on every ``<id>/<input_name>`` (default text.txt) that has a
    ``gold.json``; ``on_pred(folder, pred)`` sees each prediction (for measures beside the F1)."""
    per_doc, errors = {}, {}
    for d in sorted(p for p in Path(corpus).iterdir() if (p / "gold.json").is_file() and (p / input_name).is_file()):
        if docs and d.name not in docs:
            continue
        gold = json.loads((d / "gold.json").read_text("utf-8"))
        try:
            pred = extract(d / input_name)
        except ExtractorError as e:      # a failing document is reported, the rest go on; a bug propagates
            errors[d.name] = f"{type(e).__name__}: {e.line()}"
            continue
        per_doc[d.name] = score_document(pred, gold)
        if on_pred is not None:
            on_pred(d, pred)
    return {"documents": per_doc, "macro": macro(per_doc), "errors": errors}


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions), one numpy row at a time: the
    insertion chain of a row is a running minimum, so each row is a few vector operations."""
    import numpy as np
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    bb = np.fromiter((ord(c) for c in b), dtype=np.int64, count=len(b))
    idx = np.arange(len(b) + 1, dtype=np.int64)
    prev = idx.copy()
    cur = np.empty_like(prev)
    for i, ch in enumerate(a, 1):
        cur[0] = i
        np.minimum(prev[1:] + 1, prev[:-1] + (bb != ord(ch)), out=cur[1:])
        cur = np.minimum.accumulate(cur - idx) + idx
        prev, cur = cur, prev
    return int(prev[-1])


def cer_text(s: str) -> str:
    """The characters that count for the character error rate: NFKC (full- and half-width forms of
    one glyph are one character), no whitespace (line breaks are layout, not characters)."""
    import re
    import unicodedata
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate of OCR'd text against the text it was printed from."""
    ref = cer_text(reference)
    return levenshtein(cer_text(hypothesis), ref) / max(1, len(ref))
