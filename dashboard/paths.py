"""Where the record and the geodata live in the repository."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events.csv"
CLAIMS = ROOT / "claims.csv"
DISAGREEMENTS = ROOT / "disagreements.csv"
GEODATA = ROOT / "geodata"
COUNTRIES = GEODATA / "countries.geojson"
# COUNTRIES at world scale, one row per polygon part (dashboard/geometry.py), served by
# Streamlit so the browser loads the polygons once.
SERVED_COUNTRIES = ROOT / "dashboard" / "static" / "countries.json"
# Their borders, each edge once (dashboard/geometry.py), served beside them.
SERVED_BORDERS = ROOT / "dashboard" / "static" / "borders.json"
PLACES = GEODATA / "places.csv"
CAPITALS = GEODATA / "capitals.csv"
ATTRIBUTES = GEODATA / "country_attributes.csv"
GEODATA_FILES = {
    "countries": COUNTRIES,
    "places": PLACES,
    "capitals": CAPITALS,
    "attributes": ATTRIBUTES,
}
DATA_PACKAGE = ROOT / "datapackage.json"
# The static edition as `make edition` writes it; the served app offers it at /edition/ and
# embeds its views (RAISI_EDITION_DIR names another folder).
EDITION_SITE = Path(os.environ.get("RAISI_EDITION_DIR") or ROOT / "site")
