"""Whitespace as a reader sees it, defined once for every scraper and error message.

Browsers show any run of spaces, tabs, line breaks and ``&nbsp;`` as one space, so values
scraped from HTML and wikitext (and one-line error texts) compare only once collapsed. Kept
in a module of its own, importing nothing, so the HTML scraper can use it without pulling in
mwparserfromhell and the dump reader without pulling in requests.
"""

from __future__ import annotations


def collapse(text: str) -> str:
    """Single spaces between words and none at the ends (``str.split`` counts ``&nbsp;`` too)."""
    return " ".join(text.split())
