"""A positions matrix's totals, recomputed from the finishing positions by its fitted scoring.

The scoring is read, not assumed (``validators.fit.positions``): the article's points table or
text, a ``--rules`` file, or a scale solved from the table, each with the marks, superscripts
and best-N rule the table supports. A row the chosen scoring cannot reconcile is an error when
the scoring is the article's own and reconciles a clear majority of the table; it is a warning
when the scoring comes from a ``--rules`` file (the file, not the article, is then the
authority). A table no scoring reconciles gets one ``info`` finding (``table-unfit``) instead.
"""

from __future__ import annotations

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.fit.positions import Mismatch
from wikiaudit.validators.rules.locate import standings_finding
from wikiaudit.validators.season import Season, Standings


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for standings in positions_tables(season):
        fit = standings.fit
        if fit is None or not fit.fits:
            continue  # the table's one reading line (``table-unfit``) says why
        from_rules = "rules file" in fit.description
        for mismatch in fit.mismatches:
            assert isinstance(mismatch, Mismatch)
            row = mismatch.profile.first
            findings.append(
                standings_finding(
                    standings,
                    row,
                    rule="positions-total-mismatch",
                    severity=Severity.WARNING if from_rules else Severity.ERROR,
                    message=f"{mismatch.message}; in this table {fit.support}",
                    column=standings.total_column,
                    column_label="Total",
                    published=row.total_text,
                    expected=mismatch.expected,
                    line=row.total_line,
                    details={**mismatch.details, "support": str(fit.support)},
                )
            )
    return findings


def positions_tables(season: Season) -> list[Standings]:
    return [s for s in season.standings if s.matrix == "positions"]
