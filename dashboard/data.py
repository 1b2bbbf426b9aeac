"""Load and validate the curated record (``events.csv``) and the geodata it joins to.

Nothing here imports Streamlit: the app caches these functions, the CLI and the tests call
them directly. Validation never stops at the first problem and never drops a row silently:
every row that fails is listed as a :class:`Problem` and left out of the returned frame.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import geopandas as gpd
import pandas as pd

PRESIDENCY_START = dt.date(2021, 8, 3)
PRESIDENCY_END = dt.date(2024, 5, 19)
# Visits may run past the presidency to the end of May 2024, for the foreign leaders who came
# to the state funeral and to offer condolences after the crash of 19 May.
RECORD_END = dt.date(2024, 5, 31)
HOME_CITY = ("Tehran", "IRN")

KINDS = ("trip", "visit", "agreement", "membership")
ORGANIZATIONS = (
    "SCO",
    "BRICS",
    "ECO",
    "GECF",
    "CICA",
    "UN",
    "Caspian",
    "OIC",
    "Arab League",
    "D-8",
    "NAM",
    "Astana format",
    "EAEU",
)
LEVELS = (
    "head_of_state",
    "head_of_government",
    "vice_president",
    "speaker",
    "foreign_minister",
    "other",
)
# Close to the seed articles' own sections, so a viewer can follow a theme through the record.
THEMES = (
    "economy",
    "energy",
    "trade",
    "transport",
    "security",
    "culture",
    "religion",
    "Palestine",
    "sanctions",
    "multilateralism",
    "health",
    "agriculture",
    "water",
    "science",
    "regional_conflict",
    "consular",
)
STEPS = (
    "decision",
    "application",
    "invitation",
    "memorandum_signed",
    "ratification",
    "membership_effective",
    "agreement_signed",
    "virtual_summit",
)
BOOLEANS = ("", "true", "false")
# Kosovo's user-assigned code, used by the EU and the IMF, is the one code outside ISO 3166-1.
NON_ISO_COUNTRY_CODES = frozenset({"XKX"})

REQUIRED_COLUMNS = (
    "event_id",
    "kind",
    "start_date",
    "end_date",
    "country_iso3",
    "city",
    "title",
    "counterpart",
    "organization",
    "agreements_signed",
    "source_url",
    "source_title",
    "notes",
)
TRIP_COLUMNS = ("trip_id", "leg")
OPTIONAL_COLUMNS = (
    *TRIP_COLUMNS,
    "level",
    "related_event_id",
    "documents",
    "trade_target_usd",
    "themes",
    "virtual",
    "step",
    "extra_source_urls",
)
LIST_SEPARATOR = ";"

EVENT_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO3_PATTERN = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell of ``events.csv``.

    ``row`` is the line of the file where the record starts (the header is line 1), so it
    matches the row number a spreadsheet shows for files without line breaks inside cells.
    """

    row: int
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        """Return ``row 5, column start_date: '2021-13-01' — expected …``."""
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.value!r} — expected {self.expected}"


@dataclass(frozen=True)
class Record:
    """The valid events, the problems of the others, and how many rows were read."""

    events: pd.DataFrame
    problems: tuple[Problem, ...]
    rows_read: int


@dataclass(frozen=True)
class Reference:
    """What a row may name: codes with a polygon, placed cities, countries with a capital."""

    country_codes: frozenset[str]
    places: frozenset[tuple[str, str]]
    capitals: frozenset[str]


def read_rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[Problem]]:
    """Split CSV text into a header and (line, row) pairs; rows of the wrong width are problems."""
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return [], [], [Problem(1, "", "", "a header line naming the columns")]
    rows: list[tuple[int, dict[str, str]]] = []
    next_line = reader.line_num + 1
    for fields in reader:
        line, next_line = next_line, reader.line_num + 1
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            problems.append(
                Problem(
                    line, "", f"{len(fields)} fields", f"{len(header)} fields, as in the header"
                )
            )
            continue
        rows.append((line, dict(zip(header, fields, strict=True))))
    return header, rows, problems


def parse_date(value: str) -> dt.date | None:
    """Return the date of an ISO 8601 ``YYYY-MM-DD`` string, or None if it is not one."""
    if not DATE_PATTERN.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def is_web_url(value: str) -> bool:
    """Return whether ``value`` is an absolute http(s) URL with a host."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def split_list(value: str) -> list[str]:
    """Split a ``;``-separated cell into its stripped, non-empty items."""
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def place_of(row: Mapping[Any, Any], places: frozenset[tuple[str, str]]) -> tuple[str, str] | None:
    """Return the (city, country) key a row's city resolves to, or None.

    A trip's city is in the host country and a visit's is in Iran; an agreement's or a
    membership step's may be in either, the partner's country being tried first.
    """
    code = row["country_iso3"]
    candidates = {
        "trip": [(row["city"], code)],
        "visit": [(row["city"], HOME_CITY[1])],
    }.get(row["kind"], [(row["city"], code), (row["city"], HOME_CITY[1])])
    return next((key for key in candidates if key in places), None)


def check_row(line: int, row: dict[str, str], reference: Reference) -> list[Problem]:
    """Return every problem of one row, read on its own."""
    problems: list[Problem] = []

    def problem(column: str, expected: str) -> None:
        problems.append(Problem(line, column, row.get(column, ""), expected))

    for column, value in row.items():
        if "\ufffd" in value:
            problem(column, "UTF-8 text (the file has bytes that are not UTF-8)")
    if not EVENT_ID_PATTERN.match(row["event_id"]):
        problem("event_id", "a slug of lower-case letters, digits and hyphens")
    if row["kind"] not in KINDS:
        problem("kind", "one of " + ", ".join(KINDS))
    start, end = parse_date(row["start_date"]), parse_date(row["end_date"])
    for column, parsed in (("start_date", start), ("end_date", end)):
        if parsed is None:
            problem(column, "an ISO 8601 date, YYYY-MM-DD")
    last_day = RECORD_END if row["kind"] == "visit" else PRESIDENCY_END
    if start is not None and not PRESIDENCY_START <= start <= last_day:
        problem(
            "start_date",
            f"a date within the presidency, {PRESIDENCY_START}–{PRESIDENCY_END} "
            f"(for a visit, up to {RECORD_END}: condolence visits after the crash)",
        )
    if start is not None and end is not None and end < start:
        problem("end_date", f"a date on or after start_date {start}")
    code = row["country_iso3"]
    if not ISO3_PATTERN.match(code) or code not in reference.country_codes:
        problem("country_iso3", "an ISO 3166-1 alpha-3 code with a polygon in geodata (or XKX)")
    elif not row["city"].strip():
        problem("city", "the city where it happened")
    elif place_of(row, reference.places) is None:
        where = {"trip": code, "visit": HOME_CITY[1]}.get(row["kind"], f"{code} or {HOME_CITY[1]}")
        problem("city", f"a place listed for {where} in geodata/places.csv")
    if row["kind"] == "visit" and code == HOME_CITY[1]:
        problem("country_iso3", "for a visit, the visitor's country (not Iran)")
    elif row["kind"] == "visit" and code in reference.country_codes - reference.capitals:
        problem("country_iso3", "for a visit, a country with a capital in geodata/capitals.csv")
    for column in ("title", "source_title"):
        if not row[column].strip():
            problem(column, "a short text")
    unknown = [name for name in split_list(row["organization"]) if name not in ORGANIZATIONS]
    if unknown:
        problem("organization", "empty, or names from " + ", ".join(ORGANIZATIONS))
    for column, expected in (
        ("agreements_signed", "empty, or a whole number of documents a source states"),
        ("trade_target_usd", "empty, or a whole number of US dollars a source states"),
    ):
        if row[column].strip() and not row[column].strip().isdigit():
            problem(column, expected)
    if row["kind"] == "visit" and row["level"] not in LEVELS:
        problem("level", "for a visit, one of " + ", ".join(LEVELS))
    elif row["level"] and row["level"] not in LEVELS:
        problem("level", "empty, or one of " + ", ".join(LEVELS))
    if any(theme not in THEMES for theme in split_list(row["themes"])):
        problem("themes", "empty, or themes from " + ", ".join(THEMES) + ", separated by ;")
    if row["virtual"] not in BOOLEANS:
        problem("virtual", "empty, true or false")
    if row["kind"] == "membership" and row["step"] not in STEPS:
        problem("step", "for a membership step, one of " + ", ".join(STEPS))
    elif row["step"] and row["step"] not in STEPS:
        problem("step", "empty, or one of " + ", ".join(STEPS))
    related = row["related_event_id"]
    if related and (row["kind"] != "agreement" or not EVENT_ID_PATTERN.match(related)):
        problem("related_event_id", "only on an agreement: the event_id of its trip or visit")
    if not is_web_url(row["source_url"]):
        problem("source_url", "an http(s) URL of a source")
    extra = row.get("extra_source_urls", "").split()
    if not all(is_web_url(url) for url in extra):
        problem("extra_source_urls", "http(s) URLs separated by spaces")
    if row["kind"] == "trip":
        if not EVENT_ID_PATTERN.match(row.get("trip_id", "")):
            problem("trip_id", "for a trip, the slug shared by the stops of one journey")
        if not row.get("leg", "").isdigit() or int(row["leg"]) < 1:
            problem("leg", "for a trip, the stop's order in the journey: 1, 2, 3…")
    return problems


def check_across_rows(rows: list[tuple[int, dict[str, str]]]) -> list[Problem]:
    """Return problems between rows: repeated ids, repeated or misordered trip legs."""
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        event_id = row["event_id"]
        if event_id in first_line:
            problems.append(
                Problem(
                    line, "event_id", event_id, f"a unique id (row {first_line[event_id]} has it)"
                )
            )
        else:
            first_line[event_id] = line
    kinds = {row["event_id"]: row["kind"] for _, row in rows}
    for line, row in rows:
        related = row["related_event_id"]
        if related and kinds.get(related) not in ("trip", "visit"):
            problems.append(
                Problem(line, "related_event_id", related, "the event_id of a trip or visit row")
            )
    legs: dict[tuple[str, str], int] = {}
    stops: dict[str, list[tuple[int, str, int]]] = {}
    for line, row in rows:
        if row["kind"] != "trip" or not row.get("leg", "").isdigit():
            continue
        key = (row.get("trip_id", ""), row["leg"])
        if key in legs:
            problems.append(
                Problem(line, "leg", row["leg"], f"a leg number not used before (row {legs[key]})")
            )
        else:
            legs[key] = line
        stops.setdefault(row.get("trip_id", ""), []).append(
            (int(row["leg"]), row["start_date"], line)
        )
    for trip_stops in stops.values():
        ordered = sorted(trip_stops)
        for (_, earlier, _), (leg, later, line) in itertools.pairwise(ordered):
            if later < earlier:
                problems.append(
                    Problem(
                        line, "start_date", later, f"leg {leg} to start on or after leg {leg - 1}"
                    )
                )
    return problems


def validate_rows(
    header: list[str],
    rows: list[tuple[int, dict[str, str]]],
    reference: Reference,
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Return the rows without problems and the problems of all rows."""
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        return [], [Problem(1, name, "", "a column of that name") for name in missing]
    filled = [
        (line, {name: row.get(name, "") for name in (*header, *OPTIONAL_COLUMNS)})
        for line, row in rows
    ]
    problems = [p for line, row in filled for p in check_row(line, row, reference)]
    problems += check_across_rows(filled)
    bad_lines = {p.row for p in problems}
    return [(line, row) for line, row in filled if line not in bad_lines], problems


def frame_from_rows(rows: Iterable[tuple[int, dict[str, str]]]) -> pd.DataFrame:
    """Return valid rows as a typed frame: dates, nullable integers, ``row`` for the file line."""
    records = [{"row": line, **row} for line, row in rows]
    frame = pd.DataFrame.from_records(
        records, columns=["row", *REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]
    )
    frame = frame.fillna("")
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    for column in ("agreements_signed", "leg", "trade_target_usd"):
        frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
    frame["virtual"] = frame["virtual"] == "true"
    frame["row"] = frame["row"].astype("int64")
    return frame.sort_values(["start_date", "event_id"], kind="stable").reset_index(drop=True)


def read_text(path: Path) -> str:
    """Return a file's text; bytes that are not UTF-8 become U+FFFD, which validation reports."""
    return path.read_bytes().decode("utf-8-sig", errors="replace")


def load_record(path: Path, reference: Reference) -> Record:
    """Read and validate ``events.csv``; never raises on bad content, never writes."""
    try:
        text = read_text(path)
    except OSError as error:
        return Record(
            frame_from_rows([]), (Problem(0, "", str(path), f"a readable file ({error})"),), 0
        )
    header, rows, problems = read_rows(text)
    valid, row_problems = validate_rows(header, rows, reference)
    all_problems = sorted([*problems, *row_problems], key=lambda p: (p.row, p.column))
    return Record(frame_from_rows(valid), tuple(all_problems), len(rows) + len(problems))


def load_countries(path: Path) -> gpd.GeoDataFrame:
    """Return the country polygons (``iso3``, ``name``, ``geometry``) in EPSG:4326."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    countries = gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326")
    return countries[["iso3", "name", "geometry"]].sort_values("iso3").reset_index(drop=True)


def load_places(path: Path) -> pd.DataFrame:
    """Return the places table: ``city``, ``country_iso3``, ``latitude``, ``longitude``."""
    places = pd.read_csv(path, dtype={"geonames_id": "string"}, keep_default_na=False)
    return places[["city", "country_iso3", "latitude", "longitude", "source"]]


def place_keys(places: pd.DataFrame) -> frozenset[tuple[str, str]]:
    """Return the (city, country_iso3) pairs that the places table can place."""
    return frozenset(zip(places["city"], places["country_iso3"], strict=True))


def home_coordinates(places: pd.DataFrame) -> tuple[float, float]:
    """Return Tehran's (longitude, latitude) from the places table."""
    is_home = (places["city"] == HOME_CITY[0]) & (places["country_iso3"] == HOME_CITY[1])
    tehran = places[is_home].iloc[0]
    return float(tehran["longitude"]), float(tehran["latitude"])


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
    resolved = [
        place_of(row, keys) or (row["city"], row["country_iso3"])
        for row in located[["kind", "city", "country_iso3"]].to_dict("records")
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
    home_longitude, home_latitude = home_coordinates(places)
    home = {"longitude": home_longitude, "latitude": home_latitude}
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
            .where(is_later_leg, home[axis])
            .where(is_trip, visitor(capital[axis]).where(is_visit))
        )
    return located.sort_values(["start_date", "event_id"], kind="stable").reset_index(drop=True)


def load_capitals(path: Path) -> pd.DataFrame:
    """Return the capitals table: ``country_iso3``, ``city``, ``latitude``, ``longitude``."""
    capitals = pd.read_csv(path, dtype={"geonames_id": "string"}, keep_default_na=False)
    return capitals[["country_iso3", "city", "latitude", "longitude"]]


@dataclass(frozen=True)
class Geodata:
    """The country polygons, the places of the record and the capitals, loaded together."""

    countries: gpd.GeoDataFrame
    places: pd.DataFrame
    capitals: pd.DataFrame
    attributes: pd.DataFrame

    def reference(self) -> Reference:
        """Return what rows of the record may name."""
        return Reference(
            country_codes=frozenset(self.countries["iso3"]),
            places=place_keys(self.places),
            capitals=frozenset(self.capitals["country_iso3"]),
        )

    def home(self) -> tuple[float, float]:
        """Return Tehran's (longitude, latitude)."""
        return home_coordinates(self.places)


def load_geodata(countries: Path, places: Path, capitals: Path, attributes: Path) -> Geodata:
    """Load the geodata files."""
    return Geodata(
        load_countries(countries),
        load_places(places),
        load_capitals(capitals),
        load_country_attributes(attributes),
    )


def load_country_attributes(path: Path) -> pd.DataFrame:
    """Return country_attributes.csv with its true/false columns as booleans."""
    attributes = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in attributes.columns:
        if set(attributes[column]) <= {"true", "false"}:
            attributes[column] = attributes[column] == "true"
    return attributes


def load_located_record(path: Path, geodata: Geodata) -> Record:
    """Validate ``events.csv`` and attach coordinates and arc origins to its valid rows."""
    record = load_record(path, geodata.reference())
    located = attach_places(record.events, geodata.places, geodata.countries, geodata.capitals)
    return Record(located, record.problems, record.rows_read)


def iter_problem_lines(problems: Iterable[Problem]) -> Iterator[str]:
    """Yield one human-readable line per problem."""
    for problem in problems:
        yield str(problem)
