"""The Streamlit page: lays out widgets over the pure modules, and caches the loads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import (
    analysis,
    canonical,
    charts,
    claims,
    comparison,
    counting,
    data,
    exports,
    filters,
    layers,
    ledger,
    mapdata,
    names,
    paths,
    playback,
    publish,
    schema,
    tables,
    texts,
    view,
)

st.set_page_config(page_title="Raisi's diplomacy, 2021–2024", page_icon="🗺️", layout="wide")


# The record, geodata, claims and ledger are kept as objects (cache_resource), not pickled
# copies: the page only reads them, and unpickling them on every rerun cost a quarter of its
# server time. A few versions are kept (the files on disk and the last clean ones).
CACHED_RECORDS = 4


@st.cache_resource(show_spinner=False, max_entries=CACHED_RECORDS)
def load_geodata(files: dict[str, bytes | None]) -> data.Geodata:
    """Return countries, places, capitals and attributes; the files' bytes are the cache key."""
    return data.parse_geodata(files)


@st.cache_resource(show_spinner=False, max_entries=CACHED_RECORDS)
def load_record(events: bytes | None, geodata_files: dict[str, bytes | None]) -> data.Record:
    """Return the validated record with places, categories and document totals attached.

    Its cache key is the content of the files, so any change to them reloads it.
    """
    geodata = load_geodata(geodata_files)
    located = data.locate_record(data.parse_record(events, geodata.reference()), geodata)
    return dataclasses.replace(located, events=counting.annotate(located.events))


# The record's ids and lines follow from its files: the cache keys on their version (a digest),
# and does not hash the ids and lines themselves (hundreds of items, on every rerun).
@st.cache_resource(show_spinner=False, max_entries=CACHED_RECORDS)
def load_claims(
    claims_file: bytes | None,
    record_version: str,
    _shown: frozenset[str],
    _all_lines: dict[str, int],
) -> tuple[pd.DataFrame, tuple[data.Problem, ...]]:
    """Return the valid rows of claims.csv and the problems of the others."""
    return claims.parse_claims(claims_file, _shown, _all_lines)


@st.cache_resource(show_spinner=False, max_entries=CACHED_RECORDS)
def load_disagreements(
    ledger_file: bytes | None, record_version: str, _events_csv: str, _all_lines: dict[str, int]
) -> tuple[pd.DataFrame, tuple[data.Problem, ...]]:
    """Return the valid rows of disagreements.csv and the problems of the others."""
    return ledger.parse_disagreements(ledger_file, _events_csv, _all_lines)


@st.cache_resource(show_spinner=False, max_entries=CACHED_RECORDS)
def with_ledger(
    record_version: str, ledger_file: bytes | None, _events: pd.DataFrame, _ledger: pd.DataFrame
) -> pd.DataFrame:
    """Return the events, each with what other sources give (``ledger.annotate``)."""
    return ledger.annotate(_events, _ledger)


@st.cache_resource(show_spinner=False, max_entries=CACHED_RECORDS)
def partner_names_of(
    record_version: str, _events: pd.DataFrame, _countries: pd.DataFrame
) -> pd.Series:
    """Return the partner countries' names by code (``view.country_names``)."""
    return view.country_names(_events, _countries)


@st.cache_data(show_spinner=False)
def package_zip(events_csv: str, claims_csv: str, ledger_csv: str, updated: dt.date) -> bytes:
    """Return the data package as a ZIP with its citation: the record's rows as validated."""
    line = exports.citation("Whole data package", updated)
    return exports.data_package_zip(
        paths.DATA_PACKAGE,
        line,
        {"events.csv": events_csv, "claims.csv": claims_csv, "disagreements.csv": ledger_csv},
    )


def column_config() -> dict[str, Any]:
    """Return how the tables show dates, counts and links (labels from dashboard/tables.py)."""
    return {
        **{
            name: st.column_config.TextColumn(label) for name, label in tables.TABLE_COLUMNS.items()
        },
        "start_date": st.column_config.DateColumn("From", format="YYYY-MM-DD"),
        "end_date": st.column_config.DateColumn("To", format="YYYY-MM-DD"),
        "agreements_signed": st.column_config.NumberColumn("Documents signed", format="%d"),
        "trade_target_usd": st.column_config.NumberColumn("Trade target (US$)", format="compact"),
        "source_url": st.column_config.LinkColumn("Source", display_text=tables.SOURCE_SITE),
        "first_source": st.column_config.LinkColumn("Source", display_text=tables.SOURCE_SITE),
        "show_on_map": st.column_config.LinkColumn("Show on map", display_text="Show on map"),
        "record_says": st.column_config.TextColumn("What the record says"),
        "seed": st.column_config.TextColumn("Article"),
        "claim": st.column_config.TextColumn("Claim (paraphrased)"),
        "verdict": st.column_config.TextColumn("Verdict"),
    }


@st.cache_resource(show_spinner=False)
def last_clean_files() -> dict[str, publish.Files]:
    """Return the holder of the last record files that validated clean, by events path."""
    return {}


def record_files() -> dict[str, bytes | None]:
    """Return the bytes of the record's files on disk now: events.csv and the geodata."""
    files = {"events": data.read_file(paths.EVENTS)}
    files.update({key: data.read_file(path) for key, path in paths.GEODATA_FILES.items()})
    return files


on_disk = record_files()
events_file = on_disk["events"]
geodata_files = {key: on_disk[key] for key in paths.GEODATA_FILES}
record = load_record(events_file, geodata_files)
served_files, held_back = publish.published(
    str(paths.EVENTS), on_disk, not record.problems, last_clean_files()
)
if held_back:
    # The files on disk have a problem: viewers keep the last clean record (dashboard/publish.py).
    events_file = served_files["events"]
    geodata_files = {key: served_files[key] for key in paths.GEODATA_FILES}
    record = load_record(events_file, geodata_files)
geodata = load_geodata(geodata_files)
record_version = mapdata.version({"events": events_file, **geodata_files})
claims_frame, claim_problems = load_claims(
    data.read_file(paths.CLAIMS),
    record_version,
    frozenset(record.events["event_id"]),
    dict(record.event_lines),
)
ledger_file = data.read_file(paths.DISAGREEMENTS)
ledger_frame, ledger_problems = load_disagreements(
    ledger_file,
    record_version,
    record.valid_csv,
    dict(record.event_lines),
)
# Each event carries what other sources give (the table's and the story's "Sources differ").
record = dataclasses.replace(
    record, events=with_ledger(record_version, ledger_file, record.events, ledger_frame)
)
updated = schema.CREATED

# Our own fixed CSS (no record text): less space above the page, so the map is on the first
# screen, and the month being played drawn large over the map's top-left corner.
st.markdown(texts.PAGE_CSS, unsafe_allow_html=True)
header = st.container(horizontal=True, vertical_alignment="center", key="header")


if record.problems or claim_problems or ledger_problems:
    st.warning(
        texts.problems_summary(
            record.problems,
            record.rows_left_out,
            len(record.events),
            claim_problems,
            ledger_problems,
        )
    )

# The presidency shown: the reader's choice, else (a first run) the address's; its months.
months = view.months_of(
    st.session_state.get("presidency") or view.presidency_of(st.query_params.to_dict())
)
partner_names = partner_names_of(record_version, record.events, geodata.countries)
# What the widgets show as this run starts (the reader's latest input), as an address.
widgets_query = None
if "written_query" in st.session_state:
    slider_now = st.session_state.get(playback.slider_key(st.session_state.get("play_step", 0)))
    widgets_query = view.to_query(
        view.from_widgets(slider_now or st.session_state["played_period"], st.session_state)
    )
addressed = view.view_from_address(
    st.query_params.to_dict(),
    st.session_state.get("written_query"),
    widgets_query,
    frozenset(partner_names.index),
)
if addressed is not None:
    # A shared link, or Back and Forward: the address sets the view, the slider included
    # (a new slider key takes the address's months).
    st.session_state.update(
        view.filter_widget_values(addressed),
        shared_view=addressed,
        played_period=(addressed.first_month, addressed.last_month),
        playing=False,
        play_step=st.session_state.get("play_step", -1) + 1,
        written_query=view.to_query(addressed),
    )
    months = addressed.months
shared_view: view.ViewState = st.session_state["shared_view"]


def clear_filters() -> None:
    """Reset every filter of the events, keeping the period and the Claims tab's verdicts."""
    values = view.filter_widget_values(view.default_view())
    values.pop("verdicts")
    values.pop("presidency")
    st.session_state.update(values)


def change_presidency() -> None:
    """Show the chosen presidency over its whole term (a new slider takes its months)."""
    chosen = view.default_view(st.session_state.get("presidency") or view.DEFAULT_PRESIDENCY)
    st.session_state.update(
        played_period=(chosen.first_month, chosen.last_month),
        playing=False,
        play_step=st.session_state.play_step + 1,
    )


def choose_country() -> None:
    """Take a country typed under any common name or alias ("UAE", "Turkey") to its code."""
    typed = st.session_state.get("country") or ""
    if typed in partner_names.index or not typed:
        st.session_state["country_note"] = ""
        return
    code = names.find_country(typed)
    st.session_state["country"] = code if code in partner_names.index else ""
    st.session_state["country_note"] = texts.country_search_note(
        typed, code, view.iso_name(code) if code else None, code in partner_names.index
    )


st.session_state.setdefault("played_period", (shared_view.first_month, shared_view.last_month))
st.session_state.setdefault("play_step", 0)
st.session_state.setdefault("playing", False)
st.session_state.setdefault("map_clicks", 0)
st.session_state.setdefault("world_for", "")
slider_key = playback.slider_key(st.session_state.play_step)


def toggle_play() -> None:
    """Start playing from the slider's period, or pause where the play is."""
    if st.session_state.playing:
        st.session_state.playing = False
        return
    current_period = st.session_state.get(slider_key, st.session_state.played_period)
    mode = st.session_state.get("play_mode") or "cumulative"
    st.session_state.update(
        played_period=playback.first_frame(tuple(current_period), months, mode),
        play_step=st.session_state.play_step + 1,
        playing=True,
        next_step_at=time.monotonic()
        + playback.SPEEDS[st.session_state.get("play_speed") or "normal"] * 0.9,
    )


def stop_play_on_drag() -> None:
    """Stop Play when the reader moves the slider: the period is theirs again."""
    st.session_state.update(playing=False, played_period=tuple(st.session_state[slider_key]))


with st.sidebar:
    st.radio(
        "Presidency",
        view.PRESIDENCIES,
        key="presidency",
        format_func=view.PRESIDENCY_LABELS.__getitem__,
        horizontal=True,
        on_change=change_presidency,
        help="Whose journeys and visits the map, the numbers and the analysis show.",
    )
    period = st.select_slider(
        "Period",
        options=months,
        value=st.session_state.played_period,
        format_func=filters.month_label,
        key=slider_key,
        on_change=stop_play_on_drag,
    )
    st.button(
        "⏸ Pause" if st.session_state.playing else "▶ Play",
        key="play",
        on_click=toggle_play,
        help="Play the presidency month by month; moving the slider stops it.",
    )
    st.segmented_control(
        "Play mode",
        playback.MODES,
        default="cumulative",
        key="play_mode",
        format_func=playback.MODE_LABELS.__getitem__,
        label_visibility="collapsed",
    )
    speed = st.segmented_control(
        "Play speed",
        list(playback.SPEEDS),
        default="normal",
        key="play_speed",
        format_func=str.capitalize,
        label_visibility="collapsed",
    )


@st.fragment(run_every=playback.SPEEDS[speed or "normal"])
def play_step() -> None:
    """While playing, move the period one month on every tick, then rerun the page."""
    if not st.session_state.playing or time.monotonic() < st.session_state.next_step_at:
        return
    mode = st.session_state.get("play_mode") or "cumulative"
    step = playback.next_frame(st.session_state.played_period, months, mode)
    if step is None:
        st.session_state.playing = False
    else:
        st.session_state.update(played_period=step, play_step=st.session_state.play_step + 1)
    st.session_state.next_step_at = time.monotonic() + playback.SPEEDS[speed or "normal"] * 0.9
    st.rerun(scope="app")


with st.sidebar:
    st.selectbox(
        "Country (type any name: Turkey, UAE…)",
        ["", *partner_names.index],
        key="country",
        format_func=lambda code: partner_names.get(code, code or "All countries"),
        accept_new_options=True,
        on_change=choose_country,
    )
    if st.session_state.get("country_note"):
        st.caption(st.session_state["country_note"])
    st.multiselect("Kind", view.CHOICES["kinds"], key="kinds", format_func=view.label)
    st.multiselect("Level of visitor", view.CHOICES["levels"], key="levels", format_func=view.label)
    st.multiselect("Theme", view.CHOICES["themes"], key="themes", format_func=view.label)
    st.multiselect("Region (UN M49) of the partner country", view.CHOICES["regions"], key="regions")
    st.multiselect("Bloc (member in May 2024)", view.CHOICES["blocs"], key="blocs")
    st.toggle(
        "Include condolence visits after 19 May 2024",
        key="condolences",
        help=counting.RULES["condolence_visits"],
    )
    # Last in the sidebar: the play's timer appears only while playing, and anywhere earlier it
    # would shift the elements after it, which makes the browser rebuild the map.
    if st.session_state.playing:
        play_step()
current = view.from_widgets(period, st.session_state)
# While playing, the address keeps the view Play started from (one history entry, not one a
# month); it takes the view again on Pause or at the end.
if not st.session_state.playing:
    for name, value in view.query_changes(st.query_params.to_dict(), current).items():
        if value is None:
            del st.query_params[name]
        else:
            st.query_params[name] = value
    st.session_state["written_query"] = view.to_query(current)
active = current.active_filters()
if active:
    summary, clear = st.columns([5, 1], vertical_alignment="center")
    summary.caption(
        "Filtered by "
        + "; ".join(
            f"{view.label(name)}: "
            + ", ".join(partner_names.get(value, view.label(value)) for value in values)
            for name, values in active.items()
        )
    )
    clear.button("Clear filters", key="clear_filters", on_click=clear_filters)

period_name = filters.period_label(current.first_month, current.last_month)
in_period = view.apply_view(record.events, current, geodata.attributes)
numbers = counting.headline(in_period, record.events)

shown_presidents = view.presidents_of(current.presidency)
# Laid out here, filled after the map: the map's spec is sent first, so the browser starts
# drawing it (its slowest part) while the numbers, the title and the Share panel follow.
headline = st.container(horizontal=True, key="headline")

map_tab, table_tab, claims_tab, analysis_tab, compare_tab, about_tab = st.tabs(
    ["Map", "Table", "Claims", "Analysis", "Compare", "About"], key="tab", bind="query-params"
)


def show_claim(claim_id: str, query: dict[str, str]) -> None:
    """Open the Map with a claim's months and country, the claim shown over the map."""
    shown = view.from_query(query, frozenset(partner_names.index))
    st.session_state.update(
        view.filter_widget_values(dataclasses.replace(shown, verdicts=current.verdicts)),
        played_period=(shown.first_month, shown.last_month),
        playing=False,
        play_step=st.session_state.play_step + 1,
        shown_claim=claim_id,
        tab="Map",
    )


framing = current.framing_id()
map_key = f"map-{framing}-{st.session_state.map_clicks}"


def open_story() -> None:
    """Open the story of the country a map click picked (country, arc or place).

    The chart takes a new key after each click, so Streamlit's own highlight of the picked
    object (which fades everything else) never stays on the map.
    """
    picked = layers.selected_country(st.session_state[map_key].get("selection"))
    st.session_state.map_clicks += 1
    if picked in partner_names.index:
        st.session_state.update(country=picked, country_note="")
    elif picked:
        st.session_state["country_note"] = texts.no_engagement_note(view.iso_name(picked))


def show_whole_world() -> None:
    """Frame the whole world again, keeping the filters."""
    st.session_state["world_for"] = framing


with map_tab:
    if map_tab.open:
        framed = bool(active) and st.session_state.world_for != framing
        initial_view = (
            layers.fit_view(
                view.apply_view(record.events, current.whole_presidency(), geodata.attributes),
                geodata.home(),
                current.country,
            )
            if framed
            else layers.world_view()
        )
        claim_shown = claims_frame[claims_frame["claim_id"] == st.session_state.get("shown_claim")]
        if not claim_shown.empty:
            over_map = claim_shown.iloc[0]
            color, icon = claims.VERDICT_BADGES[over_map["verdict"]]
            with st.container(border=True, key="claim_over_map"):
                st.badge(over_map["verdict"].capitalize(), icon=icon, color=color)
                st.markdown(
                    f"**{texts.plain(over_map['claim'])}** What the record says: "
                    + texts.plain(over_map["record_says"])
                )
                st.button(
                    "Hide the claim",
                    key="hide_claim",
                    on_click=lambda: st.session_state.update(shown_claim=""),
                )
        # The period, drawn large over the map's corner: our own text, never the record's.
        st.markdown(texts.period_overlay(period_name), unsafe_allow_html=True)
        engaged = counting.engagements(in_period)
        st.pydeck_chart(
            layers.build_deck(
                in_period,
                geodata.home(),
                mapdata.data_urls(
                    view.to_query(current.whole_presidency()),
                    record_version,
                ),
                mapdata.filter_range(*current.days()),
                # The order of the served countries' rows: geodata's codes, sorted.
                sorted(set(geodata.countries["iso3"])),
                initial_view,
                view_id=framing + ("-fitted" if framed else "-world"),
                country_hovers=mapdata.country_hovers(
                    in_period, record.events, period_name, engaged
                ),
                joined=engaged,
            ),
            height=500,
            key=map_key,
            on_select=open_story,
            selection_mode="single-object",
            alt=f"World map of {numbers.journeys} journeys abroad from Tehran in {period_name}, "
            f"reaching {numbers.countries_visited} countries, and of {numbers.visits_received} "
            "visits received in Iran.",
        )
        if framed:
            st.button(
                "Whole world",
                icon=":material/public:",
                key="whole_world",
                on_click=show_whole_world,
            )
        if in_period.empty:
            st.info(texts.empty_view(period_name, bool(active)))
        st.caption(
            texts.also_counted(
                numbers, view.hidden_condolences(record.events, current, geodata.attributes)
            )
        )
        # The legend is built only from the constants of dashboard/layers.py, never the record.
        st.markdown(layers.legend_html(), unsafe_allow_html=True)
        st.caption(counting.RULES["shading"])
        if current.country:
            name = partner_names.get(current.country, current.country)
            story = analysis.country_story(in_period, current.country)
            st.subheader(f"{name}: every engagement, {period_name}", anchor="story")
            if story["timeline"].empty:
                st.info(texts.empty_story(name, period_name))
            for part, heading in (
                ("timeline", None),
                ("agreements", f"**Documents signed and trade targets with {name}**"),
            ):
                if story[part].empty:
                    continue
                if heading:
                    st.markdown(heading)
                st.dataframe(
                    story[part], key=f"story_{part}", hide_index=True, column_config=column_config()
                )
        else:
            st.caption(
                "Click a country, an arc or a place on the map (or choose a country in the "
                "sidebar) to read its story: every engagement, who met whom, what was signed, "
                "the sources."
            )

with headline:
    for metric_label, metric_value, rule in (
        ("Journeys abroad", numbers.journeys, "journeys"),
        ("Countries visited", numbers.countries_visited, "countries_visited"),
        ("Visits received", numbers.visits_received, "visits_received"),
        ("Documents signed", numbers.documents_signed, "documents_signed"),
        ("Events", numbers.events, "events"),
    ):
        shown_label, shown_value, helptext = texts.headline_metric(
            metric_label, metric_value, rule, current.presidency, shown_presidents
        )
        st.metric(shown_label, shown_value, help=helptext, width="content")

# The title names the presidency shown (the header was laid out first, so it is filled now,
# after the map).
header.markdown(f"**{texts.PAGE_TITLES[current.presidency]}**", width="content")
share_url = view.share_link(st.context.url, current, st.session_state.get("tab") or "Map")
with header.popover("Share", icon=":material/share:", key="share"):
    st.markdown("**Link to this view** (the period, the filters and the tab):")
    st.code(share_url, language=None, wrap_lines=True)
    # The static edition's view when it is built and shows this presidency: static files
    # that any page can embed without a server's websocket per reader.
    edition = (
        view.edition_link(st.context.url, current)
        if (paths.EDITION_SITE / "index.html").exists()
        else None
    )
    if edition:
        edition_url, left_out = edition
        st.markdown(
            texts.embed_heading(
                exports.EMBED_HEIGHT,
                bool(current.country),
                [view.label(name) for name in left_out],
            )
        )
        st.code(
            exports.embed_code(exports.edition_embed_source(edition_url)),
            language="html",
            wrap_lines=True,
        )
    else:
        st.markdown(texts.embed_heading(exports.EMBED_HEIGHT))
        st.code(
            exports.embed_code(exports.app_embed_source(share_url)),
            language="html",
            wrap_lines=True,
        )
    st.markdown("**Cite as:**")
    st.code(exports.citation(share_url, dt.date.today()), language=None, wrap_lines=True)
    st.caption("The copy button at the right of each box copies it.")


with table_tab:
    if table_tab.open:
        st.subheader(f"Events, {period_name}")
        shown_rows = tables.events_table(
            in_period, counting.documents_counted(in_period, record.events)
        )
        st.dataframe(
            shown_rows,
            key="events_table",
            hide_index=True,
            column_config=column_config(),
        )
        # Only the view's own, checked values: a visitor's extra parameters never reach the page.
        cite = exports.citation(view.share_link(st.context.url, current, "Table"), dt.date.today())
        downloads = st.columns(2)
        downloads[0].download_button(
            f"Download these {len(in_period)} rows (CSV)",
            exports.rows_csv(tables.download_columns(shown_rows)),
            file_name=exports.rows_file_name(view.to_query(current)),
            mime="text/csv",
            key="download_rows",
        )
        downloads[1].download_button(
            "Download the whole data package (ZIP)",
            package_zip(
                record.valid_csv,
                canonical.to_csv_text(claims.COLUMNS, claims_frame.astype(str).to_dict("records")),
                canonical.to_csv_text(
                    ledger.COLUMNS, ledger_frame[list(ledger.COLUMNS)].to_dict("records")
                ),
                updated,
            ),
            file_name="raisi-diplomacy-data-package.zip",
            mime="application/zip",
            key="download_package",
        )
        st.caption(
            "The column Documents counted carries each signing once in this view: its sum is "
            f"the headline number. Cite as: {cite} Share (at the top) copies this view's link."
        )
        st.markdown("**Where sources differ**", width="content")
        differing = ledger.in_view(ledger_frame, in_period)
        st.caption(ledger.count_text(differing, period_name))
        if not differing.empty:
            st.dataframe(
                differing,
                key="ledger_table",
                hide_index=True,
                column_config={
                    **{
                        name: st.column_config.TextColumn(label)
                        for name, label in ledger.LEDGER_TABLE_COLUMNS.items()
                    },
                    "start_date": st.column_config.DateColumn("Event date", format="YYYY-MM-DD"),
                    "kept_source_url": st.column_config.LinkColumn(
                        "Kept per", display_text=tables.SOURCE_SITE
                    ),
                    "source_url": st.column_config.LinkColumn(
                        "Its source", display_text=tables.SOURCE_SITE
                    ),
                },
            )
        all_problems = (*record.problems, *claim_problems, *ledger_problems)
        if all_problems:
            with st.expander(f"Problems in the record's files ({len(all_problems)})"):
                st.dataframe(
                    tables.problems_table(
                        {
                            "events.csv": record.problems,
                            "claims.csv": claim_problems,
                            "disagreements.csv": ledger_problems,
                        }
                    ),
                    key="problems_table",
                    hide_index=True,
                )

with claims_tab:
    if claims_tab.open:
        st.markdown(
            "The claims of the two seed articles (advocacy pieces) checked against the record, "
            "each with its verdict, what the record says and the sources. **Show on map** "
            "shows the claim over its events."
        )
        verdict_filter = st.multiselect(
            "Verdict", claims.VERDICTS, key="verdicts", format_func=str.capitalize
        )
        shown_claims = tables.claims_table(claims_frame, record.events, verdict_filter)
        st.caption(f"{len(shown_claims)} of {len(claims_frame)} claims.")
        for claim in shown_claims.to_dict("records"):
            with st.container(border=True):
                color, icon = claims.VERDICT_BADGES[claim["verdict"]]
                st.badge(claim["verdict"].capitalize(), icon=icon, color=color)
                st.markdown(f"**{texts.plain(claim['claim'])}** ({texts.plain(claim['seed'])})")
                st.markdown("What the record says: " + texts.plain(claim["record_says"]))
                if claim["notes"]:
                    st.caption(texts.plain(claim["notes"]))
                st.markdown(texts.source_links(claim["source_urls"]))
                if claim["show_on_map"]:
                    st.button(
                        "Show on map",
                        key=f"show_claim_{claim['claim_id']}",
                        on_click=show_claim,
                        args=(claim["claim_id"], claim["show_on_map"]),
                    )

with analysis_tab:
    if analysis_tab.open:
        joined = analysis.with_partner_attributes(in_period, geodata.attributes)
        st.caption(counting.RULES["engagements"] + " They follow the period and the filters.")
        if current.presidency != view.DEFAULT_PRESIDENCY:
            st.caption(texts.ANALYSIS_PRESIDENCY[current.presidency])
        with st.expander("How every number here is counted"):
            st.markdown(texts.rules_markdown() + "\n\n" + texts.GLOBAL_SOUTH)
        top = analysis.top_partners(joined, partner_names)
        organisations = analysis.by_organisation(joined)
        for chart_key, chart, sentence, empty in (
            ("chart_regions", charts.region_chart, analysis.describe_regions(joined), joined.empty),
            (
                "chart_global_south",
                charts.global_south_chart,
                analysis.describe_global_south(joined),
                analysis.bilateral(joined).empty,
            ),
            (
                "chart_partners",
                lambda frame: charts.partners_chart(top),
                analysis.describe_partners(top),
                top.empty,
            ),
            (
                "chart_organisations",
                lambda frame: charts.organisations_chart(organisations),
                analysis.describe_organisations(organisations),
                organisations.empty,
            ),
        ):
            if not empty:
                st.altair_chart(chart(joined), key=chart_key)
            st.caption(sentence)


def show_comparison(
    heading: str,
    spans: tuple[comparison.Span, ...],
    describe: Callable[[list[comparison.Figures]], list[str]],
    table_key: str,
) -> list[comparison.Figures]:
    """Lay out one comparison: its heading, its sentences and its table; return its figures."""
    st.subheader(heading)
    figures = [comparison.figures(record.events, geodata.attributes, span) for span in spans]
    for sentence in describe(figures):
        st.markdown(texts.plain(sentence))
    st.dataframe(
        comparison.table(figures),
        key=table_key,
        hide_index=True,
        column_config={"Measure": st.column_config.TextColumn("Measure", pinned=True)},
    )
    return figures


with compare_tab:
    if compare_tab.open:
        compared = show_comparison(
            "Raisi's journeys abroad beside Rouhani's, by the same rules",
            comparison.spans(),
            comparison.describe,
            "comparison_table",
        )
        st.altair_chart(
            charts.comparison_chart(comparison.regions_long(compared)), key="chart_comparison"
        )
        show_comparison(
            "Each president's first year, by the same rules",
            comparison.first_years(),
            comparison.describe_first_years,
            "first_years_table",
        )
        with st.expander("How the comparison counts"):
            st.markdown("\n\n".join(texts.plain(rule) for rule in comparison.RULES.values()))
        st.caption(
            "Every journey of the record, whatever the presidency, period and filters of the "
            "other tabs. "
            "The shares are of small numbers: read them with their n."
        )

with about_tab:
    if about_tab.open:
        st.markdown(
            texts.about_markdown(
                len(record.events),
                len(claims_frame),
                updated,
                int(counting.is_condolence(record.events).sum()),
            )
        )
