"""The work behind each spaCy component, on the analysis text, producing plain data.

State (``doc.user_data["policy"]``) holds plain dicts with spans into the analysis text, which are
also spans into the source text (the normaliser keeps length). Strings are filled in later by the
assembler from the source text, so they keep the source's script.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..lexicon_api import resolve
from ..structure.metadata import extract_metadata, uses_roc
from ..structure.outline import build_outline
from ..structure.tasks import (TaskRegion, find_tables, find_task_tables, heading_title, indicator_target_column,
                               item_title, section_rules, select_tasks)
from . import responsibilities as R
from .deadlines import find_deadlines
from .quantities import find_quantities
from .roles import role_cues

_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年?")


@lru_cache(maxsize=1024)
def _unit_column(header: str) -> str | None:
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


def structure(text: str, options: dict) -> dict:
    meta = extract_metadata(text)
    start = meta.notice_start
    items = build_outline(text, start, len(text))
    first_leads = R.declares_first_leads(text[start:]) is not None

    def assigns(s: int, e: int) -> bool:
        hits, covered = R.find_labels(text, s, e)
        return bool(hits) or bool(R.find_paren_groups(text, s, e, covered))

    tasks, sections = select_tasks(text, items, assigns)
    # task tables: rows are tasks; when a table assigns the work, prose items without units are restatements
    tables = find_task_tables(text, start, len(text), _unit_column)
    table_tasks: list[dict] = []
    for ti, tb in enumerate(tables):
        table_tasks += _table_tasks(text, tb, ti + 1)
    task_dicts = [_task_dict(text, t) for t in tasks]
    if table_tasks:
        task_dicts = [t for t in task_dicts if assigns(t["own"][0], t["own"][1])]
        # items that cover the table itself are not tasks
        row_starts = sorted(tt["span"][0] for tt in table_tasks)

        def covers_a_row(t) -> bool:
            i = bisect.bisect_left(row_starts, t["span"][0])
            return i < len(row_starts) and row_starts[i] < t["span"][1]
        task_dicts = [t for t in task_dicts if not covers_a_row(t)]
        task_dicts += table_tasks
        task_dicts.sort(key=lambda t: t["span"][0])
    # goals: quantities of 目标 sections that are not tasks
    _, goals_rx = section_rules()
    goal_regions = []
    task_items = {t["item_id"] for t in task_dicts}
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
    return {
        "roc": uses_roc(text),
        "meta": meta, "items": items, "sections": sections, "tasks": task_dicts, "first_leads": first_leads,
        "goal_regions": goal_regions, "default_year": default_year, "goals": [],
        "tables": tables,
    }


def _task_dict(text: str, t: TaskRegion) -> dict:
    it = t.item
    own = (it.body, it.own_end if it.children else it.end)
    return {
        "item_id": it.id, "number": t.number, "span": (t.start, t.end), "own": own, "title": t.title,
        "section": t.section.id if t.section else None,
        "section_number": t.section.number if t.section else None,
        "parent": t.parent.item.id if t.parent else None,
        "top": _top(it).id, "rule": t.rule, "row": None,
        "responsibilities": [], "deadlines": [], "targets": [],
    }


def _top(it):
    while it.parent is not None:
        it = it.parent
    return it


def _table_tasks(text: str, tb, tno: int) -> list[dict]:
    out = []
    num_col = next((i for i, h in enumerate(tb.header) if "序号" in h or h.strip() in ("编号", "序")), None)
    title_cols = [i for i, h in enumerate(tb.header) if re.search(r"任务|事项|工作|措施|内容|目标", h) and not _unit_column(h)]
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
        out.append({
            "item_id": f"table{tno}/row{ri + 1}", "number": number, "span": (s, e), "own": (s, e),
            "title": title, "section": None, "section_number": None, "parent": None, "top": f"table{tno}",
            "rule": "task.table_row", "row": {"cells": row, "header": tb.header},
            "responsibilities": [], "deadlines": [], "targets": [],
        })
    return out


def _hit_dict(text: str, h: R.RespHit) -> dict:
    name = h.unit.name
    uid, canonical, kind, known, variants = resolve(name)
    return {"unit_mention": h.unit, "unit_id": uid, "role": h.role, "label_span": h.label_span,
            "span": (h.unit.start, h.unit.end), "rule": h.rule, "canonical": canonical, "kind": kind,
            "variants": variants, "label": h.label}


def responsibilities(text: str, st: dict) -> None:
    first = st.get("first_leads", False)
    explicit_doc = False
    per_task = []
    for t in st["tasks"]:
        s, e = t["own"]
        if t["row"] is not None:
            hits = _row_hits(text, t["row"], first)
        else:
            hits, covered = R.find_labels(text, s, e, first)
            hits += R.find_paren_groups(text, s, e, covered, first)
            if hits:
                explicit_doc = True
            if not hits:
                hits = R.find_item_label(text, s, e)
        per_task.append(hits)
        if t["row"] is not None and hits:
            explicit_doc = True
    # inline duties: the explicit 由X负责 forms for any task without units; the looser forms only
    # where the document assigns no work by labels or brackets
    if explicit_doc:
        for t, hits in zip(st["tasks"], per_task):
            if not hits and t["row"] is None:
                s, e = t["own"]
                hits.extend(R.find_inline(text, s, e, scopes=("any",)))
    if not explicit_doc:
        for t, hits in zip(st["tasks"], per_task):
            s, e = t["own"]
            if not hits:
                hits.extend(R.find_inline(text, s, e))
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
    for t, hits in zip(st["tasks"], per_task):
        s, e = t["own"]
        for u, rule in R.carry_forward_units(text, s, e):
            carry.setdefault(t["top"], []).append((u, t["span"][0]))
    for t, hits in zip(st["tasks"], per_task):
        for u, origin in carry.get(t["top"], []):
            if t["span"][0] > origin:
                hits.append(R.RespHit(u, "responsible", None, None, "resp.carry_forward"))
    for t, hits in zip(st["tasks"], per_task):
        seen = set()
        out = []
        for h in hits:
            d = _hit_dict(text, h)
            key = (d["unit_id"], d["role"])
            if key in seen:
                continue
            seen.add(key)
            out.append(d)
        t["responsibilities"] = out


def _row_hits(text: str, row: dict, first: bool) -> list[R.RespHit]:
    hits: list[R.RespHit] = []
    for ci, h in enumerate(row["header"]):
        role = _unit_column(h)
        cell = row["cells"][ci] if ci < len(row["cells"]) else None
        if role is None or cell is None:
            continue
        a, b = cell
        hits += R._list_hits(text, a, b, role, h, None, "resp.table", first, strict=False)
    # bracket groups and inline role phrases inside the content cells
    for ci, h in enumerate(row["header"]):
        cell = row["cells"][ci] if ci < len(row["cells"]) else None
        if cell is None or _unit_column(h):
            continue
        hits += R.find_paren_groups(text, cell[0], cell[1], [], first)
    return hits


def deadlines(text: str, st: dict) -> None:
    meta = st["meta"]
    st["deadline_hits"] = {}
    # one pass over the notice; each task takes the deadlines inside its own text
    regions = [t["own"] if t["row"] is None else t["span"] for t in st["tasks"]]
    lo = min((r[0] for r in regions), default=0)
    hi = max((r[1] for r in regions), default=0)
    every = find_deadlines(text, lo, hi, default_year=st.get("default_year"), issue_date=meta.date_iso,
                           roc=st.get("roc", False)) if regions else []
    if meta.date_iso:
        # a date well before the notice was signed is a reference to the past ("对2000年前建成的…"),
        # not a deadline
        floor = f"{int(meta.date_iso[:4]) - 1}-01-01"
        every = [h for h in every if h.date is None or h.date >= floor]
    starts = [h.start for h in every]
    for t, (s, e) in zip(st["tasks"], regions):
        i = bisect.bisect_left(starts, s)
        hits = []
        while i < len(every) and every[i].start < e:
            if every[i].end <= e:
                hits.append(every[i])
            i += 1
        st["deadline_hits"][t["item_id"]] = hits
        t["deadlines"] = [{"span": (h.start, h.end), "date": h.date, "kind": h.kind, "rule": h.rule} for h in hits]


def quantities(text: str, st: dict) -> None:
    meta = st["meta"]
    for t in st["tasks"]:
        s, e = t["own"] if t["row"] is None else t["span"]
        hits = find_quantities(text, s, e, deadlines=st.get("deadline_hits", {}).get(t["item_id"], []))
        t["targets"] = [q for h in hits for q in _bounds(_q(h))]
    goals = []
    for s, e in st["goal_regions"]:
        dl = find_deadlines(text, s, e, default_year=st.get("default_year"), issue_date=meta.date_iso,
                            roc=st.get("roc", False))
        for h in find_quantities(text, s, e, deadlines=dl):
            for q in _bounds(_q(h)):
                q["kind"] = "target"
                goals.append(q)
    st["goals"] = goals


def _bounds(q: dict) -> list[dict]:
    """A range ("1～3个百分点") is two quantities on the same text: a lower and an upper bound."""
    if q.get("value_max") is None:
        return [q]
    lo = dict(q, comparator=">=", value_max=None, rule=q["rule"] + ".lower")
    hi = dict(q, comparator="<=", value=q["value_max"], value_max=None, rule=q["rule"] + ".upper")
    return [lo, hi]


def _q(h) -> dict:
    return {"span": (h.start, h.end), "value": h.value, "value_max": getattr(h, "value_max", None), "unit": h.unit,
            "comparator": h.comparator, "metric": h.metric, "kind": h.kind, "rule": h.rule,
            "year": getattr(h, "year", None)}
