import pytest

from extractor.lang.numerals import parse_chinese, parse_number


@pytest.mark.parametrize("s,v", [
    ("一万", 10000), ("两千", 2000), ("百分之五", 5), ("百分之十二点", None), ("二〇二四", 2024), ("十二", 12),
    ("三千五百", 3500), ("一亿二千万", 120_000_000), ("十万", 100_000), ("一百零五", 105), ("五十万", 500_000),
    ("476.9万", 4_769_000), ("1000亿", 100_000_000_000), ("2千万", 20_000_000), ("1,200", 1200), ("1. 5", 1.5),
    ("66.5", 66.5), ("三", 3), ("两", 2), ("百分之15", 15),
    # a line wrapped after the decimal point (PDF text, OCR): one number, not a crash
    ("26.\n3", 26.3), ("26.\u30003", 26.3), ("1,200.\n5", 1200.5),
])
def test_parse_number(s, v):
    assert parse_number(s) == v


def test_rejects_garbage():
    assert parse_number("") is None
    assert parse_number("abc") is None
    assert parse_chinese("三十五五") is None      # two digits in a row in a positional number
    assert parse_chinese("三五") == 35           # a digit string
    assert parse_chinese("两〇二四") is None       # 两 is never a digit in a digit string


def test_number_wrapped_across_a_line_in_a_notice():
    """'达到26.' / '3%': extract used to die with ValueError; the target is 26.3 % and its span
    is the text as written, line break included."""
    from extractor.pipeline import extract_text
    text = ("某市关于印发空气质量改善行动计划的通知\n一、主要目标\n到2025年，全市优良天数比率达到26.\n3%。\n"
            "二、重点任务\n（一）加强监测。完善监测网络，到2025年覆盖率达到90%。（牵头单位：市生态环境局）\n")
    doc = extract_text(text, segmenter="none")
    goal = [q for q in doc["goals"] if q["unit"] == "%"]
    assert len(goal) == 1 and goal[0]["value"] == 26.3 and goal[0]["year"] == 2025
    s, e = goal[0]["span"]
    assert text[s:e] == goal[0]["text"] == "26.\n3%"
