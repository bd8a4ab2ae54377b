#!/usr/bin/env python3
"""Write two notices composed for this project into TXT, DOCX, HTML and PDF the way government
files really come, so that tests can check that every format gives the TXT's extraction.

    python scripts/make_format_probes.py OUTDIR [--script simplified|traditional]

Notice ``outline``: a covering 通知 (letterhead, 文号, recipients, signature) and its plan with the
公文 outline 一、 / （一） / 1. whose numbered items carry （牵头单位：…；配合单位：…） labels.
Notice ``table``: a 任务分工方案 whose tasks are a table 序号 | 类别 | 重点任务 | 牵头单位 | 配合单位 |
完成时限, with a category cell and a lead cell spanning several rows.

What each format does (what real files do, not what is easy to read):

* DOCX: the outline numbers are Word automatic numbering (numbering.xml), the 一、 and （一）
  levels carried by heading styles, the 1. level set on the paragraph and running on across （一）;
  the letterhead is a text box (or, in a variant, letterhead, signature and 版记 are borderless
  layout tables); a running header, a footer with a PAGE field, a footnote; the plan
  starts after a page break inside the signature-date paragraph; the table has vertically merged
  cells (vMerge), 序号 cells numbered by a list, cells of several paragraphs, a repeated header row.
* HTML: site chrome (navigation, breadcrumbs, a search box, share bar, footer), a 来源/发布时间
  line above the article, paragraphs indented with &nbsp;, one paragraph set one <span> per
  character, the signature as one <p> broken by <br>; the table with rowspan and a colspan
  caption row, cells holding several <p>; a legacy charset declared in <meta> (GBK for Simplified,
  Big5 for Traditional), variants whose <meta> declares the wrong charset (UTF-8 bytes declared
  GB2312 or Big5, GBK and Big5 bytes declared as the other one or ISO-8859-1), and one pasted from the
  PDF with a <br> at the end of every line of the page.
* PDF (reportlab, WenQuanYi Zen Hei): a red letterhead with its red rule and the 文号, running
  header and ``— N —`` page numbers, paragraphs that break across pages, the ruled table with
  wrapped cells and spanned cells; a variant set in two columns.

The TXT is what a careful reader types from the page: the numbers Word shows, the table as
``cell | cell`` rows with a merged cell's text on each row it covers.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

FONT_CANDIDATES = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]

# --- the notices (written for these probes) ------------------------------------------------------
LETTERHEAD = "南川市人民政府办公室文件"
DOC_NUMBER = "南政办〔2024〕17号"
TITLE = "南川市人民政府办公室关于印发南川市数字乡村建设三年行动方案（2024—2026年）的通知"
RECIPIENTS = "各县（市、区）人民政府，市政府各部门，各直属机构："
COVER = "《南川市数字乡村建设三年行动方案（2024—2026年）》已经市政府同意，现印发给你们，请结合实际认真组织实施。"
ISSUER = "南川市人民政府办公室"
DATE = "2024年4月8日"
PUBLIC = "（此件公开发布）"
PLAN = "南川市数字乡村建设三年行动方案（2024—2026年）"
INTRO = "为加快推进农业农村现代化，以数字技术赋能乡村全面振兴，结合我市实际，制定本方案。"

# (level, text) with level 0 一、, 1 （一）, 2 1.; None: a plain paragraph
OUTLINE = [
    (0, "主要目标"),
    (None, "到2026年底，全市行政村千兆光网通达率达到98%以上，建成数字乡村示范镇10个、示范村60个，"
           "农产品网络零售额年均增长12%左右，乡村数字治理水平明显提升。"),
    (0, "重点任务"),
    (1, "完善乡村信息基础设施"),
    (2, "推进网络提质扩面。实施农村通信网络升级工程，2024年底前实现行政村5G网络全覆盖，"
        "2025年6月底前完成200个自然村光纤改造，逐步消除偏远山区信号盲区。"
        "（牵头单位：市工业和信息化局；配合单位：市发展改革委、市财政局，各县〔市、区〕人民政府）"),
    (2, "建设农业农村大数据平台。整合种植、养殖、农机、农田等涉农数据资源，建立统一的数据共享交换机制，"
        "2025年底前平台上线运行。（牵头单位：市农业农村局；配合单位：市大数据管理局）"),
    (1, "发展智慧农业"),
    (2, "推广智能农机装备。每年推广北斗导航辅助驾驶农机300台（套）以上，到2026年建设智慧农场20个。"
        "（责任单位：市农业农村局、市科技局）"),
    (2, "培育农村电商主体。支持县级电商公共服务中心提档升级，2026年底前培育年销售额超过1000万元的"
        "农村电商企业50家。（牵头单位：市商务局；配合单位：市农业农村局、市市场监管局）"),
    (1, "提升乡村治理数字化水平"),
    (2, "推动政务服务向乡村延伸。推进“互联网+政务服务”进村入户，村级便民服务点网上办事覆盖率不低于90%。"
        "（牵头单位：市政务服务管理局；配合单位：市民政局）"),
    (0, "保障措施"),
    (1, "加强组织领导。市数字乡村建设工作领导小组统筹推进各项工作，定期研究解决重大问题。"),
    (1, "强化资金保障。统筹用好各级财政资金，引导社会资本参与数字乡村建设。"),
]
FOOTNOTE = "千兆光网通达率指具备千兆接入能力的行政村占全部行政村的比例。"

TABLE_TITLE = "南川市2024年数字经济重点任务分工方案"
TABLE_INTRO = ("为确保全年数字经济发展目标顺利完成，现将重点任务分解如下。各牵头单位要会同配合单位细化工作举措，"
               "每季度末向市发展改革委报送进展情况。")
TABLE_HEADER = ["序号", "类别", "重点任务", "牵头单位", "配合单位", "完成时限"]
# (category, task paragraphs, lead units or None = merged with the row above, support units, deadline)
TABLE_ROWS = [
    ("数字基础设施", ["新建5G基站1500个，实现重点场所5G网络深度覆盖。"], ["市工业和信息化局"],
     ["市住房城乡建设局", "市自然资源局"], "2024年12月底前"),
    (None, ["建设城市算力调度平台，新增算力规模达到500PFlops。", "同步完善数据中心能耗监测。"], None,
     ["市发展改革委", "市大数据管理局"], "2024年10月底前"),
    ("数字产业", ["引进培育软件和信息技术服务企业30家，软件业务收入增长15%以上。"], ["市科技局"],
     ["市商务局", "市投资促进局"], "2024年12月底前"),
    (None, ["推动规模以上工业企业开展数字化改造，完成改造项目120个。"], ["市工业和信息化局"],
     ["市财政局"], "2024年11月底前"),
    (None, ["培育省级工业互联网平台3个，带动上云企业1000家以上。"], None,
     ["市科技局", "市大数据管理局"], "2024年9月底前"),
    ("数字治理", ["建成全市一体化政务数据共享平台，共享数据调用量突破1亿条次。"], ["市大数据管理局"],
     ["市政务服务管理局", "各县（市、区）人民政府"], "2024年6月底前"),
]
TABLE_OUTRO = "各县（市、区）要参照本方案，结合实际抓好贯彻落实。"


def _conv(script: str):
    if script == "simplified":
        return lambda s: s
    import opencc
    cc = opencc.OpenCC("s2tw")      # as a Taiwan page writes it (為, 裡), encodable in Big5
    return cc.convert


def table_rows(script: str = "simplified") -> list[dict]:
    """Rows as a reader sees them: a merged cell's text on every row it covers."""
    c = _conv(script)
    out, cat, lead = [], None, None
    for i, (ct, task, ld, sup, dl) in enumerate(TABLE_ROWS, 1):
        cat = ct if ct is not None else cat
        lead = ld if ld is not None else lead
        out.append({"no": str(i), "category": c(cat), "task": [c(t) for t in task], "lead": [c(u) for u in lead],
                    "support": [c(u) for u in sup], "deadline": c(dl), "cat_merged": ct is None,
                    "lead_merged": ld is None})
    return out


def _marker(level: int, n: int) -> str:
    from extractor.load.docx import chinese_number
    return [f"{chinese_number(n)}、", f"（{chinese_number(n)}）", f"{n}."][level]


def numbered_outline(script: str = "simplified") -> list[tuple[int | None, str, str]]:
    """(level, marker as Word displays it, text) for the plan's outline."""
    c = _conv(script)
    counters = [0, 0, 0]
    out = []
    for level, text in OUTLINE:
        if level is None:
            out.append((None, "", c(text)))
            continue
        counters[level] += 1
        if level == 0:
            counters[1] = 0                       # （一） restarts under each 一、; 1. runs on
        out.append((level, _marker(level, counters[level]), c(text)))
    return out


def toc_entries(script: str = "simplified") -> list[tuple[int, str, int]]:
    """(level, heading as numbered, page) for a table of contents (目录) of the plan's headings."""
    out, page = [], 2
    for level, mark, text in numbered_outline(script):
        if level in (0, 1) and "。" not in text:
            out.append((level, mark + text, page))
            page += 1
    return out


# --- TXT ----------------------------------------------------------------------------------------

def outline_txt(script: str, toc: bool = False) -> str:
    """``toc``: a table of contents (目录, leader dots and page numbers) after the plan's title."""
    c = _conv(script)
    lines = [c(DOC_NUMBER), c(TITLE), c(RECIPIENTS), "　　" + c(COVER), c(ISSUER), c(DATE), c(PUBLIC), c(PLAN)]
    if toc:
        lines.append(c("目录"))
        lines += ["　" * level + text + "…" * (24 - len(text)) + str(page) for level, text, page in toc_entries(script)]
    lines.append("　　" + c(INTRO))
    for level, mark, text in numbered_outline(script):
        lines.append("　　" + mark + text)
    return "\n".join(lines) + "\n"


def table_txt(script: str) -> str:
    c = _conv(script)
    lines = [c(TABLE_TITLE), "　　" + c(TABLE_INTRO), " | ".join(c(h) for h in TABLE_HEADER)]
    for r in table_rows(script):
        lines.append(" | ".join([r["no"], r["category"], "".join(r["task"]), "、".join(r["lead"]),
                                 "、".join(r["support"]), r["deadline"]]))
    lines.append("　　" + c(TABLE_OUTRO))
    return "\n".join(lines) + "\n"


# --- DOCX ---------------------------------------------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _font_path() -> str:
    for p in FONT_CANDIDATES:
        if Path(p).exists():
            return p
    raise FileNotFoundError("no CJK TrueType font: apt-get install fonts-wqy-zenhei")


def _cjk(run, name="仿宋_GB2312"):
    from docx.oxml.ns import qn
    run.font.name = name
    rpr = run._r.get_or_add_rPr()
    rpr.find(qn("w:rFonts")).set(qn("w:eastAsia"), name)


def _add_numbering(doc, list_style: bool = False) -> str:
    """A multilevel list 一、 / （一） / 1. (level 2 runs on), levels 0 and 1 linked to Heading 1/2.
    ``list_style``: as Word writes a list defined by a list style: the paragraphs' list points to an
    abstractNum holding only numStyleLink, the levels are in the abstractNum with the styleLink."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    numbering = doc.part.numbering_part.element
    link = '<w:styleLink w:val="GovList"/>' if list_style else ""
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="71"><w:multiLevelType w:val="multilevel"/>{link}'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/>'
        '<w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading2"/>'
        '<w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="decimal"/>'
        '<w:suff w:val="tab"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl>'
        '</w:abstractNum>')
    seq = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="72"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="tab"/>'
        '<w:lvlText w:val="%1"/><w:lvlJc w:val="center"/></w:lvl></w:abstractNum>')
    extra = []
    if list_style:
        extra.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="73"><w:multiLevelType w:val="multilevel"/>'
                               '<w:numStyleLink w:val="GovList"/></w:abstractNum>'))
        styles = doc.styles.element
        styles.append(parse_xml(f'<w:style {nsdecls("w")} w:type="numbering" w:customStyle="1" w:styleId="GovList">'
                                '<w:name w:val="GovList"/><w:pPr><w:numPr><w:numId w:val="71"/></w:numPr></w:pPr></w:style>'))
    first_num = numbering.find(f"{{{W}}}num")
    for a in (abstract, seq, *extra):
        if first_num is not None:
            first_num.addprevious(a)
        else:
            numbering.append(a)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="71"><w:abstractNumId w:val="71"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="72"><w:abstractNumId w:val="72"/></w:num>'))
    used = "71"
    if list_style:
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="74"><w:abstractNumId w:val="73"/></w:num>'))
        used = "74"
    # the heading styles carry the list (as Word does when a list is linked to its headings)
    for style_name, ilvl in (("Heading 1", 0), ("Heading 2", 1)):
        st = doc.styles[style_name]
        ppr = st.element.get_or_add_pPr()
        ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{used}"/></w:numPr>'))
    return used


def _num(par, num_id: str, ilvl: int | None = None):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    lv = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    par._p.get_or_add_pPr().insert(0, parse_xml(f'<w:numPr {nsdecls("w")}>{lv}<w:numId w:val="{num_id}"/></w:numPr>'))


def _text_box(par, text: str):
    """A floating text box (VML, as WPS and older Word write it) anchored in ``par``."""
    from docx.oxml import parse_xml
    xml = ('<w:r xmlns:w="%s" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
           '<v:shape id="tb1" type="#_x0000_t202" style="position:absolute;width:420pt;height:60pt">'
           '<v:textbox><w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:color w:val="FF0000"/>'
           '<w:sz w:val="72"/></w:rPr><w:t>%s</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'
           % (W, text))
    par._p.append(parse_xml(xml))


def _footnote(doc, par, text: str):
    """A real footnote: word/footnotes.xml and a reference run at the end of ``par``."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p>'
            '</w:footnote></w:footnotes>').encode("utf-8")
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", blob, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    par._p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                            '<w:footnoteReference w:id="1"/></w:r>'))


def _page_field_footer(section, script):
    from docx.oxml import parse_xml
    p = section.footer.paragraphs[0]
    p._p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:t xml:space="preserve">— </w:t></w:r>'))
    p._p.append(parse_xml(f'<w:fldSimple xmlns:w="{W}" w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    p._p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:t xml:space="preserve"> —</w:t></w:r>'))
    section.header.paragraphs[0].add_run(_conv(script)(ISSUER))


def _layout_table(d, cells: list[list[str]], merge_first_row: bool = False):
    """A borderless table used for layout (letterhead, signature block, 抄送/印发 lines)."""
    t = d.add_table(rows=len(cells), cols=max(len(r) for r in cells))
    for i, row in enumerate(cells):
        if merge_first_row and i == 0 and len(row) == 1:
            t.cell(0, 0).merge(t.cell(0, t._column_count - 1)).text = row[0]
            continue
        for j, text in enumerate(row):
            if text:
                t.cell(i, j).text = text
    return t


def _title_parts(title: str) -> list[str]:
    """A long title as it is set by hand on two or three centred lines: after 关于印发, before （."""
    parts = re.split(r"(?<=关于印发)|(?<=關於印發)|(?=（)", title)
    return [x for x in parts if x]


def _docx_toc(d, script):
    """A table of contents as Word writes one: entries in styles toc 1 / toc 2, a tab before the page."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    c = _conv(script)
    for k in (1, 2):
        d.styles.element.append(parse_xml(f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="toc{k}x">'
                                          f'<w:name w:val="toc {k}"/></w:style>'))
    d.add_paragraph(c("目录"))
    for level, text, page in toc_entries(script):
        p = d.add_paragraph()
        p._p.get_or_add_pPr().insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="toc{level + 1}x"/>'))
        p.add_run(text)
        p.add_run().add_tab()
        p.add_run(str(page))


def outline_docx(out: Path, script: str = "simplified", list_style: bool = False, layout_tables: bool = False,
                 toc: bool = False, title_breaks: bool = False):
    """``layout_tables``: the letterhead, the signature block and the 版记 (抄送, 印发) set in
    borderless tables, as many Word templates of government offices do."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    c = _conv(script)
    d = docx.Document()
    num = _add_numbering(d, list_style)
    _page_field_footer(d.sections[0], script)
    if layout_tables:
        _layout_table(d, [[c(ISSUER), c("文件")]])
    else:
        _text_box(d.add_paragraph(), c(LETTERHEAD))
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _cjk(p.add_run(c(DOC_NUMBER)))
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if title_breaks:                              # the title set over three lines with line breaks
        for k, part in enumerate(_title_parts(c(TITLE))):
            if k:
                p.add_run().add_break()
            _cjk(p.add_run(part), "方正小标宋简体")
    else:
        _cjk(p.add_run(c(TITLE)), "方正小标宋简体")
    _cjk(d.add_paragraph().add_run(c(RECIPIENTS)))
    _cjk(d.add_paragraph().add_run("　　" + c(COVER)))
    if layout_tables:
        _layout_table(d, [["", c(ISSUER)], ["", c(DATE)]])
    else:
        for s in (ISSUER, DATE):
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _cjk(p.add_run(c(s)))
    p = d.add_paragraph()
    _cjk(p.add_run(c(PUBLIC)))
    p._p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:br w:type="page"/></w:r>'))   # the plan starts on a new page
    r = p.add_run(c(PLAN))
    _cjk(r, "方正小标宋简体")
    if toc:
        _docx_toc(d, script)
    _cjk(d.add_paragraph().add_run("　　" + c(INTRO)))
    first_goal = True
    for level, _mark, text in numbered_outline(script):
        if level == 0:
            par = d.add_paragraph(style="Heading 1")
        elif level == 1:
            par = d.add_paragraph(style="Heading 2")
            if "。" in text:                      # a heading with its text run on: body style, numbered
                par = d.add_paragraph()
                _num(par, num, 1)
        elif level == 2:
            par = d.add_paragraph()
            _num(par, num, 2)
        else:
            par = d.add_paragraph()
            text = "　　" + text
        _cjk(par.add_run(text))
        if level is None and first_goal:
            first_goal = False
            _footnote(d, par, c(FOOTNOTE))
    if layout_tables:
        _layout_table(d, [[c("抄送：市委各部门，市人大常委会办公室，市政协办公室。")],
                          [c(ISSUER), c("2024年4月8日印发")]], merge_first_row=True)
    d.core_properties.title = c(PLAN)
    d.save(out)


def _two_level_header(tbl, c):
    """Rows 0-1 as a two-level header: 责任单位 over 牵头单位 | 配合单位 (gridSpan), the other
    header cells merged down (vMerge)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    top, low = tbl.rows[0].cells, tbl.rows[1].cells
    for j, h in enumerate(TABLE_HEADER):
        if j in (3, 4):
            continue
        top[j].merge(low[j])
        top[j].text = c(h)
    merged = top[3].merge(top[4])
    merged.text = c("责任单位")
    low[3].text, low[4].text = c(TABLE_HEADER[3]), c(TABLE_HEADER[4])
    for r in (tbl.rows[0], tbl.rows[1]):
        r._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def _rows_in_content_control(tbl, first: int):
    """Body rows wrapped in one content control (a repeating section, as form templates do)."""
    from docx.oxml import parse_xml
    sdt = parse_xml(f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:alias w:val="rows"/></w:sdtPr><w:sdtContent/></w:sdt>')
    content = sdt[1]
    rows = [r._tr for r in tbl.rows[first:]]
    rows[0].addprevious(sdt)
    for tr in rows:
        content.append(tr)


def table_docx(out: Path, script: str = "simplified", two_level: bool = False):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    c = _conv(script)
    d = docx.Document()
    num = _add_numbering(d)
    _page_field_footer(d.sections[0], script)
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _cjk(p.add_run(c(TABLE_TITLE)), "方正小标宋简体")
    _cjk(d.add_paragraph().add_run("　　" + c(TABLE_INTRO)))
    rows = table_rows(script)
    nh = 2 if two_level else 1
    tbl = d.add_table(rows=nh + len(rows), cols=len(TABLE_HEADER))
    tbl.style = "Table Grid"
    if two_level:
        _two_level_header(tbl, c)
    else:
        hdr = tbl.rows[0]
        hdr._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        for j, h in enumerate(TABLE_HEADER):
            hdr.cells[j].text = c(h)
    cat_start = lead_start = None
    for i, r in enumerate(rows, nh):
        cells = tbl.rows[i].cells
        _num(cells[0].paragraphs[0], "72", 0)            # 序号 by list numbering: the cell itself is empty
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cells[2].text = r["task"][0]
        for extra in r["task"][1:]:
            cells[2].add_paragraph(extra)                 # a cell of several paragraphs
        if r["cat_merged"]:
            cat_start = cat_start.merge(cells[1])
        else:
            cells[1].text = r["category"]
            cat_start = cells[1]
        if r["lead_merged"]:
            lead_start = lead_start.merge(cells[3])
        else:
            cells[3].text = r["lead"][0]
            lead_start = cells[3]
        if i % 2:
            cells[4].text = r["support"][0]
            for u in r["support"][1:]:
                cells[4].add_paragraph(u)                 # one unit per paragraph
        else:                                             # one centred paragraph, a line break between units
            par = cells[4].paragraphs[0]
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for k, u in enumerate(r["support"]):
                if k:
                    par.add_run().add_break()
                par.add_run(u)
        cells[5].text = r["deadline"]
    if two_level:
        _rows_in_content_control(tbl, nh)
    _cjk(d.add_paragraph().add_run("　　" + c(TABLE_OUTRO)))
    d.save(out)


# --- HTML ---------------------------------------------------------------------------------------
def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


CHROME_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{title}</title>
<script type="text/javascript">var columnName = "{nav_zwgk}"; function doZoom(size){{ document.getElementById("zoom").style.fontSize = size + "px"; }}</script>
<style type="text/css">.nav li {{ float:left; }} .bt {{ font-size:22px; }}</style>
</head><body>
<div class="top_bar"><span>{site}</span> <a href="#">{nav_en}</a> <a href="#">{nav_wza}</a></div>
<div class="nav"><ul><li><a href="/">{nav_home}</a></li><li><a href="/zwgk/">{nav_zwgk}</a></li><li><a href="/hdjl/">{nav_hdjl}</a></li><li><a href="/bsfw/">{nav_bsfw}</a></li></ul></div>
<div class="search"><input type="text" value="{nav_search}" /><button>{nav_search2}</button></div>
<div class="weizhi">{nav_here}<a href="/">{nav_home}</a> &gt; <a href="/zwgk/">{nav_zwgk}</a> &gt; <a href="/zwgk/zcwj/">{nav_zcwj}</a></div>
<div class="main_con">
<table class="xxgk_table" cellspacing="0" cellpadding="0" width="100%"><tr><td>{k_index}</td><td>11500000MB1234567X/2024-00017</td><td>{k_cat}</td><td>{nav_zcwj}</td></tr>
<tr><td>{k_issuer}</td><td>{issuer}</td><td>{k_date}</td><td>2024-04-08</td></tr></table>
<div class="bt">{title}</div>
<div class="info"><span>{k_source}{issuer}</span>&nbsp;&nbsp;<span>{k_pub}2024-04-10 09:30</span>&nbsp;&nbsp;<span>{k_size}[<a href="javascript:doZoom(16)">{k_big}</a> <a href="javascript:doZoom(14)">{k_mid}</a>]</span></div>
<div id="zoom" class="TRS_Editor">
"""
CHROME_TAIL = """</div>
<div class="share">{k_share}<a href="#">{k_wx}</a> <a href="#">{k_wb}</a></div>
<div class="print"><a href="javascript:window.print()">{k_print}</a> <a href="javascript:window.close()">{k_close}</a></div>
</div>
<div class="footer"><p>{k_host}{issuer}</p><p>{k_icp}</p></div>
</body></html>
"""
CHROME_WORDS = dict(site="南川市人民政府", nav_en="English", nav_wza="无障碍", nav_home="首页", nav_zwgk="政务公开",
                    nav_hdjl="互动交流", nav_bsfw="办事服务", nav_search="请输入关键字", nav_search2="搜索",
                    nav_here="当前位置：", nav_zcwj="政策文件", k_index="索引号：", k_cat="主题分类：", k_issuer="发布机构：",
                    k_date="成文日期：", k_source="来源：", k_pub="发布时间：", k_size="字号：", k_big="大", k_mid="中",
                    k_share="分享到：", k_wx="微信", k_wb="微博", k_print="打印本页", k_close="关闭窗口",
                    k_host="主办：", k_icp="网站标识码5000000001　渝ICP备00000000号")


def _chrome(script: str, charset: str, title: str) -> tuple[str, str]:
    c = _conv(script)
    words = {k: c(v) for k, v in CHROME_WORDS.items()}
    words.update(issuer=c(ISSUER), title=_esc(title), charset=charset)
    return CHROME_HEAD.format(**words), CHROME_TAIL.format(**words)


def _spans(s: str) -> str:
    return "".join(f'<span style="font-family:仿宋">{_esc(ch)}</span>' for ch in s)


def _hard_wrap(s: str, ems: float = 28) -> str:
    """``s`` broken with <br> every ``ems`` (Chinese 1, ASCII 0.5): text pasted from a PDF."""
    out, cur, w = [], "", 0.0
    for ch in s:
        cw = 0.5 if ord(ch) < 0x2E80 else 1.0
        if w + cw > ems:
            out.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    return "<br />".join(_esc(x) for x in out + [cur])


def outline_html(script: str = "simplified", charset: str | None = None, declared: str | None = None,
                 wrapped: bool = False, title_breaks: bool = False) -> bytes:
    """``wrapped``: the notice as pasted from its PDF, every line of the page ending in <br>."""
    c = _conv(script)
    if wrapped:
        head, tail = _chrome(script, charset or "utf-8", c(TITLE))
        paras = [DOC_NUMBER, TITLE, RECIPIENTS, "　　" + COVER, ISSUER, DATE, PUBLIC, PLAN, "　　" + INTRO]
        body = "<br />".join(_hard_wrap(c(x)) for x in paras) + "<br />"
        body += "<br />".join(_hard_wrap("　　" + mark + text) for _, mark, text in numbered_outline(script))
        return (head + f"<p>{body}</p>" + tail).encode(charset or "utf-8")
    charset = charset or ("gbk" if script == "simplified" else "big5")
    head, tail = _chrome(script, declared or charset, c(TITLE))
    body = [f'<p style="text-align:center">{_esc(c(DOC_NUMBER))}</p>',
            (f'<p style="text-align:center"><strong>{"<br />".join(map(_esc, _title_parts(c(TITLE))))}</strong></p>'
             if title_breaks else f'<p style="text-align:center"><strong>{_esc(c(TITLE))}</strong></p>'),
            f"<p>{_esc(c(RECIPIENTS))}</p>",
            f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{_esc(c(COVER))}</p>",
            f'<p style="text-align:right">{_esc(c(ISSUER))}<br />{_esc(c(DATE))}</p>',
            f"<p>{_esc(c(PUBLIC))}</p>",
            f'<p style="text-align:center"><strong>{_esc(c(PLAN))}</strong></p>',
            f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{_esc(c(INTRO))}</p>"]
    for k, (level, mark, text) in enumerate(numbered_outline(script)):
        if level in (0, 1) and "。" not in text:
            body.append(f'<p style="text-indent:2em"><strong>{_esc(mark + text)}</strong></p>')
        elif k == 4:                               # one paragraph as some editors save it: a span per character
            body.append(f'<p style="text-indent:2em">{_spans(mark + text)}</p>')
        else:
            body.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{_esc(mark + text)}</p>")
    return (head + "\n".join(body) + tail).encode(charset)


def table_html(script: str = "simplified", charset: str | None = None, two_level: bool = False) -> bytes:
    c = _conv(script)
    charset = charset or ("gbk" if script == "simplified" else "big5")
    head, tail = _chrome(script, charset, c(TABLE_TITLE))
    rows = table_rows(script)
    h = [f'<tr><td colspan="{len(TABLE_HEADER)}"><p style="text-align:center">{_esc(c("重点任务分工表"))}</p></td></tr>']
    if two_level:
        hx = [c(x) for x in TABLE_HEADER]
        h.append(f'<tr><th rowspan="2">{hx[0]}</th><th rowspan="2">{hx[1]}</th><th rowspan="2">{hx[2]}</th>'
                 f'<th colspan="2">{_esc(c("责任单位"))}</th><th rowspan="2">{hx[5]}</th></tr>'
                 f'<tr><th>{hx[3]}</th><th>{hx[4]}</th></tr>')
    else:
        h.append("<tr>" + "".join(f"<td><p><strong>{_esc(c(x))}</strong></p></td>" for x in TABLE_HEADER) + "</tr>")

    def span_of(i, key):
        n = 1
        while i + n < len(rows) and rows[i + n][key]:
            n += 1
        return n
    for i, r in enumerate(rows):
        tds = [f"<td>{r['no']}</td>"]
        if not r["cat_merged"]:
            n = span_of(i, "cat_merged")
            tds.append(f'<td{f" rowspan={chr(34)}{n}{chr(34)}" if n > 1 else ""}>{_esc(r["category"])}</td>')
        tds.append("<td>" + "".join(f"<p>{_esc(t)}</p>" for t in r["task"]) + "</td>")
        if not r["lead_merged"]:
            n = span_of(i, "lead_merged")
            tds.append(f'<td align="center"{f" rowspan={chr(34)}{n}{chr(34)}" if n > 1 else ""}>'
                       f'{"<br>".join(map(_esc, r["lead"]))}</td>')
        if i % 2:                                   # units one a line in a centred paragraph
            tds.append('<td><p style="text-align:center">' + "<br>".join(map(_esc, r["support"])) + "</p></td>")
        else:
            tds.append("<td>" + "".join(f"<p>{_esc(u)}</p>" for u in r["support"]) + "</td>")
        tds.append(f"<td>{_esc(r['deadline'])}</td>")
        h.append("<tr>" + "".join(tds) + "</tr>")
    body = (f'<p style="text-align:center"><strong>{_esc(c(TABLE_TITLE))}</strong></p>'
            f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{_esc(c(TABLE_INTRO))}</p>"
            '<table border="1" cellspacing="0" cellpadding="0" class="MsoNormalTable"><tbody>' + "\n".join(h)
            + f"</tbody></table><p>&nbsp;&nbsp;&nbsp;&nbsp;{_esc(c(TABLE_OUTRO))}</p>")
    return (head + body + tail).encode(charset)


# --- PDF ----------------------------------------------------------------------------------------
def _rl_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", _font_path(), subfontIndex=0))
    return "WQY"


def _deco(header: str, letterhead: str | None, docno: str | None):
    def first(canvas, doc):
        from reportlab.lib import colors
        canvas.saveState()
        w, h = doc.pagesize
        if letterhead:
            canvas.setFillColor(colors.red)
            canvas.setFont("WQY", 30)
            canvas.drawCentredString(w / 2, h - 110, letterhead)
            canvas.setFillColor(colors.black)
            canvas.setFont("WQY", 14)
            canvas.drawCentredString(w / 2, h - 150, docno)
            canvas.setStrokeColor(colors.red)
            canvas.setLineWidth(2)
            canvas.line(72, h - 162, w - 72, h - 162)           # the red rule
        canvas.setFillColor(colors.black)
        canvas.setFont("WQY", 12)
        canvas.drawCentredString(w / 2, 36, f"— {doc.page} —")
        canvas.restoreState()

    def later(canvas, doc):
        canvas.saveState()
        w, h = doc.pagesize
        canvas.setFont("WQY", 9)
        canvas.drawCentredString(w / 2, h - 40, header)
        canvas.setFont("WQY", 12)
        canvas.drawCentredString(w / 2, 36, f"— {doc.page} —")
        canvas.restoreState()
    return first, later


def _styles():
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    f = _rl_font()
    body = ParagraphStyle("b", fontName=f, fontSize=15, leading=27, firstLineIndent=30, alignment=TA_JUSTIFY,
                          wordWrap="CJK")
    return {"body": body,
            "head": ParagraphStyle("h", parent=body, firstLineIndent=0, alignment=TA_CENTER, fontSize=20, leading=32),
            "left": ParagraphStyle("l", parent=body, firstLineIndent=0),
            "right": ParagraphStyle("r", parent=body, firstLineIndent=0, alignment=TA_RIGHT, rightIndent=30),
            "cell": ParagraphStyle("c", fontName=f, fontSize=10.5, leading=14, wordWrap="CJK"),
            "ccell": ParagraphStyle("cc", fontName=f, fontSize=10.5, leading=14, wordWrap="CJK", alignment=TA_CENTER)}


def outline_pdf(out: Path, script: str = "simplified", columns: int = 1, toc: bool = False):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph, Spacer
    c = _conv(script)
    st = _styles()
    if columns == 2:
        for k in ("body", "left", "right"):
            st[k].fontSize, st[k].leading = 10.5, 16
            st[k].firstLineIndent = 21 if k == "body" else 0
            st[k].rightIndent = 0
        st["head"].fontSize, st["head"].leading = 14, 20
    story = [Spacer(1, 110 if columns == 1 else 0), Paragraph(_esc(c(TITLE)), st["head"]), Paragraph(_esc(c(RECIPIENTS)), st["left"]),
             Paragraph(_esc(c(COVER)), st["body"]), Paragraph(_esc(c(ISSUER)), st["right"]),
             Paragraph(_esc(c(DATE)), st["right"]), Paragraph(_esc(c(PUBLIC)), st["left"]),
             PageBreak() if columns == 1 else Spacer(1, 12),
             Paragraph(_esc(c(PLAN)), st["head"])]
    if toc:
        story.append(Paragraph(_esc(c("目录")), st["head"]))
        for level, text, page in toc_entries(script):
            story.append(Paragraph(_esc(text + "…" * (24 - len(text)) + str(page)),
                                   ParagraphStyle("toc", parent=st["left"], leftIndent=15 * level)))
        story.append(PageBreak())
    story.append(Paragraph(_esc(c(INTRO)), st["body"]))
    for level, mark, text in numbered_outline(script):
        story.append(Paragraph(_esc(mark + text), st["body"]))
    w, h = A4
    first, later = _deco(c(ISSUER), c(LETTERHEAD), c(DOC_NUMBER))
    doc = BaseDocTemplate(str(out), pagesize=A4, title=c(PLAN))
    if columns == 1:
        frames = [Frame(72, 72, w - 144, h - 144, id="one")]
    else:
        gap = 18
        cw = (w - 144 - gap) / 2
        frames = [Frame(72, 72, cw, h - 144, id="left"), Frame(72 + cw + gap, 72, cw, h - 144, id="right")]
        # on the first page both columns start below the letterhead and its red rule
        frames1 = [Frame(72, 72, cw, h - 144 - 110, id="left1"), Frame(72 + cw + gap, 72, cw, h - 144 - 110, id="right1")]
    if columns == 1:
        frames1 = frames
    doc.addPageTemplates([PageTemplate(id="first", frames=frames1, onPage=first, autoNextPageTemplate="later"),
                          PageTemplate(id="later", frames=frames, onPage=later)])
    doc.build(story)


def table_pdf(out: Path, script: str = "simplified", rules: str = "grid", landscape: bool = False,
              split: bool = False):
    """``rules``: "grid" (every cell ruled), "rows" (a rule under every row, none vertical) or
    "three_line" (三线表: a rule above and below the header and below the last row, nothing else).
    ``landscape``: the notice on a portrait page, the table on landscape pages (as an annex set
    sideways). ``split``: the table starts low on the first page and runs on to the next (its header
    repeated there)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    c = _conv(script)
    st = _styles()
    rows = table_rows(script)
    data = [[Paragraph(_esc(c(x)), st["ccell"]) for x in TABLE_HEADER]]
    if rules == "grid":
        style = [("GRID", (0, 0), (-1, -1), 0.6, colors.black)]
    elif rules == "rows":                            # every row ruled, no vertical rules
        style = [("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black), ("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.black)]
    else:
        style = [("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black), ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                 ("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.black)]
    style.append(("VALIGN", (0, 0), (-1, -1), "MIDDLE"))
    for i, r in enumerate(rows, 1):
        data.append([Paragraph(r["no"], st["ccell"]),
                     Paragraph("" if r["cat_merged"] else _esc(r["category"]), st["ccell"]),
                     Paragraph("<br/>".join(_esc(t) for t in r["task"]), st["cell"]),
                     Paragraph("" if r["lead_merged"] else "<br/>".join(map(_esc, r["lead"])), st["cell"]),
                     Paragraph("<br/>".join(map(_esc, r["support"])), st["cell"]),
                     Paragraph(_esc(r["deadline"]), st["cell"])])
    for key, col in (("cat_merged", 1), ("lead_merged", 3)):
        i = 1
        while i <= len(rows):
            n = 1
            while i + n <= len(rows) and rows[i + n - 1][key]:
                n += 1
            if n > 1:
                style.append(("SPAN", (col, i), (col, i + n - 1)))
            i += n
    widths = [30, 58, 170, 70, 80, 60] if not landscape else [36, 80, 330, 100, 130, 80]
    t = Table(data, colWidths=widths, style=TableStyle(style), repeatRows=1)
    first, later = _deco(c(TABLE_TITLE), None, None)
    if not landscape:
        from reportlab.platypus import Spacer
        story = [Paragraph(_esc(c(TABLE_TITLE)), st["head"]), Paragraph(_esc(c(TABLE_INTRO)), st["body"])] + \
            ([Spacer(1, 330)] if split else []) + [t, Paragraph(_esc(c(TABLE_OUTRO)), st["body"])]
        doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=60, rightMargin=60, topMargin=72, bottomMargin=72,
                                title=c(TABLE_TITLE))
        doc.build(story, onFirstPage=first, onLaterPages=later)
        return
    from reportlab.lib.pagesizes import landscape as sideways
    from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate
    w, h = A4
    doc = BaseDocTemplate(str(out), pagesize=A4, title=c(TABLE_TITLE))
    lw, lh = sideways(A4)

    def land(canvas, d):
        canvas.setPageSize((lw, lh))
        later(canvas, d)
    doc.addPageTemplates([PageTemplate(id="portrait", frames=[Frame(72, 72, w - 144, h - 144)], onPage=first),
                          PageTemplate(id="land", frames=[Frame(60, 60, lw - 120, lh - 130)], onPage=land,
                                       pagesize=(lw, lh))])
    story = [Paragraph(_esc(c(TABLE_TITLE)), st["head"]), Paragraph(_esc(c(TABLE_INTRO)), st["body"]),
             NextPageTemplate("land"), PageBreak(), t, NextPageTemplate("portrait"), PageBreak(),
             Paragraph(_esc(c(TABLE_OUTRO)), st["body"])]
    doc.build(story)


BOX = ["专栏1　数字乡村重点工程",
       "1.乡村网络提升工程：新建改造农村光纤线路3000公里，2025年底前由市工业和信息化局牵头完成全部行政村千兆网络覆盖。",
       "2.智慧农业示范工程：建设数字农业示范基地15个，推广物联网监测设备2000台套，培育农业数字化服务企业30家。"]


def box_lines(script: str = "simplified") -> list[str]:
    c = _conv(script)
    return [c(x) for x in BOX]


def box_pdf(out: Path, script: str = "simplified"):
    """A 专栏 (a framed box of projects, as plans set them): a one-column ruled table whose cells
    wrap their lines at the frame."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    st = _styles()
    lines = box_lines(script)
    data = [[Paragraph(_esc(lines[0]), st["ccell"])], [Paragraph("<br/>".join(_esc(x) for x in lines[1:]), st["cell"])]]
    t = Table(data, colWidths=[300], style=TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black)]))
    SimpleDocTemplate(str(out), pagesize=A4).build([t])


def write_all(out: Path, script: str = "simplified") -> dict[str, Path]:
    """Every probe file of one script under ``out``; returns {name: path}."""
    out.mkdir(parents=True, exist_ok=True)
    s = "s" if script == "simplified" else "t"
    paths = {}

    def put(name, data):
        p = out / f"{name}_{s}"
        if isinstance(data, str):
            p.write_text(data, "utf-8")
        else:
            p.write_bytes(data)
        paths[name] = p

    put("outline.txt", outline_txt(script))
    put("outline_toc.txt", outline_txt(script, toc=True))
    put("table.txt", table_txt(script))
    put("outline.html", outline_html(script))
    # the <meta> says one legacy charset, the bytes are UTF-8 (a CMS template copied from an old site)
    put("outline_misdeclared.html", outline_html(script, charset="utf-8",
                                                  declared="gb2312" if script == "simplified" else "big5"))
    # legacy bytes (GBK / Big5) declared as the other script's charset, and as ISO-8859-1 (old servers)
    put("outline_othercharset.html", outline_html(script, declared="big5" if script == "simplified" else "gb2312"))
    put("outline_latin1.html", outline_html(script, declared="iso-8859-1"))
    put("table.html", table_html(script))
    put("outline_wrapped.html", outline_html(script, wrapped=True))
    put("outline_titlebreaks.html", outline_html(script, title_breaks=True))
    for name, fn in (("outline.docx", outline_docx), ("table.docx", table_docx), ("outline.pdf", outline_pdf),
                     ("table.pdf", table_pdf)):
        p = out / f"{name}_{s}"
        fn(p, script)
        paths[name] = p
    variants = (("outline_2col.pdf", lambda p: outline_pdf(p, script, columns=2)),
                ("table_threeline.pdf", lambda p: table_pdf(p, script, rules="three_line")),
                ("table_rowrules.pdf", lambda p: table_pdf(p, script, rules="rows")),
                ("table_threeline_split.pdf", lambda p: table_pdf(p, script, rules="three_line", split=True)),
                ("table_rowrules_split.pdf", lambda p: table_pdf(p, script, rules="rows", split=True)),
                ("table_split.pdf", lambda p: table_pdf(p, script, split=True)),
                ("table_landscape.pdf", lambda p: table_pdf(p, script, landscape=True)),
                ("table_twolevel.docx", lambda p: table_docx(p, script, two_level=True)),
                ("outline_liststyle.docx", lambda p: outline_docx(p, script, list_style=True)),
                ("outline_layouttables.docx", lambda p: outline_docx(p, script, layout_tables=True)),
                ("outline_toc.docx", lambda p: outline_docx(p, script, toc=True)),
                ("outline_titlebreaks.docx", lambda p: outline_docx(p, script, title_breaks=True)),
                ("outline_toc.pdf", lambda p: outline_pdf(p, script, toc=True)),
                ("box.pdf", lambda p: box_pdf(p, script)))
    for name, fn in variants:
        p = out / f"{name}_{s}"
        fn(p)
        paths[name] = p
    put("table_twolevel.html", table_html(script, two_level=True))
    # the suffix goes last (the loader sniffs the content; a matching suffix avoids a warning)
    final = {}
    for name, p in paths.items():
        stem, ext = name.rsplit(".", 1)
        q = out / f"{stem}_{s}.{ext}"
        p.rename(q)
        final[name] = q
    return final


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--script", choices=["simplified", "traditional"], default="simplified")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    for name, p in write_all(a.out, a.script).items():
        print(name, p)


if __name__ == "__main__":
    main()
