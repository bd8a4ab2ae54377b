"""User-facing errors: one line naming the file and the problem."""
from __future__ import annotations


class ExtractorError(Exception):
    """An error caused by the input, reported as ``<path>: <problem>`` with a non-zero exit."""

    kind = "input"

    def __init__(self, path, message: str):
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(self.line())

    def line(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class EmptyInput(ExtractorError):
    kind = "empty"


class BinaryInput(ExtractorError):
    kind = "binary"


class DecodeError(ExtractorError):
    kind = "decode"


class UnsupportedFormat(ExtractorError):
    kind = "format"


class TooLarge(ExtractorError):
    kind = "too_large"


class BadDocument(ExtractorError):
    """A file of a known format that is damaged, encrypted, image-only or otherwise unreadable."""
    kind = "bad_document"


class SchemaError(ExtractorError):
    kind = "schema"
