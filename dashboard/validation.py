"""Check rows of a table against its schema (datapackage.json) and the record's own rules.

Cells are read by Frictionless against the declared field (type and constraints), and held
to the canonical form on top: ASCII digits, whole-value patterns, no line breaks, control or
invisible characters, no text a spreadsheet would run as a formula. Rules that span fields or
rows (a visit needs a level, an agreement's trip must exist, tour legs in order) come after,
and a row left out takes with it the rows that depend on it, each with its own message.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pycountry

from dashboard.reading import Problem, suggest
from dashboard.schema import (
    EVENTS,
    RECORDED_KINDS,
    RECORDED_LEVELS,
    TERMS,
    VISITS_UNTIL,
    Field,
    TableSchema,
)

# The record's main presidency (Raisi's): its page opens on it.
PRESIDENCY_START, PRESIDENCY_END = TERMS["raisi"]
KIND_NAMES = EVENTS.enum("kind")
# The first day any row may have: the earliest term's.
RECORD_START = min(first for first, _ in TERMS.values())
HOME_CITY = ("Tehran", "IRN")
# Kosovo's user-assigned code, used by the EU and the IMF, is the one code outside ISO 3166-1.
NON_ISO_COUNTRY_CODES = frozenset({"XKX"})
LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85")
# Joiners are part of Persian and Arabic spelling; every other invisible character is not.
ALLOWED_INVISIBLE = frozenset({"\u200c", "\u200d"})
FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
ASCII_DIGITS = re.compile(r"[0-9]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SPREADSHEET_DATE = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})")
SPREADSHEET_NUMBER = re.compile(r"([0-9]+)[.,]0+")
FIX = "python -m dashboard format converts it"


@dataclass(frozen=True)
class Reference:
    """What rows may name; ``None`` where the geodata file is missing and cannot be checked."""

    country_codes: frozenset[str] | None
    places: frozenset[tuple[str, str]] | None
    capitals: frozenset[str] | None


def is_web_url(value: str) -> bool:
    """Return whether ``value`` is an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def source_site(url: str) -> str:
    """Return the host of a URL without ``www.``, e.g. ``tehrantimes.com``."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def split_list(value: str, separator: str = ";") -> list[str]:
    """Split a list cell into its stripped, non-empty items."""
    return [item.strip() for item in value.split(separator) if item.strip()]


def is_country_code(code: str) -> bool:
    """Return whether ``code`` is an ISO 3166-1 alpha-3 code (pycountry's list) or XKX."""
    return code in NON_ISO_COUNTRY_CODES or pycountry.countries.get(alpha_3=code) is not None


def character_name(character: str) -> str:
    """Return ``U+200B ZERO WIDTH SPACE`` for a character."""
    name = unicodedata.name(character, "")
    if not name:
        name = "a control character" if unicodedata.category(character) == "Cc" else "unnamed"
    return f"U+{ord(character):04X} {name}"


def hidden_character(value: str) -> str | None:
    """Return the name of the first control or invisible character of a text, if any."""
    for character in value:
        if character in ALLOWED_INVISIBLE:
            continue
        if unicodedata.category(character) in ("Cc", "Cf", "Co", "Cs", "Cn"):
            return character_name(character)
    return None


def looks_like_formula(value: str) -> bool:
    """Return whether a spreadsheet could read a text as a formula (after spaces, any line)."""
    lines = re.split("|".join(map(re.escape, LINE_BREAKS)), value)
    return any(line.lstrip(" \t\u3000\xa0").startswith(FORMULA_STARTS) for line in lines)


def range_text(field: Field) -> str:
    """Return ``from 0 to 100`` for a field's minimum and maximum."""
    low, high = field.constraints.get("minimum"), field.constraints.get("maximum")
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of at least {low}"
    return f" of at most {high}" if high is not None else ""


def typed_problem(field: Field, value: str) -> str | None:
    """Return what a number, date or boolean cell should be, or None if it is one."""
    if field.type == "integer" and not ASCII_DIGITS.fullmatch(value):
        if value.isdigit() or all(unicodedata.category(c) == "Nd" for c in value):
            return (
                f"a whole number written with the digits 0–9 ({character_name(value[0])} "
                "is not one)"
            )
        decimal = SPREADSHEET_NUMBER.fullmatch(value)
        if decimal:
            return f"a whole number: write {decimal.group(1)}, not {value} ({FIX})"
        return "a whole number" + range_text(field)
    if field.type == "date" and not ISO_DATE.fullmatch(value):
        spreadsheet = SPREADSHEET_DATE.fullmatch(value)
        if spreadsheet:
            day, month, year = spreadsheet.groups()
            return (
                "an ISO 8601 date, YYYY-MM-DD: if this is day/month/year as a spreadsheet "
                f"writes it, write {year}-{int(month):02d}-{int(day):02d}"
            )
        return "an ISO 8601 date, YYYY-MM-DD"
    if field.type == "boolean" and value not in ("true", "false"):
        if value.lower() in ("true", "false"):
            return f"true or false in lower case: write {value.lower()} ({FIX})"
        return "true, false or empty"
    return None


def check_cell(schema: TableSchema, column: str, value: str) -> str | None:
    """Return what one cell should hold if it does not, else None."""
    field = schema.by_name[column]
    if not value.strip():
        if field.required:
            return "a value (the column is required)"
        return None if value == "" else f"an empty cell or a value, not only spaces ({FIX})"
    if "\ufffd" in value:
        return "UTF-8 text (the file has bytes that are not UTF-8 here)"
    if any(mark in value for mark in LINE_BREAKS):
        return (
            "one line of text: a line break inside a cell (often a quote left open, which "
            "swallows the lines after it)"
        )
    hidden = hidden_character(value)
    if hidden:
        return f"text without control or invisible characters ({hidden} is one)"
    if value != value.strip():
        return f"no spaces around the value ({FIX})"
    limit = field.max_length
    if limit is not None and len(value) > limit:
        return f"at most {limit:,} characters (this cell has {len(value):,})"
    typed = typed_problem(field, value)
    if typed:
        return typed
    if field.is_text and looks_like_formula(value):
        return "text that does not start with =, +, - or @ (a spreadsheet would run it)"
    if field.items:
        separator = field.descriptor["x-items"]["separator"]
        unknown = [item for item in split_list(value, separator) if item not in field.items]
        if unknown:
            return f"names from {', '.join(field.items)}, separated by {separator!r}" + suggest(
                unknown[0], field.items
            )
        return None
    pattern = field.constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        return str(field.descriptor.get("x-expected", f"a value matching {pattern}"))
    _, notes = schema.frictionless_fields[column].read_cell(value)
    if not notes:
        return None
    if "enum" in notes:
        return "one of " + ", ".join(field.enum) + suggest(value, field.enum)
    if "minimum" in notes or "maximum" in notes:
        if field.type == "date":
            return "a date within the record," + range_text(field)
        return "a whole number" + range_text(field)
    return TYPE_TEXTS.get(field.type, f"a value of type {field.type}")


TYPE_TEXTS = {
    "integer": "a whole number",
    "date": "an ISO 8601 date, YYYY-MM-DD, that exists in the calendar",
    "number": "a number, with a point for decimals",
    "boolean": "true, false or empty",
}


def check_cells(schema: TableSchema, line: int, row: Mapping[str, str]) -> list[Problem]:
    """Return a problem for each cell of a row that its field does not accept."""
    problems = []
    for column, value in row.items():
        if column in schema.by_name:
            expected = check_cell(schema, column, value)
            if expected:
                problems.append(Problem(line, column, value, expected))
    return problems


def place_of(row: Mapping[str, Any], places: frozenset[tuple[str, str]]) -> tuple[str, str] | None:
    """Return the (city, country) key a row's city resolves to, or None.

    A trip's city is in the host country and a visit's is in Iran; an agreement's or a
    membership step's may be in either, the partner's country being tried first.
    """
    code = row["country_iso3"]
    if row["kind"] == "meeting":
        # Its city is its trip stop's, in the stop's country (``check_meeting``).
        return min((key for key in places if key[0] == row["city"]), default=None)
    candidates = {
        "trip": [(row["city"], code)],
        "visit": [(row["city"], HOME_CITY[1])],
    }.get(row["kind"], [(row["city"], code), (row["city"], HOME_CITY[1])])
    return next((key for key in candidates if key in places), None)


def check_event_rules(line: int, row: dict[str, str], reference: Reference) -> list[Problem]:
    """Return the problems of one event row that span its fields or need the geodata."""
    problems: list[Problem] = []

    def problem(column: str, expected: str) -> None:
        problems.append(Problem(line, column, row.get(column, ""), expected))

    kind, level = row["kind"], row.get("level", "")
    for field in EVENTS.fields:
        value = row.get(field.name, "")
        if kind in field.required_for and not value:
            problem(field.name, f"a value: a {kind} row needs it")
        # A kind that is not one of the schema's is reported once, on its own cell.
        if value and field.only_for and kind in EVENTS.enum("kind") and kind not in field.only_for:
            problem(field.name, f"empty: only {' or '.join(field.only_for)} rows have it")
    start, end = parse_date(row["start_date"]), parse_date(row["end_date"])
    if start and end and end < start:
        problem("end_date", f"a date on or after start_date {start}")
    president = row.get("president", "")
    if president in RECORDED_KINDS and kind in KIND_NAMES and kind not in RECORDED_KINDS[president]:
        problem(
            "kind",
            f"a kind recorded for {president.capitalize()}: "
            + ", ".join(RECORDED_KINDS[president])
            + " (datapackage.json, x-kinds of president)",
        )
    levels = RECORDED_LEVELS.get(president)
    if kind in ("visit", "meeting") and levels and level and level not in levels:
        problem(
            "level",
            f"a level recorded for {president.capitalize()}: "
            + ", ".join(levels)
            + " (datapackage.json, x-levels of president)",
        )
    term = TERMS.get(president)
    if start and term and not term[0] <= start <= term[1]:
        # Only Raisi's visits run later: the condolence visits after the crash of 19 May 2024.
        visits_until = VISITS_UNTIL.get(president)
        late_visit = (
            kind == "visit" and visits_until is not None and term[1] < start <= visits_until
        )
        if not late_visit:
            problem(
                "start_date",
                f"a date within the {row['president'].capitalize()} presidency, {term[0]} to "
                f"{term[1]}"
                + (
                    f" (only visits run later, to {VISITS_UNTIL[president]}: the condolence "
                    "visits after the crash)"
                    if president in VISITS_UNTIL
                    else ""
                ),
            )
    code, city = row["country_iso3"], row["city"]
    if code and not is_country_code(code):
        problem("country_iso3", "an ISO 3166-1 alpha-3 code (or XKX for Kosovo)")
    elif reference.country_codes is not None and code and code not in reference.country_codes:
        problem("country_iso3", "a country with a polygon in geodata/countries.geojson")
    elif (kind == "trip" and code == HOME_CITY[1]) or (
        kind == "visit" and code == HOME_CITY[1] and level != "head_of_organisation"
    ):
        who = "the host country of a trip abroad" if kind == "trip" else "the visitor's country"
        problem("country_iso3", f"{who}, not Iran")
    elif kind == "meeting" and code == HOME_CITY[1] and level != "head_of_organisation":
        problem("country_iso3", "the counterpart's country, not Iran")
    elif (
        reference.places is not None
        and city
        and kind != "meeting"
        and place_of(row, reference.places) is None
    ):
        where = {"trip": code, "visit": HOME_CITY[1]}.get(kind, f"{code} or {HOME_CITY[1]}")
        problem("city", f"a place listed for {where} in geodata/places.csv")
    has_no_capital = reference.capitals is not None and code not in reference.capitals
    if kind == "visit" and has_no_capital and code != HOME_CITY[1] and is_country_code(code):
        problem("country_iso3", "for a visit, a country with a capital in geodata/capitals.csv")
    if row["source_url"] and not is_web_url(row["source_url"]):
        problem("source_url", "an http(s) URL of a source")
    if not all(is_web_url(url) for url in row.get("extra_source_urls", "").split()):
        problem("extra_source_urls", "http(s) URLs separated by spaces")
    if row.get("other_places") and (expected := check_other_places(row, reference)):
        problem("other_places", expected)
    if row.get("setting") in ("summit", "summit_and_bilateral") and not row["organization"]:
        problem("organization", "the organization whose summit it was")
    if level == "head_of_organisation" and len(split_list(row.get("organization", ""))) != 1:
        problem("organization", "the one organisation its head leads (the partner counted)")
    return problems


OTHER_PLACE = re.compile(r"(.+) ([0-9]{4}-[0-9]{2}-[0-9]{2})")


def other_places(value: str) -> list[tuple[str, str]] | None:
    """Return the (city, day) pairs of an ``other_places`` cell, or None if one does not parse."""
    pairs = []
    for item in split_list(value):
        match = OTHER_PLACE.fullmatch(item)
        if match is None:
            return None
        pairs.append((match.group(1).strip(), match.group(2)))
    return pairs


def check_other_places(row: Mapping[str, str], reference: Reference) -> str | None:
    """Return what an ``other_places`` cell should hold if it does not, else None."""
    pairs = other_places(row.get("other_places", ""))
    if pairs is None:
        return "places as 'City YYYY-MM-DD', separated by '; '"
    country = HOME_CITY[1] if row["kind"] == "visit" else row["country_iso3"]
    for city, day in pairs:
        if reference.places is not None and (city, country) not in reference.places:
            return f"cities listed for {country} in geodata/places.csv ({city} is not)"
        if not row["start_date"] <= day <= row["end_date"]:
            return f"days within the row's dates, {row['start_date']} to {row['end_date']}"
    return None


def parse_date(value: str) -> dt.date | None:
    """Return the date of an ISO 8601 ``YYYY-MM-DD`` string, or None if it is not one."""
    if not ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_across_rows(rows: list[tuple[int, dict[str, str]]]) -> list[Problem]:
    """Return problems between rows: repeated ids, references, counts, trip legs."""
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        event_id = row["event_id"]
        if event_id in first_line:
            problems.append(
                Problem(line, "event_id", event_id, f"a unique id (row {first_line[event_id]})")
            )
        else:
            first_line[event_id] = line
    by_id = {row["event_id"]: row for _, row in rows}
    counted_on: dict[str, int] = {}
    for line, row in rows:
        related = row.get("related_event_id", "")
        if not related:
            continue
        parent = by_id.get(related, {})
        if row["kind"] == "meeting":
            problems += check_meeting(line, row, parent, first_line.get(related, 0))
            continue
        if parent.get("kind") not in ("trip", "visit"):
            problems.append(
                Problem(line, "related_event_id", related, "the event_id of a trip or visit row")
            )
            continue
        if row.get("agreements_signed"):
            counted_on.setdefault(related, line)
        within = parent["start_date"] <= row["start_date"] <= parent["end_date"]
        if row["kind"] == "agreement" and not within:
            problems.append(
                Problem(
                    line,
                    "start_date",
                    row["start_date"],
                    f"the signing day, within its trip or visit: {parent['start_date']} to "
                    f"{parent['end_date']} (row {first_line[related]})",
                )
            )
    for line, row in rows:
        if row["event_id"] in counted_on and row.get("agreements_signed"):
            problems.append(
                Problem(
                    line,
                    "agreements_signed",
                    row["agreements_signed"],
                    f"empty: the documents are counted on agreement row "
                    f"{counted_on[row['event_id']]}, and each document is counted once",
                )
            )
    problems += check_legs(rows)
    return problems


def check_meeting(
    line: int, row: Mapping[str, str], trip: Mapping[str, str], trip_line: int
) -> list[Problem]:
    """Return the problems of a meeting abroad against the trip stop it took place on.

    Its trip must be a trip row; its days within the stop's; its city the stop's city or one
    of the stop's other places (where the map places it).
    """
    if trip.get("kind") != "trip":
        return [
            Problem(line, "related_event_id", row["related_event_id"], "the event_id of a trip row")
        ]
    problems = []
    if not trip["start_date"] <= row["start_date"] <= row["end_date"] <= trip["end_date"]:
        problems.append(
            Problem(
                line,
                "start_date",
                row["start_date"],
                f"days within its trip stop: {trip['start_date']} to {trip['end_date']} "
                f"(row {trip_line})",
            )
        )
    cities = {trip["city"], *(city for city, _ in other_places(trip.get("other_places", "")) or [])}
    if row["city"] not in cities:
        problems.append(
            Problem(
                line,
                "city",
                row["city"],
                f"a city of its trip stop: {', '.join(sorted(cities))} (row {trip_line})",
            )
        )
    return problems


def check_legs(rows: list[tuple[int, dict[str, str]]]) -> list[Problem]:
    """Return problems of tours: a leg number used twice, legs that go back in time."""
    problems: list[Problem] = []
    legs: dict[tuple[str, str], int] = {}
    stops: dict[str, list[tuple[int, str, int]]] = {}
    for line, row in rows:
        leg = row.get("leg", "")
        if row["kind"] != "trip" or not ASCII_DIGITS.fullmatch(leg):
            continue
        key = (row.get("trip_id", ""), leg)
        if key in legs:
            problems.append(
                Problem(line, "leg", leg, f"a leg number not used before (row {legs[key]})")
            )
        else:
            legs[key] = line
        stops.setdefault(key[0], []).append((int(leg), row["start_date"], line))
    for trip_stops in stops.values():
        for (_, earlier, _), (leg_number, later, line) in itertools.pairwise(sorted(trip_stops)):
            if later < earlier:
                problems.append(
                    Problem(
                        line,
                        "start_date",
                        later,
                        f"leg {leg_number} to start on or after the leg before it",
                    )
                )
    return problems


def knock_on(rows: list[tuple[int, dict[str, str]]], rejected: Iterable[int]) -> list[Problem]:
    """Return the problems that rows left out cause in the rows that depend on them.

    An agreement whose trip or visit is left out, and a later leg of a tour whose earlier leg
    is left out (it could not be drawn from it), are left out in turn, until nothing changes.
    """
    left_out = set(rejected)
    line_of = {row["event_id"]: line for line, row in rows}
    problems: list[Problem] = []
    changed = True
    while changed:
        changed = False
        out_trips = {
            (row.get("trip_id", ""), line)
            for line, row in rows
            if line in left_out and row["kind"] == "trip"
        }
        for line, row in rows:
            if line in left_out:
                continue
            related = row.get("related_event_id", "")
            if related and line_of.get(related) in left_out:
                problems.append(
                    Problem(
                        line,
                        "related_event_id",
                        related,
                        f"a trip or visit that is shown: row {line_of[related]} is left out "
                        "(see its problems), so this row is left out too",
                    )
                )
            elif row["kind"] == "trip" and (earlier := earlier_leg_out(row, rows, out_trips)):
                problems.append(
                    Problem(
                        line,
                        "leg",
                        row.get("leg", ""),
                        f"the tour's earlier legs shown: the leg on row {earlier} is left out, "
                        "so this leg cannot be drawn from it and is left out too",
                    )
                )
            else:
                continue
            left_out.add(line)
            changed = True
    return problems


def earlier_leg_out(
    row: Mapping[str, str],
    rows: list[tuple[int, dict[str, str]]],
    out_trips: set[tuple[str, int]],
) -> int | None:
    """Return the line of an earlier leg of the same tour that is left out, if any."""
    trip_id = row.get("trip_id", "")
    if not trip_id or not ASCII_DIGITS.fullmatch(row.get("leg", "")):
        return None
    lines = {line for tour, line in out_trips if tour == trip_id}
    for line, other in rows:
        leg = other.get("leg", "")
        if line in lines and (not ASCII_DIGITS.fullmatch(leg) or int(leg) < int(row["leg"])):
            return line
    return None
