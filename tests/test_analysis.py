"""Analysis frames: per quarter by region, Global South share, top partners, stories, links."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from dashboard import analysis, claims, data, paths, tables
from tests.conftest import ALL_KINDS_ROWS


@pytest.fixture
def joined(locate: Callable[..., pd.DataFrame], attributes: pd.DataFrame) -> pd.DataFrame:
    """The fixture engagements with their partner's region and Global South flag."""
    return analysis.with_partner_attributes(locate(ALL_KINDS_ROWS), attributes)


def test_engagements_leave_out_detailing_agreements(joined: pd.DataFrame) -> None:
    """The Cuba documents detailing the Cuba visit are not a second engagement."""
    assert "2023-12-09-cub-documents" not in set(joined["event_id"])
    assert len(joined) == 6, "the Dushanbe summit and official visit counts for SCO and TJK"
    assert set(joined.loc[joined["partner_type"] == "organisation", "partner"]) == {"SCO"}


def test_per_quarter_by_region(joined: pd.DataFrame) -> None:
    """Each quarter counts its engagements by the partner's region."""
    frame = analysis.per_quarter_by_region(joined)
    as_rows = {(str(q.date()), r, n, total) for q, r, n, total in frame.itertuples(index=False)}
    assert as_rows == {
        ("2021-07-01", "Asia", 1, 3),
        ("2021-07-01", analysis.ORGANISATIONS, 2, 3),
        ("2023-04-01", "Americas", 2, 2),
        ("2023-10-01", "Americas", 1, 1),
    }


def test_global_south_share(locate: Callable[..., pd.DataFrame], attributes: pd.DataFrame) -> None:
    """The share is bilateral engagements with G77 members over all bilateral ones, per quarter."""
    events = locate(ALL_KINDS_ROWS)
    attributes = attributes.assign(global_south=attributes["iso3"] != "VEN")
    share = analysis.global_south_share(analysis.with_partner_attributes(events, attributes))
    june = share[share["quarter"] == pd.Timestamp("2023-04-01")].iloc[0]
    assert (june["n"], june["global_south"], june["share"]) == (2, 1, 0.5)
    september = share[share["quarter"] == pd.Timestamp("2021-07-01")].iloc[0]
    assert september["n"] == 1, "the SCO's engagements are not in the denominator"


def test_top_partners_by_engagements(joined: pd.DataFrame) -> None:
    """Partners are ranked by engagements, names from the countries table."""
    names = pd.Series({"CUB": "Cuba", "TJK": "Tajikistan", "VEN": "Venezuela"})
    top = analysis.top_partners(joined, names)
    assert top.iloc[0].tolist() == ["Cuba", "CUB", 2]


def test_country_story_lists_engagements_and_agreements(
    locate: Callable[..., pd.DataFrame],
) -> None:
    """Cuba's story: the trip and the visit in order, and the documents signed."""
    story = analysis.country_story(locate(ALL_KINDS_ROWS), "CUB")
    assert story["timeline"]["kind"].tolist() == ["trip", "visit"]
    assert story["agreements"]["trade_target_usd"].tolist() == [500_000_000]


def test_claim_link_opens_the_months_and_country_of_its_events() -> None:
    """The real Dushanbe claim links to Sep 2021 in Tajikistan, on the map tab."""
    geodata = data.load_geodata()
    record = data.load_located_record(paths.EVENTS, geodata)
    claims_frame = claims.load_claims(paths.CLAIMS, record.events["event_id"])[0]
    table = tables.claims_table(claims_frame, record.events, ["misattributed"])
    dushanbe = table[table["claim"].str.contains("Dushanbe")].iloc[0]
    assert dushanbe["show_on_map"] == {"from": "2021-09", "to": "2021-09", "country": "TJK"}
    assert dushanbe["link"] == "?from=2021-09&to=2021-09&country=TJK&tab=Map"
    assert set(table["verdict"]) == {"misattributed"}
    assert dushanbe["first_source"].startswith("http")


def test_charts_have_text_alternatives(joined: pd.DataFrame) -> None:
    """Each chart has a sentence saying what it shows, and an empty view says so."""
    names = pd.Series({"CUB": "Cuba", "TJK": "Tajikistan", "VEN": "Venezuela"})
    assert analysis.describe_regions(joined) == (
        "6 engagements over 3 quarters (n per quarter on each bar); the busiest: 2021 Q3 (3). "
        "Largest group: Americas with 3 of 6."
    )
    assert analysis.describe_global_south(joined) == (
        "Over the period, 4 of 4 bilateral engagements (100%) were with Global South (G77) "
        "members; the 2 engagements with organisations are not in this share. Each point is "
        "labelled with its n: a quarter with few engagements swings widely."
    )
    assert analysis.describe_partners(analysis.top_partners(joined, names)) == (
        "Most bilateral engagements: Cuba (2); then Tajikistan and Venezuela (1 each)."
    )
    organisations = analysis.by_organisation(joined)
    assert analysis.describe_organisations(organisations) == (
        "2 engagements with 1 organisations; most: SCO (2)."
    )
    assert analysis.describe_regions(joined.iloc[0:0]).startswith("No engagements")


def test_a_tie_at_the_limit_keeps_every_tied_partner() -> None:
    """Top partners never cut a tie in two: all countries tied with the last kept are kept."""
    joined = pd.DataFrame(
        {"partner": ["AAA", "BBB", "CCC", "AAA"], "partner_type": ["country"] * 4}
    )
    top = analysis.top_partners(joined, pd.Series(dtype="object"), limit=2)
    assert top["country_iso3"].tolist() == ["AAA", "BBB", "CCC"]
