"""Memoised finders answer as the first call did, and callers cannot change the memo."""
from __future__ import annotations

from extractor.cues import responsibilities as R
from extractor.normalise import normalise


def test_find_labels_memo_returns_fresh_lists():
    text = normalise("一、修缮城区排水管网。\n牵头单位：市水务局\n配合单位：市住建局、市财政局\n").text
    first = R.find_labels(text, 0, len(text))
    assert first[0] and first[1]
    first[0].append("changed by a caller")
    first[1].clear()
    again = R.find_labels(text, 0, len(text))
    assert "changed by a caller" not in again[0] and again[1]
    assert again == R._find_labels(text, 0, len(text), False)
    # another role convention for the same span is its own entry
    assert R.find_labels(text, 0, len(text), True) == R._find_labels(text, 0, len(text), True)
