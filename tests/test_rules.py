"""Rules in isolation: unit lists, role cues, outline levels, notice location, metadata."""
import pytest

from extractor.cues.responsibilities import find_labels, find_paren_groups, find_inline
from extractor.lang.roles import LexiconError, load_role_cues
from extractor.cues.unitlist import split_units
from extractor.normalise import normalise
from extractor.structure.metadata import extract_metadata
from extractor.structure.outline import build_outline


def names(s, **kw):
    return [u.name for u in split_units(s, **kw)]


@pytest.mark.parametrize("text,expected", [
    ("各开发区管委会、区县(市)政府", ["各开发区管委会", "各区县(市)政府"]),
    ("各省、自治区、直辖市人民政府", ["各省、自治区、直辖市人民政府"]),
    ("市政府各委、办、局,各有关单位", ["市政府各委、办、局", "各有关单位"]),
    ("国家发展改革委、工业和信息化部等国务院相关部门", ["国家发展改革委", "工业和信息化部", "国务院相关部门"]),
    ("市财政局、市商务局等部门", ["市财政局", "市商务局"]),
    ("市委文明办(创城办)", ["市委文明办"]),
    ("市发改委和市财政局", ["市发改委", "市财政局"]),
    ("省工业和信息化厅", ["省工业和信息化厅"]),
    ("市交通运输局,各开发区管委会、区县(市)政府", ["市交通运输局", "各开发区管委会", "各区县(市)政府"]),
])
def test_split_units(text, expected):
    assert names(text) == expected


def test_split_keeps_spans_into_the_text():
    text = "责任单位:各开发区管委会、区县(市)政府"
    ms = split_units(text[5:], 5)
    assert [text[m.start:m.end] for m in ms] == ["各开发区管委会", "区县(市)政府"]
    assert ms[1].prefix == "各"


def roles(hits):
    return [(h.unit.name, h.role) for h in hits]


def test_label_lines_both_scripts_and_colons():
    for raw in ("牽頭單位：市發展改革委\n配合單位:市工信局、市科技局\n責任單位：各區政府",
                "牵头单位:市发展改革委\n配合单位：市工信局、市科技局\n责任单位:各区政府"):
        t = normalise(raw).text
        hits, _ = find_labels(t, 0, len(t))
        assert roles(hits) == [("市发展改革委", "lead"), ("市工信局", "support"), ("市科技局", "support"),
                               ("各区政府", "responsible")]


def test_label_with_inline_verbs():
    t = "(责任单位:省水利厅牵头,省发改委、省财政厅等部门分工负责)"
    hits, _ = find_labels(t, 0, len(t))
    assert roles(hits) == [("省水利厅", "lead"), ("省发改委", "responsible"), ("省财政厅", "responsible")]


def test_internal_division_columns_are_not_units():
    t = "市卫健委内牵头处室:基层处\n牵头单位:各区政府"
    hits, _ = find_labels(t, 0, len(t))
    assert roles(hits) == [("各区政府", "lead")]


@pytest.mark.parametrize("text,expected", [
    ("(生态环境部牵头,国家发展改革委、工业和信息化部参与)",
     [("生态环境部", "lead"), ("国家发展改革委", "support"), ("工业和信息化部", "support")]),
    ("(商务部指导,供销合作总社参与)", [("商务部", "responsible"), ("供销合作总社", "support")]),
    ("(市场监管总局、工业和信息化部负责)", [("市场监管总局", "responsible"), ("工业和信息化部", "responsible")]),
    ("(以下简称“通信线”)", []),
    ("(2022年5月底前)", []),
])
def test_paren_groups(text, expected):
    assert roles(find_paren_groups(text, 0, len(text), [])) == expected


def test_first_listed_convention():
    t = "(税务总局、财政部、海关总署负责)"
    assert roles(find_paren_groups(t, 0, len(t), [], first_leads=True)) == [
        ("税务总局", "lead"), ("财政部", "responsible"), ("海关总署", "responsible")]


def test_inline_duties():
    t = "由国网龙岩供电公司牵头,组织各县供电公司开展排查。"
    assert ("国网龙岩供电公司", "lead") in roles(find_inline(t, 0, len(t)))


def test_outline_levels_inferred_not_fixed():
    # the same marker style sits at different depths in different documents
    a = build_outline("一、任务\n1.甲项工作。\n2.乙项工作。\n二、保障\n3.丙项工作。\n")
    assert [(i.number, i.level) for i in a] == [("一", 1), ("1", 2), ("2", 2), ("二", 1), ("3", 2)]
    b = build_outline("1.总体要求\n(1)甲项。\n(2)乙项。\n2.重点任务\n(1)丙项。\n")
    assert [(i.number, i.level) for i in b] == [("1", 1), ("1", 2), ("2", 2), ("2", 1), ("1", 2)]


def test_numbers_inside_sentences_are_not_items():
    items = build_outline("一、目标\n建设1、2号线,完成3.5公里改造。\n二、任务\n")
    assert [i.number for i in items] == ["一", "二"]


def test_news_lead_in_is_skipped():
    text = ("近日,某市人民政府印发通知。\n1、摘录的一段。\n全文如下:\n某市人民政府关于印发某方案的通知\n"
            "某政〔2024〕1号\n各区人民政府:\n现印发给你们。\n某市人民政府\n二〇二四年六月二十七日\n")
    m = extract_metadata(text)
    assert text[m.notice_start:].startswith("某市人民政府关于印发")
    assert m.date_iso == "2024-06-27"
    assert text[slice(*m.doc_number)] == "某政〔2024〕1号"


@pytest.mark.parametrize("docno", ["某政〔2024〕1号", "某政[2024]1号", "某政(2024)1号"])
def test_doc_number_bracket_variants(docno):
    text = f"某市人民政府关于印发某方案的通知\n{docno}\n各区人民政府:\n现印发给你们。\n某市人民政府\n2024年1月2日\n"
    m = extract_metadata(text)
    assert text[slice(*m.doc_number)] == docno


def test_role_cue_file_is_validated(tmp_path):
    bad = tmp_path / "roles.toml"
    bad.write_text('[[label]]\nwords = ["牵头单位"]\nrole = "boss"\n[[verb]]\nwords=["牵头"]\nrole="lead"\n', "utf-8")
    with pytest.raises(LexiconError, match=r"roles.toml: label\[0\]"):
        load_role_cues(bad)
    bad.write_text("not toml [", "utf-8")
    with pytest.raises(LexiconError, match="not valid TOML"):
        load_role_cues(bad)


def test_time_fields_end_unit_lists_and_give_deadlines():
    from extractor.pipeline import extract_text
    t = ("某市2024年优化营商环境工作要点\n一、提升政务服务效能\n"
         "1.推行“高效办成一件事”。（责任单位：市政务服务局、市发改委；完成时限：2024年12月）\n"
         "2.压缩企业开办时间。牵头单位：市市场监管局；配合单位：市公安局。完成时间：2024年6月\n"
         "3.开展“双随机、一公开”监管。责任单位：市市场监管局。时间：长期坚持\n")
    d = extract_text(t)
    units = [[r["unit"] for r in x["responsibilities"]] for x in d["tasks"]]
    assert units == [["市政务服务局", "市发改委"], ["市市场监管局", "市公安局"], ["市市场监管局"]]
    assert [[(y["text"], y["date"]) for y in x["deadlines"]] for x in d["tasks"]] == [
        [("2024年12月", "2024-12-31")], [("2024年6月", "2024-06-30")], []]


def test_convention_inside_a_label_list_and_explicit_inline_duty():
    from extractor.pipeline import extract_text
    t = ("某市关于加快数字经济发展的实施意见\n一、重点任务\n"
         "（一）建设数字基础设施。（责任单位：市工信局、市通信管理办、各区政府，列第一位的为牵头单位，下同）\n"
         "（二）培育数字产业集群。（责任单位：市发展改革委、市科技局）\n"
         "（三）推进数字政府建设。由市政务服务数据管理局负责。\n"
         "（四）优化营商环境。市场主体负责人要守法经营。\n")
    d = extract_text(t)
    got = [[(r["unit"], r["role"]) for r in x["responsibilities"]] for x in d["tasks"]]
    assert got == [[("市工信局", "lead"), ("市通信管理办", "responsible"), ("各区政府", "responsible")],
                   [("市发展改革委", "lead"), ("市科技局", "responsible")],
                   [("市政务服务数据管理局", "responsible")],
                   []]


@pytest.mark.parametrize("label,role", [("牵头部门", "lead"), ("责任部门", "responsible"), ("牵头考核单位", "lead"),
                                        ("配合部门", "support"), ("協辦機關", "support"), ("主辦機關", "lead")])
def test_label_words(label, role):
    t = normalise(f"{label}：市财政局、市审计局").text
    hits, _ = find_labels(t, 0, len(t))
    assert roles(hits) == [("市财政局", role), ("市审计局", role)]


def test_carry_forward_applies_to_later_tasks_of_the_part():
    from extractor.pipeline import extract_text
    t = ("二、主要任务\n（一）建立指标体系。（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）\n"
         "（二）推行绿色生产。（工业和信息化部指导）\n三、保障措施\n（一）加强组织领导。（国务院办公厅负责）\n")
    d = extract_text(t)
    got = {x["number"] + x["section_id"]: {(r["unit"], r["role"]) for r in x["responsibilities"]} for x in d["tasks"]}
    assert ("试点城市政府", "responsible") in got["一s:二"] and ("试点城市政府", "responsible") in got["二s:二"]
    assert ("试点城市政府", "responsible") not in got["一s:三"]       # not carried into another part


def test_inline_hui_tong_support():
    t = "由市工信局牵头,会同市财政局制定实施细则。"
    got = roles(find_inline(t, 0, len(t)))
    assert ("市工信局", "lead") in got and ("市财政局", "support") in got


@pytest.mark.parametrize("text,expected", [
    ("到2025年每万人口全科医生数达到4人以上", [("4人", 4.0, ">=", "target")]),
    ("安排专项资金1.5亿元", [("1.5亿元", 150000000.0, "=", "threshold")]),
    ("城镇新增就业超过10万人", [("10万人", 100000.0, ">", "target")]),
    ("对年产能5000吨以下的企业给予最高50万元奖励", [("5000吨", 5000.0, "<=", "threshold"), ("50万元", 500000.0, "<=", "threshold")]),
])
def test_quantity_values_comparators_kinds(text, expected):
    from extractor.annotate.quantities import find_quantities
    got = [(text[q.start:q.end], q.value, q.comparator, q.kind) for q in find_quantities(text)]
    assert got == expected


@pytest.mark.parametrize("text,expected", [
    # short place names sharing the last name's suffix are split at 、 and kept as written
    # (ANNOTATION.md: split lists at 、; a strict, inline list keeps them too)
    ("山东、江苏、浙江公司", ["山东", "江苏", "浙江公司"]),
    ("服务商、南瑞信通公司", ["服务商", "南瑞信通公司"]),        # a name of its own is not a fragment
])
def test_shared_suffix_lists(text, expected):
    assert names(text) == expected


def test_attachment_list_numbers_are_not_items():
    items = build_outline("附件:1.名单2.回执\n一、总体要求\n1.甲项工作。\n2.乙项工作。\n二、保障\n3.丙项工作。\n")
    assert [(i.number, i.level) for i in items] == [("一", 1), ("1", 2), ("2", 2), ("二", 1), ("3", 2)]


def test_run_on_letter_title_and_docno():
    text = ("某省生态环境厅某省生态环境厅关于征求《某方案》意见建议的函某环便函〔2021〕12号省有关部门:"
            "为贯彻落实《关于推动绿色发展的意见》，现征求意见。某省生态环境厅2021年8月17日")
    m = extract_metadata(text)
    # a covering letter (…的函) is the notice; the plan it sends is the title (as the gold reads it)
    assert text[slice(*m.notice_title)] == "某省生态环境厅关于征求《某方案》意见建议的函"
    assert text[slice(*m.title)] == "某方案"
    assert text[slice(*m.doc_number)] == "某环便函〔2021〕12号"


def test_years_before_the_signing_are_not_deadlines():
    from extractor.pipeline import extract_text
    t = ("某市人民政府关于印发老旧小区改造方案的通知\n各区人民政府:\n现印发给你们。\n某市人民政府\n2023年5月6日\n"
         "老旧小区改造方案\n一、任务\n1.改造老旧小区。对2000年前建成的小区，2024年底前完成改造。(责任单位:市住建局)\n")
    d = extract_text(t)
    assert [(x["text"], x["date"]) for x in d["tasks"][0]["deadlines"]] == [("2024年底前", "2024-12-31")]


def test_two_row_table_header():
    from extractor.pipeline import extract_text
    t = ("某区2025年重点工作任务分工方案\n序号 | 重点任务 | 责任单位 [colspan=2] | 完成时限\n牵头单位 | 配合单位\n"
         "1 | 新建5G基站2000个。 | 区工信局 | 区通信管理办、各街道办事处 | 2025年12月底前\n"
         "2 | 完成老旧小区改造30个。 | 区住建局 | 区财政局 | 2025年10月底前\n")
    d = extract_text(t)
    assert [[(r["unit"], r["role"]) for r in x["responsibilities"]] for x in d["tasks"]] == [
        [("区工信局", "lead"), ("区通信管理办", "support"), ("各街道办事处", "support")],
        [("区住建局", "lead"), ("区财政局", "support")]]
    assert [x["deadlines"][0]["date"] for x in d["tasks"]] == ["2025-12-31", "2025-10-31"]


def test_decimal_numbering_of_technical_plans():
    t = ("1 总则\n1.1 编制目的\n为规范处置，制定本预案。\n1.2 适用范围\n本预案适用于全省。\n2 组织指挥体系\n"
         "2.1 省级组织指挥机构\n省政府成立指挥部。\n2.1.1 指挥部职责\n负责统一指挥，增长2.5%。\n2.2 现场指挥机构\n3 监测预警\n3.1 监测\n")
    items = build_outline(t)
    assert [(i.number, i.level) for i in items] == [("1", 1), ("1.1", 2), ("1.2", 2), ("2", 1), ("2.1", 2),
                                                    ("2.1.1", 3), ("2.2", 2), ("3", 1), ("3.1", 2)]


def test_inline_participants():
    t = "协调组织各通信运营商现场复核搭挂情况;会同市工信局、市委文明办(市创城办)不定期现场抽查;与国网龙岩供电公司协商制定新机制。"
    got = roles(find_inline(t, 0, len(t)))
    for unit in ("各通信运营商", "市工信局", "市委文明办", "国网龙岩供电公司"):
        assert (unit, "support") in got, (unit, got)


def test_role_marker_after_a_name_and_bracketed_verb():
    t = normalise("责任单位：市政务服务数据管理局（牵头）、市发展改革委、各区人民政府\n"
                  "责任单位：市发展改革委、市财政局（按职责分工负责）").text
    hits, _ = find_labels(t, 0, len(t))
    assert roles(hits) == [("市政务服务数据管理局", "lead"), ("市发展改革委", "responsible"), ("各区人民政府", "responsible"),
                           ("市发展改革委", "responsible"), ("市财政局", "responsible")]


def test_bracketed_labels_and_traditional_forms_in_a_simplified_notice():
    from extractor.pipeline import extract_text
    t = ("某市工作方案\n一、重点任务\n1.推进“一网通办”。【牵头单位】市政务服务数据管理局【配合单位】市发展改革委、各区人民政府\n"
         "2.压缩审批时限。【責任單位】市住建局\n")
    d = extract_text(t)
    assert d["source"]["script"] == "simplified"
    assert [[(r["unit"], r["role"]) for r in x["responsibilities"]] for x in d["tasks"]] == [
        [("市政务服务数据管理局", "lead"), ("市发展改革委", "support"), ("各区人民政府", "support")],
        [("市住建局", "responsible")]]


def test_letter_spaced_labels_from_ocr():
    t = "牵 头 单 位: 市发展改革委\n配 合 单 位:市财政局"
    hits, _ = find_labels(t, 0, len(t))
    assert [(h.unit.name, h.role, h.label) for h in hits] == [("市发展改革委", "lead", "牵头单位"),
                                                              ("市财政局", "support", "配合单位")]
