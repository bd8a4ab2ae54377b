"""Stage 2, normalise: script detection, a Simplified analysis copy, width folding, offset map.

Every conversion here is length-preserving *by construction and by check*: the analysis text
has exactly one character for each character of the source text, so a span [s, e) found in the
analysis text is the span [s, e) of the source text. ``OffsetMap`` records and verifies this.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .offsets import OffsetMap

__all__ = ["Normalised", "normalise", "detect_script", "to_script", "simplify", "fold", "OffsetMap"]

# Full-width ASCII variants -> ASCII; ideographic space -> space. One char to one char.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
# Forms that notices use interchangeably for the same thing.
# (－ and ． are full-width ASCII: the range above already maps them.)
_WIDTH.update({ord("﹝"): ord("〔"), ord("﹞"): ord("〕"), ord("∶"): ord(":"), ord("︰"): ord(":"),
               ord("\u00a0"): 0x20})
_WIDTH.update({c: 0x20 for c in range(0x2000, 0x200B)})
_WIDTH.update({0x200B: 0x20, 0xFEFF: 0x20, 0x202F: 0x20, 0x205F: 0x20})

# The same mapping applied with one str.replace per variant the text holds: str.translate looks
# every character up in the dict (~5x slower on Chinese text, where only a few distinct variants
# occur: ，。（）：). Equivalent because no replacement is itself a variant (checked here).
_WIDTH_CHARS = {chr(k): chr(v) for k, v in _WIDTH.items()}
if set(_WIDTH_CHARS.values()) & set(_WIDTH_CHARS):
    raise AssertionError("normalise._WIDTH: a replacement is itself replaced; width folding needs translate")
_WIDTH_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_WIDTH_CHARS)) + "]")


def fold_width(text: str) -> str:
    """``text.translate(_WIDTH)``: full-width forms to ASCII, spaces to a space (same length)."""
    for c in set(_WIDTH_RE.findall(text)):
        text = text.replace(c, _WIDTH_CHARS[c])
    return text


_CONFIGS = {"traditional": "t2s", "tw": "tw2s", "hk": "hk2s"}


@lru_cache(maxsize=8)
def _converter(config: str):
    import opencc
    return opencc.OpenCC(config if config.endswith(".json") else config)


@dataclass
class Normalised:
    original: str          # decoded source text, original script
    text: str              # analysis text: Simplified, half-width; same length as original
    script: str            # traditional | simplified | mixed
    config: str | None     # OpenCC config used, or None
    offsets: OffsetMap


SCRIPT_SAMPLE = 20_000


def detect_script(text: str, sample: int = SCRIPT_SAMPLE) -> str:
    """'traditional', 'simplified' or 'mixed', by how many characters t2s and s2t would change
    (over an even sample of the text: the start, the middle and the end)."""
    if len(text) > sample:
        k = sample // 3
        mid = len(text) // 2
        s = text[:k] + text[mid - k // 2:mid + k // 2] + text[-k:]
    else:
        s = text
    import operator
    if s is text and _t2s_identity(text):
        return "simplified"            # nothing to simplify (the common case: no second conversion)
    t2s = _converter("t2s").convert(s)
    if t2s == s:
        return "simplified"
    trad = sum(map(operator.ne, s, t2s)) if len(t2s) == len(s) else len(s)
    s2t = _converter("s2t").convert(s)
    simp = sum(map(operator.ne, s, s2t)) if s2t != s else 0
    if trad == 0 and simp == 0:
        return "simplified"
    share = trad / (trad + simp)
    if share >= 0.8:
        return "traditional"
    if share <= 0.2:
        return "simplified"
    return "mixed"


@lru_cache(maxsize=64)
def _t2s_identity(text: str) -> bool:
    return _converter("t2s").convert(text) == text


def _convert_preserving(text: str, config: str) -> str:
    """Convert with OpenCC; if the result's length differs, convert character by character and keep
    any character whose conversion is not exactly one character."""
    conv = _converter(config)
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    chars = []
    for ch in text:
        c = conv.convert(ch)
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


def to_script(s: str, script: str) -> str:
    """Display conversion: 'simplified' (t2s), 'traditional' (s2t), or 'original' (unchanged)."""
    if script in (None, "original") or not s:
        return s
    if script == "simplified":
        return _convert_preserving(s, "t2s")
    if script == "traditional":
        return _convert_preserving(s, "s2t")
    raise ValueError(f"unknown script {script!r}")


def simplify(s: str) -> str:
    """Simplified, width-folded form of a short string (for matching names and queries)."""
    return fold_width(_convert_preserving(s, "t2s"))


_SPACES = re.compile(r"\s+")


def fold(s: str | None) -> str:
    """The one folding of names and queries for matching: Simplified, half-width, no whitespace
    (市發改委 / 市 发改委 / 市发改委 are one form). The report's page repeats it in JS."""
    return _SPACES.sub("", simplify(s or ""))


def normalise(original: str, script: str | None = None) -> Normalised:
    script = script or detect_script(original)
    # Always analyse a t2s copy: a Simplified notice often carries Traditional forms too (a quoted
    # label, a pasted table), and t2s leaves Simplified text as it is. A short text whose
    # detection found nothing to simplify is already its own t2s copy (the conversion is skipped).
    config = "t2s"
    if script == "simplified" and len(original) <= SCRIPT_SAMPLE and _t2s_identity(original):
        text = original
    else:
        text = _convert_preserving(original, config)
    text = fold_width(text)
    offsets = OffsetMap.identity(len(original))
    offsets.check(original, text)
    return Normalised(original=original, text=text, script=script, config=config, offsets=offsets)
