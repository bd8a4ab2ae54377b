"""Implementation alignment: which upper-level task(s) each task of a lower-level plan carries out.

Works on the JSON contract (two extraction dicts), not on the pipeline's internals::

    from extractor.align import align_documents
    al = align_documents(upper_doc, lower_doc)     # see schemas/alignment.schema.json
"""
from __future__ import annotations

from .core import ALIGNMENT_VERSION, align_documents, lower_cites_upper, norm_doc_number

__all__ = ["ALIGNMENT_VERSION", "align_documents", "lower_cites_upper", "norm_doc_number"]
