"""The counting rules: what every number of the page counts, written once.

Each number the page, its charts and its downloads show comes from a function here, and each
rule's wording (``RULES``) is what the page prints beside the number and docs/record.md
repeats. Frames in, numbers or frames out; nothing here imports Streamlit.

The rules, in short:

- A **journey abroad** is a ``trip_id`` with at least one stop that he entered in person;
  **countries visited** are the countries of those stops. Border ceremonies (he stood at the
  border with a neighbour's leader) and addresses by video are counted apart.
- **Visits received** are visits during the presidency; the **condolence visits** after his
  death (19 May 2024) are a category of their own, left out unless the viewer includes them,
  and never shade a country.
- A **summit** counts for its organisation (SCO, BRICS, UN…), not for the host country; the
  host is "hosted a summit he attended". A stop that was a summit and a state or official
  visit (``setting=summit_and_bilateral``) counts for both.
- **Documents signed** are counted once: each count stands on one row (the agreement row where
  there is one); a view counts a signing when its row, or the trip or visit it belongs to, is
  shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard.schema import RECORDED_KINDS, RECORDED_LEVELS
from dashboard.validation import HOME_CITY, PRESIDENCY_END, split_list

SUMMIT_SETTINGS = ("summit", "summit_and_bilateral")
BILATERAL_SETTINGS = ("bilateral", "summit_and_bilateral", "border_ceremony")
CATEGORIES = (
    "trip",
    "border_ceremony",
    "visit",
    "condolence_visit",
    "agreement",
    "bloc_step",
    "video_address",
    "meeting",
)
# How a tooltip or a table names each category.
CATEGORY_LABELS = {
    "trip": "Trip",
    "border_ceremony": "Border ceremony",
    "visit": "Visit to Iran",
    "condolence_visit": "Condolence visit",
    "agreement": "Signed",
    "bloc_step": "Bloc step",
    "video_address": "Address by video",
    "meeting": "Meeting abroad",
}
KIND_CATEGORIES = {
    "trip": "trip",
    "visit": "visit",
    "agreement": "agreement",
    "membership": "bloc_step",
    "meeting": "meeting",
}

# What the dashboard's filters do to a rule, said in the rule; a page without those filters
# (the static edition) states the rule without it (``rule_text``).
FILTER_NOTES = {"visits_received": "; the Level filter narrows it"}

RULES = {
    "journeys": "Journeys abroad: distinct journeys (trip_id) with a stop he entered in person; "
    "border ceremonies are not journeys.",
    "countries_visited": "Countries visited: distinct countries he entered in person, summit "
    "hosts included; not border ceremonies or addresses by video.",
    "summits": "Summits attended in person (each counts for its organisation, not the host); "
    "addresses by video are counted apart.",
    "meetings_abroad": "Meetings abroad: his bilateral meetings with other leaders on the "
    "sidelines of a summit or during a visit, one per counterpart and day, each tied to its trip "
    "stop; counted for the counterpart's country (an organisation's head for the organisation), "
    "never as journeys or countries visited.",
    "visits_received": "Visits received: foreign leaders and officials of every level (heads of "
    "state or government, vice presidents, deputy heads of government, speakers, ministers, "
    "heads of international organisations) received in Iran during the presidency, one per "
    f"visit{FILTER_NOTES['visits_received']}.",
    "condolence_visits": "Condolence visits: leaders who came after his death on 19 May 2024; "
    "shown only when included, never shading a country.",
    "documents_signed": "Documents signed, at least: the counts sources state, each signing "
    "once, when its agreement row or its trip or visit is shown; a signing with no stated count "
    "adds none, and accession documents (bloc steps) are not in it.",
    "events": "Events: rows of the record shown, of every kind (a tour stop, a visit, a "
    "signing, a bloc step each count one).",
    "engagements": "Engagements: a trip stop, a border ceremony, a visit received, a meeting "
    "abroad with another leader, a bloc step, an address by video, or a signing whose trip or "
    "visit is not shown, counted for its partner: the country, or the organisation of a summit "
    "or of an organisation's head (a summit that was also a state or official visit counts for "
    "both).",
    "global_south": "Global South share: bilateral engagements with G77 members over all "
    "bilateral engagements (n); engagements with organisations are not in it. A quarter with "
    "a small n swings widely; 2021 Q3 starts on 3 Aug, 2024 Q2 ends on 19 May (31 May with "
    "condolence visits).",
    "bloc_steps": "Bloc steps: dated steps of joining the SCO, BRICS and the EAEU free trade "
    "area (decisions, applications, memoranda, ratifications, membership), and addresses to "
    "summits by video, counted for the organisation.",
    "shading": "Countries are shaded by their bilateral engagements in the period; a country "
    "that only hosted a summit he attended has its own colour.",
}


def rule_text(key: str, filters: bool = True) -> str:
    """Return a counting rule's wording; without ``filters``, leave out what filters do to it."""
    note = FILTER_NOTES.get(key, "")
    return RULES[key] if filters or not note else RULES[key].replace(note, "")


def is_condolence(events: pd.DataFrame) -> pd.Series:
    """Return which rows are condolence visits: visits that began after his death."""
    return (events["kind"] == "visit") & (events["start_date"] > pd.Timestamp(PRESIDENCY_END))


def categories(events: pd.DataFrame) -> pd.Series:
    """Return each row's category (one of ``CATEGORIES``).

    Rows of the record as the page holds it carry theirs already (``annotate``): it is
    read, not worked out again.
    """
    if "category" in events.columns:
        return events["category"]
    category = events["kind"].map(KIND_CATEGORIES)
    category = category.mask(
        (events["kind"] == "trip") & (events["setting"] == "border_ceremony"), "border_ceremony"
    )
    category = category.mask(is_condolence(events), "condolence_visit")
    video = (events["kind"] == "membership") & (events["step"] == "virtual_summit")
    return category.mask(video, "video_address").astype("object")


def organisation_label(cell: str) -> str:
    """Return the partner label of a joint summit, e.g. ``OIC + Arab League``."""
    return " + ".join(split_list(cell))


def engagements(events: pd.DataFrame) -> pd.DataFrame:
    """Return one row per engagement and partner: ``event_id``, ``partner``, ``partner_type``.

    ``partner_type`` is ``country`` (an ISO 3166 code) or ``organisation`` (its label); a
    summit that was also a state or official visit gives two rows. An agreement is part of
    its trip or visit, and an engagement of its own only where that row is not among
    ``events``. Iran itself is never a partner country.
    """
    category = categories(events)
    setting = events["setting"]
    # The head of an international organisation counts for the organisation, not its seat.
    heads = events["level"] == "head_of_organisation"
    is_organisation = (
        (category.isin(["bloc_step", "video_address"]))
        | ((category == "trip") & setting.isin(SUMMIT_SETTINGS))
        | heads
    )
    # A signing stands in for its trip or visit when the view does not show that row
    # (Kind = agreement, say); when both are shown, the trip or visit is the engagement.
    stands_alone = ~events["related_event_id"].isin(events["event_id"])
    is_country = (
        (category.isin(["visit", "condolence_visit", "border_ceremony", "meeting"]) & ~heads)
        | ((category == "trip") & setting.isin(BILATERAL_SETTINGS))
        | ((category == "agreement") & stands_alone)
    ) & (events["country_iso3"] != HOME_CITY[1])
    columns = ["event_id", "start_date", "category"]
    by_organisation = events.loc[is_organisation, ["event_id", "start_date", "organization"]]
    organisations = by_organisation.assign(
        category=category[is_organisation],
        partner=by_organisation["organization"].map(organisation_label),
        partner_type="organisation",
    )
    countries = events.loc[is_country, ["event_id", "start_date", "country_iso3"]].assign(
        category=category[is_country], partner_type="country"
    )
    countries = countries.rename(columns={"country_iso3": "partner"})
    joined = pd.concat(
        [
            countries[[*columns, "partner", "partner_type"]],
            organisations[[*columns, "partner", "partner_type"]],
        ],
        ignore_index=True,
    )
    joined["quarter"] = joined["start_date"].dt.to_period("Q").dt.start_time
    return joined.sort_values(["start_date", "event_id", "partner_type"]).reset_index(drop=True)


def annotate(events: pd.DataFrame) -> pd.DataFrame:
    """Return the whole record with each row's ``category`` and ``documents_total``."""
    return with_documents_total(events).assign(category=categories(events))


def with_documents_total(events: pd.DataFrame) -> pd.DataFrame:
    """Return the record with ``documents_total``: a row's own count plus its agreements'.

    Computed once on the whole record, so a trip's tooltip names its documents whatever the
    filters keep of its agreement rows.
    """
    own = events["agreements_signed"].fillna(0).astype("int64")
    children = own.groupby(events["related_event_id"]).sum()
    from_children = events["event_id"].map(children).fillna(0).astype("int64")
    total = own + from_children.where(events["kind"] != "agreement", 0)
    return events.assign(documents_total=total.astype("int64"))


def documents_counted(shown: pd.DataFrame, record: pd.DataFrame) -> pd.Series:
    """Return, for each shown row, the documents it carries in this view (sum = the headline).

    An agreement row carries its own count; a trip or visit carries its own count and those
    of its agreement rows that the view does not show. So each signing is counted once, on
    the agreement row when it is shown, else on its trip or visit.
    """
    own = shown["agreements_signed"].fillna(0).astype("int64")
    hidden = record[
        (record["kind"] == "agreement")
        & (record["related_event_id"] != "")
        & ~record["event_id"].isin(shown["event_id"])
    ]
    hidden_counts = hidden["agreements_signed"].fillna(0).astype("int64")
    per_parent = hidden_counts.groupby(hidden["related_event_id"]).sum()
    carried = shown["event_id"].map(per_parent).fillna(0).astype("int64")
    return (own + carried).rename("documents_counted")


@dataclass(frozen=True)
class Headline:
    """The numbers shown above the map for a view, each under its rule in ``RULES``."""

    journeys: int
    countries_visited: int
    summits: int
    meetings_abroad: int
    border_ceremonies: int
    video_addresses: int
    visits_received: int
    condolence_visits: int
    documents_signed: int
    bloc_steps: int
    signings_without_count: int
    events: int


def headline(shown: pd.DataFrame, record: pd.DataFrame) -> Headline:
    """Return the headline numbers of the rows ``shown``, out of the whole ``record``."""
    category = categories(shown)
    trips = shown[category == "trip"]
    return Headline(
        journeys=int(trips["trip_id"].nunique()),
        countries_visited=int(trips["country_iso3"].nunique()),
        summits=int(trips["setting"].isin(SUMMIT_SETTINGS).sum()),
        meetings_abroad=int((category == "meeting").sum()),
        border_ceremonies=int((category == "border_ceremony").sum()),
        video_addresses=int((category == "video_address").sum()),
        visits_received=int((category == "visit").sum()),
        condolence_visits=int((category == "condolence_visit").sum()),
        documents_signed=int(documents_counted(shown, record).sum()),
        bloc_steps=int((category == "bloc_step").sum()),
        signings_without_count=int(
            ((category == "agreement") & shown["agreements_signed"].isna()).sum()
        ),
        events=len(shown),
    )


def country_counts(events: pd.DataFrame, joined: pd.DataFrame | None = None) -> pd.Series:
    """Return the bilateral engagements per country (condolence visits never count).

    ``joined`` is ``engagements(events)`` where the caller has it already.
    """
    joined = engagements(events) if joined is None else joined
    bilateral = joined[
        (joined["partner_type"] == "country") & (joined["category"] != "condolence_visit")
    ]
    return bilateral.groupby("partner").size().rename("engagements")


def summit_hosts(events: pd.DataFrame) -> frozenset[str]:
    """Return the countries that hosted a summit he attended in person in these rows."""
    summits = events[(events["kind"] == "trip") & events["setting"].isin(SUMMIT_SETTINGS)]
    return frozenset(summits["country_iso3"])


# What a number reads where the record lacks what it counts, rather than a zero to quote.
NOT_RECORDED = "not recorded"
# The kind of row each headline number counts, so a presidency whose record lacks that kind
# shows NOT_RECORDED.
HEADLINE_KINDS = {
    "journeys": "trip",
    "countries_visited": "trip",
    "visits_received": "visit",
    "documents_signed": "agreement",
}


def not_recorded(presidents: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Return, for each headline number, the presidents whose record lacks what it counts.

    Numbers recorded for every one of ``presidents`` are left out of the answer.
    """
    missing: dict[str, tuple[str, ...]] = {}
    for number, kind in HEADLINE_KINDS.items():
        lacking = tuple(name for name in presidents if kind not in RECORDED_KINDS.get(name, ()))
        if lacking:
            missing[number] = lacking
    return missing


def partly_recorded(presidents: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Return, for each headline number, the presidents whose record holds only some levels.

    So far: visits received, where a president's record holds heads of state and government
    only (``x-levels``); such a number is labelled with what it counts.
    """
    partly = tuple(
        name
        for name in presidents
        if RECORDED_LEVELS.get(name) and "visit" in RECORDED_KINDS.get(name, ())
    )
    return {"visits_received": partly} if partly else {}
