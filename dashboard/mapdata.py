"""The rows the browser loads once per view: arcs and places, each with its days.

The map's arcs and places are served as JSON (``dashboard/serve.py``) for the filters of a view,
over the whole record; the browser hides the rows outside the period on the GPU (deck.gl's
DataFilterExtension), so a slider move or a play step sends a few numbers, not the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import urlencode

import pandas as pd

from dashboard import counting, layers
from dashboard.data import HOME_CITY, RECORD_START

# The map's layers of served rows, and the category each draws.
ARC_CATEGORIES = {"condolences": "condolence_visit", "visits": "visit", "trips": "trip"}
LAYER_NAMES = (*ARC_CATEGORIES, "stops")
# How a country's hover names its engagements of each category (one, several).
ENGAGEMENT_WORDS = {
    "trip": ("trip stop", "trip stops"),
    "border_ceremony": ("border ceremony", "border ceremonies"),
    "visit": ("visit to Iran", "visits to Iran"),
    "agreement": ("signing", "signings"),
    "meeting": ("meeting abroad", "meetings abroad"),
}
# A day count past any date of the record: the open end of a filter range.
OPEN_END = layers.OPEN_DAYS
# The documents named in a tooltip; the rest are counted ("and 5 more").
DOCUMENTS_NAMED = 4


def day_number(day: dt.date | pd.Timestamp) -> int:
    """Return the days from the record's first day (3 Aug 2013, Rouhani's first, is 0)."""
    return (pd.Timestamp(day) - pd.Timestamp(RECORD_START)).days


def filter_range(start: dt.date, end: dt.date) -> list[list[int]]:
    """Return the DataFilterExtension range of the rows that overlap the days start..end.

    A row's filter value is ``[day_from, day_to]``; it overlaps when it begins by ``end`` and
    ends on or after ``start`` (the rule of ``filters.events_in_period``).
    """
    return [[-OPEN_END, day_number(end)], [day_number(start), OPEN_END]]


def version(files: Mapping[str, bytes | None]) -> str:
    """Return a short digest of the record's files: a new record gets new data URLs."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + (files[name] or b"") + b"\0")
    return digest.hexdigest()[:12]


def documents_named(record: pd.DataFrame) -> dict[str, str]:
    """Return, by trip or visit id, the documents its signings name (``a; b; and 3 more``)."""
    agreements = record[(record["kind"] == "agreement") & (record["documents"] != "")]
    named: dict[str, list[str]] = {}
    for parent, documents in zip(
        agreements["related_event_id"], agreements["documents"], strict=True
    ):
        named.setdefault(str(parent), []).extend(
            item.strip() for item in str(documents).split(";") if item.strip()
        )
    return {parent: first_named(items, DOCUMENTS_NAMED) for parent, items in named.items()}


def first_named(items: list[str], limit: int) -> str:
    """Return the first ``limit`` items joined by ``; ``, the rest counted: ``a; b; and 3 more``."""
    more = len(items) - limit
    return "; ".join(items[:limit]) + (f"; and {more} more" if more > 0 else "")


# The leaders a trip stop's tooltip names as met on the sidelines; the rest are counted.
MEETINGS_NAMED = 6


def meetings_named(record: pd.DataFrame) -> dict[str, str]:
    """Return, by trip stop id, whom he met there: ``Emmanuel Macron (France); …; and 2 more``."""
    meetings = record[record["kind"] == "meeting"].sort_values(["start_date", "event_id"])
    # The partner: the country, or the organisation an organisation's head leads.
    partners = meetings.get("country_name", meetings["country_iso3"]).fillna(
        meetings["country_iso3"]
    )
    partners = partners.mask(meetings["level"] == "head_of_organisation", meetings["organization"])
    met: dict[str, list[str]] = {}
    for parent, counterpart, partner in zip(
        meetings["related_event_id"], meetings["counterpart"], partners, strict=True
    ):
        named = counterpart if str(partner) in counterpart else f"{counterpart} ({partner})"
        met.setdefault(str(parent), []).append(named)
    return {parent: first_named(people, MEETINGS_NAMED) for parent, people in met.items()}


def event_tooltip(
    event: Mapping[Any, Any],
    documents: Mapping[str, str],
    meetings: Mapping[str, str] | None = None,
) -> str:
    """Return an event's tooltip, with the documents signed and the leaders met, if any."""
    text = layers.event_tooltip(event)
    named = documents.get(str(event["event_id"])) or (
        str(event.get("documents") or "") if event["kind"] == "agreement" else ""
    )
    met = (meetings or {}).get(str(event["event_id"]))
    lines = text.split("\n")
    if named:
        lines.insert(-1, f"Signed: {named}")
    if met:
        lines.insert(-1, f"Met on the sidelines: {met}")
    return "\n".join(lines)


def days(event: Mapping[Any, Any]) -> list[int]:
    """Return a row's filter value: its first and last day."""
    return [day_number(event["start_date"]), day_number(event["end_date"])]


def arc_rows(
    events: pd.DataFrame,
    category: str,
    documents: Mapping[str, str],
    meetings: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Return one arc per event of ``category`` with an origin and a place."""
    drawn = events[
        (events["category"] == category)
        & events["origin_latitude"].notna()
        & events["latitude"].notna()
    ]
    return [
        {
            "source": [float(event["origin_longitude"]), float(event["origin_latitude"])],
            "target": [float(event["longitude"]), float(event["latitude"])],
            "tooltip": event_tooltip(event, documents, meetings),
            "width": layers.arc_width(event.get("documents_total", event["agreements_signed"])),
            "iso3": event["country_iso3"],
            "days": days(event),
        }
        for event in drawn.to_dict("records")
    ]


def stop_rows(
    events: pd.DataFrame, documents: Mapping[str, str], meetings: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Return one point per event and place: its main city and each of its other cities.

    A signing or a meeting abroad whose trip or visit is in the rows is in that row's tooltip,
    not a point of its own; an address by video has no place on the map.
    """
    detailed = events["kind"].isin(["agreement", "meeting"]) & events["related_event_id"].isin(
        events["event_id"]
    )
    placed = events[events["latitude"].notna() & ~events["virtual"] & ~detailed]
    rows = []
    for event in placed.to_dict("records"):
        tooltip = event_tooltip(event, documents, meetings)
        points = [(float(event["longitude"]), float(event["latitude"]))]
        points += [
            (float(point["longitude"]), float(point["latitude"]))
            for point in event.get("other_place_points") or []
        ]
        rows += [
            {
                "position": list(point),
                "tooltip": tooltip,
                "iso3": event["country_iso3"],
                "days": days(event),
            }
            for point in points
        ]
    return rows


def layer_rows(events: pd.DataFrame, record: pd.DataFrame, layer_name: str) -> list[dict[str, Any]]:
    """Return the served rows of one map layer for ``events`` (a view's rows, any period).

    ``record`` is the whole annotated record, where the signings' documents and the meetings
    on each trip stop are looked up.
    """
    events = events.assign(category=counting.categories(events))
    documents = documents_named(record)
    meetings = meetings_named(record)
    if layer_name == "stops":
        return stop_rows(events, documents, meetings)
    if layer_name not in ARC_CATEGORIES:
        raise ValueError(f"unknown map layer {layer_name!r}; expected one of {LAYER_NAMES}")
    return arc_rows(events, ARC_CATEGORIES[layer_name], documents, meetings)


def data_urls(filters_query: Mapping[str, str], record_version: str) -> dict[str, str]:
    """Return the URL of each layer's rows for a view's filters (its query, period left out).

    Relative, so they work under any base path; the record's version makes a new record a
    new URL, which browsers and caches may keep as long as they like.
    """
    query = urlencode({**filters_query, "v": record_version})
    return {name: f"data/map/{name}.json?{query}" for name in LAYER_NAMES}


def counted(number: int, words: tuple[str, str]) -> str:
    """Return ``1 visit to Iran`` or ``3 visits to Iran``."""
    return f"{number} {words[0] if number == 1 else words[1]}"


def country_hovers(
    in_period: pd.DataFrame,
    record: pd.DataFrame,
    heading: str,
    joined: pd.DataFrame | None = None,
) -> dict[str, str]:
    """Return, by country code, what a hover over a country engaged in ``in_period`` adds.

    After the country's name: ``heading`` (the period), then the counts that shade the map
    (``counting.country_counts``) by category, a summit hosted, condolence visits and the
    documents signed (``counting.documents_counted`` of the rows of that country).
    ``joined`` is ``counting.engagements(in_period)`` where the caller has it already.
    """
    joined = counting.engagements(in_period) if joined is None else joined
    bilateral = joined[joined["partner_type"] == "country"]
    condolence = bilateral["category"] == "condolence_visit"
    # Counted once for every country (a rerun of each slider move computes them).
    by_country: dict[str, dict[str, int]] = {}
    pairs = bilateral[~condolence].groupby(["partner", "category"]).size()
    for key, count in pairs.items():
        iso3, category = cast(tuple[str, str], key)
        by_country.setdefault(iso3, {})[category] = int(count)
    condolences: dict[str, int] = {
        str(code): int(count)
        for code, count in bilateral.loc[condolence, "partner"].value_counts().items()
    }
    hosts = counting.summit_hosts(in_period)
    documents: dict[str, int] = {
        str(code): int(count)
        for code, count in counting.documents_counted(in_period, record)
        .groupby(in_period["country_iso3"])
        .sum()
        .items()
    }
    codes = (set(by_country) | hosts | set(condolences)) - {HOME_CITY[1]}
    hovers: dict[str, str] = {}
    for iso3 in sorted(codes):
        by_category = by_country.get(iso3, {})
        lines = [f", {heading}"]
        total = sum(by_category.values())
        if total:
            parts = ", ".join(
                counted(by_category[category], words)
                for category, words in ENGAGEMENT_WORDS.items()
                if category in by_category
            )
            lines.append(
                f"{counted(total, ('bilateral engagement', 'bilateral engagements'))}: {parts}"
            )
        else:
            lines.append("No bilateral engagement")
        if iso3 in hosts:
            lines.append("Hosted a summit he attended")
        if iso3 in condolences:
            words = ("condolence visit", "condolence visits")
            lines.append(f"{counted(int(condolences[iso3]), words)} after his death")
        if int(documents.get(iso3, 0)):
            lines.append(f"Documents signed, at least: {int(documents[iso3])}")
        lines.append("Click for its story")
        hovers[iso3] = "\n".join(lines)
    return hovers
