"""Regenerate ``geodata/countries.geojson`` and its provenance sidecar.

The polygons are Natural Earth's admin-0 countries (public domain) as packaged by the npm
package ``world-atlas`` (TopoJSON). Run from the repository root::

    .venv/bin/pip install -e '.[geodata]'
    .venv/bin/python -m geodata.build_countries

It fetches the package with ``npm pack`` (the npm registry is the only download), decodes the
TopoJSON, gives every feature its ISO 3166-1 alpha-3 code, splits the polygons that cross the
antimeridian, simplifies them for a world map and writes the GeoJSON and
``countries.provenance.json`` atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import antimeridian
import country_converter
import pycountry
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from dashboard import paths
from dashboard.geometry import border_rows_json, map_rows_json
from geodata.files import sha256_of, write_atomically

PACKAGE = "world-atlas"
VERSION = "2.0.2"
MAIN_FILE = "countries-50m.json"
# Tuvalu is the one UN member state that the 1:50m file lacks; it is taken from the 1:10m one.
SUPPLEMENT_FILE = "countries-10m.json"
SUPPLEMENT_NUMERIC_IDS = {"798"}
# Features without an ISO numeric id in world-atlas, and where they go. ISO 3166 recognises
# neither Somaliland nor Northern Cyprus, so they are drawn as part of SOM and CYP; Kosovo has
# the user-assigned code XKX (used by the EU and the IMF); the Siachen Glacier is disputed
# between India and Pakistan, has no code and is left out.
UNCODED_FEATURES = {
    "Kosovo": "XKX",
    "Somaliland": "SOM",
    "N. Cyprus": "CYP",
    "Indian Ocean Ter.": "AUS",
    "Siachen Glacier": None,
}
# Mercator cannot show the poles; clipping here keeps Antarctica's edge on the map.
MAP_BOUNDS = box(-180.0, -85.0, 180.0, 85.0)
SIMPLIFY_TOLERANCE_DEGREES = 0.03
COORDINATE_DECIMALS = 3
OUTPUT, SERVED_COPY = paths.COUNTRIES, paths.SERVED_COUNTRIES
PROVENANCE = paths.GEODATA / "countries.provenance.json"


def fetch_package(workdir: Path) -> Path:
    """Download the npm tarball of ``world-atlas`` into ``workdir`` and unpack it."""
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    tarball = workdir / f"{PACKAGE}-{VERSION}.tgz"
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Return the topology's arcs as absolute longitude/latitude points."""
    scale_x, scale_y = topology["transform"]["scale"]
    translate_x, translate_y = topology["transform"]["translate"]
    arcs = []
    for quantized in topology["arcs"]:
        x = y = 0
        points = []
        for delta_x, delta_y in quantized:
            x += delta_x
            y += delta_y
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def ring_from_arcs(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[Any]:
    """Join the arcs of one ring; a negative index ``~i`` means arc ``i`` reversed."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def decode_geometry(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> Any:
    """Return a GeoJSON geometry for one TopoJSON Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise ValueError(f"unexpected geometry type {geometry['type']!r}")
    return {
        "type": "MultiPolygon",
        "coordinates": [[ring_from_arcs(ring, arcs) for ring in polygon] for polygon in polygons],
    }


def iso3_for(geometry: dict[str, Any]) -> str | None:
    """Return the alpha-3 code of a world-atlas feature, or None to leave it out."""
    numeric = geometry.get("id")
    name = geometry["properties"]["name"]
    if numeric is None:
        if name not in UNCODED_FEATURES:
            raise ValueError(f"feature {name!r} has no ISO numeric id and no mapping")
        return UNCODED_FEATURES[name]
    country = pycountry.countries.get(numeric=numeric)
    if country is None:
        raise ValueError(f"feature {name!r} has an unknown ISO numeric id {numeric!r}")
    return str(country.alpha_3)


def country_names() -> dict[str, str]:
    """Return short English names by alpha-3 code ("Iran", not "Iran, Islamic Republic of").

    The names come from the country_converter package's table (column ``name_short``), read
    directly because its converter class does not load under pandas 3.
    """
    table = Path(country_converter.__file__).parent / "country_data.tsv"
    with table.open(newline="", encoding="utf-8") as handle:
        return {row["ISO3"]: row["name_short"] for row in csv.DictReader(handle, delimiter="\t")}


def fix_for_web_mercator(geometry: BaseGeometry) -> BaseGeometry:
    """Split at the antimeridian, clip to the map, simplify and round the coordinates."""
    fixed = shape(antimeridian.fix_shape(mapping(geometry), fix_winding=True))
    clipped = fixed.intersection(MAP_BOUNDS)
    simplified = clipped.simplify(SIMPLIFY_TOLERANCE_DEGREES, preserve_topology=True)
    rounded = shape(round_coordinates(mapping(simplified)))
    polygons = [part for part in getattr(rounded, "geoms", [rounded]) if isinstance(part, Polygon)]
    return MultiPolygon([p for p in polygons if not p.is_empty])


def round_coordinates(value: Any) -> Any:
    """Round every number of a GeoJSON coordinate structure."""
    if isinstance(value, dict):
        return {key: round_coordinates(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [round_coordinates(item) for item in value]
    if isinstance(value, float):
        return round(value, COORDINATE_DECIMALS)
    return value


def features_from(path: Path, keep: set[str] | None = None) -> list[tuple[str, BaseGeometry]]:
    """Return (alpha-3, geometry) pairs of a world-atlas file, optionally only some ids."""
    topology = json.loads(path.read_text())
    arcs = decode_arcs(topology)
    pairs = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if keep is not None and geometry.get("id") not in keep:
            continue
        iso3 = iso3_for(geometry)
        if iso3 is not None:
            pairs.append((iso3, shape(decode_geometry(geometry, arcs))))
    return pairs


def build(package_dir: Path) -> dict[str, Any]:
    """Return the FeatureCollection built from an unpacked ``world-atlas`` package."""
    parts: dict[str, list[BaseGeometry]] = defaultdict(list)
    pairs = features_from(package_dir / MAIN_FILE)
    pairs += features_from(package_dir / SUPPLEMENT_FILE, keep=SUPPLEMENT_NUMERIC_IDS)
    for iso3, geometry in pairs:
        parts[iso3].append(geometry)
    names = country_names()
    features = []
    for iso3 in sorted(parts):
        # Pieces with the same code (Australia and its islands) become one feature.
        merged = unary_union([fix_for_web_mercator(g) for g in parts[iso3]])
        if isinstance(merged, Polygon):
            merged = MultiPolygon([merged])
        features.append(
            {
                "type": "Feature",
                "properties": {"iso3": iso3, "name": names[iso3]},
                # A foreign member at the top level, where the map's tooltip template looks.
                "tooltip": names[iso3],
                "geometry": round_coordinates(mapping(merged)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def provenance(package_dir: Path, output_bytes: bytes, feature_count: int) -> dict[str, Any]:
    """Return the provenance sidecar for the written GeoJSON."""
    return {
        "title": "Countries of the world (admin-0), simplified for a world map",
        "file": OUTPUT.name,
        "producer": "Natural Earth (naturalearthdata.com), free vector and raster map data",
        "source_package": {
            "registry": "npm",
            "name": PACKAGE,
            "version": VERSION,
            "files": [MAIN_FILE, f"{SUPPLEMENT_FILE} (Tuvalu only)"],
            "sha256": {
                MAIN_FILE: sha256_of((package_dir / MAIN_FILE).read_bytes()),
                SUPPLEMENT_FILE: sha256_of((package_dir / SUPPLEMENT_FILE).read_bytes()),
            },
            "url": f"https://www.npmjs.com/package/{PACKAGE}/v/{VERSION}",
            "repository": "https://github.com/topojson/world-atlas",
        },
        "main_url": "https://www.naturalearthdata.com/downloads/50m-cultural-vectors/",
        "natural_earth_version": "4.1.0 (as packaged by world-atlas 2.0.2)",
        "licence": {
            "name": "Public domain (Natural Earth terms of use)",
            "url": "https://www.naturalearthdata.com/about/terms-of-use/",
            "package_licence": "ISC (world-atlas packaging code)",
        },
        "citation": (
            "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
        ),
        "date_accessed": dt.date.today().isoformat(),
        "processing": [
            "TopoJSON decoded to polygons in geodata/build_countries.py",
            "ISO numeric ids mapped to ISO 3166-1 alpha-3 with pycountry",
            "short English names from country_converter (column name_short)",
            "Kosovo (no ISO id) coded XKX; Somaliland merged into SOM and Northern Cyprus into CYP "
            "(ISO 3166 lists neither); Ashmore and Cartier Is. and Indian Ocean Ter. merged into "
            "AUS; Siachen Glacier (disputed, no code) left out",
            "Tuvalu added from the 1:10m file (absent at 1:50m)",
            "polygons split at the antimeridian with the antimeridian package",
            "clipped to latitudes -85..85 (Web Mercator)",
            f"simplified with tolerance {SIMPLIFY_TOLERANCE_DEGREES} degrees, "
            f"coordinates rounded to {COORDINATE_DECIMALS} decimals",
            "each feature's name repeated as a top-level 'tooltip' member for the map",
            "a world-scale copy for the browser written to dashboard/static/countries.json by "
            "dashboard/geometry.py (simplified to 0.1 degrees, islets under 0.01 square degrees "
            "left out, one row per polygon part), and its borders, each edge once, to "
            "dashboard/static/borders.json",
        ],
        "generated_by": "geodata/build_countries.py",
        "crs": "EPSG:4326 (WGS84 longitude/latitude)",
        "feature_count": feature_count,
        "bytes": len(output_bytes),
        "sha256": sha256_of(output_bytes),
    }


def main() -> int:
    """Fetch, build and write the countries file and its sidecar."""
    with tempfile.TemporaryDirectory() as workdir:
        package_dir = fetch_package(Path(workdir))
        collection = build(package_dir)
        output_bytes = json.dumps(collection, separators=(",", ":")).encode() + b"\n"
        sidecar = provenance(package_dir, output_bytes, len(collection["features"]))
    write_atomically(OUTPUT, output_bytes)
    SERVED_COPY.parent.mkdir(exist_ok=True)
    write_atomically(SERVED_COPY, map_rows_json(json.loads(output_bytes)))
    write_atomically(paths.SERVED_BORDERS, border_rows_json(json.loads(output_bytes)))
    write_atomically(PROVENANCE, (json.dumps(sidecar, indent=2) + "\n").encode())
    print(f"wrote {OUTPUT.name}: {len(collection['features'])} features, {len(output_bytes)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
