"""The comparison of presidencies: the same figures whichever way they are counted."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import comparison

ATTRIBUTES = pd.DataFrame(
    {
        "iso3": ["CUB", "FRA", "TUR", "USA", "TJK"],
        "m49_region": ["Americas", "Europe", "Asia", "Americas", "Asia"],
        "global_south": [True, False, False, False, True],
        "western": [False, True, True, True, False],
    }
)


def stop(president: str, trip: str, day: str, iso3: str, setting: str) -> dict[str, object]:
    """Return one trip row of the fixture."""
    start = pd.Timestamp(day)
    return {
        "event_id": f"{day}-{iso3.lower()}",
        "kind": "trip",
        "president": president,
        "trip_id": trip,
        "start_date": start,
        "end_date": start + pd.Timedelta(days=1),
        "country_iso3": iso3,
        "setting": setting,
        "level": "",
        "step": "",
    }


EVENTS = pd.DataFrame(
    [
        # Rouhani, first span: a European tour and a UN session (a summit in the US).
        stop("rouhani", "r1", "2014-01-25", "FRA", "bilateral"),
        stop("rouhani", "r1", "2014-01-27", "TUR", "summit_and_bilateral"),
        stop("rouhani", "r2", "2015-09-25", "USA", "summit"),
        # Rouhani, between the spans: counted in his whole term only.
        stop("rouhani", "r3", "2017-03-27", "CUB", "bilateral"),
        # Rouhani, last span; and a border ceremony, never a stop.
        stop("rouhani", "r4", "2019-06-14", "TJK", "summit"),
        stop("rouhani", "r5", "2019-07-01", "TJK", "border_ceremony"),
        # Raisi.
        stop("raisi", "a1", "2021-09-16", "TJK", "summit_and_bilateral"),
        stop("raisi", "a2", "2023-06-14", "CUB", "bilateral"),
        stop("raisi", "a3", "2023-09-18", "USA", "summit"),
        # Pezeshkian, in his first year: a bilateral visit and a UN session.
        stop("pezeshkian", "p1", "2024-09-11", "TJK", "bilateral"),
        stop("pezeshkian", "p2", "2024-09-22", "USA", "summit"),
        # Leaders received: Rouhani one in each span, Raisi one; a speaker is not counted.
        {**stop("rouhani", "", "2015-11-23", "CUB", ""), "kind": "visit", "level": "head_of_state"},
        {**stop("rouhani", "", "2019-04-10", "TUR", ""), "kind": "visit", "level": "head_of_state"},
        {**stop("raisi", "", "2022-06-10", "CUB", ""), "kind": "visit", "level": "head_of_state"},
        {**stop("raisi", "", "2022-06-16", "FRA", ""), "kind": "visit", "level": "speaker"},
    ]
)


def test_the_spans_are_of_equal_length_at_each_end_of_rouhanis_term() -> None:
    """Raisi's 1,021 days, and Rouhani's first and last 1,021 days."""
    spans = {span.key: span for span in comparison.spans()}
    assert spans["raisi"].days == spans["rouhani_first"].days == spans["rouhani_last"].days == 1021
    assert spans["rouhani_first"].first == dt.date(2013, 8, 3)
    assert spans["rouhani_last"].last == dt.date(2021, 8, 3)


def test_the_figures_are_the_plain_counts_of_the_fixture() -> None:
    """Each figure of each span equals a count made by hand from the fixture's rows."""
    spans = {span.key: span for span in comparison.spans()}
    got = {key: comparison.figures(EVENTS, ATTRIBUTES, span) for key, span in spans.items()}
    # Counted by hand: (journeys, stops, countries, summits, bilateral, bilateral G77,
    # bilateral Western, stops G77, stops Western).
    expected = {
        "raisi": (3, 3, 3, 2, 2, 2, 0, 2, 1),
        "rouhani_first": (2, 3, 3, 2, 2, 0, 2, 0, 3),
        "rouhani_last": (1, 1, 1, 1, 0, 0, 0, 1, 0),
        "rouhani": (4, 5, 5, 3, 3, 1, 2, 2, 3),
    }
    for key, numbers in expected.items():
        item = got[key]
        assert (
            item.journeys,
            item.stops,
            item.countries,
            item.summit_stops,
            item.bilateral_stops,
            item.bilateral_global_south,
            item.bilateral_western,
            item.stops_global_south,
            item.stops_western,
        ) == numbers, key
    # The same, a second way: the regions of each span's stops add up to its stops.
    regions = comparison.regions_long(got.values())
    totals = regions.groupby("span")["stops"].sum()
    assert {span: int(total) for span, total in totals.items()} == {
        item.span.label: item.stops for item in got.values()
    }
    heads = {key: (item.heads_received, item.heads_global_south) for key, item in got.items()}
    assert heads == {
        "raisi": (1, 1),
        "rouhani_first": (1, 1),
        "rouhani_last": (1, 0),
        "rouhani": (2, 1),
    }
    assert got["raisi"].by_region == {
        "Africa": 0,
        "Americas": 2,
        "Asia": 1,
        "Europe": 0,
        "Oceania": 0,
    }


def test_the_table_and_the_sentences_say_the_same_figures() -> None:
    """The table's cells and the sentence under it carry the same counts and shares."""
    figures = [comparison.figures(EVENTS, ATTRIBUTES, span) for span in comparison.spans()]
    shown = comparison.table(figures).set_index("Measure")
    raisi = figures[0].span.label
    assert shown.loc["Bilateral visits to Global South (G77) members", raisi] == "2 of 2 (100%)"
    sentences = comparison.describe(figures)
    assert "Raisi made 3 journeys abroad (3 country stops)" in sentences[0]
    assert "2 of 2 (100%) were to Global South (G77) members under Raisi" in sentences[1]
    assert "1 by Raisi, 1 and 1 by Rouhani" in sentences[2]
    assert "What it cannot show" in sentences[3]


def test_each_presidents_first_year_is_365_days_from_his_first() -> None:
    """Rouhani's, Raisi's and Pezeshkian's first years, in the order of their terms."""
    years = comparison.first_years()
    assert [span.president for span in years] == ["rouhani", "raisi", "pezeshkian"]
    assert {span.days for span in years} == {365}
    assert years[-1].first == dt.date(2024, 7, 30) and years[-1].last == dt.date(2025, 7, 29)


def test_first_years_count_by_the_same_rules_and_say_what_is_not_recorded() -> None:
    """Counted by hand; Pezeshkian's visitors are not in the record, so no number is given."""
    got = {
        span.president: comparison.figures(EVENTS, ATTRIBUTES, span)
        for span in comparison.first_years()
    }
    counted = {
        name: (item.journeys, item.stops, item.bilateral_stops, item.bilateral_global_south)
        for name, item in got.items()
    }
    assert counted == {"rouhani": (1, 2, 2, 0), "raisi": (1, 1, 1, 1), "pezeshkian": (2, 2, 1, 1)}
    assert got["raisi"].heads_received == 1 and got["raisi"].heads_recorded
    assert not got["pezeshkian"].heads_recorded
    shown = comparison.table(got.values()).set_index("Measure")
    heads = shown.loc["Heads of state or government received in Iran"]
    assert list(heads) == ["0", "1", "not recorded"]
    sentences = comparison.describe_first_years(got.values())
    assert "Pezeshkian, 2 (2 country stops, 2 countries)" in sentences[0]
    assert "Pezeshkian, 1 of 1 (100%) to Global South (G77) members" in sentences[1]
    assert sentences[-1].startswith("What it cannot show")
