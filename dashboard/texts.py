"""The page's texts: its fixed wording, and the escaping of the record's text for Markdown.

Any text from the record's files goes through ``plain`` before a Markdown element shows it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from dashboard import counting
from dashboard.reading import FILE, HEADER, Problem

PAGE_TITLE = "Iran's diplomacy under President Raisi, Aug 2021 – May 2024: every row sourced"
PAGE_TITLES = {
    "raisi": PAGE_TITLE,
    "rouhani": "Iran's diplomacy under President Rouhani, Aug 2013 – Aug 2021: his journeys "
    "and the leaders he received, every row sourced",
    "pezeshkian": "Iran's diplomacy under President Pezeshkian, his first year (Jul 2024 – Jul "
    "2025): his journeys abroad, every row sourced",
    "both": "Iran's diplomacy under Presidents Rouhani and Raisi, Aug 2013 – May 2024: every "
    "row sourced",
}


def partly_label(partly: tuple[str, ...], shown: tuple[str, ...]) -> str:
    """Return what a number counts when some presidents' records hold heads only."""
    if set(partly) == set(shown):
        return " (heads of state and government)"
    return " (" + " and ".join(name.capitalize() + "'s" for name in partly) + ": heads only)"


def headline_metric(
    label: str, value: int, rule: str, presidency: str, shown: tuple[str, ...]
) -> tuple[str, int | str, str]:
    """Return a headline number's label, value and help for the presidents ``shown``.

    A number one presidency's record cannot give is "not recorded", never a zero; with both
    presidencies it is labelled whose it is; a partly recorded one says what it counts.
    """
    lacking = counting.not_recorded(shown).get(rule, ())
    partly = counting.partly_recorded(shown).get(rule, ())
    note = NOT_RECORDED_NOTE.format(
        who=" and ".join(map(str.capitalize, lacking)),
        holds="; ".join(RECORD_HOLDS[name] for name in lacking if name in RECORD_HOLDS),
    )
    if partly:
        label += partly_label(partly, shown)
    if presidency in lacking:
        return label, counting.NOT_RECORDED, note
    if lacking:
        whose = " and ".join(name.capitalize() + "'s" for name in shown if name not in lacking)
        return f"{label} ({whose} only)", value, f"{counting.RULES[rule]} {note}"
    return label, value, counting.RULES[rule]


# What the Analysis tab counts when it shows Rouhani's record, alone or with Raisi's.
ANALYSIS_PRESIDENCY = {
    "rouhani": "Rouhani's record holds his journeys abroad and the heads of state and "
    "government he received: the charts count those only. Compare sets the two presidencies "
    "side by side under the same rules.",
    "pezeshkian": "Pezeshkian's record holds his journeys abroad in his first year (30 Jul 2024 "
    "– 29 Jul 2025): the charts count those only. Compare sets each president's first year "
    "side by side under the same rules.",
    "both": "Both presidencies together: Raisi's engagements at every level, Rouhani's "
    "journeys and the heads of state and government he received. Compare sets the two side "
    "by side under the same rules.",
}
# What the record holds so far for a president whose record is partial.
RECORD_HOLDS = {
    "rouhani": "Rouhani's: his journeys abroad and the heads of state and government he received",
    "pezeshkian": "Pezeshkian's: his journeys abroad in his first year",
}
NOT_RECORDED_NOTE = (
    "The record does not hold this for {who} yet (so far, {holds}): no number is given rather "
    "than a zero."
)
# Less room above the page so that the map is on the first screen; the headline numbers a
# little smaller on a phone; the period written large over the map's top-left corner.
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.2rem; padding-bottom: 2rem; }
[data-testid="stSidebarHeader"] { padding-bottom: 0; }
.st-key-headline [data-testid="stMetric"] { min-width: 6.5rem; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
  .st-key-headline [data-testid="stMetricValue"] { font-size: 1.5rem; }
  .st-key-headline [data-testid="stMetric"] { min-width: 5.5rem; }
}
/* deck.gl clips its tooltip to the map: let it run over the page instead, and wrap it. */
[data-testid="stDeckGlJsonChart"] div { overflow: visible !important; }
.deck-tooltip { max-width: min(26rem, 85vw); white-space: pre-wrap; font-size: 0.85rem; }
.period-overlay { position: relative; height: 0; z-index: 2; pointer-events: none; }
.period-overlay span {
  position: absolute; top: 0.5rem; left: 0.6rem; font-size: 1.6rem; font-weight: 600;
  color: #1f2937; background: rgba(255, 255, 255, 0.8); padding: 0 0.4rem;
  border-radius: 0.3rem;
}
</style>"""

GLOBAL_SOUTH = (
    "**Global South** here means the members of the Group of 77 (the G77 and China, 134 "
    "countries), from the G77's own list as packaged by `countrygroups`; regions are UN M49."
)


# Where the About text sends a reader, in the app and in the static edition (dashboard/edition.py).
ABOUT_PLACES = {
    "app": {
        "ledger": "in the Table tab and beside each event",
        "presidencies": "choose the presidency in the sidebar, or open Compare",
        "condolences": "shown only when included",
    },
    "edition": {
        "ledger": "in the data package and on each country's page",
        "presidencies": "they are in the data package and the interactive dashboard",
        "condolences": "in the data package and the interactive dashboard, not on this map",
    },
}


def about_markdown(
    events: int, claims: int, updated: dt.date, condolences: int = 0, where: str = "app"
) -> str:
    """Return the About tab: what this is, how it was built, how complete, sources, licences.

    ``where`` is ``app`` or ``edition`` (``ABOUT_PLACES``): where the text sends the reader.
    """
    places = ABOUT_PLACES[where]
    return f"""
**What this is.** A record of Iran's diplomacy under President Ebrahim Raisi (3 August 2021 –
19 May 2024): every trip abroad, the foreign leaders received in Iran, the documents signed,
Iran's steps into the SCO and BRICS, and a check of two advocacy articles' claims. It holds
{events} rows (events) and {claims} checked claims; {condolences} of the rows are condolence
visits after his death, {places["condolences"]}. Record last updated {updated:%d %B %Y}.

**How it was built.** Each row was found in news reports (IRNA, president.ir, Tehran Times,
Mehr, Tasnim, Press TV, Xinhua, Reuters, AP, AFP, Al Jazeera, the partners' own agencies) and
carries the source it rests on; where sources disagree on a count, a date or a place, the
ledger of disagreements (`disagreements.csv`, {places["ledger"]}) gives each
other value with its source and why the record keeps its own. Dates are
local; counts of documents only where a source states one. The method and the known gaps are in
`docs/record.md` of the repository.

**How complete.** Every trip abroad (22 journeys, 28 country stops in 23 countries, and 2
border ceremonies) and every head of state or
government the sources show visiting Iran; the documents named where sources name them; the
foreign ministers, deputy heads of government,
speakers and heads of organisations he received, and his meetings on the sidelines of summits,
as far as the stored news pages report them. Known gaps: some inauguration guests of August
2021, officials received in months the sources cover thinly, partial lists of documents.
For the comparison, President Rouhani's journeys abroad (2013–2021) and the heads of state
and government he received are in the record too, and President Pezeshkian's journeys abroad in
his first year (Jul 2024 – Jul 2025): {places["presidencies"]}.
Their other visitors and their documents are not recorded yet.

**Sources and licences.** The record: CC BY 4.0, compiled from the cited reports (which belong
to their publishers). Country shapes: Natural Earth (public domain). Places and capitals:
GeoNames (CC BY 4.0). Regions: UN M49 via OCHA's hdx-python-country. G77 list: g77.org via
countrygroups (CC0). Bloc memberships: compiled from the pages cited in `geodata/blocs.csv`.

{GLOBAL_SOUTH}
"""


MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def plain(text: str) -> str:
    """Return ``text`` escaped so that Markdown shows it as written.

    Text from the record's files goes through this before any Markdown element: no link,
    image, heading or tag of theirs is ever rendered (an image would fetch from elsewhere).
    """
    return MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(str(text).split()))


def source_links(urls: str) -> str:
    """Return Markdown links to the sources, each named by its site.

    Only ``http(s)`` URLs (checked by the validator) are linked; the link text is the host.
    """
    links = []
    for url in str(urls).split():
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname:
            site = parts.hostname.removeprefix("www.")
            links.append(f"[{plain(site)}]({url.replace(')', '%29').replace(' ', '%20')})")
    return "Sources: " + " · ".join(links) if links else ""


def period_overlay(period_name: str) -> str:
    """Return the period written large over the map (``period_name`` is a month label)."""
    return f'<div class="period-overlay"><span>{html.escape(period_name)}</span></div>'


def empty_view(period_name: str, filtered: bool) -> str:
    """Return what an empty map says: nothing in the period, or nothing passes the filters."""
    if filtered:
        return (
            f"No event of {period_name} passes the filters. Widen the period in the sidebar or "
            "clear the filters."
        )
    return f"No event in {period_name}. Widen the period in the sidebar."


def empty_story(country: str, period_name: str) -> str:
    """Return what a country's story says when it has no engagement in the period."""
    return f"No engagement with {country} in {period_name}. Widen the period to read its story."


def no_engagement_note(country: str) -> str:
    """Return the note for a click on a country the record has no engagement with."""
    return f"{country}: no engagement in the record, so no story to show."


def country_search_note(typed: str, code: str | None, name: str | None, in_record: bool) -> str:
    """Return the note under the country search after a reader typed a name."""
    shown = typed if len(typed) <= 40 else typed[:40] + "…"
    if code is None or name is None:
        return f"No country is called “{shown}”."
    if in_record:
        return f"“{shown}” is {name}."
    return no_engagement_note(name)


def embed_heading(height: int, country: bool | None = None, left_out: Sequence[str] = ()) -> str:
    """Return the Share panel's words over an embed code: what it shows, its size.

    ``country`` is None for the app's own view; else the code is the static edition's, which
    shows the period (and the country, when one is chosen) and leaves out ``left_out``.
    """
    if country is None:
        return f"**Embed this view** (100% wide, {height} px high):"
    shown = "the period, the country" if country else "the period"
    missing = f"; it leaves out: {', '.join(left_out)}" if left_out else ""
    return (
        f"**Embed this view** (the static edition: {shown}, the map and the numbers; "
        f"100% wide, {height} px high{missing}):"
    )


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
        plural(numbers.meetings_abroad, "meeting") + " abroad with other leaders",
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
            "include them in the sidebar."
        )
    return line


def problems_summary(
    problems: Sequence[Problem],
    rows_left_out: int,
    rows_shown: int,
    claim_problems: Sequence[Problem] = (),
    ledger_problems: Sequence[Problem] = (),
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
    ledger_rows = len({p.row for p in ledger_problems if p.row > HEADER})
    if ledger_rows:
        lines.append(f"{ledger_rows} row(s) of disagreements.csv have problems and are left out.")
    for problem in (*problems, *claim_problems, *ledger_problems):
        if problem.row == FILE:
            where = f"{problem.file}: " if problem.file else ""
            lines.append(f"{where}{problem.value} — expected {problem.expected}.")
    by_file = Counter(p.file for p in problems if p.file and p.row != FILE)
    for name, count in sorted(by_file.items()):
        lines.append(f"{name}: {count} problem(s) in its rows; those rows are not used.")
    if not lines:
        lines.append("The header of a record file has problems; its rows are shown.")
    return " ".join(lines) + " Details in the Table tab."
