"""Stage 1, load: a file of any supported format -> LoadedText (text + page/box map).

The format is detected from the content, not trusted from the suffix.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from ..errors import BadDocument, InputError, TooLarge, UnsupportedFormat
from .base import LoadedText, PageSpan, Box, Table, TableRow

__all__ = ["load", "load_bytes", "sniff_format", "LoadedText", "PageSpan", "Box", "Table", "TableRow",
           "MAX_BYTES"]

# A clear limit instead of unbounded time and memory: notices are rarely above 1 MB of text.
MAX_BYTES = int(os.environ.get("POLICY_EXTRACT_MAX_BYTES", 20 * 1024 * 1024))

_HTML_HINT = re.compile(rb"<(!doctype\s+html|html|head|body|div|p|table|meta|br)\b", re.I)


def sniff_format(data: bytes, path: str | None = None) -> str:
    """Guess the format from the bytes: pdf, docx, html, image (PNG, JPEG, TIFF) or txt."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    from .ocr import sniff_image
    if sniff_image(head):
        return "image"
    if head[:4] == b"PK\x03\x04":
        return "docx"
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    probe = head
    # UTF-16 HTML is rare; detect on a lowered ASCII view of the first bytes.
    if len(_HTML_HINT.findall(probe)) >= 2 or head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def load(path, *, fmt: str | None = None, max_bytes: int | None = None, ocr: str = "auto") -> LoadedText:
    """Read and decode one file. Raises ExtractorError (one line, names the file) on bad input.
    ``ocr`` (auto, always, never): which PDF pages are read by OCR (images always are)."""
    p = Path(path)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        if p.is_dir():
            raise InputError(p, "is a directory, not a file")
        size = p.stat().st_size
        if size > limit:
            raise TooLarge(p, f"file is {size / 1048576:.1f} MB, above the limit of {limit / 1048576:.0f} MB "
                              f"(set POLICY_EXTRACT_MAX_BYTES to raise it)")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(p, "no such file")
    except PermissionError:
        raise InputError(p, "permission denied")
    except IsADirectoryError:
        raise InputError(p, "is a directory, not a file")
    except OSError as e:               # a name too long, a loop of links, a read error of the disk
        raise InputError(p, f"cannot read: {e.strerror or e}") from None
    return load_bytes(data, str(p), fmt=fmt, max_bytes=limit, ocr=ocr)


OCR_MODES = ("auto", "always", "never")


def load_bytes(data: bytes, path: str | None = None, *, fmt: str | None = None,
               max_bytes: int | None = None, ocr: str = "auto") -> LoadedText:
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if ocr not in OCR_MODES:
        raise InputError(path, f"unknown OCR mode {ocr!r}: use {', '.join(OCR_MODES)}")
    if len(data) > limit:
        raise TooLarge(path, f"input is {len(data) / 1048576:.1f} MB, above the limit of {limit / 1048576:.0f} MB")
    sha = hashlib.sha256(data).hexdigest()
    kind = fmt or sniff_format(data, path)
    suffix = Path(path).suffix.lower().lstrip(".") if path else ""
    if kind == "txt":
        from .text import decode_bytes
        text, enc, warns = decode_bytes(data, path)
        loaded = LoadedText(text=text, path=path, format="txt", encoding=enc, sha256=sha, warnings=warns)
    elif kind == "pdf":
        from .pdf import load_pdf
        loaded = load_pdf(data, path, ocr=ocr)
    elif kind == "image":
        if ocr == "never":
            raise UnsupportedFormat(path, "an image has no text to read without OCR (--ocr never)")
        from .ocr import load_image, sniff_image
        loaded = load_image(data, path, sniff_image(data[:16]))
    elif kind == "docx":
        from .docx import load_docx
        loaded = load_docx(data, path)
    elif kind == "html":
        from .html import load_html
        loaded = load_html(data, path)
    else:
        raise UnsupportedFormat(path, f"{kind} files are not supported; convert to DOCX, PDF, HTML or TXT")
    loaded.sha256 = sha
    if kind == "image" and suffix in {"png", "jpg", "jpeg", "tif", "tiff"}:
        suffix = ""
    if suffix and suffix not in {kind, "text", "htm", "xhtml", "md", "csv"} and not (kind == "txt" and suffix in {"txt", "md"}):
        loaded.warnings.append(f"file suffix .{suffix} does not match its content ({kind}); read as {kind}")
    if not loaded.text.strip():
        raise BadDocument(path, f"no text in this {kind} file")
    return loaded
