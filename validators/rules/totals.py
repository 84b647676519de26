"""A points matrix's total must be the sum of its race points (or of the best N, as fitted)."""

from __future__ import annotations

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.fit.totals import TotalMismatch
from wikiaudit.validators.rules.locate import standings_finding
from wikiaudit.validators.season import Season, StandingRow


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for standings in season.standings:
        fit = standings.fit
        if standings.matrix != "points" or fit is None or not fit.fits:
            continue
        for mismatch in fit.mismatches:
            assert isinstance(mismatch, TotalMismatch)
            row = mismatch.row
            expected = _figure(mismatch.expected)
            certain = mismatch.certain and _all_values_valid(season, row)
            findings.append(
                standings_finding(
                    standings,
                    row,
                    rule="total-mismatch",
                    severity=Severity.ERROR,
                    message=f"{mismatch.message}; in this table {fit.support}",
                    column=standings.total_column,
                    column_label="Total",
                    published=row.total_text,
                    expected=expected,
                    fix=expected if certain and row.total_gross is None else None,
                    line=row.total_line,
                    details={**mismatch.details, "support": str(fit.support)},
                )
            )
    return findings


def _all_values_valid(season: Season, row: StandingRow) -> bool:
    """The sum is a safe correction only when every race value is one the rules can give."""
    if season.points is None:
        return False
    for value in row.values.values():
        if value.is_blank or value.cell.kind == "code":
            continue
        if value.cell.kind != "number" or value.cell.bracketed:
            return False
        band = season.points.band_for_race(season.race(value.round))
        if value.points != 0 and (band is None or value.points not in band.points):
            return False
    return True


def _figure(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
