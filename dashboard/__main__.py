"""Command line for curators: ``python -m dashboard validate [PATH]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard import data, paths


def validate(path: Path) -> int:
    """Print every problem of the events file at ``path``; return 1 if there is any."""
    if not path.is_file():
        print(f"{path}: no such file", file=sys.stderr)
        return 1
    geodata = data.load_geodata(*paths.GEODATA_FILES)
    record = data.load_record(path, geodata.reference())
    for line in data.iter_problem_lines(record.problems):
        print(f"{path}: {line}")
    good = len(record.events)
    if record.problems:
        rows_with_problems = len({problem.row for problem in record.problems})
        print(
            f"{path}: {len(record.problems)} problem(s) in {rows_with_problems} row(s); "
            f"{good} of {record.rows_read} rows are valid",
            file=sys.stderr,
        )
        return 1
    print(f"{path}: all {good} rows are valid")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check events.csv and list every problem")
    check.add_argument("path", nargs="?", type=Path, default=paths.EVENTS)
    arguments = parser.parse_args(argv)
    if arguments.command == "validate":
        return validate(arguments.path)
    return 2  # pragma: no cover - argparse rejects other commands


if __name__ == "__main__":
    sys.exit(main())
