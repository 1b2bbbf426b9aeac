"""Regenerate ``geodata/country_attributes.csv``: regions, blocs and the Global South flag.

For every country with a polygon: its UN M49 region, sub-region and intermediate region
(from OCHA's ``hdx-python-country`` table), whether it belongs to the Group of 77 (the G77's
own member list as packaged by ``countrygroups``), whether it is "Western" (a member of the
European Union or the OECD, as ``countrygroups`` lists them), and its membership of SCO, BRICS,
ECO, OIC, GECF and the Non-Aligned Movement as of 19 May 2024 (from ``blocs.csv``, one sourced
row per member). Run from the repository root::

    .venv/bin/pip install -e '.[geodata]'
    .venv/bin/python -m geodata.build_country_attributes
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import countrygroups
from hdx.location.country import Country

from dashboard import paths
from geodata.files import sha256_of, write_atomically

COUNTRIES, OUTPUT = paths.COUNTRIES, paths.ATTRIBUTES
BLOCS = paths.GEODATA / "blocs.csv"
PROVENANCE = paths.GEODATA / "country_attributes.provenance.json"
BLOCS_PROVENANCE = paths.GEODATA / "blocs.provenance.json"
BLOC_COLUMNS = {
    "SCO": "sco",
    "BRICS": "brics",
    "ECO": "eco",
    "OIC": "oic",
    "GECF": "gecf",
    "NAM": "nam",
}
COLUMNS = [
    "iso3",
    "name",
    "m49_region",
    "m49_subregion",
    "m49_intermediate_region",
    "g77",
    "global_south",
    *BLOC_COLUMNS.values(),
    "eu",
    "oecd",
    "western",
]
GLOBAL_SOUTH_DEFINITION = (
    "A country is counted in the Global South when it is a member of the Group of 77 (the "
    "G77 and China): the G77's own member list (https://www.g77.org/doc/members.html, 134 "
    "countries including China and the State of Palestine) as packaged by countrygroups "
    "(CC0). This is one common operational definition; others, such as UNCTAD's 'developing "
    "economies', differ at the margins."
)
WESTERN_DEFINITION = (
    "A country is counted as Western when it is a member of the European Union or of the OECD, "
    "as packaged by countrygroups (CC0): the 27 EU members and the 38 OECD members (Türkiye, "
    "Japan, South Korea, Mexico, Chile, Colombia and Costa Rica among them). NATO's three "
    "members outside both (Albania, Montenegro, North Macedonia) are not in it: no package of "
    "this stack lists NATO, and neither president visited them."
)


def m49(iso3: str) -> dict[str, str]:
    """Return the M49 region, sub-region and intermediate region names of a country."""
    info: dict[str, Any] = Country.get_country_info_from_iso3(iso3, use_live=False) or {}
    return {
        "m49_region": info.get("Region Name") or "",
        "m49_subregion": info.get("Sub-region Name") or "",
        "m49_intermediate_region": info.get("Intermediate Region Name") or "",
    }


def bloc_members(path: Path) -> dict[str, set[str]]:
    """Return, per bloc, the codes of its confirmed members (ambiguous rows left out)."""
    members: dict[str, set[str]] = {bloc: set() for bloc in BLOC_COLUMNS}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["status"] == "member":
                members[row["bloc"]].add(row["country_iso3"])
    return members


def build() -> list[dict[str, str]]:
    """Return one attribute row per country of countries.geojson."""
    collection = json.loads(COUNTRIES.read_text(encoding="utf-8"))
    g77 = set(countrygroups.G77)
    eu, oecd = set(countrygroups.EUROPEAN_UNION), set(countrygroups.OECD)
    members = bloc_members(BLOCS)
    rows = []
    for feature in collection["features"]:
        iso3, name = feature["properties"]["iso3"], feature["properties"]["name"]
        row = {"iso3": iso3, "name": name, **m49(iso3)}
        row["g77"] = str(iso3 in g77).lower()
        row["global_south"] = row["g77"]
        for bloc, column in BLOC_COLUMNS.items():
            row[column] = str(iso3 in members[bloc]).lower()
        row["eu"] = str(iso3 in eu).lower()
        row["oecd"] = str(iso3 in oecd).lower()
        row["western"] = str(iso3 in eu | oecd).lower()
        rows.append(row)
    return rows


def main() -> int:
    """Write country_attributes.csv and the provenance of it and of blocs.csv."""
    rows = build()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode()
    today = dt.date.today().isoformat()
    sidecar = {
        "title": "Attributes of countries for analysis: UN M49 regions, blocs, Global South",
        "file": OUTPUT.name,
        "producer": "Compiled for this project from the packages and the file below",
        "sources": [
            {
                "what": "UN M49 region, sub-region and intermediate region",
                "producer": "UN Statistics Division (M49), via OCHA's Countries & Territories "
                "table",
                "package": f"hdx-python-country {version('hdx-python-country')} (PyPI, MIT)",
                "url": "https://unstats.un.org/unsd/methodology/m49/",
            },
            {
                "what": "Group of 77 members (g77, global_south)",
                "producer": "Group of 77, https://www.g77.org/doc/members.html",
                "package": f"countrygroups {version('countrygroups')} (PyPI, CC0)",
                "url": "https://pypi.org/project/countrygroups/",
            },
            {
                "what": "EU and OECD members (eu, oecd, western)",
                "producer": "the European Union and the OECD, as listed by countrygroups",
                "package": f"countrygroups {version('countrygroups')} (PyPI, CC0)",
                "url": "https://pypi.org/project/countrygroups/",
            },
            {
                "what": "membership of SCO, BRICS, ECO, OIC, GECF and NAM as of 19 May 2024",
                "producer": "blocs.csv: one row per member with the source that lists it",
                "provenance": BLOCS_PROVENANCE.name,
            },
        ],
        "global_south_definition": GLOBAL_SOUTH_DEFINITION,
        "western_definition": WESTERN_DEFINITION,
        "licence": {
            "name": "CC BY 4.0 (compilation); the sources keep their own terms",
            "url": "https://creativecommons.org/licenses/by/4.0/",
        },
        "date_accessed": today,
        "processing": [
            "one row per feature of countries.geojson",
            "M49 names looked up by alpha-3 in hdx-python-country's bundled table (no network); "
            "Kosovo (XKX) and Antarctica have no M49 region and are left blank",
            "bloc columns true only for rows of blocs.csv with status 'member'; 'ambiguous' "
            "rows (Saudi Arabia in BRICS, Senegal in GECF) count as false",
        ],
        "generated_by": "geodata/build_country_attributes.py",
        "row_count": len(rows),
        "bytes": len(data),
        "sha256": sha256_of(data),
    }
    blocs_data = BLOCS.read_bytes()
    blocs_sidecar = {
        "title": "Member states of SCO, BRICS, ECO, OIC, GECF and NAM as of 19 May 2024",
        "file": BLOCS.name,
        "producer": "Compiled for this project from official and news pages found with the "
        "project's search of stored public pages; each row names its source_url and notes",
        "date_accessed": "2026-11-22",
        "licence": {
            "name": "CC BY 4.0 (compilation)",
            "url": "https://creativecommons.org/licenses/by/4.0/",
        },
        "caveats": [
            "NAM: 113 members from the member page of Iran's 2012-2016 NAM chairmanship site "
            "(namiran.org), less Cyprus, Malta and Yugoslavia, plus 8 later members each with "
            "its own source; no complete 2024 list was found",
            "status 'ambiguous': Saudi Arabia (BRICS, invited 2023, no confirmed accession) and "
            "Senegal (GECF, member or observer per different sources)",
        ],
        "processing": ["sorted by bloc and code; status from each row's notes"],
        "generated_by": "by hand from the sourcing notes; checked by tests/test_geodata.py",
        "row_count": blocs_data.count(b"\n") - 1,
        "bytes": len(blocs_data),
        "sha256": sha256_of(blocs_data),
    }
    write_atomically(OUTPUT, data)
    write_atomically(PROVENANCE, (json.dumps(sidecar, indent=2) + "\n").encode())
    write_atomically(BLOCS_PROVENANCE, (json.dumps(blocs_sidecar, indent=2) + "\n").encode())
    print(f"wrote {OUTPUT.name}: {len(rows)} countries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
