#!/usr/bin/env python3
"""Generate the loader fixtures in tests/fixtures/ from text.

    python scripts/make_fixtures.py [--corpus ../shared/corpus] [--out tests/fixtures] [--no-soffice]

What it writes (all small, committed so tests run without ../shared):

* ``zhengzhou.{docx,html,pdf}`` -- the reference notice (corpus/zhengzhou_air_2024/text.txt) as a
  DOCX with real Word automatic numbering on the 一、/(一)/1. headings, an HTML page with navigation,
  footer and script noise around the article plus a small table, and a PDF (reportlab, embedded
  WenQuanYi Zen Hei) with a running header, "— N —" page numbers and the spaces PDF producers put
  between digits and CJK characters.  ``zhengzhou.txt`` is a copy of the reference text (the one
  corpus document the repository may hold) and ``zhengzhou_expected.json`` lists strings and the
  page they are on (measured with pdfplumber, independently of the loader).
* ``tasktable.{pdf,docx,html}`` (+ ``tasktable_lo.pdf`` from LibreOffice when ``soffice`` exists)
  -- a 任务分工 table notice of 18 rows with multi-line cells, a vertically merged 牵头单位 cell,
  the header repeated on every page and a row split by a page break; ``tasktable_expected.json``
  has the expected rows.
* ``bad_*.pdf`` -- encrypted, image-only (scanned), garbled text layer (private-use code points)
  and truncated PDFs for the bad-input tests.

Needs: reportlab, python-docx, lxml, pdfplumber and the Debian font fonts-wqy-zenhei (and optionally
libreoffice-writer-nogui for tasktable_lo.pdf).
"""
from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FONT_CANDIDATES = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                   "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]

# --- the task-division table (written for these fixtures) --------------------------------------
TABLE_TITLE = "某市推进制造业高质量发展2025年重点任务分工方案"
TABLE_INTRO = [
    "为贯彻落实市委、市政府关于推动制造业高质量发展的决策部署，确保各项任务落到实处，现将2025年重点任务分工如下。",
    "各牵头单位要会同配合单位制定工作方案，细化工作措施，明确时间节点，每季度末向市工业和信息化局报送工作进展情况。",
]
TABLE_HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
# (task, lead units, support units, deadline); a lead of None is vertically merged with the row above
TABLE_ROWS = [
    ("制定全市推进新型工业化实施方案，明确重点产业链发展路径、年度目标任务和支持政策，建立产业链链长制工作推进机制。",
     ["市工信局"], ["市发展改革委", "市科技局", "市财政局"], "2025年3月底前"),
    ("建立重点项目谋划储备机制，每季度开展一次重大项目集中签约和开工活动，全年新开工亿元以上工业项目100个以上。",
     ["市发展改革委"], ["市投资促进局", "市工信局", "各区县（市）政府"], "每季度末"),
    ("实施制造业技术改造提升工程，推动规模以上工业企业数字化转型全覆盖，新增省级智能工厂和智能车间20个以上。",
     ["市工信局"], ["市财政局", "市科技局", "市统计局"], "2025年12月底前"),
    ("加快建设重大创新平台，争创国家技术创新中心和国家制造业创新中心，新培育省级以上企业技术中心15家。",
     ["市科技局"], ["市发展改革委", "市工信局", "市教育局"], "2026年6月底前"),
    ("深化“放管服”改革，推行企业开办全程网上办理，将企业开办时间压缩至1个工作日以内。",
     ["市市场监管局"], ["市政务服务办", "市公安局", "市税务局"], "2025年6月底前"),
    ("完善中小企业融资担保体系，扩大政府性融资担保业务规模，年内新增担保额50亿元以上。",
     ["市财政局", "市地方金融监管局"], ["人行市分行", "国家金融监督管理总局市监管分局"], "2025年12月底前"),
    ("实施城市更新行动，完成老旧小区改造120个，同步推进加装电梯和停车设施建设。",
     ["市住房城乡建设局"], ["市自然资源和规划局", "市城管局"], "2025年10月底前"),
    ("推进城市地下综合管廊建设，新建管廊15公里，完善管廊运营维护管理制度。",
     None, ["市发展改革委", "市城管局"], "2026年12月底前"),
    ("开展城镇燃气管道老化更新改造，完成改造任务300公里，消除重大安全隐患。",
     None, ["市应急局", "市市场监管局"], "2025年底前"),
    ("加快构建现代综合交通运输体系，推进铁路专用线进企入园，大宗货物年运量150万吨以上的工矿企业和物流园区原则上接入铁路专用线或管道，"
     "提升大宗货物清洁运输比例；推动中短途运输优先采用新能源车辆，完善城市绿色货运配送网络，建设一批公铁联运和多式联运示范项目；"
     "健全运输结构调整工作调度机制，按月通报各地铁路和水路货运量完成情况，对工作滞后的地方进行约谈。",
     ["市交通运输局"], ["市发展改革委", "市生态环境局", "市商务局", "中国铁路郑州局集团有限公司"], "2025年12月底前"),
    ("推动工业园区循环化改造，实施园区污水集中处理设施提标改造，新建园区同步规划建设集中供热、集中喷涂等公共设施，"
     "开展园区综合能源服务试点，提高园区能源梯级利用和资源循环利用水平。",
     ["市发展改革委"], ["市工信局", "市生态环境局", "市水利局"], "2026年6月底前"),
    ("实施重点行业超低排放改造，水泥、焦化企业完成有组织和无组织超低排放改造，建立改造项目清单和进度台账。",
     ["市生态环境局"], ["市工信局", "市财政局"], "2025年9月底前"),
    ("开展质量品牌提升行动，培育“市长质量奖”企业10家，新增制定国家和行业标准30项。",
     ["市市场监管局"], ["市工信局", "市商务局"], "2025年11月底前"),
    ("加强工业用地保障，推行“标准地”出让，盘活低效闲置工业用地5000亩以上。",
     ["市自然资源和规划局"], ["市工信局", "市发展改革委", "各区县（市）政府"], "2025年12月底前"),
    ("实施制造业人才引育计划，引进高层次人才和急需紧缺人才1000名，建设高技能人才培训基地10个。",
     ["市人力资源社会保障局", "市委人才办"], ["市教育局", "市科技局"], "持续推进"),
    ("支持企业开拓国际市场，组织企业参加境内外重点展会50场以上，推动跨境电商综合试验区提质扩容。",
     ["市商务局"], ["郑州海关", "市贸促会"], "2025年12月底前"),
    ("强化安全生产监管，开展工贸行业重大事故隐患专项排查整治，建立隐患问题和整改责任清单。",
     ["市应急局"], ["市工信局", "市住房城乡建设局", "市消防救援支队"], "2025年8月底前"),
    ("建立任务落实督查考核机制，将重点任务完成情况纳入年度目标责任考核，每半年通报一次进展情况。",
     ["市政府督查室"], ["市委督查室", "市统计局"], "每半年"),
]
SPLIT_ROW = 6          # in tasktable.pdf the page break splits this row
TABLE_OUTRO = "各单位要加强协调配合，形成工作合力，确保各项任务按期完成。"


def table_rows():
    out = []
    lead = None
    for i, (task, ld, sup, dl) in enumerate(TABLE_ROWS, 1):
        if ld is not None:
            lead = ld
        out.append({"no": str(i), "task": task, "lead": list(lead), "support": list(sup), "deadline": dl,
                    "lead_merged": ld is None})
    return out


# --- reference notice ---------------------------------------------------------------------------
RE_H1 = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
RE_H2 = re.compile(r"^\(([一二三四五六七八九十]+)\)(.*)$")
RE_H3 = re.compile(r"^(\d+)\.(.*)$")


def notice_lines(corpus: Path) -> list[str]:
    text = (corpus / "zhengzhou_air_2024" / "text.txt").read_text("utf-8")
    return [ln for ln in text.split("\n") if ln.strip()]


def font_path() -> str:
    for p in FONT_CANDIDATES:
        if Path(p).exists():
            return p
    sys.exit("no CJK TrueType font: apt-get install fonts-wqy-zenhei")


# --- DOCX ---------------------------------------------------------------------------------------

def _numbering_xml_part(doc):
    """Add a multilevel list 一、 / (一) / 1. (level 3 never restarts) to the document's numbering."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>'
        '<w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>'
        '<w:lvlText w:val="(%2)"/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="decimal"/>'
        '<w:suff w:val="nothing"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl>'
        '</w:abstractNum>')
    # abstractNum elements must come before num elements
    first_num = numbering.find(f'{{{numbering.nsmap["w"]}}}num')
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _set_num(par, num_id: str, ilvl: int):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    ppr = par._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _cjk_font(run, name="宋体"):
    from docx.oxml.ns import qn
    run.font.name = name
    rpr = run._r.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    rfonts.set(qn("w:eastAsia"), name)


def make_notice_docx(lines: list[str], out: Path):
    import docx
    from docx.shared import Pt
    d = docx.Document()
    num_id = _numbering_xml_part(d)
    in_plan = False
    title_seen = 0
    for ln in lines:
        if ln.startswith("鄭州市空氣質量持續改善行動計劃"):
            title_seen += 1
            in_plan = True
        m1, m2, m3 = RE_H1.match(ln), RE_H2.match(ln), RE_H3.match(ln)
        p = d.add_paragraph()
        if in_plan and m1:
            _set_num(p, num_id, 0)
            body = m1.group(2)
        elif in_plan and m2:
            _set_num(p, num_id, 1)
            body = m2.group(2)
        elif in_plan and m3:
            _set_num(p, num_id, 2)
            body = m3.group(2)
        else:
            body = ln
        r = p.add_run(body)
        _cjk_font(r)
        r.font.size = Pt(12)
    d.core_properties.title = "鄭州市空氣質量持續改善行動計劃"
    d.save(out)


def make_table_docx(out: Path):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Cm, Pt
    d = docx.Document()
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.2)
    t = d.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _cjk_font(t.add_run(TABLE_TITLE), "黑体")
    for para in TABLE_INTRO * 3:            # enough text before the table that it crosses pages
        _cjk_font(d.add_paragraph().add_run(para))
    rows = table_rows()
    tbl = d.add_table(rows=1 + len(rows), cols=5)
    tbl.style = "Table Grid"
    widths = [Cm(1.2), Cm(7.4), Cm(2.8), Cm(3.6), Cm(2.4)]
    hdr = tbl.rows[0]
    hdr._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))   # repeat on each page
    for j, h in enumerate(TABLE_HEADER):
        hdr.cells[j].text = h
    merge_start = None
    for i, r in enumerate(rows, 1):
        cells = tbl.rows[i].cells
        cells[0].text = r["no"]
        cells[1].text = r["task"]
        if not r["lead_merged"]:
            # several lead units: one paragraph each (a real line break in the cell)
            cells[2].text = r["lead"][0]
            for u in r["lead"][1:]:
                cells[2].add_paragraph(u)
            merge_start = cells[2]
        else:
            merge_start = merge_start.merge(cells[2])
        if len(r["support"]) >= 4:
            cells[3].text = r["support"][0]
            for u in r["support"][1:]:
                cells[3].add_paragraph(u)
        else:
            cells[3].text = "、".join(r["support"])
        cells[4].text = r["deadline"]
    for row in tbl.rows:
        for j, c in enumerate(row.cells):
            c.width = widths[j]
            for p in c.paragraphs:
                for run in p.runs:
                    _cjk_font(run)
                    run.font.size = Pt(10.5)
    _cjk_font(d.add_paragraph().add_run(TABLE_OUTRO))
    d.save(out)


# --- HTML ---------------------------------------------------------------------------------------
NOISE_HEAD = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_政务公开_郑州市人民政府</title>
<style>.nav{{color:#c00}} body{{font-family:"宋体"}} /* 导航样式 重点任务 */</style>
<script type="text/javascript">var 栏目 = "政策文件"; document.write("<p>牽頭單位：脚本里的假单位</p>"); function share(){{ return "分享到微信"; }}</script>
</head><body>
<div id="header"><div class="logo">郑州市人民政府 门户网站</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zxft">在线访谈</a></li>
<li><a href="/hdjl">互动交流</a></li><li><a href="/bsfw">办事服务</a></li><li><a href="/zjzz">走进郑州</a></li></ul>
<div class="search"><input type="text" value="请输入关键词"/><button>搜索</button></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政策文件</div>
<table width="1000" align="center" cellpadding="0" cellspacing="0" class="layout"><tr>
<td width="220" valign="top" class="left"><div class="sidebar"><h3>相关链接</h3><ul><li><a href="#">国务院</a></li><li><a href="#">河南省人民政府</a></li><li><a href="#">市政府办公厅</a></li><li><a href="#">市发展和改革委员会</a></li></ul>
<h3>热点专题</h3><ul><li><a href="#">优化营商环境</a></li><li><a href="#">黄河流域生态保护和高质量发展</a></li></ul></div></td>
<td width="780" valign="top"><div class="article">
<h1 class="title">{title}</h1>
<div class="info">发布日期：2024-07-02 来源：市政府办公厅 字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>] <a href="javascript:window.print()">打印本页</a></div>
<div id="zoom"><div class="TRS_Editor">
"""
NOISE_TAIL = """</div></div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<script>var _hmt = _hmt || []; (function(){{ var hm = document.createElement("script"); hm.src = "https://example.invalid/hm.js"; }})(); /* 责任单位：统计代码 */</script>
</div></td></tr></table>
<div id="footer"><p>主办单位：郑州市人民政府办公厅　承办单位：郑州市大数据管理局</p>
<p>网站标识码：4101000001　豫ICP备05000000号　豫公网安备 41010000000000号</p><p>版权所有 郑州市人民政府 联系我们 网站地图</p></div>
<noscript>您的浏览器不支持脚本</noscript>
</body></html>
"""


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_notice_html(lines: list[str], out: Path, table: bool = True, charset: str = "gb18030"):
    body = []
    for i, ln in enumerate(lines):
        style = ' style="text-align:center"' if ln in ("鄭州市人民政府關于印發鄭州市空氣質量持續改善行動計劃的通知",
                                                      "鄭政〔2024〕8號", "鄭州市空氣質量持續改善行動計劃") else ""
        if RE_H1.match(ln) or RE_H2.match(ln):
            body.append(f"<p{style}><strong>{_esc(ln)}</strong></p>")
        elif ln in ("鄭州市人民政府", "2024年6月27日"):
            body.append(f'<p style="text-align:right">{_esc(ln)}</p>')
        elif i == 1:
            # a <br> inside a paragraph is a line break
            body.append(f"<p>{_esc(ln)}<br/>{_esc(lines[i + 1])}</p>")
        elif i == 2:
            continue
        else:
            body.append(f"<p{style}>　　{_esc(ln)}</p>")
    # a small data table after the notice (rowspan/colspan)
    if table:
        body.append('<p><strong>附件</strong></p><table border="1" class="data">'
                "<tr><td>序號</td><td>重點任務</td><td>牽頭單位</td><td>完成時限</td></tr>"
                '<tr><td colspan="4">一、優化產業結構</td></tr>'
                '<tr><td>1</td><td>嚴管嚴控“兩高”項目</td><td rowspan="2">市發展改革委<br>市工信局</td><td>2025年年底前</td></tr>'
                "<tr><td>2</td><td>加快淘汰落后低效產能</td><td>2024年年底前</td></tr>"
                "</table>")
    title = "鄭州市人民政府關于印發鄭州市空氣質量持續改善行動計劃的通知" if table else lines[0]
    html = NOISE_HEAD.format(title=_esc(title), charset=charset) + "\n".join(body) + NOISE_TAIL.format()
    out.write_bytes(html.encode(charset))     # a legacy charset declared in <meta>, as many sites do


def make_table_html(out: Path):
    rows = table_rows()
    h = ["<tr>" + "".join(f"<th>{x}</th>" for x in TABLE_HEADER) + "</tr>"]
    n = len(rows)
    i = 0
    while i < n:
        r = rows[i]
        span = 1
        while i + span < n and rows[i + span]["lead_merged"]:
            span += 1
        lead = "<br/>".join(r["lead"])
        sup = "<br/>".join(r["support"]) if len(r["support"]) >= 4 else "、".join(r["support"])
        rs = f' rowspan="{span}"' if span > 1 else ""
        h.append(f'<tr><td>{r["no"]}</td><td>{_esc(r["task"])}</td><td{rs}>{lead}</td><td>{sup}</td><td>{r["deadline"]}</td></tr>')
        for k in range(1, span):
            rk = rows[i + k]
            sup = "、".join(rk["support"])
            h.append(f'<tr><td>{rk["no"]}</td><td>{_esc(rk["task"])}</td><td>{sup}</td><td>{rk["deadline"]}</td></tr>')
        if i == 8:
            h.append('<tr><td colspan="5">二、交通和园区</td></tr>')   # a section row spanning the table
        i += span
    intro = "".join(f"<p>　　{p}</p>" for p in TABLE_INTRO)
    html = (NOISE_HEAD.format(title=TABLE_TITLE, charset="utf-8") + f'<p style="text-align:center">{TABLE_TITLE}</p>'
            + intro + '<table border="1" cellspacing="0" class="MsoTableGrid"><tbody>' + "\n".join(h)
            + f"</tbody></table><p>　　{TABLE_OUTRO}</p>" + NOISE_TAIL.format())
    out.write_text(html, "utf-8")


# --- PDF (reportlab) ----------------------------------------------------------------------------

def _reportlab_font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", font_path(), subfontIndex=0))
    return "WQY"


def _producer_spaces(s: str) -> str:
    """What some PDF producers do: a space between digits/Latin and Chinese characters."""
    s = re.sub(r"([0-9A-Za-z%.]+)(?=[\u4e00-\u9fff])", r"\1 ", s)
    return re.sub(r"(?<=[\u4e00-\u9fff])([0-9A-Za-z]+)", r" \1", s)


def _page_deco(header: str):
    def deco(canvas, doc):
        canvas.saveState()
        canvas.setFont("WQY", 9)
        w, h = doc.pagesize
        canvas.drawCentredString(w / 2, h - 40, header)
        canvas.setFont("WQY", 12)
        canvas.drawCentredString(w / 2, 36, f"— {doc.page} —")
        canvas.restoreState()
    return deco


def make_notice_pdf(lines: list[str], out: Path):
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    f = _reportlab_font()
    body = ParagraphStyle("b", fontName=f, fontSize=12, leading=20, firstLineIndent=24, alignment=TA_JUSTIFY,
                          wordWrap="CJK")
    head = ParagraphStyle("h", parent=body, firstLineIndent=0, alignment=TA_CENTER, fontSize=16, leading=26)
    right = ParagraphStyle("r", parent=body, firstLineIndent=0, alignment=TA_RIGHT)
    story = []
    for ln in lines:
        if ln in ("鄭州市人民政府關于印發鄭州市空氣質量持續改善行動計劃的通知", "鄭州市空氣質量持續改善行動計劃"):
            st = head
        elif ln in ("鄭政〔2024〕8號",):
            st = ParagraphStyle("c", parent=head, fontSize=12)
        elif ln in ("鄭州市人民政府", "2024年6月27日"):
            st = right
        else:
            st = body
        story.append(Paragraph(_esc(_producer_spaces(ln)), st))
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=72, rightMargin=72, topMargin=72, bottomMargin=72,
                            title="鄭州市空氣質量持續改善行動計劃", author="policy-extractor fixtures")
    deco = _page_deco("鄭州市人民政府文件")
    doc.build(story, onFirstPage=deco, onLaterPages=deco)


def make_table_pdf(out: Path):
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
    f = _reportlab_font()
    body = ParagraphStyle("b", fontName=f, fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=f, fontSize=10.5, leading=14, wordWrap="CJK")
    ccell = ParagraphStyle("cc", parent=cell, alignment=TA_CENTER)
    title = ParagraphStyle("t", parent=body, firstLineIndent=0, alignment=TA_CENTER, fontSize=16, leading=26)
    rows = table_rows()
    hdr = [Paragraph(h, ccell) for h in TABLE_HEADER]

    def row_cells(r, task=None, sup=None, lead=True, deadline=True, no=True):
        ld = "<br/>".join(r["lead"]) if lead and not r["lead_merged"] else ""
        if sup is None:
            sup = "<br/>".join(r["support"]) if len(r["support"]) >= 4 else "、".join(r["support"])
        return [Paragraph(r["no"] if no else "", ccell), Paragraph(_esc(_producer_spaces(task or r["task"])), cell),
                Paragraph(ld, cell), Paragraph(sup, cell),
                Paragraph(_producer_spaces(r["deadline"]) if deadline else "", cell)]

    # The page break splits row SPLIT_ROW as Word/WPS do: the first page keeps the number, the start of the
    # task and of the support units, the next page repeats the header and continues the row with an
    # empty 序号 cell.
    k = SPLIT_ROW - 1
    r = rows[k]
    cut = r["task"].index("，", 10) + 1
    sup = "、".join(r["support"])
    scut = sup.index("国家金融监督") + len("国家金融监督")
    part1 = [hdr] + [row_cells(x) for x in rows[:k]] + [row_cells(r, task=r["task"][:cut], sup=sup[:scut])]
    part2 = [hdr] + [row_cells(r, task=r["task"][cut:], sup=sup[scut:], lead=False, deadline=False, no=False)] + \
        [row_cells(x) for x in rows[k + 1:]]

    def style_for(data, first_row_no):
        st = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        start = None
        for i in range(1, len(data)):
            no = first_row_no + i - 1
            merged = 0 < no <= len(rows) and rows[no - 1]["lead_merged"]
            if merged and start is None:
                start = i - 1
            if start is not None and (not merged or i == len(data) - 1):
                st.append(("SPAN", (2, start), (2, i if merged else i - 1)))
                start = None
        return TableStyle(st)

    widths = [32, 190, 82, 110, 66]
    t1 = Table(part1, colWidths=widths, style=style_for(part1, 1))
    t2 = Table(part2, colWidths=widths, style=style_for(part2, SPLIT_ROW), repeatRows=1)
    story = [Paragraph(TABLE_TITLE, title)] + [Paragraph(_producer_spaces(p), body) for p in TABLE_INTRO * 2] + \
        [t1, PageBreak(), t2, Paragraph(TABLE_OUTRO, body)]
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=72, rightMargin=72, topMargin=72, bottomMargin=72,
                            title=TABLE_TITLE)
    deco = _page_deco(TABLE_TITLE)
    doc.build(story, onFirstPage=deco, onLaterPages=deco)


def soffice_pdf(src: Path, out: Path) -> bool:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        return False
    with tempfile.TemporaryDirectory() as td:
        r = subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{td}/profile", "--convert-to", "pdf",
                            "--outdir", td, str(src)], capture_output=True, timeout=180)
        produced = Path(td) / (src.stem + ".pdf")
        if r.returncode or not produced.exists():
            print("soffice failed:", r.stderr.decode(errors="replace")[-500:], file=sys.stderr)
            return False
        shutil.copy(produced, out)
    return True


# --- bad PDFs -----------------------------------------------------------------------------------

def _raw_pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF from object bodies (object 1 must be the catalog)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, body in enumerate(objects, 1):
        offs.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    x = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for o in offs:
        out.write(b"%010d 00000 n \n" % o)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, x))
    return out.getvalue()


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    z = zlib.compress(content)
    return b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(z), extra) + z + b"\nendstream"


def make_scanned_pdf() -> bytes:
    """Two pages, each only an image (a grey 'scan'), no text."""
    w, h = 200, 280
    pix = bytes((200 + (x * y) % 50) for y in range(h) for x in range(w))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>"]
    img = _stream(pix, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8" % (w, h))
    content = _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q")
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 7 0 R >> >> /Contents %d 0 R >>"
    objs += [page % 4, content, page % 6, content, img]
    return _raw_pdf(objs)


def make_garbled_pdf() -> bytes:
    """A text layer whose ToUnicode maps every glyph to a private-use code point (a broken CJK font)."""
    codes = list(range(0x21, 0x7f))
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Garbled def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n")
    chunks = [codes[i:i + 90] for i in range(0, len(codes), 90)]
    for ch in chunks:
        cmap += f"{len(ch)} beginbfchar\n" + "".join(f"<{c:02X}> <{0xE000 + c:04X}>\n" for c in ch) + "endbfchar\n"
    cmap += "endcmap CMapName currentdict /CMap defineresource pop end end"
    lines = []
    for k in range(30):
        s = "".join(chr(codes[(k * 7 + j * 3) % len(codes)]) for j in range(40)).replace("\\", "").replace("(", "").replace(")", "")
        lines.append(f"BT /F1 11 Tf 60 {780 - k * 22} Td ({s}) Tj ET")
    content = _stream("\n".join(lines).encode("latin-1"))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            content,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            _stream(cmap.encode())]
    return _raw_pdf(objs)


def make_encrypted_pdf(out: Path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas
    f = _reportlab_font()
    enc = pdfencrypt.StandardEncryption("secret-user", "secret-owner", canPrint=0)
    c = canvas.Canvas(str(out), encrypt=enc)
    c.setFont(f, 12)
    c.drawString(72, 760, "牵头单位：市发展改革委（加密文件）")
    c.showPage()
    c.save()


# --- main ---------------------------------------------------------------------------------------

def measure_pages(pdf: Path, probes: list[str]) -> dict[str, int]:
    """Page of each probe string, measured with pdfplumber (independent of the loader under test)."""
    import pdfplumber
    found = {}
    with pdfplumber.open(pdf) as doc:
        texts = [re.sub(r"\s+", "", p.extract_text() or "") for p in doc.pages]
    for pr in probes:
        key = re.sub(r"\s+", "", pr)
        pages = [i + 1 for i, t in enumerate(texts) if key in t]
        if len(pages) == 1:
            found[pr] = pages[0]
    return found


def split_rows(pdf: Path) -> list[int]:
    """The table rows that a page break splits: the task text starts on one page and ends on the next
    (measured with pdfplumber on the 重点任务 column, independently of the loader)."""
    import pdfplumber
    cols = []
    with pdfplumber.open(pdf) as doc:
        for p in doc.pages:
            txt = ""
            for t in p.find_tables():
                x0, top, x1, bottom = t.bbox
                hits = [h for h in p.search("重点任务") if h["top"] >= top - 1 and h["bottom"] <= bottom + 1]
                for c in t.cells:
                    if hits and c[0] <= hits[0]["x0"] and c[2] >= hits[0]["x1"]:
                        txt = p.crop((c[0], top, c[2], bottom)).extract_text() or ""
                        break
            cols.append(re.sub(r"\s+", "", txt))
    out = []
    for r in table_rows():
        t = re.sub(r"\s+", "", r["task"])
        ph = [i for i, x in enumerate(cols) if t[:6] in x]
        pt = [i for i, x in enumerate(cols) if t[-6:] in x]
        if ph and pt and ph[0] != pt[-1]:
            out.append(int(r["no"]))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--out", default=str(ROOT / "tests" / "fixtures"))
    ap.add_argument("--no-soffice", action="store_true")
    a = ap.parse_args(argv)
    corpus, out = Path(a.corpus), Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    lines = notice_lines(corpus)
    shutil.copy(corpus / "zhengzhou_air_2024" / "text.txt", out / "zhengzhou.txt")
    make_notice_docx(lines, out / "zhengzhou.docx")
    make_notice_html(lines, out / "zhengzhou.html")
    make_notice_pdf(lines, out / "zhengzhou.pdf")
    probes = [ln[:30] for ln in lines if len(ln) >= 30] + ["牽頭單位:市資源規劃局"]
    pages = measure_pages(out / "zhengzhou.pdf", [re.sub(r"(\d)([\u4e00-\u9fff])", r"\1 \2", p) for p in probes])
    expected = {"source": "corpus/zhengzhou_air_2024/text.txt",
                "pages": {re.sub(r"(?<=\d) (?=[\u4e00-\u9fff])", "", k): v for k, v in pages.items()},
                "table_rows": [["序號", "重點任務", "牽頭單位", "完成時限"],
                               ["1", "嚴管嚴控“兩高”項目", "市發展改革委、市工信局", "2025年年底前"],
                               ["2", "加快淘汰落后低效產能", "市發展改革委、市工信局", "2024年年底前"]]}
    (out / "zhengzhou_expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1), "utf-8")

    make_table_docx(out / "tasktable.docx")
    make_table_html(out / "tasktable.html")
    make_table_pdf(out / "tasktable.pdf")
    tx = {"header": TABLE_HEADER, "rows": table_rows(), "split_rows": {"tasktable.pdf": split_rows(out / "tasktable.pdf")}}
    if not a.no_soffice and soffice_pdf(out / "tasktable.docx", out / "tasktable_lo.pdf"):
        tx["split_rows"]["tasktable_lo.pdf"] = split_rows(out / "tasktable_lo.pdf")
    (out / "tasktable_expected.json").write_text(json.dumps(tx, ensure_ascii=False, indent=1), "utf-8")

    (out / "bad_scanned.pdf").write_bytes(make_scanned_pdf())
    (out / "bad_garbled.pdf").write_bytes(make_garbled_pdf())
    make_encrypted_pdf(out / "bad_encrypted.pdf")
    full = (out / "zhengzhou.pdf").read_bytes()
    (out / "bad_truncated.pdf").write_bytes(full[: len(full) // 3])
    total = 0
    for p in sorted(out.iterdir()):
        total += p.stat().st_size
        print(f"{p.stat().st_size:>9}  {p.name}")
        if p.stat().st_size > 300_000:
            print(f"warning: {p.name} is above 300 KB", file=sys.stderr)
    print(f"{total:>9}  total")


if __name__ == "__main__":
    main()
