"""Chinese and Arabic numeral parsing for the annotators.

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

__all__ = ["DIGITS", "MULTIPLIERS", "parse_number", "parse_chinese", "ARABIC", "CHINESE", "NUMBER"]

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
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
