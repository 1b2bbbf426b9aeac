"""The curation mode: add, edit or delete a row of events.csv, preview it, save it safely.

``make curate`` serves it on 127.0.0.1 only. It lays out widgets over ``dashboard.curation``
(the edits, checks, diff and saves) and ``dashboard.places``; the public page (``serve.py``,
``app.py``) never imports either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import (
    counting,
    curation,
    data,
    layers,
    names,
    paths,
    places,
    schema,
    tables,
    texts,
    view,
)
from dashboard.schema import EVENTS

st.set_page_config(page_title="Curate the record", page_icon="✏️", layout="wide")
# Writes are for this computer only: `make curate` listens on 127.0.0.1, and a page reached
# from elsewhere (a server started without that flag) stops here.
client = st.context.ip_address
if isinstance(client, str) and client not in ("127.0.0.1", "::1"):
    st.error("The curation mode answers only on the computer it runs on (127.0.0.1).")
    st.stop()

ACTIONS = ("Add a row", "Edit a row", "Delete a row")
FIELD = "field_{}"


@st.cache_data(show_spinner=False)
def load_geodata(files: dict[str, bytes | None]) -> data.Geodata:
    """Return the geodata; the files' bytes are the cache key (a place added reloads it)."""
    return data.parse_geodata(files)


def reopen() -> None:
    """Open events.csv as it is on disk now, and forget the form."""
    st.session_state.opened = curation.open_record(paths.EVENTS)
    for key in list(st.session_state):
        if str(key).startswith("field_") or key in ("event_id_typed", "chosen"):
            del st.session_state[key]


def fill_form(opened: curation.Opened) -> None:
    """Put the chosen row's cells into the form's widgets."""
    chosen = st.session_state.get("chosen")
    row = next((row for row in opened.rows if row["event_id"] == chosen), None)
    if row is None:
        return
    for field in curation.fields_for(row["kind"]):
        st.session_state[FIELD.format(field.name)] = curation.value_of(field, row[field.name])
    st.session_state.event_id_typed = row["event_id"]


def row_label(row: dict[str, str]) -> str:
    """Return how the row picker names a row: date, kind, title and id."""
    return f"{row['start_date']} · {row['kind']} · {row['title']} ({row['event_id']})"


if "opened" not in st.session_state:
    reopen()
opened: curation.Opened = st.session_state.opened
geodata = load_geodata({key: data.read_file(path) for key, path in paths.GEODATA_FILES.items()})
reference = geodata.reference()
country_names = view.country_names(
    pd.DataFrame({"country_iso3": sorted(set(geodata.countries["iso3"]))}), geodata.countries
)

st.title("Curate the record")
st.caption(
    f"Editing `{paths.EVENTS.name}` as opened ({len(opened.rows)} rows, SHA-256 "
    f"{curation.digest(opened.raw)[:12]}). Served on this computer only; the public page "
    "cannot write. A save writes the whole file atomically, only when every row is valid."
)
st.button("Reopen the file from disk", key="reopen", on_click=reopen)
if opened.problems:
    st.error(
        "The file cannot be opened for editing: fix these first (a text editor, then "
        "`python -m dashboard format`)."
    )
    st.dataframe(tables.problems_table({paths.EVENTS.name: opened.problems}), key="open_problems")
    st.stop()

# The opened file checked once (not on every input), with the geodata it was checked against.
checked_key = (curation.digest(opened.raw), reference)
if st.session_state.get("opened_checked", (None, None))[0] != checked_key:
    st.session_state.opened_checked = (
        checked_key,
        curation.check(curation.text_of(opened.header, opened.rows), reference),
    )
on_disk: data.Record = st.session_state.opened_checked[1]
if on_disk.problems:
    st.warning(
        f"The file has {len(on_disk.problems)} problem(s), listed below by row and column. "
        "Viewers keep seeing the last record that validated clean until every one is fixed; "
        "edit the rows named to mend them."
    )
    st.dataframe(
        tables.problems_table({paths.EVENTS.name: on_disk.problems}),
        hide_index=True,
        key="file_problems",
    )

action = st.segmented_control("What to do", ACTIONS, key="action", default=ACTIONS[0])
by_id = {row["event_id"]: row for row in opened.rows}
original: dict[str, str] = {}
if action == ACTIONS[0]:
    kind = st.selectbox("Kind of row", EVENTS.enum("kind"), key="kind", format_func=view.label)
else:
    chosen = st.selectbox(
        "Row",
        sorted(by_id, key=lambda event_id: (by_id[event_id]["start_date"], event_id)),
        key="chosen",
        index=None,
        placeholder="Type a date, a title or an id",
        format_func=lambda event_id: row_label(by_id[event_id]),
        on_change=fill_form,
        args=(opened,),
    )
    if chosen is None:
        st.stop()
    original = by_id[chosen]
    kind = original["kind"]

values: dict[str, Any] = {}
# Under each field, its message once the row is checked (an empty slot until then).
slots: dict[str, Any] = {}
if action == ACTIONS[2]:
    candidate_rows = curation.without_row(opened.rows, original["event_id"])
    edited_id = original["event_id"]
else:
    st.subheader(f"{view.label(kind).capitalize()} row", anchor="form")
    form: Sequence[Any] = ()
    for number, field in enumerate(
        field for field in curation.fields_for(kind) if field.name not in ("event_id", "kind")
    ):
        key = FIELD.format(field.name)
        label = schema.title_of(field.name) + (" *" if curation.is_required(field, kind) else "")
        helptext = f"Column `{field.name}`. " + str(field.descriptor.get("description", ""))
        widget = curation.widget_kind(field)
        if number % 2 == 0:
            # A row of two fields at a time, so a phone stacks them in the file's order.
            form = st.columns(2)
        with form[number % 2]:
            if widget == "date":
                values[field.name] = st.date_input(
                    label, key=key, value=None, min_value=dt.date(2013, 1, 1), help=helptext
                )
            elif widget == "integer":
                values[field.name] = st.number_input(
                    label, key=key, value=None, min_value=0, step=1, help=helptext
                )
            elif widget == "boolean":
                values[field.name] = st.checkbox(label, key=key, help=helptext)
            elif widget == "choice":
                values[field.name] = st.selectbox(
                    label,
                    field.enum,
                    key=key,
                    index=field.enum.index(field.default) if field.default in field.enum else None,
                    format_func=view.label,
                    help=helptext,
                )
            elif widget == "choices":
                values[field.name] = st.multiselect(
                    label, field.items, key=key, format_func=view.label, help=helptext
                )
            elif widget == "country":
                typed = st.selectbox(
                    label,
                    list(country_names.index),
                    key=key,
                    index=None,
                    format_func=lambda code: f"{country_names.get(code, code)} ({code})",
                    accept_new_options=True,
                    placeholder="Type any name: Turkey, UAE, Ivory Coast…",
                    help=helptext,
                )
                found = names.find_country(typed) if typed else None
                if typed and found is None:
                    st.caption(f"No country is called {texts.plain(str(typed))!r}.")
                values[field.name] = found or typed
            elif widget == "place":
                country = str(values.get("country_iso3") or "")
                trip = by_id.get(st.session_state.get(FIELD.format("related_event_id")) or "", {})
                where = curation.place_countries(kind, country, trip.get("country_iso3", ""))
                in_where = geodata.places["country_iso3"].isin(where)
                # A meeting whose trip is not chosen yet may be in any city of the places.
                known = sorted(set(geodata.places.loc[in_where if where else slice(None), "city"]))
                city = st.selectbox(
                    label,
                    known,
                    key=key,
                    index=None,
                    accept_new_options=True,
                    placeholder="A place of geodata/places.csv, or type a new one",
                    help=helptext,
                )
                values[field.name] = city
                if city and city not in known and where:
                    found_places = places.find_places(
                        str(city), where[0], paths.PLACES, paths.CAPITALS
                    )
                    if not found_places:
                        st.caption(
                            f"{texts.plain(str(city))} is not a GeoNames city of {where[0]}."
                        )
                    for number_found, place in enumerate(found_places[:3]):
                        if st.button(
                            f"Add {place.city} (GeoNames {place.geonames_id or place.found_in}) "
                            f"as {city}",
                            key=f"add_place_{number_found}",
                            help=f"{place.city}, {place.country_iso3}: {place.latitude:.5f}, "
                            f"{place.longitude:.5f} (WGS84), from {place.source}",
                        ):
                            places.add_place(place, str(city), paths.PLACES)
                            st.rerun()
                    with st.expander("A place that is not a GeoNames city (a dam, a crossing)"):
                        latitude = st.number_input(
                            "Latitude (WGS84)", -90.0, 90.0, None, format="%.5f", key="manual_lat"
                        )
                        longitude = st.number_input(
                            "Longitude (WGS84)",
                            -180.0,
                            180.0,
                            None,
                            format="%.5f",
                            key="manual_lon",
                        )
                        source = st.text_input("Source of the coordinates", key="manual_source")
                        note = st.text_area("Note: what the place is", key="manual_note")
                        if st.button(
                            f"Add {city} to places_manual.csv and places.csv",
                            key="add_manual_place",
                            disabled=latitude is None or longitude is None,
                        ):
                            try:
                                places.add_manual_place(
                                    str(city),
                                    where[0],
                                    float(latitude or 0),
                                    float(longitude or 0),
                                    source,
                                    note,
                                    paths.GEODATA / "places_manual.csv",
                                    paths.PLACES,
                                )
                            except ValueError as refused:
                                st.error(texts.plain(str(refused)))
                            else:
                                st.rerun()
            elif widget == "parent":
                # A signing belongs to a trip or a visit; a meeting abroad to a trip stop.
                parent_kinds = ("trip",) if kind == "meeting" else ("trip", "visit")
                parents = [
                    event_id for event_id, row in by_id.items() if row["kind"] in parent_kinds
                ]
                values[field.name] = st.selectbox(
                    label,
                    sorted(parents),
                    key=key,
                    index=None,
                    format_func=lambda event_id: row_label(by_id[event_id]),
                    help=helptext,
                )
            elif widget == "journey":
                journeys = sorted({row["trip_id"] for row in opened.rows if row["trip_id"]})
                values[field.name] = st.selectbox(
                    label,
                    journeys,
                    key=key,
                    index=None,
                    accept_new_options=True,
                    placeholder="A journey of the record, or type a new YYYY-MM-name",
                    help=helptext,
                )
            elif widget == "long_text":
                values[field.name] = st.text_area(label, key=key, height=80, help=helptext)
            else:
                values[field.name] = st.text_input(label, key=key, help=helptext)
            slots[field.name] = st.empty()
    start = values.get("start_date")
    proposed = (
        curation.propose_id(
            start,
            str(values.get("country_iso3") or ""),
            str(values.get("title") or ""),
            opened.ids - {original.get("event_id", "")},
        )
        if isinstance(start, dt.date)
        else ""
    )
    typed_id = st.text_input(
        schema.title_of("event_id") + " *",
        key="event_id_typed",
        placeholder=proposed or "filled in from the date, country and title",
        help="Leave empty to use the id proposed from the date, country and title.",
    )
    slots["event_id"] = st.empty()
    edited_id = typed_id or proposed
    row = curation.row_of(kind, edited_id, values)
    candidate_rows = curation.with_row(opened.rows, row, replacing=original.get("event_id", ""))

text = curation.text_of(opened.header, candidate_rows)
checked = curation.check(text, reference)
own = curation.problems_of_row(checked, edited_id) if action != ACTIONS[2] else []
lines = curation.event_of_line(checked)
brought = curation.new_problems(on_disk, checked)
elsewhere = [problem for problem in brought if problem not in own]
changes = curation.diff(opened.rows, candidate_rows)

under, missing, about_row = curation.form_messages(own, row if action != ACTIONS[2] else {}, slots)
for column, message in under.items():
    slots[column].error(texts.plain(message), icon=":material/error:")
if missing:
    st.info(
        "Still to fill in: " + ", ".join(f"**{schema.title_of(column)}**" for column in missing)
    )
if about_row:
    st.error(
        "This row is not valid yet:\n\n"
        + "\n".join(
            f"- **{schema.title_of(problem.column) or 'row'}**: "
            f"{texts.plain(str(problem.value))!r} — expected "
            f"{texts.plain(problem.expected)}"
            for problem in about_row
        )
    )
if elsewhere:
    st.error(
        "This change leaves other rows invalid:\n\n"
        + "\n".join(
            f"- {texts.plain(lines.get(problem.row, f'row {problem.row}'))}, "
            f"**{schema.title_of(problem.column) or 'row'}**: "
            f"expected {texts.plain(problem.expected)}"
            for problem in elsewhere
        )
    )

st.subheader("Preview", anchor="preview")
if not changes:
    st.info("Nothing changed yet: the rows are as opened.")
else:
    st.markdown("**What will change in events.csv**, field by field:")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Event id": change.event_id,
                    "Change": change.action,
                    "Column": schema.title_of(item.column),
                    "Before": item.before,
                    "After": item.after,
                }
                for change in changes
                for item in change.fields
            ]
        ),
        hide_index=True,
        key="diff",
    )
    shown = curation.preview(checked, geodata, [edited_id] if action != ACTIONS[2] else [])
    if not shown.events.empty:
        st.markdown("**As the public page would show it:**")
        st.pydeck_chart(
            layers.preview_deck(
                shown.layers,
                shown.events,
                geodata.home(),
                sorted(set(geodata.countries["iso3"])),
            ),
            height=360,
            key="preview_map",
        )
        st.dataframe(
            tables.download_columns(
                tables.events_table(
                    shown.events, counting.documents_counted(shown.events, shown.record)
                )
            ),
            hide_index=True,
            key="preview_table",
        )

if st.button(
    "Delete this row from events.csv" if action == ACTIONS[2] else "Save to events.csv",
    key="save",
    type="primary",
    disabled=bool(own or brought) or not changes,
):
    result = curation.save(opened, candidate_rows, reference)
    if result.saved:
        reopen()
        st.session_state.last_save = result.message
        st.rerun()
    st.error(result.message)
    if result.changes:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Event id": change.event_id,
                        "Change on disk": change.action,
                        "Column": schema.title_of(item.column),
                        "As opened": item.before,
                        "On disk now": item.after,
                    }
                    for change in result.changes
                    for item in change.fields
                ]
            ),
            hide_index=True,
            key="disk_changes",
        )
if st.session_state.get("last_save"):
    st.success(st.session_state.last_save)
