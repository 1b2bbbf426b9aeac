"""What both floors draw: the dashboard's trip and visit arcs, filtered by period in Python.

The rows are the dashboard's own (``dashboard.mapdata.layer_rows`` over the default view of
the whole presidency), computed once per server and kept to what is drawn: the two ends, the
width and the days. A slider move sends the period's arcs inline, with fixed colours and no
extension: the cheapest drawing of the same picture.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any

import pydeck as pdk
import streamlit as st

from dashboard import counting, data, filters, layers, mapdata, paths, view

# The arcs' layers, in the dashboard's order (visits below trips), with their colours.
ARC_LAYERS = {
    "visits": (layers.VISIT_FROM, layers.VISIT_TO),
    "trips": (layers.ARC_FROM, layers.ARC_TO),
}
# Every country in one fixed colour: the lightest shade, so the pixel counter sees the land.
LAND = layers.SHADE_BINS[0].color
# Where the same-picture floor's server (serve.py) answers with dashboard/static/countries.json.
COUNTRIES_URL = "floor/countries.json"
BORDERS_URL = "floor/borders.json"


@functools.cache
def arc_rows() -> dict[str, list[dict[str, Any]]]:
    """Return the drawn part of the dashboard's trip and visit rows, by layer."""
    geodata = data.load_geodata()
    located = data.load_located_record(paths.EVENTS, geodata)
    events = counting.annotate(located.events)
    shown = view.apply_view(events, view.default_view(), geodata.attributes)
    return {
        name: [
            {key: row[key] for key in ("source", "target", "width", "days")}
            for row in mapdata.layer_rows(shown, events, name)
        ]
        for name in ARC_LAYERS
    }


def in_period(rows: list[dict[str, Any]], period: Sequence[dt.date]) -> list[dict[str, Any]]:
    """Return the rows that overlap the months of ``period`` (the dashboard's rule)."""
    start, end = filters.period_of_months(period[0], period[1])
    first, last = mapdata.day_number(start), mapdata.day_number(end)
    return [row for row in rows if row["days"][0] <= last and row["days"][1] >= first]


def arc_layers(period: Sequence[dt.date]) -> list[pdk.Layer]:
    """Return the period's trip and visit arcs as inline ArcLayers."""
    rows = arc_rows()
    return [
        pdk.Layer(
            "ArcLayer",
            id=name,
            data=in_period(rows[name], period),
            get_source_position="source",
            get_target_position="target",
            get_source_color=list(source),
            get_target_color=list(target),
            get_width="width",
            get_height=0.5,
        )
        for name, (source, target) in ARC_LAYERS.items()
    ]


def country_layers() -> list[pdk.Layer]:
    """Return the sea, the countries in one fixed colour and their borders (no expression)."""
    return [
        layers.ocean_layer(),
        pdk.Layer(
            "SolidPolygonLayer",
            id="countries",
            data=COUNTRIES_URL,
            get_polygon="polygon",
            get_fill_color=list(LAND),
        ),
        # The dashboard's borders, drawn by the same shader as the floor's arcs (no filter).
        layers.borders_layer(BORDERS_URL, filtered=False),
    ]


def deck(map_layers: list[pdk.Layer]) -> layers.CompactDeck:
    """Return the deck of ``map_layers`` in the dashboard's view, with no base map."""
    return layers.CompactDeck(
        layers=map_layers,
        initial_view_state=layers.world_view(),
        map_provider=None,
        views=[pdk.View(type="MapView", id="map", controller=True, repeat=False)],
    )


def show(map_layers_of: Callable[[Sequence[dt.date]], list[pdk.Layer]]) -> None:
    """Lay out a floor's page: the period slider in the sidebar, the map in the main area.

    ``map_layers_of`` returns the layers of a period (a pair of months).
    """
    st.set_page_config(page_title="Floor", layout="wide")
    months = filters.month_starts()
    with st.sidebar:
        period = st.select_slider(
            "Period",
            options=months,
            value=(months[0], months[-1]),
            format_func=filters.month_label,
        )
    st.pydeck_chart(deck(map_layers_of(period)), height=500)
