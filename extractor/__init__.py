"""policy-extractor: structured, verifiable data from Chinese government policy notices.

The pipeline flows one way::

    load (format -> text + page map) -> normalise (script, width, offset map)
    -> structure (notice, metadata, outline) -> annotate (units, roles, deadlines, quantities)
    -> assemble (document model) -> emit (JSON, graph, tables, report)

Heavy dependencies (spaCy, jieba, OpenCC, pdf libraries) are imported lazily so that
``policy-extract --help`` starts fast.
"""
from __future__ import annotations

from .version import SCHEMA_VERSION, __version__

__all__ = ["__version__", "SCHEMA_VERSION", "extract_file", "extract_text", "make_nlp"]


def extract_file(path, **kwargs):
    """Extract one notice file (TXT, PDF, DOCX, HTML) into a JSON-ready dict (schema 1.1)."""
    from .pipeline import extract_file as _f
    return _f(path, **kwargs)


def extract_text(text, **kwargs):
    """Extract a notice given as a decoded string."""
    from .pipeline import extract_text as _f
    return _f(text, **kwargs)


def make_nlp(**kwargs):
    """Build the spaCy pipeline (blank zh + jieba + the policy components)."""
    from .pipeline import make_nlp as _f
    return _f(**kwargs)
