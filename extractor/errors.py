"""Every error the package raises on purpose derives from :class:`ExtractorError`, in three branches:

* :class:`InputError`, bad input: the user's file (empty, binary, undecodable, damaged, too
  large, an unsupported format) or a usage problem (a missing optional extra). CLI exit 2.
* :class:`DataFileError`, bad data: a shipped or user-supplied rule, lexicon or TOML file is
  malformed; the message names the file and the entry. CLI exit 3.
* :class:`InternalError`, a bug: anything unexpected, wrapped at the pipeline / CLI / batch
  boundary with the original exception as ``__cause__``. CLI exit 70 ("please report").

``kind`` is the branch (``input``, ``data``, ``internal``: the ``kind`` field of a batch's
``errors.jsonl``); ``detail`` says more (``empty``, ``decode``, ``bad_document`` ...).
Every error prints as one line, ``<path>: <problem>``.
"""
from __future__ import annotations

EXIT_CODES = {"input": 2, "data": 3, "internal": 70}


class ExtractorError(Exception):
    """The root: one line naming the file (when there is one) and the problem."""

    kind = "input"
    detail = "input"

    def __init__(self, path, message: str):
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(self.line())

    def line(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.kind]


# --- bad input: the user's file -----------------------------------------------------------------

class InputError(ExtractorError):
    kind = "input"
    detail = "input"


class EmptyInput(InputError):
    detail = "empty"


class BinaryInput(InputError):
    detail = "binary"


class DecodeError(InputError):
    detail = "decode"


class UnsupportedFormat(InputError):
    detail = "format"


class TooLarge(InputError):
    detail = "too_large"


class BadDocument(InputError):
    """A file of a known format that is damaged, encrypted, image-only or otherwise unreadable."""
    detail = "bad_document"


class SchemaError(InputError):
    detail = "schema"


class MissingExtra(InputError):
    """A feature needs an optional dependency that is not installed: names the extra to install."""
    detail = "missing_extra"

    def __init__(self, feature: str, extra: str, module: str):
        super().__init__(None, f"{feature} needs {module}, which is not installed: "
                               f"pip install 'policy-extractor[{extra}]'")


# --- bad data: a rule, lexicon or TOML file -----------------------------------------------------

class DataFileError(ExtractorError):
    """A data file is malformed; the message names the file and the key.

    Raised as ``DataFileError("<file>: <problem>")`` (the message names the file itself)."""
    kind = "data"
    detail = "data_file"

    def __init__(self, message: str, path=None):
        super().__init__(path, message)


# --- internal error: a bug ----------------------------------------------------------------------

class InternalError(ExtractorError):
    """An unexpected exception (a bug), wrapped where it crosses a boundary; the original is the
    ``__cause__``."""
    kind = "internal"
    detail = "internal"

    @classmethod
    def wrap(cls, exc: BaseException, path=None) -> "InternalError":
        err = cls(path, f"internal error: {type(exc).__name__}: {_one_line(str(exc))}")
        err.__cause__ = exc
        return err


def _one_line(s: str, limit: int = 300) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"
