"""Measure the static edition in Chromium, in the same run as the dashboard.

The edition is built once into a temporary folder (``dashboard.edition.export``) and served by
Python's static file server on 127.0.0.1, as any static host would serve it. Each visit, in a
fresh browser context: navigation to the first full map (the same pixel test as the
dashboard's), then the same period moves as the dashboard's (one ArrowLeft on the end slider
each), timed on the same months, with every request the page makes during the moves counted.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser

from dashboard import edition, filters

# The edition's map element and its end-of-period slider.
MAP = "#map"
END_SLIDER = "#to"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that logs nothing."""

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing."""


@contextlib.contextmanager
def served_edition() -> Iterator[tuple[str, Path]]:
    """Build the edition and serve it on a free port of 127.0.0.1: its URL and folder."""
    with tempfile.TemporaryDirectory() as folder:
        edition.export(Path(folder))
        handler = functools.partial(QuietHandler, directory=folder)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/index.html", Path(folder)
        finally:
            server.shutdown()
            server.server_close()


def size(folder: Path) -> dict[str, int]:
    """Return the edition's bytes, and gzipped (as a host that compresses would send them)."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    raw = sum(path.stat().st_size for path in files)
    compressed = sum(
        len(gzip.compress(path.read_bytes(), compresslevel=6))
        if path.suffix in (".html", ".js", ".css", ".json")
        else path.stat().st_size
        for path in files
    )
    return {"files": len(files), "bytes": raw, "gzip_bytes": compressed}


def visit(browser: Browser, url: str, moves: list[tuple[int, bool]]) -> dict[str, Any]:
    """Visit the edition once: its first full map, then the period moves of ``moves``."""
    from benchmarks import chromium  # it imports this module to run the visits

    months = filters.month_starts()
    page = browser.new_context(viewport=chromium.VIEWPORT).new_page()  # type: ignore[arg-type]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        watch = chromium.MapWatch(page, selector=MAP)
        began = time.perf_counter()
        page.goto(url)
        watch.wait(chromium.land_and_arcs_shown, "the edition's full map")
        opened = time.perf_counter() - began
        loaded = len(requests)
        page.locator(END_SLIDER).focus()
        timed = []
        drawing = watch.look()
        for month, is_timed in moves:
            before = drawing
            began = time.perf_counter()
            page.keyboard.press("ArrowLeft")
            label = filters.month_label(months[month])
            page.wait_for_function(
                "label => document.getElementById('to').getAttribute('aria-valuetext') === label",
                arg=label,
            )
            if is_timed:

                def redrawn(counts: dict[str, int], before: dict[str, int] = before) -> bool:
                    change = abs(counts["arc"] - before["arc"])
                    return (
                        change + abs(counts["visit_arc"] - before["visit_arc"])
                        >= chromium.TIMED_PIXELS
                    )

                drawing = watch.wait(redrawn, f"the edition's drawing of {label}")
                timed.append(time.perf_counter() - began)
            else:
                drawing = watch.look()
        return {
            "first_map_s": opened,
            "redraws_s": timed,
            "requests_during_moves": requests[loaded:],
            "requests": len(requests),
            "requests_elsewhere": [
                request
                for request in requests
                if urlsplit(request).scheme not in ("data", "blob")
                and urlsplit(request).netloc != urlsplit(url).netloc
            ],
        }
    finally:
        page.context.close()


def summary(visits: list[dict[str, Any]], folder_size: dict[str, int]) -> dict[str, Any]:
    """Return the edition's medians, its requests during moves and its size."""
    return {
        "first_map_s": statistics.median(one["first_map_s"] for one in visits),
        "key_press_to_redraw_s": statistics.median(
            seconds for one in visits for seconds in one["redraws_s"]
        ),
        "requests_during_moves": max(len(one["requests_during_moves"]) for one in visits),
        "requests_on_load": statistics.median(one["requests"] for one in visits),
        "requests_elsewhere": sum(len(one["requests_elsewhere"]) for one in visits),
        **folder_size,
    }
