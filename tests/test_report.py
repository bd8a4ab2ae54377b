"""The HTML report without a browser: self-contained, escaped, faithful to the spans."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from report_support import ROOT, hostile_doc, parse, reference_doc

from extractor.report import build_report
from extractor.report.aliases import t2s_char_map, unit_forms


@pytest.fixture(scope="module")
def ref():
    return reference_doc()


@pytest.fixture(scope="module")
def ref_html(ref):
    return build_report([("outputs/zhengzhou_air_2024.json", ref)])


def test_report_is_self_contained(ref_html):
    tags = parse(ref_html).tags
    for tag, a in tags:
        for attr in ("src", "href", "action", "poster", "data", "srcset"):
            v = a.get(attr)
            if v is not None:
                assert v.startswith("#"), f"<{tag} {attr}={v!r}> points outside the page"
        assert tag not in ("link", "iframe", "object", "embed", "img", "base")
    assert [a for t, a in tags if t == "script" and "src" in a] == []
    assert not re.search(r"url\(|@import", ref_html.split("<style>")[1].split("</style>")[0])
    # only the page's own script and style may run (CSP by hash)
    csp = [a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "'unsafe-inline'" not in csp[0]


def test_text_is_the_source_text_with_marks(ref, ref_html):
    p = parse(ref_html)
    assert p.doctext == [ref["source"]["text"]]
    dls = [a for t, a in p.tags if t == "span" and a.get("class") == "dl"]
    want = {(d["date"] or "", d["rule"]) for t in ref["tasks"] for d in t["deadlines"]}
    assert dls and {(a["data-date"], a["data-rule"]) for a in dls} == want
    for a in dls:
        assert a["data-date"] in a["title"] and a["data-rule"] in a["title"]
    qs = [a for t, a in p.tags if t == "span" and a.get("class") == "q"]
    assert qs and all(a["data-value"] and a["data-rule"] and a["data-value"] in a["title"] for a in qs)
    units = [a for t, a in p.tags if t == "span" and (a.get("class") or "").startswith("u role-")]
    n_resp = len({tuple(r["span"]) for t in ref["tasks"] for r in t["responsibilities"]})
    assert len(units) >= n_resp
    assert {a["class"] for a in units} == {"u role-lead", "u role-support", "u role-responsible"}


def test_task_rows_carry_ids_units_and_alias_forms(ref, ref_html):
    rows = [a for t, a in parse(ref_html).tags if t == "tr" and "data-task-id" in a]
    assert [a["data-task-id"] for a in rows] == [t["id"] for t in ref["tasks"]]
    t4 = next(a for a in rows if a["data-task-id"] == ref["tasks"][3]["id"])
    forms = t4["data-units"].split("|")
    # id, as written (Traditional), Simplified, the lexicon's abbreviations in both scripts
    for f in ("unit:市发展和改革委员会", "市發展改革委", "市发展改革委", "市发改委", "市發改委", "市发展和改革委员会",
              "unit:市生态环境局", "市生態環境局", "市生态环境局"):
        assert f in forms
    roles = json.loads(t4["data-roles"])
    assert roles["unit:市发展和改革委员会"] == ["lead"] and roles["unit:市生态环境局"] == ["support"]


def test_filter_data_folds_scripts_at_build_time(ref):
    forms = unit_forms([ref])
    eco = forms["unit:市生态环境局"]
    assert "市生態環境局" in eco["written"] and "市生态环境局" in eco["folded"]
    assert "市发改委" in forms["unit:市发展和改革委员会"]["folded"]
    cmap = t2s_char_map(["市生態環境局", "發改委"])
    assert cmap == {"態": "态", "環": "环", "發": "发"}


def test_hostile_notice_is_escaped():
    doc = hostile_doc()
    assert any("<script>" in t["title"] for t in doc["tasks"])   # the markup reached the data
    html = build_report([("hostile.txt", doc)])
    p = parse(html)
    assert p.doctext == [doc["source"]["text"]]                   # shown as text, exactly
    tags = [t for t, _ in p.tags]
    assert tags.count("script") == 2                              # data block + our script
    for bad in ("img", "iframe", "b"):
        assert bad not in tags
    assert "<script>alert" not in html and "onerror=" not in html.replace("onerror=&quot;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not [a for _, a in p.tags if any(k.startswith("on") for k in a)]
    block = html.split('id="report-data">')[1].split("</script>")[0]
    assert "<" not in block


def test_cli_report_and_outdir_index(tmp_path, ref):
    from extractor.cli import cli
    out = tmp_path / "batch"
    (out / "documents").mkdir(parents=True)
    shutil.copy(ROOT / "outputs" / "zhengzhou_air_2024.json", out / "documents" / "a.json")
    (out / "documents" / "b.json").write_text(json.dumps(hostile_doc(), ensure_ascii=False), "utf-8")
    res = CliRunner().invoke(cli, ["report", str(out), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "r.html").read_text("utf-8")
    p = parse(html)
    ids = {a.get("id") for _, a in p.tags}
    assert "unit-index" in ids and "unit-filter" in ids
    links = [a["href"] for t, a in p.tags if t == "a" and a.get("href", "").startswith("#task-")]
    assert links and all(h[1:] in ids for h in links)
    # 市生态环境局 is named in both documents: its index row links to tasks of each
    row = html.split('<tr data-unit-id="unit:市生态环境局">')[1].split("</tr>")[0]
    assert "#task-d0-" in row and "#task-d1-" in row
    assert len(p.doctext) == 2


def test_cli_report_help_has_example():
    from extractor.cli import cli
    for cmd in ("report", "calendar"):
        res = CliRunner().invoke(cli, [cmd, "--help"])
        assert res.exit_code == 0 and "Example:" in res.output


def test_report_without_text(ref):
    doc = dict(ref, source=dict(ref["source"], text=None))
    html = build_report([("x.json", doc)])
    assert "--no-text" in html and 'class="doctext"' not in html
    assert html.count("data-task-id=") >= len(ref["tasks"])
