"""Shared helpers of the PDF, DOCX and HTML loaders.

* ``TextBuilder`` assembles the loaded text line by line and records, for every piece, the page and
  bounding box it came from, so that ``LoadedText.pages`` covers every character.
* ``clean_line`` / ``join_fragments`` undo what layout does to Chinese text (spaces a PDF producer
  puts between digits and CJK, lines broken mid-sentence).
* ``emit_table`` turns a grid of cells (with merged cells, repeated headers and rows continued across
  a page break) into text rows ``cell | cell | cell`` plus a ``Table`` with spans into the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import Box, PageSpan, Table, TableRow

BBox = tuple[float, float, float, float]

# --- character classes -------------------------------------------------------------------------
_CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019\u00b7"
_CJK_CHAR = re.compile(f"[{_CJK_RANGES}]")
# spaces (ASCII, NBSP, ideographic, thin...) with a CJK character or CJK punctuation on one side
_SPACE = "[ \u00a0\u2000-\u200b\u202f\u205f\u3000\t]"
# The second branch starts only at the head of a run of spaces (U+3000 is also in _CJK_RANGES, so
# only the other spaces count): tried from every position of a long run it was quadratic (a page
# with 60,000 &nbsp; took 24 s). Same matches as without the guard (checked on random strings).
_SPACE_NOT_CJK = "[ \u00a0\u2000-\u200b\u202f\u205f\t]"
_SPACE_NEAR_CJK = re.compile(f"(?<=[{_CJK_RANGES}]){_SPACE}+|(?<!{_SPACE_NOT_CJK}){_SPACE}+(?=[{_CJK_RANGES}])")
_MULTI_SPACE = re.compile(f"{_SPACE}{{2,}}")

# Sentence-final punctuation: a line ending in one of these ends a paragraph (or at least a sentence).
SENT_END = "。！？!?…"
# A line starting like this is a heading, a list item or a role line: never glued to the line above.
_CN_NUM = "一二三四五六七八九十百零〇两"
HEADING_RE = re.compile(
    rf"^(?:[{_CN_NUM}]+[、.．]"                 # 一、
    rf"|[（(][{_CN_NUM}]+[）)]"                 # （一）
    r"|[（(]\d{1,3}[）)]"                       # （1）
    r"|\d{1,3}[、.．)）](?![\d.．])"             # 1.  1、  1）
    r"|[①-⑳⑴-⒇㈠-㈩]"                           # ①
    rf"|第[{_CN_NUM}\d]+[章节条部分篇项]"           # 第一章
    r"|附件\s*\d*[:：]?\s*$|附件\s*\d*[:：]"      # 附件：
    r"|(?:牵头|牽頭|责任|責任|配合|协办|協辦|主办|主辦|参与|參與|主责|主責|实施|實施|承办|承辦)(?:单位|單位|部门|部門)[:：]"
    r"|(?:完成|时间|時間)(?:时限|時限|时间|時間|节点|節點)?[:：]"
    r")"
)

# Running headers / footers: page numbers in the usual Chinese styles.
PAGE_NO_RE = re.compile(
    r"^\s*(?:[—–\-－―─~～]+\s*\d{1,4}\s*[—–\-－―─~～]+"    # — 3 —   - 3 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"   # 第3页 共10页
    r"|第\s*\d{1,4}\s*頁(?:\s*[,，/]?\s*共\s*\d{1,4}\s*頁)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"                              # 3/10
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|\d{1,4})\s*$"
)


def is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_CHAR.match(ch) is not None


def clean_line(s: str) -> str:
    """Strip a line and drop spaces next to CJK characters ("2025 年年底前" -> "2025年年底前")."""
    s = s.replace("\r", "").replace("\x00", "").strip(" \t\u00a0\u3000\u2000\u2001\u2002\u2003\u200b\ufeff")
    if not s:
        return s
    s = _SPACE_NEAR_CJK.sub("", s)
    return _MULTI_SPACE.sub(" ", s)


def glue(a: str, b: str) -> str:
    """What to put between two pieces of one paragraph: nothing for Chinese, a space between words."""
    if not a or not b:
        return ""
    x, y = a[-1], b[0]
    if (x.isascii() and x.isalnum()) and (y.isascii() and y.isalnum()):
        return " "
    if x in ",.;:" and y.isascii() and y.isalnum() and not (x == "." and y.isdigit()):
        return " "
    return ""


_DATE_OR_DOCNO = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d")


def join_title_lines(lines: list[str]) -> list[str]:
    """The lines of a centred paragraph broken by hand (a title set over two or three lines with
    line breaks, not paragraphs: 关于印发… / …的通知) are one title. Left apart: more than four lines,
    more than 80 characters in all, a line before the last ending a sentence or a clause, a date or
    a document number anywhere (a signature block, a 文号 under the letterhead)."""
    if len(lines) < 2 or len(lines) > 4 or sum(len(x) for x in lines) > 80:
        return lines
    if any(_DATE_OR_DOCNO.search(x) for x in lines) or any(x[-1] in "。！？!?；;：:，," for x in lines[:-1]):
        return lines
    out = lines[0]
    for x in lines[1:]:
        out += glue(out, x) + x
    return [out]


def is_heading_like(s: str) -> bool:
    return HEADING_RE.match(s) is not None


# --- text builder ------------------------------------------------------------------------------

@dataclass
class Frag:
    """A piece of text with the page (1-based) and box it was read from."""
    text: str
    page: int | None = None
    bbox: BBox | None = None


@dataclass
class TextBuilder:
    parts: list[str] = field(default_factory=list)
    n: int = 0
    _pages: list[tuple[int, int, int]] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def add(self, text: str, page: int | None = None, bbox: BBox | None = None) -> tuple[int, int]:
        start = self.n
        if text:
            self.parts.append(text)
            self.n += len(text)
            if page is not None:
                self._pages.append((start, self.n, page))
                if bbox is not None:
                    self.boxes.append(Box(start, self.n, page, tuple(round(v, 2) for v in bbox)))
        return start, self.n

    def add_frags(self, frags: list[Frag]) -> tuple[int, int]:
        """Append fragments of one paragraph, glued as Chinese text is."""
        start = self.n
        prev = ""
        for f in frags:
            if not f.text:
                continue
            g = glue(prev, f.text)
            if g:
                self.add(g, f.page)
            self.add(f.text, f.page, f.bbox)
            prev = f.text
        return start, self.n

    def newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.add("\n")

    def line(self, frags: list[Frag] | str, page: int | None = None) -> tuple[int, int]:
        if isinstance(frags, str):
            frags = [Frag(frags, page)]
        self.newline()
        span = self.add_frags(frags)
        self.add("\n")
        return span

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def pages(self) -> list[PageSpan]:
        """Page ranges covering [0, len(text)): characters between pieces go with the piece before."""
        if not self._pages:
            return []
        out: list[PageSpan] = []
        for s, e, p in self._pages:
            if out and out[-1].page == p:
                out[-1].end = e
            elif out:
                out[-1].end = s
                out.append(PageSpan(s, e, p))
            else:
                out.append(PageSpan(0, e, p))
        out[-1].end = self.n
        return out


# --- tables ------------------------------------------------------------------------------------

HEADER_WORDS = ("序号", "序號", "编号", "編號", "重点任务", "重點任務", "主要任务", "主要任務", "任务", "任務",
                "工作内容", "主要内容", "主要內容", "具体措施", "具體措施", "工作措施", "牵头", "牽頭", "责任", "責任",
                "配合", "参与", "參與", "协办", "協辦", "单位", "單位", "部门", "部門", "时限", "時限", "完成时间",
                "完成時間", "时间", "時間", "进度", "進度", "备注", "備註", "指标", "指標", "目标", "目標", "事项", "事項")
_UNIT_COL = re.compile(r"单位|單位|部门|部門|牵头|牽頭|责任|責任|配合|协办|協辦|参与|參與")
_SEQ_COL = re.compile(r"^(序号|序號|编号|編號|No\.?|NO\.?)$")
_UNIT_END = re.compile(r"(委|局|厅|廳|办|辦|部|会|會|院|司|府|室|处|處|所|站|队|隊|中心|公司|集团|集團|银行|銀行|支行|分行|总队|總隊|政府|法院|检察院|檢察院|联|聯|团|團|社|馆|館|校|署|行)$")
_UNIT_START = re.compile(r"^(市|省|区|區|县|縣|各|国|國|自治|中|人|团|團|共青|税|稅|海关|海關|人行|中国|中國|[\u4e00-\u9fff]{1,3}(?:市|省|县|縣|区|區)|[A-Z])")
_LIST_SEP = "、，,；;/／"


@dataclass
class Cell:
    """One table cell: its text lines (each a list of fragments) and whether each line ended short
    of the cell's right edge (a real line break, not a wrap; None when unknown)."""
    lines: list[list[Frag]] = field(default_factory=list)
    short: list[bool | None] = field(default_factory=list)
    hspan: int = 1           # columns this cell covers (the covered ones are left out of the row)
    vmerged: bool = False    # continues the cell above (vertical merge): takes its text

    @classmethod
    def of(cls, text: str, page: int | None = None, explicit_breaks: bool = True) -> "Cell":
        c = cls()
        for ln in text.split("\n"):
            ln = clean_line(ln)
            if ln:
                c.lines.append([Frag(ln, page)])
                c.short.append(True if explicit_breaks else None)
        return c

    @property
    def page(self) -> int | None:
        for ln in self.lines:
            for f in ln:
                if f.page is not None:
                    return f.page
        return None

    def plain(self) -> str:
        return "".join(f.text for ln in self.lines for f in ln)


def join_cell(cell: Cell, unit_col: bool) -> list[Frag]:
    """The fragments of a cell as one line: wrapped lines glued, and in a unit column a real line
    break between two unit names becomes '、' (市发展改革委 / 市财政局 -> 市发展改革委、市财政局)."""
    out: list[Frag] = []
    prev = ""
    for i, ln in enumerate(cell.lines):
        text = "".join(f.text for f in ln)
        if not text:
            continue
        if out and unit_col and prev[-1] not in _LIST_SEP and text[0] not in _LIST_SEP:
            short = cell.short[i - 1] if i - 1 < len(cell.short) else None
            # a break the geometry cannot tell from a wrap still parts two names when the line
            # before is a whole name too (starts and ends like one: 市发展改革委 / 市大数据管理局)
            if _UNIT_END.search(prev) and _UNIT_START.search(text) and \
                    (short is not False or (len(prev) >= 4 and _UNIT_START.search(prev))):
                out.append(Frag("、", ln[0].page))
        out.extend(ln)
        prev = text
    return out


def frags_text(frags: list[Frag]) -> str:
    s, prev = [], ""
    for f in frags:
        s.append(glue(prev, f.text) + f.text)
        prev = f.text or prev
    return "".join(s)


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def header_score(texts: list[str]) -> int:
    return sum(1 for t in texts if t and len(_norm(t)) <= 12 and any(w in t for w in HEADER_WORDS))


@dataclass
class GridRow:
    cells: list[Cell]
    continues: bool = False     # the loader saw this row start at the top of a new page part of the table
    page: int | None = None


def emit_table(tb: TextBuilder, grid: list[GridRow], page: int | None = None) -> Table | None:
    """Write a table into the builder as ``a | b | c`` lines and return its Table.

    Header: the first row (among the first three) that looks like a task-table header; rows before it
    (captions) become lines of their own, later copies of it (repeated on each page) are dropped.
    A row spanning all columns becomes a line of its own (a section heading inside the table).
    Vertically merged cells take the text of the cell above; a row marked ``continues`` whose
    序号 cell is empty is glued onto the previous row (a row broken by a page break).
    """
    rows = [r for r in grid if any(c.plain() or c.vmerged for c in r.cells)]
    if not rows:
        return None
    ncols = max(sum(c.hspan for c in r.cells) for r in rows)
    hidx = None
    for i, r in enumerate(rows[:3]):
        if header_score([c.plain() for c in r.cells]) >= 2:
            hidx = i
            break
    small_layout = hidx is None and ncols <= 2 and len(rows) <= 3 and \
        sum(_looks_seq(r.cells[0].plain()) for r in rows) < 2 and not _key_value(rows)
    if (hidx is None and ncols == 1) or small_layout:
        # a one-column "table" is layout: its cells are paragraphs; so is a small table of one or
        # two columns without a header (a letterhead, a signature block, the 抄送/印发 lines set in
        # a table): its cells are lines, not a task table's row
        for r in rows:
            for c in r.cells:
                for para in _cell_paragraphs(c):
                    tb.line(para)
        return None
    header_cells: list[str] = []
    if hidx is not None:
        for r in rows[:hidx]:
            tb.line(join_cell(_first_cell(r), False))
        header_cells = _expand([clean_line(frags_text(join_cell(c, False))) for c in rows[hidx].cells],
                               rows[hidx].cells, ncols)
        body = rows[hidx + 1:]
        # a two-level header (责任单位 over 牵头单位 | 配合单位): take the lower labels
        if body and header_score([c.plain() for c in body[0].cells]) >= 2 and not _looks_seq(body[0].cells[0].plain()):
            lower = _expand([clean_line(c.plain()) for c in body[0].cells], body[0].cells, ncols)
            header_cells = [lo or up for up, lo in zip(header_cells, lower)] if len(lower) == ncols else header_cells
            body = body[1:]
    else:
        body = rows
    unit_cols = [bool(_UNIT_COL.search(h)) for h in header_cells] if header_cells else [False] * ncols
    seq_col = 0 if (header_cells and _SEQ_COL.match(_norm(header_cells[0]))) or \
        (not header_cells and sum(_looks_seq(r.cells[0].plain()) for r in body) >= max(2, len(body) // 2)) else None
    hnorm = [_norm(h) for h in header_cells]

    # assemble logical rows: list of (cells as frag lists, page)
    logical: list[tuple[list[list[Frag]] | None, list[Frag] | None, int | None]] = []
    prev_cells: list[list[Frag]] | None = None
    for r in body:
        if len(r.cells) == 1 and r.cells[0].hspan >= ncols and ncols > 1:
            line = join_cell(r.cells[0], False)
            if header_cells and _norm(frags_text(line)) == "".join(hnorm):
                continue
            logical.append((None, line, r.page or r.cells[0].page))
            continue
        texts = [_norm(c.plain()) for c in r.cells]
        if header_cells and (texts == hnorm[:len(texts)] and len(texts) == len(hnorm)
                             or _expand(texts, r.cells, ncols) == hnorm):
            continue                        # header repeated on a new page
        cells: list[list[Frag]] = []
        col = 0
        for c in r.cells:
            if c.vmerged and prev_cells is not None and col < len(prev_cells):
                cells.append([Frag(f.text, r.page or f.page) for f in prev_cells[col]] if prev_cells[col] else [])
                # merged text is repeated on each row; it is attributed to where the row is
            else:
                cells.append(join_cell(c, unit_cols[col] if col < len(unit_cols) else False))
            for _ in range(c.hspan - 1):
                cells.append([])
            col += c.hspan
        while len(cells) < ncols:
            cells.append([])
        if (r.continues and seq_col is not None and prev_cells is not None and logical
                and logical[-1][0] is not None and not frags_text(cells[seq_col]).strip()):
            merged = []
            for k, (a, b) in enumerate(zip(logical[-1][0], cells)):
                if b and a and not r.cells[min(k, len(r.cells) - 1)].vmerged:
                    at, bt = frags_text(a), frags_text(b)
                    sep = []
                    if unit_cols[k] if k < len(unit_cols) else False:
                        if at[-1] not in _LIST_SEP and bt[0] not in _LIST_SEP and _UNIT_END.search(at) and _UNIT_START.search(bt):
                            sep = [Frag("、", b[0].page)]
                    merged.append(a + sep + b)
                elif b and not a:
                    merged.append(b)
                else:
                    merged.append(a)
            logical[-1] = (merged, None, logical[-1][2])
            prev_cells = merged
            continue
        logical.append((cells, None, r.page or next((c.page for c in r.cells if c.page), None)))
        prev_cells = cells

    table = Table(header=header_cells, rows=[], page=page)
    if header_cells:
        tb.line(" | ".join(header_cells), page)
    for cells, line, pg in logical:
        if cells is None:
            tb.line(line)
            continue
        tb.newline()
        spans: list[tuple[int, int]] = []
        texts: list[str] = []
        for k, cf in enumerate(cells):
            if k:
                tb.add(" | ", pg)
            s = tb.n
            prev = ""
            for f in cf:
                g = glue(prev, f.text)
                if g:
                    tb.add(g, f.page or pg)
                tb.add(f.text, f.page or pg, f.bbox)
                prev = f.text
            spans.append((s, tb.n))
            texts.append(frags_text(cf))
        tb.add("\n", pg)
        table.rows.append(TableRow(cells=texts, spans=spans, page=pg))
    tb.tables.append(table)
    return table


def _key_value(rows: list[GridRow]) -> bool:
    """Rows of 'key | value' (成文日期 | 2024-04-08, 发布机构 | …): a short label without digits in
    the first cell and a value beside it, in every row."""
    for r in rows:
        texts = [_norm(c.plain()) for c in r.cells if not c.vmerged]
        if len(texts) < 2 or not texts[1] or not (1 <= len(texts[0].rstrip(":：")) <= 6) \
                or re.search(r"\d", texts[0]):
            return False
    return True


def _cell_paragraphs(c: Cell) -> list[list[Frag]]:
    """The paragraphs of a layout cell (a 专栏 box, a framed passage): a line that wrapped (it ended
    at the cell's edge, ``short`` False: PDF) goes on in the next one unless that one starts an item;
    a real break (True) or an unknown one (None) ends the paragraph."""
    out: list[list[Frag]] = []
    joined = False
    for i, ln in enumerate(c.lines):
        text = "".join(f.text for f in ln)
        if out and joined and not is_heading_like(text):
            out[-1].extend(ln)
        else:
            out.append(list(ln))
        joined = (c.short[i] if i < len(c.short) else None) is False and text[-1:] not in SENT_END
    return out


def _first_cell(r: GridRow) -> Cell:
    c = Cell()
    for x in r.cells:
        c.lines.extend(x.lines)
        c.short.extend(x.short)
    return c


def _expand(texts: list[str], cells: list[Cell], ncols: int) -> list[str]:
    out: list[str] = []
    for t, c in zip(texts, cells):
        out.append(t)
        out.extend([""] * (c.hspan - 1))
    return out + [""] * (ncols - len(out))


def _looks_seq(s: str) -> bool:
    return bool(re.fullmatch(r"\s*[（(]?[\d一二三四五六七八九十]{1,4}[）)]?[.、]?\s*", s or ""))
