"""Stage 3b, outline: numbered headings and items, with levels inferred from the document.

Markers (一、 （一） (一) 1. 1、 （1） ① 第一条 专栏1 …) are found at line starts and, in text that
lost its line breaks, after sentence punctuation. A marker is accepted only when it continues a
sequence already open (value = previous + 1) or opens a new nested list (value 1), so numbers
inside sentences ("1、2号线", dates, 2.5) do not become items. The level of a style is the depth
at which the document first nests it, not a fixed table.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..core.prefilter import finditer_at
from ..intervals import Spans
from ..lang.numerals import CIRCLED, CN_DIGITS, parse_int as _number_value

PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
# financial numerals (壹、贰、参): the top level of Taiwan plans (壹、計畫緣起 貳、…), Simplified form
CAP_DIGITS = "壹贰叁参肆伍陆柒捌玖拾"
_CAP = str.maketrans("壹贰叁参肆伍陆柒捌玖拾", "一二三三四五六七八九十")


def item_value(raw: str) -> int | None:
    """An item number's value: the shared numeral reader, plus ⑴ and the financial numerals."""
    if raw in PAREN_DIGITS:
        return PAREN_DIGITS.index(raw) + 1
    if raw and all(ch in CAP_DIGITS for ch in raw):
        return _number_value(raw.translate(_CAP))
    return _number_value(raw)

_CN = f"[{CN_DIGITS}]{{1,4}}"
# (style, pattern); the number is group "n". Order matters only for overlapping alternatives.
STYLES: list[tuple[str, str]] = [
    ("chapter", rf"第(?P<n>{_CN})章[ \t]*"),
    ("part", rf"第(?P<n>{_CN})节[ \t]*"),
    ("cn_cap", rf"(?P<n>[{CAP_DIGITS}]{{1,3}})[、,.][ \t]*"),
    ("article", rf"第(?P<n>{_CN})条[ \t]*"),
    # county notices: "第一，…" / "第二、…" / "第三是…" ordinal headings
    ("ordinal", rf"第(?P<n>{_CN})(?:[,、:]|是)[ \t]*(?=[\u4e00-\u9fff])"),
    ("cn_dun", rf"(?P<n>{_CN})[、,.][ \t]*"),
    ("cn_paren", rf"\((?P<n>{_CN})\)[、.]?[ \t]*"),
    ("num_paren", r"\((?P<n>\d{1,2})\)[、.]?[ \t]*"),
    ("num_dot", r"(?P<n>\d{1,2})[.﹒][ \t]*(?!\d)"),
    # "5.2023年底前完成…", "12.100个项目…": a marker whose item text opens with a number (line start only)
    ("num_dot_digit", r"(?P<n>\d{1,2})[.﹒](?=(?:19|20)\d{2}年|\d{1,5}(?:个|项|家|所|条|座|万|亿|千|名|人|次|套|批|户|公里|平方|吨|%)[\u4e00-\u9fff]?)"),
    # hyphenated commitments "1-1 …", "2-3 …" (line start only)
    ("hyph", r"(?P<n>\d{1,2}-\d{1,2})[ \t]*(?=[\u4e00-\u9fff])"),
    ("num_dun", r"(?P<n>\d{1,2})、[ \t]*"),
    ("circle", rf"(?P<n>[{CIRCLED}])[ \t]*"),
    ("paren_char", rf"(?P<n>[{PAREN_DIGITS}])[ \t]*"),
    # "1）" with only a closing bracket (line start only)
    ("num_rparen", r"(?P<n>\d{1,2})\)[ \t]*(?=[\u4e00-\u9fff])"),
    ("box", r"专栏[ \t]*(?P<n>\d{1,2})[ \t]*"),
    # "1 总则": a bare number and a space, at a line start only (预案 chapters above 1.1 / 1.2)
    ("num_space", r"(?P<n>\d{1,2})[ \t\u3000]+(?=[\u4e00-\u9fff]{2,20}\s*$)"),
    # decimal numbering of technical plans and 预案: 2.1 / 2.1.3 (a style per depth: dec2, dec3, dec4)
    ("dec", r"(?P<n>\d{1,2}(?:\.\d{1,2}){1,3})(?![\d.%])[ \t]*(?=[\u4e00-\u9fff])"),
]
BOX_STYLES = {"box"}
LINE_START_ONLY = {"num_space", "num_dot_digit", "hyph", "num_rparen"}
# …of which these may also follow a sentence end or a closing bracket
AFTER_SENTENCE_TOO = {"num_dot_digit"}
# a style that is another spelling of a style: same list
SAME_STYLE = {"num_dot_digit": "num_dot"}
_LINE_START = r"(?:^|(?<=\n))[ \t#>*]*(?:[-+][ \t]+)?"      # Markdown: headings, quotes, bold, bullets
_INLINE_AFTER = r"[。;:!?)”]"       # an inline marker follows one of these
_INLINE = rf"(?<={_INLINE_AFTER})[ \t]*"
_INLINE_AFTER_RE = re.compile(_INLINE_AFTER)
_ANY = "|".join(f"(?P<{name}>{pat.replace('(?P<n>', f'(?P<n_{name}>')})" for name, pat in STYLES)
_LS_RE = re.compile(_LINE_START + f"(?:{_ANY})", re.M)
_IN_RE = re.compile(_INLINE + f"(?:{_ANY})")
_FREE_RE = re.compile(rf"(?<![\d{CN_DIGITS}.(第])(?:{_ANY})")
# the same without its lookbehind, which is checked by hand: a leading lookbehind keeps the regex
# engine from skipping ahead to the characters a marker can start with
_FREE_FAST = re.compile(rf"(?:{_ANY})")
_FREE_NOT_AFTER = frozenset(f"0123456789{CN_DIGITS}.(第")
_STYLE_NAMES = {name: name for name, _ in STYLES} | {f"n_{name}": name for name, _ in STYLES}
# every marker style starts with one of these characters (digits, numerals, a bracket, 第, 专栏)
_MARKER_START = re.compile(f"[0-9{CN_DIGITS}{CAP_DIGITS}{CIRCLED}{PAREN_DIGITS}(第专]")


def _free_matches(text: str, lo: int, hi: int):
    """``_FREE_FAST.finditer`` (same matches), trying the styles only where a marker can start."""
    pos = lo
    for s in _MARKER_START.finditer(text, lo, hi):
        if s.start() < pos:
            continue
        m = _FREE_FAST.match(text, s.start(), hi)
        if m:
            yield m
            pos = m.end()
_TABLE_LINE = re.compile(r"^[^\n]*\|[^\n]*\|", re.M)
# a line of a table of contents (目录): a heading, a leader of dots or dashes and a page number
# ("壹、計畫緣起……………1", "一、总体要求 .......... 3"): the heading is not an item here
_TOC_LINE = re.compile(r"^[^\n]{1,80}?(?:[.．·・…‥⋯_—-][ \t]*){4,}[ \t]*\d{1,3}[ \t]*$", re.M)
# the same entries run together in text that lost its line breaks ("1.1编制目的......一1 1.2编制依据
# ......一1"): a short heading, a leader of dots (OCR puts commas among them) and a page number,
# often between dashes that OCR reads as 一
_TOC_FLAT = re.compile(r"(?:\d{1,2}(?:\.\d{1,2}){0,3})?[^.．·・…‥⋯\n]{1,40}?(?:[.．·・…‥⋯][ \t，。,、]*){4,}[ \t]*[一\-－]?\d{1,3}[一\-－]?")
_TOC_LEADER = re.compile(r"(?:[.．·・…‥⋯][ \t，。,、]*){4,}")
_TOC_FLAT_REACH = 52     # the most a _TOC_FLAT entry holds before its leader (a number and 40 characters)


def _toc_flat(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of _TOC_FLAT in ``text[start:end]``, searched only around leaders of dots: the
    pattern opens with a lazy run that could start anywhere, so a plain scan tries every position
    of every text (40 steps each); an entry always holds a leader, found first by a cheap search."""
    out: list[tuple[int, int]] = []
    pos = start
    for lead in _TOC_LEADER.finditer(text, start, end):
        if lead.end() <= pos:
            continue
        m = _TOC_FLAT.search(text, max(pos, lead.start() - _TOC_FLAT_REACH), end)
        while m is not None and m.start() <= lead.start():
            out.append((m.start(), m.end()))
            pos = m.end()
            m = _TOC_FLAT.search(text, pos, end) if pos <= lead.start() else None
    return out


FLAT_LINE = 400   # a line longer than this lost its breaks (OCR, flattened HTML): look for markers anywhere
# A document whose non-empty lines average more than this lost most of its breaks: its lines
# longer than FLAT_DOC_LINE are searched for markers too (a paragraph is rarely that long).
FLAT_DOC_MEAN_LINE = 200
FLAT_DOC_LINE = 150
# in flat text, a line longer than this is searched for markers too (a lone line of a short notice)
FLAT_ONE_LINE = 80
# "附件:1.… 2.…": an attachment list is a few titles long; its numbers are not outline items.
ATTACHMENT_LIST_MAX = 400
# A style reused one level down starts right under its heading (within a short line of it).
NESTED_LIST_GAP = 60
# a list that opens with 1 (or whose first items OCR lost) is believed when its item 2 follows within
# this many characters: a few long items, not a number met again pages later
SUCCESSOR_HORIZON = 4000
# top-level parts (壹、 / 一、 in a ranked reading) can hold several pages of sub-items before the next
PART_SUCCESSOR_HORIZON = 20000


def _successor_test(cands):
    """``has_successor(i, c, horizon)``: a candidate of the same style numbered one more follows
    within ``horizon`` characters. Candidate indices are kept per (style, value) in text order, so
    the nearest successor is one bisect away (a scan over the whole style per call made runs of 1s
    quadratic)."""
    by_value: dict[tuple[str, int], list[int]] = {}
    for i, c in enumerate(cands):
        by_value.setdefault((c.style, c.value), []).append(i)

    def has_successor(i: int, c, horizon: int = SUCCESSOR_HORIZON) -> bool:
        nxt = by_value.get((c.style, c.value + 1), ())
        k = bisect.bisect_right(nxt, i)
        return k < len(nxt) and cands[nxt[k]].pos - c.pos <= horizon
    return has_successor


@dataclass
class Candidate:
    pos: int            # where the marker starts
    body: int           # where the item's text starts (after the marker)
    style: str
    raw: str
    value: int
    line_start: bool


@dataclass
class Item:
    id: str
    style: str
    number: str         # as written, without punctuation ("一", "1", "专栏1")
    value: int
    level: int          # 1 = outermost list of the document
    start: int          # marker start
    body: int           # text start after marker
    end: int = 0        # end of the item (start of the next item of same or higher level, or region end)
    own_end: int = 0    # end of the item's own text (start of its first child, or end)
    parent: "Item | None" = None
    children: list["Item"] = field(default_factory=list)
    rule: str = ""


_ATTACH = re.compile(r"附件\s*[:：]")
_ATTACH_END = re.compile(r"。|\n(?![ \t]*\d{1,2}[.、])|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日")


def _attachment_lists(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'附件:1.… 2.…' lists the notice's attachments: their numbers are not items of the outline."""
    out = []
    for m in _ATTACH.finditer(text, start, end):
        e = _ATTACH_END.search(text, m.end(), min(end, m.end() + ATTACHMENT_LIST_MAX))
        out.append((m.start(), e.start() if e else min(end, m.end() + ATTACHMENT_LIST_MAX)))
    return out


_MD_HEADING = re.compile(r"^(?P<h>#{1,6})[ \t]+(?=\S)", re.M)


def _markdown_candidates(text: str, start: int, end: int, found: dict[int, Candidate]) -> None:
    """Markdown headings as items of their own style (md1 … md6); a marker inside the heading
    line is the heading's number, not a separate item."""
    counters: dict[int, int] = {}
    for m in _MD_HEADING.finditer(text, start, end):
        depth = len(m.group("h"))
        line_end = text.find("\n", m.end(), end)
        line_end = end if line_end == -1 else line_end
        if line_end - m.end() < 2:
            continue
        inner = [p for p in found if m.start() <= p < line_end]
        body, number = m.end(), None
        if inner:
            c = found[min(inner)]
            body, number = c.body, c.raw
            for p in inner:
                del found[p]
        for d in [d for d in counters if d > depth]:
            del counters[d]
        counters[depth] = counters.get(depth, 0) + 1
        found[m.start()] = Candidate(m.start(), body, f"md{depth}", number or str(counters[depth]),
                                     counters[depth], True)


def _candidates(text: str, start: int, end: int, markdown: bool = False) -> list[Candidate]:
    table_lines = [(m.start(), m.end()) for m in _TABLE_LINE.finditer(text, start, end)]
    table_lines += _attachment_lists(text, start, end)
    table_lines += [(m.start(), m.end()) for m in _TOC_LINE.finditer(text, start, end)]
    table_lines += _toc_flat(text, start, end)
    in_table = Spans(table_lines).holds     # O(log n) per candidate, not a scan over every table line

    found: dict[int, Candidate] = {}
    # the line-start and inline patterns can only match at a line start / right after their
    # punctuation: tried there alone (finditer_at), not at every position (same matches)
    line_starts: list[int] = []
    after_punct = [m.end() for m in _INLINE_AFTER_RE.finditer(text, max(0, start - 1), end)]
    passes = [(_LS_RE, True, start, end), (_IN_RE, False, start, end)]
    starts_of = {_LS_RE: line_starts, _IN_RE: after_punct}
    pos = start
    lines = text[start:end].split("\n")
    # text that lost its line breaks (OCR, flattened HTML): long lines, or few breaks for its length
    nonempty = len([x for x in lines if x.strip()])
    # (a single line of this length is flat text too)
    flat_doc = (end - start) / max(1, nonempty) > FLAT_DOC_MEAN_LINE or (nonempty == 1 and end - start > FLAT_ONE_LINE)
    for line in lines:
        line_starts.append(pos)
        if len(line) > FLAT_LINE or (flat_doc and len(line) > FLAT_ONE_LINE):
            passes.append((_FREE_RE, False, pos, pos + len(line)))
        pos += len(line) + 1
    for rx, ls, lo, hi in passes:
        free = rx is _FREE_RE
        for m in (_free_matches(text, lo, hi) if free else finditer_at(rx, text, starts_of[rx], lo, hi)):
            if free and m.start() > 0 and text[m.start() - 1] in _FREE_NOT_AFTER:
                continue
            style = m.lastgroup
            if style is None:
                continue
            style = _STYLE_NAMES[style]          # the style's group or its inner number group
            raw = m.group(f"n_{style}")
            pos = m.start(style)
            if pos in found or in_table(pos):
                continue
            if style in LINE_START_ONLY and not ls and not (style in AFTER_SENTENCE_TOO and rx is _IN_RE):
                continue                # ("7.121人才…" right after a closing bracket or 。: text that lost its breaks)
            if style == "dec":
                parts = raw.split(".")
                style, val = f"dec{len(parts)}", int(parts[-1])
            elif style == "hyph":
                parts = raw.split("-")
                style, val = "hyph2", int(parts[-1])
            else:
                val = item_value(raw)
            if val is None or val == 0:
                continue
            # An item must have text after it on its line.
            body = m.end()
            if body >= end or text[body] in "\n|":
                if style not in BOX_STYLES:
                    continue
            number = f"专栏{raw}" if style == "box" else raw
            found[pos] = Candidate(pos, body, SAME_STYLE.get(style, style), number, val, ls)
    if markdown:
        _markdown_candidates(text, start, end, found)
    out = [found[p] for p in sorted(found)]
    # a marker immediately followed by another marker is an enumeration (一、二、三产业), not an item
    out = [c for k, c in enumerate(out) if k + 1 >= len(out) or out[k + 1].pos - c.body >= 2]
    return _mixed_numbering(out)


# arabic item styles that a document may mix within one list (1、 / 2. / （3） / 4、)
_ARABIC_FAMILY = frozenset({"num_dot", "num_dun", "num_paren", "num_rparen"})


def _mixed_numbering(cands: list[Candidate]) -> list[Candidate]:
    """One list numbered in mixed styles ("1、… 2.… （3）… 4、…"): a line-start marker that takes the
    number after the previous arabic marker of another style, where its own style has no list
    open at the number before, continues that list (takes its style)."""
    prev: Candidate | None = None
    last: dict[str, int] = {}
    out = []
    for c in cands:
        if c.style in _ARABIC_FAMILY:
            if (prev is not None and c.line_start and c.value >= 2 and c.style != prev.style
                    and c.value == prev.value + 1 and last.get(c.style) != c.value - 1):
                c = Candidate(c.pos, c.body, prev.style, c.raw, c.value, c.line_start)
            last[c.style] = c.value
            prev = c
        out.append(c)
    return out


READINGS = ("inferred", "ranked", "markdown")


def build_outline(text: str, start: int = 0, end: int | None = None, mode: str = "inferred") -> list[Item]:
    """Return the accepted items in document order, linked into a tree.

    ``mode`` is the way the outline is read (see ``structure/reading.py``, which tries several and
    keeps the one that explains the text best):
    - "inferred": a style's level is the depth at which the document first nests it;
    - "ranked": the 公文 hierarchy (一、 > （一） > 1. > （1） > ①) fixes each style's level, and
      numbered items may run on across the headings that group them (1. under 一、, 2.–6. under （一）);
    - "markdown": Markdown headings (#, ##, ###) carry the outline; markers rank below them.
    """
    return read_outline(text, start, end, mode)[0]


def read_outline(text: str, start: int = 0, end: int | None = None,
                 mode: str = "inferred") -> tuple[list[Item], list[Candidate]]:
    """One reading of the outline: its items and every marker candidate it chose from."""
    end = len(text) if end is None else end
    cands = _cached_candidates(text, start, end, mode == "markdown")
    read = _read_ranked if mode in ("ranked", "markdown") else _read_inferred
    return _finish(text, read(text, cands), start, end), cands


_CAND_CACHE: dict = {}


def _cached_candidates(text: str, start: int, end: int, markdown: bool) -> list[Candidate]:
    """The readings of one document share its marker candidates (computed once per document)."""
    key = (id(text), len(text), start, end, markdown)
    hit = _CAND_CACHE.get(key)
    if hit is not None and hit[0] is text:
        return hit[1]
    cands = _candidates(text, start, end, markdown=markdown)
    _CAND_CACHE.clear()
    _CAND_CACHE[key] = (text, cands)
    return cands


def has_markdown_headings(text: str, start: int, end: int) -> bool:
    return sum(1 for _ in zip(range(2), _MD_HEADING.finditer(text, start, end))) >= 2


def _take_box(c: Candidate, last_box: int, stack: list[Item], items: list[Item]) -> int:
    """A 专栏 box (专栏1, 专栏2 …) continuing its series or starting one at a line start: it ends the item
    it follows and takes the place of a sibling. Returns the series' last number."""
    if not (c.value in (last_box + 1, 1) and c.line_start):
        return last_box
    parent = stack[-1].parent if stack else None
    level = stack[-1].level if stack else 1
    if stack:
        stack.pop()
    items.append(Item("", c.style, c.raw, c.value, level, c.pos, c.body, parent=parent, rule="outline.box"))
    return c.value


def _read_inferred(text: str, cands: list[Candidate]) -> list[Item]:
    has_successor = _successor_test(cands)

    items: list[Item] = []
    stack: list[Item] = []
    last_box = 0
    depth_of_style: dict[str, int] = {}
    last_seen: dict[str, tuple[int, int]] = {}     # style -> (value, depth) of its last item
    for i, c in enumerate(cands):
        if c.style in BOX_STYLES:
            last_box = _take_box(c, last_box, stack, items)
            continue
        idx = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].style == c.style), None)
        accept = False
        if idx is not None:
            prev = stack[idx].value
            if c.value == prev + 1 or (c.line_start and c.value == prev + 2):
                accept, stack = True, stack[:idx]
            elif c.value == 1 and idx == 0 and (c.line_start or _after_annex_marker(text, c.pos)):
                accept, stack = True, []           # a new top-level list (second instrument, annex)
            elif c.style.startswith(("dec", "hyph")) and c.value == 1 and _dec_parent(c.raw) != _dec_parent(stack[idx].number):
                accept, stack = True, stack[:idx]  # 3.1 after 2.4: the next chapter's first section
            elif (c.value == 1 and stack[-1].style != c.style and c.pos - stack[-1].body <= NESTED_LIST_GAP
                  and _heading_only(text, stack[-1].body, c.pos) and has_successor(i, c)):
                accept = True                       # the style reused one level down, right under a heading
        elif (c.style in last_seen and c.value == last_seen[c.style][0] + 1
              and len(stack) == last_seen[c.style][1]):
            accept = True                           # numbering that runs on across sections
        elif c.value == 1 and (c.line_start or has_successor(i, c) or _under_heading(text, stack, c)):
            # a nested list opens; a style that is an outer level elsewhere opens at its own depth
            d = depth_of_style.get(c.style)
            if d is not None and d < len(stack) and c.line_start:
                stack = stack[:d]
            accept = True
        elif c.line_start and not stack and c.value <= 3 and has_successor(i, c):
            accept = True                           # a list whose first items were lost (OCR)
        if not accept:
            continue
        parent = stack[-1] if stack else None
        it = Item("", c.style, c.raw, c.value, len(stack) + 1, c.pos, c.body, parent=parent,
                  rule=f"outline.{c.style}" + ("" if c.line_start else ".inline"))
        depth_of_style.setdefault(c.style, len(stack))
        last_seen[c.style] = (c.value, len(stack))
        stack.append(it)
        items.append(it)
    return items


# the 公文 hierarchy of marker styles (smaller = outer); Markdown headings rank above all
# (an article 第N条 sits under 一、 where a 规则 groups its articles in parts: 一、机构设置 第一条 …)
RANK = {"chapter": 0, "cn_cap": 1, "part": 1, "num_space": 2, "cn_dun": 2, "article": 3, "ordinal": 3, "cn_paren": 4, "dec2": 4,
        "num_dot": 5, "num_dun": 5, "hyph2": 5, "dec3": 5, "num_paren": 6, "num_rparen": 6, "paren_char": 6,
        "dec4": 6, "circle": 7}


def _rank(style: str) -> int:
    if style.startswith("md"):
        return int(style[2:]) - 10
    return RANK.get(style, 8)


def _read_ranked(text: str, cands: list[Candidate]) -> list[Item]:
    """Levels fixed by the style hierarchy; a numbered list may run on across the headings that
    group it (1. under 一、, 2.–6. under （一）, 7. under （二）)."""
    successor = _successor_test(cands)

    def has_successor(i: int, c: Candidate) -> bool:
        return successor(i, c, PART_SUCCESSOR_HORIZON if _rank(c.style) <= 3 else SUCCESSOR_HORIZON)

    items: list[Item] = []
    stack: list[Item] = []
    last_box = 0
    last_seen: dict[str, int] = {}
    for i, c in enumerate(cands):
        if c.style in BOX_STYLES:
            last_box = _take_box(c, last_box, stack, items)
            continue
        r = _rank(c.style)
        idx = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].style == c.style), None)
        accept, keep = False, None
        if c.style.startswith("md"):
            accept = True
        elif idx is not None:
            prev = stack[idx].value
            if c.value == prev + 1 or (c.line_start and c.value == prev + 2):
                accept, keep = True, idx
            elif c.value == 1 and idx == 0 and (c.line_start or _after_annex_marker(text, c.pos)):
                accept, keep = True, 0             # a new top-level list (second instrument, annex)
            elif c.style.startswith(("dec", "hyph")) and c.value == 1 \
                    and _dec_parent(c.raw) != _dec_parent(stack[idx].number):
                accept, keep = True, idx
        elif c.value == 1 and (c.line_start or has_successor(i, c) or _under_heading(text, stack, c)):
            accept = True
        elif c.style in last_seen and c.value == last_seen[c.style] + 1 and (c.line_start or has_successor(i, c)
                                                                               or _ends_sentence(text, c.pos)):
            accept = True                           # numbering that runs on across the grouping headings
        elif c.line_start and not stack and c.value <= 3 and has_successor(i, c):
            accept = True                           # a list whose first items were lost (OCR)
        if not accept:
            continue
        if keep is not None:
            stack = stack[:keep]
        while stack and _rank(stack[-1].style) >= r:
            stack.pop()
        parent = stack[-1] if stack else None
        it = Item("", c.style, c.raw, c.value, len(stack) + 1, c.pos, c.body, parent=parent,
                  rule=f"outline.{c.style}" + ("" if c.line_start else ".inline"))
        last_seen[c.style] = c.value
        stack.append(it)
        items.append(it)
    return items


_LONE_STYLES = {"num_dot", "num_dun", "num_paren", "cn_paren", "circle"}


def _under_heading(text: str, stack: list, c: Candidate) -> bool:
    """A lone first item right after a short heading (text that lost its line breaks:
    "二、应急响应1.善后处置…"): a list of one item."""
    return c.style in _LONE_STYLES and bool(stack) and 0 < c.pos - stack[-1].body <= 30 \
        and _heading_only(text, stack[-1].body, c.pos) and stack[-1].style != c.style


def _ends_sentence(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] in "。;:!?\n"


def _finish(text: str, items: list[Item], start: int, end: int) -> list[Item]:
    """Ends, children, closing-paragraph cut and ids of an outline reading."""
    # ends: next item at same or higher level (lower or equal level number)
    # own text ends where the next item starts; the item ends where the next item of its level or
    # above starts: one right-to-left sweep with a stack of the nearest items of rising level
    # (scanning the rest of the list per item was quadratic)
    later: list[Item] = []          # items to the right, nearest last; levels strictly fall from the top
    for k in range(len(items) - 1, -1, -1):
        it = items[k]
        it.own_end = items[k + 1].start if k + 1 < len(items) else end
        while later and later[-1].level > it.level:
            later.pop()
        it.end = later[-1].start if later else end
        later.append(it)
    for it in items:
        if it.parent is not None:
            it.parent.children.append(it)
    # the last items of the document do not run on into its closing paragraph ("本方案自…",
    # "本通知…", an annex heading): cut them at the first such line
    closing = _CLOSING.search(text, items[-1].body if items else start, end)
    if closing:
        for it in items:
            if it.end > closing.start() >= it.body:
                it.end = closing.start()
            if it.own_end > closing.start() >= it.body:
                it.own_end = closing.start()
    # trim trailing whitespace
    for it in items:
        it.end = _rstrip(text, it.body, it.end)
        it.own_end = _rstrip(text, it.body, min(it.own_end, it.end))
    # ids: path of numbers, unique
    seen: dict[str, int] = {}
    for it in items:
        path = []
        p: Item | None = it
        while p is not None:
            path.append(p.number)
            p = p.parent
        base = "/".join(reversed(path))
        n = seen.get(base, 0)
        seen[base] = n + 1
        it.id = base if n == 0 else f"{base}~{n + 1}"
    return items


_CLOSING = re.compile(r"(?m)^[ \t#*>]*(?:本(?:方案|通知|意见|办法|细则|计划|规定|规划|措施|政策|实施方案|行动方案|工作方案|行动计划)"
                      r"(?:自|由|各项|所称|未尽|涉及|中|的|执行|实施|有效)|附件\s*\d*\s*[:：]?\s*$|附件\s*\d*\s*[:：])"
                      # text that lost its line breaks: the closing sentence right after a 。
                      r"|(?<=[。)])[ \t]*本(?:方案|通知|意见|办法|细则|计划|规定|规划|措施|实施方案|行动方案|工作方案|行动计划)"
                      r"(?:自(?:印发|发布|公布)之日起|由[^。]{2,30}负责解释|未尽事宜)")
def _dec_parent(number: str) -> str:
    return re.split(r"[.-](?=\d+$)", number)[0]


def _heading_only(text: str, body: int, pos: int) -> bool:
    """Between a heading's marker and ``pos`` there is only a heading: no sentence end."""
    return not re.search(r"[。;]", text[body:pos])


_ANNEX = re.compile(r"附件\s*\d{0,2}")


def _after_annex_marker(text: str, pos: int, window: int = 80) -> bool:
    """A list restarting right after "附件N <title>" in text that lost its line breaks."""
    return _ANNEX.search(text, max(0, pos - window), pos) is not None


def _rstrip(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1] in " \t\r\n\u3000":
        hi -= 1
    return hi
