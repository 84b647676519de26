"""One ``info`` line per table: what it was read as and how well it fits, or why it was not read.

An editor needs to know which tables the audit checked and on what reading (a clean report on a
table that was never read is not a clean table), and a reviewer needs to see when a reading is
weak. So every table gets exactly one line: ``table-read`` (the reading and its support),
``table-unfit`` (the reading the table came closest to, and why it was not used: its rows are
then not judged one by one), or ``table-unread`` (what the table looked like, and why no reading
applies).
"""

from __future__ import annotations

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.season import Fit, Season, Standings

_MATRIX = {"points": "a points matrix", "positions": "a positions matrix"}


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    for standings in season.standings:
        findings.append(_standings(standings))
    for classification in season.classifications:
        findings.append(_classification(classification))
    for reading in season.readings:
        if reading.kind in ("standings", "race classification") and reading.used:
            continue
        table = reading.table
        if reading.used:
            rule, message = "table-read", f"read as {_article(reading.kind)}: {reading.note}"
        else:
            rule = "table-unread"
            message = (
                f"looked like {_article(reading.kind)} ({reading.reason}); not read: {reading.note}"
            )
        findings.append(_finding(rule, message, table.title, table.line, table.index))
    return findings


def _standings(standings: Standings) -> Finding:
    where = f"{standings.kind} standings, {len(standings.rows)} rows"
    fit = standings.fit
    if standings.matrix == "totals":
        rule, message = "table-read", f"read as totals-only {where}: order and ties checked"
    elif standings.matrix == "unknown" or fit is None:
        rule, message = "table-unfit", f"{where}: {standings.matrix_reason}; no row judged"
    elif fit.fits:
        rule = "table-read"
        message = f"read as {_MATRIX[standings.matrix]} ({where}): {fit.description}; {fit.support}"
        if standings.team_fit is not None:
            team = standings.team_fit
            verdict = "" if team.fits else " (too few to rely on: team checks not run)"
            message += f"; {team.description} ({team.support}{verdict})"
    else:
        rule = "table-unfit"
        message = (
            f"could not read as {_MATRIX[standings.matrix]} ({where}): {_why(fit)}; no row judged"
        )
    return _finding(rule, message, standings.title, standings.table.line, standings.table.index)


def _classification(classification: object) -> Finding:
    title = classification.title  # type: ignore[attr-defined]
    table = classification.table  # type: ignore[attr-defined]
    rows = len(classification.rows)  # type: ignore[attr-defined]
    fit: Fit | None = classification.fit  # type: ignore[attr-defined]
    where = f"race classification, {rows} rows"
    if fit is None:
        rule = "table-read"
        message = (
            f"read as a {where}: points not checked (the article states no scale and no other "
            "classification of the page shares one)"
        )
    elif fit.fits:
        rule, message = "table-read", f"read as a {where}: {fit.description}; {fit.support}"
    else:
        rule = "table-unfit"
        message = f"could not check the points of this {where} ({fit.description}): {_why(fit)}"
    return _finding(rule, message, title, table.line, table.index)


def _why(fit: Fit) -> str:
    why = fit.support.why_not()
    if not fit.certain and fit.support.fits:
        why += " (a scale solved from the table needs 90 % of at least 8 rows)"
    return why


def _article(kind: str) -> str:
    return ("an " if kind[:1] in "aeiou" else "a ") + kind


def _finding(rule: str, message: str, table: str, line: int, index: int) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.INFO,
        message=message,
        table=table,
        line=line,
        table_index=index,
    )
