"""The package's language knowledge lives in data files (``extractor/data/*.toml``). Every one is
read and validated by :func:`load_toml` against a pydantic model of the file, and every failure is
a :class:`DataFileError` (or a subclass) whose message names the file, the entry and the key, so
that one ``except DataFileError`` catches them all."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Callable, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import DataFileError  # the "bad data" branch of the error root

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

M = TypeVar("M", bound=BaseModel)
# At most this many validation errors are listed in one message (the first few say what is wrong).
MAX_ERRORS_SHOWN = 3




class DataModel(BaseModel):
    """Base of every data file's model: a key the model does not know is an error (a typo in a
    data file must not silently switch a rule off)."""
    model_config = ConfigDict(extra="forbid")


def read_toml(path: Path | str, error: type[DataFileError] = DataFileError) -> dict:
    """The parsed TOML of ``path``; ``error`` naming the file when it cannot be read or parsed."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise error(f"{path}: not valid TOML: {e}") from None
    except OSError as e:
        raise error(f"{path}: cannot read: {e.strerror or e}") from None


def _entry_id(node) -> Optional[str]:
    """An entry's own name for messages: its ``id`` (rules)."""
    v = node.get("id") if isinstance(node, dict) else None
    return repr(v) if isinstance(v, str) else None


def describe(raw: dict, loc: tuple, entry_name: Callable[[object], Optional[str]] = _entry_id) -> str:
    """Where an error is: the path to the innermost named entry, its name, then the key inside it
    (``rule[3] ('deadline.by_year'): kind`` / ``bodies.local[1] (交通局): kidn``)."""
    node, path, named, rest = raw, "", None, []
    for x in loc:
        step = f"[{x}]" if isinstance(x, int) else (f".{x}" if path else str(x))
        try:
            node = node[x]
        except (KeyError, IndexError, TypeError):
            node = None
        if named is not None:
            rest.append(str(x))
            continue
        path += step
        name = entry_name(node) if node is not None else None
        if name is not None:
            named = name
    where = f"{path} ({named})" if named is not None else path
    return f"{where}: {'.'.join(rest)}" if rest else where


def load_toml(path: Path | str, model: type[M], *, error: type[DataFileError] = DataFileError,
              entry_name: Callable[[object], Optional[str]] = _entry_id) -> M:
    """Read ``path`` and validate it with ``model``; ``error`` names the file, the entry and the key."""
    raw = read_toml(path, error)
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        parts = [f"{describe(raw, tuple(err['loc']), entry_name)}: {err['msg']}"
                 for err in e.errors()[:MAX_ERRORS_SHOWN]]
        raise error(f"{path}: " + "; ".join(parts)) from None


def check_regex(pattern: str) -> str:
    """A pydantic validator: the pattern compiles (the message quotes it and says why not)."""
    try:
        re.compile(pattern)
    except re.error as e:
        raise ValueError(f"invalid regular expression {pattern!r}: {e}") from None
    return pattern
