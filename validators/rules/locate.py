"""Building findings that point at one cell of a standings table."""

from __future__ import annotations

from typing import Any

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.season import StandingRow, Standings


def standings_finding(
    standings: Standings,
    row: StandingRow,
    *,
    rule: str,
    severity: Severity,
    message: str,
    column: int | None,
    column_label: str | None,
    published: str | None,
    expected: str | None,
    fix: str | None = None,
    line: int | None = None,
    details: dict[str, Any] | None = None,
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        table=standings.title,
        row=row.label,
        column=column_label,
        published=published,
        expected=expected,
        line=line or row.line_of(column),
        table_index=standings.table.index,
        cell=(row.row_index, column) if column is not None else None,
        fix=fix,
        details=details or {},
    )


def round_label(standings: Standings, round_number: int) -> str:
    return next((rc.code for rc in standings.rounds if rc.round == round_number), str(round_number))
