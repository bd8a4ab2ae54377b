"""Stage 4, annotate: the work behind each spaCy component, on the analysis text.

Each step takes the :class:`~extractor.core.model.Findings` of the stage before and returns a new
one with its findings added to the tasks (responsibilities, then deadlines, then quantities); the
order of the steps is the pipeline's (:mod:`extractor.pipeline`), not this module's. Spans index
the analysis text, which are also spans into the source text (the normaliser keeps length).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ..core.model import Deadline, Findings, Quantity, Responsibility, Span, TableRow
from ..cues import responsibilities as R
from ..cues.accounting import explained as cue_explained
from ..cues.unitlist import split_units
from ..lang.lexicon_api import resolve
from ..structure.stage import unit_column
from ..structure.tasks import is_units_cell
from .deadlines import DeadlineHit, find_cell_deadline, find_deadlines, heading_year, is_time_column
from .quantities import QuantityHit, find_quantities, reports_done, score_cells


def _responsibility(h: R.RespHit) -> Responsibility:
    r = resolve(h.unit.name)
    return Responsibility(mention=h.unit, role=h.role, label=h.label,
                          label_span=Span.of(h.label_span) if h.label_span else None, rule=h.rule,
                          unit_id=r.id, canonical=r.canonical, unit_kind=r.kind, variants=tuple(r.variants))


def responsibilities(text: str, f: Findings) -> Findings:
    first = f.first_leads
    explicit_doc = False
    per_task: list[list[R.RespHit]] = []
    for t in f.tasks:
        s, e = t.own.start, t.own.end
        if t.row is not None:
            hits = _row_hits(text, t.row, first)
        else:
            hits, covered = R.find_labels(text, s, e, first)
            hits += R.find_paren_groups(text, s, e, covered, first)
            if hits:
                explicit_doc = True
            if not hits:
                hits = R.find_item_label(text, s, e)
            if not hits:
                hits = R.find_bare_parens(text, s, e)
        per_task.append(hits)
        if t.row is not None and hits:
            explicit_doc = True
    # inline duties: the explicit 由X负责 forms for any task without units; the looser forms only
    # where the document assigns no work by labels or brackets
    if explicit_doc:
        for t, hits in zip(f.tasks, per_task):
            if not hits and t.row is None:
                hits.extend(R.find_inline(text, t.own.start, t.own.end, scopes=("any",)))
    if not explicit_doc:
        scopes = ("any", "inline")
        if any(c.kind == "inline" for c in f.cues):
            scopes += ("subject",)          # the document assigns work in running text
        for t, hits in zip(f.tasks, per_task):
            s, e = t.own.start, t.own.end
            if not hits:
                hits.extend(R.find_inline(text, s, e, scopes))
                if "subject" in scopes and t.row is None:
                    # sentence subjects: units not already given a role in this task
                    named = {h.unit.name for h in hits}
                    hits.extend(h for h in R.find_subjects(text, s, e) if h.unit.name not in named)
                hits[:] = [R.unglue_heading(h, s) for h in hits]
            elif all(h.rule == "resp.item_label" for h in hits):
                # "X:…牵头制定…;会同Y…": the item's own unit leads where its text says 牵头 with no
                # other subject, and units it works with (会同) support
                inline = [h for h in R.find_inline(text, s, e) if h.unit.start >= hits[-1].unit.end]
                if R.subjectless_lead(text, hits[-1].unit.end, e):
                    hits[:] = [R.RespHit(h.unit, "lead", "牵头", None, "resp.item_label.lead") for h in hits]
                own = {h.unit.name for h in hits}
                hits.extend(h for h in inline if h.unit.name not in own)
    # carry forward "以下均需X落实，不再列出"
    carry: dict[str, list] = {}
    for t in f.tasks:
        for u, _rule in R.carry_forward_units(text, t.own.start, t.own.end):
            carry.setdefault(t.top, []).append((u, t.span.start))
    for t, hits in zip(f.tasks, per_task):
        for u, origin in carry.get(t.top, []):
            if t.span.start > origin:
                hits.append(R.RespHit(u, "responsible", None, None, "resp.carry_forward"))
    tasks = []
    for t, hits in zip(f.tasks, per_task):
        seen = set()
        out = []
        for h in hits:
            r = _responsibility(h)
            key = (r.unit_id, r.role)
            if key in seen:
                continue
            seen.add(key)
            out.append(r)
        tasks.append(replace(t, responsibilities=tuple(out)))
    return replace(f, tasks=tuple(tasks), diagnostics=diagnose(text, f.cues, f.reading, f.readings, tasks))


def diagnose(text: str, cues, reading, readings, tasks) -> dict:
    """Cue accounting after annotation: which cues some task's responsibilities stand on."""
    spans = []
    regions = []          # (start, end, unit names as written in the analysis text)
    for t in tasks:
        names = set()
        for r in t.responsibilities:
            spans.append((r.span.start, r.span.end))
            names.add(text[r.span.start:r.span.end])
            if r.label_span:
                spans.append((r.label_span.start, r.label_span.end))
        if names:
            regions.append((t.own.start, t.own.end, names))
    spans = sorted(set(spans))
    regions.sort(key=lambda r: r[0])
    region_starts = [r[0] for r in regions]

    def ok(c) -> bool:
        if cue_explained(c, spans):
            return True
        # a unit named again in a later group of the same task is listed once (unit, role); the
        # tasks whose text holds the cue are the few starting at or before it (tasks nest shallowly)
        seg = text[c.start:c.end]
        k = bisect.bisect_right(region_starts, c.start)
        for a, b, names in reversed(regions[max(0, k - 4):k]):
            if a <= c.start < b and any(n and n in seg for n in names):
                return True
        return False

    unexplained = [c for c in cues if not ok(c)]
    return {
        "reading": reading.name if reading else "table",
        "readings": [r.summary() for r in readings],
        "cues_found": len(cues), "cues_explained": len(cues) - len(unexplained),
        "unassigned": [(c.start, c.end, c.kind, c.role, c.word) for c in unexplained],
        "doubtful": (list(reading.doubtful) if reading else [])
        + ([("cues_without_tasks", None)] if cues and len(unexplained) == len(cues) else []),
    }


def _row_hits(text: str, row: TableRow, first: bool) -> list[R.RespHit]:
    hits: list[R.RespHit] = [R.RespHit(u, "responsible", None, None, "resp.table.group") for u in row.units]
    by_content = dict(row.roles)        # a unit column found by its content, not its header
    for ci, h in enumerate(row.header):
        role = by_content.get(ci) or unit_column(h)
        cell = row.cells[ci] if ci < len(row.cells) else None
        if role is None or cell is None:
            continue
        a, b = cell
        if ci in by_content:
            hits += [R.RespHit(u, role, None, None, "resp.table.unit_column")
                     for u in split_units(text[a:b], a, strict=True)]
            continue
        for a, b in _space_split_units(text, a, b):
            hits += R._list_hits(text, a, b, role, h, None, "resp.table", first, strict=False)
    # bracket groups and inline role phrases inside the content cells
    for ci, h in enumerate(row.header):
        cell = row.cells[ci] if ci < len(row.cells) else None
        if cell is None or unit_column(h):
            continue
        hits += R.find_paren_groups(text, cell[0], cell[1], [], first)
    return hits


def _space_split_units(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A unit cell whose names stand apart by spaces (OCR: ``县财政局 县税务局``): one list per
    name, when every piece reads as unit names; otherwise the cell as it is."""
    seg = text[a:b]
    if not any(c in seg for c in " \u3000"):
        return [(a, b)]
    parts = [(m.start() + a, m.end() + a) for m in re.finditer(r"[^ \u3000]+", seg)]
    if len(parts) > 1 and all(is_units_cell(text, s, e) for s, e in parts):
        return parts
    return [(a, b)]


def _deadline(h: DeadlineHit) -> Deadline:
    return Deadline(span=Span(h.start, h.end), date=h.date, kind=h.kind, rule=h.rule)


def _find_deadlines(text: str, f: Findings, start: int, end: int, items=()) -> list[Deadline]:
    return [_deadline(h) for h in find_deadlines(text, start, end, default_year=f.default_year,
                                                  issue_date=f.meta.date_iso, roc=f.roc, items=items)]


_HEAD_END = re.compile(r"[。\n]")


def _heading_years(text: str, f: Findings) -> list[int | None]:
    """Per task, the year its nearest enclosing heading names (a parent task's title, else the
    sections around it, innermost first), or None."""
    sections = {s.id: s for s in f.sections}
    titles = {t.id: t.title for t in f.tasks}
    memo: dict[str, int | None] = {}

    def of_section(sid: str | None) -> int | None:
        chain = []
        while sid is not None and sid in sections and sid not in memo:
            chain.append(sid)
            sid = sections[sid].parent_id
        y = memo.get(sid) if sid is not None else None
        for cid in reversed(chain):
            it = sections[cid]
            m = _HEAD_END.search(text, it.body, it.own_end)
            own = heading_year(text, it.body, m.start() if m else it.own_end, f.roc)
            y = memo[cid] = own if own is not None else y
        return y

    # a task table with no outline around it: the short line above its header row
    # ("一、2024年重点任务" / 序号 | 工作任务 | …) heads it
    table_first: dict[str, int] = {}
    for t in f.tasks:
        if t.row is not None and t.section_id is None and t.parent_id is None:
            table_first[t.top] = min(table_first.get(t.top, t.span.start), t.span.start)
    table_year = {top: _line_above_header(text, a, f.roc) for top, a in table_first.items()}

    out = []
    for t in f.tasks:
        y = None
        if t.parent_id in titles:
            ti = titles[t.parent_id]
            y = heading_year(text, ti.start, ti.end, f.roc)
        if y is None and t.top in table_year:
            y = table_year[t.top]
        out.append(y if y is not None else of_section(t.section_id))
    return out


def _line_above_header(text: str, first_row: int, roc: bool) -> int | None:
    """The year named by the line just above a table's header row, when that line is a short
    heading (no cell separators, no sentence)."""
    lines = []
    e = first_row
    while len(lines) < 2 and e > 0:
        a = text.rfind("\n", 0, e - 1) + 1
        line = text[a:e].strip()
        if line:
            lines.append((a, a + len(text[a:e].rstrip())))
        e = a
        if a == 0:
            break
    if len(lines) < 2:
        return None
    a, b = lines[1]
    line = text[a:b]
    if len(line) > 40 or "|" in line or "\t" in line or "。" in line:
        return None
    return heading_year(text, a, b, roc)


def deadlines(text: str, f: Findings) -> Findings:
    # one pass over the notice; each task takes the deadlines inside its own text
    regions = [t.scope for t in f.tasks]
    lo = min((r.start for r in regions), default=0)
    hi = max((r.end for r in regions), default=0)
    items = sorted(((r.start, r.end, y) for r, y in zip(regions, _heading_years(text, f))), key=lambda i: i[:2])
    every = _find_deadlines(text, f, lo, hi, items) if regions else []
    if f.meta.date_iso:
        # a date well before the notice was signed is a reference to the past ("对2000年前建成的…"),
        # not a deadline
        floor = f"{int(f.meta.date_iso[:4]) - 1}-01-01"
        every = [d for d in every if d.date is None or d.date >= floor]
    starts = [d.start for d in every]
    head_years = {a: y for a, _b, y in items}
    tasks = []
    for t, r in zip(f.tasks, regions):
        i = bisect.bisect_left(starts, r.start)
        hits = []
        while i < len(every) and every[i].start < r.end:
            if every[i].end <= r.end:
                hits.append(every[i])
            i += 1
        if t.row is not None:
            hits = _cell_deadlines(text, f, t.row, hits, head_years.get(r.start))
        tasks.append(replace(t, deadlines=tuple(hits)))
    return replace(f, tasks=tuple(tasks))


def _cell_deadlines(text: str, f: Findings, row: TableRow, hits: list, year: int | None) -> list:
    """A time-column cell that names a date without 前/底 ("2024年6月", "2024年") is the row's
    deadline: added when nothing inside the cell was read already."""
    out = list(hits)
    for ci, h in enumerate(row.header):
        cell = row.cells[ci] if ci < len(row.cells) else None
        if cell is None or not is_time_column(h) or any(cell[0] <= d.start < cell[1] for d in hits):
            continue
        hit = find_cell_deadline(text, cell[0], cell[1], default_year=year or f.default_year,
                                 issue_date=f.meta.date_iso, roc=f.roc)
        if hit is not None:
            out.append(_deadline(hit))
    return sorted(out, key=lambda d: d.start) if len(out) != len(hits) else out


def quantities(text: str, f: Findings) -> Findings:
    issue_year = int(f.meta.date_iso[:4]) if f.meta.date_iso else None
    tasks = []
    for t in f.tasks:
        r = t.scope
        hits = find_quantities(text, r.start, r.end, deadlines=t.deadlines, issue_year=issue_year)
        if t.row is not None:
            # a score column (分值 | 8): the row's weight, unless the cell was read already ("8分")
            # (only the row's own cells: a merged cell spanning rows is read once)
            extra = [h for h in score_cells(text, t.row.header, t.row.cells)
                     if t.span.start <= h.start < t.span.end
                     and not any(q.start < h.end and h.start < q.end for q in hits)]
            if extra:
                hits = sorted([*hits, *extra], key=lambda h: h.start)
        tasks.append(replace(t, targets=tuple(q for h in hits for q in _bounds(_quantity(h), h.max_comparator))))
    goals = []
    for s, e in f.goal_regions:
        for h in find_quantities(text, s, e, deadlines=_find_deadlines(text, f, s, e)):
            if reports_done(text, h.start, s):
                continue    # "全省现有储备能力1920万吨": the baseline the goals start from
            goals.extend(replace(q, kind="target") for q in _bounds(_quantity(h), h.max_comparator))
    return replace(f, tasks=tuple(tasks), goals=tuple(goals))


def _bounds(q: Quantity, upper: str | None = None) -> list[Quantity]:
    """A range ("1～3个百分点") is two quantities on the same text: a lower and an upper bound
    (``upper``: the upper bound's comparator when the text says, "3000(含)—5000辆": "<")."""
    upper = upper or "<="
    if q.value_max is None:
        return [q]
    lo = replace(q, comparator=">=", value_max=None, rule=q.rule + ".lower")
    hi = replace(q, comparator=upper, value=q.value_max, value_max=None, rule=q.rule + ".upper")
    return [lo, hi]


def _quantity(h: QuantityHit) -> Quantity:
    return Quantity(span=Span(h.start, h.end), value=h.value, value_max=h.value_max, unit=h.unit,
                    comparator=h.comparator, metric=h.metric, kind=h.kind, rule=h.rule, year=h.year)
