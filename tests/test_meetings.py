"""Meetings abroad and heads of organisations: checked, placed, counted and shown as they are."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from dashboard import counting, data, mapdata
from tests.conftest import ALL_KINDS_ROWS, BLANK, GOOD_ROWS, VISIT_ROW

Load = Callable[..., data.Record]
# On the Dushanbe stop of the fixture (16–18 Sep 2021): a meeting with Venezuela's president.
MEETING_ROW = {
    **BLANK,
    "event_id": "2021-09-17-ven-meeting",
    "kind": "meeting",
    "related_event_id": "2021-09-16-tjk-sco-summit",
    "start_date": "2021-09-17",
    "end_date": "2021-09-17",
    "country_iso3": "VEN",
    "city": "Dushanbe",
    "title": "Meeting with the President of Venezuela",
    "counterpart": "President Nicolás Maduro",
    "level": "head_of_state",
    "source_url": "https://example.org/meeting",
    "source_title": "Meeting in Dushanbe",
}


def with_meeting(**changes: str) -> list[dict[str, str]]:
    """The fixture's rows of every kind and the meeting, with some cells of the meeting changed."""
    return [*ALL_KINDS_ROWS, {**MEETING_ROW, **changes}]


def test_a_meeting_on_a_trip_stop_is_valid(load: Load) -> None:
    """A meeting tied to its stop, within its days, in its city: no problem."""
    assert not load(with_meeting()).problems


@pytest.mark.parametrize(
    ("changes", "column", "fragment"),
    [
        ({"related_event_id": VISIT_ROW["event_id"]}, "related_event_id", "a trip row"),
        ({"related_event_id": ""}, "related_event_id", "a meeting row needs it"),
        ({"start_date": "2021-09-20", "end_date": "2021-09-20"}, "start_date", "within its trip"),
        ({"city": "Caracas"}, "city", "a city of its trip stop: Dushanbe"),
        ({"country_iso3": "IRN"}, "country_iso3", "not Iran"),
        ({"level": ""}, "level", "a meeting row needs it"),
        ({"setting": "bilateral"}, "setting", "only trip rows have it"),
    ],
)
def test_a_meeting_out_of_its_trip_is_named(
    load: Load, changes: dict[str, str], column: str, fragment: str
) -> None:
    """Each way a meeting can miss its trip stop is named by its column."""
    record = load(with_meeting(**changes))
    line = len(ALL_KINDS_ROWS) + 2
    assert any(
        problem.row == line and problem.column == column and fragment in problem.expected
        for problem in record.problems
    ), [str(problem) for problem in record.problems]


def test_a_meeting_is_placed_at_its_stop_and_counted_for_its_counterpart(
    locate: Callable[..., pd.DataFrame],
) -> None:
    """At Dushanbe, a bilateral engagement of Venezuela; not a journey, not a country visited."""
    located = counting.annotate(locate(with_meeting()))
    meeting = located[located["event_id"] == MEETING_ROW["event_id"]].iloc[0]
    assert (meeting["latitude"], meeting["longitude"]) == (38.5, 68.8)
    assert meeting["category"] == "meeting"
    assert pd.isna(meeting["origin_latitude"]), "no arc: he did not fly to Venezuela"
    without = counting.annotate(locate(ALL_KINDS_ROWS))
    assert counting.country_counts(located)["VEN"] == counting.country_counts(without)["VEN"] + 1
    assert (
        counting.headline(located, located).journeys == counting.headline(without, without).journeys
    )
    assert (
        counting.headline(located, located).countries_visited
        == counting.headline(without, without).countries_visited
    )


def test_a_meeting_is_named_in_its_stop_and_not_drawn_apart(
    locate: Callable[..., pd.DataFrame],
) -> None:
    """The stop's tooltip names whom he met; the meeting is no point of its own, unless alone."""
    located = counting.annotate(locate(with_meeting()))
    stops = mapdata.layer_rows(located, located, "stops")
    dushanbe = [row for row in stops if row["tooltip"].startswith("Trip: SCO summit")]
    assert "Met on the sidelines: President Nicolás Maduro (Venezuela)" in dushanbe[0]["tooltip"]
    assert not any(row["tooltip"].startswith("Meeting abroad") for row in stops)
    alone = located[located["kind"] == "meeting"]
    (point,) = mapdata.layer_rows(alone, located, "stops")
    assert point["tooltip"].split("\n")[1] == "17 Sep 2021 · Dushanbe (with Venezuela)"
    assert all(mapdata.layer_rows(alone, located, name) == [] for name in mapdata.ARC_CATEGORIES)


def test_the_head_of_an_organisation_counts_for_the_organisation(
    locate: Callable[..., pd.DataFrame], load: Load
) -> None:
    """The SCO's secretary-general, come from its seat: an engagement of the SCO, not of a state."""
    head = {
        **VISIT_ROW,
        "event_id": "2023-12-12-sco-visit",
        "start_date": "2023-12-12",
        "end_date": "2023-12-12",
        "country_iso3": "TJK",
        "level": "head_of_organisation",
        "organization": "SCO",
        "themes": "",
        "counterpart": "SCO Secretary-General",
    }
    located = counting.annotate(locate([*GOOD_ROWS, head]))
    joined = counting.engagements(located)
    partners = joined[joined["event_id"] == head["event_id"]]
    assert list(partners["partner"]) == ["SCO"] and list(partners["partner_type"]) == [
        "organisation"
    ]
    (arc,) = [
        row
        for name in mapdata.ARC_CATEGORIES
        for row in mapdata.layer_rows(
            located[located["event_id"] == head["event_id"]], located, name
        )
    ]
    assert arc["tooltip"].split("\n")[1].endswith("Tehran, Iran (from the SCO)")
    missing = load([*GOOD_ROWS, {**head, "organization": ""}])
    assert any(problem.column == "organization" for problem in missing.problems)


def test_a_countrys_hover_counts_its_meetings(locate: Callable[..., pd.DataFrame]) -> None:
    """Every category of bilateral engagement is named in a country's hover (none left blank)."""
    located = counting.annotate(locate(with_meeting()))
    lines = mapdata.country_hovers(located, located, "Sep 2021")["VEN"].split("\n")
    assert "1 meeting abroad" in lines[1]
    assert set(counting.KIND_CATEGORIES.values()) - {"bloc_step"} <= {
        *mapdata.ENGAGEMENT_WORDS,
        "visit",
    }


def test_the_line_under_the_numbers_counts_the_meetings(
    locate: Callable[..., pd.DataFrame],
) -> None:
    """The meetings of the view are counted apart, under the headline numbers."""
    from dashboard import texts

    located = counting.annotate(locate(with_meeting()))
    numbers = counting.headline(located, located)
    assert numbers.meetings_abroad == 1
    assert "1 meeting abroad with other leaders" in texts.also_counted(numbers, 0)
