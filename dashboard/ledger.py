"""The ledger of disagreements (``disagreements.csv``): where sources differ on an event.

One row per value another source gives for a count, a date or a place of an event, with that
source, a source of the value the record keeps (the event's own cell in events.csv) and why
the record keeps it. The validator checks that each row names a shown event and one of its
columns, that the other value is written as events.csv writes that column, and that it does
differ from the event's cell; the page shows the disagreements beside the event in the table
and the country's story, and counts them for the view.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

import pandas as pd

from dashboard import reading, validation
from dashboard.reading import HEADER, Problem
from dashboard.schema import EVENTS, PACKAGE, title_of
from dashboard.validation import source_site

LEDGER = PACKAGE["disagreements"]
COLUMNS = LEDGER.columns
FIELDS = LEDGER.enum("field")
# How the page names the columns of the ledger's own table (the download uses the same).
LEDGER_TABLE_COLUMNS = {
    "start_date": "Event date",
    "title": "Event",
    "field_title": "Sources differ on",
    "kept_value": "The record keeps",
    "value": "Another source gives",
    "source_url": "Its source",
    "kept_source_url": "Kept per",
    "why": "Why the record keeps its value",
    "event_id": "Event id",
}


def event_cells(events_csv: str) -> dict[str, dict[str, str]]:
    """Return the shown events' cells as events.csv writes them, by event_id.

    ``events_csv`` is the record's valid rows in canonical form (``data.Record.valid_csv``).
    """
    if not events_csv.strip():
        return {}
    rows = csv.DictReader(io.StringIO(events_csv, newline=""))
    return {row["event_id"]: dict(row) for row in rows if row.get("event_id")}


def check_disagreement(
    line: int,
    row: Mapping[str, str],
    cells: Mapping[str, Mapping[str, str]],
    all_lines: Mapping[str, int],
) -> list[Problem]:
    """Return the problems of one ledger row beyond its cells' own.

    ``cells`` are the shown events' cells by event_id (:func:`event_cells`); ``all_lines``
    maps every event id of events.csv, shown or left out, to its row.
    """
    event_id, field, value = row["event_id"], row["field"], row["value"]
    event = cells.get(event_id)
    if event is None:
        if event_id in all_lines:
            expected = (
                f"an event that is shown: row {all_lines[event_id]} of events.csv is left out "
                "(see its problems)"
            )
        else:
            expected = "an event_id of events.csv"
        return [Problem(line, "event_id", event_id, expected)]
    if field not in FIELDS or not value:
        return []
    kept = event.get(field, "")
    written = validation.check_cell(EVENTS, field, value)
    if written:
        return [Problem(line, "value", value, f"{field} as events.csv writes it: {written}")]
    if value == kept:
        return [
            Problem(
                line,
                "value",
                value,
                f"a value other than the event's own {field} ({kept!r}): the ledger lists what "
                "other sources give",
            )
        ]
    return []


def parse_disagreements(
    raw: bytes | None, events_csv: str, all_lines: Mapping[str, int]
) -> tuple[pd.DataFrame, tuple[Problem, ...]]:
    """Read and check the bytes of ``disagreements.csv``; never raises on content.

    A missing file is no problem (a record may have no disagreements); the valid rows come
    back with the event's kept value (``kept_value``) beside the other one.
    """
    columns = [*COLUMNS, "kept_value"]
    empty = pd.DataFrame(columns=columns)
    if raw is None:
        return empty, ()
    table = reading.read_table(raw, COLUMNS, LEDGER.required_columns)
    problems = list(table.problems)
    if any(p.row == HEADER and p.column in LEDGER.required_columns for p in problems):
        return empty, tuple(problems)
    cells = event_cells(events_csv)
    rows = [(line, {name: row.get(name, "") for name in COLUMNS}) for line, row in table.rows]
    seen: dict[tuple[str, ...], int] = {}
    for line, row in rows:
        cell_problems = validation.check_cells(LEDGER, line, row)
        problems += cell_problems
        if not cell_problems:
            problems += check_disagreement(line, row, cells, all_lines)
        key = tuple(row[name] for name in LEDGER.primary_key)
        if key in seen:
            problems.append(
                Problem(
                    line,
                    "value",
                    row["value"],
                    f"one row per event, field, value and source (row {seen[key]} has it)",
                )
            )
        seen.setdefault(key, line)
    bad = {problem.row for problem in problems} | set(table.unreadable_lines)
    valid = [
        {**row, "kept_value": cells[row["event_id"]].get(row["field"], "")}
        for line, row in rows
        if line not in bad
    ]
    return pd.DataFrame(valid, columns=columns), tuple(
        sorted(problems, key=lambda p: (p.row, p.column))
    )


def differences(ledger: pd.DataFrame) -> pd.Series:
    """Return, by event_id, what other sources give: ``Start date: 2022-09-16 per lex.uz``."""
    if ledger.empty:
        return pd.Series(dtype="object")
    said = ledger.assign(
        said=[
            f"{title_of(field)}: {value} per {source_site(url)}"
            for field, value, url in zip(
                ledger["field"], ledger["value"], ledger["source_url"], strict=True
            )
        ]
    )
    return said.groupby("event_id", sort=False)["said"].agg("; ".join)


def annotate(events: pd.DataFrame, ledger: pd.DataFrame) -> pd.DataFrame:
    """Return the events with ``sources_differ``: the ledger's values beside each event."""
    text = differences(ledger).to_dict()
    return events.assign(
        sources_differ=pd.Series(
            [text.get(event_id, "") for event_id in events["event_id"]],
            index=events.index,
            dtype="object",
        )
    )


def in_view(ledger: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Return the ledger's rows of the events shown, as the page's table of them shows them."""
    shown = ledger[ledger["event_id"].isin(events["event_id"])]
    dated = shown.merge(
        events[["event_id", "start_date", "title"]], on="event_id", how="left", validate="m:1"
    )
    dated = dated.assign(
        start_date=dated["start_date"].dt.date,
        field_title=dated["field"].map(title_of),
    )
    return dated.sort_values(["start_date", "event_id", "field"])[
        list(LEDGER_TABLE_COLUMNS)
    ].reset_index(drop=True)


def count_text(rows: pd.DataFrame, period_name: str) -> str:
    """Return the sentence that counts the disagreements of a view."""
    if rows.empty:
        return f"No disagreement between sources is recorded for the events of {period_name}."
    values = len(rows)
    events = rows["event_id"].nunique()
    return (
        f"Sources differ on {events} event{'s' if events != 1 else ''} of {period_name}: "
        f"{values} other value{'s' if values != 1 else ''}, each with its source, beside the "
        "value the record keeps and why (disagreements.csv)."
    )
