"""A unit's dated deadlines as an iCalendar file (RFC 5545, via the icalendar library) or a CSV
checklist.

Tasks are selected with :func:`extractor.emit.who.who` (either script, known abbreviations).
Each dated deadline of each selected task is one all-day event. Output is a pure function of the
documents: the UID hashes the document's sha256, the task id and the deadline's span, and DTSTAMP
is the document's signing date (or the deadline date), never the clock, so reruns are
byte-identical.
"""
from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io

from ..version import __version__

ROLE_ZH = {"lead": "牵头", "support": "配合", "responsible": "责任"}
CSV_FIELDS = ["date", "done", "unit", "role", "task_number", "task_title", "deadline", "kind",
              "document", "doc_number", "uid"]


def _doc_key(doc: dict) -> str:
    src = doc.get("source") or {}
    if src.get("sha256"):
        return src["sha256"]
    basis = src.get("text") or (doc["metadata"].get("notice_title") or "") + "|" + (doc["metadata"].get("doc_number") or "")
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def calendar_events(unit: str, docs) -> list[dict]:
    """One dict per dated deadline of every task that names ``unit``, sorted by date."""
    from ..emit.who import who
    docs = list(docs)
    rows = who(unit, docs)
    order = {name: i for i, (name, _) in enumerate(docs)}
    by_name = {name: doc for name, doc in docs}
    events = []
    for r in rows:
        doc = by_name[r["document"]]
        tasks = {t["id"]: (k, t) for k, t in enumerate(doc["tasks"])}
        k, task = tasks[r["task_id"]]
        md = doc["metadata"]
        doc_title = md.get("title") or md.get("notice_title") or r["document"]
        for d in task["deadlines"]:
            if not d.get("date"):
                continue
            try:
                day = _dt.date.fromisoformat(d["date"])
            except ValueError:
                continue
            key = f"{_doc_key(doc)}|{task['id']}|{d['span'][0]}-{d['span'][1]}"
            uid = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@policy-extractor"
            signed = None
            try:
                signed = _dt.date.fromisoformat(md["date"]) if md.get("date") else None
            except ValueError:
                signed = None
            roles = r["roles"]
            role_txt = "/".join(ROLE_ZH[x] for x in roles) + " " + "/".join(roles)
            events.append({
                "date": day, "uid": uid, "stamp": signed or day,
                "summary": f"{task['title']}（{role_txt}）",
                "description": (f"{doc_title}" + (f" {md['doc_number']}" if md.get("doc_number") else "") + "\n"
                                f"任务 task {task['number']}: {task['title']}\n"
                                f"单位 unit: {r['unit']} — {role_txt}\n"
                                f"期限 deadline: {d['text']} → {d['date']} ({d['kind']})\n\n{task['text']}"),
                "unit": r["unit"], "unit_id": r["unit_id"], "roles": roles, "role": roles[0],
                "task_id": task["id"], "task_number": task["number"], "task_title": task["title"],
                "deadline": d["text"], "kind": d["kind"], "rule": d["rule"], "span": list(d["span"]),
                "document": r["document"], "document_title": doc_title, "doc_number": md.get("doc_number"),
                "_order": (day, order[r["document"]], k, d["span"][0]),
            })
    events.sort(key=lambda e: e["_order"])
    for e in events:
        del e["_order"]
    return events


def build_calendar(unit: str, docs) -> bytes:
    """The iCalendar file (bytes, CRLF lines) of ``unit``'s dated deadlines."""
    from icalendar import Calendar, Event
    events = calendar_events(unit, docs)
    cal = Calendar()
    cal.add("prodid", f"-//policy-extractor//policy-extractor {__version__}//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{unit} 任务期限 deadlines")
    for e in events:
        ev = Event()
        ev.add("uid", e["uid"])
        ev.add("dtstamp", _dt.datetime.combine(e["stamp"], _dt.time(0, 0), tzinfo=_dt.timezone.utc))
        ev.add("dtstart", e["date"])
        ev.add("dtend", e["date"] + _dt.timedelta(days=1))
        ev.add("summary", e["summary"])
        ev.add("description", e["description"])
        ev.add("categories", [ROLE_ZH[r] for r in e["roles"]])
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()


def build_csv(unit: str, docs) -> str:
    """The same events as a checklist CSV (header + one row per event; ``done`` left empty)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_FIELDS)
    for e in calendar_events(unit, docs):
        w.writerow([e["date"].isoformat(), "", e["unit"], "/".join(e["roles"]), e["task_number"],
                    e["task_title"], e["deadline"], e["kind"], e["document_title"], e["doc_number"] or "",
                    e["uid"]])
    return buf.getvalue()
