#!/usr/bin/env python3
"""The package's Chinese-numeral parser against cn2an, on the numerals the corpora contain.

Collects every Chinese numeral (``extractor.lang.numerals.CHINESE``, and 百分之/千分之 forms) in
``corpora/``, ``../shared/corpus`` and ``../shared/bench/govdocs`` (Simplified analysis copies),
then prints: how many occurrences cn2an (each mode) reads to the same value as the package's
parser, the ones it reads differently, and the rate of each. cn2an is not a dependency: install it
to run this (``pip install cn2an``). A script, not a test.

    python benchmarks/bench_numerals.py [--repeat N]
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def corpus_numerals() -> collections.Counter:
    from extractor.lang.numerals import CHINESE
    from extractor.normalise import simplify
    paths = sorted((ROOT / "corpora").rglob("text.txt"))
    paths += sorted((SHARED / "corpus").glob("*/text.txt")) + sorted(p for p in (SHARED / "bench" / "govdocs").glob("*")
                                                                      if p.is_file())
    rx = re.compile(rf"(?:百分之|千分之)?{CHINESE}")
    found: collections.Counter = collections.Counter()
    for p in paths:
        for m in rx.finditer(simplify(p.read_text("utf-8", errors="replace"))):
            found[m.group()] += 1
    return found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)
    from extractor.lang.numerals import parse_number
    try:
        import cn2an
    except ImportError:
        print("cn2an is not installed: pip install cn2an")
        return 2
    found = corpus_numerals()
    total = sum(found.values())
    print(f"{len(found)} distinct Chinese numerals, {total} occurrences")

    def theirs(s: str, mode: str):
        try:
            return float(cn2an.cn2an(s, mode))
        except ValueError:
            return None

    for mode in ("strict", "normal", "smart"):
        differ = [(s, n, parse_number(s), theirs(s, mode)) for s, n in found.most_common()
                  if parse_number(s) != theirs(s, mode)]
        print(f"cn2an {mode:6}: same value on {total - sum(d[1] for d in differ)}/{total}; differs on "
              + (", ".join(f"{s} x{n} (own {a}, cn2an {b})" for s, n, a, b in differ[:8]) or "none"))
    items = list(found)
    t = time.perf_counter()
    for _ in range(args.repeat):
        for s in items:
            parse_number(s)
    own = args.repeat * len(items) / (time.perf_counter() - t)
    t = time.perf_counter()
    for _ in range(args.repeat):
        for s in items:
            theirs(s, "normal")
    lib = args.repeat * len(items) / (time.perf_counter() - t)
    print(f"rate: own {own:,.0f}/s, cn2an normal {lib:,.0f}/s ({own / lib:.1f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
