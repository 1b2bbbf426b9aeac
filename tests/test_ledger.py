"""disagreements.csv: the ledger's rows are checked and reach the table and the story.

Each other value names a shown event, is written as the record writes that column, and
differs from the record's own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard import __main__ as cli
from dashboard import analysis, canonical, data, ledger, paths, tables
from dashboard.reading import Problem

EVENTS_CSV = canonical.to_csv_text(
    ("event_id", "kind", "start_date", "agreements_signed", "city"),
    [
        {
            "event_id": "2023-05-03-syr-documents",
            "kind": "agreement",
            "start_date": "2023-05-03",
            "agreements_signed": "15",
            "city": "Damascus",
        },
        {
            "event_id": "2022-09-20-pak-sharif-meeting",
            "kind": "meeting",
            "start_date": "2022-09-20",
            "agreements_signed": "",
            "city": "New York",
        },
    ],
)
GOOD = {
    "event_id": "2023-05-03-syr-documents",
    "field": "agreements_signed",
    "value": "14",
    "source_url": "https://kayhan.example/14",
    "source_title": "14 agreements",
    "kept_source_url": "https://urdupoint.example/15",
    "why": "Three sources give about 15; one headline says 14.",
}


def ledger_bytes(*rows: dict[str, str]) -> bytes:
    """Return ledger rows as the bytes of a file."""
    return canonical.to_csv_text(ledger.COLUMNS, rows).encode()


def parse(
    *rows: dict[str, str], lines: dict[str, int] | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Return the ledger's valid rows and its problems, against the two-event fixture."""
    frame, problems = ledger.parse_disagreements(ledger_bytes(*rows), EVENTS_CSV, lines or {})
    return frame, list(problems)


def test_a_good_row_loads_with_the_value_the_record_keeps() -> None:
    """The row loads, with the event's own cell beside the other source's value."""
    frame, problems = parse(GOOD)
    assert problems == []
    assert [frame.at[0, "value"], frame.at[0, "kept_value"]] == ["14", "15"]


@pytest.mark.parametrize(
    ("change", "column", "expected"),
    [
        ({"event_id": "2099-01-01-nowhere"}, "event_id", "an event_id of events.csv"),
        ({"value": "15"}, "value", "a value other than the event's own agreements_signed"),
        ({"value": "fourteen"}, "value", "agreements_signed as events.csv writes it"),
        (
            {"field": "start_date", "value": "14 Sep 2022"},
            "value",
            "an ISO 8601 date",
        ),
        ({"field": "title"}, "field", "one of start_date"),
        ({"source_url": "kayhan.ir"}, "source_url", "an http(s) URL"),
        ({"why": ""}, "why", "a value"),
        ({"value": "=1+13"}, "value", "text that does not start with ="),
    ],
)
def test_a_bad_row_is_named_by_row_and_column(
    change: dict[str, str], column: str, expected: str
) -> None:
    """Each kind of mistake is reported on row 2, in its column, and the row is left out."""
    frame, problems = parse({**GOOD, **change})
    assert frame.empty
    assert [(p.row, p.column) for p in problems] == [(2, column)], problems
    assert expected in problems[0].expected


def test_an_event_left_out_is_told_apart_from_an_unknown_one() -> None:
    """A row about an event with problems says which row of events.csv to mend."""
    left_out = {**GOOD, "event_id": "2023-01-01-irq-left-out"}
    _, problems = parse(left_out, lines={"2023-01-01-irq-left-out": 40})
    assert "row 40 of events.csv is left out" in problems[0].expected


def test_a_repeated_row_is_named() -> None:
    """The same event, field, value and source twice: the second is a problem."""
    frame, problems = parse(GOOD, GOOD)
    assert len(frame) == 1
    assert [(p.row, p.column) for p in problems] == [(3, "value")]
    assert "row 2 has it" in problems[0].expected


def test_a_missing_ledger_is_no_problem_and_a_broken_one_never_raises() -> None:
    """A record may have no disagreements; any bytes give problems, not an exception."""
    assert ledger.parse_disagreements(None, EVENTS_CSV, {})[1] == ()
    for raw in (b"", b"\xff\xfe\x00garbage", b"event_id;field\n1;2\n", ledger_bytes(GOOD)[:50]):
        frame, problems = ledger.parse_disagreements(raw, EVENTS_CSV, {})
        assert problems and frame.empty


def test_each_event_carries_what_other_sources_give() -> None:
    """``sources_differ`` names the field, the other value and its source's site."""
    frame, _ = parse(
        GOOD,
        {
            **GOOD,
            "event_id": "2022-09-20-pak-sharif-meeting",
            "field": "start_date",
            "value": "2022-09-21",
            "source_url": "https://www.pakobserver.net/schedule",
        },
    )
    events = pd.DataFrame(
        {
            "event_id": ["2023-05-03-syr-documents", "2022-09-20-pak-sharif-meeting", "other"],
            "start_date": pd.to_datetime(["2023-05-03", "2022-09-20", "2022-01-01"]),
            "title": ["Documents", "Meeting", "Other"],
        }
    )
    annotated = ledger.annotate(events, frame)
    assert annotated["sources_differ"].tolist() == [
        "Documents signed: 14 per kayhan.example",
        "Start date: 2022-09-21 per pakobserver.net",
        "",
    ]
    shown = ledger.in_view(frame, events.iloc[[1]])
    assert shown["event_id"].tolist() == ["2022-09-20-pak-sharif-meeting"]
    assert shown.loc[0, "start_date"] == dt.date(2022, 9, 20)
    assert ledger.count_text(shown, "Sep 2022").startswith("Sources differ on 1 event of Sep 2022")
    assert "No disagreement" in ledger.count_text(shown.iloc[0:0], "Sep 2022")


def test_the_real_ledger_is_valid_and_reaches_the_table_and_the_story() -> None:
    """Every row of disagreements.csv is valid; its events show it in both places."""
    geodata = data.load_geodata()
    record = data.locate_record(data.load_record(paths.EVENTS, geodata.reference()), geodata)
    frame, problems = ledger.parse_disagreements(
        paths.DISAGREEMENTS.read_bytes(), record.valid_csv, record.event_lines
    )
    assert problems == ()
    assert len(frame) >= 20
    events = ledger.annotate(record.events, frame)
    table = tables.events_table(events, pd.Series(0, index=events.index))
    memorandum = table[table["event_id"] == "2022-09-15-uzb-sco-memorandum-signed"]
    assert "Start date: 2022-09-16 per lex.uz" in memorandum["sources_differ"].iloc[0]
    story = analysis.country_story(events, "UZB")
    assert "Start date: 2022-09-14 per islamtimes.org" in " ".join(
        story["timeline"]["sources_differ"]
    )
    uzbek_documents = story["agreements"]["sources_differ"]
    assert any("Documents signed: 15 per usmuslims.com" in cell for cell in uzbek_documents)


def test_the_command_line_checks_the_ledger_beside_the_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``validate`` reads disagreements.csv beside events.csv and names its problems."""
    (tmp_path / "events.csv").write_bytes(paths.EVENTS.read_bytes())
    (tmp_path / "disagreements.csv").write_bytes(
        ledger_bytes({**GOOD, "value": "15"})  # the record's own count: not a disagreement
    )
    assert cli.main(["validate", str(tmp_path / "events.csv")]) == 1
    out = capsys.readouterr().out
    assert "disagreements.csv: row 2, column value: '15'" in out
    (tmp_path / "disagreements.csv").write_bytes(ledger_bytes(GOOD))
    assert cli.main(["validate", str(tmp_path / "events.csv")]) == 0
    assert "all 1 disagreements are valid" in capsys.readouterr().out
