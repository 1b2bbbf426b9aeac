"""Altair charts of the analysis tab, from the frames of dashboard/analysis.py."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard import analysis

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
REGION_COLORS = {
    "Asia": "#0072B2",
    "Africa": "#E69F00",
    "Americas": "#009E73",
    "Europe": "#CC79A7",
    "Oceania": "#56B4E9",
    analysis.UNKNOWN_REGION: "#999999",
}


def quarter_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with ``quarter_label`` ("2023 Q2"), which sorts in time order."""
    quarters = frame["quarter"].dt.to_period("Q")
    return frame.assign(
        quarter_label=quarters.dt.year.astype(str) + " Q" + quarters.dt.quarter.astype(str)
    )


def region_chart(joined: pd.DataFrame) -> alt.Chart:
    """Return engagements per quarter, stacked by the partner's UN M49 region."""
    frame = quarter_labels(analysis.per_quarter_by_region(joined))
    chart: alt.Chart = (
        alt.Chart(frame, title="Engagements per quarter, by partner's region")
        .mark_bar()
        .encode(
            x=alt.X("quarter_label:O", title="Quarter", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("engagements:Q", title="Engagements", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "region:N",
                title="Region (UN M49)",
                scale=alt.Scale(domain=list(REGION_COLORS), range=list(REGION_COLORS.values())),
            ),
            tooltip=["quarter_label:O", "region:N", "engagements:Q"],
        )
    )
    return chart


def global_south_chart(joined: pd.DataFrame) -> alt.Chart:
    """Return the share of engagements with Global South partners, per quarter."""
    frame = quarter_labels(analysis.global_south_share(joined))
    chart: alt.Chart = (
        alt.Chart(frame, title="Share of engagements with the Global South (G77 members)")
        .mark_line(point=True, color="#01665e")
        .encode(
            x=alt.X("quarter_label:O", title="Quarter", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y(
                "share:Q", title="Share", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
            ),
            tooltip=[
                "quarter_label:O",
                alt.Tooltip("share:Q", format=".0%"),
                "global_south:Q",
                "engagements:Q",
            ],
        )
    )
    return chart


def partners_chart(joined: pd.DataFrame, names: pd.Series) -> alt.Chart:
    """Return the partner countries with most engagements, as bars."""
    frame = analysis.top_partners(joined, names)
    chart: alt.Chart = (
        alt.Chart(frame, title="Top partner countries")
        .mark_bar(color="#5e3c99")
        .encode(
            x=alt.X("engagements:Q", title="Engagements", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("country:N", sort="-x", title=None),
            tooltip=["country:N", "engagements:Q"],
        )
    )
    return chart
