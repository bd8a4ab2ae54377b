#!/usr/bin/env python3
"""Does the cost of one extraction grow linearly with the text? A script, not a test.

Generated text families (written for this benchmark, not taken from real notices), each as one
long line (OCR'd annexes, flattened HTML) and as many lines, are extracted in full
(``extract_text``) at two sizes (default 60k and 600k characters). Per family it prints the seconds
at each size (CPU seconds of this process unless ``--wall``) and the ratio of the largest to the
smallest; 10x the text may cost at most 15x the time (``LIMIT`` per decade of size), otherwise the
row is marked FAIL and the exit status is 1.

    python benchmarks/bench_growth.py                       # every family, 60k and 600k, direct engine
    python benchmarks/bench_growth.py --sizes 20000,200000  # quicker
    python benchmarks/bench_growth.py --family paren --lines one
    python benchmarks/bench_growth.py --segmenter jieba      # the spaCy + jieba pipeline too
    python benchmarks/bench_growth.py --profile paren/one --sizes 20000,200000 --top 25
                                                             # cProfile: which functions grow faster than the text
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import math
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT = 15.0        # the bound: 10x the text may cost at most 15x the time

_CN = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_UNITS = ["市发改委", "市环保局", "市财政局", "市住建局", "市交通局", "市水利局", "市农业农村局", "市商务局",
          "市教育局", "市科技局", "市工信局", "市公安局", "市民政局", "市司法局", "市人社局", "市自然资源局",
          "市城管局", "市文旅局", "市卫健委", "市应急局", "市市场监管局", "市统计局", "市医保局", "市林业局"]


def cn(n: int) -> str:
    """1..99 as a Chinese numeral (一, 十二, 三十五)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def _units(i: int, k: int) -> list[str]:
    return [_UNITS[(i + j) % len(_UNITS)] for j in range(k)]


# Each family yields pieces (about one sentence or item each); the generator repeats the family
# until the size is reached, then joins the pieces with "" (one line) or "\n" (many lines).

def fam_paren(i: int) -> str:
    """The issue's case: an item with a parenthesised assignment group and a target."""
    return "（一）加强管理。（牵头单位：市环保局，配合单位：市发改委）到2025年达到30%。"


def fam_paren_numbered(i: int) -> str:
    a, b = _units(i, 2)
    return (f"（{cn(i % 99 + 1)}）加强第{i}项管理。（牵头单位：{a}；配合单位：{b}、各区县政府）"
            f"{2024 + i % 3}年{i % 12 + 1}月底前完成，覆盖率达到{50 + i % 40}%。")


def fam_unitlist(i: int) -> str:
    """Long unit lists joined by 、 behind labels."""
    return (f"{i % 99 + 1}.推进重点工作。牵头单位：{'、'.join(_units(i, 3))}；"
            f"配合单位：{'、'.join(_units(i + 3, 20))}，各县（市、区）人民政府。")


def fam_inline(i: int) -> str:
    """Inline clauses: X牵头，Y配合，…前完成."""
    a, b, c = _units(i, 3)
    return f"（{cn(i % 99 + 1)}）推进专项治理。{a}牵头，{b}、{c}配合，{i % 12 + 1}月底前完成。"


def fam_numbers(i: int) -> str:
    """Dense numbers and quantities."""
    return (f"{i % 99 + 1}.优化结构。到2025年，细颗粒物浓度下降到{30 + i % 9}微克/立方米，优良天数比率达到"
            f"{75 + i % 20}.5%以上，新增充电桩{1200 + i}个，投资3.5亿元，完成改造{15 + i % 7}万户，"
            f"单位产值能耗降低{i % 5 + 1}个百分点，累计不少于{i % 900 + 100}公里。")


def fam_outline(i: int) -> str:
    """A deep outline: 一、 > （一） > 1. > （1） > ①, five children per level."""
    parts = []
    l4, r = divmod(i, 5)
    l3, q = divmod(l4, 5)
    l2, p = divmod(l3, 5)
    l1, o = divmod(l2, 5)
    if r == 0 and q == 0 and p == 0 and o == 0:
        parts.append(f"{cn(l1 % 99 + 1)}、重点任务")
    if r == 0 and q == 0 and p == 0:
        parts.append(f"（{cn(o + 1)}）加强统筹")
    if r == 0 and q == 0:
        parts.append(f"{p + 1}.完善机制。")
    if r == 0:
        parts.append(f"（{q + 1}）落实责任。")
    a, b = _units(i, 2)
    parts.append(f"{_CIRCLED[r]}健全第{i}项制度，由{a}负责，{b}配合。")
    return "\n".join(parts)


def fam_table(i: int) -> str:
    """A task table flattened to '|' rows under a header."""
    head = "序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限"
    a, b, c = _units(i, 3)
    row = f"{i + 1} | 加强第{i}项管理，达到{60 + i % 30}% | {a} | {b}、{c} | {2024 + i % 3}年{i % 12 + 1}月底前"
    return (head + "\n" + row) if i % 200 == 0 else row


FAMILIES = {
    "paren": fam_paren, "paren_numbered": fam_paren_numbered, "unitlist": fam_unitlist,
    "inline": fam_inline, "numbers": fam_numbers, "outline": fam_outline, "table": fam_table,
}

_HEADER = "关于印发某市重点工作任务分工方案的通知\n各有关单位：\n现将方案印发给你们，请认真贯彻落实。\n"


def make_text(family: str, size: int, lines: str) -> str:
    fn = FAMILIES[family]
    pieces, n, i = [], len(_HEADER), 0
    while n < size:
        p = fn(i)
        if lines == "one":
            # one line: the layout's own breaks are lost too (a table keeps its '|' cells)
            p = p.replace("\n", " " if family == "table" else "")
        pieces.append(p)
        n += len(p) + 1
        i += 1
    sep = "\n" if lines == "many" else " " if family == "table" else ""
    return (_HEADER + sep.join(pieces))[:size]


SMALL = 100_000     # texts below this size are timed REPEAT times (the least counts): they are quick
REPEAT = 3


def run(text: str, segmenter: str, clock) -> float:
    from extractor.pipeline import extract_text
    best = float("inf")
    for _ in range(REPEAT if len(text) < SMALL else 1):
        gc.collect()                # start clean: no garbage of the previous run to collect
        t = clock()
        extract_text(text, segmenter=segmenter, include_text=False)
        best = min(best, clock() - t)
    return best


def profile(text: str, segmenter: str) -> pstats.Stats:
    from extractor.pipeline import extract_text
    # the cyclic garbage collector runs inside whichever function allocates when it triggers, which
    # makes small functions look super-linear; profile without it (the timing table keeps it on)
    gc.collect()
    gc.disable()
    pr = cProfile.Profile()
    try:
        pr.enable()
        extract_text(text, segmenter=segmenter, include_text=False)
        pr.disable()
    finally:
        gc.enable()
    return pstats.Stats(pr, stream=io.StringIO())


def _where(func: tuple) -> str:
    path, line, name = func
    return f"{Path(path).name}:{line}({name})" if line else name


def print_growth(stats: list[pstats.Stats], sizes: list[int], top: int) -> None:
    """The functions with the most own time at the largest size, with their growth against the
    smallest: a function whose ratio is far above the text's ratio is the super-linear spot."""
    first, last = stats[0].stats, stats[-1].stats          # func -> (cc, nc, tt, ct, callers)
    rows = sorted(last.items(), key=lambda kv: -kv[1][2])[:top]
    print(f"{'own s':>8} {'calls':>9} {'x own':>7} {'x calls':>7}  function   (x: growth from {sizes[0]} to {sizes[-1]} chars)")
    for func, (_, nc, tt, _, _) in rows:
        f0 = first.get(func)
        gt = f"{tt / f0[2]:7.1f}" if f0 and f0[2] > 0 else "      -"
        gn = f"{nc / f0[1]:7.1f}" if f0 and f0[1] > 0 else "      -"
        print(f"{tt:8.3f} {nc:9d} {gt} {gn}  {_where(func)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="60000,600000", help="comma-separated sizes in characters")
    ap.add_argument("--family", action="append", choices=sorted(FAMILIES), help="repeatable; default all")
    ap.add_argument("--lines", choices=("one", "many", "both"), default="both")
    ap.add_argument("--segmenter", action="append", choices=("none", "jieba"),
                    help="repeatable; default the direct engine (none)")
    ap.add_argument("--profile", metavar="FAMILY/LINES", help="cProfile one case (e.g. paren/one) at each size; list the functions by own time with their growth")
    ap.add_argument("--top", type=int, default=20, help="functions to list with --profile")
    ap.add_argument("--wall", action="store_true",
                    help="time wall-clock seconds (default: this process's CPU seconds, which other "
                         "processes on a shared machine disturb far less)")
    a = ap.parse_args()
    sizes = sorted(int(x) for x in a.sizes.split(","))
    segs = a.segmenter or ["none"]
    from extractor.pipeline import extract_text
    extract_text(_HEADER + fam_paren(0), segmenter=segs[0])       # warm caches: lexicon, rules, spaCy
    if a.profile:
        fam, _, lines = a.profile.partition("/")
        stats = [profile(make_text(fam, size, lines or "one"), segs[0]) for size in sizes]
        print(f"== {fam}/{lines or 'one'}, segmenter={segs[0]}, total "
              + ", ".join(f"{st.total_tt:.2f} s at {size}" for st, size in zip(stats, sizes)))
        print_growth(stats, sizes, a.top)
        return 0
    layouts = ("one", "many") if a.lines == "both" else (a.lines,)
    clock = time.perf_counter if a.wall else time.process_time
    print(f"seconds: {'wall clock' if a.wall else 'CPU (process_time)'}; below {SMALL // 1000}k characters "
          f"the least of {REPEAT} runs")
    # allowed growth for the measured size range: 15x per 10x of text, scaled log-linearly
    decades = math.log10(sizes[-1] / sizes[0]) if len(sizes) > 1 else 0
    bound = LIMIT ** decades if decades else float("inf")
    head = f"{'family':<16} {'lines':<5} {'engine':<6} " + " ".join(f"{s // 1000:>7}k s" for s in sizes) + "   ratio"
    print(head)
    bad = 0
    for fam in (a.family or list(FAMILIES)):
        for lines in layouts:
            for seg in segs:
                times = [run(make_text(fam, size, lines), seg, clock) for size in sizes]
                ratio = times[-1] / times[0] if len(times) > 1 and times[0] > 0 else float("nan")
                flag = "" if ratio <= bound else "  FAIL"
                bad += bool(flag)
                print(f"{fam:<16} {lines:<5} {seg:<6} " + " ".join(f"{t:>9.2f}" for t in times)
                      + f"  {ratio:6.1f}x{flag}", flush=True)
    if len(sizes) > 1:
        print(f"bound: {bound:.1f}x for {sizes[-1] / sizes[0]:.0f}x the text ({LIMIT:.0f}x per 10x)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
