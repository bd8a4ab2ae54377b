"""Unit name forms for the report's filter, folded at build time.

The page's unit filter must match a unit typed in either script or as a known abbreviation
(市发改委, 市發改委) without shipping the lexicon or OpenCC to the browser. So, at build time:

* every unit id named in the documents gets all its forms: the names as written, the lexicon's
  surface forms that resolve to the same id (市发改委 → unit:市发展和改革委员会), each in
  Simplified and Traditional, plus each one *folded* (Simplified, half-width, no spaces);
* a small Traditional→Simplified character map is generated with OpenCC t2s over the
  characters of those forms and of the documents' text, so that the page can fold whatever
  the user types the same way before comparing.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from ..normalise import fold, to_script



@lru_cache(maxsize=1)
def _lexicon_index() -> dict[str, tuple[str, ...]]:
    """unit id -> Simplified surface forms the lexicon knows for it."""
    from ..lang.lexicon import get_lexicon, resolve_unit
    forms = get_lexicon().surface_forms()
    idx: dict[str, list[str]] = defaultdict(list)
    for f in forms:
        idx[resolve_unit(f).id].append(f)
    return {k: tuple(v) for k, v in idx.items()}


def _resolve(name: str):
    from ..lang.lexicon_api import resolve
    return resolve(name)


def lexicon_forms(unit_id: str, canonical: str) -> list[str]:
    """Known Simplified surface forms of a unit id, including place-prefixed ones
    (郑州市发改委 for unit:郑州市发展和改革委员会, built from the level-only variant's forms)."""
    idx = _lexicon_index()
    out = list(idx.get(unit_id, ()))
    if not out and canonical:
        for vid in _resolve(canonical).variants:
            vcanon = vid.split(":", 1)[1]
            level_forms = idx.get(vid, ())
            # 郑州市发展和改革委员会 = 郑州 + 市发展和改革委员会
            if canonical.endswith(vcanon) and len(canonical) > len(vcanon):
                prefix = canonical[: -len(vcanon)]
                for f in level_forms:
                    cand = prefix + f
                    if _resolve(cand).id == unit_id:
                        out.append(cand)
    return out


def unit_forms(docs) -> dict[str, dict]:
    """unit id -> {"name": display name, "written": [...], "forms": [...], "folded": [...]} for every
    unit named in a task of ``docs`` (a list of documents)."""
    written: dict[str, list[str]] = defaultdict(list)
    canon: dict[str, str] = {}
    for doc in docs:
        for u in doc.get("units", []):
            canon.setdefault(u["id"], u["name"])
            for a in u.get("aliases", []):
                if a not in written[u["id"]]:
                    written[u["id"]].append(a)
        for t in doc["tasks"]:
            for r in t["responsibilities"]:
                uid = r["unit_id"]
                canon.setdefault(uid, uid.split(":", 1)[1])
                if r["unit"] not in written[uid]:
                    written[uid].append(r["unit"])
    out = {}
    for uid, names in written.items():
        forms: list[str] = []
        for s in [*names, canon[uid], *lexicon_forms(uid, canon[uid])]:
            for v in (s, to_script(s, "simplified"), to_script(s, "traditional")):
                if v and v not in forms:
                    forms.append(v)
        folded = list(dict.fromkeys(fold(f) for f in forms))
        out[uid] = {"name": canon[uid], "written": names, "forms": forms, "folded": folded}
    return out


def t2s_char_map(texts) -> dict[str, str]:
    """Traditional→Simplified map over the characters in ``texts`` (OpenCC t2s, one char to one)."""
    chars = sorted({c for t in texts for c in (t or "") if ord(c) > 0x2E7F})
    if not chars:
        return {}
    conv = to_script("\n".join(chars), "simplified").split("\n")
    if len(conv) != len(chars):  # pragma: no cover - to_script is length-preserving
        conv = [to_script(c, "simplified") for c in chars]
    return {c: s for c, s in zip(chars, conv) if len(s) == 1 and s != c}
