"""Standings order: positions ascend, totals do not increase, tied rows share a total.

Each is a reading too: a table ranked by its total is the usual standings, but some rank by
something else (a play-off format, a class within the table, points before penalties). The
order checks run only when most adjacent rows of the table agree with them
(``validators.support``); a table that mostly does not is not ranked that way, and its rows are
not reported one by one. A total out of order is a warning even then: a play-off that reorders
only the top rows leaves most of the table in order.
"""

from __future__ import annotations

from collections.abc import Callable

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.rules.locate import standings_finding
from wikiaudit.validators.season import Season, StandingRow, Standings
from wikiaudit.validators.support import Support

Pair = tuple[StandingRow, StandingRow]


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for standings in season.standings:
        if standings.matrix == "unknown" or (standings.fit is not None and not standings.fit.fits):
            continue  # the totals were not read with confidence: their order says nothing
        pairs = list(zip(standings.rows, standings.rows[1:], strict=False))
        findings += _judged(standings, pairs, _positions_ascend, _position_finding)
        corrected = _recomputed(standings)
        findings += [
            finding
            for finding in _judged(standings, pairs, _totals_descend, _total_finding)
            if not _explained_by_its_total(finding, standings, corrected)
        ]
        findings += [
            f for above, row in pairs if (f := _tie_finding(standings, above, row)) is not None
        ]
    return findings


def _judged(
    standings: Standings,
    pairs: list[Pair],
    agrees: Callable[[StandingRow, StandingRow], bool | None],
    finding: Callable[[Standings, StandingRow, StandingRow], Finding],
) -> list[Finding]:
    verdicts = [(above, row, agrees(above, row)) for above, row in pairs]
    judged = [v for v in verdicts if v[2] is not None]
    support = Support(sum(1 for v in judged if v[2]), len(judged), "row pairs")
    if not support.fits:
        return []
    return [finding(standings, above, row) for above, row, ok in judged if ok is False]


def _recomputed(standings: Standings) -> dict[int, float]:
    """Row id -> the total its reading gives, for rows whose printed total is already wrong."""
    out: dict[int, float] = {}
    for mismatch in standings.fit.mismatches if standings.fit is not None else ():
        row = getattr(mismatch, "row", None)
        if row is not None:
            out[id(row)] = mismatch.expected
        elif (profile := getattr(mismatch, "profile", None)) is not None:
            out[id(profile.first)] = mismatch.outcome.counted
    return out


def _explained_by_its_total(
    finding: Finding, standings: Standings, corrected: dict[int, float]
) -> bool:
    """A row out of order only because its own total is wrong (reported already) is one
    mistake, not two: with the recomputed totals the order holds."""
    rows = standings.rows
    index = next(i for i, row in enumerate(rows) if row.row_index == finding.cell[0])  # type: ignore[index]
    above, row = rows[index - 1], rows[index]
    if id(row) not in corrected and id(above) not in corrected:
        return False
    mine = corrected.get(id(row), row.total_counted)
    theirs = corrected.get(id(above), above.total_counted)
    return mine is not None and theirs is not None and mine <= theirs


def _restarts(above: StandingRow, row: StandingRow) -> bool:
    """Positions starting again at 1: a second class listed in the same table without a row of
    its own to say so (the classes told apart by colour or a class column)."""
    return row.position == 1 and above.position is not None and above.position > 1


def _positions_ascend(above: StandingRow, row: StandingRow) -> bool | None:
    if above.position is None or row.position is None or _restarts(above, row):
        return None
    return row.position >= above.position


def _totals_descend(above: StandingRow, row: StandingRow) -> bool | None:
    if above.total_counted is None or row.total_counted is None or _restarts(above, row):
        return None
    if above.position is not None and row.position is not None and row.position < above.position:
        return None  # reported as a position, not twice
    return row.total_counted <= above.total_counted


def _position_finding(standings: Standings, above: StandingRow, row: StandingRow) -> Finding:
    return standings_finding(
        standings,
        row,
        rule="position-order",
        severity=Severity.ERROR,
        message=f"position {row.position} comes after position {above.position}",
        column=0,
        column_label="Pos",
        published=str(row.position),
        expected=f">= {above.position}",
        line=row.position_line,
    )


def _total_finding(standings: Standings, above: StandingRow, row: StandingRow) -> Finding:
    return standings_finding(
        standings,
        row,
        rule="total-order",
        severity=Severity.WARNING,
        message=f"{row.total_text} points ranks below {above.label} with only {above.total_text}",
        column=standings.total_column,
        column_label="Total",
        published=row.total_text,
        expected=f"<= {above.total_text}",
        line=row.total_line,
    )


def _tie_finding(standings: Standings, above: StandingRow, row: StandingRow) -> Finding | None:
    tied = above.position is not None and row.position == above.position
    if not tied or above.total_counted is None or row.total_counted is None:
        return None
    if row.total_counted == above.total_counted or (row.total_spanned and above.total_spanned):
        return None
    return standings_finding(
        standings,
        row,
        rule="tie-total",
        severity=Severity.ERROR,
        message=(
            f"shares position {row.position} with {above.label} "
            f"but has {row.total_text} points, not {above.total_text}"
        ),
        column=standings.total_column,
        column_label="Total",
        published=row.total_text,
        expected=above.total_text,
        line=row.total_line,
    )
