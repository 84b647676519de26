"""A race classification's Points column must pay the scale for each finishing position.

The scale is read (``validators.fit.classification``): the article's points table or text, or
what the other classifications of the same meeting pay. A row paid otherwise is an error when
that scale reconciles a clear majority of the classification; otherwise the table gets one
``info`` line (``table-unfit``) and no row is judged.
"""

from __future__ import annotations

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.fit.classification import ClassificationMismatch
from wikiaudit.validators.season import Season


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for table in season.classifications:
        fit = table.fit
        if fit is None or not fit.fits:
            continue
        for mismatch in fit.mismatches:
            assert isinstance(mismatch, ClassificationMismatch)
            row = mismatch.row
            findings.append(
                Finding(
                    rule="classification-points",
                    severity=Severity.ERROR,
                    message=f"{mismatch.message}; in this table {fit.support}",
                    table=table.title,
                    row=row.name.text,
                    column="Points",
                    published=row.points.text or "blank",
                    expected=f"{mismatch.expected:g}",
                    line=row.points_line,
                    table_index=table.table.index,
                    cell=(row.row_index, table.columns.points),
                    details={"scale": fit.description, "support": str(fit.support)},
                )
            )
    return findings
