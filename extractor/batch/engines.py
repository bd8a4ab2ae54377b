"""Engines run ``work.process`` over jobs and hand each result to a callback, in any order (the
runner makes the outputs order-independent).

- ``local``: a process pool on this machine; each worker builds the spaCy pipeline once in its
  initializer and writes its documents' JSON itself. A worker that dies (a crash, the OOM killer)
  breaks the pool: its in-flight documents are retried one at a time in a fresh pool, and a
  document that kills a worker again is recorded as a failure.
- ``dask``: a Dask distributed cluster (``--scheduler ADDRESS``, or a local cluster on 127.0.0.1
  when no address is given). The client sends each file's bytes, so workers need no shared file
  system; a worker plugin builds the pipeline once per worker; results come back as JSON text and
  the client writes them.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from typing import Callable

from .work import Options, init_worker, process, process_many


def _mp_context():
    method = os.environ.get("POLICY_EXTRACT_MP_START")
    if not method:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _crash_record(job, why: str) -> dict:
    return {"name": job.name, "path": job.path, "ok": False, "error": "WorkerCrashed", "kind": "internal", "detail": "crash",
            "message": f"{job.path}: the worker process died while extracting this file ({why})",
            "seconds": 0.0, "pid": None, "peak_rss_mb": None}


CHUNK_DOCS = 16             # documents per round trip to a worker
CHUNK_BYTES = 256 * 1024    # ... and at most this many bytes of input


def run_local(jobs, options: Options, outdir: str, workers: int, on_result: Callable[[dict], None]) -> None:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    workers = max(1, int(workers))
    ctx = _mp_context()
    # stable-name order: the runner combines documents.jsonl and the store in that order while the
    # workers go on, so results arriving in order let it keep up (big-first gave a shorter tail but
    # left all the combining to the end, ~0.5 s a thousand small files)
    pending = deque(sorted(jobs, key=lambda j: j.name))
    suspects: deque = deque()
    window = workers * 4

    def new_pool(n):
        return ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=init_worker,
                                   initargs=(options.segmenter,))

    while pending or suspects:
        # documents that were in flight when a worker died: one at a time, alone in a pool
        while suspects:
            job = suspects.popleft()
            pool = new_pool(1)
            try:
                on_result(pool.submit(process, job, options, outdir).result())
            except BrokenProcessPool as e:
                on_result(_crash_record(job, str(e) or "killed"))
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        if not pending:
            break
        pool = new_pool(workers)
        inflight = {}
        try:
            while pending or inflight:
                while pending and len(inflight) < window:
                    chunk = [pending.popleft()]
                    # small documents travel in chunks (one round trip each); big ones alone
                    size = chunk[0].size
                    while pending and len(chunk) < CHUNK_DOCS and size + pending[0].size <= CHUNK_BYTES:
                        size += pending[0].size
                        chunk.append(pending.popleft())
                    inflight[pool.submit(process_many, chunk, options, outdir)] = chunk
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for fut in done:
                    results = fut.result()      # raises BrokenProcessPool: the chunk's jobs become suspects
                    del inflight[fut]
                    for res in results:
                        on_result(res)
        except BrokenProcessPool:
            suspects.extend(sorted((j for chunk in inflight.values() for j in chunk), key=lambda j: j.name))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _dask_plugin(segmenter: str):
    from distributed.diagnostics.plugin import WorkerPlugin

    class BuildPipeline(WorkerPlugin):
        name = f"policy-extract-nlp-{segmenter}"

        def __init__(self, segmenter):
            self.segmenter = segmenter

        def setup(self, worker):
            init_worker(self.segmenter)

    return BuildPipeline(segmenter)


def _remote(job, options, data):
    return process(job, options, None, data)


def run_dask(jobs, options: Options, scheduler: str | None, workers: int,
             on_result: Callable[[dict], None]) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        from ..errors import MissingExtra
        raise MissingExtra("--engine dask", "dask", "dask.distributed") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, int(workers)), threads_per_worker=1, host="127.0.0.1",
                               dashboard_address=None, processes=True)
        client = Client(cluster)
    try:
        client.register_plugin(_dask_plugin(options.segmenter))
        todo = deque(sorted(jobs, key=lambda j: j.name))          # the order the runner combines in
        window = max(8, 4 * max(1, len(client.scheduler_info().get("workers", {})) or 1))
        by_key = {}

        def submit():
            """The next job's future, or None when no job is left (unreadable files are reported)."""
            while todo:
                job = todo.popleft()
                try:
                    with open(job.path, "rb") as f:
                        data = f.read()
                except OSError as e:
                    on_result({"name": job.name, "path": job.path, "ok": False, "error": type(e).__name__,
                               "kind": "input", "detail": "read", "message": f"{job.path}: {e.strerror or e}",
                               "seconds": 0.0, "pid": None, "peak_rss_mb": None})
                    continue
                fut = client.submit(_remote, job, options, data, pure=False,
                                    key=f"policy-extract-{job.sha256[:16]}-{abs(hash(job.name)):x}")
                by_key[fut.key] = job
                return fut
            return None

        first = [f for f in (submit() for _ in range(window)) if f is not None]
        ac = as_completed(first)
        for fut in ac:
            job = by_key.pop(fut.key)
            try:
                res = fut.result()
            except Exception as e:  # noqa: BLE001 - a lost worker or a task that raised: recorded, the batch goes on
                from .work import _error
                res = _error(job, e)
                res.update(seconds=0.0, pid=None, peak_rss_mb=None)
            fut.release()
            on_result(res)
            nxt = submit()
            if nxt is not None:
                ac.add(nxt)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
