"""Where the record and the geodata live in the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events.csv"
COUNTRIES = ROOT / "geodata" / "countries.geojson"
PLACES = ROOT / "geodata" / "places.csv"
