"""Metadata read from flattened, OCR'd notices (fixtures written for these tests, no real text):
each family of header errors seen on real scans, asserted in Simplified and in Traditional."""
import pytest

from extractor.normalise import to_script
from extractor.pipeline import extract_text


def _meta(text: str, script: str) -> dict:
    src = text if script == "simplified" else to_script(text, "traditional")
    doc = extract_text(src, include_text=False)
    meta = doc["metadata"]
    if script == "traditional":        # compare in Simplified: values keep the source's script
        meta = {k: (to_script(v, "simplified") if isinstance(v, str) else v) for k, v in meta.items()}
    return meta


# letterhead words glued before the number: company name, circulation mark, urgency, 明电
LETTERHEAD = [
    pytest.param("华青水务集团有限公司加急办综函〔2023〕17号关于调整年度检修窗口的通知各分公司，各直属单位:"
     "经研究，年度检修窗口调整如下。一、各分公司于5月10日前报送检修计划。二、各直属单位做好配合。"
     "华青水务集团办公室2023年4月20日", "办综函〔2023〕17号", id="company-urgency"),
    pytest.param("内部事项办档函〔2022〕9号南岭电网办公室关于报送档案目录的通知各单位:请于3月1日前报送档案目录。"
     "南岭电网办公室2022年2月8日", "办档函〔2022〕9号", id="circulation-mark"),
    pytest.param("等级特急·明电东川政办发明电〔2021〕4号东川市人民政府办公厅关于做好寒潮防范工作的通知各区县人民政府:"
     "近日寒潮来袭，请各地做好防范。东川市人民政府办公厅2021年1月6日", "东川政办发明电〔2021〕4号", id="telegram-mark"),
]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("text,number", LETTERHEAD)
def test_letterhead_words_are_not_part_of_the_document_number(text, number, script):
    meta = _meta(text, script)
    assert to_script(meta["doc_number"], "simplified") == number


# an attachment's title, a contact line or a disclosure mark glued before a run-on signature (a
# flattened scan: one line of more than 200 characters, the filler said twice)
_FILL = ("各单位要明确专人负责，按时报送材料，确保数据真实准确、口径统一，不得漏报、迟报或者虚报；对工作中"
         "遇到的困难和问题，要及时沟通协调，重大情况第一时间报告，切实把各项要求落到实处。")
SIGNATURE = [
    pytest.param("北原市绿化委员会关于报送植树造林进度的通知各县区林业局:请于4月30日前报送本年度植树进度。" + _FILL * 2 +
                 "附件:植树进度汇总表北原市林业局2022年4月2日", "北原市林业局", id="attachment-form"),
    pytest.param("西江省交通运输厅关于召开春运工作会议的通知各市交通运输局:定于1月10日召开春运工作会议。" + _FILL * 2 +
                 "附件:1.参会回执2.入场凭证西江省交通运输厅办公室2023年1月3日", "西江省交通运输厅办公室",
                 id="reply-slip"),
    pytest.param("东坡县人民政府关于做好防汛值守的通知各乡镇人民政府:汛期将至，请落实值守。" + _FILL * 2 +
                 "附件:防汛值班联系人东坡县人民政府办公室2021年6月1日", "东坡县人民政府办公室", id="contact"),
]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("text,issuer", SIGNATURE)
def test_attachment_titles_are_not_part_of_the_issuer(text, issuer, script):
    meta = _meta(text, script)
    assert [to_script(i, "simplified") for i in meta["issuers"]] == [issuer]
    assert meta["date"] is not None


# header chrome glued before the issuer that opens the title line (a flattened scan's first page)
TITLE = [
    pytest.param("南岭电网有限公司内部事项南岭电网物资部关于开展仓储物资盘点工作的通知各分公司:"
                 "请于6月底前完成仓储物资盘点。" + _FILL * 2 + "南岭电网物资部2022年5月9日",
                 "南岭电网物资部关于开展仓储物资盘点工作的通知", id="circulation-mark"),
    pytest.param("东川市委办公厅等级特急·明电东机发317号中共东川市委办公厅关于召开全市防汛工作会议的通知"
                 "各区县党委:定于7月2日召开全市防汛工作会议。" + _FILL * 2 + "中共东川市委办公厅2023年6月28日",
                 "中共东川市委办公厅关于召开全市防汛工作会议的通知", id="dispatch-number"),
    pytest.param("北原市应急管理局公文稿纸应急协调科0310-6612XXXX关于开展汛前隐患排查的通知各县区应急管理局:"
                 "请于5月底前完成汛前隐患排查。" + _FILL * 2 + "北原市应急管理局2022年4月12日",
                 "关于开展汛前隐患排查的通知", id="draft-sheet-phone"),
    pytest.param("西江省协作办公室文件关于做好对口协作项目申报的通知各市协作办:请于3月10日前报送项目。" + _FILL * 2 +
                 "西江省协作办公室2021年2月20日", "关于做好对口协作项目申报的通知", id="letterhead-file"),
]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("text,title", TITLE)
def test_header_chrome_is_not_part_of_the_title(text, title, script):
    meta = _meta(text, script)
    assert to_script(meta["notice_title"], "simplified") == title


# an upward document (报告, 请示): its own title line is the notice's title, not a plan's; the
# redacted signer (签发人：XXX) printed above it is not part of it
UPWARD = [
    pytest.param("北原供水有限公司文件北水发〔2022〕12号签发人：XXX北原供水有限公司关于管网改造资金安排的请示"
                 "北原市财政局:" + _FILL * 2 + "北原供水有限公司2022年3月8日",
                 "北原供水有限公司关于管网改造资金安排的请示", id="request"),
    pytest.param("西江能源集团文件西能发〔2023〕5号签发人：XXX西江能源集团关于上半年安全生产情况的报告"
                 "西江省国资委:" + _FILL * 2 + "西江能源集团2023年7月3日",
                 "西江能源集团关于上半年安全生产情况的报告", id="report"),
]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("text,title", UPWARD)
def test_an_upward_document_title_is_the_notice_title(text, title, script):
    meta = _meta(text, script)
    assert to_script(meta["notice_title"], "simplified") == title
    assert meta["title"] is None


# the signature of a flattened notice that closes the text: a signer ending in 组 / 馆 / 协 or in
# (代章), or a notice longer than the first search window
CLOSING = [
    pytest.param("北原市防汛抗旱指挥部关于加强汛期值守的通知各县区防指:" + _FILL * 2 +
                 "北原市防汛抗旱工作领导小组2022年6月3日(此件发至县级)", "2022-06-03", id="group"),
    pytest.param("西江省档案馆关于开展馆藏档案普查的通知各市档案馆:" + _FILL * 2 +
                 "西江省档案馆2021年9月14日", "2021-09-14", id="archive"),
    pytest.param("东坡县交通运输局关于做好春运安全的通知各乡镇:" + _FILL * 2 +
                 "东坡县春运工作专班（代章）2023年1月5日（联系人：XXX）", "2023-01-05", id="seal"),
    pytest.param("南岭市发展和改革委员会关于印发年度重点项目清单的通知各区县发展改革局:" + _FILL * 40 +
                 "南岭市发展和改革委员会2024年2月20日", "2024-02-20", id="long-notice"),
]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("text,date", CLOSING)
def test_a_closing_signature_gives_the_date(text, date, script):
    assert _meta(text, script)["date"] == date


def test_a_dated_sentence_in_the_body_is_not_a_closing_signature():
    text = ("北原市水利局关于报送水毁工程修复进度的通知各县区水利局:" + _FILL * 2 +
            "请于2022年7月15日前报送修复进度。")
    assert _meta(text, "simplified")["date"] is None


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_print_line_is_not_the_signature(script):
    text = ("南岭市总工会关于开展职工技能竞赛的通知各区县总工会:" + _FILL * 2 +
            "南岭市总工会党组2022年4月6日(此件发至区县)抄送:市人社局。南岭市总工会办公室2022年4月8日印发")
    meta = _meta(text, script)
    assert meta["date"] == "2022-04-06"
    assert [to_script(i, "simplified") for i in meta["issuers"]] == ["南岭市总工会党组"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_print_line_alone_still_dates_the_notice(script):
    text = ("南岭市总工会关于开展职工技能竞赛的通知各区县总工会:" + _FILL * 2 +
            "抄送:市人社局。南岭市总工会办公室2022年4月8日印发")
    assert _meta(text, script)["date"] == "2022-04-08"


# a qualified notice (紧急通知, 预通知, 补充通知) ends its title like a plain one: the recipients after it
# are not glued to it
QUALIFIED = [
    pytest.param("紧急", id="urgent"), pytest.param("预", id="advance"), pytest.param("补充", id="supplementary"),
]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("kind", QUALIFIED)
def test_a_qualified_notice_title_ends_before_the_recipients(kind, script):
    text = ("北原市应急管理局关于做好强降雨防范工作的" + kind + "通知各县区应急管理局，市直有关单位:" + _FILL * 2 +
            "北原市应急管理局2022年7月1日")
    meta = _meta(text, script)
    assert to_script(meta["notice_title"], "simplified") == "北原市应急管理局关于做好强降雨防范工作的" + kind + "通知"
    assert [to_script(r, "simplified") for r in meta["recipients"]] == ["各县区应急管理局", "市直有关单位"]


# a title the head did not read (a draft sheet's repeated title, a transmitted document's title) glued
# before the recipients: the recipients start after its tail
@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("head", [
    pytest.param("北原市发展和改革委员会公文稿纸关于加强粮食储备管理的意见(征求意见稿)", id="draft-mark"),
    pytest.param("北原市发展和改革委员会关于商请会签《关于加强粮食储备管理的通知》的函", id="letter"),
])
def test_a_glued_title_is_not_a_recipient(head, script):
    text = head + "市财政局、市粮食和储备局、农发行北原分行:" + _FILL * 2 + "北原市发展和改革委员会2021年5月6日"
    meta = _meta(text, script)
    assert [to_script(r, "simplified") for r in meta["recipients"]] == ["市财政局", "市粮食和储备局", "农发行北原分行"]


# flattened text: the plan's own title is where its attachment begins, written a little differently
# from the notice's citation of it (OCR: a dash lost, a quote turned); the plan title is that heading
@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_plan_title_is_the_attachment_heading(script):
    text = ("北原市水务局关于印发《北原市节水型城市建设三年行动方案(20222024年)》的通知各县区水务局:"
            "现将《北原市节水型城市建设三年行动方案(2022-2024年)》印发给你们，请认真贯彻落实。" + _FILL * 2 +
            "附件:北原市节水型城市建设三年行动方案北原市水务局2022年3月1日"
            "附件北原市节水型城市建设三年行动方案(2022一2024年)为建设节水型城市，制定本方案。一、总体要求")
    meta = _meta(text, script)
    assert to_script(meta["title"], "simplified") == "北原市节水型城市建设三年行动方案(2022一2024年)"


def test_another_attachment_that_opens_alike_is_not_the_plan_title():
    text = ("北原市应急管理局关于印发《北原市地铁运营突发事件应急预案》的通知各县区应急管理局:" + _FILL * 2 +
            "北原市应急管理局2022年3月1日附件北原市地铁运营突发事件应急指挥部成员单位职责市委宣传部负责新闻发布。")
    meta = _meta(text, "simplified")
    assert meta["title"] == "北原市地铁运营突发事件应急预案"


def test_letterhead_rules_are_validated_data(tmp_path):
    from extractor.errors import DataFileError
    from extractor.structure.metadata import letterhead_file
    data = letterhead_file()
    assert data.chrome and data.signature_cut and data.title_cut
    assert all(r.id and r.example and r.meaning for r in data.chrome + data.signature_cut + data.title_cut)
    bad = tmp_path / "letterhead.toml"
    bad.write_text('[[chrome]]\nid = "x"\npattern = "(公司"\nexample = "e"\nmeaning = "m"\n', "utf-8")
    with pytest.raises(DataFileError) as err:
        letterhead_file(str(bad))
    assert str(bad) in str(err.value)


# upward documents whose title ends in 汇报 / 建议 / 复函 / 纪要: the title line is the notice's; a plan
# it names is its subject, not a plan it issues
@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("title", [
    pytest.param("关于北原水务公司管网改造进展情况的汇报", id="report"),
    pytest.param("北原水务公司关于调整供水价格的建议", id="proposal"),
    pytest.param("北原水务公司关于西江燃气公司工作联系函的复函", id="reply"),
    pytest.param("关于《北原市节水行动方案》落实情况的汇报", id="report-on-plan"),
])
def test_upward_titles(title, script):
    text = title + "一、基本情况" + _FILL * 2 + "二、下一步工作" + _FILL
    meta = _meta(text, script)
    if script == "traditional":         # 复函 -> 覆函 -> 覆函: the round trip keeps the variant
        title = to_script(to_script(title, "traditional"), "simplified")
    assert to_script(meta["notice_title"], "simplified") == title
    assert meta["title"] is None
    assert meta["recipients"] == []


def test_a_report_heard_in_minutes_is_not_the_title():
    text = ("北原水务公司办公会议纪要〔2022〕3号北原水务公司会议听取了管网部关于管网改造进展情况的汇报，"
            "会议认为" + _FILL * 2)
    assert _meta(text, "simplified")["notice_title"] is None


# a plan without a covering notice, flattened: its title glued to its first sentence or heading
@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("text,title", [
    pytest.param("北原水务公司智慧水表推广应用工作方案为贯彻落实市政府关于智慧城市建设的部署，特制定本方案。" + _FILL * 2,
                 "北原水务公司智慧水表推广应用工作方案", id="sentence"),
    pytest.param("附件22023年北原市供水管网改造专项行动实施方案一、工作目标" + _FILL * 2,
                 "2023年北原市供水管网改造专项行动实施方案", id="attachment-heading"),
])
def test_a_flattened_plan_title(text, title, script):
    meta = _meta(text, script)
    assert to_script(meta["title"], "simplified") == title
    assert meta["notice_title"] is None


def test_a_body_sentence_is_not_a_recipients_line():
    text = ("北原水务公司供水保障工作方案根据《北原市供水条例》、《北原市节约用水办法》有关规定，结合实际，"
            "制定方案如下:" + _FILL * 2)
    assert _meta(text, "simplified")["recipients"] == []


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_date_that_ends_the_text_signs_it(script):
    text = ("北原市财政厅关于做好会计人员继续教育的通知各县区财政局:" + _FILL * 2 +
            "北原市财政2021年2月25日\n")                   # (OCR lost the signer's last character)
    meta = _meta(text, script)
    assert meta["date"] == "2021-02-25"
    assert [to_script(i, "simplified") for i in meta["issuers"]] == ["北原市财政厅"]    # the title's


def test_a_sentence_date_at_the_end_is_not_a_signature():
    text = ("北原市财政厅关于做好会计人员继续教育的通知各县区财政局:" + _FILL * 2 +
            "继续教育记录由市财政厅统一登记，截止时间为2021年12月31日")
    assert _meta(text, "simplified")["date"] is None
