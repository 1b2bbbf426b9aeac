"""The deck: shaded countries, arcs in tour order, escaped tooltips, compact JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pandas as pd
import pydeck as pdk
import pytest

from dashboard import counting, geometry, layers, mapdata, paths
from tests.conftest import ALL_KINDS_ROWS, GOOD_ROWS, changed

TEHRAN = (51.4, 35.7)
URLS = mapdata.data_urls({}, "test")
CODES = ["CUB", "IRN", "TJK", "VEN"]
ALL_DAYS = mapdata.filter_range(dt.date(2021, 8, 3), dt.date(2024, 5, 31))


def deck(events: pd.DataFrame) -> layers.CompactDeck:
    """The deck of ``events`` over the whole record's days."""
    return layers.build_deck(events, TEHRAN, URLS, ALL_DAYS, CODES)


@pytest.fixture
def located(locate: Callable[..., pd.DataFrame]) -> pd.DataFrame:
    """The fixture events with coordinates, origins, categories and document totals."""
    return counting.annotate(locate())


def layer(spec: dict[str, Any], layer_id: str) -> dict[str, Any]:
    """Return one layer of a deck spec by id."""
    for item in spec["layers"]:
        if item["id"] == layer_id:
            return dict(item)
    raise KeyError(layer_id)


def test_shades_step_up_with_the_count() -> None:
    """No events: plain land; then each bin's colour from its minimum on."""
    assert layers.shade_for(0) == layers.LAND_WITHOUT_EVENTS
    assert layers.shade_for(1) == layers.SHADE_BINS[0].color
    assert layers.shade_for(4) == layers.SHADE_BINS[2].color
    assert layers.shade_for(40) == layers.SHADE_BINS[-1].color


@pytest.mark.parametrize(
    ("start", "end", "precision", "text"),
    [
        ("2022-05-23", "2022-05-23", "", "23 May 2022"),
        ("2021-09-16", "2021-09-18", "day", "16–18 Sep 2021"),
        ("2023-11-30", "2023-12-01", "", "30 Nov – 1 Dec 2023"),
        ("2021-10-26", "2021-10-26", "approximate", "c. 26 Oct 2021"),
        ("2022-12-01", "2022-12-31", "month", "Dec 2022"),
        ("2022-12-01", "2023-01-31", "month", "Dec 2022 – Jan 2023"),
    ],
)
def test_date_span(start: str, end: str, precision: str, text: str) -> None:
    """Dates read the way a reader writes them, as exactly as the sources give them."""
    assert layers.date_span(pd.Timestamp(start), pd.Timestamp(end), precision) == text


def test_arcs_follow_the_tour(located: pd.DataFrame) -> None:
    """One arc per stop; the Cuba leg starts in Caracas, not Tehran."""
    arcs = {
        arc["tooltip"].split("\n")[1]: arc for arc in mapdata.layer_rows(located, located, "trips")
    }
    assert len(arcs) == 3
    cuba = next(arc for key, arc in arcs.items() if "Havana" in key)
    assert cuba["source"] == [-66.9, 10.5]
    assert cuba["target"] == [-82.4, 23.1]


def test_tooltip_says_what_when_who_and_where_from(located: pd.DataFrame) -> None:
    """Title, dates, place, counterpart, documents and the source's site, as plain text."""
    tip = layers.event_tooltip(located.iloc[0].to_dict())
    assert tip.splitlines() == [
        "Trip: SCO summit",
        "16–18 Sep 2021 · Dushanbe, Tajikistan",
        "With: President Emomali Rahmon",
        "Documents signed: 8",
        "Source: example.org",
    ]


def test_deck_has_no_basemap_and_the_record_only_in_escaped_fields(located: pd.DataFrame) -> None:
    """No tiles to fetch; the record's text reaches the tooltip only as fields Streamlit escapes."""
    shown = deck(located)
    spec = json.loads(shown.to_json())
    assert "mapProvider" not in spec, "no basemap tiles"
    # pydeck's marker for "no style given": Streamlit then draws no base map and, unlike a
    # missing style, does not substitute Carto's style from another host.
    assert spec["mapStyle"] == "__MAP_STYLE__"
    html = shown._tooltip["html"]
    assert html.startswith('{tooltip}<span data-n="{n}"></span><style>')
    for title in located["title"]:
        assert title not in html


def test_countries_are_shaded_by_their_events(located: pd.DataFrame) -> None:
    """Visited countries get a shade by count, Iran its own colour, the rest plain land."""
    fills = layers.country_fills(counting.country_counts(located.iloc[:1]))
    assert fills == {"TJK": layers.SHADE_BINS[0].color, "IRN": layers.HOME}


def test_a_summit_only_host_has_its_own_colour() -> None:
    """A country that only hosted a summit is not shaded as a bilateral engagement."""
    fills = layers.country_fills(pd.Series({"CUB": 2}), frozenset({"UZB", "CUB"}))
    assert fills["UZB"] == layers.SUMMIT_HOST
    assert fills["CUB"] == layers.SHADE_BINS[1].color


def test_fill_expression_tests_each_code_once_and_defaults_to_land() -> None:
    """The expression sent per rerun: the fills used, and one digit per country."""
    fills = {"TJK": (1, 2, 3), "CUB": (1, 2, 3), "IRN": (4, 5, 6)}
    expression = layers.fill_expression(fills, ["AFG", "CUB", "IRN", "TJK", "VEN"])
    land = list(layers.LAND_WITHOUT_EVENTS)
    assert expression == f"([{land}, [1, 2, 3], [4, 5, 6]])[('01210')[n]]"
    # deck.gl reads it as JavaScript: a palette indexed by one digit per country.
    palette, digits = [land, [1, 2, 3], [4, 5, 6]], "01210"
    for n, code in enumerate(["AFG", "CUB", "IRN", "TJK", "VEN"]):
        assert palette[int(digits[n])] == list(fills.get(code, layers.LAND_WITHOUT_EVENTS))


def test_polygons_are_a_static_file_recoloured_by_expression(located: pd.DataFrame) -> None:
    """The country layer points at the served file; its colour changes re-trigger, not reload."""
    spec = json.loads(deck(located).to_json())
    countries = layer(spec, "countries")
    assert countries["data"] == layers.COUNTRIES_URL
    assert countries["getFillColor"] == "@@=" + countries["updateTriggers"]["getFillColor"]
    assert countries["getFillColor"].endswith("[('2122')[n]]"), (
        "Iran apart, the three partners shaded"
    )
    assert countries["@@type"] == "SolidPolygonLayer", "a primitive layer, so clicks reach us"
    assert layer(spec, "borders")["data"] == layers.BORDERS_URL
    assert len(deck(located).to_json()) < 10_000


def test_no_layer_needs_a_shader_of_its_own(located: pd.DataFrame) -> None:
    """Software WebGL compiles a shader per layer type and extension: the map needs three.

    The borders are drawn as flat arcs and Tehran as a place, each with the period filter
    open to all their rows, so they reuse the arcs' and the places' shaders.
    """
    spec = json.loads(deck(located).to_json())
    programs = {
        (item["@@type"], json.dumps(item.get("extensions", []), sort_keys=True))
        for item in spec["layers"]
    }
    assert len(programs) == 3, programs
    borders = layer(spec, "borders")
    assert borders["@@type"] == "ArcLayer" and borders["numSegments"] == 2
    assert all(low <= 0 <= high for low, high in borders["filterRange"])


def test_served_polygons_are_the_geodata_file_at_world_scale() -> None:
    """The served countries and borders are geodata/countries.geojson through geometry.py."""
    collection = json.loads(paths.COUNTRIES.read_bytes())
    assert paths.SERVED_COUNTRIES.read_bytes() == geometry.map_rows_json(collection)
    assert paths.SERVED_BORDERS.read_bytes() == geometry.border_rows_json(collection)
    rows = json.loads(paths.SERVED_COUNTRIES.read_bytes())
    codes = geometry.country_codes(collection)
    assert all(codes[row["n"]] == row["iso3"] for row in rows), "n is the code's place"


def test_the_view_frames_what_is_shown(located: pd.DataFrame) -> None:
    """Tehran and Dushanbe alone are framed closer than the world; nothing shown is the world."""
    fitted = layers.fit_view(located.iloc[:1], TEHRAN)
    assert fitted.zoom > layers.WORLD_ZOOM
    assert 35 < fitted.longitude < 75 and 30 < fitted.latitude < 45
    assert layers.fit_view(located.iloc[:0], TEHRAN).zoom == layers.WORLD_ZOOM


def test_markup_in_the_record_stays_text(locate: Callable[..., pd.DataFrame]) -> None:
    """A title with tags reaches the deck only as a string inside the text tooltip."""
    evil = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    located = locate(changed(0, title=evil))
    arc = mapdata.layer_rows(located, located, "trips")[0]
    assert arc["tooltip"].startswith("Trip: " + evil)
    assert set(arc) == {"source", "target", "tooltip", "width", "iso3", "days"}
    assert evil not in deck(located).to_json(), "the rows are served apart, never in the deck"


def test_spec_is_compact(located: pd.DataFrame) -> None:
    """The JSON sent each rerun has no indentation, unlike pydeck's default."""
    shown = deck(located)
    compact = shown.to_json()
    assert "\n" not in compact
    assert len(compact) < len(pdk.Deck.to_json(shown))
    assert json.loads(compact) == json.loads(pdk.Deck.to_json(shown))


def test_visits_are_arcs_of_their_own_colour(locate: Callable[..., pd.DataFrame]) -> None:
    """Visits draw from the capital to Tehran in the visits layer; trips stay in theirs."""
    located = counting.annotate(locate(ALL_KINDS_ROWS))
    (visit,) = mapdata.layer_rows(located, located, "visits")
    assert visit["source"] == [-82.4, 23.1] and visit["target"] == [51.4, 35.7]
    assert len(mapdata.layer_rows(located, located, "trips")) == 3
    spec = json.loads(deck(located).to_json())
    assert layer(spec, "visits")["getTargetColor"] == list(layers.VISIT_TO)
    assert layer(spec, "visits")["data"] == URLS["visits"]


def test_legend_names_both_directions_and_every_shade() -> None:
    """The legend tells trips from visits and lists each shade with its colour."""
    legend = layers.legend_html()
    assert "Trip leg" in legend and "Visit to Iran" in legend
    for shade in layers.SHADE_BINS:
        assert f"rgb{shade.color}" in legend and shade.label in legend
    assert "Condolence visit" in legend
    assert f"rgb{layers.HOME}" in legend and "Iran &nbsp;" in legend, "Iran's own fill"
    assert "Condolence visit" not in layers.legend_html(condolences=False)


def test_arcs_widen_with_documents_signed() -> None:
    """No documents: 2 px; eight: 4 px; the width stops growing at twenty."""
    assert layers.arc_width(pd.NA) == 2.0
    assert layers.arc_width(8) == 4.0
    assert layers.arc_width(40) == layers.arc_width(20) == 7.0


def test_tooltips_name_the_kind_and_the_themes(locate: Callable[..., pd.DataFrame]) -> None:
    """A visit's tooltip says it is a visit to Iran and lists its themes."""
    visit = locate(ALL_KINDS_ROWS).set_index("event_id").loc["2023-12-09-cub-state-visit"]
    tip = layers.event_tooltip({**visit.to_dict(), "event_id": "x"})
    assert tip.startswith("Visit to Iran: State visit of the President of Cuba")
    assert "Themes: health, trade" in tip


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ({"objects": {"countries": [{"properties": {"iso3": "CUB", "name": "Cuba"}}]}}, "CUB"),
        ({"objects": {"trips": [{"iso3": "VEN", "tooltip": "…"}]}}, "VEN"),
        ({"objects": {"countries": [{"properties": {"iso3": "IRN"}}]}}, None),
        ({"objects": {}}, None),
        (None, None),
    ],
)
def test_a_map_click_picks_the_partner_country(
    selection: dict[str, Any] | None, expected: str | None
) -> None:
    """Clicking a country, an arc or a place opens that partner's story; Iran opens nothing."""
    assert layers.selected_country(selection) == expected


def test_no_layer_prop_is_a_string_turned_expression_by_mistake(located: pd.DataFrame) -> None:
    """Pydeck turns every string prop into an expression; only accessors may be strings."""
    spec = json.loads(deck(located).to_json())
    for item in spec["layers"]:
        for prop, value in item.items():
            if isinstance(value, str) and value.startswith("@@="):
                assert prop.startswith("get"), (item["id"], prop, value)


def test_other_places_of_a_stop_are_places_and_named_in_its_tooltip(
    locate: Callable[..., pd.DataFrame],
) -> None:
    """A stop's second city is a place on the map, and its tooltip says when he was there."""
    rows = changed(0, GOOD_ROWS, other_places="Kulob 2021-09-18")
    located = counting.annotate(locate(rows))
    tip = layers.event_tooltip(located.iloc[0].to_dict())
    assert "Also in: Kulob (18 Sep 2021)" in tip.splitlines()
    stops = mapdata.layer_rows(located, located, "stops")
    kulob = [stop for stop in stops if "Kulob" in stop["tooltip"]]
    assert [stop["position"] for stop in kulob] == [[68.8, 38.5], [69.8, 37.9]]


def test_a_visit_is_placed_in_iran_and_its_documents_are_not_listed_twice(
    locate: Callable[..., pd.DataFrame],
) -> None:
    """A visit reads 'Tehran, Iran (from Cuba)'; its place lists the visit, not its signing."""
    located = counting.annotate(locate(ALL_KINDS_ROWS))
    visit = located[located["event_id"] == "2023-12-09-cub-state-visit"].iloc[0].to_dict()
    assert "10 Dec 2023 · Tehran, Iran (from Cuba)" in layers.event_tooltip(visit).splitlines()[1]
    tehran = [
        stop
        for stop in mapdata.layer_rows(located, located, "stops")
        if "Tehran, Iran" in stop["tooltip"]
    ]
    assert len(tehran) == 1, "one point per event: the signing is in the visit's tooltip"
    assert tehran[0]["tooltip"].count("Documents signed: 5") == 1


def test_a_chosen_country_is_the_centre_of_its_view(locate: Callable[..., pd.DataFrame]) -> None:
    """Cuba's view centres on Havana, not on the sea between Havana and Tehran."""
    located = counting.annotate(locate(ALL_KINDS_ROWS))
    cuba = located[located["country_iso3"] == "CUB"]
    fitted = layers.fit_view(cuba, TEHRAN, "CUB")
    assert abs(fitted.longitude - -82.4) < 5 and abs(fitted.latitude - 23.1) < 5
    assert fitted.zoom == layers.fit_view(cuba, TEHRAN).zoom, "the zoom still takes in Tehran"


def test_a_country_hover_is_css_after_its_name_and_never_markup() -> None:
    """Each engaged country's counts are a CSS string after the row's name, keyed by ``n``."""
    tooltip = layers.tooltip_of({"CUB": ', Jun 2023\n2 "visits" <b>\\'}, ["AFG", "CUB"])
    html = tooltip["html"]
    assert html.startswith('{tooltip}<span data-n="{n}"></span><style>')
    style = html.split("<style>", 1)[1]
    assert (
        style
        == '[data-n="1"]::after{content:", Jun 2023\\A 2 \\22 visits\\22  \\3C b>\\5C "}</style>'
    )
    assert "<" not in style.removesuffix("</style>")


def test_each_border_is_drawn_once_whichever_way_its_rings_run() -> None:
    """Two squares sharing an edge: seven edges, the shared one once, ends in order."""
    left = {"polygon": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}
    right = {"polygon": [[[2, 0], [2, 1], [1, 1], [1, 0]]]}
    rows = geometry.border_rows([left, right])
    assert len(rows) == 7
    assert {"a": [1.0, 0.0], "b": [1.0, 1.0]} in rows
    assert all(row["a"] < row["b"] for row in rows)
