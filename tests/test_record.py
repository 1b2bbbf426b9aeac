"""The real record: valid, sourced, joined to a polygon and a place, described by its schema."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import data, paths


@pytest.fixture(scope="module")
def geodata() -> data.Geodata:
    """The repository's geodata."""
    return data.load_geodata()


@pytest.fixture(scope="module")
def record(geodata: data.Geodata) -> data.Record:
    """The repository's events.csv, validated against the repository's geodata."""
    return data.load_located_record(paths.EVENTS, geodata)


def test_record_validates_clean(record: data.Record) -> None:
    """No row of events.csv has a problem."""
    assert [str(problem) for problem in record.problems] == []


def test_every_event_joins_to_a_polygon_and_a_place(
    record: data.Record, geodata: data.Geodata
) -> None:
    """Each event has its country's polygon and coordinates; trips and visits have arcs."""
    located = record.events
    assert located["country_name"].notna().all()
    assert located[["latitude", "longitude"]].notna().all().all()
    travels = located[located["kind"].isin(["trip", "visit"])]
    assert travels[["origin_latitude", "origin_longitude"]].notna().all().all()
    joined = geodata.countries.merge(located, left_on="iso3", right_on="country_iso3")
    assert len(joined) == len(located)


def test_every_trip_of_the_presidency_is_there(record: data.Record) -> None:
    """About two dozen journeys and thirty stops of Raisi's, forty of Rouhani's, all sourced."""
    trips = record.events[record.events["kind"] == "trip"]
    assert trips["source_url"].str.match(r"https?://").all()
    raisi = trips[trips["president"] == "raisi"]
    assert raisi["trip_id"].nunique() >= 23
    assert len(raisi) >= 29
    first = raisi.sort_values("start_date").iloc[0]
    assert (first["country_iso3"], str(first["start_date"].date())) == ("TJK", "2021-09-16")
    rouhani = trips[trips["president"] == "rouhani"]
    assert rouhani["trip_id"].nunique() >= 40
    assert len(rouhani) >= 55
    first = rouhani.sort_values("start_date").iloc[0]
    assert (first["country_iso3"], str(first["start_date"].date())) == ("KGZ", "2013-09-12")


def test_the_schema_is_declared_once_in_the_data_package() -> None:
    """The validator's columns and enums are datapackage.json's, and the file keeps its order."""
    package = json.loads((paths.ROOT / "datapackage.json").read_text())
    events = next(r for r in package["resources"] if r["name"] == "events")
    fields = {field["name"]: field for field in events["schema"]["fields"]}
    assert tuple(fields["kind"]["constraints"]["enum"]) == data.KINDS
    assert tuple(fields["themes"]["x-items"]["enum"]) == data.THEMES
    assert tuple(fields) == data.COLUMNS
    header = pd.read_csv(paths.EVENTS, nrows=0).columns
    assert list(header) == list(fields)


def test_every_kind_has_rows_and_every_visit_a_level(record: data.Record) -> None:
    """The complete record has trips, visits, agreements and bloc steps; visits are ranked."""
    events = record.events
    assert set(events["kind"]) == set(data.KINDS)
    assert (events.loc[events["kind"] == "visit", "level"] != "").all()
    steps = events[events["kind"] == "membership"]
    assert {"SCO", "BRICS"} <= set(steps["organization"])
    assert {"decision", "invitation", "membership_effective"} <= set(steps["step"])
