"""Same-picture floor: the dashboard's arcs over the same countries, from the same file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pydeck as pdk

from benchmarks.floors import common


def map_layers(period: Sequence[dt.date]) -> list[pdk.Layer]:
    """Return the sea, the countries, their borders and the period's arcs."""
    return [*common.country_layers(), *common.arc_layers(period)]


common.show(map_layers)
