"""Quantity annotator: numbers with units, their comparator, target/threshold kind and year.

Pure functions over the analysis text (Simplified, width-folded).  Units, multipliers, comparator
words, kind cues and non-quantity patterns live in ``extractor/data/quantities.toml``.

Conventions (see ANNOTATION.md):
* span = the number and its unit, comparator words excluded ("66.5%", "476.9万千瓦");
* value expands 万/亿/千万 (476.9万千瓦 -> 4769000, unit 千瓦); percents stay as written;
* ranges "1~3个百分点" give value=1, value_max=3;
* "2×630MW" gives 1260 MW; "百分之五" gives 5 %; Chinese numerals ("三根", "两千名") are read;
  a bare "一" (一条, 一次) counts only with a comparator word before it (只能有一条, 至少…一次);
* per-capita amounts ("每万常住人口…不低于4人") keep the unit as written ("人"): 每万/每千 is the
  per-capita base, never a multiplier, and the base is left to the metric;
* year = year of the nearest dated deadline before the quantity in the same sentence (sentences end
  at 。!? at table-cell bars and at line breaks, except breaks around a short ASCII fragment such as
  "PM\\n2.5\\n"); ";" does not end the governing scope of a sentence-initial "到2025年," (the gold
  corpus codes quantities after ";" with the sentence's year); recurring deadlines give no year.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, Sequence

from pydantic import Field, field_validator

from ..core.datafiles import DATA_DIR, DataFileError, DataModel, check_regex, load_toml
from ..core.prefilter import chars, finditer_first, may_match, required
from .deadlines import DeadlineHit

# Search windows (characters) around a number. A clause (up to the previous , ; :) is rarely
# longer than 200 characters, a sentence than 400, a paragraph than 2,000; the limits keep one-line
# OCR text, where no such boundary may come, from being scanned back to its start for every number.
PHRASE_BACK = 60
CLAUSE_BACK = 200
SENTENCE_BACK = 400
PARAGRAPH_BACK = 2000
# A sentence's end is looked for at most this far ahead (a number's sentence, OCR text as above).
SENTENCE_MAX = 300
# Masks (document numbers, dates, book titles) are found a little beyond the region, so that one
# cut by the region's edge still hides the numbers inside it.
MASK_MARGIN = 20
from ..lang.numerals import ARABIC, CHINESE, parse_number

__all__ = ["QuantityHit", "find_quantities", "load_config", "with_default_year"]


@dataclass(frozen=True)
class QuantityHit:
    start: int
    end: int
    value: float
    value_max: float | None
    unit: str | None
    comparator: str
    metric: str | None
    kind: str
    rule: str
    year: int | None = None
    max_comparator: str | None = None    # comparator of a range's upper end ("3000(含)—5000辆": "<")


# --------------------------------------------------------------------------------------------
# data file schema

Cmp = Literal["<=", ">=", "=", "<", ">"]
UnitClass = Literal["percent", "money", "concentration", "duration", "measure", "count", "score"]


class _NonQ(DataModel):
    id: str = Field(pattern=r"^nonquantity\.[a-z0-9_]+$")
    pattern: str
    means: str = Field(min_length=4)
    example: str = Field(min_length=2)
    expect_none: str = Field(min_length=1)   # the look-alike in the example that is not read
    gate: list[str] = Field(default_factory=list)   # speed: tried only where one of these occurs

    @field_validator("pattern")
    @classmethod
    def _re(cls, v):
        return check_regex(v)


class _Comparators(DataModel):
    prefix: dict[Cmp, list[str]]
    suffix: dict[Cmp, list[str]]
    concentration: dict[str, list[str] | Cmp]


class _QExpect(DataModel):
    text: str = Field(min_length=1)
    value: float
    unit: str | None = None
    comparator: Cmp = "="


class _QRule(DataModel):
    """A way of writing a quantity. Families read by code name the code path in ``id``; word
    numbers (翻一番, 过半) also give ``phrase`` / ``value`` / ``unit`` here."""
    id: str = Field(pattern=r"^quantity\.[a-z0-9_.]+$")
    means: str = Field(min_length=4)
    example: str = Field(min_length=2)
    expect: list[_QExpect] = Field(min_length=1)
    phrase: str | None = None          # regex of a word number (no digits written)
    gate: list[str] = Field(default_factory=list)   # speed: tried only where one of these occurs
    value: float | None = None
    unit: str | None = None
    comparator: Cmp | None = None      # the comparator the phrase itself states (过半: ">")
    # the example is a small notice with a task table (rows of cells split by |), read whole
    table: bool = False

    @field_validator("phrase")
    @classmethod
    def _re(cls, v):
        return check_regex(v) if v is not None else v


class _Kind(DataModel):
    threshold_context: list[str]
    threshold_modal: list[str]
    threshold_after: list[str]
    threshold_before: list[str]
    duration_target_verbs: list[str]
    target_verbs: list[str]
    chinese_needs_comparator: list[str] = Field(default_factory=list)
    threshold_past: list[str] = Field(default_factory=list)
    threshold_stock: list[str] = Field(default_factory=list)
    new_work_verbs: list[str] = Field(default_factory=list)
    money_target_words: list[str] = Field(default_factory=list)
    money_commit_verbs: list[str] = Field(default_factory=list)


class _QData(DataModel):
    multipliers: dict[str, float]
    units: dict[UnitClass, dict[str, str]]
    unit_not_before: dict[str, list[str]]
    chinese_units: list[str]
    comparators: _Comparators
    kind: _Kind
    nonquantity: list[_NonQ]
    # a unit may be followed by "/" or "·" and one of these (吨/日, 元/千瓦时, 千克标煤/平方米)
    denominators: list[str] = Field(default_factory=list)
    rule: list[_QRule] = Field(default_factory=list)
    # task-table column headers holding each row's score weight as a bare number (分值 | 8)
    score_columns: list[str] = Field(default_factory=list)

    @field_validator("multipliers")
    @classmethod
    def _mult(cls, v):
        for k, x in v.items():
            if x <= 1:
                raise ValueError(f"multiplier {k!r} must be > 1")
        return v


@dataclass(frozen=True)
class _Config:
    data: _QData
    unit_class: dict[str, str]
    unit_canon: dict[str, str]
    main: re.Pattern
    chinese: re.Pattern
    percent_word: re.Pattern
    bare_mult: re.Pattern
    nonq: tuple[tuple[str, re.Pattern], ...]
    prefix: tuple[tuple[str, str], ...]          # (word, comparator) longest first
    suffix: re.Pattern
    reach: frozenset
    conc_cmp: str
    words: tuple = ()            # (id, regex, value, unit, comparator) of word numbers
    ratio: re.Pattern | None = None
    chinese_range: re.Pattern | None = None
    magnitude: re.Pattern | None = None


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=4)
def load_config(path: str | None = None) -> _Config:
    p = Path(path) if path else DATA_DIR / "quantities.toml"
    d = load_toml(p, _QData)
    unit_class, canon = {}, {}
    for cls, units in d.units.items():
        for u, c in units.items():
            if u in unit_class:
                raise DataFileError(f"{p}: key units.{cls}.{u}: unit listed twice (also in units.{unit_class[u]})")
            unit_class[u] = cls
            canon[u] = c or u
    for u in list(d.unit_not_before) + d.chinese_units:
        if u not in unit_class:
            raise DataFileError(f"{p}: key unit_not_before/chinese_units: {u!r} is not a unit in [units]")
    mult = _alt(d.multipliers)
    unit_alts = []
    for u in sorted(unit_class, key=len, reverse=True):
        nb = d.unit_not_before.get(u)
        unit_alts.append(re.escape(u) + (f"(?!{_alt(nb)})" if nb else ""))
    units = "|".join(unit_alts)
    if d.denominators:
        units = rf"(?:{units})(?:\s*[/·]\s*(?:{_alt(d.denominators)}))?"
    num = ARABIC
    main = re.compile(
        # a range needs its dash, except after a lower end marked (含): "3000(含)5000辆" is a range
        # whose dash OCR or a web page lost (a number right after (含) can only be the upper end)
        rf"(?<![\d.A-Za-z])(?:(?P<f>{num})\s*[×xX*]\s*)?(?P<a>{num})(?P<incl>\(含\))?"
        rf"(?:\s*(?P<dash>[~\-—–]|至|到)?(?(dash)|(?(incl)|(?!)))\s*(?P<b>{num}))?(?P<yu>余|多)?\s*(?P<mult>{mult})?(?(yu)|(?P<yu2>余|多)?)\s*(?P<unit>{units})?")
    cunits = "|".join(u for u in unit_alts if re.sub(r"\(\?!.*\)$", "", u).replace("\\", "") in d.chinese_units)
    chinese = re.compile(rf"(?<![零〇一二两三四五六七八九十百千万亿第])(?P<c>{CHINESE})(?P<yu>余|多)?(?P<unit>{cunits})")
    percent_word = re.compile(rf"(?P<pw>百分之|千分之)(?P<pn>{CHINESE}|{num})")
    bare_mult = re.compile(rf"(?<![\d零〇一二两三四五六七八九十百千万亿.])(?P<mult>{mult})(?P<unit>元)(?=及?以[上下])")
    nonq = []
    for i, n in enumerate(d.nonquantity):
        nonq.append((n.id, re.compile(n.pattern), tuple(n.gate)))
    prefix = []
    for cmp_, words in d.comparators.prefix.items():
        prefix += [(w, cmp_) for w in words]
    prefix.sort(key=lambda x: len(x[0]), reverse=True)
    suf_words = {w: c for c, ws in d.comparators.suffix.items() for w in ws}
    suffix = re.compile(rf"(?P<w>{_alt(suf_words)})")
    conc = d.comparators.concentration
    reach = conc.get("reach")
    cc = conc.get("comparator")
    if not isinstance(reach, list) or cc not in ("<=", ">=", "=", "<", ">"):
        raise DataFileError(f"{p}: key comparators.concentration: needs reach = [..] and comparator = '<=' etc.")
    ids = {n.id for n in d.nonquantity}
    words = []
    for r in d.rule:
        if r.id in ids:
            raise DataFileError(f"{p}: key rule (id {r.id!r}): duplicate id")
        ids.add(r.id)
        if r.phrase is not None:
            if r.value is None:
                raise DataFileError(f"{p}: key rule (id {r.id!r}): a phrase needs a value")
            if r.unit and r.unit not in unit_class:
                raise DataFileError(f"{p}: key rule (id {r.id!r}): unit {r.unit!r} is not in [units]")
            words.append((r.id, re.compile(r.phrase), r.value, r.unit or "", r.comparator, tuple(r.gate)))
    ratio = re.compile(r"(?<![\d.:])(?P<a>\d+(?:\.\d+)?)\s*:\s*(?P<b>\d+(?:\.\d+)?)(?![\d.:])")
    chinese_range = re.compile(rf"(?<![零〇一二两三四五六七八九十百千万亿第])(?P<c>{CHINESE})(?:至|到|~|-|—)"
                               rf"(?P<c2>{CHINESE})(?P<unit>{cunits})")
    # a magnitude word alone after a comparator (突破千亿元, 超过万人): 千亿元 -> 1e11 元
    magnitude = re.compile(r"(?:突破|超过|超|逾|过|近|达到|达|提升到|提升至|提高到)(?P<x>(?P<m>千亿|百亿|万亿|千万|百万|十万|亿|万|千|百)"
                           r"(?P<unit>人次|平方米|公里|元|吨|人|户|家|个|名|亩|辆|台|套|件|次|兆))(?![\u4e00-\u9fff]{0,1}万)")
    cfg = _Config(d, unit_class, canon, main, chinese, percent_word, bare_mult, tuple(nonq), tuple(prefix),
                  suffix, frozenset(reach), cc, tuple(words), ratio, chinese_range, magnitude)
    object.__setattr__(cfg, "suffix_map", suf_words)
    # a number written in parts, digits around 万/亿 ("1万5千户", "1万2,083座", "3亿5千万元")
    object.__setattr__(cfg, "mixed", re.compile(
        rf"(?<![\d.,])(?P<a>\d+)(?P<big>亿|万)(?P<b>\d+(?:,\d{{3}})*|[一二三四五六七八九])(?P<bm>千万|千|百|万)?"
        rf"\s*(?P<unit>{units})"))
    return cfg


# --------------------------------------------------------------------------------------------

_SENT_END = set("。!?|\n")
_CLAUSE_END = set("。!?|\n,;:、()“”")
_PHRASE_END = set("。!?|\n,;:()“”")
_BOOK = re.compile(r"《[^《》\n]{0,200}》")
_QUOTE = re.compile(r"“[^“”\n]{1,12}”")
_SHORT_ASCII = re.compile(r"^[\x21-\x7e ]{1,8}$")


def _masks(text: str, start: int, end: int, cfg: _Config, deadlines, present: set) -> list[tuple[int, int]]:
    """``present``: chars() of [start, end), computed by the caller (its task span plus margins)."""
    spans = [m.span() for m in _BOOK.finditer(text, start, end)] if "《" in text[start:end] else []
    spans += [m.span() for m in _QUOTE.finditer(text, start, end)] if "“" in text[start:end] else []
    seg = text[start:end]
    for _id, rx, gate in cfg.nonq:
        if gate and not any(g in seg for g in gate):
            continue
        if not may_match(required(rx), present):          # cannot match here: skip the scan
            continue
        spans += [m.span() for m in rx.finditer(text, start, end)]
    spans += [(h.start, h.end) for h in deadlines]
    spans.sort()
    return spans


def _masked(spans, starts, pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    # spans may nest/overlap; check a few back
    j = i
    while j >= 0 and j > i - 8:
        s, e = spans[j]
        if s <= pos < e:
            return True
        j -= 1
    return False


def _sentence_start(text: str, pos: int, lo: int) -> int:
    i = pos - 1
    while i >= lo:
        c = text[i]
        if c in _SENT_END:
            if c == "\n" and _fragment_newline(text, i):
                i -= 1
                continue
            return i + 1
        i -= 1
    return lo


def _fragment_newline(text: str, i: int) -> bool:
    """A line break next to a short ASCII fragment ('PM\\n2.5\\n浓度') does not end a sentence."""
    ps = text.rfind("\n", 0, i) + 1
    prev = text[ps:i]
    ne = text.find("\n", i + 1)
    nxt = text[i + 1: ne if ne >= 0 else len(text)]
    return bool(_SHORT_ASCII.match(prev.strip() or "") and prev.strip()) or \
        bool(_SHORT_ASCII.match(nxt.strip() or "") and nxt.strip())


def _sentence_end(text: str, pos: int, limit: int = SENTENCE_MAX) -> int:
    i = pos
    n = min(len(text), pos + limit)
    while i < n:
        c = text[i]
        if c in _SENT_END and not (c == "\n" and _fragment_newline(text, i)):
            return i
        i += 1
    return n


def _paragraph_start(text: str, pos: int, lo: int) -> int:
    i = text.rfind("\n", lo, pos)
    while i != -1:
        if not _fragment_newline(text, i):
            return i + 1
        i = text.rfind("\n", lo, i)
    return lo


def _clause_start(text: str, pos: int, lo: int, ends=None) -> int:
    ends = _CLAUSE_END if ends is None else ends
    i = pos - 1
    while i >= lo:
        if text[i] in ends:
            return i + 1
        i -= 1
    return lo


@lru_cache(maxsize=4)
def _prefix_index(prefix: tuple[tuple[str, str], ...]):
    """One regex for all comparator words, anchored at the search end: at a given end position the
    leftmost match is the longest word, as the longest-first list order asks."""
    words = [w for w, _ in prefix]
    rx = re.compile("(?:" + "|".join(re.escape(w) for w in words) + r")\Z")
    first = {}
    for w, c in prefix:
        first.setdefault(w, c)
    return rx, first, max(len(w) for w in words)


def _prefix_cmp(text: str, s: int, lo: int, cfg: _Config) -> tuple[str | None, str | None, int]:
    """Nearest comparator word ending at most 8 chars before s, not before lo."""
    rx, comp, maxlen = _prefix_index(cfg.prefix)
    for back in range(0, 9):
        e = s - back
        if e <= lo:
            break
        m = rx.search(text, max(lo, e - maxlen), e)
        if m:
            return m.group(), comp[m.group()], m.start()
    return None, None, s


def find_quantities(text: str, start: int = 0, end: int | None = None, *,
                    deadlines: Sequence[DeadlineHit] = (), issue_year: int | None = None) -> list[QuantityHit]:
    """Quantities in ``text[start:end]`` (absolute offsets), in text order. ``issue_year``: the year
    the notice was issued; an amount in a sentence dated by an earlier year ("2023年全市完成造林5万亩")
    reports the past: a threshold, not a target."""
    cfg = load_config()
    end = len(text) if end is None else end
    raw = []   # (s, e, value, value_max, unit_written, rule, number_start)
    present = chars(text, start, end)
    # a pass that cannot match in this span (no digit, no Chinese numeral...) is skipped
    scan_main, scan_chinese, scan_percent_word, scan_bare_mult = (
        may_match(required(rx), present) for rx in (cfg.main, cfg.chinese, cfg.percent_word, cfg.bare_mult))
    upper_excl: set[int] = set()
    fixed_cmp: dict[int, str] = {}    # start -> comparator stated by a word number (过半: ">")
    for m in (finditer_first(cfg.main, text, start, end) if scan_main else ()):
        unit = m.group("unit")
        a = parse_number(m.group("a"))
        if a is None:
            continue
        mult = cfg.data.multipliers.get(m.group("mult"), 1.0) if m.group("mult") else 1.0
        e = m.end()
        while e > m.start() and text[e - 1].isspace():
            e -= 1
        if unit is None:
            # unitless: only with a multiplier (突破5亿) or a trailing 左右 (控制在0.4左右), and a comparator before
            if not (m.group("mult") or text.startswith("左右", e)):
                continue
            if m.group("dash"):
                continue
            w, c, _ = _prefix_cmp(text, m.start(), max(start, m.start() - 10), cfg)
            if w is None:
                continue
            if not m.group("mult") and "." not in m.group("a"):
                continue
            rule = "quantity.unitless"
        else:
            rule = "quantity.number_unit"
        value = a * mult
        vmax = None
        if m.group("incl") and not m.group("b"):
            continue
        if m.group("b"):
            b = parse_number(m.group("b"))
            if b is None:
                continue
            vmax = b * mult
            rule = "quantity.range"
            if vmax < value:
                continue
        if m.group("f"):
            f = parse_number(m.group("f"))
            value = f * value
            rule = "quantity.product"
        if m.group("yu") or m.group("yu2"):
            if unit is None or m.group("b"):
                continue
            # "3000余人", "100多家": more than the number written
            fixed_cmp[m.start()] = ">"
            rule = "quantity.more_than"
        if m.group("incl"):
            # "3000(含)—5000辆": the lower end is included, the upper one is not (unless it says so)
            if text.startswith("(含)", e):
                e += 3
            else:
                upper_excl.add(m.start())
            rule = "quantity.range_inclusive"
        elif rule == "quantity.number_unit":
            rule = _family(cfg, unit)
        if m.group("yu") or m.group("yu2"):
            rule = "quantity.more_than"
        raw.append((m.start(), e, round(value, 6), vmax, unit, rule, m.start()))
    if "万" in present or "亿" in present:
        for m in cfg.mixed.finditer(text, start, end):
            big = 1e8 if m.group("big") == "亿" else 1e4
            b = parse_number(m.group("b"))
            part = b * _PART.get(m.group("bm"), 1.0) if b is not None else None
            if part is None or part >= big:
                continue
            raw.append((m.start(), m.end(), round(float(m.group("a")) * big + part, 6), None, m.group("unit"),
                        "quantity.mixed_numeral", m.start()))
    for m in (finditer_first(cfg.chinese, text, start, end) if scan_chinese else ()):
        v = parse_number(m.group("c"))
        if v is None:
            continue
        if m.group("yu"):
            # "五千余人", "一百多家": more than the number written
            if v < 10 or _unit_class(cfg, m.group("unit")) == "duration":
                continue    # "过去十多年": a stretch of the past, not an amount
            fixed_cmp[m.start()] = ">"
            raw.append((m.start(), m.end(), v, None, m.group("unit"), "quantity.more_than", m.start()))
            continue
        raw.append((m.start(), m.end(), v, None, m.group("unit"), "quantity.chinese_numeral", m.start()))
    for m in (finditer_first(cfg.percent_word, text, start, end) if scan_percent_word else ()):
        v = parse_number(m.group("pn"))
        if v is None:
            continue
        raw.append((m.start(), m.end(), v, None, "%" if m.group("pw") == "百分之" else "‰", "quantity.percent_word", m.start()))
    _extra_families(text, start, end, cfg, raw, fixed_cmp)
    for m in (finditer_first(cfg.bare_mult, text, start, end) if scan_bare_mult else ()):
        raw.append((m.start(), m.end(), cfg.data.multipliers[m.group("mult")], None, m.group("unit"),
                    "quantity.bare_multiplier", m.start()))
    if not raw:
        return []
    raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    lo, hi = max(0, start - MASK_MARGIN), min(len(text), end + MASK_MARGIN)
    spans = _masks(text, lo, hi, cfg, deadlines, present | chars(text, lo, start) | chars(text, end, hi))
    starts = [s for s, _ in spans]
    dl = sorted((h for h in deadlines if h.date), key=lambda h: h.start)
    dl_starts = [h.start for h in dl]
    # every deadline (dated or not) by start, to hand each metric only the deadlines in its clause
    # (a scan over all of them per quantity made long texts quadratic)
    by_start = sorted(range(len(deadlines)), key=lambda k: deadlines[k].start)
    by_start_pos = [deadlines[k].start for k in by_start]

    hits: list[QuantityHit] = []
    last_end = -1
    prev = None  # previous hit, for lists (分别达30%、20%和10%)
    for s, e, value, vmax, unit, rule, ns in raw:
        if s < last_end:
            continue
        if _masked(spans, starts, ns):
            continue
        ucls = _unit_class(cfg, unit)
        if rule == "quantity.chinese_numeral":
            # a Chinese-numeral count is a quantity only when the clause commits to it or bounds it
            # (只能有一条, 至少接地一次, 三根以上, 共建三个…); 二 alone is a grade (二类, 二次污染): counts use 两
            cl = _clause_start(text, s, max(start, s - PHRASE_BACK), _PHRASE_END)
            w, c, _ = _prefix_cmp(text, s, cl, cfg)
            if text[s:e].startswith("二") and len(text[s:e]) == 2:
                continue
            if w is None and not cfg.suffix.match(text, e) and \
                    (value < 2 or not _has(text, cl, s, cfg.data.kind.target_verbs)
                     or unit in cfg.data.kind.chinese_needs_comparator):
                continue
        if rule == "quantity.number_unit" and unit == "年" and value >= 1900:
            continue
        clause_lo = _clause_start(text, s, max(start, s - CLAUSE_BACK))
        sent_lo = _sentence_start(text, s, max(start, s - SENTENCE_BACK))
        lo = max(clause_lo, last_end if last_end > 0 else clause_lo)
        w, pcmp, wpos = _prefix_cmp(text, s, lo, cfg)
        if pcmp not in (None, "<=") and ucls == "score" and text[s - 1:s] in _SCORE_VERB_CHARS:
            # "未达到的扣2分": the comparator belongs to the condition; the score itself is as written
            # (a cap stays: 最高加5分)
            w, pcmp, wpos = None, None, s
        # list continuation: "30%、20%和10%" inherits the first item's comparator
        chained = prev is not None and s - prev.end <= 2 and text[prev.end:s].strip(" ") in ("、", "和", "及", "或", "与", ",")
        sm = cfg.suffix.match(text, e + 1 if ucls == "duration" and text.startswith("期", e) else e)
        scmp = cfg.suffix_map[sm.group("w")] if sm else None
        after = sm.end() if sm else e
        if s in fixed_cmp:
            cmp_ = fixed_cmp[s]
        elif scmp is not None:
            cmp_ = scmp
        elif pcmp is not None:
            cmp_ = pcmp
            if ucls == "concentration" and w in cfg.reach:
                cmp_ = cfg.conc_cmp
        elif chained:
            cmp_ = prev.comparator
        else:
            cmp_ = "="
        if chained and pcmp is None:
            w = prev.rule  # marker only
        kind = _kind(text, s, e, after, ucls, clause_lo, sent_lo, w, pcmp, scmp, cfg)
        if kind == "target" and issue_year is not None and _past(text, sent_lo, s, issue_year):
            kind = "threshold"
        if chained and pcmp is None and scmp is None:
            kind = prev.kind
        upto = wpos if pcmp else s
        # what is measured is a noun phrase that may hold a list (书记、主任比例) or a quoted name
        # (“两新”组织覆盖率): its clause ends only at , ; : ( ) and sentence ends
        metric_lo = _clause_start(text, s, max(start, s - 200), _PHRASE_END - {"“", "”"})
        if chained:
            metric_lo = max(metric_lo, clause_lo)
        near = [deadlines[k] for k in sorted(by_start[bisect.bisect_left(by_start_pos, metric_lo):
                                                        bisect.bisect_left(by_start_pos, upto)])]
        metric = _metric(text, metric_lo, upto, after, kind, near, scope=sm is not None)
        if metric is None or metric in _SCORE_VERBS:
            metric = _metric_before(text, metric_lo, max(start, s - 120), ucls) or metric
        year = None
        i = bisect.bisect_right(dl_starts, s) - 1
        while i >= 0:
            h = dl[i]
            if h.end <= s and h.start >= sent_lo:
                year = int(h.date[:4])
                break
            if h.start < sent_lo:
                break
            i -= 1
        if year is None and dl:
            # a deadline opening the paragraph ("到2025年,…") governs the whole paragraph
            ps = _paragraph_start(text, s, max(0, s - PARAGRAPH_BACK))
            k = bisect.bisect_left(dl_starts, ps)
            if k < len(dl) and dl[k].end <= s and not text[ps:dl[k].start].strip(" 。\t"):
                year = int(dl[k].date[:4])
        hit = QuantityHit(s, e, value, vmax, cfg.unit_canon.get(unit, unit) if unit is not None else None, cmp_,
                          metric, kind, rule, year, "<" if s in upper_excl and vmax is not None else None)
        # a trailing 左右 / 以上 on the last list item applies back to the items before it
        if chained and scmp is not None and hits and hits[-1] is prev:
            j = len(hits) - 1
            while j >= 0 and hits[j].comparator == prev.comparator and hits[j] is not None:
                if not cfg.suffix.match(text, hits[j].end):
                    hits[j] = _replace(hits[j], comparator=scmp)
                if j == 0 or hits[j].start - hits[j - 1].end > 2:
                    break
                j -= 1
        hits.append(hit)
        prev = hit
        last_end = e
    return _unit_ranges(text, hits)


_RANGE_DASH = frozenset("-—–~～至到")


def _unit_ranges(text: str, hits: list[QuantityHit]) -> list[QuantityHit]:
    """A range written with its unit on both ends ("80%-90%", "5%～8%") is one range, as "1~3个"
    is: two quantities on the text, >= the low end and <= the high end (quantity.range)."""
    if len(hits) < 2:
        return hits
    out: list[QuantityHit] = []
    for h in hits:
        p = out[-1] if out else None
        if (p is not None and h.start == p.end + 1 and text[p.end] in _RANGE_DASH and p.unit == h.unit
                and p.unit is not None and p.value_max is None and h.value_max is None and p.value < h.value
                and p.rule == h.rule == "quantity.number_unit"):
            out[-1] = _replace(p, end=h.end, value_max=h.value, rule="quantity.range", comparator="=")
            continue
        out.append(h)
    return out


# "提升三成", "八成以上": tenths, read only after a comparator or before 以上/以下/左右
_TENTHS = re.compile(r"(?P<n>[1-9一二三四五六七八九])成(?P<after>以上|以下|左右)?(?![为立本果功员熟效长就绩交都型品份批像不])")
_TENTHS_BEFORE = ("提高", "提升", "增加", "增长", "减少", "降低", "下降", "压减", "达到", "达", "超过", "超", "逾", "近", "约", "占",
                  "不低于", "不少于", "不超过", "未达", "未及", "不足")
DIGITS_CN = {c: i + 1 for i, c in enumerate("一二三四五六七八九")} | {str(i): i for i in range(1, 10)}
_CN_RANGE_HINT = re.compile(r"[一二两三四五六七八九十](?:至|到|~|-|—)[一二两三四五六七八九十]")


def _family(cfg: _Config, unit: str) -> str:
    """The rule id of a number with a unit: compound units, score weights and multiples have their
    own phrasebook rows."""
    if unit not in cfg.unit_class:
        return "quantity.compound_unit"
    if cfg.unit_class[unit] == "score":
        return "quantity.score"
    if unit == "倍":
        return "quantity.times"
    return "quantity.number_unit"


def _unit_class(cfg: _Config, unit: str | None) -> str | None:
    """Class of a unit as written; a compound unit (吨/日, 元/千瓦时) takes its numerator's class."""
    if unit is None:
        return None
    c = cfg.unit_class.get(unit)
    if c is None:
        num = re.split(r"\s*[/·]\s*", unit, maxsplit=1)[0]
        c = cfg.unit_class.get(num)
    return c


_PART = {"千万": 1e7, "千": 1e3, "百": 1e2, "万": 1e4}

# a fraction (三分之一, 2分之1); 百分之 / 千分之 are percentages (percent_word)
_FRACTION = re.compile(rf"(?<![\d零〇一二两三四五六七八九十百千万亿.])(?P<d>{CHINESE}|\d+)分之(?P<n>{CHINESE}|\d+)")


def _extra_families(text: str, start: int, end: int, cfg: _Config, raw: list, fixed_cmp: dict) -> None:
    """Quantities written without Arabic digits or in a form the main pattern does not read:
    Chinese ranges (一至两名), word numbers (翻一番, 过半, 一半), magnitudes alone (突破千亿元) and
    ratios (2:1). Each family is a [[rule]] of quantities.toml."""
    seg = text[start:end]
    for m in (cfg.chinese_range.finditer(text, start, end) if _CN_RANGE_HINT.search(seg) else ()):
        a, b = parse_number(m.group("c")), parse_number(m.group("c2"))
        if a is None or b is None or b <= a:
            continue
        raw.append((m.start(), m.end(), a, b, m.group("unit"), "quantity.chinese_range", m.start()))
    for rid, rx, value, unit, cmp_, gate in cfg.words:
        if gate and not any(g in seg for g in gate):
            continue
        for m in rx.finditer(text, start, end):
            s, e = m.span("x") if "x" in rx.groupindex and m.group("x") is not None else m.span()
            raw.append((s, e, value, None, unit, rid, s))
            if cmp_:
                fixed_cmp[s] = cmp_
    if any(w in seg for w in ("突破", "超", "逾", "过", "近", "达", "提升", "提高")):
        for m in cfg.magnitude.finditer(text, start, end):
            v = parse_number(m.group("m"))
            if v is None:
                continue
            raw.append((m.start("x"), m.end("x"), v, None, m.group("unit"), "quantity.magnitude_word", m.start("x")))
    if "成" in seg:
        for m in _TENTHS.finditer(text, start, end):
            ok = m.group("after") is not None or any(text.startswith(w, m.start() - len(w)) for w in _TENTHS_BEFORE)
            if ok:
                s = m.start("n")
                raw.append((s, m.end("n") + 1, float(DIGITS_CN[m.group("n")] * 10), None, "%", "quantity.tenths", s))
    if "分之" in seg:
        for m in _FRACTION.finditer(text, start, end):
            d, n = parse_number(m.group("d")), parse_number(m.group("n"))
            if not d or n is None or n > d:
                continue
            raw.append((m.start(), m.end(), round(n / d, 6), None, "", "quantity.fraction", m.start()))
    if ":" in seg:
        for m in cfg.ratio.finditer(text, start, end):
            # only where the clause says it is a ratio (师生比1:15, 按1:1配套, 配比为2:1)
            before = text[max(start, m.start() - 8):m.start()]
            after = text[m.end():m.end() + 4]
            if "比" not in before and not after.startswith(("比例", "的比例", "配套", "比")):
                continue
            a, b = float(m.group("a")), float(m.group("b"))
            if b == 0:
                continue
            raw.append((m.start(), m.end(), round(a / b, 6), None, "比", "quantity.ratio", m.start()))


def _replace(h: QuantityHit, **kw) -> QuantityHit:
    d = dict(h.__dict__)
    d.update(kw)
    return QuantityHit(**d)


# a calendar year dating a statement, not a baseline (较2020年), a start (2020年起) or a deadline's
# year (到2025年, 2025年底前): see _past
_STATED_YEAR = re.compile(r"(?<![较比与同自从到至〔\[\d])((?:19|20)\d{2})年(?!度?(?:起|以来|开始|底|末|前|内|版))")


def _past(text: str, lo: int, s: int, issue_year: int) -> bool:
    """The nearest year written before ``s`` in its sentence is before the year of issue: the
    sentence reports what was done ("2023年,全市完成造林5万亩"), unless it builds on it (基础上)."""
    last = None
    for m in _STATED_YEAR.finditer(text, lo, s):
        last = m
    if last is None or int(last.group(1)) >= issue_year:
        return False
    return "基础上" not in text[last.end():s]


def reports_done(text: str, s: int, lo: int = 0) -> bool:
    """The clause before the number at ``s`` reports what exists or was done (已建成, 现有):
    a baseline, not a target a goals section sets."""
    K = load_config().data.kind
    cl = _clause_start(text, s, max(lo, s - CLAUSE_BACK))
    return _has(text, cl, s, K.threshold_past) or _stock(text, cl, s, K)


def _stock(text: str, lo: int, s: int, K) -> bool:
    """A stock word (现有) before the number in its clause, with no verb of new work after it."""
    seg = text[lo:s]
    at = max((seg.rfind(w) + len(w) for w in K.threshold_stock if w in seg), default=-1)
    return at >= 0 and not any(v in seg[at:] for v in K.new_work_verbs)


def _has(text: str, lo: int, hi: int, words) -> bool:
    seg = text[lo:hi]
    return any(w in seg for w in words)


def _kind(text, s, e, after, ucls, clause_lo, sent_lo, w, pcmp, scmp, cfg) -> str:
    K = cfg.data.kind
    if ucls == "score":
        return "threshold"
    if ucls == "money":
        # an amount is a threshold (a subsidy, a cap, a budget) unless the plan commits to reaching
        # it: a reaching word right before it (总产值突破260亿元, 完成投资50亿元) outside a subsidy
        reach = pcmp in (">=", ">") and w in K.money_target_words
        # ... or a floor after it with a committing verb before (完成投资50亿元以上)
        reach = reach or (pcmp is None and scmp in (">=", ">")
                          and _has(text, max(clause_lo, s - 12), s, K.money_target_words + K.money_commit_verbs))
        # (an amount qualifying a noun is a condition: 年销售收入超过1亿元的企业)
        if reach and text[after:after + 1] != "的" \
                and not _has(text, sent_lo, _sentence_end(text, after), K.threshold_context):
            return "target"
        return "threshold"
    # subsidy / loan context anywhere in the clause (or right after the quantity)
    ce = after
    while ce < len(text) and ce - after < 30 and text[ce] not in _CLAUSE_END:
        ce += 1
    if _has(text, sent_lo, _sentence_end(text, after), K.threshold_context):
        return "threshold"
    if any(text.startswith(x, after) for x in K.threshold_after):
        return "threshold"
    if any(text.startswith(x, s - len(x)) for x in K.threshold_before):
        return "threshold"
    if _has(text, max(clause_lo, s - 10), s, K.threshold_modal):
        return "threshold"
    if K.threshold_past and _has(text, clause_lo, s, K.threshold_past):
        return "threshold"
    if K.threshold_stock and _stock(text, clause_lo, s, K):
        return "threshold"
    nxt = text[after:after + 1]
    modifies = nxt == "的" or ("\u4e00" <= nxt <= "\u9fff")
    verb_before = _has(text, clause_lo, s, K.target_verbs)
    if pcmp in ("<", ">") and nxt == "的":
        return "threshold"
    if ucls in ("measure", "concentration"):
        if modifies or scmp is not None and not verb_before:
            return "threshold"
        return "target" if verb_before else "threshold"
    if ucls == "duration":
        return "target" if _has(text, clause_lo, s, K.duration_target_verbs) else "threshold"
    # counts, percents, unitless
    if scmp in (">=", "<=") and modifies and ucls == "count" and not verb_before:
        return "threshold"
    return "target"


_ATTRIBUTE_END = re.compile(r"(?:产能|能力|规模|容量|面积|半径|距离|长度|功率|排量|吨位|人口|人数|金额|投资额|投资|产值|收入|"
                            r"年龄|时长|期限|高度|宽度|深度|厚度|重量|浓度|比例|占比|增速|运量|用量)$")
# an outline marker opening the clause ("二、培育人才5000人次"): the item's number, not what is measured
_METRIC_MARKER = re.compile(r"^(?:[一二三四五六七八九十百]{1,3}[、.]|[(][一二三四五六七八九十\d]{1,3}[)]|\d{1,3}[、.](?!\d)|[①-⑳])\s*")
_METRIC_STRIP = re.compile(r"^(?:力争|全市|全省|全国|全年|其中|并|且|和|到|在|对|使|将|确保|推动|实现|鼓励|支持|完成|"
                           r"加快推进|加快|推进|新增|建设|建成|培育|打造|累计)+")


def _noun_after(text: str, after: int) -> str:
    j = after + (1 if text[after:after + 1] == "的" else 0)
    k = j
    while k < len(text) and k - j < 16 and "\u4e00" <= text[k] <= "\u9fff" and text[k] not in "、和及或等的":
        k += 1
    return text[j:k]


_METRIC_TAIL = re.compile(r"(?:累计|力争|达|要|应|应当|将|均|总计|合计|年均|必须|须|需|可|不得|扣|扣分|得分|分别.*|原则上.*|有序.*|逐步.*|"
                          r"全部.*|基本实现.*)$")
_METRIC_CUT = re.compile(r"原则上|有序|逐步|依法|严格|全面|加快|分别")
_METRIC_LEAD = re.compile(r"^(?:其|该|以|按)(?=[\u4e00-\u9fff]{2})")


def _trim_metric(seg: str) -> str:
    m = _METRIC_CUT.search(seg)
    if m and m.start() >= 2:
        seg = seg[:m.start()]
    prev = None
    while seg and seg != prev:
        prev = seg
        seg = _METRIC_TAIL.sub("", seg)
    return seg


def _metric(text, clause_lo, upto, after, kind, deadlines, scope: bool = False) -> str | None:
    seg = text[clause_lo:upto]
    for h in deadlines:
        if clause_lo <= h.start < upto:
            seg = seg.replace(text[h.start:h.end], "")
    seg = _METRIC_STRIP.sub("", _METRIC_MARKER.sub("", seg.strip()))
    seg = seg.rstrip("的")
    if scope and kind == "threshold" and not _ATTRIBUTE_END.search(seg):
        # a scope limit "1200立方米以下炼铁高炉": what is limited is the noun after the limit,
        # unless the words before name the measured attribute ("年产能5000吨以下")
        noun = _trim_metric(_noun_after(text, after))
        if len(noun) >= 2:
            return noun
    if not seg:
        # scope limits ("1200立方米以下炼铁高炉"): the noun after
        j = after
        while j < len(text) and j - after < 16 and text[j] not in _CLAUSE_END:
            j += 1
        seg = text[after:j].lstrip("的")
    seg = _trim_metric(seg.strip()) or seg.strip()
    if len(seg) > 3:
        seg = _METRIC_LEAD.sub("", seg)
    return seg[-30:] or None


_SCORE_VERBS = frozenset(["得", "扣", "加", "计", "记", "得分", "扣分", "计分"])
_SCORE_VERB_CHARS = "得扣加计记减"


def _metric_before(text: str, lo: int, floor: int, ucls: str | None) -> str | None:
    """A quantity alone in its clause or bracket ("…工作开展情况,得5分", "开展工作宣传(10分)"): what it
    measures is the clause written right before it."""
    if lo <= floor or text[lo - 1] not in ",(;:":
        return None
    end = lo - 1
    start = _clause_start(text, end, floor, _PHRASE_END - {"“", "”"})
    seg = _trim_metric(_METRIC_STRIP.sub("", text[start:end].strip()).rstrip("的"))
    seg = re.sub(r"^\d{1,2}[.、]\s*", "", seg)          # an item marker opening the clause
    return seg[-30:] if len(seg) >= 2 else None


_CELL_MARK = re.compile(r"\[(?:col|row)span=\d+\]")
_BARE_SCORE = re.compile(r"\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<u>分)?\s*$")


def score_cells(text: str, header: Sequence[str], cells) -> list[QuantityHit]:
    """A task-table row's score weight: the bare number ("8", "8分") of a column whose header names
    a score (分值, 各项分值, 标准分): a threshold with unit 分 and comparator "=" (ANNOTATION.md:
    the 各项分值 cell, unit 分 from the header, text the number alone)."""
    words = load_config().data.score_columns
    out = []
    for ci, h in enumerate(header):
        cell = cells[ci] if ci < len(cells) else None
        if cell is None or not any(w in h for w in words):
            continue
        m = _BARE_SCORE.match(text, cell[0], cell[1])
        if m is None or m.end() != cell[1]:
            continue
        # what is scored: the nearest text cell before the column (考核项目), named as a weight
        metric = None
        for pc in reversed(cells[:ci]):
            name = _CELL_MARK.sub("", text[pc[0]:pc[1]]).strip() if pc else ""
            if re.search(r"[\u4e00-\u9fff]", name):
                metric = name + "分值"
                break
        out.append(QuantityHit(m.start("n"), m.end("n"), float(m.group("n")), None, "分", "=", metric,
                               "threshold", "quantity.score_column"))
    return out


def with_default_year(hits: Sequence[QuantityHit], year: int | None) -> list[QuantityHit]:
    """Fill ``year`` where it is None (e.g. goals under a section that opens with 到2023年)."""
    return [h if h.year is not None or year is None else _replace(h, year=year) for h in hits]


