"""Standings round columns must match the calendar's rounds (and each other).

A calendar may list meetings where the standings list races (two or three races a meeting), so
a count is a mismatch only when no such grouping explains it; even then it is a warning, since
a cancelled race or a non-championship round explains it as well as a missing column.
"""

from __future__ import annotations

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.season import Season


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    if not season.calendar:
        return findings
    expected = len(season.calendar)
    reference = next((s for s in season.standings if len(s.rounds) == expected), None)
    for standings in season.standings:
        if not standings.rounds:
            continue  # a totals-only table (a manufacturers' cup) prints no rounds at all
        codes = [rc.code for rc in standings.rounds]
        table = standings.table
        header_line = table.header_rows[0].line if table.header_rows else table.line
        if not _explained_count(codes, expected):
            findings.append(
                Finding(
                    rule="rounds-vs-calendar",
                    severity=Severity.WARNING,
                    message=(
                        f"{len(codes)} round columns ({', '.join(codes)}) but the calendar has "
                        f"{expected} rounds"
                    ),
                    table=standings.title,
                    row="header",
                    column="rounds",
                    published=str(len(codes)),
                    expected=str(expected),
                    line=header_line,
                    table_index=table.index,
                )
            )
        elif (
            reference is not None
            and len(codes) == len(reference.rounds)
            and codes != [rc.code for rc in reference.rounds]
        ):
            for rc, ref in zip(standings.rounds, reference.rounds, strict=True):
                if rc.code != ref.code:
                    findings.append(
                        Finding(
                            rule="round-code-mismatch",
                            severity=Severity.WARNING,
                            message=(
                                f"round {ref.round} is headed {rc.code} here but {ref.code} in "
                                f"{reference.title}"
                            ),
                            table=standings.title,
                            row="header",
                            column=rc.code,
                            published=rc.code,
                            expected=ref.code,
                            line=header_line,
                            table_index=table.index,
                            cell=(0, rc.column),
                        )
                    )
    return findings


def _explained_count(codes: list[str], expected: int) -> bool:
    """Round columns that match the calendar's rows: one per round, one per distinct round
    code (``Rd 1 Rd 1``: two races of one round), or the same number of races every round."""
    return len(codes) == expected or len(set(codes)) == expected or len(codes) % expected == 0
