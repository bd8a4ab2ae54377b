"""Stage 3, structure: the notice, its metadata, its outline, its tasks (prose items and task-table
rows) and the regions that state the document's goals, as a typed :class:`Findings`.

Which outline items are tasks depends on whether they assign work, so this stage consults the cue
layer (:mod:`extractor.cues`: labels, bracket groups) below it; it never calls the annotators.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..core.model import Cite, Findings, Metadata, OutlineItem, Span, TableRow, Task
from ..cues import responsibilities as R
from ..lang.roles import role_cues
from .metadata import Meta, extract_metadata, uses_roc
from .outline import Item, build_outline
from .tasks import (TaskRegion, find_tables, find_task_tables, heading_title, indicator_target_column, item_title,
                    section_rules, select_tasks)

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
    items = build_outline(text, start, len(text))
    first_leads = R.declares_first_leads(text[start:]) is not None

    def assigns(s: int, e: int) -> bool:
        hits, covered = R.find_labels(text, s, e)
        return bool(hits) or bool(R.find_paren_groups(text, s, e, covered))

    regions, section_items = select_tasks(text, items, assigns)
    # task tables: rows are tasks; when a table assigns the work, prose items without units are restatements
    tables = find_task_tables(text, start, len(text), unit_column)
    table_tasks: list[Task] = []
    for ti, tb in enumerate(tables):
        table_tasks += _table_tasks(text, tb, ti + 1)
    tasks = [_task(t) for t in regions]
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
            goal_regions.append((it.body, it.end))
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
                    roc=uses_roc(text), first_leads=first_leads)


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
                own=Span(it.body, it.own_end if it.children else it.end), title=Span.of(t.title),
                section_id=t.section.id if t.section else None,
                parent_id=t.parent.item.id if t.parent else None, top=_top(it).id, rule=t.rule)


def _top(it: Item) -> Item:
    while it.parent is not None:
        it = it.parent
    return it


def _table_tasks(text: str, tb, tno: int) -> list[Task]:
    out = []
    num_col = next((i for i, h in enumerate(tb.header) if "序号" in h or h.strip() in ("编号", "序")), None)
    title_cols = [i for i, h in enumerate(tb.header) if re.search(r"任务|事项|工作|措施|内容|目标", h) and not unit_column(h)]
    for ri, row in enumerate(tb.rows):
        line = tb.lines[ri]
        spans = [c for c in row if c and line[0] <= c[0] < line[1]]     # the row's own cells, not carried ones
        if not spans:
            continue
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
                title = item_title(text, a, b)
                break
        if title is None:
            title = (s, s)
        out.append(Task(id=f"table{tno}/row{ri + 1}", number=number, span=Span(s, e), own=Span(s, e),
                        title=Span.of(title), section_id=None, parent_id=None, top=f"table{tno}",
                        rule="task.table_row",
                        row=TableRow(cells=tuple(tuple(c) if c is not None else None for c in row), header=tuple(tb.header))))
    return out
