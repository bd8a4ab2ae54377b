"""``extractor/data/align.toml``: the alignment's words and weights, validated when loaded."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from ..core.datafiles import DATA_DIR, DataFileError, DataModel, load_toml

PATH = DATA_DIR / "align.toml"


class AlignDataError(DataFileError):
    """align.toml is malformed."""


def _words(v: list[str]) -> list[str]:
    for i, w in enumerate(v):
        if not isinstance(w, str) or not w.strip() or w != w.strip():
            raise ValueError(f"entry {i} ({w!r}) is empty or has surrounding spaces")
    dup = sorted({w for w in v if v.count(w) > 1})
    if dup:
        raise ValueError(f"listed twice: {'、'.join(dup)}")
    return v


class Features(DataModel):
    stopwords: list[str]
    sector_terms: list[str]

    _check = field_validator("stopwords", "sector_terms")(classmethod(lambda cls, v: _words(v)))

    @model_validator(mode="after")
    def _disjoint(self):
        both = sorted(set(self.stopwords) & set(self.sector_terms))
        if both:
            raise ValueError(f"both a stopword and a sector term: {'、'.join(both)}")
        return self


class Weights(DataModel):
    body: float = Field(ge=0, le=1)
    title: float = Field(ge=0, le=1)
    clause: float = Field(ge=0, le=1)
    sector_boost: float = Field(ge=1, le=5)
    citation: float = Field(ge=0, le=0.5)
    quantity: float = Field(ge=0, le=0.5)
    deadline: float = Field(ge=0, le=0.5)
    unit: float = Field(ge=0, le=0.5)

    @model_validator(mode="after")
    def _sum(self):
        if abs(self.body + self.title + self.clause - 1) > 1e-6:
            raise ValueError("body + title + clause must be 1")
        return self


class Assign(DataModel):
    min_score: float = Field(gt=0, lt=1)
    clause_min: float = Field(gt=0, lt=1)
    clause_margin: float = Field(ge=0, lt=1)
    max_links: int = Field(ge=1, le=10)


class AlignData(DataModel):
    features: Features
    weights: Weights
    assign: Assign


def load_align_data(path: Path | str = PATH) -> AlignData:
    return load_toml(Path(path), AlignData, error=AlignDataError)


@lru_cache(maxsize=1)
def align_data() -> AlignData:
    return load_align_data()
