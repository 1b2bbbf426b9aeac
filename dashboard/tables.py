"""The table under the map: the events of the period, in reading order, with their sources."""

from __future__ import annotations

import pandas as pd

TABLE_COLUMNS = {
    "start_date": "From",
    "end_date": "To",
    "kind": "Kind",
    "country_name": "Country",
    "city": "City",
    "title": "Event",
    "counterpart": "Met",
    "level": "Level",
    "organization": "Forum",
    "agreements_signed": "Documents signed",
    "documents": "Documents",
    "trade_target_usd": "Trade target (US$)",
    "themes": "Themes",
    "source_url": "Source",
    "notes": "Notes",
    "event_id": "Event id",
}


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events as the table shows them: dates as dates, newest last."""
    table = events.sort_values(["start_date", "event_id"])[list(TABLE_COLUMNS)].copy()
    for column in ("start_date", "end_date"):
        table[column] = table[column].dt.date
    return table.reset_index(drop=True)


def problems_table(problems: tuple[object, ...]) -> pd.DataFrame:
    """Return validation problems as rows of row, column, value and what was expected."""
    return pd.DataFrame(
        [vars(problem) for problem in problems], columns=["row", "column", "value", "expected"]
    )
