"""The page as Streamlit runs it: no exception, the slider narrows the map, bad rows shown."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow
import pytest
from starlette.requests import Request
from streamlit.testing.v1 import AppTest

from dashboard import analysis, comparison, paths, serve
from tests.conftest import GOOD_ROWS, changed

APP = str(paths.ROOT / "dashboard" / "app.py")


def deck_spec(app: AppTest) -> dict[str, Any]:
    """The deck.gl JSON the page sends to the browser."""
    return json.loads(app.get("deck_gl_json_chart")[0].proto.json)  # type: ignore[no-any-return]


def layer_data(app: AppTest, layer_id: str) -> list[dict[str, Any]]:
    """The rows one layer of the page's deck shows: served for its URL, kept by its days.

    The rows come from the route the served page loads them from (``dashboard/serve.py``),
    and the day range is applied as deck.gl's DataFilterExtension applies it.
    """
    spec = next(layer for layer in deck_spec(app)["layers"] if layer["id"] == layer_id)
    url = urlsplit(spec["data"])
    request = Request(
        {
            "type": "http",
            "method": "GET",
            "path": url.path,
            "query_string": url.query.encode(),
            "headers": [],
            "path_params": {"layer": layer_id},
        }
    )
    rows: list[dict[str, Any]] = json.loads(bytes(serve.map_rows(request).body))
    (low, high), (low_end, high_end) = spec["filterRange"]
    return [
        row
        for row in rows
        if low <= row["days"][0] <= high and low_end <= row["days"][1] <= high_end
    ]


def claim_buttons(app: AppTest) -> list[str]:
    """The claims listed, by the key of their Show on map buttons."""
    return [
        str(button.key) for button in app.button if (button.key or "").startswith("show_claim_")
    ]


def events_table(app: AppTest) -> Any:
    """The table of the events shown (the one with an event id column)."""
    return next(frame.value for frame in app.dataframe if "event_id" in frame.value.columns)


def problems(app: AppTest) -> Any:
    """The table of validation problems."""
    return next(frame.value for frame in app.dataframe if "expected" in frame.value.columns)


def metrics(app: AppTest) -> dict[str, str]:
    """The headline numbers by label."""
    return {metric.label: metric.value for metric in app.metric}


def open_page(tab: str = "Map", **query: str) -> AppTest:
    """Run the app over the real record with a tab open (only the open tab is computed)."""
    page = AppTest.from_file(APP, default_timeout=60)
    page.query_params["tab"] = tab
    for key, value in query.items():
        page.query_params[key] = value
    return page.run()


@pytest.fixture(autouse=True)
def no_edition_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page as served before `make edition`, whatever this checkout's site/ holds."""
    monkeypatch.setattr(paths, "EDITION_SITE", tmp_path / "no-edition")


@pytest.fixture
def app() -> AppTest:
    """The app over the real record, on the Map tab."""
    return open_page("Map")


@pytest.fixture
def table_app() -> AppTest:
    """The app over the real record, on the Table tab."""
    return open_page("Table")


def test_page_runs_and_shows_every_trip(app: AppTest, table_app: AppTest) -> None:
    """No exception; an arc per trip stop and per visit; the table lists every event."""
    assert not app.exception and not table_app.exception
    assert len(layer_data(app, "trips")) == 28, "30 stops less the 2 border ceremonies"
    assert len(layer_data(app, "visits")) == 108, "condolence visits are hidden by default"
    assert layer_data(app, "condolences") == []
    assert metrics(table_app)["Events"] == str(len(events_table(table_app)))
    assert not app.warning


def test_only_the_open_tab_is_computed(app: AppTest) -> None:
    """On the Map tab no table, chart or download is built (a slider move stays light)."""
    assert app.get("deck_gl_json_chart")
    assert not app.dataframe and not app.get("vega_lite_chart")


def test_narrowing_the_period_reduces_the_arcs(app: AppTest, table_app: AppTest) -> None:
    """2023 alone shows fewer arcs, fewer trips, and a table of just those events."""
    all_arcs = len(layer_data(app, "trips"))
    app.select_slider(key="period").set_value((dt.date(2023, 1, 1), dt.date(2023, 12, 1))).run()
    arcs = layer_data(app, "trips")
    assert 0 < len(arcs) < all_arcs
    assert all("2023" in arc["tooltip"].splitlines()[1] for arc in arcs)
    assert int(metrics(app)["Journeys abroad"]) < 22
    period = table_app.select_slider(key="period")
    period.set_value((dt.date(2023, 1, 1), dt.date(2023, 12, 1))).run()
    table = events_table(table_app)
    assert str(len(table)) == metrics(table_app)["Events"]
    assert all(date.year == 2023 for date in table["end_date"])


def test_bad_rows_are_left_out_and_listed(
    write_events: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken row is named in a warning and a table; the good rows are still mapped."""
    path = write_events(changed(2, start_date="2023-02-30"))
    before = path.read_bytes()
    monkeypatch.setattr(paths, "EVENTS", path)
    app = open_page("Table")
    assert not app.exception
    assert "1 row(s) of events.csv have problems and are left out" in app.warning[0].value
    assert len(events_table(app)) == len(GOOD_ROWS) - 1
    assert len(layer_data(open_page("Map"), "trips")) == len(GOOD_ROWS) - 1
    listed = problems(app)
    listed = listed[listed["file"] == "events.csv"]
    assert listed[["row", "column", "value"]].values.tolist() == [[4, "start_date", "2023-02-30"]]
    assert path.read_bytes() == before, "the page never writes to events.csv"


def test_markup_from_the_record_is_never_rendered_as_html(
    write_events: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tags in a title stay text: only in the escaped tooltip field and the data table."""
    evil = "<img src=x onerror=alert(1)>"
    monkeypatch.setattr(paths, "EVENTS", write_events(changed(0, title=evil, city="<b>X</b>")))
    for tab in ("Map", "Table", "Claims", "Analysis", "Compare", "About"):
        app = open_page(tab, country="TJK")
        assert not app.exception
        for element in (*app.markdown, *app.caption, *app.warning, *app.title, *app.subheader):
            assert evil not in element.value and "<b>X</b>" not in element.value
    app = open_page("Map")
    tooltip = json.loads(app.get("deck_gl_json_chart")[0].proto.tooltip)
    assert tooltip["html"].startswith('{tooltip}<span data-n="{n}"></span><style>')
    assert evil not in tooltip["html"] and "<b>" not in tooltip["html"]


def test_a_shared_link_restores_the_view() -> None:
    """Opening ?from=2023-01&kinds=visit shows 2023 on, visits only, and keeps the link."""
    app = open_page("Map", **{"from": "2023-01", "kinds": "visit"})
    assert not app.exception
    assert app.select_slider(key="period").value == (dt.date(2023, 1, 1), dt.date(2024, 5, 1))
    assert app.multiselect(key="kinds").value == ["visit"]
    assert layer_data(app, "trips") == []
    table = events_table(open_page("Table", **{"from": "2023-01", "kinds": "visit"}))
    assert set(table["kind"]) == {"visit"} and table["end_date"].min() >= dt.date(2023, 1, 1)
    assert app.query_params["kinds"] == "visit"


def test_filters_narrow_the_page_write_the_url_and_clear_in_one_click(table_app: AppTest) -> None:
    """Choosing Africa and agreements narrows table and URL; one button clears both."""
    app = table_app
    app.multiselect(key="regions").set_value(["Africa"]).run()
    app.multiselect(key="kinds").set_value(["agreement"]).run()
    table = events_table(app)
    assert len(table) > 0 and set(table["kind"]) == {"agreement"}
    assert set(table["country_name"]) <= {"Kenya", "Uganda", "Zimbabwe", "Algeria", "Niger"}
    assert app.query_params["regions"] == "Africa"
    assert any("Filtered by" in caption.value for caption in app.caption)
    app.button(key="clear_filters").click().run()
    assert app.multiselect(key="kinds").value == []
    assert "regions" not in app.query_params
    assert len(events_table(app)) == int(metrics(app)["Events"]) > len(table)


def test_country_search_shows_only_that_partner(app: AppTest, table_app: AppTest) -> None:
    """Choosing Cuba keeps Cuba's trip, visits and agreements, on the map and in the table."""
    app.selectbox(key="country").set_value("CUB").run()
    # The trip of 2023; the deputy prime minister in 2022 and the president in 2023.
    assert len(layer_data(app, "trips")) == 1 and len(layer_data(app, "visits")) == 2
    story = next(f.value for f in app.dataframe if "counterpart" in f.value.columns)
    assert {"trip", "visit"} <= set(story["kind"])
    assert any("Cuba: every engagement" in header.value for header in app.subheader)
    table_app.selectbox(key="country").set_value("CUB").run()
    table = events_table(table_app)
    assert set(table["country_name"]) == {"Cuba"}


def test_tabs_claims_analysis_and_about_render() -> None:
    """The claims table has verdicts and links; the analysis has three charts; About cites."""
    claims_app = open_page("Claims")
    assert len(claim_buttons(claims_app)) >= 50, "most claims name events to show"
    assert any("73 of 73 claims" in caption.value for caption in claims_app.caption)
    assert len(open_page("Analysis").get("vega_lite_chart")) == 4
    about = " ".join(markdown.value for markdown in open_page("About").markdown)
    assert "Natural Earth" in about and "CC BY 4.0" in about and "G77" in about


def test_the_tab_is_part_of_the_link() -> None:
    """?tab=Claims opens the Claims tab, and only its content is computed."""
    app = open_page("Claims")
    assert not app.exception
    assert app.query_params["tab"] == "Claims"
    assert not app.get("deck_gl_json_chart")
    assert claim_buttons(app)


def test_play_starts_from_the_first_month_and_the_slider_stops_it(app: AppTest) -> None:
    """Play shows August 2021 alone (cumulative) at once; Pause stops; a slider move stops."""
    app.button(key="play").click().run()
    assert not app.exception
    assert app.session_state["playing"] is True
    slider = app.select_slider(key="period_1")
    assert slider.value == (dt.date(2021, 8, 1), dt.date(2021, 8, 1))
    assert int(metrics(app)["Events"]) == 27, "August 2021 alone: the inauguration's guests"
    assert "to" not in app.query_params, "the address waits for the pause"
    app.button(key="play").click().run()
    assert app.session_state["playing"] is False
    assert app.query_params["to"] == "2021-08"
    app.button(key="play").click().run()
    assert app.session_state["playing"] is True
    app.select_slider(key=f"period_{app.session_state['play_step']}").set_value(
        (dt.date(2022, 1, 1), dt.date(2022, 6, 1))
    ).run()
    assert app.session_state["playing"] is False
    assert app.query_params["from"] == "2022-01" and app.query_params["to"] == "2022-06"


def test_charts_follow_the_filters() -> None:
    """Filtering to Africa leaves only African regions in the per-quarter chart's data."""
    app = open_page("Analysis")

    def regions_in_chart() -> set[str]:
        dataset = app.get("vega_lite_chart")[0].proto.datasets[0].data.data
        return set(pyarrow.ipc.open_stream(dataset).read_pandas()["region"])

    assert {"Asia", "Africa"} <= regions_in_chart()
    app.multiselect(key="regions").set_value(["Africa"]).run()
    assert regions_in_chart() == {"Africa", analysis.ORGANISATIONS}, (
        "the BRICS summit in South Africa counts for BRICS"
    )


def test_verdict_filter_narrows_the_claims() -> None:
    """Choosing 'misdated' lists only the misdated claims."""
    app = open_page("Claims")
    everything = len(claim_buttons(app))
    app.multiselect(key="verdicts").set_value(["misdated"]).run()
    assert 1 <= len(claim_buttons(app)) < everything
    assert app.query_params["verdicts"] == "misdated", "the verdict filter is part of the link"
    again = open_page("Claims", verdicts="misdated")
    assert again.multiselect(key="verdicts").value == ["misdated"]
    assert claim_buttons(again) == claim_buttons(app)


def test_show_on_map_stays_in_the_page_and_shows_the_claim() -> None:
    """Show on map opens the Map tab at the claim's months and country, the claim above."""
    app = open_page("Claims")
    app.button(key="show_claim_zardari-meeting-date").click().run()
    assert not app.exception
    assert app.query_params.get("tab", "Map") == "Map", "the Map tab is open"
    assert app.get("deck_gl_json_chart")
    shown = " ".join(markdown.value for markdown in app.markdown)
    assert "Zardari" in shown
    app.button(key="hide_claim").click().run()
    assert "Zardari" not in " ".join(markdown.value for markdown in app.markdown)


def test_back_and_forward_bring_the_address_view_back(app: AppTest) -> None:
    """When the address changes under the page (Back), the page takes the address's view."""
    app.multiselect(key="kinds").set_value(["visit"]).run()
    assert app.query_params["kinds"] == "visit"
    app.query_params.clear()
    app.query_params["tab"] = "Map"
    app.query_params["kinds"] = "trip"
    app.query_params["from"] = "2022-01"
    app.run()
    assert app.multiselect(key="kinds").value == ["trip"]
    slider = next(s for s in app.select_slider if (s.key or "").startswith("period"))
    assert slider.value == (dt.date(2022, 1, 1), dt.date(2024, 5, 1))
    assert app.query_params["kinds"] == "trip"


def test_the_table_tab_shows_where_sources_differ_for_the_view() -> None:
    """Sep 2022: the events' column and the ledger's own table, counted for the view only."""
    page = open_page("Table", **{"from": "2022-09", "to": "2022-09"})
    table = events_table(page)
    memorandum = table[table["event_id"] == "2022-09-15-uzb-sco-memorandum-signed"]
    assert "Start date: 2022-09-14 per islamtimes.org" in memorandum["sources_differ"].iloc[0]
    differing = next(f.value for f in page.dataframe if "kept_value" in f.value.columns)
    assert {str(day)[:7] for day in differing["start_date"]} == {"2022-09"}
    events = differing["event_id"].nunique()
    assert any(
        f"Sources differ on {events} events of Sep 2022: {len(differing)} other values" in c.value
        for c in page.caption
    )


def choose_presidency(app: AppTest, presidency: str, months: tuple[str, str]) -> dict[str, str]:
    """Choose a presidency and return the headline numbers.

    The slider takes its first and last months (``YYYY-MM``) and the link names it.
    """
    app.radio(key="presidency").set_value(presidency).run()
    assert not app.exception
    slider = app.select_slider(key=f"period_{app.session_state['play_step']}")
    assert tuple(f"{month:%Y-%m}" for month in slider.value) == months
    assert app.query_params["president"] == presidency
    return metrics(app)


def test_choosing_rouhani_shows_his_journeys_over_his_term(app: AppTest) -> None:
    """The Presidency choice: his months, his journeys, no number where his record has none."""
    shown = choose_presidency(app, "rouhani", ("2013-08", "2021-08"))
    assert (shown["Journeys abroad"], shown["Countries visited"]) == ("42", "27")
    assert shown["Documents signed"] == "not recorded"
    # His visits received: the heads of state and government only, and the label says so.
    assert shown["Visits received (heads of state and government)"] == "80"
    # 58 stops less the border ceremony at Akyayla (3 Dec 2014).
    assert len(layer_data(app, "visits")) == 80 and len(layer_data(app, "trips")) == 57
    app.radio(key="presidency").set_value("both").run()
    shown = metrics(app)
    assert shown["Journeys abroad"] == "64"
    assert shown["Visits received (Rouhani's: heads only)"] == "188"
    assert shown["Documents signed (Raisi's only)"] == "289"


def test_choosing_pezeshkian_shows_his_first_year_and_nothing_it_lacks(app: AppTest) -> None:
    """His first year's months and journeys; every number his record lacks says so."""
    shown = choose_presidency(app, "pezeshkian", ("2024-07", "2025-07"))
    assert (shown["Journeys abroad"], shown["Countries visited"]) == ("10", "9")
    assert shown["Visits received"] == shown["Documents signed"] == "not recorded"
    assert len(layer_data(app, "trips")) == 11 and len(layer_data(app, "visits")) == 0


def test_the_compare_tab_sets_the_presidencies_side_by_side() -> None:
    """Four spans, the same figures as the pure module, a chart, and what it cannot show."""
    page = open_page("Compare")
    assert not page.exception
    table, first_years = (f.value for f in page.dataframe if "Measure" in f.value.columns)
    assert list(table.columns)[1:] == [span.label for span in comparison.spans()]
    assert list(first_years.columns)[1:] == [span.label for span in comparison.first_years()]
    heads = first_years.set_index("Measure").loc["Heads of state or government received in Iran"]
    assert heads.iloc[-1] == "not recorded", "Pezeshkian's visitors are not in the record"
    journeys = table.set_index("Measure").loc["Journeys abroad"]
    assert journeys.iloc[0] == "22" and journeys.iloc[-1] == "42"
    assert len(page.get("vega_lite_chart")) == 1
    assert any("What it cannot show" in markdown.value for markdown in page.markdown)


def test_the_analysis_says_what_it_counts_for_rouhani() -> None:
    """Under Rouhani the Analysis tab says his record holds journeys and leaders received."""
    page = open_page("Analysis", president="rouhani")
    assert not page.exception
    assert any("Rouhani's record holds his journeys" in c.value for c in page.caption)


def test_share_embeds_the_static_edition_of_the_view_when_it_is_built(
    app: AppTest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the edition, the app's own view; with it, the edition's period and country."""
    codes = [element.value for element in app.code]
    assert any("<iframe" in code and "embed=true" in code for code in codes)
    (tmp_path / "index.html").write_text("<!doctype html>", encoding="utf-8")
    monkeypatch.setattr(paths, "EDITION_SITE", tmp_path)
    shared = open_page("Map", **{"from": "2022-01", "country": "IRQ", "kinds": "visit"})
    codes = [element.value for element in shared.code]
    assert any(
        'src="edition/index.html#from=2022-01&amp;country=IRQ&amp;embed=1"' in code
        for code in codes
    )
    assert any("it leaves out: kind" in element.value for element in shared.markdown)


def asgi_get(app: Any, path: str) -> tuple[int, bytes]:
    """Return the status and body of a GET of ``path`` from an ASGI app, run in-process."""
    import asyncio

    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        # ASGI 2.4: a response is sent whole, without listening for a disconnect meanwhile.
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [],
        "scheme": "http",
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return int(sent[0]["status"]), body


def test_the_served_app_offers_the_built_edition_at_edition(tmp_path: Path) -> None:
    """`/edition/` serves the folder's files once built, even after the server started."""
    from starlette.applications import Starlette

    folder = tmp_path / "site"
    routes = Starlette(routes=[serve.edition_mount(folder)])
    folder.mkdir()
    (folder / "index.html").write_text("<!doctype html><title>edition</title>", encoding="utf-8")
    status, body = asgi_get(routes, "/edition/index.html")
    assert status == 200 and b"<title>edition</title>" in body
    assert asgi_get(routes, "/edition/../events.csv")[0] == 404
