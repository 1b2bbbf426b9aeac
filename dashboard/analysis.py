"""Figures for the analysis tab and the country story: frames in, frames out."""

from __future__ import annotations

import pandas as pd

from dashboard import filters
from dashboard.data import HOME_CITY

UNKNOWN_REGION = "Other"


def with_partner_attributes(events: pd.DataFrame, attributes: pd.DataFrame) -> pd.DataFrame:
    """Return the engagements (no agreement counted twice) with region and Global South flag.

    Iran's own rows (bloc steps at home) are left out: they engage no partner country.
    """
    engagements = filters.engagements(events)
    engagements = engagements[engagements["country_iso3"] != HOME_CITY[1]]
    partners = attributes[["iso3", "m49_region", "global_south"]].rename(
        columns={"iso3": "country_iso3", "m49_region": "region"}
    )
    joined = engagements.merge(partners, on="country_iso3", how="left")
    joined["region"] = joined["region"].replace("", UNKNOWN_REGION).fillna(UNKNOWN_REGION)
    joined["global_south"] = joined["global_south"].fillna(False).astype(bool)
    joined["quarter"] = joined["start_date"].dt.to_period("Q").dt.start_time
    return joined


def per_quarter_by_region(joined: pd.DataFrame) -> pd.DataFrame:
    """Return engagements per quarter and region: ``quarter``, ``region``, ``engagements``."""
    counts = joined.groupby(["quarter", "region"]).size().rename("engagements")
    return counts.reset_index().sort_values(["quarter", "region"]).reset_index(drop=True)


def global_south_share(joined: pd.DataFrame) -> pd.DataFrame:
    """Return, per quarter, the engagements and the share with Global South partners (0–1)."""
    grouped = joined.groupby("quarter")["global_south"].agg(["size", "sum"])
    share = pd.DataFrame(
        {
            "quarter": grouped.index,
            "engagements": grouped["size"].to_numpy(),
            "global_south": grouped["sum"].to_numpy(),
        }
    )
    share["share"] = share["global_south"] / share["engagements"]
    return share.reset_index(drop=True)


def top_partners(joined: pd.DataFrame, names: pd.Series, limit: int = 15) -> pd.DataFrame:
    """Return the partner countries with most engagements: ``country``, ``engagements``."""
    counts = joined.groupby("country_iso3").size().rename("engagements").reset_index()
    counts["country"] = counts["country_iso3"].map(names).fillna(counts["country_iso3"])
    ordered = counts.sort_values(["engagements", "country"], ascending=[False, True])
    return ordered.head(limit)[["country", "country_iso3", "engagements"]].reset_index(drop=True)


def country_story(events: pd.DataFrame, iso3: str) -> dict[str, pd.DataFrame]:
    """Return one partner's story: its engagements in order, and the agreements with it."""
    own = events[events["country_iso3"] == iso3].sort_values(["start_date", "event_id"])
    timeline = own[own["kind"] != "agreement"][
        ["start_date", "kind", "title", "counterpart", "level", "city", "source_url"]
    ]
    agreements = own[own["kind"] == "agreement"][
        ["start_date", "title", "agreements_signed", "documents", "trade_target_usd", "source_url"]
    ]
    return {
        "timeline": timeline.reset_index(drop=True),
        "agreements": agreements.reset_index(drop=True),
    }


def claim_view_query(
    event_ids: list[str], events: pd.DataFrame, month_format: str = "%Y-%m"
) -> dict[str, str]:
    """Return the URL query that shows a claim's events on the map: their months and country."""
    related = events[events["event_id"].isin(event_ids)]
    if related.empty:
        return {}
    query = {
        "from": related["start_date"].min().strftime(month_format),
        "to": related["end_date"].max().strftime(month_format),
    }
    countries = set(related["country_iso3"])
    if len(countries) == 1:
        query["country"] = countries.pop()
    return query


def quarter_name(quarter: pd.Timestamp) -> str:
    """Return "2023 Q2" for the quarter starting on that day."""
    return f"{quarter.year} Q{quarter.quarter}"


def describe_regions(joined: pd.DataFrame) -> str:
    """Return a sentence that says what the per-quarter chart shows (its text alternative)."""
    if joined.empty:
        return "No engagements in the period and filters chosen."
    per_quarter = joined.groupby("quarter").size()
    busiest = pd.Timestamp(str(per_quarter.index[int(per_quarter.to_numpy().argmax())]))
    regions = joined["region"].value_counts(normalize=True)
    top_region, share = str(regions.index[0]), float(regions.iloc[0])
    return (
        f"{len(joined)} engagements over {len(per_quarter)} quarters; the busiest was "
        f"{quarter_name(busiest)} ({per_quarter.max()}). {top_region} accounts for "
        f"{share:.0%} of them."
    )


def describe_global_south(joined: pd.DataFrame) -> str:
    """Return a sentence that says what the Global South chart shows."""
    if joined.empty:
        return "No engagements in the period and filters chosen."
    share = joined["global_south"].mean()
    return f"Over the period, {share:.0%} of engagements were with Global South (G77) partners."


def describe_partners(top: pd.DataFrame) -> str:
    """Return a sentence naming the leading partners of the top-partners chart."""
    if top.empty:
        return "No partner countries in the period and filters chosen."
    leaders = ", ".join(f"{row.country} ({row.engagements})" for row in top.head(3).itertuples())
    return f"Leading partners: {leaders}."
