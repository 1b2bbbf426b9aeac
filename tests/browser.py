"""Helpers for the real-browser tests: serve the app, launch Debian's Chromium, read pixels."""

from __future__ import annotations

import functools
import http.server
import io
import math
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image
from playwright.sync_api import FloatRect, Locator, Page

from dashboard import layers

CHROMIUM = "/usr/bin/chromium"
# deck.gl needs WebGL2, which SwiftShader provides in software; the rest keeps Chromium from
# calling out to a network this machine does not have.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(
    url: str, process: subprocess.Popen[bytes], timeout: float, what: str
) -> None:
    """Return once the Streamlit server at ``url`` answers its health check.

    Fail if ``process`` ends or ``timeout`` seconds pass first; ``what`` names the server.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Streamlit server of {what} did not start") from None
            time.sleep(0.2)


@contextmanager
def served_app(
    root: Path,
    timeout: float = 90.0,
    script: str = "dashboard/serve.py",
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Serve the dashboard on 127.0.0.1 and yield its URL once its health check answers.

    ``root`` is the project folder the server runs in (its ``dashboard`` package, its
    record): a copy of the project, for a test that saves, is served with its own code.
    ``env`` adds to the server's environment (``RAISI_EDITION_DIR``, say).
    """
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=root,
        env={**os.environ, **(env or {}), "PYTHONPATH": str(root)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, timeout, "the dashboard")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that keeps the test output clean."""

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing."""


@contextmanager
def served_folder(folder: Path) -> Iterator[str]:
    """Serve a folder's files as a plain static host on a free port of 127.0.0.1."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def newsroom_page(folder: Path, embed_code: str) -> Path:
    """Write a page of another site that pastes ``embed_code`` between two paragraphs."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "story.html"
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>A story</title></head><body>"
        f"<p>A news story.</p>{embed_code}<p>The story goes on.</p></body></html>",
        encoding="utf-8",
    )
    return page


def other_hosts(urls: list[str], app_url: str) -> list[str]:
    """Return the requests of ``urls`` that went anywhere but the app's own host and port.

    ``data:`` and ``blob:`` URLs never leave the browser and are not counted.
    """
    own = urlsplit(app_url).netloc
    return [
        url
        for url in urls
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own
    ]


def map_pixel(box: FloatRect, longitude: float, latitude: float) -> tuple[float, float]:
    """Return the page position of a point on the map's world view (``layers.world_view``).

    ``box`` is the map element's bounding box; Web Mercator with 512-pixel tiles, as deck.gl.
    """
    world = layers.world_view()
    scale = 512 * 2 ** float(world.zoom) / (2 * math.pi)

    def mercator(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    x = box["x"] + box["width"] / 2 + scale * math.radians(longitude - float(world.longitude))
    y = box["y"] + box["height"] / 2 - scale * (mercator(latitude) - mercator(world.latitude))
    return x, y


def close_to(pixel: tuple[int, ...], color: tuple[int, int, int], tolerance: int = 14) -> bool:
    """Return whether an RGB(A) pixel is within ``tolerance`` of ``color`` on every channel."""
    return all(abs(pixel[i] - color[i]) <= tolerance for i in range(3))


def is_arc(pixel: tuple[int, ...]) -> bool:
    """Return whether a pixel has the orange of a trip arc (its gradient, not the land)."""
    red, green, blue = pixel[:3]
    return red >= 200 and 60 <= green <= 200 and blue <= 130 and red - blue >= 100


def is_visit_arc(pixel: tuple[int, ...]) -> bool:
    """Return whether a pixel has the blue of a visit's arc (and not a country's purple)."""
    red, green, blue = pixel[:3]
    return blue - red >= 70 and green >= 100 and green - red >= 30


def map_pixels(png: bytes) -> dict[str, int]:
    """Count the map's ocean, shaded-country, trip-arc and visit-arc pixels in a screenshot."""
    image = Image.open(io.BytesIO(png)).convert("RGB").reduce(2)
    shades = [shade.color for shade in layers.SHADE_BINS]
    counts = {"ocean": 0, "shaded": 0, "arc": 0, "visit_arc": 0, "total": 0}
    pixel: tuple[int, int, int]
    for pixel in image.get_flattened_data():  # type: ignore[assignment]
        counts["total"] += 1
        if close_to(pixel, layers.OCEAN, 6):
            counts["ocean"] += 1
        elif any(close_to(pixel, shade, 10) for shade in shades):
            counts["shaded"] += 1
        elif is_arc(pixel):
            counts["arc"] += 1
        elif is_visit_arc(pixel):
            counts["visit_arc"] += 1
    return counts


def shaded_with_arcs(counts: dict[str, int]) -> bool:
    """The countries are shaded and arcs of either kind are drawn."""
    return counts["shaded"] > 2000 and counts["arc"] + counts["visit_arc"] > 300


def wait_for_pixels(
    page: Page,
    target: Locator,
    condition: Callable[[dict[str, int]], bool],
    seconds: float,
    failure: str,
    poll_ms: int = 300,
) -> dict[str, int]:
    """Poll ``target``'s drawn pixels until ``condition`` holds; fail at the deadline.

    Software WebGL draws in seconds: the deadline bounds the wait, it is not a sleep.
    """
    deadline = time.monotonic() + seconds
    counts: dict[str, int] = {}
    while time.monotonic() < deadline:
        counts = map_pixels(target.screenshot())
        if condition(counts):
            return counts
        page.wait_for_timeout(poll_ms)
    raise AssertionError(f"{failure}: {counts}")
