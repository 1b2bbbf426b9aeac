"""The deck: shaded countries, arcs in tour order, plain-text tooltips, compact JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import pandas as pd
import pydeck as pdk
import pytest

from dashboard import layers
from tests.conftest import ALL_KINDS_ROWS, changed

TEHRAN = (51.4, 35.7)


@pytest.fixture
def located(locate: Callable[..., pd.DataFrame]) -> pd.DataFrame:
    """The fixture events with coordinates and origins."""
    return locate()


def layer(spec: dict[str, object], layer_id: str) -> dict[str, object]:
    """Return one layer of a deck spec by id."""
    for item in spec["layers"]:  # type: ignore[attr-defined]
        if item["id"] == layer_id:
            return item  # type: ignore[no-any-return]
    raise KeyError(layer_id)


def test_shades_step_up_with_the_count() -> None:
    """No events: plain land; then each bin's colour from its minimum on."""
    assert layers.shade_for(0) == layers.LAND_WITHOUT_EVENTS
    assert layers.shade_for(1) == layers.SHADE_BINS[0].color
    assert layers.shade_for(4) == layers.SHADE_BINS[2].color
    assert layers.shade_for(40) == layers.SHADE_BINS[-1].color


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("2022-05-23", "2022-05-23", "23 May 2022"),
        ("2021-09-16", "2021-09-18", "16–18 Sep 2021"),
        ("2023-11-30", "2023-12-01", "30 Nov – 1 Dec 2023"),
    ],
)
def test_date_span(start: str, end: str, text: str) -> None:
    """Dates read the way a reader writes them."""
    assert layers.date_span(pd.Timestamp(start), pd.Timestamp(end)) == text


def test_arcs_follow_the_tour(located: pd.DataFrame) -> None:
    """One arc per stop; the Cuba leg starts in Caracas, not Tehran."""
    arcs = {arc["tooltip"].split("\n")[1]: arc for arc in layers.arc_records(located)}
    assert len(arcs) == 3
    cuba = next(arc for key, arc in arcs.items() if "Havana" in key)
    assert cuba["source"] == [-66.9, 10.5]
    assert cuba["target"] == [-82.4, 23.1]


def test_tooltip_says_what_when_who_and_where_from(located: pd.DataFrame) -> None:
    """Title, dates, place, counterpart, documents and the source's site, as plain text."""
    tip = layers.event_tooltip(located.iloc[0].to_dict())
    assert tip.splitlines() == [
        "SCO summit",
        "16–18 Sep 2021 · Dushanbe, Tajikistan",
        "With: President Emomali Rahmon",
        "Documents signed: 8",
        "Source: example.org",
    ]


def test_deck_has_no_basemap_and_text_only_tooltips(
    located: pd.DataFrame, countries: gpd.GeoDataFrame
) -> None:
    """No tiles to fetch, and the tooltip is deck.gl's text kind, never HTML."""
    deck = layers.build_deck(countries, located, TEHRAN)
    spec = json.loads(deck.to_json())
    assert "mapProvider" not in spec and "mapStyle" not in spec, "no basemap tiles"
    assert deck._tooltip == {"text": "{tooltip}"}
    assert "html" not in json.dumps(deck._tooltip)


def test_countries_are_shaded_by_their_events(
    located: pd.DataFrame, countries: gpd.GeoDataFrame
) -> None:
    """Visited countries get a shade, Iran its own colour; tooltips count the events."""
    spec = json.loads(layers.build_deck(countries, located.iloc[:1], TEHRAN).to_json())
    features = {f["tooltip"].split(":")[0]: f for f in layer(spec, "countries")["data"]["features"]}  # type: ignore[index]
    assert features["Tajikistan"]["properties"]["fill"] == list(layers.SHADE_BINS[0].color)
    assert features["Cuba"]["properties"]["fill"] == list(layers.LAND_WITHOUT_EVENTS)
    assert features["Iran"]["properties"]["fill"] == list(layers.HOME)
    assert features["Tajikistan"]["tooltip"] == "Tajikistan: 1 event in the period"


def test_markup_in_the_record_stays_text(
    locate: Callable[..., pd.DataFrame], countries: gpd.GeoDataFrame
) -> None:
    """A title with tags reaches the deck only as a string inside the text tooltip."""
    evil = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    located = locate(changed(0, title=evil))
    spec = json.loads(layers.build_deck(countries, located, TEHRAN).to_json())
    arc = layer(spec, "trips")["data"][0]  # type: ignore[index]
    assert arc["tooltip"].startswith(evil)
    assert set(arc) == {"source", "target", "tooltip"}


def test_spec_is_compact(located: pd.DataFrame, countries: gpd.GeoDataFrame) -> None:
    """The JSON sent each rerun has no indentation, unlike pydeck's default."""
    deck = layers.build_deck(countries, located, TEHRAN)
    compact = deck.to_json()
    assert "\n" not in compact
    assert len(compact) < len(pdk.Deck.to_json(deck))
    assert json.loads(compact) == json.loads(pdk.Deck.to_json(deck))


def test_visits_are_arcs_of_their_own_colour(
    locate: Callable[..., pd.DataFrame], countries: gpd.GeoDataFrame
) -> None:
    """Visits draw from the capital to Tehran in the visits layer; trips stay in theirs."""
    spec = json.loads(layers.build_deck(countries, locate(ALL_KINDS_ROWS), TEHRAN).to_json())
    visits: list[dict[str, Any]] = layer(spec, "visits")["data"]  # type: ignore[assignment]
    (visit,) = visits
    assert visit["source"] == [-82.4, 23.1] and visit["target"] == [51.4, 35.7]
    assert len(layer(spec, "trips")["data"]) == 3  # type: ignore[arg-type]
    assert layer(spec, "visits")["getTargetColor"] == list(layers.VISIT_TO)


def test_legend_names_both_directions_and_every_shade() -> None:
    """The legend tells trips from visits and lists each shade with its colour."""
    legend = layers.legend_html()
    assert "Trip leg" in legend and "Visit to Iran" in legend
    for shade in layers.SHADE_BINS:
        assert f"rgb{shade.color}" in legend and shade.label in legend
