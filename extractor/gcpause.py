"""Pause Python's cyclic garbage collector while one document is extracted.

An extraction builds many small containers (outline items, matches, hits, the JSON dicts) that
live until the document is done. The cyclic collector walks every live container on each full
collection, and it runs more full collections the more containers survive, so on a long text its
share grows faster than the text: measured on a 600k-character notice, 0.5 of 1.8 CPU seconds,
against none at 60k (benchmarks/bench_growth.py, "inline, many lines": 15.7x the time for 10x the
text with it, 10.6x without). Reference counting still frees everything that is not in a cycle,
so memory stays bounded by the document; the few cycles (an outline item and its parent) are
collected when the collector resumes. Mercurial's ``util.nogc`` does the same for the same reason.

Thread-safe and re-entrant: the first caller in pauses, the last one out resumes, and only when
the collector was running when the first came in.
"""
from __future__ import annotations

import functools
import gc
import threading

_lock = threading.Lock()
_depth = 0
_resume = False


def gc_paused(fn):
    """Decorator: run ``fn`` with the cyclic garbage collector paused."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        global _depth, _resume
        with _lock:
            if _depth == 0:
                _resume = gc.isenabled()
                gc.disable()
            _depth += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _lock:
                _depth -= 1
                if _depth == 0 and _resume:
                    gc.enable()
    return wrapper
