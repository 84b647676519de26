"""Standings order: positions ascend, totals do not increase, tied rows share a total."""

from __future__ import annotations

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.rules.locate import standings_finding
from wikiaudit.validators.season import Season, StandingRow, Standings


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for standings in season.standings:
        previous: StandingRow | None = None
        for row in standings.rows:
            if previous is not None:
                findings += _compare(standings, previous, row)
            previous = row
    return findings


def _compare(standings: Standings, above: StandingRow, row: StandingRow) -> list[Finding]:
    findings: list[Finding] = []
    pos_col = 0
    if above.position is not None and row.position is not None:
        if row.position < above.position:
            findings.append(
                standings_finding(
                    standings,
                    row,
                    rule="position-order",
                    severity=Severity.ERROR,
                    message=f"position {row.position} comes after position {above.position}",
                    column=pos_col,
                    column_label="Pos",
                    published=str(row.position),
                    expected=f">= {above.position}",
                )
            )
        tied = row.position == above.position
        if tied and above.total is not None and row.total is not None and row.total != above.total:
            findings.append(
                standings_finding(
                    standings,
                    row,
                    rule="tie-total",
                    severity=Severity.ERROR,
                    message=(
                        f"shares position {row.position} with {above.label} "
                        f"but has {row.total} points, not {above.total}"
                    ),
                    column=standings.total_column,
                    column_label="Total",
                    published=row.total_text,
                    expected=above.total_text,
                )
            )
    if above.total is not None and row.total is not None and row.total > above.total:
        findings.append(
            standings_finding(
                standings,
                row,
                rule="total-order",
                severity=Severity.ERROR,
                message=(f"{row.total} points ranks below {above.label} with only {above.total}"),
                column=standings.total_column,
                column_label="Total",
                published=row.total_text,
                expected=f"<= {above.total}",
            )
        )
    return findings
