"""``python -m dashboard validate`` lists every problem and fails when there is one."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard import __main__ as cli
from dashboard import paths
from tests.conftest import changed


def test_real_record_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """The repository's events.csv validates with exit status 0."""
    assert cli.main(["validate"]) == 0
    assert "rows are valid" in capsys.readouterr().out


def test_bad_rows_are_listed_with_row_column_and_expectation(
    write_events: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each problem is one line naming row, column, value and expectation; exit status 1."""
    path = write_events(changed(1, country_iso3="ZZZ", end_date="2023-06-01"))
    assert cli.main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert (
        f"{path}: row 3, column country_iso3: 'ZZZ' — expected an ISO 3166-1 alpha-3 code (or XKX"
        in out
    )
    assert f"{path}: row 3, column end_date: '2023-06-01' — expected a date on or after" in out
    assert "3 problem(s); 2 of 3 rows are left out, 1 are valid" in err
    assert f"{path}: row 4, column leg: '2' — expected the tour's earlier legs shown" in out


def test_missing_file_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is an error, not a crash."""
    assert cli.main(["validate", str(tmp_path / "absent.csv")]) == 1
    assert "absent.csv: file: 'missing or unreadable'" in capsys.readouterr().out


def test_runs_as_a_module() -> None:
    """The documented command works from the repository root."""
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", "events.csv"],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_export_refuses_while_the_record_has_a_problem(
    write_events: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A record with a problem is not exported: its problems are listed, nothing is written."""
    broken = write_events(changed(1, country_iso3="ZZZ"))
    monkeypatch.setattr(paths, "EVENTS", broken)
    out = tmp_path / "site"
    assert cli.main(["export", str(out)]) == 1
    output, error = capsys.readouterr()
    assert f"{broken}: row 3, column country_iso3: 'ZZZ'" in output
    assert "not exported while it has a problem" in error
    assert not out.exists()


@pytest.mark.parametrize(
    "address", ["example.org/raisi", "ftp://example.org/", "https://x.org/?a=1", "https://x y/"]
)
def test_export_takes_only_a_web_folder_as_base_url(
    address: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["export", str(tmp_path), "--base-url", address])
    assert stopped.value.code == 2
    assert f"not an http(s) address of a folder: {address!r}" in capsys.readouterr().err
