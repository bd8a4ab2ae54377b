"""Layouts of the genre that earlier tests did not cover, each on a notice written for this test,
in Simplified and in Traditional script: a plan title line that adds its period in brackets, a
Taiwan letter (函: 受文者 / 主旨 / 说明 / 正本 / 副本) that transmits a plan, an annex that is only a
task list, a goal's metric without its item marker, and a task table broken by a page number."""
from __future__ import annotations

import pytest

from extractor.normalise import to_script
from extractor.pipeline import extract_text

SCRIPTS = ["simplified", "traditional"]


def _run(text: str, script: str) -> dict:
    if script == "traditional":
        text = to_script(text, "traditional")
    return extract_text(text, segmenter="none", include_text=False)


def _s(x):
    return None if x is None else to_script(x, "simplified")


PERIOD_IN_TITLE_LINE = (
    "青山县人民政府办公室关于印发青山县农村供水提升行动方案的通知\n"
    "青政办发〔2023〕7号\n"
    "各乡镇人民政府，县直各单位：\n"
    "《青山县农村供水提升行动方案（2023—2025年）》已经县政府同意，现印发给你们，请认真组织实施。\n"
    "青山县人民政府办公室\n"
    "2023年4月6日\n"
    "青山县农村供水提升行动方案（2023—2025年）\n"
    "一、重点任务\n"
    "（一）改造老旧管网。2024年底前完成120公里管网改造。（责任单位：县水利局）\n"
    "（二）建设水质检测中心。（牵头单位：县卫生健康局；配合单位：县财政局）\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_plan_title_line_with_its_period_in_brackets(script):
    m = _run(PERIOD_IN_TITLE_LINE, script)["metadata"]
    # the plan's own line, period included, rather than the shorter name in the notice title
    assert _s(m["title"]) == "青山县农村供水提升行动方案（2023—2025年）"
    assert _s(m["notice_title"]) == "青山县人民政府办公室关于印发青山县农村供水提升行动方案的通知"
    assert m["rules"]["title"] == "meta.plan_title"


def test_plan_title_suffix_must_be_a_period_or_status():
    # a line that only starts like the plan's name is not its title line
    text = PERIOD_IN_TITLE_LINE.replace("青山县农村供水提升行动方案（2023—2025年）\n一、",
                                        "青山县农村供水提升行动方案（县水利局负责解释）\n一、")
    m = _run(text, "simplified")["metadata"]
    assert m["title"] == "青山县农村供水提升行动方案"      # from the notice title, as before


LETTER = (
    "示範部函\n"
    "受文者：交通部、勞動部\n"
    "發文日期：中華民國112年9月4日\n"
    "發文字號：示字第1120099001號\n"
    "主旨：檢送「偏鄉長照據點擴充計畫（112至115年）」一份，請依分工辦理，請查照。\n"
    "說明：\n"
    "一、依據本部112年8月1日部務會議決議辦理。\n"
    "二、旨揭計畫執行期間為112年至115年，請於每年1月底前提報上年度執行成果。\n"
    "正本：交通部、勞動部\n"
    "副本：本部長照司\n"
    "偏鄉長照據點擴充計畫（112至115年）\n"
    "壹、計畫目標\n"
    "至115年底，新增偏鄉長照據點200處。\n"
    "貳、執行策略\n"
    "一、擴充服務據點\n"
    "(一)於113年6月底前完成據點選址。\n"
    "主辦機關：示範部\n"
    "協辦機關：交通部\n"
    "(二)培訓照顧服務員500人。\n"
    "主辦機關：勞動部\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_taiwan_letter_transmitting_a_plan(script):
    doc = _run(LETTER, script)
    m = doc["metadata"]
    assert [_s(r) for r in m["recipients"]] == ["交通部", "劳动部"]
    assert m["rules"]["recipients"] == "meta.header_field_recipients"
    assert m["date"] == "2023-09-04"
    # the letter's own explanation items (说明 一、二、) are not tasks of the plan it transmits,
    # and their dates are nobody's deadlines
    got = [(t["number"], _s(t["title"]), sorted((_s(r["unit"]), r["role"]) for r in t["responsibilities"]),
            [d["date"] for d in t["deadlines"]]) for t in doc["tasks"]]
    assert got == [("一", "于113年6月底前完成据点选址", [("交通部", "support"), ("示范部", "lead")], ["2024-06-30"]),
                   ("二", "培训照顾服务员500人", [("劳动部", "lead")], [])]


@pytest.mark.parametrize("script", SCRIPTS)
def test_goal_metric_leaves_out_the_item_marker(script):
    text = ("某市推进托育服务发展实施方案\n一、主要目标\n到2025年：\n1.每千人口拥有托位数达到4.5个。\n"
            "2.培训托育从业人员3000人次。\n二、重点任务\n（一）建设示范托育机构。（责任单位：市卫生健康委）\n")
    goals = _run(text, script)["goals"]
    metrics = [_s(g["metric"]) for g in goals]
    assert metrics == ["每千人口拥有托位数", "培训托育从业人员"]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("name", ["重点任务清单", "责任分工表", "任务分解一览表", "工作台账"])
def test_annex_task_list_title(script, name):
    # an annex that is only a task list: its heading line, after 附件, is the title
    text = (f"附件\n河东区2025年城市更新{name}\n序号\t重点任务\t牵头单位\t完成时限\n"
            "1\t改造老旧小区12个\t区住建局\t2025年11月底\n2\t新建口袋公园5处\t区园林局\t2025年9月底\n")
    doc = _run(text, script)
    assert _s(doc["metadata"]["title"]) == f"河东区2025年城市更新{name}"
    assert [(t["number"], [_s(r["unit"]) for r in t["responsibilities"]]) for t in doc["tasks"]] == \
        [("1", ["区住建局"]), ("2", ["区园林局"])]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("page_line", ["— 3 —", "- 3 -", "第3页 共8页", "3/8"])
def test_page_number_line_inside_a_task_table(script, page_line):
    # a tab-separated task table copied from a printed annex runs on past a page number line
    text = ("附件\n河西区2025年营商环境重点任务清单\n序号\t重点任务\t牵头单位\t完成时限\n"
            "1\t压缩开办企业时间至1个工作日\t区市场监管局\t2025年3月底\n"
            "2\t推行惠企政策免申即享\t区发改局\t2025年6月底\n"
            f"{page_line}\n"
            "3\t建立企业诉求快速响应机制\t区政务服务中心\t2025年9月底\n")
    doc = _run(text, script)
    assert [(t["number"], [d["date"] for d in t["deadlines"]]) for t in doc["tasks"]] == \
        [("1", ["2025-03-31"]), ("2", ["2025-06-30"]), ("3", ["2025-09-30"])]


@pytest.mark.parametrize("script", SCRIPTS)
def test_who_finds_a_citys_bodies_by_their_full_name(script, tmp_path):
    """An official types the full name (湖光市商务局); the city's own notice writes 市商务局."""
    from extractor.emit.who import who
    text = ("湖光市人民政府关于加快发展冷链物流的实施意见\n湖政发〔2022〕3号\n各县（市、区）人民政府，市政府各部门：\n"
            "一、重点任务\n（一）建设冷链集配中心。（市商务局牵头，市农业农村局配合）\n"
            "（二）培育冷链企业。（市发展改革委负责）\n湖光市人民政府\n2022年5月20日\n")
    doc = _run(text, script)
    q = to_script("湖光市商务局", script)
    assert [(r["number"], r["role"]) for r in who(q, [("n", doc)])] == [("一", "lead")]
    assert [r["number"] for r in who(to_script("湖光市发改委", script), [("n", doc)])] == ["二"]
    # another city's body of the same name is not this city's
    assert who(to_script("青山市商务局", script), [("n", doc)]) == []
