"""Debian's Chromium draws the map, and the keyboard on the slider redraws it."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from dashboard import data, filters, paths, view
from tests.browser import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    map_pixel,
    map_pixels,
    newsroom_page,
    other_hosts,
    served_app,
    served_folder,
    shaded_with_arcs,
    wait_for_pixels,
)

# No reruns: every wait below is on a named condition, so a failure is a finding, not noise.
pytestmark = [pytest.mark.browser]
# Software WebGL needs seconds per redraw; these bound the waits, they are not sleeps.
FIRST_DRAW_SECONDS = 150
REDRAW_SECONDS = 120


LAPTOP = {"width": 1366, "height": 768}
# Streamlit scrolls its main section, not the window.
SCROLL_TO_TOP = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def app_url(edition_site: Path) -> Iterator[str]:
    """The dashboard served once on 127.0.0.1 for every browser test of the module.

    The static edition is built and served beside it (at ``/edition/``), as in production.
    """
    with served_app(paths.ROOT, env={"RAISI_EDITION_DIR": str(edition_site)}) as url:
        yield url


@pytest.fixture(scope="module")
def browser(app_url: str) -> Iterator[Browser]:
    """One Debian Chromium for every browser test of the module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def requests_made() -> list[str]:
    """Every URL any page of the module asked for."""
    return []


def open_page(browser: Browser, requests_made: list[str], viewport: dict[str, int]) -> Page:
    """Return a new page (its own context: no shared storage) that records its requests."""
    opened = browser.new_context(viewport=viewport).new_page()  # type: ignore[arg-type]
    opened.on("request", lambda request: requests_made.append(request.url))
    return opened


@pytest.fixture(scope="module")
def page(browser: Browser, requests_made: list[str], app_url: str) -> Iterator[Page]:
    """A Chromium page on the served app, on a 1366×768 laptop screen."""
    opened = open_page(browser, requests_made, LAPTOP)
    opened.goto(app_url)
    yield opened
    opened.context.close()


@pytest.fixture(autouse=True)
def nothing_leaves_the_host(requests_made: list[str], app_url: str) -> Iterator[None]:
    """Fail a test whose pages asked any host but the app's own for anything."""
    yield
    assert other_hosts(requests_made, app_url) == [], "a request left the app's host"


def map_counts(page: Page) -> dict[str, int]:
    """Pixel counts of the map element as drawn now."""
    return map_pixels(page.locator('[data-testid="stDeckGlJsonChart"]').screenshot())


def wait_for_map(
    page: Page, condition: Callable[[dict[str, int]], bool], seconds: float
) -> dict[str, int]:
    """Poll the drawn map until ``condition`` holds for its pixel counts; fail at the deadline."""
    return wait_for_pixels(
        page,
        page.locator('[data-testid="stDeckGlJsonChart"]'),
        condition,
        seconds,
        "the map never reached the expected drawing",
        poll_ms=500,
    )


def headline(page: Page, label: str) -> str:
    """The value of the headline metric with that label."""
    metric = page.locator('[data-testid="stMetric"]', has_text=label)
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def test_map_draws_countries_and_arcs_then_the_keyboard_narrows_it(page: Page) -> None:
    """Polygons, trip and visit arcs are drawn; ArrowLeft on the slider's end redraws fewer."""
    page.wait_for_selector(
        '[data-testid="stDeckGlJsonChart"] canvas', timeout=FIRST_DRAW_SECONDS * 1000
    )
    full = wait_for_map(
        page,
        lambda c: (
            c["ocean"] > c["total"] * 0.2
            and c["shaded"] > 2000
            and c["arc"] > 300
            and c["visit_arc"] > 300
        ),
        FIRST_DRAW_SECONDS,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "browser-full-period.png", full_page=True)
    trips_before = headline(page, "Journeys abroad")

    end_thumb = page.get_by_role("slider").nth(1)
    end_thumb.focus()
    for _ in range(24):  # May 2024 back to May 2022
        page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        """([before]) => {
            const metric = [...document.querySelectorAll('[data-testid="stMetric"]')]
                .find(m => m.innerText.includes("Journeys abroad"));
            return metric && !metric.innerText.includes(before);
        }""",
        arg=[trips_before],
        timeout=REDRAW_SECONDS * 1000,
    )
    assert int(headline(page, "Journeys abroad")) < int(trips_before)
    # A whole map with fewer arcs: a frame caught while the canvas redraws (few arcs and no
    # sea either) is not the narrowed map.
    narrowed = wait_for_map(
        page,
        lambda c: (
            c["arc"] + c["visit_arc"] < (full["arc"] + full["visit_arc"]) * 0.75
            and c["ocean"] > c["total"] * 0.2
            and c["shaded"] > 2000
        ),
        REDRAW_SECONDS,
    )
    assert narrowed["ocean"] > narrowed["total"] * 0.2, "the base map is still drawn"
    page.screenshot(path=ARTIFACTS / "browser-narrowed-period.png", full_page=True)


def test_shared_link_restores_the_view_and_the_download_is_the_rows_shown(page: Page) -> None:
    """A link with a period and a filter opens that view; the CSV holds exactly its rows."""
    geodata = data.load_geodata()
    record = data.load_located_record(paths.EVENTS, geodata)
    shared = view.ViewState(dt.date(2023, 1, 1), dt.date(2023, 12, 1), kinds=("trip", "visit"))
    expected = view.apply_view(record.events, shared, geodata.attributes)
    query = "&".join(f"{key}={value}" for key, value in view.to_query(shared).items())
    base = page.url.split("?")[0]
    page.goto(f"{base}?{query}&tab=Table")
    page.wait_for_function(
        """([events]) => [...document.querySelectorAll('[data-testid="stMetric"]')]
            .some(m => m.innerText.includes('Events') && m.innerText.includes(events))""",
        arg=[str(len(expected))],
        timeout=FIRST_DRAW_SECONDS * 1000,
    )
    assert headline(page, "Events") == str(len(expected))
    assert "kinds=trip%2Cvisit" in page.url or "kinds=trip,visit" in page.url
    assert "tab=Table" in page.url
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name=f"Download these {len(expected)} rows (CSV)").click()
    rows = pd.read_csv(download_info.value.path())
    assert sorted(rows["Event id"]) == sorted(expected["event_id"])
    assert list(rows.columns[:4]) == ["From", "To", "Date precision", "Kind"], (
        "the table's own headers"
    )
    assert int(rows["Documents counted"].sum()) == int(headline(page, "Documents signed")), (
        "a spreadsheet's sum of the download is the headline number"
    )


def test_the_analysis_tab_states_its_counts(page: Page) -> None:
    """The Analysis tab draws its four charts with n stated, and the rules one click away."""
    page.goto(page.url.split("?")[0] + "?tab=Analysis")
    page.get_by_text("were with Global South (G77) members", exact=False).first.wait_for(
        timeout=FIRST_DRAW_SECONDS * 1000
    )
    page.wait_for_function(
        '() => document.querySelectorAll(\'[data-testid="stVegaLiteChart"] canvas, '
        '[data-testid="stVegaLiteChart"] svg\').length >= 4',
        timeout=REDRAW_SECONDS * 1000,
    )
    page.get_by_text("How every number here is counted").click()
    page.get_by_text("Global South share: bilateral engagements").wait_for(timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "browser-analysis.png", full_page=True)


def test_play_moves_the_map_with_no_further_input(page: Page) -> None:
    """After one click on Play the period and the drawing change; Pause writes the address."""
    page.goto(page.url.split("?")[0])
    page.wait_for_selector(
        '[data-testid="stDeckGlJsonChart"] canvas', timeout=FIRST_DRAW_SECONDS * 1000
    )
    full = wait_for_map(page, lambda c: c["arc"] > 300 and c["visit_arc"] > 300, FIRST_DRAW_SECONDS)
    page.get_by_role("button", name="▶ Play").click()
    # Steps come every 1.5 s while a software redraw takes seconds: wait for any step, not one.
    overlay = "document.querySelector('.period-overlay span').innerText"
    page.wait_for_function(
        f"() => {overlay} !== 'Aug 2021 – May 2024'", timeout=REDRAW_SECONDS * 1000
    )
    first_step = page.evaluate(f"() => {overlay}")
    total = full["arc"] + full["visit_arc"]
    early = wait_for_map(page, lambda c: c["arc"] + c["visit_arc"] < total * 0.8, REDRAW_SECONDS)
    # No input from here on: later steps come by themselves and draw more arcs.
    page.wait_for_function(
        f"([first]) => {overlay} !== first", arg=[first_step], timeout=REDRAW_SECONDS * 1000
    )
    wait_for_map(
        page,
        lambda c: c["arc"] + c["visit_arc"] > early["arc"] + early["visit_arc"],
        REDRAW_SECONDS,
    )
    pause = page.get_by_role("button", name="⏸ Pause")
    if pause.count():  # the play may already have reached May 2024 on a slow machine
        pause.click()
        # The address takes the paused period; if the play reached May 2024 as the click came,
        # that is the whole presidency, which the address leaves out.
        page.wait_for_function(
            f"() => location.search.includes('to=') || {overlay} === 'Aug 2021 – May 2024'",
            timeout=60_000,
        )


@pytest.mark.parametrize("screen", ["laptop", "phone"])
def test_the_map_is_on_the_first_screen(
    browser: Browser, requests_made: list[str], app_url: str, screen: str
) -> None:
    """The map's top edge is on the first screen at 1366×768 and at 390×844, no sideways scroll.

    On the laptop the period and the headline numbers are on that screen too.
    """
    viewport = LAPTOP if screen == "laptop" else PHONE
    opened = open_page(browser, requests_made, viewport)
    try:
        opened.goto(app_url)
        opened.wait_for_selector(
            '[data-testid="stDeckGlJsonChart"] canvas', timeout=FIRST_DRAW_SECONDS * 1000
        )
        opened.get_by_text("Documents signed").first.wait_for(timeout=FIRST_DRAW_SECONDS * 1000)
        # Measured before anything scrolls (an element's screenshot scrolls it into view).
        box = opened.locator('[data-testid="stDeckGlJsonChart"]').bounding_box()
        assert box is not None
        assert box["y"] + 150 < viewport["height"], f"the map starts {box['y']} px down"
        assert box["width"] <= viewport["width"]
        width = opened.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the page is {width} px wide"
        if screen == "laptop":
            for label in ("Journeys abroad", "Documents signed"):
                metric = opened.locator('[data-testid="stMetric"]', has_text=label).bounding_box()
                assert metric is not None and 0 <= metric["y"] < box["y"]
            slider = opened.get_by_role("slider").first.bounding_box()
            assert slider is not None and 0 <= slider["y"] < viewport["height"]
        counts = wait_for_map(
            opened,
            lambda c: c["shaded"] > 200 and c["arc"] + c["visit_arc"] > 100,
            FIRST_DRAW_SECONDS,
        )
        assert counts["ocean"] > counts["total"] * 0.2
        opened.evaluate(SCROLL_TO_TOP)
        ARTIFACTS.mkdir(exist_ok=True)
        opened.screenshot(path=ARTIFACTS / f"first-screen-{screen}.png")
    finally:
        opened.context.close()


def test_a_click_on_a_country_opens_its_story(page: Page, app_url: str) -> None:
    """A hover over Russia in Chromium gives its counts; a click opens its story, framed."""
    page.goto(app_url)
    page.wait_for_selector(
        '[data-testid="stDeckGlJsonChart"] canvas', timeout=FIRST_DRAW_SECONDS * 1000
    )
    wait_for_map(page, lambda c: c["arc"] > 300 and c["visit_arc"] > 300, FIRST_DRAW_SECONDS)
    box = page.locator('[data-testid="stDeckGlJsonChart"]').bounding_box()
    assert box is not None
    # Siberia: Russia's own polygon, far from any arc or place.
    x, y = map_pixel(box, 100.0, 62.0)
    page.mouse.move(x, y)
    tooltip = page.locator(".deck-tooltip", has_text="Russia")
    tooltip.wait_for(timeout=REDRAW_SECONDS * 1000)
    # Its counts in the period follow the name (the template's CSS, layers.tooltip_of).
    counts = page.evaluate(
        "() => getComputedStyle(document.querySelector('.deck-tooltip span'), '::after').content"
    )
    assert counts.startswith('", Aug 2021 – May 2024\\a ') and "bilateral engagements: " in counts
    clipping = page.evaluate(
        """() => {
            const clipped = [];
            let node = document.querySelector('.deck-tooltip').parentElement;
            while (node && node.getAttribute('data-testid') !== 'stMain') {
                if (getComputedStyle(node).overflow !== 'visible') clipped.push(node.tagName);
                node = node.parentElement;
            }
            return clipped;
        }"""
    )
    assert clipping == [], "nothing between the tooltip and the page clips it"
    page.mouse.click(x, y)
    page.get_by_role("heading", name="Russia: every engagement").wait_for(
        timeout=REDRAW_SECONDS * 1000
    )
    assert "country=RUS" in page.url
    page.get_by_role("button", name="Whole world").wait_for(timeout=REDRAW_SECONDS * 1000)
    page.evaluate(SCROLL_TO_TOP)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "click-russia.png")


def test_every_tab_loads_only_from_the_app_host(page: Page, app_url: str) -> None:
    """Every tab opens; the autouse check fails any request to another host."""
    for tab, ready in (
        ("Map", '[data-testid="stDeckGlJsonChart"] canvas'),
        ("Table", '[data-testid="stDataFrame"]'),
        ("Claims", "text=Show on map"),
        ("Analysis", '[data-testid="stVegaLiteChart"]'),
        ("Compare", "text=Raisi's journeys abroad beside Rouhani's"),
        ("About", "text=Sources and licences"),
    ):
        page.goto(f"{app_url}?tab={tab}")
        page.wait_for_selector(ready, timeout=FIRST_DRAW_SECONDS * 1000)


def test_choosing_rouhani_draws_his_journeys_and_compare_sets_both_side_by_side(
    page: Page, app_url: str
) -> None:
    """A click on Rouhani in the sidebar: his numbers, his arcs, the link; then Compare."""
    page.goto(app_url)
    wait_for_map(page, lambda c: c["visit_arc"] > 300, FIRST_DRAW_SECONDS)
    page.get_by_text("Rouhani (2013–2021)").click()
    page.wait_for_function("location.search.includes('president=rouhani')", timeout=30_000)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stMetric"]')]
            .some(m => m.innerText.includes("Journeys abroad") && m.innerText.includes("42"))""",
        timeout=REDRAW_SECONDS * 1000,
    )
    assert headline(page, "Documents signed") == "not recorded"
    # The map is his (its description names his 42 journeys), drawn with both kinds of arcs.
    page.wait_for_selector(
        '[data-testid="stDeckGlJsonChart"][aria-label*="42 journeys"]',
        timeout=REDRAW_SECONDS * 1000,
    )
    drawn = wait_for_map(page, lambda c: c["arc"] > 300 and c["visit_arc"] > 300, REDRAW_SECONDS)
    assert drawn["ocean"] > drawn["total"] * 0.2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "browser-rouhani.png", full_page=True)
    page.get_by_role("tab", name="Compare").click()
    page.wait_for_selector("text=What it cannot show", timeout=REDRAW_SECONDS * 1000)
    page.wait_for_selector('[data-testid="stVegaLiteChart"]', timeout=REDRAW_SECONDS * 1000)
    page.screenshot(path=ARTIFACTS / "browser-compare.png", full_page=True)
    assert "tab=Compare" in page.url and "president=rouhani" in page.url


def test_the_country_story_opens_from_a_country_search(page: Page) -> None:
    """A link choosing Cuba shows Cuba's story under the map, with its engagements."""
    page.goto(page.url.split("?")[0] + "?country=CUB")
    story = page.get_by_text("Cuba: every engagement, Aug 2021 – May 2024")
    story.wait_for(timeout=FIRST_DRAW_SECONDS * 1000)
    page.get_by_text("Documents signed and trade targets with Cuba").wait_for(
        timeout=FIRST_DRAW_SECONDS * 1000
    )
    assert headline(page, "Journeys abroad") == "1"


def test_zoom_survives_a_change_of_period(page: Page) -> None:
    """Zoom in twice, move the period: the map stays zoomed (the sea's share says how far)."""
    page.goto(page.url.split("?")[0])
    page.wait_for_selector(
        '[data-testid="stDeckGlJsonChart"] canvas', timeout=FIRST_DRAW_SECONDS * 1000
    )
    world = wait_for_map(
        page, lambda c: c["arc"] > 300 and c["visit_arc"] > 300, FIRST_DRAW_SECONDS
    )
    box = page.locator('[data-testid="stDeckGlJsonChart"]').bounding_box()
    assert box is not None
    page.mouse.move(*map_pixel(box, 51.4, 35.7))
    page.mouse.wheel(0, -600)

    def sea(counts: dict[str, int]) -> float:
        return counts["ocean"] / counts["total"]

    zoomed = wait_for_map(page, lambda c: abs(sea(c) - sea(world)) > 0.1, REDRAW_SECONDS)
    end_thumb = page.get_by_role("slider").nth(1)
    end_thumb.focus()
    for _ in range(12):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => location.search.includes('to=2023-05')", timeout=REDRAW_SECONDS * 1000
    )
    after = wait_for_map(
        page,
        lambda c: c["arc"] + c["visit_arc"] != zoomed["arc"] + zoomed["visit_arc"],
        REDRAW_SECONDS,
    )
    assert abs(sea(after) - sea(zoomed)) < abs(sea(after) - sea(world)), (world, zoomed, after)


def metric_value(page: Page, label: str) -> str:
    """The headline number with that label, as shown."""
    return headline(page, label)


def test_back_restores_the_previous_view_and_its_address(page: Page, app_url: str) -> None:
    """Two slider moves, then Back: the address and the numbers are those of the first move."""
    page.goto(app_url)
    page.get_by_text("Journeys abroad").first.wait_for(timeout=FIRST_DRAW_SECONDS * 1000)
    end_thumb = page.get_by_role("slider").nth(1)
    end_thumb.focus()
    for _ in range(12):  # May 2024 back to May 2023
        page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('to=2023-05')", timeout=60_000)
    page.get_by_text("Aug 2021 – May 2023").first.wait_for(timeout=60_000)
    first_move = metric_value(page, "Events")
    end_thumb.focus()
    for _ in range(12):  # then to May 2022
        page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('to=2022-05')", timeout=60_000)
    page.get_by_text("Aug 2021 – May 2022").first.wait_for(timeout=60_000)
    assert metric_value(page, "Events") != first_move
    # Back, until the first move's view: a rerun may land after the first of the second
    # batch's presses (its view, May 2023 less a month, was shown and is a step of history).
    for _ in range(3):
        page.go_back()
        page.wait_for_function("() => !location.search.includes('to=2022-05')", timeout=60_000)
        if "to=2023-05" in page.url:
            break
        assert "to=2023-04" in page.url, f"Back went past the first move: {page.url}"
    page.wait_for_function("() => location.search.includes('to=2023-05')", timeout=60_000)
    page.get_by_text("Aug 2021 – May 2023").first.wait_for(timeout=60_000)
    page.wait_for_function(
        """([events]) => [...document.querySelectorAll('[data-testid="stMetric"]')]
            .some(m => m.innerText.includes('Events') && m.innerText.includes(events))""",
        arg=[first_move],
        timeout=60_000,
    )
    assert "to=2023-05" in page.url, "the address stays where Back put it"


def test_the_share_link_opens_the_same_view_in_a_fresh_context(
    page: Page, browser: Browser, requests_made: list[str], app_url: str
) -> None:
    """Share shows the view's absolute link; a new context (no state) opens the same view."""
    page.goto(f"{app_url}?from=2022-01&to=2023-06&kinds=trip,visit")
    page.get_by_text("Jan 2022 – Jun 2023").first.wait_for(timeout=FIRST_DRAW_SECONDS * 1000)
    events = metric_value(page, "Events")
    page.get_by_role("button", name="Share").click()
    link = page.locator('[data-testid="stCode"] code').first.inner_text().strip()
    assert link.startswith(app_url + "/?") and "from=2022-01" in link and "to=2023-06" in link
    fresh = open_page(browser, requests_made, LAPTOP)
    try:
        fresh.goto(link)
        fresh.get_by_text("Jan 2022 – Jun 2023").first.wait_for(timeout=FIRST_DRAW_SECONDS * 1000)
        assert metric_value(fresh, "Events") == events
        assert "kinds=trip%2Cvisit" in fresh.url or "kinds=trip,visit" in fresh.url
    finally:
        fresh.context.close()


def test_the_share_panels_embed_code_shows_the_view_on_another_site(
    page: Page, browser: Browser, app_url: str, tmp_path: Path
) -> None:
    """Share gives the static edition's embed code of the view.

    Pasted into a story on another site, it shows that period and country, and asks the
    app's host only.
    """
    page.goto(f"{app_url}?from=2022-01&to=2022-12&country=IRQ")
    page.get_by_text("Jan 2022 – Dec 2022").first.wait_for(timeout=FIRST_DRAW_SECONDS * 1000)
    page.get_by_role("button", name="Share").click()
    code = page.locator('[data-testid="stCode"] code', has_text="<iframe").inner_text().strip()
    source = f"{app_url}/edition/index.html#from=2022-01&amp;to=2022-12&amp;country=IRQ&amp;embed=1"
    assert f'src="{source}"' in code
    assert page.get_by_text("the static edition: the period, the country").is_visible()
    page.keyboard.press("Escape")
    newsroom_page(tmp_path, code)
    requests: list[str] = []
    with served_folder(tmp_path) as newsroom:
        story = browser.new_context(viewport=LAPTOP).new_page()  # type: ignore[arg-type]
        story.on("request", lambda request: requests.append(request.url))
        try:
            story.goto(newsroom + "/story.html")
            frame = story.frame_locator("iframe")
            frame.locator("#period").wait_for(timeout=FIRST_DRAW_SECONDS * 1000)
            assert frame.locator("#period").inner_text() == "Jan 2022 – Dec 2022"
            assert "Iraq" in frame.locator("#country-note").inner_text()
            wait_for_pixels(
                story,
                story.locator("iframe"),
                shaded_with_arcs,
                FIRST_DRAW_SECONDS,
                "the embedded map was never drawn",
                poll_ms=500,
            )
        finally:
            story.context.close()
    assert other_hosts(requests, app_url) == [
        url for url in requests if url.startswith(newsroom)
    ], "the embedded view asked a host other than the app's"


def test_a_country_is_found_by_a_common_name(page: Page, app_url: str) -> None:
    """Typing "Turkey" in the country box and Enter opens Türkiye's story."""
    page.goto(app_url)
    box = page.get_by_role("combobox", name="Country (type any name")
    box.wait_for(timeout=FIRST_DRAW_SECONDS * 1000)
    box.click()
    page.keyboard.type("Turkey")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('country=TUR')", timeout=60_000)
    page.get_by_role("heading", name="every engagement").wait_for(timeout=60_000)


def test_play_shows_every_month(page: Page, app_url: str) -> None:
    """Fast Play from the start shows each of the 34 months in turn, none skipped."""
    page.goto(app_url + "?to=2024-05")
    page.get_by_text("Aug 2021 – May 2024").first.wait_for(timeout=FIRST_DRAW_SECONDS * 1000)
    page.get_by_text("Fast", exact=True).click()
    before = page.evaluate("() => document.querySelector('.period-overlay span').innerText")
    page.get_by_role("button", name="▶ Play").click()
    seen: list[str] = [before]
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        label = page.evaluate(
            "() => document.querySelector('.period-overlay span')?.innerText || ''"
        )
        if label and (not seen or seen[-1] != label):
            seen.append(label)
        if label == "Aug 2021 – May 2024" and len(seen) > 1:
            break
        page.wait_for_timeout(50)
    months = [filters.month_label(month) for month in filters.month_starts()]
    shown = [label.split(" – ")[-1] for label in seen[1:]]
    assert shown == months, f"months shown in turn: {shown}"


PROJECT_FILES = (
    "dashboard",
    "geodata",
    ".streamlit",
    "events.csv",
    "claims.csv",
    "disagreements.csv",
)


def project_copy(folder: Path) -> Path:
    """Copy the project's code, record and geodata into ``folder`` (a test may save there)."""
    for name in (*PROJECT_FILES, "datapackage.json"):
        source = paths.ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / name)
    return folder


def test_the_curation_mode_adds_a_row_seen_on_its_preview_map(
    browser: Browser, tmp_path: Path
) -> None:
    """In Chromium: fill a visit in, see it on the preview map, save it into the copy."""
    root = project_copy(tmp_path)
    # Its own server: the curation mode's requests are checked against its own host.
    curation_requests: list[str] = []
    with served_app(root, script="dashboard/curate.py") as url:
        curator = open_page(browser, curation_requests, {"width": 1366, "height": 900})
        try:
            curator.goto(url)
            kind = curator.get_by_role("combobox", name="Kind of row")
            kind.wait_for(timeout=FIRST_DRAW_SECONDS * 1000)
            kind.click()
            curator.get_by_role("option", name="visit", exact=True).click()
            curator.get_by_role("heading", name="Visit row").wait_for(timeout=60_000)
            # The trip form stays, faded, until the page's rerun ends: fill the visit form once
            # the trip's fields are gone (one date field of each name left).
            curator.wait_for_function(
                "() => document.querySelectorAll('[aria-label=\"Start date *\"]').length === 1",
                timeout=60_000,
            )
            # One field at a time, each waited for until the page no longer lists it as still
            # to fill in (the server has it): an input made during a rerun is not raced.
            still_to_fill = (
                "([title]) => ![...document.querySelectorAll('[data-testid=\"stAlert\"] strong')]"
                ".some(element => element.innerText === title)"
            )
            for label, typed in (("Start date *", "2023/12/20"), ("End date *", "2023/12/21")):
                field = curator.get_by_label(label, exact=True)
                field.click()
                curator.keyboard.type(typed)
                curator.keyboard.press("Enter")
                curator.keyboard.press("Escape")
                curator.wait_for_function(still_to_fill, arg=[label[:-2]], timeout=60_000)
            typed_into = {"Country *": "Venezuela", "City *": "Tehran", "Level *": "head of state"}
            for label, typed in typed_into.items():
                box = curator.get_by_role("combobox", name=label, exact=True)
                box.click()
                curator.keyboard.type(typed)
                curator.keyboard.press("Enter")
                curator.wait_for_function(still_to_fill, arg=[label[:-2]], timeout=60_000)
            for label, typed in (
                ("Title *", "Browser test visit of the President of Venezuela"),
                ("Source *", "https://example.org/browser-test"),
                ("Source title *", "Browser test"),
            ):
                box = curator.get_by_label(label, exact=True)
                box.fill(typed)
                box.press("Enter")
                curator.wait_for_function(still_to_fill, arg=[label[:-2]], timeout=60_000)
            curator.get_by_text("As the public page would show it").wait_for(timeout=60_000)
            preview = curator.locator('[data-testid="stDeckGlJsonChart"]')
            preview.scroll_into_view_if_needed()
            deadline = time.monotonic() + FIRST_DRAW_SECONDS
            counts: dict[str, int] = {}
            while time.monotonic() < deadline:
                counts = map_pixels(preview.screenshot())
                if counts["visit_arc"] > 50:
                    break
                curator.wait_for_timeout(500)
            assert counts["visit_arc"] > 50, f"the visit's arc is drawn on the preview: {counts}"
            ARTIFACTS.mkdir(exist_ok=True)
            curator.screenshot(path=ARTIFACTS / "curation-preview.png", full_page=True)
            curator.get_by_role("button", name="Save to events.csv").click()
            curator.get_by_text("Saved: 1 row(s) changed.").wait_for(timeout=60_000)
        finally:
            curator.context.close()
    assert other_hosts(curation_requests, url) == [], "a request left the curation mode's host"
    saved = (root / "events.csv").read_text(encoding="utf-8")
    assert "2023-12-20-ven-browser-test-visit,visit," in saved
    assert (root / "events.csv").read_bytes() != paths.EVENTS.read_bytes()
