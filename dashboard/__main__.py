"""Command line for curators: ``python -m dashboard validate [PATH]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard import claims, data, paths


def validate(path: Path, claims_path: Path | None) -> int:
    """Print every problem of the events file (and the claims file); return 1 if any."""
    if not path.is_file():
        print(f"{path}: no such file", file=sys.stderr)
        return 1
    geodata = data.load_geodata(*paths.GEODATA_FILES)
    record = data.load_record(path, geodata.reference())
    for line in data.iter_problem_lines(record.problems):
        print(f"{path}: {line}")
    if record.problems:
        rows_with_problems = len({problem.row for problem in record.problems})
        print(
            f"{path}: {len(record.problems)} problem(s) in {rows_with_problems} row(s); "
            f"{len(record.events)} of {record.rows_read} rows are valid",
            file=sys.stderr,
        )
    else:
        print(f"{path}: all {len(record.events)} rows are valid")
    if claims_path is None:
        return 1 if record.problems else 0
    all_ids = (row["event_id"] for _, row in data.read_rows(data.read_text(path))[1])
    checked, claim_problems = claims.load_claims(claims_path, all_ids)
    for line in data.iter_problem_lines(claim_problems):
        print(f"{claims_path}: {line}")
    if claim_problems:
        print(f"{claims_path}: {len(claim_problems)} problem(s)", file=sys.stderr)
    else:
        print(f"{claims_path}: all {len(checked)} claims are valid")
    return 1 if record.problems or claim_problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check events.csv and list every problem")
    check.add_argument("path", nargs="?", type=Path, default=paths.EVENTS)
    check.add_argument(
        "--claims",
        type=Path,
        default=None,
        help="claims file to check against the events (default: claims.csv beside PATH)",
    )
    arguments = parser.parse_args(argv)
    if arguments.command == "validate":
        claims_path = arguments.claims or arguments.path.parent / "claims.csv"
        return validate(arguments.path, claims_path if claims_path.is_file() else None)
    return 2  # pragma: no cover - argparse rejects other commands


if __name__ == "__main__":
    sys.exit(main())
