"""The table under the map: the events of the period, in reading order, with their sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard import analysis, view
from dashboard.data import Problem, split_list

# A source is shown by its site's name: the host of its address, without "www." (the app's
# link columns take the pattern; the static edition applies it, ``edition.site_name``).
SOURCE_SITE = r"https?://(?:www\.)?([^/]+)"

SEED_NAMES = {
    "000_6928405853c456aa.txt": "KHAMENEI.IR, May 2025",
    "001_53fa455e4d9f50fb.txt": "Medium, Jul 2023",
}

TABLE_COLUMNS = {
    "start_date": "From",
    "end_date": "To",
    "date_precision": "Date precision",
    "kind": "Kind",
    "country_name": "Country",
    "city": "City",
    "other_places": "Other places",
    "title": "Event",
    "counterpart": "Met",
    "level": "Level",
    "organization": "Forum",
    "documents_counted": "Documents counted",
    "documents": "Documents",
    "trade_target_usd": "Trade target (US$)",
    "themes": "Themes",
    "source_url": "Source",
    "sources_differ": "Sources differ",
    "notes": "Notes",
    "event_id": "Event id",
}


def events_table(events: pd.DataFrame, documents_counted: pd.Series) -> pd.DataFrame:
    """Return the events as the table shows them: dates as dates, newest last.

    ``documents_counted`` (``counting.documents_counted``) says which rows carry each count in
    this view, so the column sums to the headline number.
    """
    table = events.assign(documents_counted=documents_counted)
    if "sources_differ" not in table:
        # Events not annotated with the ledger (dashboard/ledger.py): no disagreement shown.
        table = table.assign(sources_differ="")
    table = table.sort_values(["start_date", "event_id"])[list(TABLE_COLUMNS)].copy()
    for column in ("start_date", "end_date"):
        table[column] = table[column].dt.date
    # Words, not codes: "head of state", "regional conflict".
    table["level"] = table["level"].map(lambda code: view.label(code) if code else code)
    table["themes"] = table["themes"].str.replace("_", " ")
    return table.reset_index(drop=True)


def download_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Return the table with the headers it shows (a download reads as the table does)."""
    return table.rename(columns=TABLE_COLUMNS)


def problems_table(problems_by_file: Mapping[str, Sequence[Problem]]) -> pd.DataFrame:
    """Return validation problems as rows of file, row, column, value and what was expected."""
    return pd.DataFrame(
        [
            {**vars(problem), "file": problem.file or name}
            for name, problems in problems_by_file.items()
            for problem in problems
        ],
        columns=["file", "row", "column", "value", "expected"],
    )


def claims_table(
    claims: pd.DataFrame, events: pd.DataFrame, verdicts: Sequence[str]
) -> pd.DataFrame:
    """Return the claims to show, each with the view (``show_on_map``) of its events.

    ``link`` is the same view as a relative link; ``source_urls`` lists the sources.
    """
    shown = claims[claims["verdict"].isin(verdicts)] if verdicts else claims
    queries = [
        analysis.claim_view_query(split_list(cell), events) or None for cell in shown["event_ids"]
    ]
    links = [
        "?" + "&".join(f"{key}={value}" for key, value in {**query, "tab": "Map"}.items())
        if query
        else None
        for query in queries
    ]
    table = shown.assign(
        show_on_map=pd.Series(queries, index=shown.index, dtype="object"),
        link=pd.Series(links, index=shown.index, dtype="object"),
        seed=shown["seed_file"].map(SEED_NAMES),
        first_source=shown["source_urls"].str.split().str[0],
    )
    return table[
        [
            "claim_id",
            "claim",
            "verdict",
            "record_says",
            "seed",
            "show_on_map",
            "link",
            "first_source",
            "source_urls",
            "notes",
        ]
    ].reset_index(drop=True)
