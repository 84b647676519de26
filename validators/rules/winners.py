"""Results vs standings: the winning car of each round and class must hold the winner's points.

The winner's points are the first value of the points band for the round's length. The team
check is an error (a position scores for one team, so a contradiction means one table is
wrong); the driver check is a warning, because drivers legitimately miss points (minimum drive
time, a second car) and the article often says so. Each finding carries the facts the
explanation pass matches notes against (``details["explain"]``).
"""

from __future__ import annotations

from typing import Any

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.linkage import links
from wikiaudit.validators.names import same_name
from wikiaudit.validators.rules.gate import gated
from wikiaudit.validators.rules.locate import round_label, standings_finding
from wikiaudit.validators.season import Entry, RaceResult, Season, StandingRow, Standings


def check(season: Season) -> list[Finding]:
    team_findings: list[Finding] = []
    driver_findings: list[Finding] = []
    team_checked = driver_checked = 0
    by_team = _entries_by_team(season)
    for result in season.results:
        points = winner_points(season, result.round)
        if points is None:
            continue
        teams = _points_matrix(season.team_standings(result.cls))
        drivers = _points_matrix(season.driver_standings(result.cls))
        credited = _team_credited(season, result, teams, points) or _any_driver_credited(
            season, result, drivers, points
        )
        if teams is not None and teams.rows:
            team_findings += _team_findings(season, result, teams, points, by_team)
            team_checked += 1
        if drivers is not None and drivers.rows:
            driver_findings += _driver_findings(season, result, drivers, points, credited)
            driver_checked += len(result.drivers)
    table = season.results_table
    where = {
        "table": table.title if table else None,
        "table_index": table.index if table else None,
        "line": table.line if table else None,
    }
    return [
        *gated(
            team_findings, team_checked, "the results' winners against the team standings", **where
        ),
        *gated(
            driver_findings,
            driver_checked,
            "the results' winning drivers against the driver standings",
            **where,
        ),
    ]


def _points_matrix(standings: Standings | None) -> Standings | None:
    """Only a points matrix whose totals were read with confidence holds points per round."""
    if standings is None or standings.matrix != "points":
        return None
    return standings if standings.fit is not None and standings.fit.fits else None


def winner_points(season: Season, round_number: int) -> int | None:
    """First place's points in this round's band; None when the article does not say."""
    if season.points is None:
        return None
    band = season.points.band_for_race(season.race(round_number), by_round=round_number)
    return band.points[0] if band and band.points else None


def team_row(season: Season, standings: Standings, team: str) -> StandingRow | None:
    """The standings row of a team written as ``team`` elsewhere (a linked spelling included)."""
    exact = [row for row in standings.rows if same_name(row.name.text, team)]
    if exact:
        return exact[0]
    linkage = links(season)
    matches = [row for row in standings.rows if linkage.same_team(team, row.name.text)]
    return matches[0] if len(matches) == 1 else None


def full_season(
    season: Season,
    cls: str,
    team: str,
    by_team: dict[tuple[str, str], list[Entry]] | None = None,
) -> bool | None:
    """Whether the entry list enters the team in every round (None when it cannot tell);
    ``by_team``: the entries by (class, team), made once by a caller asking for many teams."""
    by_team = by_team if by_team is not None else _entries_by_team(season)
    entries = by_team.get((cls, links(season).team(team)), [])
    known = [e.rounds for e in entries if e.rounds is not None]
    if not known or not season.calendar:
        return None
    covered = frozenset().union(*known)
    if covered >= {race.round for race in season.calendar}:
        return True
    return False if len(known) == len(entries) else None


def _entries_by_team(season: Season) -> dict[tuple[str, str], list[Entry]]:
    """The entry list's entries by (class, linked team), made once per season: every result
    asks for its team's."""
    linkage = links(season)
    grouped: dict[tuple[str, str], list[Entry]] = {}
    for entry in season.entries:
        if entry.team is not None:
            grouped.setdefault((entry.cls, linkage.team(entry.team.text)), []).append(entry)
    return grouped


def _team_credited(
    season: Season, result: RaceResult, teams: Standings | None, points: int
) -> bool:
    if teams is None:
        return False
    row = team_row(season, teams, result.team.text)
    value = row.values.get(result.round) if row else None
    return bool(value and value.points == points)


def _any_driver_credited(
    season: Season, result: RaceResult, drivers: Standings | None, points: int
) -> bool:
    if drivers is None:
        return False
    names = [row.name.text for row in drivers.rows]
    for driver in result.drivers:
        found = links(season).find_person(driver.text, names)
        row = drivers.row_for(found) if found else None
        value = row.values.get(result.round) if row else None
        if value and value.points == points:
            return True
    return False


def _team_findings(
    season: Season,
    result: RaceResult,
    teams: Standings,
    points: int,
    by_team: dict[tuple[str, str], list[Entry]],
) -> list[Finding]:
    row = team_row(season, teams, result.team.text)
    holders = [
        r.label
        for r in teams.rows
        if r is not row and (v := r.values.get(result.round)) and v.points == points
    ]
    column = round_label(teams, result.round)
    facts = _facts(result, "team", holders=holders)
    facts["full_season"] = full_season(season, result.cls, result.team.text, by_team)
    car = f"#{result.car} " if result.car else ""
    instead = f"; {', '.join(holders)} {'holds' if len(holders) == 1 else 'hold'} them instead"
    if row is None:
        return [
            Finding(
                rule="winner-missing",
                severity=Severity.ERROR,
                message=(
                    f"{car}{result.team.text} won {result.cls} in {column} (round "
                    f"{result.round}) but has no row in the {result.cls} team standings"
                    + (instead if holders else "")
                ),
                table=teams.title,
                row=result.team.text,
                column=column,
                published="no row",
                expected=str(points),
                line=result.line,
                table_index=teams.table.index,
                details={"explain": facts, "results_line": result.line},
            )
        ]
    value = row.values.get(result.round)
    if value is not None and value.points == points:
        return []
    published = value.text if value is not None and value.text.strip() else ""
    rc = next((rc for rc in teams.rounds if rc.round == result.round), None)
    return [
        standings_finding(
            teams,
            row,
            rule="winner-points",
            severity=Severity.ERROR,
            message=(
                f"the results give the {result.cls} win in {column} to {car}{result.team.text}, "
                f"but its team standings show {published or 'nothing'} there, not the "
                f"winner's {points}" + (instead if holders else "")
            ),
            column=rc.column if rc else None,
            column_label=column,
            published=published or "blank",
            expected=str(points),
            line=value.line if value is not None else row.line,
            details={"explain": facts, "results_line": result.line, "holders": holders},
        )
    ]


def _driver_findings(
    season: Season, result: RaceResult, drivers: Standings, points: int, credited: bool
) -> list[Finding]:
    findings: list[Finding] = []
    names = [row.name.text for row in drivers.rows]
    column = round_label(drivers, result.round)
    rc = next((rc for rc in drivers.rounds if rc.round == result.round), None)
    car = f"#{result.car} " if result.car else ""
    for driver in result.drivers:
        found = links(season).find_person(driver.text, names)
        row = drivers.row_for(found) if found else None
        if row is None:
            findings.append(
                Finding(
                    rule="winner-driver-points",
                    severity=Severity.WARNING,
                    message=(
                        f"{driver.text} is listed in the winning {car}{result.team.text} in "
                        f"{column} but has no row in the {result.cls} driver standings "
                        f"(missing the winner's {points} points)"
                    ),
                    table=drivers.title,
                    row=driver.text,
                    column=column,
                    published="no row",
                    expected=str(points),
                    line=result.drivers_line or result.line,
                    table_index=drivers.table.index,
                    details={"explain": _facts(result, "driver", driver.text, credited)},
                )
            )
            continue
        value = row.values.get(result.round)
        if value is not None and value.points is not None and value.points >= points:
            continue
        published = value.text if value is not None and value.text.strip() else ""
        scored = value.points if value is not None and value.points else 0
        findings.append(
            standings_finding(
                drivers,
                row,
                rule="winner-driver-points",
                severity=Severity.WARNING,
                message=(
                    f"{row.label} is listed in the winning {car}{result.team.text} in {column} "
                    f"but has {published or 'no points'} there, not the winner's {points}"
                ),
                column=rc.column if rc else None,
                column_label=column,
                published=published or "blank",
                expected=str(points),
                line=value.line if value is not None else row.line,
                details={
                    "explain": _facts(result, "driver", row.label, credited, scored),
                    "results_line": result.drivers_line,
                },
            )
        )
    return findings


def _facts(
    result: RaceResult,
    subject: str,
    driver: str | None = None,
    credited: bool = False,
    scored: int = 0,
    holders: list[str] | None = None,
) -> dict[str, Any]:
    """What a note must mention, or a rule must describe, to explain this finding."""
    return {
        "kind": "winner-team" if subject == "team" else "winner-driver",
        "round": result.round,
        "cls": result.cls,
        "team": result.team.text,
        "car": result.car,
        "drivers": [d.text for d in result.drivers],
        "driver": driver,
        "credited": credited,
        "scored_elsewhere": scored,
        "holders": holders or [],
    }
