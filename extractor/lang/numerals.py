"""Chinese and Arabic numerals, item numbers and Republic-of-China years: the package's one
numeral parser, shared by every stage (outline item numbers, dates, deadlines, quantities).

cn2an was measured on the Chinese numerals the corpora contain (``benchmarks/bench_numerals.py``:
6,792 occurrences, 62 distinct, in corpora/, ../shared/corpus and the 261 govdocs). In "normal" mode
it reads all but one to the same value (it reads 两一 as 21); "strict" mode rejects 两 and digit
strings (五一, 二〇二二: 397 occurrences). It does not read 百分之/千分之 or a multiplier after
Arabic digits (3.5万), which this module needs anyway, and it was 8-27x slower per numeral in our
runs, so the package keeps this one parser and adds no dependency.

``parse_number`` turns the written form of a number into a float:

* Arabic, with thousands separators and decimals: ``1,200`` ``66.5`` ``1. 5`` (an OCR space after the
  point) ``26.\n3`` (a line wrapped inside the number in PDF or OCR text: 26.3)
* Chinese positional: ``十二`` ``两千`` ``一万`` ``三千五百`` ``一亿二千万`` ``十万``
* Chinese digit strings (years, codes): ``二〇二四`` ``一九九八``
* Arabic with a Chinese multiplier: ``3.5万`` ``1000亿`` ``2千万``
* percent words: ``百分之五`` -> 5.0, ``千分之三`` -> 3.0 (the caller decides the unit)

It returns ``None`` for anything it cannot read, never raises on bad input.
"""
from __future__ import annotations

import re

__all__ = ["DIGITS", "MULTIPLIERS", "parse_number", "parse_chinese", "parse_int", "gregorian_year", "ARABIC",
           "CHINESE", "NUMBER", "CN_DIGITS", "CIRCLED", "ROC_OFFSET"]

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
# The characters of item numbers (一、 （十二） 第一百零五条) and circled item numbers (①)
CN_DIGITS = "零〇一二两三四五六七八九十百"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Taiwan's official calendar counts years from 1912 (民國): 民國113年 is 2024.
ROC_OFFSET = 1911
# Years are written with four digits in the Gregorian calendar and with at most three in the
# ROC calendar (民國 1000 would be AD 2911), so a smaller number is an ROC year.
_FIRST_GREGORIAN = 1000
# Multipliers written after an Arabic number (longest first in the regex).
MULTIPLIERS = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "十万": 10**5, "万": 10**4, "亿": 10**8}

# Regex sources (no groups) for use inside other patterns.
ARABIC = r"\d+(?:,\d{3})*(?:\.\s?\d+)?"
CHINESE = r"[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
NUMBER = rf"(?:{ARABIC}|{CHINESE})"

_ARABIC_RE = re.compile(rf"^({ARABIC})((?:万亿|千万|百万|十万|万|亿)?)$")
_PERCENT_WORD = re.compile(r"^(百分之|千分之)(.+)$")
_NOT_PART = re.compile(r"[,\s]")        # thousands separators and the whitespace ARABIC admits after the point


def parse_chinese(s: str) -> float | None:
    """Value of a Chinese numeral (positional or digit string); None if malformed."""
    if not s:
        return None
    if all(c in DIGITS for c in s):
        if len(s) == 1:
            return float(DIGITS[s])
        # a digit string such as 二〇二四 (years, codes); 两 is never used this way
        if "两" in s:
            return None
        return float(int("".join(str(DIGITS[c]) for c in s)))
    total = 0          # completed 亿/万 sections
    section = 0        # current section below 万
    digit = None       # pending digit
    for c in s:
        if c in DIGITS:
            if digit is not None and DIGITS[c] != 0:
                return None    # two digits in a row in a positional number
            digit = DIGITS[c] if DIGITS[c] != 0 else None
        elif c in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[c]
            digit = None
        elif c in _BIG_UNITS:
            section += digit or 0
            digit = None
            if section == 0 and total == 0:
                section = 1
            if c == "亿":
                total = (total + section) * _BIG_UNITS[c]
            else:
                total += section * _BIG_UNITS[c]
            section = 0
        else:
            return None
    section += digit or 0
    return float(total + section)


def parse_number(s: str) -> float | None:
    """Value of a written number (see module doc); None if it is not a number."""
    if s is None:
        return None
    s = s.strip()
    if not s:
        return None
    m = _PERCENT_WORD.match(s)
    if m:
        return parse_number(m.group(2))
    m = _ARABIC_RE.match(s)
    if m:
        # "1. 5", "26.\n3": whitespace after the point is an OCR space or a PDF line wrap inside the number
        num = float(_NOT_PART.sub("", m.group(1)))
        mult = MULTIPLIERS.get(m.group(2), 1) if m.group(2) else 1
        return _clean(num * mult)
    return parse_chinese(s)


def _clean(x: float) -> float:
    """Round away binary noise from multiplying decimals (476.9 * 10000)."""
    r = round(x, 6)
    return float(r)


def parse_int(raw: str) -> int | None:
    """Value of an item number, month or day: circled (③ -> 3), Arabic (12), Chinese (十二 -> 12,
    一百零五 -> 105, 二〇二四 -> 2024); None when it is not one."""
    if not raw:
        return None
    if raw in CIRCLED:
        return CIRCLED.index(raw) + 1
    if raw.isdigit():
        return int(raw)
    v = parse_chinese(raw)
    return int(v) if v is not None else None


def gregorian_year(year: int) -> int:
    """A year as written -> the Gregorian year: three digits or fewer are an ROC year (113 -> 2024)."""
    return year + ROC_OFFSET if year < _FIRST_GREGORIAN else year
