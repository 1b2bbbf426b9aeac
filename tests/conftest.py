"""Tiny literal fixtures: three square countries, four places, a few events."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from dashboard import data

HEADER = [
    "event_id",
    "kind",
    "trip_id",
    "leg",
    "start_date",
    "end_date",
    "country_iso3",
    "city",
    "title",
    "counterpart",
    "organization",
    "agreements_signed",
    "source_url",
    "source_title",
    "extra_source_urls",
    "notes",
]

GOOD_ROWS = [
    {
        "event_id": "2021-09-16-tjk-sco-summit",
        "kind": "trip",
        "trip_id": "2021-09-tajikistan",
        "leg": "1",
        "start_date": "2021-09-16",
        "end_date": "2021-09-18",
        "country_iso3": "TJK",
        "city": "Dushanbe",
        "title": "SCO summit",
        "counterpart": "President Emomali Rahmon",
        "organization": "SCO",
        "agreements_signed": "8",
        "source_url": "https://example.org/dushanbe",
        "source_title": "Dushanbe report",
        "extra_source_urls": "",
        "notes": "",
    },
    {
        "event_id": "2023-06-12-ven-state-visit",
        "kind": "trip",
        "trip_id": "2023-06-tour",
        "leg": "1",
        "start_date": "2023-06-12",
        "end_date": "2023-06-13",
        "country_iso3": "VEN",
        "city": "Caracas",
        "title": "State visit",
        "counterpart": "President Nicolás Maduro",
        "organization": "",
        "agreements_signed": "",
        "source_url": "https://example.org/caracas",
        "source_title": "Caracas report",
        "extra_source_urls": "https://example.net/a https://example.net/b",
        "notes": "",
    },
    {
        "event_id": "2023-06-14-cub-state-visit",
        "kind": "trip",
        "trip_id": "2023-06-tour",
        "leg": "2",
        "start_date": "2023-06-14",
        "end_date": "2023-06-15",
        "country_iso3": "CUB",
        "city": "Havana",
        "title": "State visit",
        "counterpart": "President Miguel Díaz-Canel",
        "organization": "",
        "agreements_signed": "6",
        "source_url": "http://example.org/havana",
        "source_title": "Havana report",
        "extra_source_urls": "",
        "notes": "",
    },
]


@pytest.fixture
def countries() -> gpd.GeoDataFrame:
    """Four unit squares standing for Iran, Tajikistan, Venezuela and Cuba."""
    return gpd.GeoDataFrame(
        {
            "iso3": ["CUB", "IRN", "TJK", "VEN"],
            "name": ["Cuba", "Iran", "Tajikistan", "Venezuela"],
        },
        geometry=[
            box(-83, 22, -82, 23),
            box(51, 35, 52, 36),
            box(68, 38, 69, 39),
            box(-67, 10, -66, 11),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture
def places() -> pd.DataFrame:
    """Tehran and the three cities of the events."""
    return pd.DataFrame(
        {
            "city": ["Tehran", "Dushanbe", "Caracas", "Havana"],
            "country_iso3": ["IRN", "TJK", "VEN", "CUB"],
            "latitude": [35.7, 38.5, 10.5, 23.1],
            "longitude": [51.4, 68.8, -66.9, -82.4],
            "source": ["https://www.geonames.org/1"] * 4,
        }
    )


def csv_text(rows: list[dict[str, str]], header: list[str] = HEADER) -> str:
    """Return rows as CSV text with the given header."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def write_events(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (default: the good ones) to an events file and return its path."""

    def write(rows: list[dict[str, str]] | None = None, text: str | None = None) -> Path:
        path = tmp_path / "events.csv"
        path.write_text(text if text is not None else csv_text(GOOD_ROWS if rows is None else rows))
        return path

    return write


@pytest.fixture
def load(
    countries: gpd.GeoDataFrame, places: pd.DataFrame, write_events: Callable[..., Path]
) -> Callable[..., data.Record]:
    """Validate rows (or raw text) against the fixture geodata."""

    def run(rows: list[dict[str, str]] | None = None, text: str | None = None) -> data.Record:
        path = write_events(rows, text)
        return data.load_record(path, frozenset(countries["iso3"]), data.place_keys(places))

    return run


def changed(row_index: int, **changes: str) -> list[dict[str, str]]:
    """Return the good rows with some cells of one row replaced."""
    rows = [dict(row) for row in GOOD_ROWS]
    rows[row_index].update(changes)
    return rows
