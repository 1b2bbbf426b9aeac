"""Country names as readers type them: common names, aliases and codes, by country_converter.

"Turkey", "Türkiye", "UAE", "Ivory Coast", "Persia" and "DPRK" all find their country through
country_converter's own regular expressions; ISO codes work too. No alias is written here.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import country_converter
import pandas as pd

NOT_FOUND = "\x00not found"


@functools.cache
def converter() -> country_converter.CountryConverter:
    """Return country_converter's matcher over its own table.

    The table is read here because pandas 3 reads Namibia's ``NA`` as missing by default,
    which breaks the package's own loader.
    """
    table = pd.read_csv(
        Path(country_converter.__file__).parent / "country_data.tsv",
        sep="\t",
        encoding="utf-8",
        keep_default_na=False,
        na_values=[""],
    )
    # The package logs every miss as a warning; a reader's typo is not a server warning.
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return country_converter.CountryConverter(country_data=table)


def find_country(text: str) -> str | None:
    """Return the ISO 3166 alpha-3 code of the country ``text`` names, or None.

    A name or alias is tried first ("UAE" is the Emirates, not a code), then an ISO code.
    """
    text = " ".join(text.split())[:100]
    if len(text) < 2:
        return None
    match = converter()
    for source in ("regex", None):
        found = match.convert(text, src=source, to="ISO3", not_found=NOT_FOUND)
        if isinstance(found, str) and found != NOT_FOUND and len(found) == 3:
            return found.upper()
    return None
