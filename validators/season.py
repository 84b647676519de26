"""Typed season data: what the article's tables say, independent of how they were written.

Every value keeps where it came from (table index, grid cell, source line) so that a check
can point an editor at the exact cell. Standings hold one ``RaceValue`` per round whatever the
matrix kind: in a *points matrix* the cell is the points scored; in a *positions matrix* (the
Formula One style) it is a finishing position and the points come from the points system.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from wikiaudit.scraper.model import Name, Table
from wikiaudit.validators.readers.cells import RaceCell, read_race_cell
from wikiaudit.validators.support import Support

if TYPE_CHECKING:
    from wikiaudit.validators.linkage import Linkage

MatrixKind = Literal["points", "positions", "totals", "unknown"]
"""``totals``: no race columns, only totals printed; ``unknown``: not sure, nothing recomputed."""


@dataclass(frozen=True, slots=True)
class Race:
    """One calendar row; ``winners`` are the race's winning drivers where the calendar names
    them (a ``Winning driver`` column), with the line and grid cell of that cell."""

    round: int
    name: str
    circuit: str
    length: str
    hours: float | None
    line: int
    winners: tuple[Name, ...] = ()
    winner_line: int = 0
    winner_cell: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class PointsBand:
    """Points by finishing position for races within a length range (hours, ``None`` = open)."""

    label: str
    points: tuple[int, ...]
    min_hours: float | None = None
    max_hours: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True
    line: int = 0
    rounds: frozenset[int] | None = None

    def covers(self, hours: float) -> bool:
        if self.min_hours is not None and (
            hours < self.min_hours or (hours == self.min_hours and not self.min_inclusive)
        ):
            return False
        return not (
            self.max_hours is not None
            and (hours > self.max_hours or (hours == self.max_hours and not self.max_inclusive))
        )


@dataclass(slots=True)
class PointsSystem:
    """How totals are made: points by position, plus what a positions matrix needs.

    ``bonuses`` are the points a marked cell earns on top of its position (a pole shown in bold,
    a fastest lap in italics, ``*`` for most laps led); ``markers`` says which mark means which
    bonus, because the legend of each article decides it. ``best_of`` is the "best N results
    count" rule; ``half_points`` and ``double_points`` name races (column code or 1-based race
    number) paid half or double; ``event_bonus`` is paid once per meeting a driver took part
    in (points for qualifying). ``source`` says where the numbers came from, for the finding;
    ``table`` is the article's points table (None for a ``--rules`` file), kept as the table
    itself so that checks can name it and fingerprint its content without the document.
    """

    bands: list[PointsBand]
    table: Table | None
    line: int
    bonuses: dict[str, float] = field(default_factory=dict)
    markers: dict[str, str] = field(default_factory=dict)
    best_of: int | None = None
    half_points: frozenset[str] = frozenset()
    double_points: frozenset[str] = frozenset()
    event_bonus: float = 0
    source: str = "article"

    def band_for(self, hours: float | None) -> PointsBand | None:
        """The band that applies to a race; a single band applies to every race."""
        if len(self.bands) == 1:
            return self.bands[0]
        if hours is None:
            return None
        return next((band for band in self.bands if band.covers(hours)), None)

    def band_for_race(self, race: Race | None, by_round: int | None = None) -> PointsBand | None:
        """The band that applies to a race (``race`` None: a round the calendar does not list).

        The one place that picks a band, so that checks cannot drift apart on it. With
        ``by_round`` (winner points, positions matrices), bands keyed by round (``Rounds 1, 6 &
        7``) win over bands keyed by race length; without it (the points-matrix value checks)
        the race's length alone decides.
        """
        if by_round is not None and (keyed := [b for b in self.bands if b.rounds is not None]):
            return next((band for band in keyed if by_round in band.rounds), None)
        return self.band_for(race.hours if race is not None else None)


@dataclass(slots=True)
class RuleSet:
    """A scoring named by a ``--rules`` file: a default and per-table overrides.

    Used only where the article prints no points table of its own (or for what that table
    leaves unsaid, such as a best-N-results rule); ``overrides`` pair a matcher (a table kind,
    ``driver``/``team``, or a case-insensitive piece of the table title) with a scoring.
    """

    path: str
    default: PointsSystem | None
    overrides: list[tuple[str, PointsSystem]] = field(default_factory=list)
    description: str = ""

    def scoring_for(self, kind: str, title: str) -> PointsSystem | None:
        for matcher, scoring in self.overrides:
            if matcher == kind or matcher.lower() in title.lower():
                return scoring
        return self.default


@dataclass(frozen=True, slots=True)
class RaceValue:
    """One round's cell in a standings row, with its one reading (``cell``)."""

    round: int
    text: str
    column: int
    line: int
    flags: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()
    cell: RaceCell = None  # type: ignore[assignment]  # filled from ``text`` when not given
    points: int | None = field(init=False, default=None)
    """The whole number the cell holds (points in a points matrix), else None: read once,
    since every cross-table check asks for it."""

    def __post_init__(self) -> None:
        if self.cell is None:
            object.__setattr__(self, "cell", read_race_cell(self.text))
        whole = self.cell.whole if self.cell.kind == "number" else None
        object.__setattr__(self, "points", whole)

    @property
    def is_blank(self) -> bool:
        return self.cell.kind == "blank"


@dataclass(slots=True)
class StandingRow:
    position: int | None
    name: Name
    teams: tuple[Name, ...]
    values: dict[int, RaceValue]
    total_text: str
    total_counted: float | None
    """``42 (52)``: 42 counted under a best-N-results rule (``14.5`` too); read once, here."""
    row_index: int
    line: int
    position_spanned: bool = False
    total_gross: float | None = None
    """``42 (52)``: 52 scored in all, before the best-N-results rule dropped any."""
    total_spanned: bool = False
    total_line: int = 0
    position_text: str = ""
    position_line: int = 0
    adjustment: float = 0.0
    car: str = ""
    """The row's car number, where the table lists its team (or driver) once per car."""
    """What a penalty or bonus column adds to the total (``-10``), beside the races."""
    cell_lines: tuple[int, ...] = ()
    """The source line of each grid cell of the row: a finding points at its cell's line (in
    wikitext written one cell per line that is not the row's ``|-`` line)."""

    def line_of(self, column: int | None) -> int:
        if column is not None and 0 <= column < len(self.cell_lines) and self.cell_lines[column]:
            return self.cell_lines[column]
        return self.line

    @property
    def total(self) -> int | None:
        """The counted total when it is a whole number: what the points-matrix sums compare."""
        counted = self.total_counted
        if counted is None or not math.isfinite(counted):  # a 5,000-digit total reads as inf
            return None
        return int(counted) if counted == int(counted) else None

    @property
    def label(self) -> str:
        return self.name.text


@dataclass(frozen=True, slots=True)
class RoundColumn:
    column: int
    code: str
    round: int


@dataclass(slots=True)
class Fit:
    """The reading of a table chosen among candidates, and how well the table supports it.

    ``description`` says what the reading is, for the report ("sum of the race points",
    "positions scored 9-6-4-3-2-1 (the article's points table, line 570), best 5 results");
    ``mismatches`` are the rows that disagree with it, each with what the reading expects.
    Rules report mismatches as errors only when ``support.fits``.
    """

    description: str
    support: Support
    mismatches: list[Any] = field(default_factory=list)
    certain: bool = True
    """False when the reading rests on inference (a scale solved from the table itself)."""

    @property
    def fits(self) -> bool:
        """Whether disagreeing rows may be reported as errors (``validators.support``)."""
        return self.support.fits if self.certain else self.support.fits_inferred


@dataclass(slots=True)
class Standings:
    kind: Literal["team", "driver"]
    cls: str
    table: Table
    rounds: list[RoundColumn]
    total_column: int
    rows: list[StandingRow]
    matrix: MatrixKind = "points"
    matrix_reason: str = ""
    section: str | None = None
    fit: Fit | None = None
    """How the totals are made, fitted to the rows (None: not fitted, e.g. totals only)."""
    team_fit: Fit | None = None
    """For team standings: how a team's points come from its drivers' (``fit.teams``)."""
    drivers: Standings | None = None
    """For team standings: the driver standings paired with it by content (``fit.teams``)."""

    @property
    def title(self) -> str:
        """The table's title, and the section within it when the table has several."""
        return f"{self.table.title} [{self.section}]" if self.section else self.table.title

    def row_for(self, name: str) -> StandingRow | None:
        return next((row for row in self.rows if row.name.text == name), None)


@dataclass(frozen=True, slots=True)
class RaceResult:
    """A class winner as the results table gives it."""

    round: int
    cls: str
    car: str | None
    team: Name
    drivers: tuple[Name, ...]
    table_index: int
    cell: tuple[int, int]
    line: int
    drivers_line: int | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One driver's entry in the entry list (rounds ``None`` = not stated)."""

    cls: str
    team: Name | None
    car: str | None
    driver: Name
    rounds: frozenset[int] | None
    rounds_text: str
    line: int
    row_index: int


@dataclass(slots=True)
class TableReading:
    """What one table of the article was read as, or why it was not read.

    ``kind`` is what the table looked like (``validators.classify``) and ``reason`` why; ``used``
    says whether checks ran on it, and ``note`` what was read or why it was not.
    """

    table: Table
    kind: str
    reason: str
    used: bool = False
    note: str = ""

    def skip(self, why: str) -> None:
        self.used = False
        self.note = why


@dataclass(slots=True)
class Season:
    """What the article's tables say; ``*_table`` are the tables read, kept so that checks can
    name and fingerprint them without going back to the document."""

    title: str | None
    calendar: list[Race] = field(default_factory=list)
    calendar_table: Table | None = None
    points: PointsSystem | None = None
    classes: list[str] = field(default_factory=list)
    standings: list[Standings] = field(default_factory=list)
    results: list[RaceResult] = field(default_factory=list)
    results_table: Table | None = None
    entries: list[Entry] = field(default_factory=list)
    entries_table: Table | None = None
    unclassified: list[Table] = field(default_factory=list)
    rules: RuleSet | None = None
    classifications: list[Any] = field(default_factory=list)
    """Race classifications (``readers.classification.Classification``), each with its fit."""
    readings: list[TableReading] = field(default_factory=list)
    clues: Any = None
    """What the prose says about scoring (``readers.prose.ScoringClues``)."""
    context: Any = None
    """The article's scoring evidence, gathered once (``fit.positions.Context``)."""
    links: Linkage | None = field(default=None, repr=False, compare=False)
    """Who is who across tables (``validators.linkage.links`` builds it on first use)."""
    entries_by_person: dict[str, list[Entry]] | None = field(
        default=None, repr=False, compare=False
    )
    """The entry list by linked person (``validators.linkage.entries_of`` builds it)."""

    def race(self, round_number: int) -> Race | None:
        return next((race for race in self.calendar if race.round == round_number), None)

    def team_standings(self, cls: str) -> Standings | None:
        return next((s for s in self.standings if s.kind == "team" and s.cls == cls), None)

    def driver_standings(self, cls: str) -> Standings | None:
        """The class's driver standings: named by the class, or paired with its team table."""
        named = next((s for s in self.standings if s.kind == "driver" and s.cls == cls), None)
        if named is not None:
            return named
        teams = self.team_standings(cls)
        return teams.drivers if teams is not None else None
