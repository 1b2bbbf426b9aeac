"""Fixed texts of the page (never built from the record's cells)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from dashboard import counting
from dashboard.reading import FILE, HEADER, Problem

GLOBAL_SOUTH = (
    "**Global South** here means the members of the Group of 77 (the G77 and China, 134 "
    "countries), from the G77's own list as packaged by `countrygroups`; regions are UN M49."
)


def about_markdown(events: int, claims: int, updated: dt.date, condolences: int = 0) -> str:
    """Return the About tab: what this is, how it was built, how complete, sources, licences."""
    return f"""
**What this is.** A record of Iran's diplomacy under President Ebrahim Raisi (3 August 2021 –
19 May 2024): every trip abroad, the foreign leaders received in Iran, the documents signed,
Iran's steps into the SCO and BRICS, and a check of two advocacy articles' claims. It holds
{events} rows (events) and {claims} checked claims; {condolences} of the rows are condolence
visits after his death, shown only when included. Record last updated {updated:%d %B %Y}.

**How it was built.** Each row was found in news reports (IRNA, president.ir, Tehran Times,
Mehr, Tasnim, Press TV, Xinhua, Reuters, AP, AFP, Al Jazeera, the partners' own agencies) and
carries the source it rests on; where sources disagree, the notes say which says what. Dates are
local; counts of documents only where a source states one. The method and the known gaps are in
`docs/record.md` of the repository.

**How complete.** Every trip abroad (22 journeys, 28 country stops in 23 countries, and 2
border ceremonies) and every head of state or
government the sources show visiting Iran; lower-level visits where sources name them; the
documents named where sources name them. Known gaps: some inauguration guests of August 2021,
foreign-minister visits, partial lists of documents.

**Sources and licences.** The record: CC BY 4.0, compiled from the cited reports (which belong
to their publishers). Country shapes: Natural Earth (public domain). Places and capitals:
GeoNames (CC BY 4.0). Regions: UN M49 via OCHA's hdx-python-country. G77 list: g77.org via
countrygroups (CC0). Bloc memberships: compiled from the pages cited in `geodata/blocs.csv`.

{GLOBAL_SOUTH}
"""


def rules_markdown() -> str:
    """Return the counting rules as a Markdown list (the page's definitions, one click away)."""
    return "\n".join(f"- {rule}" for rule in counting.RULES.values())


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return ``1 border ceremony`` or ``2 border ceremonies``."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def also_counted(numbers: counting.Headline, hidden_condolences: int) -> str:
    """Return the line under the headline numbers: what is counted apart, and what is hidden."""
    parts = [
        plural(numbers.summits, "summit") + " attended in person",
        plural(numbers.border_ceremonies, "border ceremony", "border ceremonies"),
        plural(numbers.video_addresses, "address", "addresses") + " by video",
        plural(numbers.bloc_steps, "bloc step"),
    ]
    if numbers.condolence_visits:
        parts.append(plural(numbers.condolence_visits, "condolence visit") + " after 19 May 2024")
    line = "Also in this view, counted apart: " + ", ".join(parts) + "."
    if numbers.signings_without_count:
        line += (
            f" {plural(numbers.signings_without_count, 'signing')} with no count in the sources "
            "add nothing to Documents signed."
        )
    if hidden_condolences:
        line += (
            f" {plural(hidden_condolences, 'condolence visit')} after his death left out; "
            "include them under Filters."
        )
    return line


def problems_summary(
    problems: Sequence[Problem],
    rows_left_out: int,
    rows_shown: int,
    claim_problems: Sequence[Problem] = (),
) -> str:
    """Return the warning over the page when files of the record have problems."""
    lines = []
    if rows_left_out:
        lines.append(
            f"{rows_left_out} row(s) of events.csv have problems and are left out (with the rows "
            f"that depend on them); the page shows the other {rows_shown}."
        )
    claim_rows = len({p.row for p in claim_problems if p.row > HEADER})
    if claim_rows:
        lines.append(f"{claim_rows} claim(s) of claims.csv have problems and are left out.")
    for problem in (*problems, *claim_problems):
        if problem.row == FILE:
            where = f"{problem.file}: " if problem.file else ""
            lines.append(f"{where}{problem.value} — expected {problem.expected}.")
    by_file = Counter(p.file for p in problems if p.file and p.row != FILE)
    for name, count in sorted(by_file.items()):
        lines.append(f"{name}: {count} problem(s) in its rows; those rows are not used.")
    if not lines:
        lines.append("The header of a record file has problems; its rows are shown.")
    return " ".join(lines) + " Details in the Table tab."
