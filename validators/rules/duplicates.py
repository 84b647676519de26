"""In one class's team standings, two teams cannot score the same non-zero points in a round.

Under best-car team scoring each finishing position gives its points to one team only, so equal
non-zero scores in one round mean one of them is wrong. The check runs only where the team
scoring was read as best car with support (``fit.teams``); when teams add up several cars, two
teams on the same points is normal. The finding sits on the cell the driver standings do not
vouch for (no driver of that team scored those points there) when exactly one is so; otherwise
on the later rows.
"""

from __future__ import annotations

from collections import defaultdict

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.rules.locate import round_label, standings_finding
from wikiaudit.validators.rules.team_best_car import best_car_scoring, driver_scored
from wikiaudit.validators.season import Season


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for standings in season.standings:
        if standings.kind != "team" or not best_car_scoring(standings):
            continue  # under other team scorings two teams may well score the same
        for rc in standings.rounds:
            holders = defaultdict(list)
            for row in standings.rows:
                value = row.values.get(rc.round)
                if value and value.points:
                    holders[value.points].append(row)
            for points, rows in holders.items():
                if len(rows) < 2:
                    continue
                unvouched = [
                    r
                    for r in rows
                    if not driver_scored(season, standings, r.label, rc.round, points)
                ]
                suspect = unvouched if len(unvouched) == 1 else rows[1:]
                for row in suspect:
                    other = next(r for r in rows if r is not row)
                    value = row.values[rc.round]
                    findings.append(
                        standings_finding(
                            standings,
                            row,
                            rule="duplicate-team-score",
                            severity=Severity.ERROR,
                            message=(
                                f"{row.label} and {other.label} both have {points} points "
                                f"in {rc.code}; one finishing position scores for one team"
                            ),
                            column=rc.column,
                            column_label=round_label(standings, rc.round),
                            published=value.text,
                            expected=f"not {points}",
                            line=value.line,
                            details={"other_row": other.label},
                        )
                    )
    return findings
