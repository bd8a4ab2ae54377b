"""Taiwan plans that never write 民國: three-digit years in a date's shape (115年12月, 114年度,
113至116年) mark the notice as using ROC years; a bare year opening a clause is a date, not a
count of years. Written for this test; in Traditional (as published) and converted to Simplified."""
from __future__ import annotations

import pytest

from extractor.annotate.quantities import find_quantities
from extractor.normalise import normalise, to_script
from extractor.pipeline import extract_text
from extractor.structure.metadata import uses_roc

PLAN = (
    "社區共餐推動計畫（114至117年）\n"
    "壹、計畫目標\n"
    "一、114年全國共餐據點涵蓋率達70%。\n"
    "貳、工作項目\n"
    "| 工作項目 | 主辦機關 | 協辦機關 | 預定完成期限 |\n"
    "| --- | --- | --- | --- |\n"
    "| (一)盤點偏鄉共餐需求。 | 衛生福利部 | 內政部 | 115年6月 |\n"
    "| (二)新設共餐據點150處。 | 衛生福利部 | 原住民族委員會 | 116年12月 |\n"
)


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_plan_with_roc_dates_but_no_minguo(script):
    text = PLAN if script == "traditional" else to_script(PLAN, "simplified")
    assert uses_roc(normalise(text).text)
    doc = extract_text(text, segmenter="none", include_text=False)
    assert [[(d["date"], d["kind"]) for d in t["deadlines"]] for t in doc["tasks"]] == \
        [[("2026-06-30", "by")], [("2027-12-31", "by")]]
    # the opening 114年 is the year of the goal, not a quantity of 114 years
    assert [(g["value"], g["unit"]) for g in doc["goals"]] == [(70.0, "%")]


def test_gregorian_notices_and_spans_of_years_are_not_roc():
    assert not uses_roc(normalise("到2025年，建成120年一遇防洪标准堤防。2024年底前完成设计。").text)
    # one ROC-shaped date among Gregorian years does not switch the calendar
    assert not uses_roc(normalise("2023年至2025年实施，2024年底前完成，历时110年度量。").text)
    # a span of years at a clause start stays a quantity when it is not a ROC year (100, 120)
    t = normalise("一、100年老街区改造。").text
    assert [(t[h.start:h.end]) for h in find_quantities(t)] == ["100年"]
