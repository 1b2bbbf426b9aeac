"""Measure the dashboard and its two floors side by side in Debian's Chromium.

Three Streamlit servers run at once on 127.0.0.1 (``benchmarks.servers``): the dashboard, the
same-picture floor and the arcs-only floor (``benchmarks/floors/``). Each is visited in turn,
in a fresh browser context, ``REPEATS`` times; every figure is the median over the visits.

- **First full map:** from navigation until the map element's pixels
  (``tests.browser.map_pixels``) show the arcs (and the land, for the apps that draw it).
- **Slider move:** one ArrowLeft or ArrowRight on the end thumb of the period slider, between
  the month whose arcs change the picture most and the month before, until the map's pixels
  show the other month's drawing. Every app has the same slider and the same months.
- **Bytes per move:** the websocket frames, both ways, from the key press until the map is
  redrawn and the script has finished (Playwright's ``framereceived`` / ``framesent``).
- **Server CPU per rerun:** the server process's CPU time over the moves of a visit, divided by
  the reruns the browser asked for (its frames sent).
- **Play** (the dashboard only): months shown in the address bar (``to=``) and months drawn
  (``to=`` while the pixels changed), against the months due at normal speed.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, Page, WebSocket, sync_playwright

from benchmarks.floors import common
from benchmarks.servers import Server, served_apps
from dashboard import filters, playback
from tests.browser import CHROMIUM, CHROMIUM_ARGS, map_pixels

MAP = '[data-testid="stDeckGlJsonChart"]'
# Streamlit marks its root with the script's state: not running, once a rerun has finished.
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
VIEWPORT = {"width": 1400, "height": 1000}
REPEATS = 3
# Measured slider moves per visit: back and forth one month, each one key press.
MOVES = 4
# Bounds of the waits (they poll conditions; none is a fixed sleep).
WAIT_SECONDS = 180.0
PLAY_SPEED = "normal"
APP_ORDER = ("dashboard", "same_picture", "arcs_only")
# Counts (``map_pixels``) that say each app's first map is complete.
MapCounts = dict[str, int]
FULL_MAP: dict[str, Callable[[MapCounts], bool]] = {
    "dashboard": lambda c: (
        c["ocean"] > c["total"] * 0.2
        and c["shaded"] > 2000
        and c["arc"] > 300
        and c["visit_arc"] > 300
    ),
    "same_picture": lambda c: (
        c["ocean"] > c["total"] * 0.2
        and c["shaded"] > 2000
        and c["arc"] > 300
        and c["visit_arc"] > 300
    ),
    "arcs_only": lambda c: c["arc"] > 300 and c["visit_arc"] > 300,
}
# Records every value the address bar's ``to=`` takes ("end" when absent: the last month),
# on each history change and every 100 ms, with the page's clock.
RECORD_TO = """
window.__toSeen = [];
const recordTo = () => {
  const to = new URLSearchParams(location.search).get('to') || 'end';
  const seen = window.__toSeen;
  if (!seen.length || seen[seen.length - 1][0] !== to) seen.push([to, performance.now()]);
};
for (const name of ['pushState', 'replaceState']) {
  const original = history[name];
  history[name] = function (...args) {
    const result = original.apply(this, args);
    recordTo();
    return result;
  };
}
setInterval(recordTo, 100);
"""
CURRENT_TO = "() => new URLSearchParams(location.search).get('to') || 'end'"


def arcs_drawn(counts: MapCounts) -> int:
    """Return the pixels of trip and visit arcs in a map's counts."""
    return counts["arc"] + counts["visit_arc"]


@dataclass
class Frames:
    """The websocket frames of a page since the last ``reset``: counts and payload bytes."""

    received: int = 0
    received_bytes: int = 0
    sent: int = 0
    sent_bytes: int = 0
    sockets: list[WebSocket] = field(default_factory=list)

    def watch(self, socket: WebSocket) -> None:
        """Count the frames of ``socket`` (a page's ``websocket`` event)."""
        self.sockets.append(socket)
        socket.on("framereceived", self.on_received)
        socket.on("framesent", self.on_sent)

    def on_received(self, payload: bytes | str) -> None:
        """Count one frame from the server."""
        self.received += 1
        self.received_bytes += len(payload.encode() if isinstance(payload, str) else payload)

    def on_sent(self, payload: bytes | str) -> None:
        """Count one frame to the server."""
        self.sent += 1
        self.sent_bytes += len(payload.encode() if isinstance(payload, str) else payload)

    def reset(self) -> None:
        """Start counting from zero."""
        self.received = self.received_bytes = self.sent = self.sent_bytes = 0


@dataclass
class MapWatch:
    """Polls a page's map element: a screenshot, counted only when its pixels changed."""

    page: Page
    png: bytes = b""
    counts: MapCounts = field(default_factory=dict)

    def look(self) -> MapCounts:
        """Screenshot the map and return its counts (reused when the picture is unchanged)."""
        png = self.page.locator(MAP).screenshot()
        if png != self.png:
            self.png, self.counts = png, map_pixels(png)
        return self.counts

    def wait(self, condition: Callable[[MapCounts], bool], what: str) -> MapCounts:
        """Poll until ``condition`` holds for the map's counts; fail after ``WAIT_SECONDS``."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            counts = self.look()
            if condition(counts):
                return counts
        raise RuntimeError(f"the map never showed {what}: {self.counts}")

    def settle(self, frames: Frames) -> MapCounts:
        """Wait until the script is idle, no frame is moving and two screenshots agree."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            idle(self.page)
            before = (frames.received, frames.sent, self.png)
            self.look()
            idle(self.page)
            if (frames.received, frames.sent, self.png) == before:
                return self.counts
        raise RuntimeError("the page never settled")


def idle(page: Page) -> None:
    """Wait until no script run is going on, and take in the events Chromium has sent so far."""
    page.wait_for_selector(IDLE, state="attached", timeout=WAIT_SECONDS * 1000)
    page.evaluate("0")


def first_month(row: dict[str, Any], months: list[dt.date]) -> int:
    """Return the index of the first month a row of arcs overlaps."""
    return next(i for i, month in enumerate(months) if common.in_period([row], (month, month)))


def move_month(months: list[dt.date]) -> int:
    """Return the month the end thumb moves back from: the one whose new arcs change the most.

    A move to the month before hides the arcs that begin in it; the month whose such arcs are
    the longest in total (in degrees) makes the two drawings differ by the most pixels.
    """
    rows = common.arc_rows()
    lengths = [0.0] * len(months)
    for row in rows["trips"] + rows["visits"]:
        lengths[first_month(row, months)] += math.dist(row["source"], row["target"])
    return max(range(1, len(months)), key=lambda index: lengths[index])


def months_adding_arcs(months: list[dt.date]) -> list[str]:
    """Return the months (``YYYY-MM``) in which Play, cumulative, adds at least one arc."""
    rows = common.arc_rows()
    firsts = {first_month(row, months) for row in rows["trips"] + rows["visits"]}
    return [months[index].strftime("%Y-%m") for index in sorted(firsts)]
