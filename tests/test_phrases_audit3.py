"""Audit round 3 (issue 11): phrasings of deadlines and quantities met in notices the rules were
not written against, each asserted by value in both scripts on text written for these tests."""
from __future__ import annotations

import pytest

from phrase_support import SCRIPTS, conv, dls, quantity_rows

from extractor.normalise import normalise, to_script
from extractor.pipeline import extract_text



def qs(src, **kw):
    return quantity_rows(src, ("value", "unit", "comparator", "kind"), **kw)


def task_deadlines(doc):
    return {t["number"]: [(normalise(d["text"]).text, d["date"], d["kind"]) for d in t["deadlines"]]
            for t in doc["tasks"]}


MULTI_YEAR = ("关于印发某县农村供水保障三年行动计划（2024—2026年）的通知\n各乡镇：\n"
              "某县农村供水保障三年行动计划（2024—2026年）\n一、重点任务\n（一）2025年重点工作\n"
              "1.优化水厂布局。6月底前完成选址论证，年底前开工建设2座水厂。（责任单位：县水利局）\n"
              "2.改造老旧管网。2024年启动管网排查；6月底前形成排查报告，三季度完成改造方案审定。（责任单位：县住房城乡建设局）\n"
              "（二）2026年重点工作\n"
              "3.实现全域覆盖。年底前农村供水覆盖率达到98%以上。（责任单位：县水利局）\n"
              "4.巩固提升成效。较2023年提高供水保证率；年底前完成验收。（责任单位：县水利局）\n"
              "某县人民政府\n2024年3月5日\n")


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_deadline_without_a_year_takes_the_item_then_the_heading_year(script):
    doc = extract_text(conv(MULTI_YEAR, script), path="w.txt", include_text=False)
    got = task_deadlines(doc)
    # under the heading (一)2025年重点工作: 2025, not the plan's last year (2026)
    assert got["1"] == [("6月底前", "2025-06-30", "by"), ("年底前", "2025-12-31", "by")]
    # a year written earlier in the same item wins over the heading, across a ;
    assert got["2"] == [("2024年", "2024-12-31", "in_year"), ("6月底前", "2024-06-30", "by"),
                        ("三季度", "2024-09-30", "in_year")]
    assert got["3"] == [("年底前", "2026-12-31", "by")]
    # a baseline year (较2023年) dates nothing: the heading's year stays
    assert got["4"] == [("年底前", "2026-12-31", "by")]
    # the target of item 1 takes the year of its deadline
    assert [(q["value"], q["unit"], q["year"]) for q in doc["tasks"][0]["targets"]] == [(2, "座", 2025)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_past_year_in_the_item_does_not_date_the_work(script):
    src = conv(("关于印发某市节水工作方案的通知\n各区：\n某市节水工作方案\n一、重点任务\n"
                "（一）推进节水改造。2022年全市完成改造12处。年底前再完成改造20处。（责任单位：市水务局）\n"
                "某市人民政府\n2024年2月1日\n"), script)
    doc = extract_text(src, path="p.txt", include_text=False)
    assert [(d["date"], d["kind"]) for d in doc["tasks"][0]["deadlines"]] == [("2024-12-31", "by")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_five_year_plan_end_is_a_deadline_its_span_is_not(script):
    assert dls(conv("到“十四五”末，建成一批示范园区。", script)) == [("到“十四五”末", "2025-12-31", "by")]
    assert dls(conv("十三五期末前完成改造。", script)) == [("十三五期末前", "2020-12-31", "by")]
    # the plan's span is its time frame, not a deadline, and a plan name is neither
    assert dls(conv("“十五五”期间形成长效机制，落实十四五规划任务。", script)) == []
    # the quantity after the plan's end takes its year
    got = qs(conv("到“十四五”末，集装箱吞吐量达到50万标准箱。", script))
    assert got == [("50万标准箱", 500000, "标准箱", ">=", "target")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_fractions_and_caps(script):
    got = qs(conv("补助资金以项目总投资的三分之一为上限，市级配套不超过四分之一。", script))
    assert [(g[0], round(g[1], 4), g[2], g[3]) for g in got] == [("三分之一", 0.3333, "", "<="),
                                                                 ("四分之一", 0.25, "", "<=")]
    # 百分之 stays a percentage
    assert [(g[0], g[1], g[2]) for g in qs(conv("覆盖率达到百分之九十五。", script))] == [("百分之九十五", 95, "%")]
    # a cap named before its amount
    got = qs(conv("单个项目贴息上限为200万元。", script))
    assert [(g[0], g[1], g[2], g[3]) for g in got] == [("200万元", 2000000, "元", "<=")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_vague_counts_are_not_quantities(script):
    assert qs(conv("建设数十个示范点、几百家服务站和若干个样板。", script)) == []
    # a count beside them is still read
    got = qs(conv("建设数十个示范点，其中新建示范点12个。", script))
    assert [(g[0], g[1], g[2]) for g in got] == [("12个", 12, "个")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_decreases_keep_the_gold_comparator(script):
    # a decrease by an amount is at least that amount (the gold: 下降10% -> >= 10 %); 下降至 caps
    got = qs(conv("单位产值能耗比2020年下降10%，煤炭占比降低2个百分点，重污染天数比例下降至1.5%。", script))
    assert [(g[0], g[1], g[2], g[3]) for g in got] == [("10%", 10, "%", ">="), ("2个百分点", 2, "个百分点", ">="),
                                                       ("1.5%", 1.5, "%", "<=")]
    # 不低于…,力争… : two quantities
    got = qs(conv("优良天数比例不低于80%，力争达到85%。", script))
    assert [(g[0], g[1], g[3]) for g in got] == [("80%", 80, ">="), ("85%", 85, ">=")]


TAIWAN = ("某某縣推動社區照顧據點實施計畫\n壹、計畫緣起\n截至113年底，本縣已設置照顧據點80處。\n"
          "貳、計畫目標\n一、114年度完成新設照顧據點5案，服務1萬2千人次。\n"
          "二、截至115年底累計設置達100處以上。\n參、執行策略\n"
          "一、擴大服務量能：114年度起逐年增加據點，115年6月底前完成3處示範據點評鑑。（主辦機關：衛生局；協辦機關：社會處）\n"
          "二、推動共餐服務：民國114年7月1日至12月31日受理申請，媒合件數達300件。（主辦機關：社會處）\n"
          "某某縣政府\n中華民國114年3月5日\n")


@pytest.mark.parametrize("script", SCRIPTS)
def test_taiwan_fiscal_years_counts_and_ranges(script):
    src = TAIWAN if script == "traditional" else to_script(TAIWAN, "simplified")
    doc = extract_text(src, path="tw.txt", include_text=False)
    goals = [(normalise(q["text"]).text, q["value"], normalise(q["unit"] or "").text, q["comparator"], q["year"])
             for q in doc["goals"]]
    # 114年度 is during 2025; 1万2千 is one number; 截至115年底 dates the count after it
    assert goals == [("5案", 5, "案", "=", 2025), ("1万2千人次", 12000, "人次", "=", 2025),
                     ("100处", 100, "处", ">=", 2026)]
    got = task_deadlines(doc)
    # 114年度起 is a start, not a deadline
    assert got["一"] == [("逐年", None, "recurring"), ("115年6月底前", "2026-06-30", "by")]
    assert got["二"] == [("114年7月1日至12月31日", "2025-12-31", "period")]
    assert [(q["value"], normalise(q["unit"]).text, q["comparator"]) for q in doc["tasks"][1]["targets"]] == [(300, "件", ">=")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_as_of_a_past_date_is_a_baseline(script):
    # "as of" opening a statement of what is already done: no deadline; "as of" a target: a deadline
    assert dls(conv("截至2023年底，全市已建成充电桩500个。", script)) == []
    assert dls(conv("截至2026年底，累计建成充电桩800个。", script)) == [("截至2026年底", "2026-12-31", "by")]
    assert dls(conv("截至113年底，本县已设置据点80处。", script), roc=True) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_more_than_after_the_multiplier(script):
    got = qs(conv("累计投入帮扶资金68万余元，带动1.2万多名群众增收，排查信息30万余条。", script))
    assert [(g[0], g[1], g[2], g[3]) for g in got] == [("68万余元", 680000, "元", ">"), ("1.2万多名", 12000, "名", ">"),
                                                       ("30万余条", 300000, "条", ">")]
    # 万多 with no unit after it stays unread
    assert qs(conv("惠及群众5万多。", script)) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_to_a_full_date_and_yearly_quarters(script):
    # 截止/至 a full date without 前: that day (it was read as the end of the year, with a short span)
    assert dls(conv("截止2026年3月15日，完成清查。", script)) == [("截止2026年3月15日", "2026-03-15", "by")]
    assert dls(conv("自印发之日起至2026年1月8日止。", script)) == [("至2026年1月8日", "2026-01-08", "by")]
    assert dls(conv("2025年4月起至2025年10月，开展专项行动。", script)) == [("至2025年10月", "2025-10-31", "by")]
    # a part of every year is recurring, not the quarter of the document's year
    assert dls(conv("每年第一季度报送上年度情况，每年上半年开展一次自查。", script), default_year=2025) == [
        ("每年第一季度", None, "recurring"), ("每年上半年", None, "recurring")]
    # an as-of date of work already done stays a baseline
    assert dls(conv("截至2024年12月31日，全市已建成基站100个。", script)) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_work_already_done_is_no_target(script):
    got = qs(conv("全市已建成示范点30个，年底前再新建示范点20个。", script), default_year=2025)
    assert [(g[0], g[1], g[4]) for g in got] == [("30个", 30, "threshold"), ("20个", 20, "target")]
    got = qs(conv("排查隐患120处（已完成整治45处），完成率达到80%。", script))
    assert [(g[0], g[4]) for g in got] == [("120处", "target"), ("45处", "threshold"), ("80%", "target")]


SCORE_TABLE = ("某县农村人居环境整治考核细则\n序号 | 考核项目 | 分值 | 评分标准 | 责任单位\n"
               "1 | 垃圾分类试点 | 15 | 试点村覆盖率达到30%，未达到的扣3分 | 县城管局\n"
               "2 | 污水治理 | 20分 | 最高加5分 | 县生态环境局\n")


@pytest.mark.parametrize("script", SCRIPTS)
def test_score_column_of_an_assessment_table(script):
    doc = extract_text(conv(SCORE_TABLE, script), path="k.txt", include_text=False)
    got = [[(normalise(q["text"]).text, q["value"], normalise(q["unit"]).text, q["comparator"], q["kind"])
            for q in t["targets"]] for t in doc["tasks"]]
    # the bare weight of the 分值 column, unit 分; the deduction after a condition is as written (=),
    # a capped bonus stays <=; a weight written with 分 is read once
    assert got == [[("15", 15, "分", "=", "threshold"), ("30%", 30, "%", ">=", "target"), ("3分", 3, "分", "=", "threshold")],
                   [("20分", 20, "分", "=", "threshold"), ("5分", 5, "分", "<=", "threshold")]]
    assert normalise(doc["tasks"][0]["targets"][0]["metric"]).text == "垃圾分类试点分值"


@pytest.mark.parametrize("script", SCRIPTS)
def test_periods_opened_by_zi_and_roc_years_not_amounts(script):
    # 自/从 before a range does not cancel it (it cancels a start alone: 自2024年起)
    assert dls(conv("自2025年1月至2026年12月开展专项行动。", script)) == [("2025年1月至2026年12月", "2026-12-31", "period")]
    assert dls(conv("自2025年6月1日至12月31日集中整治。", script)) == [("2025年6月1日至12月31日", "2025-12-31", "period")]
    assert dls(conv("从2025年至2027年，分三年实施。", script)) == [("2025年至2027年", "2027-12-31", "period")]
    assert dls(conv("自2025年起实施。", script)) == []
    # a Republic of China year is a date, never 114 years
    src = conv("自114年起逐年编列预算，短期（114年）完成盘点，长期（117年以后）全面推广，服务期限不超过20年。", script)
    assert [(g[0], g[1], g[2]) for g in qs(src, roc=True)] == [("20年", 20, "年")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_this_year_next_year_and_within_the_year(script):
    got = dls(conv("年度内实现全覆盖，今年年底前完成改造，明年6月底前完成验收，明年上半年全面铺开。", script),
              default_year=2025, issue_date="2025-03-01")
    assert got == [("年度内", "2025-12-31", "in_year"), ("今年年底前", "2025-12-31", "by"),
                   ("明年6月底前", "2026-06-30", "by"), ("明年上半年", "2026-06-30", "in_year")]
    # 明年 counts from the year the notice was issued, not from a plan's last year
    assert dls(conv("明年底前完成验收。", script), default_year=2027, issue_date="2025-03-01") == [
        ("明年底前", "2026-12-31", "by")]
    assert dls(conv("2026年度内完成建设。", script)) == [("2026年度内", "2026-12-31", "in_year")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_statistics_of_a_past_year_are_no_targets(script):
    src = conv(("关于印发某市造林绿化行动方案的通知\n各区：\n某市造林绿化行动方案\n一、重点任务\n"
                "（一）扩大造林面积。2023年，全市完成造林5万亩。年底前新增造林8万亩，较2022年提高10%。"
                "在2023年完成改造的基础上，再建设示范林10处。（责任单位：市林业局）\n某市人民政府\n2024年2月1日\n"), script)
    doc = extract_text(src, path="z.txt", include_text=False)
    got = [(normalise(q["text"]).text, q["kind"]) for q in doc["tasks"][0]["targets"]]
    assert got == [("5万亩", "threshold"), ("8万亩", "target"), ("10%", "target"), ("10处", "target")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_money_as_a_goal_or_a_threshold(script):
    got = qs(conv("力争全市数字产业总产值突破300亿元，完成投资50亿元以上，营业收入达到80亿元。", script))
    assert [(g[0], g[1], g[3], g[4]) for g in got] == [("300亿元", 3e10, ">", "target"), ("50亿元", 5e9, ">=", "target"),
                                                       ("80亿元", 8e9, ">=", "target")]
    # subsidies, caps, budgets and amounts qualifying a noun stay thresholds
    got = qs(conv("对企业给予奖补，最高可达200万元。项目总投资30亿元。年销售收入超过1亿元的企业达到10家。", script))
    assert [(g[0], g[3], g[4]) for g in got] == [("200万元", "<=", "threshold"), ("30亿元", "=", "threshold"),
                                                 ("1亿元", ">", "threshold"), ("10家", ">=", "target")]


TABLES_BY_YEAR = ("某县数字乡村建设三年行动计划（2025—2027年）重点任务分工表\n一、2025年重点任务\n"
                  "序号 | 工作任务 | 牵头单位 | 完成时限\n1 | 建成县级数据平台 | 县大数据中心 | 6月底前\n"
                  "2 | 上线便民服务系统 | 县政务服务中心 | 年底前\n二、2026年重点任务\n"
                  "序号 | 工作任务 | 牵头单位 | 完成时限\n3 | 推进数据共享 | 县大数据中心 | 9月底前\n")


@pytest.mark.parametrize("script", SCRIPTS)
def test_task_tables_headed_by_a_year(script):
    doc = extract_text(conv(TABLES_BY_YEAR, script), path="t.txt", include_text=False)
    got = task_deadlines(doc)
    # each table takes the year of the heading line above its header, not the plan's last year
    assert got == {"1": [("6月底前", "2025-06-30", "by")], "2": [("年底前", "2025-12-31", "by")],
                   "3": [("9月底前", "2026-09-30", "by")]}


TIME_CELLS = ("某市营商环境优化提升重点任务清单\n序号 | 工作任务 | 责任单位 | 完成时限\n"
              "1 | 建立企业诉求平台 | 市发展改革委 | 2026年6月\n2 | 推行告知承诺制 | 市司法局 | 2026年\n"
              "3 | 开展专项督查 | 市政府督查室 | 2026年6月30日\n4 | 完善信用体系 | 市发展改革委 | 持续推进\n"
              "5 | 推广电子证照 | 市大数据局 | 2026.09\n6 | 清理证明事项 | 市司法局 | 2026年9月底\n"
              "7 | 通报进展 | 市营商办 | 每季度\n")


@pytest.mark.parametrize("script", SCRIPTS)
def test_time_column_cells_without_qian(script):
    doc = extract_text(conv(TIME_CELLS, script), path="c.txt", include_text=False)
    got = task_deadlines(doc)
    assert got == {"1": [("2026年6月", "2026-06-30", "by")], "2": [("2026年", "2026-12-31", "by")],
                   "3": [("2026年6月30日", "2026-06-30", "by")], "4": [],
                   "5": [("2026.09", "2026-09-30", "by")], "6": [("2026年9月底", "2026-09-30", "by")],
                   "7": [("每季度", None, "recurring")]}
    # a bare year-month in running text is still no deadline
    assert dls(conv("2026年6月，某公司召开了会议。", script)) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_around_a_year_and_ranged_spans(script):
    assert dls(conv("力争2027年前后建成示范区，2030年前实现碳达峰。", script)) == [
        ("2027年前后", "2027-12-31", "in_year"), ("2030年前", "2030-12-31", "by")]
    # a ranged span of years stays undated (as the gold reads 利用3-5年时间)
    assert dls(conv("利用3-5年时间，基本建成服务体系。", script), default_year=2025, issue_date="2025-03-01") == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_unit_on_both_ends_and_chinese_more_than(script):
    src = conv(("关于印发某市示范方案的通知\n各区：\n某市示范方案\n一、重点任务\n"
                "（一）扩大覆盖。覆盖率达到80%-90%，培训五千余人，服务一百多家企业。（市发展改革委牵头）\n"
                "某市人民政府\n2025年3月1日\n"), script)
    doc = extract_text(src, path="r.txt", include_text=False)
    got = [(normalise(q["text"]).text, q["value"], normalise(q["unit"]).text, q["comparator"]) for q in doc["tasks"][0]["targets"]]
    assert got == [("80%-90%", 80, "%", ">="), ("80%-90%", 90, "%", "<="), ("五千余人", 5000, "人", ">"),
                   ("一百多家", 100, "家", ">")]
    # a stretch of the past is no amount
    assert qs(conv("过去十多年，供需总体平衡。", script)) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_years_in_chinese_digits(script):
    assert dls(conv("二〇二六年底前完成建设，到二〇二七年全面建成。", script)) == [
        ("二〇二六年底前", "2026-12-31", "by"), ("到二〇二七年", "2027-12-31", "by")]
    # a signing date in Chinese digits is no deadline, and no year is an amount
    assert dls(conv("某市人民政府\n二〇二六年三月五日", script)) == []
    assert [(g[0], g[1]) for g in qs(conv("确保二〇二六年完成三个以上示范点。", script))] == [("三个", 3)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_next_year_in_an_annual_cycle_is_recurring(script):
    assert dls(conv("每年开展自查，次年1月底前报送上一年度工作总结。", script), default_year=2025) == [
        ("每年", None, "recurring"), ("次年1月底前", None, "recurring")]
