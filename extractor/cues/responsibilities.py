"""Units and their roles in a task: label lines, bracket groups, item labels, inline duties.

Every hit records the rule that produced it (``resp.label``, ``resp.label.verb``, ``resp.paren``,
``resp.item_label``, ``resp.inline.lead`` …) and the span of the unit name as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang.roles import role_cues
from .unitlist import UnitMention, split_units
from ..intervals import Spans
from ..lang.lexicon_api import looks_like_unit
from ..normalise import simplify

_STOP = re.compile(r"[\n。]")
_CLAUSE_SPLIT = re.compile(r"[,;]")


@dataclass(frozen=True)
class RespHit:
    unit: UnitMention
    role: str            # lead | support | responsible
    label: str | None    # the cue as it stands in the analysis text
    label_span: tuple[int, int] | None
    rule: str


def _balanced_end(text: str, start: int, limit: int) -> int:
    """End of a label's list: newline, 。, or a closing bracket that closes an outer bracket."""
    depth = 0
    i = start
    while i < limit:
        ch = text[i]
        if ch in "\n。":
            return i
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return limit


def _top_clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split [s, e) at , and ; outside brackets."""
    out, depth, a = [], 0, s
    for i in range(s, e):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ",;":
            out.append((a, i))
            a = i + 1
    out.append((a, e))
    return [(x, y) for x, y in out if y > x]


def _verb_clause(text: str, s: int, e: int):
    """If the clause [s, e) ends with a role verb: (units_end, verb, role)."""
    cues = role_cues()
    clause = text[s:e]
    m = cues.verb_re.search(clause)
    if not m:
        return None
    rest = m.group("rest")
    if len(rest) > 6:           # "负责组织实施…": a verb phrase, not a role marker closing the clause
        return None
    units_end = s + m.start()       # "等部门" / "等有关部门" tails are handled by split_units
    return units_end, m.group("verb"), cues.verb_role[m.group("verb")]


def _list_hits(text: str, s: int, e: int, role: str, label: str | None, lspan, rule: str,
               first_leads: bool, strict: bool) -> list[RespHit]:
    out: list[RespHit] = []
    noise = role_cues().list_noise
    for cs, ce in _top_clauses(text, s, e):
        if noise is not None and noise.search(text[cs:ce].strip()):
            continue
        vc = _verb_clause(text, cs, ce)
        if vc:
            ue, verb, vrole = vc
            units = split_units(text[cs:ue], cs, strict=strict)
            if first_leads and vrole == "responsible" and units:
                out.append(RespHit(units[0], "lead", verb, lspan, rule + ".verb.first"))
                out += [RespHit(u, "responsible", verb, lspan, rule + ".verb") for u in units[1:]]
            else:
                out += [RespHit(u, vrole, verb, lspan, rule + ".verb") for u in units]
            continue
        if role == "lead_paren_support":
            # "主(协)办机关:A、(B、C)": names in brackets support, the others lead
            pos = cs
            for m in re.finditer(r"\(([^()]*)\)", text[cs:ce]):
                ps, pe = cs + m.start(), cs + m.end()
                out += [RespHit(u, "lead", label, lspan, rule) for u in split_units(text[pos:ps], pos)]
                out += [RespHit(u, "support", label, lspan, rule + ".bracketed")
                        for u in split_units(text[ps + 1:pe - 1], ps + 1)]
                pos = pe
            out += [RespHit(u, "lead", label, lspan, rule) for u in split_units(text[pos:ce], pos)]
            continue
        units = split_units(text[cs:ce], cs, strict=strict)
        marked = [(u, _role_marker(text, u.end, ce)) for u in units]
        if any(r for _, r in marked):
            # "市发展改革委(牵头)、市财政局": a role in brackets after a name overrides the label's
            out += [RespHit(u, r or role if (r or role) in ("lead", "support", "responsible") else "responsible",
                            label, lspan, rule + (".marker" if r else "")) for u, r in marked]
            continue
        if role == "responsible" and first_leads and units:
            out.append(RespHit(units[0], "lead", label, lspan, rule + ".first"))
            out += [RespHit(u, "responsible", label, lspan, rule) for u in units[1:]]
        else:
            out += [RespHit(u, role, label, lspan, rule) for u in units]
    return out


_MARKER = re.compile(r"\s*\((?P<w>牵头|主办|牵头单位|配合|协办|参与|配合单位|负责|责任单位)\)")


def _role_marker(text: str, pos: int, end: int) -> str | None:
    m = _MARKER.match(text, pos, min(end + 1, len(text)))
    if not m:
        return None
    w = m.group("w")
    return "lead" if w.startswith(("牵头", "主办")) else "support" if w.startswith(("配合", "协办", "参与")) else "responsible"


# find_labels answers per (text, span, first_leads): task selection asks about an item's span and
# the responsibility stage about the same span again; bounded, keys hold the text itself
_LABELS_MEMO: dict = {}
_LABELS_MEMO_MAX = 4096          # entries (spans); a notice has a few hundred items at most


def find_labels(text: str, start: int, end: int, first_leads: bool = False) -> tuple[list[RespHit], list[tuple[int, int]]]:
    """'牵头单位:X' lines and label groups inside brackets. Returns hits and the covered spans
    (new lists on every call: callers extend them)."""
    key = (text, start, end, first_leads)
    found = _LABELS_MEMO.get(key)
    if found is None:
        if len(_LABELS_MEMO) >= _LABELS_MEMO_MAX:
            _LABELS_MEMO.clear()
        found = _LABELS_MEMO[key] = _find_labels(text, start, end, first_leads)
    return list(found[0]), list(found[1])


def _find_labels(text: str, start: int, end: int, first_leads: bool) -> tuple[list[RespHit], list[tuple[int, int]]]:
    cues = role_cues()
    hits: list[RespHit] = []
    covered: list[tuple[int, int]] = []
    ms = list(cues.label_re.finditer(text, start, end))
    for k, m in enumerate(ms):
        lg = "label" if m.group("label") is not None else "blabel"
        label = re.sub(r"[ \t]", "", m.group(lg))
        if cues.ignore_label and cues.ignore_label.search(label):
            continue
        role = next((r for w, r in cues.label_role.items() if label.endswith(w)), None)
        if role is None:
            continue
        nxt = ms[k + 1].start() if k + 1 < len(ms) else end
        key = _OTHER_KEY.search(text, m.end(), min(end, nxt))      # "…;完成时限:2024年" ends the list
        if key:
            nxt = key.start()
        le = _balanced_end(text, m.end(), min(end, nxt))
        seg_end = le
        while seg_end > m.end() and text[seg_end - 1] in " ,;:\t":
            seg_end -= 1
        hits += _list_hits(text, m.end(), seg_end, role, label, m.span(lg), "resp.label", first_leads, strict=False)
        covered.append((m.start(), le))
    return hits, covered


# a list ends at the next "key:" field (完成时限: …), even one glued to the last name by OCR
_OTHER_KEY = re.compile(r"[;,。\s][\u4e00-\u9fff]{2,6}\s*:|(?:完成时限|完成时间|完成期限|时间节点|时限要求|时间要求|截止时间|责任人|联系人)\s*:")
_PAREN = re.compile(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)")


def find_paren_groups(text: str, start: int, end: int, covered, first_leads: bool = False) -> list[RespHit]:
    """'(X牵头,Y配合)', '(X负责)', '(A、B指导)' closing a sentence or a task."""
    hits: list[RespHit] = []
    # the spans label lists took, queried per group in O(log n): a scan over all of them per group
    # made one-line texts of many groups quadratic
    taken = Spans(covered)
    for m in _PAREN.finditer(text, start, end):
        if taken.holds(m.start()) or taken.holds_end(m.end()):
            continue
        s, e = m.span(1)
        if e - s < 3:
            continue
        for cs, ce in _top_clauses(text, s, e):
            for sub_s, sub_e in _sentences(text, cs, ce):
                vc = _verb_clause(text, sub_s, sub_e)
                if not vc:
                    continue
                ue, verb, vrole = vc
                units = split_units(text[sub_s:ue], sub_s, strict=True)
                if not units:
                    continue
                if first_leads and vrole == "responsible":
                    hits.append(RespHit(units[0], "lead", verb, (ue, ue + len(verb)), "resp.paren.first"))
                    hits += [RespHit(u, "responsible", verb, (ue, ue + len(verb)), "resp.paren") for u in units[1:]]
                else:
                    hits += [RespHit(u, vrole, verb, (ue, ue + len(verb)), "resp.paren") for u in units]
    return hits


def _sentences(text: str, s: int, e: int):
    a = s
    for i in range(s, e):
        if text[i] == "。":
            if i > a:
                yield a, i
            a = i + 1
    if e > a:
        yield a, e


def carry_forward_units(text: str, start: int, end: int) -> list[tuple[UnitMention, str]]:
    """'以下均需X落实，不再列出' inside [start, end): units responsible for every later task."""
    out = []
    for p in role_cues().carry_forward:
        for m in p.finditer(text, start, end):
            for u in split_units(m.group("units"), m.start("units"), strict=True):
                out.append((u, "resp.carry_forward"))
    return out


def declares_first_leads(text: str) -> tuple[int, int] | None:
    rx = role_cues().first_leads
    m = rx.search(text) if rx else None
    return m.span() if m else None


_ITEM_LABEL = re.compile(r"\s*(?P<units>[^:。;,\n]{2,80}?)\s*:")


def find_item_label(text: str, body: int, end: int) -> list[RespHit]:
    """An item that opens with its units, '市工信局:落实…' -> responsible."""
    m = _ITEM_LABEL.match(text, body, end)
    if not m:
        return []
    seg = m.group("units")
    if role_cues().label_re.search(seg + ":"):
        return []
    units = split_units(seg, m.start("units"))
    if not units or not all(looks_like_unit(u.name) for u in units):
        return []
    return [RespHit(u, "responsible", None, None, "resp.item_label") for u in units]


def find_inline(text: str, start: int, end: int, scopes=("any", "inline")) -> list[RespHit]:
    """Duties in running text: '由X牵头', 'X负责', '会同Y' (only used when nothing explicit is found).
    ``scopes``: which entries to try ("any": the explicit 由X… forms; "inline": the looser ones)."""
    hits: list[RespHit] = []
    seen: set[tuple[int, str]] = set()
    for role, cue, scope, pats in role_cues().inline:
        if scope not in scopes or text.find(cue, start, end) == -1:
            continue
        for p in pats:
            for m in p.finditer(text, start, end):
                us, ue = m.span("units")
                # left boundary: after the last clause punctuation or a subject marker
                seg = text[us:ue]
                cut = max(seg.rfind(c) for c in ",;:。.“”《》\n")
                depth = 0                       # an unbalanced bracket bounds the list too
                for k in range(len(seg) - 1, cut, -1):
                    if seg[k] == ")":
                        depth += 1
                    elif seg[k] == "(":
                        if depth == 0:
                            cut = k
                            break
                        depth -= 1
                if cut != -1:
                    us += cut + 1
                    seg = text[us:ue]
                units = split_units(seg, us, strict=True)
                for u in units:
                    key = (u.start, role)
                    if key not in seen:
                        seen.add(key)
                        hits.append(RespHit(u, role, None, None, f"resp.inline.{role}"))
    return hits




def subjectless_lead(text: str, start: int, end: int) -> bool:
    """'…,牵头制定…' with no unit before 牵头 in its clause: the item's own unit leads."""
    for m in re.finditer(r"牵头(?!单位|部门)", text[start:end]):
        i = start + m.start()
        j = max(text.rfind(c, start, i) for c in ",;:。")
        clause = text[j + 1:i] if j != -1 else text[start:i]
        if not clause.strip() or not _ends_with_unit(clause):
            return True
    return False


# looks_like_unit never accepts a name longer than this after folding (lexicon.looks_like_unit)
_UNIT_NAME_MAX = 40


def _ends_with_unit(clause: str) -> bool:
    """Some tail of the clause looks like a unit name. Tails are tried from the shortest, and only
    while they could still be a name: folding (simplify, then drop whitespace and a trailing 等 run)
    shortens a tail by no more than its whitespace and that run, so once the other characters pass
    the limit no longer tail can be a name. A long clause costs O(len), not O(len²) in slices."""
    folded = simplify(clause)               # same length; tells which characters folding drops
    j, trailing_deng = len(folded), 0
    while j > 0 and (folded[j - 1] == "等" or folded[j - 1].isspace()):
        trailing_deng += folded[j - 1] == "等"
        j -= 1
    letters = 0
    for k in range(len(clause) - 1, -1, -1):
        if not folded[k].isspace():
            letters += 1
            if letters - trailing_deng > _UNIT_NAME_MAX:
                return False
        if looks_like_unit(clause[k:]):
            return True
    return False
