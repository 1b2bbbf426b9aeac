"""Validation names the row, column and expectation of every problem; good rows survive."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from dashboard import data
from tests.conftest import (
    ALL_KINDS_ROWS,
    GOOD_ROWS,
    HEADER,
    MEMBERSHIP_ROW,
    VISIT_ROW,
    changed,
    csv_text,
)

Load = Callable[..., data.Record]


def test_good_rows_validate_clean(load: Load) -> None:
    """A well-formed file has no problems and every row comes back typed."""
    record = load()
    assert record.problems == ()
    assert len(record.events) == 3
    assert record.events["start_date"].dtype.kind == "M"
    assert record.events["agreements_signed"].tolist()[0] == 8
    assert pd.isna(record.events["agreements_signed"].tolist()[1])


@pytest.mark.parametrize(
    ("column", "value", "expected_fragment"),
    [
        ("event_id", "Bad Id", "slug"),
        ("kind", "holiday", "one of trip, visit"),
        ("start_date", "2021-13-01", "exists in the calendar"),
        ("start_date", "16/09/2021", "ISO 8601"),
        ("start_date", "2020-01-01", "within the Raisi presidency, 2021-08-03"),
        ("end_date", "2021-09-15", "on or after start_date"),
        ("country_iso3", "XYZ", "alpha-3"),
        ("country_iso3", "tjk", "alpha-3"),
        ("city", "Khujand", "places.csv"),
        ("source_url", "javascript:alert(1)", "http(s) URL"),
        ("source_url", "", "required"),
        ("extra_source_urls", "ftp://example.org", "http(s) URLs"),
        ("agreements_signed", "about 8", "whole number"),
        ("organization", "NATO", "SCO"),
        ("leg", "0", "from 1 to 20"),
        ("trip_id", "", "a trip row needs it"),
        ("title", " ", "required"),
        ("date_precision", "roughly", "one of day, approximate, month"),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column(
    load: Load, column: str, value: str, expected_fragment: str
) -> None:
    """The problem points at row 2 (the first data line), the column and what was expected."""
    record = load(changed(0, GOOD_ROWS, **{column: value}))
    assert [(p.row, p.column) for p in record.problems] == [(2, column)]
    assert expected_fragment in record.problems[0].expected
    assert record.problems[0].value == value
    assert len(record.events) == 2, "the other rows are still served"


def test_every_problem_is_reported_at_once(load: Load) -> None:
    """Several bad cells in several rows all appear in one run."""
    rows = changed(0, kind="holiday", start_date="x")
    rows[2]["source_url"] = "mailto:someone@example.org"
    record = load(rows)
    assert {(p.row, p.column) for p in record.problems} == {
        (2, "kind"),
        (2, "start_date"),
        (4, "source_url"),
    }
    assert record.events["event_id"].tolist() == ["2023-06-12-ven-state-visit"]


def test_duplicate_id_names_the_first_row(load: Load) -> None:
    """A repeated event_id is reported on the repeat, naming where it first appeared."""
    record = load(changed(1, event_id=GOOD_ROWS[0]["event_id"]))
    problem, knock_on = record.problems
    assert (problem.row, problem.column) == (3, "event_id")
    assert "row 2" in problem.expected
    assert (knock_on.row, knock_on.column) == (4, "leg"), "the next leg of its tour goes too"
    assert "row 3" in knock_on.expected


def test_tour_legs_must_follow_in_time(load: Load) -> None:
    """Leg 2 of a tour cannot start before leg 1."""
    record = load(changed(2, start_date="2023-06-10", end_date="2023-06-10"))
    assert [(p.row, p.column) for p in record.problems] == [(4, "start_date")]


def test_missing_column_is_named_and_no_row_is_trusted(load: Load) -> None:
    """Without a required column nothing can be checked, so the header is the problem."""
    header = [name for name in HEADER if name != "source_url"]
    record = load(text=csv_text(GOOD_ROWS, header))
    assert [(p.row, p.column) for p in record.problems] == [(1, "source_url")]
    assert record.events.empty


def test_row_of_wrong_width_is_reported_not_fatal(load: Load) -> None:
    """A line with an extra field is reported by its line number; the rest load."""
    text = csv_text(GOOD_ROWS).splitlines()
    text[2] += ",surplus"
    record = load(text="\n".join(text) + "\n")
    assert [p.row for p in record.problems] == [3]
    assert len(record.events) == 2


def test_bytes_that_are_not_utf8_are_reported(geodata: data.Geodata, tmp_path: Path) -> None:
    """Latin-1 bytes in a cell are reported on their row instead of crashing the load."""
    path = tmp_path / "events.csv"
    utf8 = csv_text(changed(1, notes="caf\xe9")).encode("utf-8")
    path.write_bytes(utf8.replace("caf\xe9".encode(), b"caf\xe9"))
    record = data.load_record(path, geodata.reference())
    assert [(p.row, p.column) for p in record.problems] == [(0, ""), (3, "notes"), (4, "leg")]
    raw = path.read_bytes()
    line_start = raw.rindex(b"\n", 0, raw.index(b"\xe9")) + 1
    column = raw.index(b"\xe9") - line_start + 1
    assert record.problems[0].value == f"byte 0xE9 at line 3, byte {column}"
    assert "UTF-8" in record.problems[0].expected


def test_empty_and_missing_files_are_problems_not_crashes(
    geodata: data.Geodata, tmp_path: Path, load: Load
) -> None:
    """An empty file and a missing file each give one problem and no events."""
    assert load(text="").problems[0].expected.startswith("a header")
    missing = data.load_record(tmp_path / "nope.csv", geodata.reference())
    assert missing.events.empty and missing.problems[0].value == "missing or unreadable"


def test_problem_reads_as_a_sentence() -> None:
    """str(Problem) gives the row, the column, the value and the expectation."""
    problem = data.Problem(7, "start_date", "2021-02-30", "an ISO 8601 date, YYYY-MM-DD")
    assert (
        str(problem)
        == "row 7, column start_date: '2021-02-30' — expected an ISO 8601 date, YYYY-MM-DD"
    )


def test_tour_legs_start_where_the_previous_stop_was(locate: Callable[..., pd.DataFrame]) -> None:
    """The first stop's arc starts in Tehran; the second stop's starts at the first."""
    located = locate().set_index("event_id")
    assert located.loc["2021-09-16-tjk-sco-summit", "origin_city"] == "Tehran"
    assert located.loc["2023-06-12-ven-state-visit", "origin_city"] == "Tehran"
    assert located.loc["2023-06-14-cub-state-visit", "origin_city"] == "Caracas"
    assert located.loc["2023-06-14-cub-state-visit", "origin_longitude"] == pytest.approx(-66.9)
    assert located.loc["2023-06-14-cub-state-visit", "country_name"] == "Cuba"


def test_every_kind_validates(load: Load) -> None:
    """A trip, a visit, an agreement and a membership step all load, typed."""
    record = load(ALL_KINDS_ROWS)
    assert record.problems == ()
    assert sorted(record.events["kind"].unique()) == ["agreement", "membership", "trip", "visit"]
    agreement = record.events.set_index("event_id").loc["2023-12-09-cub-documents"]
    assert agreement["trade_target_usd"] == 500_000_000
    assert not record.events["virtual"].any()


@pytest.mark.parametrize(
    ("row_index", "column", "value", "expected_fragment"),
    [
        (3, "level", "", "a visit row needs it"),
        (3, "level", "king", "one of head_of_state"),
        (3, "country_iso3", "IRN", "the visitor's country"),
        (3, "city", "Havana", "a place listed for IRN"),
        (3, "themes", "economy; gossip", "names from economy"),
        (4, "trade_target_usd", "$500m", "whole number from 0 to"),
        (4, "related_event_id", "2099-01-01-nowhere", "a trip or visit row"),
        (4, "related_event_id", "2021-09-17-tjk-sco-accession-decision", "a trip or visit row"),
        (5, "step", "", "a membership row needs it"),
        (5, "virtual", "yes", "true, false or empty"),
        (
            0,
            "related_event_id",
            "2023-12-09-cub-state-visit",
            "only agreement or meeting rows have it",
        ),
    ],
)
def test_issue_three_columns_are_checked(
    load: Load, row_index: int, column: str, value: str, expected_fragment: str
) -> None:
    """Levels, themes, trade targets, related events, steps and flags name their problem."""
    record = load(changed(row_index, ALL_KINDS_ROWS, **{column: value}))
    first, *knock_on = record.problems
    assert (first.row, first.column) == (row_index + 2, column)
    assert expected_fragment in first.expected
    if row_index == 3:
        assert [(p.row, p.column) for p in knock_on] == [(6, "related_event_id")], (
            "the visit's documents are left out with it"
        )
    else:
        assert not knock_on


def test_a_visit_arc_runs_from_the_visitors_capital(locate: Callable[..., pd.DataFrame]) -> None:
    """A visit starts at the visitor's capital and ends in Iran; other kinds have no arc."""
    located = locate(ALL_KINDS_ROWS).set_index("event_id")
    visit = located.loc["2023-12-09-cub-state-visit"]
    assert (visit["origin_city"], visit["city"]) == ("Havana", "Tehran")
    assert (visit["longitude"], visit["latitude"]) == (51.4, 35.7)
    assert located["origin_latitude"].isna().sum() == 2, "the agreement and the SCO step"
    assert located.loc["2023-12-09-cub-documents", "place_country_iso3"] == "IRN"


def test_only_visits_may_follow_the_presidency(load: Load) -> None:
    """Condolence visits after 19 May 2024 are allowed until 31 May; a trip then is not."""
    without_documents = [row for row in ALL_KINDS_ROWS if row["kind"] != "agreement"]
    rows = changed(3, without_documents, start_date="2024-05-22", end_date="2024-05-22")
    assert load(rows).problems == ()
    late_trip = changed(0, start_date="2024-05-22", end_date="2024-05-22")
    assert [(p.row, p.column) for p in load(late_trip).problems] == [(2, "start_date")]
    too_late = changed(3, ALL_KINDS_ROWS, start_date="2024-06-01", end_date="2024-06-01")
    problems = load(too_late).problems
    assert (problems[0].row, problems[0].column) == (5, "start_date")
    assert "only visits run later, to 2024-05-31" in problems[0].expected


def test_an_approximate_date_is_a_valid_row_and_says_so(load: Load) -> None:
    """``date_precision`` approximate or month is kept, and the tooltip writes it."""
    record = load(changed(0, GOOD_ROWS, date_precision="approximate"))
    assert not record.problems
    assert record.events.loc[0, "date_precision"] == "approximate"


@pytest.mark.parametrize(
    ("president", "start", "end", "expected"),
    [
        ("rouhani", "2014-09-10", "2014-09-12", None),
        ("rouhani", "2021-09-16", "2021-09-18", "within the Rouhani presidency, 2013-08-03"),
        ("raisi", "2014-09-10", "2014-09-12", "within the Raisi presidency, 2021-08-03"),
        ("pezeshkian", "2024-09-11", "2024-09-13", None),
        ("pezeshkian", "2024-07-01", "2024-07-02", "within the Pezeshkian presidency, 2024-07-30"),
        ("raisi", "2024-09-11", "2024-09-13", "within the Raisi presidency, 2021-08-03"),
        ("khatami", "2021-09-16", "2021-09-18", "one of raisi, rouhani, pezeshkian"),
    ],
)
def test_each_row_falls_within_its_presidents_term(
    load: Load, president: str, start: str, end: str, expected: str | None
) -> None:
    """A trip of Rouhani's in 2014 is valid; a row outside its president's term is named."""
    row = {**GOOD_ROWS[0], "president": president, "start_date": start, "end_date": end}
    # The tour's later legs are dropped: they would follow a leg that moved.
    record = load([row])
    if expected is None:
        assert record.problems == ()
    else:
        assert [p.column for p in record.problems][:1] in (["start_date"], ["president"])
        assert expected in record.problems[0].expected


def test_pezeshkians_record_holds_his_journeys_only(load: Load) -> None:
    """A visit received by Pezeshkian is refused: his record holds his journeys (x-kinds)."""
    dates = {"president": "pezeshkian", "start_date": "2024-09-11", "end_date": "2024-09-12"}
    record = load([*GOOD_ROWS, {**VISIT_ROW, **dates}])
    assert [(p.column, p.expected.split(":")[0]) for p in record.problems] == [
        ("kind", "a kind recorded for Pezeshkian")
    ]


def test_a_kind_or_level_not_recorded_for_a_president_is_refused(load: Load) -> None:
    """Rouhani's record holds journeys and the heads he received (x-kinds, x-levels)."""
    dates = {"president": "rouhani", "start_date": "2016-01-10", "end_date": "2016-01-11"}
    head = {**VISIT_ROW, **dates}
    assert load([*GOOD_ROWS, head]).problems == ()
    speaker = {**head, "level": "speaker"}
    step = {**MEMBERSHIP_ROW, **dates, "event_id": "2016-01-10-irn-step"}
    record = load([*GOOD_ROWS, speaker, step])
    assert sorted((p.column, p.expected.split(":")[0]) for p in record.problems) == [
        ("kind", "a kind recorded for Rouhani"),
        ("level", "a level recorded for Rouhani"),
    ]
