r"""The canonical form of a record file, and writing a file so it is never left half-written.

``python -m dashboard format`` rewrites events.csv or claims.csv in this form, so that a diff
shows only real changes: UTF-8 without a byte-order mark, commas, ``\\n`` line ends, the
schema's column order (columns it does not know kept, at the end), minimal quoting, events in
order of start date and id, values without spaces around them, booleans in lower case and
whole numbers without decimals.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from dashboard import reading
from dashboard.reading import FILE, HEADER, Problem
from dashboard.schema import TableSchema

WHOLE_DECIMAL = re.compile(r"([0-9]+)[.,]0+")


def canonical_value(schema: TableSchema, column: str, value: str) -> str:
    """Return a cell in canonical form: stripped, booleans lower-case, ``8.0`` as ``8``."""
    value = value.strip()
    field = schema.by_name.get(column)
    if field is None:
        return value
    if field.type == "boolean" and value.lower() in ("true", "false"):
        return value.lower()
    decimal = WHOLE_DECIMAL.fullmatch(value)
    if field.type == "integer" and decimal:
        return decimal.group(1)
    return value


def blocking_problems(table: reading.Table) -> list[Problem]:
    """Return the problems that stop a file from being rewritten without losing anything."""
    blocking = [
        problem
        for problem in table.problems
        if problem.row in table.unreadable_lines
        or (problem.row == HEADER and "twice" in problem.expected)
        or (problem.row == HEADER and not problem.value)
        or (problem.row == FILE and problem.value.startswith("byte 0x"))
    ]
    return blocking


def to_csv_text(header: Sequence[str], rows: Iterable[Mapping[Any, Any]]) -> str:
    r"""Return rows as CSV text: commas, minimal quoting, ``\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def canonical_text(
    raw: bytes, schema: TableSchema, order: Sequence[str] = ()
) -> tuple[str | None, list[Problem]]:
    """Return a file's canonical text, or None and the problems that prevent it.

    Columns the schema does not know are kept after its own; ``order`` names the columns the
    rows are sorted by (none: the file's order).
    """
    table = reading.read_table(raw, tuple(dict.fromkeys(reading_columns(raw))), ())
    blocking = blocking_problems(table)
    if blocking:
        return None, blocking
    known = [
        name for name in schema.columns if name in table.header or schema.by_name[name].required
    ]
    unknown = [name for name in table.header if name not in schema.by_name]
    header = [*known, *unknown]
    rows = [
        {name: canonical_value(schema, name, row.get(name, "")) for name in header}
        for _, row in table.rows
    ]
    if order:
        rows.sort(key=lambda row: tuple(row.get(name, "") for name in order))
    return to_csv_text(header, rows), []


def reading_columns(raw: bytes) -> tuple[str, ...]:
    """Return the column names a file's header gives (every one, to keep unknown columns)."""
    text, _ = reading.decode(raw)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = reading.sniff_delimiter(first)
    return tuple(name.strip() for name in next(csv.reader([first], delimiter=delimiter), []))


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace ``path`` with ``content`` (text as UTF-8), never leaving it half-written.

    A temporary file in the same folder is written, synced and renamed over it, keeping the
    file's mode (a new file is readable by all, 0644) and, where allowed, its owner and
    group; if anything fails, the old file stays
    whole and the temporary file is removed.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    existing = path.stat() if path.exists() else None
    mode = existing.st_mode & 0o7777 if existing else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if existing and (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
            # Keep the owner where the system allows it (it does for root, or the group of a
            # user who is in it); otherwise the file becomes the writer's, mode unchanged.
            with contextlib.suppress(PermissionError):
                os.chown(temporary, existing.st_uid, existing.st_gid)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
