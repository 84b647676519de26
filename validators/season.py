"""Typed season data: what the article's tables say, independent of how they were written.

Every value keeps where it came from (table index, grid cell, source line) so that a check
can point an editor at the exact cell. Standings hold one ``RaceValue`` per round whatever the
matrix kind: in a *points matrix* the cell is the points scored; in a *positions matrix* (the
Formula One style) it is a finishing position and the points come from the points system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from scraper.model import Name, Table

MatrixKind = Literal["points", "positions"]


@dataclass(frozen=True, slots=True)
class Race:
    round: int
    name: str
    circuit: str
    length: str
    hours: float | None
    line: int


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
    bands: list[PointsBand]
    table_index: int
    line: int

    def band_for(self, hours: float | None) -> PointsBand | None:
        """The band that applies to a race; a single band applies to every race."""
        if len(self.bands) == 1:
            return self.bands[0]
        if hours is None:
            return None
        return next((band for band in self.bands if band.covers(hours)), None)


@dataclass(frozen=True, slots=True)
class RaceValue:
    """One round's cell in a standings row."""

    round: int
    text: str
    points: int | None
    column: int
    line: int
    flags: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class StandingRow:
    position: int | None
    name: Name
    teams: tuple[Name, ...]
    values: dict[int, RaceValue]
    total_text: str
    total: int | None
    row_index: int
    line: int
    position_spanned: bool = False

    @property
    def label(self) -> str:
        return self.name.text


@dataclass(frozen=True, slots=True)
class RoundColumn:
    column: int
    code: str
    round: int | None


@dataclass(slots=True)
class Standings:
    kind: Literal["team", "driver"]
    cls: str
    table: Table
    rounds: list[RoundColumn]
    total_column: int | None
    rows: list[StandingRow]
    matrix: MatrixKind = "points"

    @property
    def title(self) -> str:
        return self.table.title

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
class Season:
    title: str | None
    calendar: list[Race] = field(default_factory=list)
    calendar_table: int | None = None
    points: PointsSystem | None = None
    classes: list[str] = field(default_factory=list)
    standings: list[Standings] = field(default_factory=list)
    results: list[RaceResult] = field(default_factory=list)
    results_table: int | None = None
    entries: list[Entry] = field(default_factory=list)
    entries_table: int | None = None
    unclassified: list[Table] = field(default_factory=list)

    def race(self, round_number: int) -> Race | None:
        return next((race for race in self.calendar if race.round == round_number), None)

    def team_standings(self, cls: str) -> Standings | None:
        return next((s for s in self.standings if s.kind == "team" and s.cls == cls), None)

    def driver_standings(self, cls: str) -> Standings | None:
        return next((s for s in self.standings if s.kind == "driver" and s.cls == cls), None)
