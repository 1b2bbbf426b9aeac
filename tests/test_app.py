"""The page as Streamlit runs it: no exception, the slider narrows the map, bad rows shown."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import analysis, paths
from tests.conftest import GOOD_ROWS, changed

APP = str(paths.ROOT / "dashboard" / "app.py")


def deck_spec(app: AppTest) -> dict[str, Any]:
    """The deck.gl JSON the page sends to the browser."""
    return json.loads(app.get("deck_gl_json_chart")[0].proto.json)  # type: ignore[no-any-return]


def layer_data(app: AppTest, layer_id: str) -> Any:
    """The data of one layer of the page's deck."""
    return next(layer["data"] for layer in deck_spec(app)["layers"] if layer["id"] == layer_id)


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
    assert len(layer_data(app, "visits")) == 52, "condolence visits are hidden by default"
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
    """Tags in a title stay text: only in the text tooltip and the data table."""
    evil = "<img src=x onerror=alert(1)>"
    monkeypatch.setattr(paths, "EVENTS", write_events(changed(0, title=evil, city="<b>X</b>")))
    for tab in ("Map", "Table", "Claims", "Analysis", "About"):
        app = open_page(tab, country="TJK")
        assert not app.exception
        for element in (*app.markdown, *app.caption, *app.warning, *app.title, *app.subheader):
            assert evil not in element.value and "<b>X</b>" not in element.value
    app = open_page("Map")
    assert json.loads(app.get("deck_gl_json_chart")[0].proto.tooltip) == {"text": "{tooltip}"}


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
    """Choosing Cuba keeps Cuba's trip, visit and agreements, on the map and in the table."""
    app.selectbox(key="country").set_value("CUB").run()
    assert len(layer_data(app, "trips")) == 1 and len(layer_data(app, "visits")) == 1
    story = next(f.value for f in app.dataframe if "counterpart" in f.value.columns)
    assert {"trip", "visit"} <= set(story["kind"])
    assert any("Cuba: every engagement" in header.value for header in app.subheader)
    table_app.selectbox(key="country").set_value("CUB").run()
    table = events_table(table_app)
    assert set(table["country_name"]) == {"Cuba"}


def test_tabs_claims_analysis_and_about_render() -> None:
    """The claims table has verdicts and links; the analysis has three charts; About cites."""
    claims_app = open_page("Claims")
    claims_table = next(f.value for f in claims_app.dataframe if "verdict" in f.value.columns)
    assert len(claims_table) >= 70
    assert claims_table["show_on_map"].dropna().str.startswith("?from=").all()
    assert len(open_page("Analysis").get("vega_lite_chart")) == 4
    about = " ".join(markdown.value for markdown in open_page("About").markdown)
    assert "Natural Earth" in about and "CC BY 4.0" in about and "G77" in about


def test_the_tab_is_part_of_the_link() -> None:
    """?tab=Claims opens the Claims tab, and only its content is computed."""
    app = open_page("Claims")
    assert not app.exception
    assert app.query_params["tab"] == "Claims"
    assert not app.get("deck_gl_json_chart")
    assert any("verdict" in frame.value.columns for frame in app.dataframe)


def test_play_starts_from_the_first_month_and_the_slider_stops_it(app: AppTest) -> None:
    """Play shows August 2021 alone (cumulative) at once; Pause stops; a slider move stops."""
    app.button(key="play").click().run()
    assert not app.exception
    assert app.session_state["playing"] is True
    slider = app.select_slider(key="period_1")
    assert slider.value == (dt.date(2021, 8, 1), dt.date(2021, 8, 1))
    assert int(metrics(app)["Events"]) < 20
    assert app.query_params["to"] == "2021-08"
    app.button(key="play").click().run()
    assert app.session_state["playing"] is False
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
    app.multiselect(key="verdicts").set_value(["misdated"]).run()
    claims_table = next(f.value for f in app.dataframe if "verdict" in f.value.columns)
    assert set(claims_table["verdict"]) == {"misdated"} and len(claims_table) >= 1


def test_window_mode_plays_three_months_at_a_time(app: AppTest) -> None:
    """In 'Last 3 months' mode, Play from a period ending in Dec 2022 shows Oct–Dec 2022."""
    app.select_slider(key="period").set_value((dt.date(2022, 1, 1), dt.date(2022, 12, 1))).run()
    app.session_state["play_mode"] = "window"
    app.button(key="play").click().run()
    assert not app.exception
    slider = next(s for s in app.select_slider if (s.key or "").startswith("period_"))
    assert slider.value == (dt.date(2022, 10, 1), dt.date(2022, 12, 1))


def test_foreign_link_parameters_never_reach_the_page() -> None:
    """An extra ?note=… parameter (markdown, a tag) appears nowhere in the page's text."""
    app = open_page("Table", note="![x](http://example.invalid/x.png)<b>hi</b>")
    assert not app.exception
    texts = [element.value for element in (*app.caption, *app.markdown, *app.subheader)]
    assert not any("example.invalid" in text or "<b>hi" in text for text in texts)
    assert any("Cite as:" in text and "tab=Table" in text for text in texts)


def test_the_warning_names_claims_left_out_by_a_rejected_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rejected event that claims name: the warning counts the claims left out too."""
    text = paths.EVENTS.read_text(encoding="utf-8").replace(
        "2023-06-12-ven-documents,agreement,", "2023-06-12-ven-documents,Agreement,", 1
    )
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(paths, "EVENTS", path)
    warning = open_page("Map").warning[0].value
    assert "1 row(s) of events.csv have problems" in warning
    assert "2 claim(s) of claims.csv have problems and are left out" in warning
