"""The package's language knowledge lives in data files (``extractor/data/*.toml``), each validated
when it is loaded. Every loader raises a subclass of :class:`DataFileError`, whose message names the
file and the offending entry, so that one ``except DataFileError`` catches them all."""
from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


class DataFileError(ValueError):
    """A data file is malformed; the message names the file and the key."""
