"""The static edition: built from the record, self-contained, and driven in Chromium.

The edition is written once for the module (``site``) and served by a plain static server on
127.0.0.1; one Chromium visits it there and from ``file://``. A second edition is written from
a record whose every text field carries script and HTML payloads, and must execute nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from dashboard import counting, edition, view
from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    map_pixel,
    map_pixels,
    newsroom_page,
    other_hosts,
    served_folder,
    shaded_with_arcs,
    wait_for_pixels,
)

# Software WebGL needs seconds per drawing; these bound the waits, they are not sleeps.
DRAW_SECONDS = 120
LAPTOP = {"width": 1366, "height": 900}
MEGABYTES = 8
PAYLOADS = (
    '<script>window.__pwned = "script"</script>',
    '"><img src=x onerror="window.__pwned=\'img\'">',
    "</script><script>window.__pwned = 'close'</script>",
    "{{7*7}} ${7*7} <!--",
)


def edition_data(site: Path) -> dict[str, object]:
    """Return the ``window.EDITION`` object of an edition, read as JSON."""
    text = (site / "data" / "edition.js").read_text(encoding="utf-8")
    return dict(json.loads(text.removeprefix("window.EDITION = ").rstrip().removesuffix(";")))


@pytest.fixture(scope="module")
def record() -> edition.Record:
    """The record as the public page holds it."""
    return edition.load()


@pytest.fixture(scope="module")
def site(edition_site: Path) -> Path:
    """The edition of the real record, written once for the session."""
    return edition_site


def hostile(record: edition.Record) -> edition.Record:
    """Return the record with a payload in every text field a page or tooltip shows."""
    events = record.events.copy()
    columns = [
        "title",
        "counterpart",
        "city",
        "documents",
        "notes",
        "organization",
        "themes",
        "other_places",
        "sources_differ",
    ]
    for index, column in enumerate(columns):
        if column in events:
            events[column] = PAYLOADS[index % len(PAYLOADS)]
    events["source_url"] = "javascript:window.__pwned='href' " + PAYLOADS[0]
    return edition.Record(events, record.geodata, record.claims_rows, record.updated)


def test_script_json_escapes_what_could_end_a_script() -> None:
    text = edition.script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_sources_are_linked_by_their_sites_name_and_only_if_plain_addresses() -> None:
    cell = "https://www.irna.ir/news/1 https://en.mehrnews.com/x javascript:alert(1)"
    assert edition.sources(cell) == [
        {"url": "https://www.irna.ir/news/1", "text": "irna.ir"},
        {"url": "https://en.mehrnews.com/x", "text": "en.mehrnews.com"},
        {"url": "", "text": "javascript:alert(1)"},
    ]


def test_a_base_url_gives_canonical_links_and_a_sitemap() -> None:
    base = "https://example.org/raisi/"
    assert edition.sitemap(base, ["index.html", "countries/IRQ.html"]).splitlines()[2:4] == [
        "  <url><loc>https://example.org/raisi/index.html</loc></url>",
        "  <url><loc>https://example.org/raisi/countries/IRQ.html</loc></url>",
    ]
    page = (
        edition.environment()
        .get_template("country.html.j2")
        .render(
            title="t",
            name="Iraq",
            code="IRQ",
            canonical_url=edition.absolute(base, "countries/IRQ.html"),
            timeline=[],
            agreements=[],
        )
    )
    assert '<link rel="canonical" href="https://example.org/raisi/countries/IRQ.html">' in page


def test_the_numbers_of_a_period_are_the_pages(site: Path, record: edition.Record) -> None:
    data = edition_data(site)
    months = view.months_of("raisi")
    periods = data["periods"]
    assert isinstance(periods, dict)
    assert len(periods) == len(months) * (len(months) + 1) // 2
    for first, last in ((0, len(months) - 1), (13, 13), (5, 20)):
        shown = view.ViewState(months[first], months[last], presidency="raisi")
        numbers = counting.headline(
            view.apply_view(record.events, shown, record.geodata.attributes), record.events
        )
        assert periods[f"{first}-{last}"]["numbers"] == [
            numbers.journeys,
            numbers.countries_visited,
            numbers.visits_received,
            numbers.documents_signed,
            numbers.events,
        ]


def test_the_edition_is_small_and_names_no_other_host(site: Path) -> None:
    files = [path for path in site.rglob("*") if path.is_file()]
    assert sum(path.stat().st_size for path in files) < MEGABYTES * 1_000_000
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # Scripts and styles come from the edition itself; only sources are links out.
        assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', text), page


def test_every_partner_has_a_page_with_its_sources(site: Path, record: edition.Record) -> None:
    names = view.country_names(record.events, record.geodata.countries)
    for code in names.index:
        assert (site / "countries" / f"{code}.html").exists(), code
    iraq = (site / "countries" / "IRQ.html").read_text(encoding="utf-8")
    assert "Iraq" in iraq and 'href="https://' in iraq


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, record: edition.Record) -> Path:
    """The edition of the record with a payload in every text field, written once."""
    out = tmp_path_factory.mktemp("hostile")
    edition.export(out, hostile(record))
    return out


def test_payloads_are_only_ever_text(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*"):
        if path.suffix not in (".html", ".js") or path.parent.name == "assets":
            continue
        name = path.relative_to(hostile_site).as_posix()
        content = path.read_text(encoding="utf-8")
        if name.endswith(".html"):
            assert "<script>window.__pwned" not in content, name
            assert "<img src=x" not in content, name
            assert 'href="javascript:' not in content, name
        if name.startswith("data/"):
            assert "<" not in content and ">" not in content, name


# Chromium, against the edition served by a static server on 127.0.0.1 and from file://.
@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The edition served by Python's static file server on a free port of 127.0.0.1."""
    with served_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Debian Chromium for the module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser: Browser, requests: list[str]) -> Page:
    """Return a page in a fresh context that records every request and any dialog."""
    page = browser.new_context(viewport=LAPTOP).new_page()  # type: ignore[arg-type]
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: requests.append("dialog:" + dialog.message))
    return page


def map_counts(page: Page) -> dict[str, int]:
    """Pixel counts of the edition's map as drawn now."""
    return map_pixels(page.locator("#map").screenshot())


def wait_for_map(page: Page, condition: Callable[[dict[str, int]], bool], what: str) -> None:
    """Poll the map's pixels until ``condition`` holds; fail at the deadline, naming ``what``."""
    wait_for_pixels(
        page, page.locator("#map"), condition, DRAW_SECONDS, f"the map never showed {what}"
    )


def full_map(counts: dict[str, int]) -> bool:
    """The sea, the shaded countries and both kinds of arcs are drawn."""
    return (
        counts["ocean"] > counts["total"] * 0.2
        and counts["shaded"] > 2000
        and counts["arc"] > 300
        and counts["visit_arc"] > 300
    )


def test_the_map_draws_and_a_period_move_asks_nothing(browser: Browser, served: str) -> None:
    requests: list[str] = []
    page = open_page(browser, requests)
    page.goto(served + "/index.html")
    wait_for_map(page, full_map, "the sea, the shaded countries and the arcs")
    whole = map_counts(page)
    assert page.locator("#number-0").inner_text() == "22"
    loaded = len(requests)
    page.locator("#to").focus()
    for _ in range(24):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => document.getElementById('period').textContent.includes('2022')")
    assert page.locator("#period").inner_text() == "Aug 2021 – May 2022"
    wait_for_map(
        page,
        lambda counts: full_map(counts) is False or counts["arc"] < whole["arc"] * 0.8,
        "fewer arcs after the period was narrowed",
    )
    assert requests[loaded:] == [], "a period move asked for something"
    assert "to=2022-05" in page.url
    assert other_hosts(requests, served) == []
    page.context.close()


def test_play_adds_months_to_the_map_until_paused(browser: Browser, served: str) -> None:
    requests: list[str] = []
    page = open_page(browser, requests)
    page.goto(served + "/index.html#to=2022-05")
    wait_for_map(page, lambda counts: counts["shaded"] > 2000, "the countries")
    before = map_counts(page)
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_function(
        "() => document.getElementById('period').textContent === 'Aug 2021 – Jun 2022'"
    )
    wait_for_map(
        page,
        lambda counts: (
            counts["arc"] + counts["visit_arc"] > before["arc"] + before["visit_arc"] + 300
        ),
        "the arcs of the months played",
    )
    page.get_by_role("button", name="⏸ Pause").click()
    shown = page.locator("#period").inner_text()
    assert page.get_by_role("button", name="▶ Play").is_visible()
    page.wait_for_function(
        "shown => document.getElementById('period').textContent === shown", arg=shown
    )
    # The address names the view paused on: its last month, as YYYY-MM.
    last_shown = dt.datetime.strptime(shown.split(" – ")[-1], "%b %Y")
    assert page.url.endswith(f"to={last_shown:%Y-%m}")
    assert other_hosts(requests, served) == []
    page.context.close()


def test_a_click_on_a_country_opens_its_page(browser: Browser, served: str) -> None:
    requests: list[str] = []
    page = open_page(browser, requests)
    page.goto(served + "/index.html")
    wait_for_map(page, full_map, "the first map")
    box = page.locator("#map").bounding_box()
    assert box is not None
    # Kazakhstan (its country, or the arc of a visit from it): hovered, then clicked.
    x, y = map_pixel(box, 67.0, 48.5)
    page.mouse.move(x, y)
    page.wait_for_selector(".deck-tooltip", state="visible")
    assert "Kazakhstan" in page.locator(".deck-tooltip").inner_text()
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"countries/KAZ\.html$"))
    assert "Kazakhstan" in page.locator("h1").inner_text()
    assert other_hosts(requests, served) == []
    page.context.close()


def test_the_edition_works_from_a_file(browser: Browser, site: Path) -> None:
    requests: list[str] = []
    page = open_page(browser, requests)
    page.goto((site / "index.html").as_uri() + "#from=2022-01&to=2022-12&country=IRQ")
    wait_for_map(page, lambda counts: counts["shaded"] > 2000, "the countries from file://")
    assert page.locator("#period").inner_text() == "Jan 2022 – Dec 2022"
    # The country in the link: the table lists its events only, and says so.
    assert "Iraq" in page.locator("#country-note").inner_text()
    shown = page.locator("#events tbody tr:not([hidden])")
    assert shown.count() > 0
    assert set(shown.evaluate_all("rows => rows.map(row => row.dataset.country)")) == {"IRQ"}
    assert [url for url in requests if not url.startswith("file://")] == []
    page.context.close()


def test_a_hostile_record_executes_nothing(browser: Browser, hostile_site: Path) -> None:
    requests: list[str] = []
    page = open_page(browser, requests)
    page.goto((hostile_site / "index.html").as_uri())
    wait_for_map(page, lambda counts: counts["shaded"] > 2000, "the countries")
    cell = page.locator("#events tbody tr td").nth(7)
    assert cell.inner_text() == pd.Series(PAYLOADS).iloc[0]
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0
    assert [url for url in requests if url.startswith("dialog:")] == []
    page.goto((hostile_site / "countries" / "IRQ.html").as_uri())
    assert page.evaluate("() => window.__pwned") is None
    page.context.close()


def test_play_moves_a_window_of_months_at_the_speed_chosen(
    browser: Browser, served: str, site: Path
) -> None:
    requests: list[str] = []
    page = open_page(browser, requests)
    page.goto(served + "/index.html#to=2022-05")
    page.get_by_label("Play mode").select_option(label="Last 3 months")
    page.get_by_label("Play speed").select_option(label="Fast")
    page.get_by_role("button", name="▶ Play").click()
    # Each step shows the last three months, as the app's Play does in that mode.
    page.wait_for_function(
        "() => document.getElementById('period').textContent === 'Apr 2022 – Jun 2022'"
    )
    page.wait_for_function(
        "() => document.getElementById('period').textContent === 'May 2022 – Jul 2022'"
    )
    page.get_by_role("button", name="⏸ Pause").click()
    shown = page.locator("#period").inner_text()
    first, final = (dt.datetime.strptime(part, "%b %Y") for part in shown.split(" – "))
    assert (final.year - first.year) * 12 + final.month - first.month == 2
    assert page.url.endswith(f"from={first:%Y-%m}&to={final:%Y-%m}")
    # The numbers shown are the period's, as worked out when the edition was built.
    months = [f"{month:%Y-%m}" for month in view.months_of("raisi")]
    key = f"{months.index(f'{first:%Y-%m}')}-{months.index(f'{final:%Y-%m}')}"
    periods = edition_data(site)["periods"]
    assert isinstance(periods, dict)
    assert page.locator("#number-4").inner_text() == str(periods[key]["numbers"][4])
    assert other_hosts(requests, served) == []
    page.context.close()


def test_the_embed_code_shows_its_view_in_another_sites_page(
    browser: Browser, served: str, tmp_path: Path
) -> None:
    """A journalist copies the embed code of a view and pastes it into a story on their site."""
    requests: list[str] = []
    page = open_page(browser, requests)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served)
    page.goto(served + "/index.html#from=2022-01&to=2022-12&country=IRQ")
    page.locator("#share").scroll_into_view_if_needed()
    page.locator("button.copy[data-copy=embed-code]").click()
    page.wait_for_function(
        "() => document.getElementById('copied').textContent === 'Copied the embed code.'"
    )
    code = page.evaluate("() => navigator.clipboard.readText()")
    assert code == page.locator("#embed-code").input_value()
    assert (
        f'src="{served}/index.html#from=2022-01&amp;to=2022-12&amp;country=IRQ&amp;embed=1"' in code
    )
    page.context.close()
    newsroom_page(tmp_path, code)
    with served_folder(tmp_path) as newsroom:
        story = open_page(browser, requests)
        story.goto(newsroom + "/story.html")
        frame = story.frame_locator("iframe")
        frame.locator("#period").wait_for()
        assert frame.locator("#period").inner_text() == "Jan 2022 – Dec 2022"
        assert "Iraq" in frame.locator("#country-note").inner_text()
        # The embedded view is the map, its control and the numbers: no table, no menu.
        assert frame.locator("#events").is_hidden() and frame.locator("nav").is_hidden()
        # Its credit line links to the whole record at the same view, in a new tab.
        credit = frame.locator("#full-record")
        assert credit.is_visible() and credit.get_attribute("target") == "_blank"
        assert credit.get_attribute("href") == (
            f"{served}/index.html#from=2022-01&to=2022-12&country=IRQ"
        )
        wait_for_pixels(
            story,
            story.locator("iframe"),
            shaded_with_arcs,
            DRAW_SECONDS,
            "the embedded map was never drawn",
        )
        hosts = {urlsplit(url).netloc for url in requests if not url.startswith(("data:", "blob:"))}
        assert hosts == {urlsplit(served).netloc, urlsplit(newsroom).netloc}
        story.context.close()


def test_a_click_in_an_embedded_view_opens_the_country_in_a_new_tab(
    browser: Browser, served: str
) -> None:
    """In a news page's frame, a click must not replace the map with a country's page."""
    requests: list[str] = []
    page = open_page(browser, requests)
    page.goto(served + "/index.html#embed=1")
    wait_for_map(page, full_map, "the embedded map")
    box = page.locator("#map").bounding_box()
    assert box is not None
    x, y = map_pixel(box, 67.0, 48.5)
    page.mouse.move(x, y)
    page.wait_for_selector(".deck-tooltip", state="visible")
    with page.context.expect_page() as opened:
        page.mouse.click(x, y)
    opened.value.wait_for_load_state()
    assert opened.value.url.endswith("countries/KAZ.html")
    assert page.url.endswith("#embed=1")
    assert other_hosts(requests, served) == []
    page.context.close()
