"""Phrase families of the genre (issue "phrasebook"), each asserted by value in both scripts, on
sentences written for these tests (the rule files' own examples are run by test_phrasebook.py)."""
from __future__ import annotations

import json

import pytest

from phrase_support import SCRIPTS, conv, dls, quantity_rows

from extractor.annotate.deadlines import find_deadlines
from extractor.annotate.quantities import find_quantities
from extractor.cli import main as cli_main
from extractor.normalise import normalise, to_script
from extractor.pipeline import extract_text



def qs(src, **kw):
    return quantity_rows(src, ("value", "value_max", "unit", "comparator", "kind"), **kw)


@pytest.mark.parametrize("script", SCRIPTS)
def test_spans_from_a_start(script):
    assert dls(conv("从2022年起用两年时间完成示范园区建设。", script)) == [("从2022年起用两年时间", "2023-12-31", "by")]
    assert dls(conv("2020年开始5年内建成覆盖全市的服务网络。", script)) == [("2020年开始5年内", "2024-12-31", "by")]
    # no start written: counted from the document's year
    assert dls(conv("力争3年内实现全覆盖。", script), default_year=2012) == [("3年内", "2014-12-31", "by")]
    # and N年内 is then no quantity
    assert qs(conv("力争3年内实现全覆盖。", script), default_year=2012) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_rolling_window_is_a_rate_not_a_deadline(script):
    src = conv("骨干教师5年内累计参加集中研修不少于240学时。", script)
    assert dls(src, default_year=2020) == []
    assert ("5年", 5, None, "年", "<=", "threshold") in qs(src, default_year=2020)


@pytest.mark.parametrize("script", SCRIPTS)
def test_bare_months_take_the_clause_year(script):
    src = conv("2026年,3月完成方案编制,11月份全面推开。", script)
    assert dls(src, default_year=2025) == [("2026年", "2026-12-31", "in_year"), ("3月", "2026-03-31", "in_year"),
                                           ("11月份", "2026-11-30", "in_year")]
    # without a year in the clause: the document's year
    assert dls(conv("5月启动试点。", script), default_year=2025) == [("5月", "2025-05-31", "in_year")]
    # a day of a month is a date, not a month deadline; a range of months is not a bare month
    assert dls(conv("已于5月8日召开会议,1-3月数据显示", script), default_year=2025) == []
    # a month of past narrative ("2020年3月,某公司…") is no deadline
    assert dls(conv("2020年3月,某公司根据批复开展前期工作。", script), default_year=2021) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_bare_year_mid_clause(script):
    src = conv("示范项目2027年全面推开,2028年要形成长效机制。", script)
    assert dls(src) == [("2027年", "2027-12-31", "in_year"), ("2028年", "2028-12-31", "in_year")]
    # a baseline year is not a deadline, nor a year naming a programme
    assert dls(conv("能耗比2020年下降5%,落实2027年重点工作内容。", script)) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_recurring_and_cap_periods(script):
    got = dls(conv("按周调度进展,每半年通报一次,每三年评估一次。", script))
    assert got == [("按周", None, "recurring"), ("每半年", None, "recurring"), ("每三年", None, "recurring")]
    # a period that only qualifies a cap is not a cadence
    assert dls(conv("单个企业每年累计补助不超过200万元,每季度申报上限为3次。", script)) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_roc_years_and_periods(script):
    assert dls(conv("民国114年6月底前完成盘点。", script)) == [("民国114年6月底前", "2025-06-30", "by")]
    # a notice in the ROC calendar: three-digit years everywhere
    assert dls(conv("計畫期程112年至115年。", script), roc=True) == [("112年至115年", "2026-12-31", "period")]
    assert dls(conv("数据区间2022/03 ~ 2025/06。", script)) == [("2022/03 ~ 2025/06", "2025-06-30", "period")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_taiwan_kilowatt_and_caps(script):
    # 瓩 is Taiwan's kilowatt; 不得逾 caps an amount (<=), where a bare 逾 is "more than"
    assert qs(conv("公有建筑光电装置容量达3万瓩以上。", script)) == [("3万瓩", 30000, None, "瓩", ">=", "target")]
    assert qs(conv("每案补助不得逾200万元,已有逾50家完成。", script)) == [
        ("200万元", 2000000, None, "元", "<=", "threshold"), ("50家", 50, None, "家", ">", "threshold")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_bare_year_opening_an_item(script):
    # a numbered item that opens with "2025年," dates its work like a clause does, and the amount
    # then takes that year
    src = conv("（六）2025年，实现产值突破千亿元。", script)
    assert dls(src) == [("2025年", "2025-12-31", "in_year")]
    t = normalise(src).text
    hits = find_quantities(t, deadlines=find_deadlines(t))
    assert [(h.value, h.unit, h.comparator, h.year) for h in hits] == [(1e11, "元", ">", 2025)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_bare_quarter_as_time_of_work(script):
    # a quarter without a year that dates the work: during it, in the document's year
    assert dls(conv("一季度启动试点,二季度完成招标,第四季度开展验收。", script), default_year=2023) == [
        ("一季度", "2023-03-31", "in_year"), ("二季度", "2023-06-30", "in_year"),
        ("第四季度", "2023-12-31", "in_year")]
    # a quarter that labels a price list or a span of quarters, or a statistic, is not the time of work
    assert dls(conv("价格参照第三季度信息价,前三季度累计投资增长5%,做好四季度乃至今后的工作。", script),
               default_year=2023) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_bare_roc_years_closed_by_di_qian(script):
    # a Taiwan plan that never writes 民国 (no signing line): the closed forms are still ROC dates
    assert dls(conv("各单位须于113年12月底前完成清查,115年底前全面上线。", script)) == [
        ("113年12月底前", "2024-12-31", "by"), ("115年底前", "2026-12-31", "by")]
    assert dls(conv("115年12月31日前完成建置。", script)) == [("115年12月31日前", "2026-12-31", "by")]
    # a period of two bare ROC years: a deadline, and its years are then no quantities
    assert dls(conv("113年至116年,每年补助5000万元。", script)) == [
        ("113年至116年", "2027-12-31", "period"), ("每年", None, "recurring")]
    assert [q[0] for q in qs(conv("113年至116年,每年补助5000万元。", script))] == ["5000万元"]
    # a span of years is no period (使用年限100至110年以上)
    assert dls(conv("设备使用年限100至110年以上。", script)) == []
    # a bare count of years is no deadline without the ROC calendar, nor an ordinal or a decimal
    assert dls(conv("该制度已实施110年,第112年底的数据。", script)) == []
    assert dls(conv("建校100年以来培养人才。", script)) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_units_missing_before(script):
    got = qs(conv("新增配电容量800千伏安,电价不高于0.6元/千瓦时,举办培训20场次,购置设备15台(套),"
                  "接入带宽不低于1000兆。", script))
    assert [(g[0], g[1], g[3], g[4]) for g in got] == [
        ("800千伏安", 800, "千伏安", "="), ("0.6元/千瓦时", 0.6, "元/千瓦时", "<="), ("20场次", 20, "场次", "="),
        ("15台(套)", 15, "台(套)", "="), ("1000兆", 1000, "兆", ">=")]
    # a decimal with four integer digits is an amount, not a date (2024.06 is a date)
    got = qs(conv("项目总投资7537.76万元,以8回线路接入,材料3000字以内。2024.06起实施。", script))
    assert [(g[0], g[1], g[3]) for g in got] == [("7537.76万元", 75377600, "元"), ("8回", 8, "回"), ("3000字", 3000, "字")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_numbers_without_digits(script):
    got = qs(conv("集群营收突破千亿元,服务能力增加约1倍,出口额实现翻一番,签约率过半。", script))
    assert [(g[0], g[1], g[3], g[4]) for g in got] == [
        ("千亿元", 1e11, "元", ">"), ("1倍", 1, "倍", "="), ("翻一番", 2, "倍", "="), ("过半", 0.5, "", ">")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_ranges_are_two_quantities_in_the_output(script):
    src = conv(("关于印发某县示范方案的通知\n各乡镇：\n某县示范方案\n一、重点任务\n"
                "（一）配强队伍。每个村配备2到3名网格员,每镇建设三至五个服务点。\n某县人民政府\n2024年3月1日\n"), script)
    doc = extract_text(src, path="r.txt", include_text=False)
    got = [(normalise(q["text"]).text, q["value"], q["comparator"], normalise(q["unit"]).text)
           for q in doc["tasks"][0]["targets"]]
    assert got == [("2到3名", 2, ">=", "名"), ("2到3名", 3, "<=", "名"),
                   ("三至五个", 3, ">=", "个"), ("三至五个", 5, "<=", "个")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_inclusive_range_keeps_its_reading_when_the_dash_is_lost(script):
    # OCR and some web pages drop the dash of "N（含）—M": a number right after （含） is still the upper end
    for dash in ("—", "－", ""):
        src = conv(("关于印发某市奖励办法的通知\n各区：\n某市奖励办法\n一、奖励措施\n"
                    f"（一）对年产量1000（含）{dash}2000台（不含）的企业给予一次性奖励。\n"
                    "某市人民政府\n2024年3月1日\n"), script)
        doc = extract_text(src, path="r.txt", include_text=False)
        got = [(q["text"], q["value"], q["comparator"], normalise(q["unit"]).text)
               for q in doc["tasks"][0]["targets"]]
        want = conv(f"1000（含）{dash}2000台", script)
        assert got == [(want, 1000, ">=", "台"), (want, 2000, "<", "台")], (dash, got)
    # without （含） two numbers side by side are no range
    assert [(v, vm) for _, v, vm, _, _, _ in qs(conv("新建10个站点，2000台设备。", script))] == [(10, None), (2000, None)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_score_weights(script):
    got = qs(conv("建立工作台账(5分);每缺一次扣0.5分,满分100分。", script))
    assert [(g[0], g[1], g[3], g[4], g[5]) for g in got] == [
        ("5分", 5, "分", "=", "threshold"), ("0.5分", 0.5, "分", "=", "threshold"), ("100分", 100, "分", "=", "threshold")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_non_quantities(script):
    src = conv("推行“最多跑一次”,实施三个一百工程,养老床位以4人间为主,建设5G和IPv6网络。", script)
    assert qs(src) == []
    # an item marker followed by a year: the year is a deadline, "5.2023" is no number
    src = conv("5．2023年底前完成改造。", script)
    assert qs(src) == []
    assert dls(src) == [("2023年底前", "2023-12-31", "by")]
    assert qs(conv("于下午3时前报送,会议9时30分开始。", script)) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_abbreviation_outside_lexicon_has_a_stable_id_and_who_finds_it(script, tmp_path, capsys):
    src = conv(("关于印发某市示范方案的通知\n各有关单位：\n某市示范方案\n一、重点任务\n"
                "（一）加强监管。建立台账。（责任单位：市金融办、國土署）\n某市人民政府\n2024年3月1日\n"), script)
    f = tmp_path / "n.txt"
    f.write_text(src, encoding="utf-8")
    out = tmp_path / "n.json"
    cli_main(["extract", str(f), "-o", str(out)])
    doc = json.loads(out.read_text("utf-8"))
    ids = {normalise(u["name"]).text: u["id"] for u in doc["units"]}
    assert ids["国土署"] == "unit:国土署"
    capsys.readouterr()
    for name in ("國土署", "国土署", "市金融办", "市金融辦"):
        cli_main(["who", name, str(out), "--json"])
        res = json.loads(capsys.readouterr().out)
        assert [(r["task_number"] if "task_number" in r else r.get("number"), r["role"]) for r in res] == [("一", "responsible")], res


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_task_lists_each_written_deadline_once(script):
    src = conv(("关于印发某省示范方案的通知\n各市：\n某省示范方案\n一、重点任务\n"
                "（一）压减产能。到2027年，完成老旧机组退出。到2027年，新建示范项目10个。每年开展评估，每年通报结果。"
                "（省能源局牵头）\n某省人民政府\n2025年3月1日\n"), script)
    doc = extract_text(src, path="d.txt", include_text=False)
    t = doc["tasks"][0]
    assert [(normalise(d["text"]).text, d["date"], d["kind"]) for d in t["deadlines"]] == [
        ("到2027年", "2027-12-31", "by"), ("每年", None, "recurring")]
    # the first occurrence keeps its span; quantities of the second sentence still take its year
    assert t["deadlines"][0]["span"][0] < src.index(conv("完成老旧", script))
    assert [(q["value"], q["year"]) for q in t["targets"]] == [(10, 2027)]


def test_metric_stays_in_the_source_script():
    # a Simplified notice with full-width punctuation: the metric is read from the text around the
    # number and shown in Simplified, never converted to Traditional
    src = ("关于印发某省示范方案的通知\n各市：\n某省示范方案\n一、重点任务\n"
           "（一）淘汰燃煤锅炉。继续推进35蒸吨/小时及以下燃煤锅炉淘汰工作，到2026年，钢铁产能完成超低排放改造的比例达到80%。"
           "（省生态环境厅牵头）\n某省人民政府\n2025年3月1日\n")
    doc = extract_text(src, path="m.txt", include_text=False)
    metrics = [q["metric"] for q in doc["tasks"][0]["targets"]]
    assert len(metrics) == 2 and all(metrics)
    for m in metrics:
        assert to_script(m, "simplified") == m, m
        assert m in src or all(ch in src for ch in m), m
    trad = extract_text(to_script(src, "traditional"), path="m.txt", include_text=False)
    assert [to_script(q["metric"], "simplified") for q in trad["tasks"][0]["targets"]] == metrics


@pytest.mark.parametrize("script", SCRIPTS)
def test_range_forms(script):
    got = qs(conv("每村配备3—5个网格,补贴1200-1500元,建设3–5个站点,每年提升1~3个百分点。", script))
    assert [(g[0], g[1], g[2], g[3]) for g in got] == [
        ("3—5个", 3, 5, "个"), ("1200-1500元", 1200, 1500, "元"), ("3–5个", 3, 5, "个"), ("1~3个百分点", 1, 3, "个百分点")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_more_than_tenths_and_roc_quarters(script):
    got = qs(conv("已培训3000余人,服务100多家企业,执行率未达8成,可用预算3,288余亿元。", script))
    assert [(g[0], g[1], g[3], g[4]) for g in got] == [
        ("3000余人", 3000, "人", ">"), ("100多家", 100, "家", ">"), ("8成", 80, "%", "<"),
        ("3,288余亿元", 3.288e11, "元", ">")]
    assert dls(conv("截至112年第2季止执行完毕。", script), roc=True) == [("112年第2季", "2023-06-30", "by")]
    assert dls(conv("到2026年上半年,完成验收。", script)) == [("到2026年上半年", "2026-06-30", "by")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_span_counts_from_the_issue_year_not_the_plans_last_year(script):
    src = conv(("关于印发某市示范三年行动计划（2021—2023年）的通知\n各区：\n某市示范三年行动计划（2021—2023年）\n"
                "一、重点任务\n（一）建设示范区。用3年时间建成示范区，年底前完成规划。（市发展改革委牵头）\n"
                "某市人民政府\n2021年4月2日\n"), script)
    doc = extract_text(src, path="p.txt", include_text=False)
    got = [(normalise(d["text"]).text, d["date"]) for d in doc["tasks"][0]["deadlines"]]
    # the span counts from the year of issue (2021), 年底前 keeps the year the plan is about
    assert got == [("用3年时间", "2023-12-31"), ("年底前", "2023-12-31")]


@pytest.mark.parametrize("script", SCRIPTS)
def test_score_weight_metric_is_the_item_scored(script):
    src = conv("1.建立工作台账(5分);按要求每月报送进展情况,得3分,每少报一次扣0.5分。", script)
    t = normalise(src).text
    got = [(normalise(src[h.start:h.end]).text, normalise(h.metric or "").text) for h in find_quantities(t)]
    assert got == [("5分", "建立工作台账"), ("3分", "按要求每月报送进展情况"), ("0.5分", "每少报一次")]
