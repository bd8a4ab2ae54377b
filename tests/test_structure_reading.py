"""The self-judging outline reader and the structural layouts of issue 10, each on a notice written
for this test (not copied from a real one), in Simplified and in Traditional script."""
from __future__ import annotations

import pytest

from extractor.normalise import to_script
from extractor.pipeline import extract_text

SCRIPTS = ["simplified", "traditional"]


def _run(text: str, script: str) -> dict:
    if script == "traditional":
        text = to_script(text, "traditional")
    return extract_text(text, segmenter="none", include_text=False)


def _tasks(doc: dict) -> list[tuple[str, str, dict]]:
    """(number, title, {role: [unit names in Simplified]}) per task."""
    out = []
    for t in doc["tasks"]:
        roles: dict[str, list[str]] = {}
        for r in t["responsibilities"]:
            roles.setdefault(r["role"], []).append(to_script(r["unit"], "simplified"))
        out.append((t["number"], to_script(t["title"], "simplified"), roles))
    return out


# 2. numbering that runs on across the headings that group it; one-line text (no line breaks)
RUN_ON = (
    "某市人民政府办公室关于印发某市旧街区改造行动方案的通知各区人民政府，市政府各部门：现将方案印发给你们，请认真贯彻执行。"
    "某市人民政府办公室2024年3月1日某市旧街区改造行动方案为推进旧街区改造，制定本方案。"
    "一、完善基础设施1.改造供水管网。年底前完成老旧管道更换。（牵头单位：市水务局，配合单位：各区人民政府）"
    "（一）道路整治2.拓宽背街小巷。（牵头单位：市住房城乡建设局，配合单位：市交通运输局）"
    "3.增设停车泊位。（牵头单位：市交通运输局，配合单位：市公安局）"
    "（二）环境提升4.整治沿街立面。（牵头单位：市城市管理局，配合单位：各区人民政府）"
    "二、强化服务功能5.建设社区食堂。（牵头单位：市民政局，配合单位：市市场监管局）"
    "6.增设养老服务点。（牵头单位：市民政局，配合单位：市卫生健康委）"
    "三、保障措施（一）加强组织领导。各区要建立工作专班。"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_numbering_that_runs_on_across_grouping_headings(script):
    doc = _run(RUN_ON, script)
    got = _tasks(doc)
    assert [n for n, _, _ in got] == ["1", "2", "3", "4", "5", "6"]
    assert got[1][1] == "拓宽背街小巷"
    assert got[1][2] == {"lead": ["市住房城乡建设局"], "support": ["市交通运输局"]}
    assert got[3][2]["support"] == ["各区人民政府"]
    dg = doc["diagnostics"]
    assert dg["reading"] == "ranked"
    assert {r["name"] for r in dg["readings"]} == {"inferred", "ranked"}
    assert dg["cues_found"] == 12 and dg["cues_explained"] == 12 and dg["cue_coverage"] == 1.0
    assert not [w for w in doc["warnings"] if w["code"] == "unassigned_cue"]


# 3. an item marker directly followed by digits that belong to the item's text
MARKER_DIGIT = """某县推进乡村道路养护工作方案
一、重点任务
1.开展路况普查。（县交通运输局负责）
2.2025年底前完成危桥改造。（县交通运输局牵头，各乡镇人民政府配合）
3.100公里农村公路完成提档升级。（县交通运输局负责）
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_item_marker_followed_by_a_number(script):
    doc = _run(MARKER_DIGIT, script)
    got = _tasks(doc)
    assert [n for n, _, _ in got] == ["1", "2", "3"]
    assert got[1][1] == "2025年底前完成危桥改造"
    assert got[1][2] == {"lead": ["县交通运输局"], "support": ["各乡镇人民政府"]}
    assert got[2][1].startswith("100公里")
    t2 = doc["tasks"][1]
    assert [d["date"] for d in t2["deadlines"]] == ["2025-12-31"]
    # the marker's digits are not read as a quantity 2.2025 or 3.100
    assert all(q["value"] not in (2.2025, 3.1) for t in doc["tasks"] for q in t["targets"])


# 1. a plan saved as Markdown, hyphenated commitment numbers, a 主（协）办 line per commitment;
#    a numbered list under a descriptive heading is not a task
MARKDOWN = """# 推动数位服务便民行动计划

## 壹、计划缘起

1. 民众办理业务须往返多个窗口。
2. 纸本申请耗时。

## 贰、执行策略

### 1-1 建置线上申办平台

期程：2024/01 ~ 2025/06

主（协）办机关：数位发展部、（内政部）

### 1-2 推动跨机关资料共享

期程：2024/07 ~ 2026/12

主（协）办机关：国家发展委员会、（数位发展部、财政部）
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_markdown_headings_and_hyphenated_commitments(script):
    doc = _run(MARKDOWN, script)
    got = _tasks(doc)
    assert [n for n, _, _ in got] == ["1-1", "1-2"]
    assert got[0][1] == "建置线上申办平台"
    assert got[0][2] == {"lead": ["数位发展部"], "support": ["内政部"]}
    assert got[1][2] == {"lead": ["国家发展委员会"], "support": ["数位发展部", "财政部"]}
    assert doc["diagnostics"]["cue_coverage"] == 1.0
    # the period line under each milestone heading is its deadline
    assert [(d["date"], d["kind"]) for t in doc["tasks"] for d in t["deadlines"]] == [
        ("2025-06-30", "period"), ("2026-12-31", "period")]


# 7/assessment: a table that names each row's unit in a column without a role header
ASSESSMENT = """某区2023年度安全生产工作考核细则
序号 | 考核对象 | 分值 | 考核内容 | 评分标准
一、 | 共性指标(各成员单位) | 40 |  |
1 | 会议部署 | 10 | 组织召开专题会议 | 未召开扣5分
二、 | 个性指标 | 60 |  |
1 | 区应急管理局 | 60 | 开展隐患排查整治 | 每少一次扣2分
2 | 区住房城乡建设局 | 60 | 落实建筑工地安全检查 | 未检查扣10分
3 | 区交通运输局 | 60 | 整治道路运输隐患 | 未整治扣10分
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_assessment_table_with_a_unit_column(script):
    doc = _run(ASSESSMENT, script)
    got = _tasks(doc)
    assert [(n, t) for n, t, _ in got] == [("一", "共性指标(各成员单位)"), ("1", "组织召开专题会议"),
                                           ("1", "开展隐患排查整治"), ("2", "落实建筑工地安全检查"),
                                           ("3", "整治道路运输隐患")]
    assert got[0][2] == {"responsible": ["各成员单位"]}
    assert got[1][2] == {}
    assert [r for _, _, r in got[2:]] == [{"responsible": ["区应急管理局"]}, {"responsible": ["区住房城乡建设局"]},
                                          {"responsible": ["区交通运输局"]}]


# running-text assignment in a one-line notice: X牵头，Y配合; X要…完成
RUNNING = (
    "某公司关于印发2024年数据治理重点工作安排的通知各分公司：现将工作安排印发给你们，请认真落实。"
    "某公司2024年1月10日2024年数据治理重点工作安排一、夯实数据基础（一）标准建设1.统一数据口径。"
    "梳理各业务系统指标定义。数据中心牵头，华东分公司、华南分公司配合，3月底前完成。"
    "2.建立质量考核。信息中心要在6月底前完成考核办法制定。（二）安全防护3.加固终端防护。"
    "各分公司要全面排查终端漏洞，9月底前完成整改。4.开展应急演练。安全中心牵头，年底前完成。"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_running_text_assignment(script):
    doc = _run(RUNNING, script)
    got = _tasks(doc)
    assert [n for n, _, _ in got] == ["1", "2", "3", "4"]
    assert got[0][2] == {"lead": ["数据中心"], "support": ["华东分公司", "华南分公司"]}
    assert got[1][2] == {"responsible": ["信息中心"]}
    assert got[2][2] == {"responsible": ["各分公司"]}
    assert got[3][2] == {"lead": ["安全中心"]}


# a cue outside every task is reported with its span
UNASSIGNED = """某市推进垃圾分类工作方案
一、工作目标
到2025年，生活垃圾回收利用率达到35%（牵头单位：市城市管理局）。
二、主要任务
1.完善分类设施。（牵头单位：市城市管理局）
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_unassigned_cue_is_reported(script):
    text = UNASSIGNED if script == "simplified" else to_script(UNASSIGNED, "traditional")
    doc = extract_text(text, segmenter="none")
    assert [t["number"] for t in doc["tasks"]] == ["一", "1"]     # 目标 item names its unit: a task too
    dg = doc["diagnostics"]
    assert dg["cues_found"] == 2 and dg["cues_explained"] == 2
    # now a cue the outline cannot reach: a label in the closing paragraph after the last item
    extra = text + "本方案由市发展改革委负责解释。\n"
    doc = extract_text(extra, segmenter="none")
    un = doc["diagnostics"]["unassigned_cues"]
    assert len(un) == 1 and un[0]["kind"] == "inline" and un[0]["role"] == "responsible"
    s, e = un[0]["span"]
    assert to_script(extra[s:e], "simplified") == "由市发展改革委负责"
    assert any(w["code"] == "unassigned_cue" and w["span"] == [s, e] for w in doc["warnings"])


# 7. text damage: a label broken by a line break, a bare bracket of units, the last item running
#    into the closing sentence in text that lost its line breaks
BROKEN_LABEL = """某市推进老旧小区加装电梯实施方案
一、主要任务
1.开展意愿摸排。各街道逐户了解加装需求。牵头部
门：市住房城乡建设局
配合单位：各区人民政府
2.简化审批流程。推行并联审批，压缩办理时限。（市行政审批局、市自然资源局）
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_label_broken_by_a_line_break_and_bare_bracket(script):
    doc = _run(BROKEN_LABEL, script)
    got = _tasks(doc)
    assert [n for n, _, _ in got] == ["1", "2"]
    assert got[0][2] == {"lead": ["市住房城乡建设局"], "support": ["各区人民政府"]}
    assert got[1][2] == {"responsible": ["市行政审批局", "市自然资源局"]}
    assert doc["diagnostics"]["cue_coverage"] == 1.0


FLAT_CLOSING = (
    "某县开展农村人居环境整治行动方案一、重点任务1.清理村庄垃圾。年底前完成存量垃圾清运。（牵头单位：县城市管理局）"
    "2.改造农村厕所。2025年6月底前完成改造任务。（牵头单位：县农业农村局）本方案自印发之日起施行，由县农业农村局负责解释。"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_last_item_stops_at_the_closing_sentence_in_flat_text(script):
    doc = _run(FLAT_CLOSING, script)
    got = _tasks(doc)
    assert [n for n, _, _ in got] == ["1", "2"]
    last = doc["tasks"][-1]
    assert to_script(last["text"], "simplified").endswith("（牵头单位：县农业农村局）")
    assert got[1][2] == {"lead": ["县农业农村局"]}
    # the closing sentence's 由X负责解释 is a cue outside every task, and is reported
    un = doc["diagnostics"]["unassigned_cues"]
    assert [to_script(c["text"], "simplified") for c in un] == ["由县农业农村局负责"]


# a Taiwan plan: 壹、貳、 parts, 一、 strategies, (一) measures, each with its 主辦/協辦 lines;
# the numbered list under 壹、計畫緣起 describes the problem and is not a task
TW_PLAN = """淨零綠生活推動計畫
壹、計畫緣起
一、民眾對減碳行動認識不足。
二、綠色消費選擇有限。
貳、推動策略
一、擴大綠色消費
（一）推廣環保標章產品，每年新增認證一百項。
主辦機關：環境部
協辦機關：經濟部、各直轄市政府
（二）輔導零售業者設置綠色專區。
主辦機關：經濟部
協辦機關：環境部
二、推動低碳飲食
（一）推廣在地食材採購。
主辦機關：農業部
參、經費需求
本計畫所需經費由各機關編列預算支應。
"""


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_taiwan_plan_with_capital_numerals(script):
    text = TW_PLAN if script == "traditional" else to_script(TW_PLAN, "simplified")
    doc = extract_text(text, segmenter="none", include_text=False)
    got = _tasks(doc)
    assert [(n, t) for n, t, _ in got] == [("一", "推广环保标章产品，每年新增认证一百项"), ("二", "辅导零售业者设置绿色专区"),
                                           ("一", "推广在地食材采购")]
    assert got[0][2] == {"lead": ["环境部"], "support": ["经济部", "各直辖市政府"]}
    assert got[2][2] == {"lead": ["农业部"]}
    secs = [(s["number"], s["level"]) for s in doc["sections"]]
    assert ("贰", 1) in [(to_script(n, "simplified"), lv) for n, lv in secs]


# a plan saved as Markdown with its task table
MD_TABLE = """# 某市推进充电设施建设工作方案

## 一、重点任务

| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |
| --- | --- | --- | --- | --- |
| 1 | 新建公共充电桩五千个 | 市发展改革委 | 市住房城乡建设局 | 2025年底前 |
| 2 | 推进居住区充电设施改造 | 市住房城乡建设局 | 各区人民政府 | 2025年6月底前 |
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_markdown_task_table(script):
    doc = _run(MD_TABLE, script)
    got = _tasks(doc)
    assert [(n, t) for n, t, _ in got] == [("1", "新建公共充电桩五千个"), ("2", "推进居住区充电设施改造")]
    assert got[1][2] == {"lead": ["市住房城乡建设局"], "support": ["各区人民政府"]}
    assert [d["date"] for d in doc["tasks"][1]["deadlines"]] == ["2025-06-30"]


# 7. a task table flattened to one cell per line (PDF text); the second task's text wraps
FLAT_TABLE = """某区2025年为民办实事项目分工表
序号
重点任务
牵头单位
配合单位
完成时限
1
新建社区卫生服务站两个
区卫生健康局
各街道办事处
2025年9月底前
2
改造背街小巷路面，同步完善
照明和排水设施
区城市管理局
区财政局
2025年底前
3
开展老年人助餐服务
区民政局
/
2025年6月底前
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_table_flattened_to_one_cell_per_line(script):
    doc = _run(FLAT_TABLE, script)
    got = _tasks(doc)
    assert [n for n, _, _ in got] == ["1", "2", "3"]
    assert got[1][1] == "改造背街小巷路面，同步完善\n照明和排水设施"
    assert got[1][2] == {"lead": ["区城市管理局"], "support": ["区财政局"]}
    assert got[2][2] == {"lead": ["区民政局"]}
    assert [d["date"] for t in doc["tasks"] for d in t["deadlines"]] == ["2025-09-30", "2025-12-31", "2025-06-30"]


# 4. header metadata past the first lines: page chrome before the title, a title broken over two
#    lines with the document number glued to it, a plan title broken over two lines
WEB_PAGE = """首页 > 政务公开 > 政策文件
来源：某市人民政府办公室  发布时间：2024-05-10  字号：大 中 小
某市人民政府办公室关于印发某市促进夜间经济发展
三年行动方案的通知某政办〔2024〕15号
各区人民政府，市政府各部门：
经市政府同意，现将《某市促进夜间经济发展三年行动方案》印发给你们，请认真贯彻执行。
某市人民政府办公室
2024年5月8日
某市促进夜间经济发展
三年行动方案
一、主要任务
（一）打造夜间消费街区。年底前建成特色街区5条。（牵头单位：市商务局；配合单位：各区人民政府）
（二）延长文旅场馆开放时间。（市文化广电旅游局负责）
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_header_metadata_behind_page_chrome(script):
    doc = _run(WEB_PAGE, script)
    md = {k: to_script(v, "simplified") if isinstance(v, str) else v for k, v in doc["metadata"].items()}
    assert md["notice_title"] == "某市人民政府办公室关于印发某市促进夜间经济发展\n三年行动方案的通知"
    assert md["title"] == "某市促进夜间经济发展\n三年行动方案"
    assert md["doc_number"] == "某政办〔2024〕15号"
    assert md["date"] == "2024-05-08"
    assert [to_script(r, "simplified") for r in md["recipients"]] == ["各区人民政府", "市政府各部门"]
    got = _tasks(doc)
    assert [(n, r) for n, _, r in got] == [("一", {"lead": ["市商务局"], "support": ["各区人民政府"]}),
                                           ("二", {"responsible": ["市文化广电旅游局"]})]


# 5. goals stated under 总体要求 (no heading says 目标)
GOALS_IN_GENERAL = """某市新能源汽车推广应用实施方案
一、总体要求
坚持市场主导与政策引导相结合。到2026年，全市新能源汽车保有量达到10万辆，公共充电桩达到2万个。
二、重点任务
（一）扩大公共领域车辆电动化。（牵头单位：市交通运输局）
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_goals_under_general_requirements(script):
    doc = _run(GOALS_IN_GENERAL, script)
    assert [(q["value"], to_script(q["unit"], "simplified"), q["year"]) for q in doc["goals"]] == [
        (100000, "辆", 2026), (20000, "个", 2026)]
    assert [t["number"] for t in doc["tasks"]] == ["一"]


# 2. a label block after a heading's last sub-item assigns the heading, not that sub-item
LABEL_BLOCK = """某县推进数字乡村建设实施方案
一、重点任务
（一）完善乡村网络设施。
1.推进光纤网络向自然村延伸。
2.加快5G基站在乡镇布点，2025年底前实现全覆盖。
牵头单位：县工信局
配合单位：各乡镇人民政府
（二）发展农村电子商务。
1.建设县级电商公共服务中心。
2.培育电商带头人一百名。
牵头单位：县商务局
配合单位：县农业农村局
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_label_block_after_sub_items_assigns_the_heading(script):
    doc = _run(LABEL_BLOCK, script)
    got = _tasks(doc)
    assert [(n, r) for n, _, r in got] == [
        ("一", {"lead": ["县工信局"], "support": ["各乡镇人民政府"]}), ("1", {}), ("2", {}),
        ("二", {"lead": ["县商务局"], "support": ["县农业农村局"]}), ("1", {}), ("2", {})]
    t2 = doc["tasks"][2]
    assert to_script(t2["text"], "simplified").endswith("实现全覆盖。")      # the block is not the sub-item's
    assert t2["parent_id"] == doc["tasks"][0]["id"]
    assert [d["date"] for d in t2["deadlines"]] == ["2025-12-31"]


def test_cues_without_tasks_are_doubtful():
    doc = extract_text("某市工作安排\n各项工作由市发展改革委牵头，市财政局配合。\n", segmenter="none", include_text=False)
    assert doc["tasks"] == []
    assert [d["code"] for d in doc["diagnostics"]["doubtful"]] == ["cues_without_tasks"]
    assert [w["code"] for w in doc["warnings"]].count("unassigned_cue") == 2


TW_TABLE = """數位轉型推動方案
| 工作項目 | 主辦機關 | 協辦機關 | 完成期程 |
| --- | --- | --- | --- |
| 建置資料交換平臺 | 數位發展部 | 國家發展委員會 | 114年12月 |
| 推動公文電子化 | 行政院秘書長 | 各部會 | 115年6月 |
"""


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_taiwan_task_table_with_host_agency_columns(script):
    text = TW_TABLE if script == "traditional" else to_script(TW_TABLE, "simplified")
    got = _tasks(extract_text(text, segmenter="none", include_text=False))
    assert [(n, t, r) for n, t, r in got] == [
        ("1", "建置资料交换平台", {"lead": ["数位发展部"], "support": ["国家发展委员会"]}),
        ("2", "推动公文电子化", {"lead": ["行政院秘书长"], "support": ["各部会"]})]


# the judge keeps the reading the document implies: here 1. groups （一）, against the usual hierarchy
UNUSUAL_ORDER = """某市方案
1.加强基础设施建设。
（一）新建道路十公里。（牵头单位：市交通局）
（二）改造桥梁五座。（牵头单位：市住建局）
2.提升公共服务水平。
（一）新建学校两所。（牵头单位：市教育局）
（二）新建医院一所。（牵头单位：市卫健委）
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_judge_keeps_the_documents_own_hierarchy(script):
    doc = _run(UNUSUAL_ORDER, script)
    assert [t["id"] for t in doc["tasks"]] == ["t:1/一", "t:1/二", "t:2/一", "t:2/二"]
    dg = doc["diagnostics"]
    assert dg["reading"] == "inferred"
    ranked = next(r for r in dg["readings"] if r["name"] == "ranked")
    assert ranked["tasks"] == 6 and ranked["cues_explained"] == 4     # two cue-less headings as tasks


# 7. text without line breaks: a heading runs into its first sentence, which names the unit
GLUED = (
    "某县防汛应急预案一、组织体系1.综合协调组县应急管理局牵头，县水利局、县气象局配合，负责汛情会商。"
    "2.抢险救援组县消防救援大队牵头，各乡镇人民政府配合，负责人员转移。二、应急响应1.善后处置各乡镇人民政府要及时组织灾后恢复。"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_heading_glued_to_its_first_sentence(script):
    got = _tasks(_run(GLUED, script))
    assert [(n, r) for n, _, r in got] == [
        ("1", {"lead": ["县应急管理局"], "support": ["县水利局", "县气象局"]}),
        ("2", {"lead": ["县消防救援大队"], "support": ["各乡镇人民政府"]}),
        ("1", {"responsible": ["各乡镇人民政府"]})]


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_taiwan_agency_labels(script):
    text = "推動計畫\n一、強化數位服務\n（一）建置單一申辦入口。\n權責機關：數位發展部\n配合機關：各部會\n"
    text = text if script == "traditional" else to_script(text, "simplified")
    got = _tasks(extract_text(text, segmenter="none", include_text=False))
    assert got == [("一", "建置单一申办入口", {"responsible": ["数位发展部"], "support": ["各部会"]})]


MD_BULLETS = """# 某市养老服务提升方案

**一、主要任务**

- 1. 建设社区养老服务中心十个。（牵头单位：市民政局）
- 2. 培训养老护理员五百名。（牵头单位：市人力资源社会保障局）

**二、保障措施**

- 1. 加强资金保障。
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_markdown_bold_headings_and_bulleted_items(script):
    doc = _run(MD_BULLETS, script)
    assert _tasks(doc) == [("1", "建设社区养老服务中心十个", {"lead": ["市民政局"]}),
                           ("2", "培训养老护理员五百名", {"lead": ["市人力资源社会保障局"]})]
    assert [to_script(s["title"], "simplified") for s in doc["sections"]][:2] == ["主要任务", "保障措施"]


# 6. numbered items outside the measures (assessment procedure, requirements) are not tasks in a
#    plan that assigns its work by labels
OUTSIDE_MEASURES = """某区农村饮水安全提升工作方案
一、主要任务
1.改造老旧供水管网。（牵头单位：区水利局）
2.开展水质检测。（牵头单位：区卫生健康局）
二、考核办法
1.考核采取日常检查与年终评估相结合的方式。
2.考核结果纳入年度综合考评。
三、工作要求
1.各单位要高度重视。
2.及时报送工作进展。
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_numbered_items_outside_the_measures(script):
    doc = _run(OUTSIDE_MEASURES, script)
    assert [(n, r) for n, _, r in _tasks(doc)] == [("1", {"lead": ["区水利局"]}), ("2", {"lead": ["区卫生健康局"]})]


# 1. numbered lists under a heading asked as a question about the plan's setting (the problems
# met, the benefits expected) describe; only the measures' items are tasks
QUESTION_HEADINGS = (
    "某市社区养老服务提升行动方案\n\n"
    "一、这项行动要回应哪些突出问题？\n"
    "1.老年人口持续增长，社区照护床位明显不足。\n"
    "2.服务人员流动频繁，专业培训跟不上。\n"
    "二、行动能为居民带来什么益处？\n"
    "1.让老人在家门口获得日间照料。\n"
    "2.减轻家庭照护负担。\n"
    "三、主要措施\n"
    "1.新建社区日间照料中心20个，2025年底前投入使用。（牵头单位：市民政局；配合单位：市财政局）\n"
    "2.开展护理员轮训，每年培训1000人次。（牵头单位：市人社局；配合单位：市卫生健康委）\n"
    "四、需要各方回答的问题\n"
    "1.整理各街道的照护需求清单。（牵头单位：市老龄办）\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_descriptive_question_headings_hold_no_tasks(script):
    tasks = _tasks(_run(QUESTION_HEADINGS, script))
    assert [(n, roles) for n, _, roles in tasks] == [
        ("1", {"lead": ["市民政局"], "support": ["市财政局"]}),
        ("2", {"lead": ["市人社局"], "support": ["市卫生健康委"]}),
        # a heading that names 问题 but is not asked as a question keeps its items
        ("1", {"lead": ["市老龄办"]}),
    ]
    assert tasks[0][1].startswith("新建社区日间照料中心")


# 1. a commitment template saved as Markdown: a numbered heading per commitment, its assignment in
# a header block under an unnumbered sub-heading, then descriptive sub-headings with numbered lists
# and milestone headings with period lines; the commitment is the task, whole
COMMITMENTS = """# 3-1 建立社区图书共享网络

## 基本信息
- 起迄时间：2024/01 ~ 2026/06
- 主（协）办机关：文化局、（教育局、各区公所）
### 内容
#### 这项承诺要处理哪些问题？
1. 偏远社区借书不便。
2. 馆藏重复采购。
#### 承诺做什么？
1. 整合各馆书目系统。
2. 开通跨馆预约与配送。
#### 其他
## 里程碑
### 完成书目整合
2024/01 ~ 2024/12
### 跨馆配送全面上线
2025/01 ~ 2026/06

# 3-2 推广长者数字学习

## 基本信息
- 起迄时间：2024/03 ~ 2025/12
- 主（协）办机关：社会局、（数字发展处）
### 内容
#### 承诺做什么？
1. 在社区据点开设手机课程。
2. 培训志愿讲师。
## 里程碑
### 开课据点达到50处
2024/03 ~ 2025/12
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_markdown_commitment_with_a_header_block_is_one_task(script):
    doc = _run(COMMITMENTS, script)
    got = _tasks(doc)
    assert [(n, t, roles) for n, t, roles in got] == [
        ("3-1", "建立社区图书共享网络", {"lead": ["文化局"], "support": ["教育局", "各区公所"]}),
        ("3-2", "推广长者数字学习", {"lead": ["社会局"], "support": ["数字发展处"]}),
    ]
    assert doc["diagnostics"]["reading"] == "markdown"
    assert doc["diagnostics"]["cue_coverage"] == 1.0
    dates = [d["date"] for d in doc["tasks"][0]["deadlines"]]
    assert "2026-06-30" in dates and "2024-12-31" in dates


# the same template where a sub-item assigns work of its own: the outline is left as read
COMMITMENT_WITH_OWN_LABELS = """# 4-1 改善校园午餐

## 基本信息
- 主（协）办机关：教育局、（卫生局）
## 做法
1. 建立供餐厂商评鉴制度。（主办机关：教育局）
2. 每学期抽验餐食。（主办机关：卫生局）
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_markdown_commitment_keeps_sub_items_that_assign_work(script):
    got = _tasks(_run(COMMITMENT_WITH_OWN_LABELS, script))
    assert ("1", "建立供餐厂商评鉴制度", {"lead": ["教育局"]}) in got
    assert ("2", "每学期抽验餐食", {"lead": ["卫生局"]}) in got


# 4. the plan's own title: a notice title whose 《》 cite a document inside the instrument's name,
# and a web page that breaks the plan title over lines with blank lines between the pieces (the
# notice title writes the inner title in 〈〉)
CITED_IN_TITLE = (
    "某省人民政府关于印发2024年省《政府工作报告》重点任务分工方案的通知\n"
    "某政〔2024〕3号\n"
    "各市人民政府，省政府各部门：\n"
    "现将方案印发给你们，请认真贯彻执行。\n"
    "某省人民政府\n"
    "2024年2月1日\n"
    "2024年省《政府工作报告》重点任务分工方案\n"
    "1.地区生产总值增长5%左右。（牵头单位：省发展改革委）\n"
)

BROKEN_WEB_TITLE = (
    "某市人民政府办公室关于印发《某市落实〈关于稳住经济大盘的若干措施〉实施方案》的通知\n\n"
    "发布时间：2023-05-06 来源：某市人民政府办公室\n\n"
    "某政办发〔2023〕12号\n\n"
    "各县区人民政府，市直各单位：\n\n"
    "现将实施方案印发给你们，请认真组织实施。\n\n"
    "某市人民政府办公室\n\n"
    "2023年5月6日\n\n"
    "某市落实《关于稳住经济大盘的\n\n"
    "若干措施》实施\n\n"
    "方案\n\n"
    "一、扩大有效投资\n\n"
    "1.加快重点项目建设。年内开工项目100个以上。（牵头单位：市发展改革委）\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_plan_title_with_a_cited_document_inside(script):
    doc = _run(CITED_IN_TITLE, script)
    assert to_script(doc["metadata"]["title"], "simplified") == "2024年省《政府工作报告》重点任务分工方案"


@pytest.mark.parametrize("script", SCRIPTS)
def test_plan_title_broken_over_lines_on_a_web_page(script):
    doc = _run(BROKEN_WEB_TITLE, script)
    title = to_script(doc["metadata"]["title"], "simplified")
    assert "".join(title.split()) == "某市落实《关于稳住经济大盘的若干措施》实施方案"


# 6. the cover notice's own numbered requirements (before its signature) are not tasks where the
# plan after the signature assigns its work by labels and they assign none
COVER_REQUIREMENTS = (
    "某区人民政府办公室关于印发2024年区重点工作责任分解方案的通知\n\n"
    "各街道办事处，区政府各部门：\n\n"
    "《2024年区重点工作责任分解方案》已经区政府同意，现印发给你们，并就有关事项通知如下：\n\n"
    "一、各责任单位要细化工作措施，于2024年2月底前将推进计划报区政府办公室。\n\n"
    "二、各责任单位每季度末报送一次进展情况。\n\n"
    "某区人民政府办公室\n\n"
    "2024年1月20日\n\n"
    "2024年区重点工作责任分解方案\n\n"
    "一、主要预期目标\n\n"
    "（一）地区生产总值增长6%左右\n\n"
    "责任单位：区发展改革局\n\n"
    "（二）新增城镇就业3000人\n\n"
    "责任单位：区人社局\n"
)

COVER_ONLY = (
    "某县人民政府办公室关于做好秋季防火工作的通知\n\n"
    "各乡镇人民政府，县直各单位：\n\n"
    "为做好今年秋季防火工作，现通知如下：\n\n"
    "一、加强巡查。各乡镇要组织人员每日巡山。\n\n"
    "二、清理隐患。10月底前清除林区周边可燃物。\n\n"
    "某县人民政府办公室\n\n"
    "2024年9月1日\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_cover_notice_requirements_are_not_tasks(script):
    got = _tasks(_run(COVER_REQUIREMENTS, script))
    assert got == [("一", "地区生产总值增长6%左右", {"responsible": ["区发展改革局"]}),
                   ("二", "新增城镇就业3000人", {"responsible": ["区人社局"]})]
    # a notice whose numbered items are its only work keeps them
    assert [n for n, _, _ in _tasks(_run(COVER_ONLY, script))] == ["一", "二"]


# 4. header metadata on crawled pages: a field table of the page (标 题: … |) before the title line;
# the title and its document number glued on one line; a joint notice whose issuers stand on lines
# separated by blank lines
FIELD_TABLE_PAGE = (
    "发文机关: 某省人民政府办公厅 | 成文日期: 2024-04-02 |\n"
    "发文字号: 某政办字〔2024〕9号 | 发布日期: 2024-04-03 |\n"
    "标 题: 某省人民政府办公厅印发关于加快发展托育服务若干措施的通知 |\n"
    "某省人民政府办公厅印发关于加快发展托育服务若干措施的通知\n"
    "某政办字〔2024〕9号\n"
    "各市人民政府，省政府各部门：\n"
    "《关于加快发展托育服务若干措施》已经省政府同意，现印发给你们，请认真贯彻实施。\n"
    "某省人民政府办公厅\n"
    "2024年4月2日\n"
    "关于加快发展托育服务若干措施\n"
    "1.新增普惠托位5000个。（牵头单位：省卫生健康委）\n"
)

GLUED_NUMBER_JOINT = (
    "当前位置: 首页 > 政务公开 > 政策文件\n\n"
    "中共某市委办公室某市人民政府办公室印发《关于推进社区议事协商的实施意见》的通知(某办发〔2022〕5号)\n\n"
    "来源:某市政府网 日期:2022-03-02\n\n"
    "各县市区委、人民政府，市直各单位：\n\n"
    "《关于推进社区议事协商的实施意见》已经市委、市人民政府同意，现印发给你们，请认真贯彻执行。\n\n"
    "中共某市委办公室\n\n"
    "某市人民政府办公室\n\n"
    "2022年2月28日\n\n"
    "关于推进社区议事协商的实施意见\n\n"
    "一、建立议事清单。（牵头单位：市民政局）\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_page_field_table_before_the_title(script):
    m = _run(FIELD_TABLE_PAGE, script)["metadata"]
    assert to_script(m["notice_title"], "simplified") == "某省人民政府办公厅印发关于加快发展托育服务若干措施的通知"
    assert to_script(m["title"], "simplified") == "关于加快发展托育服务若干措施"


@pytest.mark.parametrize("script", SCRIPTS)
def test_title_glued_to_its_number_and_joint_issuers(script):
    m = _run(GLUED_NUMBER_JOINT, script)["metadata"]
    assert to_script(m["notice_title"], "simplified") == \
        "中共某市委办公室某市人民政府办公室印发《关于推进社区议事协商的实施意见》的通知"
    assert to_script(m["doc_number"], "simplified") == "某办发〔2022〕5号"
    assert [to_script(x, "simplified") for x in m["issuers"]] == ["中共某市委办公室", "某市人民政府办公室"]
    assert m["date"] == "2022-02-28"


# roles: "牵头责任单位: X / 协同责任单位: Y" names a lead and its partners, not two responsible groups
LEAD_AND_PARTNER_LABELS = (
    "某市人民政府关于2024年市政府重点工作及责任分解的通知\n\n"
    "各县、区人民政府，市政府各部门：\n\n"
    "现将2024年重点工作及责任分解通知如下。\n\n"
    "一、确保完成主要预期目标\n\n"
    "1. 城镇新增就业2万人以上。\n\n"
    "牵头负责领导：张某。\n\n"
    "牵头责任单位：市人社局。\n\n"
    "协同责任单位：市教育局、市财政局等，各县、区政府。\n\n"
    "2. 粮食产量稳定在50万吨以上。\n\n"
    "牵头责任部门：市农业农村局。\n\n"
    "协同责任部门：市水利局。\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_lead_and_partner_responsibility_labels(script):
    doc = _run(LEAD_AND_PARTNER_LABELS, script)
    got = _tasks(doc)
    assert got[0][2]["lead"] == ["市人社局"]
    assert got[0][2]["support"][:2] == ["市教育局", "市财政局"]
    assert "responsible" not in got[0][2]
    assert got[1][2] == {"lead": ["市农业农村局"], "support": ["市水利局"]}
    assert doc["diagnostics"]["cue_coverage"] == 1.0


COLUMN_LABEL_AND_FIELD_CELL = [
    ("【重点工作】某市人民政府关于2024年市政府重点工作及责任分解的通知\n\n发布时间:2024-02-01\n\n"
     "各县、区人民政府：\n\n现将重点工作通知如下。\n\n1. 城镇新增就业2万人以上。\n\n牵头单位：市人社局。\n",
     "某市人民政府关于2024年市政府重点工作及责任分解的通知"),
    ("索 引 号: | 0001/2024-01 | 信息分类: | |\n"
     "文 号: | 某府办发〔2024〕6号 | 是否有效: | |\n"
     "名 称: | 市人民政府办公室关于印发某市数字乡村建设行动方案的通知 |\n"
     "各县人民政府，市政府各部门：\n经市人民政府同意，现将《某市数字乡村建设行动方案》印发给你们。\n"
     "某市数字乡村建设行动方案\n1.建设益农信息社200个。（责任单位：市农业农村局）\n",
     "市人民政府办公室关于印发某市数字乡村建设行动方案的通知"),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("case", range(len(COLUMN_LABEL_AND_FIELD_CELL)))
def test_page_column_label_and_field_table_title(script, case):
    text, want = COLUMN_LABEL_AND_FIELD_CELL[case]
    m = _run(text, script)["metadata"]
    assert to_script(m["notice_title"], "simplified") == want
    if case == 1:
        assert to_script(m["title"], "simplified") == "某市数字乡村建设行动方案"


# 3. in text that lost its line breaks, an item marker followed by digits right after the previous
# item's closing bracket or full stop ("…）7.121工程…", "。3.2024年5月底前…") is still a marker
FLAT_MARKER_DIGIT = (
    "某市人才发展实施意见一、重点项目（一）产业人才1.工程师培养项目。每年培养工程师500名。"
    "（牵头单位：市人社局，配合单位：市工信局）2.青年英才项目。选拔青年英才100名。（牵头单位：市委组织部）"
    "3.121人才梯队项目。重点培养10名领军人才、20名骨干人才和100名后备人才。（牵头单位：市科技局，配合单位：各区）"
    "4.博士后项目。资助博士后研究人员50名。（牵头单位：市人社局）（二）服务保障。完善人才服务，实施如下项目："
    "5.2025年底前建成人才公寓1000套。（牵头单位：市住房保障办，配合单位：市规划局）"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_flat_text_marker_followed_by_digits(script):
    got = _tasks(_run(FLAT_MARKER_DIGIT, script))
    assert [n for n, _, _ in got] == ["1", "2", "3", "4", "5"]
    assert got[2][1] == "121人才梯队项目"
    assert got[2][2] == {"lead": ["市科技局"], "support": ["各区"]}
    assert got[3][2] == {"lead": ["市人社局"]}
    assert got[4][2] == {"lead": ["市住房保障办"], "support": ["市规划局"]}


# a 、-list of administrative levels under one 各 that shares its head ("各县、市、区政府",
# "各市、县(区)人民政府") gives one unit per level; the output validates (before, the document failed
# with "unit … is not written at …": every field lost)
SHARED_HEAD_LEVELS = (
    "某省重点工作分工方案\n一、主要目标\n"
    "1. 粮食产量稳定在600亿斤以上。（牵头单位：省农业农村厅，配合单位：省粮食局等，各市、县(区)人民政府）\n"
    "2. 新增城镇就业60万人。\n牵头责任单位：省人社厅。\n协同责任单位：省教育厅，各县、市、区政府。\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_shared_head_level_lists_validate(script):
    from extractor.emit.validate import validate_document
    if script == "traditional":
        doc = extract_text(to_script(SHARED_HEAD_LEVELS, "traditional"), segmenter="none", include_text=True)
    else:
        doc = extract_text(SHARED_HEAD_LEVELS, segmenter="none", include_text=True)
    assert validate_document(doc) == []
    got = _tasks(doc)
    assert got[0][2]["support"] == ["省粮食局", "各市人民政府", "各县(区)人民政府"]
    assert got[1][2] == {"lead": ["省人社厅"], "support": ["省教育厅", "各县政府", "各市政府", "各区政府"]}


# a catch-all written as a 、-list of levels ("各区、县级市") is one unit, as ANNOTATION.md says;
# a list of whole catch-alls (国务院各部委、各直属机构) stays a list
CATCH_ALL_LEVELS = (
    "某市人才工程实施意见\n一、重点项目\n"
    "1.技能人才项目。每年培养技能人才1000名。（牵头单位：市人社局，配合单位：市教育局，各区、县级市）\n"
    "2.留学人员项目。（牵头单位：市留学办，配合单位：国务院各部委、各直属机构）\n"
    "3.技工院校项目。（牵头单位：市人社局，配合单位：市教育局、各区、县级市）\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_catch_all_written_as_a_list_of_levels(script):
    got = _tasks(_run(CATCH_ALL_LEVELS, script))
    assert got[0][2] == {"lead": ["市人社局"], "support": ["市教育局", "各区、县级市"]}
    assert got[1][2] == {"lead": ["市留学办"], "support": ["国务院各部委", "各直属机构"]}
    # (after a name joined by 、 too: it was merged with 市教育局 into one unit)
    assert got[2][2] == {"lead": ["市人社局"], "support": ["市教育局", "各区、县级市"]}


# 等 inside a name (高等院校, 中等职业学校, 平等就业) is not the "etc." that ends a list
ETC_INSIDE_NAMES = (
    "某省职业教育实施方案\n一、重点任务\n"
    "1.建设实训基地20个。（责任单位：省教育厅、各高等院校）\n"
    "2.开展职业培训。（牵头单位：省人社厅，配合单位：各中等职业学校、省平等就业促进会）\n"
    "3.完善奖补政策。（牵头单位：省财政厅，配合单位：省教育厅等）\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_etc_inside_unit_names(script):
    got = _tasks(_run(ETC_INSIDE_NAMES, script))
    assert got[0][2] == {"responsible": ["省教育厅", "各高等院校"]}
    assert got[1][2] == {"lead": ["省人社厅"], "support": ["各中等职业学校", "省平等就业促进会"]}
    assert got[2][2] == {"lead": ["省财政厅"], "support": ["省教育厅"]}


# a 各-list whose last name is a catch-all of its own ("各街道、区直各部门") shares no head: no
# "各街道直各部门" is made up
@pytest.mark.parametrize("script", SCRIPTS)
def test_no_head_shared_with_a_catch_all(script):
    text = "某区分工方案\n一、主要目标\n1.固定资产投资增长15%左右。\n牵头单位：区发改局\n责任单位：各街道、区直各部门\n"
    got = _tasks(_run(text, script))
    names = got[0][2]["responsible"]
    assert not any("街道直" in n for n in names)
    assert got[0][2]["lead"] == ["区发改局"]


# the same template with the header block right under the numbered heading; and a notice saved as
# Markdown whose heading carries a label over numbered items (ANNOTATION rule 2: the items stay tasks)
COMMITMENT_BLOCK_UNDER_HEADING = """# 壹、推动资料开放

## 2-1 建立开放资料目录
- 起迄时间：2024/01 ~ 2025/12
- 主（协）办机关：数位发展部、（各部会）
### 要处理哪些问题？
1. 资料分散各处。
### 承诺做什么？
1. 盘点各机关资料集。
### 里程碑
#### 公布资料目录
2024/01 ~ 2024/12
"""

MARKDOWN_NOTICE_LABEL_OVER_ITEMS = """# 某县农村道路提升行动方案

## 一、加快道路建设（牵头单位：县交通运输局）
1. 新建通村公路50公里。
2. 改造危桥10座。
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_markdown_commitment_header_block_under_its_heading(script):
    got = _tasks(_run(COMMITMENT_BLOCK_UNDER_HEADING, script))
    assert got == [("2-1", "建立开放资料目录", {"lead": ["数位发展部"], "support": ["各部会"]})]
    got = _tasks(_run(MARKDOWN_NOTICE_LABEL_OVER_ITEMS, script))
    assert [n for n, _, _ in got] == ["一", "1", "2"]
    assert got[0][2] == {"lead": ["县交通运输局"]}


# a task table pasted from a word processor: one row per line, cells separated by tabs (an empty cell
# is two tabs in a row); the paragraph after it is indented by a tab and is no row
TAB_TABLE = (
    "某区人民政府办公室关于印发某区背街小巷整治任务清单的通知\n"
    "各街道办事处，区政府各部门：\n"
    "现将任务清单印发给你们，请抓好落实。\n"
    "某区人民政府办公室\n2023年4月10日\n"
    "附件\n某区背街小巷整治任务清单\n"
    "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
    "1\t修补破损路面并统一铺装\t区住房城乡建设局\t区城市管理局、各街道办事处\t2023年8月底前\n"
    "2\t清理占道堆放的杂物\t区城市管理局\t\t2023年6月底前\n"
    "3\t补齐夜间照明设施\t区城市管理局\t区供电公司\t2023年10月底前\n"
    "\t各牵头单位要于每月底报送整治进展。\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_task_table_with_tab_separated_cells(script):
    doc = _run(TAB_TABLE, script)
    got = _tasks(doc)
    assert [t for _, t, _ in got] == ["修补破损路面并统一铺装", "清理占道堆放的杂物", "补齐夜间照明设施"]
    assert got[0][2] == {"lead": ["区住房城乡建设局"], "support": ["区城市管理局", "各街道办事处"]}
    assert got[1][2] == {"lead": ["区城市管理局"]}                      # the empty cell assigns nobody
    assert got[2][2] == {"lead": ["区城市管理局"], "support": ["区供电公司"]}
    assert [[d["date"] for d in t["deadlines"]] for t in doc["tasks"]] == [
        ["2023-08-31"], ["2023-06-30"], ["2023-10-31"]]
    assert not any("每月底报送" in t["text"] for t in doc["tasks"])     # the indented paragraph is no row
    assert not [w for w in doc["warnings"] if w["code"] == "no_tasks"]


# a task table laid out with runs of spaces (text taken from a PDF or typed as plain text): a single
# space stays inside a cell, two or more spaces (or a tab) part the cells
SPACED_TABLE = (
    "某县人民政府办公室关于印发河道保洁任务分工的通知\n"
    "各乡镇人民政府，县直各单位：\n"
    "现将分工表印发给你们，请认真落实。\n"
    "附件\n河道保洁任务分工表\n"
    "序号  主要任务                    牵头单位      配合单位              完成时间\n"
    "1     建立河道保洁 长效机制        县水利局      县财政局、各乡镇人民政府  2024年5月底前\n"
    "2     清理河岸生活垃圾            县城市管理局  县生态环境局          2024年7月底前\n"
    "　　各单位要明确专人负责，按月报送工作进展。\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_task_table_aligned_by_spaces(script):
    doc = _run(SPACED_TABLE, script)
    got = _tasks(doc)
    assert len(got) == 2
    assert got[0][1].replace(" ", "") == "建立河道保洁长效机制"
    assert got[0][2] == {"lead": ["县水利局"], "support": ["县财政局", "各乡镇人民政府"]}
    assert got[1][2] == {"lead": ["县城市管理局"], "support": ["县生态环境局"]}
    assert [[d["date"] for d in t["deadlines"]] for t in doc["tasks"]] == [["2024-05-31"], ["2024-07-31"]]
    assert not any("按月报送" in t["text"] for t in doc["tasks"])


# a table flattened to one cell per line whose LAST row has a task cell wrapped over two lines: the row
# runs to its time-limit cell, so the unit cell is not taken from the wrapped task text
FLAT_WRAPPED_LAST = (
    "附件\n重点任务分工\n序号\n工作任务\n责任单位\n完成时限\n"
    "1\n建立企业诉求快速响应机制\n市营商环境办\n2023年底\n"
    "2\n推行惠企政策\n免申即享\n市政务服务中心\n2023年6月底前\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_flattened_table_last_row_with_a_wrapped_cell(script):
    doc = _run(FLAT_WRAPPED_LAST, script)
    got = _tasks(doc)
    assert len(got) == 2
    assert got[0][2] == {"responsible": ["市营商环境办"]}
    assert got[1][2] == {"responsible": ["市政务服务中心"]}
    assert "免申即享" in got[1][1]
    assert [d["date"] for d in doc["tasks"][1]["deadlines"]] == ["2023-06-30"]


# a table flattened to one cell per line with NO 序号 column: rows cannot be cut at row numbers, so
# each row runs to its time-limit cell; the unit cells are the lines right before it, and a content
# cell wrapped over two lines stays whole
FLAT_NO_NUMBER = (
    "某区人民政府办公室关于印发社区养老服务提升方案的通知\n"
    "各街道办事处，区政府各部门：\n现将方案印发给你们，请认真执行。\n"
    "附件\n社区养老服务提升任务分工\n"
    "重点任务\n具体措施\n牵头单位\n配合单位\n完成时限\n"
    "建设社区助餐点\n在每个街道至少新建2个老年助餐点。\n区民政局\n区市场监管局、各街道办事处\n2024年10月底前\n"
    "开展居家适老化改造\n为困难老人家庭安装扶手和防滑设施，\n全年完成300户。\n区民政局\n区残联\n2024年12月底前\n"
    "培训养老护理人员\n组织护理员轮训。\n区人力社保局\n区卫生健康局\n2025年3月底前\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_flattened_table_without_a_number_column(script):
    doc = _run(FLAT_NO_NUMBER, script)
    got = _tasks(doc)
    assert [(n, t) for n, t, _ in got] == [("1", "建设社区助餐点"), ("2", "开展居家适老化改造"), ("3", "培训养老护理人员")]
    assert got[0][2] == {"lead": ["区民政局"], "support": ["区市场监管局", "各街道办事处"]}
    assert got[1][2] == {"lead": ["区民政局"], "support": ["区残联"]}
    assert got[2][2] == {"lead": ["区人力社保局"], "support": ["区卫生健康局"]}
    assert [[(d["date"], d["kind"]) for d in t["deadlines"]] for t in doc["tasks"]] == [
        [("2024-10-31", "by")], [("2024-12-31", "by")], [("2025-03-31", "by")]]
    # the wrapped measure cell stays with its row: 300户 is the second row's target
    assert [(to_script(q["text"], "simplified"), q["value"], q["unit"] and to_script(q["unit"], "simplified"))
            for q in doc["tasks"][1]["targets"]] == [("300户", 300, "户")]
    assert [(to_script(q["text"], "simplified"), q["comparator"], q["value"]) for q in doc["tasks"][0]["targets"]] \
        == [("2个", ">=", 2)]


# an OCR'd task table with ONE space between cells: read only because the header line is all column
# names and every row takes its shape (number counting up, content, unit names, time limit); two
# units apart by a space in the support column are two units; the paragraph after it is no row
SINGLE_SPACE_TABLE = (
    "某县人民政府办公室关于印发优化营商环境重点任务分工的通知\n"
    "各乡镇人民政府，县直各单位：\n现将分工印发给你们，请认真落实。\n"
    "序号 工作任务 牵头单位 配合单位 完成时限\n"
    "1 推行企业开办 一窗通办 县市场监管局 县政务服务中心、县税务局 2024年6月底前\n"
    "2 压缩工程项目审批时间 县住建局 县自然资源局 县发展改革局 2024年9月底前\n"
    "3 建立惠企政策直达机制 县发展改革局 县财政局 长期坚持\n"
    "各单位要明确专人 按季度报送进展 县发展改革局负责汇总\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_task_table_with_single_space_cells(script):
    doc = _run(SINGLE_SPACE_TABLE, script)
    got = _tasks(doc)
    assert [(n, t.replace(" ", "")) for n, t, _ in got] == [
        ("1", "推行企业开办一窗通办"), ("2", "压缩工程项目审批时间"), ("3", "建立惠企政策直达机制")]
    assert got[0][2] == {"lead": ["县市场监管局"], "support": ["县政务服务中心", "县税务局"]}
    assert got[1][2] == {"lead": ["县住建局"], "support": ["县自然资源局", "县发展改革局"]}
    assert got[2][2] == {"lead": ["县发展改革局"], "support": ["县财政局"]}
    assert [[d["date"] for d in t["deadlines"]] for t in doc["tasks"]] == [["2024-06-30"], ["2024-09-30"], []]
    assert not any("按季度" in t["text"] for t in doc["tasks"])


# Taiwan: 項次 numbers the rows, 主辦機關 / 協辦機關 columns, 民國 dates
SINGLE_SPACE_TABLE_TW = (
    "某市政府推動智慧交通實施計畫\n"
    "項次 工作項目 主辦機關 協辦機關 完成期限\n"
    "1 建置交通資訊整合平臺 交通局 資訊局 114年12月底前\n"
    "2 推動公車路線智慧化調整 交通局 各區公所 115年6月底前\n"
)


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_taiwan_task_table_with_single_space_cells(script):
    text = SINGLE_SPACE_TABLE_TW if script == "traditional" else to_script(SINGLE_SPACE_TABLE_TW, "simplified")
    doc = extract_text(text, segmenter="none", include_text=False)
    got = _tasks(doc)
    assert [(n, t) for n, t, _ in got] == [("1", "建置交通资讯整合平台"), ("2", "推动公车路线智慧化调整")]
    assert got[0][2] == {"lead": ["交通局"], "support": ["资讯局"]}
    assert got[1][2] == {"lead": ["交通局"], "support": ["各区公所"]}
    assert [[d["date"] for d in t["deadlines"]] for t in doc["tasks"]] == [["2025-12-31"], ["2026-06-30"]]


# ordinary OCR prose with single spaces is no table, even with a line of header-like words
SINGLE_SPACE_PROSE = (
    "某县农业农村局关于做好春耕工作的通知\n"
    "工作任务 牵头单位 配合单位\n"
    "今年春耕 时间紧 任务重 各乡镇要提前谋划\n"
    "县农业农村局要加强技术指导 县财政局配合做好资金保障\n"
)


def test_single_space_prose_is_no_table():
    doc = extract_text(SINGLE_SPACE_PROSE, segmenter="none", include_text=False)
    assert not any(t["rule"].startswith("task.table_row") for t in doc["tasks"])


# the closing provision after the last task's label group is not part of that task: its dates are
# not the task's deadlines, on lines of their own and in text that lost its line breaks
CLOSING_AFTER_LABELS = (
    "某市支持先进制造业发展的若干措施\n"
    "一、鼓励企业技术改造。对设备投资超过1000万元的项目，按投资额的8%给予补助。（责任单位：市工业和信息化局）\n"
    "二、支持首台套装备推广。对首次销售的重大装备，给予最高200万元奖励。（责任单位：市工业和信息化局、市财政局）\n"
    "三、加大金融支持力度。对制造业中长期贷款给予贴息。（责任单位：市金融工作局、人民银行市分行）\n"
    "激励标准均为最高标准，同一项目不重复享受。各单位要于2024年6月底前出台实施细则。"
    "本措施自2024年3月1日起施行，有效期至2026年12月31日。\n"
)


@pytest.mark.parametrize("flat", [False, True])
@pytest.mark.parametrize("script", SCRIPTS)
def test_closing_provision_after_the_last_labelled_task(script, flat):
    text = CLOSING_AFTER_LABELS.replace("\n", "") if flat else CLOSING_AFTER_LABELS
    doc = _run(text, script)
    got = _tasks(doc)
    assert [n for n, _, _ in got] == ["一", "二", "三"]
    assert got[2][2] == {"responsible": ["市金融工作局", "人民银行市分行"]}
    last = doc["tasks"][-1]
    assert to_script(last["text"], "simplified").endswith("（责任单位：市金融工作局、人民银行市分行）")
    assert [t["deadlines"] for t in doc["tasks"]] == [[], [], []]
    assert [(q["value"], q["unit"]) for q in doc["tasks"][1]["targets"]] == [(2000000, "元")]


# headline targets in one unnumbered paragraph under a goals heading that is no outline item: a line
# of its own ("主要目标") or the paragraph's opening words ("主要预期目标：到2025年，…")
GOALS_UNNUMBERED = (
    "某市推进绿色建筑发展行动计划\n"
    "为推动城乡建设绿色转型，制定本计划。\n"
    "{head}"
    "到2025年，城镇新建建筑中绿色建筑面积占比达到100%，装配式建筑占新建建筑比例不低于30%，"
    "完成既有公共建筑节能改造200万平方米以上。\n"
    "一、推广装配式建造。新建政府投资项目全面采用装配式建造。（牵头单位：市住房城乡建设局）\n"
    "二、实施公共建筑节能改造。2024年底前完成改造项目清单编制。（牵头单位：市住房城乡建设局，配合单位：市机关事务局）\n"
)


@pytest.mark.parametrize("head", ["主要目标\n", "主要预期目标："])
@pytest.mark.parametrize("script", SCRIPTS)
def test_goals_in_an_unnumbered_paragraph(script, head):
    doc = _run(GOALS_UNNUMBERED.replace("{head}", head), script)
    goals = [(to_script(g["text"], "simplified"), g["comparator"], g["value"], to_script(g["unit"], "simplified"),
              g["year"], g["kind"]) for g in doc["goals"]]
    assert goals == [("100%", ">=", 100, "%", 2025, "target"), ("30%", ">=", 30, "%", 2025, "target"),
                     ("200万平方米", ">=", 2000000, "平方米", 2025, "target")]
    # the goals are not any task's, and the tasks are read as before
    assert [n for n, _, _ in _tasks(doc)] == ["一", "二"]
    assert [q for t in doc["tasks"] for q in t["targets"]] == []


# an assessment scheme (考评办法) that assigns no unit: the scored indicators are the tasks, each with
# its score weight; the procedure (自查自评, 考评程序) and the use of results are not tasks
ASSESSMENT_PROSE = (
    "某县农村饮水安全工作考评办法\n"
    "一、考评内容\n"
    "1.工程管护（40分）。落实管护人员和经费，每发现一处设施损坏未修复扣3分。\n"
    "2.水质保障（35分）。按季度开展水质检测，年内检测不少于4次。\n"
    "3.群众满意度（25分）。开展入户回访，满意率达到90%以上。\n"
    "二、自查自评\n"
    "1.各乡镇于每年11月20日前完成自查。\n"
    "2.自评报告报送县水利局。\n"
    "三、考评程序\n"
    "1.县水利局会同县财政局于12月底前组织实地抽查。\n"
    "2.根据得分评定考评等次。\n"
    "四、考评结果运用\n"
    "考评结果纳入乡镇年度综合考核。\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_assessment_scheme_indicators_are_the_tasks(script):
    doc = _run(ASSESSMENT_PROSE, script)
    got = _tasks(doc)
    assert [(n, t) for n, t, _ in got] == [("1", "工程管护（40分）"), ("2", "水质保障（35分）"), ("3", "群众满意度（25分）")]
    scores = [[(to_script(q["text"], "simplified"), q["value"], to_script(q["unit"], "simplified"), q["comparator"], q["kind"])
               for q in t["targets"] if q["unit"] == "分"] for t in doc["tasks"]]
    assert scores == [[("40分", 40, "分", "=", "threshold"), ("3分", 3, "分", "=", "threshold")],
                      [("35分", 35, "分", "=", "threshold")], [("25分", 25, "分", "=", "threshold")]]


# an assessment table whose work is named in its 考核指标 column and weighted in its 分值 column
ASSESSMENT_TABLE = (
    "某县农村饮水安全工作考核细则\n"
    "序号 | 考核指标 | 分值 | 评分标准 | 责任单位\n"
    "1 | 工程管护 | 40 | 每发现一处设施损坏未修复扣3分 | 县水利局\n"
    "2 | 水质检测 | 35 | 每季度检测一次得满分 | 县卫生健康局\n"
    "3 | 资金保障 | 25 | 管护经费足额到位得满分 | 县财政局\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_assessment_table_titles_and_score_column(script):
    doc = _run(ASSESSMENT_TABLE, script)
    got = _tasks(doc)
    assert got == [("1", "工程管护", {"responsible": ["县水利局"]}), ("2", "水质检测", {"responsible": ["县卫生健康局"]}),
                   ("3", "资金保障", {"responsible": ["县财政局"]})]
    weights = [[(q["text"], q["value"], q["unit"], q["comparator"], q["kind"], q["rule"])
                for q in t["targets"] if q["rule"] == "quantity.score_column"] for t in doc["tasks"]]
    assert weights == [[(v, float(v), "分", "=", "threshold", "quantity.score_column")] for v in ("40", "35", "25")]
    # the 评分标准 cell's own score is read as well
    assert ("3分", 3) in [(to_script(q["text"], "simplified"), q["value"]) for q in doc["tasks"][0]["targets"]]


# a county notice whose items are ordinal headings (第一，第二，第三，)
ORDINAL_ITEMS = (
    "某县关于开展农村人居环境整治的实施方案\n"
    "为改善农村人居环境，现提出以下措施。\n"
    "第一，集中清理村庄垃圾。各乡镇要在2024年5月底前完成积存垃圾清理。（责任单位：县城市管理局、各乡镇人民政府）\n"
    "第二，推进农村厕所改造。全年完成改厕500户。（责任单位：县农业农村局）\n"
    "第三，整治农村生活污水。（牵头单位：县生态环境局；配合单位：县住房城乡建设局）\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_ordinal_headings_are_items(script):
    doc = _run(ORDINAL_ITEMS, script)
    got = _tasks(doc)
    assert got == [("一", "集中清理村庄垃圾", {"responsible": ["县城市管理局", "各乡镇人民政府"]}),
                   ("二", "推进农村厕所改造", {"responsible": ["县农业农村局"]}),
                   ("三", "整治农村生活污水", {"lead": ["县生态环境局"], "support": ["县住房城乡建设局"]})]
    assert [d["date"] for d in doc["tasks"][0]["deadlines"]] == ["2024-05-31"]


# one list numbered in mixed styles (1、 / 2. / （3） / 4、): one level, four items
MIXED_NUMBERING = (
    "某县农村人居环境整治方案\n"
    "一、重点任务\n"
    "1、清理村庄垃圾。2024年5月底前完成积存垃圾清理。（责任单位：县城市管理局）\n"
    "2.推进厕所改造。全年完成改厕500户。（责任单位：县农业农村局）\n"
    "（3）整治生活污水。（责任单位：县生态环境局）\n"
    "4、加强村庄绿化。（责任单位：县林业局）\n"
    "二、保障措施\n"
    "各乡镇要加强组织领导。\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_one_list_numbered_in_mixed_styles(script):
    doc = _run(MIXED_NUMBERING, script)
    got = _tasks(doc)
    assert got == [("1", "清理村庄垃圾", {"responsible": ["县城市管理局"]}),
                   ("2", "推进厕所改造", {"responsible": ["县农业农村局"]}),
                   ("3", "整治生活污水", {"responsible": ["县生态环境局"]}),
                   ("4", "加强村庄绿化", {"responsible": ["县林业局"]})]
    assert [[d["date"] for d in t["deadlines"]] for t in doc["tasks"]] == [["2024-05-31"], [], [], []]
    assert {t["section_id"] for t in doc["tasks"]} == {doc["sections"][0]["id"]}


# nested numbering that is not mixed: 1. with (1) (2) under it, then 2.
NESTED_NOT_MIXED = (
    "某县农村人居环境整治方案\n"
    "1.清理村庄垃圾\n（1）清运积存垃圾。（责任单位：县城市管理局）\n（2）建立保洁制度。（责任单位：各乡镇人民政府）\n"
    "2.推进厕所改造\n（1）改造户厕。（责任单位：县农业农村局）\n"
)


def test_nested_lists_are_not_read_as_mixed_numbering():
    doc = _run(NESTED_NOT_MIXED, "simplified")
    assert [(t["number"], t["parent_id"] is None) for t in doc["tasks"]] == [("1", True), ("2", True), ("1", True)]
    assert [s["number"] for s in doc["sections"]] == ["1", "2"]


# a bracketed label group on a line of its own after the sub-items assigns the heading's work
PAREN_BLOCK = (
    "某市应急体系建设规划任务分解\n"
    "（一）预案体系建设\n"
    "1.完善应急预案体系\n（1）规范预案编制和备案工作。\n（2）每年至少组织一次综合演练。\n"
    "（责任单位：市应急管理局、各县区人民政府）\n"
    "2.健全应急联动机制\n（1）建立部门间信息共享机制。\n（2）推进基层应急站点建设。\n"
    "（责任单位：市应急管理局）\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_bracketed_label_block_after_sub_items(script):
    doc = _run(PAREN_BLOCK, script)
    by_title = {t: roles for _, t, roles in _tasks(doc)}
    assert by_title["完善应急预案体系"] == {"responsible": ["市应急管理局", "各县区人民政府"]}
    assert by_title["健全应急联动机制"] == {"responsible": ["市应急管理局"]}
    # the last sub-items keep their own text: the group is not theirs
    assert by_title["每年至少组织一次综合演练"] == {}
    assert by_title["推进基层应急站点建设"] == {}


# items under a goals heading that are tasks (labelled): their targets are theirs, not goals too
GOAL_ITEMS_WITH_LABELS = (
    "某区2023年重点工作任务分解方案\n"
    "一、主要预期目标\n"
    "1.地区生产总值增长6%左右。\n牵头单位：区发展改革局\n责任单位：各街道办事处\n"
    "2.一般公共预算收入增长8%。\n牵头单位：区财政局\n"
    "二、重点工作\n"
    "3.改造老旧小区20个。\n牵头单位：区住房城乡建设局\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_labelled_items_under_a_goals_heading_are_tasks_not_goals(script):
    doc = _run(GOAL_ITEMS_WITH_LABELS, script)
    assert [n for n, _, _ in _tasks(doc)] == ["1", "2", "3"]
    assert doc["goals"] == []
    assert [(q["value"], q["unit"]) for q in doc["tasks"][1]["targets"]] == [(8, "%")]


# a Taiwan plan that never writes 民國: its 辦理期程 / 完成期限 lines still count in the ROC calendar
TW_NO_MINGUO = (
    "某市推動社區照顧行動計畫\n"
    "壹、計畫目標\n一、提升社區照顧服務涵蓋率。\n"
    "貳、工作項目\n"
    "一、布建社區照顧據點\n"
    "（一）結合里辦公處設置照顧站。\n"
    "主（協）辦機關：社會局、（民政局、各區公所）\n"
    "辦理期程：113年1月至114年12月\n"
    "（二）輔導既有據點轉型。\n"
    "主（協）辦機關：衛生局、（社會局）\n"
    "辦理期程：113年7月至115年6月\n"
    "參、經費來源\n所需經費由各機關編列預算支應。\n"
)


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_taiwan_plan_periods_without_minguo(script):
    text = TW_NO_MINGUO if script == "traditional" else to_script(TW_NO_MINGUO, "simplified")
    doc = extract_text(text, segmenter="none", include_text=False)
    got = _tasks(doc)
    assert got == [("一", "结合里办公处设置照顾站", {"lead": ["社会局"], "support": ["民政局", "各区公所"]}),
                   ("二", "辅导既有据点转型", {"lead": ["卫生局"], "support": ["社会局"]})]
    assert [[(d["date"], d["kind"]) for d in t["deadlines"]] for t in doc["tasks"]] == [
        [("2025-12-31", "period")], [("2026-06-30", "period")]]


def test_bare_three_digit_years_beside_gregorian_years_are_not_roc():
    from extractor.structure.metadata import uses_roc
    assert uses_roc("辦理期程：113年1月至114年12月。完成期限：115年度。")
    # Gregorian years that outnumber the three-digit ones: those are not ROC dates
    assert not uses_roc("2024年工作要点：2023年、2024年和2025年的113年1月至114年12月数据另行统计。")
    # ROC dates that recur and outnumber a Gregorian year cited beside them (2050年净零) are
    assert uses_roc("朝2050年淨零邁進：113年1月至114年12月試辦，115年度推廣，116年底前完成。")


# an annex task table whose group rows (一、… with empty cells) head the rows under them
TABLE_GROUP_ROWS = (
    "附件\n城市更新重点任务分工表\n"
    "序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限\n"
    "一、老旧小区改造 | | | |\n"
    "1 | 改造老旧小区50个 | 市住房城乡建设局 | 各区人民政府 | 2024年底前\n"
    "2 | 加装电梯200部 | 市住房城乡建设局 | 市市场监管局 | 2025年底前\n"
    "二、历史街区保护 | | | |\n"
    "3 | 编制历史街区保护规划 | 市自然资源和规划局 | 市文化旅游局 | 2024年6月底前\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_task_table_group_rows_are_no_tasks(script):
    doc = _run(TABLE_GROUP_ROWS, script)
    got = _tasks(doc)
    assert [(n, t) for n, t, _ in got] == [("1", "改造老旧小区50个"), ("2", "加装电梯200部"), ("3", "编制历史街区保护规划")]
    assert got[2][2] == {"lead": ["市自然资源和规划局"], "support": ["市文化旅游局"]}


@pytest.mark.parametrize("script", SCRIPTS)
def test_single_space_table_row_with_a_wrapped_content_cell(script):
    text = SINGLE_SPACE_TABLE.replace("2 压缩工程项目审批时间 县住建局", "2 压缩工程项目审批时间，实行 县住建局").replace(
        "2024年9月底前\n", "2024年9月底前\n并联审批\n")
    doc = _run(text, script)
    got = _tasks(doc)
    # the wrapped line is skipped, the rows after it are still read
    assert [n for n, _, _ in got] == ["1", "2", "3"]
    assert got[1][1] == "压缩工程项目审批时间，实行"
    assert got[2][2] == {"lead": ["县发展改革局"], "support": ["县财政局"]}


# a one-cell-per-line table with group headings between its rows (一、… / 二、…): the headings are no
# column of the header and no cell of the row above them
FLAT_GROUPED = (
    "附件\n重点任务分工表\n序号\n重点任务\n牵头单位\n配合单位\n完成时限\n"
    "一、老旧小区改造\n"
    "1\n改造老旧小区50个\n市住房城乡建设局\n各区人民政府\n2024年底前\n"
    "2\n加装电梯200部\n市住房城乡建设局\n市市场监管局\n2025年底前\n"
    "二、历史街区保护\n"
    "3\n编制历史街区保护规划\n市自然资源和规划局\n市文化旅游局\n2024年6月底前\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_flattened_table_with_group_headings_between_rows(script):
    doc = _run(FLAT_GROUPED, script)
    got = _tasks(doc)
    assert [(n, t) for n, t, _ in got] == [("1", "改造老旧小区50个"), ("2", "加装电梯200部"), ("3", "编制历史街区保护规划")]
    assert not any("历史街区保护" in to_script(t["text"], "simplified") for t in doc["tasks"][:2])
    assert got[1][2] == {"lead": ["市住房城乡建设局"], "support": ["市市场监管局"]}
    assert [[d["date"] for d in t["deadlines"]] for t in doc["tasks"]] == [["2024-12-31"], ["2025-12-31"], ["2024-06-30"]]


# a two-column flattened list (重点任务 / 责任单位) with no 序号 and no time column: a row ends at its
# line of unit names
FLAT_TWO_COLUMNS = (
    "附件\n重点任务清单\n重点任务\n责任单位\n"
    "推行企业开办一日办结。\n县市场监管局\n"
    "压缩工程项目审批时间，\n全流程控制在60个工作日以内。\n县住建局、县自然资源局\n"
    "建立惠企政策直达机制。\n县发展改革局\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_flattened_two_column_list_without_numbers(script):
    doc = _run(FLAT_TWO_COLUMNS, script)
    got = _tasks(doc)
    assert [roles for _, _, roles in got] == [{"responsible": ["县市场监管局"]},
                                              {"responsible": ["县住建局", "县自然资源局"]},
                                              {"responsible": ["县发展改革局"]}]
    assert [(q["value"], to_script(q["unit"], "simplified"), q["comparator"]) for q in doc["tasks"][1]["targets"]] == [
        (60, "个工作日", "<=")]


# a Taiwan county plan: 壹、依據 and 肆、經費 are parts that state no work; a goal dated 115年以前 is an
# ROC year (2026), not a quantity of 115 years
TW_COUNTY_PLAN = (
    "某縣推動智慧農業實施計畫\n"
    "壹、依據\n本府農業發展方案。\n"
    "貳、計畫目標\n一、115年以前輔導農民導入智慧設備達500戶。\n"
    "參、工作項目\n"
    "一、辦理智慧農業說明會，每年至少4場。（主辦機關：農業處；協辦機關：各鄉鎮市公所）\n"
    "二、補助農民購置環控設備。（主辦機關：農業處）\n"
    "肆、經費\n所需經費由本府年度預算支應。\n"
)


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_taiwan_county_plan_parts_and_roc_goal_year(script):
    text = TW_COUNTY_PLAN if script == "traditional" else to_script(TW_COUNTY_PLAN, "simplified")
    doc = extract_text(text, segmenter="none", include_text=False)
    got = _tasks(doc)
    assert got == [("一", "办理智慧农业说明会，每年至少4场", {"lead": ["农业处"], "support": ["各乡镇市公所"]}),
                   ("二", "补助农民购置环控设备", {"lead": ["农业处"]})]
    assert [(g["value"], to_script(g["unit"], "simplified"), g["comparator"], g["year"]) for g in doc["goals"]] == [
        (500, "户", ">=", 2026)]


# a 任务清单 whose time column (时间节点) holds bare dates: the cell is the row's deadline, read as the
# time field it is; 持续推进 is no deadline
TIME_COLUMN_TABLE = (
    "某区2024年营商环境改革任务清单\n"
    "序号 | 具体举措 | 责任单位 | 时间节点\n"
    "1 | 推行企业开办一网通办 | 区市场监管局 | 2024年6月\n"
    "2 | 推行工程建设联合验收 | 区住建局、区自然资源局 | 2025年\n"
    "3 | 推进跨省通办事项扩面 | 区政务服务中心 | 持续推进\n"
)


@pytest.mark.parametrize("sep", [" | ", " "])
@pytest.mark.parametrize("script", SCRIPTS)
def test_bare_dates_in_a_time_column(script, sep):
    doc = _run(TIME_COLUMN_TABLE.replace(" | ", sep), script)
    got = _tasks(doc)
    assert [roles for _, _, roles in got] == [{"responsible": ["区市场监管局"]},
                                              {"responsible": ["区住建局", "区自然资源局"]},
                                              {"responsible": ["区政务服务中心"]}]
    assert [[(to_script(d["text"], "simplified"), d["date"], d["kind"]) for d in t["deadlines"]] for t in doc["tasks"]] == [
        [("2024年6月", "2024-06-30", "by")], [("2025年", "2025-12-31", "by")], []]


# an assessment table with no unit column: its rows are the scored indicators (tasks), each with
# its score weight from the 分值 column
SCORE_TABLE_NO_UNITS = (
    "某县2023年度乡镇河长制工作考核细则\n"
    "序号 | 考核项目 | 考核内容 | 分值 | 评分标准\n"
    "1 | 组织体系 | 健全乡村两级河长组织体系 | 10 | 体系不健全扣5分\n"
    "2 | 河道巡查 | 乡级河长每月巡河不少于1次 | 20 | 每少一次扣2分\n"
    "3 | 宣传引导 | 开展河湖保护宣传活动 | 10 | 未开展不得分\n"
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_assessment_table_without_a_unit_column(script):
    doc = _run(SCORE_TABLE_NO_UNITS, script)
    got = _tasks(doc)
    assert got == [("1", "健全乡村两级河长组织体系", {}), ("2", "乡级河长每月巡河不少于1次", {}), ("3", "开展河湖保护宣传活动", {})]
    assert [[q["value"] for q in t["targets"] if q["rule"] == "quantity.score_column"] for t in doc["tasks"]] == [
        [10], [20], [10]]


def test_scoring_annex_of_a_labelled_plan_adds_no_tasks():
    text = ("某县河湖管护实施方案\n一、清理河道垃圾。年底前完成。（责任单位：县水利局）\n"
            "二、整治入河排污口。（责任单位：县生态环境局）\n附件\n考核评分表\n"
            + SCORE_TABLE_NO_UNITS.split("\n", 1)[1])
    doc = _run(text, "simplified")
    assert [t["number"] for t in doc["tasks"]] == ["一", "二"]


# Taiwan blocks with the bare words 主辦：/ 協辦： on one line; a web page footer "主办：…" alone is
# page chrome, no assignment
TW_BARE_PAIR = (
    "某縣推動智慧農業實施計畫\n"
    "壹、工作項目\n"
    "一、辦理智慧農業說明會，每年至少4場。\n主辦：農業處　協辦：各鄉鎮市公所\n"
    "二、補助農民購置環控設備。\n主辦：農業處　協辦：財政處\n"
    "三、整合產銷資料平臺。\n主辦：研考處　協辦：農業處\n"
    "四、建立成效追蹤機制。\n主辦：研考處\n"
)


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_taiwan_bare_host_and_partner_labels_on_one_line(script):
    text = TW_BARE_PAIR if script == "traditional" else to_script(TW_BARE_PAIR, "simplified")
    doc = extract_text(text, segmenter="none", include_text=False)
    assert [roles for _, _, roles in _tasks(doc)] == [{"lead": ["农业处"], "support": ["各乡镇市公所"]},
                                                      {"lead": ["农业处"], "support": ["财政处"]},
                                                      {"lead": ["研考处"], "support": ["农业处"]},
                                                      {"lead": ["研考处"]}]      # a host alone, the pair used elsewhere


def test_a_lone_host_line_in_page_chrome_assigns_nothing():
    text = ("某市支持措施\n一、支持企业技改。（责任单位：市经济信息委）\n二、支持首台套。（责任单位：市经济信息委）\n"
            "三、支持人才引进。（责任单位：市人力社保局）\n版权所有：某市经济信息委 主办：某市经济信息委\n")
    doc = _run(text, "simplified")
    assert [roles for _, _, roles in _tasks(doc)][-1] == {"responsible": ["市人力社保局"]}
    assert not any("主办" in c["text"] for c in doc["diagnostics"]["unassigned_cues"])
