"""The source-independent table model every scraper produces.

Every input form (flattened text, wikitext, rendered HTML, a live revision) is reduced to this
model, so every check downstream runs unchanged whatever the article was read from. Grids are
rectangular-ish lists of rows as the source gives them; spanned cells are already expanded (a
spanned value repeats in each grid position it covers, flagged ``"spanned"``), so checks never
need to know about ``rowspan``/``colspan``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Name:
    """One person or team inside a cell, with the nationality its flag gave it."""

    text: str
    nationality: str | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One grid position.

    ``text`` is what a reader sees as the value: nationality codes, flag icons and footnote
    markers are removed (they live in ``names`` and ``notes``) so that ``"12†"`` compares as
    ``"12"`` and ``"DEU Lucas Luhr"`` as ``"Lucas Luhr"``. ``flags`` carries typographic
    meaning the checks need: ``bold`` (pole position), ``italic`` (fastest lap), ``header``
    (a ``th``), ``spanned`` (a copy produced by row/colspan expansion).
    """

    text: str
    names: tuple[Name, ...] = ()
    flags: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()
    line: int = 0
    attrs: tuple[tuple[str, str], ...] = ()

    @property
    def nationality(self) -> str | None:
        return self.names[0].nationality if self.names else None

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    def attr(self, key: str) -> str | None:
        """A cell attribute such as ``bgcolor`` or ``style`` (positions matrices colour results)."""
        for name, value in self.attrs:
            if name == key:
                return value
        return None


@dataclass(slots=True)
class Row:
    """A table row; ``line`` is the 1-based source line it starts on."""

    cells: list[Cell]
    line: int
    is_header: bool = False

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass(slots=True)
class Table:
    """A table as found in the article, with where it sits (heading path, caption, line)."""

    index: int
    headings: tuple[str, ...]
    rows: list[Row]
    line: int
    caption: str | None = None
    source: str = "text"

    @property
    def title(self) -> str:
        """A human label: the heading path, which is what an editor navigates by."""
        path = " > ".join(self.headings) if self.headings else f"Table {self.index + 1}"
        return f"{path} ({self.caption})" if self.caption else path

    @property
    def header_rows(self) -> list[Row]:
        return [row for row in self.rows if row.is_header]

    @property
    def body_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.is_header]

    @property
    def header(self) -> list[str]:
        """The column labels: the first header row's texts (empty when the table has none)."""
        headers = self.header_rows
        return headers[0].texts if headers else []

    @property
    def width(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Prose outside tables: notes that may explain an anomaly in a nearby table."""

    text: str
    headings: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """Something the scraper saw but could not interpret; surfaced as an ``info`` finding."""

    message: str
    line: int
    table_index: int | None = None
    rule: str = "parse-issue"


@dataclass(slots=True)
class Document:
    """Everything a scraper extracted from one article."""

    source: str
    title: str | None = None
    tables: list[Table] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)
