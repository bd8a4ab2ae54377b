"""What a worker does with one document: extract, check, serialise (and, on a shared file system,
write). Runs in worker processes (local engine) or on Dask workers; imports nothing heavy until
called. The spaCy pipeline is built once per worker process (``init_worker``)."""
from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ..emit.files import write_atomic
from ..errors import ExtractorError, InputError, InternalError


@dataclass(frozen=True)
class Options:
    segmenter: str = "none"          # "none" (no spaCy Doc), "char" or "jieba": identical output, none is fastest
    script: str = "original"
    include_text: bool = True
    check: bool = True               # check each output against the contract before writing it
    ocr: str = "auto"                # auto | always | never (see load.ocr)

    def key(self) -> dict:
        """What an output depends on besides the input bytes and the tool version."""
        k = {"script": self.script, "include_text": self.include_text}
        if self.ocr != "auto":       # the default leaves keys of earlier runs valid for --resume
            k["ocr"] = self.ocr
        return k


def dump_json(doc: dict) -> str:
    """The per-document JSON, compact on one line (json's C encoder: indenting would make encoding
    the costliest step of a batch); ``documents.jsonl`` is these lines concatenated."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


_STATE: dict = {}


def init_worker(segmenter: str = "none") -> None:
    """Process-pool initializer: build the spaCy pipeline once for this process (for "none", load
    the lexicon, rules and converters once by extracting a tiny notice)."""
    import logging
    logging.getLogger("jieba").setLevel(logging.WARNING)
    from ..load import ocr
    ocr.PAGE_WORKERS, ocr.PAGE_THREADS = 1, 1      # documents run in parallel: a scan's pages in turn
    try:
        if segmenter == "none":
            from ..pipeline import extract_text
            extract_text("关于做好有关工作的通知\n一、加强统筹。\n牵头单位：市发展改革委\n", segmenter="none")
            return
        from ..pipeline import shared_nlp
        _STATE["nlp"] = {segmenter: shared_nlp(segmenter)}
    except Exception as e:  # noqa: BLE001 - not swallowed: process() raises it for every document
        # a broken data file or code module: an initializer that raised would break the pool, and
        # every document would be reported as a worker crash instead of the real error
        _STATE["init_error"] = e if isinstance(e, ExtractorError) else InternalError.wrap(e)


def preflight() -> None:
    """Load the shipped (or configured) rule and lexicon files once in the batch's parent, before any
    worker starts: a broken data file (or a broken module) stops the batch with its one-line error
    (exit 3, or 70) before any document is tried, instead of failing every document alike; forked
    workers inherit what was loaded."""
    from ..pipeline import extract_text
    extract_text("关于做好有关工作的通知\n一、加强统筹。\n牵头单位：市发展改革委\n", segmenter="none")


def _nlp(segmenter: str):
    if segmenter == "none":
        return None
    cache = _STATE.setdefault("nlp", {})
    if segmenter not in cache:
        from ..pipeline import shared_nlp
        cache[segmenter] = shared_nlp(segmenter)
    return cache[segmenter]


def check_document(doc: dict) -> list[str]:
    """The contract, fast: the pydantic models the schema is generated from, and the span contract."""
    from ..emit.validate import validate_document
    return validate_document(doc, fast=True)


def _error(job, exc: BaseException) -> dict:
    """The failure record of ``errors.jsonl``: ``kind`` is input, data or internal (the branch of
    the error root), ``detail`` the specific problem; an unexpected exception is an internal error."""
    if not isinstance(exc, ExtractorError):
        exc = InternalError.wrap(exc, job.path)
    message = exc.line() if exc.path else f"{job.path}: {exc.line()}"
    # for a wrapped bug, the class of the original exception (KeyError, ...)
    cause = exc.__cause__ if isinstance(exc, InternalError) and exc.__cause__ is not None else exc
    return {"name": job.name, "path": job.path, "ok": False, "error": type(cause).__name__, "kind": exc.kind,
            "detail": exc.detail, "message": message[:2000]}


def _peak_rss_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def process(job, options: Options, outdir: str | None = None, data: bytes | None = None) -> dict:
    """Extract one document. Never raises for a bad input: returns a result record. With ``outdir``
    the JSON is written there (atomically) and not returned; without, it is returned as text."""
    t0 = time.perf_counter()
    try:
        from ..load import load, load_bytes
        from ..pipeline import extract_loaded
        if "init_error" in _STATE:
            raise _STATE["init_error"]
        loaded = load_bytes(data, job.path, ocr=options.ocr) if data is not None else load(job.path, ocr=options.ocr)
        if loaded.sha256 != job.sha256:
            raise InputError(job.path, "file changed while the batch ran (content hash differs); run again")
        doc = extract_loaded(loaded, script=options.script, include_text=options.include_text,
                             nlp=_nlp(options.segmenter), segmenter=options.segmenter)
        if options.check:
            problems = check_document(doc)
            if problems:
                raise InternalError(job.path, f"internal error: output fails validation: {problems[0]}")
        text = dump_json(doc)
        if outdir is not None:
            write_atomic(Path(outdir) / "documents" / f"{job.name}.json", text)
        res = {"name": job.name, "path": job.path, "ok": True, "tasks": len(doc["tasks"]),
               "responsibilities": sum(len(t["responsibilities"]) for t in doc["tasks"]),
               "chars": doc["source"]["chars"], "json": None if outdir is not None else text}
    except Exception as e:  # noqa: BLE001 - the batch boundary: every failure is recorded (kind input/data/internal), the batch goes on
        res = _error(job, e)
    res["seconds"] = time.perf_counter() - t0
    res["pid"] = os.getpid()
    res["peak_rss_mb"] = _peak_rss_mb()
    return res


def process_many(jobs, options: Options, outdir: str | None = None) -> list[dict]:
    """Several small documents in one round trip to a worker (less inter-process overhead)."""
    return [process(job, options, outdir) for job in jobs]


def options_dict(o: Options) -> dict:
    return asdict(o)
