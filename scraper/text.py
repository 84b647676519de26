"""The flattened plain-text form of an article (``fixtures/2012.txt``).

In this form headings are ``= Title =`` / ``==Section==`` lines and each table row is a line
``| cell | cell |``; flags survive only as a nationality code in front of a name
(``DEU Lucas Luhr``), and row spans are lost. Two kinds of lost span are common enough to
repair here, because the repair needs nothing but the grid itself:

* a tied standings row whose position cell was spanned from the row above comes out one cell
  short at the front and one empty cell long at the back;
* layout debris of the enclosing table (``|valign="top"|``, ``|}``) sits among the rows.

Repairs that need to know what a table means (the two-line rounds of a results table, the
entry list's lost car rows) belong to the season model, not here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from wikiaudit.scraper.grid import GridBudget, GridTooLarge, check_written
from wikiaudit.scraper.lines import split_lines
from wikiaudit.scraper.model import Cell, Document, Name, Paragraph, ParseIssue, Row, Table
from wikiaudit.scraper.nationality import is_code

_HEADING = re.compile(r"^(=+)\s*(.*?)\s*\1\s*$")
_LAYOUT_ATTRIBUTE = re.compile(r"^\s*[a-z-]+\s*=\s*\"[^\"]*\"\s*$")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_FOOTNOTE = re.compile(r"(?:\[\w{1,3}\]|[†‡*#^])+$")


def parse_text(text: str, source: str = "<text>") -> Document:
    """Split the flattened article into tables and prose, keeping every row's source line."""
    document = Document(source=source)
    headings: list[str] = []
    block: list[tuple[int, str]] = []
    budget = GridBudget()

    def flush() -> None:
        if block:
            index = len(document.tables)
            try:
                # counted before any cell is built: one 19 MB line of pipes is millions
                written = sum(line.count("|") for _, line in block)
                check_written(written, budget)
                budget.left -= written
                table = _build_table(index, tuple(headings), block)
            except GridTooLarge as error:
                document.issues.append(ParseIssue(str(error), block[0][0], index, "parse-issue"))
                table = Table(index, tuple(headings), [], block[0][0], source="text")
            if table is not None:
                document.tables.append(table)
            block.clear()

    for number, raw in enumerate(split_lines(text), start=1):
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            if level == 1 and document.title is None:
                document.title = heading.group(2)
                continue
            del headings[max(level - 2, 0) :]
            headings.append(heading.group(2))
        elif line.startswith("|"):
            if not _is_debris(line):
                block.append((number, line))
        elif line:
            flush()
            document.paragraphs.append(
                Paragraph(line.lstrip("-* ").strip(), tuple(headings), number)
            )
        else:
            flush()
    flush()
    return document


def _is_debris(line: str) -> bool:
    """Table-closing and layout-attribute lines of the original wikitext carry no data."""
    inner = line.strip("| ")
    return line.startswith("|}") or line.startswith("|{") or bool(_LAYOUT_ATTRIBUTE.match(inner))


def _build_table(
    index: int, headings: tuple[str, ...], block: list[tuple[int, str]]
) -> Table | None:
    rows = [Row([_cell(text, number) for text in _split(line)], number) for number, line in block]
    if not rows:
        return None
    _mark_header_rows(rows)
    _restore_lost_leading_spans(rows)
    return Table(index=index, headings=headings, rows=rows, line=rows[0].line, source="text")


def _split(line: str) -> list[str]:
    inner = line[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [part.strip() for part in inner.split("|")]


def _cell(text: str, line: int) -> Cell:
    display, names, notes = _read_cell(text)
    return Cell(text=display, names=names, notes=notes, line=line)


@lru_cache(maxsize=8192)
def _read_cell(text: str) -> tuple[str, tuple[Name, ...], tuple[str, ...]]:
    """Display text, names and notes of a cell; an article repeats most of its cell texts."""
    value, notes = _strip_footnotes(text)
    names = split_names(value)
    if any(name.nationality for name in names):
        return " / ".join(name.text for name in names), names, notes
    return value, names, notes


def _strip_footnotes(text: str) -> tuple[str, tuple[str, ...]]:
    """``12†`` is the number 12 with a note; keep the note apart so arithmetic sees 12."""
    match = _FOOTNOTE.search(text)
    if match and match.start() > 0 and text[match.start() - 1].isalnum():
        return text[: match.start()], (match.group(0),)
    return text, ()


def split_names(text: str) -> tuple[Name, ...]:
    """Cut ``USA Performance Tech Motorsports USA RSR Racing`` into its flagged names.

    A nationality code starts a new name; words before the first code (a name whose flag was
    lost in flattening) form a name of their own with no nationality.
    """
    tokens = text.split()
    flags = [_is_flag(tokens, i) for i in range(len(tokens))]
    if not any(flags):
        return (Name(text),) if text else ()
    names: list[Name] = []
    code: str | None = None
    words: list[str] = []
    for token, flag in zip(tokens, flags, strict=True):
        if flag and (words or code is None):
            if words or code:
                names.append(Name(" ".join(words), code))
            code, words = token, []
        else:
            words.append(token)
    if words or code:
        names.append(Name(" ".join(words), code))
    return tuple(name for name in names if name.text)


def _is_flag(tokens: list[str], index: int) -> bool:
    """A code stands for a flag only in front of a name (``VIR 240`` is a race, not a flag)."""
    if not is_code(tokens[index]) or index + 1 >= len(tokens):
        return False
    following = tokens[index + 1]
    return following[0].isupper() or following[0] == "#"


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def _mark_header_rows(rows: list[Row]) -> None:
    """Leading rows of labels (no bare number, no flagged name) are the header."""
    for row in rows:
        cells = [cell for cell in row.cells if not cell.is_blank]
        if not cells or any(is_number(c.text) or c.nationality for c in cells):
            return
        row.is_header = True
        row.cells = [replace(cell, flags=cell.flags | {"header"}) for cell in row.cells]


_RESULT_CODES = frozenset(
    {"ret", "dnf", "dns", "dsq", "dq", "nc", "dnq", "dnpq", "ex", "wd", "wth", "dna", "dnp"}
)
"""A race classification's unplaced rows start with one of these (``| Ret | 2 | …``): their
first cell is the result, not a name that lost its position."""


def _restore_lost_leading_spans(rows: list[Row]) -> None:
    """Put back the position cell a tied row lost when its rowspan was flattened away.

    The signature is exact: the row is as wide as the header, only its last cell is empty
    (the one the shift pushed out), its first cell is not a number (nor a result code: a
    retirement's row in a race classification has no points to print) while the row above
    and most of the first column hold numbers.
    """
    header = next((row for row in rows if row.is_header), None)
    body = [row for row in rows if not row.is_header]
    if header is None or len(body) < 2:
        return
    numeric_first = sum(1 for row in body if row.cells and is_number(row.cells[0].text))
    if numeric_first * 2 < len(body):
        return
    width = len(header.cells)
    previous: Row | None = None
    for row in body:
        cells = row.cells
        if (
            previous is not None
            and len(cells) == width
            and cells[-1].is_blank
            and not cells[-2].is_blank
            and is_number(previous.cells[0].text)
            and not is_number(cells[0].text)
            and not cells[0].is_blank
            and cells[0].text.strip().rstrip(".").lower() not in _RESULT_CODES
        ):
            spanned = replace(previous.cells[0], flags=previous.cells[0].flags | {"spanned"})
            row.cells = [replace(spanned, line=row.line), *cells[:-1]]
        previous = row
