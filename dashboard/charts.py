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
    analysis.ORGANISATIONS: "#D55E00",
}


def quarter_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with ``quarter_label`` ("2023 Q2"), which sorts in time order."""
    quarters = frame["quarter"].dt.to_period("Q")
    return frame.assign(
        quarter_label=quarters.dt.year.astype(str) + " Q" + quarters.dt.quarter.astype(str)
    )


def region_chart(joined: pd.DataFrame) -> alt.LayerChart:
    """Return engagements per quarter, stacked by the partner's region, with n on each bar."""
    frame = quarter_labels(analysis.per_quarter_by_region(joined))
    x = alt.X("quarter_label:O", title="Quarter", axis=alt.Axis(labelAngle=-45))
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("engagements:Q", title="Engagements", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "region:N",
                title="Region (UN M49)",
                scale=alt.Scale(domain=list(REGION_COLORS), range=list(REGION_COLORS.values())),
            ),
            tooltip=["quarter_label:O", "region:N", "engagements:Q", alt.Tooltip("n:Q", title="n")],
        )
    )
    totals = frame.drop_duplicates("quarter_label")
    labels = (
        alt.Chart(totals)
        .mark_text(dy=-6, fontSize=11)
        .encode(x=x, y=alt.Y("n:Q"), text=alt.Text("n:Q", format="d"))
    )
    return alt.LayerChart(
        layer=[bars, labels], title="Engagements per quarter, by region (n on bars)"
    )


def global_south_chart(joined: pd.DataFrame) -> alt.LayerChart:
    """Return the share of bilateral engagements with the G77, per quarter, with n labelled."""
    frame = quarter_labels(analysis.global_south_share(joined))
    frame = frame.assign(label="n=" + frame["n"].astype(str))
    x = alt.X("quarter_label:O", title="Quarter", axis=alt.Axis(labelAngle=-45))
    y = alt.Y("share:Q", title="Share", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1.1]))
    line = (
        alt.Chart(frame)
        .mark_line(point=True, color="#01665e")
        .encode(
            x=x,
            y=y,
            tooltip=[
                "quarter_label:O",
                alt.Tooltip("share:Q", format=".0%"),
                alt.Tooltip("global_south:Q", title="with G77 members"),
                alt.Tooltip("n:Q", title="bilateral engagements (n)"),
            ],
        )
    )
    labels = alt.Chart(frame).mark_text(dy=-10, fontSize=10).encode(x=x, y=y, text="label:N")
    return alt.LayerChart(
        layer=[line, labels],
        title="Global South (G77) share of bilateral engagements",
    )


def partners_chart(top: pd.DataFrame) -> alt.Chart:
    """Return the partner countries with most bilateral engagements, as bars."""
    chart: alt.Chart = (
        alt.Chart(top, title="Partners by bilateral engagements")
        .mark_bar(color="#5e3c99")
        .encode(
            x=alt.X("engagements:Q", title="Engagements", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("country:N", sort="-x", title=None),
            tooltip=["country:N", "engagements:Q"],
        )
    )
    return chart


def organisations_chart(counts: pd.DataFrame) -> alt.Chart:
    """Return engagements per organisation: summits in person, addresses by video, bloc steps."""
    chart: alt.Chart = (
        alt.Chart(counts, title="Engagements with organisations")
        .mark_bar()
        .encode(
            x=alt.X("engagements:Q", title="Engagements", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("organisation:N", sort="-x", title=None),
            color=alt.Color("category:N", title="How"),
            tooltip=["organisation:N", "category:N", "engagements:Q", "total:Q"],
        )
    )
    return chart


def comparison_chart(frame: pd.DataFrame) -> alt.Chart:
    """Return each span's country stops by region, as shares (n in the tooltip)."""
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                "span:N",
                title=None,
                sort=list(dict.fromkeys(frame["span"])),
                axis=alt.Axis(labelLimit=220),
            ),
            x=alt.X(
                "share:Q",
                title="Share of the span's country stops",
                axis=alt.Axis(format="%"),
                stack="normalize",
            ),
            color=alt.Color(
                "region:N",
                title="Region (UN M49)",
                scale=alt.Scale(
                    domain=list(dict.fromkeys(frame["region"])),
                    range=[REGION_COLORS[name] for name in dict.fromkeys(frame["region"])],
                ),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=[
                "span:N",
                "region:N",
                alt.Tooltip("stops:Q", title="stops"),
                alt.Tooltip("n:Q", title="n (all stops of the span)"),
                alt.Tooltip("share:Q", format=".0%"),
            ],
        )
        .properties(title="Country stops by region, per span")
    )
    return chart
