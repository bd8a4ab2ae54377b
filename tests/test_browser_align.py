"""The report's alignment view (report UPPER LOWER --align) in Chromium: links visible and pointing
at task rows, local additions and uncovered upper tasks highlighted, the unit filter still works on
the task table and narrows the alignment rows, and hostile text stays inert."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from browser_support import browser, open_page, visible_rows  # noqa: F401 - fixtures

from extractor.align import align_documents
from extractor.emit.who import who
from extractor.pipeline import extract_file
from extractor.report import build_report

FIX = Path(__file__).resolve().parent / "fixtures" / "align"
HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>&amp;'


@pytest.fixture(scope="module")
def pair():
    return (extract_file(FIX / "upper_eldercare.txt", include_text=True),
            extract_file(FIX / "lower_eldercare.txt", include_text=True))


def write_report(tmp_path, upper, lower):
    al = align_documents(upper, lower)
    path = tmp_path / "align.html"
    path.write_text(build_report([("upper.txt", upper), ("lower.txt", lower)], alignment=al), "utf-8")
    return path, al


def align_rows(page):
    return page.evaluate("""() => Array.from(document.querySelectorAll('#align-table tbody tr'))
        .filter(tr => tr.offsetParent !== null)
        .map(tr => [tr.className, tr.dataset.lowerId || tr.dataset.upperId, tr.dataset.links])""")


def test_links_local_additions_and_uncovered_are_shown(browser, tmp_path, pair):  # noqa: F811
    path, al = write_report(tmp_path, *pair)
    page = open_page(browser, path)
    rows = align_rows(page)
    assert [r[1] for r in rows if "linked" in r[0]] == [lk["lower"]["id"] for lk in al["links"] if lk["upper"]]
    assert [r[1] for r in rows if "local" in r[0]] == ["t:二/5"]
    assert [r[1] for r in rows if "uncovered" in r[0]] == ["t:二/六"]
    # every link is visible and leads to the task's row in the task table
    links = page.locator("#align-table a.al-upper, #align-table a.al-lower")
    assert links.count() == 5 + 5 + 1
    targets = page.evaluate("""() => Array.from(document.querySelectorAll('#align-table a'))
        .map(a => { const row = document.querySelector(a.getAttribute('href'));
                    return row && row.dataset.taskId === a.dataset.taskIdRef; })""")
    assert all(targets)
    assert page.locator('#align-table .al-up[data-rule="align.clause"]').first.is_visible()
    # highlighted: local and uncovered rows have their own background
    bg = page.evaluate("""() => ['tr.local', 'tr.uncovered', 'tr.linked'].map(s =>
        getComputedStyle(document.querySelector('#align-table ' + s + ' td')).backgroundColor)""")
    assert bg[0] != bg[2] and bg[1] != bg[2] and bg[0] != bg[1]
    page.locator("#align-table a.al-lower").first.click()
    assert page.evaluate("location.hash") == "#task-d1-t0"
    assert page.problems["errors"] == [] and page.problems["requests"] == [path.as_uri()]
    page.close()


def test_unit_filter_still_works_and_narrows_the_alignment(browser, tmp_path, pair):  # noqa: F811
    upper, lower = pair
    path, al = write_report(tmp_path, upper, lower)
    page = open_page(browser, path)
    page.fill("#unit-filter", "市民政局")
    want = {r["task_id"]: r["roles"] for r in who("市民政局", [("upper.txt", upper), ("lower.txt", lower)])}
    assert len(want) == 4 and visible_rows(page) == want
    shown = align_rows(page)
    assert [r[1] for r in shown] == ["t:二/1", "t:二/2", "t:二/3", "t:二/4"]
    page.fill("#unit-filter", "市公安局")                     # only the local addition's unit
    assert [r[1] for r in align_rows(page)] == ["t:二/5"]
    page.fill("#unit-filter", "省民政厅")                     # upper units: rows whose upper task they hold
    assert "t:二/六" in [r[1] for r in align_rows(page)]
    page.fill("#unit-filter", "")
    assert len(align_rows(page)) == len(al["links"]) + len(al["uncovered_upper"])
    assert page.problems["errors"] == []
    page.close()


def test_hostile_titles_are_escaped_and_inert(browser, tmp_path, pair):  # noqa: F811
    upper, lower = copy.deepcopy(pair[0]), copy.deepcopy(pair[1])
    lower["tasks"][1]["title"] = HOSTILE + lower["tasks"][1]["title"]
    upper["tasks"][5]["title"] = HOSTILE
    path, al = write_report(tmp_path, upper, lower)
    html = path.read_text("utf-8")
    assert HOSTILE not in html and "&lt;script&gt;alert(2)&lt;/script&gt;&amp;amp;" in html
    page = open_page(browser, path)
    text = page.inner_text("#alignment")
    assert '<script>alert(2)</script>&amp;' in text            # shown as text
    assert page.locator("#alignment img, #alignment script").count() == 0
    assert page.problems["dialogs"] == [] and page.problems["errors"] == []
    page.close()
