"""Deadline annotator: find deadline expressions in an analysis text.

Pure functions over the analysis text (Simplified, width-folded; see ``extractor.normalise``).
The language knowledge - idioms, exclusions, placeholders - lives in ``extractor/data/deadlines.toml``;
this module only expands, compiles (once, cached), matches and computes dates.

Dates are the last day of the period named (``2024年年底前`` -> 2024-12-31, ``上半年`` -> 06-30).
Deadlines without a year use ``default_year``; without it they get ``date=None`` (kind kept).
Relative deadlines (``本文印发后3个月内``) are ``issue_date`` plus the amount, on the same day of
the month (clamped to the month's last day): 2023-10-19 + 3个月 -> 2024-01-19; ``N日/天`` adds days,
``N周`` weeks, ``N年`` years, ``N个工作日`` is approximated as N*7/5 calendar days. Without
``issue_date`` the date is None.

Not deadlines (by construction): baseline years (较/比 2022年), start dates (2022年6月起), years in
document numbers (〔2024〕), years inside book titles 《…》, plan-period labels 计划(2021-2023年), and
plain dates such as a signing date "2024年6月27日" (a full date is a deadline only with 前).
"""
from __future__ import annotations

import bisect
import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal, Sequence

from pydantic import Field, field_validator

from ..core.datafiles import DATA_DIR, DataFileError, DataModel, check_regex, load_toml
from ..core.prefilter import chars, finditer_first, may_match, required
from ..lang.numerals import gregorian_year, parse_number

__all__ = ["DeadlineHit", "find_deadlines", "load_rules", "DataFileError", "DATA_DIR"]


# --------------------------------------------------------------------------------------------
# data file schema

DateSpec = Literal["year_end", "month_end", "day", "half_end", "quarter_end", "year2_end",
                   "month2_end", "relative", "span_end", "dekad_end", "day2", "plan_end", "none"]
Kind = Literal["by", "in_year", "period", "recurring"]


class _Expect(DataModel):
    """What the rule reads out of its example (checked by the tests and shown in the phrasebook)."""
    text: str = Field(min_length=1)
    date: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class _Rule(DataModel):
    id: str = Field(pattern=r"^deadline\.[a-z0-9_]+$")
    kind: Kind
    date: DateSpec
    pattern: str = Field(min_length=1)
    means: str = Field(min_length=4)        # the pattern in words (docs/phrasebook.md)
    example: str = Field(min_length=2)      # a sentence in the analysis form, written for this file
    expect: _Expect
    # False: the rule's own pattern already states the context (自2024年起3年内), so the
    # baseline / start-date exclusions around the year are not applied
    context: bool = True
    # speed: the rule is tried only where one of these words occurs in the searched text ...
    gate: list[str] = Field(default_factory=list)
    # ... and a match is dropped when one of these characters or words stands right before it
    # (what a leading look-behind would say, without slowing every position of the scan)
    not_after: str = ""
    not_after_words: list[str] = Field(default_factory=list)
    # True: the pattern is a whole cell of a task table's time column ([table] time_columns), tried
    # only there (a bare "2024年6月" elsewhere dates nothing); the example is then a small notice
    cell: bool = False
    # True: a year before the one the notice was issued in reports the past: no deadline
    future: bool = False


class _Table(DataModel):
    time_columns: list[str] = Field(default_factory=list)


class _NotDeadline(DataModel):
    """Phrases that look like a deadline but are not: a match removes every deadline inside it."""
    id: str = Field(pattern=r"^not_deadline\.[a-z0-9_]+$")
    pattern: str = Field(min_length=1)
    means: str = Field(min_length=4)
    example: str = Field(min_length=2)
    expect_none: str = Field(min_length=1)   # the look-alike in the example that gives no deadline
    gate: list[str] = Field(default_factory=list)


class _Exclude(DataModel):
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)
    label_before: list[str] = Field(default_factory=list)
    as_of: list[str] = Field(default_factory=list)


class _DeadlineData(DataModel):
    placeholders: dict[str, str]
    exclude: _Exclude = Field(default_factory=_Exclude)
    example_context: dict[str, str] = Field(default_factory=dict)
    rule: list[_Rule] = Field(min_length=1)
    not_deadline: list[_NotDeadline] = Field(default_factory=list)
    table: _Table = Field(default_factory=_Table)

    @field_validator("placeholders")
    @classmethod
    def _ph(cls, v):
        for k, p in v.items():
            check_regex(p)
        return v


@dataclass(frozen=True)
class _Compiled:
    id: str
    kind: str
    date: str
    regex: re.Pattern
    context: bool = True
    gate: tuple[str, ...] = ()
    not_after: str = ""
    not_after_words: tuple[str, ...] = ()
    cell: bool = False
    future: bool = False


@dataclass(frozen=True)
class _Rules:
    rules: tuple[_Compiled, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    label_before: tuple[str, ...]
    as_of: tuple[str, ...] = ()
    not_deadline: tuple[tuple[str, re.Pattern, tuple[str, ...]], ...] = ()
    cells: tuple[_Compiled, ...] = ()
    time_columns: tuple[str, ...] = ()


def _expand(pattern: str, placeholders: dict[str, str], where: str) -> str:
    def sub(m):
        key = m.group(1)
        if key not in placeholders:
            raise DataFileError(f"{where}: unknown placeholder {{{key}}}")
        return placeholders[key]
    return re.sub(r"\{([A-Z][A-Z0-9]*)\}", sub, pattern)


_ROC_YEAR = {"Y": r"(?P<y>(?:19|20)\d{2}|1[0-4]\d)", "Y2": r"(?P<y2>(?:19|20)\d{2}|1[0-4]\d)"}


@lru_cache(maxsize=4)
def load_rules(path: str | None = None, roc: bool = False) -> _Rules:
    """Load, validate, expand and compile the deadline rules (cached). ``roc``: years may also be
    written in the Republic of China calendar (three digits, as Taiwan's notices do)."""
    p = Path(path) if path else DATA_DIR / "deadlines.toml"
    data = load_toml(p, _DeadlineData)
    if roc:
        data = data.model_copy(update={"placeholders": {**data.placeholders, **_ROC_YEAR}})
    out = []
    seen = set()
    for i, r in enumerate(data.rule):
        where = f"{p}: key rule[{i}] (id {r.id!r})"
        if r.id in seen:
            raise DataFileError(f"{where}: duplicate id")
        seen.add(r.id)
        src = _expand(r.pattern, data.placeholders, where)
        try:
            rx = re.compile(src)
        except re.error as e:
            raise DataFileError(f"{where}: key pattern: invalid regular expression: {e}") from None
        need = {"month_end": {"m"}, "day": {"m", "d"}, "half_end": {"h"}, "quarter_end": {"q"},
                "year2_end": {"y2"}, "month2_end": {"m2"}, "relative": {"n", "u"},
                "span_end": {"n"}, "dekad_end": {"m", "k"}, "day2": {"m", "d2"}, "plan_end": {"p"}}.get(r.date, set())
        missing = need - set(rx.groupindex)
        if missing:
            raise DataFileError(f"{where}: key date: {r.date!r} needs groups {sorted(missing)} in the pattern")
        out.append(_Compiled(r.id, r.kind, r.date, rx, r.context, tuple(r.gate), r.not_after,
                             tuple(r.not_after_words), r.cell, r.future))
    nots = []
    for i, n in enumerate(data.not_deadline):
        where = f"{p}: key not_deadline[{i}] (id {n.id!r})"
        if n.id in seen:
            raise DataFileError(f"{where}: duplicate id")
        seen.add(n.id)
        try:
            nots.append((n.id, re.compile(_expand(n.pattern, data.placeholders, where)), tuple(n.gate)))
        except re.error as e:
            raise DataFileError(f"{where}: key pattern: invalid regular expression: {e}") from None
    return _Rules(tuple(r for r in out if not r.cell), tuple(data.exclude.before), tuple(data.exclude.after),
                  tuple(data.exclude.label_before), tuple(data.exclude.as_of), tuple(nots),
                  tuple(r for r in out if r.cell), tuple(data.table.time_columns))


@lru_cache(maxsize=2)
def rule_data(path: str | None = None) -> _DeadlineData:
    """The validated rule file as written (ids, meanings, examples): for the phrasebook and tests."""
    p = Path(path) if path else DATA_DIR / "deadlines.toml"
    return load_toml(p, _DeadlineData)


# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DeadlineHit:
    start: int
    end: int
    date: str | None
    kind: str
    rule: str


_BOOK = re.compile(r"《[^《》\n]{0,200}》")
_YEAR_IN = re.compile(r"(?:19|20)\d{2}|(?<!\d)1[0-4]\d(?=\s*年)")


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    v = parse_number(s)
    return int(v) if v is not None else None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    mi = d.month - 1 + n
    y, m = d.year + mi // 12, mi % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _year(v: int | None) -> int | None:
    return gregorian_year(v) if v is not None else v


def _compute(spec: str, g: dict, default_year: int | None, issue_date: str | None) -> str | None:
    y = _year(_num(g.get("y"))) or default_year
    if g.get("nx"):
        # 明年: the year after the one the notice was issued in (else after the document's year)
        base = int(issue_date[:4]) if issue_date else default_year
        y = base + 1 if base is not None else None
    try:
        if spec == "none":
            return None
        if spec == "relative":
            if not issue_date:
                return None
            base = date.fromisoformat(issue_date[:10])
            n = _num(g.get("n"))
            u = g.get("u") or ""
            if n is None:
                return None
            if u in ("个月", "月"):
                d = _add_months(base, n)
            elif u == "年":
                d = _add_months(base, 12 * n)
            elif u == "周":
                d = base + timedelta(weeks=n)
            elif u == "个工作日":
                d = base + timedelta(days=round(n * 7 / 5))
            else:
                d = base + timedelta(days=n)
            return d.isoformat()
        if spec == "span_end":
            # "2019年起3年内": the last day of the n-th year from the start written; "用3年时间" with no
            # start: counted from the year the notice was issued (a plan's title may name its last year)
            n = _num(g.get("n"))
            base = y if g.get("y") is not None or not issue_date else int(issue_date[:4])
            if base is None or n is None or n < 1:
                return None
            return date(base + n - 1, 12, 31).isoformat()
        if spec == "plan_end":
            # the N-th five-year plan (十四五 = the 14th, 2021-2025) ends in 1955 + 5N
            p = _num(g.get("p"))
            return date(1955 + 5 * p, 12, 31).isoformat() if p and 6 <= p <= 20 else None
        if spec == "year2_end":
            return date(_year(_num(g["y2"])), 12, 31).isoformat()
        if spec == "month2_end":
            y2 = _year(_num(g.get("y2"))) or y
            if y2 is None:
                return None
            m2 = _num(g["m2"])
            if g.get("y2") is None and g.get("m") is not None and m2 < _num(g["m"]):
                y2 += 1     # "12月-3月", "2023年11月至2月": the range runs into the next year
            return _month_end(y2, m2).isoformat()
        if y is None:
            return None
        if spec == "year_end":
            return date(y, 12, 31).isoformat()
        if spec == "month_end":
            return _month_end(y, _num(g["m"])).isoformat()
        if spec == "day":
            return date(y, _num(g["m"]), _num(g["d"])).isoformat()
        if spec == "day2":
            # the last day of a range of days ("3月1日至4月30日", "12月7~13日"): y2/m2 default to y/m
            y2 = _year(_num(g.get("y2"))) or y
            m2 = _num(g.get("m2")) or _num(g["m"])
            if g.get("y2") is None and m2 < _num(g["m"]):
                y2 += 1     # "12月20日至1月10日": the range runs into the next year
            return date(y2, m2, _num(g["d2"])).isoformat()
        if spec == "dekad_end":
            # 上旬 ends on the 10th, 中旬 on the 20th, 下旬 with the month
            m = _num(g["m"])
            k = g.get("k")
            return (date(y, m, 10) if k == "上" else date(y, m, 20) if k == "中" else _month_end(y, m)).isoformat()
        if spec == "half_end":
            return (date(y, 6, 30) if g.get("h") == "上" else date(y, 12, 31)).isoformat()
        if spec == "quarter_end":
            q = _num(g["q"])
            return _month_end(y, 3 * q).isoformat()
    except (ValueError, KeyError, TypeError):
        return None
    return None


def find_deadlines(text: str, start: int = 0, end: int | None = None, *,
                   default_year: int | None = None, issue_date: str | None = None,
                   roc: bool = False,
                   items: Sequence[tuple[int, int, int | None]] = ()) -> list[DeadlineHit]:
    """Deadline expressions in ``text[start:end]``, sorted by position, non-overlapping.

    A deadline without a year takes the year of a dated deadline earlier in the same sentence,
    else (``items``: the tasks' texts ``(start, end, heading_year)``, sorted by start) the year of
    a dated deadline earlier in the same item (not one before the year the notice was issued: a
    past statistic does not date the work), else the item's ``heading_year`` (the year its
    enclosing heading names, ``（一）2025年重点工作``), else ``default_year``.

    Offsets are absolute (into ``text``)."""
    R = load_rules(roc=roc)
    end = len(text) if end is None else end
    books = [(m.start(), m.end()) for m in _BOOK.finditer(text, start, end)] if "《" in text[start:end] else []
    cands = []
    seg = text[start:end]
    present = chars(text, start, end)
    for order, rule in enumerate(R.rules):
        if rule.gate and not any(g in seg for g in rule.gate):
            continue
        if not may_match(required(rule.regex), present):   # cannot match here: skip the scan
            continue
        for m in finditer_first(rule.regex, text, start, end):   # = rule.regex.finditer
            ms = m.start()
            if ms > 0 and (text[ms - 1] in rule.not_after
                           or any(text.startswith(w, ms - len(w)) for w in rule.not_after_words)):
                continue
            s, e = m.span("x") if "x" in rule.regex.groupindex else m.span()
            # trim leading whitespace the pattern may have absorbed
            while s < e and text[s].isspace():
                s += 1
            if s >= e:
                continue
            cands.append((s, -(e - s), order, e, m, rule))
    if not cands:
        return []
    cands.sort(key=lambda c: (c[0], c[1], c[2]))
    nots = sorted(m.span() for _id, rx, gate in R.not_deadline if not gate or any(g in seg for g in gate)
                  for m in rx.finditer(text, start, end))
    not_starts = [a for a, _ in nots]
    not_reach = []          # the furthest end among the look-alikes opening at or before each start
    for _a, b in nots:
        not_reach.append(max(b, not_reach[-1]) if not_reach else b)
    hits: list[DeadlineHit] = []
    last_end = -1
    item_starts = [a for a, _b, _y in items]
    floor = int(issue_date[:4]) if issue_date else None
    # the last dated deadline and whether a sentence ended after it (scanned once: linear)
    dated, scanned, cut = None, 0, False
    written = None      # the last deadline with a year written (2024年, 到2025年底), for its item
    for s, _neg, _order, e, m, rule in cands:
        if s < last_end:
            continue
        if _excluded(text, s, e, m, rule, R, books):
            continue
        if nots:
            k = bisect.bisect_right(not_starts, s) - 1
            if k >= 0 and e <= not_reach[k]:
                continue
        g = m.groupdict()
        year = default_year
        if g.get("y") is None and g.get("nx") is None and rule.date not in ("none", "relative"):
            item = None
            if item_starts:
                k = bisect.bisect_right(item_starts, s) - 1
                if k >= 0 and s < items[k][1]:
                    item = items[k]
            if dated is not None:
                # no year written: a dated deadline earlier in the same sentence gives it ("2023年,…3月底前")
                if not cut and _SENTENCE_END_RX.search(text, max(scanned, dated.end), s):
                    cut = True
                scanned = max(scanned, s)
            if dated is not None and not cut:
                year = int(dated.date[:4])
            elif (written is not None and item is not None and written.start >= item[0]
                  and (floor is None or int(written.date[:4]) >= floor)):
                # ... else a year written earlier in the same item ("2024年启动排查;6月底前完成报告")
                year = int(written.date[:4])
            elif item is not None and item[2] is not None:
                # ... else the year its heading names ("(一)2025年重点工作")
                year = item[2]
        d = _compute(rule.date, g, year, issue_date)
        if (d is not None and issue_date and rule.kind == "by" and g.get("y") is not None
                and d < issue_date[:10] and any(text.startswith(w, s) for w in R.as_of)):
            continue    # "截至2021年底" before the issue date: the time of a statistic
        if rule.future and d is not None and issue_date and d[:4] < issue_date[:4]:
            continue    # "2020年全市城镇化率达到60%" in a 2021 notice: a report of the past
        if rule.kind == "in_year" and d is not None and issue_date and d < issue_date[:10]:
            continue    # "上半年,各单位…" in a notice of August: the half is over, a report of it
        hit = DeadlineHit(s, e, d, rule.kind, rule.id)
        hits.append(hit)
        if d is not None and rule.date != "relative":
            dated, scanned, cut = hit, e, False
            if g.get("y") is not None and rule.kind in ("by", "in_year") and rule.date != "span_end":
                written = hit
        last_end = e
    return hits


_START_WORDS = ("自", "从")
def is_time_column(header: str) -> bool:
    """A task table's column of deadlines (完成时限, 时间节点, 完成时间 …)."""
    return any(w in header for w in load_rules().time_columns)


def find_cell_deadline(text: str, start: int, end: int, *, default_year: int | None = None,
                       issue_date: str | None = None, roc: bool = False) -> DeadlineHit | None:
    """The deadline a whole time-column cell states without 前/底 ("2024年6月", "2024年",
    "2024年6月30日"): the cell rules of deadlines.toml, matched against the cell's full text."""
    R = load_rules(roc=roc)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    for rule in R.cells:
        m = rule.regex.fullmatch(text, start, end)
        if m:
            return DeadlineHit(start, end, _compute(rule.date, m.groupdict(), default_year, issue_date),
                               rule.kind, rule.id)
    return None


_SENTENCE_END_RX = re.compile(r"[。;!?\n|]")

# a year a heading names ("(一)2025年重点工作", "第一阶段(2024年)"), not a baseline (较2020年), a
# start (2024年起) or one end of a range (2024—2026年): see heading_year
_HEADING_YEAR = re.compile(r"(?<![较比与同自从〔\[\d\-—–~至到])((?:19|20)\d{2})年(?!起|开始|以来|版|〕|\]|\s*(?:-|—|–|~|至|到))")
_HEADING_YEAR_ROC = re.compile(r"(?<![较比与同自从〔\[\d\-—–~至到])((?:19|20)\d{2}|1[0-4]\d)年(?!起|开始|以来|版|〕|\]|\s*(?:-|—|–|~|至|到))")


def heading_year(text: str, start: int, end: int, roc: bool = False) -> int | None:
    """The one year a heading's text names, or None (no year, or several)."""
    years = {gregorian_year(int(m.group(1))) for m in (_HEADING_YEAR_ROC if roc else _HEADING_YEAR).finditer(text, start, end)}
    return years.pop() if len(years) == 1 else None


def _excluded(text: str, s: int, e: int, m: re.Match, rule: _Compiled, R: _Rules, books) -> bool:
    # books are regex matches, so sorted and disjoint: only the last one opening at or before s can
    # hold [s, e) (a scan over all of them per candidate made citation-heavy texts quadratic)
    k = bisect.bisect_right(books, (s, math.inf)) - 1
    if k >= 0 and e <= books[k][1]:
        return True
    if not rule.context or "y" not in m.groupdict() or m.group("y") is None:
        return False
    ys = m.start("y")
    # look right before the year, skipping the rule's own prefix (到, 力争 …) is not needed:
    # exclusion words sit directly before the matched text
    for w in R.before:
        if rule.kind == "period" and w in _START_WORDS:
            continue    # "自2024年1月至2025年12月": a period states its start itself
        if text.startswith(w, s - len(w)) and s - len(w) >= 0:
            return True
        if ys != s and text.startswith(w, ys - len(w)):
            return True
    for w in R.after:
        if text.startswith(w, e):
            return True
    if rule.kind == "period":
        for w in R.label_before:
            if s >= len(w) and text.startswith(w, s - len(w)):
                return True
    return False
