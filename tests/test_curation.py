"""A curator's changes: ids proposed, rows added, edited and deleted, diffs, and safe saves."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard import curation, data
from dashboard.schema import EVENTS
from tests.conftest import ALL_KINDS_ROWS, BLANK, VISIT_ROW, csv_text

NEW_VISIT = {
    **VISIT_ROW,
    "event_id": "2023-12-20-ven-state-visit",
    "country_iso3": "VEN",
    "start_date": "2023-12-20",
    "end_date": "2023-12-21",
    "title": "State visit of the President of Venezuela",
    "counterpart": "President Nicolás Maduro",
    "themes": "",
    "source_url": "https://example.org/maduro",
    "source_title": "Maduro in Tehran",
}


@pytest.fixture
def opened(write_events: Callable[..., Path]) -> curation.Opened:
    """The fixture record with a row of every kind, written canonically and opened."""
    path = write_events(ALL_KINDS_ROWS)
    path.write_text(curation.text_of(EVENTS.columns, ALL_KINDS_ROWS), encoding="utf-8")
    path.chmod(0o644)
    return curation.open_record(path)


def test_an_id_is_proposed_from_date_country_and_title() -> None:
    """Date, lower-case code, the title's first words in ASCII; a taken id gets a number."""
    day = dt.date(2023, 2, 14)
    assert (
        curation.propose_id(day, "CHN", "State visit to China") == "2023-02-14-chn-state-visit-to"
    )
    assert curation.propose_id(day, "CUB", "Visite d'État à Cuba") == "2023-02-14-cub-visite-d-etat"
    taken = {"2023-02-14-chn-state-visit-to", "2023-02-14-chn-state-visit-to-2"}
    proposed = curation.propose_id(day, "CHN", "State visit to China", taken)
    assert proposed == "2023-02-14-chn-state-visit-to-3"


def test_each_kind_has_its_own_fields() -> None:
    """A visit asks for the level, a trip for the setting, a membership step for the step."""
    visit = {field.name for field in curation.fields_for("visit")}
    trip = {field.name for field in curation.fields_for("trip")}
    assert "level" in visit and "level" not in trip
    assert "setting" in trip and "setting" not in visit
    step = next(field for field in curation.fields_for("membership") if field.name == "step")
    assert curation.is_required(step, "membership")


def test_opening_the_record_keeps_its_canonical_text(opened: curation.Opened) -> None:
    """Rewriting the opened rows gives the file's bytes back: a save changes only edits."""
    assert curation.text_of(opened.header, opened.rows).encode() == opened.raw
    assert len(opened.rows) == len(ALL_KINDS_ROWS)


def test_a_valid_row_of_each_kind_is_saved(opened: curation.Opened, geodata: data.Geodata) -> None:
    """A new visit is saved, the file validates, and only its line is new."""
    result = curation.save(opened, curation.with_row(opened.rows, NEW_VISIT), geodata.reference())
    assert result.saved, result
    after = opened.path.read_bytes()
    record = data.parse_record(after, geodata.reference())
    assert not record.problems
    assert NEW_VISIT["event_id"] in set(record.events["event_id"])
    added = set(after.decode().splitlines()) - set(opened.raw.decode().splitlines())
    assert len(added) == 1 and NEW_VISIT["event_id"] in added.pop()
    assert [change.action for change in result.changes] == ["added"]
    assert oct(opened.path.stat().st_mode & 0o777) == oct(0o644)


@pytest.mark.parametrize("kind_row", ALL_KINDS_ROWS[-4:], ids=lambda row: row["kind"])
def test_a_row_of_every_kind_is_added_anew(
    write_events: Callable[..., Path], geodata: data.Geodata, kind_row: dict[str, str]
) -> None:
    """Each kind added to a record without it is saved and validates."""
    others = [row for row in ALL_KINDS_ROWS if row["event_id"] != kind_row["event_id"]]
    dependants = {
        row["event_id"] for row in others if row.get("related_event_id") == kind_row["event_id"]
    }
    others = [row for row in others if row["event_id"] not in dependants]
    path = write_events(others)
    path.write_text(curation.text_of(EVENTS.columns, others), encoding="utf-8")
    opened = curation.open_record(path)
    result = curation.save(opened, curation.with_row(opened.rows, kind_row), geodata.reference())
    assert result.saved, result
    assert not data.parse_record(path.read_bytes(), geodata.reference()).problems


def test_an_invalid_edit_is_refused_by_row_and_column(
    opened: curation.Opened, geodata: data.Geodata
) -> None:
    """A visit without its level: refused, the problem named, the file byte-identical."""
    broken = {**VISIT_ROW, "level": ""}
    rows = curation.with_row(opened.rows, broken, replacing=VISIT_ROW["event_id"])
    result = curation.save(opened, rows, geodata.reference())
    assert not result.saved
    assert opened.path.read_bytes() == opened.raw
    checked = curation.check(curation.text_of(opened.header, rows), geodata.reference())
    (problem,) = curation.problems_of_row(checked, VISIT_ROW["event_id"])
    assert problem.column == "level"
    assert any(p.column == "level" for p in result.problems)


def test_deleting_a_visit_its_signing_needs_is_refused(
    opened: curation.Opened, geodata: data.Geodata
) -> None:
    """The agreement of a deleted visit would point nowhere: refused with that row's problem."""
    rows = curation.without_row(opened.rows, VISIT_ROW["event_id"])
    result = curation.save(opened, rows, geodata.reference())
    assert not result.saved and result.problems
    assert opened.path.read_bytes() == opened.raw


def test_a_change_on_disk_since_opening_refuses_the_save_with_the_diff(
    opened: curation.Opened, geodata: data.Geodata
) -> None:
    """Someone else changed a title: the save is refused and says what changed there."""
    on_disk = opened.raw.replace(b"Havana report", b"Havana report (updated)")
    opened.path.write_bytes(on_disk)
    result = curation.save(opened, curation.with_row(opened.rows, NEW_VISIT), geodata.reference())
    assert not result.saved
    assert opened.path.read_bytes() == on_disk
    (change,) = result.changes
    assert change.action == "changed"
    assert change.fields == (
        curation.FieldChange("source_title", "Havana report", "Havana report (updated)"),
    )


def test_the_diff_names_every_field_changed() -> None:
    """Added, changed and deleted rows, each with the cells that differ."""
    before = [{"event_id": "a", "title": "A"}, {"event_id": "b", "title": "B"}]
    after = [{"event_id": "a", "title": "A2"}, {"event_id": "c", "title": "C"}]
    changes = curation.diff(before, after)
    assert [(change.event_id, change.action) for change in changes] == [
        ("a", "changed"),
        ("b", "deleted"),
        ("c", "added"),
    ]
    assert changes[0].fields == (curation.FieldChange("title", "A", "A2"),)


def test_nothing_to_save_writes_nothing(opened: curation.Opened, geodata: data.Geodata) -> None:
    """The rows as opened: no write."""
    modified = opened.path.stat().st_mtime_ns
    result = curation.save(opened, opened.rows, geodata.reference())
    assert not result.saved and "Nothing to save" in result.message
    assert opened.path.stat().st_mtime_ns == modified


def test_a_missing_file_opens_empty() -> None:
    """No file: no rows, the schema's header."""
    opened = curation.open_record(Path("/nonexistent/events.csv"))
    assert opened.rows == () and opened.header == EVENTS.columns


def test_a_file_whose_rows_cannot_be_read_is_not_opened(tmp_path: Path) -> None:
    """A row cut short: the file is not opened for editing, and the problem says where."""
    path = tmp_path / "events.csv"
    text = csv_text([{**BLANK, **ALL_KINDS_ROWS[0]}])
    path.write_text(text + '2021-09-17-x,trip,"unclosed\n', encoding="utf-8")
    opened = curation.open_record(path)
    assert opened.rows == () and opened.problems


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from dashboard import canonical
    path = Path(sys.argv[1])
    content = sys.argv[2] * 2_000_000
    print("ready", flush=True)
    while True:
        canonical.write_atomically(path, content)
    """
)


def test_a_save_killed_midway_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    """SIGKILL a process that keeps saving, many times: the file is always one whole version."""
    path = tmp_path / "events.csv"
    versions = {"a" * 2_000_000, "b" * 2_000_000}
    path.write_text("a" * 2_000_000, encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    for attempt in range(20):
        writer = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(path), "ab"[attempt % 2]],
            cwd=root,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        # Kill it at a different moment of its writing each time.
        deadline = 0.005 * (attempt + 1)
        try:
            writer.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            writer.kill()
        writer.wait()
        assert path.read_text(encoding="utf-8") in versions
    leftovers = [name for name in os.listdir(tmp_path) if name != "events.csv"]
    # A killed writer may leave its temporary file (hidden, never the record); never a mix.
    assert all(name.startswith(".events.csv.") for name in leftovers)
