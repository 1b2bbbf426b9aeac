"""Country names as readers type them, through country_converter."""

from __future__ import annotations

import pytest

from dashboard import names


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("UAE", "ARE"),
        ("Ivory Coast", "CIV"),
        ("  south   africa ", "ZAF"),
        ("DPRK", "PRK"),
        ("ven", "VEN"),
        ("CUB", "CUB"),
    ],
)
def test_common_names_aliases_and_codes_find_the_country(typed: str, code: str) -> None:
    """A name, an alias, an abbreviation or an ISO code finds its ISO 3166 alpha-3 code."""
    assert names.find_country(typed) == code


@pytest.mark.parametrize("typed", ["", "a", "Atlantis", "x" * 10_000, "<script>"])
def test_anything_else_finds_nothing(typed: str) -> None:
    """Nonsense, one letter, a huge or a hostile string: no country, no error."""
    assert names.find_country(typed) is None
