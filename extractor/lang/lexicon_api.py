"""The unit lexicon as the stages use it: resolve a name, test a name, list the known terms.

A thin façade over :mod:`extractor.lang.lexicon` (data-driven, ``data/units.toml``), so that the
stages do not depend on its internals. ``resolve`` returns the lexicon's :class:`Resolved`
dataclass (read by field name, never by index).
"""
from __future__ import annotations

from .lexicon import Resolved, looks_like_unit, resolve_unit as resolve, unit_terms

__all__ = ["Resolved", "looks_like_unit", "resolve", "unit_terms"]
