"""Downloads: the rows shown as CSV, the whole data package as a ZIP, each with a citation.

Cells that a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage
return) are prefixed with an apostrophe, so text from the record is never executed there.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from dashboard.validation import LINE_BREAKS, looks_like_formula

TITLE = "Iran's diplomacy under President Ebrahim Raisi, 2021–2024: a sourced record"
LINE_BREAK = re.compile("|".join(map(re.escape, LINE_BREAKS)))


def defused(value: object) -> object:
    """Return a text cell a spreadsheet will show as text, never run as a formula.

    Line breaks become spaces (some spreadsheets start a new row at a carriage return even
    inside quotes); then a text that could start a formula on any reading (after spaces and
    tabs, in full-width forms) gets a leading apostrophe.
    """
    if not isinstance(value, str):
        return value
    text = LINE_BREAK.sub(" ", value)
    folded = unicodedata.normalize("NFKC", text)
    if looks_like_formula(folded) or folded.lstrip().startswith(("\t", "|", "%")):
        return "'" + text
    return text


def rows_csv(rows: pd.DataFrame) -> bytes:
    """Return the rows as UTF-8 CSV, formula-like cells defused, with LF line ends."""
    safe = rows.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(defused)
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8")


# The line to cite a view by; the static edition fills in its address and the day in the browser.
CITATION = TITLE + ". {url} (accessed {accessed}). Data licence: CC BY 4.0."


# The height of an embedded view: the period control, the numbers and the map.
EMBED_HEIGHT = 720


def attribute(value: str) -> str:
    """Return ``value`` escaped for a double-quoted HTML attribute (as a browser writes one)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def embed_code(source: str, height: int = EMBED_HEIGHT) -> str:
    """Return the ``<iframe>`` that embeds ``source``, 100% wide, its attributes escaped."""
    return (
        f'<iframe src="{attribute(source)}" title="{attribute(TITLE)}" width="100%" '
        f'height="{int(height)}" style="border:0" loading="lazy"></iframe>'
    )


def app_embed_source(view_url: str) -> str:
    """Return the app's view as embedded: Streamlit's ``embed=true`` drops its menu and margins."""
    return view_url + ("&" if "?" in view_url else "?") + "embed=true"


def edition_embed_source(edition_url: str) -> str:
    """Return the static edition's view as embedded: ``embed=1`` keeps the map and its control."""
    return edition_url + ("&" if "#" in edition_url else "#") + "embed=1"


def citation(view_url: str, accessed: dt.date) -> str:
    """Return the line to cite the view by."""
    return CITATION.format(url=view_url, accessed=f"{accessed:%d %B %Y}")


def data_package_zip(
    package: Path, citation_line: str, replaced: Mapping[str, str] | None = None
) -> bytes:
    """Return a ZIP of datapackage.json, every file it lists, and CITATION.txt.

    ``replaced`` gives the text of files to write instead of the file on disk (by path in
    the package): the record's files as validated, so a row left out is not in the ZIP.
    """
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(package, package.name)
        for resource in descriptor["resources"]:
            name = resource["path"]
            if replaced and name in replaced:
                archive.writestr(name, replaced[name])
            else:
                archive.write(package.parent / name, name)
        archive.writestr("CITATION.txt", citation_line + "\n")
    return buffer.getvalue()


def rows_file_name(query: Mapping[str, str]) -> str:
    """Return the download's name, which says the view: ``…-rows-from-2023-01-kinds-trip.csv``."""
    parts = [
        f"{key}-{value}".replace(",", "+")
        for key, value in query.items()
        if re.fullmatch(r"[A-Za-z0-9_,+-]+", value)
    ]
    return "-".join(["raisi-diplomacy-rows", *parts]) + ".csv"
