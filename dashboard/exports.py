"""Downloads: the rows shown as CSV, the whole data package as a ZIP, each with a citation.

Cells that a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage
return) are prefixed with an apostrophe, so text from the record is never executed there.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TITLE = "Iran's diplomacy under President Ebrahim Raisi, 2021–2024: a sourced record"


def defused(value: object) -> object:
    """Return a text cell a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows_csv(rows: pd.DataFrame) -> bytes:
    """Return the rows as UTF-8 CSV, formula-like cells defused."""
    safe = rows.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(defused)
    return safe.to_csv(index=False).encode("utf-8")


def citation(view_url: str, accessed: dt.date) -> str:
    """Return the line to cite the view by."""
    return f"{TITLE}. {view_url} (accessed {accessed:%d %B %Y}). Data licence: CC BY 4.0."


def data_package_zip(package: Path, citation_line: str) -> bytes:
    """Return a ZIP of datapackage.json, every file it lists, and CITATION.txt."""
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(package, package.name)
        for resource in descriptor["resources"]:
            archive.write(package.parent / resource["path"], resource["path"])
        archive.writestr("CITATION.txt", citation_line + "\n")
    return buffer.getvalue()
