import json
import sys
from pathlib import Path

import pytest

from extractor.annotate.deadlines import find_deadlines
from extractor.annotate.quantities import find_quantities, load_config, with_default_year
from extractor.annotate.deadlines import DataFileError
from extractor.normalise import normalise

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def q(src, **kw):
    t = normalise(src).text
    dls = find_deadlines(t, **kw)
    return [(src[h.start:h.end], h.value, h.value_max, h.unit, h.comparator, h.kind, h.year)
            for h in find_quantities(t, deadlines=dls)]


def test_zhengzhou_goal_sentence_traditional():
    src = "到2025年，全市PM2.5濃度達到40微克/立方米，優良天數比例達到66.5%，重度及以上污染天數比例下降至1.2%。"
    assert q(src) == [
        ("40微克/立方米", 40, None, "微克/立方米", "<=", "target", 2025),
        ("66.5%", 66.5, None, "%", ">=", "target", 2025),
        ("1.2%", 1.2, None, "%", "<=", "target", 2025),
    ]


def test_multiplier_and_units():
    r = q("清洁能源发电装机容量累计达到476.9万千瓦，可再生能源供暖面积累计达到4000万平方米。")
    assert [(x[0], x[1], x[3], x[4], x[5]) for x in r] == [
        ("476.9万千瓦", 4769000, "千瓦", ">=", "target"), ("4000万平方米", 40000000, "平方米", ">=", "target")]
    r = q("对跨行业跨领域工业互联网平台，省级给予最高3000万元奖补。")
    assert [(x[0], x[1], x[3], x[4], x[5]) for x in r] == [("3000万元", 30000000, "元", "<=", "threshold")]


def test_thresholds_scope_limits():
    r = q("2.加快淘汰落后产能。2024年年底前，全市钢铁企业1200立方米以下炼铁高炉、100吨以下炼钢转炉有序退出。鼓励年产能5000吨以下的石灰窑企业退出。")
    assert [(x[0], x[4], x[5], x[6]) for x in r] == [
        ("1200立方米", "<=", "threshold", 2024), ("100吨", "<=", "threshold", 2024), ("5000吨", "<=", "threshold", None)]
    r = q("對30萬千瓦及以上熱電聯產電廠供熱半徑30公里范圍內的燃煤鍋爐進行關停。")
    assert [(x[0], x[1], x[4], x[5]) for x in r] == [("30萬千瓦", 300000, ">=", "threshold"), ("30公里", 30, "<=", "threshold")]
    r = q("完成华润登封电厂二期2×630MW供热改造")
    assert [(x[0], x[1], x[3], x[5]) for x in r] == [("2×630MW", 1260, "MW", "threshold")]


def test_comparators():
    got = {x[0]: x[4] for x in q("非化石能源消费比重达20%左右。公路货物周转量占比较2022年下降10个百分点。"
                                  "新模式应用普及率超过30%。厚度低于0.01毫米的地膜。新能源汽车比例不低于80%。")}
    assert got == {"20%": "=", "10个百分点": ">=", "30%": ">", "0.01毫米": "<", "80%": ">="}


def test_lists_and_ranges():
    r = q("到2025年，铁路、水路货运量比2020年分别增长10%和12%左右。")
    assert [(x[0], x[4], x[6]) for x in r] == [("10%", "=", 2025), ("12%", "=", 2025)]
    r = q("主要指标分别达30%、20%和10%。")
    assert [(x[0], x[4]) for x in r] == [("30%", ">="), ("20%", ">="), ("10%", ">=")]
    r = q("全人群签约服务覆盖率每年提升1～3个百分点。")
    assert [(x[0], x[1], x[2], x[3], x[6]) for x in r] == [("1～3个百分点", 1, 3, "个百分点", None)]


def test_chinese_numerals_and_per_capita():
    r = q("力争培训一万人，建设两千个服务站，覆盖率提高百分之五。")
    assert [(x[0], x[1], x[3]) for x in r] == [("一万人", 10000, "人"), ("两千个", 2000, "个"), ("百分之五", 5, "%")]
    r = q("到2023年，力争每万常住人口家庭医生数不低于4人。")
    assert [(x[0], x[1], x[3], x[4], x[6]) for x in r] == [("4人", 4, "人", ">=", 2023)]
    r = q("搭挂在电杆的通信线钢绞线只能有一条。城区内三根以上空中网线必须捆扎。")
    assert [(x[0], x[1], x[4], x[5]) for x in r] == [("一条", 1, "<=", "threshold"), ("三根", 3, ">=", "threshold")]


@pytest.mark.parametrize("src", [
    "严管严控“两高”项目", "完成省下达的“十四五”任务", "使用新能源或國六貨車運輸", "第四阶段排放标准",
    "国家成品油储备能力建设737处工程", "实施633人才工程", "达到环境绩效A级", "推行双随机、一公开监管",
    "以降低细颗粒物(PM\n2.5\n)浓度为主线", "鄭政〔2024〕8號", "2024年6月27日", "统筹两个市场、两种资源",
    "一次性奖补", "防止二次污染", "覆盖率=签约人数/常住人口数*100%", "利用3-5年时间",
    "于本文印发后3个月内出台实施方案", "家庭医生每3~5年参与一次培训", "根据《支持电网发展十五条措施》",
])
def test_not_quantities(src):
    assert q(src) == []


def test_year_follows_sentence_not_semicolon():
    src = "11.优化结构。到2025年，甲比例达到80%；乙比例达到60%。丙比例达到50%。"
    assert [(x[0], x[6]) for x in q(src)] == [("80%", 2025), ("60%", 2025), ("50%", None)]
    # a deadline that opens the paragraph governs the whole paragraph (goal sections)
    src2 = "到2025年，甲比例达到80%。丙比例达到50%。\n丁比例达到40%。"
    assert [(x[0], x[6]) for x in q(src2)] == [("80%", 2025), ("50%", 2025), ("40%", None)]
    hits = find_quantities(normalise(src).text)        # no deadlines given: no year
    assert all(h.year is None for h in hits)
    assert [h.year for h in with_default_year(hits, 2023)] == [2023, 2023, 2023]


def test_offsets_identical_in_traditional():
    src = "有序退出磚瓦行業6000萬標磚/年以下燒結磚生產線。"
    r = q(src)
    assert [(x[0], x[1], x[3], x[4], x[5]) for x in r] == [("6000萬標磚/年", 60000000, "标砖/年", "<=", "threshold")]


def test_malformed_data_file(tmp_path):
    src = (Path(__file__).resolve().parent.parent / "extractor" / "data" / "quantities.toml").read_text(encoding="utf-8")
    bad = tmp_path / "quantities.toml"
    bad.write_text(src.replace('"万" = 1e4', '"万" = 0.5'), encoding="utf-8")
    with pytest.raises(DataFileError) as e:
        load_config(str(bad))
    assert str(bad) in str(e.value) and "multipliers" in str(e.value)
    bad.write_text(src.replace("pattern = 'PM\\s*\\d+(?:\\.\\s?\\d+)?'", "pattern = 'PM('"), encoding="utf-8")
    with pytest.raises(DataFileError) as e:
        load_config(str(bad))
    assert "nonquantity[0] ('nonquantity.pollutant_name'): pattern" in str(e.value)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="gold corpus (../shared/corpus) not available")
def test_corpus_scores():
    sys.path.insert(0, str(ROOT / "scripts"))
    import dev_score_annotators as dev
    res = dev.score_corpus(CORPUS)
    f = {k: (v[0].prf()[2], v[1].prf()[2]) for k, v in res.items()}
    zz = res["zhengzhou_air_2024"]
    assert zz[0].prf()[2] >= 0.95
    assert zz[1].prf()[2] >= 0.90
    ok, bad = zz[1].agree[("kind", True)], zz[1].agree[("kind", False)]
    assert ok / (ok + bad) >= 0.90
    assert sum(d for d, _ in f.values()) / len(f) >= 0.85
    assert sum(x for _, x in f.values()) / len(f) >= 0.80
