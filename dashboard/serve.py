"""The served dashboard: Streamlit's page (``app.py``) and the rows of the map of each view.

``streamlit run dashboard/serve.py`` serves both. The rows of a view (its filters, over the
whole record) are computed from the files on disk by the same pure functions as the page,
read only: nothing here writes a file.
"""

from __future__ import annotations

import dataclasses
import gzip
import threading
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from dashboard import counting, data, mapdata, paths, publish, view

_cache_lock = threading.Lock()
_cache: dict[str, tuple[data.Record, data.Geodata]] = {}


_last_clean: dict[str, publish.Files] = {}


def located(files: publish.Files) -> tuple[data.Record, data.Geodata]:
    """Return the validated, located record and the geodata of the files' bytes."""
    geodata = data.parse_geodata({key: files[key] for key in paths.GEODATA_FILES})
    record = data.locate_record(data.parse_record(files["events"], geodata.reference()), geodata)
    return dataclasses.replace(record, events=counting.annotate(record.events)), geodata


# The records kept: the one on disk, the last clean one, and one more.
CACHED_RECORDS = 3


def remember(store: dict[Any, Any], key: Any, value: Any, limit: int) -> None:
    """Keep ``value`` under ``key``, dropping the oldest entries beyond ``limit``."""
    while len(store) >= limit:
        store.pop(next(iter(store)))
    store[key] = value


def cached(files: publish.Files) -> tuple[data.Record, data.Geodata, str]:
    """Return the located record, geodata and version of the files (the caller holds the lock)."""
    version = mapdata.version(files)
    if version not in _cache:
        remember(_cache, version, located(files), CACHED_RECORDS)
    record, geodata = _cache[version]
    return record, geodata, version


def current_record() -> tuple[data.Record, data.Geodata, str]:
    """Return the record and geodata the page serves now, and their version.

    The files on disk, or the last clean ones while those on disk have a problem
    (``publish.published``, the page's own rule).
    """
    files = {"events": data.read_file(paths.EVENTS)}
    files.update({key: data.read_file(path) for key, path in paths.GEODATA_FILES.items()})
    with _cache_lock:
        record, geodata, version = cached(files)
        served, held_back = publish.published(
            str(paths.EVENTS), files, not record.problems, _last_clean
        )
        if held_back:
            record, geodata, version = cached(served)
    return record, geodata, version


# The rows answered, by record version, layer and view: most readers open the same views (the
# whole presidency first), so each is computed once per record, and gzipped once (JSON of
# numbers and repeated keys: gzip sends about a third). Bounded, oldest dropped first.
_rows_cache: dict[tuple[str, str, str], tuple[bytes, bytes]] = {}
CACHED_ROWS = 256


def rows_json(
    record: data.Record, geodata: data.Geodata, layer: str, chosen: view.ViewState
) -> bytes:
    """Return a layer's rows for a view over its whole presidency, as JSON bytes."""
    shown = view.apply_view(record.events, chosen.whole_presidency(), geodata.attributes)
    rows = mapdata.layer_rows(shown, record.events, layer)
    return bytes(JSONResponse(rows).body)


def map_rows(request: Request) -> Response:
    """Answer ``/data/map/{layer}.json?filters``: that layer's rows for the view's filters."""
    layer = request.path_params["layer"]
    if layer not in mapdata.LAYER_NAMES:
        return JSONResponse({"error": f"no map layer {layer!r}"}, status_code=404)
    record, geodata, version = current_record()
    countries = frozenset(record.events["country_iso3"])
    chosen = view.from_query(dict(request.query_params), countries)
    key = (version, layer, repr(view.to_query(chosen.whole_presidency())))
    with _cache_lock:
        cached_rows = _rows_cache.get(key)
    if cached_rows is None:
        body = rows_json(record, geodata, layer, chosen)
        cached_rows = (body, gzip.compress(body, mtime=0))
        with _cache_lock:
            remember(_rows_cache, key, cached_rows, CACHED_ROWS)
    # The URL carries the record's version: the same URL always has the same rows.
    cache = "public, max-age=86400" if request.query_params.get("v") == version else "no-store"
    headers = {"Cache-Control": cache, "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(cached_rows[1], media_type="application/json", headers=headers)
    return Response(cached_rows[0], media_type="application/json", headers=headers)


def edition_mount(folder: Path) -> Mount:
    """Return the static edition's files (``make edition``) served at ``/edition/``, read only.

    The folder may be built after the server starts: it is looked for on each request.
    """
    return Mount("/edition", app=StaticFiles(directory=folder, html=True, check_dir=False))


app = st.App(
    str(Path(__file__).with_name("app.py")),
    # Only the rows are compressed here (once each, above): compressing Streamlit's own
    # scripts on every page load cost the server more than the whole script run.
    routes=[Route("/data/map/{layer}.json", map_rows), edition_mount(paths.EDITION_SITE)],
)
