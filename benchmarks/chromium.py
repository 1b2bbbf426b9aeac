"""Measure the dashboard and its two floors side by side in Debian's Chromium.

Three Streamlit servers run at once on 127.0.0.1 (``benchmarks.servers``): the dashboard, the
same-picture floor and the arcs-only floor (``benchmarks/floors/``). Each is visited in turn,
in a fresh browser context, ``REPEATS`` times; every figure is the median over the visits.

- **First full map:** from navigation until the map element's pixels
  (``tests.browser.map_pixels``) show the arcs (and the land, for the apps that draw it).
- **Slider move:** one ArrowLeft on the end thumb of the period slider, from the last month
  back (``walk``), each move to a period not shown before, until the map's pixels show the
  drawing changed; timed on the moves that hide long new routes. Every app has the same
  slider, the same months and the same moves.
- **Bytes per move:** the websocket frames, both ways, from the key press until the script
  has finished and the map has settled (Playwright's ``framereceived`` / ``framesent``: the
  payloads, inflated); and the bytes on the wire over the same time, both ways, counted by a
  relay between Chromium and the server (``benchmarks.wire``): compressed frames and HTTP.
- **Server CPU per rerun:** the server process's CPU time over the moves of a visit, divided by
  the reruns the browser asked for (its frames sent).
- **Play** (the dashboard only, normal speed): the months shown (the period written over the
  map, and the address bar's ``to=``) and drawn (the arc pixels changed while the period over
  the map named the month), against the months due; the time from the click to the first
  step drawn.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from playwright.sync_api import Browser, Page, Response, WebSocket, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.edition import served_edition, size
from benchmarks.edition import summary as edition_summary
from benchmarks.edition import visit as edition_visit
from benchmarks.floors import common
from benchmarks.servers import Server, served_apps
from dashboard import filters, playback
from tests.browser import CHROMIUM, CHROMIUM_ARGS, map_pixels

MAP = '[data-testid="stDeckGlJsonChart"]'
# Streamlit marks its root with the script's state: not running, once a rerun has finished.
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
VIEWPORT = {"width": 1400, "height": 1000}
REPEATS = 3
# Timed slider moves per visit (``walk``), each one key press to a month not shown before.
MOVES = 5
# A move is timed when the routes it hides are this long in total (degrees), and its redraw
# seen when the arcs' pixels (``map_pixels``, half size) change by this many.
TIMED_DEGREES = 30.0
TIMED_PIXELS = 20
# A month of Play should change the arcs' pixels when the routes it draws first are this long.
SEEN_DEGREES = 10.0
# Bounds of the waits (they poll conditions; none is a fixed sleep).
WAIT_SECONDS = 180.0
PLAY_SPEED = "normal"
# Play runs of the dashboard, each in a fresh context.
PLAYS = 2
APP_ORDER = ("dashboard", "same_picture", "arcs_only")
MapCounts = dict[str, int]
Measured = TypeVar("Measured")


def arcs_shown(counts: MapCounts) -> bool:
    """Return whether a map's pixels show both trip and visit arcs."""
    return counts["arc"] > 300 and counts["visit_arc"] > 300


def land_and_arcs_shown(counts: MapCounts) -> bool:
    """Return whether a map's pixels show the sea, the shaded land and the arcs."""
    return (
        counts["ocean"] > counts["total"] * 0.2 and counts["shaded"] > 2000 and arcs_shown(counts)
    )


# What says each app's first map is complete.
FULL_MAP: dict[str, Callable[[MapCounts], bool]] = {
    "dashboard": land_and_arcs_shown,
    "same_picture": land_and_arcs_shown,
    "arcs_only": arcs_shown,
}
# Records, on every history change and every 100 ms, the period the page shows: the
# address bar's ``to=`` ("end" when absent: the last month) and the period written over the
# map (the dashboard's ``.period-overlay``), with the page's clock.
RECORD_PERIOD = """
window.__periods = [];
const currentPeriod = () => {
  const overlay = document.querySelector('.period-overlay span');
  return [
    new URLSearchParams(location.search).get('to') || 'end',
    overlay ? overlay.textContent.trim() : '',
  ];
};
const recordPeriod = () => {
  const [to, overlay] = currentPeriod();
  const seen = window.__periods;
  const last = seen[seen.length - 1];
  if (!last || last[0] !== to || last[1] !== overlay) seen.push([to, overlay, performance.now()]);
};
window.__currentPeriod = currentPeriod;
for (const name of ['pushState', 'replaceState']) {
  const original = history[name];
  history[name] = function (...args) {
    const result = original.apply(this, args);
    recordPeriod();
    return result;
  };
}
setInterval(recordPeriod, 100);
"""


def arcs_drawn(counts: MapCounts) -> int:
    """Return the pixels of trip and visit arcs in a map's counts."""
    return counts["arc"] + counts["visit_arc"]


def frame_kind(payload: bytes | str) -> str:
    """Return what a frame from the server carries: its ForwardMsg's type, or its element's.

    ``script_finished`` ends a script run; ``deck_gl_json_chart`` is the map's deck spec.
    """
    if isinstance(payload, str):
        return ""
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except Exception:  # protobuf's DecodeError: not a ForwardMsg
        return ""
    kind = message.WhichOneof("type") or ""
    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        return message.delta.new_element.WhichOneof("type") or ""
    return kind


def is_script_finished(payload: bytes | str) -> bool:
    """Return whether a frame from the server says a script run has finished."""
    return frame_kind(payload) == "script_finished"


@dataclass
class Frames:
    """The websocket frames of a page since the last ``reset``: counts and payload bytes.

    ``finished`` counts the script runs the server said had finished, never reset.
    """

    received: int = 0
    received_bytes: int = 0
    map_bytes: int = 0
    sent: int = 0
    sent_bytes: int = 0
    # Responses to HTTP requests for the map's served rows (the dashboard's route).
    http_bytes: int = 0
    finished: int = 0
    sockets: list[WebSocket] = field(default_factory=list)

    def watch(self, socket: WebSocket) -> None:
        """Count the frames of ``socket`` (a page's ``websocket`` event)."""
        self.sockets.append(socket)
        socket.on("framereceived", self.on_received)
        socket.on("framesent", self.on_sent)

    def on_received(self, payload: bytes | str) -> None:
        """Count one frame from the server."""
        size = len(payload.encode() if isinstance(payload, str) else payload)
        kind = frame_kind(payload)
        self.received += 1
        self.received_bytes += size
        self.map_bytes += size if kind == "deck_gl_json_chart" else 0
        self.finished += kind == "script_finished"

    def on_sent(self, payload: bytes | str) -> None:
        """Count one frame to the server."""
        self.sent += 1
        self.sent_bytes += len(payload.encode() if isinstance(payload, str) else payload)

    def on_response(self, response: Response) -> None:
        """Count the bytes of a response of the map rows' route (its Content-Length)."""
        if "/data/map/" in response.url:
            self.http_bytes += int(response.headers.get("content-length", "0"))

    def reset(self) -> None:
        """Start counting the frames and their bytes from zero."""
        self.received = self.received_bytes = self.map_bytes = self.sent = self.sent_bytes = 0
        self.http_bytes = 0

    def wait_finished(self, count: int) -> None:
        """Wait until the server has said ``count`` script runs have finished."""
        while self.finished < count:
            self.sockets[-1].wait_for_event(
                "framereceived", predicate=is_script_finished, timeout=WAIT_SECONDS * 1000
            )


@dataclass
class MapWatch:
    """Polls a page's map element: a screenshot, counted only when its pixels changed."""

    page: Page
    png: bytes = b""
    counts: MapCounts = field(default_factory=dict)
    # The map element: Streamlit's deck chart, or the static edition's ``#map``.
    selector: str = MAP

    def look(self) -> MapCounts:
        """Screenshot the map and return its counts (reused when the picture is unchanged).

        A map element that Streamlit replaces between two steps of Play is looked up again.
        """
        for attempt in range(10):
            try:
                png = self.page.locator(self.selector).screenshot()
                break
            except PlaywrightError as error:
                replaced = "not attached" in error.message or "not visible" in error.message
                if not replaced or attempt == 9:
                    raise
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


# Routes whose two ends lie this close (degrees) to an earlier route's are drawn on top of it
# (a visit from Pretoria under the trip to Johannesburg): not a new route to see.
SAME_ROUTE_DEGREES = 5.0


def route_months(months: list[dt.date]) -> dict[frozenset[tuple[float, ...]], int]:
    """Return, for every route (an arc's two ends, either way), the first month it is drawn.

    A route that runs within ``SAME_ROUTE_DEGREES`` of an earlier one at both ends is that
    route: it draws over the same pixels.
    """
    rows = common.arc_rows()
    dated = sorted(
        (first_month(row, months), tuple(row["source"]), tuple(row["target"]))
        for row in rows["trips"] + rows["visits"]
    )
    firsts: dict[frozenset[tuple[float, ...]], int] = {}
    for month, source, target in dated:
        same = any(
            max(math.dist(source, a), math.dist(target, b)) < SAME_ROUTE_DEGREES
            or max(math.dist(source, b), math.dist(target, a)) < SAME_ROUTE_DEGREES
            for a, b in (tuple(route) * 2 if len(route) == 1 else tuple(route) for route in firsts)
        )
        if not same:
            firsts[frozenset((source, target))] = month
    return firsts


def new_route_degrees(months: list[dt.date]) -> list[float]:
    """Return, for each month, the total length (degrees) of the routes first drawn in it."""
    lengths = [0.0] * len(months)
    for route, index in route_months(months).items():
        ends = list(route)
        lengths[index] += math.dist(ends[0], ends[-1])
    return lengths


def walk(months: list[dt.date]) -> list[tuple[int, bool]]:
    """Return the slider moves of a visit: the end thumb's month after each, and if timed.

    From the last month back, one month a key press, until ``MOVES`` moves are timed: each
    move shows a period the page has not shown before (none is answered from Streamlit's
    cache of messages already sent). A move is timed when the month it leaves first drew new
    routes at least ``TIMED_DEGREES`` long in total: the drawing then changes by arc pixels
    enough to see (the others change it little or not at all).
    """
    lengths = new_route_degrees(months)
    moves = []
    for index in range(len(months) - 1, 0, -1):
        moves.append((index - 1, lengths[index] >= TIMED_DEGREES))
        if sum(timed for _, timed in moves) == MOVES:
            return moves
    raise ValueError(f"fewer than {MOVES} months draw {TIMED_DEGREES}° of new routes")


def months_with_new_route(months: list[dt.date]) -> list[str]:
    """Return the months (``YYYY-MM``) in which Play, cumulative, should change the drawing.

    Those that first draw routes (an arc's two ends, either way) at least ``SEEN_DEGREES``
    long in total. A month whose arcs repeat earlier routes may leave the pixels as they were
    (an arc drawn over its twin), and a short route near Tehran hides under its marker.
    """
    lengths = new_route_degrees(months)
    return [
        month.strftime("%Y-%m")
        for month, length in zip(months, lengths, strict=True)
        if length >= SEEN_DEGREES
    ]


def press(page: Page, frames: Frames, key: str) -> int:
    """Press ``key`` once and wait until the page has asked the server for its rerun.

    Return the number of script runs that will have finished once that rerun has.
    """
    runs = frames.finished + 1
    with frames.sockets[-1].expect_event("framesent", timeout=WAIT_SECONDS * 1000):
        page.keyboard.press(key)
    return runs


def new_page(browser: Browser, frames: Frames) -> Page:
    """Return a page in a fresh context (nothing cached) whose websocket frames are counted."""
    page = browser.new_context(viewport=VIEWPORT).new_page()  # type: ignore[arg-type]
    page.on("websocket", frames.watch)
    page.on("response", frames.on_response)
    return page


def first_map(page: Page, server: Server, watch: MapWatch) -> dict[str, float]:
    """Navigate to the app and time it until its first full map; weigh the server's CPU."""
    cpu = server.cpu_seconds()
    began = time.perf_counter()
    page.goto(server.url)
    page.wait_for_selector(f"{MAP} canvas", timeout=WAIT_SECONDS * 1000)
    watch.wait(FULL_MAP[server.name], "the full map")
    seconds = time.perf_counter() - began
    idle(page)
    return {"seconds": seconds, "server_cpu_s": server.cpu_seconds() - cpu}


def visit(browser: Browser, server: Server, moves: list[tuple[int, bool]]) -> dict[str, Any]:
    """Visit one app: its first full map, then the slider moves of ``walk``.

    Each move is one ArrowLeft on the end thumb, waited out (its rerun finished, the map
    settled) before the next: a key pressed while a rerun is going on can be undone by the
    rerun's answer.
    """
    months = filters.month_starts()
    frames = Frames()
    page = new_page(browser, frames)
    try:
        watch = MapWatch(page)
        opened = first_map(page, server, watch)
        frames.wait_finished(1)
        drawing = full = watch.settle(frames)
        end_thumb = page.get_by_role("slider").nth(1)
        end_thumb.focus()
        cpu = server.cpu_seconds()
        reruns = 0
        steps = []
        for month, timed in moves:
            idle(page)
            frames.reset()
            wire_before = server.wire.total()
            before = drawing
            began = time.perf_counter()
            runs = press(page, frames, "ArrowLeft")
            seconds = None
            if timed:

                def redrawn(counts: MapCounts, before: MapCounts = before) -> bool:
                    change = abs(counts["arc"] - before["arc"])
                    return change + abs(counts["visit_arc"] - before["visit_arc"]) >= TIMED_PIXELS

                watch.wait(redrawn, f"the drawing of {filters.month_label(months[month])}")
                seconds = time.perf_counter() - began
            frames.wait_finished(runs)
            drawing = watch.settle(frames)
            wire_bytes = server.wire.total() - wire_before
            shown = end_thumb.get_attribute("aria-valuetext")
            if shown != filters.month_label(months[month]):
                raise RuntimeError(f"the end thumb shows {shown}, not {months[month]:%b %Y}")
            reruns += frames.sent
            steps.append(
                {
                    "to": months[month].strftime("%Y-%m"),
                    "seconds": seconds,
                    "bytes": frames.received_bytes + frames.sent_bytes,
                    "bytes_received": frames.received_bytes,
                    "bytes_sent": frames.sent_bytes,
                    "map_spec_bytes": frames.map_bytes,
                    "http_bytes": frames.http_bytes,
                    "wire_bytes": wire_bytes,
                    "frames_received": frames.received,
                    "frames_sent": frames.sent,
                    "arc_pixels": arcs_drawn(drawing),
                }
            )
        cpu_used = server.cpu_seconds() - cpu
        return {
            "first_map_s": opened["seconds"],
            "first_map_server_cpu_s": opened["server_cpu_s"],
            "full_map": full,
            "moves": steps,
            "reruns": reruns,
            "server_cpu_per_rerun_s": cpu_used / max(reruns, 1),
            "map_box": page.locator(MAP).bounding_box(),
        }
    finally:
        page.context.close()


def last_month_code(period_name: str, months: list[dt.date]) -> str:
    """Return the ``YYYY-MM`` of the last month of ``Aug 2021 – Jul 2023`` (or of ``Aug 2021``)."""
    labels = {filters.month_label(month): month.strftime("%Y-%m") for month in months}
    return labels.get(period_name.split(" – ")[-1].strip(), "")


def play(browser: Browser, server: Server, limit: float) -> dict[str, Any]:
    """Press Play on the dashboard at normal speed; count the months shown and drawn.

    A month is shown when the period written over the map names it as its last month, and
    when the address bar's ``to=`` does (both recorded in the page on every history change and
    every 100 ms); drawn when the map's arc pixels changed while the period over the map named
    it. The months that draw a new route (``months_with_new_route``) must be seen drawn. Play
    starts from the first month (the slider is at the last); it ends when the button says
    Play again after the last month, or at ``limit`` seconds.
    """
    months = filters.month_starts()
    codes = [month.strftime("%Y-%m") for month in months]
    frames = Frames()
    page = new_page(browser, frames)
    try:
        page.add_init_script(RECORD_PERIOD)
        watch = MapWatch(page)
        first_map(page, server, watch)
        frames.wait_finished(1)
        full = watch.settle(frames)
        recorded_before = page.evaluate("() => window.__periods.length")
        frames.reset()
        page.get_by_role("button", name="▶ Play").click()
        began = time.perf_counter()
        previous = full
        drawn: list[str] = []
        first_step_drawn = None
        ended = False
        recorded: list[list[Any]] = []
        while time.perf_counter() - began < limit:
            counts = watch.look()
            # Read after the screenshot: a month's drawing never comes before its period is
            # written over the map (both come with the same rerun, the drawing a frame later).
            _, overlay = page.evaluate("() => window.__currentPeriod()")
            if (
                abs(counts["arc"] - previous["arc"])
                + abs(counts["visit_arc"] - previous["visit_arc"])
                > 5
            ):
                drawn.append(last_month_code(overlay, months))
                if first_step_drawn is None and arcs_drawn(counts) < arcs_drawn(full) * 0.6:
                    first_step_drawn = time.perf_counter() - began
            previous = counts
            recorded = page.evaluate("() => window.__periods")[recorded_before:]
            over_map = [last_month_code(entry[1], months) for entry in recorded]
            if codes[-1] in over_map and page.get_by_role("button", name="▶ Play").count():
                ended = True
                break
        elapsed = time.perf_counter() - began
        shown = {last_month_code(entry[1], months) for entry in recorded}
        addressed = {codes[-1] if entry[0] == "end" else entry[0] for entry in recorded}
        due = (
            len(codes) if ended else min(len(codes), 1 + int(elapsed / playback.SPEEDS[PLAY_SPEED]))
        )
        new_routes = [code for code in months_with_new_route(months) if code in codes[:due]]
        steps = max(len(shown), 1)
        return {
            "speed": PLAY_SPEED,
            "step_s": playback.SPEEDS[PLAY_SPEED],
            "ended": ended,
            "elapsed_s": elapsed,
            "months_due": due,
            "months_shown": len(shown & set(codes[:due])),
            "months_not_shown": sorted(set(codes[:due]) - shown),
            "months_in_address_bar": len(addressed & set(codes[:due])),
            "months_changed": len(set(drawn) - {""}),
            "months_with_new_route_due": len(new_routes),
            "months_with_new_route_drawn": len(set(drawn) & set(new_routes)),
            "months_with_new_route_not_drawn": sorted(set(new_routes) - set(drawn)),
            "mean_step_s": elapsed / steps,
            "first_step_drawn_s": first_step_drawn,
            "bytes_per_step": (frames.received_bytes + frames.sent_bytes) / steps,
        }
    finally:
        page.context.close()


def median_of(visits: list[dict[str, Any]], pick: Callable[[dict[str, Any]], float]) -> float:
    """Return the median of ``pick`` over visits."""
    return statistics.median(pick(one) for one in visits)


def summary(visits: list[dict[str, Any]]) -> dict[str, float]:
    """Return an app's medians: first map, key press to redraw, bytes and CPU per move."""
    moves = [move for one in visits for move in one["moves"]]
    timed = [move["seconds"] for move in moves if move["seconds"] is not None]
    return {
        "first_map_s": median_of(visits, lambda one: one["first_map_s"]),
        "key_press_to_redraw_s": statistics.median(timed),
        "bytes_per_move": statistics.median(move["bytes"] for move in moves),
        "bytes_received_per_move": statistics.median(move["bytes_received"] for move in moves),
        "map_spec_bytes_per_move": statistics.median(move["map_spec_bytes"] for move in moves),
        "http_bytes_per_move": statistics.median(move["http_bytes"] for move in moves),
        "wire_bytes_per_move": statistics.median(move["wire_bytes"] for move in moves),
        "reruns_per_move": statistics.median(move["frames_sent"] for move in moves),
        "server_cpu_per_rerun_s": median_of(visits, lambda one: one["server_cpu_per_rerun_s"]),
        "first_map_server_cpu_s": median_of(visits, lambda one: one["first_map_server_cpu_s"]),
    }


def once_more(work: Callable[[], Measured], what: str, failures: list[str]) -> Measured:
    """Return what ``work`` measures, trying once more if it fails; ``failures`` says why.

    The pages are served from the files on disk as they are now: a file being edited while
    the benchmark runs can break one visit.
    """
    try:
        return work()
    except (PlaywrightError, RuntimeError) as error:
        failures.append(f"{what}: {str(error).splitlines()[0][:200]}")
        return work()


def browser_figures() -> dict[str, Any]:
    """Serve the three apps side by side and measure each in Chromium; play the dashboard."""
    months = filters.month_starts()
    moves = walk(months)
    play_limit = 2 * len(months) * playback.SPEEDS[PLAY_SPEED] + 30
    visits: dict[str, list[dict[str, Any]]] = {name: [] for name in APP_ORDER}
    failures: list[str] = []
    edition_visits: list[dict[str, Any]] = []
    with (
        served_apps() as servers,
        served_edition() as (edition_url, edition_folder),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        version = browser.version
        try:
            # A first, unmeasured look at each app: its server loads and caches the record.
            cold = {}
            for name in APP_ORDER:
                frames = Frames()
                page = new_page(browser, frames)
                try:
                    cold[name] = first_map(page, servers[name], MapWatch(page))
                finally:
                    page.context.close()
            for repeat in range(REPEATS):
                # A different app first on each repeat, so no app always follows another.
                turn = repeat % len(APP_ORDER)
                for name in APP_ORDER[turn:] + APP_ORDER[:turn]:
                    visits[name].append(
                        once_more(
                            functools.partial(visit, browser, servers[name], moves),
                            name,
                            failures,
                        )
                    )
                # The static edition, in the same run: its first map beside the dashboard's.
                edition_visits.append(
                    once_more(
                        functools.partial(edition_visit, browser, edition_url, moves),
                        "the static edition",
                        failures,
                    )
                )
            edition_size = size(edition_folder)
            played = [
                once_more(
                    functools.partial(play, browser, servers["dashboard"], play_limit),
                    "Play",
                    failures,
                )
                for _ in range(PLAYS)
            ]
        finally:
            browser.close()
    apps = {name: summary(visits[name]) for name in APP_ORDER}
    ratios = {
        floor: {
            key: apps["dashboard"][key] / apps[floor][key]
            for key in apps["dashboard"]
            if apps[floor][key]
        }
        for floor in ("same_picture", "arcs_only")
    }
    static = edition_summary(edition_visits, edition_size)
    return {
        "edition": {
            **static,
            "first_map_vs_dashboard": static["first_map_s"] / apps["dashboard"]["first_map_s"],
            "visits": edition_visits,
        },
        "chromium": version,
        "walk": {
            "from": filters.month_label(months[-1]),
            "to": filters.month_label(months[moves[-1][0]]),
            "moves": len(moves),
            "timed": [filters.month_label(months[month]) for month, timed in moves if timed],
        },
        "repeats": REPEATS,
        "moves_per_visit": len(moves),
        "seen_degrees": SEEN_DEGREES,
        "viewport": VIEWPORT,
        "cold_first_map": cold,
        "apps": apps,
        "ratios": ratios,
        "play": played,
        "failures": failures,
        "visits": visits,
    }
