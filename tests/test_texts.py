"""The page's texts: record text escaped for Markdown, sources linked by site, empty views."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import texts


@pytest.mark.parametrize(
    "hostile",
    [
        "![x](http://example.invalid/x.png)",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "# heading",
        "http://example.invalid/autolink",
        ":material/warning: :red[red]",
    ],
)
def test_record_text_is_shown_as_written(hostile: str) -> None:
    """Every Markdown or HTML special character is escaped: no link, image, tag or style."""
    escaped = texts.plain(hostile)
    for special in "![]()<>#:":
        assert all(
            escaped[index - 1] == "\\" for index, char in enumerate(escaped) if char == special
        )


def test_sources_are_linked_by_site_and_only_when_web_urls() -> None:
    """http(s) sources become links named by their site; anything else is left out."""
    line = texts.source_links("https://www.tehrantimes.com/a javascript:alert(1) ftp://x/y")
    assert line == "Sources: [tehrantimes\\.com](https://www.tehrantimes.com/a)"
    assert texts.source_links("") == ""


def test_empty_views_say_why() -> None:
    """An empty map says whether the period or the filters emptied it."""
    assert "passes the filters" in texts.empty_view("Sep 2021", filtered=True)
    assert "Widen the period" in texts.empty_view("Sep 2021", filtered=False)
    assert (
        texts.country_search_note("Atlantis", None, None, False)
        == "No country is called “Atlantis”."
    )


def test_the_embed_heading_says_what_the_code_shows_and_its_size() -> None:
    assert texts.embed_heading(720) == "**Embed this view** (100% wide, 720 px high):"
    edition = texts.embed_heading(720, True, ["kind", "theme"])
    assert "the static edition: the period, the country" in edition
    assert "720 px high; it leaves out: kind, theme" in edition
    assert "leaves out" not in texts.embed_heading(720, False)


def test_the_about_text_sends_each_reader_where_things_are() -> None:
    """The app's About says condolence visits show when included; the edition's, where they are."""
    app = texts.about_markdown(293, 3, dt.date(2026, 12, 7), 11)
    edition = texts.about_markdown(293, 3, dt.date(2026, 12, 7), 11, where="edition")
    assert "11 of the rows are condolence\nvisits after his death, shown only when included." in app
    assert (
        "condolence\nvisits after his death, in the data package and the interactive dashboard"
        in edition
    )
    assert "choose the presidency in the sidebar" in app and "sidebar" not in edition
