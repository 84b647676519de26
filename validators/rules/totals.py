"""A row's total must be the sum of its race points."""

from __future__ import annotations

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.rules.locate import standings_finding
from wikiaudit.validators.season import Season, StandingRow


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for standings in season.standings:
        if standings.matrix != "points":
            continue
        for row in standings.rows:
            if row.total is None:
                continue
            values = [v for v in row.values.values() if v.text.strip()]
            if any(v.points is None for v in values):
                continue  # a non-numeric race cell is the schema's finding, not a sum to check
            expected = sum(v.points or 0 for v in values)
            if expected == row.total:
                continue
            certain = _all_values_valid(season, row)
            findings.append(
                standings_finding(
                    standings,
                    row,
                    rule="total-mismatch",
                    severity=Severity.ERROR,
                    message=(
                        f"total {row.total} is not the sum of the race points "
                        f"({' + '.join(str(v.points) for v in values) or '0'} = {expected})"
                    ),
                    column=standings.total_column,
                    column_label="Total",
                    published=row.total_text,
                    expected=str(expected),
                    fix=str(expected) if certain else None,
                    details={"race_points": {str(v.round): v.points for v in values}},
                )
            )
    return findings


def _all_values_valid(season: Season, row: StandingRow) -> bool:
    """The sum is a safe correction only when every race value is one the rules can give."""
    if season.points is None:
        return False
    for value in row.values.values():
        if value.points in (None, 0):
            continue
        band = season.points.band_for_race(season.race(value.round))
        if band is None or value.points not in band.points:
            return False
    return True
