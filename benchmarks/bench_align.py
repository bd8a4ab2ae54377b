#!/usr/bin/env python3
"""Alignment speed: two plans of 100 tasks each, aligned warm (jieba's dictionary loaded).

    python benchmarks/bench_align.py [--tasks 100] [--corpus ../shared/corpus] [--repeat 5] [--json OUT]

The plans are built from real extracted tasks: the upper plan takes the first N tasks of the
corpus notices (in order), the lower plan takes 70% of those tasks converted to Traditional script
with their order reversed (implementations), plus tasks of the remaining notices (local additions).
Reports the cold time (first call: dictionary and lexicon loading) and the median warm time.
Target (issue 12): warm < 2 s for 100 x 100.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def collect_tasks(corpus: Path) -> list[dict]:
    from extractor.pipeline import extract_file
    files = sorted(corpus.glob("*/text.txt")) + sorted((ROOT / "corpora").glob("**/text.txt"))
    tasks = []
    for f in files:
        doc = extract_file(f, include_text=False)
        for t in doc["tasks"]:
            tasks.append(dict(t, id=f"{f.parent.name}:{t['id']}"))
    return tasks


def plans(tasks: list[dict], n: int) -> tuple[dict, dict]:
    from extractor.normalise import to_script
    if len(tasks) < n * 1.3:
        tasks = (tasks * (int(n * 1.3 / max(1, len(tasks))) + 1))
        tasks = [dict(t, id=f"{t['id']}#{i}") for i, t in enumerate(tasks)]
    upper = tasks[:n]
    k = int(n * 0.7)
    lower = []
    for t in reversed(upper[:k]):
        lower.append(dict(t, title=to_script(t["title"], "traditional"), text=to_script(t["text"], "traditional")))
    lower += tasks[n:n + (n - k)]

    def doc(ts, number):
        return {"schema_version": "1.0", "source": {"path": None, "sha256": None, "script": "simplified"},
                "metadata": {"title": f"plan {number}", "doc_number": number, "cites": []}, "tasks": ts}
    return doc(upper, "测发〔2025〕1号"), doc(lower, "测发〔2025〕2号")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=100)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args(argv)
    tasks = collect_tasks(a.corpus)
    upper, lower = plans(tasks, a.tasks)
    from extractor.align import align_documents
    t0 = time.perf_counter()
    al = align_documents(upper, lower)
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        again = align_documents(upper, lower)
        warm.append(time.perf_counter() - t0)
    assert again == al, "alignment is not deterministic"
    chars = sum(len(t.get("text") or "") for t in upper["tasks"] + lower["tasks"])
    res = {"upper_tasks": len(upper["tasks"]), "lower_tasks": len(lower["tasks"]), "chars": chars,
           "cold_seconds": round(cold, 3), "warm_seconds_median": round(statistics.median(warm), 3),
           "warm_seconds_max": round(max(warm), 3), "links": al["summary"]["links"],
           "local_additions": al["summary"]["local_additions"], "target_warm_seconds": 2.0}
    # sanity: how many of the carried-over tasks found their own original
    orig = {t["id"] for t in upper["tasks"]}
    res["carried_over_found"] = sum(1 for lk in al["links"] if lk["lower"]["id"] in orig
                                    and any(u["id"] == lk["lower"]["id"] for u in lk["upper"]))
    res["carried_over"] = sum(1 for t in lower["tasks"] if t["id"] in orig)
    print(json.dumps(res, indent=1))
    if a.json:
        a.json.write_text(json.dumps(res, indent=1) + "\n", "utf-8")
    return 0 if res["warm_seconds_median"] < 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
