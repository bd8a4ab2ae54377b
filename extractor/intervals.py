"""Point-in-spans queries in O(log n), for loops that asked ``any(a <= p < b for a, b in spans)``
once per match (quadratic on long texts with many matches). A leaf module: it imports nothing of
the package, so every stage may use it.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Iterable


class Spans:
    """A fixed set of half-open spans [a, b), possibly overlapping or nested, in any order.

    Sorted by start with a running maximum of the ends: among the spans that start at or before a
    point, the one reaching furthest decides whether any of them holds the point."""

    __slots__ = ("starts", "reach")

    def __init__(self, spans: Iterable[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = list(accumulate((b for _, b in spans), max))    # reach[k]: max end of spans[:k + 1]

    def _max_end(self, k: int) -> float:
        """The largest end among the first ``k`` spans by start (-inf when k == 0)."""
        return self.reach[k - 1] if k else float("-inf")

    def holds(self, p: int) -> bool:
        """Some span has a <= p < b."""
        return self._max_end(bisect_right(self.starts, p)) > p

    def holds_end(self, p: int) -> bool:
        """Some span has a < p <= b (p is an end that falls inside the span or on its end)."""
        return self._max_end(bisect_left(self.starts, p)) >= p
