"""Inline SVG pictures for the report, drawn in Python (no JS library, no network).

* :func:`graph_svg` — the responsibility graph of one document as a two-column picture: units on
  the left, tasks on the right, one curve per responsibility coloured by role.
* :func:`timeline_svg` — the dated deadlines of one document on a time axis, one chip per task
  and deadline, stacked by date.

Every element that stands for a task carries ``data-task-id`` (and units ``data-unit-id``) so the
page's filter can dim what it hides. All text is escaped.
"""
from __future__ import annotations

import datetime as _dt
from html import escape

ROLE_COLOUR = {"lead": "#c0392b", "support": "#2471a3", "responsible": "#1e8449"}
ROLE_ZH = {"lead": "牵头", "support": "配合", "responsible": "责任"}
ROLE_ORDER = {"lead": 0, "support": 1, "responsible": 2}


def _e(s) -> str:
    return escape(str(s), quote=True)


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def graph_svg(doc: dict, unit_names: dict[str, str], doc_index: int = 0) -> str:
    """Units (left) — tasks (right); curves coloured by role. ``unit_names``: id -> label."""
    tasks = [t for t in doc["tasks"] if t["responsibilities"]]
    if not tasks:
        return '<p class="empty">没有任务写明责任单位 (no task names a unit).</p>'
    weight: dict[str, list[int]] = {}
    for t in tasks:
        for r in t["responsibilities"]:
            w = weight.setdefault(r["unit_id"], [0, 0, 0, 0])
            w[ROLE_ORDER[r["role"]]] -= 1
            w[3] -= 1
    units = sorted(weight, key=lambda u: (weight[u][0], weight[u][3], u))
    row = 20
    n = max(len(units), len(tasks))
    height = n * row + 40
    width = 860
    ux, tx = 230, 600
    uy = {u: 30 + (i + 0.5) * (n * row / len(units)) for i, u in enumerate(units)}
    ty = {t["id"]: 30 + (i + 0.5) * (n * row / len(tasks)) for i, t in enumerate(tasks)}
    out = [f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-label="responsibility graph">',
           f'<text x="{ux}" y="16" text-anchor="end" class="axis-label">单位 units ({len(units)})</text>',
           f'<text x="{tx}" y="16" class="axis-label">任务 tasks ({len(tasks)})</text>']
    seen = set()
    for t in tasks:
        for r in sorted(t["responsibilities"], key=lambda r: ROLE_ORDER[r["role"]]):
            key = (r["unit_id"], t["id"], r["role"])
            if key in seen:
                continue
            seen.add(key)
            y1, y2 = uy[r["unit_id"]], ty[t["id"]]
            mx = (ux + tx) / 2
            out.append(f'<path class="edge role-{r["role"]}" data-task-id="{_e(t["id"])}" '
                       f'data-unit-id="{_e(r["unit_id"])}" data-role="{r["role"]}" '
                       f'd="M{ux + 6},{y1:.1f} C{mx},{y1:.1f} {mx},{y2:.1f} {tx - 6},{y2:.1f}" '
                       f'fill="none" stroke="{ROLE_COLOUR[r["role"]]}" stroke-width="1.3" stroke-opacity="0.55">'
                       f'<title>{_e(r["unit"])} — {ROLE_ZH[r["role"]]} {r["role"]} — {_e(t["number"])} {_e(t["title"])}</title></path>')
    for u in units:
        w = weight[u]
        label = unit_names.get(u, u.split(":", 1)[-1])
        out.append(f'<g class="node unit-node" data-unit-id="{_e(u)}" tabindex="0">'
                   f'<circle cx="{ux}" cy="{uy[u]:.1f}" r="{3 + min(6, -w[3]) / 2:.1f}" fill="#555"/>'
                   f'<text x="{ux - 10}" y="{uy[u] + 4:.1f}" text-anchor="end">{_e(_clip(label, 16))}</text>'
                   f'<title>{_e(label)}: 牵头 {-w[0]} · 配合 {-w[1]} · 责任 {-w[2]}</title></g>')
    for t in tasks:
        out.append(f'<g class="node task-node" data-task-id="{_e(t["id"])}" data-doc="{doc_index}">'
                   f'<rect x="{tx - 4}" y="{ty[t["id"]] - 4:.1f}" width="8" height="8" fill="#777"/>'
                   f'<text x="{tx + 10}" y="{ty[t["id"]] + 4:.1f}">{_e(t["number"])} {_e(_clip(t["title"], 16))}</text>'
                   f'<title>{_e(t["number"])} {_e(t["title"])}</title></g>')
    out.append("</svg>")
    return "".join(out)


def _parse(d: str):
    try:
        return _dt.date.fromisoformat(d)
    except (TypeError, ValueError):
        return None


def timeline_svg(doc: dict, doc_index: int = 0) -> str:
    """Dated deadlines on a time axis; chips stacked per date, labelled with the task number."""
    by_date: dict[_dt.date, list[tuple[dict, dict]]] = {}
    for t in doc["tasks"]:
        for d in t["deadlines"]:
            day = _parse(d.get("date"))
            if day is not None:
                by_date.setdefault(day, []).append((t, d))
    if not by_date:
        return '<p class="empty">没有带日期的期限 (no dated deadline).</p>'
    dates = sorted(by_date)
    signed = _parse(doc["metadata"].get("date"))
    lo = min(dates + ([signed] if signed else []))
    hi = max(dates)
    lo_m = _dt.date(lo.year, lo.month, 1)
    hi_m = _dt.date(hi.year + (hi.month == 12), hi.month % 12 + 1, 1)
    left, right, chip_w, chip_h, gap = 70, 40, 46, 17, 3
    width = max(760, left + right + len(dates) * (chip_w + 12))
    span_days = max(1, (hi_m - lo_m).days)

    def x_of(day: _dt.date) -> float:
        return left + (width - left - right - chip_w) * (day - lo_m).days / span_days

    xs = [x_of(d) for d in dates]
    for i in range(1, len(xs)):              # keep stacks apart when dates are close
        xs[i] = max(xs[i], xs[i - 1] + chip_w + 8)
    if xs and xs[-1] + chip_w > width - right:
        width = int(xs[-1] + chip_w + right)
    tallest = max(len(v) for v in by_date.values())
    axis_y = 30 + tallest * (chip_h + gap) + 10
    height = axis_y + 46
    out = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-label="deadline timeline">',
           f'<line x1="{left - 10}" y1="{axis_y}" x2="{width - right + 20}" y2="{axis_y}" stroke="#444"/>']
    # month ticks and year labels
    m = lo_m
    while m <= hi_m:
        x = x_of(m)
        major = m.month == 1 or m == lo_m
        out.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + (8 if major else 4)}" stroke="#444"/>')
        if major:
            out.append(f'<text x="{x + 2:.1f}" y="{axis_y + 36}" class="axis-label">{m.year}</text>')
        m = _dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    if signed:
        x = x_of(signed)
        out.append(f'<g class="signed"><line x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="{axis_y}" stroke="#999" '
                   f'stroke-dasharray="3 3"/><text x="{x + 3:.1f}" y="20" class="axis-label">印发 {signed.isoformat()}</text>'
                   f'<title>签发日期 signing date {signed.isoformat()}</title></g>')
    for day, x in zip(dates, xs):
        out.append(f'<line x1="{x_of(day):.1f}" y1="{axis_y}" x2="{x + chip_w / 2:.1f}" y2="{axis_y - 2}" stroke="#888"/>'
                   f'<text x="{x + chip_w / 2:.1f}" y="{axis_y + 20}" text-anchor="middle" class="date-label">'
                   f'{day.strftime("%y-%m-%d")}</text>')
        for k, (t, d) in enumerate(by_date[day]):
            y = axis_y - 4 - (k + 1) * (chip_h + gap)
            out.append(f'<g class="chip-deadline" data-task-id="{_e(t["id"])}" data-doc="{doc_index}" '
                       f'data-date="{day.isoformat()}" data-rule="{_e(d["rule"])}">'
                       f'<rect x="{x:.1f}" y="{y:.1f}" width="{chip_w}" height="{chip_h}" rx="3" fill="#f5b041" stroke="#b9770e"/>'
                       f'<text x="{x + chip_w / 2:.1f}" y="{y + 12.5:.1f}" text-anchor="middle">{_e(_clip(t["number"], 6))}</text>'
                       f'<title>{day.isoformat()} · {_e(t["number"])} {_e(t["title"])} · {_e(d["text"])} ({_e(d["kind"])}, {_e(d["rule"])})</title></g>')
    out.append("</svg>")
    return "".join(out)
