"""A team scores its best car: team points in a round equal the best of its drivers' points.

Driver standings stand in for car results (a car's drivers share its points). A team scoring
less than one of its own drivers is always a contradiction. A team scoring more than every one
of its drivers is one only when all its drivers for that round are known to be listed: the
driver standings leave out drivers who never scored, so the check needs the entry list to
vouch that each driver entered for the team in that round has a row.

A driver listed with several teams (``Performance Tech Motorsports / RSR Racing``) counts for a
team in a round only when the entry list places him with that team, and no other, that round.
"""

from __future__ import annotations

from dataclasses import dataclass

from validators.findings import Finding, Severity
from validators.names import find_person, same_team
from validators.rules.locate import standings_finding
from validators.season import Season, StandingRow, Standings

Entries = dict[str, list[tuple[str, frozenset[int]]]]


@dataclass(frozen=True, slots=True)
class Car:
    """A driver's points in one round, and whether they certainly count for the team."""

    driver: str
    points: int | None
    certain: bool


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for teams in season.standings:
        drivers = season.driver_standings(teams.cls)
        if teams.kind != "team" or drivers is None or not drivers.rows:
            continue
        if teams.matrix != "points" or drivers.matrix != "points":
            continue
        # where the entry list places each driver listed with several teams, read once
        entries = {
            d.label: _member_entries(season, teams.cls, d) for d in drivers.rows if len(d.teams) > 1
        }
        for row in teams.rows:
            members = [
                d for d in drivers.rows if any(same_team(t.text, row.label) for t in d.teams)
            ]
            if not members:
                continue
            for rc in teams.rounds:
                finding = _compare(season, teams, drivers, row, members, entries, rc.round or 0)
                if finding is not None:
                    findings.append(finding)
    return findings


def _compare(
    season: Season,
    teams: Standings,
    drivers: Standings,
    row: StandingRow,
    members: list[StandingRow],
    entries: Entries,
    round_number: int,
) -> Finding | None:
    value = row.values.get(round_number)
    team_points = value.points if value is not None else None
    cars = [_car(m, row.label, entries, round_number) for m in members]
    scored = [c for c in cars if c.points is not None]
    certain = [c for c in scored if c.certain]
    best = max(certain, key=lambda c: c.points or 0, default=None)
    column = next(rc for rc in teams.rounds if rc.round == round_number)
    published = value.text if value is not None and value.text.strip() else ""
    if best is not None and (best.points or 0) > (team_points or 0):
        return standings_finding(
            teams,
            row,
            rule="team-best-car",
            severity=Severity.ERROR,
            message=(
                f"{row.label} has {published or 'nothing'} in {column.code} but its driver "
                f"{best.driver} scored {best.points} there; a team scores its best car"
            ),
            column=column.column,
            column_label=column.code,
            published=published or "blank",
            expected=str(best.points),
            line=value.line if value else row.line,
            details={"driver": best.driver, "driver_points": best.points},
        )
    top = max((c.points or 0 for c in scored), default=None)
    if (
        team_points
        and top is not None
        and team_points > top
        and _all_drivers_listed(season, teams.cls, row.label, drivers, round_number)
    ):
        return standings_finding(
            teams,
            row,
            rule="team-best-car",
            severity=Severity.ERROR,
            message=(
                f"{row.label} has {team_points} in {column.code} but none of its drivers "
                f"scored more than {top} there; a team scores its best car"
            ),
            column=column.column,
            column_label=column.code,
            published=published,
            expected=str(top),
            line=value.line if value else row.line,
            details={"drivers": {c.driver: c.points for c in scored}},
        )
    return None


def _car(member: StandingRow, team: str, entries: Entries, round_number: int) -> Car:
    value = member.values.get(round_number)
    points = value.points if value is not None and value.text.strip() else None
    if len(member.teams) <= 1:
        return Car(member.label, points, True)
    entered = {entry_team for entry_team, rounds in entries[member.label] if round_number in rounds}
    certain = len(entered) == 1 and same_team(next(iter(entered)), team)
    return Car(member.label, points, certain)


def _member_entries(
    season: Season, cls: str, member: StandingRow
) -> list[tuple[str, frozenset[int]]]:
    """(team, rounds) of each entry-list entry of a driver listed with several teams."""
    return [
        (entry.team.text, entry.rounds)
        for entry in season.entries
        if entry.cls == cls
        and entry.team is not None
        and entry.rounds is not None
        and find_person(entry.driver.text, [member.label])
        and any(same_team(entry.team.text, t.text) for t in member.teams)
    ]


def _all_drivers_listed(
    season: Season, cls: str, team: str, drivers: Standings, round_number: int
) -> bool:
    """Every driver the entry list enters for the team that round has a standings row."""
    entered = [
        entry
        for entry in season.entries
        if entry.cls == cls and entry.team is not None and same_team(entry.team.text, team)
    ]
    if not entered:
        return True
    if any(entry.rounds is None for entry in entered):
        return False
    names = [row.label for row in drivers.rows]
    return all(
        find_person(entry.driver.text, names) is not None
        for entry in entered
        if round_number in (entry.rounds or ())
    )
