"""Column rules from the pandera schemas, each failing cell turned into a located finding."""

from __future__ import annotations

from typing import Any, NamedTuple

from wikiaudit.validators import schemas
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.rules.locate import standings_finding
from wikiaudit.validators.season import RoundColumn, Season, Standings


class _Verdict(NamedTuple):
    """What a failure case means for an editor; the cell it sits in is located separately."""

    rule: str
    severity: Severity
    message: str
    expected: str
    details: dict[str, Any] | None = None


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for standings in season.standings:
        if standings.matrix != "points" or not standings.rows:
            continue
        if _plainly_valid(season, standings):
            continue
        cases = schemas.remembered_failure_cases(
            _content(season, standings),
            lambda standings=standings: (
                schemas.standings_frame(standings),
                schemas.standings_schema(season, standings),
            ),
        )
        keys = schemas.column_keys(standings)
        for case in cases:
            finding = _finding(season, standings, keys, case)
            if finding is not None:
                findings.append(finding)
    return findings


def _content(season: Season, standings: Standings) -> tuple[Any, ...]:
    """Everything the standings frame and its schema are made of (no lines)."""
    rounds = tuple(rc.round for rc in standings.rounds)
    keys = schemas.column_keys(standings)
    return (
        "standings",
        tuple(keys[r] for r in rounds),
        tuple(frozenset(schemas.allowed_points(season, r) or ()) for r in rounds),
        tuple(
            (
                row.position,
                row.total_text,
                tuple(row.values[r].text if r in row.values else "" for r in rounds),
            )
            for row in standings.rows
        ),
    )


_INT64 = range(-(2**63), 2**63)


def _plainly_valid(season: Season, standings: Standings) -> bool:
    """True only when pandera would report nothing, decided without building a schema.

    Building and running a pandera schema costs 20-60 ms per table, most of a whole audit, and
    nearly every table passes. The checks are the schema's own (whole numbers that fit Int64,
    ``Pos >= 1``, totals and race values ``>= 0``, race values the points system can give), so
    a True here is exactly an empty failure list; anything else goes to pandera, which reports.
    """
    for row in standings.rows:
        if row.position is not None and (row.position < 1 or row.position not in _INT64):
            return False
        total = schemas.cell_value(row.total_text)
        if total is not None and (not isinstance(total, int) or total < 0 or total not in _INT64):
            return False
    for rc in standings.rounds:
        allowed = schemas.allowed_points(season, rc.round)
        for row in standings.rows:
            value = row.values.get(rc.round)
            points = schemas.cell_value(value.text if value else "")
            if points is None:
                continue
            if not isinstance(points, int) or points < 0 or points not in _INT64:
                return False
            if allowed is not None and points not in allowed:
                return False
    return True


def _finding(
    season: Season, standings: Standings, keys: dict[int, str], case: dict[str, Any]
) -> Finding | None:
    """One pandera failure case as a finding; None for a case another one already reports."""
    row = standings.rows[int(case["index"])]
    column, label, rc = _located(standings, keys, str(case["column"]))
    published = str(case["failure_case"])
    verdict = _verdict(season, label, rc, str(case["check"]), published)
    if verdict is None:
        return None
    value = row.values.get(rc.round) if rc is not None else None
    return standings_finding(
        standings,
        row,
        rule=verdict.rule,
        severity=verdict.severity,
        message=verdict.message,
        column=column,
        column_label=label,
        published=published,
        expected=verdict.expected,
        line=value.line if value is not None else row.line,
        details=verdict.details,
    )


def _located(
    standings: Standings, keys: dict[int, str], key: str
) -> tuple[int, str, RoundColumn | None]:
    """The grid column, label and round (None for ``Pos``/``Total``) of a frame column."""
    if key == "Pos":
        return 0, "Pos", None
    if key == "Total":
        return standings.total_column, "Total", None
    rc = next(rc for rc in standings.rounds if keys[rc.round] == key)
    return rc.column, rc.code, rc


def _verdict(
    season: Season, label: str, rc: RoundColumn | None, check: str, published: str
) -> _Verdict | None:
    if check.startswith("isin"):
        if not published.lstrip("-").isdigit():
            return None  # a non-number also fails isin; its coercion failure already reports it
        return _impossible(season, label, rc.round if rc is not None else 0, published)
    if check.startswith("coerce_dtype"):
        message = f"{label} holds {published!r}, which is not a number of points"
        return _Verdict("not-a-number", Severity.ERROR, message, "a whole number")
    if check.startswith("greater_than_or_equal_to"):
        message = f"{label} holds {published}, below the smallest allowed value"
        least = check.removeprefix("greater_than_or_equal_to(").rstrip(")")
        return _Verdict("out-of-range", Severity.ERROR, message, least + " or more")
    return _Verdict("schema", Severity.WARNING, f"{label}: {published!r} fails {check}", check)


def _impossible(season: Season, label: str, round_number: int, published: str) -> _Verdict:
    """A number the points system cannot give in this round, with the band it should come from."""
    allowed = sorted(schemas.allowed_points(season, round_number) or (), reverse=True)
    race = season.race(round_number)
    band = season.points.band_for_race(race) if season.points and race else None
    where = f" for a {race.length} race ({band.label}: {_list(allowed)})" if race and band else ""
    return _Verdict(
        "impossible-points",
        Severity.ERROR,
        f"{published} points in {label} is not a value the points system gives{where}",
        f"one of {_list(allowed)}",
        {"allowed": allowed, "band": band.label if band else None},
    )


def _list(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)
