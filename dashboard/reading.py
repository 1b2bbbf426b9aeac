"""Read a CSV file's bytes into a header and rows, naming every problem of its form.

This is the layer below validation: encoding, delimiter, line ends, quotes, cell sizes, the
header's names. It never raises on content: whatever the bytes, it returns the rows it could
read and a :class:`Problem` for each thing wrong, by line and column.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

import charset_normalizer

# Rows are told by the line they start on; 0 is the file as a whole, 1 its header.
FILE = 0
HEADER = 1
DELIMITERS = ",;\t|"
LONE_CARRIAGE_RETURN = re.compile("\r(?!\n)")
# The longest cell a row may hold before it is cut in a message.
SHOWN_CHARACTERS = 80
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row, or the file) of a CSV file.

    ``row`` is the line of the file where the record starts (the header is line 1, the file
    as a whole is 0), so it matches the row number a spreadsheet shows for files without line
    breaks inside cells.
    """

    row: int
    column: str
    value: str
    expected: str
    # The file, where a message must name it (a geodata file); empty for the file at hand.
    file: str = ""

    def __str__(self) -> str:
        """Return ``row 5, column start_date: '2021-13-01' — expected …``."""
        where = "file" if self.row == FILE else f"row {self.row}"
        where += f", column {self.column}" if self.column else ""
        return f"{where}: {shown(self.value)!r} — expected {self.expected}"


def shown(value: str) -> str:
    """Return a value short enough for a message: long ones cut, with their length said."""
    if len(value) <= SHOWN_CHARACTERS:
        return value
    return f"{value[:SHOWN_CHARACTERS]}… ({len(value):,} characters)"


@dataclass(frozen=True)
class Table:
    """What was read: the header as written, the rows by the line they start on, problems."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]
    problems: tuple[Problem, ...]
    # Lines whose rows could not be read at all (wrong width, cut short).
    unreadable_lines: frozenset[int] = field(default_factory=frozenset)
    delimiter: str = ","


def line_and_column(text: bytes, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column (in bytes) of a byte offset."""
    line = text.count(b"\n", 0, offset) + 1
    return line, offset - (text.rfind(b"\n", 0, offset) + 1) + 1


def decode(raw: bytes) -> tuple[str, list[Problem]]:
    """Return the text of a file's bytes and the problems of its encoding.

    UTF-8 (with or without a byte-order mark) is expected. UTF-16 and UTF-32 with a mark are
    decoded but reported; other bytes that are not UTF-8 become U+FFFD, the first one reported
    with its line and column and the encoding the bytes look like.
    """
    for bom, codec, name in BOMS:
        if raw.startswith(bom):
            text = raw.decode(codec, errors="replace")
            return text, [
                Problem(FILE, "", f"{name} text", f"UTF-8 text: save the file as UTF-8 ({FIX})")
            ]
    utf16 = utf16_without_mark(raw)
    if utf16:
        return raw.decode(utf16, errors="replace"), [
            Problem(
                FILE,
                "",
                "UTF-16 text without a byte-order mark",
                f"UTF-8 text: save the file as UTF-8 ({FIX})",
            )
        ]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line, column = line_and_column(raw, error.start)
        guess = charset_normalizer.from_bytes(raw).best()
        looks = f"; the file looks like {guess.encoding}" if guess is not None else ""
        bad = raw[error.start : error.start + 1].hex().upper()
        return raw.decode("utf-8-sig", errors="replace"), [
            Problem(
                FILE,
                "",
                f"byte 0x{bad} at line {line}, byte {column}",
                f"UTF-8 text{looks}: save the file as UTF-8 ({FIX})",
            )
        ]


FIX = "python -m dashboard format rewrites it in canonical form"


def utf16_without_mark(raw: bytes) -> str | None:
    """Return ``utf-16-le`` or ``-be`` for text whose every other byte is NUL, else None."""
    if len(raw) < 4 or raw.count(0) < len(raw) // 3:
        return None
    if raw[1::2].count(0) > len(raw) // 3:
        return "utf-16-le"
    return "utf-16-be" if raw[0::2].count(0) > len(raw) // 3 else None


def mend_lone_carriage_returns(text: str) -> str:
    r"""Return the text with each unquoted carriage return alone made a line separator.

    In a file whose lines end with ``\n``, such a return would split its row in two without a
    word; as U+2028 it stays in its cell, where validation reports a line break.
    """
    parts = []
    quoted = False
    for index, character in enumerate(text):
        if character == '"':
            quoted = not quoted
        elif character == "\r" and not quoted and text[index + 1 : index + 2] != "\n":
            character = "\u2028"
        parts.append(character)
    return "".join(parts)


def sniff_delimiter(first_line: str) -> str:
    """Return the delimiter of a header line: the comma unless another one clearly is."""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def suggest(name: str, known: Sequence[str]) -> str:
    """Return ``; did you mean `themes`?`` for a name close to a known one, else ``""``."""
    lower = {candidate.lower(): candidate for candidate in known}
    close = difflib.get_close_matches(name.lower(), list(lower), n=1, cutoff=0.8)
    return f"; did you mean `{lower[close[0]]}`?" if close else ""


def check_header(
    header: Sequence[str], known: Sequence[str], required: Sequence[str]
) -> list[Problem]:
    """Return the problems of a header: unknown, repeated, empty and missing names."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name:
            problems.append(Problem(HEADER, "", f"column {position}", "a name for every column"))
        elif name in seen:
            problems.append(
                Problem(HEADER, name, name, "each column once (this name is used twice)")
            )
        elif name not in known:
            problems.append(
                Problem(HEADER, name, name, "a column of the schema" + suggest(name, known))
            )
        seen.add(name)
    for name in required:
        if name not in seen:
            problems.append(Problem(HEADER, name, "", "a column of that name (it is required)"))
    return problems


def read_table(raw: bytes, known: Sequence[str], required: Sequence[str]) -> Table:
    """Return the header, rows and problems of a CSV file's bytes; never raises on content.

    ``known`` are the schema's columns, ``required`` those a file must have. Rows are dicts
    of the known columns present (the first copy of a repeated one). Blank lines are skipped.
    """
    text, problems = decode(raw)
    if "\x00" in text:
        problems.append(Problem(FILE, "", "NUL bytes", "text without NUL bytes (they are removed)"))
        text = text.replace("\x00", "")
    if not text.strip():
        problems.append(Problem(FILE, "", "", "a header line naming the columns, then rows"))
        return Table((), (), tuple(problems))
    if "\n" in text and LONE_CARRIAGE_RETURN.search(text):
        text = mend_lone_carriage_returns(text)
    delimiter = sniff_delimiter(text.splitlines()[0])
    if delimiter != ",":
        problems.append(Problem(FILE, "", f"columns separated by {delimiter!r}", f"commas ({FIX})"))
    # The default limit (128 KiB a cell) would stop the reader; cell sizes are checked later.
    csv.field_size_limit(max(sys.maxsize >> 1, len(text)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = tuple(name.strip() for name in next(reader))
    # Spreadsheets add empty columns after the last one; they are not columns of the record.
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    header = header[:width]
    problems += check_header(header, known, required)
    positions = {name: header.index(name) for name in dict.fromkeys(header) if name in known}
    rows: list[tuple[int, dict[str, str]]] = []
    unreadable: set[int] = set()
    next_line = reader.line_num + 1
    ends_with_line_end = text.endswith(("\n", "\r"))
    last_record = 0
    for fields in reader:
        line, next_line = next_line, reader.line_num + 1
        if not any(cell.strip() for cell in fields):
            continue
        last_record, last_line = line, reader.line_num
        if len(fields) > width and not any(cell.strip() for cell in fields[width:]):
            fields = fields[:width]
        if len(fields) != len(header):
            expected = f"{len(header)} fields, as in the header"
            if last_line > line:
                expected += (
                    f"; a quote opened on this row is closed only on line {last_line}, "
                    "so the lines between were read into one cell"
                )
            problems.append(Problem(line, "", f"{len(fields)} fields", expected))
            unreadable.add(line)
            continue
        rows.append((line, {name: fields[index] for name, index in positions.items()}))
    if last_record and not ends_with_line_end:
        if rows and rows[-1][0] == last_record:
            rows.pop()
        unreadable.add(last_record)
        problems.append(
            Problem(
                last_record,
                "",
                "no line end after the last row",
                "a file that ends with a line end: it may have been cut short here, so "
                "the row is left out",
            )
        )
    if not last_record:
        problems.append(Problem(FILE, "", "no rows", "rows under the header"))
    return Table(header, tuple(rows), tuple(problems), frozenset(unreadable), delimiter)
