"""A team scores its best car: team points in a round equal the best of its drivers' points.

Driver standings stand in for car results (a car's drivers share its points). A team scoring
less than one of its own drivers is always a contradiction. A team scoring more than every one
of its drivers is one only when all its drivers for that round are known to be listed: the
driver standings leave out drivers who never scored, so the check needs the entry list to
vouch that each driver entered for the team in that round has a row.

A driver counts for a team in a round only when nothing places his car elsewhere: where the
entry list gives his rounds, it must place him with that team, and no other, that round (a
driver listed with several teams, ``Performance Tech Motorsports / RSR Racing``, or one who
changed teams while the standings list one); and where another team of the table holds his
points that round, they were that team's car (one car finishes in each place).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.linkage import entries_of, links
from wikiaudit.validators.rules.locate import standings_finding
from wikiaudit.validators.season import RoundColumn, Season, StandingRow, Standings

Entries = dict[str, dict[int, frozenset[str]]]
"""Per driver, the teams the entry list enters him for in each round (empty: no rounds known)."""
Claim = tuple[str, str, str, dict[str, Any]]
"""A contradiction found in one cell: message, published text shown, expected text, details."""


@dataclass(frozen=True, slots=True)
class Car:
    """A driver's points in one round, and whether they certainly count for the team."""

    driver: str
    points: int | None
    certain: bool


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for teams in season.standings:
        drivers = teams.drivers
        if teams.kind != "team" or drivers is None or not drivers.rows:
            continue
        if not best_car_scoring(teams) or drivers.fit is None or not drivers.fit.fits:
            continue
        # where the entry list places each driver, read once
        entries = {d.label: _placements(season, teams.cls, d.label) for d in drivers.rows}
        for row in teams.rows:
            members = team_drivers(season, drivers, row.label)
            if not members:
                continue
            # per driver, the rounds his car is certainly this team's (None: every round)
            certain = {
                m.label: _certain_rounds(season, entries[m.label], row.label) for m in members
            }
            for rc in teams.rounds:
                finding = _compare(season, teams, drivers, row, members, certain, rc)
                if finding is not None:
                    findings.append(finding)
    return findings


def best_car_scoring(teams: Standings) -> bool:
    """Whether the table was read as best-car team scoring, with support (``fit.teams``)."""
    fit = teams.team_fit
    return (
        teams.matrix == "points"
        and teams.fit is not None
        and teams.fit.fits
        and fit is not None
        and fit.fits
        and fit.description.endswith("best car")
    )


def _compare(
    season: Season,
    teams: Standings,
    drivers: Standings,
    row: StandingRow,
    members: list[StandingRow],
    certain: dict[str, frozenset[int] | None],
    rc: RoundColumn,
) -> Finding | None:
    """A team's cell in one round against its drivers' cells there: the contradiction, if any."""
    value = row.values.get(rc.round)
    team_points = value.points if value is not None else None
    published = value.text if value is not None and value.text.strip() else ""
    cars = [_car(member, certain[member.label], rc.round) for member in members]
    scored = [car for car in cars if car.points is not None]
    claim = _below_best_car(row, rc, scored, team_points, published)
    if claim is not None and _held_elsewhere(season, teams, row, rc, claim):
        claim = None
    claim = claim or _above_every_car(
        season, teams, drivers, row, rc, scored, team_points, published
    )
    if claim is None:
        return None
    message, shown, expected, details = claim
    return standings_finding(
        teams,
        row,
        rule="team-best-car",
        severity=Severity.ERROR,
        message=f"{message}; a team scores its best car",
        column=rc.column,
        column_label=rc.code,
        published=shown,
        expected=expected,
        line=value.line if value else row.line,
        details=details,
    )


def _below_best_car(
    row: StandingRow, rc: RoundColumn, scored: list[Car], team_points: int | None, published: str
) -> Claim | None:
    """The team has less than a driver certainly scoring for it: always a contradiction."""
    best = max((c for c in scored if c.certain), key=lambda c: c.points or 0, default=None)
    if best is None or (best.points or 0) <= (team_points or 0):
        return None
    message = (
        f"{row.label} has {published or 'nothing'} in {rc.code} but its driver "
        f"{best.driver} scored {best.points} there"
    )
    details = {"driver": best.driver, "driver_points": best.points}
    return message, published or "blank", str(best.points), details


def _above_every_car(
    season: Season,
    teams: Standings,
    drivers: Standings,
    row: StandingRow,
    rc: RoundColumn,
    scored: list[Car],
    team_points: int | None,
    published: str,
) -> Claim | None:
    """The team has more than any of its drivers: a contradiction only if none is missing."""
    top = max((c.points or 0 for c in scored), default=None)
    if not (
        team_points
        and top is not None
        and team_points > top
        and _all_drivers_listed(season, teams.cls, row.label, drivers, rc.round)
    ):
        return None
    message = (
        f"{row.label} has {team_points} in {rc.code} but none of its drivers "
        f"scored more than {top} there"
    )
    return message, published, str(top), {"drivers": {c.driver: c.points for c in scored}}


def _held_elsewhere(
    season: Season, teams: Standings, row: StandingRow, rc: RoundColumn, claim: Claim
) -> bool:
    """Another team of the class has exactly the driver's points that round, and a driver of
    its own scored them too: one car finishes in each place, so the car that earned them was
    that team's, shared with this driver (who changed teams while the driver standings list
    one), and the team below him is no contradiction. A team holding them with none of its own
    drivers to match (two team cells swapped) vouches for nothing."""
    points = claim[3]["driver_points"]
    same_team = links(season).same_team
    return any(
        (value := other.values.get(rc.round)) is not None
        and value.points == points
        and not same_team(other.label, row.label)
        and driver_scored(season, teams, other.label, rc.round, points)
        for other in teams.rows
        if other is not row
    )


def team_drivers(season: Season, drivers: Standings, team: str) -> list[StandingRow]:
    """The driver standings' rows listed with this team (any spelling the linkage joins)."""
    same_team = links(season).same_team
    return [d for d in drivers.rows if any(same_team(t.text, team) for t in d.teams)]


def driver_scored(
    season: Season, teams: Standings, team: str, round_number: int, points: float
) -> bool:
    """A driver of the team scored exactly these points in that round (``teams.drivers``,
    the driver standings paired with the team table)."""
    if teams.drivers is None:
        return False
    return any(
        (value := d.values.get(round_number)) is not None and value.points == points
        for d in team_drivers(season, teams.drivers, team)
    )


def _car(member: StandingRow, certain: frozenset[int] | None, round_number: int) -> Car:
    value = member.values.get(round_number)
    points = value.points if value is not None and value.text.strip() else None
    if certain is None:  # the entry list does not give his rounds: his row's team is his car's
        return Car(member.label, points, len(member.teams) <= 1)
    return Car(member.label, points, round_number in certain)


def _certain_rounds(
    season: Season, placed: dict[int, frozenset[str]], team: str
) -> frozenset[int] | None:
    """The rounds the entry list places the driver with this team and no other; None when it
    gives none of his rounds."""
    if not placed:
        return None
    same_team = links(season).same_team
    return frozenset(
        r
        for r, entered in placed.items()
        if len(entered) == 1 and same_team(next(iter(entered)), team)
    )


def _placements(season: Season, cls: str, driver: str) -> dict[int, frozenset[str]]:
    """Round -> the teams the entry list enters the driver for in the class, whichever team;
    empty when it gives none of his rounds."""
    by_round: dict[int, set[str]] = {}
    for entry in entries_of(season, driver, cls):
        if entry.team is not None:
            for r in entry.rounds or ():
                by_round.setdefault(r, set()).add(entry.team.text)
    return {r: frozenset(teams) for r, teams in by_round.items()}


def _all_drivers_listed(
    season: Season, cls: str, team: str, drivers: Standings, round_number: int
) -> bool:
    """Every driver the entry list enters for the team that round has a standings row."""
    linkage = links(season)
    entered = [
        entry
        for entry in season.entries
        if entry.cls in ("", cls)
        and entry.team is not None
        and linkage.same_team(entry.team.text, team)
    ]
    if not entered:
        return True
    if any(entry.rounds is None for entry in entered):
        return False
    names = [row.label for row in drivers.rows]
    return all(
        linkage.find_person(entry.driver.text, names) is not None
        for entry in entered
        if round_number in (entry.rounds or ())
    )
