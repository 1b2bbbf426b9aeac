"""Raisi's journeys abroad beside Rouhani's, counted by the same rules (no Streamlit).

The unit is the **country stop**: a trip row of a journey he made in person (border ceremonies
left out, as in the headline numbers). Each presidency is compared over its whole term and,
because the terms differ in length, over **equal spans**: Raisi's term (3 Aug 2021 – 19 May
2024) against Rouhani's first and last spans of the same number of days. Each president's
**first year** (365 days) is compared too, which brings in Pezeshkian's first year, the part of
his term the record holds. A stop belongs to the span its first day falls in. The rules' wording
is in ``RULES``, printed beside the figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard import counting
from dashboard.schema import RECORDED_KINDS, TERMS

BILATERAL = ("bilateral", "summit_and_bilateral")
SUMMITS = ("summit", "summit_and_bilateral")
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
HEADS = ("head_of_state", "head_of_government")
# A first year, in days: Pezeshkian's recorded term is exactly this long.
YEAR_DAYS = 365


@dataclass(frozen=True)
class Span:
    """A span of days of one presidency, named for the page."""

    key: str
    president: str
    first: dt.date
    last: dt.date
    label: str

    @property
    def days(self) -> int:
        """Return how many days the span covers, both ends included."""
        return (self.last - self.first).days + 1


def spans() -> tuple[Span, ...]:
    """Return the spans compared: each whole term, and Rouhani's first and last Raisi-long spans.

    Raisi's term sets the length: his 1,021 days (about 33.5 months).
    """
    raisi_first, raisi_last = TERMS["raisi"]
    rouhani_first, rouhani_last = TERMS["rouhani"]
    length = dt.timedelta(days=(raisi_last - raisi_first).days)
    days = f"{length.days + 1:,} days"
    return (
        Span("raisi", "raisi", raisi_first, raisi_last, f"Raisi: his {days}"),
        Span(
            "rouhani_first",
            "rouhani",
            rouhani_first,
            rouhani_first + length,
            f"Rouhani: first {days}",
        ),
        Span(
            "rouhani_last", "rouhani", rouhani_last - length, rouhani_last, f"Rouhani: last {days}"
        ),
        Span("rouhani", "rouhani", rouhani_first, rouhani_last, "Rouhani: whole term"),
    )


def first_years() -> tuple[Span, ...]:
    """Return each president's first 365 days, in the order of their terms."""
    year = dt.timedelta(days=YEAR_DAYS - 1)
    return tuple(
        Span(f"{name}_year", name, first, first + year, f"{name.capitalize()}: first year")
        for name, (first, _) in TERMS.items()
    )


def of_span(events: pd.DataFrame, span: Span, category: str) -> pd.DataFrame:
    """Return a span's rows of one category (``counting.categories``), by their first day."""
    first = events["start_date"].dt.date
    chosen: pd.DataFrame = events[
        (counting.categories(events) == category)
        & (events["president"] == span.president)
        & (first >= span.first)
        & (first <= span.last)
    ]
    return chosen


def stops_in(events: pd.DataFrame, span: Span) -> pd.DataFrame:
    """Return the country stops of a span: its president's trips in person (no ceremonies)."""
    return of_span(events, span, "trip")


def heads_received_in(events: pd.DataFrame, span: Span) -> pd.DataFrame:
    """Return the visits of heads of state or government a span's president received."""
    visits = of_span(events, span, "visit")
    received: pd.DataFrame = visits[visits["level"].isin(HEADS)]
    return received


@dataclass(frozen=True)
class Figures:
    """What one span's stops amount to; every share is over the count it names."""

    span: Span
    journeys: int
    stops: int
    countries: int
    summit_stops: int
    bilateral_stops: int
    by_region: dict[str, int]
    bilateral_global_south: int
    bilateral_western: int
    stops_global_south: int
    stops_western: int
    heads_received: int
    heads_global_south: int
    heads_western: int
    # False where the span's president's visitors are not in the record (Pezeshkian's).
    heads_recorded: bool = True


def figures(events: pd.DataFrame, attributes: pd.DataFrame, span: Span) -> Figures:
    """Return one span's figures; ``attributes`` is geodata/country_attributes.csv."""
    stops = stops_in(events, span)
    partners = attributes.set_index("iso3")
    codes = stops["country_iso3"]

    def flag(of: pd.Series, column: str) -> pd.Series:
        # A country the attributes lack (a broken geodata file) is in no group.
        return of.map(partners[column].to_dict()).eq(True)

    south, western = flag(codes, "global_south"), flag(codes, "western")
    region = codes.map(partners["m49_region"].to_dict())
    bilateral = stops["setting"].isin(BILATERAL)
    heads = heads_received_in(events, span)["country_iso3"]
    return Figures(
        span=span,
        journeys=int(stops["trip_id"].nunique()),
        stops=len(stops),
        countries=int(codes.nunique()),
        summit_stops=int(stops["setting"].isin(SUMMITS).sum()),
        bilateral_stops=int(bilateral.sum()),
        by_region={name: int((region == name).sum()) for name in REGIONS},
        bilateral_global_south=int((bilateral & south).sum()),
        bilateral_western=int((bilateral & western).sum()),
        stops_global_south=int(south.sum()),
        stops_western=int(western.sum()),
        heads_received=len(heads),
        heads_global_south=int(flag(heads, "global_south").sum()),
        heads_western=int(flag(heads, "western").sum()),
        heads_recorded="visit" in RECORDED_KINDS.get(span.president, ()),
    )


def percent(part: int, whole: int) -> str:
    """Return ``7 of 20 (35%)``, or ``0 of 0`` when there is nothing to divide."""
    return f"{part} of {whole} ({part / whole:.0%})" if whole else f"{part} of {whole}"


def table(all_figures: Iterable[Figures]) -> pd.DataFrame:
    """Return the comparison as the page shows it: one row per measure, one column per span."""
    columns: dict[str, list[str]] = {}
    rows = (
        "Journeys abroad",
        "Country stops",
        "Countries visited",
        "Stops at summits",
        "Bilateral visits (stops with a state or official visit)",
        "Bilateral visits to Global South (G77) members",
        "Bilateral visits to Western countries (EU or OECD members)",
        "All stops in Global South (G77) members",
        "All stops in Western countries",
        *(f"Stops in {name}" for name in REGIONS),
        "Heads of state or government received in Iran",
        "of them from Global South (G77) members",
        "of them from Western countries",
    )
    for item in all_figures:
        columns[item.span.label] = [
            str(item.journeys),
            str(item.stops),
            str(item.countries),
            percent(item.summit_stops, item.stops),
            percent(item.bilateral_stops, item.stops),
            percent(item.bilateral_global_south, item.bilateral_stops),
            percent(item.bilateral_western, item.bilateral_stops),
            percent(item.stops_global_south, item.stops),
            percent(item.stops_western, item.stops),
            *(percent(item.by_region[name], item.stops) for name in REGIONS),
            *(
                (
                    str(item.heads_received),
                    percent(item.heads_global_south, item.heads_received),
                    percent(item.heads_western, item.heads_received),
                )
                if item.heads_recorded
                else (counting.NOT_RECORDED,) * 3
            ),
        ]
    return pd.DataFrame(columns, index=pd.Index(rows, name="Measure")).reset_index()


def regions_long(all_figures: Iterable[Figures]) -> pd.DataFrame:
    """Return the stops per region and span, with each span's ``n``, for a chart."""
    return pd.DataFrame(
        [
            {
                "span": item.span.label,
                "region": name,
                "stops": item.by_region[name],
                "n": item.stops,
                "share": item.by_region[name] / item.stops if item.stops else 0.0,
            }
            for item in all_figures
            for name in REGIONS
        ]
    )


def describe(all_figures: Iterable[Figures]) -> list[str]:
    """Return the sentences under the comparison: what it shows, and what it cannot."""
    by_key = {item.span.key: item for item in all_figures}
    raisi, first, last = by_key["raisi"], by_key["rouhani_first"], by_key["rouhani_last"]
    whole = by_key["rouhani"]
    sentences = [
        (
            f"Over spans of equal length, Raisi made {raisi.journeys} journeys abroad "
            f"({raisi.stops} country stops); Rouhani made {first.journeys} ({first.stops}) in his "
            f"first {first.span.days:,} days and {last.journeys} ({last.stops}) in his last, "
            f"and {whole.journeys} ({whole.stops}) over his whole term."
        ),
        (
            "Of the bilateral visits, "
            f"{percent(raisi.bilateral_global_south, raisi.bilateral_stops)} were to Global "
            "South (G77) members under Raisi, against "
            f"{percent(first.bilateral_global_south, first.bilateral_stops)} in Rouhani's first "
            f"span and {percent(last.bilateral_global_south, last.bilateral_stops)} in his last; "
            f"to Western countries, {percent(raisi.bilateral_western, raisi.bilateral_stops)} "
            f"against {percent(first.bilateral_western, first.bilateral_stops)} and "
            f"{percent(last.bilateral_western, last.bilateral_stops)}."
        ),
        (
            f"Heads of state or government received in Iran: {raisi.heads_received} by Raisi, "
            f"{first.heads_received} and {last.heads_received} by Rouhani in his first and last "
            f"spans ({whole.heads_received} in his whole term); from Global South members, "
            f"{percent(raisi.heads_global_south, raisi.heads_received)} against "
            f"{percent(first.heads_global_south, first.heads_received)} and "
            f"{percent(last.heads_global_south, last.heads_received)}."
        ),
        (
            "What it cannot show: the numbers are small (a single visit moves a share by several "
            "points); Rouhani's last span includes the COVID-19 pandemic, when he made no "
            "journey after December 2019, and the years of 'maximum pressure' sanctions after "
            "2018; journeys and leaders' visits are not the whole of diplomacy (ministers' "
            "travel, calls and lower-level visitors are not compared: Rouhani's are not in the "
            "record); Rouhani's visitors were searched in one pass and may lack some, such as "
            "the guests of his 2013 inauguration."
        ),
    ]
    return sentences


def describe_first_years(all_figures: Iterable[Figures]) -> list[str]:
    """Return the sentences under the first years' comparison: what it shows and cannot."""
    years = list(all_figures)
    journeys = "; ".join(
        f"{item.span.president.capitalize()}, {item.journeys} ({item.stops} country stops, "
        f"{item.countries} countries)"
        for item in years
    )
    south = "; ".join(
        f"{item.span.president.capitalize()}, "
        f"{percent(item.bilateral_global_south, item.bilateral_stops)} to Global South (G77) "
        f"members and {percent(item.bilateral_western, item.bilateral_stops)} to Western "
        "countries"
        for item in years
    )
    return [
        f"In his first {YEAR_DAYS} days in office, each president made these journeys abroad: "
        f"{journeys}.",
        f"Of the bilateral visits of those first years: {south}.",
        "What it cannot show: a first year holds a handful of journeys, so one visit moves a "
        "share by ten points or more; Pezeshkian's year includes the June 2025 war with Israel "
        "and the record holds his journeys only (not his visitors, so heads received are not "
        "compared for him); a first year is when a president makes his introductions to "
        "neighbours and to the United Nations, so it says little about a whole term.",
    ]


# The rules of the comparison, printed beside it and in docs/record.md.
RULES = {
    "unit": "The unit is the country stop: a stop of a journey abroad made in person (border "
    "ceremonies left out), as in the headline numbers; a stop belongs to the span its first day "
    "falls in. A journey is a trip_id; countries visited are the distinct host countries.",
    "spans": "Raisi's term (3 Aug 2021 – 19 May 2024, 1,021 days) is set beside Rouhani's "
    "whole term (3 Aug 2013 – 3 Aug 2021) and beside his first and last spans of the same "
    "1,021 days (3 Aug 2013 – 19 May 2016; 18 Oct 2018 – 3 Aug 2021).",
    "bilateral": "A bilateral visit is a stop with a state or official visit to the host "
    "(setting bilateral, or summit_and_bilateral where the sources title the stop both); a "
    "stop at a summit counts for its organisation, so the host of a summit-only stop is not a "
    "bilateral partner (New York's UN sessions are summit stops).",
    "global_south": "Global South: members of the Group of 77 (the G77's list, packaged by "
    "countrygroups). Western: members of the European Union or the OECD (countrygroups); "
    "Türkiye, Japan and South Korea are OECD members, so Western here.",
    "first_years": "First years: each president's first 365 days in office (Rouhani from 3 Aug "
    "2013, Raisi from 3 Aug 2021, Pezeshkian from 30 Jul 2024 to 29 Jul 2025, the part of his "
    "term the record holds), counted by the same rules.",
    "regions": "Regions: the host country's UN M49 region (hdx-python-country).",
    "heads": "Heads received: visits to Iran of heads of state or government (one row per "
    "person per visit, a summit in Tehran giving one per leader), by the first day; Raisi's "
    "condolence visits after his death fall outside his term and are not counted.",
}
