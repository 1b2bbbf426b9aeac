"""Figures for the analysis tab and the country story: frames in, frames out."""

from __future__ import annotations

import pandas as pd

from dashboard import counting, view

UNKNOWN_REGION = "Other"
ORGANISATIONS = "Organisations"


def with_partner_attributes(events: pd.DataFrame, attributes: pd.DataFrame) -> pd.DataFrame:
    """Return the engagements (``counting.engagements``) with region and Global South flag.

    An organisation's engagements have the region ``ORGANISATIONS`` and no Global South flag:
    they are in the counts by region and by organisation, not in the Global South share.
    """
    joined = counting.engagements(events)
    partners = attributes[["iso3", "m49_region", "global_south"]].rename(
        columns={"iso3": "partner", "m49_region": "region"}
    )
    is_country = joined["partner_type"] == "country"
    joined = joined.merge(partners, on="partner", how="left")
    joined["region"] = (
        joined["region"]
        .replace("", UNKNOWN_REGION)
        .fillna(UNKNOWN_REGION)
        .where(is_country.to_numpy(), ORGANISATIONS)
    )
    south = joined["global_south"].astype("boolean").fillna(False)
    joined["global_south"] = south.mask(~is_country.to_numpy())
    return joined


def bilateral(joined: pd.DataFrame) -> pd.DataFrame:
    """Return the engagements with a partner country."""
    return joined[joined["partner_type"] == "country"]


def per_quarter_by_region(joined: pd.DataFrame) -> pd.DataFrame:
    """Return engagements per quarter and region, with each quarter's total ``n``."""
    counts = joined.groupby(["quarter", "region"]).size().rename("engagements").reset_index()
    counts["n"] = counts.groupby("quarter")["engagements"].transform("sum")
    return counts.sort_values(["quarter", "region"]).reset_index(drop=True)


def global_south_share(joined: pd.DataFrame) -> pd.DataFrame:
    """Return, per quarter, the bilateral engagements ``n`` and the share with the G77 (0–1)."""
    countries = bilateral(joined)
    grouped = countries.groupby("quarter")["global_south"].agg(["size", "sum"])
    share = pd.DataFrame(
        {
            "quarter": grouped.index,
            "n": grouped["size"].to_numpy().astype("int64"),
            "global_south": grouped["sum"].to_numpy().astype("int64"),
        }
    )
    share["share"] = share["global_south"] / share["n"]
    return share.reset_index(drop=True)


def top_partners(joined: pd.DataFrame, names: pd.Series, limit: int = 15) -> pd.DataFrame:
    """Return the partner countries by bilateral engagements: ``country``, ``engagements``.

    Every country tied with the last one kept is kept too, so a tie is never cut in two.
    """
    countries = bilateral(joined)
    counts = countries.groupby("partner").size().rename("engagements").reset_index()
    counts = counts.rename(columns={"partner": "country_iso3"})
    counts["country"] = counts["country_iso3"].map(names).astype("object")
    counts["country"] = counts["country"].fillna(counts["country_iso3"])
    ordered = counts.sort_values(["engagements", "country"], ascending=[False, True])
    if len(ordered) > limit:
        ordered = ordered[ordered["engagements"] >= ordered["engagements"].iloc[limit - 1]]
    return ordered[["country", "country_iso3", "engagements"]].reset_index(drop=True)


def by_organisation(joined: pd.DataFrame) -> pd.DataFrame:
    """Return engagements per organisation and category (summit in person, video, bloc step)."""
    organisations = joined[joined["partner_type"] == "organisation"]
    counts = (
        organisations.assign(
            category=organisations["category"].map(
                {
                    "trip": "summit in person",
                    "video_address": "address by video",
                    "bloc_step": "bloc step",
                }
            )
        )
        .groupby(["partner", "category"])
        .size()
        .rename("engagements")
        .reset_index()
        .rename(columns={"partner": "organisation"})
    )
    counts["total"] = counts.groupby("organisation")["engagements"].transform("sum")
    return counts.sort_values(["total", "organisation", "category"], ascending=[False, True, True])


def country_story(events: pd.DataFrame, iso3: str) -> dict[str, pd.DataFrame]:
    """Return one partner's story: its engagements in order, and the agreements with it."""
    if "sources_differ" not in events:
        # Events not annotated with the ledger (dashboard/ledger.py): no disagreement shown.
        events = events.assign(sources_differ="")
    own = events[events["country_iso3"] == iso3].sort_values(["start_date", "event_id"])
    timeline = own[own["kind"] != "agreement"][
        [
            "start_date",
            "date_precision",
            "kind",
            "title",
            "counterpart",
            "level",
            "city",
            "source_url",
            "sources_differ",
        ]
    ].assign(level=lambda frame: frame["level"].map(lambda code: view.label(code) if code else ""))
    agreements = own[own["kind"] == "agreement"][
        [
            "start_date",
            "title",
            "agreements_signed",
            "documents",
            "trade_target_usd",
            "source_url",
            "sources_differ",
        ]
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
    most = int(per_quarter.max())
    busiest = [quarter_name(pd.Timestamp(str(q))) for q in per_quarter[per_quarter == most].index]
    regions = joined["region"].value_counts()
    top = regions[regions == regions.iloc[0]]
    return (
        f"{len(joined)} engagements over {len(per_quarter)} quarters (n per quarter on each "
        f"bar); the busiest: {join_names(busiest)} ({most}). Largest group: "
        f"{join_names(list(top.index))} with {int(top.iloc[0])} of {len(joined)}."
    )


def describe_global_south(joined: pd.DataFrame) -> str:
    """Return a sentence that says what the Global South chart shows, with its counts."""
    countries = bilateral(joined)
    organisations = len(joined) - len(countries)
    if countries.empty:
        return "No bilateral engagements in the period and filters chosen."
    south = int(countries["global_south"].sum())
    return (
        f"Over the period, {south} of {len(countries)} bilateral engagements "
        f"({south / len(countries):.0%}) were with Global South (G77) members; the "
        f"{organisations} engagements with organisations are not in this share. Each point is "
        "labelled with its n: a quarter with few engagements swings widely."
    )


def describe_partners(top: pd.DataFrame) -> str:
    """Return a sentence naming every partner tied at each of the top three counts."""
    if top.empty:
        return "No partner countries in the period and filters chosen."
    parts = []
    for count in sorted(set(top["engagements"]), reverse=True)[:3]:
        names = list(top.loc[top["engagements"] == count, "country"])
        parts.append(f"{join_names(names)} ({count}{' each' if len(names) > 1 else ''})")
    return "Most bilateral engagements: " + "; then ".join(parts) + "."


def describe_organisations(counts: pd.DataFrame) -> str:
    """Return a sentence naming the organisations with most engagements."""
    if counts.empty:
        return "No engagements with organisations in the period and filters chosen."
    totals = counts.groupby("organisation")["total"].first().sort_values(ascending=False)
    top = totals[totals == totals.iloc[0]]
    return (
        f"{int(totals.sum())} engagements with {len(totals)} organisations; most: "
        f"{join_names(list(top.index))} ({int(top.iloc[0])}{' each' if len(top) > 1 else ''})."
    )


def join_names(names: list[str]) -> str:
    """Return ``A``, ``A and B`` or ``A, B and C``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
