"""The publish gate: the public page has no write path, and a broken file never reaches viewers."""

from __future__ import annotations

import ast
import builtins
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import canonical, paths, publish
from tests.test_mapdata import request_for

APP = str(paths.ROOT / "dashboard" / "app.py")
TABS = ("Map", "Table", "Claims", "Analysis", "Compare", "About")
WRITE_MODES = frozenset("wax+")


def test_clean_files_are_served_and_kept() -> None:
    """Clean files are served and kept; broken ones later give way to them; a cold start not."""
    last: dict[str, publish.Files] = {}
    clean = {"events": b"a"}
    assert publish.published("events.csv", clean, True, last) == (clean, False)
    broken = {"events": b"a,"}
    assert publish.published("events.csv", broken, False, last) == (clean, True)
    assert publish.published("other.csv", broken, False, last) == (broken, False)


@pytest.fixture
def record_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real record that the page serves."""
    path = tmp_path / "events.csv"
    shutil.copyfile(paths.EVENTS, path)
    monkeypatch.setattr(paths, "EVENTS", path)
    return path


def metrics(page: AppTest) -> dict[str, str]:
    """The headline numbers by label."""
    return {metric.label: metric.value for metric in page.metric}


@pytest.mark.parametrize(
    "breakage",
    ["a row with a bad date", "a file cut short", "a file removed"],
)
def test_a_broken_file_on_disk_never_changes_what_viewers_see(
    record_copy: Path, breakage: str
) -> None:
    """The page and the map's rows stay those of the last clean file, with no warning."""
    from dashboard import serve

    page = AppTest.from_file(APP, default_timeout=60)
    page.run()
    before = metrics(page)
    rows_before = json.loads(bytes(serve.map_rows(request_for("trips")).body))
    text = record_copy.read_text(encoding="utf-8")
    if breakage == "a row with a bad date":
        record_copy.write_text(text.replace(",2023-06-12,", ",2023-13-12,", 1), encoding="utf-8")
    elif breakage == "a file cut short":
        record_copy.write_text(text[: len(text) // 2], encoding="utf-8")
    else:
        record_copy.unlink()
    page.run()
    assert not page.exception
    assert metrics(page) == before
    assert not page.warning, [warning.value for warning in page.warning]
    assert json.loads(bytes(serve.map_rows(request_for("trips")).body)) == rows_before


def refuse_writes(monkeypatch: pytest.MonkeyPatch, attempts: list[str]) -> None:
    """Make every way of writing a file record the attempt and fail."""
    real_open = builtins.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if WRITE_MODES & set(mode):
            attempts.append(f"open({file!r}, {mode!r})")
            raise PermissionError("the public page must not write")
        return real_open(file, mode, *args, **kwargs)

    def refused(name: str) -> Any:
        def attempt(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[:1]!r}")
            raise PermissionError("the public page must not write")

        return attempt

    monkeypatch.setattr(builtins, "open", guarded_open)
    for owner, name in (
        (os, "replace"),
        (os, "rename"),
        (os, "remove"),
        (os, "unlink"),
        (tempfile, "mkstemp"),
        (pathlib.Path, "write_text"),
        (pathlib.Path, "write_bytes"),
        (canonical, "write_atomically"),
    ):
        monkeypatch.setattr(owner, name, refused(f"{owner.__name__}.{name}"))


def test_the_public_page_writes_nothing_on_any_tab(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every tab, every way of writing a file refused: the page runs and never tried one."""
    attempts: list[str] = []
    refuse_writes(monkeypatch, attempts)
    for tab in TABS:
        page = AppTest.from_file(APP, default_timeout=60)
        page.query_params["tab"] = tab
        page.run()
        assert not page.exception, (tab, [error.message for error in page.exception])
    assert attempts == []


def test_the_public_server_has_no_write_path() -> None:
    """Its routes only read, and it never loads the curation mode or its writers."""
    from dashboard import serve

    for route in serve.app._user_routes:  # the routes handed to st.App
        assert set(getattr(route, "methods", None) or {"GET"}) <= {"GET", "HEAD"}, route
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, dashboard.serve; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('dashboard'))))",
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "dashboard.serve" in loaded
    assert not {"dashboard.curation", "dashboard.curate", "dashboard.places"} & set(loaded)
    tree = ast.parse((paths.ROOT / "dashboard" / "app.py").read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert not {"curation", "places", "curate"} & imported
    assert not {"write_atomically", "write_text", "write_bytes", "replace_file"} & attributes
