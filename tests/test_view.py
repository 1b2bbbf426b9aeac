"""The view: URL round trips, lenient parsing, and each filter's effect on the rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest

from dashboard import data, filters, paths, view
from tests.conftest import ALL_KINDS_ROWS

MONTHS = filters.month_starts()
PARTNERS = frozenset({"CUB", "TJK", "VEN"})


def test_default_view_has_an_empty_query() -> None:
    """The whole record, unfiltered, is the bare address."""
    assert view.to_query(view.default_view()) == {}


def test_query_round_trip() -> None:
    """A view written to the URL and read back is the same view."""
    shared = view.ViewState(
        dt.date(2023, 1, 1),
        dt.date(2023, 12, 1),
        kinds=("trip", "agreement"),
        regions=("Africa",),
        themes=("trade",),
        country="CUB",
    )
    query = view.to_query(shared)
    assert query == {
        "from": "2023-01",
        "to": "2023-12",
        "kinds": "trip,agreement",
        "regions": "Africa",
        "themes": "trade",
        "country": "CUB",
    }
    assert view.from_query(query, PARTNERS) == shared


def test_bad_values_in_a_link_are_dropped_not_fatal() -> None:
    """Unknown months, values and countries fall back; reversed months are put in order."""
    parsed = view.from_query(
        {"from": "2023-13", "to": "2022-05", "kinds": "trip,party", "country": "zzz"},
        PARTNERS,
    )
    assert parsed == view.ViewState(dt.date(2021, 8, 1), dt.date(2022, 5, 1), kinds=("trip",))
    swapped = view.from_query({"from": "2023-05", "to": "2022-05"}, PARTNERS)
    assert (swapped.first_month, swapped.last_month) == (dt.date(2022, 5, 1), dt.date(2023, 5, 1))


def test_widgets_round_trip_and_clearing_keeps_the_period() -> None:
    """Widget values show the view; clearing empties filters only."""
    shared = view.ViewState(dt.date(2022, 1, 1), dt.date(2022, 6, 1), blocs=("SCO",), country="TJK")
    period = (shared.first_month, shared.last_month)
    assert view.from_widgets(period, view.filter_widget_values(shared)) == shared
    assert shared.active_filters() == {"blocs": ("SCO",), "country": ("TJK",)}
    assert shared.cleared() == view.ViewState(dt.date(2022, 1, 1), dt.date(2022, 6, 1))


@pytest.mark.parametrize(
    ("changes", "expected_ids"),
    [
        ({"kinds": ("visit",)}, {"2023-12-09-cub-state-visit"}),
        ({"levels": ("head_of_state",)}, {"2023-12-09-cub-state-visit"}),
        ({"themes": ("health",)}, {"2023-12-09-cub-state-visit"}),
        (
            {"regions": ("Asia",)},
            {"2021-09-16-tjk-sco-summit", "2021-09-17-tjk-sco-accession-decision"},
        ),
        ({"blocs": ("GECF",)}, {"2023-06-12-ven-state-visit"}),
        (
            {"country": "CUB"},
            {
                "2023-06-14-cub-state-visit",
                "2023-12-09-cub-state-visit",
                "2023-12-09-cub-documents",
            },
        ),
        (
            {"first_month": dt.date(2023, 12, 1)},
            {"2023-12-09-cub-state-visit", "2023-12-09-cub-documents"},
        ),
    ],
)
def test_each_filter_narrows_the_rows(
    locate: Callable[..., pd.DataFrame],
    attributes: pd.DataFrame,
    changes: dict[str, object],
    expected_ids: set[str],
) -> None:
    """Kind, level, theme, region, bloc, country and period each keep just their rows."""
    base = view.default_view()
    chosen = view.ViewState(**{**base.__dict__, **changes})
    shown = view.apply_view(locate(ALL_KINDS_ROWS), chosen, attributes)
    assert set(shown["event_id"]) == expected_ids


def test_query_changes_touch_only_the_views_keys() -> None:
    """Setting a view leaves the tab alone and removes filters no longer chosen."""
    chosen = view.ViewState(dt.date(2021, 8, 1), dt.date(2024, 5, 1), kinds=("trip",))
    changes = view.query_changes({"tab": "Claims", "regions": "Asia"}, chosen)
    assert changes == {"kinds": "trip", "regions": None}


def test_hidden_condolences_follow_the_other_filters() -> None:
    """The line under the numbers counts only condolence visits the view would show."""
    geodata = data.load_geodata()
    events = data.load_record(paths.EVENTS, geodata.reference()).events
    whole = view.default_view()
    assert view.hidden_condolences(events, whole, geodata.attributes) == 20
    trips = view.ViewState(MONTHS[0], MONTHS[-1], kinds=("trip",))
    assert view.hidden_condolences(events, trips, geodata.attributes) == 0
    included = view.ViewState(MONTHS[0], MONTHS[-1], condolences=True)
    assert view.hidden_condolences(events, included, geodata.attributes) == 0


def test_the_address_leads_on_the_first_run_and_after_back() -> None:
    """First run: the link's view; the page's own writes: nothing; Back: the address's."""
    query = {"from": "2022-01", "kinds": "trip"}
    first = view.view_from_address(query, None, None, PARTNERS)
    assert first is not None and first.kinds == ("trip",)
    written = view.to_query(first)
    assert view.view_from_address(query, written, written, PARTNERS) is None
    back = view.view_from_address({"kinds": "visit"}, written, written, PARTNERS)
    assert back is not None and back.kinds == ("visit",) and back.first_month == MONTHS[0]


def test_a_fresh_input_wins_over_an_address_the_browser_has_not_updated_yet() -> None:
    """Two key presses in a row: the second arrives with the old address; the widgets lead."""
    old = {"to": "2024-04"}
    written = {"to": "2024-03"}
    pressed_again = {"to": "2024-02"}
    assert view.view_from_address(old, written, pressed_again, PARTNERS) is None


def test_the_share_link_is_absolute_and_carries_only_the_view() -> None:
    """The page's http(s) address, then the view's checked values and the tab."""
    shared = view.ViewState(dt.date(2023, 1, 1), MONTHS[-1], country="CUB", verdicts=("wrong",))
    link = view.share_link("https://example.org/map/", shared, "Claims")
    assert link == "https://example.org/map/?from=2023-01&country=CUB&verdicts=wrong&tab=Claims"
    assert view.share_link("javascript:alert(1)", shared, "Map").startswith("?from=")
    assert view.share_link(None, shared, "Map").startswith("?")
    assert view.share_link("http://127.0.0.1:8501", shared, "Map").startswith(
        "http://127.0.0.1:8501/?from="
    )


def test_the_framing_follows_the_filters_not_the_period() -> None:
    """A new period keeps the framing (pan and zoom stay); a new filter changes it."""
    base = view.ViewState(MONTHS[0], MONTHS[-1], kinds=("trip",))
    assert base.framing_id() == view.ViewState(MONTHS[3], MONTHS[5], kinds=("trip",)).framing_id()
    assert base.framing_id() != view.ViewState(MONTHS[0], MONTHS[-1]).framing_id()
    assert (
        base.framing_id()
        == view.ViewState(MONTHS[0], MONTHS[-1], kinds=("trip",), verdicts=("wrong",)).framing_id()
    )


def test_the_presidency_is_part_of_the_link_and_sets_the_months() -> None:
    """Rouhani's view has his 97 months and says so in the link; Raisi's says nothing."""
    rouhani = view.default_view("rouhani")
    assert (rouhani.first_month, rouhani.last_month) == (dt.date(2013, 8, 1), dt.date(2021, 8, 1))
    assert len(rouhani.months) == 97
    assert view.to_query(rouhani) == {"president": "rouhani"}
    assert view.to_query(view.default_view()) == {}
    shared = dataclasses.replace(rouhani, first_month=dt.date(2016, 1, 1), kinds=("trip",))
    query = view.to_query(shared)
    assert query == {"president": "rouhani", "from": "2016-01", "kinds": "trip"}
    assert view.from_query(query, PARTNERS) == shared
    # A month outside the presidency named is dropped, as any unknown value.
    assert view.from_query({"from": "2016-01"}, PARTNERS).first_month == dt.date(2021, 8, 1)
    both = view.from_query({"president": "both"}, PARTNERS)
    assert (both.first_month, both.last_month) == (dt.date(2013, 8, 1), dt.date(2024, 5, 1))
    assert view.presidents_of("both") == ("rouhani", "raisi"), "in order of their terms"
    pezeshkian = view.from_query({"president": "pezeshkian"}, PARTNERS)
    assert (pezeshkian.first_month, pezeshkian.last_month) == (
        dt.date(2024, 7, 1),
        dt.date(2025, 7, 1),
    )
    # His first year only: no later visits run on after it, as Raisi's condolence visits do.
    assert pezeshkian.span == (dt.date(2024, 7, 30), dt.date(2025, 7, 29))
    assert view.default_view().span[1] == both.span[1] == dt.date(2024, 5, 31)


def test_a_presidency_shows_its_own_rows_only() -> None:
    """The same months under Rouhani, Raisi or both: each president's rows, or both's.

    "Both" is Rouhani's and Raisi's: a row of Pezeshkian's, even one in its days, is not shown.
    """
    events = pd.DataFrame(
        {
            "event_id": ["a", "b", "c"],
            "kind": ["trip", "trip", "trip"],
            "president": ["rouhani", "raisi", "pezeshkian"],
            "start_date": pd.to_datetime(["2021-08-01", "2021-09-16", "2021-09-16"]),
            "end_date": pd.to_datetime(["2021-08-02", "2021-09-17", "2021-09-17"]),
            "country_iso3": ["TJK", "TJK", "TJK"],
        }
    )
    attributes = pd.DataFrame({"iso3": ["TJK"], "m49_region": ["Asia"]})
    both = view.default_view("both")
    assert list(view.apply_view(events, both, attributes)["event_id"]) == ["a", "b"]
    for presidency, expected in (("rouhani", ["a"]), ("raisi", ["b"])):
        shown = view.apply_view(
            events, dataclasses.replace(both, presidency=presidency), attributes
        )
        assert list(shown["event_id"]) == expected


def test_the_edition_link_holds_the_period_and_country_and_names_what_it_leaves_out() -> None:
    whole = view.default_view()
    assert view.edition_link("http://host:8501/", whole) == (
        "http://host:8501/edition/index.html",
        [],
    )
    chosen = dataclasses.replace(
        whole, first_month=dt.date(2022, 1, 1), country="IRQ", kinds=("trip",)
    )
    assert view.edition_link("https://host/app/?x=1", chosen) == (
        "https://host/app/edition/index.html#from=2022-01&country=IRQ",
        ["kinds"],
    )
    assert view.edition_link(None, whole) == ("edition/index.html", [])
    assert view.edition_link("http://host/", view.default_view("rouhani")) is None
