"""The report's alignment view (``report UPPER LOWER --align``): the two plans side by side, each
lower task with the upper task(s) it carries out, local additions and uncovered upper tasks
highlighted. Every string is escaped; links point to the task rows of the report's task table."""
from __future__ import annotations

import json
from html import escape

UPPER, LOWER = 0, 1          # document index of each plan in the report


def _e(s) -> str:
    return escape("" if s is None else str(s), quote=True)


def _anchor(doc: dict, doc_index: int) -> dict[str, str]:
    return {t["id"]: f"#task-d{doc_index}-t{k}" for k, t in enumerate(doc["tasks"])}


def _task_link(ref: dict, href: str | None, cls: str) -> str:
    label = f"{ref.get('number') or ''} {ref.get('title') or ''}".strip()
    if href:
        return f'<a class="{cls}" href="{_e(href)}" data-task-id-ref="{_e(ref["id"])}">{_e(label)}</a>'
    return f'<span class="{cls}">{_e(label)}</span>'


def alignment_section(al: dict, upper: dict, lower: dict) -> str:
    ua, la = _anchor(upper, UPPER), _anchor(lower, LOWER)
    s = al["summary"]
    rows = []
    for k, link in enumerate(al["links"]):
        lo = link["lower"]
        keys = [f"{LOWER}|{lo['id']}"] + [f"{UPPER}|{u['id']}" for u in link["upper"]]
        if link["upper"]:
            ups = []
            for u in link["upper"]:
                ev = []
                for e in u["evidence"]:
                    if e["kind"] == "clause":
                        continue
                    vals = "、".join(e["values"][:6])
                    ev.append(f'<span class="ev ev-{_e(e["kind"])}" data-kind="{_e(e["kind"])}">{_e(vals)}</span>')
                clause = next((e for e in u["evidence"] if e["kind"] == "clause"), None)
                tip = f' title="{_e(clause["values"][0][:300])}"' if clause else ""
                ups.append(f'<div class="al-up" data-rule="{_e(u["rule"])}" data-score="{u["score"]:.4f}"{tip}>'
                           + _task_link(u, ua.get(u["id"]), "al-upper")
                           + f' <span class="al-score">{u["score"]:.2f}</span> ' + " ".join(ev) + "</div>")
            cell, cls = "".join(ups), "align-row linked"
        else:
            cell, cls = '<span class="al-local-label">本地新增 local addition: no upper task</span>', "align-row local"
        rows.append(f'<tr class="{cls}" data-lower-id="{_e(lo["id"])}" data-links="{len(link["upper"])}" '
                    f'data-align-keys="{_e(json.dumps(keys, ensure_ascii=False))}">'
                    f'<td class="num" data-sort="{k}">{_e(lo.get("number"))}</td>'
                    f'<td data-sort="{_e(lo.get("title"))}">{_task_link(lo, la.get(lo["id"]), "al-lower")}</td>'
                    f'<td data-sort="{link["upper"][0]["score"] if link["upper"] else -1}">{cell}</td></tr>')
    for u in al["uncovered_upper"]:
        near = u.get("nearest_lower")
        note = (f' <span class="al-near">nearest: {_e(near.get("number"))} {_e(near.get("title"))} '
                f'({near["score"]:.2f})</span>' if near else "")
        ukeys = json.dumps([f"{UPPER}|{u['id']}"], ensure_ascii=False)
        rows.append(f'<tr class="align-row uncovered" data-upper-id="{_e(u["id"])}" data-links="0" '
                    f'data-align-keys="{_e(ukeys)}">'
                    '<td class="num" data-sort="99999">—</td>'
                    '<td data-sort="~"><span class="al-uncovered-label">上级任务未落实 upper task no lower task carries out</span></td>'
                    f'<td data-sort="-2"><div class="al-up">{_task_link(u, ua.get(u["id"]), "al-upper")}{note}</div></td></tr>')
    head = ('<thead><tr><th scope="col" tabindex="0">#</th><th scope="col" tabindex="0">下级任务 lower task</th>'
            '<th scope="col" tabindex="0">落实的上级任务 upper task(s) it carries out · score · evidence</th></tr></thead>')
    summary = (f'<div class="meta" id="align-summary"><span>{s["links"]} 条对应 links</span>'
               f'<span>{s["linked_lower"]}/{s["lower_tasks"]} 下级任务有对应 lower tasks linked</span>'
               f'<span class="al-local-label">{s["local_additions"]} 本地新增 local additions</span>'
               f'<span>{s["covered_upper"]}/{s["upper_tasks"]} 上级任务已落实 upper tasks covered</span>'
               f'<span class="al-uncovered-label">{s["uncovered_upper"]} 未落实 uncovered</span>'
               + ('<span>下级文件引用上级文号 the lower plan cites the upper one</span>' if s["lower_cites_upper"] else "")
               + "</div>")
    docs = (f'<div class="meta"><span>上级 upper: {_e(al["upper"].get("doc_number"))} {_e(al["upper"].get("title"))}</span>'
            f'<span>下级 lower: {_e(al["lower"].get("doc_number"))} {_e(al["lower"].get("title"))}</span></div>')
    return (f'<section class="block" id="alignment"><h2>上下级任务对应 Implementation alignment</h2>{docs}{summary}'
            f'<table class="tasks sortable" id="align-table">{head}<tbody>{"".join(rows)}</tbody></table></section>')
