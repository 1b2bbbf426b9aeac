"""The Streamlit page: lays out widgets over the pure modules, and caches the loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from dashboard import data, filters, layers, paths, tables

st.set_page_config(page_title="Raisi's diplomacy, 2021–2024", page_icon="🗺️", layout="wide")


@st.cache_data(show_spinner=False)
def load_geodata(modification_times: tuple[float, ...]) -> data.Geodata:
    """Return countries, places and capitals; the files' modification times are the cache key."""
    return data.load_geodata(*paths.GEODATA_FILES)


@st.cache_data(show_spinner=False)
def load_record(
    events_path: str, events_mtime: float, geodata_mtimes: tuple[float, ...]
) -> data.Record:
    """Return the validated record with places attached; an edit to a file reloads it."""
    return data.load_located_record(Path(events_path), load_geodata(geodata_mtimes))


def modification_time(path: Path) -> float:
    """Return a file's modification time, or 0 when it is missing."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


geodata_mtimes = tuple(modification_time(path) for path in paths.GEODATA_FILES)
events_mtime = modification_time(paths.EVENTS)
geodata = load_geodata(geodata_mtimes)
record = load_record(str(paths.EVENTS), events_mtime, geodata_mtimes)

st.title("Iran's diplomacy under President Raisi")
st.caption(
    "President Ebrahim Raisi's journeys abroad (3 August 2021 – 19 May 2024), one arc per "
    "country stop, and the foreign leaders received in Iran, with the documents signed and "
    "Iran's steps into the SCO and BRICS: every row with the source it rests on. Move the "
    "period to narrow the map, the numbers and the table."
)

if record.problems:
    bad_rows = len({problem.row for problem in record.problems})
    st.warning(
        f"{bad_rows} row(s) of events.csv failed validation and are left out; "
        f"the page shows the other {len(record.events)}. Details below the table."
    )

months = filters.month_starts()
first_month, last_month = st.select_slider(
    "Period",
    options=months,
    value=(months[0], months[-1]),
    format_func=filters.month_label,
    key="period",
)
start, end = filters.period_of_months(first_month, last_month)
in_period = filters.events_in_period(record.events, start, end)
numbers = filters.headline(in_period)

columns = st.columns(5)
columns[0].metric("Trips abroad", numbers.trips)
columns[1].metric("Countries visited", numbers.countries_visited)
columns[2].metric(
    "Visits received",
    numbers.visits_received,
    help="Foreign leaders and officials received in Iran during the presidency"
    + (
        f"; {numbers.condolence_visits} more came after his death, for the funeral"
        if numbers.condolence_visits
        else ""
    ),
)
columns[3].metric(
    "Documents signed", numbers.agreements_signed, help="Where a source states a count"
)
columns[4].metric("Events", numbers.events)

deck = layers.build_deck(in_period, geodata.home())
st.pydeck_chart(
    deck,
    height=520,
    key="map",
    alt=f"World map of {numbers.trips} trips abroad from Tehran between {start.day} {start:%b %Y} "
    f"and {end.day} {end:%b %Y}, reaching {numbers.countries_visited} countries, and of "
    f"{numbers.visits_received} visits received in Iran.",
)

# The legend is built only from the constants of dashboard/layers.py: no text from events.csv.
st.markdown(layers.legend_html(), unsafe_allow_html=True)

st.subheader(f"Events from {start.day} {start:%b %Y} to {end.day} {end:%b %Y}")
st.dataframe(
    tables.events_table(in_period),
    key="events_table",
    hide_index=True,
    column_config={
        **{
            name: st.column_config.TextColumn(label) for name, label in tables.TABLE_COLUMNS.items()
        },
        "start_date": st.column_config.DateColumn("From", format="YYYY-MM-DD"),
        "end_date": st.column_config.DateColumn("To", format="YYYY-MM-DD"),
        "agreements_signed": st.column_config.NumberColumn("Documents signed", format="%d"),
        "trade_target_usd": st.column_config.NumberColumn("Trade target (US$)", format="compact"),
        "source_url": st.column_config.LinkColumn(
            "Source", display_text=r"https?://(?:www\.)?([^/]+)"
        ),
    },
)

if record.problems:
    with st.expander(
        f"Rows left out of events.csv ({len(record.problems)} problems)", expanded=False
    ):
        st.dataframe(tables.problems_table(record.problems), key="problems_table", hide_index=True)

st.caption(
    f"Record: {len(record.events)} events, each with its source. Country shapes: Natural Earth "
    f"(public domain). Places: GeoNames (CC BY 4.0). "
    f"Updated {dt.date.fromtimestamp(events_mtime):%d %b %Y}."
)
