"""The static edition: the map, its period control and the record as self-contained files.

``python -m dashboard export OUT_DIR`` writes it (``export``): an ``index.html`` with the map,
a period control with Play, the headline numbers, the table of events with their sources, the
About text and the data package; one page per partner country; the data as JavaScript files
(they load from ``file://`` too) with every ``<`` escaped; deck.gl's own bundle, fetched from
npm at build time (``npm.json`` beside the assets says which, with its checksum). Every number
is worked out here, by the page's own counting rules, for every period the control can show: the
browser only looks them up and filters the map's rows on the GPU, so a period move makes no
request at all. Nothing in it comes from another host, and no text of the record is ever read
as HTML: the pages are rendered with escaping on, and the map's tooltips are set as text.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import html
import io
import json
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from markdown_it import MarkdownIt

from dashboard import (
    analysis,
    canonical,
    counting,
    data,
    exports,
    filters,
    layers,
    mapdata,
    paths,
    playback,
    schema,
    tables,
    texts,
    view,
)

ASSETS = Path(__file__).with_name("edition_assets")
NPM: dict[str, str] = json.loads((ASSETS / "npm.json").read_text(encoding="utf-8"))
# Where deck.gl's bundle is kept once fetched from npm (``deck_bundle``): never committed.
NPM_CACHE = paths.ROOT / "build" / "npm"
PRESIDENCY = "raisi"
# Stands for the period in the countries' hover texts, which the page fills in: the texts then
# repeat across periods and are stored once.
PERIOD_MARK = "{period}"
HEADLINE = (
    ("Journeys abroad", "journeys"),
    ("Countries visited", "countries_visited"),
    ("Visits received", "visits_received"),
    ("Documents signed", "documents_signed"),
    ("Events", "events"),
)
# The columns the counting rules, the shading and the hovers read (``period_data``).
COUNTED_COLUMNS = (
    "event_id",
    "president",
    "kind",
    "category",
    "setting",
    "step",
    "level",
    "start_date",
    "end_date",
    "country_iso3",
    "organization",
    "related_event_id",
    "trip_id",
    "agreements_signed",
    "virtual",
)
SAFE_URL = re.compile(r"https?://[^\s\"'<>]+")


def script_json(value: Any) -> str:
    """Return ``value`` as JSON safe inside a script.

    ``<``, ``>``, ``&`` and the line separators are escaped, so no text of the record can
    end the script or start markup.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for character, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(character, escape)
    return text


def month_code(month: dt.date) -> str:
    """Return ``2021-08`` for August 2021 (the months in the page's address)."""
    return month.strftime("%Y-%m")


@dataclass(frozen=True)
class Record:
    """What the edition is built from: the annotated record, its geodata, claims and ledger."""

    events: pd.DataFrame
    geodata: data.Geodata
    claims_rows: int
    updated: dt.date


def periods(months: Sequence[dt.date]) -> Iterator[tuple[int, int]]:
    """Yield every period the control can show: first and last month, by index."""
    for first in range(len(months)):
        for last in range(first, len(months)):
            yield first, last


def period_data(record: Record, codes: Sequence[str]) -> dict[str, Any]:
    """Return what the page shows for every period: numbers, the countries' fills and hovers.

    Worked out by the page's own rules (``counting``, ``layers.country_fills``,
    ``mapdata.country_hovers``) for each pair of months. Fills are one digit a country in the
    order of ``codes`` (``layers.fill_digits``); hover texts are stored once and named by number.
    """
    months = view.months_of(PRESIDENCY)
    # Only the columns the rules read: each period takes its rows out of a frame this narrow,
    # several times faster than out of the whole record.
    events = record.events[[column for column in COUNTED_COLUMNS if column in record.events]]
    texts_seen: dict[str, int] = {}
    palette: list[list[int]] = []
    by_period: dict[str, Any] = {}
    for first, last in periods(months):
        shown = view.ViewState(months[first], months[last], presidency=PRESIDENCY)
        in_period = view.apply_view(events, shown, record.geodata.attributes)
        numbers = counting.headline(in_period, events)
        engaged = counting.engagements(in_period)
        fills = layers.country_fills(
            counting.country_counts(in_period, engaged), counting.summit_hosts(in_period)
        )
        colours, digits = layers.fill_digits(fills, codes)
        for colour in colours:
            if list(colour) not in palette:
                palette.append(list(colour))
        # The digits index this period's colours; map them to the shared palette.
        digits = "".join(str(palette.index(list(colours[int(digit)]))) for digit in digits)
        hovers = mapdata.country_hovers(in_period, events, PERIOD_MARK, engaged)
        hover_numbers = {}
        for code, text in hovers.items():
            hover_numbers[str(codes.index(code))] = texts_seen.setdefault(text, len(texts_seen))
        by_period[f"{first}-{last}"] = {
            "numbers": [int(getattr(numbers, rule)) for _, rule in HEADLINE],
            "fills": digits,
            "hovers": hover_numbers,
        }
    if len(palette) > 10:
        raise ValueError(f"{len(palette)} fills; one digit per country holds at most 10")
    return {"periods": by_period, "palette": palette, "hoverTexts": list(texts_seen)}


def map_data(record: Record) -> dict[str, Any]:
    """Return the map's rows (the whole presidency, filtered by period on the GPU) and style."""
    whole = view.default_view(PRESIDENCY)
    shown = view.apply_view(record.events, whole, record.geodata.attributes)
    rows = {name: mapdata.layer_rows(shown, record.events, name) for name in mapdata.LAYER_NAMES}
    months = view.months_of(PRESIDENCY)
    return {
        "rows": rows,
        "home": list(record.geodata.home() or []),
        "months": [month_code(month) for month in months],
        "monthLabels": [filters.month_label(month) for month in months],
        # Each period's filter range, as the page's own rule computes it (its days overlap).
        "ranges": {
            f"{first}-{last}": mapdata.filter_range(
                *view.ViewState(months[first], months[last], presidency=PRESIDENCY).days()
            )
            for first, last in periods(months)
        },
        "style": {
            "ocean": list(layers.OCEAN),
            "sea": layers.SEA,
            "border": list(layers.BORDER),
            "home": list(layers.HOME),
            "stop": list(layers.STOP),
            "arcs": {
                "condolences": [list(layers.CONDOLENCE_FROM), list(layers.CONDOLENCE_TO)],
                "visits": [list(layers.VISIT_FROM), list(layers.VISIT_TO)],
                "trips": [list(layers.ARC_FROM), list(layers.ARC_TO)],
            },
            "view": {"latitude": 25.0, "longitude": 40.0, "zoom": layers.WORLD_ZOOM},
        },
        "countryViews": country_views(record),
        "shadingRule": counting.RULES["shading"],
        "citation": exports.CITATION,
        "title": exports.TITLE,
        "embedHeight": exports.EMBED_HEIGHT,
        # Play as the app's (dashboard/playback.py): cumulative or a moving window, three speeds.
        "play": {
            "window": playback.WINDOW_MONTHS,
            "speeds": {name: seconds * 1000 for name, seconds in playback.SPEEDS.items()},
        },
        "headline": [label for label, _ in HEADLINE],
        "headlineHelp": [counting.rule_text(rule, filters=False) for _, rule in HEADLINE],
    }


def country_views(record: Record) -> dict[str, dict[str, float]]:
    """Return, by partner country, the map's view framing its arcs and places (as the app's)."""
    whole = view.default_view(PRESIDENCY)
    views = {}
    for code in sorted(set(record.events["country_iso3"]) - {data.HOME_CITY[1]}):
        shown = view.apply_view(
            record.events, dataclasses.replace(whole, country=str(code)), record.geodata.attributes
        )
        if shown.empty:
            continue
        fitted = layers.fit_view(shown, record.geodata.home(), str(code))
        views[str(code)] = {
            "latitude": float(fitted.latitude),
            "longitude": float(fitted.longitude),
            "zoom": float(fitted.zoom),
        }
    return views


def country_pages(record: Record, names: Mapping[str, str]) -> dict[str, str]:
    """Return, by code, the file name of each partner country's page, in the order of names."""
    return {code: f"countries/{code}.html" for code in sorted(names, key=names.__getitem__)}


def safe_url(url: str) -> str:
    """Return ``url`` if it is a plain http(s) address, else an empty string (not linked)."""
    return url if SAFE_URL.fullmatch(url or "") else ""


def source_list(cell: str) -> list[str]:
    """Return the source URLs of a cell (one or several, separated by spaces or ``;``)."""
    return [url for url in re.split(r"[\s;]+", cell or "") if url]


def table_rows(record: Record) -> list[dict[str, Any]]:
    """Return the events table's rows (the app's columns), with each row's days and sources."""
    shown = view.apply_view(record.events, view.default_view(PRESIDENCY), record.geodata.attributes)
    table = tables.events_table(shown, counting.documents_counted(shown, record.events))
    by_id = shown.set_index("event_id")
    rows = []
    for row in table.to_dict("records"):
        event = by_id.loc[row["event_id"]]
        rows.append(
            {
                "days": mapdata.days(event),
                "cells": text_cells(row),
                "sources": sources(str(event["source_url"])),
                "country_code": str(event["country_iso3"]),
            }
        )
    return rows


def text_cells(row: Mapping[Any, Any]) -> dict[str, str]:
    """Return a row's cells as text (dates ISO 8601, nothing for a missing value), no source."""
    cells = {}
    for column, value in row.items():
        if column == "source_url":
            continue
        if isinstance(value, pd.Timestamp | dt.date):
            value = value.isoformat()[:10]
        cells[str(column)] = "" if value is None or pd.isna(value) else str(value)
    return cells


def site_name(url: str) -> str:
    """Return the site's name of an address, as the app's tables show it; empty if none."""
    named = re.match(tables.SOURCE_SITE, url)
    return named.group(1) if named else ""


def sources(cell: str) -> list[dict[str, str]]:
    """Return a cell's sources: each linked by its site's name if a plain http(s) address.

    The link's text is the host (as the app's table shows it), its title the whole address;
    anything else is shown whole, as text, and not linked.
    """
    listed = []
    for url in source_list(cell):
        linked = safe_url(url)
        listed.append({"url": linked, "text": site_name(linked) or url})
    return listed


def about_html(record: Record) -> str:
    """Return the About text as HTML: Markdown with raw HTML off (the text is ours)."""
    markdown = texts.about_markdown(
        int((record.events["president"] == PRESIDENCY).sum()),
        record.claims_rows,
        record.updated,
        int(counting.is_condolence(record.events).sum()),
        where="edition",
    )
    return str(MarkdownIt("commonmark", {"html": False}).render(markdown))


def environment() -> jinja2.Environment:
    """Return the pages' templates, every value escaped unless marked safe in the template."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def integrity(content: bytes) -> str:
    """Return the npm integrity string (``sha512-…``) of a package's tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(content).digest()).decode()


def deck_bundle(cache: Path = NPM_CACHE) -> Path:
    """Return deck.gl's standalone bundle, fetched from npm and checked the first time.

    ``npm pack`` fetches the package named in ``npm.json``; its checksum must be the one
    recorded there, and only the bundle and its licence are taken out of it.
    """
    folder = cache / f"{NPM['package']}-{NPM['version']}"
    bundle = folder / NPM["file"]
    if bundle.exists():
        return bundle
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as download:
        subprocess.run(
            ["npm", "pack", f"{NPM['package']}@{NPM['version']}", "--silent"],
            cwd=download,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(download).glob("*.tgz")
        content = tarball.read_bytes()
        if integrity(content) != NPM["integrity"]:
            raise ValueError(f"{tarball.name}: its checksum is not the one in npm.json")
        with tarfile.open(fileobj=io.BytesIO(content)) as archive:
            for member, name in (
                ("package/" + NPM["file"], NPM["file"]),
                ("package/LICENSE", "LICENSE"),
            ):
                extracted = archive.extractfile(member)
                if extracted is None:
                    raise ValueError(f"{tarball.name} has no {member}")
                canonical.write_atomically(folder / name, extracted.read())
    return bundle


def load(events_path: Path = paths.EVENTS) -> Record:
    """Return the record, geodata and ledger as the public page holds them."""
    from dashboard import claims, ledger

    geodata = data.load_geodata()
    located = data.load_located_record(events_path, geodata)
    events = counting.annotate(located.events)
    ledger_frame, _ = ledger.parse_disagreements(
        data.read_file(paths.DISAGREEMENTS), located.valid_csv, located.event_lines
    )
    events = ledger.annotate(events, ledger_frame)
    claim_rows, _ = claims.parse_claims(
        data.read_file(paths.CLAIMS),
        frozenset(events["event_id"]),
        dict(located.event_lines),
    )
    return Record(events, geodata, len(claim_rows), schema.CREATED)


def absolute(base_url: str, page: str) -> str:
    """Return the address of a page of the edition served at ``base_url``."""
    return base_url.rstrip("/") + "/" + page


def sitemap(base_url: str, pages: Sequence[str]) -> str:
    """Return the sitemap of the pages (paths within the edition) under ``base_url``."""
    entries = "".join(
        f"  <url><loc>{html.escape(absolute(base_url, page), quote=False)}</loc></url>\n"
        for page in pages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    )


def pages(record: Record, base_url: str | None = None) -> dict[str, str | bytes]:
    """Return every file of the edition but the deck.gl bundle, by path within it.

    With ``base_url`` (the address the edition will be served at), each page names its
    canonical address and a sitemap lists them, with a ``robots.txt`` that points to it.
    """
    names = view.country_names(record.events, record.geodata.countries)
    partner_names = {str(code): str(name) for code, name in names.items()}
    codes = sorted(set(record.geodata.countries["iso3"]))
    templates = environment()
    files: dict[str, str | bytes] = {}
    countries_file = paths.SERVED_COUNTRIES.read_text(encoding="utf-8")
    borders_file = paths.SERVED_BORDERS.read_text(encoding="utf-8")
    pages_of = country_pages(record, partner_names)
    edition = {
        **map_data(record),
        **period_data(record, codes),
        "codes": codes,
        "countryPages": {str(codes.index(code)): page for code, page in pages_of.items()},
    }
    # Data as scripts (a file:// page may load scripts, not fetch files), every `<` escaped.
    files["data/edition.js"] = f"window.EDITION = {script_json(edition)};\n"
    files["data/countries.js"] = (
        f"window.EDITION_COUNTRIES = {script_json(json.loads(countries_file))};\n"
    )
    files["data/borders.js"] = (
        f"window.EDITION_BORDERS = {script_json(json.loads(borders_file))};\n"
    )
    package_name = "raisi-diplomacy-data-package.zip"
    citation = exports.citation("index.html", record.updated)
    files[f"data/{package_name}"] = exports.data_package_zip(paths.DATA_PACKAGE, citation)
    rows = table_rows(record)
    columns = list(rows[0]["cells"]) if rows else []
    files["index.html"] = templates.get_template("index.html.j2").render(
        title=texts.PAGE_TITLE,
        rows=rows,
        columns=columns,
        column_titles=tables.TABLE_COLUMNS,
        about=about_html(record),
        package=f"data/{package_name}",
        updated=record.updated.isoformat(),
        legend=layers.legend_html(condolences=False),
        citation_title=exports.TITLE,
        country_pages=pages_of,
        partner_names=partner_names,
        canonical_url=base_url and absolute(base_url, "index.html"),
        headline_rules=[counting.rule_text(rule, filters=False) for _, rule in HEADLINE],
        play_modes=playback.MODE_LABELS,
        play_speeds={name: name.capitalize() for name in playback.SPEEDS},
    )
    for code, page in pages_of.items():
        story = analysis.country_story(
            view.apply_view(
                record.events, view.default_view(PRESIDENCY), record.geodata.attributes
            ),
            code,
        )
        files[page] = templates.get_template("country.html.j2").render(
            title=texts.PAGE_TITLE,
            name=partner_names[code],
            code=code,
            canonical_url=base_url and absolute(base_url, page),
            timeline=story_rows(story["timeline"]),
            agreements=story_rows(story["agreements"]),
        )
    if base_url:
        listed = ["index.html", *pages_of.values()]
        files["sitemap.xml"] = sitemap(base_url, listed)
        files["robots.txt"] = (
            f"User-agent: *\nAllow: /\nSitemap: {base_url.rstrip('/')}/sitemap.xml\n"
        )
    for asset in ("edition.js", "edition.css"):
        files[f"assets/{asset}"] = (ASSETS / asset).read_text(encoding="utf-8")
    return files


def story_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a story table's rows as text cells, each source URL apart (linked if safe)."""
    return [
        {"cells": text_cells(row), "sources": sources(str(row.get("source_url") or ""))}
        for row in frame.to_dict("records")
    ]


def export(
    out_dir: Path,
    record: Record | None = None,
    bundle: Path | None = None,
    base_url: str | None = None,
) -> list[Path]:
    """Write the edition into ``out_dir`` (created if need be); return the files written.

    ``base_url``, the address it will be served at, adds canonical links and a sitemap.
    Each file is written whole or not at all (``canonical.write_atomically``). deck.gl's
    bundle and licence are copied from its npm package (``deck_bundle``).
    """
    bundle = bundle or deck_bundle()
    record = record or load()
    written = []
    for name, content in pages(record, base_url).items():
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        canonical.write_atomically(target, content)
        written.append(target)
    (out_dir / "assets").mkdir(parents=True, exist_ok=True)
    for source, name in (
        (bundle, "deck.gl.min.js"),
        (bundle.with_name("LICENSE"), "deck.gl.LICENSE"),
    ):
        target = out_dir / "assets" / name
        canonical.write_atomically(target, source.read_bytes())
        written.append(target)
    return written
