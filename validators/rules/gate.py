"""Cross-table checks judge case by case only when the two tables mostly agree.

A check that compares two tables (results against standings, teams against their drivers, the
entry list against the standings) rests on a reading of how they relate: that a round column
is that round, that a team scores its best car, that the entry list names drivers the way the
standings do. When most cases agree, the few that do not are the article's errors. When many
disagree, the relation was misread (the series scores teams another way, the columns are
aligned differently), and the check says so once instead of reporting every case.
"""

from __future__ import annotations

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.support import Support


def gated(
    findings: list[Finding],
    checked: int,
    what: str,
    *,
    table: str | None = None,
    table_index: int | None = None,
    line: int | None = None,
) -> list[Finding]:
    """``findings`` when at most a fifth of ``checked`` cases disagree; else one ``info``."""
    disagreeing = len({f.key for f in findings if f.severity is not Severity.INFO})
    support = Support(max(checked - disagreeing, 0), checked, "cases")
    if not disagreeing or support.fits:
        return findings
    example = "; ".join(
        f"{f.row} {f.column or ''}: {f.published} vs {f.expected}" for f in findings[:2]
    )
    return [
        Finding(
            rule="cross-check-unfit",
            severity=Severity.INFO,
            message=(
                f"{what}: {support.why_not()}, so the tables are related some other way; "
                f"not judged case by case (e.g. {example})"
            ),
            table=table,
            line=line,
            table_index=table_index,
            details={"support": str(support), "rules": sorted({f.rule for f in findings})},
        )
    ]
