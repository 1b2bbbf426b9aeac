"""The viewer's period and what it selects: months of the slider, events in range, headlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.data import PRESIDENCY_END, PRESIDENCY_START, RECORD_END


@dataclass(frozen=True)
class Headline:
    """The numbers shown above the map for the selected period."""

    trips: int
    countries_visited: int
    visits_received: int
    condolence_visits: int
    agreements_signed: int
    events: int


def month_starts(start: dt.date = PRESIDENCY_START, end: dt.date = PRESIDENCY_END) -> list[dt.date]:
    """Return the first day of every month from ``start``'s month to ``end``'s month."""
    months = pd.date_range(start.replace(day=1), end, freq="MS")
    return [stamp.date() for stamp in months]


def month_label(month: dt.date) -> str:
    """Return a slider label such as ``Aug 2021``."""
    return month.strftime("%b %Y")


def period_of_months(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """Return the days covered by the months ``first``..``last``, clipped to the record."""
    last_day = (pd.Timestamp(last) + pd.offsets.MonthEnd(0)).date()
    return max(first, PRESIDENCY_START), min(last_day, RECORD_END)


def events_in_period(events: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Return the events that overlap the days ``start``..``end`` (both included)."""
    overlaps = (events["start_date"] <= pd.Timestamp(end)) & (
        events["end_date"] >= pd.Timestamp(start)
    )
    return events[overlaps]


def engagements(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events less the agreements that detail a trip or visit already counted."""
    return events[~((events["kind"] == "agreement") & (events["related_event_id"] != ""))]


def headline(events: pd.DataFrame) -> Headline:
    """Return journeys, countries visited, visits received, documents signed and events.

    Visits are counted apart when they came after the president's death (condolences).

    Documents are counted once: on the trip or visit, or on an agreement that stands alone.
    """
    trips = events[events["kind"] == "trip"]
    visits = events[events["kind"] == "visit"]
    after_death = visits["start_date"] > pd.Timestamp(PRESIDENCY_END)
    return Headline(
        trips=int(trips["trip_id"].nunique()),
        countries_visited=int(trips["country_iso3"].nunique()),
        visits_received=int((~after_death).sum()),
        condolence_visits=int(after_death.sum()),
        agreements_signed=int(engagements(events)["agreements_signed"].sum()),
        events=len(events),
    )


def events_per_country(events: pd.DataFrame) -> pd.Series:
    """Return the number of engagements per ``country_iso3`` (Iran's own excluded by the map)."""
    return engagements(events).groupby("country_iso3").size().rename("events")
