"""The geodata: every UN member present and coded, no antimeridian bands, provenance honest."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path
from typing import Any

import country_converter
import pytest
from shapely.geometry import shape

from dashboard import data, paths
from geodata.files import sha256_of


@pytest.fixture(scope="module")
def collection() -> dict[str, Any]:
    """The committed countries GeoJSON."""
    return json.loads(paths.COUNTRIES.read_text())  # type: ignore[no-any-return]


def un_members() -> set[str]:
    """The 193 UN member states, from country_converter's table (column UNmember)."""
    table = Path(country_converter.__file__).parent / "country_data.tsv"
    with table.open(newline="", encoding="utf-8") as handle:
        return {row["ISO3"] for row in csv.DictReader(handle, delimiter="\t") if row["UNmember"]}


def test_every_un_member_state_has_a_polygon() -> None:
    """No event can drop out of the join for want of a country."""
    members = un_members()
    assert len(members) == 193
    assert members <= set(data.load_countries(paths.COUNTRIES)["iso3"])


def test_every_feature_has_a_code_a_name_and_a_valid_multipolygon(
    collection: dict[str, Any],
) -> None:
    """Alpha-3 on every feature, once each; geometry valid."""
    features = collection["features"]
    codes = [feature["properties"]["iso3"] for feature in features]
    assert len(codes) == len(set(codes))
    for feature in features:
        assert len(feature["properties"]["iso3"]) == 3 and feature["properties"]["name"]
        assert feature["geometry"]["type"] == "MultiPolygon"
        assert shape(feature["geometry"]).is_valid, feature["properties"]


def test_no_ring_jumps_across_the_antimeridian(collection: dict[str, Any]) -> None:
    """Russia, Fiji and the rest are split at ±180° (no band across the map)."""
    for feature in collection["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                    # Only Antarctica's clipped edge at -85° may run the map's full width.
                    assert abs(x2 - x1) <= 180 or (abs(y1) >= 84.9 and abs(y2) >= 84.9), feature[
                        "properties"
                    ]


@pytest.mark.parametrize("name", ["countries", "places", "capitals", "country_attributes", "blocs"])
def test_provenance_matches_the_file(name: str) -> None:
    """The sidecar's checksum and size are those of the committed file."""
    sidecar = json.loads((paths.ROOT / "geodata" / f"{name}.provenance.json").read_text())
    content = (paths.ROOT / "geodata" / sidecar["file"]).read_bytes()
    assert sidecar["sha256"] == sha256_of(content)
    assert sidecar["bytes"] == len(content)
    for key in ("producer", "licence", "date_accessed", "processing", "generated_by"):
        assert sidecar[key]


def test_places_cover_every_city_of_the_record_and_tehran() -> None:
    """Every city of events.csv resolves to coordinates, and so does Tehran."""
    places = data.place_keys(data.load_geodata().places)
    assert data.HOME_CITY in places
    with paths.EVENTS.open(newline="", encoding="utf-8") as handle:
        unplaced = [row for row in csv.DictReader(handle) if data.place_of(row, places) is None]
    assert unplaced == []


def test_bloc_lists_are_complete_and_sourced() -> None:
    """Each bloc has its known number of members as of May 2024, every row with a source."""
    with (paths.GEODATA / "blocs.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    members: dict[str, int] = {}
    for row in rows:
        assert row["source_url"].startswith(("http://", "https://")), row
        assert row["status"] in {"member", "ambiguous"}
        members[row["bloc"]] = members.get(row["bloc"], 0) + (row["status"] == "member")
    assert members == {"SCO": 9, "BRICS": 9, "ECO": 10, "OIC": 57, "GECF": 13, "NAM": 121}


def test_country_attributes_cover_every_polygon_and_place_iran() -> None:
    """Every country has attributes; Iran is in every bloc of the period and the G77."""
    with (paths.GEODATA / "country_attributes.csv").open(newline="", encoding="utf-8") as handle:
        attributes = {row["iso3"]: row for row in csv.DictReader(handle)}
    assert set(attributes) == set(data.load_countries(paths.COUNTRIES)["iso3"])
    iran = attributes["IRN"]
    assert (iran["m49_region"], iran["m49_subregion"]) == ("Asia", "Southern Asia")
    for column in ("g77", "global_south", "sco", "brics", "eco", "oic", "gecf", "nam"):
        assert iran[column] == "true", column
    assert attributes["FRA"]["global_south"] == "false"
    assert sum(row["global_south"] == "true" for row in attributes.values()) == 134
