"""Every written person and team of a season, with the evidence each occurrence carries.

The linkage (``validators.linkage``) judges pairs of spellings on this evidence: where a name is
written (its *slot*: a standings table lists a person once, a results row names a car's drivers
once, a car of the entry list lists its drivers once), who is written beside it (a person's
teams, a team's drivers), its car, its flag and its rounds. Collected once, in article order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from wikiaudit.scraper.model import Name, Table
from wikiaudit.validators.names import fold
from wikiaudit.validators.season import Season

Slot = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    """One written occurrence of a person or team, with the evidence it carries."""

    text: str
    code: str | None
    table: str | None
    table_index: int | None
    line: int
    cell: tuple[int, int] | None
    cls: str | None
    slot: Slot
    partners: frozenset[str] = frozenset()
    """Folded names written beside it: a person's teams, a team's drivers."""
    car: str | None = None
    rounds: frozenset[int] = frozenset()
    """The rounds it is written for: won, entered, or scored in."""

    @classmethod
    def of(
        cls,
        name: Name,
        table: Table | None,
        line: int,
        slot: Slot,
        *,
        cell: tuple[int, int] | None = None,
        race_class: str | None = None,
        partners: Iterable[str] = (),
        car: str | None = None,
        rounds: Iterable[int] = (),
    ) -> Mention:
        return cls(
            name.text,
            name.nationality,
            table.title if table is not None else None,
            table.index if table is not None else None,
            line,
            cell,
            race_class,
            slot,
            frozenset(fold(p) for p in partners),
            car,
            frozenset(rounds),
        )

    @property
    def where(self) -> str:
        return f"{self.table or 'table'} line {self.line}"


def mentions(season: Season) -> tuple[dict[str, list[Mention]], dict[str, list[Mention]]]:
    """Every written person and team of the season, in article order, with its evidence."""
    people: dict[str, list[Mention]] = defaultdict(list)
    teams: dict[str, list[Mention]] = defaultdict(list)
    _entry_mentions(season, people, teams)
    _result_mentions(season, people, teams)
    _standings_mentions(season, people, teams)
    _classification_mentions(season, people)
    return dict(people), dict(teams)


def _entry_mentions(
    season: Season, people: dict[str, list[Mention]], teams: dict[str, list[Mention]]
) -> None:
    """Drivers once per entry row (one slot per car); a team once per class, with its roster."""
    table = season.entries_table
    index = table.index if table is not None else None
    rosters: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in season.entries:
        if entry.team is not None:
            rosters[(entry.cls, entry.team.text)].add(entry.driver.text)
    listed: set[tuple[str, str]] = set()
    for entry in season.entries:
        team = entry.team.text if entry.team is not None else ""
        people[entry.driver.text].append(
            Mention.of(
                entry.driver,
                table,
                entry.line,
                ("entry", index, entry.cls, fold(team), entry.car),
                cell=(entry.row_index, 0),
                race_class=entry.cls,
                partners=[team] if team else [],
                car=entry.car,
                rounds=entry.rounds or (),
            )
        )
        if entry.team is not None and (entry.cls, team) not in listed:
            listed.add((entry.cls, team))
            teams[team].append(
                Mention.of(
                    entry.team,
                    table,
                    entry.line,
                    ("entry", index, entry.cls),
                    race_class=entry.cls,
                    partners=rosters[(entry.cls, team)],
                )
            )


def _result_mentions(
    season: Season, people: dict[str, list[Mention]], teams: dict[str, list[Mention]]
) -> None:
    """A winning team with its crew, and each driver on the line below it."""
    table = season.results_table
    index = table.index if table is not None else None
    for result in season.results:
        crew = [d.text for d in result.drivers]
        teams[result.team.text].append(
            Mention.of(
                result.team,
                table,
                result.line,
                ("result", index, result.round, result.cls),
                cell=result.cell,
                race_class=result.cls,
                partners=crew,
                car=result.car,
            )
        )
        for driver in result.drivers:
            people[driver.text].append(
                Mention.of(
                    driver,
                    table,
                    result.drivers_line or result.line,
                    ("result", index, result.round),
                    race_class=result.cls,
                    partners=[result.team.text],
                    car=result.car,
                    rounds=[result.round],
                )
            )


def _standings_mentions(
    season: Season, people: dict[str, list[Mention]], teams: dict[str, list[Mention]]
) -> None:
    """Every row's name (one slot per table); a driver row's teams, with that driver."""
    for standings in season.standings:
        table = standings.table
        for row in standings.rows:
            cell, line = _name_cell(table, row.row_index, row.name, row.line)
            team_row = standings.kind == "team"
            (teams if team_row else people)[row.name.text].append(
                Mention.of(
                    row.name,
                    table,
                    line,
                    ("standings", table.index),
                    cell=cell,
                    race_class=standings.cls,
                    # a team row's evidence is its name and cell; a driver's, teams and rounds
                    partners=() if team_row else [t.text for t in row.teams],
                    rounds=() if team_row else [v.round for v in row.values.values() if v.points],
                )
            )
            if team_row:
                continue
            for team in row.teams:
                teams[team.text].append(
                    Mention.of(
                        team,
                        table,
                        row.line,
                        ("standings row", table.index, row.row_index),
                        race_class=standings.cls,
                        partners=[row.name.text],
                    )
                )


def _name_cell(
    table: Table, row_index: int, name: Name, fallback: int
) -> tuple[tuple[int, int], int]:
    """The grid cell holding a standings row's name, and the line it is written on.

    In wikitext a row starts on its ``|-`` line and each cell may sit on a line of its own, so
    the name's own line is the one an editor needs.
    """
    cells = table.rows[row_index].cells if row_index < len(table.rows) else []
    for column, cell in enumerate(cells):
        if name in cell.names or cell.text.strip() == name.text:
            return (row_index, column), cell.line or fallback
    return (row_index, 1), fallback


def _classification_mentions(season: Season, people: dict[str, list[Mention]]) -> None:
    """A race classification names each driver once (one slot per classification)."""
    for classification in season.classifications:
        table = classification.table
        for row in classification.rows:
            people[row.name.text].append(
                Mention.of(
                    row.name,
                    table,
                    row.line,
                    ("classification", table.index, classification.section),
                    cell=(row.row_index, classification.columns.name),
                    race_class=classification.cls,
                )
            )
