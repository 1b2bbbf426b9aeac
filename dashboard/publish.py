"""The publish gate: viewers see the last record that validated clean, never a curator's slip.

The public page and its map route read the record's files on every run. When those files
validate clean they are what is served, and they become the *last clean* files of that path.
When they have a problem (a row mistyped in a text editor, a file cut short) and clean files
of the same path were served before, those keep being served, whole: viewers see no change and
no warning, and curators see the problems in the curation mode and from ``validate``. A server
that starts on a broken file has nothing clean to fall back on: it shows the valid rows and
says that some are left out, as before.

Pure: the holder of the last clean files is the caller's (a Streamlit resource for the page, a
module dictionary for the route), so both follow one rule.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

Files = Mapping[str, bytes | None]


def published(
    key: str, files: Files, clean: bool, last_clean: MutableMapping[str, Files]
) -> tuple[Files, bool]:
    """Return the files to serve and whether newer files on disk are held back.

    ``key`` names the record (its path); ``files`` are the bytes on disk now and ``clean``
    says whether they validate without a problem; ``last_clean`` is updated in place.
    """
    if clean:
        last_clean[key] = dict(files)
        return files, False
    if key in last_clean:
        return last_clean[key], True
    return files, False
