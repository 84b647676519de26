"""The pandera schemas of every table kind, each failure case turned into a located finding.

Race values of standings are checked by ``rules.schema``; this module runs the other kinds
(calendar, points system, results, entry list) and the name columns of standings. A row-wide
check fails once per column in pandera's report; it is reported once per row here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from wikiaudit.scraper.model import Table
from wikiaudit.validators import schemas
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.season import Season

_ROW_CHECKS = ("multiple_fields_uniqueness", "points do not increase")
_ERRORS = ("points do not increase",)
"""Only a points system paying more for a worse position is certainly wrong; every other
column rule (a blank driver in an entry list, a name listed twice, a class the results do not
know) has legitimate exceptions in real articles, so it is a warning."""

Validation = tuple[str, Table | None, Callable[[], Hashable], schemas.Build]
"""(kind, table, memo key, frame-and-schema builder); ``table`` is None for a frame whose rows
carry their standings (``_table``, an index into ``season.standings``)."""


def check(season: Season, memo: schemas.Memo | None = None) -> list[Finding]:
    """``memo``: failure cases one ``audit history`` walk remembers (``schemas.remembered``)."""
    findings: list[Finding] = []
    for kind, table, key, build in _tables(season):
        frame, cases = schemas.remembered(memo, key, lambda build=build: _validated(build))
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
