"""Deciding what each table is, from its header and headings rather than its position."""

from __future__ import annotations

from enum import StrEnum

from wikiaudit.scraper.model import Table
from wikiaudit.validators.readers.labels import normalized
from wikiaudit.validators.readers.points import looks_like_points_header
from wikiaudit.validators.readers.results import class_columns
from wikiaudit.validators.readers.standings import standings_header


class TableKind(StrEnum):
    CALENDAR = "calendar"
    POINTS = "points system"
    RESULTS = "results"
    ENTRIES = "entry list"
    STANDINGS = "standings"
    UNKNOWN = "unknown"


def classify(table: Table) -> TableKind:
    header_rows = [row.texts for row in table.header_rows]
    header = table.header
    labels = {normalized(text) for row in header_rows for text in row}
    context = normalized(" ".join((*table.headings, table.caption or "")))
    if "points system" in labels or any(looks_like_points_header(row) for row in header_rows):
        return TableKind.POINTS
    if class_columns(header):
        return TableKind.RESULTS
    if standings_header(table) is not None:
        return TableKind.STANDINGS
    if labels & {"rnd", "round", "rd"} and labels & {"circuit", "race", "track", "venue"}:
        return TableKind.CALENDAR
    if (
        "entry list" in labels
        or "entry list" in context
        or (labels & {"entrant", "entrant team", "team"} and labels & {"car", "chassis", "rounds"})
    ):
        return TableKind.ENTRIES
    return TableKind.UNKNOWN


def standings_class(table: Table, classes: list[str]) -> str:
    """The class a standings table is for: a known class named in its headings or caption."""
    words = [normalized(part) for part in (*table.headings, table.caption or "")]
    for part in reversed(words):
        for cls in sorted(classes, key=len, reverse=True):
            if normalized(cls) in part.split() or part.startswith(normalized(cls) + " "):
                return cls
    last = table.caption or (table.headings[-1] if table.headings else "")
    return last.replace("standings", "").replace("Standings", "").strip() or "overall"
