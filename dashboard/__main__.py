"""Command line: ``python -m dashboard validate [PATH]``, ``format [PATH]``, ``export OUT_DIR``.

``export`` takes ``--base-url URL`` (where the edition will be served) for search engines.

Neither command ever ends in a traceback on a file's content: every problem is printed as a
line naming the file, the row, the column and the value, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from dashboard import canonical, claims, data, ledger, paths
from dashboard.schema import CLAIMS, EVENTS, PACKAGE


def print_problems(name: str, problems: Sequence[data.Problem]) -> None:
    """Print one line per problem, prefixed with the file's name."""
    for problem in problems:
        print(f"{problem.file or name}: {problem}")


def validate(path: Path, claims_path: Path | None) -> int:
    """Print every problem of the events file (and the claims file); return 1 if any."""
    geodata = data.load_geodata()
    print_problems("geodata", geodata.problems)
    record = data.load_record(path, geodata.reference())
    print_problems(str(path), record.problems)
    if record.problems:
        print(
            f"{path}: {len(record.problems)} problem(s); {record.rows_left_out} of "
            f"{record.rows_read} rows are left out, {len(record.events)} are valid",
            file=sys.stderr,
        )
    else:
        print(f"{path}: all {len(record.events)} rows are valid")
    ledger_problems = validate_ledger(path.parent / "disagreements.csv", record)
    if claims_path is None:
        return 1 if record.problems or geodata.problems or ledger_problems else 0
    checked, claim_problems = claims.load_claims(
        claims_path, frozenset(record.events["event_id"]), record.event_lines
    )
    print_problems(str(claims_path), claim_problems)
    if claim_problems:
        print(f"{claims_path}: {len(claim_problems)} problem(s)", file=sys.stderr)
    else:
        print(f"{claims_path}: all {len(checked)} claims are valid")
    return 1 if record.problems or claim_problems or geodata.problems or ledger_problems else 0


def validate_ledger(path: Path, record: data.Record) -> int:
    """Print the problems of the ledger of disagreements beside PATH; return how many."""
    raw = data.read_file(path)
    if raw is None:
        return 0
    checked, problems = ledger.parse_disagreements(raw, record.valid_csv, record.event_lines)
    print_problems(str(path), problems)
    if problems:
        print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
    else:
        print(f"{path}: all {len(checked)} disagreements are valid")
    return len(problems)


def format_file(path: Path) -> int:
    """Rewrite a record file in canonical form, atomically; return 1 if it cannot be."""
    raw = data.read_file(path)
    if raw is None:
        print(f"{path}: missing or unreadable", file=sys.stderr)
        return 1
    schema, order = {
        "claims.csv": (CLAIMS, ()),
        "disagreements.csv": (PACKAGE["disagreements"], ("event_id", "field", "value")),
    }.get(path.name, (EVENTS, ("start_date", "event_id")))
    text, problems = canonical.canonical_text(raw, schema, order)
    if text is None:
        print_problems(str(path), problems)
        print(f"{path}: not rewritten; fix the problems above first", file=sys.stderr)
        return 1
    if text.encode("utf-8") == raw:
        print(f"{path}: already in canonical form")
        return 0
    canonical.write_atomically(path, text)
    print(f"{path}: rewritten in canonical form (run validate to check its content)")
    return 0


def export_edition(out_dir: Path, base_url: str | None = None) -> int:
    """Write the static edition into OUT_DIR; refuse (exit 1) while the record has a problem."""
    from dashboard import edition

    record = edition.load()
    problems = data.load_record(paths.EVENTS, record.geodata.reference()).problems
    if problems:
        print_problems(str(paths.EVENTS), problems)
        print(f"{paths.EVENTS}: not exported while it has a problem", file=sys.stderr)
        return 1
    written = edition.export(out_dir, record, base_url=base_url)
    size = sum(path.stat().st_size for path in written)
    print(f"{out_dir}: {len(written)} files, {size / 1e6:.1f} MB; open {out_dir / 'index.html'}")
    return 0


def web_address(text: str) -> str:
    """Return ``text`` if it is an http(s) address with a host; else refuse it by name."""
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or any(character.isspace() or character in '"<>' for character in text)
    ):
        raise argparse.ArgumentTypeError(f"not an http(s) address of a folder: {text!r}")
    return text


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
    rewrite = commands.add_parser(
        "format",
        help="rewrite events.csv (or claims.csv, disagreements.csv) in canonical form, atomically",
    )
    rewrite.add_argument("path", nargs="?", type=Path, default=paths.EVENTS)
    edition = commands.add_parser(
        "export",
        help="write the static edition (map, period control, table, country pages, data) "
        "into OUT_DIR, for any static host",
    )
    edition.add_argument("out_dir", type=Path)
    edition.add_argument(
        "--base-url",
        type=web_address,
        default=None,
        help="the address the edition will be served at (https://example.org/raisi/): "
        "adds canonical links, sitemap.xml and robots.txt for search engines",
    )
    arguments = parser.parse_args(argv)
    if arguments.command == "validate":
        claims_path = arguments.claims or arguments.path.parent / "claims.csv"
        return validate(arguments.path, claims_path if claims_path.is_file() else None)
    if arguments.command == "format":
        return format_file(arguments.path)
    if arguments.command == "export":
        return export_edition(arguments.out_dir, arguments.base_url)
    return 2  # pragma: no cover - argparse rejects other commands


if __name__ == "__main__":
    sys.exit(main())
