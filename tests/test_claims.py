"""claims.csv: every claim has a verdict, existing events and sources; problems are named."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard import claims, data, paths

GOOD_CLAIM = {
    "claim_id": "dushanbe-summit-name",
    "seed_file": "000_6928405853c456aa.txt",
    "claim": "The Dushanbe meeting of Sep 2021 was a BRICS summit.",
    "verdict": "misattributed",
    "record_says": "It was the SCO summit.",
    "event_ids": "2021-09-16-tjk-sco-summit",
    "source_urls": "https://example.org/sco",
    "notes": "",
}


def write_claims(tmp_path: Path, *rows: dict[str, str]) -> Path:
    """Write claim rows to a file and return its path."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=claims.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "claims.csv"
    path.write_text(buffer.getvalue())
    return path


def test_a_good_claim_loads(tmp_path: Path) -> None:
    """A claim with a verdict, a known event and a source has no problem."""
    loaded, problems = claims.load_claims(
        write_claims(tmp_path, GOOD_CLAIM), ["2021-09-16-tjk-sco-summit"]
    )
    assert problems == () and loaded["claim_id"].tolist() == ["dushanbe-summit-name"]


@pytest.mark.parametrize(
    ("column", "value", "expected_fragment"),
    [
        ("verdict", "true", "one of confirmed"),
        ("event_ids", "2021-09-16-tjk-sco-summit; 2099-01-01-nothing", "event_id values"),
        ("source_urls", "", "at least one source"),
        ("source_urls", "www.example.org", "http(s) URLs"),
        ("seed_file", "other.txt", "one of 000_"),
        ("record_says", "", "what the record"),
    ],
)
def test_bad_claims_are_named(
    tmp_path: Path, column: str, value: str, expected_fragment: str
) -> None:
    """Each bad cell is reported with its row and column."""
    path = write_claims(tmp_path, {**GOOD_CLAIM, column: value})
    _, problems = claims.load_claims(path, ["2021-09-16-tjk-sco-summit"])
    assert [(p.row, p.column) for p in problems] == [(2, column)]
    assert expected_fragment in problems[0].expected


def test_an_opinion_needs_no_source(tmp_path: Path) -> None:
    """Opinions are recorded as such, without events or sources."""
    opinion = {**GOOD_CLAIM, "verdict": "opinion", "event_ids": "", "source_urls": ""}
    opinion["record_says"] = ""
    assert claims.load_claims(write_claims(tmp_path, opinion), [])[1] == ()


def test_the_real_claims_reference_existing_events_and_cover_the_seeds() -> None:
    """Every claim of claims.csv is valid, both seeds have claims, every verdict is used."""
    record = data.load_record(paths.EVENTS, data.load_geodata().reference())
    loaded, problems = claims.load_claims(paths.CLAIMS, record.events["event_id"])
    assert [str(problem) for problem in problems] == []
    assert set(loaded["seed_file"]) == set(claims.SEED_FILES)
    assert set(loaded["verdict"]) == set(claims.VERDICTS)
    checkable = loaded[loaded["verdict"] != "opinion"]
    assert (checkable["source_urls"] != "").all()
    assert {"dushanbe-summit-name", "zardari-meeting-date", "brics-accession-date"} <= set(
        loaded["claim_id"]
    )
