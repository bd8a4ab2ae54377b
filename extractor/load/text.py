"""Plain-text loading: encoding detection (BOM, UTF-8, UTF-16, GB18030/GBK, Big5) and sanity checks."""
from __future__ import annotations

import re

from ..errors import BinaryInput, DecodeError, EmptyInput

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]
# Encodings a Chinese notice is realistically in; detection is restricted to them.
_CANDIDATES = ["utf_8", "gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be"]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LOSSY = re.compile(r"(?<=[\u4e00-\u9fff])[?\ufffd](?=[\u4e00-\u9fff])")


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: every other byte is NUL for ASCII, or a CJK-heavy decode."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0) / (len(data) / 2)
    odd_nul = data[1::2].count(0) / (len(data) / 2)
    for enc, score in (("utf-16-le", odd_nul), ("utf-16-be", even_nul)):
        try:
            s = data.decode(enc)
        except UnicodeDecodeError:
            continue
        cjk = len(_CJK.findall(s)) / max(1, len(s))
        odd = sum(1 for ch in s if "\ue000" <= ch <= "\uf8ff" or "\uac00" <= ch <= "\ud7af") / max(1, len(s))
        ctrl = sum(1 for ch in s if ch < " " and ch not in "\n\r\t") / max(1, len(s))
        if ctrl > 0.01:
            continue
        plausible = sum(1 for ch in s if " " <= ch <= "~" or ch in "\n\r\t" or "\u4e00" <= ch <= "\u9fff"
                        or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u206f") / max(1, len(s))
        if plausible < 0.9:
            continue
        if score > 0.3 or (cjk > 0.3 and odd < 0.01):
            return enc
    return None


def _is_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl / max(1, len(sample)) > 0.02


def decode_bytes(data: bytes, path=None) -> tuple[str, str, list[str]]:
    """Return (text, encoding, warnings) or raise a one-line ExtractorError."""
    warnings: list[str] = []
    if not data or not data.strip():
        raise EmptyInput(path, "empty file")
    text = enc = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, enc = data.decode(name), name
            except UnicodeDecodeError as e:
                raise DecodeError(path, f"bytes do not decode as {name} despite its byte-order mark ({e.reason} at byte {e.start})")
            if name == "utf-8-sig":
                enc = "utf-8-sig"
            break
    if text is None and b"\x00" not in data[:65536]:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = None
    if text is None:
        u16 = _looks_utf16(data)
        if u16:
            text, enc = data.decode(u16), u16
    if text is None:
        if _is_binary(data):
            raise BinaryInput(path, "binary data, not text (NUL or control bytes); expected a TXT, PDF, DOCX or HTML notice")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = None
    if text is None:
        text, enc = _detect_cjk(data, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    if not text.strip():
        raise EmptyInput(path, "no text after decoding")
    lossy = len(_LOSSY.findall(text))
    if lossy:
        warnings.append(f"lossy encoding: {lossy} character(s) between CJK text are '?' or U+FFFD "
                        f"(the {enc} file could not represent them)")
    return text, enc, warnings


def _detect_cjk(data: bytes, path) -> tuple[str, str]:
    """Legacy CJK encodings: ask charset-normalizer among the candidates, then verify by strict decode."""
    from charset_normalizer import from_bytes

    tried: list[str] = []
    best = from_bytes(data, cp_isolation=_CANDIDATES[1:4]).best()
    order = []
    if best is not None:
        order.append(best.encoding)
    order += [e for e in ("gb18030", "big5hkscs", "big5") if e not in order]
    scored = []
    for enc in order:
        tried.append(enc)
        try:
            s = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        # Prefer the decode with most common-CJK characters (GB/Big5 misreads land in rare blocks).
        cjk = len(_CJK.findall(s))
        scored.append((cjk, -order.index(enc), enc, s))
    if not scored:
        raise DecodeError(path, "undecodable bytes: not valid UTF-8, UTF-16, GB18030 or Big5 text")
    scored.sort(reverse=True)
    _, _, enc, s = scored[0]
    if len(_CJK.findall(s)) < 0.05 * len(s):
        raise DecodeError(path, f"undecodable bytes: best guess {enc} yields almost no Chinese text")
    return s, enc.replace("_", "-")
