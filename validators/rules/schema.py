"""Column rules from the pandera schemas, each failing cell turned into a located finding."""

from __future__ import annotations

from typing import Any

from validators import schemas
from validators.findings import Finding, Severity
from validators.rules.locate import standings_finding
from validators.season import Season, Standings


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
        for case in cases:
            finding = _finding(season, standings, case)
            if finding is not None:
                findings.append(finding)
    return findings


def _content(season: Season, standings: Standings) -> tuple[Any, ...]:
    """Everything the standings frame and its schema are made of (no lines)."""
    rounds = tuple(rc.round or 0 for rc in standings.rounds)
    return (
        "standings",
        tuple(schemas.column_key(standings, r) for r in rounds),
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
        total = schemas._cell_value(row.total_text)
        if total is not None and (not isinstance(total, int) or total < 0 or total not in _INT64):
            return False
    for rc in standings.rounds:
        allowed = schemas.allowed_points(season, rc.round or 0)
        for row in standings.rows:
            value = row.values.get(rc.round or 0)
            points = schemas._cell_value(value.text if value else "")
            if points is None:
                continue
            if not isinstance(points, int) or points < 0 or points not in _INT64:
                return False
            if allowed is not None and points not in allowed:
                return False
    return True


def _finding(season: Season, standings: Standings, case: dict[str, Any]) -> Finding | None:
    row = standings.rows[int(case["index"])]
    key = str(case["column"])
    check = str(case["check"])
    published = str(case["failure_case"])
    if key == "Pos":
        column, label, round_number = 0, "Pos", None
    elif key == "Total":
        column, label, round_number = standings.total_column, "Total", None
    else:
        rc = next(
            rc for rc in standings.rounds if schemas.column_key(standings, rc.round or 0) == key
        )
        column, label, round_number = rc.column, rc.code, rc.round
    value = row.values.get(round_number) if round_number is not None else None
    line = value.line if value is not None else row.line
    if check.startswith("isin") and published.lstrip("-").isdigit():
        allowed = sorted(schemas.allowed_points(season, round_number or 0) or (), reverse=True)
        race = season.race(round_number or 0)
        band = season.points.band_for(race.hours) if season.points and race else None
        return standings_finding(
            standings,
            row,
            rule="impossible-points",
            severity=Severity.ERROR,
            message=(
                f"{published} points in {label} is not a value the points system gives"
                + (
                    f" for a {race.length} race ({band.label}: {_list(allowed)})"
                    if race and band
                    else ""
                )
            ),
            column=column,
            column_label=label,
            published=published,
            expected=f"one of {_list(allowed)}",
            line=line,
            details={"allowed": allowed, "band": band.label if band else None},
        )
    if check.startswith("isin"):
        return None  # a non-number also fails isin; its coercion failure already reports it
    if check.startswith("coerce_dtype"):
        return standings_finding(
            standings,
            row,
            rule="not-a-number",
            severity=Severity.ERROR,
            message=f"{label} holds {published!r}, which is not a number of points",
            column=column,
            column_label=label,
            published=published,
            expected="a whole number",
            line=line,
        )
    if check.startswith("greater_than_or_equal_to"):
        return standings_finding(
            standings,
            row,
            rule="out-of-range",
            severity=Severity.ERROR,
            message=f"{label} holds {published}, below the smallest allowed value",
            column=column,
            column_label=label,
            published=published,
            expected=check.removeprefix("greater_than_or_equal_to(").rstrip(")") + " or more",
            line=line,
        )
    return standings_finding(
        standings,
        row,
        rule="schema",
        severity=Severity.WARNING,
        message=f"{label}: {published!r} fails {check}",
        column=column,
        column_label=label,
        published=published,
        expected=check,
        line=line,
    )


def _list(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)
