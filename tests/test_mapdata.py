"""The map's served rows: their days, the GPU filter's range, documents named, the route."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from starlette.requests import Request

from dashboard import counting, filters, mapdata
from tests.conftest import ALL_KINDS_ROWS


@pytest.fixture
def located(locate: Callable[..., pd.DataFrame]) -> pd.DataFrame:
    """Every kind of row, with places, categories and document totals."""
    return counting.annotate(locate(ALL_KINDS_ROWS))


def test_day_numbers_count_from_the_inauguration() -> None:
    """3 Aug 2013 (Rouhani's first day) is day 0; Raisi's 1,020 days run from day 2,922."""
    assert mapdata.day_number(dt.date(2013, 8, 3)) == 0
    assert mapdata.day_number(dt.date(2021, 8, 3)) == 2922
    assert (
        mapdata.day_number(dt.date(2024, 5, 19)) - mapdata.day_number(dt.date(2021, 8, 3)) == 1020
    )


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (dt.date(2021, 9, 1), dt.date(2021, 9, 1)),
        (dt.date(2022, 1, 1), dt.date(2023, 12, 1)),
        (dt.date(2021, 8, 1), dt.date(2024, 5, 1)),
        (dt.date(2023, 12, 1), dt.date(2023, 12, 1)),
    ],
)
def test_the_gpu_filter_keeps_the_rows_of_the_period(
    located: pd.DataFrame, first: dt.date, last: dt.date
) -> None:
    """The filter range, applied as deck.gl does, keeps exactly the events of the period."""
    start, end = filters.period_of_months(first, last)
    (low, high), (low_end, high_end) = mapdata.filter_range(start, end)
    kept = set()
    for name in mapdata.LAYER_NAMES:
        for row in mapdata.layer_rows(located, located, name):
            day_from, day_to = row["days"]
            if low <= day_from <= high and low_end <= day_to <= high_end:
                kept.add(row["tooltip"].split("\n")[0])
    in_period = filters.events_in_period(located, start, end)
    expected = {
        row["tooltip"].split("\n")[0]
        for name in mapdata.LAYER_NAMES
        for row in mapdata.layer_rows(in_period, located, name)
    }
    assert kept == expected


def test_an_arc_names_the_documents_signed(located: pd.DataFrame) -> None:
    """A visit's arc lists the documents its signing names, before the source."""
    record = located.assign(
        documents=located["documents"].mask(located["kind"] == "agreement", "a; b; c; d; e; f")
    )
    (visit,) = mapdata.layer_rows(record, record, "visits")
    lines = visit["tooltip"].split("\n")
    assert lines[-2] == "Signed: a; b; c; d; and 2 more"
    assert lines[-1].startswith("Source: ")


def test_a_new_record_is_a_new_url() -> None:
    """The version follows the files' bytes; the URLs carry the filters and the version."""
    one = mapdata.version({"events": b"a", "places": None})
    assert one == mapdata.version({"places": None, "events": b"a"})
    assert one != mapdata.version({"events": b"b", "places": None})
    urls = mapdata.data_urls({"kinds": "trip"}, one)
    assert urls["trips"] == f"data/map/trips.json?kinds=trip&v={one}"
    assert set(urls) == set(mapdata.LAYER_NAMES)


def test_a_country_hover_gives_the_counts_that_shade_it(located: pd.DataFrame) -> None:
    """Each engaged country's hover: its engagements by category, summit hosted, documents."""
    hovers = mapdata.country_hovers(located, located, "Sep 2021")
    counts = counting.country_counts(located)
    hosts = counting.summit_hosts(located)
    assert set(hovers) == (set(counts.index) | hosts) - {"IRN"}
    for iso3, text in hovers.items():
        lines = text.split("\n")
        assert lines[0] == ", Sep 2021"
        assert lines[-1] == "Click for its story"
        if iso3 in counts:
            number = int(counts[iso3])
            assert lines[1].startswith(f"{number} bilateral engagement{'' if number == 1 else 's'}")
        assert ("Hosted a summit he attended" in lines) == (iso3 in hosts)


def test_a_hover_counts_documents_once() -> None:
    """A trip's documents and its agreement row's are one count, the headline's rule."""
    trip = {"event_id": "t", "kind": "trip", "country_iso3": "CUB", "related_event_id": ""}
    rows = pd.DataFrame(
        [
            {**trip, "agreements_signed": 2},
            {
                **trip,
                "event_id": "a",
                "kind": "agreement",
                "related_event_id": "t",
                "agreements_signed": 5,
            },
        ]
    )
    shown = rows.assign(
        setting="bilateral",
        level="",
        organization="",
        step="",
        start_date=pd.Timestamp("2023-06-15"),
        end_date=pd.Timestamp("2023-06-15"),
    )
    (text,) = mapdata.country_hovers(shown, shown, "Jun 2023").values()
    assert text.split("\n") == [
        ", Jun 2023",
        "1 bilateral engagement: 1 trip stop",
        "Documents signed, at least: 7",
        "Click for its story",
    ]


def test_an_unknown_layer_is_refused(located: pd.DataFrame) -> None:
    """Only the map's own layers have rows."""
    with pytest.raises(ValueError, match="unknown map layer"):
        mapdata.layer_rows(located, located, "everything")


def request_for(path_layer: str, query: str = "", gzipped: bool = False) -> Request:
    """A GET request for the map rows route (from a browser that takes gzip, or not)."""
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": f"/data/map/{path_layer}.json",
            "query_string": query.encode(),
            "headers": [(b"accept-encoding", b"gzip, deflate")] if gzipped else [],
            "path_params": {"layer": path_layer},
        }
    )


def test_the_route_serves_the_rows_of_the_view() -> None:
    """The real record's trips for a country; an unknown layer is a 404, not an error."""
    from dashboard import serve

    answer = serve.map_rows(request_for("trips", "country=CUB"))
    rows = json.loads(bytes(answer.body))
    assert answer.status_code == 200 and rows
    assert {row["iso3"] for row in rows} == {"CUB"}
    assert serve.map_rows(request_for("secrets")).status_code == 404
    assert "no-store" in answer.headers["cache-control"], "no version asked: not cached"


def test_a_views_rows_are_computed_once_per_record(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second reader of a view gets the same bytes without their being computed again."""
    from dashboard import serve

    calls: list[str] = []
    computed = serve.rows_json

    def counting_rows(*args: Any) -> bytes:
        calls.append(args[2])
        return computed(*args)

    monkeypatch.setattr(serve, "rows_json", counting_rows)
    monkeypatch.setattr(serve, "_rows_cache", {})
    first = serve.map_rows(request_for("visits", "country=IRQ&from=2022-01"))
    # The period is not part of the rows (the browser filters them): the same rows.
    again = serve.map_rows(request_for("visits", "country=IRQ&from=2023-05"))
    assert bytes(first.body) == bytes(again.body) and calls == ["visits"]
    serve.map_rows(request_for("visits", "country=CUB"))
    assert calls == ["visits", "visits"]


def test_the_rows_are_gzipped_for_a_browser_that_takes_gzip() -> None:
    """The same rows, compressed once, with the headers that say so."""
    from dashboard import serve

    plain = serve.map_rows(request_for("stops"))
    packed = serve.map_rows(request_for("stops", gzipped=True))
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(bytes(packed.body)) == bytes(plain.body)
    assert len(packed.body) < len(plain.body) / 2
