"""Row/colspan expansion shared by the wikitext and HTML scrapers.

Both sources describe tables the same way (rows of cells, each covering ``rowspan`` x
``colspan`` grid positions), so one algorithm, the HTML table model's, serves both. That is
also how MediaWiki output reaches a reader: the browser lays out the cells, so clamping follows
the HTML standard (colspan 1..1000, rowspan 0..65534 where 0 means "to the end of the table",
anything non-numeric is 1), and a span reaching past the last row is cut at the last row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from wikiaudit.scraper.model import Cell

MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
_LEADING_INT = re.compile(r"\s*(\d+)")

#: A span attribute that had to be repaired: ``(attribute name, value as written, value read)``.
SpanRepair = tuple[str, str | None, int]
#: A span cut at the table's end: ``(0-based index of the row it starts in, message)``.
SpanProblem = tuple[int, str]


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
    value = int(match.group(1))
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


def expand(rows: list[list[SpannedCell]]) -> tuple[list[list[Cell]], list[SpanProblem]]:
    """Lay out spanned cells into a grid; returns the grid and one problem per clamped span.

    Each problem carries the index of the row the span starts in, so that a scraper can point
    at that row's source line without reading it back out of the message.

    A spanned copy carries the ``spanned`` flag so that checks can tell a printed value from a
    repeated one (two tied drivers sharing one points cell is not a duplicated score).
    """
    n_rows = len(rows)
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
            for dr in range(rowspan):
                for dc in range(colspan):
                    cell = spanned.cell
                    if dr or dc:
                        cell = replace(cell, flags=cell.flags | {"spanned"})
                    grid[r + dr].setdefault(col + dc, cell)
            col += colspan
    width = max((max(cells) + 1 for cells in grid if cells), default=0)
    result: list[list[Cell]] = []
    for cells in grid:
        line = next((c.line for c in cells.values()), 0)
        # holes (short rows) become empty cells flagged ``padding``: the grid is rectangular
        result.append(
            [cells.get(c, Cell("", flags=frozenset({"padding"}), line=line)) for c in range(width)]
        )
    return result, problems
