"""Each counting rule on a tiny fixture: what a number counts, and what it leaves apart."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from dashboard import counting, data, texts
from tests.conftest import ALL_KINDS_ROWS, BLANK, GOOD_ROWS, changed

BORDER_ROW = {
    **BLANK,
    "event_id": "2023-05-18-pak-border-ceremony",
    "kind": "trip",
    "trip_id": "2023-05-border",
    "leg": "1",
    "setting": "border_ceremony",
    "start_date": "2023-05-18",
    "end_date": "2023-05-18",
    "country_iso3": "VEN",
    "city": "Caracas",
    "title": "Border ceremony",
    "source_url": "https://example.org/border",
    "source_title": "Border",
}
VIDEO_ROW = {
    **BLANK,
    "event_id": "2023-07-04-ven-sco-virtual-summit",
    "kind": "membership",
    "start_date": "2023-07-04",
    "end_date": "2023-07-04",
    "country_iso3": "VEN",
    "city": "Caracas",
    "title": "Address by video",
    "organization": "SCO",
    "step": "virtual_summit",
    "virtual": "true",
    "source_url": "https://example.org/video",
    "source_title": "Video",
}
CONDOLENCE_ROW = {
    **ALL_KINDS_ROWS[3],
    "event_id": "2024-05-22-cub-condolences",
    "start_date": "2024-05-22",
    "end_date": "2024-05-22",
    "title": "Condolences",
}

Load = Callable[..., data.Record]


@pytest.fixture
def events(load: Load) -> pd.DataFrame:
    """Every kind, a border ceremony, an address by video and a condolence visit."""
    record = load([*ALL_KINDS_ROWS, BORDER_ROW, VIDEO_ROW, CONDOLENCE_ROW])
    assert record.problems == ()
    return record.events


def test_categories_tell_the_kinds_of_row_apart(events: pd.DataFrame) -> None:
    """Border ceremonies, addresses by video and condolence visits have their own category."""
    by_id = dict(zip(events["event_id"], counting.categories(events), strict=True))
    assert by_id["2023-05-18-pak-border-ceremony"] == "border_ceremony"
    assert by_id["2023-07-04-ven-sco-virtual-summit"] == "video_address"
    assert by_id["2024-05-22-cub-condolences"] == "condolence_visit"
    assert by_id["2023-12-09-cub-state-visit"] == "visit"
    assert by_id["2021-09-17-tjk-sco-accession-decision"] == "bloc_step"


def test_a_border_ceremony_is_neither_a_journey_nor_a_country_visited(
    events: pd.DataFrame,
) -> None:
    """A tour of two stops and a summit: two journeys, three countries; the ceremony apart."""
    numbers = counting.headline(events, events)
    assert (numbers.journeys, numbers.countries_visited, numbers.border_ceremonies) == (2, 3, 1)


def test_a_virtual_summit_counts_for_its_organisation_only(events: pd.DataFrame) -> None:
    """An address by video is counted apart, engages the SCO and shades no country."""
    numbers = counting.headline(events, events)
    assert numbers.video_addresses == 1
    joined = counting.engagements(events)
    video = joined[joined["event_id"] == "2023-07-04-ven-sco-virtual-summit"]
    assert video[["partner", "partner_type"]].values.tolist() == [["SCO", "organisation"]]


def test_a_summit_abroad_counts_for_the_organisation_and_a_state_visit_for_the_host(
    events: pd.DataFrame,
) -> None:
    """A summit that was also an official visit counts for both; a pure summit only for its bloc."""
    joined = counting.engagements(events)
    dushanbe = joined[joined["event_id"] == "2021-09-16-tjk-sco-summit"]
    assert sorted(dushanbe["partner"]) == ["SCO", "TJK"]
    summit_only = events.assign(setting=events["setting"].replace("summit_and_bilateral", "summit"))
    assert counting.summit_hosts(summit_only) == frozenset({"TJK"})
    assert "TJK" not in counting.country_counts(summit_only)


def test_condolence_visits_are_apart_and_never_shade(events: pd.DataFrame) -> None:
    """A visit after 19 May 2024 is not a visit received of the presidency and shades nothing."""
    numbers = counting.headline(events, events)
    assert (numbers.visits_received, numbers.condolence_visits) == (1, 1)
    only_condolence = events[events["event_id"] == "2024-05-22-cub-condolences"]
    assert counting.country_counts(only_condolence).empty


def test_documents_tied_to_a_visit_are_counted_once_whatever_is_shown(
    events: pd.DataFrame,
) -> None:
    """The visit's 5 documents count once: with the agreement, the visit, or both shown."""
    visit_and_agreement = events[events["country_iso3"] == "CUB"]
    agreement = events[events["kind"] == "agreement"]
    visit = events[events["event_id"] == "2023-12-09-cub-state-visit"]
    for shown, expected in ((visit_and_agreement, 5 + 6), (agreement, 5), (visit, 5)):
        counted = counting.documents_counted(shown, events)
        assert counted.sum() == expected == counting.headline(shown, events).documents_signed


def test_documents_counted_says_which_row_carries_the_count(events: pd.DataFrame) -> None:
    """With both rows shown the agreement row carries the count and the visit none."""
    shown = events[events["country_iso3"] == "CUB"]
    counted = dict(zip(shown["event_id"], counting.documents_counted(shown, events), strict=True))
    assert counted["2023-12-09-cub-documents"] == 5
    assert counted["2023-12-09-cub-state-visit"] == 0


def test_a_trip_tooltip_total_includes_its_agreement_rows(events: pd.DataFrame) -> None:
    """documents_total adds an agreement row's count to its trip or visit."""
    totals = counting.with_documents_total(events).set_index("event_id")["documents_total"]
    assert totals["2023-12-09-cub-state-visit"] == 5
    assert totals["2021-09-16-tjk-sco-summit"] == 8


def test_a_count_on_both_a_visit_and_its_agreement_is_a_problem(load: Load) -> None:
    """The validator keeps each count on one row, naming the agreement row that has it."""
    rows = changed(3, ALL_KINDS_ROWS, agreements_signed="5")
    record = load(rows)
    assert [(p.row, p.column) for p in record.problems][:1] == [(5, "agreements_signed")]
    assert "row 6" in record.problems[0].expected


def test_rules_are_one_line_each() -> None:
    """Each rule is a sentence the page can print beside its number."""
    assert set(counting.RULES) >= {"journeys", "countries_visited", "documents_signed"}
    assert all(rule.endswith(".") and "\n" not in rule for rule in counting.RULES.values())


def test_good_rows_need_a_setting_for_trips(load: Load) -> None:
    """A trip without a setting is named."""
    record = load(changed(0, GOOD_ROWS, setting=""))
    assert [(p.row, p.column) for p in record.problems] == [(2, "setting")]


def test_a_signing_shown_without_its_visit_stands_in_for_it(events: pd.DataFrame) -> None:
    """With Kind = agreement a signing's country is an engagement; with its visit, not twice."""
    agreements = events[events["kind"] == "agreement"]
    assert counting.country_counts(agreements).to_dict() == {"CUB": 1}
    cuba = events[events["country_iso3"] == "CUB"]
    assert counting.country_counts(cuba)["CUB"] == 2, "the trip and the visit; not condolences"


def test_a_signing_is_dated_within_its_trip_or_visit(load: Load) -> None:
    """An agreement dated outside its visit's days is named, with the visit's days."""
    rows = changed(4, ALL_KINDS_ROWS, start_date="2023-12-12", end_date="2023-12-12")
    (problem,) = load(rows).problems
    assert (problem.row, problem.column) == (6, "start_date")
    assert "within its trip or visit: 2023-12-09 to 2023-12-10 (row 5)" in problem.expected


def test_the_line_under_the_numbers_says_what_is_apart_in_plain_words(
    events: pd.DataFrame,
) -> None:
    """Plurals read as words, signings without a count are named, hidden visits counted."""
    numbers = counting.headline(events, events)
    line = texts.also_counted(numbers, 3)
    assert (
        "1 summit attended in person, 0 meetings abroad with other leaders, 1 border ceremony"
        in line
    )
    assert "1 address by video" in line
    assert "3 condolence visits after his death left out" in line
    without = events.assign(agreements_signed=events["agreements_signed"].astype("Int64") * pd.NA)
    assert "1 signing with no count" in texts.also_counted(counting.headline(without, without), 0)


def test_a_presidency_whose_record_lacks_a_kind_has_no_number_for_it() -> None:
    """Rouhani's record holds journeys and leaders received: documents are not recorded."""
    assert counting.not_recorded(["raisi"]) == {}
    assert counting.not_recorded(["rouhani"]) == {"documents_signed": ("rouhani",)}
    assert counting.not_recorded(["raisi", "rouhani"])["documents_signed"] == ("rouhani",)
    # His visits received are the heads of state and government only: the label says so.
    assert counting.partly_recorded(["raisi"]) == {}
    assert counting.partly_recorded(["raisi", "rouhani"]) == {"visits_received": ("rouhani",)}


def test_a_rule_is_stated_without_the_filters_a_page_lacks() -> None:
    """The static edition has no Level filter, so its rule does not mention one."""
    assert counting.RULES["visits_received"].endswith("; the Level filter narrows it.")
    assert counting.rule_text("visits_received", filters=False).endswith("one per visit.")
    assert counting.rule_text("journeys", filters=False) == counting.RULES["journeys"]
