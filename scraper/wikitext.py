"""Read the tables and prose of an article's wikitext into the source-independent model.

The structure is found the way MediaWiki finds it: a scan over lines, where a line starting
(after whitespace) with ``{|``, ``|}``, ``|-``, ``|+``, ``|`` or ``!`` is table syntax. Only
cell contents that carry markup are handed to mwparserfromhell (see ``wikitext_cells``);
parsing the whole page would cost more than the audit is allowed to. MediaWiki expands
templates before it looks for tables, so lines inside a multi-line template call are not
table syntax; a table written inside a template argument is still a table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate
from pathlib import PurePath

from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.grid import (
    MAX_GRID_CELLS,
    GridBudget,
    GridTooLarge,
    SpannedCell,
    SpanRepair,
    check_written,
    expand,
    read_spans,
)
from wikiaudit.scraper.model import Cell, Document, Name, Paragraph, ParseIssue, Row, Table
from wikiaudit.scraper.whitespace import collapse
from wikiaudit.scraper.wikitext_cells import Reduced, reduce_cell, reduce_prose

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_BRACES = re.compile(r"\{\{|\}\}")
_HEADING = re.compile(r"(={1,6})\s*(.+?)\s*\1\s*")
_RULE = re.compile(r"-{4,}\s*")
_TOKENS = re.compile(r"\{\{|\}\}|\[\[|\]\]|<ref\b[^>]*?/>|<ref\b[^>]*>|</ref\s*>|\|\||!!|\|", re.I)
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_ATTRIBUTE = re.compile(
    r"""\s*([A-Za-z_:][-\w:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?(?=\s|$)"""
)
_JUNK = re.compile(r"\s*\S+")
# ``|rowspan=2 {{n/a}}``: templates that expand to ``attributes | text`` themselves.
_ATTRS_THEN_CELL_TEMPLATE = re.compile(
    r"""\s*((?:[A-Za-z-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'{}|]+)\s*)+)"""
    r"""(\{\{\s*(?:n/a|na|yes|no|tba|tbd|dunno)\s*(?:\|[^{}]*)?\}\})\s*""",
    re.IGNORECASE,
)
_NOTELIST = re.compile(
    r"\{\{\s*(?:notelist|notes|efn notes|reflist\s*\|[^}]*\bgroup\s*=)", re.IGNORECASE
)
_SPAN_ATTRIBUTES = ("rowspan", "colspan")
_SOURCE_SUFFIXES = (".txt", ".wikitext", ".wiki", ".mediawiki")


@dataclass(slots=True)
class _RawCell:
    header: bool
    attrs: str
    content: list[str]
    line: int


@dataclass(slots=True)
class _RawRow:
    line: int
    cells: list[_RawCell] = field(default_factory=list)


@dataclass(slots=True)
class _OpenTable:
    """A table being read; ``target`` is the cell (or caption) that takes continuation lines."""

    index: int
    line: int
    depth: int
    headings: tuple[str, ...]
    classed: bool = True
    """Whether the ``{|`` line gives the ``wikitable`` class."""
    nests: bool = False
    """Whether another table opens inside it."""
    rows: list[_RawRow] = field(default_factory=list)
    caption: _RawCell | None = None
    row_line: int | None = None
    target: _RawCell | None = None
    #: Cells written so far; past ``MAX_GRID_CELLS`` they are counted, not kept.
    written: int = 0

    @property
    def layout(self) -> bool:
        """A table without the ``wikitable`` class that holds another table arranges the page
        (standings beside their legend): rendered HTML shows no data table there, so neither
        does this reading; its own cells are read as prose."""
        return not self.classed and self.nests

    def start_row(self, line: int) -> None:
        """MediaWiki opens the ``<tr>`` only at the row's first cell, so empty rows vanish."""
        self.row_line = line
        self.target = None

    def add_cell(self, cell: _RawCell) -> None:
        self.written += 1
        if self.written > MAX_GRID_CELLS:
            self.target = None
            return
        if self.row_line is not None or not self.rows:
            self.rows.append(_RawRow(self.row_line or cell.line))
            self.row_line = None
        self.rows[-1].cells.append(cell)
        self.target = cell

    def continue_cell(self, line: str) -> None:
        if self.target is not None:
            self.target.content.append(line)


@dataclass(frozen=True, slots=True)
class _ReadCell:
    """What a cell's markup means, apart from where it stands (its line)."""

    text: str
    names: tuple[Name, ...]
    flags: frozenset[str]
    notes: tuple[str, ...]
    attrs: tuple[tuple[str, str], ...]
    rowspan: int
    colspan: int
    malformed: bool
    repaired: tuple[SpanRepair, ...]
    footnotes: tuple[str, ...]


@lru_cache(maxsize=16384)
def _read_raw_cell(header: bool, attrs_text: str, content: str) -> _ReadCell:
    """A cell's value, flags and spans; articles repeat most cells (numbers, blanks, flags)."""
    attrs = _parse_attributes(attrs_text) if attrs_text.strip() else _Attributes()
    rowspan, colspan, repaired = read_spans(attrs.rowspan, attrs.colspan)
    reduced = reduce_cell(content)
    return _ReadCell(
        text=reduced.text,
        names=reduced.names,
        flags=reduced.flags | {"header"} if header else reduced.flags,
        notes=reduced.notes,
        attrs=attrs.kept,
        rowspan=rowspan,
        colspan=colspan,
        malformed=attrs.malformed,
        repaired=repaired,
        footnotes=reduced.footnotes,
    )


def parse_wikitext(text: str, source: str = "<wikitext>") -> Document:
    """Every table (nested ones too) and prose paragraph of an article's wikitext."""
    if not isinstance(text, str):
        raise InputError(f"{source}: wikitext must be text, not {type(text).__name__}")
    return _Parser(source).parse(text)


def _prepare(text: str) -> list[str]:
    """Normalise what MediaWiki removes before it reads tables, keeping line numbers intact."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "{{!" in text:
        text = text.replace("{{!!}}", "||").replace("{{!-}}", "|-").replace("{{!}}", "|")
    if "<!--" in text:
        text = _COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), text)
    return text.split("\n")


def _line_depths(lines: list[str]) -> list[int]:
    """How many template calls are open at the start of each line (and after the last).

    Only matched ``{{``/``}}`` pairs count: MediaWiki shows a stray ``{{`` as text, and it
    must not swallow the rest of the page. Only a pair with a line break inside it opens a
    line inside a call; most pairs (``{{flagicon|USA}}``) close on the line they open on.
    """
    text = "\n".join(lines)
    spans: list[tuple[int, int]] = []
    opened: list[int] = []
    find = text.find
    for match in _BRACES.finditer(text):
        if match.group(0) == "{{":
            opened.append(match.start())
        elif opened:
            start = opened.pop()
            if find("\n", start, match.start()) != -1:
                spans.append((start, match.start()))
    depths = [0] * (len(lines) + 1)
    if not spans:
        return depths
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    for start, end in spans:  # the lines starting inside the call: after ``{{``, up to ``}}``
        for number in range(bisect_right(starts, start), bisect_right(starts, end)):
            depths[number] += 1
    return depths


def _top_level(text: str, separators: frozenset[str]) -> Iterator[re.Match[str]]:
    """Separators outside ``[[ ]]``, ``{{ }}`` and ``<ref>``: their pipes are not table syntax."""
    track_links = text.count("[[") == text.count("]]")
    braces = links = refs = 0
    for match in _TOKENS.finditer(text):
        token = match.group(0)
        if token == "{{":
            braces += 1
        elif token == "}}":
            braces = max(0, braces - 1)
        elif token in ("[[", "]]"):
            links = max(0, links + (1 if token == "[[" else -1)) if track_links else 0
        elif token.startswith("</"):
            refs = max(0, refs - 1)
        elif token.startswith("<"):
            refs += 0 if token.endswith("/>") else 1
        elif not (braces or links or refs) and token in separators:
            yield match


def split_cells(text: str, header: bool) -> list[str]:
    """A row line's cells (after its leading ``|``/``!``); ``--fix`` locates values with it."""
    separators = frozenset({"||", "!!"} if header else {"||"})
    if "{{" not in text and "[[" not in text and "<" not in text:
        return re.split(r"\|\||!!", text) if header else text.split("||")
    cells: list[str] = []
    start = 0
    for match in _top_level(text, separators):
        cells.append(text[start : match.start()])
        start = match.end()
    cells.append(text[start:])
    return cells


def split_attributes(cell: str) -> tuple[str, str]:
    """``style="..." | value``: MediaWiki cuts at the first pipe, unless a link comes first."""
    if "{{" not in cell and "[[" not in cell and "<" not in cell:
        before, pipe, after = cell.partition("|")
        return (before, after) if pipe else ("", cell)
    pipe = next(_top_level(cell, frozenset({"|"})), None)
    if pipe is None:
        templated = _ATTRS_THEN_CELL_TEMPLATE.fullmatch(cell)
        return (templated.group(1), templated.group(2)) if templated else ("", cell)
    before = cell[: pipe.start()]
    unquoted = _QUOTED.sub("", before)
    if "[[" in unquoted or "{{" in unquoted:
        return "", cell
    return before, cell[pipe.end() :]


@dataclass(frozen=True, slots=True)
class _Attributes:
    """A cell's attributes: the spans apart (expansion consumes them), the rest kept."""

    kept: tuple[tuple[str, str], ...] = ()
    rowspan: str | None = None
    colspan: str | None = None
    malformed: bool = False


@lru_cache(maxsize=1024)
def _parse_attributes(text: str) -> _Attributes:
    """Attributes as (lower-case name, value) pairs, first one winning, as the sanitizer does.

    Junk such as ``style"vertical-align:middle"`` is dropped, not fatal, but remembered.
    """
    pairs: dict[str, str] = {}
    malformed = False
    position, end = 0, len(text)
    while position < end:
        match = _ATTRIBUTE.match(text, position)
        if match is None:
            malformed = malformed or bool(text[position:].strip())
            junk = _JUNK.match(text, position)
            position = junk.end() if junk else end
            continue
        value = next((group for group in match.group(2, 3, 4) if group is not None), "")
        pairs.setdefault(match.group(1).lower(), value)
        position = match.end()
    kept = tuple((name, value) for name, value in pairs.items() if name not in _SPAN_ATTRIBUTES)
    return _Attributes(kept, pairs.get("rowspan"), pairs.get("colspan"), malformed)


def _caption(raw: _RawCell | None) -> str | None:
    if raw is None:
        return None
    return reduce_cell("\n".join(raw.content)).text or None


def _title_from_source(source: str) -> str | None:
    if source.startswith("<"):
        return None
    name = PurePath(source).name
    while name.lower().endswith(_SOURCE_SUFFIXES):
        name = name[: name.rfind(".")]
    return name.replace("_", " ").strip() or None


class _Parser:
    """One pass over the lines; tables nest on a stack, prose collects between them."""

    def __init__(self, source: str) -> None:
        self.document = Document(source=source, title=_title_from_source(source))
        self.tables: dict[int, Table] = {}
        self.stack: list[_OpenTable] = []
        self.headings: tuple[str, ...] = ()
        self.table_count = 0
        self.paragraph: list[str] = []
        self.paragraph_line = 0
        self.paragraph_standalone = False
        self.footnotes: list[str] = []
        self.layouts: set[int] = set()
        self.budget = GridBudget()

    def parse(self, text: str) -> Document:
        lines = _prepare(text)
        self.scan(lines, _line_depths(lines))
        self.flush()
        while self.stack:
            table = self.stack[-1]
            self.issue(
                "table is not closed with |}; closed at the end",
                table.line,
                table.index,
                "unclosed-table",
            )
            self.close_table()
        self.document.tables = [self.tables[index] for index in sorted(self.tables)]
        self._renumber()
        return self.document

    def scan(self, lines: list[str], depths: list[int]) -> None:
        """Read every line in order (``scraper.incremental`` reuses tables read before)."""
        for number, line in enumerate(lines, 1):
            self.line(line, number, depths[number - 1], depths[number])

    def reduce_prose(self, content: str) -> Reduced:
        """Prose, a heading or a layout cell as text (``scraper.incremental`` remembers them)."""
        return reduce_prose(content)

    def _renumber(self) -> None:
        """Number the data tables in order once layout tables are known to be none."""
        if not self.layouts:
            return
        new = {table.index: number for number, table in enumerate(self.document.tables)}
        for table in self.document.tables:
            table.index = new[table.index]
        self.document.issues = [
            replace(issue, table_index=new.get(issue.table_index))
            if issue.table_index is not None
            else issue
            for issue in self.document.issues
        ]

    def line(self, line: str, number: int, depth: int, end_depth: int) -> None:
        stripped = line.strip()
        if stripped.lstrip(":").startswith("{|"):
            if depth == 0:  # a table inside a template argument leaves the call's text whole
                self.flush()
            self.open_table(number, depth, stripped.lstrip(":")[2:])
        elif self.stack and depth > self.stack[-1].depth:
            self.stack[-1].continue_cell(line)
        elif self.stack:
            self.table_line(line, stripped, number)
        else:
            self.prose_line(line, stripped, number, depth, end_depth)

    def open_table(self, number: int, depth: int, attrs: str = 'class="wikitable"') -> None:
        classes = dict(_parse_attributes(attrs).kept).get("class", "")
        if self.stack:
            self.stack[-1].nests = True
        classed = "wikitable" in classes.split()
        self.stack.append(_OpenTable(self.table_count, number, depth, self.headings, classed))
        self.table_count += 1

    def table_line(self, line: str, stripped: str, number: int) -> None:
        table = self.stack[-1]
        if stripped.startswith("|}"):
            self.close_table()
        elif stripped.startswith("|-"):
            table.start_row(number)
        elif stripped.startswith("|+"):
            attrs, content = split_attributes(stripped[2:])
            table.caption = table.target = _RawCell(False, attrs, [content], number)
        elif stripped.startswith(("|", "!")):
            header = stripped[0] == "!"
            if table.written + stripped.count("||") + stripped.count("!!") > MAX_GRID_CELLS:
                table.written += stripped.count("||") + stripped.count("!!") + 1
                table.target = None  # over the bound: counted, not split (a 19 MB line)
                return
            for cell in split_cells(stripped[1:], header):
                attrs, content = split_attributes(cell)
                table.add_cell(_RawCell(header, attrs, [content], number))
        else:
            table.continue_cell(line)

    def close_table(self) -> None:
        open_table = self.stack.pop()
        if open_table.layout:
            self.layouts.add(open_table.index)
            for row in open_table.rows:
                for cell in row.cells:
                    text = self.reduce_prose("\n".join(cell.content)).text
                    if text:
                        self.add_paragraph(text, cell.line)
            return
        self.tables[open_table.index] = self.build(open_table)

    def build(self, open_table: _OpenTable) -> Table:
        rows = open_table.rows
        try:
            check_written(open_table.written, self.budget)
            spanned = [[self.spanned(cell, open_table.index) for cell in row.cells] for row in rows]
            grid, problems = expand(spanned, self.budget)
        except GridTooLarge as error:
            self.issue(str(error), open_table.line, open_table.index, "malformed-span")
            return self.unreadable(open_table)
        for row, problem in problems:
            self.issue(problem, rows[row].line, open_table.index, "malformed-span")
        return Table(
            index=open_table.index,
            headings=open_table.headings,
            rows=[
                Row(cells, row.line, is_header=all(cell.header for cell in row.cells))
                for cells, row in zip(grid, rows, strict=True)
            ],
            line=open_table.line,
            caption=_caption(open_table.caption),
            source="wikitext",
        )

    def unreadable(self, open_table: _OpenTable) -> Table:
        """A table too large to lay out keeps its place (and index), with no rows to check."""
        return Table(
            index=open_table.index,
            headings=open_table.headings,
            rows=[],
            line=open_table.line,
            caption=_caption(open_table.caption),
            source="wikitext",
        )

    def spanned(self, raw: _RawCell, table_index: int) -> SpannedCell:
        read = _read_raw_cell(raw.header, raw.attrs, "\n".join(raw.content))
        if read.malformed:
            self.issue(
                f"malformed cell attributes {collapse(raw.attrs)!r}",
                raw.line,
                table_index,
                "malformed-attribute",
            )
        for key, raw_span, value in read.repaired:
            self.issue(
                f'{key}="{raw_span}" is malformed; read as {value}',
                raw.line,
                table_index,
                "malformed-span",
            )
        self.footnotes.extend(read.footnotes)
        cell = Cell(read.text, read.names, read.flags, read.notes, raw.line, read.attrs)
        return SpannedCell(cell, read.rowspan, read.colspan)

    def prose_line(self, line: str, stripped: str, number: int, depth: int, end_depth: int) -> None:
        if depth == 0:
            if stripped.startswith(("|", "!")):
                self.flush()
                self.issue(
                    "table syntax outside any table; ignored", number, None, "row-outside-table"
                )
                return
            heading = _HEADING.fullmatch(line.rstrip())
            if heading:
                self.flush()
                self.heading(len(heading.group(1)), heading.group(2))
                return
            if not stripped or _RULE.fullmatch(stripped):
                self.flush()
                return
            if stripped.startswith(("*", "#", ":", ";", "{{")):
                self.flush()
                self.paragraph_standalone = True
                line = stripped.lstrip("*#:;")
        if not self.paragraph:
            self.paragraph_line = number
        self.paragraph.append(line)
        if self.paragraph_standalone and end_depth == 0:
            self.flush()

    def heading(self, level: int, raw: str) -> None:
        text = self.reduce_prose(raw).text
        leading = not (self.table_count or self.document.paragraphs or self.headings)
        if level == 1 and leading:
            self.document.title = text or self.document.title
            return
        depth = max(level - 2, 0)
        self.headings = (*self.headings[:depth], text)

    def flush(self) -> None:
        """End the paragraph being collected; a ``{{notelist}}`` prints the footnotes so far."""
        lines, self.paragraph, self.paragraph_standalone = self.paragraph, [], False
        if not lines:
            return
        content = "\n".join(lines)
        reduced = self.reduce_prose(content)
        self.footnotes.extend(reduced.footnotes)
        if reduced.text:
            self.add_paragraph(reduced.text, self.paragraph_line)
        if _NOTELIST.search(content):
            for note in self.footnotes:
                self.add_paragraph(note, self.paragraph_line)
            self.footnotes.clear()

    def add_paragraph(self, text: str, line: int) -> None:
        self.document.paragraphs.append(Paragraph(text, self.headings, line))

    def issue(self, message: str, line: int, table_index: int | None, rule: str) -> None:
        self.document.issues.append(ParseIssue(message, line, table_index, rule))
