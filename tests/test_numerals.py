import pytest

from extractor.lang.numerals import parse_chinese, parse_number


@pytest.mark.parametrize("s,v", [
    ("一万", 10000), ("两千", 2000), ("百分之五", 5), ("百分之十二点", None), ("二〇二四", 2024), ("十二", 12),
    ("三千五百", 3500), ("一亿二千万", 120_000_000), ("十万", 100_000), ("一百零五", 105), ("五十万", 500_000),
    ("476.9万", 4_769_000), ("1000亿", 100_000_000_000), ("2千万", 20_000_000), ("1,200", 1200), ("1. 5", 1.5),
    ("66.5", 66.5), ("三", 3), ("两", 2), ("百分之15", 15),
])
def test_parse_number(s, v):
    assert parse_number(s) == v


def test_rejects_garbage():
    assert parse_number("") is None
    assert parse_number("abc") is None
    assert parse_chinese("三十五五") is None      # two digits in a row in a positional number
    assert parse_chinese("三五") == 35           # a digit string
    assert parse_chinese("两〇二四") is None       # 两 is never a digit in a digit string
