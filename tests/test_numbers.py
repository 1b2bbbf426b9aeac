"""Every headline number of a dozen views, recomputed from events.csv by a second, plain path.

The plain path reads the CSV with the csv module and applies the rules as docs/record.md
words them, with no pandas and none of dashboard/counting.py; the page's numbers (AppTest)
and the sum of the table's Documents counted column must agree with it.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import paths

APP = str(paths.ROOT / "dashboard" / "app.py")
FIRST_DAY, DEATH, LAST_DAY = dt.date(2021, 8, 3), dt.date(2024, 5, 19), dt.date(2024, 5, 31)

with paths.EVENTS.open(encoding="utf-8", newline="") as handle:
    ROWS = list(csv.DictReader(handle))
with paths.ATTRIBUTES.open(encoding="utf-8", newline="") as handle:
    REGIONS = {row["iso3"]: row["m49_region"] for row in csv.DictReader(handle)}


@dataclass(frozen=True)
class View:
    """A view as a link gives it: its query parameters."""

    name: str
    query: dict[str, str]


VIEWS = (
    View("whole presidency", {}),
    View("2021", {"from": "2021-08", "to": "2021-12"}),
    View("2022", {"from": "2022-01", "to": "2022-12"}),
    View("2023", {"from": "2023-01", "to": "2023-12"}),
    View("2024", {"from": "2024-01", "to": "2024-05"}),
    View("agreements", {"kinds": "agreement"}),
    View("trips", {"kinds": "trip"}),
    View("visits", {"kinds": "visit"}),
    View("Africa", {"regions": "Africa"}),
    View("Asia in 2023", {"regions": "Asia", "from": "2023-01", "to": "2023-12"}),
    View("Cuba", {"country": "CUB"}),
    View("the funeral week", {"from": "2024-05", "to": "2024-05", "condolences": "1"}),
)


def month_range(query: dict[str, str]) -> tuple[dt.date, dt.date]:
    """Return the days the view's months cover, clipped to the record."""
    first = dt.date.fromisoformat(query.get("from", "2021-08") + "-01")
    last = dt.date.fromisoformat(query.get("to", "2024-05") + "-01")
    last = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    return max(first, FIRST_DAY), min(last, LAST_DAY)


def rows_of(view: View) -> list[dict[str, str]]:
    """Return the rows of events.csv the view shows."""
    start, end = month_range(view.query)
    shown = []
    for row in ROWS:
        begins = dt.date.fromisoformat(row["start_date"])
        if begins > end or dt.date.fromisoformat(row["end_date"]) < start:
            continue
        if row["kind"] == "visit" and begins > DEATH and "condolences" not in view.query:
            continue
        if "kinds" in view.query and row["kind"] not in view.query["kinds"].split(","):
            continue
        if "regions" in view.query and REGIONS.get(row["country_iso3"]) != view.query["regions"]:
            continue
        if "country" in view.query and row["country_iso3"] != view.query["country"]:
            continue
        shown.append(row)
    return shown


def expected_numbers(view: View) -> dict[str, int]:
    """Return the headline numbers under the written rules."""
    shown = rows_of(view)
    ids = {row["event_id"] for row in shown}
    in_person = [r for r in shown if r["kind"] == "trip" and r["setting"] != "border_ceremony"]
    documents = 0
    for row in shown:
        documents += int(row["agreements_signed"] or 0)
        if row["kind"] in ("trip", "visit"):
            documents += sum(
                int(other["agreements_signed"] or 0)
                for other in ROWS
                if other["related_event_id"] == row["event_id"] and other["event_id"] not in ids
            )
    return {
        "Journeys abroad": len({row["trip_id"] for row in in_person}),
        "Countries visited": len({row["country_iso3"] for row in in_person}),
        "Visits received": sum(
            1
            for row in shown
            if row["kind"] == "visit" and dt.date.fromisoformat(row["start_date"]) <= DEATH
        ),
        "Documents signed": documents,
        "Events": len(shown),
    }


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_the_page_shows_the_numbers_the_rules_give(view: View) -> None:
    """AppTest's metrics equal the plain count; the table's Documents counted sums to it."""
    page = AppTest.from_file(APP, default_timeout=60)
    page.query_params.update({**view.query, "tab": "Table"})
    page.run()
    assert not page.exception
    shown = {metric.label: int(metric.value) for metric in page.metric}
    expected = expected_numbers(view)
    assert shown == expected
    table = next(frame.value for frame in page.dataframe if "event_id" in frame.value.columns)
    assert len(table) == expected["Events"]
    assert int(table["documents_counted"].sum()) == expected["Documents signed"]


def test_the_whole_presidency_in_figures() -> None:
    """The figures a journalist would quote, pinned: 22 journeys, 23 countries, 108 visits."""
    numbers = expected_numbers(VIEWS[0])
    assert (numbers["Journeys abroad"], numbers["Countries visited"]) == (22, 23)
    assert numbers["Visits received"] == 108
    assert (
        expected_numbers(VIEWS[-1])["Events"]
        > expected_numbers(View("May 2024", {"from": "2024-05", "to": "2024-05"}))["Events"]
    ), "the funeral week shows the condolence visits when asked"


@pytest.mark.parametrize("view", VIEWS[:3], ids=lambda view: view.name)
def test_the_meetings_abroad_under_the_numbers_are_the_plain_count(view: View) -> None:
    """The line under the numbers counts the view's meeting rows, as a plain count gives them."""
    page = AppTest.from_file(APP, default_timeout=60)
    page.query_params.update({**view.query, "tab": "Map"})
    page.run()
    assert not page.exception
    meetings = sum(1 for row in rows_of(view) if row["kind"] == "meeting")
    words = "meeting" if meetings == 1 else "meetings"
    assert any(
        f"{meetings} {words} abroad with other leaders" in caption.value for caption in page.caption
    )
