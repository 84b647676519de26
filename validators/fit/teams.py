"""How a team's points come from its cars: the best car, the best two, or all of them.

Series score teams differently: many count only the team's best-placed car in each round (the
2012 American Le Mans Series), others add up every car (most manufacturers' and teams'
championships), some the best two. Which one a table follows is read from the table: for each
team and round, the team's cell is compared with the best, the best two and the sum of its
drivers' cells in the paired driver standings, and the aggregation most cells agree with is the
reading. Checks that only make sense for one aggregation (``team-best-car``, and
``duplicate-team-score``: under best-car scoring one finishing position scores for one team)
run only when that aggregation fits.
"""

from __future__ import annotations

from wikiaudit.validators.names import same_name as same_team
from wikiaudit.validators.season import Fit, Standings
from wikiaudit.validators.support import Support

AGGREGATIONS = ("best car", "all cars", "cars, co-drivers counted once", "best two cars")
"""In order of preference when two agree with as many cells (two cars: best two = all)."""


def pair_drivers(teams: Standings, candidates: list[Standings]) -> Standings | None:
    """The driver standings whose drivers drive for this table's teams, over the same rounds."""
    codes = [rc.code for rc in teams.rounds]
    best, best_share = None, 0.0
    names = [row.label for row in teams.rows]
    for drivers in candidates:
        if drivers.kind != "driver" or [rc.code for rc in drivers.rounds] != codes:
            continue
        with_team = [row for row in drivers.rows if row.teams]
        if not with_team:
            continue
        matched = sum(
            any(same_team(t.text, n) for t in row.teams for n in names) for row in with_team
        )
        share = matched / len(with_team)
        if share > best_share:
            best, best_share = drivers, share
    return best if best_share >= 0.5 else None


def fit_team_scoring(teams: Standings, drivers: Standings) -> Fit | None:
    """The aggregation of drivers' points that reproduces the most team cells."""
    agree = dict.fromkeys(AGGREGATIONS, 0)
    compared = 0
    for row in teams.rows:
        members = [d for d in drivers.rows if any(same_team(t.text, row.label) for t in d.teams)]
        if not members:
            continue
        for rc in teams.rounds:
            value = row.values.get(rc.round)
            if value is None or value.points is None:
                continue
            scores = sorted(
                (v.points for d in members if (v := d.values.get(rc.round)) and v.points),
                reverse=True,
            )
            if not scores and not value.points:
                continue
            compared += 1
            sums = {
                "best car": scores[0] if scores else 0,
                "all cars": sum(scores),
                "cars, co-drivers counted once": sum(_distinct_cars(scores)),
                "best two cars": sum(scores[:2]),
            }
            for name, total in sums.items():
                agree[name] += total == value.points
    if not compared:
        return None
    chosen = max(AGGREGATIONS, key=lambda name: agree[name])
    return Fit(f"a team scores its {chosen}", Support(agree[chosen], compared, "team cells"))


def _distinct_cars(scores: list[int]) -> list[int]:
    """Co-drivers of one car share its points: equal scores are counted once, a guess that
    only decides between readings, never a finding."""
    return sorted(set(scores), reverse=True)
