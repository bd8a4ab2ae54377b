"""One document end to end: load -> normalise -> (structure, annotate: spaCy pipeline) -> assemble.

``segmenter``: "jieba" (default; the spaCy pipeline of ``make_nlp()``), "char" (the same pipeline
with one token per character) or "none" (the same annotation functions called directly, with no
spaCy Doc: the batch engine's fast path). All three give byte-identical output (tested).
"""
from __future__ import annotations

import functools
from functools import lru_cache

from .core.model import Findings
from .errors import ExtractorError, InternalError
from .gcpause import gc_paused
from .load import LoadedText, load
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


# The order of the stages after normalisation, in one place. The spaCy pipeline (make_nlp) adds
# them as components in this order and run_direct calls the same steps without a Doc; both give
# byte-identical output (tested). The structure step reads the text; each later step takes the
# Findings of the one before and returns new ones.
COMPONENTS = ["policy_structure", "policy_responsibilities", "policy_deadlines", "policy_quantities"]


def _steps() -> dict:
    """Component name -> step(analysis_text, findings_before) -> Findings."""
    from .annotate import steps
    from .structure.stage import structure
    return {"policy_structure": lambda text, _none: structure(text),
            "policy_responsibilities": steps.responsibilities,
            "policy_deadlines": steps.deadlines,
            "policy_quantities": steps.quantities}


def run_direct(analysis_text: str) -> Findings:
    """The stages without a spaCy Doc: the same functions the spaCy components call, in the same
    order, for batch throughput (no tokenisation at all). Output is identical (tested)."""
    step = _steps()
    found = None
    for name in COMPONENTS:
        found = step[name](analysis_text, found)
    return found


def make_nlp(segmenter: str = "jieba", components: list[str] | None = None):
    """Build the spaCy pipeline: blank ``zh`` and the policy components in the stages' order.
    ``segmenter``: "jieba" (word tokens, unit names from the shipped lexicon added to jieba's
    dictionary) or "char" (one token per character). The extraction is the same whichever is
    used: the components work on character offsets."""
    if segmenter not in ("jieba", "char"):
        raise ValueError(f"segmenter must be jieba or char, not {segmenter!r}")
    import logging

    import jieba
    import spacy

    from .annotate import nlp as _components  # noqa: F401 - registers the factories
    # jieba sets its logger to DEBUG when imported, and spaCy builds its dictionary in blank("zh")
    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "policy_extractor.ChineseTokenizer.v1",
                                                           "segmenter": segmenter}}})
    if segmenter == "jieba":
        _jieba_with_units()
    for c in components or COMPONENTS:
        nlp.add_pipe(c)
    return nlp


@lru_cache(maxsize=1)
def _jieba_with_units() -> None:
    import logging

    import jieba
    jieba.setLogLevel(logging.WARNING)
    from .lang.lexicon_api import unit_terms
    for term in unit_terms():
        jieba.add_word(term, freq=20000, tag="nt")


@lru_cache(maxsize=2)
def shared_nlp(segmenter: str = "jieba"):
    return make_nlp(segmenter)


def run_nlp(analysis_text: str, nlp=None, segmenter: str = "jieba"):
    from .annotate.nlp import TEXT
    if nlp is None:
        nlp = shared_nlp(segmenter)
    doc = nlp.make_doc(analysis_text)
    doc.user_data[TEXT] = analysis_text
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
        from .annotate.nlp import STATE
        state = run_nlp(norm.text, nlp=nlp, segmenter=segmenter).user_data[STATE]
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
