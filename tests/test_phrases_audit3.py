"""Audit round 3 (issue 11): phrasings of deadlines and quantities met in notices the rules were
not written against, each asserted by value in both scripts on text written for these tests."""
from __future__ import annotations

import pytest

from extractor.annotate.deadlines import find_deadlines
from extractor.annotate.quantities import find_quantities
from extractor.normalise import normalise, to_script
from extractor.pipeline import extract_text

SCRIPTS = ["simplified", "traditional"]


def conv(s, script):
    return s if script == "simplified" else to_script(s, "traditional")


def dls(src, **kw):
    t = normalise(src).text
    return [(normalise(src[h.start:h.end]).text, h.date, h.kind) for h in find_deadlines(t, **kw)]


def qs(src, **kw):
    t = normalise(src).text
    hits = find_quantities(t, deadlines=find_deadlines(t, **kw))
    return [(normalise(src[h.start:h.end]).text, h.value, h.unit, h.comparator, h.kind) for h in hits]


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
