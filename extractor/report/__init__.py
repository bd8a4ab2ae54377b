"""The officials' view: an offline HTML report (text with marks, sortable task table, unit filter,
SVG graph and deadline timeline, unit index) and a unit's deadlines as iCalendar or CSV."""
from __future__ import annotations

from .html import build_report

__all__ = ["build_report", "build_calendar", "build_csv", "calendar_events"]


def __getattr__(name):
    if name in ("build_calendar", "build_csv", "calendar_events"):
        from . import calendar as _c
        return getattr(_c, name)
    raise AttributeError(name)
