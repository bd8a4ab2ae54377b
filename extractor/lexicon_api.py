"""Thin façade over the unit lexicon, so that pipeline stages do not depend on its internals.

``extractor.annotate.lexicon`` (data-driven, ``data/units.toml``) provides resolve_unit,
looks_like_unit and unit_terms; until it is importable a suffix-based fallback keeps the
pipeline working.
"""
from __future__ import annotations

import re
from functools import lru_cache

try:  # pragma: no cover - exercised whichever way the package is built
    from .annotate.lexicon import looks_like_unit as _looks, resolve_unit as _resolve, unit_terms as _terms
except Exception:  # noqa: BLE001 - the lexicon module is optional during development
    _looks = _resolve = _terms = None

_SUFFIX = re.compile(
    r"(?:局|委|厅|部|办|办公室|办公厅|政府|管委会|中心|公司|集团|院|所|协会|商会|联合会|会|室|队|署|行|站|处|科|"
    r"单位|部门|机构|企业|银行|海关|法院|检察院|总社|总署|总局|分局|支队|大队|学校|大学|医院|街道|乡镇|社区|指挥部|"
    r"领导小组|工作组|小组|委员会|组织|集团|监管局|运营商|社|团|馆|区|县|市|省|镇|乡|村|园区)$")
_NOT_UNIT = re.compile(r"[。!?]|^(?:要|应|并|将|及时|全面|加强|推进|建立|各项|工作|任务)")


@lru_cache(maxsize=65536)
def looks_like_unit(name: str) -> bool:
    if _looks is not None:
        try:
            return bool(_looks(name))
        except Exception:  # noqa: BLE001
            pass
    if not name or len(name) > 40 or _NOT_UNIT.search(name):
        return False
    return bool(_SUFFIX.search(name))


@lru_cache(maxsize=65536)
def resolve(name: str):
    """(id, canonical, kind, known, variants) for a unit name in any script."""
    if _resolve is not None:
        r = _resolve(name)
        return r.id, r.canonical, r.kind, r.known, tuple(r.variants)
    from .normalise import simplify
    s = simplify(name).replace(" ", "")
    kind = "catch_all" if re.search(r"^各|有关|相关|成员单位", s) else (
        "enterprise" if re.search(r"公司|集团|企业", s) else "department")
    return f"unit:{s}", s, kind, False, ()


def unit_terms() -> list[str]:
    if _terms is not None:
        return list(_terms())
    return []
