"""Play: cumulative periods grow month by month; a moving window keeps three months."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import filters, playback

MONTHS = filters.month_starts()


def test_cumulative_play_grows_from_the_first_month() -> None:
    """Each step keeps the first month and adds one at the end, then stops."""
    start = playback.first_frame((MONTHS[0], MONTHS[-1]), MONTHS, "cumulative")
    assert start == (MONTHS[0], MONTHS[0])
    step = playback.next_frame(start, MONTHS, "cumulative")
    assert step == (MONTHS[0], MONTHS[1])
    assert playback.next_frame((MONTHS[0], MONTHS[-1]), MONTHS, "cumulative") is None


def test_window_play_keeps_three_months() -> None:
    """A moving window shows the last three months at each step."""
    frame = playback.frame_at(10, MONTHS, "window")
    assert frame == (MONTHS[8], MONTHS[10])
    assert playback.next_frame(frame, MONTHS, "window") == (MONTHS[9], MONTHS[11])
    assert playback.frame_at(1, MONTHS, "window") == (MONTHS[0], MONTHS[1])


def test_play_resumes_from_where_the_period_ends() -> None:
    """Pressing Play on a period ending in Jan 2023 goes on from there."""
    current = (dt.date(2022, 6, 1), dt.date(2023, 1, 1))
    assert playback.first_frame(current, MONTHS, "cumulative") == (MONTHS[0], dt.date(2023, 1, 1))


def test_unknown_mode_is_an_error() -> None:
    """A mode outside cumulative/window is refused with its name."""
    with pytest.raises(ValueError, match="'loop'"):
        playback.frame_at(0, MONTHS, "loop")
