"""Arcs-only floor: the dashboard's arcs and nothing else, over the page's plain background."""

from __future__ import annotations

from benchmarks.floors import common

common.show(common.arc_layers)
