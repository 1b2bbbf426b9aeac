"""The countries as the browser draws them: world-scale polygons, one plain row per part.

``geodata/countries.geojson`` keeps Natural Earth's 1:50m shapes (simplified to 0.03°). A world
map never shows that detail: drawing it costs software WebGL most of each frame. The served
file keeps a coarser copy (``WORLD_TOLERANCE_DEGREES``), one row per polygon part with its
country's code and name, so deck.gl draws it with primitive layers (a composite GeoJsonLayer
loaded from a URL swallows Streamlit's map clicks). The borders are a file of their own: each
edge of those rings once, a straight segment that deck.gl draws with the shader of the arcs
(a PathLayer of the same rings cost software WebGL about two seconds before the first map).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import shapely
from shapely.geometry import shape

# About a third of a pixel at the zoom of the whole world on a wide screen (1° ≈ 3.3 px).
WORLD_TOLERANCE_DEGREES = 0.1
COORDINATE_DECIMALS = 2
# Islets smaller than this (square degrees, about 10 km across) are not drawn at world scale,
# except a country's largest part, so that every small state keeps its shape.
MINIMUM_PART_AREA = 0.01


def polygon_parts(geometry: Any) -> list[Any]:
    """Return the polygons of a (Multi)Polygon worth drawing at world scale.

    Empty parts and islets under ``MINIMUM_PART_AREA`` are left out; the largest part stays.
    """
    parts = [geometry] if geometry.geom_type == "Polygon" else list(geometry.geoms)
    parts = [part for part in parts if not part.is_empty]
    largest = max(parts, key=lambda part: part.area, default=None)
    return [part for part in parts if part is largest or part.area >= MINIMUM_PART_AREA]


def ring_coordinates(ring: Any) -> list[list[float]]:
    """Return a ring's coordinates rounded to ``COORDINATE_DECIMALS``."""
    return [[round(x, COORDINATE_DECIMALS), round(y, COORDINATE_DECIMALS)] for x, y in ring.coords]


def country_codes(collection: Mapping[str, Any]) -> list[str]:
    """Return the collection's country codes, sorted: the order of the rows' ``n``."""
    return sorted({str(feature["properties"]["iso3"]) for feature in collection["features"]})


def map_rows(collection: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return one row per polygon part of a GeoJSON FeatureCollection of countries.

    Each row has ``iso3``, ``n`` (the code's place in ``country_codes``, which the fill
    expression indexes), ``tooltip`` (the country's name) and ``polygon``: the outer ring
    first, then any holes, as deck.gl's SolidPolygonLayer reads them.
    """
    index = {code: number for number, code in enumerate(country_codes(collection))}
    rows = []
    for feature in collection["features"]:
        properties = feature["properties"]
        simplified = shapely.simplify(
            shape(feature["geometry"]), WORLD_TOLERANCE_DEGREES, preserve_topology=True
        )
        for part in polygon_parts(simplified):
            rings = [part.exterior, *part.interiors]
            rows.append(
                {
                    "iso3": properties["iso3"],
                    "n": index[properties["iso3"]],
                    "tooltip": properties["name"],
                    "polygon": [ring_coordinates(ring) for ring in rings],
                }
            )
    return rows


def map_rows_json(collection: Mapping[str, Any]) -> bytes:
    """Return the served file's bytes: the rows as compact JSON, ending in a newline."""
    text = json.dumps(map_rows(collection), ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode()


def border_rows(rows: list[dict[str, Any]]) -> list[dict[str, list[float]]]:
    """Return each edge of the rows' rings once, as ``{"a": [x, y], "b": [x, y]}``, sorted.

    An edge two countries share is drawn once; its ends are ordered, so either ring's
    direction gives the same row.
    """
    edges: set[tuple[tuple[float, float], tuple[float, float]]] = set()
    for row in rows:
        for ring in row["polygon"]:
            points = [(float(x), float(y)) for x, y in ring]
            for start, end in zip(points, points[1:] + points[:1], strict=True):
                if start != end:
                    edges.add((min(start, end), max(start, end)))
    return [{"a": list(start), "b": list(end)} for start, end in sorted(edges)]


def border_rows_json(collection: Mapping[str, Any]) -> bytes:
    """Return the served borders file's bytes: compact JSON, ending in a newline."""
    text = json.dumps(border_rows(map_rows(collection)), separators=(",", ":"))
    return (text + "\n").encode()
