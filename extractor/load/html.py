"""HTML loading with lxml.html: the article body of a government web page, not its chrome.

* Charset: byte-order mark, then <meta charset> / http-equiv (GB2312 and GBK read as GB18030),
  checked by a strict decode; else the TXT decoder (``text.decode_bytes``).
* Scripts, styles, forms, navigation, header, footer, hidden elements are dropped; the article is the
  block with a content-like id/class (zoom, TRS_Editor, article, content...) holding most of the
  page's Chinese text, else the deepest block holding most of it.
* Block boundaries and <br> are line breaks; data tables (rowspan/colspan) become ``cell | cell``
  lines via ``tables.emit_table``; layout tables are read as blocks.
"""
from __future__ import annotations

import codecs
import re

from ..errors import BadDocument
from .base import LoadedText
from .tables import (SENT_END, Cell, Frag, GridRow, TextBuilder, clean_line, emit_table, glue, is_heading_like,
                     join_title_lines)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
            "big5": "big5hkscs", "x-euc-tw": "big5hkscs", "iso-8859-1": "cp1252", "us-ascii": "utf-8", "ascii": "utf-8"}
_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "form", "select",
         "button", "input", "textarea", "head", "nav", "header", "footer", "aside", "audio", "video", "map",
         "link", "meta", "title"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
          "section", "article", "main", "center", "address", "figure", "figcaption", "hr", "table", "tr", "td", "th",
          "tbody", "thead", "tfoot", "caption", "body", "html", "fieldset", "legend", "details", "summary"}
_CONTENT_HINT = re.compile(r"(^|[\s_\-])(zoom|trs_editor|trs_paragraph|article|content|contents|con|text|detail|"
                           r"main[-_]?text|pages_content|art[-_]?con|zw|zwgk|view|custom_unionstyle|newscon|ccontent|"
                           r"body[-_]?text|wzzw|xxgk[-_]?content|article[-_]?content|txt)([\s_\-]|$)", re.I)
_NOISE_HINT = re.compile(r"(^|[\s_\-])(nav|navbar|menu|header|footer|foot|breadcrumb|crumb|share|sidebar|side|"
                         r"copyright|toolbar|search|login|position|location|weizhi|dqwz|related|xgwz|print|"
                         r"pagination|pager|qrcode|ewm|bottom|top[-_]?bar)([\s_\-]|$)", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def decode_html(data: bytes, path) -> tuple[str, str, list[str]]:
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc.replace("-sig", ""), []
            except UnicodeDecodeError:
                break
    warnings: list[str] = []
    m = _META_CHARSET.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        enc = _ALIASES.get(declared, declared)
        try:
            codecs.lookup(enc)
        except LookupError:
            warnings.append(f"unknown charset {declared!r} declared in <meta>; detected instead")
        else:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                warnings.append(f"the page declares charset {declared} but is not valid {declared}; detected instead")
            else:
                other = _better_decoding(data, text, enc)
                if other is None:
                    return text, enc, warnings
                warnings.append(f"the page declares charset {declared} but reads as {other[1]} "
                                f"(as {declared} its text is not Chinese); read as {other[1]}")
                return other[0], other[1], warnings
    from .text import decode_bytes
    text, enc, w = decode_bytes(data, path)
    return text, enc, warnings + w


_COMMON: set[str] | None = None


def _common_chars() -> set[str]:
    """Characters of ordinary Chinese text: the first levels of GB2312 (3,755 most used Simplified
    characters) and of Big5 (5,401 most used Traditional ones), taken from the codecs."""
    global _COMMON
    if _COMMON is None:
        chars: set[str] = set()
        for lead in range(0xB0, 0xD8):
            for trail in range(0xA1, 0xFF):
                try:
                    chars.add(bytes([lead, trail]).decode("gb2312"))
                except UnicodeDecodeError:
                    pass
        for lead in range(0xA4, 0xC7):
            for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
                try:
                    chars.add(bytes([lead, trail]).decode("big5"))
                except UnicodeDecodeError:
                    pass
        _COMMON = chars
    return _COMMON


def _plausible(text: str) -> float:
    """Share of the non-ASCII characters that ordinary Chinese text uses (common characters, CJK
    and full-width punctuation); mojibake scores low."""
    common = _common_chars()
    n = ok = 0
    for ch in text[:20000]:
        if ch < "\x80":
            continue
        n += 1
        if ch in common or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u206f" \
                or ch in "\u00a0\u00b7":
            ok += 1
    return ok / n if n else 1.0


def _better_decoding(data: bytes, text: str, enc: str) -> tuple[str, str] | None:
    """The page decoded as its <meta> says is not Chinese text (Big5 bytes declared GB2312, GBK bytes
    declared ISO-8859-1): another encoding that decodes the bytes strictly into plausible Chinese."""
    if sum(1 for ch in text[:20000] if ch >= "\x80") < 20 or _plausible(text) >= 0.6:
        return None
    for other in ("utf-8", "gb18030", "big5hkscs"):
        if other == enc:
            continue
        try:
            alt = data.decode(other)
        except UnicodeDecodeError:
            continue
        if _plausible(alt) >= 0.9:
            return alt, other
    return None


def load_html(data: bytes, path: str | None) -> LoadedText:
    import lxml.html
    from lxml import etree
    text, enc, warnings = decode_html(data, path)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)        # lxml refuses str input with an encoding declaration
    # control characters are no text (lxml also refuses them when the tree is edited)
    text = _CONTROL.sub("", text)
    try:
        doc = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(remove_comments=True, remove_pis=True,
                                                                              no_network=True))
    except (etree.ParserError, ValueError) as e:
        raise BadDocument(path, f"unreadable HTML ({str(e)[:80]})") from None
    _strip(doc)
    if _CJK.search(doc.text_content() or "") and _article_chars(doc) == 0:
        raise BadDocument(path, "no body text: the page holds only site navigation, links, header or footer "
                                "(save the notice's own page)")
    root = pick_content(doc)
    tb = TextBuilder()
    w = _Walker(tb, collect=True)
    w.walk(root)
    w.emit()
    return LoadedText(text=tb.text, path=path, format="html", encoding=enc, tables=tb.tables, warnings=warnings)


def _strip(doc) -> None:
    kill = []
    hidden = []
    for el in doc.iter():
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:
            kill.append(el)
            continue
        tag = tag.lower()
        if tag in _DROP:
            kill.append(el)
        elif tag not in ("html", "body") and (_HIDDEN.search(el.get("style", "") or "") or el.get("hidden") is not None
                                              or el.get("aria-hidden") == "true"):
            hidden.append(el)
    for el in kill:
        _remove(el)
    if hidden:
        # hidden blocks go, unless a script reveals the page's text (a hidden body or wrapper)
        body = doc.find("body") if doc.find("body") is not None else doc
        total = len(_CJK.findall(body.text_content()))
        for el in hidden:
            if len(_CJK.findall(el.text_content())) < 0.3 * total:
                _remove(el)


def _remove(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _article_chars(doc) -> int:
    """Chinese characters of the page outside links and outside navigation-, header- or footer-like
    blocks (by class or id)."""
    body = doc.find("body")
    if body is None:
        body = doc

    def visit(el) -> int:
        if not isinstance(el.tag, str) or el.tag == "a":
            return 0
        if el is not body and _NOISE_HINT.search(f"{el.get('id', '')} {el.get('class', '')}") \
                and not _CONTENT_HINT.search(f"{el.get('id', '')} {el.get('class', '')}"):
            return 0
        n = len(_CJK.findall(el.text or ""))
        for c in el:
            n += visit(c) + len(_CJK.findall(c.tail or ""))
        return n
    return visit(body)


def _cjk_counts(root) -> dict:
    """Chinese characters under each element: (all, in links)."""
    counts = {}

    def visit(el) -> tuple[int, int]:
        own = len(_CJK.findall(el.text or ""))
        link = own if el.tag == "a" else 0
        for c in el:
            a, l = visit(c)
            t = len(_CJK.findall(c.tail or ""))
            own += a + t
            link += l if el.tag != "a" else a + t
            if el.tag == "a":
                pass
        if el.tag == "a":
            link = own
        counts[el] = (own, link)
        return own, link
    visit(root)
    return counts


def pick_content(doc):
    """The element holding the article: a content-like id/class with most of the page's text, else the
    deepest block that still holds most of the page's (non-link) Chinese text."""
    body = doc.find("body")
    if body is None:
        body = doc
    counts = _cjk_counts(body)
    total = max(1, counts[body][0] - counts[body][1])

    def text_of(el) -> int:
        a, l = counts.get(el, (0, 0))
        return a - l

    # noise blocks (nav/footer-like class or id) that hold little of the text go
    for el in list(body.iter()):
        if el is body or not isinstance(el.tag, str):
            continue
        hint = f"{el.get('id', '')} {el.get('class', '')}"
        if _NOISE_HINT.search(hint) and not _CONTENT_HINT.search(hint) and text_of(el) < 0.2 * total:
            if el.getparent() is not None:
                _remove(el)
    counts = _cjk_counts(body)
    total = max(1, text_of(body))
    best = None
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCK:
            continue
        hint = f"{el.get('id', '')} {el.get('class', '')}"
        if _CONTENT_HINT.search(hint) and text_of(el) >= 0.5 * total and text_of(el) >= 50:
            if best is None or text_of(el) > text_of(best):
                best = el
    if best is not None:
        return best
    cur = body
    while True:
        kids = [c for c in cur if isinstance(c.tag, str)]
        nxt = next((c for c in kids if text_of(c) >= 0.85 * text_of(cur) and text_of(c) > 0), None)
        if nxt is None or nxt.tag in ("tr", "tbody", "thead") or _is_data_table(nxt):
            return cur
        cur = nxt


def _rows(tbl):
    out = []
    for c in tbl:
        if not isinstance(c.tag, str):
            continue
        if c.tag == "tr":
            out.append(c)
        elif c.tag in ("thead", "tbody", "tfoot"):
            out.extend(r for r in c if isinstance(r.tag, str) and r.tag == "tr")
    return out


def _is_data_table(tbl) -> bool:
    if tbl.tag != "table":
        return False
    rows = _rows(tbl)
    if not rows:
        return False
    for sub in tbl.iter("table"):
        if sub is not tbl:
            return False                       # nested tables: layout
    widths = [sum(int(_int(td.get("colspan"), 1)) for td in r if isinstance(td.tag, str) and td.tag in ("td", "th"))
              for r in rows]
    if max(widths) < 2:
        return False
    for r in rows:
        for td in r:
            if isinstance(td.tag, str) and td.tag in ("td", "th"):
                if len(td.text_content()) > 1500 or len(td.findall(".//p")) > 12:
                    return False                 # a page's column, not a cell
    return True


def _int(v, default: int) -> int:
    try:
        return max(1, min(int(str(v).strip()), 1000))
    except (TypeError, ValueError):
        return default


class _Walker:
    def __init__(self, tb: TextBuilder, collect: bool = False, in_cell: bool = False):
        self.tb = tb
        self.in_cell = in_cell               # a table cell's lines (unit names) are never joined as a title
        self.buf: list[str] = []
        # the article's lines and tables, written by emit() once hard-wrapped lines are joined
        self.items: list[tuple[str, object]] | None = [] if collect else None

    def flush(self, title: bool = False) -> None:
        text = "".join(self.buf)
        self.buf = []
        lines = [x for x in (clean_line(re.sub(r"[ \t\r\f\v]+", " ", y)) for y in text.split("\n")) if x]
        if title:                         # a centred block or a heading broken by <br>: one title
            lines = join_title_lines(lines)
        for line in lines:
            if line:
                if self.items is not None:
                    self.items.append(("line", line))
                else:
                    self.tb.line(line)

    def emit(self) -> None:
        lines: list[str] = []
        for kind, obj in self.items + [("end", None)]:
            if kind == "line":
                lines.append(obj)
                continue
            for ln in unwrap_lines(lines):
                self.tb.line(ln)
            lines = []
            if kind == "table":
                emit_table(self.tb, obj)

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table" and _is_data_table(el):
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if tag == "br":
            self.buf.append("\n")
        elif tag == "pre":
            self.buf.append((el.text_content() or "") + "\n")
            self.flush()
            return
        if el.text:
            self.buf.append(_ws(el.text))
        for c in el:
            self.walk(c)
            if c.tail:
                self.buf.append(_ws(c.tail))
        if block:
            self.flush(title=not self.in_cell and _centred(el))

    def table(self, tbl) -> None:
        grid: list[GridRow] = []
        pending: dict[int, int] = {}          # column -> rows still covered by a rowspan from above
        for tr in _rows(tbl):
            cells: list[Cell] = []
            col = 0
            tds = [td for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
            k = 0
            while k < len(tds) or any(c >= col and n > 0 for c, n in pending.items()):
                if pending.get(col, 0) > 0:
                    cells.append(Cell(vmerged=True))
                    pending[col] -= 1
                    col += 1
                    continue
                if k >= len(tds):
                    break
                td = tds[k]
                k += 1
                cell = self.cell(td)
                cell.hspan = _int(td.get("colspan"), 1)
                rs = _int(td.get("rowspan"), 1)
                if rs > 1:
                    for j in range(cell.hspan):
                        pending[col + j] = rs - 1
                cells.append(cell)
                # covered columns of a colspan that is also a rowspan are marked, the cell itself spans
                col += cell.hspan
            # a rowspan+colspan leaves several pending columns: fold them into one merged cell
            grid.append(GridRow(cells))
        if self.items is not None:
            self.items.append(("table", grid))
        else:
            emit_table(self.tb, grid)

    def cell(self, td) -> Cell:
        sub = TextBuilder()
        w = _Walker(sub, in_cell=True)
        w.walk_inline_block(td)
        c = Cell()
        for line in sub.text.split("\n"):
            line = line.strip()
            if line:
                c.lines.append([Frag(line)])
                c.short.append(True)
        return c

    def walk_inline_block(self, td) -> None:
        if td.text:
            self.buf.append(_ws(td.text))
        for c in td:
            self.walk(c)
            if c.tail:
                self.buf.append(_ws(c.tail))
        self.flush()


def _width(s: str) -> float:
    """Width of a line in ems: a Chinese character or full-width sign 1, an ASCII character 0.5."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in s)


def unwrap_lines(lines: list[str]) -> list[str]:
    """Join the lines of text that was hard-wrapped (pasted from a PDF: every line of the page a
    <p> or a <br>, breaking words, unit names and dates). Such a page is recognised by many lines of
    one width (at least 5 and 30% of the lines of 12 ems or more); a line of that width (or up to
    2.5 ems less: a paragraph's first line, indented) that does not end a sentence goes on in the
    next line unless the next line starts an item or a label (一、 （一） 1. 牵头单位：)."""
    widths = [_width(x) for x in lines]
    cands = [round(w * 2) / 2 for w in widths if w >= 12]
    if len(cands) < 5:
        return lines
    counts: dict[float, int] = {}
    for w in cands:
        counts[w] = counts.get(w, 0) + 1
    full = max(sorted(counts), key=lambda w: (counts[w] + counts.get(w - 0.5, 0), w))
    n_full = sum(1 for w in cands if full - 0.5 <= w <= full + 0.5)
    if n_full < 5 or n_full < 0.3 * len(cands):
        return lines
    out: list[str] = []
    prev_full = False
    for line, w in zip(lines, widths):
        if out and prev_full and not is_heading_like(line):
            out[-1] += glue(out[-1], line) + line
        else:
            out.append(line)
        prev_full = full - 2.5 <= w <= full + 0.5 and line[-1] not in SENT_END
    return out


_CENTRE_STYLE = re.compile(r"text-align\s*:\s*center", re.I)


def _centred(el) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag in ("h1", "h2", "h3", "h4", "center") or (el.get("align") or "").lower() == "center" \
        or bool(_CENTRE_STYLE.search(el.get("style") or ""))


def _ws(s: str) -> str:
    return re.sub(r"[ \t\r\n\f\v]+", " ", s)
