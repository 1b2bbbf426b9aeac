"""Measure what a slider move costs, on the server and in Chromium; write docs/performance.md.

Run with ``make bench`` (or ``.venv/bin/python -m benchmarks.run``). Figures go between the
markers of ``docs/performance.md`` and into ``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk

from dashboard import data, filters, layers, mapdata, paths
from geodata.files import write_atomically

DOC = paths.ROOT / "docs" / "performance.md"
RESULTS = paths.ROOT / "benchmarks" / "results" / "latest.json"
START_MARK = "<!-- benchmark:start -->"
END_MARK = "<!-- benchmark:end -->"
SYNTHETIC_SIZES = (1_000, 10_000, 100_000)
# A slider move from the whole presidency to its first half.
MOVE = (dt.date(2021, 8, 3), dt.date(2022, 12, 31))


def machine() -> dict[str, str]:
    """Describe the machine the figures come from."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kilobytes = int(meminfo.read_text().split()[1])
        memory = f"{kilobytes / 1024**2:.0f} GiB"
    return {
        "date": dt.date.today().isoformat(),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    """Return the median wall time of ``work`` over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def synthetic(events: pd.DataFrame, size: int, seed: int = 7) -> pd.DataFrame:
    """Return ``size`` events resampled from the real ones with random dates in the presidency."""
    rng = np.random.default_rng(seed)
    sample = events.sample(size, replace=True, random_state=seed).reset_index(drop=True)
    days = (data.PRESIDENCY_END - data.PRESIDENCY_START).days
    offsets = pd.to_timedelta(rng.integers(0, days, size), unit="D")
    sample["start_date"] = pd.Timestamp(data.PRESIDENCY_START) + offsets
    sample["end_date"] = sample["start_date"]
    sample["event_id"] = [f"synthetic-{index}" for index in range(size)]
    return sample


def rerun_json(events: pd.DataFrame, home: tuple[float, float] | None) -> str:
    """Do what one slider move does on the server: filter, build the deck, serialise it."""
    in_period = filters.events_in_period(events, *MOVE)
    return layers.build_deck(
        in_period, home, mapdata.data_urls({}, "bench"), mapdata.filter_range(*MOVE)
    ).to_json()


def server_figures() -> dict[str, Any]:
    """Time a slider move on the real record and on synthetic ones; weigh the spec."""
    geodata = data.load_geodata()
    home = geodata.home()
    events = data.load_located_record(paths.EVENTS, geodata).events
    rows = [
        {
            "events": len(events),
            "label": "real record",
            "seconds": median_seconds(lambda: rerun_json(events, home), 9),
        }
    ]
    for size in SYNTHETIC_SIZES:
        frame = synthetic(events, size)
        repeats = 5 if size < 100_000 else 3

        def move(frame: pd.DataFrame = frame) -> str:
            return rerun_json(frame, home)

        rows.append(
            {"events": size, "label": "synthetic", "seconds": median_seconds(move, repeats)}
        )
    deck = layers.build_deck(
        events, home, mapdata.data_urls({}, "bench"), mapdata.filter_range(*MOVE)
    )
    compact = deck.to_json()
    indented = pdk.Deck.to_json(deck)
    countries_only = json.dumps(
        json.loads(compact)["layers"][1], separators=(",", ":"), sort_keys=True
    )
    served = paths.SERVED_COUNTRIES
    return {
        "slider_move": rows,
        "spec_bytes": {
            "compact": len(compact.encode()),
            "pydeck_default_indent_2": len(indented.encode()),
            "countries_layer": len(countries_only.encode()),
            "polygons_file_loaded_once": served.stat().st_size,
        },
    }


def load_figures() -> dict[str, float]:
    """Time reading and validating events.csv, beside the floor of parsing it as plain CSV."""
    raw = paths.EVENTS.read_bytes()
    reference = data.load_geodata().reference()

    def floor() -> object:
        return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))

    validate = median_seconds(lambda: data.parse_record(raw, reference), 9)
    plain = median_seconds(floor, 9)
    return {"validate_s": validate, "plain_csv_floor_s": plain, "ratio": validate / plain}


def browser_figures() -> dict[str, float]:
    """Time, in Chromium, navigation to the first full map and a key press to the redraw."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, map_pixels, served_app

    def drawn(page: Any, condition: Callable[[dict[str, int]], bool]) -> dict[str, int]:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            counts = map_pixels(page.locator('[data-testid="stDeckGlJsonChart"]').screenshot())
            if condition(counts):
                return counts
        raise RuntimeError("the map was never drawn")

    with served_app(paths.ROOT) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        began = time.perf_counter()
        page.goto(url)
        page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=180_000)
        full = drawn(page, lambda c: c["shaded"] > 2000 and c["arc"] > 300 and c["visit_arc"] > 300)
        first_map = time.perf_counter() - began
        end_thumb = page.get_by_role("slider").nth(1)
        end_thumb.focus()
        began = time.perf_counter()
        for _ in range(12):  # May 2024 back to May 2023
            page.keyboard.press("ArrowLeft")
        drawn(page, lambda c: c["arc"] + c["visit_arc"] < (full["arc"] + full["visit_arc"]) * 0.9)
        redraw = time.perf_counter() - began
        browser.close()
    return {"navigation_to_first_full_map_s": first_map, "key_press_to_redrawn_map_s": redraw}


def markdown(figures: dict[str, Any]) -> str:
    """Render the figures as the generated section of docs/performance.md."""
    info = figures["machine"]
    lines = [
        START_MARK,
        f"Measured on {info['date']}: {info['cpu']}, {info['cores']} cores, {info['memory']}, "
        f"Python {info['python']}, {info['system']}.",
        "",
        "**Server time of one slider move** (filter + layers + JSON, median):",
        "",
        "| events | record | seconds |",
        "|---:|---|---:|",
    ]
    for row in figures["server"]["slider_move"]:
        lines.append(f"| {row['events']:,} | {row['label']} | {row['seconds']:.3f} |")
    load = figures["load"]
    lines += [
        "",
        "**Reading and validating events.csv** (every cell through Frictionless and the "
        "record's rules, median), beside the floor of parsing it as plain CSV:",
        "",
        f"- validate: {load['validate_s']:.3f} s; plain CSV parse: "
        f"{load['plain_csv_floor_s'] * 1000:.1f} ms; ratio {load['ratio']:.0f}×",
        "- the page validates once per content of the file (its bytes are the cache key)",
    ]
    spec = figures["server"]["spec_bytes"]
    lines += [
        "",
        "**Deck spec sent per rerun** (whole record in range):",
        "",
        f"- compact JSON, as sent: {spec['compact']:,} bytes, of which the country layer "
        f"{spec['countries_layer']:,}",
        f"- the polygons, a static file the browser loads once: "
        f"{spec['polygons_file_loaded_once']:,} bytes",
        f"- pydeck's default (`indent=2`) would send: {spec['pydeck_default_indent_2']:,} bytes",
        "",
    ]
    if "browser" in figures:
        first_map = figures["browser"]["navigation_to_first_full_map_s"]
        redraw = figures["browser"]["key_press_to_redrawn_map_s"]
        lines += [
            "**In Chromium** (SwiftShader software WebGL, 1400×1000 px):",
            "",
            f"- navigation to the first full map: {first_map:.1f} s",
            f"- slider key press to the map redrawn: {redraw:.1f} s",
        ]
    lines.append(END_MARK)
    return "\n".join(lines)


def write_doc(section: str) -> None:
    """Replace the generated section of docs/performance.md, writing the file atomically."""
    text = DOC.read_text(encoding="utf-8")
    before, _, rest = text.partition(START_MARK)
    _, _, after = rest.partition(END_MARK)
    write_atomically(DOC, (before + section + after).encode())


def main() -> int:
    """Run every benchmark and write the figures."""
    figures: dict[str, Any] = {
        "machine": machine(),
        "server": server_figures(),
        "load": load_figures(),
    }
    if os.environ.get("BENCH_SKIP_BROWSER") != "1":
        figures["browser"] = browser_figures()
    section = markdown(figures)
    print(section)
    RESULTS.parent.mkdir(exist_ok=True)
    write_atomically(RESULTS, (json.dumps(figures, indent=2) + "\n").encode())
    write_doc(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
