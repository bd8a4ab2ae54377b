"""One document end to end: load -> normalise -> (structure, annotate: spaCy pipeline) -> assemble.

``segmenter``: "jieba" (default; the spaCy pipeline of ``make_nlp()``), "char" (the same pipeline
with one token per character) or "none" (the same annotation functions called directly, with no
spaCy Doc: the batch engine's fast path). All three give byte-identical output (tested).
"""
from __future__ import annotations

import functools
from pathlib import Path

from . import SCHEMA_VERSION, __version__
from .errors import ExtractorError, InternalError
from .gcpause import gc_paused
from .load import LoadedText, load, load_bytes
from .normalise import normalise, to_script


def _boundary(source):
    """The library's edge: an ExtractorError (bad input, bad data) passes through; anything else is
    a bug and becomes an InternalError naming the file (``source(args, kwargs)``), with the
    original exception as its ``__cause__``."""
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except ExtractorError:
                raise
            except Exception as e:
                raise InternalError.wrap(e, source(args, kwargs)) from e
        return wrapper
    return deco


@_boundary(lambda a, kw: a[0] if a else kw.get("path"))
def extract_file(path, *, script: str = "original", include_text: bool = True, nlp=None,
                 segmenter: str = "jieba", ocr: str = "auto") -> dict:
    loaded = load(path, ocr=ocr)
    return extract_loaded(loaded, script=script, include_text=include_text, nlp=nlp, segmenter=segmenter)


@_boundary(lambda a, kw: kw.get("path"))
def extract_text(text: str, *, path: str | None = None, script: str = "original", include_text: bool = True,
                 nlp=None, segmenter: str = "jieba") -> dict:
    import hashlib
    loaded = LoadedText(text=text, path=path, format="txt", encoding=None,
                        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    return extract_loaded(loaded, script=script, include_text=include_text, nlp=nlp, segmenter=segmenter)


def run_direct(analysis_text: str) -> dict:
    """The annotation stages without a spaCy Doc: the same functions the spaCy components call,
    in the same order, for batch throughput (no tokenisation at all). Output is identical (tested)."""
    from .annotate import steps
    st: dict = {"text": analysis_text}
    st.update(steps.structure(analysis_text, {}))
    steps.responsibilities(analysis_text, st)
    steps.deadlines(analysis_text, st)
    steps.quantities(analysis_text, st)
    return st


def run_nlp(analysis_text: str, nlp=None, segmenter: str = "jieba"):
    if nlp is None:
        from .annotate.nlp import shared_nlp
        nlp = shared_nlp(segmenter)
    doc = nlp.make_doc(analysis_text)
    doc.user_data["policy"] = {"text": analysis_text}
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


@_boundary(lambda a, kw: (a[0] if a else kw["loaded"]).path)
@gc_paused
def extract_loaded(loaded: LoadedText, *, script: str = "original", include_text: bool = True, nlp=None,
                   segmenter: str = "jieba") -> dict:
    norm = normalise(loaded.text)
    if segmenter == "none" and nlp is None:
        state = run_direct(norm.text)
    else:
        state = run_nlp(norm.text, nlp=nlp, segmenter=segmenter).user_data["policy"]
    from .assemble.build import assemble
    out = assemble(loaded, norm, state, include_text=include_text)
    if script and script != "original":
        out = convert_script(out, script)
        out["source"]["display_script"] = script
    return out


_DISPLAY_KEYS = {"notice_title", "title", "doc_number", "issuers", "recipients", "text", "unit", "name", "aliases",
                 "label", "metric", "message"}


def convert_script(obj, script: str, key: str | None = None):
    """Convert display strings to a script; spans, ids, numbers and source text are untouched."""
    if isinstance(obj, dict):
        return {k: (v if k in ("source", "span", "id", "unit_id", "rule") else convert_script(v, script, k))
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [convert_script(v, script, key) for v in obj]
    if isinstance(obj, str) and key in _DISPLAY_KEYS:
        return to_script(obj, script)
    return obj
