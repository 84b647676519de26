"""Turn a cell's lines into its value and its names, the same way for HTML and wikitext.

Both scrapers cut a cell into lines (``<br>``, block boundaries, a new flag), each with the
nationality of its flag; from there on the reading must be identical, or the same article would
give different cells depending on the form it was read from. Imports stay light (no parser) so
that the HTML scraper need not load mwparserfromhell to use this.
"""

from __future__ import annotations

from wikiaudit.scraper.markers import split_markers
from wikiaudit.scraper.model import Name

#: One line of a cell: its text (whitespace already collapsed) and its flag's nationality.
Line = tuple[str, str | None]


def assemble_names(lines: list[Line]) -> tuple[str, tuple[Name, ...], tuple[str, ...]]:
    """A cell's value, its names and the footnote markers typed into it, from its lines.

    A cell stacks names one per line, each after its flag. With a flag anywhere the value is
    the names joined with " / "; without one the lines read as one name joined by spaces (a
    long team name wrapped with ``<br>`` is still one team).
    """
    names: list[Name] = []
    markers: list[str] = []
    for text, nationality in _merge_flag_only(lines):
        value, found = split_markers(text)
        markers.extend(found)
        if value or nationality:
            names.append(Name(value, nationality))
    flagged = any(name.nationality for name in names)
    value = (" / " if flagged else " ").join(name.text for name in names if name.text)
    if not flagged and len(names) > 1:
        names = [Name(value)]
    return value, tuple(names), tuple(markers)


def _merge_flag_only(lines: list[Line]) -> list[Line]:
    """A flag on a line of its own belongs to the name beside it (``澳<br />{{flagicon|AUS}}``).

    Empty lines (no text, no flag) are dropped first: they are layout, not names.
    """
    merged: list[Line] = []
    for text, code in lines:
        if not text and not code:
            continue
        if not text and merged and merged[-1][1] is None:
            merged[-1] = (merged[-1][0], code)
        elif merged and not merged[-1][0] and code is None:
            merged[-1] = (text, merged[-1][1])
        else:
            merged.append((text, code))
    return merged
