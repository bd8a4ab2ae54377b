"""Splitting a written list of units into unit names, keeping where each name was written.

Rules (ANNOTATION.md): split at 、 ， , ； ; and at 和/及/以及 when both sides are whole unit names;
a leading 各 distributes over the 、-list it opens ("各开发区管委会、区县(市)政府" -> 各开发区管委会,
各区县(市)政府); brackets inside names are kept (区县(市)政府); a trailing 等 is dropped and
"A、B等国务院相关部门" gives A, B and the catch-all; a trailing "(简称…)" or "(创城办)" alias is dropped.
"""
from __future__ import annotations

import re
from ..core.model import UnitMention
from ..lang.lexicon_api import looks_like_unit
from ..lang.roles import role_cues

_SEP = re.compile(r"[、,，;；/]")
_CONJ = re.compile(r"(?:以及|和|及|与)")
_ALIAS_PAREN = re.compile(r"\((?:简称|以下简称)?[^()]{1,12}\)$")
_ETC = re.compile(r"等(?=[^等]{0,12}$)")
# "A、B等部门": the list is A, B
_GENERIC_TAIL = {"单位", "部门", "机构", "企业", "方面", "地方", "部门单位", "部门和单位", "单位和部门", "部门、单位"}
_HIGH_LEVEL = ("市", "省", "国家", "国务院", "中央", "中共", "中国", "全国")
# a name after 和/及 that opens like these is a body of its own, not one more of the 各-list
# "各市党委和人民政府": a bare head after 和 belongs to the level written before it, not to 各 alone
_BARE_HEADS = {"人民政府", "政府", "党委", "党委政府", "管委会"}
_NO_DIST_AFTER_CONJ = ("有关", "相关", "其他", "其它", "本", "属地", "所在", "社会")
_STRIP = " \t\n\"“”'‘’《》。.:：()（）〔"
_PAIRED_OPEN = {"《": "》", "“": "”", "‘": "’", "「": "」"}


_FRAGMENT = {"省", "自治区", "直辖市", "市", "县", "区", "县级市", "州", "盟", "旗", "乡", "镇", "街道",
             "委", "办", "局", "厅", "部", "室", "中心"}
# a bare generic word continues the name before it ("省有关部门、单位"); "各单位" is a name of its own
_GENERIC_FRAGMENT = {"单位", "部门", "机构"}


def _top_level_split(s: str, offset: int) -> list[tuple[str, int, str]]:
    """Split at separators outside brackets. Returns (piece, start, separator_before)."""
    out, depth, cur, cur_start, sep_before = [], 0, [], 0, ""
    for i, ch in enumerate(s):
        if ch in "(（〔":                # 〔〕: the brackets of a name set inside a bracketed label
            depth += 1
        elif ch in ")）〕":
            depth = max(0, depth - 1)
        if depth == 0 and _SEP.match(ch):
            out.append(("".join(cur), offset + cur_start, sep_before))
            cur, cur_start, sep_before = [], i + 1, ch
            continue
        cur.append(ch)
    out.append(("".join(cur), offset + cur_start, sep_before))
    return out


def _etc(piece: str):
    """The 等 that ends a list ("A、B等", "A等国务院相关部门"), not one inside a name (各高等院校)."""
    m = _ETC.search(piece)
    if m and m.end() < len(piece) and m.start() > 0:
        from ..lang.lexicon import get_lexicon
        if piece[m.start() - 1:m.end()] in get_lexicon().etc_inside_words:
            return None
    return m


def _trim(piece: str, start: int) -> tuple[str, int]:
    lead = len(piece) - len(piece.lstrip(_STRIP.replace("(", "").replace(")", "")))
    # a name that opens with a paired mark it also closes keeps it ("《某城日报》社", "“两新”组织")
    while lead and piece[lead - 1] in _PAIRED_OPEN and _PAIRED_OPEN[piece[lead - 1]] in piece[lead:]:
        lead -= 1
    piece, start = piece[lead:], start + lead
    piece = piece.rstrip(" \t\n。.:：,，;；〕")
    mod = role_cues().modifier_tail
    if mod is not None:
        # a role phrase left on the last name ("各相关职能部门按职责分工"): not part of the name
        mm = mod.search(piece)
        if mm and mm.start() >= 2:
            piece = piece[:mm.start()]
    while piece.endswith(("(", "（")):          # "市财政局(按职责分工负责)": the bracket opened the role
        piece = piece[:-1].rstrip(" \t")
    # unbalanced closing bracket at the end (the list's enclosing parenthesis)
    while piece.endswith((")", "）")) and piece.count("(") + piece.count("（") < piece.count(")") + piece.count("）"):
        piece = piece[:-1]
    while piece.startswith(("(", "（")) and piece.count("(") + piece.count("（") > piece.count(")") + piece.count("）"):
        piece, start = piece[1:], start + 1
    return piece, start


def split_units(s: str, offset: int = 0, *, distribute: bool = True, strict: bool = False) -> list[UnitMention]:
    """Split a list of unit names. ``offset`` is the position of ``s`` in the text.

    strict: drop pieces that do not look like unit names (for inline cues, where the left boundary
    is uncertain); otherwise keep every non-empty piece (label lines say what they list).
    """
    out: list[UnitMention] = []
    dist = False
    for piece, start, sep in _top_level_split(s, offset):
        piece, start = _trim(piece, start)
        if not piece:
            continue
        # 等 / 等单位 / 等部门 / "A等国务院相关部门"
        m = _etc(piece)
        tail = None
        if m:
            rest = piece[m.end():]
            tail = (rest, start + m.end()) if rest and rest not in _GENERIC_TAIL and looks_like_unit(rest) else None
            if tail is None and rest:
                # "…等国务院相关部门及各地区": two catch-alls after 等, joined by 及/和
                parts = _split_conj(rest, start + m.end())
                if len(parts) > 1 and all(looks_like_unit(x) for x, _ in parts):
                    tail = parts
            piece = piece[:m.start()]
        for k_sub, (sub, sub_start) in enumerate(_split_conj(piece, start)):
            name = sub
            if k_sub and sep != "、":
                sep = "和"      # "各县(市、区)工科局和县(市、区)委文明办": the 各 goes on over 和/及
            if _ALIAS_PAREN.search(name) and not re.search(r"\((?:市|区|县|县级市|市、区|县、市、区|县\(市、区\))\)", name[-8:]) \
                    and not _level_paren(name):
                stripped = _ALIAS_PAREN.sub("", name)
                if stripped and looks_like_unit(stripped):
                    name = stripped
            if not name:
                continue
            prefix = ""
            if sep in ("", ",", "，", ";", "；"):
                dist = distribute and name.startswith("各") and len(name) > 2
            elif dist and (sep == "、" or sep == "和" and not name.startswith(_NO_DIST_AFTER_CONJ)
                           and name not in _BARE_HEADS) \
                    and not name.startswith(("各",) + _HIGH_LEVEL) and "各" not in name:
                # ("区直各部门" carries its own 各)
                prefix = "各"
            out.append(UnitMention(prefix, sub_start, sub_start + len(name), prefix + name))
        if tail:
            for rest, rest_start in (tail if isinstance(tail, list) else [tail]):
                out.append(UnitMention("", rest_start, rest_start + len(rest), rest))
    out = _merge_party_government(out, s, offset)
    if distribute:
        out = _distribute_levels(out, s, offset)
    out = _merge_catch_alls(out, s, offset)      # (first: 各区 of 各区、县级市 is no fragment to merge back)
    out = _merge_fragments(out, s, offset)
    if strict:
        out = [m for i, m in enumerate(out) if looks_like_unit(m.name) or _shares_suffix(out, i, s, offset)]
    return out


def _shares_suffix(ms: list[UnitMention], i: int, s: str, offset: int) -> bool:
    """'山东、江苏、浙江公司': a short place name in a 、-run whose last name carries the suffix they
    share is a unit of the list (kept as written, ANNOTATION.md: split lists at 、)."""
    core = ms[i].name[1:] if ms[i].name.startswith("各") else ms[i].name
    if len(core) > 3:
        return False
    j = i
    while j + 1 < len(ms) and _sep_before(s, ms[j + 1].start - offset) == "、":
        j += 1
        # the short name that carries the suffix need not be the run's last
        # ("天津、上海、宁夏公司、国网综能服务集团")
        nm = ms[j].name
        m = _SHARED_SUFFIX.search(nm)
        if m and len(nm) - len(m.group()) <= 3 and looks_like_unit(nm):
            return True
    return False


_SHARED_SUFFIX = re.compile(r"(?:分公司|公司|集团|人民政府|政府|管委会|委员会|局|厅|委|办|中心|院|所)$")


def _is_fragment(name: str, following: str | None = None) -> bool:
    """A piece that is not a whole name: a bare level word (省, 自治区, 委, 办) or a bare generic
    word after a name ("省有关部门、单位"). Short place names sharing the next name's suffix
    ("山东、江苏、浙江公司") are names of their own (see ``_shares_suffix``)."""
    core = name[1:] if name.startswith("各") else name
    if core in _FRAGMENT or len(core) <= 1 or name in _GENERIC_FRAGMENT:
        if name.startswith("各") and following is not None and not following.startswith("各"):
            # "各街道、区直各部门": a catch-all of its own after it shares no head with it
            from ..lang.lexicon import _fold, get_lexicon
            if get_lexicon()._is_catch_all(_fold(following)):
                return False
        return True
    return False


def _merge_fragments(ms: list[UnitMention], s: str, offset: int) -> list[UnitMention]:
    """'各省、自治区、直辖市人民政府' is one unit; so is '市政府各委、办、局'."""
    seps = [_sep_before(s, m.start - offset) for m in ms]
    # the last name of each 、-run carries a suffix the run's short names may share
    run_last = list(range(len(ms)))
    for i in range(len(ms) - 2, -1, -1):
        if seps[i + 1] == "、":
            run_last[i] = run_last[i + 1]
    frag = [_is_fragment(m.name, ms[run_last[i]].name[len(ms[run_last[i]].prefix):] if run_last[i] != i else None)
            for i, m in enumerate(ms)]
    if not any(frag):
        return ms
    out: list[UnitMention] = []
    pending: list[UnitMention] = []
    for i, m in enumerate(ms):
        sep = seps[i]
        if frag[i]:
            if out and not pending and sep == "、" and not _forward_target(ms, seps, i):
                prev = out.pop()
                out.append(UnitMention(prev.prefix, prev.start, m.end, prev.prefix + s[prev.start - offset:m.end - offset]))
            else:
                pending.append(m)
            continue
        if pending:
            first = pending[0]
            out.append(UnitMention(first.prefix, first.start, m.end, first.prefix + s[first.start - offset:m.end - offset]))
            pending = []
        else:
            out.append(m)
    out.extend(pending)
    return out


def _merge_party_government(ms: list[UnitMention], s: str, offset: int) -> list[UnitMention]:
    """'各市党委、政府': a bare 政府 right after a party committee, joined by 、, is the government of the
    same place; the pair is one unit as written (the text names no 市政府 of its own)."""
    out: list[UnitMention] = []
    for m in ms:
        prev = out[-1] if out else None
        if prev is not None and m.name[len(m.prefix):] in ("政府", "人民政府") and prev.name.endswith("党委") \
                and s[prev.end - offset:m.start - offset] == "、":
            out[-1] = UnitMention(prev.prefix, prev.start, m.end, prev.prefix + s[prev.start - offset:m.end - offset])
            continue
        out.append(m)
    return out


def _sep_before(s: str, i: int) -> str:
    i -= 1
    while i >= 0 and s[i] in " \t":
        i -= 1
    return s[i] if i >= 0 else ""


def _forward_target(ms: list[UnitMention], seps: list[str], i: int) -> bool:
    """A fragment merges forward when a whole name follows it in the same 、-run."""
    for j in range(i + 1, len(ms)):
        if seps[j] != "、":
            return False
        if not _is_fragment(ms[j].name):
            return True
    return False


_LEVEL_ALTERNATIVES = {"街道办", "办事处", "街道办事处", "管委会", "开发区", "园区", "社区", "场", "农场", "林场"}


def _level_paren(name: str) -> bool:
    """'属地乡镇(街道办)', '各县(市、区、管委会)': a closing bracket that lists other levels the name
    also stands for is part of the name, not an alias to drop."""
    m = re.search(r"\(([^()]{1,12})\)$", name)
    if not m:
        return False
    levels = set(_level_words()) | _LEVEL_ALTERNATIVES
    return all(p in levels for p in re.split(r"[、,，/]", m.group(1)) if p) and bool(m.group(1))


def _split_conj(piece: str, start: int) -> list[tuple[str, int]]:
    """Split at 和/及/以及/与 only when both sides are whole unit names."""
    for m in _CONJ.finditer(piece):
        left, right = piece[:m.start()], piece[m.end():]
        if left and right and looks_like_unit(left) and looks_like_unit(right) and "(" not in piece[m.start() - 1:m.start()]:
            return [(left, start)] + _split_conj(right, start + m.end())
    return [(piece, start)]


_DIST_PREFIX = re.compile(r"^各(?:有关|相关)?")


def _level_words() -> tuple[str, ...]:
    from ..lang.lexicon import get_lexicon
    lex = get_lexicon()
    if _LEVELS_CACHE[0] is not lex:
        _LEVELS_CACHE[:] = [lex, tuple(sorted(lex.levels, key=len, reverse=True))]
    return _LEVELS_CACHE[1]


_LEVELS_CACHE: list = [None, ()]          # [the lexicon, its level words longest first]


def _distribute_levels(ms: list[UnitMention], s: str, offset: int) -> list[UnitMention]:
    """A leading 各 over a 、-list of administrative levels that share one head distributes both:
    "各市、县(区)人民政府" -> 各市人民政府, 各县(区)人民政府; "各有关区、县" -> 各有关区, 各有关县. Names the
    lexicon knows as one catch-all ("各省、自治区、直辖市人民政府", "各区、县级市") stay whole."""
    if len(ms) < 2:
        return ms
    seps = [_sep_before(s, m.start - offset) for m in ms]
    levels = _level_words()
    out: list[UnitMention] = []
    i = 0
    while i < len(ms):
        first = ms[i]
        w0 = s[first.start - offset:first.end - offset]
        pm = _DIST_PREFIX.match(w0)
        j = i + 1
        while j < len(ms) and seps[j] == "、":
            j += 1
        if first.prefix == "" and j - i >= 2 and (pm or w0 in levels):
            # without 各 too: "中央、省驻市单位", "市、县(区)两级财政部门"
            got = _distribute_run(ms[i:j], pm.group() if pm else "", s, offset, levels)
            if got:
                out += got
                i = j
                continue
        out.append(first)
        i += 1
    return out


def _distribute_run(run, pref, s, offset, levels):
    written = [s[m.start - offset:m.end - offset] for m in run]
    whole = s[run[0].start - offset:run[-1].end - offset]
    from ..lang.lexicon import _fold, get_lexicon
    if _fold(whole) in get_lexicon().catch_names:     # a catch-all written as one name
        return None
    heads = [written[0][len(pref):]] + written[1:]
    if not all(h in levels for h in heads[:-1]):
        return None
    last = heads[-1]
    if get_lexicon()._is_catch_all(_fold(written[-1])):
        return None       # "各街道、区直各部门": the last name is a catch-all of its own, not a shared head
    lvl = next((lv for lv in levels if last.startswith(lv)), None)
    if lvl is None:
        return None
    head = last[len(lvl):]
    # "市、县(区)两级财政部门": the count of levels is not part of any one name
    nlev = _LEVEL_COUNT.match(head)
    if nlev:
        head = head[nlev.end():]
    if not pref and (not head or not (looks_like_unit("市" + head) or head.startswith("驻"))):
        return None          # without 各 only a whole shared head distributes
    if head and not looks_like_unit("市" + head) and not head.startswith("驻"):
        return None
    out = []
    hs = (run[-1].end - len(head), run[-1].end) if head else None
    ps = (run[0].start, run[0].start + len(pref)) if len(pref) > 1 else None
    for k, m in enumerate(run[:-1]):
        p = "" if k == 0 else pref
        out.append(UnitMention(p, m.start, m.end, p + written[k] + head, hs, ps if k else None))
    m = run[-1]
    if nlev:
        e = m.start + len(lvl)
        out.append(UnitMention(pref, m.start, e, pref + lvl + head, hs, ps))
    else:
        out.append(UnitMention(pref, m.start, m.end, pref + written[-1], None, ps))
    return out


_LEVEL_COUNT = re.compile(r"[两二三四五]级")


def _merge_catch_alls(ms: list[UnitMention], s: str, offset: int) -> list[UnitMention]:
    """A catch-all the lexicon knows written as a 、-list of levels ("各区、县级市", "各区、县(市)") is
    one unit (ANNOTATION.md: catch-alls are units), not its pieces."""
    if len(ms) < 2:
        return ms
    from ..lang.lexicon import _fold, get_lexicon
    names = get_lexicon().catch_names
    out: list[UnitMention] = []
    i = 0
    while i < len(ms):
        m = ms[i]
        done = False
        for k in (3, 2):
            j = i + k - 1
            if j >= len(ms) or m.prefix or any(ms[x].prefix or _sep_before(s, ms[x].start - offset) != "、"
                                              for x in range(i + 1, j + 1)):
                continue
            written = s[m.start - offset:ms[j].end - offset]
            # (a list of catch-alls, each whole, stays a list: 国务院各部委、各直属机构)
            if _fold(written) in names and not any(_fold(ms[x].name) in names for x in range(i, j + 1)):
                out.append(UnitMention("", m.start, ms[j].end, written))
                i, done = j + 1, True
                break
        if not done:
            out.append(m)
            i += 1
    return out
