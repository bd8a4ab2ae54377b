"""``who``: every task that names a unit, with its role, deadlines and document.

The query may be written in either script, full- or half-width, or as a known abbreviation
(市发改委 for 市发展和改革委员会): it is resolved to the same unit id as the names in the
documents; a query the lexicon does not know also matches names equal to it after folding. A
query that names the document's own place (湖光市商务局) also finds the short form the document
writes under that place (市商务局 in a notice issued by 湖光市人民政府).
"""
from __future__ import annotations

import re

from ..lang.lexicon_api import resolve
from ..normalise import fold as _fold


def matches(query: str, resp: dict) -> bool:
    qid = resolve(query).id
    if resp.get("unit_id") == qid:
        return True
    return _fold(resp["unit"]) == _fold(query)


# the place an issuer governs, up to its level word (湖光市人民政府 -> 湖光市, 青山县委办公室 -> 青山县);
# 州 last: 郑州市 is a city, not a prefecture 郑州
_PLACES = (re.compile(r"^(?:中共)?(?P<p>[\u4e00-\u9fff]{1,8}?(?:自治州|自治县|自治旗|特别行政区|[省市县区盟旗]))"),
           re.compile(r"^(?:中共)?(?P<p>[\u4e00-\u9fff]{1,8}?州)"))


def local_forms(query: str, doc: dict) -> list[str]:
    """The query with the document's own place cut to its level word (湖光市商务局 -> 市商务局 in a
    notice of 湖光市): how a notice names its own city's bodies."""
    out = []
    q = _fold(query)
    for issuer in doc["metadata"].get("issuers") or []:
        m = next((m for rx in _PLACES if (m := rx.match(_fold(issuer)))), None)
        if not m:
            continue
        place = m.group("p")
        if len(place) >= 2 and q.startswith(place) and len(q) > len(place) + 1:
            short = place[-1] + q[len(place):]
            if short not in out:
                out.append(short)
    return out


def who(query: str, docs) -> list[dict]:
    rows = []
    for name, doc in docs:
        title = doc["metadata"].get("title") or doc["metadata"].get("notice_title")
        forms = [query, *local_forms(query, doc)]
        for t in doc["tasks"]:
            roles = [r for r in t["responsibilities"] if any(matches(f, r) for f in forms)]
            if not roles:
                continue
            seen = []
            for r in roles:
                if r["role"] not in seen:
                    seen.append(r["role"])
            rows.append({
                "document": name, "document_title": title, "doc_number": doc["metadata"].get("doc_number"),
                "task_id": t["id"], "number": t["number"], "title": t["title"],
                "role": seen[0], "roles": seen, "unit": roles[0]["unit"], "unit_id": roles[0]["unit_id"],
                "deadlines": [{"text": d["text"], "date": d["date"], "kind": d["kind"]} for d in t["deadlines"]],
                "span": t["span"],
            })
    return rows


def suggestions(query: str, docs, limit: int = 8) -> list[str]:
    """Unit names in the documents close to a query that matched nothing ("发改" -> 市发展改革委)."""
    q = _fold(query)
    core = q.lstrip("各市省区县国家")
    seen: dict[str, int] = {}
    for _name, doc in docs:
        for t in doc["tasks"]:
            for r in t["responsibilities"]:
                u = _fold(r["unit"])
                canonical = resolve(r["unit"]).canonical
                if (core and (core in u or core in canonical)) or (u and u in q):
                    seen[r["unit"]] = seen.get(r["unit"], 0) + 1
    return [u for u, _ in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))][:limit]
