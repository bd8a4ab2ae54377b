"""Stage 3, structure: the notice, its metadata, its outline, its tasks (prose items and task-table
rows) and the regions that state the document's goals, as a typed :class:`Findings`.

Which outline items are tasks depends on whether they assign work, so this stage consults the cue
layer (:mod:`extractor.cues`: labels, bracket groups) below it; it never calls the annotators.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from dataclasses import replace

from ..core.model import Cite, Findings, Metadata, OutlineItem, Span, TableRow, Task
from ..cues import responsibilities as R
from ..cues.accounting import find_cues
from ..cues.unitlist import split_units
from ..lang.lexicon_api import looks_like_unit
from ..lang.roles import role_cues
from .metadata import Meta, extract_metadata, uses_roc
from .outline import Item
from .reading import choose_reading
from .tasks import (TaskRegion, find_flat_tables, find_flat_tables_unnumbered, find_single_space_tables, find_tables,
                    find_task_tables, heading_title, indicator_target_column, item_title, score_column_rule, section_rules, select_tasks)

_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年?")


@lru_cache(maxsize=1024)
def unit_column(header: str) -> str | None:
    """The role a table column's header names (牵头单位 -> lead), or None."""
    cues = role_cues()
    h = header.replace(" ", "")
    if cues.ignore_label and cues.ignore_label.search(h):
        return None
    for word, role in sorted(cues.label_role.items(), key=lambda kv: -len(kv[0])):
        if word in h:
            return role
    if re.search(r"^(?:牵头|主办)", h):
        return "lead"
    if re.search(r"^(?:配合|协办|参与)", h):
        return "support"
    if re.search(r"^(?:责任|负责)", h):
        return "responsible"
    return None


def structure(text: str) -> Findings:
    meta = extract_metadata(text)
    start = meta.notice_start
    first_leads = R.declares_first_leads(text[start:]) is not None
    cues = find_cues(text, start, len(text))
    # label lines and bracket groups, found once for the whole notice
    explicit = [c.word_span[0] for c in cues if c.kind == "label" or (c.kind == "paren" and c.word)]
    memo: dict[tuple[int, int], bool] = {}

    def assigns(s: int, e: int) -> bool:
        """Does [s, e) carry an explicit assignment (a label or a bracket group)?"""
        if (s, e) not in memo:                  # each reading of the outline asks again
            i = bisect.bisect_left(explicit, s)
            if i >= len(explicit) or explicit[i] >= e:
                memo[s, e] = False              # no cue there: nothing to find
            else:
                hits, covered = R.find_labels(text, s, e)
                memo[s, e] = bool(hits) or bool(R.find_paren_groups(text, s, e, covered))
        return memo[s, e]

    loose = None
    if not any(c.kind in ("label", "paren") for c in cues):
        # a document that assigns work only in running text: items under 工作要求 / 保障措施 that
        # name their units there are tasks too
        scopes = ("any", "inline", "subject") if any(c.kind == "inline" for c in cues) else ("any", "inline")

        def loose(s: int, e: int) -> bool:
            # (the same finders the responsibility step uses there: inline cues, then sentence subjects)
            return bool(R.find_inline(text, s, e, scopes)) or ("subject" in scopes and bool(R.find_subjects(text, s, e)))
    reading, readings = choose_reading(text, start, len(text), assigns,
                                       [(c.start, c.end, c.kind, c.role) for c in cues], loose)
    items, regions, section_items = reading.items, reading.tasks, reading.sections
    if meta.body_start and explicit and explicit[-1] >= meta.body_start:
        # the cover notice's own numbered requirements before its signature (各责任单位要…制订工作方案;
        # 每季度…报送进展) are not tasks where the plan after the signature assigns its work by labels
        # or brackets and they assign none
        cover = [t for t in regions if t.item is not None and not t.item.children
                 and t.item.start < meta.body_start and not assigns(t.item.body, t.end)]
        if cover:
            drop = {id(t) for t in cover}
            regions = [t for t in regions if id(t) not in drop]
            section_items = sorted(section_items + [t.item for t in cover], key=lambda it: it.start)
    # task tables: rows are tasks; when a table assigns the work, prose items without units are restatements
    tables = find_task_tables(text, start, len(text), unit_column)
    if not tables:
        tables = find_flat_tables(text, start, len(text), unit_column)     # one cell per line
    if not tables:
        tables = find_task_tables(text, start, len(text), unit_column, sep="\t")   # cells split by tabs
    if not tables:
        tables = find_task_tables(text, start, len(text), unit_column, sep="  ")   # aligned by spaces
    if not tables:
        tables = find_flat_tables_unnumbered(text, start, len(text), unit_column)   # one cell per line, no 序号
    if not tables:
        tables = find_single_space_tables(text, start, len(text), unit_column)   # OCR: one space between cells
    table_tasks: list[Task] = []
    for ti, tb in enumerate(tables):
        table_tasks += _table_tasks(text, tb, ti + 1)
    if not tables:
        # tables that name each row's unit in a column without a role header (考核细则: 序号 |
        # 考核项目 | 被考核单位 | 分值 | 考核内容 …): the column is found by its content
        for ti, (tb, col) in enumerate(_unit_tables(text, start, len(text))):
            table_tasks += _table_tasks(text, tb, ti + 1, unit_col=col)
    if not tables and not table_tasks and not explicit:
        # an assessment table that names no unit (序号 | 考核项目 | 考核内容 | 分值 | 评分标准): its rows
        # are the scored indicators (not in a plan that assigns its work by labels: there a scoring
        # annex weighs the tasks, it does not list them)
        for ti, tb in enumerate(_score_tables(text, start, len(text))):
            table_tasks += _table_tasks(text, tb, ti + 1)
    tasks = _hoist_label_blocks(text, [_task(t) for t in regions], section_items, cues)
    tasks = _cut_closing_after_last_label(text, tasks, cues)
    if table_tasks:
        tasks = [t for t in tasks if assigns(t.own.start, t.own.end)]
        # items that cover the table itself are not tasks
        row_starts = sorted(tt.span.start for tt in table_tasks)

        def covers_a_row(t: Task) -> bool:
            i = bisect.bisect_left(row_starts, t.span.start)
            return i < len(row_starts) and row_starts[i] < t.span.end
        tasks = [t for t in tasks if not covers_a_row(t)]
        tasks += table_tasks
        tasks.sort(key=lambda t: t.span.start)
    # goals: quantities of 目标 sections that are not tasks
    _, goals_rx = section_rules()
    goal_regions = []
    task_items = {t.id for t in tasks}
    for it in items:
        if it.id in task_items:
            continue
        if goals_rx.search(heading_title(text, it)) and not (it.parent and goals_rx.search(heading_title(text, it.parent))):
            # the goals heading's text, less the items under it that are tasks (a target assigned
            # to a unit by its label is that task's, not a goal of the document as well)
            goal_regions += _minus(it.body, it.end, [(t.span.start, t.span.end) for t in tasks])
    if not goal_regions:
        goal_regions += _unnumbered_goal_paragraphs(text, start, items, tasks, goals_rx)
    if not goal_regions:
        goal_regions += _goal_sentences(text, items, task_items)
    # indicator tables (指标 | 评价标准/目标值): their target column states the document's goals
    for tb in find_tables(text, start, len(text), lambda h: indicator_target_column(h) is not None):
        col = indicator_target_column(tb.header)
        for ri, row in enumerate(tb.rows):
            cell = row[col] if col < len(row) else None
            if cell and tb.lines[ri][0] <= cell[0] < tb.lines[ri][1]:
                goal_regions.append(cell)
    years = _YEAR_IN_TITLE.findall(text[slice(*meta.title)]) if meta.title else []
    if not years and meta.notice_title:
        years = _YEAR_IN_TITLE.findall(text[slice(*meta.notice_title)])
    default_year = int(years[-1]) if years else (int(meta.date_iso[:4]) if meta.date_iso else None)
    return Findings(meta=_metadata(meta), sections=tuple(_outline_item(it) for it in section_items), tasks=tuple(tasks),
                    goal_regions=tuple(tuple(r) for r in goal_regions), default_year=default_year,
                    roc=uses_roc(text), first_leads=first_leads,
                    cues=tuple(cues), reading=reading, readings=tuple(readings))


def _minus(a: int, b: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[a, b) less the ranges in ``holes``."""
    out, pos = [], a
    for s, e in sorted(holes):
        if e <= pos or s >= b:
            continue
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < b:
        out.append((pos, b))
    return out


def _span(pair) -> Span | None:
    return Span(pair[0], pair[1]) if pair else None


def _metadata(m: Meta) -> Metadata:
    return Metadata(notice_start=m.notice_start, lead_in=_span(m.lead_in), notice_title=_span(m.notice_title),
                    title=_span(m.title), doc_number=_span(m.doc_number), date=_span(m.date), date_iso=m.date_iso,
                    issuers=tuple(_span(x) for x in m.issuers), recipients=tuple(m.recipients),
                    cites=tuple(Cite(doc_number=_span(c["doc_number"]), title=_span(c["title"])) for c in m.cites),
                    rules=tuple(sorted(m.rules.items())))


def _outline_item(it: Item) -> OutlineItem:
    return OutlineItem(id=it.id, number=it.number, level=it.level, span=Span(it.start, it.end), body=it.body,
                       own_end=it.own_end, parent_id=it.parent.id if it.parent else None, rule=it.rule)


def _task(t: TaskRegion) -> Task:
    it = t.item
    return Task(id=it.id, number=t.number, span=Span(t.start, t.end),
                own=Span(it.body, t.end), title=Span.of(t.title),
                section_id=t.section.id if t.section else None,
                parent_id=t.parent.item.id if t.parent else None, top=_top(it).id, rule=t.rule)


def _top(it: Item) -> Item:
    while it.parent is not None:
        it = it.parent
    return it


_NUM_HEADER = re.compile(r"序号|编号|^序$|^项次$")
_GROUP_NUMBER = re.compile(r"^[一二三四五六七八九十]{1,3}[、.]?$")
_BARE_PAREN = re.compile(r"\(([^()]{2,40})\)")


_WORK_HEADER = re.compile(r"内容|项目|指标|任务|事项")


def _score_tables(text: str, start: int, end: int) -> list:
    """'|' tables of an assessment scheme: a score column (``score_columns`` of sections.toml) and a
    column naming the work assessed, at least three columns and two rows."""
    rx = score_column_rule()
    if rx is None:
        return []
    return [tb for tb in find_tables(text, start, end, lambda h: len(h) >= 3 and any(rx.search(x.replace(" ", "")) for x in h)
                                     and any(_WORK_HEADER.search(x) for x in h)
                                     and not any(re.fullmatch(r"\s*\d+(?:\.\d+)?\s*", x) for x in h))
            if len(tb.rows) >= 2]


def _unit_tables(text: str, start: int, end: int) -> list[tuple]:
    """'|' tables with a 序号 column whose rows name a unit in a column of their own (found by
    content: most of the rows' own cells in that column are unit names)."""
    out = []
    for tb in find_tables(text, start, end, lambda h: len(h) >= 4 and any(_NUM_HEADER.search(x) for x in h)):
        best, best_n = None, 0
        for ci in range(len(tb.header)):
            n = 0
            for ri, row in enumerate(tb.rows):
                c = row[ci] if ci < len(row) else None
                if c and tb.lines[ri][0] <= c[0] < tb.lines[ri][1] and looks_like_unit(text[c[0]:c[1]]) \
                        and not re.search(r"[,;。:]", text[c[0]:c[1]]):
                    n += 1
            if n > best_n:
                best, best_n = ci, n
        if best is not None and best_n >= 3 and best_n * 2 >= len(tb.rows):
            out.append((tb, best))
    return out


def _table_tasks(text: str, tb, tno: int, unit_col: int | None = None) -> list[Task]:
    out = []
    num_col = next((i for i, h in enumerate(tb.header) if _NUM_HEADER.search(h.strip())), None)
    title_cols = [i for i, h in enumerate(tb.header) if re.search(r"任务|事项|工作|措施|内容|目标", h) and not unit_column(h)
                  and i != unit_col]
    if not title_cols:
        # an assessment table names the work by its indicator or item (考核指标, 考核项目)
        title_cols = [i for i, h in enumerate(tb.header) if re.search(r"指标|项目", h) and not unit_column(h)
                      and i != unit_col][:1]
    for ri, row in enumerate(tb.rows):
        line = tb.lines[ri]
        spans = [c for c in row if c and line[0] <= c[0] < line[1]]     # the row's own cells, not carried ones
        if not spans:
            continue
        if unit_col is None and num_col is not None and row[num_col] and [c for c in spans if c != row[num_col]] == [] \
                and not re.fullmatch(r"\d{1,3}[.、]?", text[slice(*row[num_col])].strip()):
            continue                          # a group row ("一、老旧小区改造 | | |"): a heading, not a task
        if unit_col is not None:
            num = text[slice(*row[num_col])].strip() if num_col is not None and row[num_col] else ""
            if _GROUP_NUMBER.match(num):
                # a group row (一、通用考核项目(全部责任单位)): a task only when it names its units
                head = next((c for c in row[num_col + 1:] if c), None)
                units = _bare_paren_units(text, head) if head else []
                if units:
                    out.append(_row_task(text, tno, ri, row, tb, num.rstrip("、."), item_title(text, *head),
                                         unit_col, units))
                continue
            if row[unit_col] is None or not any(row[ci] for ci in title_cols):
                continue                      # a total or note row: no unit, no work
        s, e = min(a for a, _ in spans), max(b for _, b in spans)
        number = text[slice(*row[num_col])] if num_col is not None and row[num_col] else str(ri + 1)
        number = number.strip().rstrip(".、")
        title = None
        for ci in title_cols:
            if row[ci]:
                a, b = row[ci]
                # a cell carried down by rowspan (marked, or repeated by the loader): prefer this
                # row's own content cell
                if a < s or (ci != title_cols[-1] and ri > 0 and tb.rows[ri - 1][ci]
                             and text[slice(*tb.rows[ri - 1][ci])] == text[a:b]):
                    continue
                title = _cell_title(text, a, b)
                break
        if title is None:
            title = (s, s)
        if unit_col is not None:
            out.append(_row_task(text, tno, ri, row, tb, number, title, unit_col, []))
            continue
        out.append(Task(id=f"table{tno}/row{ri + 1}", number=number, span=Span(s, e), own=Span(s, e),
                        title=Span.of(title), section_id=None, parent_id=None, top=f"table{tno}",
                        rule="task.table_row",
                        row=TableRow(cells=tuple(tuple(c) if c is not None else None for c in row), header=tuple(tb.header))))
    return out


def _cell_title(text: str, a: int, b: int) -> tuple[int, int]:
    """A table cell's title: up to its first 。; a line break inside the cell is a wrap, not an end."""
    stop = text.find("。", a, b)
    e = stop if stop != -1 else b
    while e > a and text[e - 1] in " \t\n,;:。":
        e -= 1
    return a, e


def _bare_paren_units(text: str, cell) -> list:
    """'(全部责任单位)', '(各有关单位)': a bracket that holds only unit names assigns them."""
    for m in _BARE_PAREN.finditer(text, cell[0], cell[1]):
        units = split_units(m.group(1), m.start(1), strict=True)
        if units and sum(len(u.name) for u in units) >= len(m.group(1).replace("、", "")) - 1:
            return units
    return []


def _row_task(text: str, tno: int, ri: int, row, tb, number: str, title, unit_col: int, extra_units) -> Task:
    line = tb.lines[ri]
    return Task(id=f"table{tno}/row{ri + 1}", number=number, span=Span(line[0], line[1]), own=Span(line[0], line[1]),
                title=Span.of(title), section_id=None, parent_id=None, top=f"table{tno}",
                rule="task.table_row.unit_column",
                row=TableRow(cells=tuple(tuple(c) if c is not None else None for c in row), header=tuple(tb.header),
                             roles=((unit_col, "responsible"),), units=tuple(extra_units)))


def _hoist_label_blocks(text: str, tasks: list[Task], sections, cues) -> list[Task]:
    """'（一）heading / 1.… / 2.… / 牵头单位:A / 配合单位:B' (or '（责任单位：A）' on a line of its own):
    a block of label lines after the last sub-item, when no other sub-item has labels, assigns the
    heading's work (the heading is a task whose own text is that block), not the last sub-item's."""
    labels = sorted(c.start for c in cues if c.kind == "label")
    if not labels:
        return tasks
    index = {t.id: k for k, t in enumerate(tasks)}
    tasks = list(tasks)
    added = []
    for h in sections:
        kids = h.children
        if len(kids) < 2 or h.id in index:
            continue
        i, j = bisect.bisect_left(labels, h.body), bisect.bisect_left(labels, h.end)
        inside = labels[i:j]
        last = kids[-1]
        if not inside or inside[0] < last.start or last.id not in index:
            continue
        # the block starts on a line of its own, after the sub-item's first line
        first = inside[0]
        ls = text.rfind("\n", last.body, first)
        if ls == -1 or text[ls + 1:first].strip(" \t\u3000(["):        # a line of its own, bracketed or not
            continue
        k = index[last.id]
        t = tasks[k]
        cut = _rstrip_ws(text, t.span.start, ls)
        tasks[k] = replace(t, span=Span(t.span.start, cut), own=Span(t.own.start, min(t.own.end, cut)))
        for kid in kids:
            if kid.id in index and tasks[index[kid.id]].parent_id is None:
                tasks[index[kid.id]] = replace(tasks[index[kid.id]], parent_id=h.id)
        added.append(Task(id=h.id, number=h.number, span=Span(h.start, h.end), own=Span(ls + 1, h.end),
                          title=Span.of(item_title(text, h.body, h.own_end)),
                          section_id=h.parent.id if h.parent else None, parent_id=None, top=_top(h).id,
                          rule="task.heading_label_block"))
    if not added:
        return tasks
    return sorted(tasks + added, key=lambda t: (t.span.start, -t.span.end))


_AFTER_GROUP = " \t\r\n\u3000)]】。;,"


def _cut_closing_after_last_label(text: str, tasks: list[Task], cues) -> list[Task]:
    """In a notice whose tasks each end with their label group (（责任单位：…）), the text after the
    last task's group is the closing provision (本措施自…起施行，有效期至…; 各单位要…), not part of
    that task: its dates and numbers are not the task's. Cut the last task at the end of its group,
    on the same line too (text that lost its line breaks). Only when at least two other labelled
    tasks end right at their group and most labelled tasks do, and no task starts in the cut text."""
    prose = [t for t in tasks if t.row is None]
    groups = sorted((c.start, c.end) for c in cues if c.kind == "label" or (c.kind == "paren" and c.word))
    if len(prose) < 3 or not groups:
        return tasks
    starts = [g[0] for g in groups]

    def group_end(t: Task) -> int | None:
        i, j = bisect.bisect_left(starts, t.own.start), bisect.bisect_left(starts, t.own.end)
        if i == j:
            return None
        e = max(g[1] for g in groups[i:j])
        while e < t.own.end and text[e] in _AFTER_GROUP:
            e += 1
        return e
    last = max(prose, key=lambda t: (t.span.start, -t.span.end))
    ends = [(t, group_end(t)) for t in prose if t is not last]
    labelled = [(t, e) for t, e in ends if e is not None]
    at_end = sum(1 for t, e in labelled if e >= t.own.end)
    if at_end < 2 or at_end * 3 < len(labelled) * 2:
        return tasks
    e = group_end(last)
    if e is None or e >= last.span.end or last.own.end != last.span.end:
        return tasks
    if any(t is not last and e <= t.span.start < last.span.end for t in tasks):
        return tasks
    cut = _rstrip_ws(text, last.span.start, e)
    while cut > last.own.start and text[cut - 1] in "。;,":
        cut -= 1
    # keep the group's closing bracket
    while cut < e and text[cut] in ")]】":
        cut += 1
    cut = _rstrip_ws(text, last.span.start, cut)
    cut = max(cut, last.title.end if last.title else cut)
    return [replace(t, span=Span(t.span.start, cut), own=Span(t.own.start, cut)) if t is last else t for t in tasks]


def _rstrip_ws(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1] in " \t\r\n\u3000":
        hi -= 1
    return hi


# an unnumbered goals heading: a short line naming 目标 (主要目标, 主要预期目标, 发展目标), alone or
# with its text after a colon ("主要目标：到2025年，…")
_GOAL_LINE = re.compile(r"(?m)^[ \t\u3000#*]*(?P<h>[\u4e00-\u9fff]{0,6}目标)[ \t\u3000*]*(?:[:：][ \t\u3000]*(?P<rest>[^\n]*))?$")
GOAL_PARAGRAPH_MAX = 3000     # a goals paragraph is a few sentences, not pages
_SHORT_HEADING = re.compile(r"^[ \t\u3000#*]*[^\n。;:]{1,20}$")


def _unnumbered_goal_paragraphs(text: str, start: int, items, tasks, goals_rx) -> list[tuple[int, int]]:
    """Goals under a heading that is not an outline item (a line "主要目标", or "主要目标：" opening
    its paragraph): the paragraph(s) after it, up to the next outline item or short heading line,
    outside every task."""
    item_starts = sorted(it.start for it in items)
    spans = [(t.span.start, t.span.end) for t in tasks]
    out = []
    for m in _GOAL_LINE.finditer(text, start):
        if not goals_rx.search(m.group("h")):
            continue
        if m.group("rest"):
            a = m.start("rest")
        else:
            a = m.end() + 1
        if any(s <= m.start() < e for s, e in spans):
            continue
        i = bisect.bisect_right(item_starts, m.start())
        stop = min(item_starts[i] if i < len(item_starts) else len(text), a + GOAL_PARAGRAPH_MAX)
        b = a
        for line in re.finditer(r"[^\n]*", text[a:stop]):
            seg = line.group()
            if not seg.strip():
                continue
            if b > a and _SHORT_HEADING.match(seg):
                break
            b = a + line.end()
        if b > a and not any(s < b and a < e for s, e in spans):
            out.append((a, b))
    return out


_GOAL_HOST = re.compile(r"总体要求|总体思路|指导思想|工作要求|基本要求|总体目标")
_GOAL_SENTENCE = re.compile(r"(?:到|至|力争到|力争)\s*20\d{2}\s*年(?:底|末)?[,，][^。]*。")


def _goal_sentences(text: str, items, task_items) -> list[tuple[int, int]]:
    """A plan without a 目标 heading states its goals in its general part (总体要求, 指导思想):
    the sentences there that open with a target year ("到2025年，…达到…")."""
    out = []
    for it in items:
        if it.id in task_items or not _GOAL_HOST.search(heading_title(text, it)[:16]):
            continue
        out += [m.span() for m in _GOAL_SENTENCE.finditer(text, it.body, it.own_end if it.children else it.end)]
    return out
