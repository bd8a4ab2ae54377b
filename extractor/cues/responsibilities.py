"""Units and their roles in a task: label lines, bracket groups, item labels, inline duties.

Every hit records the rule that produced it (``resp.label``, ``resp.label.verb``, ``resp.paren``,
``resp.item_label``, ``resp.inline.lead`` …) and the span of the unit name as written.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ..core.prefilter import finditer_units
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


def _balanced_end(text: str, start: int, limit: int, in_bracket: bool = False) -> int:
    """End of a label's list: newline, 。, or a closing bracket that closes an outer bracket.
    in_bracket: the label stands inside an open bracket, so a line break shortly before that
    bracket closes is a wrapped line ("市发展和改" / "革委员会、市公安局)"), not the list's end."""
    depth = 0
    i = start
    while i < limit:
        ch = text[i]
        if ch == "\n" and in_bracket and _wrapped_before_close(text, i, limit):
            i += 1
            continue
        if ch in "\n。":
            return i
        if ch in "(〔":
            depth += 1
        elif ch in ")〕":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return limit


_WRAP_MAX = 40
_GROUP_REACH = 200


def _wrapped_before_close(text: str, nl: int, limit: int) -> bool:
    """The line after the break at ``nl`` closes the bracket within a few characters, holding no
    other break, full stop, bracket or label: the rest of the same list."""
    j = nl + 1
    while j < min(limit, nl + 1 + _WRAP_MAX):
        ch = text[j]
        if ch in ")〕":
            return j > nl + 1
        if ch in "\n。(〔:":
            return False
        j += 1
    return False


def _opens_bracket(text: str, pos: int) -> bool:
    """An unclosed ( or 〔 stands between the start of pos's line and pos (looked for within a
    bracket group's reach, so a text on one line costs no more per label)."""
    ls = text.rfind("\n", max(0, pos - _GROUP_REACH), pos) + 1
    ls = max(ls, pos - _GROUP_REACH)
    depth = 0
    for ch in text[ls:pos]:
        if ch in "(〔":
            depth += 1
        elif ch in ")〕":
            depth = max(0, depth - 1)
    return depth > 0


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
    while m.group("rest") and len(m.group("rest")) <= 6:
        # "按职责分工配合": the last role verb of the clause decides
        m2 = cues.verb_re.search(clause, m.end("verb"))
        if not m2:
            break
        m = m2
    rest = m.group("rest")
    if len(rest) > 6:           # "负责组织实施…": a verb phrase, not a role marker closing the clause
        return None
    units_end = s + m.start()       # "等部门" / "等有关部门" tails are handled by split_units
    if cues.modifier_tail is not None:
        # "X、Y按职责分工配合": the words between the list and its verb scope the verb over the list
        mm = cues.modifier_tail.search(text, s, units_end)
        if mm and mm.start() > s:
            units_end = mm.start()
    return units_end, m.group("verb"), cues.verb_role[m.group("verb")]


def _list_hits(text: str, s: int, e: int, role: str, label: str | None, lspan, rule: str,
               first_leads: bool, strict: bool) -> list[RespHit]:
    out: list[RespHit] = []
    noise = role_cues().list_noise
    lead_given = False          # a declared first-listed lead is the first unit of the whole list
    for cs, ce in _top_clauses(text, s, e):
        if noise is not None:
            # "X、Y(列第一位的为牵头单位)": a note in brackets closing the list is not the list
            tail = _TRAILING_NOTE.search(text, cs, ce)
            if tail and tail.start() > cs and noise.search(tail.group(1)):
                ce = tail.start()
            if noise.search(text[cs:ce].strip()):
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
            if not lead_given:
                out.append(RespHit(units[0], "lead", label, lspan, rule + ".first"))
                units = units[1:]
                lead_given = True
            out += [RespHit(u, "responsible", label, lspan, rule) for u in units]
        else:
            out += [RespHit(u, role, label, lspan, rule) for u in units]
    return out


_TRAILING_NOTE = re.compile(r"\(([^()]*)\)\s*$")
_MARKER = re.compile(r"\s*\((?P<w>牵头|主办|牵头单位|配合|协办|参与|配合单位|负责|责任单位)\)")


def _role_marker(text: str, pos: int, end: int) -> str | None:
    m = _MARKER.match(text, pos, min(end + 1, len(text)))
    if not m:
        return None
    w = m.group("w")
    return "lead" if w.startswith(("牵头", "主办")) else "support" if w.startswith(("配合", "协办", "参与")) else "responsible"


_LABEL_CACHE: list = [None, None, None]       # [text, starts, matches] of the last text scanned


@lru_cache(maxsize=1)
def _label_tail_re() -> re.Pattern:
    """Where a label can end: the last character of a label word before its colon, or 【."""
    tails = "".join(sorted({w[-1] for w in role_cues().label_role}))
    return re.compile(rf"[{re.escape(tails)}]\s*[:：]|【")


def _scan_labels(text: str) -> list:
    """label_re.finditer(text), found fast: the full pattern is tried only near a possible label end
    (the same matches, in order, as a scan of the whole text)."""
    rx = role_cues().label_re
    out: list = []
    done = 0                                   # the scan has consumed text up to here
    for t in _label_tail_re().finditer(text):
        if t.end() <= done:
            continue
        lo = max(done, t.start() - 48)
        for m in rx.finditer(text, lo, min(len(text), t.end() + 48)):
            if m.start() < done:
                continue
            if m.start() > t.end():
                break
            out.append(m)
            done = m.end()
    return out


def label_matches(text: str, start: int, end: int) -> list:
    """Role-label matches ('牵头单位:') inside [start, end): the text is scanned once and the matches
    reused by every later call on the same text (each task, each outline reading, the cue finder)."""
    if _LABEL_CACHE[0] is not text:
        ms = _scan_labels(text)
        _LABEL_CACHE[:] = [text, [m.start() for m in ms], ms]
    starts, ms = _LABEL_CACHE[1], _LABEL_CACHE[2]
    i = bisect.bisect_left(starts, start)
    out = []
    while i < len(ms) and ms[i].end() <= end:
        out.append(ms[i])
        i += 1
    if i < len(ms) and ms[i].start() < end:
        # a match running past the range's end: read it again inside the range, as a scan of the
        # range alone would
        out += list(role_cues().label_re.finditer(text, ms[i].start(), end))
    return out


def role_labels(text: str, start: int, end: int):
    """The role labels in [start, end) that name a role (ignored labels left out), in text order:
    (match, its label group name, the label without spaces, role, where its list must end at the
    latest: the next label's start, else ``end``)."""
    cues = role_cues()
    ms = label_matches(text, start, end)
    for k, m in enumerate(ms):
        lg = "label" if m.group("label") is not None else "blabel"
        label = re.sub(r"\s", "", m.group(lg))
        if cues.ignore_label and cues.ignore_label.search(label):
            continue
        role = next((r for w, r in cues.label_role.items() if label.endswith(w)), None)
        if role is None:
            continue
        if cues.chrome_line is not None:
            ls = text.rfind("\n", max(0, m.start() - 120), m.start()) + 1
            le = text.find("\n", m.end(), m.end() + 120)
            if cues.chrome_line.search(text, max(ls, m.start() - 120), le if le != -1 else min(len(text), m.end() + 120)):
                continue
        if cues.label_paired and label in cues.label_paired and not _partner_on_line(text, m, cues.label_paired[label]):
            continue
        yield m, lg, label, role, (ms[k + 1].start() if k + 1 < len(ms) else end)


def _partner_on_line(text: str, m: re.Match, partners) -> bool:
    """A paired label word (主办) stands beside its partner (协办:) on its line, or the document
    writes the pair on one line elsewhere (a block whose item has a host and no partner)."""
    ls = text.rfind("\n", 0, m.start()) + 1
    le = text.find("\n", m.end())
    line = text[ls:le if le != -1 else len(text)]
    if any(f"{p}:" in line or f"{p}：" in line for p in partners):
        return True
    word = re.sub(r"\s", "", m.group(m.lastgroup or 0)).rstrip(":：")
    return _pair_somewhere(text, word, tuple(partners))


_PAIR_MEMO: dict = {}


def _pair_somewhere(text: str, word: str, partners: tuple) -> bool:
    key = (id(text), len(text), word, partners)
    hit = _PAIR_MEMO.get(key)
    if hit is not None and hit[0] is text:
        return hit[1]
    alt = "|".join(re.escape(p) for p in partners)
    rx = re.compile(rf"(?m)^[^\n]*(?:{re.escape(word)}[:：][^\n]*(?:{alt})[:：]|(?:{alt})[:：][^\n]*{re.escape(word)}[:：])")
    found = rx.search(text) is not None
    if len(_PAIR_MEMO) > 64:
        _PAIR_MEMO.clear()
    _PAIR_MEMO[key] = (text, found)
    return found


def find_labels(text: str, start: int, end: int, first_leads: bool = False) -> tuple[list[RespHit], list[tuple[int, int]]]:
    """'牵头单位:X' lines and label groups inside brackets. Returns hits and the covered spans."""
    hits: list[RespHit] = []
    covered: list[tuple[int, int]] = []
    labels = list(role_labels(text, start, end))
    if first_leads and any(r in ("lead", "lead_paren_support") for _m, _g, _l, r, _n in labels):
        first_leads = False     # the item names its lead by a label: its other lists lead nothing
    for m, lg, label, role, nxt in labels:
        key = _OTHER_KEY.search(text, m.end(), min(end, nxt))      # "…;完成时限:2024年" ends the list
        if key:
            nxt = key.start()
        le = _balanced_end(text, m.end(), min(end, nxt), _opens_bracket(text, m.start()))
        seg_end = le
        while seg_end > m.end() and text[seg_end - 1] in " ,;:\t":
            seg_end -= 1
        hits += _list_hits(text, m.end(), seg_end, role, label, m.span(lg), "resp.label", first_leads, strict=False)
        covered.append((m.start(), le))
    return hits, covered


# a list ends at the next "key:" field (完成时限: …), even one glued to the last name by OCR
_OTHER_KEY = re.compile(r"[;,。\s][\u4e00-\u9fff]{2,6}\s*:|(?:完成时限|完成时间|完成期限|时间节点|时限要求|时间要求|截止时间|责任人|联系人)\s*:")
_PAREN = re.compile(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
# "〔X牵头,各县、区人民政府(管委会)负责落实〕": a group whose names hold brackets is closed by 〔〕
_SQ_PAREN = re.compile(r"〔([^〔〕\n]{3,300})〕")


def _groups(text: str, start: int, end: int):
    """Bracket groups in [start, end): (…) and 〔…〕 (a document number's 〔2024〕 holds no role verb)."""
    ms = list(_PAREN.finditer(text, start, end))
    if text.find("〔", start, end) != -1:
        ms += [m for m in _SQ_PAREN.finditer(text, start, end) if not m.group(1).isdigit()]
        ms.sort(key=lambda m: m.start())
    return ms


def find_paren_groups(text: str, start: int, end: int, covered, first_leads: bool = False) -> list[RespHit]:
    """'(X牵头,Y配合)', '(X负责)', '(A、B指导)' closing a sentence or a task."""
    hits: list[RespHit] = []
    # the spans label lists took, queried per group in O(log n): a scan over all of them per group
    # made one-line texts of many groups quadratic
    taken = Spans(covered)
    for m in _groups(text, start, end):
        if taken.holds(m.start()) or taken.holds_end(m.end()):
            continue
        s, e = m.span(1)
        if e - s < 3:
            continue
        noise = role_cues().list_noise
        for cs, ce in _top_clauses(text, s, e):
            for sub_s, sub_e in _sentences(text, cs, ce):
                if noise is not None and noise.search(text[sub_s:sub_e].strip()):
                    continue
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
            for m in finditer_units(p, text, start, end):      # = p.finditer(text, start, end)
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
                # an item marker or article number inside the span (text that lost its line
                # breaks) and a leading 会同/协同 bound the list too
                mk = None
                for mk in _INNER_MARKER.finditer(seg):
                    pass
                if mk is not None:
                    us += mk.end()
                    seg = text[us:ue]
                en = _ENUMERATOR.match(seg)
                if en:
                    us += en.end()
                    seg = text[us:ue]
                lv = _LEAD_VERB.match(seg)
                if lv:
                    if not _PARTNER_VERB.fullmatch(lv.group()):
                        continue                # "传达学习省委…要": a verb phrase, not a subject
                    us += lv.end()
                    seg = text[us:ue]
                units = _plausible(split_units(seg, us, strict=True))
                for u in units:
                    key = (u.start, role)
                    if key not in seen:
                        seen.add(key)
                        hits.append(RespHit(u, role, None, None, f"resp.inline.{role}"))
    # "X要密切配合": the subject form's responsible gives way to the role word of the same name
    roled = {h.unit.start for h in hits if h.role != "responsible"}
    return [h for h in hits if h.role != "responsible" or h.unit.start not in roled]




_INNER_MARKER = re.compile(r"第[一二三四五六七八九十百\d]{1,4}[条章]|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\)|"
                           r"(?<![\d.])\d{1,2}[.、](?!\d)")
_LEAD_VERB = re.compile(r"(?:会同|协同|联合|请|协调|督促|组织|指导|传达|学习|贯彻|研究|推动|根据|按照|依据|围绕|通过|针对)+")
_ENUMERATOR = re.compile(r"\s*(?:[一二三四五六七八九十]{1,2}是|首先|其次|再次|最后|同时|此外|另外)[,]?")
_STRONG_VERB = re.compile(r"要|应|须|需|负责|牵头|配合|会同")
_PARTNER_VERB = re.compile(r"(?:会同|协同|联合|请)+")


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


def find_subjects(text: str, start: int, end: int) -> list[RespHit]:
    """'各单位开展…', '北京、冀北、国网电商公司完成…': a sentence (or clause after ;) that opens with a
    list made only of unit names, directly followed by a verb of [subject] in roles.toml."""
    rx = role_cues().subject_re
    if rx is None:
        return []
    hits: list[RespHit] = []
    ms = list(rx.finditer(text, start, end))
    crx = role_cues().comma_subject_re
    if crx is not None and text.find(",", start, end) != -1:
        ms += crx.finditer(text, start, end)
        ms.sort(key=lambda m: m.start("units"))
    if not ms or ms[0].start() > start:
        # the item's own text opens with its subject ("4.各单位在执行过程中…"): try there too
        first = _subject_at_start(rx).match(text, start, end)
        if first:
            ms.insert(0, first)
    for m in ms:
        us, ue = m.span("units")
        if ue > end:
            break
        if text[ue - 1:ue + 1] in ("所需", "所在", "处于"):
            continue            # "…物资所需…", "…所在市县", "…公司指标处于…": words, not a name ending in 所/处
        en = _ENUMERATOR.match(text, us, ue)
        if en:
            # "一是市纪委办要…": the enumerator opens the clause, not the name; such clauses also
            # describe (一是X在…方面得分较低), so only a modal or a role verb makes it an assignment
            if not _STRONG_VERB.match(text, ue):
                continue
            us = en.end()
        lv = _LEAD_VERB.match(text, us, ue)
        if lv:
            if not _PARTNER_VERB.fullmatch(lv.group()):
                continue                # "推动各单位…": a verb phrase, not a subject
            us = lv.end()
        if m.re is crx and not _opens_like_names(text, us, ue):
            continue            # (cheap test first: most clauses after a comma open with a verb)
        loose = split_units(text[us:ue], us)
        units = split_units(text[us:ue], us, strict=True)
        if not units or len(units) != len(loose) or (units[-1].end != ue and not _ALIAS_AT.fullmatch(text, units[-1].end, ue)):
            continue            # (a name's alias in brackets may close the list: 市委文明办(创城办)将…)
        if m.re is crx and not all(_named_like_unit(u.name) or _shares_suffix_short(u, units) for u in units):
            continue        # after a comma only names that read as names ("…,促请政府落实…" is a verb phrase)
        hits += [RespHit(u, "responsible", None, None, "resp.subject") for u in _plausible(units)]
    return hits


_FIRST_NAME = re.compile(r"[^、,和及与()]{1,40}")


def _opens_like_names(text: str, us: int, ue: int) -> bool:
    """The first name of a list after a comma reads as a name (see ``_named_like_unit``) or is a
    short place name whose suffix a later name carries."""
    m = _FIRST_NAME.match(text, us, ue)
    if not m:
        return False
    first = m.group().strip()
    return len(first) <= 3 and m.end() < ue or _named_like_unit(first)


def _named_like_unit(name: str) -> bool:
    """A name the lexicon knows, or one that opens like a name (a level, 各, 国网…)."""
    from ..lang.lexicon_api import resolve
    return resolve(name).known or bool(_NAME_START.match(name))


def _shares_suffix_short(u: UnitMention, units: list[UnitMention]) -> bool:
    """A bare short place name in a list whose later short name carries the suffix (山东、江苏公司)."""
    return len(u.name) <= 3 and any(_named_like_unit(v.name) for v in units if v.start > u.start)


_ALIAS_AT = re.compile(r"\([^()]{1,12}\)")
_BARE = re.compile(r"\(([^()]{2,60})\)")
_NAMES_ONLY = re.compile(r"^[\u4e00-\u9fff、]+$")


def find_bare_parens(text: str, start: int, end: int) -> list[RespHit]:
    """'…完善分类设施(各区人民政府)。': a bracket that holds only unit names and closes a sentence or
    the item assigns the work to them (responsible). A bracket right after a name is that name's
    alias or level ("市通信发展管理办公室(市通管办)", "各县(市、区)"), not an assignment."""
    hits: list[RespHit] = []
    for m in _BARE.finditer(text, start, end):
        a, b = m.span()
        nxt = b
        while nxt < end and text[nxt] in " \t":
            nxt += 1
        if nxt < end and text[nxt] not in "。;\n(":
            continue
        inner = m.group(1)
        if not _NAMES_ONLY.match(inner):
            continue
        if any(looks_like_unit(text[k:a]) for k in range(max(start, a - 12), a - 1)):
            continue
        units = _plausible(split_units(inner, m.start(1), strict=True))
        if not units or len(units) != len(split_units(inner, m.start(1))):
            continue
        hits += [RespHit(u, "responsible", None, None, "resp.paren.bare") for u in units]
    return hits


@lru_cache(maxsize=2)
def _subject_at_start(rx: re.Pattern) -> re.Pattern:
    return re.compile(rx.pattern.replace(r"(?:(?<=[。;:])|(?<=^))", "", 1))


def _plausible(units: list[UnitMention]) -> list[UnitMention]:
    """Drop running-text 'units' that hold a work verb ([subject] not_unit in roles.toml)."""
    rx = role_cues().not_unit
    return units if rx is None else [u for u in units if not rx.search(u.name)]


# where a unit name can begin: a level or a distributive word
_NAME_START = re.compile(r"(?:省|市|县|区|乡|镇|各|国家|国务院|中共|中国|全国|自治区|当地|属地|事发地|本级|有关|相关|国网)")


_INSIDE_NAME = set("各城乡省地都本全该区县市州盟旗镇")


def unglue_heading(h: RespHit, own_start: int) -> RespHit:
    """'综合协调组省交通运输厅牵头…': in text that lost its line breaks a heading runs into the
    first sentence, so a running-text unit found at the very start of an item's text may carry the
    heading in front of it. Keep the longest tail that begins like a unit name and is one."""
    u = h.unit
    if u.start != own_start or u.prefix or not h.rule.startswith(("resp.inline", "resp.subject")):
        return h
    for m in _NAME_START.finditer(u.name, 2):
        if u.name[m.start() - 1] in _INSIDE_NAME:
            continue                        # 城市, 各市, 乡镇: the marker is inside a word
        tail = u.name[m.start():]
        if len(tail) >= 3 and looks_like_unit(tail):
            return RespHit(UnitMention("", u.start + m.start(), u.end, tail), h.role, h.label, h.label_span, h.rule)
    rx = role_cues().heading_glue               # "技术保障交通运输部门要…": a heading noun phrase in front
    g = rx.fullmatch(u.name) if rx is not None else None
    if g and len(g.group("tail")) >= 3 and looks_like_unit(g.group("tail")):
        k = g.start("tail")
        return RespHit(UnitMention("", u.start + k, u.end, g.group("tail")), h.role, h.label, h.label_span, h.rule)
    return h
