"""Build the pydeck map from frames: shaded countries, arcs out of Tehran, stops, the legend.

A tooltip is a row's plain ``tooltip`` text, which Streamlit escapes as HTML when it fills the
template in (``tooltip_of``), so nothing from events.csv can ever be read as markup; the
template's only markup is this module's own: a span whose CSS adds a country's counts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard import counting
from dashboard.data import HOME_CITY
from dashboard.validation import source_site

Color = tuple[int, int, int]

OCEAN: Color = (223, 233, 242)
LAND_WITHOUT_EVENTS: Color = (246, 243, 236)
BORDER: Color = (160, 160, 160)
HOME: Color = (1, 102, 94)
ARC_FROM: Color = (253, 184, 99)
ARC_TO: Color = (230, 97, 1)
# Blue against orange: directions stay apart for the common colour-vision deficiencies.
VISIT_FROM: Color = (146, 197, 222)
VISIT_TO: Color = (5, 113, 176)
STOP: Color = (179, 56, 0)
# Condolence visits after his death: grey, apart from the visits of the presidency.
CONDOLENCE_FROM: Color = (200, 200, 200)
CONDOLENCE_TO: Color = (99, 99, 99)
# A country that only hosted a summit he attended: a pale teal, apart from the purples.
SUMMIT_HOST: Color = (199, 234, 229)
# Served by Streamlit from dashboard/static/ (relative, so it works under a base path too):
# world-scale polygons, one row per part (dashboard/geometry.py).
COUNTRIES_URL = "app/static/countries.json"
# Their borders, each edge once (dashboard/geometry.py).
BORDERS_URL = "app/static/borders.json"
# Wider than the world, so the sea fills a wide screen beside the one copy of the map.
SEA = [[-540.0, -85.0], [540.0, -85.0], [540.0, 85.0], [-540.0, 85.0]]


@dataclass(frozen=True)
class ShadeBin:
    """Countries with at least ``minimum`` events in the period get ``color``."""

    minimum: int
    label: str
    color: Color


# ColorBrewer "Purples": sequential and readable with the common colour-vision deficiencies,
# and apart from the orange of the arcs.
SHADE_BINS = (
    ShadeBin(1, "1 engagement", (203, 201, 226)),
    ShadeBin(2, "2 engagements", (158, 154, 200)),
    ShadeBin(3, "3–4 engagements", (117, 107, 177)),
    ShadeBin(5, "5 or more", (84, 39, 143)),
)


class CompactDeck(pdk.Deck):  # type: ignore[misc]
    """A Deck whose JSON has no indentation (pydeck indents by 2, which multiplies the bytes)."""

    def to_json(self) -> str:
        """Return the deck spec as compact JSON, as Streamlit sends it to the browser."""
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def shade_for(count: int) -> Color:
    """Return the fill colour of a country with ``count`` events in the period."""
    color = LAND_WITHOUT_EVENTS
    for shade in SHADE_BINS:
        if count >= shade.minimum:
            color = shade.color
    return color


# How a date of each precision (datapackage.json, ``date_precision``) is written.
APPROXIMATE = "c. "


def date_span(start: pd.Timestamp, end: pd.Timestamp, precision: str = "") -> str:
    """Return ``16–18 Sep 2021``, ``30 Nov – 1 Dec 2023`` or ``23 May 2022``.

    An ``approximate`` date reads ``c. 16 Sep 2021``; a ``month`` reads ``Sep 2021``.
    """
    if precision == "month":
        first, last = f"{start:%b %Y}", f"{end:%b %Y}"
        return first if first == last else f"{first} – {last}"
    if precision == "approximate":
        return APPROXIMATE + date_span(start, end)
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"


def arc_width(agreements_signed: Any) -> float:
    """Return an arc's width in pixels: wider where more documents were signed."""
    count = 0 if pd.isna(agreements_signed) else int(agreements_signed)
    return 2.0 + min(count, 20) / 4


def event_tooltip(event: Mapping[Any, Any]) -> str:
    """Return the plain-text tooltip of one event (a row as a mapping)."""
    category = event.get("category") or counting.KIND_CATEGORIES.get(event["kind"], "")
    kind = counting.CATEGORY_LABELS.get(str(category), event["kind"])
    place = f"{event['city']}, {event['country_name']}"
    # The head of an organisation comes from (or meets for) the organisation, not its seat.
    organisation = event.get("level") == "head_of_organisation" and event["organization"]
    if event["kind"] == "meeting":
        place = f"{event['city']} (with {organisation or event['country_name']})"
    elif event["kind"] == "visit" and organisation:
        place = f"{event['city']}, Iran (from the {organisation})"
    elif event.get("place_country_iso3") == HOME_CITY[1] != event["country_iso3"]:
        partner = "from" if event["kind"] == "visit" else "with"
        place = f"{event['city']}, Iran ({partner} {event['country_name']})"
    lines = [
        f"{kind}: {event['title']}",
        f"{date_span(event['start_date'], event['end_date'], event.get('date_precision', ''))}"
        f" · {place}",
    ]
    if event.get("other_place_points"):
        also = ", ".join(
            f"{point['city']} ({date_span(pd.Timestamp(point['day']), pd.Timestamp(point['day']))})"
            for point in event["other_place_points"]
        )
        lines.append(f"Also in: {also}")
    if event["counterpart"]:
        lines.append(f"With: {event['counterpart']}")
    documents = event.get("documents_total", event["agreements_signed"])
    if not pd.isna(documents) and int(documents) > 0:
        lines.append(f"Documents signed: {int(documents)}")
    if event.get("themes"):
        lines.append(f"Themes: {event['themes'].replace('; ', ', ').replace('_', ' ')}")
    lines.append(f"Source: {source_site(str(event['source_url']))}")
    return "\n".join(lines)


def country_fills(counts: pd.Series, hosts: frozenset[str] = frozenset()) -> dict[str, Color]:
    """Return the fill of every country that is not plain land.

    Iran; the countries with bilateral engagements, by their count; and the countries that
    only hosted a summit he attended (``hosts``), in their own colour.
    """
    fills = {str(iso3): SUMMIT_HOST for iso3 in hosts}
    fills.update({str(iso3): shade_for(int(count)) for iso3, count in counts.items() if count > 0})
    fills[HOME_CITY[1]] = HOME
    return fills


def fill_expression(fills: Mapping[str, Color], country_codes: Sequence[str]) -> str:
    """Return a deck.gl expression giving each country its fill, plain land by default.

    The polygons are a static file the browser loads once, each row with ``n``, its code's
    place in ``country_codes``. A slider move sends only this expression: the fills used,
    then one digit per country saying which (``([[246, 243, 236], …])[('0020…')[n]]``), about
    0.4 KB for the world, and deck.gl recolours the polygons without rebuilding them.
    """
    palette, digits = fill_digits(fills, country_codes)
    colours = ", ".join(str(list(color)) for color in palette)
    # Parenthesised: deck.gl's expression parser reads a member of a group, not of a literal.
    return f"([{colours}])[('{digits}')[n]]"


def fill_digits(
    fills: Mapping[str, Color], country_codes: Sequence[str]
) -> tuple[list[Color], str]:
    """Return the fills used (plain land first) and one digit per country naming its fill.

    The countries are in the order of ``country_codes``; those without a fill are plain land.
    """
    palette = [LAND_WITHOUT_EVENTS, *sorted(set(fills.values()) - {LAND_WITHOUT_EVENTS})]
    if len(palette) > 10:
        raise ValueError(f"{len(palette)} fills; one digit per country holds at most 10")
    digits = "".join(
        str(palette.index(fills.get(code, LAND_WITHOUT_EVENTS))) for code in country_codes
    )
    return palette, digits


def css_string(text: str) -> str:
    """Return ``text`` as a quoted CSS string: quotes, backslashes, line ends and ``<`` escaped.

    ``<`` is escaped so the text can never end the ``<style>`` element it stands in.
    """
    escaped = text.replace("\\", "\\5C ").replace('"', "\\22 ").replace("<", "\\3C ")
    return '"' + escaped.replace("\n", "\\A ") + '"'


TOOLTIP_STYLE = {
    "whiteSpace": "pre-line",
    "maxWidth": "26em",
    "fontSize": "0.85em",
    "lineHeight": "1.4",
}


def tooltip_of(hovers: Mapping[str, str], country_codes: Sequence[str]) -> dict[str, Any]:
    """Return the map's tooltip: each row's own ``tooltip``, and a country's counts after it.

    Streamlit fills ``{tooltip}`` and ``{n}`` from the hovered row, escaped as HTML; only a
    country's row has ``n`` (its place in ``country_codes``). The counts of the period are
    not in the rows (the countries' file is loaded once): they come in this template, as CSS
    rules that append each engaged country's ``hovers`` text after its name (the others show
    their name). The record's text never enters it: names come from the rows, escaped by
    Streamlit, and the rules hold only counts, the period and fixed words, as CSS strings.
    """
    rules = [
        f'[data-n="{number}"]::after{{content:{css_string(hovers[code])}}}'
        for number, code in enumerate(country_codes)
        if code in hovers
    ]
    return {
        "html": '{tooltip}<span data-n="{n}"></span><style>' + "".join(rules) + "</style>",
        "style": TOOLTIP_STYLE,
    }


FILTER_BY_DAYS = {"@@type": "DataFilterExtension", "filterSize": 2}


# A day count past any date of the record: a filter range that keeps every row.
OPEN_DAYS = 100_000
EVERY_DAY = [[-OPEN_DAYS, OPEN_DAYS], [-OPEN_DAYS, OPEN_DAYS]]
# A layer drawn whatever the period, with the period filter all the same (its rows' value 0,
# its range open): it then shares the shader of the filtered layers of its kind.
ALWAYS_SHOWN: dict[str, Any] = {
    "extensions": [FILTER_BY_DAYS],
    "get_filter_value": [0, 0],
    "filter_range": EVERY_DAY,
}


def served_layer(
    layer_type: str,
    layer_id: str,
    url: str | list[Any],
    days: list[list[int]],
    **props: Any,
) -> pdk.Layer:
    """Return a pickable layer of served rows, those outside ``days`` hidden on the GPU.

    ``days`` is the filter range of ``mapdata.filter_range``; each row has ``days``.
    """
    return pdk.Layer(
        layer_type,
        id=layer_id,
        data=url,
        get_filter_value="days",
        filter_range=days,
        extensions=[FILTER_BY_DAYS],
        pickable=True,
        **props,
    )


def arc_layer(
    layer_id: str, url: str | list[Any], days: list[list[int]], source: Color, target: Color
) -> pdk.Layer:
    """Return an arc layer of served rows, coloured from ``source`` to ``target``."""
    return served_layer(
        "ArcLayer",
        layer_id,
        url,
        days,
        get_source_position="source",
        get_target_position="target",
        get_source_color=list(source),
        get_target_color=list(target),
        # deck.gl's default width unit is the pixel (pydeck would turn a "pixels" string
        # into an expression, so it is not passed).
        get_width="width",
        get_height=0.5,
    )


def event_layers(
    sources: Mapping[str, str | list[Any]], days: list[list[int]], stop_pixels: float = 3
) -> list[pdk.Layer]:
    """Return the layers of the events: the arcs of each category, then the places.

    ``sources`` gives each layer's rows (``mapdata.LAYER_NAMES``): a URL they are served at,
    or the rows themselves; ``days`` is the GPU filter's range. Visits are drawn below trips,
    so the fewer, longer trip arcs stay visible where they cross.
    """
    return [
        arc_layer("condolences", sources["condolences"], days, CONDOLENCE_FROM, CONDOLENCE_TO),
        arc_layer("visits", sources["visits"], days, VISIT_FROM, VISIT_TO),
        arc_layer("trips", sources["trips"], days, ARC_FROM, ARC_TO),
        served_layer(
            "ScatterplotLayer",
            "stops",
            sources["stops"],
            days,
            get_position="position",
            get_fill_color=list(STOP),
            get_radius=40000,
            radius_min_pixels=stop_pixels,
            radius_max_pixels=8,
        ),
    ]


def ocean_layer() -> pdk.Layer:
    """Return the sea: one polygon wider than the world, under everything."""
    return pdk.Layer(
        "SolidPolygonLayer",
        id="ocean",
        data=[{"polygon": SEA}],
        get_polygon="polygon",
        get_fill_color=list(OCEAN),
    )


def borders_layer(url: str = BORDERS_URL, filtered: bool = True) -> pdk.Layer:
    """Return the countries' borders: each edge a straight segment, half a pixel wide.

    Drawn as flat arcs of one segment: the arcs' shader, which the event arcs compile anyway
    (with the period filter, ``filtered``, its filter open to every row), so the borders
    cost software WebGL no shader of their own; a PathLayer of the same rings took about two
    seconds before the first map.
    """
    return pdk.Layer(
        "ArcLayer",
        id="borders",
        data=url,
        get_source_position="a",
        get_target_position="b",
        get_source_color=list(BORDER),
        get_target_color=list(BORDER),
        get_width=0.5,
        width_min_pixels=0.5,
        get_height=0,
        # Two points a segment: a straight line (one would divide by zero in the shader).
        num_segments=2,
        **(ALWAYS_SHOWN if filtered else {}),
    )


WORLD_ZOOM = 1.05
# Closer than this a fitted view shows too little around one city to be read as a map.
MAXIMUM_FIT_ZOOM = 5.0


def world_view() -> pdk.ViewState:
    """Return the view of the whole world, Iran a little right of the middle."""
    return pdk.ViewState(latitude=25.0, longitude=40.0, zoom=WORLD_ZOOM)


def shown_points(events: pd.DataFrame, home: tuple[float, float] | None) -> list[list[float]]:
    """Return every (longitude, latitude) the map draws for ``events``: places and arc ends."""
    points = [list(home)] if home else []
    for prefix in ("origin_", ""):
        located = events[events[f"{prefix}longitude"].notna() & events[f"{prefix}latitude"].notna()]
        points += located[[f"{prefix}longitude", f"{prefix}latitude"]].astype(float).values.tolist()
    for others in events.get("other_place_points", pd.Series(dtype=object)).dropna():
        points += [[float(point["longitude"]), float(point["latitude"])] for point in others]
    return points


def country_points(events: pd.DataFrame, iso3: str) -> list[list[float]]:
    """Return the points of ``events`` in one country: its places, and its visitors' capital."""
    placed = events[(events["place_country_iso3"] == iso3) & events["longitude"].notna()]
    points = placed[["longitude", "latitude"]].astype(float).values.tolist()
    visits = events[(events["kind"] == "visit") & (events["country_iso3"] == iso3)]
    visits = visits[visits["origin_longitude"].notna()]
    return points + visits[["origin_longitude", "origin_latitude"]].astype(float).values.tolist()


def fit_view(
    events: pd.DataFrame, home: tuple[float, float] | None, focus: str = ""
) -> pdk.ViewState:
    """Return a view framing the places and arcs of ``events`` (pydeck's own fit).

    The zoom takes in every point; with a ``focus`` country, the view is centred on its own
    places, so a narrow phone screen shows the country chosen rather than the sea between it
    and Tehran. With nothing beyond Tehran to show, the whole world.
    """
    points = shown_points(events, home)
    if len({tuple(point) for point in points}) < 2:
        return world_view()
    fitted = pdk.data_utils.compute_view(points)
    own = country_points(events, focus) if focus else []
    if own:
        centre = pdk.data_utils.compute_view(own)
        fitted.latitude, fitted.longitude = centre.latitude, centre.longitude
    return pdk.ViewState(
        latitude=round(float(fitted.latitude), 4),
        longitude=round(float(fitted.longitude), 4),
        # pydeck fits the points to the edges; half a zoom step leaves a margin around them.
        zoom=min(max(float(fitted.zoom) - 0.5, WORLD_ZOOM), MAXIMUM_FIT_ZOOM),
    )


def build_deck(
    events: pd.DataFrame,
    home: tuple[float, float] | None,
    data_urls: Mapping[str, str],
    days: list[list[int]],
    country_codes: Sequence[str],
    initial_view: pdk.ViewState | None = None,
    view_id: str = "map",
    country_hovers: Mapping[str, str] | None = None,
    joined: pd.DataFrame | None = None,
) -> CompactDeck:
    """Return the map of a view over the shaded countries.

    ``events`` are the view's rows in its period: they shade the countries. The arcs and
    places are loaded from ``data_urls`` (by layer: trips, visits, condolences, stops) and
    shown within ``days`` (``mapdata.filter_range``). ``country_codes`` is the order of the
    served countries' ``n`` (``geometry.country_codes``). ``home`` is Tehran's (longitude,
    latitude), or None when the places table lacks it; ``initial_view`` is where the map opens
    (the whole world by default, see ``fit_view``). ``country_hovers`` (by code, from
    ``mapdata.country_hovers``) follow an engaged country's name in its tooltip
    (``tooltip_of``); ``joined`` is ``counting.engagements(events)`` where the caller has it.
    """
    initial_view = initial_view or world_view()
    events = events.assign(category=counting.categories(events))
    fill = fill_expression(
        country_fills(counting.country_counts(events, joined), counting.summit_hosts(events)),
        country_codes,
    )
    layers = [
        ocean_layer(),
        # Primitive layers only: a composite one (GeoJsonLayer, PolygonLayer) loaded from a
        # URL and pickable makes Streamlit drop every click on the map.
        pdk.Layer(
            "SolidPolygonLayer",
            id="countries",
            data=COUNTRIES_URL,
            get_polygon="polygon",
            get_fill_color=fill,
            update_triggers={"getFillColor": fill},
            pickable=True,
        ),
        borders_layer(),
        *event_layers(data_urls, days),
        pdk.Layer(
            "ScatterplotLayer",
            id="tehran",
            data=[{"position": list(home), "tooltip": "Tehran: every trip starts here"}]
            if home
            else [],
            get_position="position",
            get_fill_color=list(HOME),
            get_line_color=[255, 255, 255],
            stroked=True,
            line_width_min_pixels=1.5,
            radius_min_pixels=6,
            get_radius=60000,
            pickable=True,
            # The places' shader (with the period filter, open to Tehran): none of its own.
            **ALWAYS_SHOWN,
        ),
    ]
    return CompactDeck(
        layers=layers,
        initial_view_state=initial_view,
        # No base map at all: with map_style left at pydeck's default marker (and no provider),
        # Streamlit neither draws one nor substitutes Carto's style from another host.
        map_provider=None,
        tooltip=tooltip_of(country_hovers or {}, country_codes),
        # A new view id makes the browser take ``initial_view`` whole (a new framing); the
        # same id keeps the reader's pan and zoom across periods and play steps.
        views=[pdk.View(type="MapView", id=view_id, controller=True, repeat=False)],
    )


def preview_deck(
    rows: Mapping[str, Sequence[Mapping[str, Any]]],
    events: pd.DataFrame,
    home: tuple[float, float] | None,
    country_codes: Sequence[str],
) -> CompactDeck:
    """Return the curator's preview: the map's rows of a few changed events, drawn inline.

    ``rows`` are ``mapdata.layer_rows`` by layer name; the partner countries get the palest
    shade and the view frames them. ``country_codes`` as for ``build_deck``.
    """
    countries = sorted({str(code) for code in events["country_iso3"]} - {HOME_CITY[1]})
    fills = {code: SHADE_BINS[0].color for code in countries}
    fills[HOME_CITY[1]] = HOME
    deck_layers = [
        ocean_layer(),
        pdk.Layer(
            "SolidPolygonLayer",
            id="countries",
            data=COUNTRIES_URL,
            get_polygon="polygon",
            get_fill_color=fill_expression(fills, country_codes),
        ),
        borders_layer(),
        *event_layers({name: list(layer) for name, layer in rows.items()}, EVERY_DAY, 4),
    ]
    return CompactDeck(
        layers=deck_layers,
        initial_view_state=fit_view(events, home) if not events.empty else world_view(),
        map_provider=None,
        tooltip={"text": "{tooltip}"},
        views=[pdk.View(type="MapView", id="preview", controller=True, repeat=False)],
    )


def swatch(color: Color, shape: str = "square") -> str:
    """Return the HTML of one legend swatch, a ``square`` or a ``dot``."""
    radius = "border-radius:50%;" if shape == "dot" else "border:1px solid #999;"
    return (
        '<span style="display:inline-block;width:0.9em;height:0.9em;margin:0 0.3em 0 0.9em;'
        f'{radius}background:rgb{color}"></span>'
    )


def gradient_line(start: Color, end: Color) -> str:
    """Return the HTML of a short line shaded like an arc, from ``start`` to ``end``."""
    return (
        '<span style="display:inline-block;width:1.6em;height:0.3em;vertical-align:middle;'
        f'margin:0 0.3em 0 0.9em;background:linear-gradient(90deg,rgb{start},rgb{end})"></span>'
    )


def legend_html(condolences: bool = True) -> str:
    """Return the map's legend; only constants of this module go into it, never the record.

    ``condolences`` names the condolence visits' arcs (the static edition never shows them).
    """
    shades = "".join(swatch(shade.color) + shade.label for shade in SHADE_BINS)
    condolence_line = (
        f"{gradient_line(CONDOLENCE_FROM, CONDOLENCE_TO)}Condolence visit after 19 May 2024 "
        "(when included)"
        if condolences
        else ""
    )
    return (
        '<div style="font-size:0.85em;line-height:1.8">'
        f"{gradient_line(ARC_FROM, ARC_TO)}Trip leg (Tehran → stop → next stop of a tour)"
        f"{gradient_line(VISIT_FROM, VISIT_TO)}Visit to Iran (visitor's capital → place in Iran)"
        f"{condolence_line}"
        " &nbsp;·&nbsp; wider arcs: more documents signed"
        f"{swatch(STOP, 'dot')}Place of an event (a border ceremony is a place, not a flight)"
        f"{swatch(HOME, 'dot')}Tehran{swatch(HOME)}Iran &nbsp;·&nbsp; Countries by bilateral "
        "engagements in the "
        f"period:{shades}{swatch(SUMMIT_HOST)}hosted a summit he attended"
        "</div>"
    )


def selected_country(selection: Mapping[str, Any] | None) -> str | None:
    """Return the country a map click picked (a country, an arc or a place), if any.

    ``selection`` is the ``selection`` of Streamlit's map event: objects by layer id.
    """
    objects = (selection or {}).get("objects") or {}
    for layer_id in ("countries", "trips", "visits", "condolences", "stops"):
        for picked in objects.get(layer_id) or []:
            iso3 = picked.get("iso3") or (picked.get("properties") or {}).get("iso3")
            if iso3 and iso3 != HOME_CITY[1]:
                return str(iso3)
    return None
