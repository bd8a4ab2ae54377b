"""ICS and CSV deadlines of one unit: RFC 5545 via icalendar, parse back, byte-identical reruns."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from click.testing import CliRunner

from report_support import REFERENCE_JSON, reference_doc

icalendar = pytest.importorskip("icalendar")

from extractor.emit.who import who  # noqa: E402
from extractor.report.calendar import CSV_FIELDS, build_calendar, build_csv, calendar_events  # noqa: E402


@pytest.fixture(scope="module")
def docs():
    return [(str(REFERENCE_JSON), reference_doc())]


def expected(unit, docs):
    """(date, task id, deadline text) for every dated deadline of the tasks who() selects."""
    doc = docs[0][1]
    tasks = {t["id"]: t for t in doc["tasks"]}
    out = []
    for r in who(unit, docs):
        for d in tasks[r["task_id"]]["deadlines"]:
            if d["date"]:
                out.append((d["date"], r["task_id"], d["text"], tuple(r["roles"])))
    return sorted(out)


@pytest.mark.parametrize("unit", ["市生态环境局", "市發改委", "市生態環境局"])
def test_ics_parses_back_with_the_same_events(unit, docs):
    ics = build_calendar(unit, docs)
    cal = icalendar.Calendar.from_ical(ics)
    evs = list(cal.walk("VEVENT"))
    events = calendar_events(unit, docs)
    assert len(evs) == len(events) == len(expected(unit, docs)) > 0
    got = []
    for ev, e in zip(evs, events):
        start = ev.decoded("dtstart")
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)      # all-day
        assert ev.decoded("dtend") - start == dt.timedelta(days=1)
        assert str(ev["uid"]) == e["uid"]
        assert e["task_title"] in str(ev["summary"])
        assert any(r in str(ev["summary"]) for r in ("lead", "support", "responsible"))
        desc = str(ev["description"])
        assert "鄭州市空氣質量持續改善行動計劃" in desc and e["deadline"] in desc
        assert ev.decoded("dtstamp") == dt.datetime(2024, 6, 27, tzinfo=dt.timezone.utc)
        got.append((start.isoformat(), e["task_id"], e["deadline"], tuple(e["roles"])))
    assert sorted(got) == expected(unit, docs)
    assert len({str(ev["uid"]) for ev in evs}) == len(evs)
    assert cal["version"] == "2.0" and "policy-extractor" in str(cal["prodid"])


def test_ics_is_byte_identical_on_rerun(docs):
    a = build_calendar("市生态环境局", docs)
    b = build_calendar("市生态环境局", [(n, reference_doc()) for n, _ in docs])
    assert a == b
    assert b"\r\n" in a and a.startswith(b"BEGIN:VCALENDAR")


def test_same_unit_either_script_gives_the_same_events(docs):
    def events(u):
        return [(str(e["uid"]), e.decoded("dtstart"), str(e["summary"]))
                for e in icalendar.Calendar.from_ical(build_calendar(u, docs)).walk("VEVENT")]
    assert events("市生态环境局") == events("市生態環境局") == events("市环境局")


def test_csv_checklist(docs):
    text = build_csv("市生态环境局", docs)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == CSV_FIELDS
    events = calendar_events("市生态环境局", docs)
    assert len(rows) - 1 == len(events)
    for row, e in zip(rows[1:], events):
        rec = dict(zip(CSV_FIELDS, row))
        assert rec["date"] == e["date"].isoformat() and rec["uid"] == e["uid"] and rec["done"] == ""
        assert rec["task_title"] == e["task_title"]


def test_cli_calendar_and_csv(tmp_path):
    from extractor.cli import cli
    r = CliRunner()
    out = tmp_path / "eco.ics"
    res = r.invoke(cli, ["calendar", "市生态环境局", str(REFERENCE_JSON), "-o", str(out)])
    assert res.exit_code == 0, res.output
    first = out.read_bytes()
    res = r.invoke(cli, ["calendar", "市生态环境局", str(REFERENCE_JSON), "-o", str(out)])
    assert out.read_bytes() == first
    assert len(list(icalendar.Calendar.from_ical(first).walk("VEVENT"))) == len(expected("市生态环境局", [(str(REFERENCE_JSON), reference_doc())]))
    res = r.invoke(cli, ["calendar", "市發改委", str(REFERENCE_JSON), "--csv", "-o", str(tmp_path / "ndrc.csv")])
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO((tmp_path / "ndrc.csv").read_text("utf-8-sig"))))
    assert rows[0] == CSV_FIELDS and len(rows) - 1 == len(calendar_events("市发改委", [(str(REFERENCE_JSON), reference_doc())]))


def test_unknown_unit_gives_an_empty_calendar(docs):
    cal = icalendar.Calendar.from_ical(build_calendar("市不存在局", docs))
    assert list(cal.walk("VEVENT")) == []
