"""Downloads: the rows as CSV with formulas defused, the package as a ZIP with a citation."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pandas as pd

from dashboard import exports, paths


def test_formula_like_cells_are_defused() -> None:
    """=, +, -, @ at the start of a cell get an apostrophe; other text is untouched."""
    cells = ["=HYPERLINK('x')", "@SUM(A1)", "-1+1", "State visit"]
    read_back = pd.read_csv(io.BytesIO(exports.rows_csv(pd.DataFrame({"title": cells}))))
    assert read_back["title"].tolist() == ["'=HYPERLINK('x')", "'@SUM(A1)", "'-1+1", "State visit"]


def test_rows_csv_keeps_every_row_and_column() -> None:
    """The CSV holds exactly the rows and columns given, numbers as numbers."""
    rows = pd.DataFrame({"event_id": ["a", "b"], "agreements_signed": [8, None]})
    read_back = pd.read_csv(io.BytesIO(exports.rows_csv(rows)))
    assert read_back["event_id"].tolist() == ["a", "b"]
    assert read_back["agreements_signed"].iloc[0] == 8


def test_data_package_zip_has_every_resource_and_the_citation() -> None:
    """The ZIP carries datapackage.json, each file it lists, and CITATION.txt."""
    line = exports.citation("http://127.0.0.1/?kinds=trip", dt.date(2026, 11, 22))
    archive = zipfile.ZipFile(io.BytesIO(exports.data_package_zip(paths.DATA_PACKAGE, line)))
    names = set(archive.namelist())
    descriptor = json.loads(paths.DATA_PACKAGE.read_text())
    listed = {resource["path"] for resource in descriptor["resources"]}
    assert {"datapackage.json", "CITATION.txt"} | listed == names
    assert archive.read("CITATION.txt").decode().strip() == line
    assert "accessed 22 November 2026" in line and "CC BY 4.0" in line


def test_the_rows_file_is_named_after_its_view() -> None:
    """The CSV's name says the period and filters; nothing odd from a link reaches it."""
    assert exports.rows_file_name({}) == "raisi-diplomacy-rows.csv"
    assert (
        exports.rows_file_name({"from": "2023-01", "kinds": "trip,visit", "x": "../etc"})
        == "raisi-diplomacy-rows-from-2023-01-kinds-trip+visit.csv"
    )


def test_the_embed_code_is_an_iframe_of_the_view_with_its_attributes_escaped() -> None:
    source = exports.app_embed_source('https://example.org/?from=2022-01&tab=Map"><script>')
    code = exports.embed_code(source)
    assert code.startswith('<iframe src="https://example.org/?from=2022-01&amp;tab=Map&quot;')
    assert "&amp;embed=true" in code and "<script>" not in code
    assert 'width="100%"' in code and f'height="{exports.EMBED_HEIGHT}"' in code
    assert f'title="{exports.TITLE}"' in code, "an apostrophe needs no escape between quotes"
    assert exports.app_embed_source("?tab=Map") == "?tab=Map&embed=true"
    assert exports.edition_embed_source("edition/index.html") == "edition/index.html#embed=1"
    assert (
        exports.edition_embed_source("e/index.html#to=2022-05") == "e/index.html#to=2022-05&embed=1"
    )
