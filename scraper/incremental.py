"""Reading wikitext again, reusing the tables and prose an earlier revision read the same way.

A history walk reads hundreds of revisions of one article, and most of them change one cell of
one table. A :class:`ParseCache` keeps what the revisions before read, and
:meth:`ParseCache.parse` gives exactly the ``Document`` that ``scraper.wikitext.parse_wikitext``
gives for the same text, reading again only the tables and paragraphs that changed.

What a table contributes to the document is decided by its own lines and by where it stands, so
a table written at the top level (not inside another table) is reused when all of these match:

* its lines, from ``{|`` to the ``|}`` that closes it, as the scanner reads them (comments
  blanked, ``{{!}}`` replaced) and the template depth at each of them;
* the line it starts on, since every cell, row and table carries its line number (an edit that
  adds a line above a table reads that table again: shifting the line of every cell costs about
  what reading the table does);
* how many tables come before it (its index) and the heading path above it (its title);
* the article's grid budget, which limits a table only once less than one table's maximum is
  left: a table read near that limit is neither stored nor reused.

Reusing a table replays everything reading it did: the tables it holds (nested ones too), the
parse issues, the paragraphs a layout table's cells became, the footnotes its cells hold for a
later ``{{notelist}}``. Prose paragraphs and headings are remembered by their exact wikitext.

A cache belongs to one walk and is passed explicitly: results must not depend on what else the
process read before (issue 10). It keeps what the last two revisions used, so its size follows
one article, not the length of its history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.grid import MAX_GRID_CELLS
from wikiaudit.scraper.model import Document, Paragraph, ParseIssue, Table
from wikiaudit.scraper.wikitext import _Parser
from wikiaudit.scraper.wikitext_cells import Reduced, reduce_prose

K = TypeVar("K")
V = TypeVar("V")

SegmentKey = tuple[int, int, tuple[str, ...], str, tuple[int, ...]]
"""(first line, tables before it, heading path, its lines, the template depth of each line)."""


@dataclass(frozen=True, slots=True)
class _Segment:
    """What reading one top-level table added to the document, to be added again."""

    tables: tuple[Table, ...]  # as read, numbered before layout tables are left out
    layouts: tuple[int, ...]
    issues: tuple[ParseIssue, ...]
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[str, ...]
    opened: int  # tables opened, nested ones and layout tables included
    cells: int  # grid cells charged to the article's budget


class Generations(Generic[K, V]):
    """A memo that keeps what the current and the previous revision used, and forgets the rest.

    A history walk moves forward: a table last seen two revisions ago is rarely seen again,
    and keeping every version of every table would grow with the history's length.
    """

    def __init__(self) -> None:
        self._current: dict[K, V] = {}
        self._previous: dict[K, V] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: K) -> V | None:
        value = self._current.get(key)
        if value is None:
            value = self._previous.pop(key, None)
            if value is not None:
                self._current[key] = value
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key: K, value: V) -> None:
        self._current[key] = value

    def next_revision(self) -> None:
        """What this revision did not use is dropped after the next one."""
        self._previous, self._current = self._current, {}


class ParseCache:
    """The tables and prose read so far in one walk (see the module's docstring)."""

    def __init__(self) -> None:
        self.segments: Generations[SegmentKey, _Segment] = Generations()
        self.prose: Generations[str, Reduced] = Generations()

    def parse(self, text: str, source: str = "<wikitext>") -> Document:
        """The same ``Document`` as ``parse_wikitext(text, source)``, reusing what it can."""
        if not isinstance(text, str):
            raise InputError(f"{source}: wikitext must be text, not {type(text).__name__}")
        try:
            return _ReusingParser(source, self).parse(text)
        finally:
            self.segments.next_revision()
            self.prose.next_revision()


class _ReusingParser(_Parser):
    """``scraper.wikitext``'s scanner that replays top-level tables it has read before."""

    def __init__(self, source: str, cache: ParseCache) -> None:
        super().__init__(source)
        self.cache = cache

    def scan(self, lines: list[str], depths: list[int]) -> None:
        index, count = 0, len(lines)
        while index < count:
            line = lines[index]
            if not self.stack and "{|" in line and line.strip().lstrip(":").startswith("{|"):
                end = _table_end(lines, depths, index)
                if end is not None:
                    self.segment(lines, depths, index, end)
                    index = end + 1
                    continue
            self.line(line, index + 1, depths[index], depths[index + 1])
            index += 1

    def segment(self, lines: list[str], depths: list[int], start: int, end: int) -> None:
        """Lines ``start..end`` (0-based) hold one top-level table: replay it or read it."""
        if depths[start] == 0:
            self.flush()  # as ``line`` does at a top-level ``{|``: the prose before it ends here
        key: SegmentKey = (
            start,
            self.table_count,
            self.headings,
            "\n".join(lines[start : end + 1]),
            tuple(depths[start : end + 1]),
        )
        known = self.cache.segments.get(key)
        if known is not None and self.budget.left - known.cells >= MAX_GRID_CELLS:
            self.replay(known)
            return
        before = (
            self.table_count,
            len(self.document.issues),
            len(self.document.paragraphs),
            len(self.footnotes),
            self.budget.left,
        )
        for number in range(start, end + 1):
            self.line(lines[number], number + 1, depths[number], depths[number + 1])
        read = self.recorded(*before)
        if before[-1] - read.cells >= MAX_GRID_CELLS:  # the budget did not limit this table
            self.cache.segments.put(key, read)

    def recorded(
        self, tables: int, issues: int, paragraphs: int, footnotes: int, budget: int
    ) -> _Segment:
        opened = range(tables, self.table_count)
        return _Segment(
            # copies: renumbering changes ``index`` on the document's own tables
            tables=tuple(replace(self.tables[i]) for i in opened if i in self.tables),
            layouts=tuple(i for i in opened if i in self.layouts),
            issues=tuple(self.document.issues[issues:]),
            paragraphs=tuple(self.document.paragraphs[paragraphs:]),
            footnotes=tuple(self.footnotes[footnotes:]),
            opened=len(opened),
            cells=budget - self.budget.left,
        )

    def replay(self, read: _Segment) -> None:
        for table in read.tables:
            self.tables[table.index] = replace(table)  # rows are shared: nothing changes them
        self.layouts.update(read.layouts)
        self.document.issues.extend(read.issues)
        self.document.paragraphs.extend(read.paragraphs)
        self.footnotes.extend(read.footnotes)
        self.table_count += read.opened
        self.budget.left -= read.cells

    def reduce_prose(self, content: str) -> Reduced:
        reduced = self.cache.prose.get(content)
        if reduced is None:
            reduced = reduce_prose(content)
            self.cache.prose.put(content, reduced)
        return reduced


def _table_end(lines: list[str], depths: list[int], start: int) -> int | None:
    """The line that closes the table opened on line ``start``, found as ``_Parser.line`` finds
    it (a ``{|`` opens a table, a ``|}`` not inside a template call closes the innermost);
    None when the table is never closed (it is then read line by line, as the last table)."""
    stack = [depths[start]]
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if "{|" not in line and "|}" not in line:
            continue
        stripped = line.strip()
        if stripped.lstrip(":").startswith("{|"):
            stack.append(depths[number])
        elif depths[number] > stack[-1]:
            continue
        elif stripped.startswith("|}"):
            stack.pop()
            if not stack:
                return number
    return None
