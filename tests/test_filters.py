"""The period selects events by overlap, and the headline counts journeys, not stops."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dashboard import data, filters
from tests.conftest import ALL_KINDS_ROWS


def test_months_cover_the_presidency() -> None:
    """The slider runs from August 2021 to May 2024, one option a month."""
    months = filters.month_starts()
    assert months[0] == dt.date(2021, 8, 1)
    assert months[-1] == dt.date(2024, 5, 1)
    assert len(months) == 34
    assert filters.month_label(months[0]) == "Aug 2021"


def test_period_of_months_is_clipped_to_the_presidency() -> None:
    """Whole months, but never before 3 Aug 2021 nor after 19 May 2024."""
    assert filters.period_of_months(dt.date(2021, 8, 1), dt.date(2024, 5, 1)) == (
        dt.date(2021, 8, 3),
        dt.date(2024, 5, 31),
    )
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


def test_headline_counts_journeys_countries_and_documents(load: Callable[..., data.Record]) -> None:
    """Two stops of one tour are one trip; documents add up where stated."""
    numbers = filters.headline(load().events)
    assert numbers == filters.Headline(
        trips=2,
        countries_visited=3,
        visits_received=0,
        condolence_visits=0,
        agreements_signed=14,
        events=3,
    )


def test_documents_of_a_visit_are_counted_once(load: Callable[..., data.Record]) -> None:
    """An agreement row detailing a visit's documents does not add them a second time."""
    numbers = filters.headline(load(ALL_KINDS_ROWS).events)
    assert numbers.visits_received == 1
    assert numbers.agreements_signed == 14 + 5
    assert numbers.events == 6
    assert filters.events_per_country(load(ALL_KINDS_ROWS).events)["CUB"] == 2


def test_events_per_country(load: Callable[..., data.Record]) -> None:
    """Each country counts its events."""
    assert filters.events_per_country(load().events).to_dict() == {"CUB": 1, "TJK": 1, "VEN": 1}
