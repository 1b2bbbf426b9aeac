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

HEADER = list(data.COLUMNS)

GOOD_ROWS: list[dict[str, str]] = [
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
        "setting": "summit_and_bilateral",
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
        "setting": "bilateral",
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
        "setting": "bilateral",
        "agreements_signed": "6",
        "source_url": "http://example.org/havana",
        "source_title": "Havana report",
        "extra_source_urls": "",
        "notes": "",
    },
]
# Every fixture row is Raisi's unless it says otherwise.
GOOD_ROWS = [{"president": "raisi", **row} for row in GOOD_ROWS]


BLANK = {**dict.fromkeys(HEADER, ""), "president": "raisi"}
VISIT_ROW = {
    **BLANK,
    "event_id": "2023-12-09-cub-state-visit",
    "kind": "visit",
    "start_date": "2023-12-09",
    "end_date": "2023-12-10",
    "country_iso3": "CUB",
    "city": "Tehran",
    "title": "State visit of the President of Cuba",
    "counterpart": "President Miguel Díaz-Canel",
    "level": "head_of_state",
    "themes": "health; trade",
    "source_url": "https://example.org/diaz-canel",
    "source_title": "Díaz-Canel in Tehran",
}
AGREEMENT_ROW = {
    **BLANK,
    "event_id": "2023-12-09-cub-documents",
    "kind": "agreement",
    "related_event_id": "2023-12-09-cub-state-visit",
    "start_date": "2023-12-09",
    "end_date": "2023-12-09",
    "country_iso3": "CUB",
    "city": "Tehran",
    "title": "Iran–Cuba cooperation documents",
    "agreements_signed": "5",
    "documents": "memorandum on health; memorandum on trade",
    "trade_target_usd": "500000000",
    "source_url": "https://example.org/documents",
    "source_title": "Documents signed",
}
MEMBERSHIP_ROW = {
    **BLANK,
    "event_id": "2021-09-17-tjk-sco-accession-decision",
    "kind": "membership",
    "start_date": "2021-09-17",
    "end_date": "2021-09-17",
    "country_iso3": "TJK",
    "city": "Dushanbe",
    "title": "SCO starts Iran's accession",
    "organization": "SCO",
    "step": "decision",
    "virtual": "false",
    "source_url": "https://example.org/sco",
    "source_title": "SCO decision",
}
ALL_KINDS_ROWS = [*GOOD_ROWS, VISIT_ROW, AGREEMENT_ROW, MEMBERSHIP_ROW]


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
def capitals() -> pd.DataFrame:
    """The capitals of the fixture countries."""
    return pd.DataFrame(
        {
            "country_iso3": ["CUB", "IRN", "TJK", "VEN"],
            "city": ["Havana", "Tehran", "Dushanbe", "Caracas"],
            "latitude": [23.1, 35.7, 38.5, 10.5],
            "longitude": [-82.4, 51.4, 68.8, -66.9],
        }
    )


@pytest.fixture
def attributes() -> pd.DataFrame:
    """Regions and blocs of the fixture countries."""
    return pd.DataFrame(
        {
            "iso3": ["CUB", "IRN", "TJK", "VEN"],
            "m49_region": ["Americas", "Asia", "Asia", "Americas"],
            "global_south": [True, True, True, True],
            "sco": [False, True, True, False],
            "brics": [False, True, False, False],
            "eco": [False, True, True, False],
            "oic": [False, True, True, False],
            "gecf": [False, True, False, True],
            "nam": [True, True, True, True],
        }
    )


@pytest.fixture
def geodata(
    countries: gpd.GeoDataFrame,
    places: pd.DataFrame,
    capitals: pd.DataFrame,
    attributes: pd.DataFrame,
) -> data.Geodata:
    """The fixture geodata together."""
    return data.Geodata(countries, places, capitals, attributes)


@pytest.fixture
def places() -> pd.DataFrame:
    """Tehran, the three cities of the events, and Kulob (a second city of a stop)."""
    return pd.DataFrame(
        {
            "city": ["Tehran", "Dushanbe", "Caracas", "Havana", "Kulob"],
            "country_iso3": ["IRN", "TJK", "VEN", "CUB", "TJK"],
            "latitude": [35.7, 38.5, 10.5, 23.1, 37.9],
            "longitude": [51.4, 68.8, -66.9, -82.4, 69.8],
            "source": ["https://www.geonames.org/1"] * 5,
        }
    )


def csv_text(rows: list[dict[str, str]], header: list[str] = HEADER) -> str:
    """Return rows as CSV text with the given header."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    # Every fixture row is Raisi's unless it says otherwise.
    writer.writerows([{"president": "raisi", **row} for row in rows])
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
def load(geodata: data.Geodata, write_events: Callable[..., Path]) -> Callable[..., data.Record]:
    """Validate rows (or raw text) against the fixture geodata."""

    def run(rows: list[dict[str, str]] | None = None, text: str | None = None) -> data.Record:
        return data.load_record(write_events(rows, text), geodata.reference())

    return run


@pytest.fixture
def locate(geodata: data.Geodata, write_events: Callable[..., Path]) -> Callable[..., pd.DataFrame]:
    """Validate rows and return the valid ones with coordinates and arc origins."""

    def run(rows: list[dict[str, str]] | None = None) -> pd.DataFrame:
        return data.load_located_record(write_events(rows), geodata).events

    return run


def changed(
    row_index: int, rows: list[dict[str, str]] = GOOD_ROWS, **changes: str
) -> list[dict[str, str]]:
    """Return the rows (default: the good trips) with some cells of one row replaced."""
    rows = [dict(row) for row in rows]
    rows[row_index].update(changes)
    return rows


@pytest.fixture(scope="session")
def edition_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The static edition of the real record, written once for the session.

    The edition's own tests serve it from a static host; the app's browser tests serve it
    beside the app (``RAISI_EDITION_DIR``), so the Share panel embeds its views.
    """
    from dashboard import edition

    out = tmp_path_factory.mktemp("edition")
    edition.export(out)
    return out
