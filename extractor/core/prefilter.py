"""Characters a regex cannot match without: a cheap test before scanning a text with it.

Many rule patterns (deadline idioms, quantity masks) begin with an optional group or a digit
class, which leaves Python's ``re`` no literal prefix to skip ahead with, so every pattern walks
every position of the text. ``required(pattern)`` reads the compiled pattern's parse tree and
returns a list of character sets such that every match holds at least one character of each set
(derived, not written by hand: a rule edited in a data file keeps a correct filter). ``may_match``
tests them against the set of the text's characters (``chars``): when it says no, the pattern has no match
there and scanning it is skipped, so the results are the same as without the test.
"""
from __future__ import annotations

import bisect
import re
from functools import wraps
import re._parser as _p  # Python 3.11+ (the project's floor)
from re._constants import (ASSERT, ASSERT_NOT, AT, BRANCH, CATEGORY, CATEGORY_DIGIT, CATEGORY_SPACE, IN, LITERAL,
                           MAX_REPEAT, MIN_REPEAT, NEGATE, RANGE, SUBPATTERN)

def _per_pattern(fn):
    """Cache ``fn(pattern)`` by the pattern's identity. ``lru_cache`` keys by the pattern's hash,
    which CPython computes anew on every call from the whole compiled code (~5 us for the main
    quantity pattern, ~30 us for the deadline rules together, on every span of every document).
    An entry holds its pattern, so the id cannot be reused while it is cached."""
    cache: dict[int, tuple] = {}

    @wraps(fn)
    def wrapper(pattern):
        hit = cache.get(id(pattern))
        if hit is not None and hit[0] is pattern:
            return hit[1]
        value = fn(pattern)
        cache[id(pattern)] = (pattern, value)
        return value
    wrapper.cache_clear = cache.clear
    return wrapper


_MAX_SET = 64            # a set larger than this filters little; such an element is not used
DIGIT = r"\d"           # stands for any decimal digit (\d is Unicode-wide) in the sets and in chars()
SPACE = r"\s"           # stands for any whitespace character, in first_chars only
_HAS_DIGIT = re.compile(r"\d")


def _class(av) -> set | None:
    """The characters of a character class (DIGIT for \\d); None when negated or too wide."""
    chars = set()
    for iop, iav in av:
        if iop is LITERAL:
            chars.add(chr(iav))
        elif iop is CATEGORY and iav is CATEGORY_DIGIT:
            chars.add(DIGIT)
        elif iop is RANGE and iav[1] - iav[0] < _MAX_SET:
            chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
        else:                      # NEGATE, another category (\\s, \\w), a long range
            return None
    return chars


def _one(sub) -> frozenset | None:
    """Smallest single set every match of the sequence ``sub`` must hit (None: none known)."""
    best = None
    for s in _seq(sub):
        if best is None or len(s) < len(best):
            best = s
    return best


def _seq(sub) -> list[frozenset]:
    """Sets (a conjunction) every match of the sequence must hit."""
    out: list[frozenset] = []
    for op, av in sub:
        if op is LITERAL:
            out.append(frozenset(chr(av)))
        elif op is IN:
            chars = _class(av)
            if chars and len(chars) <= _MAX_SET:
                out.append(frozenset(chars))
        elif op is SUBPATTERN:
            if not av[1] & re.IGNORECASE:        # (?i:...) inside: its literals match other cases
                out.extend(_seq(av[-1]))
        elif op in (MAX_REPEAT, MIN_REPEAT):
            lo, _hi, item = av
            if lo >= 1:
                out.extend(_seq(item))
        elif op is BRANCH:
            union = set()
            for alt in av[1]:
                s = _one(alt)
                if s is None:
                    union = None
                    break
                union |= s
            if union and len(union) <= _MAX_SET:
                out.append(frozenset(union))
        # AT, ASSERT, ASSERT_NOT, GROUPREF, ANY, CATEGORY, NOT_LITERAL ...: nothing required known
    return out


@_per_pattern
def required(pattern: re.Pattern) -> tuple[frozenset, ...]:
    """Sets of characters: every match of ``pattern`` holds one character of each (empty: no
    filter known). Case-insensitive and verbose patterns are parsed with their flags."""
    if pattern.flags & re.IGNORECASE:
        return ()
    tree = _p.parse(pattern.pattern, pattern.flags)
    return tuple(dict.fromkeys(_seq(tree)))


def _first_class(av) -> set | None:
    """_class, and whitespace (SPACE) too: a match may begin with any whitespace character."""
    if any(iop is CATEGORY and iav is CATEGORY_SPACE for iop, iav in av) \
            and not any(iop is NEGATE for iop, _ in av):
        rest = _class([(iop, iav) for iop, iav in av if not (iop is CATEGORY and iav is CATEGORY_SPACE)])
        return None if rest is None else rest | {SPACE}
    return _class(av)


def _first(seq) -> tuple[set | None, bool]:
    """(characters a match of the sequence can begin with, whether it can match empty)."""
    out: set = set()
    for op, av in seq:
        if op in (AT, ASSERT, ASSERT_NOT):          # zero width: constrains, adds nothing
            continue
        if op is LITERAL:
            f, empty = {chr(av)}, False
        elif op is IN:
            f, empty = _first_class(av), False
        elif op is SUBPATTERN:
            f, empty = (None, False) if av[1] & re.IGNORECASE else _first(av[-1])
        elif op in (MAX_REPEAT, MIN_REPEAT):
            f, empty = _first(av[2])
            empty = empty or av[0] == 0
        elif op is BRANCH:
            f, empty = set(), False
            for alt in av[1]:
                g, e = _first(alt)
                if g is None:
                    f = None
                    break
                f |= g
                empty = empty or e
        else:                                          # ANY, NOT_LITERAL, a category, a group reference
            f = None
        if f is None:
            return None, False
        out |= f
        if not empty:
            return out, False
    return out, True


@_per_pattern
def first_chars(pattern: re.Pattern) -> re.Pattern | None:
    """A one-character pattern matching where a match of ``pattern`` can begin (None: unknown,
    or the pattern can match the empty string)."""
    if pattern.flags & re.IGNORECASE:
        return None
    f, empty = _first(_p.parse(pattern.pattern, pattern.flags))
    if f is None or empty or not f:
        return None
    cls = "".join(re.escape(c) for c in sorted(f) if c not in (DIGIT, SPACE)) + \
        (r"\d" if DIGIT in f else "") + (r"\s" if SPACE in f else "")
    return re.compile(f"[{cls}]")


@_per_pattern
def _re_skips_ahead(pattern: re.Pattern) -> bool:
    """Does ``re`` itself skip to where a match can begin? It does (in C, as fast as a search for
    first_chars and without a Python call per candidate) when the pattern opens, inside any
    groups, with a literal, a character class, or alternatives that each open with a literal
    (re/_compiler.py: _get_literal_prefix, _get_charset_prefix)."""
    seq = _p.parse(pattern.pattern, pattern.flags)
    while True:
        if not len(seq):
            return False
        op, av = seq[0]
        if op is not SUBPATTERN or av[1] or av[2]:       # a group that changes flags: not unwrapped
            break
        seq = av[-1]
    if op in (LITERAL, IN):
        return True
    if op is BRANCH:
        return all(len(alt) and alt[0][0] is LITERAL for alt in av[1])
    return False


def chars(text: str, start: int = 0, end: int | None = None) -> set:
    """The characters of ``text[start:end]``, with ``DIGIT`` when it holds a decimal digit."""
    seg = text[start:end]
    cs = set(seg)
    if _HAS_DIGIT.search(seg):
        cs.add(DIGIT)
    return cs


def may_match(req: tuple[frozenset, ...], chars: set | frozenset) -> bool:
    """False only when a match is impossible in a text whose characters are ``chars``."""
    for s in req:
        if s.isdisjoint(chars):
            return False
    return True



def finditer_at(rx: re.Pattern, text: str, starts, lo: int, hi: int):
    """The matches of ``rx.finditer(text, lo, hi)`` for a pattern whose matches can only begin at
    one of ``starts`` (ascending), such as line starts for a pattern anchored there or the
    positions after a punctuation mark it looks behind for: one ``rx.match`` per start instead of
    a match attempt at every position of the text. Same matches for a pattern that never matches
    the empty string."""
    last = lo
    for p in starts:
        if p < last:
            continue
        if p > hi:
            break
        m = rx.match(text, p, hi)
        if m is not None:
            yield m
            last = m.end()


def finditer_first(rx: re.Pattern, text: str, lo: int, hi: int):
    """``rx.finditer(text, lo, hi)``, trying ``rx`` only where ``first_chars`` says a match can
    begin (a C search for the next such character, then one ``rx.match``): for patterns that
    open with an optional group or a lookbehind, which leave ``re`` no prefix to skip ahead with.
    Same matches (the pattern never matches empty, or first_chars is None and finditer is used)."""
    at = first_chars(rx)
    if at is None or _re_skips_ahead(rx):
        yield from rx.finditer(text, lo, hi)
        return
    search, match = at.search, rx.match
    pos = lo
    while True:
        c = search(text, pos, hi)
        if c is None:
            return
        p = c.start()
        m = match(text, p, hi)
        if m is None:
            pos = p + 1
        else:
            yield m
            pos = m.end()


# A pattern that opens with a lazy run of units: (?P<name>(?:[^X]|\([^()]{1,K}\)){M,N}?) and then
# the rest (a verb, 牵头, 负责 …), as the inline duty rules of roles.toml do. Recognised from the
# pattern's source, strictly (X plain characters, no range, escape or caret).
_UNITS_HEAD = re.compile(r"\(\?P<(?P<name>\w+)>\(\?:\[\^(?P<x>[^\]\\\-^\[]+)\]\|\\\(\[\^\(\)\]\{1,(?P<k>\d+)\}\\\)\)"
                         r"\{(?P<m>\d+),(?P<n>\d+)\}\?\)")


@_per_pattern
def _units_head(pattern: re.Pattern):
    """(stop characters, bracket-group pattern, first characters of the rest, M) for a pattern
    of the shape above; None for any other."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    h = _UNITS_HEAD.match(pattern.pattern)
    if h is None or int(h.group("m")) < 1:
        return None
    tree = _p.parse(pattern.pattern, pattern.flags)
    if not len(tree) or tree[0][0] is not SUBPATTERN or tree[0][1][0] != pattern.groupindex.get(h.group("name")):
        return None                              # (a top-level alternation, say: not a sequence)
    f, empty = _first(tree.data[1:])
    if not f or empty:
        return None
    cls = "".join(re.escape(c) for c in sorted(f) if c not in (DIGIT, SPACE)) + \
        (r"\d" if DIGIT in f else "") + (r"\s" if SPACE in f else "")
    stop = re.compile("[" + "".join(re.escape(c) for c in h.group("x")) + "]")
    group = re.compile(r"\([^()]{1,%d}\)" % int(h.group("k")))
    return stop, group, re.compile(f"[{cls}]"), int(h.group("m"))


def finditer_units(rx: re.Pattern, text: str, lo: int, hi: int):
    """``rx.finditer(text, lo, hi)`` for a pattern that opens with a lazy run of units (above),
    trying ``rx`` only where a match can begin. Such a match covers [start, c) with units and has
    its rest begin at c with one of the rest's first characters; every position of [start, c)
    is a unit character or inside a bracket group. So a match can only start after the last *hard
    stop* (a character of X that no bracket group of [lo, hi) covers) before the next position c
    (at least M on) holding a first character of the rest: ``rx.match`` is tried from there to c - M,
    and nowhere else. Any other pattern: ``rx.finditer``."""
    head = _units_head(rx)
    if head is None:
        yield from rx.finditer(text, lo, hi)
        return
    stop, group, first, m_min = head
    covered = [g.span() for g in group.finditer(text, lo, hi)]
    stops = []
    k = 0
    for s in stop.finditer(text, lo, hi):
        q = s.start()
        while k < len(covered) and covered[k][1] <= q:
            k += 1
        if not (k < len(covered) and covered[k][0] <= q):
            stops.append(q)
    match, search = rx.match, first.search
    pos = lo
    while True:
        f = search(text, pos + m_min, hi)
        if f is None:
            return
        c = f.start()
        i = bisect.bisect_left(stops, c) - 1
        p = stops[i] + 1 if i >= 0 and stops[i] >= pos else pos
        for p in range(p, c - m_min + 1):
            mt = match(text, p, hi)
            if mt is not None:
                yield mt
                pos = mt.end()
                break
        else:
            pos = c - m_min + 1


def finditer_anchored(rx: re.Pattern, anchor: re.Pattern, reach: int, text: str, pos: int = 0,
                      endpos: int | None = None, stops: str = ""):
    """``rx.finditer(text, pos, endpos)`` for a pattern every match of which holds a match of
    ``anchor`` at most ``reach`` characters after its start (and, with ``stops``, none of those
    characters between its start and that anchor): ``rx.match`` is tried only in the positions
    up to ``reach`` before the next anchor (and after the last stop before it). The caller states
    anchor, reach and stops next to its pattern; a test holds them to it."""
    endpos = len(text) if endpos is None else endpos
    search, match = anchor.search, rx.match
    while True:
        a = search(text, pos, endpos)
        if a is None:
            return
        a = a.start()
        lo = max(pos, a - reach)
        for c in stops:
            k = text.rfind(c, lo, a)
            if k >= lo:
                lo = k + 1
        for s in range(lo, a + 1):
            m = match(text, s, endpos)
            if m is not None:
                yield m
                pos = m.end()           # the patterns given never match the empty string
                break
        else:
            pos = a + 1
