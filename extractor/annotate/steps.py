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
from ..structure.reading import choose_reading
from ..structure.tasks import (TaskRegion, find_flat_tables, find_tables, find_task_tables, heading_title,
                               indicator_target_column, item_title, section_rules, select_tasks)
from . import responsibilities as R
from .cues import explained as cue_explained, find_cues
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
            return bool(R.find_inline(text, s, e, scopes))
    reading, readings = choose_reading(text, start, len(text), assigns,
                                       [(c.start, c.end, c.kind, c.role) for c in cues], loose)
    items, tasks, sections = reading.items, reading.tasks, reading.sections
    # task tables: rows are tasks; when a table assigns the work, prose items without units are restatements
    tables = find_task_tables(text, start, len(text), _unit_column)
    if not tables:
        tables = find_flat_tables(text, start, len(text), _unit_column)     # one cell per line
    table_tasks: list[dict] = []
    for ti, tb in enumerate(tables):
        table_tasks += _table_tasks(text, tb, ti + 1)
    if not tables:
        # tables that name each row's unit in a column without a role header (考核细则: 序号 |
        # 考核项目 | 被考核单位 | 分值 | 考核内容 …): the column is found by its content
        for ti, (tb, col) in enumerate(_unit_tables(text, start, len(text))):
            table_tasks += _table_tasks(text, tb, ti + 1, unit_col=col)
    task_dicts = _hoist_label_blocks(text, [_task_dict(text, t) for t in tasks], sections, cues)
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
    return {
        "roc": uses_roc(text),
        "meta": meta, "items": items, "sections": sections, "tasks": task_dicts, "first_leads": first_leads,
        "goal_regions": goal_regions, "default_year": default_year, "goals": [],
        "tables": tables, "cues": cues, "reading": reading, "readings": readings,
    }


def _hoist_label_blocks(text: str, task_dicts: list[dict], sections, cues) -> list[dict]:
    """'（一）heading / 1.… / 2.… / 牵头单位:A / 配合单位:B': a block of label lines after the last
    sub-item, when no other sub-item has labels, assigns the heading's work (the heading is a task
    whose own text is that block), not the last sub-item's."""
    labels = sorted(c.start for c in cues if c.kind == "label")
    if not labels:
        return task_dicts
    by_item = {t["item_id"]: t for t in task_dicts}
    added = []
    for h in sections:
        kids = h.children
        if len(kids) < 2 or h.id in by_item:
            continue
        i, j = bisect.bisect_left(labels, h.body), bisect.bisect_left(labels, h.end)
        inside = labels[i:j]
        last = kids[-1]
        if not inside or inside[0] < last.start or last.id not in by_item:
            continue
        # the block starts on a line of its own, after the sub-item's first line
        first = inside[0]
        ls = text.rfind("\n", last.body, first)
        if ls == -1 or text[ls + 1:first].strip(" \t\u3000"):
            continue
        t = by_item[last.id]
        cut = _rstrip_ws(text, t["span"][0], ls)
        t["span"] = (t["span"][0], cut)
        t["own"] = (t["own"][0], min(t["own"][1], cut))
        block = (ls + 1, h.end)
        ht = {
            "item_id": h.id, "number": h.number, "span": (h.start, h.end), "own": block,
            "title": item_title(text, h.body, h.own_end), "section": h.parent.id if h.parent else None,
            "section_number": h.parent.number if h.parent else None, "parent": None,
            "top": _top(h).id, "rule": "task.heading_label_block", "row": None,
            "responsibilities": [], "deadlines": [], "targets": [],
        }
        for k in kids:
            if k.id in by_item and by_item[k.id]["parent"] is None:
                by_item[k.id]["parent"] = h.id
        added.append(ht)
    if not added:
        return task_dicts
    return sorted(task_dicts + added, key=lambda t: (t["span"][0], -t["span"][1]))


def _rstrip_ws(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1] in " \t\r\n\u3000":
        hi -= 1
    return hi


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


_NUM_HEADER = re.compile(r"序号|编号|^序$")
_GROUP_NUMBER = re.compile(r"^[一二三四五六七八九十]{1,3}[、.]?$")
_BARE_PAREN = re.compile(r"\(([^()]{2,40})\)")


def _unit_tables(text: str, start: int, end: int) -> list[tuple]:
    """'|' tables with a 序号 column whose rows name a unit in a column of their own (found by
    content: most of the rows' own cells in that column are unit names)."""
    from ..lexicon_api import looks_like_unit
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


def _table_tasks(text: str, tb, tno: int, unit_col: int | None = None) -> list[dict]:
    out = []
    num_col = next((i for i, h in enumerate(tb.header) if _NUM_HEADER.search(h.strip())), None)
    title_cols = [i for i, h in enumerate(tb.header) if re.search(r"任务|事项|工作|措施|内容|目标", h) and not _unit_column(h)
                  and i != unit_col]
    for ri, row in enumerate(tb.rows):
        line = tb.lines[ri]
        spans = [c for c in row if c and line[0] <= c[0] < line[1]]     # the row's own cells, not carried ones
        if not spans:
            continue
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
        out.append({
            "item_id": f"table{tno}/row{ri + 1}", "number": number, "span": (s, e), "own": (s, e),
            "title": title, "section": None, "section_number": None, "parent": None, "top": f"table{tno}",
            "rule": "task.table_row", "row": {"cells": row, "header": tb.header},
            "responsibilities": [], "deadlines": [], "targets": [],
        })
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
    from .unitlist import split_units
    for m in _BARE_PAREN.finditer(text, cell[0], cell[1]):
        units = split_units(m.group(1), m.start(1), strict=True)
        if units and sum(len(u.name) for u in units) >= len(m.group(1).replace("、", "")) - 1:
            return units
    return []


def _row_task(text: str, tno: int, ri: int, row, tb, number: str, title, unit_col: int, extra_units) -> dict:
    cells = [c for c in row if c]
    s, e = min(a for a, _ in cells), max(b for _, b in cells)
    line = tb.lines[ri]
    s = max(s, line[0]) if any(line[0] <= a < line[1] for a, _ in cells) else s
    return {
        "item_id": f"table{tno}/row{ri + 1}", "number": number, "span": (line[0], line[1]), "own": (line[0], line[1]),
        "title": title, "section": None, "section_number": None, "parent": None, "top": f"table{tno}",
        "rule": "task.table_row.unit_column",
        "row": {"cells": row, "header": tb.header, "roles": {unit_col: "responsible"}, "units": extra_units},
        "responsibilities": [], "deadlines": [], "targets": [],
    }


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
            if not hits:
                hits = R.find_bare_parens(text, s, e)
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
        scopes = ("any", "inline")
        if any(c.kind == "inline" for c in st.get("cues", [])):
            scopes += ("subject",)          # the document assigns work in running text
        for t, hits in zip(st["tasks"], per_task):
            s, e = t["own"]
            if not hits:
                hits.extend(R.find_inline(text, s, e, scopes))
                if "subject" in scopes and t["row"] is None:
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
    diagnose(text, st)


def diagnose(text: str, st: dict) -> None:
    """Cue accounting after annotation: which cues some task's responsibilities stand on."""
    spans = []
    regions = []          # (start, end, unit names as written in the analysis text)
    for t in st["tasks"]:
        names = set()
        for d in t["responsibilities"]:
            spans.append(d["span"])
            names.add(text[d["span"][0]:d["span"][1]])
            if d["label_span"]:
                spans.append(tuple(d["label_span"]))
        if names:
            regions.append((t["own"][0], t["own"][1], names))

    spans = sorted(set(tuple(x) for x in spans))

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

    cues = st.get("cues", [])
    unexplained = [c for c in cues if not ok(c)]
    reading = st.get("reading")
    st["diagnostics"] = {
        "reading": reading.name if reading else "table",
        "readings": [r.summary() for r in st.get("readings", [])],
        "cues_found": len(cues), "cues_explained": len(cues) - len(unexplained),
        "unassigned": [(c.start, c.end, c.kind, c.role, c.word) for c in unexplained],
        "doubtful": (list(reading.doubtful) if reading else [])
        + ([("cues_without_tasks", None)] if cues and len(unexplained) == len(cues) else []),
    }


def _row_hits(text: str, row: dict, first: bool) -> list[R.RespHit]:
    hits: list[R.RespHit] = [R.RespHit(u, "responsible", None, None, "resp.table.group") for u in row.get("units", [])]
    for ci, h in enumerate(row["header"]):
        by_content = ci in row.get("roles", {})        # a unit column found by its content, not its header
        role = row.get("roles", {}).get(ci) or _unit_column(h)
        cell = row["cells"][ci] if ci < len(row["cells"]) else None
        if role is None or cell is None:
            continue
        a, b = cell
        if by_content:
            from .unitlist import split_units
            hits += [R.RespHit(u, role, None, None, "resp.table.unit_column")
                     for u in split_units(text[a:b], a, strict=True)]
            continue
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
