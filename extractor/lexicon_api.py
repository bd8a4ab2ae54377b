"""Thin façade over the unit lexicon (``extractor.annotate.lexicon``, data-driven from
``data/units.toml``), so that pipeline stages do not depend on its internals."""
from __future__ import annotations

from functools import lru_cache

from .annotate.lexicon import looks_like_unit as _looks, resolve_unit as _resolve, unit_terms as _terms


@lru_cache(maxsize=65536)
def looks_like_unit(name: str) -> bool:
    return bool(_looks(name))


@lru_cache(maxsize=65536)
def resolve(name: str):
    """(id, canonical, kind, known, variants) for a unit name in any script."""
    r = _resolve(name)
    return r.id, r.canonical, r.kind, r.known, tuple(r.variants)


def unit_terms() -> list[str]:
    return list(_terms())
