"""Role cue knowledge (data/roles.toml): loaded once, validated, compiled to regexes."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from ..core.datafiles import DATA_DIR, DataFileError, DataModel, load_toml



class LexiconError(DataFileError):
    """A data file of the package is malformed (names the file and the entry)."""


@dataclass(frozen=True)
class RoleCues:
    label_re: re.Pattern           # group "label" (or "blabel" for 【label】)
    label_role: dict[str, str]
    ignore_label: re.Pattern | None
    verb_re: re.Pattern            # verb at the end of a clause: group "verb"
    verb_role: dict[str, str]
    first_leads: re.Pattern | None
    carry_forward: list[re.Pattern]
    inline: list[tuple[str, str, str, list[re.Pattern]]]   # (role, literal cue, scope, patterns)
    list_noise: re.Pattern | None                          # clauses of a unit list that are not units
    subject_re: re.Pattern | None = None                   # a sentence opening with its units and a verb
    not_unit: re.Pattern | None = None                     # words that show a running-text "unit" is a phrase
    modifier_tail: re.Pattern | None = None                # "按职责分工" etc. stuck at the end of a list
    chrome_line: re.Pattern | None = None                  # a web page's footer words
    comma_subject_re: re.Pattern | None = None             # a units-only list after a comma and its verb
    label_paired: dict | None = None                       # label word -> partner words it needs on its line
    heading_glue: re.Pattern | None = None                 # a heading noun phrase glued before a generic unit


def _compile(pat: str, where: str, path) -> re.Pattern:
    try:
        return re.compile(pat)
    except re.error as e:
        raise LexiconError(f"{path}: {where}: bad pattern {pat!r}: {e}") from None


ROLE = Literal["lead", "support", "responsible"]


def _all_non_empty(v: list[str]) -> list[str]:
    if not all(v):
        raise ValueError("entries must be non-empty strings")
    return v


# A list of cue words: an empty string would match everywhere, so it is a data error.
Words = Annotated[list[str], AfterValidator(_all_non_empty)]


class _Label(DataModel):
    words: Words
    role: Literal["lead", "support", "responsible", "lead_first", "lead_paren_support"]
    # a bare word that is a label only beside its partner on the same line ("主办:A 协办:B"); alone
    # it is page chrome ("主办:某某委员会" in a web page's footer)
    paired: list[str] = []


class _Verb(DataModel):
    words: list[str] = Field(min_length=1)
    role: ROLE


class _Inline(DataModel):
    role: ROLE
    cue: str = Field(min_length=1)
    scope: Literal["any", "inline", "subject"] = "inline"
    patterns: list[str] = Field(min_length=1)


class _Ignore(DataModel):
    label_patterns: list[str] = Field(default_factory=list)
    # words of a web page's chrome (its footer: 版权所有, ICP备…): a label on such a line names the
    # site's owner, not a unit of the plan
    chrome_words: Words = Field(default_factory=list)


class _Convention(DataModel):
    first_leads: list[str] = Field(default_factory=list)


class _Patterns(DataModel):
    patterns: list[str] = Field(default_factory=list)


class _VerbModifiers(DataModel):
    words: Words = Field(default_factory=list)


class _Phrase(DataModel):
    """A worked example of how a unit list and its roles are read (docs/phrasebook.md)."""
    id: str = Field(pattern=r"^units\.[a-z0-9_]+$")
    means: str = Field(min_length=4)
    example: str = Field(min_length=2)
    expect: list[tuple[str, ROLE]]


class _Subject(DataModel):
    verbs: Words = Field(default_factory=list)
    # the verbs that also make a subject of a units-only list after a comma ("…,北京、冀北公司完成…")
    comma_verbs: Words = Field(default_factory=list)
    not_unit: Words = Field(default_factory=list)
    # a heading that ran into its item's first sentence: words a heading ends with, and the openings
    # or endings of the unit names that follow it ("技术保障交通运输部门要…" -> 交通运输部门)
    # words that open with one of `verbs` but are not that verb ("各级应急指挥机构…": 应急 is no 应)
    not_verbs: Words = Field(default_factory=list)
    heading_ends: Words = Field(default_factory=list)
    glued_unit_starts: Words = Field(default_factory=list)
    glued_unit_ends: Words = Field(default_factory=list)


class _RolesFile(DataModel):
    label: list[_Label] = Field(min_length=1)
    verb: list[_Verb] = Field(min_length=1)
    ignore: _Ignore = Field(default_factory=_Ignore)
    convention: _Convention = Field(default_factory=_Convention)
    carry_forward: _Patterns = Field(default_factory=_Patterns)
    inline: list[_Inline] = Field(default_factory=list)
    list_noise: _Patterns = Field(default_factory=_Patterns)
    subject: _Subject = Field(default_factory=_Subject)
    verb_modifiers: _VerbModifiers = Field(default_factory=_VerbModifiers)
    phrase: list[_Phrase] = Field(default_factory=list)

    @field_validator("phrase")
    @classmethod
    def _unique(cls, v: list[_Phrase]) -> list[_Phrase]:
        ids = [p.id for p in v]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"duplicate phrase ids {dup}")
        return v


def load_role_cues(path: str | Path | None = None) -> RoleCues:
    path = Path(path) if path is not None else DATA_DIR / "roles.toml"
    data = load_toml(path, _RolesFile, error=LexiconError)
    label_role: dict[str, str] = {w: ent.role for ent in data.label for w in ent.words}
    verb_role: dict[str, str] = {w: ent.role for ent in data.verb for w in ent.words}
    alt = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))  # noqa: E731
    # label words may be letter-spaced in OCR and PDF text ("牵 头 单 位:")
    # … or broken by a line break ("牵头部" / "门:")
    spaced = lambda ws: "|".join("[ \t]?(?:\n[ \t]*)?".join(re.escape(ch) for ch in w)  # noqa: E731
                                 for w in sorted(ws, key=len, reverse=True))
    words = spaced(label_role)
    # "牵头单位:X" or a bracketed label without a colon, "【牵头单位】X"
    label_re = re.compile(rf"(?:(?P<label>(?:[\u4e00-\u9fff]{{0,6}}内)?(?:{words}))\s*[:：]|【(?P<blabel>{words})】)\s*")
    ign = data.ignore.label_patterns
    ignore_label = _compile("|".join(f"(?:{p})" for p in ign), "ignore.label_patterns", path) if ign else None
    verb_re = re.compile(rf"(?P<verb>{alt(verb_role)})(?!单位|部门|机关|处室)(?P<rest>[^,;。]*)$")
    conv = data.convention.first_leads
    first = _compile("|".join(f"(?:{p})" for p in conv), "convention.first_leads", path) if conv else None
    carry = [_compile(p, "carry_forward.patterns", path) for p in data.carry_forward.patterns]
    for p in carry:
        if "units" not in p.groupindex:
            raise LexiconError(f"{path}: carry_forward.patterns: {p.pattern!r} needs a (?P<units>…) group")
    inline: list[tuple[str, str, list[re.Pattern]]] = []
    for i, ent in enumerate(data.inline):
        role, cue, pats, scope = ent.role, ent.cue, ent.patterns, ent.scope
        compiled = [_compile(p, f"inline[{i}]", path) for p in pats]
        for p in compiled:
            if "units" not in p.groupindex:
                raise LexiconError(f"{path}: inline[{i}]: {p.pattern!r} needs a (?P<units>…) group")
            if cue not in p.pattern:
                raise LexiconError(f"{path}: inline[{i}]: pattern {p.pattern!r} does not contain its cue {cue!r}")
        inline.append((role, cue, scope, compiled))
    noise = data.list_noise.patterns
    noise_re = _compile("|".join(f"(?:{p})" for p in noise), "list_noise.patterns", path) if noise else None
    conv_in_list = [f"(?:{p})" for p in conv]
    if conv_in_list and noise_re is not None:
        noise_re = re.compile(noise_re.pattern + "|" + "|".join(conv_in_list))
    verbs = data.subject.verbs
    subject_re = None
    nv = data.subject.not_verbs              # words opening with a verb that are not it (应急)
    not_verb = rf"(?!{alt(nv)})" if nv else ""
    if verbs:
        # at a sentence start (after 。;: or a line start); an item's own text start is tried too
        # (see cues.responsibilities.find_subjects)
        # a time between the subject and its verb ("X6月底前完成…", "X年底前完成…") is allowed
        when = r"(?:(?:[0-9一二三四五六七八九十]{1,4}(?:年|月|季度)){1,2}(?:底|末|中旬|上旬|下旬)?前?|年底前|年内|年末前)?"
        subject_re = re.compile(r"(?:(?<=[。;:])|(?<=^))[ \t]*(?P<units>(?:[^,;。:()\n由]|\([^()]{1,8}\)){2,120}?)"
                                rf"(?={when}{not_verb}(?:{alt(verbs)}))", re.M)
    cv = data.subject.comma_verbs
    comma_subject_re = None
    if verbs and cv:
        comma_subject_re = re.compile(r"(?<=,)[ \t]*(?P<units>(?:[^,;。:()\n由]|\([^()]{1,8}\)){2,120}?)"
                                      rf"(?={when}{not_verb}(?:{alt(cv)}))")
    nu = data.subject.not_unit
    not_unit = _compile("|".join(f"(?:{p})" for p in nu), "subject.not_unit", path) if nu else None
    mods = data.verb_modifiers.words
    mod_re = re.compile(rf"(?:{alt(mods)})+$") if mods else None
    chrome = data.ignore.chrome_words
    chrome_re = re.compile(alt(chrome)) if chrome else None
    paired = {w: tuple(ent.paired) for ent in data.label if ent.paired for w in ent.words}
    for w, ps in paired.items():
        missing = [x for x in ps if x not in label_role]
        if missing:
            raise LexiconError(f"{path}: label {w!r}: paired word(s) {missing} are not label words")
    sub = data.subject
    heading_glue = None
    if sub.heading_ends and (sub.glued_unit_starts or sub.glued_unit_ends):
        tails = []
        if sub.glued_unit_ends:
            tails.append(rf".{{2,}}(?:{alt(sub.glued_unit_ends)})")
        if sub.glued_unit_starts:
            tails.append(rf"(?:{alt(sub.glued_unit_starts)}).+")
        heading_glue = re.compile(rf"(?P<head>.{{0,12}}(?:{alt(sub.heading_ends)}))(?P<tail>{'|'.join(tails)})")
    return RoleCues(label_re, label_role, ignore_label, verb_re, verb_role, first, carry, inline, noise_re,
                    subject_re, not_unit, mod_re, chrome_re, comma_subject_re, paired, heading_glue)


@dataclass(frozen=True)
class Phrase:
    """A worked example of how a unit list and its role are read (docs/phrasebook.md)."""
    id: str
    means: str
    example: str
    expect: tuple[tuple[str, str], ...]     # (unit as written, role)


@lru_cache(maxsize=1)
def phrase_rules() -> list[Phrase]:
    data = load_toml(DATA_DIR / "roles.toml", _RolesFile, error=LexiconError)
    return [Phrase(p.id, p.means, p.example, tuple((u, r) for u, r in p.expect)) for p in data.phrase]


@lru_cache(maxsize=1)
def role_cues() -> RoleCues:
    return load_role_cues()
