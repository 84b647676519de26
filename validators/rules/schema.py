"""Race cells the reading cannot accept: text where a number belongs, points the system cannot give.

``not-a-number``: a cell of a points or positions matrix that is neither a number, a result
code nor a blank (``1O``, ``??``) is reported at its cell, an error when it reads as a number
with a letter typed for a digit, a warning otherwise (it may be a code this audit does not know).
It never removes its row or column from the other checks.

``impossible-points``: in a points matrix, a value the season's points system cannot give in
that round. The points system is a reading of the cells too: it is checked only when it accounts
for a clear majority of the table's non-zero values (with the bonuses the article states and half
points); otherwise the cells follow a scoring the audit has not read, and no cell is judged. The
value rules are declared as a pandera schema (``schemas.standings_schema``), run only on tables a
plain check of the same rules finds fault with, and only on the columns it finds fault in.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any, NamedTuple

from wikiaudit.validators import schemas
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.fit.candidates import named_races
from wikiaudit.validators.memo import Memo, remembered
from wikiaudit.validators.rules.locate import standings_finding
from wikiaudit.validators.season import RoundColumn, Season, Standings
from wikiaudit.validators.support import Support


class _Verdict(NamedTuple):
    rule: str
    severity: Severity
    message: str
    expected: str
    details: dict[str, Any] | None = None


def check(season: Season, memo: Memo | None = None) -> list[Finding]:
    """``memo``: failure cases one ``audit history`` walk remembers (``memo.remembered``)."""
    findings: list[Finding] = []
    for standings in season.standings:
        if standings.matrix not in ("points", "positions"):
            continue
        findings += _unread_cells(standings)
        if standings.matrix != "points" or standings.fit is None or not standings.fit.fits:
            continue
        allowed = allowed_by_round(season, standings)
        if allowed is None or not _values_fit(values_support(standings, allowed)):
            continue
        faulty = faulty_rounds(standings, allowed)
        if faulty is None:
            continue
        cases = remembered(
            memo,
            lambda s=standings, a=allowed, r=faulty: schemas.standings_key(s, a, r),
            lambda s=standings, a=allowed, r=faulty: schemas.failure_cases(
                schemas.standings_schema(s, a, r), schemas.standings_frame(s, r)
            ),
        )
        keys = schemas.column_keys(standings)
        for case in cases:
            finding = _finding(season, standings, keys, case, allowed)
            if finding is not None:
                findings.append(finding)
    return findings


def allowed_by_round(season: Season, standings: Standings) -> dict[int, set[float]] | None:
    """What the points system can give in each round: its band, with stated bonuses and halves."""
    if season.points is None:
        return None
    bonuses = _bonus_sums(season)
    doubled = _named_double_rounds(season)
    allowed: dict[int, set[float]] = {}
    for rc in standings.rounds:
        band = season.points.band_for_race(season.race(rc.round))
        if band is None:
            return None
        base = {0.0, *(float(p) for p in band.points)}
        with_bonus = {value + bonus for value in base for bonus in bonuses}
        if _half_points_possible(season, rc):
            with_bonus |= {value / 2 for value in with_bonus}
        if rc.round in doubled:
            with_bonus |= {value * 2 for value in with_bonus}
        allowed[rc.round] = with_bonus
    return allowed


def _named_double_rounds(season: Season) -> set[int]:
    """Rounds the prose names as paying double ("the 24 Hours of Le Mans awarded double")."""
    if season.clues is None:
        return set()
    return {
        race.round
        for phrase, _ in season.clues.double_named
        for race in named_races(season, phrase)
    }


def _half_points_possible(season: Season, rc: RoundColumn) -> bool:
    """Half points only where the article says races may pay half (or the rules file names
    this race): otherwise half of a value is a value the system cannot give."""
    if season.clues is not None and season.clues.half_points is not None:
        return True
    rules = season.rules.default if season.rules is not None else None
    return bool(rules and {rc.code, str(rc.round)} & rules.half_points)


def _bonus_sums(season: Season) -> set[float]:
    stated: dict[str, float] = {}
    if season.clues is not None:
        stated.update({name: points for name, (points, _) in season.clues.bonuses.items()})
    if season.context is not None:
        stated.update(season.context.legend_points)
    if season.points is not None:
        stated.update(season.points.bonuses)
    values = [v for v in stated.values() if v]
    sums = {0.0}
    for size in range(1, len(values) + 1):
        sums |= {float(sum(combo)) for combo in combinations(values, size)}
    return sums


def values_support(standings: Standings, allowed: dict[int, set[float]]) -> Support:
    nonzero = [
        (rc.round, value.cell.value)
        for row in standings.rows
        for rc in standings.rounds
        if (value := row.values.get(rc.round)) is not None
        and value.cell.kind == "number"
        and value.cell.value
    ]
    ok = sum(number in allowed[round_number] for round_number, number in nonzero)
    return Support(ok, len(nonzero), "values")


VALUES_SHARE = 0.95
"""A points system must account for this share of a table's non-zero values (cells are many,
and a bonus the article does not state shows up in a few of them: a pole point in one cell per
race is 3-5 % of a table) before a value it cannot give is called an error."""


def _values_fit(support: Support) -> bool:
    return support.checked >= 5 and support.reconciled >= VALUES_SHARE * support.checked


def faulty_rounds(standings: Standings, allowed: dict[int, set[float]]) -> frozenset[int] | None:
    """The rounds whose column holds a value ``allowed`` does not give, decided without
    pandera; None when pandera would report nothing at all (no such value, no position below 1).

    pandera then validates the positions and these columns only: the rules are column by
    column, so the columns left out could add no failure case (``tests/test_schema_shortcut``
    checks both against pandera on the whole table)."""
    rounds: set[int] = set()
    positions_wrong = False
    for row in standings.rows:
        if row.position is not None and row.position < 1:
            positions_wrong = True
        for rc in standings.rounds:
            value = row.values.get(rc.round)
            if value is None or value.cell.kind != "number" or value.cell.value is None:
                continue
            if value.cell.value not in allowed[rc.round]:
                rounds.add(rc.round)
    return frozenset(rounds) if rounds or positions_wrong else None


def _unread_cells(standings: Standings) -> list[Finding]:
    findings = []
    for row in standings.rows:
        for rc in standings.rounds:
            value = row.values.get(rc.round)
            if value is None or value.cell.kind != "text":
                continue
            typo = value.cell.typo
            if typo is not None:
                severity = Severity.ERROR
                message = (
                    f"{rc.code} holds {value.text!r}, a number typed with a letter ({typo:g}?)"
                )
            else:
                severity = Severity.WARNING
                message = (
                    f"{rc.code} holds {value.text!r}, which is neither a number nor a result code"
                )
            findings.append(
                standings_finding(
                    standings,
                    row,
                    rule="not-a-number",
                    severity=severity,
                    message=message,
                    column=rc.column,
                    column_label=rc.code,
                    published=value.text,
                    expected="a number or a result code",
                    line=value.line,
                )
            )
    return findings


def _finding(
    season: Season,
    standings: Standings,
    keys: dict[int, str],
    case: dict[str, Any],
    allowed: dict[int, set[float]],
) -> Finding | None:
    row = standings.rows[int(case["index"])]
    column, label, rc = _located(standings, keys, str(case["column"]))
    published = str(case["failure_case"])
    verdict = _verdict(season, label, rc, str(case["check"]), published, allowed)
    if verdict is None:
        return None
    value = row.values.get(rc.round) if rc is not None else None
    if value is not None:
        verdict = verdict._replace(message=verdict.message.replace(published, value.text, 1))
    return standings_finding(
        standings,
        row,
        rule=verdict.rule,
        severity=verdict.severity,
        message=verdict.message,
        column=column,
        column_label=label,
        published=value.text if value is not None else published,
        expected=verdict.expected,
        line=value.line if value is not None else row.position_line,
        details=verdict.details,
    )


def _located(
    standings: Standings, keys: dict[int, str], key: str
) -> tuple[int, str, RoundColumn | None]:
    if key == "Pos":
        return 0, "Pos", None
    rc = next(rc for rc in standings.rounds if keys[rc.round] == key)
    return rc.column, rc.code, rc


def _verdict(
    season: Season,
    label: str,
    rc: RoundColumn | None,
    check: str,
    published: str,
    allowed: dict[int, set[float]],
) -> _Verdict | None:
    if check.startswith("isin") and rc is not None:
        return _impossible(season, label, rc.round, published, allowed[rc.round])
    if check.startswith("greater_than_or_equal_to"):
        least = check.removeprefix("greater_than_or_equal_to(").rstrip(")")
        message = f"{label} holds {published}, below the smallest allowed value"
        return _Verdict("out-of-range", Severity.ERROR, message, least + " or more")
    return None


def _impossible(
    season: Season, label: str, round_number: int, published: str, allowed: set[float]
) -> _Verdict:
    race = season.race(round_number)
    band = season.points.band_for_race(race) if season.points and race else None
    plain = sorted({int(p) for p in band.points} if band else set(), reverse=True)
    where = f" for a {race.length} race ({band.label}: {_list(plain)})" if race and band else ""
    return _Verdict(
        "impossible-points",
        Severity.ERROR,
        f"{published} points in {label} is not a value the points system gives{where}",
        f"one of {_list(plain)}" if plain else "a value of the points system",
        {"allowed": sorted(allowed), "band": band.label if band else None},
    )


def _list(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)
