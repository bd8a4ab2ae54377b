"""One self-contained HTML report for one or more extracted documents.

Offline by construction: the CSS and JS come from ``extractor/data/assets`` and are inlined; the
pictures are inline SVG drawn in :mod:`extractor.report.svg`; no element has an external
``src``/``href`` (only ``#…`` fragments). A Content-Security-Policy admits only the page's own
script and style (by hash), so even if some text escaped escaping, it could not run.

Every string from a document is escaped with :func:`html.escape`; the data the script needs is a
JSON block whose ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc.
"""
from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib import resources

from ..version import __version__
from .aliases import t2s_char_map, unit_forms
from .svg import ROLE_ZH, graph_svg, timeline_svg

ROLES = ("lead", "support", "responsible")
CMP = {"<=": "≤", ">=": "≥", "=": "=", "<": "<", ">": ">"}


def _e(s) -> str:
    return escape("" if s is None else str(s), quote=True)


def asset(name: str) -> str:
    return resources.files("extractor").joinpath("data", "assets", name).read_text("utf-8")


def _json_block(obj) -> str:
    s = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _csp_hash(s: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"


def _num(v) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else str(v)


def quantity_label(q: dict) -> str:
    val = _num(q["value"]) + (f"～{_num(q['value_max'])}" if q.get("value_max") is not None else "")
    parts = [q.get("metric") or "", CMP.get(q["comparator"], q["comparator"]), val + (q.get("unit") or "")]
    if q.get("year"):
        parts.append(f"({q['year']})")
    return " ".join(p for p in parts if p)


def quantity_tip(q: dict) -> str:
    return (f"{q['text']} → {quantity_label(q)}\n{q['kind']} · value {_num(q['value'])}"
            + (f"–{_num(q['value_max'])}" if q.get("value_max") is not None else "")
            + f" · rule {q['rule']}")


def deadline_tip(d: dict) -> str:
    return f"{d['text']} → {d.get('date') or '(recurring, no date)'}\n{d['kind']} · rule {d['rule']}"


def _quantity_attrs(q: dict) -> str:
    return (f'data-value="{_e(_num(q["value"]))}" data-comparator="{_e(q["comparator"])}" '
            f'data-unit="{_e(q.get("unit") or "")}" data-kind="{_e(q["kind"])}" data-rule="{_e(q["rule"])}"'
            + (f' data-value-max="{_e(_num(q["value_max"]))}"' if q.get("value_max") is not None else ""))


# ------------------------------------------------------------------------------- document text
def _marks(doc: dict, forms: dict) -> list[tuple[int, int, str, str, str]]:
    """(start, end, tag-open attributes, tip) for everything the text shows."""
    out, seen = [], set()

    def add(span, kind, attrs, tip):
        if not span or span[0] >= span[1] or (span[0], span[1], kind) in seen:
            return
        seen.add((span[0], span[1], kind))
        out.append((span[0], span[1], kind, attrs, tip))

    for t in doc["tasks"]:
        for r in t["responsibilities"]:
            name = forms.get(r["unit_id"], {}).get("name", r["unit_id"])
            add(r["span"], "u", f'class="u role-{r["role"]}" data-unit-id="{_e(r["unit_id"])}" '
                f'data-role="{r["role"]}" data-rule="{_e(r["rule"])}" data-task-id="{_e(t["id"])}"',
                f"{r['unit']} → {name}\n{ROLE_ZH[r['role']]} {r['role']}"
                + (f" ({r['label']})" if r.get("label") else "") + f" · rule {r['rule']}")
        for d in t["deadlines"]:
            add(d["span"], "dl", f'class="dl" data-date="{_e(d.get("date") or "")}" data-kind="{_e(d["kind"])}" '
                f'data-rule="{_e(d["rule"])}" data-task-id="{_e(t["id"])}"', deadline_tip(d))
        for q in t["targets"]:
            add(q["span"], "q", f'class="q" {_quantity_attrs(q)}', quantity_tip(q))
    for q in doc.get("goals", []):
        add(q["span"], "q", f'class="q" {_quantity_attrs(q)}', quantity_tip(q))
    # assignment cues no task accounts for (diagnostics, schema 1.1): shown so a reader sees at
    # once where the outline was read badly
    for c in (doc.get("diagnostics") or {}).get("unassigned_cues", []):
        add(c["span"], "cue", f'class="cue-unassigned" data-cue-kind="{_e(c["kind"])}" data-role="{_e(c["role"])}"',
            f"unassigned cue ({c['kind']}, {c['role']}): no task's responsibilities stand on it")
    return out


def render_text(doc: dict, forms: dict, doc_index: int) -> str:
    """The source text, escaped, with marks (nested where spans overlap) and task anchors."""
    text = doc["source"].get("text")
    if text is None:
        return '<p class="empty">JSON 不含原文 (the JSON was written with --no-text).</p>'
    n = len(text)
    marks = [m for m in _marks(doc, forms) if 0 <= m[0] < m[1] <= n]
    anchors: dict[int, list[str]] = {}
    for k, t in enumerate(doc["tasks"]):
        if t.get("span") and 0 <= t["span"][0] <= n:
            anchors.setdefault(t["span"][0], []).append(
                f'<span class="task-anchor" id="text-d{doc_index}-t{k}" data-task-id="{_e(t["id"])}"></span>')
    lead = None
    ns = doc["metadata"].get("notice_span")
    if ns and ns[0] > 0:
        lead = (0, ns[0])
    points = sorted({0, n, *anchors, *(m[0] for m in marks), *(m[1] for m in marks),
                     *((lead[1],) if lead else ())})
    marks.sort(key=lambda m: (m[0], -m[1]))
    out, i, active = [], 0, []
    for a, b in zip(points, points[1:]):
        out.extend(anchors.get(a, ()))
        while i < len(marks) and marks[i][0] <= a:
            active.append(marks[i])
            i += 1
        active = [m for m in active if m[1] > a]
        cur = sorted((m for m in active if m[0] <= a and m[1] >= b), key=lambda m: (m[0], -m[1]))
        seg = _e(text[a:b])
        if lead and b <= lead[1]:
            seg = f'<span class="leadin">{seg}</span>'
        for m in reversed(cur):
            seg = f'<span {m[3]} title="{_e(m[4])}">{seg}</span>'
        out.append(seg)
    out.extend(anchors.get(n, ()))
    return f'<pre class="doctext" data-doc="{doc_index}">{"".join(out)}</pre>'


# ------------------------------------------------------------------------------- task table
def _unit_chip(r: dict) -> str:
    return (f'<span class="chip role-{r["role"]}" data-unit-id="{_e(r["unit_id"])}" data-filter-unit="{_e(r["unit_id"])}" '
            f'title="{_e(r["unit_id"])} · {ROLE_ZH[r["role"]]} {r["role"]} · rule {_e(r["rule"])}">{_e(r["unit"])}</span>')


def task_rows(doc: dict, forms: dict, doc_index: int, doc_label: str, order_base: int, multi: bool) -> list[str]:
    rows = []
    for k, t in enumerate(doc["tasks"]):
        by_role = {r: [] for r in ROLES}
        roles: dict[str, list[str]] = {}
        for r in t["responsibilities"]:
            if all(x["unit_id"] != r["unit_id"] for x in by_role[r["role"]]):
                by_role[r["role"]].append(r)
            lst = roles.setdefault(r["unit_id"], [])
            if r["role"] not in lst:
                lst.append(r["role"])
        unit_tokens = []
        for uid in roles:
            for s in [uid, *forms.get(uid, {}).get("forms", []), *forms.get(uid, {}).get("folded", [])]:
                if s not in unit_tokens:
                    unit_tokens.append(s)
        dates = sorted(d["date"] for d in t["deadlines"] if d.get("date"))
        dl = " ".join(
            f'<span class="chip dl-chip" data-date="{_e(d.get("date") or "")}" data-kind="{_e(d["kind"])}" '
            f'data-rule="{_e(d["rule"])}" title="{_e(deadline_tip(d))}">{_e(d["text"])}'
            + (f' → {_e(d["date"])}' if d.get("date") else "") + "</span>" for d in t["deadlines"])
        tg = " ".join(f'<span class="chip q-chip" {_quantity_attrs(q)} title="{_e(quantity_tip(q))}">'
                      f'{_e(quantity_label(q))}</span>' for q in t["targets"])
        cells = []
        if multi:
            cells.append(f'<td data-sort="{_e(doc_label)}">{_e(doc_label)}</td>')
        cells += [
            f'<td class="num" data-sort="{order_base + k}">{_e(t["number"])}</td>',
            f'<td class="title" data-sort="{_e(t["title"])}"><a href="#text-d{doc_index}-t{k}" title="{_e(t["text"][:300])}">{_e(t["title"])}</a></td>',
            '<td class="role-col"></td>',
        ]
        for role in ROLES:
            cells.append(f'<td data-sort="{_e("、".join(r["unit"] for r in by_role[role]) or "~")}">'
                         + " ".join(_unit_chip(r) for r in by_role[role]) + "</td>")
        cells.append(f'<td class="dls" data-sort="{_e(dates[0] if dates else "9999")}">{dl}</td>')
        cells.append(f'<td class="tgts" data-sort="{len(t["targets"])}">{tg}</td>')
        rows.append(
            f'<tr id="task-d{doc_index}-t{k}" data-task-id="{_e(t["id"])}" data-doc="{doc_index}" '
            f'data-order="{order_base + k}" data-unit-ids="{_e("|".join(roles))}" '
            f'data-units="{_e("|".join(unit_tokens))}" '
            f'data-roles="{_e(json.dumps(roles, ensure_ascii=False, sort_keys=True))}">' + "".join(cells) + "</tr>")
    return rows


def _table_head(multi: bool) -> str:
    cols = ([("文件", "document")] if multi else []) + [
        ("编号", "no."), ("任务", "task"), ("角色", "role"), ("牵头单位", "lead"), ("配合单位", "support"),
        ("责任单位", "responsible"), ("期限", "deadlines"), ("目标", "targets")]
    return "<thead><tr>" + "".join(
        f'<th scope="col"{" class=role-col" if en == "role" else ""}>{zh} <small>{en}</small></th>'
        for zh, en in cols) + "</tr></thead>"


# ------------------------------------------------------------------------------- unit index
def unit_index(docs: list[tuple[str, dict]], forms: dict, labels: list[str]) -> str:
    entries: dict[str, dict] = {}
    for i, (_, doc) in enumerate(docs):
        for k, t in enumerate(doc["tasks"]):
            for r in t["responsibilities"]:
                e = entries.setdefault(r["unit_id"], {"roles": {x: set() for x in ROLES}, "tasks": {}, "docs": set()})
                e["roles"][r["role"]].add((i, k))
                e["docs"].add(i)
                e["tasks"].setdefault((i, k), (t, []))
                if r["role"] not in e["tasks"][(i, k)][1]:
                    e["tasks"][(i, k)][1].append(r["role"])
    if not entries:
        return '<p class="empty">没有单位 (no unit named).</p>'
    order = sorted(entries, key=lambda u: (-len(entries[u]["tasks"]), u))
    rows = []
    multi = len(docs) > 1
    for uid in order:
        e = entries[uid]
        f = forms.get(uid, {})
        written = "、".join(x for x in f.get("written", []) if x != f.get("name"))
        links = " ".join(
            f'<a href="#task-d{i}-t{k}" class="role-{roles[0]}" title="{_e(t["title"])} · '
            f'{_e("/".join(ROLE_ZH[r] for r in roles))}">{_e((labels[i] + " ") if multi else "")}{_e(t["number"])}</a>'
            for (i, k), (t, roles) in sorted(e["tasks"].items()))
        rows.append(
            f'<tr data-unit-id="{_e(uid)}"><td><a href="#unit={_e(uid)}" data-filter-unit="{_e(uid)}">{_e(f.get("name", uid))}</a>'
            + (f'<br><small>{_e(written)}</small>' if written else "") + "</td>"
            f'<td>{len(e["tasks"])}</td>'
            + "".join(f'<td>{len(e["roles"][r])}</td>' for r in ROLES)
            + (f'<td>{len(e["docs"])}</td>' if multi else "")
            + f"<td>{links}</td></tr>")
    head = ("<thead><tr><th>单位 unit</th><th>任务 tasks</th><th>牵头</th><th>配合</th><th>责任</th>"
            + ("<th>文件 docs</th>" if multi else "") + "<th>任务链接 tasks</th></tr></thead>")
    return f'<table class="index">{head}<tbody>{"".join(rows)}</tbody></table>'


# ------------------------------------------------------------------------------- page
def _doc_label(doc: dict, i: int) -> str:
    md = doc["metadata"]
    return md.get("doc_number") or md.get("title") or md.get("notice_title") or f"#{i + 1}"


def _cue_line(doc: dict) -> str | None:
    dg = doc.get("diagnostics") or {}
    if not dg.get("cues_found"):
        return None
    return f"cues {dg['cues_explained']}/{dg['cues_found']} explained · reading {dg.get('reading')}"


def _meta_line(name: str, doc: dict) -> str:
    md, src = doc["metadata"], doc["source"]
    bits = [md.get("doc_number"), "、".join(md.get("issuers") or []) or None, md.get("date"),
            f"{len(doc['tasks'])} 项任务 tasks", _cue_line(doc), f"{src.get('format')}/{src.get('script')}",
            f"{name}", (f"sha256 {src['sha256'][:12]}…" if src.get("sha256") else None)]
    return '<div class="meta">' + "".join(f"<span>{_e(b)}</span>" for b in bits if b) + "</div>"


def build_report(docs: list[tuple[str, dict]], *, title: str | None = None, outdir: bool = False,
                 alignment: dict | None = None) -> str:
    """The HTML page (a str) for ``docs``: a list of (name, document) as yielded by iter_documents.
    ``alignment`` (docs = [upper, lower]): add the alignment view (extractor.report.align_view)."""
    docs = list(docs)
    plain = [d for _, d in docs]
    forms = unit_forms(plain)
    labels = [_doc_label(d, i) for i, d in enumerate(plain)]
    multi = len(docs) > 1
    char_texts = [f for v in forms.values() for f in v["forms"]] + [d["source"].get("text") or "" for d in plain]
    data = {"units": {u: {"name": v["name"], "folded": v["folded"]} for u, v in sorted(forms.items())},
            "t2s": t2s_char_map(char_texts)}
    if title is None:
        if len(docs) == 1:
            md = plain[0]["metadata"]
            title = md.get("title") or md.get("notice_title") or docs[0][0]
        else:
            title = f"{len(docs)} 份文件的任务分工 (tasks of {len(docs)} documents)"

    css, js = asset("report.css"), asset("report.js")
    csp = (f"default-src 'none'; img-src data:; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
           "base-uri 'none'; form-action 'none'")
    rows, order = [], 0
    for i, doc in enumerate(plain):
        rows += task_rows(doc, forms, i, labels[i], order, multi)
        order += len(doc["tasks"])
    n_tasks = sum(len(d["tasks"]) for d in plain)
    options = sorted({n for v in forms.values() for n in [v["name"], *v["written"]]})
    datalist = "".join(f'<option value="{_e(o)}"></option>' for o in options)

    parts = [
        "<!DOCTYPE html>", '<html lang="zh">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="policy-extractor {_e(__version__)}">',
        f"<title>{_e(title)}</title>", f"<style>{css}</style>", "</head>",
        f'<body data-documents="{len(docs)}">',
        f'<header class="page"><h1>{_e(title)}</h1>',
    ]
    if not multi:
        md = plain[0]["metadata"]
        if md.get("notice_title") and md.get("notice_title") != title:
            parts.append(f'<div class="meta"><span>{_e(md["notice_title"])}</span></div>')
        parts.append(_meta_line(docs[0][0], plain[0]))
    else:
        parts.append(f'<div class="meta"><span>{len(docs)} 份文件 documents</span><span>{n_tasks} 项任务 tasks</span>'
                     f'<span>{len(forms)} 个单位 units</span></div>')
    parts.append("</header>")
    parts.append(
        '<div class="filterbar"><label for="unit-filter">单位 Unit</label>'
        '<input id="unit-filter" type="search" list="unit-list" autocomplete="off" spellcheck="false" '
        'placeholder="输入单位名称或简称，如 市生态环境局 / 市發改委">'
        f'<datalist id="unit-list">{datalist}</datalist>'
        f'<span id="filter-status" aria-live="polite">{n_tasks} 项任务 tasks · {len(forms)} 个单位 units</span>'
        '<span class="legend"><span><i class="role-badge role-lead"></i>牵头 lead</span>'
        '<span><i class="role-badge role-support"></i>配合 support</span>'
        '<span><i class="role-badge role-responsible"></i>责任 responsible</span>'
        '<span><i class="chip dl-chip"></i>期限 deadline</span><span><i class="chip q-chip"></i>数量 quantity</span></span>'
        "</div>")
    has_text = any(d["source"].get("text") is not None for d in plain)
    parts.append(f'<main class="{"" if has_text else "single"}"><div class="col-main">')
    if alignment is not None:
        from .align_view import alignment_section
        parts.append(alignment_section(alignment, plain[0], plain[1]))
    parts.append(f'<section class="block" id="tasks"><h2>任务分工 Tasks</h2>'
                 f'<table class="tasks sortable" id="task-table">{_table_head(multi)}<tbody>{"".join(rows)}</tbody></table></section>')
    if outdir or multi:
        parts.append(f'<section class="block" id="unit-index"><h2>单位索引 Units across documents</h2>'
                     f'{unit_index(docs, forms, labels)}</section>')
    for i, (name, doc) in enumerate(docs):
        cue = _cue_line(doc)
        head = (f'<h3 class="doc-title">{_e(labels[i])} — {_e(doc["metadata"].get("title") or name)}'
                + (f' <small class="cue-line">{_e(cue)}</small>' if cue else "") + "</h3>") if multi else ""
        parts.append(f'<section class="block timeline-block" data-doc="{i}"><h2>期限时间轴 Deadline timeline</h2>{head}'
                     f'{timeline_svg(doc, i)}</section>')
        names = {u: v["name"] for u, v in forms.items()}
        parts.append(f'<section class="block graph-block" data-doc="{i}"><h2>责任关系图 Responsibility graph</h2>{head}'
                     f'{graph_svg(doc, names, i)}</section>')
        goals = doc.get("goals") or []
        if goals:
            parts.append('<section class="block"><h2>总体目标 Goals</h2>' + head + " ".join(
                f'<span class="chip q-chip" {_quantity_attrs(q)} title="{_e(quantity_tip(q))}">{_e(quantity_label(q))}</span>'
                for q in goals) + "</section>")
        warns = doc.get("warnings") or []
        if warns:
            parts.append('<section class="block warnings"><h2>提示 Warnings</h2>' + head + "<ul>" + "".join(
                f'<li data-code="{_e(w["code"])}">{_e(w["message"])}</li>' for w in warns) + "</ul></section>")
    if not multi:
        parts.append(f'<section class="block" id="unit-index"><h2>单位索引 Units</h2>{unit_index(docs, forms, labels)}</section>')
    if not has_text:
        parts.append('<section class="block"><h2>原文 Text</h2><p class="empty">JSON 不含原文 '
                     '(the JSON was written with --no-text); the marks are in the table above.</p></section>')
    parts.append("</div>")
    if has_text:
        parts.append('<div class="col-text"><h2>原文 Text</h2>')
        for i, (name, doc) in enumerate(docs):
            if multi:
                parts.append(f'<h3 class="doc-title" id="doc-{i}">{_e(labels[i])} — {_e(doc["metadata"].get("title") or name)}</h3>')
            parts.append(render_text(doc, forms, i))
        parts.append("</div>")
    parts.append("</main>")
    parts.append(f'<footer>policy-extractor {_e(__version__)} · schema {_e(plain[0].get("schema_version") if plain else "")} · '
                 '悬停查看规范化的日期、数值与规则 (hover for the normalised date or value and the rule)</footer>')
    parts.append('<div id="tooltip" role="tooltip"></div>')
    parts.append(f'<script type="application/json" id="report-data">{_json_block(data)}</script>')
    parts.append(f"<script>{js}</script>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
