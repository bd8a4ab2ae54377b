"""The batch run: collect inputs, skip what is done (--resume), extract the rest with an engine,
then write the combined outputs (documents.jsonl, errors.jsonl, summary.json) and the store.

Determinism: every per-document JSON depends only on the input bytes, the path as given, the tool
version and the options; the combined files are written after all workers finish, sorted by stable
name. Timing lives only in summary.json (keys ``seconds``, ``docs_per_second``, ``chars_per_second``,
``peak_rss_mb``, ``workers``).
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from .. import SCHEMA_VERSION, __version__
from ..errors import InputError
from .collect import collect
from ..emit.files import write_atomic
from .work import Options

STATE_FILE = ".batch.json"
# errors.jsonl: kind is input, data or internal (the branch of extractor.errors); detail says more
FAILURE_FIELDS = ("path", "name", "error", "kind", "detail", "message")
TIMING_KEYS = ("seconds", "docs_per_second", "chars_per_second", "peak_rss_mb", "workers", "engine",
               "processed", "skipped")


def _has_output(path: Path, sha256: str) -> bool:
    """A complete, current output: parses, same content hash, same tool version."""
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return (isinstance(doc, dict) and doc.get("tool_version") == __version__
            and (doc.get("source") or {}).get("sha256") == sha256 and "tasks" in doc)


def _clean_temp(outdir: Path) -> int:
    """Remove temporary files left by a run that was killed mid-write."""
    n = 0
    for d in (outdir, outdir / "documents", outdir / "export"):
        if d.is_dir():
            for f in d.glob(".*.tmp"):
                try:
                    f.unlink()
                    n += 1
                except OSError:
                    pass
    return n


def _progress(total: int, quiet: bool):
    if quiet or not sys.stdout.isatty() or total == 0:
        return None
    from tqdm import tqdm
    tqdm.monitor_interval = 0          # no monitor thread: worker processes may be forked later
    return tqdm(total=total, unit="doc", desc="extract", file=sys.stderr, dynamic_ncols=True, smoothing=0.1,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
                           "[{elapsed}<{remaining}, {rate_fmt}{postfix}]")


def run_batch(inputs, outdir, *, workers: int | None = None, resume: bool = False, engine: str = "local",
              scheduler: str | None = None, quiet: bool = False, options: Options | None = None,
              store: bool = True, log=None) -> dict:
    """Run a batch; returns the summary (also written to OUTDIR/summary.json)."""
    t0 = time.perf_counter()
    options = options or Options()
    workers = max(1, int(workers or os.cpu_count() or 1))
    outdir = Path(outdir)
    docs_dir = outdir / "documents"
    docs_dir.mkdir(parents=True, exist_ok=True)
    _clean_temp(outdir)

    col = collect(inputs, exclude=[outdir])
    if not col.jobs and not col.failures:
        raise InputError(None, "no supported files (txt, pdf, docx, html, htm) in the inputs")

    state_path = outdir / STATE_FILE
    state = {"tool_version": __version__, "schema_version": SCHEMA_VERSION, "options": options.key()}
    if resume and state_path.exists():
        try:
            prev = json.loads(state_path.read_text("utf-8"))
        except ValueError:
            prev = None
        if prev and prev.get("options") != state["options"]:
            resume = False
            if log:
                log(f"{outdir}: options differ from the previous run ({prev.get('options')}); extracting everything")
    write_atomic(state_path, json.dumps(state, ensure_ascii=False, indent=1) + "\n")

    todo, skipped = [], 0
    for job in col.jobs:
        if resume and _has_output(docs_dir / f"{job.name}.json", job.sha256):
            skipped += 1
        else:
            todo.append(job)

    failures = {f["name"] + "\0" + f["path"]: f for f in col.failures}
    failed_names: set[str] = set()
    peak: dict = {}
    bar = _progress(len(todo), quiet)
    chars_done = [0]

    def on_result(r: dict) -> None:
        if r.get("ok"):
            if r.get("json") is not None:
                write_atomic(docs_dir / f"{r['name']}.json", r["json"])
            chars_done[0] += r.get("chars", 0)
        else:
            failed_names.add(r["name"])
            failures[r["name"] + "\0" + r["path"]] = {k: r[k] for k in FAILURE_FIELDS}
            try:   # no stale output for a document that failed in this run
                (docs_dir / f"{r['name']}.json").unlink()
            except FileNotFoundError:
                pass
        if r.get("pid") is not None and r.get("peak_rss_mb") is not None:
            peak[r["pid"]] = max(peak.get(r["pid"], 0.0), r["peak_rss_mb"])
        if bar is not None:
            bar.update(1)

    t_extract = time.perf_counter()
    try:
        if todo:
            if engine == "local":
                from .engines import run_local
                run_local(todo, options, str(outdir), workers, on_result)
            elif engine == "dask":
                from .engines import run_dask
                run_dask(todo, options, scheduler, workers, on_result)
            else:
                raise InputError(None, f"unknown engine {engine!r}: use local or dask")
    finally:
        if bar is not None:
            bar.close()
    t_extract = time.perf_counter() - t_extract

    summary = finalize(outdir, [j for j in col.jobs if j.name not in failed_names], list(failures.values()),
                       store=store)
    seconds = time.perf_counter() - t0
    summary.update({
        "inputs": len(col.jobs) + len(col.failures), "processed": len(todo), "skipped": skipped,
        "duplicates": col.duplicates, "engine": engine, "workers": workers, "segmenter": options.segmenter,
        "tool_version": __version__, "schema_version": SCHEMA_VERSION,
        "seconds": round(seconds, 3), "extract_seconds": round(t_extract, 3),
        "docs_per_second": round(len(todo) / t_extract, 2) if todo and t_extract > 0 else None,
        "chars_per_second": round(chars_done[0] / t_extract, 1) if todo and t_extract > 0 else None,
        "peak_rss_mb": round(max(peak.values()), 1) if peak else None,
    })
    write_atomic(outdir / "summary.json", json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    return summary


def finalize(outdir: Path, ok_jobs, failures: list[dict], *, store: bool = True) -> dict:
    """Combined outputs from the per-document JSON, sorted by stable name (independent of workers)."""
    docs_dir = outdir / "documents"
    failures = list(failures)
    counts = {"documents": 0, "tasks": 0, "responsibilities": 0, "chars": 0}
    builder = None
    if store:
        from .store import StoreBuilder
        builder = StoreBuilder(outdir / "corpus.duckdb")
    refs: list = []
    try:
        _combine(outdir, ok_jobs, failures, counts, builder, refs)
        _align_cited(outdir, refs, counts, builder)
    except BaseException:
        if builder is not None:
            builder.abort()
        raise
    failures.sort(key=lambda f: (f["name"], f["path"]))
    write_atomic(outdir / "errors.jsonl",
                 "".join(json.dumps({k: f[k] for k in FAILURE_FIELDS},
                                    ensure_ascii=False) + "\n" for f in failures))
    if builder is not None:
        builder.finish()
    counts["failures"] = len(failures)
    return counts


def _align_cited(outdir: Path, refs: list, counts: dict, builder) -> None:
    """Align every pair where one document cites another of the run (OUTDIR/alignments.jsonl and
    the store's alignments table)."""
    from ..align.corpus import align_corpus
    alignments, rows = align_corpus(outdir / "documents", refs)
    write_atomic(outdir / "alignments.jsonl",
                 "".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) + "\n" for a in alignments))
    if builder is not None:
        builder.add_alignments(rows)
    counts["aligned_pairs"] = len(alignments)


def _combine(outdir: Path, ok_jobs, failures: list, counts: dict, builder, refs: list | None = None) -> None:
    from ..align.corpus import doc_ref
    docs_dir = outdir / "documents"
    tmp = outdir / ".documents.jsonl.tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        for job in sorted(ok_jobs, key=lambda j: j.name):
            p = docs_dir / f"{job.name}.json"
            try:
                raw = p.read_bytes()
                doc = json.loads(raw)
            except (OSError, ValueError) as e:
                failures.append({"path": job.path, "name": job.name, "error": type(e).__name__, "kind": "internal",
                                 "detail": "output", "message": f"{p}: output missing or unreadable"})
                continue
            line = raw.decode("utf-8").strip()
            if "\n" in line:          # written by an older version, indented
                line = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
            out.write(line + "\n")
            counts["documents"] += 1
            counts["tasks"] += len(doc["tasks"])
            counts["responsibilities"] += sum(len(t["responsibilities"]) for t in doc["tasks"])
            counts["chars"] += doc["source"]["chars"]
            if builder is not None:
                builder.add(job.name, doc)
            if refs is not None:
                refs.append(doc_ref(job.name, doc))
    os.replace(tmp, outdir / "documents.jsonl")
