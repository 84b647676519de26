"""The pandera schemas of every table kind, each failure case turned into a located finding.

Race values of standings are checked by ``rules.schema``; this module runs the other kinds
(calendar, points system, results, entry list) and the name columns of standings. A row-wide
check fails once per column in pandera's report; it is reported once per row here.

Each validation first asks :func:`plainly_valid` whether pandera could report anything, with
the same rules written as plain Python; only a table that might fail is put in a frame. Most
articles pass every column rule, so an audit then never imports pandas or pandera, which is
most of a whole ``audit`` process's time (issue #12). The plain rules only ever say "valid"
when every value is of a shape the schema surely accepts; anything else goes to pandera, which
stays the authority on what a failure is (``tests/test_schema_shortcut.py`` checks both agree).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Iterable
from itertools import pairwise
from typing import Any

from wikiaudit.scraper.model import Table
from wikiaudit.validators import schemas
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.memo import Memo, remembered
from wikiaudit.validators.season import Season

_ROW_CHECKS = ("multiple_fields_uniqueness", "points do not increase")
_ERRORS = ("points do not increase",)
"""Only a points system paying more for a worse position is certainly wrong; every other
column rule (a blank driver in an entry list, a name listed twice, a class the results do not
know) has legitimate exceptions in real articles, so it is a warning."""

Validation = tuple[str, Table | None, Callable[[], Hashable], schemas.Build]
"""(kind, table, memo key, frame-and-schema builder); ``table`` is None for a frame whose rows
carry their standings (``_table``, an index into ``season.standings``)."""


def check(season: Season, memo: Memo | None = None) -> list[Finding]:
    """``memo``: failure cases one ``audit history`` walk remembers (``memo.remembered``)."""
    findings: list[Finding] = []
    for kind, table, key, build in _tables(season):
        if plainly_valid(season, kind):
            continue
        frame, cases = remembered(memo, key, lambda build=build: _validated(build))
        if not cases:
            continue
        rows = _Rows(frame)
        seen: set[tuple[str, int]] = set()
        for case in cases:
            if str(case["column"]).startswith("_"):
                continue  # a helper column in a uniqueness key: the named column reports it
            row = int(case["index"])
            name = str(case["check"])
            if any(name.startswith(c) for c in _ROW_CHECKS):
                if (name, row) in seen:
                    continue
                seen.add((name, row))
            if rows.table is not None:
                standings = season.standings[int(rows.table[row])]
                findings.append(_finding(kind, standings.table, rows, case, standings.title))
            else:
                findings.append(_finding(kind, table, rows, case))
    return findings


class _Rows:
    """A frame's helper columns as lists: ``frame.at`` costs microseconds a call, and an entry
    list or a history walk's hundreds of revisions can fail in many cells."""

    def __init__(self, frame: Any) -> None:
        self.columns = frozenset(frame.columns)
        self.line = frame["_line"].tolist()
        self.label = frame["_label"].tolist()
        self.table = frame["_table"].tolist() if "_table" in self.columns else None


def _validated(build: schemas.Build) -> tuple[Any, list[dict[str, Any]]]:
    frame, schema = build()
    return frame, [] if frame.empty else schemas.failure_cases(schema, frame)


def _tables(season: Season) -> list[Validation]:
    """Every table kind to validate (the calendar and points system decide what a results or
    entry-list cell may hold)."""
    points_table = season.points.table if season.points is not None else None
    tables: list[Validation] = []
    if season.calendar:
        tables.append(
            (
                "calendar",
                season.calendar_table,
                lambda: schemas.calendar_key(season),
                lambda: (schemas.calendar_frame(season), schemas.calendar_schema(season)),
            )
        )
    if season.points is not None:

        def points_build() -> tuple[Any, Any]:
            frame = schemas.points_frame(season)
            return frame, schemas.points_schema(season, frame)

        tables.append(
            ("points system", points_table, lambda: schemas.points_key(season), points_build)
        )
    if season.results:
        tables.append(
            (
                "results",
                season.results_table,
                lambda: schemas.results_key(season),
                lambda: (schemas.results_frame(season), schemas.results_schema(season)),
            )
        )
    if season.entries:
        tables.append(
            (
                "entry list",
                season.entries_table,
                lambda: schemas.entries_key(season),
                lambda: (schemas.entries_frame(season), schemas.entries_schema(season)),
            )
        )
    return tables + _name_validations(season)


def _name_validations(season: Season) -> list[Validation]:
    """One frame per kind of standings (and team column or not) for all its tables together."""
    groups: dict[tuple[str, bool], list[int]] = {}
    for index, standings in enumerate(season.standings):
        team_column = standings.kind == "driver" and any(row.teams for row in standings.rows)
        groups.setdefault((standings.kind, team_column), []).append(index)
    return [
        (
            f"{kind} standings",
            None,  # one frame for every table of the group: rows carry their standings
            lambda group=group, kind=kind, team_column=team_column: schemas.names_key(
                season.standings, group, kind, team_column=team_column
            ),
            lambda group=group, kind=kind, team_column=team_column: (
                schemas.names_frame(season.standings, group),
                schemas.names_schema(kind, team_column=team_column),
            ),
        )
        for (kind, team_column), group in groups.items()
    ]


def _finding(
    kind: str, table: Table | None, rows: _Rows, case: dict[str, Any], title: str | None = None
) -> Finding:
    row = int(case["index"])
    column = str(case["column"])
    check = str(case["check"])
    value = case["failure_case"]
    published = "" if value is None or value != value else str(value)
    label = str(rows.label[row])
    line = int(rows.line[row])
    warning = not check.startswith(_ERRORS)
    row_wide = any(check.startswith(c) for c in _ROW_CHECKS) and column not in rows.columns
    return Finding(
        rule="table-schema",
        severity=Severity.WARNING if warning else Severity.ERROR,
        message=_message(kind, label, column, check, published, row_wide),
        table=title or (table.title if table is not None else None) or kind,
        row=label,
        column=None if row_wide else column,
        published=None if row_wide else published,
        expected=_expected(check),
        line=line,
        table_index=table.index if table is not None else None,
        details={"kind": kind, "check": check},
    )


def _message(kind: str, label: str, column: str, check: str, value: str, row_wide: bool) -> str:
    if check.startswith("multiple_fields_uniqueness"):
        return f"{kind}: {label} appears more than once"
    if check.startswith("field_uniqueness"):
        return f"{kind}: {column} {value!r} appears more than once"
    if check == "not_nullable":
        return f"{kind}: {label} has no {column}"
    if row_wide:
        return f"{kind}: {label} fails '{check}'"
    return f"{kind}: {label} has {column} {value!r}, which fails {check}"


def _expected(check: str) -> str:
    if "uniqueness" in check:
        return "unique"
    if check == "not_nullable":
        return "a value"
    return check


# ---------------------------------------------------------------- the same rules, in Python


def plainly_valid(season: Season, kind: str) -> bool:
    """True only when the schema of ``kind`` surely finds nothing; decided without pandas.

    ``kind`` is a validation's kind as :func:`_tables` names it. False means "ask pandera":
    a value of a shape the rules below do not cover is never called valid.
    """
    if kind == "calendar":
        return _calendar_valid(season)
    if kind == "points system":
        return _points_valid(season)
    if kind == "results":
        return _results_valid(season)
    if kind == "entry list":
        return _entries_valid(season)
    if kind.endswith(" standings"):
        return _names_valid(season, kind.removesuffix(" standings"))
    return False


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object) -> bool:
    """A non-empty string (``str_length(min_value=1)``, not nullable)."""
    return isinstance(value, str) and len(value) >= 1


def _calendar_valid(season: Season) -> bool:
    races = season.calendar
    with_circuit = any(race.circuit for race in races)
    by_length = schemas._bands_by_length(season)
    for race in races:
        if not _whole(race.round) or race.round < 1:
            return False
        if race.name is not None and not isinstance(race.name, str):
            return False
        if with_circuit and not _text(race.circuit):
            return False
        hours = race.hours
        if hours is None:
            if by_length:
                return False
        elif not (isinstance(hours, int | float) and math.isfinite(hours) and hours > 0):
            return False
    return True


def _points_valid(season: Season) -> bool:
    bands = season.points.bands if season.points is not None else []
    if not bands:
        return True  # an empty frame is not validated
    width = max(len(band.points) for band in bands)
    for band in bands:
        points = band.points
        if len(points) != width:
            return False  # a shorter band leaves a required place empty
        for value in points:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return False
            if not math.isfinite(value) or value != int(value) or value < 0:
                return False
        if any(later > earlier for earlier, later in pairwise(points)):
            return False
    if schemas._bands_by_length(season):
        return all(band.min_hours is not None or band.max_hours is not None for band in bands)
    return True


def _rounds(season: Season) -> set[int]:
    return {race.round for race in season.calendar}


def _in_rounds(value: object, rounds: set[int]) -> bool:
    return _whole(value) and (not rounds or value in rounds)


def _results_valid(season: Season) -> bool:
    rounds = _rounds(season)
    classed = any(entry.cls for entry in season.entries)
    seen: set[tuple[int, object]] = set()
    for result in season.results:
        if not _in_rounds(result.round, rounds):
            return False
        if classed:
            if not isinstance(result.cls, str) or result.cls not in season.classes:
                return False
        elif not isinstance(result.cls, str):
            return False
        car = result.car
        if car is not None and not (isinstance(car, str) and re.match(r"^\d+$", car)):
            return False
        if not _text(result.team.text) or len(result.drivers) < 1:
            return False
        key = (result.round, result.cls)
        if key in seen:
            return False
        seen.add(key)
    return True


def _entries_valid(season: Season) -> bool:
    rounds = _rounds(season)
    classed = any(entry.cls for entry in season.entries)
    for entry in season.entries:
        if classed and (not entry.cls or entry.cls not in season.classes):
            return False
        if not classed and entry.cls and not isinstance(entry.cls, str):
            return False
        if entry.team is None or not _text(entry.team.text):
            return False
        if not _text(entry.driver.text):
            return False
        if entry.rounds and not all(
            _in_rounds(r, rounds) for r in (min(entry.rounds), max(entry.rounds))
        ):
            return False
    return True


def _names_valid(season: Season, kind: str) -> bool:
    """Every standings table of ``kind``: names given, and each once per table (per car where
    the table numbers its cars)."""
    tables: Iterable[Any] = (s for s in season.standings if s.kind == kind)
    for standings in tables:
        team_column = standings.kind == "driver" and any(row.teams for row in standings.rows)
        names: set[tuple[str, str]] = set()
        previous = None
        for row in standings.rows:
            if schemas._continues(previous, row):
                previous = row
                continue
            previous = row
            if not _text(row.name.text) or (row.name.text, row.car) in names:
                return False
            names.add((row.name.text, row.car))
            if team_column and not _text(" / ".join(t.text for t in row.teams)):
                return False
    return True
