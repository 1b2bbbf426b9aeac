"""``format`` rewrites a file in canonical form atomically; the page reloads on new content."""

from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import __main__ as cli
from dashboard import canonical, data, exports, paths
from dashboard.schema import CLAIMS, EVENTS
from tests.conftest import ALL_KINDS_ROWS, HEADER, changed, csv_text

APP = str(paths.ROOT / "dashboard" / "app.py")


def spreadsheet_copy() -> bytes:
    """Return the rows as a spreadsheet saves them: BOM, CRLF, TRUE, 8.0, columns reordered."""
    rows = changed(5, ALL_KINDS_ROWS, virtual="TRUE")
    rows = changed(0, rows, agreements_signed="8.0", city=" Dushanbe ")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(reversed(HEADER)), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(
        [{**dict.fromkeys(HEADER, ""), "president": "raisi", **row} for row in reversed(rows)]
    )
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def test_a_spreadsheet_round_trip_is_named_then_mended_by_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The validator names each spreadsheet habit; format converts them; then all is valid."""
    path = tmp_path / "events.csv"
    path.write_bytes(spreadsheet_copy())
    reference = data.load_geodata().reference()
    problems = data.load_record(path, reference).problems
    assert {(p.row, p.column) for p in problems} == {
        (2, "virtual"),
        (7, "agreements_signed"),
        (7, "city"),
    }
    assert all("python -m dashboard format converts it" in p.expected for p in problems)
    assert cli.main(["format", str(path)]) == 0
    assert data.load_record(path, reference).problems == ()
    rows = [
        {**dict.fromkeys(HEADER, ""), "president": "raisi", **row}
        for row in changed(5, ALL_KINDS_ROWS, virtual="true")
    ]
    expected = csv_text(sorted(rows, key=lambda row: (row["start_date"], row["event_id"])))
    assert path.read_text(encoding="utf-8") == expected
    assert cli.main(["format", str(path)]) == 0
    assert "already in canonical form" in capsys.readouterr().out


def test_the_real_record_is_in_canonical_form() -> None:
    """events.csv and claims.csv are as format writes them, so a diff shows only real changes."""
    for path, order in ((paths.EVENTS, ("start_date", "event_id")), (paths.CLAIMS, ())):
        schema = EVENTS if path == paths.EVENTS else CLAIMS
        text, problems = canonical.canonical_text(path.read_bytes(), schema, order)
        assert problems == [] and text == path.read_text(encoding="utf-8"), path.name


def test_format_refuses_a_file_it_cannot_rewrite_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A row of the wrong width or a repeated column: nothing is written, the problems say why."""
    path = tmp_path / "events.csv"
    broken = csv_text(ALL_KINDS_ROWS).replace("\n2023-06-12", ",surplus\n2023-06-12", 1)
    path.write_text(broken, encoding="utf-8")
    assert cli.main(["format", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == broken
    assert f"row 2: '{len(HEADER) + 1} fields'" in capsys.readouterr().out


def test_format_keeps_unknown_columns_and_the_files_mode(tmp_path: Path) -> None:
    """Nothing is lost: a column the schema does not know stays; the file's mode stays."""
    path = tmp_path / "events.csv"
    path.write_text(csv_text(ALL_KINDS_ROWS, [*HEADER, "comment"]), encoding="utf-8")
    path.chmod(0o664)
    assert cli.main(["format", str(path)]) in (0, 1)
    assert path.read_text(encoding="utf-8").splitlines()[0].endswith(",comment")
    assert path.stat().st_mode & 0o777 == 0o664


def test_an_atomic_write_leaves_the_old_file_whole_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the replace fails, the old bytes stay and no temporary file is left behind."""
    path = tmp_path / "events.csv"
    path.write_text("old\n", encoding="utf-8")

    def fail(source: str, target: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        canonical.write_atomically(path, "new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]


def test_the_page_reloads_when_the_content_changes_not_only_the_time(
    write_events: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rewrite that keeps the modification time still shows the new rows."""
    path = write_events(ALL_KINDS_ROWS)
    stamp = path.stat().st_mtime
    monkeypatch.setattr(paths, "EVENTS", path)

    def events_shown() -> str:
        page = AppTest.from_file(APP, default_timeout=60)
        page.query_params["tab"] = "About"
        page.run()
        return next(metric.value for metric in page.metric if metric.label == "Events")

    assert events_shown() == "6"
    path.write_text(csv_text(ALL_KINDS_ROWS[:2]), encoding="utf-8")
    os.utime(path, (stamp, stamp))
    assert events_shown() == "2"


def test_the_data_package_zip_carries_only_validated_rows(
    write_events: Callable[..., Path],
) -> None:
    """A row left out (here a formula in its title) is not in the ZIP's events.csv."""
    path = write_events(changed(0, ALL_KINDS_ROWS, title="=HYPERLINK(1)"))
    record = data.load_record(path, data.load_geodata().reference())
    archive = zipfile.ZipFile(
        io.BytesIO(
            exports.data_package_zip(
                paths.DATA_PACKAGE, "cite", {"events.csv": record.valid_csv, "claims.csv": ""}
            )
        )
    )
    events = archive.read("events.csv").decode("utf-8")
    assert "HYPERLINK" not in events and len(events.splitlines()) == 1 + 5
