"""The seed articles' claims (``claims.csv``): each with a verdict, the events and the sources."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from dashboard.data import (
    EVENT_ID_PATTERN,
    Problem,
    is_web_url,
    read_rows,
    read_text,
    split_list,
)

VERDICTS = ("confirmed", "wrong", "misdated", "misattributed", "unverified", "opinion")
SEED_FILES = ("000_6928405853c456aa.txt", "001_53fa455e4d9f50fb.txt")
COLUMNS = (
    "claim_id",
    "seed_file",
    "claim",
    "verdict",
    "record_says",
    "event_ids",
    "source_urls",
    "notes",
)


def check_claim(line: int, row: dict[str, str], event_ids: frozenset[str]) -> list[Problem]:
    """Return every problem of one claim row."""
    problems: list[Problem] = []

    def problem(column: str, expected: str, value: str | None = None) -> None:
        problems.append(Problem(line, column, row[column] if value is None else value, expected))

    if not EVENT_ID_PATTERN.match(row["claim_id"]):
        problem("claim_id", "a slug of lower-case letters, digits and hyphens")
    if row["seed_file"] not in SEED_FILES:
        problem("seed_file", "one of " + ", ".join(SEED_FILES))
    if not row["claim"].strip():
        problem("claim", "a short paraphrase of the claim")
    if row["verdict"] not in VERDICTS:
        problem("verdict", "one of " + ", ".join(VERDICTS))
    checkable = row["verdict"] != "opinion"
    if checkable and not row["record_says"].strip():
        problem("record_says", "what the record and its sources say")
    for event_id in split_list(row["event_ids"]):
        if event_id not in event_ids:
            problem("event_ids", "event_id values of events.csv, separated by ;", event_id)
    urls = row["source_urls"].split()
    if not all(is_web_url(url) for url in urls):
        problem("source_urls", "http(s) URLs separated by spaces")
    elif checkable and not urls:
        problem("source_urls", "at least one source for a claim that can be checked")
    return problems


def load_claims(path: Path, event_ids: Iterable[str]) -> tuple[pd.DataFrame, tuple[Problem, ...]]:
    """Read and check ``claims.csv`` against the ids of events.csv; never raises on content."""
    try:
        text = read_text(path)
    except OSError as error:
        return pd.DataFrame(columns=COLUMNS), (Problem(0, "", str(path), f"a file ({error})"),)
    header, rows, problems = read_rows(text)
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        return pd.DataFrame(columns=COLUMNS), tuple(
            Problem(1, name, "", "a column of that name") for name in missing
        )
    known = frozenset(event_ids)
    seen: dict[str, int] = {}
    for line, row in rows:
        problems += check_claim(line, row, known)
        if row["claim_id"] in seen:
            problems.append(
                Problem(
                    line, "claim_id", row["claim_id"], f"a unique id (row {seen[row['claim_id']]})"
                )
            )
        seen.setdefault(row["claim_id"], line)
    bad = {problem.row for problem in problems}
    good = [row for line, row in rows if line not in bad]
    claims = pd.DataFrame(good, columns=list(COLUMNS))
    return claims, tuple(sorted(problems, key=lambda p: (p.row, p.column)))
