"""Stage 3c, tasks: which outline items are tasks and which are sections (ANNOTATION.md).

- The lowest numbered item that states work is a task; a heading that only groups items is a
  section, unless it carries its own responsibility assignment (then it is a task too, and its
  text ends where its first child begins).
- Items under 指导思想 / 基本原则 / 目标 / 保障措施 … are tasks only when they assign work to a
  named unit through a label or a bracket group.
- Rows of a task table (序号 | 重点任务 | 牵头单位 | …) are tasks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, Field

from ..core.datafiles import DATA_DIR, DataModel, check_regex, load_toml
from .outline import Item


class _SectionsFile(DataModel):
    exempt: list[Annotated[str, Field(min_length=1), AfterValidator(check_regex)]]   # headings whose items state no task
    goals: list[Annotated[str, Field(min_length=1), AfterValidator(check_regex)]]    # headings whose quantities are goals
    # headings asked as a question about the plan's setting (the problem it meets, what it brings)
    questions: list[Annotated[str, Field(min_length=1), AfterValidator(check_regex)]] = []
    # an assessment table's score column (分值): its rows are scored indicators, tasks
    score_columns: list[Annotated[str, Field(min_length=1), AfterValidator(check_regex)]] = []
    # exempt headings that describe the setting (基本情况): running text under them reports, it
    # assigns nothing, so only a label or a bracket group makes an item there a task
    background: list[Annotated[str, Field(min_length=1), AfterValidator(check_regex)]] = []


@lru_cache(maxsize=2)
def _sections_file(path: str | None = None) -> _SectionsFile:
    """``data/sections.toml`` (or ``path``), validated once for every rule read from it."""
    return load_toml(path or DATA_DIR / "sections.toml", _SectionsFile)


@lru_cache(maxsize=2)
def section_rules(path: str | None = None) -> tuple[re.Pattern, re.Pattern]:
    """(exempt headings, goal headings) from ``data/sections.toml`` (or ``path``), validated."""
    data = _sections_file(path)
    return re.compile("|".join(data.exempt)), re.compile("|".join(data.goals))


@lru_cache(maxsize=2)
def background_rule(path: str | None = None) -> re.Pattern | None:
    """Background headings (``background`` in ``data/sections.toml``), matched as exempt headings are."""
    data = _sections_file(path)
    return re.compile("|".join(data.background)) if data.background else None


@lru_cache(maxsize=2)
def question_rule(path: str | None = None) -> re.Pattern | None:
    """Descriptive question headings (``questions`` in ``data/sections.toml``): matched against a
    whole heading that ends in a question mark."""
    data = _sections_file(path)
    return re.compile("|".join(data.questions)) if data.questions else None


@lru_cache(maxsize=2)
def score_column_rule(path: str | None = None) -> re.Pattern | None:
    """Headers of an assessment table's score column (``score_columns`` in ``data/sections.toml``)."""
    data = _sections_file(path)
    return re.compile("|".join(data.score_columns)) if data.score_columns else None


_QMARK = ("？", "?")


def names_descriptive_question(title: str) -> bool:
    """A heading asked as a question about the problem met or the benefit brought
    (承诺事项将涉及哪些公共问题？ / 对解决这些问题有何助益？): its numbered list describes, it
    does not assign work."""
    rx = question_rule()
    t = title.rstrip(" \t*#")
    return rx is not None and t.endswith(_QMARK) and bool(rx.search(t))


@dataclass
class TaskRegion:
    item: Item | None            # None for table rows
    number: str
    start: int                   # span of the task (marker included)
    end: int
    title: tuple[int, int]
    section: Item | None         # enclosing item (the section), if any
    rule: str
    parent: "TaskRegion | None" = None


def item_title(text: str, body: int, end: int) -> tuple[int, int]:
    """Title: the item's text up to its first 。, and not past the end of its first line."""
    nl = text.find("\n", body, end)
    line_end = nl if nl != -1 else end
    stop = text.find("。", body, end)
    if stop != -1 and stop < line_end:
        e = stop
    elif stop != -1 and line_end < end and stop == _next_nonspace(text, line_end, end):
        e = line_end                              # "heading\n。" (the 。 moved to the next line)
    else:
        e = line_end
    s = body
    while s < e and text[s] in " \t":
        s += 1
    while e > s and text[e - 1] in " \t,;:。*":       # (a Markdown bold heading's closing **)
        e -= 1
    return s, e


def _next_nonspace(text: str, i: int, end: int) -> int:
    while i < end and text[i] in " \t\n":
        i += 1
    return i


def heading_title(text: str, it: Item) -> str:
    s, e = item_title(text, it.body, it.own_end)
    return text[s:e]


HEAD_CHARS = 16    # a heading names its kind (总体要求, 保障措施 …) in its first words, not deep in a run-on line


def select_tasks(text: str, items: list[Item], assigns, assigns_loose=None) -> tuple[list[TaskRegion], list[Item]]:
    """Split outline items into tasks and sections.

    ``assigns(start, end) -> bool`` says whether a text range carries an explicit assignment
    (label or bracket group); it decides exempt sections and headings that are tasks too.
    ``assigns_loose`` (documents that assign work only in running text): an item under an exempt
    heading that names its units in running text is a task too.
    """
    exempt_rx, _ = section_rules()
    tasks: list[TaskRegion] = []
    sections: list[Item] = []
    # whether an item's heading names an exempt section, once per item: every descendant asks about
    # all its ancestors, and a title is found by scanning the item's own text
    exempt_title: dict[int, bool] = {}

    def names_exempt(p: Item) -> bool:
        if id(p) not in exempt_title:
            ht = heading_title(text, p)
            exempt_title[id(p)] = bool(exempt_rx.search(ht[:HEAD_CHARS])) or names_descriptive_question(ht)
        return exempt_title[id(p)]

    background_rx = background_rule()
    background_title: dict[int, bool] = {}

    def names_background(p: Item) -> bool:
        if id(p) not in background_title:
            background_title[id(p)] = background_rx is not None and bool(
                background_rx.search(heading_title(text, p)[:HEAD_CHARS]))
        return background_title[id(p)]

    for it in items:
        title = heading_title(text, it)
        in_exempt = _in_exempt(it, names_exempt)
        own = assigns(it.body, it.own_end)
        if not own and assigns_loose is not None and (in_exempt or (it.children and it.parent is not None)) \
                and not _in_exempt(it, names_background):
            # running-text assignment: an item under an exempt heading, or a sub-heading whose own
            # lead text gives work to a unit before its numbered steps (由X会同Y…)
            own = assigns_loose(it.body, it.own_end if it.children else it.end)
        if it.children:
            sections.append(it)
            if own:
                tasks.append(TaskRegion(it, it.number, it.start, it.own_end, item_title(text, it.body, it.own_end),
                                        it.parent, "task.heading_with_units"))
            continue
        if (in_exempt or (exempt_rx.search(title[:HEAD_CHARS]) and it.parent is None)) and not own:
            sections.append(it)        # a heading of the outline that states no task (指导思想, 目标 …)
            continue
        if not own and _BASIS.match(title) and text.count("。", it.body, it.end) <= 1:
            sections.append(it)        # "依…函办理。": the basis of the notice, not work to be done
            continue
        tasks.append(TaskRegion(it, it.number, it.start, it.end, item_title(text, it.body, it.end), it.parent,
                                "task.item" if not in_exempt else "task.item_with_units"))
    tasks = _commitments(text, tasks, assigns)
    # a sub-item's parent task
    by_item = {id(t.item): t for t in tasks if t.item is not None}
    for t in tasks:
        p = t.item.parent if t.item else None
        while p is not None:
            if id(p) in by_item:
                t.parent = by_item[id(p)]
                break
            p = p.parent
    return tasks, sections


def _marked_heading(text: str, it: Item) -> bool:
    """A Markdown heading that carries its own item number ("# 1-1 …", "## 二、…"), not a counter."""
    return it.style.startswith("md") and bool(text[it.start:it.body].strip("# \t"))


def _subtree(it: Item):
    for k in it.children:
        yield k
        yield from _subtree(k)


def _commitments(text: str, tasks: list[TaskRegion], assigns) -> list[TaskRegion]:
    """A plan saved as Markdown, one numbered heading per commitment ("# 1-1 …"), its assignment
    in a header block of key-value lines under an unnumbered sub-heading ("## 方案说明" /
    "- 主(协)办机关: A、(B)"), its other sub-headings (the problem met, what it is, milestones)
    assigning nothing: the commitment is the task, whole; its sub-headings and their lists describe
    it. Where a sub-item assigns work of its own, the outline is left as read."""
    out = tasks
    for t in tasks:
        it = t.item
        if it is None or t.rule != "task.heading_with_units" or not it.style.startswith("md"):
            continue
        if _marked_heading(text, it):
            # the header block right under the numbered heading, its sub-headings describing it
            p = it
            if not it.children or not all(k.style.startswith("md") for k in it.children):
                continue
        else:
            p = it.parent
            if p is None or not _marked_heading(text, p):
                continue
        inner = {id(d) for d in _subtree(p)} | {id(p)}
        if any(id(o.item) in inner and o is not t and assigns(o.item.body, o.item.own_end if o.item.children else o.item.end)
               for o in out if o.item is not None):
            continue
        whole = TaskRegion(p, p.number, p.start, p.end, item_title(text, p.body, p.own_end), p.parent,
                           "task.commitment_header_block")
        out = [o for o in out if o.item is None or id(o.item) not in inner] + [whole]
        out.sort(key=lambda o: o.start)
    return out


_BASIS = re.compile(r"^(?:依|依据|根据|按照|遵照)[^。]{0,120}(?:办理|执行|规定|精神|要求)$")


def _in_exempt(it: Item, names_exempt) -> bool:
    p = it.parent
    while p is not None:
        if names_exempt(p):
            return True
        p = p.parent
    return False


# ---- task tables --------------------------------------------------------------------------------
_ROW = re.compile(r"^[^\n]*\|[^\n]*$", re.M)
# a row of a table copied from a word processor or a web page: cells separated by tabs (at least one
# tab between two cells; tabs that only indent the line do not make it a row)
_TAB_ROW = re.compile(r"^[ \t\u3000]*[^\s|][^\n]*?\t[^\n]*[^\s][ \t\u3000]*$", re.M)
# a row of a table laid out with runs of spaces (PDF text, plain-text tables): cells apart by two or
# more spaces (or a tab); an empty cell cannot be told from the gap, so such a row just has fewer cells
_SPACED_ROW = re.compile(r"^[ \t\u3000]*[^\s|][^\n]*?(?:[ \u3000]{2,}|\t)[^\n]*[^\s][ \t\u3000]*$", re.M)
# what every row of each kind holds: finding none of it skips the row scan, which tries every line
_ROW_GAP = {"|": re.compile(r"\|"), "\t": re.compile(r"\t"), "  ": re.compile(r"[ \u3000]{2}|\t")}
_SPACED_CELL = re.compile(r"[^ \t\u3000\n]+(?:[ \u3000][^ \t\u3000\n]+)*")
_HEADER_HINT = re.compile(r"序号|牵头|配合|责任|主办|协办|完成时限|完成期程|期程|时间节点|任务|工作事项|工作项目|主要内容|措施")
_ROWSPAN = re.compile(r"\s*\[rowspan=(\d+)\]\s*")
_COLSPAN = re.compile(r"\s*\[colspan=(\d+)\]\s*")


@dataclass
class TaskTable:
    header: list[str]
    rows: list[list[tuple[int, int] | None]]     # per row, per column: span of the cell (None: empty)
    start: int
    end: int
    lines: list[tuple[int, int]] = field(default_factory=list)   # per row: the row's own line


def _split_cells(text: str, s: int, e: int, sep: str = "|") -> list[tuple[int, int, int, int]]:
    """Cells of a '|' row: (start, end, rowspan, colspan) with markers removed from the span.
    With ``sep="\t"`` the cells of a tab-separated row (the line's own indentation is no cell)."""
    if sep != "|":
        while s < e and text[s] in " \t\u3000":
            s += 1
        while e > s and text[e - 1] in " \t\u3000":
            e -= 1
    if sep == "  ":
        return [(m.start(), m.end(), 1, 1) for m in _SPACED_CELL.finditer(text, s, e)]
    out, a = [], s
    for i in list(range(s, e)) + [e]:
        if i == e or text[i] == sep:
            cs, ce = a, i
            seg = text[cs:ce]
            rs = cspan = 1
            m = _ROWSPAN.search(seg)
            if m:
                rs = int(m.group(1))
                ce = cs + m.start()
            m2 = _COLSPAN.search(text[cs:ce])
            if m2:
                cspan = int(m2.group(1))
                ce = cs + m2.start()
            while cs < ce and text[cs] in " \t":
                cs += 1
            while ce > cs and text[ce - 1] in " \t":
                ce -= 1
            out.append((cs, ce, rs, cspan))
            a = i + 1
    return out


def find_task_tables(text: str, start: int, end: int, unit_column, sep: str = "|") -> list[TaskTable]:
    """'|' (or, with ``sep="\t"`` / ``sep="  "``, tab-separated / space-aligned) tables whose header names unit columns (牵头单位,
    配合单位, 责任单位 …)."""
    return find_tables(text, start, end, lambda header: any(unit_column(h) for h in header)
                       and sum(bool(_HEADER_HINT.search(h)) for h in header) >= 2
                       and not any(_NUMBER_CELL.match(h) for h in header), sep=sep)


# a cell holding only an item number: the row is a data or group row, not a header
_NUMBER_CELL = re.compile(r"^\s*[一二三四五六七八九十\d]{1,3}\s*[、.]?\s*$")


_INDICATOR = re.compile(r"指标")
_TARGET_COL = re.compile(r"评价标准|考核标准|目标值|指标值|预期值|预期目标|目标|标准值")


def indicator_target_column(header: list[str]) -> int | None:
    """In an indicator table (指标 | … | 目标值/评价标准), the column that states the target."""
    if not any(_INDICATOR.search(h) for h in header):
        return None
    for i, h in enumerate(header):
        if _TARGET_COL.search(h) and not _INDICATOR.fullmatch(h):
            return i
    return None


_SUB_HEADER = re.compile(r"[\u4e00-\u9fff()]{2,12}")
_RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$|^\s*$")


# what may stand between two rows of one table: blank lines, and the page numbers a PDF or a print
# copied to text leaves where the table runs on to the next page (— 3 —, - 3 -, 第3页 共10页, 3/10)
_PAGE_NUMBER_LINES = re.compile(r"(?:[ \t\u3000]*(?:[-—–－]{1,2}[ \t]*\d{1,4}[ \t]*[-—–－]{1,2}|第[ \t]*\d{1,4}[ \t]*页"
                                r"(?:[ \t]*[/,，]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?|\d{1,4}[ \t]*/[ \t]*\d{1,4})?[ \t\u3000]*\n)*"
                                r"[ \t\u3000]*")


def _row_gap(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` (between one row's end and the next row's start) keeps a table going."""
    gap = text[a:b]
    return gap.strip() == "" or _PAGE_NUMBER_LINES.fullmatch(gap.lstrip("\n")) is not None


def find_tables(text: str, start: int, end: int, accept, sep: str = "|") -> list[TaskTable]:
    """'|'-separated (or ``sep``-separated) tables (one row per line) whose header row satisfies
    ``accept(header)``."""
    if not _ROW_GAP.get(sep, _ROW_GAP["  "]).search(text, start, end):
        return []                   # no line of the range can be a row (a C scan for the separator)
    lines = [(m.start(), m.end()) for m in {"|": _ROW, "\t": _TAB_ROW}.get(sep, _SPACED_ROW).finditer(text, start, end)]
    split = (lambda t, a, b: _split_cells(t, a, b, sep))
    tables: list[TaskTable] = []
    i = 0
    while i < len(lines):
        s, e = lines[i]
        cells = split(text, s, e)
        header, spanned = [], []
        for a, b, _, cs in cells:
            header += [text[a:b]] * cs
            spanned += [cs > 1] * cs
        first_row = i + 1
        # a two-row header: "责任单位 [colspan=2]" over "牵头单位 | 配合单位"
        if any(spanned) and i + 1 < len(lines):
            sub = [text[a:b] for a, b, _, _ in split(text, *lines[i + 1])]
            if sub and len(sub) == sum(spanned) and all(_SUB_HEADER.fullmatch(x) for x in sub):
                it = iter(sub)
                header = [next(it) if sp else h for h, sp in zip(header, spanned)]
                first_row = i + 2
        if not accept(header):
            i += 1
            continue
        rows: list[list[tuple[int, int] | None]] = []
        row_lines: list[tuple[int, int]] = []
        carry: dict[int, tuple[tuple[int, int], int]] = {}     # column -> (span, rows left)
        j = first_row
        while j < len(lines) and (j == first_row or _row_gap(text, lines[j - 1][1], lines[j][0])):
            rs_, re_ = lines[j]
            cells = split(text, rs_, re_)
            if [text[a:b] for a, b, _, _ in cells] == header or all(_RULE_CELL.match(text[a:b]) for a, b, _, _ in cells):
                j += 1                                    # a repeated header row (page break), a Markdown rule
                continue
            row: list[tuple[int, int] | None] = []
            ci = 0
            col = 0
            while col < len(header):
                if col in carry:
                    span, left = carry[col]
                    row.append(span)
                    carry[col] = (span, left - 1) if left > 1 else None
                    if carry[col] is None:
                        del carry[col]
                    col += 1
                    continue
                if ci >= len(cells):
                    row.append(None)
                    col += 1
                    continue
                a, b, rs, cs = cells[ci]
                ci += 1
                for _ in range(cs):
                    if col >= len(header):
                        break
                    span = (a, b) if b > a and text[a:b] not in ("/", "-", "—", "无") else None
                    row.append(span)
                    if rs > 1 and span is not None:
                        carry[col] = (span, rs - 1)
                    col += 1
            rows.append(row)
            row_lines.append((rs_, re_))
            j += 1
        tables.append(TaskTable(header, rows, s, lines[j - 1][1] if j > first_row else e, row_lines))
        i = j
    return tables


# ---- tables flattened to one cell per line (PDF text, copied web tables) ---------------------------
_FLAT_NUM_HEAD = re.compile(r"^(?:序号|编号|序|项次)$")
_FLAT_NUMBER = re.compile(r"^(\d{1,3})[.、]?$")
_FLAT_TITLE = re.compile(r"任务|事项|内容|措施|工作|项目")


_FLAT_GROUP_LINE = re.compile(r"^[一二三四五六七八九十]{1,3}[、.][^。;,]{1,30}$")
_FLAT_TIME_HEAD = re.compile(r"时限|时间|期限|期程|节点|時限|時間|節點")
_FLAT_TIME_CELL = re.compile(r"^[^。；;，,]{0,16}(?:\d{1,2}月|\d{4}年|年底|年内|年末|季度|底前|月底|长期|長期|持续|持續|常态|常態)[^。；;，,]{0,8}$")


def _last_row_end(text: str, lines: list[tuple[int, int]], b0: int, header: list[str]) -> int:
    """End (exclusive line index) of a flattened table's last row. It holds one line per column
    unless a cell wrapped: when the last column is the time limit (完成时限), the row runs to the
    first line after the row's other cells that reads as a time limit."""
    plain = min(len(lines), b0 + len(header))
    if not _FLAT_TIME_HEAD.search(header[-1]):
        return plain
    for j in range(plain - 1, min(len(lines), b0 + 3 * len(header))):
        if _FLAT_TIME_CELL.match(text[slice(*lines[j])]):
            return j + 1
    return plain


def _cell_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank lines of ``text[start:end]`` as spans, without the blanks and stray '|' at
    either end: the cells of a table flattened to one cell per line."""
    lines: list[tuple[int, int]] = []
    pos = start
    for raw in text[start:end].split("\n"):
        a, b = pos, pos + len(raw)
        while a < b and text[a] in " \t\u3000|":
            a += 1
        while b > a and text[b - 1] in " \t\u3000|":
            b -= 1
        if b > a:
            lines.append((a, b))
        pos += len(raw) + 1
    return lines


def find_flat_tables(text: str, start: int, end: int, unit_column) -> list[TaskTable]:
    """Task tables whose cells stand one per line: a header run (序号 / 重点任务 / 牵头单位 / …, each
    a short line) and rows that each open with a line holding only the row's number. A cell that
    wraps over several lines is kept whole in the task column (the other cells are one line each)."""
    lines = _cell_lines(text, start, end)
    out: list[TaskTable] = []
    i = 0
    while i < len(lines):
        if not _FLAT_NUM_HEAD.match(text[slice(*lines[i])]):
            i += 1
            continue
        k = i + 1
        while k < len(lines) and k - i < 10 and len(text[slice(*lines[k])]) <= 12 \
                and not _FLAT_NUMBER.match(text[slice(*lines[k])]) and not re.search(r"[。;,]", text[slice(*lines[k])]) \
                and not _FLAT_GROUP_LINE.match(text[slice(*lines[k])]):
            k += 1
        header = [text[slice(*x)] for x in lines[i:k]]
        if not (3 <= len(header) <= 10 and any(unit_column(h) for h in header)
                and sum(bool(_HEADER_HINT.search(h)) for h in header) >= 2):
            i += 1
            continue
        ncol = len(header)
        title_col = next((c for c, h in enumerate(header) if c and _FLAT_TITLE.search(h) and not unit_column(h)), 1)
        # row boundaries: lines holding only the next row number
        bounds: list[int] = []
        j, expect = k, 1
        while j < len(lines):
            m = _FLAT_NUMBER.match(text[slice(*lines[j])])
            if m and int(m.group(1)) == expect:
                bounds.append(j)
                expect += 1
            elif not bounds and j - k < 2 and _FLAT_GROUP_LINE.match(text[slice(*lines[j])]):
                pass                            # a group heading above the first row
            elif not bounds or j - bounds[-1] > 3 * ncol:
                break
            j += 1
        if len(bounds) < 2:
            i = k
            continue
        rows, row_lines = [], []
        for r, b0 in enumerate(bounds):
            b1 = bounds[r + 1] if r + 1 < len(bounds) else _last_row_end(text, lines, b0, header)
            cells = lines[b0 + 1:b1]
            while len(cells) > ncol - 1 and _FLAT_GROUP_LINE.match(text[slice(*cells[-1])]):
                cells = cells[:-1]              # a group heading between rows (二、历史街区保护): not this row's
            row: list[tuple[int, int] | None] = [lines[b0]]
            extra = len(cells) - (ncol - 1)
            if extra >= 0:
                p = title_col - 1
                merged = cells[p:p + 1 + extra]
                data = cells[:p] + [(merged[0][0], merged[-1][1])] + cells[p + 1 + extra:]
            else:
                data = cells + [None] * (-extra)
            row += [c if c is None or text[slice(*c)] not in ("/", "-", "—", "无") else None for c in data]
            rows.append(row)
            last = max((c[1] for c in row if c), default=lines[b0][1])
            row_lines.append((lines[b0][0], last))
        out.append(TaskTable(header, rows, lines[i][0], row_lines[-1][1], row_lines))
        i = bounds[-1] + 1
    return out


# ---- flattened tables without a 序号 column ----------------------------------------------------
_FLAT_HEAD_CELL = re.compile(r"^[\u4e00-\u9fff()（）]{2,10}$")


def is_units_cell(text: str, a: int, b: int) -> bool:
    """A cell that holds only unit names (one, or a list split at 、，)."""
    from ..cues.unitlist import split_units
    s = text[a:b]
    if re.search(r"[。;；:：]", s) or len(s) > 80:
        return False
    units = split_units(s, a, strict=True)
    return bool(units) and sum(len(u.name) for u in units) * 10 >= len(re.sub(r"[、,，\s]", "", s)) * 7


def find_flat_tables_unnumbered(text: str, start: int, end: int, unit_column) -> list[TaskTable]:
    """One-cell-per-line tables with no 序号 column (重点任务 / 具体措施 / 牵头单位 / 配合单位 /
    完成时限, then the rows, one cell per line). With no row numbers to cut at, a row ends at the line
    that reads as a time limit when the header's last column is the time limit, else (the last
    column a unit column: 重点任务 / 责任单位) at its first line of unit names; the unit cells are the
    lines right before the time limit (each must read as unit names, else the row is not taken), the
    content cells the lines before those (a wrapped content cell is kept whole in the last content
    column). A run of at least two such rows (three for a two-column table) makes a table."""
    lines = _cell_lines(text, start, end)
    out: list[TaskTable] = []
    i = 0
    while i < len(lines):
        if not (_FLAT_HEAD_CELL.match(text[slice(*lines[i])]) and _HEADER_HINT.search(text[slice(*lines[i])])):
            i += 1
            continue
        k = i + 1
        while k < len(lines) and k - i < 8 and _FLAT_HEAD_CELL.match(text[slice(*lines[k])]) \
                and _HEADER_HINT.search(text[slice(*lines[k])]):
            k += 1
        header = [text[slice(*x)] for x in lines[i:k]]
        roles = [unit_column(h) for h in header]
        unit_cols = [c for c, r in enumerate(roles) if r]
        timed = bool(_FLAT_TIME_HEAD.search(header[-1])) and not roles[-1]
        content_cols = [c for c, r in enumerate(roles) if not r and (c < len(header) - 1 or not timed)]
        if not (2 <= len(header) <= 8 and unit_cols and content_cols and not _FLAT_NUM_HEAD.match(header[0])
                and unit_cols[-1] == len(header) - (2 if timed else 1) and max(content_cols) < unit_cols[0]):
            i += 1
            continue
        ncol = len(header)
        nu = len(unit_cols)
        rows, row_lines = [], []
        j = k
        while j < len(lines):
            if timed:
                # the row runs to the next time-limit line, its unit cells right before it
                t = next((x for x in range(j + nu + 1, min(len(lines), j + 3 * ncol))
                          if _FLAT_TIME_CELL.match(text[slice(*lines[x])])), None)
                units_end = t
            else:
                # no time column: the row runs to its unit cells (the first line of unit names)
                t = next((x + nu - 1 for x in range(j + 1, min(len(lines) - nu + 1, j + 3 * ncol))
                          if is_units_cell(text, *lines[x])), None)
                units_end = None if t is None else t + 1
            if t is None:
                break
            units = lines[units_end - nu:units_end]
            content = lines[j:units_end - nu]
            if not all(is_units_cell(text, *u) for u in units) or not content \
                    or any(_FLAT_TIME_CELL.match(text[slice(*c)]) or is_units_cell(text, *c) for c in content):
                break
            row: list[tuple[int, int] | None] = [None] * ncol
            for c, u in zip(unit_cols, units):
                row[c] = u
            if timed:
                row[-1] = lines[t]
            for n, c in enumerate(content_cols):
                if n >= len(content):
                    break
                row[c] = content[n] if n < len(content_cols) - 1 else (content[n][0], content[-1][1])
            rows.append(row)
            row_lines.append((lines[j][0], lines[t][1]))
            j = t + 1
        if len(rows) < (2 if len(header) > 2 else 3):
            i = k
            continue
        out.append(TaskTable(header, rows, lines[i][0], row_lines[-1][1], row_lines))
        i = j
    return out


# ---- tables whose cells are apart by single spaces (OCR) -----------------------------------------
_WORD = re.compile(r"[^\s]+")


def find_single_space_tables(text: str, start: int, end: int, unit_column) -> list[TaskTable]:
    """Task tables read by OCR with one space between cells (``1 推进某项工作 市发展改革委 市财政局
    2024年底前``). A single space also stands inside ordinary OCR text, so a table is read only when a
    header line is all short column names apart by spaces (a unit column and another header word
    among them) and the lines after it take the header's shape: the row number (when there is a
    序号 column, counting up from 1), content, unit names (each word of the unit columns must read
    as unit names), and the time limit (when it is the last column). Content words between the
    number and the first unit word are one cell (the first content column)."""
    out: list[TaskTable] = []
    for m in re.finditer(r"^[^\n]+$", text[start:end], re.M):
        hs, he = start + m.start(), start + m.end()
        words = [(w.start() + hs, w.end() + hs) for w in _WORD.finditer(m.group())]
        if not 3 <= len(words) <= 8:
            continue
        header = [text[a:b] for a, b in words]
        if not all(_FLAT_HEAD_CELL.match(h) or _FLAT_NUM_HEAD.match(h) for h in header):
            continue
        roles = [unit_column(h) for h in header]
        if not any(roles) or sum(bool(_HEADER_HINT.search(h)) for h in header) < 2:
            continue
        numbered = bool(_FLAT_NUM_HEAD.match(header[0]))
        timed = bool(_FLAT_TIME_HEAD.search(header[-1])) and not roles[-1]
        unit_cols = [c for c, r in enumerate(roles) if r]
        content_cols = [c for c, r in enumerate(roles) if not r and c != (0 if numbered else -1)
                        and not (timed and c == len(header) - 1)]
        if not content_cols or max(content_cols) > unit_cols[0]:
            continue
        rows, row_lines = [], []
        pos = he + 1
        expect = 1
        skipped = 0
        while pos < end:
            nl = text.find("\n", pos, end)
            le = nl if nl != -1 else end
            toks = [(w.start() + pos, w.end() + pos) for w in _WORD.finditer(text[pos:le])]
            if not toks:
                if rows:
                    break
                pos = le + 1
                continue
            row = _single_space_row(text, toks, header, numbered, timed, unit_cols, content_cols, expect)
            if row is None:
                # a content cell wrapped onto a line of its own (no number, no units): the rows go
                # on after it when the next line is the next numbered row
                if numbered and rows and skipped < 2 and not _FLAT_NUMBER.match(text[slice(*toks[0])]):
                    skipped += 1
                    pos = le + 1
                    continue
                break
            skipped = 0
            rows.append(row)
            row_lines.append((toks[0][0], toks[-1][1]))
            expect += 1
            pos = le + 1
        if len(rows) >= 2:
            out.append(TaskTable(header, rows, hs, row_lines[-1][1], row_lines))
    return out


def _single_space_row(text, toks, header, numbered, timed, unit_cols, content_cols, expect):
    row: list[tuple[int, int] | None] = [None] * len(header)
    if numbered:
        m = _FLAT_NUMBER.match(text[slice(*toks[0])])
        if not m or int(m.group(1)) != expect:
            return None
        row[0] = toks[0]
        toks = toks[1:]
    if timed:
        if not toks or not _FLAT_TIME_CELL.match(text[slice(*toks[-1])]):
            return None
        row[-1] = toks[-1]
        toks = toks[:-1]
    # unit words: the trailing run of words that read as unit names
    k = len(toks)
    while k > 1 and is_units_cell(text, *toks[k - 1]):
        k -= 1
    units, content = toks[k:], toks[:k]
    if not units or not content or len(units) > 3 * len(unit_cols):
        return None
    for n, c in enumerate(unit_cols):
        if n >= len(units):
            break
        row[c] = units[n] if n < len(unit_cols) - 1 else (units[n][0], units[-1][1])
    row[content_cols[0]] = (content[0][0], content[-1][1])
    return row
