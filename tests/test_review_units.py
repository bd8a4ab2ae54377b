"""Unit names in running text met in the output review of real notices (review-units): a heading
glued to the unit that opens its item, 所需 read as a unit ending in 所, a verb listed before the
units another unit organises or guides. Notices written for these tests; both scripts."""
from __future__ import annotations

import pytest

from extractor.normalise import normalise, to_script
from extractor.pipeline import extract_text

SCRIPTS = ["simplified", "traditional"]
HEAD = ("关于印发某县防汛应急预案的通知\n各乡镇人民政府，县直有关单位：\n现将预案印发给你们，请认真执行。\n"
        "某县人民政府\n2023年5月8日\n某县防汛应急预案\n")


def conv(s, script):
    return s if script == "simplified" else to_script(s, "traditional")


def roles(body, script):
    doc = extract_text(conv(HEAD + body, script), segmenter="none")
    return [(t["number"], sorted((normalise(r["unit"]).text, r["role"]) for r in t["responsibilities"]))
            for t in doc["tasks"]]


@pytest.mark.parametrize("script", SCRIPTS)
def test_heading_glued_to_the_unit_that_opens_the_item(script):
    # the line break after each short heading is lost: "4.1物资保障" runs into "应急管理部门要…"
    got = roles("4.保障措施\n"
                "4.1物资保障应急管理部门要储备抢险物资，县水利局牵头做好调度。\n"
                "4.2宣传培训教育部门要组织学校开展防汛演练，县气象局配合。\n"
                "4.3职责分工公司工程部负责堤防巡查，县农业农村局配合。\n", script)
    assert got == [
        ("4.1", [("县水利局", "lead"), ("应急管理部门", "responsible")]),
        ("4.2", [("县气象局", "support"), ("教育部门", "responsible")]),
        ("4.3", [("公司工程部", "responsible"), ("县农业农村局", "support")]),
    ]


@pytest.mark.parametrize("script", SCRIPTS)
def test_suo_xu_is_no_unit_and_listed_verbs_are_no_names(script):
    got = roles("一、工作措施\n"
                "（一）县水利局牵头，组织、指导各乡镇水利站做好堤坝检查。\n"
                "（二）县交通运输局负责调配转移群众和运送抢险物资所需的车辆，县公安局配合。\n"
                "（三）县应急管理局牵头，组织各村委会向群众进行避险宣传。\n", script)
    assert got == [
        ("一", [("县水利局", "lead"), ("各乡镇水利站", "support")]),
        ("二", [("县交通运输局", "responsible"), ("县公安局", "support")]),
        ("三", [("县应急管理局", "lead"), ("各村委会", "support")]),
    ]


@pytest.mark.parametrize("script", SCRIPTS)
def test_yingji_opens_no_modal_in_a_sentence_subject(script):
    # 应急 inside a name is no modal 应: the whole name is the subject, not "各级" or "县财政局、县"
    got = roles("三、应急处置\n"
                "（一）县水利局牵头，县公安局配合，做好群众转移。\n"
                "（二）各级应急指挥机构要及时启动响应。\n"
                "（三）县财政局、县应急管理局要保障救灾资金。\n", script)
    assert got == [
        ("一", [("县公安局", "support"), ("县水利局", "lead")]),
        ("二", [("各级应急指挥机构", "responsible")]),
        ("三", [("县应急管理局", "responsible"), ("县财政局", "responsible")]),
    ]


@pytest.mark.parametrize("script", SCRIPTS)
def test_general_part_of_an_emergency_plan_holds_no_tasks(script):
    doc = extract_text(conv(HEAD + "1.总则\n1.1编制目的\n为规范全县防汛工作，保障群众安全，制定本预案。\n"
                            "1.2事件分级\n（1）一般汛情：降雨量达到50毫米。\n（2）较大汛情：降雨量达到100毫米。\n"
                            "2.应急响应\n2.1县水利局负责发布汛情预警，县气象局配合。\n"
                            "2.2县交通运输局负责抢险车辆调度。\n3.术语和定义\n本预案所称汛期，是指每年6月至9月。\n", script), segmenter="none")
    assert [t["number"] for t in doc["tasks"]] == ["2.1", "2.2"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_organise_pattern_stops_at_you(script):
    # 党组织 is no verb "组织 X to do": "书记人选由各乡镇党(工)委" is a clause, not a unit name
    got = roles("一、工作措施\n（一）县民政局牵头，村党组织书记人选由各乡镇党(工)委进行考察。\n", script)
    assert got == [("一", [("县民政局", "lead")])]


@pytest.mark.parametrize("script", SCRIPTS)
def test_meeting_venue_and_matters_for_decision_are_no_tasks(script):
    meeting = ("关于召开某县防汛工作会议的通知\n各乡镇人民政府，县直有关单位：\n定于6月3日召开会议，现将有关事项通知如下：\n"
               "一、会议时间\n6月3日上午9:00\n二、召开形式和地点\n1.形式：视频会议\n2.地点：主会场设在县政府三楼会议室，"
               "各乡镇设分会场\n三、工作安排\n（一）县水利局负责汇报汛前准备情况。\n某县人民政府办公室\n2023年6月1日\n")
    doc = extract_text(conv(meeting, script), segmenter="none")
    assert [t["number"] for t in doc["tasks"]] == ["一"] and doc["tasks"][0]["section_id"] is not None
    report = ("关于县防汛物资储备库建设有关情况的报告\n一、基本情况\n储备库已完成选址，建设资金已落实。\n"
              "二、需要县政府常务会议决策事项\n提请审议储备库建设方案。妥否，请审议。\n")
    doc = extract_text(conv(report, script), segmenter="none")
    assert doc["tasks"] == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_party_committee_and_government_of_one_place_are_one_unit(script):
    # "各县党委、政府": 政府 alone is no whole name; the pair is kept as written (ANNOTATION: keep names
    # as written); with its own level (县委、县政府) or after 和 the names stay apart
    got = roles("一、工作措施\n（一）加固堤防。（县水利局牵头，各乡镇党委、政府负责）\n"
                "（二）转移群众。（县委、县政府负责）\n", script)
    assert got == [
        ("一", [("县水利局", "lead"), ("各乡镇党委、政府", "responsible")]),
        ("二", [("县委", "responsible"), ("县政府", "responsible")]),
    ]


@pytest.mark.parametrize("script", SCRIPTS)
def test_requirements_item_whose_sentence_subject_is_a_unit_is_a_task(script):
    # a notice that assigns work only in running text: an item under 工作要求 whose sentence opens
    # with a unit and its verb (将, 积极) is a task, as items naming units by 牵头/要 are
    got = roles("一、工作措施\n（一）清理河道。县水利局牵头，县财政局配合，6月底前完成。\n"
                "二、工作要求\n（一）加强督查。县委督查室将各乡镇落实情况纳入年度考评。\n"
                "（二）加强宣传。各乡镇积极宣传防汛知识。\n", script)
    assert got == [
        ("一", [("县水利局", "lead"), ("县财政局", "support")]),
        ("一", [("县委督查室", "responsible")]),
        ("二", [("各乡镇", "responsible")]),
    ]


@pytest.mark.parametrize("script", SCRIPTS)
def test_background_of_a_report_holds_no_tasks_and_chu_yu_is_no_unit(script):
    # under 基本情况 running text reports what was done: no task; "…公司指标处于…" names no 处
    report = ("关于县防汛物资储备工作的报告\n一、基本情况\n（一）项目建设。县水投公司、县城投公司分别建设了两座储备库。\n"
              "（二）指标对比。县水投公司指标处于全市前列，县城投公司指标处于全市中游。\n"
              "二、下一步工作\n（一）完善制度。县水利局牵头，县应急管理局配合，9月底前修订储备制度。\n")
    doc = extract_text(conv(report, script), segmenter="none")
    got = [(t["number"], sorted((normalise(r["unit"]).text, r["role"]) for r in t["responsibilities"]))
           for t in doc["tasks"]]
    assert got == [("一", [("县应急管理局", "support"), ("县水利局", "lead")])]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_verb_inside_a_subject_is_no_name(script):
    # "县质检中心汇总公司在用设备…": 汇总 is the verb; "县质检中心汇总公司" is no unit
    got = roles("一、工作措施\n（一）县水利局牵头，县财政局配合，做好堤坝检查。\n"
                "（二）检查发现问题及时上报。县质检中心汇总公司在用设备的检查记录。县水务公司要在7月底前完成整改。\n", script)
    assert got == [
        ("一", [("县水利局", "lead"), ("县财政局", "support")]),
        ("二", [("县水务公司", "responsible")]),
    ]


@pytest.mark.parametrize("script", SCRIPTS)
def test_table_of_contents_run_together_in_flat_text_is_no_outline(script):
    # OCR text without line breaks: the contents list (heading, dot leader, page number between
    # dashes read as 一) runs into the plan; its entries are not items, the plan's own are
    toc = ("目录1应急响应................................一3-1.1先期处置..............................一3-"
           "1.2响应措施...……，.......……，.............一4-2保障措施..............................一5-")
    body = ("1应急响应1.1先期处置县水利局负责组织先期处置，县公安局配合维护现场秩序。"
            "1.2响应措施县应急管理局负责启动应急响应，县卫生健康局配合开展医疗救治。"
            "2保障措施2.1物资保障县发展改革局负责储备救灾物资。")
    text = ("关于印发某县防汛应急预案的通知各乡镇人民政府，县直有关单位：现将预案印发给你们，请认真执行。"
            "某县人民政府2023年5月8日某县防汛应急预案" + toc + body)
    doc = extract_text(conv(text, script), segmenter="none")
    got = [(t["number"], sorted((normalise(r["unit"]).text, r["role"]) for r in t["responsibilities"]))
           for t in doc["tasks"]]
    assert got == [
        ("1.1", [("县公安局", "support"), ("县水利局", "responsible")]),
        ("1.2", [("县卫生健康局", "support"), ("县应急管理局", "responsible")]),
        ("2.1", [("县发展改革局", "responsible")]),
    ]
