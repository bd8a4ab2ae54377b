"""Output review of deadlines and quantities on real notices (review-dq): each family of errors
found there, fixed as a rule, is asserted here by value in both scripts on text written for these
tests (no notice's text is copied)."""
from __future__ import annotations

import pytest

from phrase_support import SCRIPTS, conv, dls, quantity_rows

from extractor.annotate.deadlines import find_deadlines
from extractor.annotate.quantities import find_quantities
from extractor.normalise import normalise



def qs(src, **kw):
    return quantity_rows(src, ("value", "unit", "comparator"), **kw)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_voltage_grade_names_a_class_of_equipment_not_an_amount(script):
    src = conv("今年新建220千伏变电站3座、10kV线路45公里，1000千伏特高压工程加快建设；"
               "35千伏及以上在建工程全部纳入检查，10千伏以下用户另行安排。", script)
    got = qs(src)
    assert ("3座", 3, "座", "=") in got and ("45公里", 45, "公里", "=") in got
    # the grades that only name a class are gone; a grade that bounds a scope stays
    assert [g for g in got if g[2] in ("千伏", "kV")] == [("35千伏", 35, "千伏", ">="), ("10千伏", 10, "千伏", "<=")]
    # a capacity in 千伏安 is an amount
    assert qs(conv("新建主变2台，容量共36万千伏安。", script))[-1] == ("36万千伏安", 360000, "千伏安", "=")


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_length_in_a_programme_name_is_not_an_amount_of_years(script):
    got = qs(conv("深入实施乡村道路提升三年行动，推进5年攻坚行动计划，新建道路120公里。", script))
    assert got == [("120公里", 120, "公里", "=")]
    # a span of years that bounds the work is still read (as a deadline, not a quantity)
    assert dls(conv("用三年时间完成改造。", script), issue_date="2024-03-01")[0][1] == "2026-12-31"


@pytest.mark.parametrize("script", SCRIPTS)
def test_an_item_number_glued_to_a_year_is_not_a_decimal(script):
    # an attachment list whose line breaks were lost: "2." is the item number, not 2.2024 years
    got = qs(conv("附件：1.工作进度表2.2024年重点项目清单，共安排项目12个。", script))
    assert got == [("12个", 12, "个", "=")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_range_of_months_or_days_runs_into_the_next_year(script):
    assert dls(conv("取暖季12月-3月开展巡查。", script), default_year=2023) == [("12月-3月", "2024-03-31", "period")]
    assert dls(conv("集中整治时间为12月20日至1月10日。", script), default_year=2023) == \
        [("12月20日至1月10日", "2024-01-10", "period")]
    # within one year nothing changes
    assert dls(conv("6月至8月组织集中攻坚。", script), default_year=2023) == [("6月至8月", "2023-08-31", "period")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_since_and_baseline_phrases_are_not_deadlines(script):
    assert dls(conv("10月中旬以来，全县降雨明显偏少，旱情持续发展。", script), default_year=2023) == []
    assert dls(conv("今年上半年以来，新增企业数量稳步增长。", script), default_year=2023) == []
    assert dls(conv("以2022年末为基础，库存压降三成。", script), default_year=2023) == []
    # the deadline in the same sentence stays
    assert dls(conv("以2022年为基数，2024年底前能耗下降5%。", script)) == [("2024年底前", "2024-12-31", "by")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_an_as_of_date_before_the_notice_is_a_statistic_not_a_deadline(script):
    src = conv("截至2023年底，全区光伏装机约80兆瓦；截至2025年底，装机达到200兆瓦。", script)
    # issued in 2024: the first date reports the past, the second is a target's deadline
    assert dls(src, issue_date="2024-03-01") == [("截至2025年底", "2025-12-31", "by")]
    # without an issue date both stay (nothing says which is past)
    assert len(dls(src)) == 2


GOALS = ("关于印发某市应急物资储备能力提升方案的通知\n各区人民政府：\n某市应急物资储备能力提升方案\n"
         "一、主要目标\n全市现有应急物资储备库12个。到2026年，储备库达到20个，储备品种覆盖率达到95%以上。\n"
         "二、重点任务\n（一）扩充储备。在现有库房基础上新增库容3万平方米。（责任单位：市应急局）\n"
         "某市人民政府\n2024年5月6日\n")


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_stock_that_exists_now_is_a_baseline_not_a_goal(script):
    from extractor.pipeline import extract_text
    doc = extract_text(conv(GOALS, script), path="g.txt", include_text=False)
    # the goals are what the plan sets, not the twelve depots that exist
    assert [(g["value"], normalise(g["unit"]).text, g["comparator"], g["year"]) for g in doc["goals"]] == \
        [(20, "个", ">=", 2026), (95, "%", ">=", 2026)]
    # new work on existing premises is still a target
    t = doc["tasks"][0]["targets"]
    assert [(q["value"], normalise(q["unit"]).text, q["kind"]) for q in t] == [(30000, "平方米", "target")]
    # a count of what exists, inside a task, is a threshold (a baseline)
    got = find_quantities(normalise(conv("全区现有养老机构8家，年底前新建2家。", script)).text)
    assert [(h.value, h.kind) for h in got] == [(8, "threshold"), (2, "target")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_year_opening_an_indicator_clause_dates_its_level(script):
    src = conv("推进污水治理，2026年城镇污水集中收集率达到75%以上，2025年60%以上乡镇建成处理设施。", script)
    got = dls(src, issue_date="2024-04-01")
    assert got == [("2026年", "2026-12-31", "in_year"), ("2025年", "2025-12-31", "in_year")]
    # the quantities take the year of their own clause, not of the clause before
    t = normalise(src).text
    years = [(h.value, h.year) for h in find_quantities(t, deadlines=find_deadlines(t, issue_date="2024-04-01"))]
    assert years == [(75, 2026), (60, 2025)]
    # a year before the notice was issued reports the past: no deadline
    assert dls(conv("2022年城镇污水集中收集率达到68%。", script), issue_date="2024-04-01") == []
    # a baseline year stays excluded
    assert dls(conv("较2022年收集率提高到75%。", script), issue_date="2024-04-01") == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_bare_year_before_the_year_of_issue_reports_the_past(script):
    src = conv("2023年，全省新建充电桩1.2万个。2024年，再新建充电桩2万个；2023年3月开工的项目年底前投运。", script)
    got = dls(src, issue_date="2024-02-10")
    assert ("2024年", "2024-12-31", "in_year") in got
    assert not any(d[1] and d[1] < "2024" for d in got), got
    # without an issue date nothing tells the past apart: the years stay
    assert ("2023年", "2023-12-31", "in_year") in dls(src)


@pytest.mark.parametrize("script", SCRIPTS)
def test_one_as_an_article_and_aspect_counts_are_not_amounts(script):
    src = conv("把垃圾分类作为一项民生工程，今后一个时期从宣传、设施、执法三个方面推进，年内新建分类站点40个。", script)
    assert qs(src) == [("40个", 40, "个", "=")]
    # a count that is committed to stays
    assert qs(conv("年内建成两个区级分拣中心。", script)) == [("两个", 2, "个", "=")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_half_year_already_over_when_the_notice_was_issued_reports_the_past(script):
    src = conv("结合上半年运行情况，下半年重点推进线路改造，2024年第四季度完成验收。", script)
    got = dls(src, default_year=2024, issue_date="2024-08-20")
    assert got == [("下半年", "2024-12-31", "in_year"), ("2024年第四季度", "2024-12-31", "by")]
    # issued in January, the first half is still ahead: a deadline
    assert dls(src, default_year=2024, issue_date="2024-01-05")[0] == ("上半年", "2024-06-30", "in_year")
