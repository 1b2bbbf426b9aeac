"""The seed articles' claims (``claims.csv``): each with a verdict, the events and the sources."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

import pandas as pd

from dashboard import reading, validation
from dashboard.reading import FILE, HEADER, Problem
from dashboard.schema import CLAIMS
from dashboard.validation import is_web_url, split_list

VERDICTS = CLAIMS.enum("verdict")
# A verdict's badge: a colour apart for the common colour-vision deficiencies (blue against
# orange, the rest grey and violet) and an icon and a word, so colour is never the only cue.
BadgeColor = Literal["blue", "orange", "violet", "gray"]
VERDICT_BADGES: dict[str, tuple[BadgeColor, str]] = {
    "confirmed": ("blue", ":material/check_circle:"),
    "wrong": ("orange", ":material/cancel:"),
    "misdated": ("violet", ":material/event_busy:"),
    "misattributed": ("violet", ":material/swap_horiz:"),
    "unverified": ("gray", ":material/help:"),
    "opinion": ("gray", ":material/chat:"),
}
SEED_FILES = CLAIMS.enum("seed_file")
COLUMNS = CLAIMS.columns


def check_claim(
    line: int, row: dict[str, str], shown: frozenset[str], all_lines: Mapping[str, int]
) -> list[Problem]:
    """Return the problems of one claim row beyond its cells' own.

    ``shown`` are the event ids the page shows; ``all_lines`` maps every event id of
    events.csv, shown or left out, to its row.
    """
    problems: list[Problem] = []

    def problem(column: str, expected: str, value: str | None = None) -> None:
        problems.append(Problem(line, column, row[column] if value is None else value, expected))

    checkable = row["verdict"] != "opinion"
    if checkable and not row["record_says"].strip():
        problem("record_says", "what the record and its sources say")
    for event_id in split_list(row["event_ids"]):
        if event_id in shown:
            continue
        if event_id in all_lines:
            problem(
                "event_ids",
                f"events that are shown: row {all_lines[event_id]} of events.csv is left out "
                "(see its problems)",
                event_id,
            )
        else:
            problem("event_ids", "event_id values of events.csv, separated by ;", event_id)
    urls = row["source_urls"].split()
    if not all(is_web_url(url) for url in urls):
        problem("source_urls", "http(s) URLs separated by spaces")
    elif checkable and not urls:
        problem("source_urls", "at least one source for a claim that can be checked")
    return problems


def parse_claims(
    raw: bytes | None, shown: frozenset[str], all_lines: Mapping[str, int]
) -> tuple[pd.DataFrame, tuple[Problem, ...]]:
    """Read and check the bytes of ``claims.csv``; never raises on content."""
    empty = pd.DataFrame(columns=list(COLUMNS))
    if raw is None:
        return empty, (
            Problem(
                FILE,
                "",
                "missing or unreadable",
                "the file; the Claims tab has no claims to show",
                "claims.csv",
            ),
        )
    table = reading.read_table(raw, COLUMNS, CLAIMS.required_columns)
    problems = list(table.problems)
    if any(p.row == HEADER and p.column in CLAIMS.required_columns for p in problems):
        return empty, tuple(problems)
    rows = [(line, {name: row.get(name, "") for name in COLUMNS}) for line, row in table.rows]
    seen: dict[str, int] = {}
    for line, row in rows:
        problems += validation.check_cells(CLAIMS, line, row)
        problems += check_claim(line, row, shown, all_lines)
        if row["claim_id"] in seen:
            problems.append(
                Problem(
                    line, "claim_id", row["claim_id"], f"a unique id (row {seen[row['claim_id']]})"
                )
            )
        seen.setdefault(row["claim_id"], line)
    bad = {problem.row for problem in problems} | set(table.unreadable_lines)
    claims = pd.DataFrame([row for line, row in rows if line not in bad], columns=list(COLUMNS))
    return claims, tuple(sorted(problems, key=lambda p: (p.row, p.column)))


def load_claims(
    path: Path, shown: Iterable[str], all_lines: Mapping[str, int] | None = None
) -> tuple[pd.DataFrame, tuple[Problem, ...]]:
    """Read and check ``claims.csv`` against the ids of events.csv; never raises on content."""
    try:
        raw: bytes | None = path.read_bytes()
    except OSError:
        raw = None
    return parse_claims(raw, frozenset(shown), all_lines if all_lines is not None else {})
