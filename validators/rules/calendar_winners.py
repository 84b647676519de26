"""The calendar's race winners must be shown winning in the driver standings.

Season articles list each race's winner in the calendar (``Winning driver``), or in a results
table laid out like one (``Rnd | Race | Pole position | Fastest lap | Winning driver``, whose
winners ``build`` gives the calendar by round), and each driver's result per race in the
standings. A winner's cell in a positions matrix must say 1;
in a points matrix it must hold at least the points the system gives a win. The pairing of
calendar rows with standings columns is itself a reading (by order, when the calendar lists as
many races as the standings have columns): it is judged only when most winners agree with it,
so a calendar that lists meetings where the standings list races, or a different class, gives
one ``info`` line and no row findings.
"""

from __future__ import annotations

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.linkage import links
from wikiaudit.validators.rules.gate import gated
from wikiaudit.validators.rules.locate import standings_finding
from wikiaudit.validators.season import Race, Season, Standings


def check(season: Season) -> list[Finding]:
    races = [race for race in season.calendar if race.winners]
    if len(races) < 2 or season.calendar_table is None:
        return []
    table = _standings_of_winners(season, races)
    if table is None:
        return []
    findings: list[Finding] = []
    checked = 0
    names = [row.label for row in table.rows]
    linkage = links(season)
    for race, column in zip(races, table.rounds, strict=True):
        for winner in race.winners:
            found = linkage.find_person(winner.text, names)
            row = table.row_for(found) if found else None
            if row is None:
                continue  # a winner not in these standings: another class, or a guest
            value = row.values.get(column.round)
            if value is None:
                continue
            checked += 1
            problem = _problem(season, table, race, value.cell)
            if problem is None:
                continue
            expected, why = problem
            findings.append(
                standings_finding(
                    table,
                    row,
                    rule="winner-position",
                    severity=Severity.ERROR,
                    message=(
                        f"line {race.winner_line} gives {column.code} (round {race.round}) to "
                        f"{winner.text}, but the standings show "
                        f"{value.text.strip() or 'nothing'} there, {why}"
                    ),
                    column=column.column,
                    column_label=column.code,
                    published=value.text.strip() or "blank",
                    expected=expected,
                    line=value.line,
                    details={"calendar_line": race.winner_line, "winner": winner.text},
                )
            )
    cal = season.calendar_table
    return gated(
        findings,
        checked,
        "the calendar's winners against the driver standings",
        table=cal.title,
        table_index=cal.index,
        line=cal.line,
    )


def _standings_of_winners(season: Season, races: list[Race]) -> Standings | None:
    """The driver standings, read with support, that line up with the calendar's races and
    hold most of its winners."""
    best, best_found = None, 0
    linkage = links(season)
    for standings in season.standings:
        if standings.kind != "driver" or standings.fit is None or not standings.fit.fits:
            continue
        if standings.matrix not in ("points", "positions") or len(standings.rounds) != len(races):
            continue
        names = [row.label for row in standings.rows]
        found = sum(
            1
            for race in races
            for w in race.winners
            if linkage.find_person(w.text, names) is not None
        )
        if found > best_found:
            best, best_found = standings, found
    return best if best_found * 2 >= len(races) else None


def _problem(
    season: Season, standings: Standings, race: Race, cell: object
) -> tuple[str, str] | None:
    kind, value = cell.kind, cell.value
    if standings.matrix == "positions":
        if kind == "number" and value == 1:
            return None
        return "1", "not a win"
    if season.points is None:
        return None
    band = season.points.band_for_race(race, by_round=race.round)
    if band is None or not band.points:
        return None
    if kind == "number" and value is not None and value >= band.points[0]:
        return None
    return f"{band.points[0]} or more", f"not the winner's {band.points[0]} points"
