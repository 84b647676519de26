"""How a points matrix's totals are made: the plain sum, or a best-N-results rule.

In a points matrix each race cell already holds the points scored, so the total is normally the
row's sum. Some series count only the best N results: the dropped scores are printed in brackets
or the total is printed ``counted (scored)``, and the article may state N. The candidates are
the plain sum (bracketed scores left out of the counted total) and best-N for every N the
article states or, when the table shows dropped scores without stating N, every N it could be.
The one that reconciles the most rows is the reading.

A cell that is not a number (``1O``) is reported at its cell by the schema rule; here it makes
its row *consistent* when the difference could be that cell's value, so a typo in a race cell
does not become a second finding on the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wikiaudit.validators.fit.reach import note, split_beyond_reach
from wikiaudit.validators.readers.prose import ScoringClues
from wikiaudit.validators.season import Fit, StandingRow, Standings
from wikiaudit.validators.support import Support


@dataclass(frozen=True, slots=True)
class TotalRule:
    description: str
    best_of: int | None = None
    rank: int = 0


@dataclass(slots=True)
class TotalMismatch:
    row: StandingRow
    expected: float
    gross: float
    values: dict[str, float]
    dropped: list[str]
    message: str
    details: dict[str, Any]
    certain: bool


def fit_totals(standings: Standings, clues: ScoringClues) -> Fit:
    rows = [row for row in standings.rows if _checkable(row)]
    best = _most_per_column(rows)
    rows, beyond = split_beyond_reach(
        rows, lambda row: row.total_counted, lambda row: best + max(row.adjustment, 0.0)
    )
    rules = _rules(standings, clues, rows)
    scored = [(sum(_reconciles(rule, row) for row in rows), rule) for rule in rules]
    best = max(count for count, _ in scored) if scored else 0
    count, chosen = min(((c, r) for c, r in scored if c == best), key=lambda item: item[1].rank)
    mismatches = [m for row in rows if (m := _mismatch(chosen, standings, row)) is not None]
    support = Support(
        count,
        len(rows),
        examples=tuple(
            f"{m.row.label}: {m.row.total_text} vs {_figure(m.expected)}" for m in mismatches[:3]
        ),
    )
    return Fit(chosen.description + note(beyond), support, mismatches)


def _most_per_column(rows: list[StandingRow]) -> float:
    """The total of a row holding every column's greatest value: no row can have more."""
    most: dict[int, float] = {}
    for row in rows:
        for round_number, value in row.values.items():
            if value.cell.kind == "number" and value.cell.value is not None:
                most[round_number] = max(most.get(round_number, 0.0), value.cell.value)
    return sum(most.values())


def _checkable(row: StandingRow) -> bool:
    """A row with a numeric total and at least one race cell that is not blank."""
    if row.total_counted is None:
        return False
    return any(not value.is_blank for value in row.values.values()) or row.total_counted != 0


def _rules(standings: Standings, clues: ScoringClues, rows: list[StandingRow]) -> list[TotalRule]:
    rules = [TotalRule("total = sum of the race points")]
    races = len(standings.rounds)
    for n, clue in clues.best_of:
        if 0 < n < races:
            rules.append(TotalRule(f"total = best {n} race scores (line {clue.line})", n, 1))
    for n, clue in clues.drop_worst:
        if 0 < n < races:
            rules.append(
                TotalRule(f"total = all but the worst {n} (line {clue.line})", races - n, 1)
            )
    shows_drops = any(row.total_gross is not None for row in rows) or any(
        value.cell.bracketed for row in rows for value in row.values.values()
    )
    if shows_drops and len(rules) == 1:
        rules += [TotalRule(f"total = best {n} race scores", n, 2) for n in range(1, races)]
    return rules


def evaluate(
    rule: TotalRule, row: StandingRow
) -> tuple[float, float, dict[str, float], list[str], bool]:
    """(counted, gross, value per race, dropped races, any unread cell) for a row."""
    values: dict[str, float] = {}
    bracketed: list[str] = []
    unread = False
    for round_number, value in row.values.items():
        cell = value.cell
        label = str(round_number)
        if cell.kind == "text":
            unread = True
            continue
        if cell.kind != "number" or cell.value is None:
            continue
        values[label] = values.get(label, 0.0) + cell.value
        if cell.bracketed:
            bracketed.append(label)
    gross = sum(values.values())
    if rule.best_of is not None and len(values) > rule.best_of:
        kept = sorted(values.items(), key=lambda item: item[1], reverse=True)
        dropped = [label for label, _ in kept[rule.best_of :]]
        counted = sum(v for _, v in kept[: rule.best_of])
    else:
        dropped = bracketed
        counted = gross - sum(values[label] for label in bracketed)
    if row.adjustment:
        values["adjustment"] = row.adjustment
    return counted + row.adjustment, gross + row.adjustment, values, dropped, unread


def _reconciles(rule: TotalRule, row: StandingRow) -> bool:
    counted, gross, _, _, unread = evaluate(rule, row)
    return _matches(row, counted, gross) or (unread and _unread_explains(row, counted))


def _matches(row: StandingRow, counted: float, gross: float) -> bool:
    if row.total_counted is None or abs(counted - row.total_counted) > 1e-6:
        return False
    return row.total_gross is None or abs(gross - row.total_gross) < 1e-6


def _unread_explains(row: StandingRow, counted: float) -> bool:
    """An unread cell may hold the difference: the total is not judged, the cell is reported."""
    return row.total_counted is not None and row.total_counted >= counted


def _mismatch(rule: TotalRule, standings: Standings, row: StandingRow) -> TotalMismatch | None:
    counted, gross, values, dropped, unread = evaluate(rule, row)
    if _matches(row, counted, gross) or (unread and _unread_explains(row, counted)):
        return None
    codes = {str(rc.round): rc.code for rc in standings.rounds}
    terms = " + ".join(
        f"({_figure(v)})" if label in dropped else _figure(v) for label, v in values.items()
    )
    message = f"total {row.total_text} is not the sum of the race points ({terms or '0'} = "
    message += f"{_figure(gross)}"
    if dropped and counted != gross:
        message += f"; {len(dropped)} dropped → {_figure(counted)} counted"
    message += ")" if rule.best_of is None else f"; {rule.description})"
    details = {
        "race_points": {codes.get(label, label): v for label, v in values.items()},
        "dropped": [codes.get(label, label) for label in dropped],
        "reading": rule.description,
    }
    return TotalMismatch(row, counted, gross, values, dropped, message, details, not unread)


def _figure(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
