"""Play through the presidency: the period shown at each step, cumulative or a moving window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

MODES = ("cumulative", "window")
MODE_LABELS = {"cumulative": "Cumulative", "window": "Last 3 months"}
WINDOW_MONTHS = 3
# Seconds between steps, by the speed a reader picks.
SPEEDS = {"slow": 3.0, "normal": 1.5, "fast": 0.75}

Period = tuple[dt.date, dt.date]


def frame_at(end_index: int, months: Sequence[dt.date], mode: str) -> Period:
    """Return the period whose last month is ``months[end_index]``."""
    if mode not in MODES:
        raise ValueError(f"unknown play mode {mode!r}; expected one of {MODES}")
    first_index = 0 if mode == "cumulative" else max(0, end_index - WINDOW_MONTHS + 1)
    return months[first_index], months[end_index]


def first_frame(current: Period, months: Sequence[dt.date], mode: str) -> Period:
    """Return where Play starts: from the current end, or from the start if already at the end."""
    end_index = months.index(current[1])
    if end_index == len(months) - 1:
        end_index = 0
    return frame_at(end_index, months, mode)


def next_frame(current: Period, months: Sequence[dt.date], mode: str) -> Period | None:
    """Return the next step's period, or None when the last month has been shown."""
    end_index = months.index(current[1]) + 1
    if end_index >= len(months):
        return None
    return frame_at(end_index, months, mode)


def slider_key(step: int) -> str:
    """Return the period slider's key after ``step`` steps set it (Play, a link, Back).

    A step sets the slider by giving it a new key with the step's period as its value:
    Streamlit does not allow setting the state of a widget that also has a default value.
    """
    return "period" if step == 0 else f"period_{step}"
