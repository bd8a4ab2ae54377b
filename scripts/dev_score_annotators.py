"""Dev scoring of the deadline and quantity annotators against the gold corpus.

Usage: python scripts/dev_score_annotators.py [CORPUS_DIR] [-v] [--doc ID] [--speed]

For each gold task: locate the task in the normalised text (its gold title is a substring at the
task's start; the task runs to the next task's start, or for the last task to the next top-level
heading / 附件 / +2000 chars), run the finders on that region and compare with the task's gold
deadlines (match on text+date) and targets+thresholds (match on text+value), script-insensitively
(both sides through extractor.normalise.simplify).  Goals: the finders run on the 目标 section(s)
(a heading line with 主要目标/发展目标/目标指标/…, to the next heading) and are compared with gold goals.
Ranges (value_max) count as two quantities (>= value, <= value_max), as gold codes them.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.normalise import normalise, simplify  # noqa: E402
from extractor.annotate.deadlines import find_deadlines  # noqa: E402
from extractor.annotate.quantities import find_quantities, with_default_year  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|附件|\([一二三四五六七八九十]+\)|（[一二三四五六七八九十]+）)", re.M)
_GOAL_HEAD = re.compile(r"^.{0,12}(?:主要目标|发展目标|目标指标|工作目标|试点目标|总体目标|行动目标)[^\n]{0,20}$", re.M)
_YEAR = re.compile(r"(?:19|20)\d{2}")


def doc_years(gold: dict) -> tuple[int | None, str | None]:
    md = gold.get("metadata", {})
    issue = md.get("date")
    title = md.get("title") or ""
    ys = _YEAR.findall(title)
    if ys:
        return int(ys[-1]), issue
    return (int(issue[:4]) if issue else None), issue


def task_regions(text: str, tasks: list[dict]) -> list[tuple[int, int]]:
    starts = []
    pos = 0
    for t in tasks:
        title = simplify(t["title"]).strip()
        cands = [title, title[:20], title[:10]]
        found = -1
        for c in cands:
            if not c:
                continue
            found = text.find(c, pos)
            if found < 0:
                found = text.find(c)
            if found >= 0:
                break
        starts.append(found)
        if found >= 0:
            pos = found + 1
    order = sorted(set(s for s in starts if s >= 0))
    regions = []
    for s in starts:
        if s < 0:
            regions.append((0, 0))
            continue
        i = order.index(s)
        if i + 1 < len(order):
            e = order[i + 1]
        else:
            m = _HEADING.search(text, s + 1)
            e = min(m.start() if m else len(text), s + 2000)
            b = re.search(r"\n\s*\n", text[s:e])
            if b:
                e = s + b.start()
        g = _GOAL_HEAD.search(text, s + 1, e)
        if g:
            e = g.start()
        regions.append((s, e))
    return regions


def goal_regions(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _GOAL_HEAD.finditer(text):
        s = m.end()
        h = _HEADING.search(text, s + 1)
        e = h.start() if h else min(len(text), s + 3000)
        out.append((m.start(), e))
    return out


def q_items(hits):
    for h in hits:
        if h.value_max is not None:
            yield h, h.value, ">="
            yield h, h.value_max, "<="
        else:
            yield h, h.value, h.comparator


def _key_q(text, value):
    return (simplify(text).replace(" ", ""), round(float(value), 4))


class Tally:
    def __init__(self):
        self.tp = self.fp = self.fn = 0
        self.agree = Counter()
        self.errors = []

    def prf(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def match(pred: list[tuple], gold: list[tuple], tally: Tally, where: str, pred_info, gold_info):
    """pred/gold: lists of keys; *_info parallel lists of extra dicts for agreement reports."""
    used = [False] * len(pred)
    for gi, gk in enumerate(gold):
        hit = None
        for pi, pk in enumerate(pred):
            if not used[pi] and pk == gk:
                hit = pi
                break
        if hit is None:
            tally.fn += 1
            tally.errors.append(f"FN {where}: {gk} {gold_info[gi]}")
        else:
            used[hit] = True
            tally.tp += 1
            for k, v in gold_info[gi].items():
                tally.agree[(k, pred_info[hit].get(k) == v)] += 1
                if pred_info[hit].get(k) != v:
                    tally.errors.append(f"DIS {where}: {gk} {k}: pred {pred_info[hit].get(k)!r} gold {v!r}")
    for pi, pk in enumerate(pred):
        if not used[pi]:
            tally.fp += 1
            tally.errors.append(f"FP {where}: {pk} {pred_info[pi]}")


def score_doc(d: Path):
    gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
    text = normalise((d / "text.txt").read_text(encoding="utf-8")).text
    dy, issue = doc_years(gold)
    td, tq, tg = Tally(), Tally(), Tally()
    regions = task_regions(text, gold["tasks"])
    for t, (s, e) in zip(gold["tasks"], regions):
        where = f"{t.get('section')}/{t['number']}"
        dl = find_deadlines(text, s, e, default_year=dy, issue_date=issue)
        qs = find_quantities(text, s, e, deadlines=dl)
        match([(simplify(text[h.start:h.end]), h.date) for h in dl],
              [(simplify(g["text"]), g["date"]) for g in t.get("deadlines", [])], td, where,
              [{"kind": h.kind} for h in dl], [{"kind": g["kind"]} for g in t.get("deadlines", [])])
        items = list(q_items(qs))
        golds = [(g, "target") for g in t.get("targets", [])] + [(g, "threshold") for g in t.get("thresholds", [])]
        match([_key_q(text[h.start:h.end], v) for h, v, c in items],
              [_key_q(g["text"], g["value"]) for g, k in golds], tq, where,
              [{"comparator": c, "unit": h.unit or "", "kind": h.kind, "year": h.year} for h, v, c in items],
              [{"comparator": g["comparator"], "unit": simplify(g.get("unit") or ""), "kind": k, "year": g.get("year")}
               for g, k in golds])
    # goals
    items = []
    for s, e in goal_regions(text):
        dl = find_deadlines(text, s, e, default_year=dy, issue_date=issue)
        first = next((h for h in dl if h.date), None)
        qs = find_quantities(text, s, e, deadlines=dl)
        # goals: the year opening the goals section governs it (as the assembler does)
        items += list(q_items(with_default_year(qs, int(first.date[:4]) if first else None)))
    golds = gold.get("goals", [])
    match([_key_q(text[h.start:h.end], v) for h, v, c in items], [_key_q(g["text"], g["value"]) for g in golds],
          tg, "goals", [{"comparator": c, "unit": h.unit or "", "year": h.year} for h, v, c in items],
          [{"comparator": g["comparator"], "unit": simplify(g.get("unit") or ""), "year": g.get("year")} for g in golds])
    return td, tq, tg


def agreement(t: Tally, key: str) -> str:
    ok, bad = t.agree[(key, True)], t.agree[(key, False)]
    return f"{ok}/{ok + bad}" if ok + bad else "-"


def score_corpus(corpus: Path = DEFAULT_CORPUS, only: str | None = None):
    res = {}
    for d in sorted(p for p in corpus.iterdir() if (p / "gold.json").exists()):
        if only and d.name != only:
            continue
        res[d.name] = score_doc(d)
    return res


def speed(corpus: Path = DEFAULT_CORPUS, repeat: int = 3) -> tuple[float, float, int]:
    texts = [normalise(p.read_text(encoding="utf-8")).text for p in sorted(corpus.glob("*/text.txt"))]
    big = "\n".join(texts) * 5
    find_deadlines(big[:1000]); find_quantities(big[:1000])
    t0 = time.perf_counter()
    for _ in range(repeat):
        dl = find_deadlines(big, default_year=2024, issue_date="2024-01-01")
    t1 = time.perf_counter()
    for _ in range(repeat):
        find_quantities(big, deadlines=dl)
    t2 = time.perf_counter()
    n = len(big) * repeat
    return n / (t1 - t0), n / (t2 - t1), len(big)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--doc")
    ap.add_argument("--speed", action="store_true")
    a = ap.parse_args(argv)
    res = score_corpus(Path(a.corpus), a.doc)
    print(f"{'document':42} {'dl P/R/F1':>18} {'qty P/R/F1':>18} {'cmp':>7} {'unit':>7} {'kind':>7} {'year':>7} {'goals F1':>9}")
    fd, fq, fg = [], [], []
    for name, (td, tq, tg) in res.items():
        pd, pq, pg = td.prf(), tq.prf(), tg.prf()
        fd.append(pd[2]); fq.append(pq[2]); fg.append(pg[2])
        print(f"{name:42} {pd[0]:.2f}/{pd[1]:.2f}/{pd[2]:.2f}   {pq[0]:.2f}/{pq[1]:.2f}/{pq[2]:.2f}  "
              f"{agreement(tq, 'comparator'):>7} {agreement(tq, 'unit'):>7} {agreement(tq, 'kind'):>7} "
              f"{agreement(tq, 'year'):>7} {pg[2]:9.2f}")
        if a.verbose:
            for err in td.errors + tq.errors + tg.errors:
                print("    ", err)
    n = len(res) or 1
    print(f"{'MACRO':42} deadlines F1 {sum(fd) / n:.3f}   quantities F1 {sum(fq) / n:.3f}   goals F1 {sum(fg) / n:.3f}")
    if a.speed:
        sd, sq, ln = speed(Path(a.corpus))
        print(f"speed over {ln} chars: find_deadlines {sd / 1e6:.2f} M chars/s, find_quantities {sq / 1e6:.2f} M chars/s")


if __name__ == "__main__":
    main()
