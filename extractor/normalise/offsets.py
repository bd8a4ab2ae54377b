"""Offset maps between a derived text and the text it was derived from (cf. pdfplumber's TextMap)."""
from __future__ import annotations

import bisect
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

    @classmethod
    def from_pieces(cls, pieces: list[tuple[int, int]], source_length: int) -> "OffsetMap":
        """Build from a list of (source_start, length) pieces copied in order into the derived text."""
        anchors, pos = [], 0
        for src, n in pieces:
            anchors.append((pos, src))
            pos += n
        return cls(length=pos, anchors=anchors or [(0, 0)], source_length=source_length)

    @property
    def is_identity(self) -> bool:
        return self.anchors == [(0, 0)] and self.source_length == self.length

    def to_source(self, pos: int) -> int:
        if self.is_identity:
            return pos
        keys = [a for a, _ in self.anchors]
        i = max(0, bisect.bisect_right(keys, pos) - 1)
        d, s = self.anchors[i]
        return s + (pos - d)

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            s = self.to_source(start)
            return s, s
        return self.to_source(start), self.to_source(end - 1) + 1

    def check(self, source: str, derived: str) -> None:
        """Verify the map: lengths agree and each anchor's run stays inside the source."""
        if len(derived) != self.length:
            raise AssertionError(f"offset map length {self.length} != derived text length {len(derived)}")
        if self.is_identity and len(source) != len(derived):
            raise AssertionError(f"identity map but lengths differ: {len(source)} vs {len(derived)}")
