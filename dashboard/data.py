"""Load and validate the curated record (``events.csv``) and the geodata it joins to.

Nothing here imports Streamlit: the app caches these functions, the CLI and the tests call
them directly. Nothing here raises on a file's content, however broken: every problem is a
:class:`Problem` by row, column and value, every row that fails is left out of the returned
frame (with the rows that depend on it), and a missing or broken geodata file leaves an empty
table and a problem that says what the page cannot show without it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from dashboard import canonical, paths, reading, validation
from dashboard.reading import FILE, HEADER, Problem
from dashboard.schema import EVENTS, PACKAGE, TableSchema
from dashboard.validation import (
    HOME_CITY,
    PRESIDENCY_END,
    PRESIDENCY_START,
    RECORD_START,
    Reference,
    is_web_url,
    place_of,
    split_list,
)

__all__ = [
    "HOME_CITY",
    "PRESIDENCY_END",
    "PRESIDENCY_START",
    "RECORD_START",
    "Problem",
    "Reference",
    "is_web_url",
    "place_of",
    "split_list",
]

# Visits may run past the presidency to the end of May 2024, for the foreign leaders who came
# to the state funeral and to offer condolences after the crash of 19 May (the schema's bound).
RECORD_END = pd.Timestamp(EVENTS.by_name["start_date"].constraints["maximum"]).date()
KINDS = EVENTS.enum("kind")
LEVELS = EVENTS.enum("level")
THEMES = EVENTS.enum("themes")
COLUMNS = EVENTS.columns
REQUIRED_COLUMNS = EVENTS.required_columns
INTEGER_COLUMNS = tuple(field.name for field in EVENTS.fields if field.type == "integer")


@dataclass(frozen=True)
class Record:
    """The valid events, the problems of the others, and how many rows were read."""

    events: pd.DataFrame
    problems: tuple[Problem, ...]
    rows_read: int
    # The valid rows as canonical CSV: what the data package download carries.
    valid_csv: str = ""
    # Every event_id of the file, valid or not, with the row it stands on (for claims).
    event_lines: Mapping[str, int] = dataclasses.field(default_factory=dict)

    @property
    def rows_left_out(self) -> int:
        """Return how many rows of the file are not shown (each has a problem)."""
        return len({problem.row for problem in self.problems if problem.row > HEADER})


def read_file(path: Path) -> bytes | None:
    """Return a file's bytes, or None when it is missing or unreadable."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def missing_file(name: str, consequence: str) -> Problem:
    """Return the problem of a file that is missing or unreadable."""
    return Problem(FILE, "", "missing or unreadable", f"the file; {consequence}", name)


def check_rows(
    schema: TableSchema, table: reading.Table
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Return a table's rows with every column filled in, and the problems of their cells."""
    filled = [
        (line, {name: row.get(name, "") for name in schema.columns}) for line, row in table.rows
    ]
    problems = [p for line, row in filled for p in validation.check_cells(schema, line, row)]
    return filled, problems


def validate_events(
    table: reading.Table, reference: Reference
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Return the rows without problems and the problems of all rows, knock-on ones included."""
    problems = list(table.problems)
    if any(p.row == HEADER and p.column in REQUIRED_COLUMNS and not p.value for p in problems):
        return [], problems
    filled, cell_problems = check_rows(EVENTS, table)
    problems += cell_problems
    # A cell already reported is not reported again by a rule that reads it.
    reported = {(problem.row, problem.column) for problem in cell_problems}
    problems += [
        problem
        for line, row in filled
        for problem in validation.check_event_rules(line, row, reference)
        if (problem.row, problem.column) not in reported
    ]
    problems += [
        problem
        for problem in validation.check_across_rows(filled)
        if (problem.row, problem.column) not in reported
    ]
    rejected = {problem.row for problem in problems if problem.row > HEADER}
    problems += validation.knock_on(filled, rejected)
    rejected |= {problem.row for problem in problems if problem.row > HEADER}
    return [(line, row) for line, row in filled if line not in rejected], problems


def frame_from_rows(rows: Iterable[tuple[int, dict[str, str]]]) -> pd.DataFrame:
    """Return valid rows as a typed frame: dates, nullable integers, ``row`` for the file line."""
    records = [{"row": line, **row} for line, row in rows]
    frame = pd.DataFrame.from_records(records, columns=["row", *COLUMNS])
    frame = frame.fillna("").astype({name: "object" for name in COLUMNS})
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    for column in INTEGER_COLUMNS:
        frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
    frame["virtual"] = frame["virtual"] == "true"
    frame["row"] = frame["row"].astype("int64")
    return frame.sort_values(["start_date", "event_id"], kind="stable").reset_index(drop=True)


def parse_record(raw: bytes | None, reference: Reference, name: str = "events.csv") -> Record:
    """Read and validate the bytes of ``events.csv``; never raises, never writes."""
    if raw is None:
        return Record(
            frame_from_rows([]), (missing_file(name, "the page has no events to show"),), 0
        )
    table = reading.read_table(raw, COLUMNS, REQUIRED_COLUMNS)
    valid, problems = validate_events(table, reference)
    ordered = sorted(problems, key=lambda p: (p.row, p.column))
    rows = sorted((row for _, row in valid), key=lambda row: (row["start_date"], row["event_id"]))
    return Record(
        frame_from_rows(valid),
        tuple(ordered),
        len(table.rows) + len(table.unreadable_lines),
        canonical.to_csv_text(COLUMNS, rows),
        {row.get("event_id", ""): line for line, row in reversed(table.rows)},
    )


def load_record(path: Path, reference: Reference) -> Record:
    """Read and validate ``events.csv``; never raises on bad content, never writes."""
    return parse_record(read_file(path), reference, path.name)


@dataclass(frozen=True)
class Geodata:
    """The country polygons, the places of the record, the capitals and country attributes.

    ``problems`` name the geodata files that are missing or broken, each with what the page
    cannot show without it. ``available`` names the files that loaded.
    """

    countries: gpd.GeoDataFrame
    places: pd.DataFrame
    capitals: pd.DataFrame
    attributes: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    available: frozenset[str] = frozenset({"countries", "places", "capitals", "attributes"})

    def reference(self) -> Reference:
        """Return what rows of the record may name; None for what cannot be checked."""
        return Reference(
            country_codes=(
                frozenset(self.countries["iso3"]) if "countries" in self.available else None
            ),
            # Tehran is where the record's visits happen: without its row in places.csv (a
            # problem of that file, reported) those rows are still shown, without arcs.
            places=place_keys(self.places) | {HOME_CITY} if "places" in self.available else None,
            capitals=(
                frozenset(self.capitals["country_iso3"]) if "capitals" in self.available else None
            ),
        )

    def home(self) -> tuple[float, float] | None:
        """Return Tehran's (longitude, latitude), or None if the places table lacks it."""
        return home_coordinates(self.places)


COUNTRY_COLUMNS = ("iso3", "name", "geometry")
GEODATA_NAMES = {
    key: str(path.relative_to(paths.ROOT)) for key, path in paths.GEODATA_FILES.items()
}
ROW_NOT_USED = " (the row is not used)"
CONSEQUENCES = {
    "countries": "the map draws no country shapes, and country codes are checked against "
    "ISO 3166 only",
    "places": "cities cannot be placed, so the map draws no arcs or places and cities are "
    "not checked",
    "capitals": "visits are drawn without arcs from the visitor's capital",
    "attributes": "regions, blocs and the Global South share are not available",
}


def parse_countries(raw: bytes | None, name: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Return the country polygons (``iso3``, ``name``, ``geometry``) in EPSG:4326."""
    empty = gpd.GeoDataFrame(
        {"iso3": [], "name": []}, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326"
    )
    if raw is None:
        return empty, [missing_file(name, CONSEQUENCES["countries"])]
    try:
        collection = json.loads(raw.decode("utf-8"))
        countries = gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326")
        countries = countries[list(COUNTRY_COLUMNS)]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return empty, [
            Problem(
                FILE,
                "",
                f"{type(error).__name__}: {reading.shown(str(error))}",
                f"a GeoJSON FeatureCollection with iso3 and name; {CONSEQUENCES['countries']}",
                name,
            )
        ]
    return countries.sort_values("iso3").reset_index(drop=True), []


def parse_table(raw: bytes | None, resource: str, key: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Return a geodata CSV's valid rows as a frame (numbers and booleans typed) and problems.

    Its schema is the data package's resource ``resource``; ``key`` names the file
    (``GEODATA_NAMES``) and the consequence of its absence.
    """
    schema = PACKAGE[resource]
    name = GEODATA_NAMES[key]
    empty = pd.DataFrame({column: pd.Series(dtype="object") for column in schema.columns})
    if raw is None:
        return empty, [missing_file(name, CONSEQUENCES[key])]
    table = reading.read_table(raw, schema.columns, schema.required_columns)
    if any(p.row == HEADER and p.column in schema.required_columns for p in table.problems):
        return empty, [
            Problem(p.row, p.column, p.value, f"{p.expected}; {CONSEQUENCES[key]}", name)
            for p in table.problems
        ]
    filled, problems = check_rows(schema, table)
    problems = [*table.problems, *problems]
    bad = {problem.row for problem in problems} | set(table.unreadable_lines)
    frame = pd.DataFrame([row for line, row in filled if line not in bad], columns=schema.columns)
    for field in schema.fields:
        if field.type == "number":
            frame[field.name] = pd.to_numeric(frame[field.name])
        elif field.type == "boolean":
            frame[field.name] = frame[field.name] == "true"
    named = [
        Problem(p.row, p.column, p.value, p.expected + ROW_NOT_USED * (p.row > HEADER), name)
        for p in problems
    ]
    return frame, named


def place_keys(places: pd.DataFrame) -> frozenset[tuple[str, str]]:
    """Return the (city, country_iso3) pairs that the places table can place."""
    return frozenset(zip(places["city"], places["country_iso3"], strict=True))


def home_coordinates(places: pd.DataFrame) -> tuple[float, float] | None:
    """Return Tehran's (longitude, latitude) from the places table, or None without it."""
    is_home = (places["city"] == HOME_CITY[0]) & (places["country_iso3"] == HOME_CITY[1])
    if not is_home.any():
        return None
    tehran = places[is_home].iloc[0]
    return float(tehran["longitude"]), float(tehran["latitude"])


def parse_geodata(files: Mapping[str, bytes | None]) -> Geodata:
    """Return the geodata from the bytes of its files (None for a missing one).

    ``files`` maps ``countries``, ``places``, ``capitals`` and ``attributes`` to bytes.
    """
    countries, problems = parse_countries(files["countries"], GEODATA_NAMES["countries"])
    places, place_problems = parse_table(files["places"], "places", "places")
    capitals, capital_problems = parse_table(files["capitals"], "capitals", "capitals")
    attributes, attribute_problems = parse_table(
        files["attributes"], "country_attributes", "attributes"
    )
    problems += place_problems + capital_problems + attribute_problems
    available = {
        key
        for key, frame in (("countries", countries), ("places", places), ("capitals", capitals))
        if not frame.empty
    }
    if not attributes.empty:
        available.add("attributes")
    if "places" in available and home_coordinates(places) is None:
        problems.append(
            Problem(
                FILE,
                "",
                "no row for Tehran, IRN",
                "a row for Tehran, IRN; without it no arc out of Tehran can be drawn",
                GEODATA_NAMES["places"],
            )
        )
    return Geodata(
        countries,
        places[["city", "country_iso3", "latitude", "longitude", "source"]],
        capitals[["country_iso3", "city", "latitude", "longitude"]],
        attributes,
        tuple(problems),
        frozenset(available),
    )


def load_geodata(files: Mapping[str, Path] | None = None) -> Geodata:
    """Load the geodata files (``paths.GEODATA_FILES`` by default)."""
    chosen = paths.GEODATA_FILES if files is None else files
    return parse_geodata({key: read_file(path) for key, path in chosen.items()})


def load_countries(path: Path) -> gpd.GeoDataFrame:
    """Return the country polygons of a GeoJSON file (empty if it is missing or broken)."""
    return parse_countries(read_file(path), str(path))[0]


def attach_places(
    events: pd.DataFrame, places: pd.DataFrame, countries: pd.DataFrame, capitals: pd.DataFrame
) -> pd.DataFrame:
    """Add each event's coordinates, country name, and where its arc starts.

    A trip's first stop starts from Tehran, and each later stop of a tour from the stop before
    it, so a tour is drawn as the legs flown, in order. A visit starts from the visitor's
    capital and ends at the place in Iran. Other kinds have no arc (empty origin).
    """
    keys = place_keys(places)
    located = events.copy()
    # A meeting abroad took place on a trip stop: it is placed in the stop's country.
    stop_country = dict(
        zip(
            located["event_id"],
            located["country_iso3"].where(located["kind"] == "trip"),
            strict=True,
        )
    )
    resolved = [
        (row["city"], str(stop_country.get(row["related_event_id"])))
        if row["kind"] == "meeting"
        else place_of({str(key): value for key, value in row.items()}, keys)
        or (row["city"], row["country_iso3"])
        for row in located[["kind", "city", "country_iso3", "related_event_id"]].to_dict("records")
    ]
    located["place_country_iso3"] = [country for _, country in resolved]
    coordinates = places[["city", "country_iso3", "latitude", "longitude"]].rename(
        columns={"country_iso3": "place_country_iso3"}
    )
    located = located.merge(coordinates, on=["city", "place_country_iso3"], how="left")
    names = countries[["iso3", "name"]].rename(
        columns={"iso3": "country_iso3", "name": "country_name"}
    )
    located = located.merge(names, on="country_iso3", how="left")
    located["other_place_points"] = pd.Series(
        [
            other_place_points(cell, HOME_CITY[1] if kind == "visit" else code, places)
            for cell, kind, code in zip(
                located["other_places"], located["kind"], located["country_iso3"], strict=True
            )
        ],
        index=located.index,
        dtype="object",
    )
    tehran = home_coordinates(places)
    home = {"longitude": tehran[0], "latitude": tehran[1]} if tehran else {}
    capital = capitals.set_index("country_iso3")
    located = located.sort_values(["trip_id", "leg", "start_date"], kind="stable")
    previous = located.groupby("trip_id", sort=False)[["city", "latitude", "longitude"]].shift(1)
    is_trip = located["kind"] == "trip"
    is_later_leg = is_trip & (located["trip_id"] != "") & previous["city"].notna()
    is_visit = located["kind"] == "visit"
    visitor = located["country_iso3"].map
    located["origin_city"] = (
        previous["city"]
        .where(is_later_leg, HOME_CITY[0])
        .where(is_trip, visitor(capital["city"]).where(is_visit))
    )
    for axis in ("latitude", "longitude"):
        located[f"origin_{axis}"] = (
            previous[axis]
            .where(is_later_leg, home.get(axis))
            .where(is_trip, visitor(capital[axis]).where(is_visit))
        )
    return located.sort_values(["start_date", "event_id"], kind="stable").reset_index(drop=True)


def other_place_points(cell: str, country: str, places: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the other places of a row with their coordinates: city, day, longitude, latitude."""
    coordinates = {
        (city, code): (float(longitude), float(latitude))
        for city, code, longitude, latitude in zip(
            places["city"],
            places["country_iso3"],
            places["longitude"],
            places["latitude"],
            strict=True,
        )
    }
    return [
        {
            "city": city,
            "day": day,
            "longitude": coordinates[(city, country)][0],
            "latitude": coordinates[(city, country)][1],
        }
        for city, day in validation.other_places(cell) or []
        if (city, country) in coordinates
    ]


def locate_record(record: Record, geodata: Geodata) -> Record:
    """Return the record with coordinates and arc origins attached to its valid rows."""
    located = attach_places(record.events, geodata.places, geodata.countries, geodata.capitals)
    return dataclasses.replace(
        record, events=located, problems=(*geodata.problems, *record.problems)
    )


def load_located_record(path: Path, geodata: Geodata) -> Record:
    """Validate ``events.csv`` and attach coordinates and arc origins to its valid rows."""
    return locate_record(load_record(path, geodata.reference()), geodata)
