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

from ..version import SCHEMA_VERSION, __version__
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
    combiner = Combiner(outdir, col.jobs, store=store,
                        prepare_alignment=engine == "dask" or options.segmenter == "none")
    todo_names = {j.name for j in todo}
    for job in col.jobs:
        if job.name not in todo_names:
            combiner.resolve(job.name, True)        # done in an earlier run (--resume)
    peak: dict = {}
    bar = _progress(len(todo), quiet)
    chars_done = [0]

    def on_result(r: dict) -> None:
        combiner.resolve(r["name"], bool(r.get("ok")))
        if r.get("ok"):
            if r.get("json") is not None:
                write_atomic(docs_dir / f"{r['name']}.json", r["json"])
            chars_done[0] += r.get("chars", 0)
        else:
            failures[r["name"] + "\0" + r["path"]] = {k: r[k] for k in FAILURE_FIELDS}
            try:   # no stale output for a document that failed in this run
                (docs_dir / f"{r['name']}.json").unlink()
            except FileNotFoundError:
                pass
        if r.get("pid") is not None and r.get("peak_rss_mb") is not None:
            peak[r["pid"]] = max(peak.get(r["pid"], 0.0), r["peak_rss_mb"])
        if bar is not None:
            bar.update(1)
        combiner.advance()           # combine while the workers go on (the parent is idle otherwise)

    t_extract = time.perf_counter()
    if todo and engine == "local":
        from .work import preflight
        preflight()
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
    except BaseException:
        combiner.abort()
        raise
    finally:
        if bar is not None:
            bar.close()
    t_extract = time.perf_counter() - t_extract

    summary = combiner.finish(list(failures.values()))
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


class Combiner:
    """Writes ``documents.jsonl`` and the store from the per-document JSON, in stable-name order,
    while the workers are still extracting: each finished document is handed over (``resolve``),
    and every unbroken run of finished names at the front of the order is combined at once
    (``advance``). Only names are held; the documents are read back from OUTDIR/documents. The
    result does not depend on the order documents finish in (any worker count or engine)."""

    def __init__(self, outdir: Path, jobs, *, store: bool = True, prepare_alignment: bool = False):
        self.outdir = outdir
        self.jobs = sorted(jobs, key=lambda j: j.name)
        self.store = store
        self.resolved: set[str] = set()
        self.failed: set[str] = set()
        self.i = 0
        self.failures: list[dict] = []       # outputs that could not be read back
        self.refs: list = []                  # what alignment needs of each document (extractor.align)
        # alignment's tokenizer is built in the background as soon as a citation between two
        # documents of the run is seen, so the alignment pass at the end does not start with it
        # (~0.9 s that was all serial). Only when the workers never use jieba themselves: a worker
        # forked (after a crash) while this thread holds jieba's dictionary lock would inherit it.
        self.prepare_alignment = prepare_alignment
        self._numbers: set[str] = set()
        self._cited: set[str] = set()
        self._warm = None
        self.counts = {"documents": 0, "tasks": 0, "responsibilities": 0, "chars": 0}
        self.builder = None
        self.out = None
        self.tmp = outdir / ".documents.jsonl.tmp"

    def _open(self) -> None:
        self.out = open(self.tmp, "w", encoding="utf-8")
        if self.store:
            # the copies of each document (same bytes, other names) are known from the hashes
            expected: dict[str, list[str]] = {}
            for job in self.jobs:
                if job.name not in self.failed:
                    expected.setdefault(job.sha256, []).append(job.name)
            from .store import StoreBuilder
            self.builder = StoreBuilder(self.outdir / "corpus.duckdb",
                                        expected_copies={k: v for k, v in expected.items() if len(v) > 1})

    def resolve(self, name: str, ok: bool) -> None:
        self.resolved.add(name)
        if not ok:
            self.failed.add(name)

    def advance(self) -> None:
        jobs = self.jobs
        while self.i < len(jobs) and jobs[self.i].name in self.resolved:
            job = jobs[self.i]
            self.i += 1
            if job.name in self.failed:
                continue
            if self.out is None:
                self._open()
            self._add(job)

    def _add(self, job) -> None:
        p = self.outdir / "documents" / f"{job.name}.json"
        try:
            raw = p.read_bytes()
            doc = json.loads(raw)
        except (OSError, ValueError) as e:
            self.failures.append({"path": job.path, "name": job.name, "error": type(e).__name__, "kind": "internal",
                                  "detail": "output", "message": f"{p}: output missing or unreadable"})
            return
        line = raw.decode("utf-8").strip()
        if "\n" in line:          # written by an older version, indented
            line = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        self.out.write(line + "\n")
        c = self.counts
        c["documents"] += 1
        c["tasks"] += len(doc["tasks"])
        c["responsibilities"] += sum(len(t["responsibilities"]) for t in doc["tasks"])
        c["chars"] += doc["source"]["chars"]
        _count_cues(c, job.name, doc)
        if self.builder is not None:
            self.builder.add(job.name, doc)
        from ..align.corpus import doc_ref
        ref = doc_ref(job.name, doc)
        self.refs.append(ref)
        if self.prepare_alignment and self._warm is None and ref.tasks:
            if ref.doc_number:
                self._numbers.add(ref.doc_number)
            self._cited.update(n for n in ref.cites if n != ref.doc_number)
            if self._numbers & self._cited:
                self._start_warm_up()

    def _start_warm_up(self) -> None:
        import threading

        def warm():
            from ..align.core import prepare
            try:
                prepare()
            except Exception:  # noqa: BLE001 - not lost: the alignment pass builds it again and raises
                pass
        self._warm = threading.Thread(target=warm, name="policy-extract-align-prepare", daemon=True)
        self._warm.start()

    def _join_warm_up(self) -> None:
        if self._warm is not None:
            self._warm.join()       # never two builds at once: lru_cache does not wait for a running one

    def finish(self, failures: list[dict]) -> dict:
        """Combine what is left (every job not reported failed counts as done), write errors.jsonl,
        rename documents.jsonl and the store into place; returns the counts."""
        try:
            for job in self.jobs:
                self.resolved.add(job.name)
            self.advance()
            if self.out is None:
                self._open()
            self.out.close()
            os.replace(self.tmp, self.outdir / "documents.jsonl")
            self._join_warm_up()
            _align_cited(self.outdir, self.refs, self.counts, self.builder)
        except BaseException:
            self.abort()
            raise
        failures = list(failures) + self.failures
        failures.sort(key=lambda f: (f["name"], f["path"]))
        write_atomic(self.outdir / "errors.jsonl",
                     "".join(json.dumps({k: f[k] for k in FAILURE_FIELDS},
                                        ensure_ascii=False) + "\n" for f in failures))
        if self.builder is not None:
            self.builder.finish()
        counts = dict(self.counts)
        _finish_cues(counts)
        counts["failures"] = len(failures)
        return counts

    def abort(self) -> None:
        self._join_warm_up()
        if self.out is not None and not self.out.closed:
            self.out.close()
        if self.builder is not None:
            self.builder.abort()


def finalize(outdir: Path, ok_jobs, failures: list[dict], *, store: bool = True) -> dict:
    """Combined outputs from the per-document JSON, sorted by stable name (independent of workers)."""
    comb = Combiner(Path(outdir), ok_jobs, store=store)
    return comb.finish(failures)


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


def _count_cues(counts: dict, name: str, doc: dict) -> None:
    """Cue coverage (diagnostics): how many assignment cues the tasks account for, per document."""
    dg = doc.get("diagnostics") or {}
    found, ok = dg.get("cues_found", 0), dg.get("cues_explained", 0)
    counts["cues_found"] = counts.get("cues_found", 0) + found
    counts["cues_explained"] = counts.get("cues_explained", 0) + ok
    if found:
        counts.setdefault("_cue_docs", []).append((round(ok / found, 4), -found, name))


def _finish_cues(counts: dict) -> None:
    docs = sorted(counts.pop("_cue_docs", []))
    found = counts.setdefault("cues_found", 0)
    counts.setdefault("cues_explained", 0)
    counts["cue_coverage"] = round(counts["cues_explained"] / found, 4) if found else None
    counts["lowest_cue_coverage"] = [{"name": n, "cue_coverage": c, "cues_found": -f} for c, f, n in docs[:10] if c < 1]
