"""Assignment cues: every place where the text says who does the work.

A cue is a role label ("牵头单位:" and its list), a bracket group that closes with a role verb
("(X牵头,Y配合)"), or a running-text clause that names a unit and a role verb ("X牵头", "由X负责",
"会同X", "X要…完成"). The outline reader uses the cues to judge a reading of the outline (a good
reading puts every cue inside exactly one task); after annotation, a cue that no task's
responsibilities account for is reported as an ``unassigned_cue`` warning with its span.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from . import responsibilities as R
from .unitlist import split_units


@dataclass(frozen=True)
class Cue:
    start: int          # span of the whole cue: label or unit list through the role word
    end: int
    kind: str           # label | paren | inline
    role: str           # lead | support | responsible | lead_paren_support
    word: str           # the cue word as it stands in the analysis text
    word_span: tuple[int, int]


# running-text role words; a unit list must stand right before them (or after 会同)
_VERB = re.compile(r"牵头(?:负责|抓总)?(?!单位|部门|机关|处室)|(?:积极|密切)?配合(?!单位|部门|机关|处室)|"
                   r"由[^,;。:()\n由]{2,40}?负责(?!同志|人|的|任|制)|会同")
_VERB_ROLE = {"牵头": "lead", "配合": "support", "会同": "support", "负责": "responsible"}
_CLAUSE_BOUND = frozenset(",;。:()\n“”《》")       # a unit list runs across 、 but not these


def _role_of(word: str) -> str:
    for k, r in _VERB_ROLE.items():
        if k in word:
            return r
    return "responsible"


def find_cues(text: str, start: int, end: int) -> list[Cue]:
    """Every assignment cue in [start, end), in text order, without overlaps."""
    out: list[Cue] = []
    taken: list[tuple[int, int]] = []        # kept sorted; spans do not overlap each other

    def free(a: int, b: int) -> bool:
        i = bisect.bisect_left(taken, (a, a))
        return not ((i < len(taken) and taken[i][0] < b) or (i > 0 and taken[i - 1][1] > a))

    def take(a: int, b: int) -> None:
        bisect.insort(taken, (a, b))

    for m, lg, label, role, nxt in R.role_labels(text, start, end):     # a list ends where the next label begins
        le = R._balanced_end(text, m.end(), min(nxt, m.end() + 200))
        if le - m.end() < 2:
            continue
        out.append(Cue(m.start(lg), le, "label", role, label, m.span(lg)))
        take(m.start(lg), le)
    for m in R._PAREN.finditer(text, start, end):
        s, e = m.span(1)
        if e - s < 3 or not free(m.start(), m.end()):
            continue
        for cs, ce in R._top_clauses(text, s, e):
            vc = R._verb_clause(text, cs, ce)
            if vc and split_units(text[cs:vc[0]], cs, strict=True):
                ue, verb, role = vc
                out.append(Cue(m.start(), m.end(), "paren", role, verb, (ue, ue + len(verb))))
                take(m.start(), m.end())
                break
    for h in R.find_bare_parens(text, start, end):
        a = text.rfind("(", start, h.unit.start)
        b = text.find(")", h.unit.end, end)
        if a != -1 and b != -1 and free(a, b + 1):
            out.append(Cue(a, b + 1, "paren", "responsible", "", (a, a)))
            take(a, b + 1)
    for m in _VERB.finditer(text, start, end):
        if not free(m.start(), m.end()):
            continue
        word = m.group()
        if word == "会同":
            b = m.end()
            while b < min(end, m.end() + 40) and text[b] not in _CLAUSE_BOUND:
                b += 1
            units = split_units(text[m.end():b], m.end(), strict=True)
            if not units or units[0].start - m.end() > 1:
                continue
            out.append(Cue(m.start(), units[-1].end, "inline", "support", word, m.span()))
            continue
        if word.startswith("由"):                            # 由X负责: the units are inside the match
            units = split_units(word[1:-2], m.start() + 1, strict=True)
            if not units:
                continue
            vs = m.end() - 2
            out.append(Cue(m.start(), m.end(), "inline", "responsible", "负责", (vs, m.end())))
            continue
        a = m.start()
        while a > max(start, m.start() - 60) and text[a - 1] not in _CLAUSE_BOUND:
            a -= 1
        units = split_units(text[a:m.start()], a, strict=True)
        if not units or m.start() - units[-1].end > 1:
            continue
        out.append(Cue(units[0].start, m.end(), "inline", _role_of(word), word, m.span()))
    out.sort(key=lambda c: (c.start, c.end))
    return out


def explained(cue: Cue, resp_spans: list[tuple[int, int]]) -> bool:
    """A cue is explained when some task's responsibility stands on it (its unit or its label).
    ``resp_spans`` must be sorted."""
    i = bisect.bisect_left(resp_spans, (cue.start, -1))
    while i < len(resp_spans) and resp_spans[i][0] <= cue.end:
        if resp_spans[i][1] <= cue.end:
            return True
        i += 1
    w0, w1 = cue.word_span
    i = bisect.bisect_left(resp_spans, (w0 - 80, -1))
    while i < len(resp_spans) and resp_spans[i][0] <= w0:
        if resp_spans[i][1] >= w1:
            return True
        i += 1
    return False
