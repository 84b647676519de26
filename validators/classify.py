"""Deciding what each table is, from its header and content, with the reason recorded.

A table's section title says little (a "Results" section holds calendars, race classifications
and standings alike), so the kind comes from the columns a table labels and what its cells hold.
The reason is kept: a table that is not checked is reported with what it looked like and why it
was not read, so an editor can tell a table the audit skipped from one it passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from wikiaudit.scraper.model import Table
from wikiaudit.validators.readers.classification import classification_columns
from wikiaudit.validators.readers.labels import normalized
from wikiaudit.validators.readers.points import looks_like_points_header
from wikiaudit.validators.readers.results import class_columns
from wikiaudit.validators.readers.standings import standings_header


class TableKind(StrEnum):
    CALENDAR = "calendar"
    POINTS = "points system"
    RESULTS = "class results"
    CLASSIFICATION = "race classification"
    ENTRIES = "entry list"
    STANDINGS = "standings"
    LEGEND = "legend"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Kind:
    kind: TableKind
    reason: str


_LEGEND_WORDS = {"colour", "color", "key", "result", "results", "notation", "in line notation"}


def classify(table: Table) -> Kind:
    header_rows = [row.texts for row in table.rows if row.is_header]
    if not header_rows and table.rows:
        header_rows = [table.rows[0].texts]
    header = table.header
    labels = {normalized(text) for row in header_rows for text in row}
    shown = " | ".join(t for t in (header or (header_rows[0] if header_rows else []))[:8] if t)
    context = normalized(" ".join((*table.headings, table.caption or "")))
    if "points system" in labels or any(looks_like_points_header(row) for row in header_rows):
        return Kind(TableKind.POINTS, "a row of finishing positions over a row of points")
    if class_columns(header):
        return Kind(TableKind.RESULTS, f"class winner columns ({shown})")
    if (columns := classification_columns(table)) is not None:
        return Kind(
            TableKind.CLASSIFICATION,
            f"one row per finisher with race columns and a points column ({columns.describe})",
        )
    if standings_header(table) is not None:
        return Kind(TableKind.STANDINGS, f"ranked names with a total column ({shown})")
    if labels & {"rnd", "round", "rd", "no"} and labels & {
        "circuit",
        "race",
        "track",
        "venue",
        "grand prix",
        "race name",
        "event",
        "location",
    }:
        return Kind(TableKind.CALENDAR, f"round numbers with circuits or races ({shown})")
    if (
        "entry list" in labels
        or "entry list" in context
        or (labels & {"entrant", "entrant team", "team"} and labels & {"car", "chassis", "rounds"})
    ):
        return Kind(TableKind.ENTRIES, f"teams with cars or rounds ({shown})")
    if (labels - {""} and labels <= _LEGEND_WORDS | {""}) or _is_key(table):
        return Kind(TableKind.LEGEND, "a key to the colours and marks of another table")
    return Kind(TableKind.UNKNOWN, f"header: {shown}" if shown else "no header row")


def _is_key(table: Table) -> bool:
    """A two-column key (``Bold | Pole position``, ``Gold | Winner``)."""
    if table.width != 2 or len(table.rows) > 20:
        return False
    words = " ".join(cell.text.lower() for row in table.rows for cell in row.cells)
    return any(word in words for word in ("pole", "fastest lap", "winner", "retired", "notation"))


def standings_class(table: Table, classes: list[str]) -> str:
    """The class a standings table is for: a known class named in its headings or caption."""
    words = [normalized(part) for part in (*table.headings, table.caption or "")]
    for part in reversed(words):
        for cls in sorted(classes, key=len, reverse=True):
            if normalized(cls) in part.split() or part.startswith(normalized(cls) + " "):
                return cls
    last = table.caption or (table.headings[-1] if table.headings else "")
    return last.replace("standings", "").replace("Standings", "").strip() or "overall"
