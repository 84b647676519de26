"""From a scraped document to a ``Season``: classify every table, then read each kind."""

from __future__ import annotations

from dataclasses import replace

from wikiaudit.scraper.model import Document
from wikiaudit.validators.classify import TableKind, classify, standings_class
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.names import folded_names, split_merged
from wikiaudit.validators.readers.calendar import read_calendar
from wikiaudit.validators.readers.entries import read_entries
from wikiaudit.validators.readers.points import read_points_system
from wikiaudit.validators.readers.results import class_columns, read_results
from wikiaudit.validators.readers.standings import read_standings
from wikiaudit.validators.season import RaceResult, Season


def read_season(document: Document) -> tuple[Season, list[Finding]]:
    """The season and the ``info`` findings for what could not be read."""
    season = Season(title=document.title)
    kinds = {table.index: classify(table) for table in document.tables}
    by_kind = {kind: [t for t in document.tables if kinds[t.index] is kind] for kind in TableKind}
    notes: list[Finding] = []

    if by_kind[TableKind.CALENDAR]:
        table = by_kind[TableKind.CALENDAR][0]
        season.calendar, season.calendar_table = read_calendar(table), table
    for table in by_kind[TableKind.POINTS]:
        season.points = season.points or read_points_system(table)
    if by_kind[TableKind.RESULTS]:
        table = by_kind[TableKind.RESULTS][0]
        season.results, season.results_table = read_results(table), table
        season.classes = list(dict.fromkeys(class_columns(table.header).values()))
    for table in by_kind[TableKind.STANDINGS]:
        cls = standings_class(table, season.classes)
        standings = read_standings(table, cls, season.calendar, season.points)
        if standings is not None:
            season.standings.append(standings)
    if not season.classes:
        season.classes = list(dict.fromkeys(s.cls for s in season.standings))
    all_rounds = frozenset(race.round for race in season.calendar)
    for table in by_kind[TableKind.ENTRIES][:1]:
        season.entries, problems = read_entries(table, season.classes, all_rounds)
        season.entries_table = table
        notes += [
            Finding(
                rule="entry-list-unreadable",
                severity=Severity.INFO,
                message=f"entry list row not interpreted: {problem.reason}",
                table=table.title,
                row=problem.text,
                column=problem.column,
                line=problem.line,
                table_index=table.index,
                cell=(problem.row_index, 0),
                published=problem.text if problem.column is None else problem.published,
            )
            for problem in problems
        ]
    season.results = _split_merged_drivers(season)
    season.unclassified = by_kind[TableKind.UNKNOWN]
    return season, notes


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
