"""Broken files never crash the loader, the CLI or any tab, and every problem is named.

The corpus is ``tests/hostile.py`` (88 broken variants of a small record) with its expected
messages in ``tests/hostile_expected.json``; geodata and claims files are broken here too.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard import __main__ as cli
from dashboard import claims, data, exports, ledger, paths, validation
from tests import hostile

APP = str(paths.ROOT / "dashboard" / "app.py")
TABS = ("Map", "Table", "Claims", "Analysis", "Compare", "About")
GOLDEN = json.loads(hostile.GOLDEN.read_text(encoding="utf-8"))
REAL_EVENTS = paths.EVENTS.read_bytes()
# Every row of the real record (none has a problem).
FULL_RECORD_ROWS = REAL_EVENTS.count(b"\n") - 1


def test_the_corpus_is_large_and_each_case_has_an_expected_outcome() -> None:
    """At least 60 broken files, every one named in the golden file and nothing more."""
    names = [case.name for case in hostile.CASES]
    assert len(names) >= 60 and len(set(names)) == len(names)
    assert set(GOLDEN) == set(names)


@pytest.mark.parametrize("case", hostile.CASES, ids=lambda case: case.name)
def test_each_broken_file_gets_its_exact_messages(case: hostile.Case) -> None:
    """The loader names every problem by row, column and value, and keeps the good rows."""
    assert hostile.outcome(case.raw) == GOLDEN[case.name]


def test_the_cli_lists_the_problems_and_exits_1_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every case: exit 1 and each expected line printed (0 for a file that is only unusual).

    The CLI reads the geodata on each run; here they are read once for the 88 runs (the
    geodata's own breakages are tested apart).
    """
    monkeypatch.setattr(data, "load_geodata", functools.cache(data.load_geodata))
    for case in hostile.CASES:
        path = tmp_path / f"{case.name}.csv"
        path.write_bytes(case.raw)
        expected = GOLDEN[case.name]["problems"]
        assert cli.main(["validate", str(path), "--claims", str(tmp_path / "none")]) == (
            1 if expected else 0
        ), case.name
        out = capsys.readouterr().out
        for line in expected:
            assert f"{path}: {line}" in out, (case.name, line)


@pytest.mark.parametrize("name", ["utf16-with-bom", "semicolons", "a-1-mb-title", "empty-file"])
def test_the_cli_process_never_ends_in_a_traceback(tmp_path: Path, name: str) -> None:
    """Run as curators run it, a broken file ends with exit 1 and messages, not a traceback."""
    case = next(case for case in hostile.CASES if case.name == name)
    path = tmp_path / "events.csv"
    path.write_bytes(case.raw)
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", str(path)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "expected" in result.stdout


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Restore the real paths after a test that points the page at broken files."""
    yield
    monkeypatch.undo()


def render_every_tab(label: str) -> list[AppTest]:
    """Run the page on each tab; fail with the label if any raises."""
    pages = []
    for tab in TABS:
        page = AppTest.from_file(APP, default_timeout=60)
        page.query_params["tab"] = tab
        page.run()
        assert not page.exception, (label, tab, [e.message for e in page.exception])
        pages.append(page)
    return pages


def page_input(raw: bytes) -> tuple[object, ...]:
    """What the page is drawn from, once a file is read: its valid rows and its problems' kinds.

    Two files with the same valid rows and the same kinds of problem give the same page but for
    the wording of the problems (each case's wording is checked against the golden file).
    """
    record = data.parse_record(raw, data.load_geodata().reference())
    rows = tuple(record.events.drop(columns="row").astype(str).itertuples(index=False))
    file_level = tuple(sorted({p.column for p in record.problems if p.row <= 1}))
    return rows, bool(record.problems), file_level


def test_every_tab_renders_for_every_kind_of_broken_events_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each distinct page input of the corpus, each tab: no exception, the rows still shown.

    The 88 cases come down to a few page inputs (``page_input``); each is rendered on every
    tab once, rather than every case on every tab (which took most of the suite's time).
    """
    shown: dict[tuple[object, ...], hostile.Case] = {}
    for case in hostile.CASES:
        shown.setdefault(page_input(case.raw), case)
    assert 5 <= len(shown) < len(hostile.CASES)
    for case in shown.values():
        path = tmp_path / f"{case.name}.csv"
        path.write_bytes(case.raw)
        monkeypatch.setattr(paths, "EVENTS", path)
        for page in render_every_tab(case.name):
            metrics = {metric.label: metric.value for metric in page.metric}
            assert metrics["Events"] == str(GOLDEN[case.name]["rows_shown"]), case.name
            if GOLDEN[case.name]["problems"]:
                assert page.warning, case.name


def broken_geodata(tmp_path: Path) -> Iterator[tuple[str, str, bytes | None, str]]:
    """Yield (label, geodata key, bytes or None for missing, a fragment of the message)."""
    places = paths.PLACES.read_text(encoding="utf-8")
    without_tehran = "\n".join(
        line for line in places.splitlines() if not line.startswith("Tehran,")
    )
    yield "places missing", "places", None, "missing or unreadable"
    yield "places without Tehran", "places", (without_tehran + "\n").encode(), "no row for Tehran"
    yield "places cut short", "places", places[:200].encode(), "cut short"
    bad_latitude = places.replace("35.69439", "north", 1).encode()
    yield "a latitude in words", "places", bad_latitude, "a number, with a point for decimals"
    yield "countries missing", "countries", None, "missing or unreadable"
    yield (
        "countries not JSON",
        "countries",
        b'{"type": "FeatureCollection", "feat',
        "JSONDecodeError",
    )
    yield "countries without features", "countries", b'{"type": "x"}', "KeyError"
    yield "capitals missing", "capitals", None, "missing or unreadable"
    yield "capitals in UTF-16", "capitals", paths.CAPITALS.read_text().encode("utf-16"), "UTF-16"
    yield "attributes missing", "attributes", None, "missing or unreadable"
    yield "attributes empty", "attributes", b"", "a header line"


def test_broken_geodata_is_named_and_the_page_keeps_serving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing or broken geodata file: a message saying what the page cannot show; no crash.

    Each case starts the page on its own copy of events.csv, so the page has no clean files of
    it to fall back on (dashboard/publish.py) and shows what it can, with the warning.
    """
    for label, key, raw, fragment in broken_geodata(tmp_path):
        events = tmp_path / f"events-{label.replace(' ', '-')}.csv"
        shutil.copyfile(paths.EVENTS, events)
        files = dict(paths.GEODATA_FILES)
        files[key] = tmp_path / f"{key}-{label.replace(' ', '-')}"
        if raw is not None:
            files[key].write_bytes(raw)
        geodata = data.load_geodata(files)
        assert any(
            fragment in str(problem) and problem.file == data.GEODATA_NAMES[key]
            for problem in geodata.problems
        ), label
        record = data.locate_record(data.load_record(paths.EVENTS, geodata.reference()), geodata)
        assert len(record.events) > 0, f"{label}: the rows it can place are still served"
        if raw is None:
            assert len(record.events) == FULL_RECORD_ROWS, f"{label}: every row is served"
        monkeypatch.setattr(paths, "GEODATA_FILES", files)
        monkeypatch.setattr(paths, "EVENTS", events)
        assert cli.main(["validate", str(events)]) == 1, label
        pages = render_every_tab(label)
        warning = pages[0].warning[0].value
        assert data.GEODATA_NAMES[key] in warning, (label, warning)
        monkeypatch.undo()


def test_broken_claims_are_named_and_the_claims_tab_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing claims file, one in UTF-16 and one naming a rejected event: no crash."""
    real = paths.CLAIMS.read_text(encoding="utf-8")
    events = data.load_record(paths.EVENTS, data.load_geodata().reference())
    shown = frozenset(events.events["event_id"])
    lines = events.event_lines
    missing, problems = claims.parse_claims(None, shown, lines)
    assert missing.empty and (problems[0].file, problems[0].value) == (
        "claims.csv",
        "missing or unreadable",
    )
    utf16, problems = claims.parse_claims(real.encode("utf-16"), shown, lines)
    assert len(utf16) > 60 and "UTF-16 text" in str(problems[0])
    left_out = shown - {"2021-09-16-tjk-sco-summit"}
    _, problems = claims.parse_claims(real.encode(), left_out, lines)
    assert any("row " in p.expected and "of events.csv is left out" in p.expected for p in problems)
    monkeypatch.setattr(paths, "CLAIMS", tmp_path / "absent.csv")
    render_every_tab("claims missing")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(raw: bytes) -> None:
    """Whatever the bytes, the loaders return problems instead of raising."""
    reference = validation.Reference(None, None, None)
    data.parse_record(raw, reference)
    claims.parse_claims(raw, frozenset(), {})
    ledger.parse_disagreements(raw, REAL_EVENTS.decode(), {})
    data.parse_geodata({"countries": raw, "places": raw, "capitals": raw, "attributes": raw})


@functools.cache
def real_reference() -> data.Reference:
    """The real geodata's reference, read once for all the examples."""
    return data.load_geodata().reference()


# The real file's header and its rows of 2021 (Raisi's first five months, every kind of row),
# as they are: a real file small enough to validate 120 times in seconds.
REAL_LINES = REAL_EVENTS.splitlines(keepends=True)
REAL_HEAD = REAL_LINES[0] + b"".join(line for line in REAL_LINES[1:] if line.startswith(b"2021-"))


@settings(max_examples=120, deadline=None)
@given(st.integers(min_value=1, max_value=len(REAL_HEAD) - 1))
def test_a_real_file_cut_anywhere_never_passes_silently(cut: int) -> None:
    """A cut of events.csv that does not fall just after a line end is always reported."""
    record = data.parse_record(REAL_HEAD[:cut], real_reference())
    if REAL_HEAD[cut - 1 : cut] != b"\n":
        assert record.problems, f"cut at byte {cut} passed silently"


FORMULA_TRICKS = (
    "=1+1",
    "+cmd",
    "-2+3",
    "@SUM(A1)",
    "  =1+1",
    "\t=1+1",
    "\r=1+1",
    'fine\r=HYPERLINK("http://x.invalid")',
    "fine\n+1",
    "＝1+1",
    "\u3000=1+1",
    "\xa0@x",
    "%0A=1",
    "|calc",
)


def test_a_download_of_every_formula_trick_opens_as_text() -> None:
    """Each text cell of the rows' CSV is one line and, if it could start a formula, quoted."""
    rows = pd.DataFrame({"title": list(FORMULA_TRICKS), "count": range(len(FORMULA_TRICKS))})
    parsed = list(csv.reader(io.StringIO(exports.rows_csv(rows).decode("utf-8"))))
    assert len(parsed) == len(FORMULA_TRICKS) + 1, "no cell spans two lines"
    for (title, _), trick in zip(parsed[1:], FORMULA_TRICKS, strict=True):
        folded = unicodedata.normalize("NFKC", title)
        assert "\r" not in title and "\n" not in title
        assert folded.startswith("'") or not folded.lstrip().startswith(
            ("=", "+", "-", "@", "|", "%")
        ), (trick, title)
