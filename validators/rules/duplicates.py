"""In one class's team standings, two teams cannot score the same non-zero points in a round.

Each finishing position gives its points to one team only (a team scores its best car), so
equal non-zero scores in one round mean one of them is wrong.
"""

from __future__ import annotations

from collections import defaultdict

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.rules.locate import round_label, standings_finding
from wikiaudit.validators.season import Season


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for standings in season.standings:
        if standings.kind != "team" or standings.matrix != "points":
            continue
        for rc in standings.rounds:
            holders = defaultdict(list)
            for row in standings.rows:
                value = row.values.get(rc.round)
                if value and value.points:
                    holders[value.points].append(row)
            for points, rows in holders.items():
                for row in rows[1:]:
                    value = row.values[rc.round]
                    findings.append(
                        standings_finding(
                            standings,
                            row,
                            rule="duplicate-team-score",
                            severity=Severity.ERROR,
                            message=(
                                f"{row.label} and {rows[0].label} both have {points} points "
                                f"in {rc.code}; one finishing position scores for one team"
                            ),
                            column=rc.column,
                            column_label=round_label(standings, rc.round),
                            published=value.text,
                            expected=f"not {points}",
                            line=value.line,
                            details={"other_row": rows[0].label},
                        )
                    )
    return findings
