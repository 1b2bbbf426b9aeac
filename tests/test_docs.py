"""The README and docs/record.md state the record's numbers as they are (docs never drift)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import data, paths


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    """The raw rows of events.csv."""
    return pd.read_csv(paths.EVENTS, dtype=str, keep_default_na=False)


def test_readme_counts_match_the_record(events: pd.DataFrame) -> None:
    """Each count the README gives is the count of the files."""
    readme = " ".join((paths.ROOT / "README.md").read_text(encoding="utf-8").split())
    everything = events
    rouhani = events[events["president"] == "rouhani"]
    pezeshkian = events[events["president"] == "pezeshkian"]
    rouhani_trips = rouhani[(rouhani["kind"] == "trip") & (rouhani["setting"] != "border_ceremony")]
    events = events[events["president"] == "raisi"]
    trips = events[(events["kind"] == "trip") & (events["setting"] != "border_ceremony")]
    border = (events["setting"] == "border_ceremony").sum()
    visits = events[events["kind"] == "visit"]
    during = visits[visits["start_date"] <= str(data.PRESIDENCY_END)]
    leaders = during["level"].isin(["head_of_state", "head_of_government"]).sum()
    claims = pd.read_csv(paths.CLAIMS, dtype=str, keep_default_na=False)
    for phrase in (
        f"`events.csv` holds {len(everything)} rows: {len(events)} of Raisi's presidency, "
        f"{len(rouhani)} of Rouhani's and {len(pezeshkian)} of Pezeshkian's",
        f"{pezeshkian['trip_id'].nunique()} journeys, {len(pezeshkian)} country stops in "
        f"{pezeshkian['country_iso3'].nunique()} countries** (`president=pezeshkian`",
        f"{rouhani_trips['trip_id'].nunique()} journeys, {len(rouhani_trips)} country stops in "
        f"{rouhani_trips['country_iso3'].nunique()} countries, and "
        f"{(rouhani['setting'] == 'border_ceremony').sum()} border ceremony",
        f"{trips['trip_id'].nunique()} journeys, {len(trips)} country stops in "
        f"{trips['country_iso3'].nunique()} countries, and {border} border ceremonies",
        f"{len(visits)} visits received",
        f"{len(during)} during the presidency",
        f"every head of state or government the sources show ({leaders})",
        f"{len(visits) - len(during)} condolence visits",
        f"{(events['kind'] == 'agreement').sum()} agreements",
        f"{(events['kind'] == 'membership').sum()} bloc steps",
        f"{(events['kind'] == 'meeting').sum()} meetings abroad",
        "Thirteen are dated only approximately"
        if ((events["kind"] == "meeting") & (events["date_precision"] == "approximate")).sum() == 13
        else "the count of approximate meetings",
        f"{len(claims)} claims of the two seed articles",
    ):
        assert phrase in readme, phrase


def test_record_doc_verdict_counts_match_claims() -> None:
    """docs/record.md sums up the verdicts of claims.csv as they are."""
    text = " ".join((paths.ROOT / "docs" / "record.md").read_text(encoding="utf-8").split())
    verdicts = pd.read_csv(paths.CLAIMS, dtype=str)["verdict"].value_counts()
    summary = (
        f"Of {verdicts.sum()} claims, {verdicts.get('confirmed', 0)} are confirmed, "
        f"{verdicts.get('opinion', 0)} are opinion, {verdicts.get('unverified', 0)} unverified, "
        f"{verdicts.get('misdated', 0)} misdated, {verdicts.get('misattributed', 0)} "
        f"misattributed and {verdicts.get('wrong', 0)} wrong."
    )
    assert summary in text


def test_record_doc_counts_the_ledger_as_it_is() -> None:
    """docs/record.md gives the ledger's size as disagreements.csv has it."""
    text = " ".join((paths.ROOT / "docs" / "record.md").read_text(encoding="utf-8").split())
    ledger = pd.read_csv(paths.DISAGREEMENTS, dtype=str, keep_default_na=False)
    assert f"{len(ledger)} values on {ledger['event_id'].nunique()} events" in text
