"""Property: wikitext and rendered HTML of the same spanned table give the same grid.

Hypothesis draws a layout (a rectangle of cells with random rowspan/colspan that fit), renders
it as wikitext and as the HTML MediaWiki would make of it, and both scrapers must recover the
layout's grid: each position's text, whether it is a header cell, and whether it is a spanned
copy rather than the cell as written.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from wikiaudit.scraper.html import parse_html
from wikiaudit.scraper.model import Table

wikitext = pytest.importorskip("wikiaudit.scraper.wikitext")

# letters, digits and inner spaces: nothing either syntax could read as markup
_TEXTS = st.text(alphabet="abcXYZ019 ", max_size=8)
_QUOTES = st.sampled_from(['"', "'", ""])


@dataclass(frozen=True)
class Placed:
    """One cell as written: where its top-left corner sits and what it covers."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    header: bool
    quote: str


@dataclass(frozen=True)
class Layout:
    n_rows: int
    n_cols: int
    cells: tuple[Placed, ...]
    inline_rows: frozenset[int]
    skip_first_row_marker: bool

    def row_cells(self, row: int) -> list[Placed]:
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)

    def grid(self) -> list[list[tuple[str, bool, bool]]]:
        """``(text, header, spanned)`` per position: what both scrapers must produce."""
        grid: list[list[tuple[str, bool, bool]]] = [
            [("", False, False)] * self.n_cols for _ in range(self.n_rows)
        ]
        for cell in self.cells:
            text = " ".join(cell.text.split())
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    grid[r][c] = (text, cell.header, (r, c) != (cell.row, cell.col))
        return grid


@st.composite
def layouts(draw: st.DrawFn) -> Layout:
    """Fill the grid row by row; each free position starts a cell whose rectangle is free."""
    n_rows, n_cols = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    taken = [[False] * n_cols for _ in range(n_rows)]
    cells = []
    for r in range(n_rows):
        for c in range(n_cols):
            if taken[r][c]:
                continue
            width = _free_run(taken[r], c)
            colspan = draw(st.integers(1, width))
            height = _free_height(taken, r, c, colspan)
            rowspan = draw(st.integers(1, height))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[r + dr][c + dc] = True
            cells.append(
                Placed(r, c, rowspan, colspan, draw(_TEXTS), draw(st.booleans()), draw(_QUOTES))
            )
    # MediaWiki drops a row in which no cell starts, which would move every span below it
    assume({cell.row for cell in cells} == set(range(n_rows)))
    inline = draw(st.frozensets(st.integers(0, n_rows - 1)))
    return Layout(n_rows, n_cols, tuple(cells), inline, draw(st.booleans()))


def _free_run(row: list[bool], start: int) -> int:
    width = 0
    while start + width < len(row) and not row[start + width]:
        width += 1
    return width


def _free_height(taken: list[list[bool]], row: int, col: int, colspan: int) -> int:
    height = 0
    while row + height < len(taken) and not any(taken[row + height][col : col + colspan]):
        height += 1
    return height


def _span_attrs(cell: Placed) -> str:
    q = cell.quote
    spans = [("rowspan", cell.rowspan), ("colspan", cell.colspan)]
    return " ".join(f"{name}={q}{value}{q}" for name, value in spans if value > 1)


def to_wikitext(layout: Layout) -> str:
    lines = ['{| class="wikitable"']
    for r in range(layout.n_rows):
        if r or not layout.skip_first_row_marker:
            lines.append("|-")
        cells = layout.row_cells(r)
        if r in layout.inline_rows and len({cell.header for cell in cells}) == 1:
            lines.append(_inline_row(cells))
        else:
            lines += [_wikitext_cell(cell, "!" if cell.header else "|") for cell in cells]
    lines.append("|}")
    return "\n".join(lines) + "\n"


def _wikitext_cell(cell: Placed, marker: str) -> str:
    attrs = _span_attrs(cell)
    return f"{marker} {attrs} | {cell.text}" if attrs else f"{marker} {cell.text}"


def _inline_row(cells: list[Placed]) -> str:
    """``! a !! b`` or ``| a || b``: all cells of the row on one line."""
    marker = "!" if cells[0].header else "|"
    parts = [_wikitext_cell(cell, marker)[2:] for cell in cells]
    return f"{marker} " + f" {marker}{marker} ".join(parts)


def to_html(layout: Layout) -> str:
    lines = ['<table class="wikitable">', "<tbody>"]
    for r in range(layout.n_rows):
        lines.append("<tr>")
        for cell in layout.row_cells(r):
            tag = "th" if cell.header else "td"
            attrs = _span_attrs(cell)
            lines.append(f"<{tag}{' ' + attrs if attrs else ''}>{cell.text}</{tag}>")
        lines.append("</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines) + "\n"


def observed(table: Table) -> list[list[tuple[str, bool, bool]]]:
    return [
        [(cell.text, "header" in cell.flags, "spanned" in cell.flags) for cell in row.cells]
        for row in table.rows
    ]


def _only_table(document) -> Table:
    assert not document.issues, document.issues
    assert len(document.tables) == 1
    return document.tables[0]


@settings(max_examples=300, deadline=None)
@given(layouts())
def test_html_recovers_the_layout(layout):
    assert observed(_only_table(parse_html(to_html(layout)))) == layout.grid()


@settings(max_examples=300, deadline=None)
@given(layouts())
def test_wikitext_recovers_the_layout(layout):
    source = to_wikitext(layout)
    assert observed(_only_table(wikitext.parse_wikitext(source, "<test>"))) == layout.grid()


@settings(max_examples=300, deadline=None)
@given(layouts())
def test_wikitext_and_html_agree(layout):
    from_wikitext = _only_table(wikitext.parse_wikitext(to_wikitext(layout), "<test>"))
    from_html = _only_table(parse_html(to_html(layout)))
    assert observed(from_wikitext) == observed(from_html)
    assert [row.is_header for row in from_wikitext.rows] == [
        row.is_header for row in from_html.rows
    ]
