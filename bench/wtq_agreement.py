"""How closely our HTML table extraction agrees with the WikiTableQuestions data set's.

WikiTableQuestions (Pasupat & Liang 2015) extracted one ``wikitable`` from each of the season
pages in ``../shared/real/wtq`` independently of us, so it is an oracle for cell texts. Its
``tableN`` is the 0-based index among the page's ``table.wikitable`` elements in document
order, nested tables included, which is exactly our ``Table.index``.

Some differences are the data set's conventions, not errors; a row that differs only by those
counts as agreeing, and the convention is named so a reader can check it:

* it keeps footnote marks typed into the text ("March 30†"); we move them to ``Cell.notes``;
* it stacks a cell's names with a line break; we join flagged names with " / ";
* it merges a multi-row header into one row ("GTP Winning Team GTP Winning Drivers");
* it drops a full-width footer row and the empty columns that row's ``colspan`` adds.

Usage: ``python bench/wtq_agreement.py [DIR]`` (default ``../shared/real/wtq``); prints the
agreement per page (``same``: identical cell texts once the table shapes are aligned;
``agree``: also counting the conventions above), then every row that still disagrees.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from wikiaudit.scraper.html import parse_html
from wikiaudit.scraper.model import Cell, Document, Row, Table

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "real" / "wtq"
MARKS = "data set keeps footnote marks"
NAMES = "data set stacks names with a line break"
HEADER = "data set merges header rows"
FOOTER = "data set drops a full-width footer and its columns"
_TSV_ESCAPES = {"n": "\n", "p": "|", "\\": "\\"}
_TSV_ESCAPE = re.compile(r"\\(.)")
_TABLE_FILE = re.compile(r"\.table(\d+)\.tsv$")
_TRAILING_MARKS = re.compile(r"\s*[†‡§¶*^]+$")


@dataclass(slots=True)
class RowDiff:
    """One data-set row that no convention explains."""

    index: int
    ours: list[str] | None
    theirs: list[str]


@dataclass(slots=True)
class PageAgreement:
    page: str
    table_index: int
    rows: int = 0
    matching: int = 0
    same: int = 0
    conventions: Counter[str] = field(default_factory=Counter)
    diffs: list[RowDiff] = field(default_factory=list)
    extra_rows: list[list[str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.matching / self.rows if self.rows else 1.0


def read_wtq_tsv(path: Path) -> list[list[str]]:
    """The TSV form is used because its escaping is unambiguous: ``\\n``, ``\\p`` (|), ``\\\\``."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        rows.append([_collapse(_TSV_ESCAPE.sub(_unescape, cell)) for cell in cells])
    return rows


def _unescape(match: re.Match[str]) -> str:
    return _TSV_ESCAPES.get(match.group(1), match.group(0))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def compare_page(page: Path, document: Document | None = None) -> PageAgreement:
    """Compare the page's extracted table, row by row, with the data set's rows.

    ``document`` is the page already parsed, for callers that parse each page once and share
    it (the tests); it is only read, never changed.
    """
    tsv = next(page.parent.glob(page.name.replace(".page.html", ".table*.tsv")))
    index = int(_TABLE_FILE.search(tsv.name).group(1))
    if document is None:
        document = parse_html(page.read_text(encoding="utf-8"), str(page))
    table = document.tables[index]
    theirs = read_wtq_tsv(tsv)
    result = PageAgreement(page.name.removesuffix(".page.html"), index, rows=len(theirs))
    ours = _comparable_rows(table, result.conventions)
    for i, their_row in enumerate(theirs):
        our_row = ours[i] if i < len(ours) else None
        if our_row is not None and [c.text for c in our_row] == their_row:
            result.same += 1
        conventions = _row_conventions(our_row, their_row) if our_row is not None else None
        if conventions is None:
            result.diffs.append(RowDiff(i, _texts(our_row), their_row))
            continue
        result.matching += 1
        result.conventions.update(conventions)
    result.extra_rows = [[c.text for c in row] for row in ours[len(theirs) :]]
    return result


def _texts(cells: list[Cell] | None) -> list[str] | None:
    return None if cells is None else [cell.text for cell in cells]


def _comparable_rows(table: Table, conventions: Counter[str]) -> list[list[Cell]]:
    """Our rows in the data set's shape: one header row, no padding columns, no footer."""
    rows = list(table.rows)
    headers = 0
    while headers < len(rows) and rows[headers].is_header:
        headers += 1
    if headers > 1:
        conventions[HEADER] += 1
        rows = [_merged_header(rows[:headers]), *rows[headers:]]
    if rows and _is_full_width_footer(rows[-1]):
        conventions[FOOTER] += 1
        rows = rows[:-1]
    return [_without_padding(row.cells) for row in rows]


def _merged_header(rows: list[Row]) -> Row:
    """Column-wise join of header texts; a label spanning down the rows is said once."""
    cells = []
    for column in zip(*(row.cells for row in rows), strict=True):
        parts = [cell.text for cell in column if "spanned" not in cell.flags or cell is column[0]]
        cells.append(replace(column[0], text=_collapse(" ".join(parts))))
    return Row(cells, rows[0].line, is_header=True)


def _is_full_width_footer(row: Row) -> bool:
    """One cell spanning the whole table: a footnote line under the data."""
    return len(row.cells) > 1 and all("spanned" in cell.flags for cell in row.cells[1:])


def _without_padding(cells: list[Cell]) -> list[Cell]:
    while cells and "padding" in cells[-1].flags:
        cells = cells[:-1]
    return cells


def _row_conventions(ours: list[Cell], theirs: list[str]) -> list[str] | None:
    """The conventions that explain every difference in the row, or None when some cell differs."""
    if len(ours) != len(theirs):
        return None
    conventions = []
    for cell, text in zip(ours, theirs, strict=True):
        if cell.text == text:
            continue
        convention = _cell_convention(cell, text)
        if convention is None:
            return None
        conventions.append(convention)
    return conventions


def _cell_convention(cell: Cell, theirs: str) -> str | None:
    if cell.notes and _TRAILING_MARKS.sub("", theirs) == cell.text:
        return MARKS
    if len(cell.names) > 1 and " ".join(name.text for name in cell.names) == theirs:
        return NAMES
    return None


def compare_all(
    directory: Path, parsed: Callable[[Path], Document] | None = None
) -> list[PageAgreement]:
    """Every page of ``directory``; ``parsed`` gives a page's document when the caller has it."""
    pages = sorted(directory.glob("*.page.html"))
    return [compare_page(page, parsed(page) if parsed else None) for page in pages]


def overall_rate(results: list[PageAgreement]) -> float:
    rows = sum(result.rows for result in results)
    return sum(result.matching for result in results) / rows if rows else 1.0


def report(results: list[PageAgreement]) -> str:
    lines = [f"{'page':<66} {'table':>5} {'rows':>5} {'same':>5} {'agree':>5}  rate"]
    for r in results:
        lines.append(
            f"{r.page:<66} {r.table_index:>5} {r.rows:>5} {r.same:>5} {r.matching:>5}  {r.rate:.1%}"
        )
    rows = sum(r.rows for r in results)
    same = sum(r.same for r in results)
    lines.append(f"overall: {overall_rate(results):.2%} agree, {same / rows:.2%} same, {rows} rows")
    conventions = sum((r.conventions for r in results), Counter())
    lines += [f"  {count:>4} x {name}" for name, count in conventions.most_common()]
    for r in results:
        for diff in r.diffs:
            lines += [f"\n{r.page} row {diff.index}:", f"  ours:   {diff.ours}"]
            lines.append(f"  theirs: {diff.theirs}")
        for extra in r.extra_rows:
            lines.append(f"\n{r.page} row only in ours: {extra}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    if not directory.is_dir():
        print(f"no such directory: {directory}", file=sys.stderr)
        return 2
    print(report(compare_all(directory)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
