"""The regex prefilter: a pattern it rules out for a text never matches there."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.annotate.deadlines import load_rules
from extractor.annotate.quantities import load_config
from extractor.core.prefilter import DIGIT, chars, finditer_at, finditer_first, first_chars, may_match, required
from extractor.normalise import normalise

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("pattern, text, ok", [
    (r"(?:到|至)?(?P<y>(?:19|20)\d{2})年底", "到2025年底", True),
    (r"(?:到|至)?(?P<y>(?:19|20)\d{2})年底", "到2025年末", False),     # no 底
    (r"\d+个月", "三个月", False),                                     # no digit
    (r"\d+个月", "３个月", True),                                       # a full-width digit is \d
    (r"每(?:年|月)", "每周", False),
    (r"[^年]月", "六月", True),                                         # a negated class requires nothing
    (r"(?i:pm)\d", "PM2", True),                                        # case-insensitive group: no filter
    (r"x?y*", "", True),                                                # nothing required
])
def test_required_characters(pattern, text, ok):
    rx = re.compile(pattern)
    assert may_match(required(rx), chars(text)) is ok
    if not ok:
        assert rx.search(text) is None


def test_digit_stands_for_any_decimal_digit():
    assert DIGIT in chars("第٣条") and DIGIT not in chars("第三条")


def _texts():
    out = [normalise(p.read_text("utf-8")) for p in sorted(ROOT.glob("corpora/**/*.txt"))]
    out += [normalise(p.read_text("utf-8")) for p in sorted((ROOT / "tests" / "fixtures").glob("**/*.txt"))]
    return [getattr(t, "text", t) if not isinstance(t, str) else t for t in out]


def test_shipped_rules_never_skip_a_match():
    """Every deadline rule and quantity pattern over every line of the bundled texts: where the filter
    says no, the regex finds nothing; and it does say no often (the point of it)."""
    rxs = [r.regex for r in load_rules().rules]
    cfg = load_config()
    rxs += [cfg.main, cfg.chinese, cfg.percent_word, cfg.bare_mult] + [t[1] for t in cfg.nonq]
    skipped = 0
    lines = [ln for t in _texts() for ln in t.split("\n") if ln.strip()]
    assert len(lines) > 100
    for ln in lines:
        present = chars(ln)
        for rx in rxs:
            if not may_match(required(rx), present):
                skipped += 1
                assert rx.search(ln) is None, (rx.pattern[:60], ln[:60])
    assert skipped > len(lines) * len(rxs) // 4


def test_first_chars():
    assert first_chars(re.compile(r"(?<!\d)(?:第[一二]条|\(\d\))")).pattern == r"[\(第]"
    fc = first_chars(re.compile(r"[ \t]*\d+年"))        # an optional lead: its characters and the next's
    assert fc.match("7") and fc.match("\t") and fc.match("٣") and not fc.match("年")
    assert first_chars(re.compile(r"x?")) is None                   # can match empty
    assert first_chars(re.compile(r".a")) is None                   # any character
    fc = first_chars(re.compile(r"(?<![\d年])\s*(?P<y>20\d{2})年"))    # a lookbehind, then optional whitespace
    assert fc.match("2") and fc.match("\n") and fc.match("\u3000") and not fc.match("1")
    assert first_chars(re.compile(r"[^\s]x")) is None               # a negated class: any character


def test_re_skips_ahead_by_itself():
    """finditer_first leaves to re the patterns re already skips ahead with (in C)."""
    from extractor.core.prefilter import _re_skips_ahead
    assert _re_skips_ahead(re.compile(r"(?P<y>(?:19|20)\d{2})年"))          # alternatives opening with literals
    assert _re_skips_ahead(re.compile(r"[到截]至?\d"))                       # a class
    assert _re_skips_ahead(re.compile(r"每\d+"))                             # a literal
    assert not _re_skips_ahead(re.compile(r"(?:到|至)?(?P<y>\d{4})年"))      # an optional group first
    assert not _re_skips_ahead(re.compile(r"(?<!\d)\s*\d年"))               # a lookbehind first
    assert not _re_skips_ahead(re.compile(r"(?P<m>1[0-2]|0?[1-9])月"))       # an alternative opening with a repeat


def test_outline_passes_tried_at_their_starts_find_what_finditer_finds():
    """The outline's line-start, inline and free marker patterns, tried only where a match can
    begin (finditer_at), give exactly finditer's matches on every bundled text."""
    from extractor.structure import outline as o
    n = 0
    for t in _texts():
        line_starts = [0] + [m.end() for m in re.finditer("\n", t)]
        after = [m.end() for m in o._INLINE_AFTER_RE.finditer(t)]
        free = [m.start() for m in first_chars(o._FREE_RE).finditer(t)]
        for rx, at in ((o._LS_RE, line_starts), (o._IN_RE, after), (o._FREE_RE, free)):
            for lo, hi in ((0, len(t)), (len(t) // 3, 2 * len(t) // 3)):
                want = [m.span() for m in rx.finditer(t, lo, hi)]
                assert [m.span() for m in finditer_at(rx, t, at, lo, hi)] == want
                n += len(want)
    assert n > 100


def test_finditer_first_finds_what_finditer_finds():
    """Every deadline rule and quantity pass over every bundled text, whole and in a window."""
    rxs = [r.regex for r in load_rules().rules]
    cfg = load_config()
    rxs += [cfg.main, cfg.chinese, cfg.percent_word, cfg.bare_mult]
    n = 0
    for t in _texts():
        for rx in rxs:
            for lo, hi in ((0, len(t)), (len(t) // 4, len(t) // 2)):
                want = [m.span() for m in rx.finditer(t, lo, hi)]
                assert [m.span() for m in finditer_first(rx, t, lo, hi)] == want, rx.pattern[:60]
                n += len(want)
    assert n > 100


def test_derived_filters_are_cached_per_pattern():
    """Cached by identity (a pattern's hash is recomputed from its code on every call), and a
    pattern equal to a cached one but not the same object still gets its own, equal, answer."""
    from extractor.core.prefilter import _re_skips_ahead
    a = re.compile(r"(?<!\d)\s*(?P<y>20\d{2})年")
    b = re.compile(r"(?<!\d)\s*(?P<y>20\d{2})年" + "")
    assert required(a) is required(a) and first_chars(a) is first_chars(a)
    assert required(a) == required(b) and first_chars(a).pattern == first_chars(b).pattern
    assert _re_skips_ahead(a) is False


def _units_strings(n: int, seed: int = 11) -> list[str]:
    """Random strings over the characters the inline rules care about: unit characters, the stop
    characters, brackets (balanced, unbalanced, long), the rest's first characters and cues."""
    import random
    rnd = random.Random(seed)
    pieces = ["市", "局", "委", "发改", "环保", "和", ",", ";", "。", ":", "由", "(", ")", "(牵头)", "(含县区)",
              "(一二三四五六七八九)", "牵头", "负责", "负责同志", "配合", "积极配合", "要", "应当", "应", "须", "需",
              "在", "于", "落实", "单位", "\n", " ", "2025年"]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(1, 40))) for _ in range(n)]


def test_finditer_units_finds_what_finditer_finds():
    """Every inline duty rule of roles.toml over every bundled text (whole and in windows) and
    over random strings built from its characters: exactly finditer's matches."""
    from extractor.core.prefilter import _units_head, finditer_units
    from extractor.lang.roles import role_cues
    rxs = [p for _r, _c, _s, pats in role_cues().inline for p in pats]
    assert sum(_units_head(p) is not None for p in rxs) >= 4       # the rules of that shape are recognised
    n = 0
    for t in _texts() + _units_strings(3000):
        for rx in rxs:
            for lo, hi in ((0, len(t)), (len(t) // 4, len(t) // 2), (1, len(t) - 1)):
                if lo > hi:
                    continue
                want = [m.span() for m in rx.finditer(t, lo, hi)]
                assert [m.span() for m in finditer_units(rx, t, lo, hi)] == want, (rx.pattern[:50], t[:80])
                n += len(want)
    assert n > 1000


def test_units_head_recognises_only_its_shape():
    from extractor.core.prefilter import _units_head
    unit = r"(?P<units>(?:[^,;。:()由]|\([^()]{1,8}\)){2,60}?)"
    assert _units_head(re.compile(unit + "负责")) is not None
    assert _units_head(re.compile("由" + unit + "负责")) is None           # a literal first: re skips itself
    assert _units_head(re.compile(unit + "负责|其他")) is None              # a top-level alternation
    assert _units_head(re.compile(unit + "(?:负责)?")) is None               # the rest can be empty
    assert _units_head(re.compile(r"(?P<units>(?:[^a-z]|\([^()]{1,8}\)){2,60}?)x")) is None   # a range
