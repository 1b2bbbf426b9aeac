"""Serve the same-picture floor with the dashboard's polygons file, as the browser loads it once.

``streamlit run benchmarks/floors/serve.py`` serves ``same_picture.py`` and answers
``/floor/countries.json`` and ``/floor/borders.json`` with the dashboard's files in
``dashboard/static/`` (read only).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from dashboard import paths


def countries(request: Request) -> Response:
    """Answer with the dashboard's served polygons file."""
    return FileResponse(paths.SERVED_COUNTRIES, media_type="application/json")


def borders(request: Request) -> Response:
    """Answer with the dashboard's served borders file."""
    return FileResponse(paths.SERVED_BORDERS, media_type="application/json")


app = st.App(
    str(Path(__file__).with_name("same_picture.py")),
    routes=[Route("/floor/countries.json", countries), Route("/floor/borders.json", borders)],
)
