"""Offset maps between a derived text and the text it was derived from (cf. pdfplumber's TextMap)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class OffsetMap:
    """Maps positions of a derived text to positions of its source.

    Stored as sorted anchor pairs (derived_pos, source_pos); between anchors the mapping is
    linear with slope 1. Identity is a single anchor (0, 0). ``length`` is the derived length.
    """
    length: int
    anchors: list[tuple[int, int]] = field(default_factory=lambda: [(0, 0)])
    source_length: int | None = None

    @classmethod
    def identity(cls, n: int) -> "OffsetMap":
        return cls(length=n, anchors=[(0, 0)], source_length=n)

    @property
    def is_identity(self) -> bool:
        return self.anchors == [(0, 0)] and self.source_length == self.length

    def check(self, source: str, derived: str) -> None:
        """Verify the map: lengths agree and each anchor's run stays inside the source."""
        if len(derived) != self.length:
            raise AssertionError(f"offset map length {self.length} != derived text length {len(derived)}")
        if self.is_identity and len(source) != len(derived):
            raise AssertionError(f"identity map but lengths differ: {len(source)} vs {len(derived)}")
