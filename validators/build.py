"""From a scraped document to a ``Season``: what each table is, read, and fitted.

This is the "season reading" stage of the pipeline: every table is classified with a reason
(``classify``), read into typed data (``readers``), and every reading that involves a choice is
fitted to the rows with its support recorded (``matrix``, ``fit``). Each table ends with a
``TableReading`` saying what it was read as, or what it looked like and why it was not read;
the engine turns those into the report's ``info`` lines.
"""

from __future__ import annotations

from dataclasses import replace

from wikiaudit.scraper.model import Document, Table
from wikiaudit.validators.classify import TableKind, classify, standings_class
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.fit.classification import (
    consensus_scale,
    fit_classification,
    paid_scale,
)
from wikiaudit.validators.fit.positions import Context
from wikiaudit.validators.fit.teams import fit_team_scoring, pair_drivers
from wikiaudit.validators.matrix import pool_small_tables, read_matrix
from wikiaudit.validators.memo import Memo
from wikiaudit.validators.names import folded_names, split_merged
from wikiaudit.validators.readers.calendar import read_calendar
from wikiaudit.validators.readers.classification import read_classification
from wikiaudit.validators.readers.entries import read_entries
from wikiaudit.validators.readers.points import (
    read_column_table,
    read_legend,
    read_points_system,
    read_position_table,
)
from wikiaudit.validators.readers.prose import read_clues
from wikiaudit.validators.readers.results import class_columns, read_results
from wikiaudit.validators.readers.standings import read_standings
from wikiaudit.validators.season import (
    PointsSystem,
    Race,
    RaceResult,
    RuleSet,
    Season,
    Standings,
    TableReading,
)


def read_season(
    document: Document, rules: RuleSet | None = None, memo: Memo | None = None
) -> tuple[Season, list[Finding]]:
    """The season with a reading per table, and ``info`` findings for unreadable rows.

    ``memo``: what one ``audit history`` walk remembers of the standings it read (a table whose
    rows the parse reused, read again under the same class and calendar, is read the same way);
    an audit of one text passes none."""
    season = Season(title=document.title, rules=rules)
    kinds = {table.index: classify(table) for table in document.tables}
    by_kind = {
        kind: [t for t in document.tables if kinds[t.index].kind is kind] for kind in TableKind
    }
    readings: dict[int, TableReading] = {
        t.index: TableReading(t, kinds[t.index].kind.value, kinds[t.index].reason)
        for t in document.tables
    }
    notes: list[Finding] = []
    legend_markers: dict[str, str] = {}
    legend_points: dict[str, float] = {}
    other_systems: list = []  # every points table, the first being ``season.points``

    for table in by_kind[TableKind.CALENDAR]:
        if season.calendar:
            if _winners_from(season, table):
                _use(readings, table, "race winners by round (checked against the standings)")
            else:
                readings[table.index].skip("a second calendar: the first one gives the rounds")
            continue
        season.calendar, season.calendar_table = read_calendar(table), table
        _use(readings, table, _count(len(season.calendar), "round"))
    for table in by_kind[TableKind.POINTS]:
        system = read_points_system(table)
        if system is None:
            readings[table.index].skip("no row of points lines up with the positions")
        else:
            season.points = season.points or system
            other_systems.append(system)
            _use(readings, table, _bands(system))
    for table in [*by_kind[TableKind.UNKNOWN], *by_kind[TableKind.LEGEND]]:
        found_markers, found_points = read_legend(table)
        legend_markers.update(found_markers)
        legend_points.update(found_points)
        if found_markers:
            _use(
                readings,
                table,
                "legend: " + ", ".join(f"{k} = {v}" for k, v in found_markers.items()),
            )
        elif season.points is None and (system := _position_table(table)) is not None:
            season.points = system
            readings[table.index].kind = TableKind.POINTS.value
            _use(readings, table, _bands(system))
        elif readings[table.index].kind == TableKind.LEGEND.value:
            readings[table.index].skip("a key to colours or marks; nothing in it to check")
        else:
            readings[table.index].skip("no season table kind matches its columns")
    if by_kind[TableKind.RESULTS]:
        table = by_kind[TableKind.RESULTS][0]
        season.results, season.results_table = read_results(table), table
        season.classes = list(dict.fromkeys(class_columns(table.header).values()))
        _use(readings, table, _count(len(season.results), "class winner"))
        for extra in by_kind[TableKind.RESULTS][1:]:
            readings[extra.index].skip("a second results table: the first one is used")
    for table in by_kind[TableKind.STANDINGS]:
        cls = standings_class(table, season.classes)
        sections = _standings(table, cls, season.calendar, memo)
        if not sections:
            readings[table.index].skip("no standings row could be read")
        else:
            _use(readings, table, "standings")
        season.standings += sections
    if not season.classes:
        season.classes = list(dict.fromkeys(s.cls for s in season.standings))
    for table in by_kind[TableKind.CLASSIFICATION]:
        read = read_classification(table, _class_of(table))
        if not read:
            readings[table.index].skip("no classified row could be read")
        else:
            _use(readings, table, "race classification")
        season.classifications += read
    all_rounds = frozenset(race.round for race in season.calendar)
    for table in by_kind[TableKind.ENTRIES][:1]:
        season.entries, problems = read_entries(table, season.classes, all_rounds)
        if not season.entries:
            readings[table.index].skip("no entry (a driver with a team or rounds) could be read")
            continue
        season.entries_table = table
        _use(readings, table, _count(len(season.entries), "entry", "entries"))
        notes += [_entry_problem(table, problem) for problem in problems]
    for table in by_kind[TableKind.ENTRIES][1:]:
        readings[table.index].skip("a second entry list: the first one is used")

    season.clues = read_clues(document.paragraphs)
    context = Context(
        season.points,
        legend_markers,
        legend_points,
        season.clues,
        paid_scale(season.classifications) if season.standings else None,
        other_systems[1:],
    )
    season.context = context
    for standings in season.standings:
        read_matrix(season, standings, context)
    pool_small_tables(season.standings)
    for teams in season.standings:
        if teams.kind != "team" or teams.matrix != "points":
            continue
        named = next(
            (s for s in season.standings if s.kind == "driver" and s.cls == teams.cls), None
        )
        teams.drivers = named or pair_drivers(teams, season.standings)
        if teams.drivers is not None and teams.drivers.matrix == "points":
            teams.team_fit = fit_team_scoring(teams, teams.drivers)
    consensus = consensus_scale(season.classifications)
    for classification in season.classifications:
        classification.fit = fit_classification(
            classification, season.points, season.clues, consensus
        )
    season.results = _split_merged_drivers(season)
    season.unclassified = [r.table for r in readings.values() if not r.used and r.table is not None]
    season.readings = list(readings.values())
    return season, notes


def _standings(table: Table, cls: str, calendar: list[Race], memo: Memo | None) -> list[Standings]:
    """``read_standings``, or what it gave for the same rows (the very list a reused parse
    shares), class and calendar rounds earlier in the walk: copies, since the fits are added to
    each audit's own standings."""
    if memo is None:
        return read_standings(table, cls, calendar)
    key = (id(table.rows), cls, tuple(race.round for race in calendar))
    known = memo.get(key)
    if known is not None and known[0] is table.rows:
        return [replace(section, table=table) for section in known[1]]
    sections = read_standings(table, cls, calendar)
    memo.put(key, (table.rows, [replace(section) for section in sections]))
    return sections


def _winners_from(season: Season, table: Table) -> bool:
    """A second calendar-like table naming each round's winner (the modern ``Rnd | Race | Pole
    | Fastest lap | Winning driver`` results table) gives the calendar its winners, by round,
    when the calendar names none; False when it adds nothing."""
    if any(race.winners for race in season.calendar):
        return False
    winners = {race.round: race for race in read_calendar(table) if race.winners}
    rounds = {race.round for race in season.calendar}
    if len(winners) < 2 or not set(winners) <= rounds:
        return False
    season.calendar = [
        replace(race, winners=found.winners, winner_line=found.winner_line)
        if (found := winners.get(race.round)) is not None
        else race
        for race in season.calendar
    ]
    return True


def _position_table(table: Table) -> PointsSystem | None:
    """A table of no other kind that lays positions against points, across or down."""
    return read_position_table(table) or read_column_table(table)


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


def _use(readings: dict[int, TableReading], table: Table, what: str) -> None:
    readings[table.index].used = True
    readings[table.index].note = what


def _bands(system: object) -> str:
    bands = getattr(system, "bands", [])
    scales = "; ".join(
        f"{band.label}: {'-'.join(f'{p:g}' for p in band.points)}" for band in bands[:4]
    )
    return f"points by position ({scales})"


def _class_of(table: Table) -> str:
    last = table.caption or (table.headings[-1] if table.headings else "")
    for word in ("classification", "Classification", "results", "Results", "Race"):
        last = last.replace(word, "")
    return last.strip(" -–:") or "race"


def _entry_problem(table: Table, problem: object) -> Finding:
    return Finding(
        rule="entry-list-unreadable",
        severity=Severity.INFO,
        message=f"entry list row not interpreted: {problem.reason}",  # type: ignore[attr-defined]
        table=table.title,
        row=problem.text,  # type: ignore[attr-defined]
        column=problem.column,  # type: ignore[attr-defined]
        line=problem.line,  # type: ignore[attr-defined]
        table_index=table.index,
        cell=(problem.row_index, 0),  # type: ignore[attr-defined]
        published=problem.text if problem.column is None else problem.published,  # type: ignore[attr-defined]
    )


def _split_merged_drivers(season: Season) -> list[RaceResult]:
    """Separate results drivers run together by a lost flag, using the names other tables know."""
    known = {row.name.text for s in season.standings if s.kind == "driver" for row in s.rows}
    known |= {entry.driver.text for entry in season.entries}
    if not known:
        return season.results
    folded = folded_names(known)
    return [
        replace(result, drivers=tuple(n for d in result.drivers for n in split_merged(d, folded)))
        for result in season.results
    ]
