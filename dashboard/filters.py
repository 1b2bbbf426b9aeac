"""The viewer's period and what it selects: months of the slider, events in range."""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd

from dashboard.data import PRESIDENCY_END, PRESIDENCY_START, RECORD_END, RECORD_START


def month_starts(start: dt.date = PRESIDENCY_START, end: dt.date = PRESIDENCY_END) -> list[dt.date]:
    """Return the first day of every month from ``start``'s month to ``end``'s month."""
    return list(month_tuple(start, end))


@functools.cache
def month_tuple(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """Return ``month_starts`` as a tuple, computed once per span (a page asks often)."""
    months = pd.date_range(start.replace(day=1), end, freq="MS")
    return tuple(stamp.date() for stamp in months)


def month_label(month: dt.date) -> str:
    """Return a slider label such as ``Aug 2021``."""
    return month.strftime("%b %Y")


def period_label(first: dt.date, last: dt.date) -> str:
    """Return ``Sep 2021`` for one month, ``Sep 2021 – May 2024`` for several."""
    if (first.year, first.month) == (last.year, last.month):
        return month_label(first)
    return f"{month_label(first)} – {month_label(last)}"


def period_of_months(
    first: dt.date, last: dt.date, span: tuple[dt.date, dt.date] = (RECORD_START, RECORD_END)
) -> tuple[dt.date, dt.date]:
    """Return the days covered by the months ``first``..``last``, clipped to ``span``.

    ``span`` is the presidency shown (``view.ViewState.span``), the whole record by default.
    """
    last_day = (pd.Timestamp(last) + pd.offsets.MonthEnd(0)).date()
    return max(first, span[0]), min(last_day, span[1])


def events_in_period(events: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Return the events that overlap the days ``start``..``end`` (both included)."""
    overlaps = (events["start_date"] <= pd.Timestamp(end)) & (
        events["end_date"] >= pd.Timestamp(start)
    )
    return events[overlaps]
