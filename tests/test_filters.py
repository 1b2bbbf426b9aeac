"""The period selects whole months, clipped to the record, and events by overlap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dashboard import data, filters, view


def test_months_cover_the_presidency() -> None:
    """The slider runs from August 2021 to May 2024, one option a month."""
    months = filters.month_starts()
    assert months[0] == dt.date(2021, 8, 1)
    assert months[-1] == dt.date(2024, 5, 1)
    assert len(months) == 34
    assert filters.month_label(months[0]) == "Aug 2021"


def test_period_of_months_is_clipped_to_the_presidency() -> None:
    """Whole months, within the presidency's span (Raisi's runs to the condolence visits)."""
    raisi = view.ViewState(dt.date(2021, 8, 1), dt.date(2024, 5, 1))
    assert raisi.days() == (dt.date(2021, 8, 3), dt.date(2024, 5, 31))
    rouhani = view.ViewState(dt.date(2013, 8, 1), dt.date(2021, 8, 1), presidency="rouhani")
    assert rouhani.days() == (dt.date(2013, 8, 3), dt.date(2021, 8, 3))
    both = view.ViewState(dt.date(2013, 8, 1), dt.date(2024, 5, 1), presidency="both")
    assert both.days() == (dt.date(2013, 8, 3), dt.date(2024, 5, 31))
    assert filters.period_of_months(dt.date(2023, 2, 1), dt.date(2023, 2, 1)) == (
        dt.date(2023, 2, 1),
        dt.date(2023, 2, 28),
    )


def test_events_overlapping_the_period_are_kept(load: Callable[..., data.Record]) -> None:
    """A stop that straddles the period's first day is in; one after its end is out."""
    events = load().events
    kept = filters.events_in_period(events, dt.date(2023, 6, 13), dt.date(2023, 6, 13))
    assert kept["event_id"].tolist() == ["2023-06-12-ven-state-visit"]
    assert filters.events_in_period(events, dt.date(2022, 1, 1), dt.date(2022, 12, 31)).empty


def test_a_single_month_reads_as_one_month() -> None:
    """One month is "Sep 2021"; several are "Sep 2021 – May 2024"."""
    assert filters.period_label(dt.date(2021, 9, 1), dt.date(2021, 9, 1)) == "Sep 2021"
    assert filters.period_label(dt.date(2021, 9, 1), dt.date(2024, 5, 1)) == "Sep 2021 – May 2024"
