"""A hostile corpus: broken variants of a small, valid record, each a case of its own.

The base file is ``ALL_KINDS_ROWS`` (line 1 the header; 2–4 three trip stops, the last two
one tour; 5 a visit; 6 its documents; 7 a bloc step). Each case changes it the way a file
gets broken in practice (an editor, a spreadsheet, a cut download, a typo) and names the
problems it must be reported with, as the CLI prints them: ``tests/hostile_expected.json``,
written by ``python -m tests.hostile`` and read line by line when a message changes.
``tests/test_hostile.py`` feeds every case to the loader, the CLI and each tab of the page.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard import data
from tests.conftest import ALL_KINDS_ROWS, HEADER, changed, csv_text

BASE = csv_text(ALL_KINDS_ROWS)
LINES = BASE.splitlines()


@dataclass(frozen=True)
class Case:
    """One broken file: a name and its bytes (what it must report is in the golden file)."""

    name: str
    raw: bytes


def cell(row: int, **changes: str) -> bytes:
    """Return the base file with cells of one data row (0 = line 2) replaced."""
    return csv_text(changed(row, ALL_KINDS_ROWS, **changes)).encode("utf-8")


def lines(edit: Callable[[list[str]], list[str]], end: str = "\n") -> bytes:
    """Return the base file with its lines edited."""
    return (end.join(edit(list(LINES))) + end).encode("utf-8")


def delimited(delimiter: str) -> bytes:
    """Return the base file as a spreadsheet saves it with another delimiter."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HEADER, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(
        [{**dict.fromkeys(HEADER, ""), "president": "raisi", **row} for row in ALL_KINDS_ROWS]
    )
    return buffer.getvalue().encode("utf-8")


def quoted_cell(row: int, column: str, value: str) -> bytes:
    """Return the base file with one cell replaced by a quoted value (line breaks kept)."""
    rows = changed(row, ALL_KINDS_ROWS, **{column: "PLACEHOLDER"})
    return csv_text(rows).replace("PLACEHOLDER", f'"{value}"').encode("utf-8")


def header(names: list[str]) -> bytes:
    """Return the base rows under another header (columns renamed, dropped or added)."""
    return csv_text(ALL_KINDS_ROWS, names).encode("utf-8")


TRIP = "2021-09-16-tjk-sco-summit"


CASES: tuple[Case, ...] = (
    # Encodings.
    Case("utf16-with-bom", BASE.encode("utf-16")),
    Case("utf32-with-bom", BASE.encode("utf-32")),
    Case("utf16-without-bom", BASE.encode("utf-16-le")),
    Case("utf8-with-bom", codecs.BOM_UTF8 + BASE.encode("utf-8")),
    Case("latin-1-file", BASE.encode("latin-1", errors="replace")),
    Case("one-cp1252-byte", BASE.encode("utf-8").replace(b"SCO summit", b"SCO summit \x93x\x94")),
    # Delimiters and line ends.
    Case("semicolons", delimited(";")),
    Case("tabs", delimited("\t")),
    Case("crlf-line-ends", lines(lambda x: x, "\r\n")),
    Case("cr-line-ends", lines(lambda x: x, "\r")),
    Case("blank-lines-between-rows", lines(lambda x: [x[0], "", *x[1:4], ",,,", *x[4:]])),
    # Files cut short.
    Case("no-line-end-after-the-last-row", BASE.rstrip("\n").encode("utf-8")),
    Case(
        "cut-in-the-middle-of-the-last-row",
        BASE[: BASE.rindex("\n", 0, len(BASE) - 1) + 40].encode("utf-8"),
    ),
    Case(
        "cut-inside-a-quoted-cell",
        BASE[: BASE.index("Iran–Cuba") + 4].replace("Iran–Cuba", '"Iran').encode("utf-8"),
    ),
    Case("cut-in-the-header", BASE[:40].encode("utf-8")),
    Case("empty-file", b""),
    Case("only-spaces", b"   \n \n"),
    Case("header-only", (LINES[0] + "\n").encode("utf-8")),
    # Quotes.
    Case(
        "unclosed-quote-swallows-the-next-rows",
        lines(lambda x: [*x[:2], x[2].replace("State visit", '"State visit', 1), *x[3:]]),
    ),
    # Cell sizes (the csv module's own limit is 128 KiB a cell).
    Case("a-200-kb-note", cell(0, notes="x" * 200_000)),
    Case("a-1-mb-title", cell(4, title="t" * 1_000_000)),
    # Control and invisible characters.
    Case(
        "zero-width-space-in-an-id", cell(5, event_id="2021-09-17-tjk-sco\u200b-accession-decision")
    ),
    Case("right-to-left-override-in-a-title", cell(0, title="SCO \u202esummit")),
    Case("bell-character-in-notes", cell(0, notes="ring\x07")),
    Case("nul-inside-a-cell", cell(0, notes="a\x00b")),
    Case("soft-hyphen-in-a-city", cell(1, city="Cara\xadcas")),
    Case("line-break-inside-a-title", cell(0, title="SCO\nsummit")),
    Case("carriage-return-inside-notes", quoted_cell(0, "notes", "a\rb")),
    Case("unquoted-carriage-return-splits-a-row", cell(0, notes="a\rb")),
    Case("id-ending-in-a-line-break", cell(1, event_id=TRIP + "\n")),
    Case("non-breaking-space-around-a-value", cell(0, city="\xa0Dushanbe")),
    # Digits and integers.
    Case("superscript-two", cell(0, agreements_signed="²")),
    Case("arabic-indic-three", cell(4, agreements_signed="٣")),
    Case("twenty-digits", cell(4, agreements_signed="9" * 20)),
    Case("thirty-digit-target", cell(4, trade_target_usd="9" * 30)),
    Case("two-huge-counts", cell(4, agreements_signed="9" * 19, trade_target_usd="9" * 19)),
    Case("spreadsheet-decimal", cell(0, agreements_signed="8.0")),
    Case("negative-count", cell(0, agreements_signed="-1")),
    Case("half-a-leg", cell(1, leg="1.5")),
    Case("full-width-digit-leg", cell(1, leg="２")),
    Case("count-with-words", cell(0, agreements_signed="about 8")),
    # Dates.
    Case("day-month-year", cell(0, start_date="16/09/2021")),
    Case("no-leading-zeros", cell(0, start_date="2021-9-16")),
    Case("thirtieth-of-february", cell(2, start_date="2023-02-30")),
    Case("end-date-9999", cell(0, end_date="9999-12-31")),
    Case("date-with-a-time", cell(0, start_date="2021-09-16 00:00:00")),
    Case("persian-digits-in-a-date", cell(0, start_date="۲۰۲۱-۰۹-۱۶")),
    Case("end-before-start", cell(0, end_date="2021-09-01")),
    Case("trip-after-the-presidency", cell(0, start_date="2024-05-22", end_date="2024-05-22")),
    Case("legs-out-of-order", cell(2, start_date="2023-06-10", end_date="2023-06-10")),
    # Booleans.
    Case("spreadsheet-true", cell(5, virtual="TRUE")),
    Case("yes-for-a-boolean", cell(5, virtual="yes")),
    # Ids.
    Case("duplicate-id", cell(1, event_id=TRIP)),
    Case("duplicate-id-but-a-space", cell(1, event_id=TRIP + " ")),
    Case("id-in-capitals", cell(0, event_id="2021-09-16-TJK-sco-summit")),
    # The header.
    Case("misspelled-optional-column", header([n if n != "themes" else "theme" for n in HEADER])),
    Case("duplicate-column-name", header([*HEADER, "notes"])),
    Case("missing-required-column", header([n for n in HEADER if n != "source_url"])),
    Case("unknown-extra-column", header([*HEADER, "comment"])),
    Case("reordered-columns", header(list(reversed(HEADER)))),
    Case("spaces-in-the-header", lines(lambda x: [", ".join(x[0].split(",")), *x[1:]])),
    Case("trailing-comma-in-the-header", lines(lambda x: [x[0] + ",", *x[1:]])),
    Case("extra-field-on-a-row", lines(lambda x: [*x[:2], x[2] + ",surplus", *x[3:]])),
    Case("missing-field-on-a-row", lines(lambda x: [*x[:6], x[6].rsplit(",", 1)[0]])),
    # Enums and lists.
    Case("kind-in-capitals", cell(0, kind="Trip")),
    Case("theme-misspelled", cell(3, themes="economy; helth")),
    Case("unknown-organisation", cell(0, organization="NATO")),
    Case("level-misspelled", cell(3, level="head_of_stat")),
    Case("trip-without-a-setting", cell(0, setting="")),
    Case("summit-without-an-organisation", cell(0, organization="")),
    # Rules across fields and rows.
    Case("trip-abroad-placed-in-iran", cell(0, country_iso3="IRN", city="Tehran")),
    Case("visit-from-iran", cell(3, country_iso3="IRN")),
    Case("unknown-country", cell(0, country_iso3="XYZ")),
    Case("city-not-in-places", cell(0, city="Khujand")),
    Case("documents-of-a-missing-visit", cell(4, related_event_id="2099-01-01-nowhere")),
    Case("documents-of-a-rejected-visit", cell(3, level="")),
    Case("first-leg-rejected", cell(1, city="Maracaibo")),
    Case("count-on-visit-and-documents", cell(3, agreements_signed="5")),
    Case("other-place-without-a-day", cell(0, other_places="Kulob")),
    Case("other-place-not-in-places", cell(0, other_places="Khujand 2021-09-17")),
    Case("other-place-on-a-day-outside-the-stop", cell(0, other_places="Kulob 2021-09-20")),
    Case("other-place-on-a-bloc-step", cell(5, other_places="Kulob 2021-09-17")),
    # Formulas and links.
    Case("formula-in-a-title", cell(0, title='=HYPERLINK("http://x.invalid","y")')),
    Case("full-width-formula", cell(0, title="＝1+1")),
    Case("formula-after-a-line-break", quoted_cell(0, "notes", "fine\r=cmd|' /C calc'!A0")),
    Case("at-formula-in-counterpart", cell(0, counterpart="@SUM(1+1)")),
    Case("javascript-url", cell(0, source_url="javascript:alert(1)")),
    Case("url-with-a-space", cell(0, source_url="https://example.org/a b")),
)

GOLDEN = Path(__file__).with_name("hostile_expected.json")


def outcome(raw: bytes) -> dict[str, object]:
    """Return what the loader makes of a file with the real geodata: rows shown, problems."""
    record = data.parse_record(raw, data.load_geodata().reference())
    return {"rows_shown": len(record.events), "problems": [str(p) for p in record.problems]}


def write_golden() -> None:
    """Write every case's outcome to the golden file, for review in the diff."""
    outcomes = {case.name: outcome(case.raw) for case in CASES}
    GOLDEN.write_text(json.dumps(outcomes, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_golden()
