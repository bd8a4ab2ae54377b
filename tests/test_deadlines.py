import textwrap
from pathlib import Path

import pytest

from extractor.annotate import deadlines as dmod
from extractor.annotate.deadlines import DataFileError, find_deadlines, load_rules
from extractor.normalise import normalise


def dl(s, **kw):
    t = normalise(s).text
    return [(t[h.start:h.end], h.date, h.kind, h.rule) for h in find_deadlines(t, **kw)]


@pytest.mark.parametrize("src,text,date,kind,rule", [
    ("2024年年底前，全市钢铁企业完成改造。", "2024年年底前", "2024-12-31", "by", "deadline.year_end_by"),
    ("2024年年底前，全市鋼鐵企業完成改造。", "2024年年底前", "2024-12-31", "by", "deadline.year_end_by"),
    ("集中整治及验收(2024年底前)", "2024年底前", "2024-12-31", "by", "deadline.year_end_by"),
    ("2025年9月底前，水泥企業完成清潔運輸超低排放改造。", "2025年9月底前", "2025-09-30", "by", "deadline.month_end_by"),
    ("到2025年，秸稈綜合利用率達到95%。", "到2025年", "2025-12-31", "by", "deadline.to_year"),
    ("2019年上半年，试点城市政府印发实施方案。", "2019年上半年", "2019-06-30", "in_year", "deadline.half_in_year"),
    ("2024年，选取部分基层医疗卫生机构试点。", "2024年", "2024-12-31", "in_year", "deadline.in_year"),
    ("力争2025年每千常住人口基层卫生人员数不低于3.5人。", "2025年", "2025-12-31", "in_year", "deadline.in_year_aim"),
    ("第二阶段(2023年1月至2024年11月)", "2023年1月至2024年11月", "2024-11-30", "period", "deadline.period_months"),
    ("实施期限2021—2023年。", "2021—2023年", "2023-12-31", "period", "deadline.period_years"),
    ("数据覆盖 2021/01 ~ 2024/05 。", "2021/01 ~ 2024/05", "2024-05-31", "period", "deadline.period_slash"),
    ("2024年6月30日前报送。", "2024年6月30日前", "2024-06-30", "by", "deadline.date_by"),
    ("2025年三季度末前完成。", "2025年三季度末前", "2025-09-30", "by", "deadline.quarter_by"),
    ("工程2023年培训计划", "2023年", "2023-12-31", "in_year", "deadline.year_plan"),
])
def test_dated_rules(src, text, date, kind, rule):
    assert dl(src)[0] == (text, date, kind, rule)


@pytest.mark.parametrize("src,text", [
    ("各級黨政機關每年新增公務用車。", "每年"), ("按年度組織開展執法行動。", "按年度"), ("定期更新名录。", "定期"),
    ("重点区域城市实现逐年更新。", "逐年"), ("家庭医生应每季度至少联系1次。", "每季度"), ("每月25日前报送进度。", "每月25日前"),
    ("保障全市家庭医生每3~5年参与一次培训。", "每3~5年"), ("整治验收情况实行季度通报。", "季度"),
])
def test_recurring(src, text):
    assert dl(src)[0][:3] == (text, None, "recurring")


def test_default_year_and_relative():
    assert dl("年底前完成排查。", default_year=2024)[0][:2] == ("年底前", "2024-12-31")
    assert dl("上半年完成。", default_year=2024)[0][:3] == ("上半年", "2024-06-30", "in_year")
    assert dl("三季度末前完成。", default_year=2024)[0][:2] == ("三季度末前", "2024-09-30")
    assert dl("年底前完成排查。")[0][:2] == ("年底前", None)          # no year known: no date
    assert dl("于本文印发后3个月内出台辖区实施方案", issue_date="2023-10-19")[0][:2] == ("本文印发后3个月内", "2024-01-19")
    assert dl("本通知印发后30日内报送", issue_date="2024-01-15")[0][1] == "2024-02-14"
    assert dl("于本文印发后3个月内出台")[0][1] is None


@pytest.mark.parametrize("src", [
    "公路货物周转量占比较2022年下降10个百分点",         # baseline year (only 2025 would be a deadline)
    "氮氧化物排放总量比2020年下降10%",
    "鄭政〔2024〕8號",
    "根据《河南省2024年工作计划》要求",
    "鄭州市人民政府\n2024年6月27日\n",
    "2022年6月起，每月报送",                          # a start date (每月 is recurring, see below)
    "长期坚持，持续推进。",
    "本政策自2021年开始执行",
    "安徽省工业互联网创新发展行动计划(2021-2023年)",
    "不定期现场抽查",
    "编制发布年度报告",
])
def test_not_deadlines(src):
    assert [h for h in dl(src) if h[2] != "recurring"] == []


def test_offsets_match_original_traditional():
    src = "推進重點行業。2024年年底前，水泥企業基本完成改造；2025年9月底前，完成清潔運輸改造。"
    n = normalise(src)
    hits = find_deadlines(n.text)
    assert [src[h.start:h.end] for h in hits] == ["2024年年底前", "2025年9月底前"]


def test_region_bounds():
    t = "到2025年,完成。2024年年底前,完成。"
    k = t.index("2024")
    hits = find_deadlines(t, k)
    assert [(h.start, t[h.start:h.end]) for h in hits] == [(k, "2024年年底前")]
    assert [t[h.start:h.end] for h in find_deadlines(t, 0, k)] == ["到2025年"]


def test_malformed_data_file_names_file_and_key(tmp_path):
    bad = tmp_path / "deadlines.toml"
    bad.write_text(textwrap.dedent("""
        [placeholders]
        Y = '(?P<y>\\d{4})'
        [[rule]]
        id = "deadline.x"
        kind = "sometimes"
        date = "year_end"
        pattern = '{Y}年'
    """), encoding="utf-8")
    with pytest.raises(DataFileError) as e:
        load_rules(str(bad))
    assert str(bad) in str(e.value) and "rule[0] ('deadline.x'): kind" in str(e.value)
    bad.write_text("[placeholders]\nY = '('\n[[rule]]\nid='deadline.y'\nkind='by'\ndate='none'\npattern='x'\n",
                   encoding="utf-8")
    with pytest.raises(DataFileError) as e:
        load_rules(str(bad))
    assert "placeholders" in str(e.value)
    bad.write_text("[placeholders]\n[[rule]]\nid='deadline.y'\nkind='by'\ndate='none'\npattern='{Z}年'\n"
                   "means='a test rule'\nexample='2024年'\nexpect={text='2024年'}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown placeholder"):
        load_rules(str(bad))
    # every rule must say what it means and show an example with its result (the phrasebook)
    bad.write_text("[placeholders]\n[[rule]]\nid='deadline.y'\nkind='by'\ndate='none'\npattern='x'\n",
                   encoding="utf-8")
    with pytest.raises(DataFileError, match=r"rule.*means.*Field required"):
        load_rules(str(bad))
    bad.write_text("[placeholders]\n[[rule]]\nid='deadline.y'\nkind='by'\ndate='none'\npattern='{Z}年'\n",
                   encoding="utf-8")
    with pytest.raises(DataFileError, match="Field required"):
        load_rules(str(bad))


def test_shipped_data_file_loads():
    r = load_rules()
    assert len({x.id for x in r.rules}) == len(r.rules)
    assert Path(dmod.DATA_DIR / "deadlines.toml").exists()
