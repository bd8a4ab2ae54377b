#!/usr/bin/env python3
"""Where a batch's time goes: cProfile of the parent (``run_batch`` with one worker, in this
process) and of a worker (``work.process_many`` over every job, in this process), on the govdocs
notices copied N times (default 4: 1,044 files). Prints seconds per phase for each.

    python benchmarks/profile_batch.py [--copies 4] [--govdocs ../shared/bench/govdocs] [--dump DIR]

``--dump DIR`` also writes parent.prof and worker.prof (``python -m pstats``, snakeviz). For the
whole command including start-up, sample it with py-spy instead:
``py-spy record -s -f raw -o out.txt -- policy-extract batch DIR -o OUT --workers 1 --quiet``.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# phase -> functions whose cumulative time is that phase (file suffix, function name)
WORKER_PHASES = [
    ("load (decode the file)", "extractor/load/__init__.py", "load"),
    ("extract: normalise", "extractor/normalise/__init__.py", "normalise"),
    ("extract: structure", "extractor/structure/stage.py", "structure"),
    ("extract: responsibilities", "extractor/annotate/steps.py", "responsibilities"),
    ("extract: deadlines", "extractor/annotate/steps.py", "deadlines"),
    ("extract: quantities", "extractor/annotate/steps.py", "quantities"),
    ("extract: assemble", "extractor/assemble/build.py", "assemble"),
    ("check (pydantic + span contract)", "extractor/batch/work.py", "check_document"),
    ("JSON serialisation", "extractor/batch/work.py", "dump_json"),
    ("write (temp file + rename)", "extractor/emit/files.py", "write_atomic"),
]
PARENT_PHASES = [
    ("collect (walk + sha256)", "extractor/batch/collect.py", "collect"),
    ("extraction (waiting for the worker)", "extractor/batch/engines.py", "run_local"),
    ("combine while extracting (inside the wait)", "extractor/batch/runner.py", "advance"),
    ("finish: documents.jsonl, errors.jsonl, store", "extractor/batch/runner.py", "finish"),
    ("finalize (before: after the workers)", "extractor/batch/runner.py", "finalize"),
    ("store: rows + Arrow + inserts", "extractor/batch/store.py", "_flush"),
    ("store: finish (copies, units, checkpoint)", "extractor/batch/store.py", "finish"),
]


def cumulative(stats: pstats.Stats, phases) -> list[tuple[str, float]]:
    out = []
    for label, path, func in phases:
        t = sum(v[3] for (f, _line, name), v in stats.stats.items() if f.endswith(path) and name == func)
        if t:
            out.append((label, t))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--govdocs", type=Path, default=ROOT.parent / "shared" / "bench" / "govdocs")
    ap.add_argument("--dump", type=Path)
    args = ap.parse_args(argv)
    from bench_batch import replicate
    from extractor.batch.collect import collect
    from extractor.batch.runner import run_batch
    from extractor.batch.work import Options, init_worker, process_many
    n = args.copies * sum(1 for p in args.govdocs.iterdir() if p.is_file())
    with tempfile.TemporaryDirectory(prefix="profile_batch_") as tmp:
        tmp = Path(tmp)
        replicate(args.govdocs, tmp / "corpus", n)

        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.runcall(run_batch, [tmp / "corpus"], tmp / "parent", workers=1, quiet=True)
        parent_wall = time.perf_counter() - t0
        parent = pstats.Stats(prof)

        jobs = collect([tmp / "corpus"]).jobs
        (tmp / "worker" / "documents").mkdir(parents=True)
        init_worker("none")
        prof2 = cProfile.Profile()
        t0 = time.perf_counter()
        prof2.runcall(process_many, jobs, Options(), str(tmp / "worker"))
        worker_wall = time.perf_counter() - t0
        worker = pstats.Stats(prof2)
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            parent.dump_stats(args.dump / "parent.prof")
            worker.dump_stats(args.dump / "worker.prof")

    print(f"{n} files. Parent (run_batch, 1 worker): {parent_wall:.2f} s under cProfile")
    print("| parent phase | s |\n| --- | --- |")
    for label, t in cumulative(parent, PARENT_PHASES):
        print(f"| {label} | {t:.2f} |")
    print(f"\nWorker (process_many over all {len(jobs)} jobs, in process): {worker_wall:.2f} s under cProfile")
    print("| worker phase | s | share |\n| --- | --- | --- |")
    for label, t in cumulative(worker, WORKER_PHASES):
        print(f"| {label} | {t:.2f} | {100 * t / worker_wall:.0f}% |")
    print("\nWorker, top functions by own time:")
    worker.sort_stats("tottime").print_stats(12)
    return 0


if __name__ == "__main__":
    sys.exit(main())
