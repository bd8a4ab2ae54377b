"""Align a lower-level plan's tasks with the upper-level plan's tasks they carry out.

Works on the JSON contract only (two extraction dicts), so it does not depend on the pipeline's
internals. Method:

1. Features. Every task's title, text and sentences (split at 。；！？) are read in their
   Simplified, width-folded form (the length-preserving t2s copy, so positions are positions in
   the original) and cut into words by jieba, with the unit lexicon's names and the sector/object
   words of ``data/align.toml`` as single words. Unit names, stopwords (policy verbs, connectives,
   generic nouns) and numerals are dropped; sector words weigh ``sector_boost`` times more.
2. TF-IDF. Sub-linear term frequency times smoothed IDF over the tasks of both plans; cosine
   similarity of (a) the whole task texts, (b) the titles and (c) the best sentence of the lower
   task against the whole upper task. score = weighted sum, plus small bonuses when the lower task
   cites the upper plan's document number, or the two share a quantity (same metric or value and
   unit), a dated deadline or a responsible department (the same core at another level).
3. Assignment (one-to-many). A lower task links to its best upper task when the score reaches
   ``min_score``, else it is a local addition. A further upper task is linked only when one of the
   lower task's sentences carries out that task's own measure: the sentence is closer to it
   (by ``clause_margin``) than to every task already linked, and close enough (``clause_min``).
   Upper tasks that no lower task links to are listed as uncovered.

Deterministic: ties break by task order; scores are rounded to 4 decimals.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .data import align_data

ALIGNMENT_VERSION = "1.0"

_SENT = re.compile(r"[^。；;！!？?\n]+[。；;！!？?\n]?")
_NUMERAL = re.compile(r"^[0-9０-９.%％一二三四五六七八九十百千万亿零〇两第]+$")
_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z]")
_DOCNO = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*第?\s*\d{1,4}\s*号")
_UNIT_CORE = re.compile(r"^(?:中华人民共和国|国家|国务院|省|自治区|市|州|盟|县|区|旗|乡|镇)?(.+?)"
                        r"(?:部|厅|局|委员会|委|办公室|办公厅|办|中心|总局|总署|署)$")


def _simplify(s: str) -> str:
    from ..normalise import simplify
    return simplify(s or "")


def norm_doc_number(s: str | None) -> str:
    """国发〔2023〕24号, 國發[2023]第24號 → 国发(2023)24号 (comparable across scripts and brackets)."""
    if not s:
        return ""
    s = re.sub(r"\s+", "", _simplify(s))
    s = re.sub(r"[〔\[【（]", "(", s)
    s = re.sub(r"[〕\]】）]", ")", s)
    return s.replace(")第", ")")


@lru_cache(maxsize=1)
def _tokenizer():
    import logging
    import jieba
    jieba.setLogLevel(logging.WARNING)
    from ..lang.lexicon_api import unit_terms
    from .wordfreq import lazy_tokenizer
    added, units = [], set()
    for term in unit_terms():
        t = _simplify(term)
        units.add(t)
        added.append((t, 20000))
    data = align_data().features
    added.extend((term, 30000) for term in data.sector_terms)
    tok, need = lazy_tokenizer(added)   # only the dictionary groups the texts use are loaded (wordfreq)
    return (tok, need, frozenset(units), frozenset(data.stopwords),
            frozenset(t.lower() for t in data.sector_terms))


def prepare() -> None:
    """Build the word tokenizer now (jieba's dictionary plus the lexicon and sector terms: ~0.5-1 s
    of CPU), so that the first alignment does not pay for it; batch calls this in a background
    thread while its workers are still extracting."""
    _tokenizer()


def words(s: str) -> list[tuple[str, int]]:
    """Content words of a Simplified string with their start offsets."""
    tok, need, units, stop, _ = _tokenizer()
    if need is not None:
        need(s)
    out = []
    for w, a, _b in tok.tokenize(s):
        w = w.strip()
        if not w or not _KEEP.search(w) or _NUMERAL.match(w) or w in stop or w in units:
            continue
        lw = w.lower()
        if lw in stop:
            continue
        out.append((lw, a))
    return out


def _unit_core(unit_id: str) -> str | None:
    name = unit_id.split(":", 1)[-1]
    m = _UNIT_CORE.match(name)
    core = m.group(1) if m else None
    core = core.replace("和", "") if core else None
    return core if core and len(core) >= 2 else None


@dataclass
class Clause:
    start: int                      # offsets into the task's text
    end: int
    terms: Counter


@dataclass
class TaskFeatures:
    index: int
    task: dict
    text: str                       # Simplified analysis copy of the task text
    title_terms: Counter
    body_terms: Counter
    first: dict[str, int]           # term -> first offset in the task text
    clauses: list[Clause]
    cites: str                      # the task text with document numbers normalised (norm_doc_number)
    quantities: dict[tuple, str]    # comparable key -> text
    dates: dict[str, str]           # ISO date -> text
    unit_cores: set[str] = field(default_factory=set)


def task_features(task: dict, index: int) -> TaskFeatures:
    text = _simplify(task.get("text") or task.get("title") or "")
    title = _simplify(task.get("title") or "")
    body = words(text)
    first: dict[str, int] = {}
    for w, a in body:
        first.setdefault(w, a)
    clauses = []
    for m in _SENT.finditer(text):
        ws = words(m.group(0))
        if len(ws) >= 2:
            clauses.append(Clause(m.start(), m.end(), Counter(w for w, _ in ws)))
    quantities = {}
    for q in task.get("targets") or []:
        metric = re.sub(r"\s+", "", _simplify(q.get("metric") or ""))
        unit = _simplify(q.get("unit") or "")
        if metric:
            quantities[("metric", metric)] = q.get("text") or metric
        if q.get("value") is not None and unit:
            quantities[("value", round(float(q["value"]), 4), unit)] = q.get("text") or ""
    dates = {d["date"]: d.get("text") or d["date"] for d in task.get("deadlines") or [] if d.get("date")}
    cores = {c for c in (_unit_core(r.get("unit_id") or "") for r in task.get("responsibilities") or []) if c}
    return TaskFeatures(index, task, text, Counter(w for w, _ in words(title)), Counter(w for w, _ in body), first,
                        clauses, norm_doc_number(text) if _DOCNO.search(text) else "", quantities, dates, cores)


class _Space:
    """TF-IDF vectors (sparse dicts, unit length) over one vocabulary."""

    def __init__(self, docs: list[Counter]):
        df = Counter()
        for d in docs:
            df.update(d.keys())
        n = len(docs)
        sectors = _tokenizer()[4]
        boost = align_data().weights.sector_boost
        self.idf = {w: (math.log((n + 1) / (c + 1)) + 1) * (boost if w in sectors else 1.0) for w, c in df.items()}

    def vec(self, terms: Counter) -> dict[str, float]:
        v = {w: (1 + math.log(c)) * self.idf.get(w, 1.0) for w, c in terms.items()}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {w: x / norm for w, x in v.items()} if norm else {}


def _cos(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b[w] for w, x in a.items() if w in b)


def _doc_ref(doc: dict, name: str | None = None) -> dict:
    md, src = doc.get("metadata") or {}, doc.get("source") or {}
    return {"path": name or src.get("path"), "sha256": src.get("sha256"),
            "title": md.get("title") or md.get("notice_title"), "doc_number": md.get("doc_number"),
            "script": src.get("script"), "tasks": len(doc.get("tasks") or [])}


def _task_ref(t: dict) -> dict:
    return {"id": t["id"], "number": t.get("number"), "title": t.get("title")}


def lower_cites_upper(lower: dict, upper: dict) -> bool:
    """The lower document cites the upper one's document number (metadata or anywhere in its text)."""
    no = norm_doc_number((upper.get("metadata") or {}).get("doc_number"))
    if not no:
        return False
    if any(norm_doc_number(c.get("doc_number")) == no for c in (lower.get("metadata") or {}).get("cites") or []):
        return True
    text = (lower.get("source") or {}).get("text")
    return bool(text) and any(no in norm_doc_number(m.group(0)) for m in _DOCNO.finditer(_simplify(text)))


def align_documents(upper: dict, lower: dict, *, min_score: float | None = None,
                    upper_name: str | None = None, lower_name: str | None = None) -> dict:
    """The alignment of two extraction dicts (see ``schemas/alignment.schema.json``)."""
    from ..version import __version__
    cfg = align_data()
    w, asg = cfg.weights, cfg.assign
    min_score = asg.min_score if min_score is None else float(min_score)
    U = [task_features(t, i) for i, t in enumerate(upper.get("tasks") or [])]
    L = [task_features(t, i) for i, t in enumerate(lower.get("tasks") or [])]
    space = _Space([f.body_terms for f in U + L])
    ub = [space.vec(f.body_terms) for f in U]
    ut = [space.vec(f.title_terms) for f in U]
    upper_no = norm_doc_number((upper.get("metadata") or {}).get("doc_number"))
    sectors = _tokenizer()[4]

    links, covered = [], {}
    best_for_upper: dict[int, tuple[float, int]] = {}      # upper index -> (best score, lower index)
    for lf in L:
        lb, lt = space.vec(lf.body_terms), space.vec(lf.title_terms)
        cvecs = [space.vec(c.terms) for c in lf.clauses]
        csim = [[_cos(cv, ub[j]) for j in range(len(U))] for cv in cvecs]
        scored = []
        for j, uf in enumerate(U):
            base = (w.body * _cos(lb, ub[j]) + w.title * _cos(lt, ut[j])
                    + w.clause * max((row[j] for row in csim), default=0.0))
            bonus, ev = 0.0, []
            if base >= min_score / 2:
                if upper_no and upper_no in lf.cites:
                    bonus += w.citation
                    ev.append({"kind": "citation", "values": [(upper.get("metadata") or {}).get("doc_number")]})
                q = [lf.quantities[k] for k in lf.quantities if k in uf.quantities]
                if q:
                    bonus += w.quantity
                    ev.append({"kind": "quantity", "values": sorted(set(q))})
                d = sorted(set(lf.dates) & set(uf.dates))
                if d:
                    bonus += w.deadline
                    ev.append({"kind": "deadline", "values": d})
                uc = sorted(lf.unit_cores & uf.unit_cores)
                if uc:
                    bonus += w.unit
                    ev.append({"kind": "unit", "values": uc})
            scored.append((min(1.0, base + bonus), j, ev))
        for s, j, _ in scored:
            if s > best_for_upper.get(j, (-1.0, 0))[0]:
                best_for_upper[j] = (s, lf.index)
        scored.sort(key=lambda x: (-x[0], x[1]))
        chosen: list[tuple[float, int, list, str, int | None]] = []
        if scored and scored[0][0] >= min_score:
            s, j, ev = scored[0]
            ci = max(range(len(cvecs)), key=lambda k: (csim[k][j], -k)) if cvecs else None
            chosen.append((s, j, ev, "align.best", ci))
            score_of = {jj: (ss, ee) for ss, jj, ee in scored}
            extra = []
            for k, row in enumerate(csim):
                for jj in range(len(U)):
                    if jj == j or row[jj] < asg.clause_min or score_of[jj][0] < min_score:
                        continue
                    if row[jj] >= row[j] + asg.clause_margin:
                        extra.append((row[jj], jj, k))
            extra.sort(key=lambda x: (-x[0], x[1], x[2]))
            for cs, jj, k in extra:
                if len(chosen) >= asg.max_links:
                    break
                if any(c[1] == jj for c in chosen):
                    continue
                if all(cs >= csim[k][c[1]] + asg.clause_margin for c in chosen):
                    chosen.append((score_of[jj][0], jj, score_of[jj][1], "align.clause", k))
        ups = []
        for s, j, ev, rule, ci in chosen:
            uf = U[j]
            shared = [t for t in lf.body_terms if t in uf.body_terms]
            shared.sort(key=lambda t: (-(lb.get(t, 0) * ub[j].get(t, 0)), lf.first[t]))
            txt = lf.task.get("text") or ""
            surf = lambda t: txt[lf.first[t]:lf.first[t] + len(t)] if txt else t  # noqa: E731
            evidence = []
            if shared:
                evidence.append({"kind": "terms", "values": [surf(t) for t in shared[:8]]})
            sec = [surf(t) for t in shared if t in sectors]
            if sec:
                evidence.append({"kind": "sector", "values": sec[:6]})
            if ci is not None and txt:
                c = lf.clauses[ci]
                a, b = c.start, c.end
                while a < b and txt[a].isspace():
                    a += 1
                while b > a and txt[b - 1].isspace():
                    b -= 1
                item = {"kind": "clause", "values": [txt[a:b]]}
                span = lf.task.get("span")
                if span and span[1] - span[0] == len(txt):
                    item["span"] = [span[0] + a, span[0] + b]
                evidence.append(item)
            evidence.extend(ev)
            ups.append(dict(_task_ref(uf.task), score=round(s, 4), rule=rule, evidence=evidence))
            covered.setdefault(j, []).append(lf.task["id"])
        links.append({"lower": _task_ref(lf.task), "upper": ups})

    uncovered = []
    for uf in U:
        if uf.index in covered:
            continue
        item = _task_ref(uf.task)
        near = best_for_upper.get(uf.index)        # the closest lower task, for the reader
        item["nearest_lower"] = None
        if near is not None:
            item["nearest_lower"] = dict(_task_ref(L[near[1]].task), score=round(near[0], 4))
        uncovered.append(item)
    n_links = sum(len(lk["upper"]) for lk in links)
    local = sum(1 for lk in links if not lk["upper"])
    return {
        "alignment_version": ALIGNMENT_VERSION, "tool_version": __version__,
        "upper": _doc_ref(upper, upper_name), "lower": _doc_ref(lower, lower_name),
        "links": links, "uncovered_upper": uncovered,
        "summary": {"lower_tasks": len(L), "upper_tasks": len(U), "links": n_links,
                    "linked_lower": len(L) - local, "local_additions": local,
                    "covered_upper": len(covered), "uncovered_upper": len(U) - len(covered),
                    "coverage": round(len(covered) / len(U), 4) if U else 0.0,
                    "lower_cites_upper": lower_cites_upper(lower, upper), "min_score": min_score},
    }
