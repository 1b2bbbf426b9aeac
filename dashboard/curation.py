"""A curator's changes to events.csv: rows added, edited or deleted, checked, diffed, saved.

The curation app (``dashboard/curate.py``) only lays out the forms; everything it does to the
record is here, pure and typed, with no Streamlit. The rules:

- The file is opened in its canonical form (``canonical.canonical_text``), so a save changes
  only the rows the curator changed and ``git diff`` shows exactly them.
- A candidate file is checked by the page's own validator (``data.parse_record``): a save with
  any problem, in the changed row or a row that depends on it, is refused by row and column.
- A save is refused, with the difference, when the file changed on disk since it was opened.
- A save writes a temporary file in the same folder, syncs it, and renames it over the file,
  keeping its mode and owner (``canonical.write_atomically``): the old file or the new one,
  never a mix.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard import canonical, counting, data, mapdata
from dashboard.reading import Problem
from dashboard.schema import EVENTS, Field
from dashboard.validation import HOME_CITY, Reference

# The order of the rows in the canonical file.
ORDER = ("start_date", "event_id")
# The words of a title that make an id's last part, e.g. ``2023-02-14-chn-state-visit``.
ID_WORDS = 3
Row = dict[str, str]


@dataclass(frozen=True)
class Opened:
    """The record file as the curator opened it: its bytes, header and canonical rows.

    ``problems`` are those that stop the file from being opened for editing at all (a row
    that cannot be read); then ``rows`` is empty and the file must be fixed by hand first.
    """

    path: Path
    raw: bytes
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def ids(self) -> frozenset[str]:
        """Return the event ids of the file."""
        return frozenset(row["event_id"] for row in self.rows)


def rows_of(text: str) -> tuple[tuple[str, ...], tuple[Row, ...]]:
    """Return the header and rows of canonical CSV text."""
    reader = csv.DictReader(io.StringIO(text))
    rows = tuple(dict(row) for row in reader)
    return tuple(reader.fieldnames or EVENTS.columns), rows


def open_record(path: Path) -> Opened:
    """Open the record for editing; a missing file opens empty, with the schema's header."""
    raw = data.read_file(path)
    if raw is None:
        return Opened(path, b"", EVENTS.columns, ())
    text, problems = canonical.canonical_text(raw, EVENTS, ORDER)
    if text is None:
        return Opened(path, raw, EVENTS.columns, (), tuple(problems))
    header, rows = rows_of(text)
    return Opened(path, raw, header, rows)


def fields_for(kind: str) -> tuple[Field, ...]:
    """Return the fields a row of ``kind`` may fill in, in the file's order."""
    return tuple(field for field in EVENTS.fields if not field.only_for or kind in field.only_for)


def is_required(field: Field, kind: str) -> bool:
    """Return whether a row of ``kind`` must fill ``field`` in."""
    return field.required or kind in field.required_for


# Fields whose widget is not given by their type alone.
SPECIAL_WIDGETS = {
    "country_iso3": "country",
    "city": "place",
    "related_event_id": "parent",
    "trip_id": "journey",
    "notes": "long_text",
    "documents": "long_text",
    "counterpart": "long_text",
}


def widget_kind(field: Field) -> str:
    """Return how a form asks for a field.

    ``date``, ``integer``, ``boolean``, ``choice`` (an enum), ``choices`` (a list cell of an
    enum's items), ``text``, or one of ``SPECIAL_WIDGETS``.
    """
    if field.name in SPECIAL_WIDGETS:
        return SPECIAL_WIDGETS[field.name]
    if field.items:
        return "choices"
    if field.enum:
        return "choice"
    if field.type in ("date", "integer", "boolean"):
        return field.type
    return "text"


def separator_of(field: Field) -> str:
    """Return how a list cell joins its items, e.g. ``; ``."""
    separator = str(field.descriptor.get("x-items", {}).get("separator", ";"))
    return separator if separator.endswith(" ") else separator + " "


def cell_of(field: Field, value: object) -> str:
    """Return the cell a form's value stands for (dates as ISO 8601, lists joined)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return separator_of(field).join(str(item) for item in value)
    return str(value)


def value_of(field: Field, cell: str) -> object:
    """Return a form's value for a cell (the reverse of ``cell_of``); None when empty."""
    kind = widget_kind(field)
    if kind == "choices":
        return [item.strip() for item in cell.split(separator_of(field).strip()) if item.strip()]
    if kind == "boolean":
        return cell == "true"
    if not cell:
        return None
    if kind == "date":
        try:
            return dt.date.fromisoformat(cell)
        except ValueError:
            return None
    if kind == "integer":
        return int(cell) if cell.isdigit() else None
    return cell


def row_of(kind: str, event_id: str, values: Mapping[str, object]) -> Row:
    """Return the row a form describes: every column, empty where the kind has no field."""
    fields = {field.name: field for field in fields_for(kind)}
    row = {name: "" for name in EVENTS.columns}
    for name, field in fields.items():
        if name in values:
            row[name] = cell_of(field, values[name])
    row.update(event_id=event_id, kind=kind)
    if kind != "membership":
        row["virtual"] = ""
    return row


def place_countries(kind: str, country: str, trip_country: str = "") -> list[str]:
    """Return the countries whose places a row's city may be, first the likeliest.

    As the validator reads it: a trip's city is in its country, a visit's in Iran, a meeting's
    in the country of its trip stop (``trip_country``, empty until one is chosen), and a
    signing's or a bloc step's in the partner's country or else in Iran.
    """
    home = HOME_CITY[1]
    if kind == "visit":
        return [home]
    if kind == "trip":
        return [country] if country else []
    if kind == "meeting":
        return [trip_country] if trip_country else []
    return [code for code in (country, home) if code]


def slug(text: str, words: int = ID_WORDS) -> str:
    """Return the first ``words`` words of ``text`` as lower-case ASCII joined by hyphens."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain)[:words])


def propose_id(start: dt.date, iso3: str, title: str, taken: Iterable[str] = ()) -> str:
    """Return an id from the date, country and title, e.g. ``2023-02-14-chn-state-visit``.

    An id already ``taken`` gets ``-2``, ``-3``… so that it stays unique.
    """
    base = "-".join(part for part in (start.isoformat(), iso3.lower(), slug(title)) if part)
    used = set(taken)
    proposed, number = base, 2
    while proposed in used:
        proposed, number = f"{base}-{number}", number + 1
    return proposed


def with_row(rows: Sequence[Row], row: Mapping[str, str], replacing: str = "") -> tuple[Row, ...]:
    """Return the rows with ``row`` added, or put in place of the row whose id is ``replacing``."""
    kept = [dict(old) for old in rows if not replacing or old["event_id"] != replacing]
    return (*kept, dict(row))


def without_row(rows: Sequence[Row], event_id: str) -> tuple[Row, ...]:
    """Return the rows without the one whose id is ``event_id``."""
    return tuple(dict(row) for row in rows if row["event_id"] != event_id)


def text_of(header: Sequence[str], rows: Iterable[Mapping[str, str]]) -> str:
    """Return the rows as the file's canonical text (the form ``format`` writes)."""
    plain = canonical.to_csv_text(
        header, ({name: row.get(name, "") for name in header} for row in rows)
    )
    text, _ = canonical.canonical_text(plain.encode("utf-8"), EVENTS, ORDER)
    return plain if text is None else text


def check(text: str, reference: Reference) -> data.Record:
    """Return the candidate file as the page would read it: its rows and every problem."""
    return data.parse_record(text.encode("utf-8"), reference)


def problems_of_row(record: data.Record, event_id: str) -> list[Problem]:
    """Return the problems of the row with that id in a checked candidate."""
    line = record.event_lines.get(event_id)
    return [problem for problem in record.problems if problem.row == line]


def form_messages(
    problems: Iterable[Problem], row: Mapping[str, str], columns: Iterable[str]
) -> tuple[dict[str, str], list[str], list[Problem]]:
    """Sort a row's problems for its form: under a field, still to fill in, or about the row.

    A field filled in wrongly gets its message (``expected …``) under it; an empty field that
    must be filled in is named in the list still to fill in; a problem of a column the form
    does not show is about the row.
    """
    shown = set(columns)
    under: dict[str, str] = {}
    missing: list[str] = []
    rest: list[Problem] = []
    for problem in problems:
        if problem.column in shown and not row.get(problem.column):
            missing.append(problem.column)
        elif problem.column in shown:
            under.setdefault(problem.column, f"Expected {problem.expected}")
        else:
            rest.append(problem)
    return under, list(dict.fromkeys(missing)), rest


def event_of_line(record: data.Record) -> dict[int, str]:
    """Return each line's event id in a checked candidate (to name the row of a problem)."""
    return {line: event_id for event_id, line in record.event_lines.items()}


def new_problems(before: data.Record, after: data.Record) -> list[Problem]:
    """Return the problems of ``after`` that ``before`` did not have (same row, column, why).

    Rows are matched by event id, since lines move when rows are added or removed; a file
    that already had problems can so be mended row by row.
    """

    def identity(record: data.Record, problem: Problem) -> tuple[str, str, str]:
        row = event_of_line(record).get(problem.row, f"line {problem.row}")
        return row, problem.column, problem.expected

    known = {identity(before, problem) for problem in before.problems}
    return [problem for problem in after.problems if identity(after, problem) not in known]


@dataclass(frozen=True)
class FieldChange:
    """One cell changed: its column, the value before and the value after."""

    column: str
    before: str
    after: str


@dataclass(frozen=True)
class RowChange:
    """One row added, changed or deleted, with each cell that differs."""

    event_id: str
    action: str
    fields: tuple[FieldChange, ...]


def diff(
    before: Sequence[Mapping[str, str]], after: Sequence[Mapping[str, str]]
) -> list[RowChange]:
    """Return what differs between two versions of the rows, row by row, field by field."""
    old = {row["event_id"]: row for row in before}
    new = {row["event_id"]: row for row in after}
    changes = []
    for event_id in sorted(old.keys() | new.keys()):
        was, now = old.get(event_id), new.get(event_id)
        columns = list(dict.fromkeys([*(was or {}), *(now or {})]))
        fields = tuple(
            FieldChange(column, (was or {}).get(column, ""), (now or {}).get(column, ""))
            for column in columns
            if (was or {}).get(column, "") != (now or {}).get(column, "")
        )
        if was is None:
            changes.append(RowChange(event_id, "added", fields))
        elif now is None:
            changes.append(RowChange(event_id, "deleted", fields))
        elif fields:
            changes.append(RowChange(event_id, "changed", fields))
    return changes


@dataclass(frozen=True)
class SaveResult:
    """What a save did: ``saved``, a message, and the changes (or the problems) behind it."""

    saved: bool
    message: str
    changes: tuple[RowChange, ...] = ()
    problems: tuple[Problem, ...] = ()


def digest(raw: bytes) -> str:
    """Return the SHA-256 of a file's bytes (what the app shows to say which file was opened)."""
    return hashlib.sha256(raw).hexdigest()


def save(opened: Opened, rows: Sequence[Mapping[str, str]], reference: Reference) -> SaveResult:
    """Write ``rows`` over the opened file, or refuse and say why; never half a file.

    Refused when the change brings any problem the opened file did not have (by row and
    column), or when the file on disk is no longer the one opened (with what changed there).
    """
    text = text_of(opened.header, rows)
    checked = check(text, reference)
    brought = new_problems(check(text_of(opened.header, opened.rows), reference), checked)
    if brought:
        return SaveResult(
            False,
            f"Not saved: {len(brought)} problem(s); the file is unchanged.",
            problems=tuple(brought),
        )
    on_disk = data.read_file(opened.path) or b""
    if on_disk != opened.raw:
        disk_text, _ = canonical.canonical_text(on_disk, EVENTS, ORDER)
        _, disk_rows = rows_of(disk_text or "")
        return SaveResult(
            False,
            "Not saved: the file changed on disk since you opened it. Its changes are below; "
            "reopen it to edit the file as it is now.",
            changes=tuple(diff(opened.rows, disk_rows)),
        )
    changes = tuple(diff(opened.rows, rows))
    if not changes:
        return SaveResult(False, "Nothing to save: the rows are as opened.")
    canonical.write_atomically(opened.path, text)
    return SaveResult(True, f"Saved: {len(changes)} row(s) changed.", changes=changes)


@dataclass(frozen=True)
class Preview:
    """The changed rows as the public page would show them: located, and the map's rows."""

    events: pd.DataFrame
    record: pd.DataFrame
    layers: dict[str, list[dict[str, object]]]


def preview(checked: data.Record, geodata: data.Geodata, event_ids: Iterable[str]) -> Preview:
    """Return the rows ``event_ids`` of a checked candidate as the page would draw and list them.

    The candidate (``check``) is located as the page locates events.csv; a row with a
    problem is not among them (the page would leave it out).
    """
    located = data.locate_record(checked, geodata)
    record = counting.annotate(located.events)
    changed = record[record["event_id"].isin(set(event_ids))]
    layers = {name: mapdata.layer_rows(changed, record, name) for name in mapdata.LAYER_NAMES}
    return Preview(changed, record, layers)
