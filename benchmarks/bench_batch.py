#!/usr/bin/env python3
"""Batch throughput, scaling, memory and start-up, against the jieba baseline, in one run.

    python benchmarks/bench_batch.py [--files 10000] [--govdocs ../shared/bench/govdocs] [--json OUT]
    python benchmarks/bench_batch.py --copies 4 --e2e [--repeat 3]     # issue 9's end-to-end table

``--copies 4 --e2e`` is issue 9's measurement: the 261 govdocs notices copied 4x (1,044 files,
~2.06M characters, in a temporary folder), ``policy-extract batch --workers 1`` and ``--workers 2``
end to end (the command's wall clock, start-up included) against ``jieba.lcut`` over the same
texts in a fresh process (import and dictionary load included; the lcut loop alone is shown too).
Runs are interleaved and repeated (``--repeat``): the table shows the best wall clock of each and
the CPU time (user+sys of the process and its workers), which a busy machine disturbs less.
Targets: 1 worker >= 1.3x jieba; 2 workers >= 1.85x one worker.

1. Replicates the govdocs notices (261 OCR'd notices) to --files files in a temporary folder.
2. Baseline: ``jieba.lcut`` over the same texts, one process (dictionary loaded and warmed up
   beforehand, so the baseline is jieba at its fastest).
3. ``policy-extract batch`` (a subprocess, --quiet) with 1 and 2 workers, segmenter none (the
   default: no spaCy Doc), and with 1 worker and the char and jieba segmenters: documents/s and characters/s of the
   extraction phase and end to end (with combined outputs and the DuckDB store), peak RSS per
   worker (getrusage in each worker, reported in summary.json).
4. That the three segmenters give identical documents, on every original govdocs notice.
5. Start-up: ``policy-extract --help`` wall time, and the wall time of ``policy-extract extract``
   of one notice to its JSON (median of several runs).

Targets (issue 5): 1 worker >= 1.0x jieba; 2 workers >= 1.8x 1 worker; <= 400 MB per worker;
--help <= 0.3 s; first JSON <= 2 s.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_GOVDOCS = ROOT.parent / "shared" / "bench" / "govdocs"
from extractor.errors import ExtractorError  # noqa: E402 (after the sys.path line)


def cli_cmd() -> list[str]:
    exe = shutil.which("policy-extract")
    venv_exe = Path(sys.executable).with_name("policy-extract")
    if venv_exe.exists():
        return [str(venv_exe)]
    if exe:
        return [exe]
    return [sys.executable, "-m", "extractor"]


def env() -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    return e


def replicate(src: Path, dest: Path, n: int) -> list[Path]:
    originals = sorted(p for p in src.iterdir() if p.is_file())
    out = []
    for i in range(n):
        p = originals[i % len(originals)]
        d = dest / f"copy{i // len(originals):03d}"
        d.mkdir(parents=True, exist_ok=True)
        t = d / p.name
        shutil.copyfile(p, t)
        out.append(t)
    return out


def texts_of(paths: list[Path]) -> list[str]:
    from extractor.load import load
    cache, out = {}, []
    for p in paths:
        key = p.name
        if key not in cache:
            try:
                cache[key] = load(p).text
            except ExtractorError:
                cache[key] = ""
        out.append(cache[key])
    return out


def jieba_baseline(texts: list[str]) -> dict:
    import logging
    import jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for t in texts[:300]:           # warm up: lazy model loading, caches
        jieba.lcut(t)
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    dt = time.perf_counter() - t0
    chars = sum(map(len, texts))
    return {"seconds": dt, "docs_per_second": len(texts) / dt, "chars_per_second": chars / dt, "chars": chars}


JIEBA_CHILD = r"""
import json, logging, os, sys, time
t0 = time.perf_counter()
import jieba
jieba.setLogLevel(logging.WARNING)
paths = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
texts = [open(p, encoding="utf-8").read() for p in paths]
jieba.initialize()
t1 = time.perf_counter()
for t in texts:
    jieba.lcut(t)
t2 = time.perf_counter()
print(json.dumps({"lcut_seconds": t2 - t1, "setup_seconds": t1 - t0, "chars": sum(map(len, texts))}))
"""


def _children_cpu() -> float:
    import resource
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def jieba_process(paths: list[Path], tmp: Path) -> dict:
    """jieba.lcut over the texts in a fresh process: wall and CPU of the whole process (import,
    dictionary load, reading) and of the lcut loop alone."""
    lst = tmp / "jieba_paths.txt"
    lst.write_text("".join(f"{p}\n" for p in paths), "utf-8")
    cpu0, t0 = _children_cpu(), time.perf_counter()
    r = subprocess.run([sys.executable, "-c", JIEBA_CHILD, str(lst)], capture_output=True, text=True, check=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    res = json.loads(r.stdout)
    res.update(wall_seconds=wall, cpu_seconds=cpu)
    return res


def run_batch(corpus: Path, out: Path, workers: int, segmenter: str) -> dict:
    if out.exists():
        shutil.rmtree(out)
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    r = subprocess.run([*cli_cmd(), "batch", str(corpus), "-o", str(out), "--workers", str(workers),
                        "--segmenter", segmenter, "--quiet"], env=env(), capture_output=True, text=True)
    wall = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    if r.returncode not in (0, 1):
        raise SystemExit(f"batch failed: {r.stderr}")
    s = json.loads((out / "summary.json").read_text("utf-8"))
    s["wall_seconds"] = wall
    s["cpu_seconds"] = cpu
    s["e2e_docs_per_second"] = s["processed"] / wall
    s["e2e_chars_per_second"] = s["chars"] / wall if s["processed"] == s["documents"] + s["failures"] else None
    return s


def segmenters_identical(govdocs: Path) -> dict:
    from extractor.pipeline import extract_file
    same = differ = failed = 0
    for p in sorted(govdocs.iterdir()):
        try:
            a = extract_file(p, segmenter="none")
            b = extract_file(p, segmenter="char")
            c = extract_file(p, segmenter="jieba")
        except ExtractorError:
            failed += 1
            continue
        if a == b == c:
            same += 1
        else:
            differ += 1
    return {"same": same, "differ": differ, "failed": failed}


def median_wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env(), capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def e2e(govdocs: Path, copies: int, workers: list[int], repeat: int) -> dict:
    """Issue 9's end-to-end measurement (see the module docstring)."""
    originals = sorted(p for p in govdocs.iterdir() if p.is_file())
    res = {"files": copies * len(originals), "cpus": os.cpu_count(), "cli": " ".join(cli_cmd()),
           "load_before": os.getloadavg()[0], "jieba": [], "batch": {w: [] for w in workers}}
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        paths = replicate(govdocs, corpus, res["files"])
        for k in range(repeat):
            res["jieba"].append(jieba_process(paths, tmp))
            for w in workers:
                s = run_batch(corpus, tmp / f"out_{w}", w, "none")
                res["batch"][w].append({k2: s[k2] for k2 in ("wall_seconds", "cpu_seconds", "extract_seconds",
                                                             "seconds", "chars", "documents", "failures")})
                print(f"run {k + 1}/{repeat}: batch x{w} {s['wall_seconds']:.2f} s wall, {s['cpu_seconds']:.2f} s CPU",
                      file=sys.stderr)
            j = res["jieba"][-1]
            print(f"run {k + 1}/{repeat}: jieba {j['wall_seconds']:.2f} s wall, {j['cpu_seconds']:.2f} s CPU "
                  f"(lcut {j['lcut_seconds']:.2f} s)", file=sys.stderr)
    res["load_after"] = os.getloadavg()[0]
    return res


def e2e_report(res: dict) -> str:
    jb = res["jieba"]
    chars = jb[0]["chars"]
    j_wall = min(x["wall_seconds"] for x in jb)
    j_cpu = statistics.median(x["cpu_seconds"] for x in jb)
    j_lcut = min(x["lcut_seconds"] for x in jb)
    rows = [f"{res['files']} files, {chars:,} characters, {res['cpus']} CPUs, load average "
            f"{res['load_before']:.1f} before / {res['load_after']:.1f} after; best wall of "
            f"{len(jb)} interleaved runs, median CPU\n",
            "| run | wall s | chars/s (wall) | CPU s | vs jieba (wall) | vs jieba (CPU) |",
            "| --- | --- | --- | --- | --- | --- |",
            f"| jieba.lcut, fresh process (import + dictionary + lcut) | {j_wall:.2f} | {chars / j_wall:,.0f} | "
            f"{j_cpu:.2f} | 1.00x | 1.00x |",
            f"| jieba.lcut loop alone | {j_lcut:.2f} | {chars / j_lcut:,.0f} | - | - | - |"]
    best = {}
    for w, runs in sorted(res["batch"].items()):
        wall = min(x["wall_seconds"] for x in runs)
        cpu = statistics.median(x["cpu_seconds"] for x in runs)
        best[w] = wall
        rows.append(f"| `batch --workers {w}`, end to end | {wall:.2f} | {chars / wall:,.0f} | {cpu:.2f} | "
                    f"{j_wall / wall:.2f}x | {j_cpu / cpu:.2f}x |")
    rows.append("")
    if 1 in best:
        r = j_wall / best[1]
        rows.append(f"- 1 worker vs jieba (wall): {r:.2f}x (target >= 1.3x: {'met' if r >= 1.3 else 'NOT met'})")
    if 1 in best and 2 in best:
        r = best[1] / best[2]
        rows.append(f"- 2 workers vs 1 worker (wall): {r:.2f}x (target >= 1.85x: {'met' if r >= 1.85 else 'NOT met'})")
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=10000, help="replicate the notices to this many files")
    ap.add_argument("--govdocs", type=Path, default=DEFAULT_GOVDOCS)
    ap.add_argument("--workers", default="1,2", help="worker counts to measure (segmenter none, the default)")
    ap.add_argument("--no-jieba-run", action="store_true", help="skip the 1-worker runs with the char and jieba segmenters")
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    ap.add_argument("--copies", type=int, help="the notices copied this many times (overrides --files)")
    ap.add_argument("--e2e", action="store_true",
                    help="only the end-to-end table (batch per worker count vs jieba in a fresh process)")
    ap.add_argument("--repeat", type=int, default=3, help="--e2e: interleaved repetitions")
    args = ap.parse_args(argv)
    if not args.govdocs.is_dir():
        print(f"{args.govdocs}: no such folder", file=sys.stderr)
        return 2
    if args.copies:
        args.files = args.copies * sum(1 for p in args.govdocs.iterdir() if p.is_file())
    if args.e2e:
        res = e2e(args.govdocs, args.copies or 4,
                  [int(w) for w in args.workers.split(",")], max(1, args.repeat))
        print(e2e_report(res))
        if args.json:
            args.json.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", "utf-8")
        return 0
    res = {"files": args.files, "cpus": os.cpu_count(), "cli": " ".join(cli_cmd())}
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        paths = replicate(args.govdocs, corpus, args.files)
        texts = texts_of(paths)
        print(f"corpus: {len(paths)} files, {sum(map(len, texts))} characters", file=sys.stderr)
        res["baseline"] = jieba_baseline(texts)
        print(f"jieba.lcut: {res['baseline']['chars_per_second']:.0f} chars/s", file=sys.stderr)
        res["runs"] = {}
        plan = [(int(w), "none") for w in args.workers.split(",")]
        if not args.no_jieba_run:
            plan += [(1, "char"), (1, "jieba")]
        for w, seg in plan:
            s = run_batch(corpus, tmp / f"out_{seg}_{w}", w, seg)
            res["runs"][f"{seg}/{w}"] = s
            print(f"batch {seg} x{w}: {s['docs_per_second']} docs/s extracting, "
                  f"{s['e2e_docs_per_second']:.1f} docs/s end to end, peak {s['peak_rss_mb']} MB/worker, "
                  f"{s['failures']} failed", file=sys.stderr)
        res["segmenters"] = segmenters_identical(args.govdocs)
        one = sorted(args.govdocs.iterdir())[0]
        res["help_seconds"] = median_wall([*cli_cmd(), "--help"], 7)
        res["first_json_seconds"] = median_wall([*cli_cmd(), "extract", str(one), "-o", str(tmp / "one.json")], 3)
        res["first_json_char_seconds"] = median_wall(
            [*cli_cmd(), "batch", str(one), "-o", str(tmp / "one"), "--workers", "1", "--quiet", "--no-store"], 3)
    print(report(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return 0


def report(res: dict) -> str:
    base = res["baseline"]["chars_per_second"]
    runs = res["runs"]
    rows = []

    def row(name, value, target, ok):
        rows.append(f"| {name} | {value} | {target} | {'yes' if ok else 'NO'} |")

    c1 = runs.get("none/1")
    c2 = runs.get("none/2")
    for key, s in (("none/1", c1), ("char/1", runs.get("char/1")), ("jieba/1", runs.get("jieba/1"))):
        if s:
            r = s["chars_per_second"] / base
            row(f"1 worker ({key.split('/')[0]}), extraction chars/s vs jieba.lcut {base:,.0f}",
                f"{s['chars_per_second']:,.0f} ({r:.2f}x; {s['docs_per_second']} docs/s)", ">= 1.0x", r >= 1.0)
            r = s["e2e_chars_per_second"] / base if s.get("e2e_chars_per_second") else 0
            row(f"1 worker ({key.split('/')[0]}), end to end incl. start-up and store",
                f"{s['e2e_chars_per_second'] or 0:,.0f} ({r:.2f}x; {s['e2e_docs_per_second']:.1f} docs/s)",
                ">= 1.0x", r >= 1.0)
    if c1 and c2:
        r = c2["docs_per_second"] / c1["docs_per_second"]
        row("2 workers / 1 worker, extraction", f"{r:.2f}x ({c2['docs_per_second']} docs/s)", ">= 1.8x", r >= 1.8)
        r = c2["e2e_docs_per_second"] / c1["e2e_docs_per_second"]
        row("2 workers / 1 worker, end to end", f"{r:.2f}x", ">= 1.8x", r >= 1.8)
    peak = max((s["peak_rss_mb"] or 0) for s in runs.values())
    row("peak RSS per worker", f"{peak:.0f} MB", "<= 400 MB", peak <= 400)
    row("`policy-extract --help`", f"{res['help_seconds']:.3f} s", "<= 0.3 s", res["help_seconds"] <= 0.3)
    row("first JSON: `policy-extract extract` (jieba)", f"{res['first_json_seconds']:.2f} s", "<= 2 s",
        res["first_json_seconds"] <= 2)
    row("first JSON: `policy-extract batch` of one file (none)", f"{res['first_json_char_seconds']:.2f} s", "<= 2 s",
        res["first_json_char_seconds"] <= 2)
    seg = res["segmenters"]
    head = (f"{res['files']} files, {res['baseline']['chars']:,} characters, {res['cpus']} CPUs; "
            f"segmenters none/char/jieba: {seg['same']} identical, {seg['differ']} differ, {seg['failed']} failed\n\n"
            "| measure | value | target | met |\n| --- | --- | --- | --- |")
    return head + "\n" + "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
