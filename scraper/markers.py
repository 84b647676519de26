"""Footnote markers typed straight into a cell (``12†``, ``Smith*``), kept apart from the value.

Rendered HTML and wikitext write them the same way, so both scrapers share this reading: a
dagger-like mark anywhere is a note, and ``*``/``^`` at the end of a value is a note too. What
is left is the value the checks read, so that ``22†`` counts as 22.
"""

from __future__ import annotations

import re

from wikiaudit.scraper.whitespace import collapse

MARKERS = re.compile(r"[†‡§¶]+")
_TRAILING = re.compile(r"(?<=\S)[*^]+$")


def split_markers(text: str) -> tuple[str, tuple[str, ...]]:
    """The value without its markers (whitespace collapsed), and the markers in order."""
    if not text:
        return text, ()
    markers = MARKERS.findall(text)
    if markers:
        text = collapse(MARKERS.sub("", text))
    trailing = _TRAILING.search(text)
    if trailing:
        markers.append(trailing.group(0))
        text = text[: trailing.start()].rstrip()
    return text, tuple(markers)
