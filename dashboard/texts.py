"""Fixed texts of the page (never built from the record's cells)."""

from __future__ import annotations

import datetime as dt

GLOBAL_SOUTH = (
    "**Global South** here means the members of the Group of 77 (the G77 and China, 134 "
    "countries), from the G77's own list as packaged by `countrygroups`; regions are UN M49."
)


def about_markdown(events: int, claims: int, updated: dt.date) -> str:
    """Return the About tab: what this is, how it was built, how complete, sources, licences."""
    return f"""
**What this is.** A record of Iran's diplomacy under President Ebrahim Raisi (3 August 2021 –
19 May 2024): every trip abroad, the foreign leaders received in Iran, the documents signed,
Iran's steps into the SCO and BRICS, and a check of two advocacy articles' claims. It holds
{events} events and {claims} checked claims; last updated {updated:%d %B %Y}.

**How it was built.** Each row was found in news reports (IRNA, president.ir, Tehran Times,
Mehr, Tasnim, Press TV, Xinhua, Reuters, AP, AFP, Al Jazeera, the partners' own agencies) and
carries the source it rests on; where sources disagree, the notes say which says what. Dates are
local; counts of documents only where a source states one. The method and the known gaps are in
`docs/record.md` of the repository.

**How complete.** Every trip abroad (24 journeys, 30 country stops) and every head of state or
government the sources show visiting Iran; lower-level visits where sources name them; the
documents named where sources name them. Known gaps: some inauguration guests of August 2021,
foreign-minister visits, partial lists of documents.

**Sources and licences.** The record: CC BY 4.0, compiled from the cited reports (which belong
to their publishers). Country shapes: Natural Earth (public domain). Places and capitals:
GeoNames (CC BY 4.0). Regions: UN M49 via OCHA's hdx-python-country. G77 list: g77.org via
countrygroups (CC0). Bloc memberships: compiled from the pages cited in `geodata/blocs.csv`.

{GLOBAL_SOUTH}
"""
