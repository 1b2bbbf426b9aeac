"""Measure what a slider move costs, on the server and in Chromium; write docs/performance.md.

Run with ``make bench`` (or ``.venv/bin/python -m benchmarks.run``). In Chromium the dashboard
is measured side by side with two floors of its stack (``benchmarks/floors/``, served beside
it by ``benchmarks/servers.py``, measured by ``benchmarks/chromium.py``); on the server, a
slider move's rerun on the real record and on synthetic ones, and validation beside plain
CSV parsing. Figures go between the markers of ``docs/performance.md`` and into
``benchmarks/results/latest.json``; ``BENCH_SKIP_BROWSER=1`` leaves Chromium out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk

from benchmarks.floors import common
from dashboard import (
    canonical,
    counting,
    curation,
    data,
    filters,
    layers,
    mapdata,
    paths,
    validation,
    view,
)
from geodata.files import write_atomically

DOC = paths.ROOT / "docs" / "performance.md"
RESULTS = paths.ROOT / "benchmarks" / "results" / "latest.json"
START_MARK = "<!-- benchmark:start -->"
END_MARK = "<!-- benchmark:end -->"
SYNTHETIC_SIZES = (1_000, 10_000, 100_000)
# A slider move from the whole presidency to its first half.
MOVE = (dt.date(2021, 8, 3), dt.date(2022, 12, 31))
# The goals, against the floors: ratios of the medians, and bytes.
GOALS = {
    "key_press_vs_arcs_only": 3.0,
    "key_press_vs_same_picture": 1.2,
    "bytes_per_move": 10_000,
    "first_map_vs_arcs_only": 1.5,
    # The static edition (issue 13): its first map beside the dashboard's, and its size.
    "edition_first_map_vs_dashboard": 1.5,
    "edition_bytes": 8_000_000,
}
APP_LABELS = {
    "dashboard": "dashboard",
    "same_picture": "same-picture floor",
    "arcs_only": "arcs-only floor",
}


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


def deck_of(
    events: pd.DataFrame, home: tuple[float, float] | None, codes: list[str]
) -> layers.CompactDeck:
    """Return the page's deck of ``events`` for the period ``MOVE``.

    ``codes`` are the served countries' codes in the order of their rows, as the page passes.
    """
    return layers.build_deck(
        events, home, mapdata.data_urls({}, "bench"), mapdata.filter_range(*MOVE), codes
    )


def rerun_json(events: pd.DataFrame, home: tuple[float, float] | None, codes: list[str]) -> str:
    """Do what one slider move does on the server: filter, build the deck, serialise it.

    ``events`` is the annotated record (``counting.annotate``), as the page holds it.
    """
    return deck_of(filters.events_in_period(events, *MOVE), home, codes).to_json()


def server_figures() -> dict[str, Any]:
    """Time a slider move on the real record and on synthetic ones; weigh the spec."""
    geodata = data.load_geodata()
    home = geodata.home()
    codes = sorted(set(geodata.countries["iso3"]))
    events = counting.annotate(data.load_located_record(paths.EVENTS, geodata).events)
    rows = [
        {
            "events": len(events),
            "label": "real record",
            "seconds": median_seconds(lambda: rerun_json(events, home, codes), 9),
        }
    ]
    for size in SYNTHETIC_SIZES:
        frame = counting.annotate(synthetic(events, size))
        repeats = 5 if size < 100_000 else 3

        def move(frame: pd.DataFrame = frame) -> str:
            return rerun_json(frame, home, codes)

        rows.append(
            {"events": size, "label": "synthetic", "seconds": median_seconds(move, repeats)}
        )
    deck = deck_of(events, home, codes)
    compact = deck.to_json()
    indented = pdk.Deck.to_json(deck)
    countries_only = json.dumps(
        json.loads(compact)["layers"][1], separators=(",", ":"), sort_keys=True
    )
    served = paths.SERVED_COUNTRIES
    months = filters.month_starts()
    shown = view.apply_view(events, view.default_view(), geodata.attributes)
    rows_once = {
        name: len(json.dumps(mapdata.layer_rows(shown, events, name)).encode())
        for name in mapdata.LAYER_NAMES
    }
    floor_spec = common.deck(
        [*common.country_layers(), *common.arc_layers((months[0], months[-1]))]
    ).to_json()
    return {
        "slider_move": rows,
        "spec_bytes": {
            "compact": len(compact.encode()),
            "pydeck_default_indent_2": len(indented.encode()),
            "countries_layer": len(countries_only.encode()),
            "polygons_file_loaded_once": served.stat().st_size,
            "rows_loaded_once_per_view": rows_once,
            "same_picture_floor_whole_period": len(floor_spec.encode()),
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
    return {
        "validate_s": validate,
        "plain_csv_floor_s": plain,
        "ratio": validate / plain,
        **curation_figures(reference),
    }


def curation_figures(reference: validation.Reference) -> dict[str, float]:
    """Time a form change and a save of the curation mode, beside their floors.

    A form change: the candidate file made canonical, checked, its new problems found and
    diffed (``curate.py`` on each input), beside one validation of the file (the least a
    check needs). A save (into a copy, fsync and rename), beside writing the same bytes with
    ``canonical.write_atomically`` alone.
    """
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "events.csv"
        shutil.copyfile(paths.EVENTS, copy)
        opened = curation.open_record(copy)
        baseline = curation.check(curation.text_of(opened.header, opened.rows), reference)
        edited = dict(opened.rows[0], notes="A note typed in the form.")
        rows = curation.with_row(opened.rows, edited, replacing=edited["event_id"])

        def form_change() -> object:
            checked = curation.check(curation.text_of(opened.header, rows), reference)
            return curation.new_problems(baseline, checked), curation.diff(opened.rows, rows)

        text = curation.text_of(opened.header, rows)
        one_check = median_seconds(lambda: curation.check(text, reference), 9)
        change = median_seconds(form_change, 9)

        def save() -> object:
            shutil.copyfile(paths.EVENTS, copy)
            return curation.save(curation.open_record(copy), rows, reference)

        def write_floor() -> None:
            canonical.write_atomically(copy, text)

        saving = median_seconds(save, 5)
        writing = median_seconds(write_floor, 5)
    return {
        "form_change_s": change,
        "form_check_floor_s": one_check,
        "save_s": saving,
        "write_floor_s": writing,
    }


def ratio_text(value: float | None) -> str:
    """Return a ratio as ``2.40×``, or a dash when there is none."""
    return "–" if value is None else f"{value:.2f}×"


def verdict(ok: bool) -> str:
    """Return a goal's verdict."""
    return "met" if ok else "**not met**"


# The rows of the three apps' table: the summary's key, its label and its format.
TABLE_ROWS: tuple[tuple[str, str, Callable[[float], str]], ...] = (
    ("first_map_s", "navigation to the first full map (s)", lambda v: f"{v:.1f}"),
    ("key_press_to_redraw_s", "slider key press to the map redrawn (s)", lambda v: f"{v:.2f}"),
    (
        "wire_bytes_per_move",
        "bytes on the wire per slider move, both ways (compressed frames and HTTP)",
        lambda v: f"{v:,.0f}",
    ),
    (
        "bytes_per_move",
        "websocket payload bytes per slider move, both ways (inflated)",
        lambda v: f"{v:,.0f}",
    ),
    ("bytes_received_per_move", "of which from the server", lambda v: f"{v:,.0f}"),
    ("map_spec_bytes_per_move", "of which the map's deck spec", lambda v: f"{v:,.0f}"),
    (
        "http_bytes_per_move",
        "HTTP bytes per slider move (a country's hover counts, served rows)",
        lambda v: f"{v:,.0f}",
    ),
    ("reruns_per_move", "reruns per slider move (frames sent)", lambda v: f"{v:.0f}"),
    ("server_cpu_per_rerun_s", "server CPU per rerun (ms)", lambda v: f"{v * 1000:.0f}"),
    (
        "first_map_server_cpu_s",
        "server CPU of a first map, warm server (ms)",
        lambda v: f"{v * 1000:.0f}",
    ),
)


def goals(browser: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """Return each goal, what was measured and whether it is met."""
    apps, ratios, plays = browser["apps"], browser["ratios"], browser["play"]
    against_arcs = ratios["arcs_only"]["key_press_to_redraw_s"]
    against_picture = ratios["same_picture"]["key_press_to_redraw_s"]
    first_map = ratios["arcs_only"]["first_map_s"]
    # Everything a move moves on the reader's connection, both ways: the websocket's frames as
    # sent (compressed) and any HTTP, counted by the relay.
    sent = apps["dashboard"]["wire_bytes_per_move"]
    every_month = all(
        play["months_shown"] == play["months_due"]
        and play["months_with_new_route_drawn"] == play["months_with_new_route_due"]
        for play in plays
    )
    return [
        (
            "slider key press to the redrawn map within "
            f"{GOALS['key_press_vs_arcs_only']:g}× the arcs-only floor",
            ratio_text(against_arcs),
            against_arcs <= GOALS["key_press_vs_arcs_only"],
        ),
        (
            "slider key press to the redrawn map within "
            f"{GOALS['key_press_vs_same_picture']:g}× the same-picture floor",
            ratio_text(against_picture),
            against_picture <= GOALS["key_press_vs_same_picture"],
        ),
        (
            f"a slider move sends under {GOALS['bytes_per_move'] // 1000} KB "
            f"({GOALS['bytes_per_move']:,} bytes on the wire, both ways: websocket and HTTP)",
            f"{sent:,.0f} bytes",
            sent < GOALS["bytes_per_move"],
        ),
        (
            "Play draws every month at normal speed",
            "; ".join(
                f"{play['months_shown']}/{play['months_due']} months shown, "
                f"{play['months_with_new_route_drawn']}/{play['months_with_new_route_due']} "
                "months with new routes drawn"
                for play in plays
            ),
            every_month,
        ),
        (
            f"first full map within {GOALS['first_map_vs_arcs_only']:g}× the arcs-only floor",
            ratio_text(first_map),
            first_map <= GOALS["first_map_vs_arcs_only"],
        ),
        *edition_goals(browser.get("edition")),
    ]


def edition_goals(static: dict[str, Any] | None) -> list[tuple[str, str, bool]]:
    """Return the static edition's goals, if it was measured."""
    if static is None:
        return []
    return [
        (
            "the static edition's first full map within "
            f"{GOALS['edition_first_map_vs_dashboard']:g}× the dashboard's, in the same run",
            ratio_text(static["first_map_vs_dashboard"]),
            static["first_map_vs_dashboard"] <= GOALS["edition_first_map_vs_dashboard"],
        ),
        (
            "a period move in the static edition makes no request",
            f"{static['requests_during_moves']} requests",
            static["requests_during_moves"] == 0,
        ),
        (
            "the static edition asks no other host, in any visit",
            f"{static.get('requests_elsewhere', 0)} requests",
            static.get("requests_elsewhere", 0) == 0,
        ),
        (
            f"the whole static edition under {GOALS['edition_bytes'] // 1_000_000} MB",
            f"{static['bytes']:,} bytes ({static['gzip_bytes']:,} gzipped)",
            static["bytes"] < GOALS["edition_bytes"],
        ),
    ]


def browser_markdown(browser: dict[str, Any]) -> list[str]:
    """Render the three apps side by side, Play and the goals."""
    apps, ratios, plays = browser["apps"], browser["ratios"], browser["play"]
    lines = [
        f"**The dashboard beside two floors of its stack**, in Chromium {browser['chromium']} "
        f"(SwiftShader software WebGL, {browser['viewport']['width']}×"
        f"{browser['viewport']['height']} px); the three Streamlit servers run side by side; "
        f"medians of {browser['repeats']} visits per app (each in a fresh browser context, "
        "the apps in turn):",
        "",
        "- *same-picture floor* (`benchmarks/floors/same_picture.py`): the same trip and visit "
        "arcs over the same countries, loaded once from the same file, in fixed colours, with "
        "no filter extension; a slider move sends the period's arcs inline;",
        "- *arcs-only floor* (`benchmarks/floors/arcs_only.py`): the same arcs alone.",
        "",
        "| | dashboard | same-picture floor | arcs-only floor "
        "| dashboard ÷ same-picture | dashboard ÷ arcs-only |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, label, shown in TABLE_ROWS:
        cells = [shown(apps[name][key]) for name in APP_LABELS]
        cells += [ratio_text(ratios[floor].get(key)) for floor in ("same_picture", "arcs_only")]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    cold = browser["cold_first_map"]
    lines += [
        "",
        f"A slider move is one ArrowLeft on the end thumb: {browser['walk']['moves']} moves "
        f"a visit, from {browser['walk']['from']} back to {browser['walk']['to']}, each to a "
        "period the page has not shown before (so nothing comes from Streamlit's cache of "
        "messages already sent) and each waited out before the next. The moves to "
        f"{', '.join(browser['walk']['timed'])} hide long routes: they are timed, from the "
        "key press until the map's arc pixels (`tests.browser.map_pixels`) change. A move's "
        "bytes are counted from the key press until the script has finished and the map has "
        "settled: on the wire, by a relay between Chromium and the server that counts every "
        "byte each way (`benchmarks/wire.py`: the websocket's frames as sent, compressed with "
        "permessage-deflate as every server here is configured, and any HTTP); as payloads, "
        "the websocket frames as Playwright reads them, inflated. The deck spec is the payload "
        "of the `pydeck_chart` element's frame. The "
        "first full map: from navigation until the pixels show the sea, the shaded land and "
        "both kinds of arcs (the arcs alone for the arcs-only floor). Server CPU is the "
        "server process's (`/proc/<pid>/stat`); every server runs with the same flags, its "
        "file watcher off. The first map of a just-started server, before these visits: "
        + ", ".join(f"{APP_LABELS[name]} {cold[name]['seconds']:.1f} s" for name in APP_LABELS)
        + ".",
        "",
        f"**Play** (dashboard, {plays[0]['speed']} speed: a step every "
        f"{plays[0]['step_s']:g} s, cumulative, from the first month), {len(plays)} runs. A "
        "month is shown when the period written over the map names it; drawn when the map's "
        "arc pixels changed while the period over the map named it, and every month that "
        f"draws new routes (two places not joined before) {browser['seen_degrees']:g}° long "
        "or more in all should be (a month that only repeats routes may leave the pixels as "
        "they were; a short route hides under Tehran's marker). The first step is drawn when "
        "the arcs' pixels fall under 60 % of the whole period's. The address bar named "
        + " and ".join(str(play["months_in_address_bar"]) for play in plays)
        + " month(s) during the runs: the page keeps the address of the view Play started "
        "from until Pause or the end.",
        "",
        "| run | months shown | months with new routes drawn | months that changed "
        "the pixels | first step drawn after the click | in all | a month | websocket "
        "bytes a month |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run, play in enumerate(plays, 1):
        first_step = play["first_step_drawn_s"]
        lines.append(
            f"| {run} | {play['months_shown']}/{play['months_due']} "
            f"| {play['months_with_new_route_drawn']}/{play['months_with_new_route_due']} "
            f"| {play['months_changed']} "
            f"| {'never' if first_step is None else f'{first_step:.1f} s'} "
            f"| {play['elapsed_s']:.0f} s{'' if play['ended'] else ' (time limit)'} "
            f"| {play['mean_step_s']:.2f} s | {play['bytes_per_step']:,.0f} |"
        )
    missing = sorted(
        {
            month
            for play in plays
            for month in play["months_not_shown"] + play["months_with_new_route_not_drawn"]
        }
    )
    if missing:
        lines += ["", f"Months not shown or not seen drawn in a run: {', '.join(missing)}."]
    if browser["failures"]:
        lines += [
            "",
            "Measured a second time after a failure: " + "; ".join(browser["failures"]) + ".",
        ]
    if "edition" in browser:
        lines += edition_markdown(browser["edition"], browser["apps"]["dashboard"])
    lines += ["", "**Goals**", "", "| goal | measured | |", "|---|---|---|"]
    lines += [f"| {goal} | {measured} | {verdict(ok)} |" for goal, measured, ok in goals(browser)]
    lines.append("")
    return lines


def edition_markdown(static: dict[str, Any], dashboard: dict[str, float]) -> list[str]:
    """Render the static edition beside the dashboard, measured in the same run."""
    return [
        "",
        "**The static edition** (`python -m dashboard export`, served by Python's static file "
        "server on 127.0.0.1, visited in the same run and the same browser, after the three "
        "apps of each repeat; `benchmarks/edition.py`), medians:",
        "",
        "| | static edition | dashboard | edition ÷ dashboard |",
        "|---|---:|---:|---:|",
        f"| navigation to the first full map (s) | {static['first_map_s']:.1f} "
        f"| {dashboard['first_map_s']:.1f} | {ratio_text(static['first_map_vs_dashboard'])} |",
        f"| period key press to the map redrawn (s) | {static['key_press_to_redraw_s']:.2f} "
        f"| {dashboard['key_press_to_redraw_s']:.2f} "
        f"| {ratio_text(static['key_press_to_redraw_s'] / dashboard['key_press_to_redraw_s'])} |",
        f"| requests during the period moves (most in a visit) "
        f"| {static['requests_during_moves']} | – | – |",
        "",
        f"The edition: {static['files']} files, {static['bytes']:,} bytes "
        f"({static['gzip_bytes']:,} gzipped, as a host that compresses text sends them); a "
        f"first visit makes {static['requests_on_load']:.0f} requests; requests to any other "
        f"host in all the visits: {static.get('requests_elsewhere', 0)}.",
    ]


def markdown(figures: dict[str, Any]) -> str:
    """Render the figures as the generated section of docs/performance.md."""
    info = figures["machine"]
    lines = [
        START_MARK,
        f"Measured on {info['date']}: {info['cpu']}, {info['cores']} cores, {info['memory']}, "
        f"Python {info['python']}, {info['system']}.",
        "",
    ]
    if "browser" in figures:
        lines += browser_markdown(figures["browser"])
    lines += [
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
        "",
        "**The curation mode** (a copy of events.csv, median): a form change (the candidate "
        "made canonical, checked, its new problems and its diff) beside one validation of the "
        "file; a save (checked twice, the disk compared, written and synced) beside writing "
        "the same bytes atomically alone:",
        "",
        f"- form change: {load['form_change_s']:.3f} s; one validation: "
        f"{load['form_check_floor_s']:.3f} s; ratio "
        f"{load['form_change_s'] / load['form_check_floor_s']:.2f}×",
        f"- save: {load['save_s']:.3f} s; atomic write alone: {load['write_floor_s']:.3f} s; "
        f"ratio {load['save_s'] / load['write_floor_s']:.1f}×",
    ]
    spec = figures["server"]["spec_bytes"]
    rows_once = spec["rows_loaded_once_per_view"]
    lines += [
        "",
        "**Deck spec sent per rerun** (whole record in range):",
        "",
        f"- compact JSON, as sent: {spec['compact']:,} bytes, of which the country layer "
        f"{spec['countries_layer']:,}",
        f"- pydeck's default (`indent=2`) would send: {spec['pydeck_default_indent_2']:,} bytes",
        f"- the same-picture floor's spec, its arcs inline: "
        f"{spec['same_picture_floor_whole_period']:,} bytes",
        f"- loaded once: the polygons, a static file, {spec['polygons_file_loaded_once']:,} "
        "bytes; the rows of a view's arcs and places (`/data/map/…`), "
        + ", ".join(f"{name} {size:,}" for name, size in rows_once.items())
        + " bytes",
        END_MARK,
    ]
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
        from benchmarks.chromium import browser_figures

        figures["browser"] = browser_figures()
    section = markdown(figures)
    print(section)
    RESULTS.parent.mkdir(exist_ok=True)
    write_atomically(RESULTS, (json.dumps(figures, indent=2) + "\n").encode())
    write_doc(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
