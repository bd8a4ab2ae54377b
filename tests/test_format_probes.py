"""Issue 10 (formats): the same notice gives the same extraction whatever format it comes in.

``scripts/make_format_probes.py`` writes two notices composed for the project (a covering 通知 with its
plan, whose numbered items carry role labels; a 任务分工方案 table with merged cells) as TXT and as
DOCX, HTML and PDF in the layouts real files use (Word automatic numbering carried by heading styles,
a text-box letterhead, a page break inside a paragraph, a footnote, vMerge cells, rows in a content
control, a two-level header; site chrome, a span per character, GBK / Big5 and a mis-declared
charset, rowspan tables; a red letterhead, wrapped centred titles, two columns, a landscape annex, a
table ruled only horizontally). Each format's tasks, responsibilities with roles, deadlines,
quantities and metadata must equal the TXT's, in Simplified and in Traditional script, and the TXT
reading itself must be the one a reader makes (checked against values written here).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from extractor.emit.validate import validate_document
from extractor.pipeline import extract_file

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("reportlab", reason="reportlab makes the PDFs")
pytest.importorskip("docx", reason="python-docx makes the DOCX files")


def _probes():
    spec = importlib.util.spec_from_file_location("make_format_probes", ROOT / "scripts" / "make_format_probes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


MP = _probes()
if not any(Path(p).exists() for p in MP.FONT_CANDIDATES):
    pytest.skip("needs fonts-wqy-zenhei to make the PDFs", allow_module_level=True)

SCRIPTS = ["simplified", "traditional"]


@pytest.fixture(scope="module", params=SCRIPTS)
def probes(request, tmp_path_factory):
    script = request.param
    paths = MP.write_all(tmp_path_factory.mktemp(f"probes-{script}"), script)
    docs = {name: extract_file(p) for name, p in paths.items()}
    return script, paths, docs


def view(doc: dict) -> dict:
    tasks = doc["tasks"]
    return {
        "tasks": sorted((t["number"], t["title"]) for t in tasks),
        "responsibilities": sorted((t["number"], r["unit"], r["role"]) for t in tasks for r in t["responsibilities"]),
        "deadlines": sorted((t["number"], d["text"], str(d["date"]), d["kind"]) for t in tasks for d in t["deadlines"]),
        "quantities": sorted((t["number"], q["text"], q["value"], q["unit"], q["comparator"])
                             for t in tasks for q in t["targets"])
        + sorted(("goal", q["text"], q["value"], q["unit"], q["comparator"]) for q in doc["goals"]),
    }


META = ("notice_title", "title", "doc_number", "issuers", "date", "recipients")


def meta(doc: dict) -> dict:
    return {k: doc["metadata"].get(k) for k in META}


def _c(script):
    return MP._conv(script)


def test_txt_reading_is_the_readers(probes):
    """The TXT baseline is right, so that 'equals the TXT' means 'right'."""
    script, _, docs = probes
    c = _c(script)
    o = docs["outline.txt"]
    assert [(t["number"], t["title"]) for t in o["tasks"]] == [
        ("1", c("推进网络提质扩面")), ("2", c("建设农业农村大数据平台")), ("3", c("推广智能农机装备")),
        ("4", c("培育农村电商主体")), ("5", c("推动政务服务向乡村延伸"))]
    r = {(t["number"], u["unit"], u["role"]) for t in o["tasks"] for u in t["responsibilities"]}
    assert r == {("1", c("市工业和信息化局"), "lead"), ("1", c("市发展改革委"), "support"), ("1", c("市财政局"), "support"),
                 ("1", c("各县〔市、区〕人民政府"), "support"), ("2", c("市农业农村局"), "lead"),
                 ("2", c("市大数据管理局"), "support"), ("3", c("市农业农村局"), "responsible"),
                 ("3", c("市科技局"), "responsible"), ("4", c("市商务局"), "lead"), ("4", c("市农业农村局"), "support"),
                 ("4", c("市市场监管局"), "support"), ("5", c("市政务服务管理局"), "lead"), ("5", c("市民政局"), "support")}
    d = {(t["number"], x["text"], x["date"], x["kind"]) for t in o["tasks"] for x in t["deadlines"]}
    assert d == {("1", "2024年底前", "2024-12-31", "by"), ("1", "2025年6月底前", "2025-06-30", "by"),
                 ("2", "2025年底前", "2025-12-31", "by"), ("3", c("每年"), None, "recurring"),
                 ("3", "到2026年", "2026-12-31", "by"), ("4", "2026年底前", "2026-12-31", "by")}
    goals = {(q["text"], q["value"], q["comparator"]) for q in o["goals"]}
    assert goals == {("98%", 98.0, ">="), (c("10个"), 10.0, "="), (c("60个"), 60.0, "="), ("12%", 12.0, "=")}
    assert meta(o) == {"notice_title": c(MP.TITLE), "title": c(MP.PLAN), "doc_number": c(MP.DOC_NUMBER),
                       "issuers": [c(MP.ISSUER)], "date": "2024-04-08",
                       "recipients": [c("各县（市、区）人民政府"), c("市政府各部门"), c("各直属机构")]}
    t = docs["table.txt"]
    rows = MP.table_rows(script)
    assert [x["number"] for x in t["tasks"]] == [r["no"] for r in rows]
    got = {(x["number"], u["unit"], u["role"]) for x in t["tasks"] for u in x["responsibilities"]}
    want = {(r["no"], u, "lead") for r in rows for u in r["lead"]} | \
        {(r["no"], u, "support") for r in rows for u in r["support"]}
    assert got == want
    assert {(x["number"], d["text"]) for x in t["tasks"] for d in x["deadlines"]} == {(r["no"], r["deadline"]) for r in rows}


FORMATS = {
    "outline": ["outline_toc.txt", "outline_toc.docx", "outline_toc.pdf",
                "outline.docx", "outline_liststyle.docx", "outline_layouttables.docx", "outline_titlebreaks.docx",
                "outline_titlebreaks.html", "outline.html", "outline_misdeclared.html",
                "outline_othercharset.html", "outline_latin1.html", "outline_wrapped.html", "outline.pdf", "outline_2col.pdf"],
    "table": ["table.docx", "table_twolevel.docx", "table.html", "table_twolevel.html", "table.pdf",
              "table_threeline.pdf", "table_rowrules.pdf", "table_split.pdf", "table_threeline_split.pdf",
              "table_rowrules_split.pdf", "table_landscape.pdf"],
}


@pytest.mark.parametrize("family,name", [(f, n) for f, names in FORMATS.items() for n in names])
def test_format_reads_as_the_txt(probes, family, name):
    script, paths, docs = probes
    base, got = docs[f"{family}.txt"], docs[name]
    assert got["source"]["format"] == name.rsplit(".", 1)[1]
    if name.startswith("outline_toc"):        # a table of contents (目录) repeats the headings: no items
        assert "目录" in got["source"]["text"] or "目錄" in got["source"]["text"]
    vb, vg = view(base), view(got)
    for field in vb:
        assert vg[field] == vb[field], (name, script, field, sorted(set(vb[field]) - set(vg[field]))[:4],
                                        sorted(set(vg[field]) - set(vb[field]))[:4])
    mb, mg = meta(base), meta(got)
    if name.startswith("table") and name.endswith(".html"):
        # the page's open-government table states the signing date (成文日期) the TXT has not
        assert mg.pop("date") == "2024-04-08" and mb.pop("date") is None
    assert mg == mb, (name, script)
    assert validate_document(got) == []
    if name.endswith(".pdf"):
        pages = got["source"]["pages"]
        for t in got["tasks"]:
            for item in [t] + t["responsibilities"] + t["deadlines"] + t["targets"]:
                s = item["span"][0]
                assert any(a <= s < b and p == item["page"] for a, b, p in pages), (name, item)


def test_pdf_rows_without_vertical_rules_are_a_table(probes):
    """A 三线表 and a table ruled under every row become table rows (not one cell per line), the
    merged 牵头单位 cell on every row it spans."""
    script, _, docs = probes
    c = _c(script)
    for name in ("table_threeline.pdf", "table_rowrules.pdf", "table_threeline_split.pdf", "table_rowrules_split.pdf"):
        tasks = docs[name]["tasks"]
        assert [t["rule"] for t in tasks] == ["task.table_row"] * 6, name
        leads = [[u["unit"] for u in t["responsibilities"] if u["role"] == "lead"] for t in tasks]
        assert leads == [[c("市工业和信息化局")], [c("市工业和信息化局")], [c("市科技局")], [c("市工业和信息化局")],
                         [c("市工业和信息化局")], [c("市大数据管理局")]], name


def test_two_column_page_is_read_column_by_column(probes):
    script, paths, docs = probes
    from extractor.load import load
    text = load(paths["outline_2col.pdf"]).text
    c = _c(script)
    # the plan's items in order, each whole on its line
    for a, b in (("1.推进网络提质扩面", "2.建设农业农村大数据平台"), ("2.建设农业农村大数据平台", "3.推广智能农机装备"),
                 ("3.推广智能农机装备", "4.培育农村电商主体")):
        assert text.index(c(a)) < text.index(c(b))
    assert c(MP.TITLE) + "\n" in text and "\n" + c(MP.RECIPIENTS) in text


def test_docx_page_break_ends_the_line(probes):
    script, paths, _ = probes
    from extractor.load import load
    text = load(paths["outline.docx"]).text
    c = _c(script)
    assert c(MP.PUBLIC) + "\n" + c(MP.PLAN) + "\n" in text
    assert c(MP.FOOTNOTE) not in text              # footnotes, headers and footers are not the notice's text
    assert c(MP.LETTERHEAD) in text                # the letterhead's text box is


def test_html_page_with_only_chrome_is_a_one_line_error(tmp_path):
    from extractor.errors import BadDocument
    from extractor.load import load
    p = tmp_path / "chrome.html"
    p.write_text("<html><head><meta charset='utf-8'><title>某市人民政府</title></head><body>"
                 "<div class='nav'><a href='/'>首页</a><a href='/zwgk'>政务公开</a></div>"
                 "<div id='footer'>版权所有 某市人民政府 网站标识码</div></body></html>", "utf-8")
    with pytest.raises(BadDocument, match="no body text"):
        load(p)


def test_pdf_box_lines_are_its_paragraphs(probes):
    """A 专栏 box (a one-column ruled table) gives its paragraphs, not its wrapped lines: a unit name
    or a number broken at the frame is whole again."""
    script, paths, _ = probes
    from extractor.load import load
    got = [x for x in load(paths["box.pdf"]).text.split("\n") if x.strip()]
    want = [x.replace("　", "") for x in MP.box_lines(script)]
    assert got == want


def test_docx_hmerge_row_is_a_heading_line(tmp_path):
    """A row merged across the table with the older hMerge (WPS, Word 97 files) is one heading line
    inside the table, as a gridSpan row is, and the rows after it keep their columns."""
    import docx
    from docx.oxml import parse_xml
    from extractor.load import load
    d = docx.Document()
    t = d.add_table(rows=3, cols=4)
    for j, h in enumerate(["序号", "重点任务", "牵头单位", "完成时限"]):
        t.cell(0, j).text = h
    for j, tc in enumerate(t.rows[1]._tr.findall(f"{{{MP.W}}}tc")):
        tc.get_or_add_tcPr().append(parse_xml(f'<w:hMerge xmlns:w="{MP.W}" w:val="{"restart" if j == 0 else "continue"}"/>'))
    t.cell(1, 0).paragraphs[0].add_run("一、数字基础设施")
    for j, x in enumerate(["1", "新建基站1500个", "市工业和信息化局", "2024年12月底前"]):
        t.cell(2, j).text = x
    d.save(tmp_path / "h.docx")
    lines = load(tmp_path / "h.docx").text.split("\n")
    assert "一、数字基础设施" in lines
    assert "1 | 新建基站1500个 | 市工业和信息化局 | 2024年12月底前" in lines
