"""Row/colspan expansion shared by the wikitext and HTML scrapers.

Both sources describe tables the same way (rows of cells, each covering ``rowspan`` x
``colspan`` grid positions), so one algorithm, the HTML table model's, serves both. That is
also how MediaWiki output reaches a reader: the browser lays out the cells, so clamping follows
the HTML standard (colspan 1..1000, rowspan 0..65534 where 0 means "to the end of the table",
anything non-numeric is 1), and a span reaching past the last row is cut at the last row.

Those limits still let a few kilobytes of spans ask for billions of grid positions (a thousand
rows each spanning a thousand rows and columns). MediaWiki's own limits (a 2 MB page, expansion
limits) keep real tables small: the largest real table we have seen lays out 1,475 cells, at
most 2.7 per cell written. So a table's grid is bounded in proportion to what is written: at
most :data:`GRID_CELLS_PER_WRITTEN` cells per written cell (never less than
:data:`MIN_GRID_CELLS`, never more than :data:`MAX_GRID_CELLS`), and one document's tables
together at most :data:`MAX_DOCUMENT_CELLS`. The size is computed before anything is laid out;
a table over its bound raises :class:`GridTooLarge` and is reported unreadable, not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from wikiaudit.scraper.model import Cell

MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
#: Digits read from a span attribute: any more and the value is over every maximum anyway
#: (and ``int()`` refuses strings of more than 4,300 digits).
_SPAN_DIGITS = 9
_LEADING_INT = re.compile(r"\s*(\d+)")

GRID_CELLS_PER_WRITTEN = 16
MIN_GRID_CELLS = 10_000
MAX_GRID_CELLS = 250_000
MAX_DOCUMENT_CELLS = 1_000_000

#: A span attribute that had to be repaired: ``(attribute name, value as written, value read)``.
SpanRepair = tuple[str, str | None, int]
#: A span cut at the table's end: ``(0-based index of the row it starts in, message)``.
SpanProblem = tuple[int, str]


class GridTooLarge(Exception):
    """A table whose spans or size would lay out more cells than its bound."""


@dataclass(slots=True)
class GridBudget:
    """Cells the tables of one document may still lay out (one per document, see ``expand``)."""

    left: int = MAX_DOCUMENT_CELLS


def grid_bound(written: int) -> int:
    """How many grid cells a table with ``written`` cells in its source may lay out."""
    return min(MAX_GRID_CELLS, max(MIN_GRID_CELLS, GRID_CELLS_PER_WRITTEN * written))


def check_written(written: int, budget: GridBudget | None = None) -> None:
    """Refuse a table whose written cells alone are over the bounds (before building them)."""
    limit = MAX_GRID_CELLS if budget is None else min(MAX_GRID_CELLS, budget.left)
    if written > limit:
        raise GridTooLarge(
            f"table not read: it has {written:,} cells, over its limit of {limit:,} "
            f"({MAX_GRID_CELLS:,} per table, {MAX_DOCUMENT_CELLS:,} per article)"
        )


@dataclass(frozen=True, slots=True)
class SpannedCell:
    cell: Cell
    rowspan: int = 1
    colspan: int = 1


def parse_span(raw: str | None, *, maximum: int, zero_allowed: bool) -> tuple[int, bool]:
    """Read a span attribute the way browsers do; the flag says whether it had to be repaired.

    Browsers take the leading digits (``"2px"`` is 2) and fall back to 1 when there are none.
    """
    if raw is None:
        return 1, False
    match = _LEADING_INT.match(raw)
    if not match:
        return 1, True
    digits = match.group(1).lstrip("0") or "0"
    if len(digits) > _SPAN_DIGITS:
        return maximum, True
    value = int(digits)
    if value == 0:
        return (0, False) if zero_allowed else (1, True)
    if value > maximum:
        return maximum, True
    return value, match.group(0).strip() != raw.strip()


def read_spans(
    rowspan_raw: str | None, colspan_raw: str | None
) -> tuple[int, int, tuple[SpanRepair, ...]]:
    """A cell's ``(rowspan, colspan, repairs)`` with each attribute's own limits.

    Both scrapers read spans this one way so their grids agree; each words the repairs in its
    own messages, since a reader of wikitext and a reader of HTML quote the source differently.
    """
    rowspan, row_repaired = parse_span(rowspan_raw, maximum=MAX_ROWSPAN, zero_allowed=True)
    colspan, col_repaired = parse_span(colspan_raw, maximum=MAX_COLSPAN, zero_allowed=False)
    repairs = tuple(
        (name, raw, value)
        for name, raw, value, repaired in (
            ("rowspan", rowspan_raw, rowspan, row_repaired),
            ("colspan", colspan_raw, colspan, col_repaired),
        )
        if repaired
    )
    return rowspan, colspan, repairs


def expand(
    rows: list[list[SpannedCell]], budget: GridBudget | None = None
) -> tuple[list[list[Cell]], list[SpanProblem]]:
    """Lay out spanned cells into a grid; returns the grid and one problem per clamped span.

    Each problem carries the index of the row the span starts in, so that a scraper can point
    at that row's source line without reading it back out of the message.

    A spanned copy carries the ``spanned`` flag so that checks can tell a printed value from a
    repeated one (two tied drivers sharing one points cell is not a duplicated score).

    Raises :class:`GridTooLarge` when the grid would pass :func:`grid_bound` or what is left
    of ``budget`` (which is then charged with this table's cells). Work is linear in the cells
    laid out: a row's column only moves forward past occupied positions.
    """
    n_rows = len(rows)
    limit = grid_bound(sum(len(row) for row in rows))
    if budget is not None:
        limit = min(limit, budget.left)
    _check_size(rows, limit)
    grid: list[dict[int, Cell]] = [{} for _ in range(n_rows)]
    problems: list[SpanProblem] = []
    for r, row in enumerate(rows):
        col = 0
        for spanned in row:
            while col in grid[r]:
                col += 1
            rowspan = spanned.rowspan if spanned.rowspan > 0 else n_rows - r
            if r + rowspan > n_rows:
                problems.append(
                    (
                        r,
                        f"rowspan={spanned.rowspan} at row {r + 1} runs past the table's last "
                        f"row; cut to {n_rows - r}",
                    )
                )
                rowspan = n_rows - r
            colspan = max(1, spanned.colspan)
            copy = replace(spanned.cell, flags=spanned.cell.flags | {"spanned"})  # one, shared
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[r + dr].setdefault(col + dc, copy if dr or dc else spanned.cell)
            col += colspan
    width = max((max(cells) + 1 for cells in grid if cells), default=0)
    if width * n_rows > limit:
        raise GridTooLarge(_too_large(width * n_rows, limit))
    if budget is not None:
        budget.left -= width * n_rows
    result: list[list[Cell]] = []
    for cells in grid:
        line = next((c.line for c in cells.values()), 0)
        # holes (short rows) become empty cells flagged ``padding``: the grid is rectangular
        padding = Cell("", flags=frozenset({"padding"}), line=line)
        result.append([cells.get(c, padding) for c in range(width)])
    return result, problems


def _check_size(rows: list[list[SpannedCell]], limit: int) -> None:
    """Refuse before laying out: the positions the spans ask for bound the cells placed."""
    n_rows = len(rows)
    asked = 0
    for r, row in enumerate(rows):
        for spanned in row:
            rowspan = spanned.rowspan if 0 < spanned.rowspan <= n_rows - r else n_rows - r
            asked += rowspan * max(1, spanned.colspan)
        if asked > limit:
            raise GridTooLarge(_too_large(asked, limit, spans=True))


def _too_large(cells: int, limit: int, *, spans: bool = False) -> str:
    cause = f"its row and column spans ask for {cells:,}+" if spans else f"it lays out {cells:,}"
    return (
        f"table not read: {cause} cells, over its limit of {limit:,} ({GRID_CELLS_PER_WRITTEN} "
        f"per cell written, {MAX_GRID_CELLS:,} per table, {MAX_DOCUMENT_CELLS:,} per article)"
    )
