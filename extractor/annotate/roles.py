"""Role cue knowledge (data/roles.toml): loaded once, validated, compiled to regexes."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from ..datafiles import DataFileError

ROLES = {"lead", "support", "responsible", "lead_first", "lead_paren_support"}


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
    modifier_tail: re.Pattern | None = None                # "按职责分工" etc. stuck at the end of a list


def _compile(pat: str, where: str, path) -> re.Pattern:
    try:
        return re.compile(pat)
    except re.error as e:
        raise LexiconError(f"{path}: {where}: bad pattern {pat!r}: {e}") from None


def load_role_cues(path: str | Path | None = None) -> RoleCues:
    if path is None:
        ref = resources.files("extractor") / "data" / "roles.toml"
        data, path = tomllib.loads(ref.read_text("utf-8")), "extractor/data/roles.toml"
    else:
        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise LexiconError(f"{path}: not valid TOML: {e}") from None
    label_role: dict[str, str] = {}
    for i, ent in enumerate(data.get("label", [])):
        role, words = ent.get("role"), ent.get("words")
        if role not in ROLES or not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise LexiconError(f"{path}: label[{i}]: needs 'words' (non-empty strings) and 'role' in {sorted(ROLES)}")
        for w in words:
            label_role[w] = role
    verb_role: dict[str, str] = {}
    for i, ent in enumerate(data.get("verb", [])):
        role, words = ent.get("role"), ent.get("words")
        if role not in ("lead", "support", "responsible") or not isinstance(words, list) or not words:
            raise LexiconError(f"{path}: verb[{i}]: needs 'words' and 'role' lead|support|responsible")
        for w in words:
            verb_role[w] = role
    if not label_role or not verb_role:
        raise LexiconError(f"{path}: needs at least one [[label]] and one [[verb]] entry")
    alt = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))  # noqa: E731
    # label words may be letter-spaced in OCR and PDF text ("牵 头 单 位:")
    spaced = lambda ws: "|".join("[ \t]?".join(re.escape(ch) for ch in w)  # noqa: E731
                                 for w in sorted(ws, key=len, reverse=True))
    words = spaced(label_role)
    # "牵头单位:X" or a bracketed label without a colon, "【牵头单位】X"
    label_re = re.compile(rf"(?:(?P<label>(?:[\u4e00-\u9fff]{{0,6}}内)?(?:{words}))\s*[:：]|【(?P<blabel>{words})】)\s*")
    ign = data.get("ignore", {}).get("label_patterns", [])
    ignore_label = _compile("|".join(f"(?:{p})" for p in ign), "ignore.label_patterns", path) if ign else None
    verb_re = re.compile(rf"(?P<verb>{alt(verb_role)})(?!单位|部门|机关|处室)(?P<rest>[^,;。]*)$")
    conv = data.get("convention", {}).get("first_leads", [])
    first = _compile("|".join(f"(?:{p})" for p in conv), "convention.first_leads", path) if conv else None
    carry = [_compile(p, "carry_forward.patterns", path) for p in data.get("carry_forward", {}).get("patterns", [])]
    for p in carry:
        if "units" not in p.groupindex:
            raise LexiconError(f"{path}: carry_forward.patterns: {p.pattern!r} needs a (?P<units>…) group")
    inline: list[tuple[str, str, list[re.Pattern]]] = []
    for i, ent in enumerate(data.get("inline", [])):
        role, cue, pats, scope = ent.get("role"), ent.get("cue"), ent.get("patterns"), ent.get("scope", "inline")
        if scope not in ("any", "inline"):
            raise LexiconError(f"{path}: inline[{i}]: scope must be 'any' or 'inline'")
        if role not in ("lead", "support", "responsible") or not isinstance(cue, str) or not cue \
                or not isinstance(pats, list) or not pats:
            raise LexiconError(f"{path}: inline[{i}]: needs 'role' (lead|support|responsible), 'cue' and 'patterns'")
        compiled = [_compile(p, f"inline[{i}]", path) for p in pats]
        for p in compiled:
            if "units" not in p.groupindex:
                raise LexiconError(f"{path}: inline[{i}]: {p.pattern!r} needs a (?P<units>…) group")
            if cue not in p.pattern:
                raise LexiconError(f"{path}: inline[{i}]: pattern {p.pattern!r} does not contain its cue {cue!r}")
        inline.append((role, cue, scope, compiled))
    noise = data.get("list_noise", {}).get("patterns", [])
    noise_re = _compile("|".join(f"(?:{p})" for p in noise), "list_noise.patterns", path) if noise else None
    conv_in_list = [f"(?:{p})" for p in conv]
    if conv_in_list and noise_re is not None:
        noise_re = re.compile(noise_re.pattern + "|" + "|".join(conv_in_list))
    mods = data.get("verb_modifiers", {}).get("words", [])
    if not isinstance(mods, list) or not all(isinstance(w, str) and w for w in mods):
        raise LexiconError(f"{path}: verb_modifiers.words: needs a list of non-empty strings")
    mod_re = re.compile(rf"(?:{alt(mods)})+$") if mods else None
    _check_phrases(data, path)
    return RoleCues(label_re, label_role, ignore_label, verb_re, verb_role, first, carry, inline, noise_re, mod_re)


@dataclass(frozen=True)
class Phrase:
    """A worked example of how a unit list and its role are read (docs/phrasebook.md)."""
    id: str
    means: str
    example: str
    expect: tuple[tuple[str, str], ...]     # (unit as written, role)


def _check_phrases(data: dict, path) -> list[Phrase]:
    out, seen = [], set()
    for i, ent in enumerate(data.get("phrase", [])):
        pid, means, ex, exp = ent.get("id"), ent.get("means"), ent.get("example"), ent.get("expect")
        if not (isinstance(pid, str) and re.fullmatch(r"units\.[a-z0-9_]+", pid)) or pid in seen:
            raise LexiconError(f"{path}: phrase[{i}]: needs a unique 'id' of the form units.name")
        if not isinstance(means, str) or len(means) < 4 or not isinstance(ex, str) or not ex:
            raise LexiconError(f"{path}: phrase[{i}] (id {pid!r}): needs 'means' and 'example'")
        if not isinstance(exp, list) or not all(isinstance(x, list) and len(x) == 2 and x[1] in
                                                ("lead", "support", "responsible") for x in exp):
            raise LexiconError(f"{path}: phrase[{i}] (id {pid!r}): 'expect' is a list of [unit, role] pairs")
        seen.add(pid)
        out.append(Phrase(pid, means, ex, tuple((u, r) for u, r in exp)))
    return out


@lru_cache(maxsize=1)
def phrase_rules() -> list[Phrase]:
    ref = resources.files("extractor") / "data" / "roles.toml"
    return _check_phrases(tomllib.loads(ref.read_text("utf-8")), "extractor/data/roles.toml")


@lru_cache(maxsize=1)
def role_cues() -> RoleCues:
    return load_role_cues()
