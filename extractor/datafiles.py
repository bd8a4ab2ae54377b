"""The package's language knowledge lives in data files (``extractor/data/*.toml``), each validated
when it is loaded. Every loader raises a subclass of :class:`DataFileError`, whose message names the
file and the offending entry, so that one ``except DataFileError`` catches them all."""
from __future__ import annotations

from pathlib import Path

from .errors import DataFileError  # noqa: F401 - the "bad data" branch of the error root, imported from here

DATA_DIR = Path(__file__).resolve().parent / "data"
