"""The curation mode as Streamlit runs it: forms by kind, checks as typed, preview, saves."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import curation, data, paths, texts

CURATE = str(paths.ROOT / "dashboard" / "curate.py")
VISIT = {
    "start_date": dt.date(2023, 12, 20),
    "end_date": dt.date(2023, 12, 21),
    "country_iso3": "VEN",
    "city": "Tehran",
    "title": "Test visit of the President of Venezuela",
    "counterpart": "President Nicolás Maduro",
    "level": "head_of_state",
    "source_url": "https://example.org/maduro",
    "source_title": "Maduro in Tehran",
}
# One new row of each kind, each valid against the real record (test rows, in a copy).
NEW_ROWS: dict[str, dict[str, Any]] = {
    "visit": VISIT,
    "trip": {
        "trip_id": "2023-06-latin-america-tour",
        "leg": 4,
        "setting": "bilateral",
        "start_date": dt.date(2023, 6, 16),
        "end_date": dt.date(2023, 6, 16),
        "country_iso3": "IND",
        "city": "New Delhi",
        "title": "Test stop",
        "source_url": "https://example.org/stop",
        "source_title": "A stop",
    },
    "agreement": {
        "related_event_id": "2023-06-12-ven-state-visit",
        "start_date": dt.date(2023, 6, 12),
        "end_date": dt.date(2023, 6, 12),
        "country_iso3": "VEN",
        "city": "Caracas",
        "title": "Test documents",
        "agreements_signed": 2,
        "source_url": "https://example.org/documents",
        "source_title": "Documents",
    },
    "meeting": {
        "related_event_id": "2023-09-18-usa-un-general-assembly",
        "start_date": dt.date(2023, 9, 20),
        "end_date": dt.date(2023, 9, 20),
        "country_iso3": "JPN",
        "city": "New York",
        "title": "Test meeting with the Prime Minister of Japan",
        "counterpart": "Prime Minister",
        "level": "head_of_government",
        "source_url": "https://example.org/meeting",
        "source_title": "A meeting",
    },
    "membership": {
        "start_date": dt.date(2023, 7, 4),
        "end_date": dt.date(2023, 7, 4),
        "country_iso3": "IND",
        "city": "New Delhi",
        "title": "Test step",
        "organization": ["SCO"],
        "step": "decision",
        "source_url": "https://example.org/step",
        "source_title": "A step",
    },
}


@pytest.fixture
def record_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real record's rows of 2023, which the curation mode edits (mode 0644).

    Its lines are the real file's, as they are; a year of rows (about a quarter of the record)
    keeps each check and save of the page quick enough to run for every kind of row.
    """
    path = tmp_path / "events.csv"
    lines = paths.EVENTS.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = csv.DictReader(io.StringIO("".join(lines)))
    # One line per row: the record's canonical form quotes line ends, so none spans two.
    kept = [
        line for line, row in zip(lines[1:], rows, strict=True) if row["start_date"][:4] == "2023"
    ]
    path.write_text(lines[0] + "".join(kept), encoding="utf-8")
    assert not data.load_record(path, data.load_geodata().reference()).problems
    path.chmod(0o644)
    monkeypatch.setattr(paths, "EVENTS", path)
    return path


def open_curation() -> AppTest:
    """Run the curation mode once."""
    page = AppTest.from_file(CURATE, default_timeout=60)
    page.run()
    assert not page.exception, page.exception
    return page


def fill(page: AppTest, values: dict[str, Any]) -> None:
    """Set the form's widgets by field name and run the page after each."""
    for name, value in values.items():
        key = f"field_{name}"
        widget: Any = next(
            (
                found
                for kind in (
                    "date_input",
                    "number_input",
                    "selectbox",
                    "multiselect",
                    "text_input",
                    "text_area",
                    "checkbox",
                )
                for found in page.get(kind)
                if found.key == key
            ),
            None,
        )
        assert widget is not None, f"no widget for {name}"
        widget.set_value(value).run()
        assert not page.exception, page.exception


def save_button(page: AppTest) -> Any:
    """The page's save (or delete) button."""
    return next(button for button in page.button if button.key == "save")


@pytest.mark.parametrize("kind", list(NEW_ROWS))
def test_a_valid_row_of_each_kind_is_saved_and_validates(record_copy: Path, kind: str) -> None:
    """Choose the kind, fill the form: the preview shows it, the save writes one line."""
    before = record_copy.read_bytes()
    page = open_curation()
    page.selectbox(key="kind").set_value(kind).run()
    fill(page, NEW_ROWS[kind])
    assert not save_button(page).disabled, [error.value for error in page.error]
    assert any("Change" in frame.value.columns for frame in page.dataframe)
    assert page.get("deck_gl_json_chart"), "the preview map is drawn"
    save_button(page).click().run()
    assert not page.exception, page.exception
    assert [message.value for message in page.success] == ["Saved: 1 row(s) changed."]
    after = record_copy.read_bytes()
    record = data.load_record(record_copy, data.load_geodata().reference())
    assert not record.problems
    added = set(after.decode().splitlines()) - set(before.decode().splitlines())
    assert len(added) == 1 and NEW_ROWS[kind]["title"] in added.pop()
    assert set(before.decode().splitlines()) <= set(after.decode().splitlines())
    assert oct(record_copy.stat().st_mode & 0o777) == oct(0o644)


def test_an_invalid_edit_is_refused_by_column_and_the_file_is_unchanged(
    record_copy: Path,
) -> None:
    """A level cleared, a source without its scheme: each named, no save, no byte changes."""
    before = record_copy.read_bytes()
    page = open_curation()
    page.segmented_control(key="action").set_value("Edit a row").run()
    opened = curation.open_record(record_copy)
    visit_id = next(row["event_id"] for row in opened.rows if row["kind"] == "visit")
    page.selectbox(key="chosen").set_value(visit_id).run()
    assert page.selectbox(key="field_level").value
    page.selectbox(key="field_level").set_value(None).run()
    assert save_button(page).disabled
    assert any("Still to fill in: **Level**" in note.value for note in page.info)
    page.text_input(key="field_source_url").set_value("irna.ir/news/1").run()
    assert save_button(page).disabled
    (error,) = page.error
    assert error.value == texts.plain("Expected an http(s) URL of a source")
    assert record_copy.read_bytes() == before


def test_a_change_on_disk_while_editing_is_refused_with_the_diff(record_copy: Path) -> None:
    """Someone saved a change since the page opened the file: refused, their change shown."""
    page = open_curation()
    page.selectbox(key="kind").set_value("visit").run()
    fill(page, VISIT)
    on_disk = record_copy.read_bytes().replace(b"Maduro", b"Maduro Moros", 1)
    record_copy.write_bytes(on_disk)
    save_button(page).click().run()
    assert record_copy.read_bytes() == on_disk
    assert any("changed on disk" in error.value for error in page.error)
    assert any("Change on disk" in frame.value.columns for frame in page.dataframe)


def test_a_row_is_deleted_with_its_diff(record_copy: Path) -> None:
    """Delete a signing: the diff lists the row's cells, the save removes exactly its line."""
    before = record_copy.read_bytes().decode().splitlines()
    opened = curation.open_record(record_copy)
    signing = next(row for row in opened.rows if row["kind"] == "agreement")
    page = open_curation()
    page.segmented_control(key="action").set_value("Delete a row").run()
    page.selectbox(key="chosen").set_value(signing["event_id"]).run()
    save_button(page).click().run()
    after = record_copy.read_bytes().decode().splitlines()
    assert [line for line in before if line not in after] == [
        line for line in before if line.startswith(signing["event_id"] + ",")
    ]
