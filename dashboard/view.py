"""The view a reader chose (period and filters), to and from the page's URL query string.

A shared link restores the same view. Values that do not parse, or that the record does not
know, are dropped rather than failing: a mistyped link still opens the page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import pandas as pd
import pycountry

from dashboard import counting, filters
from dashboard.data import HOME_CITY, KINDS, LEVELS, THEMES
from dashboard.schema import CLAIMS, TERMS, VISITS_UNTIL

BLOCS = ("SCO", "BRICS", "ECO", "OIC", "GECF", "NAM")
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
# Filters that hold several values, with the values a URL may give them.
CHOICES: dict[str, tuple[str, ...]] = {
    "kinds": KINDS,
    "levels": LEVELS,
    "regions": REGIONS,
    "blocs": BLOCS,
    "themes": THEMES,
}
MONTH_FORMAT = "%Y-%m"
VERDICTS = CLAIMS.enum("verdict")
# The presidencies a reader may choose: each president's term (the schema's, as far as the
# record goes), or Rouhani's and Raisi's together ("both", the comparison's two). The page opens
# on Raisi's, its subject.
BOTH = ("rouhani", "raisi")
PRESIDENCIES = ("raisi", "rouhani", "pezeshkian", "both")
DEFAULT_PRESIDENCY = "raisi"
PRESIDENCY_LABELS = {
    "raisi": "Raisi (2021–2024)",
    "rouhani": "Rouhani (2013–2021)",
    "pezeshkian": "Pezeshkian (first year, 2024–2025)",
    "both": "Rouhani and Raisi",
}


def presidency_span(presidency: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day of a presidency, or of Rouhani's and Raisi's together."""
    if presidency in TERMS:
        return TERMS[presidency]
    return TERMS[BOTH[0]][0], TERMS[BOTH[-1]][1]


def months_of(presidency: str) -> list[dt.date]:
    """Return the slider's months for a presidency: the first day of each month of its term."""
    return filters.month_starts(*presidency_span(presidency))


def presidents_of(presidency: str) -> tuple[str, ...]:
    """Return the presidents a presidency choice shows: one, or Rouhani and Raisi for "both"."""
    return (presidency,) if presidency in TERMS else BOTH


def presidency_of(query: Mapping[str, str]) -> str:
    """Return the presidency a URL's query names (``president=rouhani``), Raisi's by default."""
    value = query.get("president", "")
    return value if value in PRESIDENCIES else DEFAULT_PRESIDENCY


@dataclass(frozen=True)
class ViewState:
    """A period of whole months and the filters; an empty filter means everything."""

    first_month: dt.date
    last_month: dt.date
    kinds: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    blocs: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    country: str = ""
    # The condolence visits after his death are left out unless the viewer includes them.
    condolences: bool = False
    # The Claims tab's verdict filter: part of the link, not of the events shown.
    verdicts: tuple[str, ...] = ()
    # Whose presidency (or both): it sets the slider's months and the rows shown.
    presidency: str = DEFAULT_PRESIDENCY

    @property
    def months(self) -> list[dt.date]:
        """Return the slider's months for this view's presidency."""
        return months_of(self.presidency)

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        """Return the days the view's months may cover: its presidency's term.

        Raisi's runs on to his visits' last day, for the condolence visits after his death.
        """
        first, last = presidency_span(self.presidency)
        return first, VISITS_UNTIL.get(presidents_of(self.presidency)[-1], last)

    def days(self) -> tuple[dt.date, dt.date]:
        """Return the days of the view's period: its whole months, within its presidency."""
        return filters.period_of_months(self.first_month, self.last_month, self.span)

    def active_filters(self) -> dict[str, tuple[str, ...]]:
        """Return the filters that narrow the record, by name."""
        active = {name: getattr(self, name) for name in CHOICES if getattr(self, name)}
        if self.country:
            active["country"] = (self.country,)
        if self.condolences:
            active["condolences"] = ("included",)
        return active

    def whole_presidency(self) -> ViewState:
        """Return the same filters over every month of the slider."""
        months = self.months
        return dataclasses.replace(self, first_month=months[0], last_month=months[-1])

    def framing_id(self) -> str:
        """Return a short id of the filters alone: the map is framed anew when it changes.

        The period is not part of it, so a period change or a play step keeps the reader's
        pan and zoom.
        """
        # The presidency is not part of it either: the map keeps its element (a new key would
        # leave the old map on the page while the new one draws) and the reader's framing.
        filters_only = sorted(
            (name, ",".join(values)) for name, values in self.active_filters().items()
        )
        digest = hashlib.sha256(repr(filters_only).encode()).hexdigest()[:10]
        return f"view-{digest}"

    def cleared(self) -> ViewState:
        """Return the same period and presidency with every filter cleared."""
        return ViewState(self.first_month, self.last_month, presidency=self.presidency)


def default_view(presidency: str = DEFAULT_PRESIDENCY) -> ViewState:
    """Return a presidency's whole term with no filter."""
    months = months_of(presidency)
    return ViewState(months[0], months[-1], presidency=presidency)


def parse_month(value: str, months: Sequence[dt.date]) -> dt.date | None:
    """Return the month of a ``YYYY-MM`` value if the slider has it, else None."""
    try:
        month = dt.datetime.strptime(value, MONTH_FORMAT).date()
    except ValueError:
        return None
    return month if month in months else None


def from_query(query: Mapping[str, str], countries: frozenset[str]) -> ViewState:
    """Return the view a URL's query string describes; unknown values are dropped.

    The months are those of the presidency it names (``president``, Raisi's by default).
    """
    presidency = presidency_of(query)
    view = default_view(presidency)
    months = view.months
    first = parse_month(query.get("from", ""), months) or view.first_month
    last = parse_month(query.get("to", ""), months) or view.last_month
    if last < first:
        first, last = last, first
    chosen = {
        name: tuple(value for value in query.get(name, "").split(",") if value in allowed)
        for name, allowed in CHOICES.items()
    }
    country = query.get("country", "").upper()
    return ViewState(
        first,
        last,
        **chosen,
        country=country if country in countries else "",
        condolences=query.get("condolences") == "1",
        verdicts=tuple(
            value for value in query.get("verdicts", "").split(",") if value in VERDICTS
        ),
        presidency=presidency,
    )


def to_query(view: ViewState) -> dict[str, str]:
    """Return the query string of a view, leaving out what is the default."""
    months = view.months
    query: dict[str, str] = {}
    if view.presidency != DEFAULT_PRESIDENCY:
        query["president"] = view.presidency
    if view.first_month != months[0]:
        query["from"] = view.first_month.strftime(MONTH_FORMAT)
    if view.last_month != months[-1]:
        query["to"] = view.last_month.strftime(MONTH_FORMAT)
    for name in CHOICES:
        if getattr(view, name):
            query[name] = ",".join(getattr(view, name))
    if view.country:
        query["country"] = view.country
    if view.condolences:
        query["condolences"] = "1"
    if view.verdicts:
        query["verdicts"] = ",".join(view.verdicts)
    return query


def view_from_address(
    query: Mapping[str, str],
    last_written: Mapping[str, str] | None,
    widgets: Mapping[str, str] | None,
    countries: frozenset[str],
) -> ViewState | None:
    """Return the view the address shows, if the page must take it; else None.

    The page takes the address's view on its first run (``last_written`` is None: a shared
    link), and when the address no longer shows what the page last wrote there while the
    widgets (``widgets``, as an address) still do: the reader went Back or Forward. When the
    widgets changed, they lead, even if the address is behind (a key pressed again before
    the browser took the last address must not undo the press).
    """
    shown = from_query(query, countries)
    if last_written is None:
        return shown
    address_moved = to_query(shown) != dict(last_written)
    widgets_still = widgets is None or dict(widgets) == dict(last_written)
    return shown if address_moved and widgets_still else None


def page_address(base_url: str | None) -> tuple[str, str] | None:
    """Return the page's own ``scheme://host`` and path, or None unless it is ``http(s)``."""
    parts = urlsplit(base_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}", parts.path


def share_link(base_url: str | None, view: ViewState, tab: str) -> str:
    """Return the link of a view: absolute when the page's own ``http(s)`` address is known.

    Only the view's checked values go into it, never a visitor's other parameters.
    """
    query = urlencode({**to_query(view), "tab": tab})
    page = page_address(base_url)
    if page is None:
        return f"?{query}"
    origin, path = page
    return f"{origin}{path or '/'}?{query}"


# What the static edition's link holds (Raisi's presidency only): the period and the country.
EDITION_KEYS = ("from", "to", "country")
EDITION_PATH = "edition/index.html"


def edition_link(base_url: str | None, view: ViewState) -> tuple[str, list[str]] | None:
    """Return the static edition's link to a view and the filters it leaves out.

    None for a view of another presidency than Raisi's, which the edition does not show.
    The link is absolute when the page's own ``http(s)`` address is known; the edition is
    served beside the page (``dashboard/serve.py``, at ``edition/``).
    """
    if view.presidency != DEFAULT_PRESIDENCY:
        return None
    query = to_query(view)
    fragment = urlencode({key: query[key] for key in EDITION_KEYS if key in query})
    left_out = [key for key in query if key not in EDITION_KEYS and key != "verdicts"]
    page = page_address(base_url)
    if page is None:
        address = EDITION_PATH
    else:
        origin, path = page
        address = f"{origin}{path.rsplit('/', 1)[0]}/{EDITION_PATH}"
    return address + (f"#{fragment}" if fragment else ""), left_out


def apply_view(events: pd.DataFrame, view: ViewState, attributes: pd.DataFrame) -> pd.DataFrame:
    """Return the events of the view's period that pass every active filter.

    ``attributes`` is geodata/country_attributes.csv (``iso3``, ``m49_region``, bloc columns).
    Region and bloc filters apply to the partner country of each event.
    """
    start, end = view.days()
    shown = filters.events_in_period(events, start, end)
    if "president" in shown:
        shown = shown[shown["president"].isin(presidents_of(view.presidency))]
    if not view.condolences:
        shown = shown[~counting.is_condolence(shown)]
    if view.kinds:
        shown = shown[shown["kind"].isin(view.kinds)]
    if view.levels:
        shown = shown[shown["level"].isin(view.levels)]
    if view.themes:
        wanted = set(view.themes)
        shown = shown[shown["themes"].map(lambda cell: bool(wanted & set(cell.split("; "))))]
    if view.regions or view.blocs:
        partners = attributes.set_index("iso3")
        codes = shown["country_iso3"]
        keep = pd.Series(True, index=shown.index)
        if view.regions:
            keep &= codes.map(partners["m49_region"]).isin(view.regions)
        if view.blocs:
            in_any = pd.Series(False, index=shown.index)
            for bloc in view.blocs:
                in_any |= codes.map(partners[bloc.lower()]).fillna(False).astype(bool)
            keep &= in_any
        shown = shown[keep]
    if view.country:
        shown = shown[shown["country_iso3"] == view.country]
    return shown


def hidden_condolences(events: pd.DataFrame, view: ViewState, attributes: pd.DataFrame) -> int:
    """Return how many condolence visits the view would show if it included them."""
    if view.condolences:
        return 0
    included = apply_view(events, dataclasses.replace(view, condolences=True), attributes)
    return int(counting.is_condolence(included).sum())


def filter_widget_values(view: ViewState) -> dict[str, object]:
    """Return the values of the filter widgets (by key) that show this view's filters.

    The period slider is not among them: it takes the view's months as its initial value.
    """
    values: dict[str, object] = {name: list(getattr(view, name)) for name in CHOICES}
    values["country"] = view.country
    values["condolences"] = view.condolences
    values["verdicts"] = list(view.verdicts)
    values["presidency"] = view.presidency
    return values


def from_widgets(period: Sequence[dt.date], values: Any) -> ViewState:
    """Return the view the slider's ``period`` and the filter widgets' ``values`` show.

    ``values`` is Streamlit's session state, or any mapping of the filter widgets' keys.
    """
    first, last = period
    chosen = {name: tuple(values.get(name) or ()) for name in CHOICES}
    return ViewState(
        first,
        last,
        **chosen,
        country=str(values.get("country") or ""),
        condolences=bool(values.get("condolences")),
        verdicts=tuple(values.get("verdicts") or ()),
        presidency=str(values.get("presidency") or DEFAULT_PRESIDENCY),
    )


LABELS = {
    "kinds": "kind",
    "levels": "level",
    "regions": "region",
    "blocs": "bloc",
    "themes": "theme",
    "country": "country",
    "condolences": "condolence visits",
    "head_of_state": "head of state",
    "head_of_government": "head of government",
    "vice_president": "vice president",
    "foreign_minister": "foreign minister",
    "regional_conflict": "regional conflict",
}


def label(value: str) -> str:
    """Return the reader's word for a filter name or a coded value ("head of state")."""
    return LABELS.get(value, value.replace("_", " "))


QUERY_KEYS = ("president", "from", "to", *CHOICES, "country", "condolences", "verdicts")


def query_changes(params: Mapping[str, str], view: ViewState) -> dict[str, str | None]:
    """Return the query parameters to set (or, as None, to remove) so the URL shows ``view``.

    Only the view's own keys are touched; others (the tab, bound by Streamlit) stay.
    """
    wanted = to_query(view)
    changes: dict[str, str | None] = {}
    for key in QUERY_KEYS:
        if key in wanted and params.get(key) != wanted[key]:
            changes[key] = wanted[key]
        elif key not in wanted and key in params:
            changes[key] = None
    return changes


def country_names(events: pd.DataFrame, countries: pd.DataFrame) -> pd.Series:
    """Return the names of the record's partner countries by ISO code, sorted by name.

    A code without a polygon (its geodata missing) is named by pycountry, else by itself.
    """
    codes = sorted(set(events["country_iso3"]) - {HOME_CITY[1]})
    known = countries.set_index("iso3")["name"]
    names = {code: known.get(code) or iso_name(code) for code in codes}
    return pd.Series(names, dtype="object").sort_values()


def iso_name(code: str) -> str:
    """Return a country's name from ISO 3166 (pycountry), or the code itself."""
    country = pycountry.countries.get(alpha_3=code)
    return str(country.name) if country is not None else code
