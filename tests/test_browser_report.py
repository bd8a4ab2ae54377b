"""The report in a real browser: Playwright for Python driving Debian's Chromium, headless.

Skips cleanly when /usr/bin/chromium or playwright is missing (.ci/run installs both). Set
POLICY_EXTRACT_UPDATE_SCREENSHOT=1 to rewrite the committed outputs/report-filtered.png.
"""
from __future__ import annotations

import os
import shutil

import pytest

from report_support import REFERENCE_JSON, SCREENSHOT, hostile_doc, reference_doc

from browser_support import ROWS, browser, open_page, visible_rows  # noqa: F401 - browser is a fixture

from extractor.emit.who import who  # noqa: E402
from extractor.report import build_report  # noqa: E402


@pytest.fixture(scope="module")
def ref():
    return reference_doc()


@pytest.fixture(scope="module")
def ref_report(tmp_path_factory, ref):
    path = tmp_path_factory.mktemp("report") / "zhengzhou_air_2024.report.html"
    path.write_text(build_report([("outputs/zhengzhou_air_2024.json", ref)]), "utf-8")
    return path


def expected(unit, ref):
    return {r["task_id"]: r["roles"] for r in who(unit, [(str(REFERENCE_JSON), ref)])}


def test_filter_simplified_name_on_a_traditional_notice(browser, ref_report, ref):
    page = open_page(browser, ref_report)
    assert ref["source"]["script"] == "traditional"
    assert len(visible_rows(page)) == len(ref["tasks"])
    page.fill("#unit-filter", "市生态环境局")
    shown = visible_rows(page)
    want = expected("市生态环境局", ref)
    assert len(want) == 30
    assert shown == want                       # exactly its 30 tasks, each with its role(s)
    assert page.inner_text("#filter-count") == "30"
    assert page.locator("td.role-col").first.is_visible()
    # its names in the text and the table are outlined; the graph dims the other units
    assert page.locator(".doctext .u.sel").count() >= 30
    assert page.locator("svg .unit-node.sel").count() == 1
    page.fill("#unit-filter", "")
    assert len(visible_rows(page)) == len(ref["tasks"])
    assert not page.locator("td.role-col").first.is_visible()
    assert page.problems["errors"] == [] and page.problems["dialogs"] == []
    page.close()


@pytest.mark.parametrize("query", ["市發改委", "市发改委", "市發展改革委", "市发展和改革委员会", "市生態環境局", "市环境局",
                                   "  市 工信局 "])
def test_filter_abbreviations_and_scripts_match_who(browser, ref_report, ref, query):
    page = open_page(browser, ref_report)
    page.fill("#unit-filter", query)
    want = expected(query.replace(" ", ""), ref)
    assert want
    assert visible_rows(page) == want
    page.close()


def test_type_then_clicking_a_unit_in_the_graph(browser, ref_report, ref):
    page = open_page(browser, ref_report)
    page.locator('#unit-filter').press_sequentially("市生態")           # partial: still narrows
    assert 0 < len(visible_rows(page)) <= len(ref["tasks"])
    page.locator('svg .unit-node[data-unit-id="unit:市生态环境局"]').first.click()
    assert page.input_value("#unit-filter") == "市生态环境局"
    assert visible_rows(page) == expected("市生态环境局", ref)
    page.close()


def test_hover_deadline_and_quantity_shows_normalised_value_and_rule(browser, ref_report, ref):
    page = open_page(browser, ref_report)
    dl = page.locator(".doctext .dl[data-date]").nth(1)
    dl.scroll_into_view_if_needed()
    date, rule, task_id = dl.get_attribute("data-date"), dl.get_attribute("data-rule"), dl.get_attribute("data-task-id")
    task = next(t for t in ref["tasks"] if t["id"] == task_id)
    d = next(d for d in task["deadlines"] if d["rule"] == rule and d["date"] == date)
    dl.hover()
    tip = page.locator("#tooltip")
    tip.wait_for(state="visible")
    assert date and date in tip.inner_text() and rule in tip.inner_text() and d["text"] in tip.inner_text()
    q = page.locator(".doctext .q[data-value]").first
    q.scroll_into_view_if_needed()
    q.hover()
    assert q.get_attribute("data-value") in tip.inner_text() and q.get_attribute("data-rule") in tip.inner_text()
    # the table's deadline chips show the date too
    chip = page.locator("#task-table .dl-chip[data-date]").first
    chip.hover()
    assert chip.get_attribute("data-date") in tip.inner_text()
    page.close()


def test_sort_the_task_table(browser, ref_report, ref):
    page = open_page(browser, ref_report)
    order = lambda: page.eval_on_selector_all(ROWS, "trs => trs.map(tr => tr.dataset.taskId)")  # noqa: E731
    ids = [t["id"] for t in ref["tasks"]]
    assert order() == ids
    page.click("#task-table thead th:nth-child(1)")     # number: ascending (document order)
    assert order() == ids
    page.click("#task-table thead th:nth-child(1)")     # descending
    assert order() == ids[::-1]
    page.click("#task-table thead th:nth-child(7)")     # deadlines: earliest first, undated last
    firsts = page.eval_on_selector_all(ROWS, "trs => trs.map(tr => tr.cells[6].dataset.sort)")
    assert firsts == sorted(firsts) and firsts[0] < "9999" and firsts[-1] == "9999"
    page.close()


def test_hostile_notice_does_not_run_or_change_the_page(browser, tmp_path):
    doc = hostile_doc()
    path = tmp_path / "hostile.html"
    path.write_text(build_report([("hostile.txt", doc)]), "utf-8")
    page = open_page(browser, path)
    page.wait_for_timeout(300)
    assert page.problems["dialogs"] == []
    counts = page.evaluate("""() => ({scripts: document.scripts.length, img: document.images.length,
        iframe: document.querySelectorAll('iframe').length, b: document.querySelectorAll('b:not(#filter-count)').length,
        pre: document.querySelectorAll('pre').length})""")
    assert counts == {"scripts": 2, "img": 0, "iframe": 0, "b": 0, "pre": 1}
    assert page.title() == doc["metadata"]["title"]
    assert "<script>alert(1)</script>" in page.inner_text(".doctext")
    page.fill("#unit-filter", "市工信局")
    assert visible_rows(page) == {r["task_id"]: r["roles"] for r in who("市工信局", [("h", doc)])}
    assert all(u.startswith("file:") for u in page.problems["requests"])
    page.close()


def test_report_is_offline(browser, ref_report):
    page = open_page(browser, ref_report)
    page.fill("#unit-filter", "市生态环境局")
    page.wait_for_timeout(200)
    assert page.problems["requests"] == [ref_report.as_uri()]
    assert page.problems["errors"] == []
    page.close()


def test_screenshot_of_the_filtered_report(browser, ref_report, tmp_path):
    page = open_page(browser, ref_report)
    page.fill("#unit-filter", "市生态环境局")
    page.locator(".doctext .u.sel").first.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path / "report-filtered.png"
    page.screenshot(path=str(shot))
    page.close()
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    if os.environ.get("POLICY_EXTRACT_UPDATE_SCREENSHOT"):
        shutil.copy(shot, SCREENSHOT)
    assert SCREENSHOT.is_file() and SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", \
        "outputs/report-filtered.png is missing: rerun with POLICY_EXTRACT_UPDATE_SCREENSHOT=1"


def test_outdir_index_links_filter_across_documents(browser, tmp_path, ref):
    import json as _json
    from click.testing import CliRunner
    from extractor.cli import cli
    from extractor.cli.inputs import iter_documents
    out = tmp_path / "batch"
    (out / "documents").mkdir(parents=True)
    shutil.copy(REFERENCE_JSON, out / "documents" / "a.json")
    (out / "documents" / "b.json").write_text(_json.dumps(hostile_doc(), ensure_ascii=False), "utf-8")
    html = tmp_path / "all.html"
    res = CliRunner().invoke(cli, ["report", str(out), "-o", str(html)])
    assert res.exit_code == 0, res.output
    page = open_page(browser, html)
    page.click('#unit-index a[data-filter-unit="unit:市生态环境局"]')
    assert page.input_value("#unit-filter") == "市生态环境局"
    shown = page.evaluate("""(sel) => Array.from(document.querySelectorAll(sel))
        .filter(tr => tr.offsetParent !== null).map(tr => [tr.dataset.doc, tr.dataset.taskId])""", ROWS)
    docs = list(iter_documents([str(out)]))
    want = [[str(i), r["task_id"]] for i, (name, _) in enumerate(docs) for r in who("市生态环境局", docs)
            if r["document"] == name]
    assert sorted(shown) == sorted(want) and {d for d, _ in shown} == {"0", "1"}
    # a task link in the index goes to the task's row
    link = page.locator('#unit-index tr[data-unit-id="unit:市工业和信息化局"] a[href^="#task-d1-"]').first
    link.click()
    target = link.get_attribute("href")[1:]
    assert page.locator(f"#{target}").is_visible()
    assert page.problems["errors"] == [] and page.problems["dialogs"] == []
    page.close()
