#!/usr/bin/env python3
"""Wall time and peak memory for one notice, cold (a fresh process) and warm (in process), and
start-up costs. A script, not a test: run it on a quiet machine.

    python benchmarks/bench_extract.py [FILE] [--repeat N]
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "corpora" / "zhengzhou_air_2024" / "text.txt"


def child(args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS MB) of a fresh python process running ``args``."""
    if args[0] == "-c":
        args = ["-c", args[1] + "\nimport resource, sys\n"
                "print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"]
    t = time.perf_counter()
    r = subprocess.run([sys.executable, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t
    peak = next((int(line.split()[1]) for line in r.stderr.splitlines() if line.startswith("PEAK_RSS_KB")), 0)
    return dt, peak / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(REF))
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    rows = []
    helps = [child(["-m", "extractor", "--help"])[0] for _ in range(a.repeat)]
    rows.append(("policy-extract --help", f"{statistics.median(helps) * 1000:.0f} ms", ""))
    imp = [child(["-c", "import extractor.pipeline"])[0] for _ in range(a.repeat)]
    rows.append(("import extractor.pipeline", f"{statistics.median(imp) * 1000:.0f} ms", ""))
    stack = [child(["-c", "import spacy, jieba; nlp = spacy.blank('zh', config={'nlp': {'tokenizer': {'segmenter': 'jieba'}}}); nlp('预热')"])[0]
             for _ in range(a.repeat)]
    rows.append(("spaCy blank zh + jieba start-up", f"{statistics.median(stack) * 1000:.0f} ms", ""))
    for seg in ("jieba", "none"):
        cold = []
        peak = 0.0
        for _ in range(a.repeat):
            dt, pk = child(["-c", f"from extractor.pipeline import extract_file; extract_file({a.file!r}, segmenter={seg!r})"])
            cold.append(dt)
            peak = max(peak, pk)
        rows.append((f"cold extract ({seg}), fresh process", f"{statistics.median(cold) * 1000:.0f} ms", f"peak RSS {peak:.0f} MB"))
    sys.path.insert(0, str(ROOT))
    from extractor.pipeline import extract_file
    for seg in ("jieba", "none"):
        extract_file(a.file, segmenter=seg)
        warm = []
        for _ in range(a.repeat * 4):
            t = time.perf_counter()
            doc = extract_file(a.file, segmenter=seg)
            warm.append(time.perf_counter() - t)
        chars = doc["source"]["chars"]
        med = statistics.median(warm)
        rows.append((f"warm extract ({seg})", f"{med * 1000:.1f} ms", f"{chars / med / 1000:.0f}k chars/s"))
    rows.append(("this process peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", ""))
    w = max(len(r[0]) for r in rows)
    print(f"file: {a.file}")
    for name, v, extra in rows:
        print(f"{name:<{w}}  {v:>10}  {extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
