"""Helpers shared by the phrase tests (test_families, test_phrases_audit3, test_review_dq): read
deadlines and quantities from a sentence written for a test, in the script it is given."""
from __future__ import annotations

from extractor.annotate.deadlines import find_deadlines
from extractor.annotate.quantities import find_quantities
from extractor.normalise import normalise, to_script

SCRIPTS = ["simplified", "traditional"]


def conv(s: str, script: str) -> str:
    return s if script == "simplified" else to_script(s, "traditional")


def dls(src: str, **kw) -> list[tuple]:
    """(text in Simplified, date, kind) of each deadline read in ``src``."""
    t = normalise(src).text
    return [(normalise(src[h.start:h.end]).text, h.date, h.kind) for h in find_deadlines(t, **kw)]


def quantity_rows(src: str, fields: tuple[str, ...], **kw) -> list[tuple]:
    """(text in Simplified, *fields) of each quantity read in ``src``, with its deadlines masked."""
    t = normalise(src).text
    hits = find_quantities(t, deadlines=find_deadlines(t, **kw))
    return [(normalise(src[h.start:h.end]).text, *(getattr(h, f) for f in fields)) for h in hits]
