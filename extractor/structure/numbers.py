"""Item-number values: Chinese numerals (一 … 九十九), Arabic digits, circled digits."""
from __future__ import annotations

_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_DIGITS = "零〇一二两三四五六七八九十百"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
# financial numerals (壹、贰、参): the top level of Taiwan plans (壹、計畫緣起 貳、…), Simplified form
CAP_DIGITS = "壹贰叁参肆伍陆柒捌玖拾"
_CAP = {"壹": "一", "贰": "二", "叁": "三", "参": "三", "肆": "四", "伍": "五", "陆": "六", "柒": "七", "捌": "八",
        "玖": "九", "拾": "十"}


def cn_to_int(s: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 一百零五 -> 105; None when not a numeral."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch in _CN:
            cur = _CN[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


def item_value(raw: str) -> int | None:
    if raw in CIRCLED:
        return CIRCLED.index(raw) + 1
    if raw in PAREN_DIGITS:
        return PAREN_DIGITS.index(raw) + 1
    if raw and all(ch in _CAP for ch in raw):
        return cn_to_int("".join(_CAP[ch] for ch in raw))
    if raw.isdigit():
        return int(raw)
    return cn_to_int(raw)
