"""A positions matrix as the scorer sees it, and what one candidate scoring makes of a row.

A row group (a team's car rows share one spanned total) becomes a ``Profile``: its results race
by race (a cell may hold two, ``1 / 3``), with the marks, superscripts and brackets the table
shows. ``evaluate`` scores a profile under one ``Scoring`` (points per position for each race,
mark bonuses, best-N, points per meeting entered, half or double races) and ``reconciles`` says
whether the published total agrees: exactly, or *consistently* (within bonuses the article names
but the table does not mark, a meeting that may not have counted, an unread cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from wikiaudit.validators.readers.cells import RaceCell, read_race_cell
from wikiaudit.validators.season import RoundColumn, StandingRow, Standings

_SPLIT = re.compile(r"\s*(?:/|\n)\s*")
_NUMERIC_NOTE = re.compile(r"^\d{1,2}$")


@dataclass(frozen=True, slots=True)
class Result:
    """One result in a race cell (a team cell may hold two: ``1 / 3``)."""

    race: str
    order: int
    text: str
    cell: RaceCell
    marks: frozenset[str]
    superscripts: tuple[int, ...]
    meeting: str = ""
    """The meeting the race belongs to: a run of adjacent columns sharing a code."""

    @property
    def position(self) -> int | None:
        if self.cell.kind != "number":
            return None
        position = self.cell.position
        return position if position is not None and self.cell.value == position else None

    @property
    def unread(self) -> bool:
        return self.cell.kind == "text"


@dataclass(slots=True)
class Profile:
    """A row group (a team's car rows share one spanned total) as the scorer sees it."""

    rows: list[StandingRow]
    results: list[Result]
    counted: float | None
    gross: float | None

    @property
    def first(self) -> StandingRow:
        return self.rows[0]


@dataclass(frozen=True, slots=True)
class Scoring:
    """One candidate reading: points per position for each race, and what else counts."""

    description: str
    scales: dict[str, tuple[float, ...]]
    mark_bonus: dict[str, float] = field(default_factory=dict)
    scorers_only: frozenset[str] = frozenset()
    """Marks whose bonus counts only on a result that scores points (Formula One's fastest-lap
    point goes only to a top-ten finisher)."""
    superscripts: bool = False
    superscript_scale: tuple[float, ...] = ()
    """Superscripts read as positions in a second race, scored by this scale (a sprint's)."""
    best_of: int | None = None
    event_bonus: float = 0
    factors: dict[str, float] = field(default_factory=dict)
    unmarked: float = 0
    """Bonus points per race the article names but the table does not mark (leeway, not sums)."""
    solved_marks: bool = False
    """A mark's value was solved from the table, not stated: only rows it reconciles exactly
    support it (a leeway must not make a guessed value fit)."""
    shared: bool = False
    """The article says shared drives split their points: a total short of the positions by
    half of some of its results (or bonuses) is consistent, not a mismatch."""
    certain: bool = True
    rank: int = 0
    """Preference among candidates reconciling as many rows: lower is stronger evidence."""


@dataclass(slots=True)
class Outcome:
    counted: float
    gross: float
    race_values: dict[str, float]
    dropped: list[str]
    terms: list[str]
    unread: bool
    doubtful_events: int = 0
    """Meetings counted as entered only on a ``DNS``: the driver may not have qualified."""
    parts: tuple[float, ...] = ()
    """Each result's points and each bonus, apart: what a shared drive may have halved."""
    unsure: tuple[float, ...] = ()
    """Bonuses won in a race paying other than full points: whether a half-points race still
    pays its fastest-lap point (Formula One's did not) the article rarely says."""


def profiles(standings: Standings) -> list[Profile]:
    groups: list[list[StandingRow]] = []
    for row in standings.rows:
        if row.total_spanned and groups:
            groups[-1].append(row)
        else:
            groups.append([row])
    meetings = meeting_names(standings)
    out = []
    for rows in groups:
        results = []
        for order, column in enumerate(standings.rounds):
            label = race_label(standings, column, order)
            for row in rows:
                value = row.values.get(column.round)
                if value is None or value.is_blank:
                    continue
                parts = [p for p in _SPLIT.split(value.text.strip()) if p] or [value.text]
                marks = {f for f in value.flags if f in ("bold", "italic")}
                if "*" in value.cell.marks or any("*" in note for note in value.notes):
                    marks.add("*")
                superscripts = tuple(
                    int(note) for note in value.notes if _NUMERIC_NOTE.match(note.strip())
                )
                for index, part in enumerate(parts):
                    results.append(
                        Result(
                            race=label,
                            order=order,
                            text=part,
                            cell=read_race_cell(part) if len(parts) > 1 else value.cell,
                            marks=frozenset(marks) if index == 0 else frozenset(),
                            superscripts=superscripts if index == 0 else (),
                            meeting=meetings[order],
                        )
                    )
        first = rows[0]
        out.append(Profile(rows, results, first.total_counted, first.total_gross))
    return out


def meeting_names(standings: Standings) -> list[str]:
    """``MAN MAN KAR KAR ... MAN MAN``: the first and last ``MAN`` are two meetings."""
    names: list[str] = []
    previous = None
    count = 0
    for column in standings.rounds:
        if column.code != previous:
            count += 1
            previous = column.code
        names.append(f"{column.code} meeting {count}")
    return names


def race_label(standings: Standings, column: RoundColumn, order: int) -> str:
    codes = [rc.code for rc in standings.rounds]
    if codes.count(column.code) > 1:
        return f"{column.code} #{codes[: order + 1].count(column.code)}"
    return column.code


def evaluate(scoring: Scoring, profile: Profile) -> Outcome:
    race_values: dict[str, float] = {}
    bracketed: set[str] = set()
    terms: list[str] = []
    unread = False
    parts: list[float] = []
    unsure: list[float] = []
    for result in profile.results:
        if result.unread:
            unread = True
            terms.append(f"{result.race} {result.text} (unread)")
            continue
        scale = scoring.scales.get(result.race, ())
        position = result.position
        points = float(scale[position - 1]) if position and position <= len(scale) else 0.0
        factor = scoring.factors.get(result.race, 1.0)
        points *= factor
        bonus = sum(
            scoring.mark_bonus.get(mark, 0)
            for mark in result.marks
            if points or mark not in scoring.scorers_only
        )
        if scoring.superscripts:
            bonus += sum(result.superscripts)
        elif scoring.superscript_scale:
            scale_of_sup = scoring.superscript_scale
            bonus += sum(
                scale_of_sup[p - 1] for p in result.superscripts if 0 < p <= len(scale_of_sup)
            )
        value = points + bonus
        parts += [p for p in (points, bonus) if p]
        if bonus and factor != 1.0:
            unsure.append(bonus)
        race_values[result.race] = race_values.get(result.race, 0.0) + value
        if result.cell.bracketed:
            bracketed.add(result.race)
        if value:
            term = f"{result.race} {result.text}→{figure(points)}"
            if bonus:
                term += f"+{figure(bonus)} bonus"
            terms.append(term)
    doubtful = 0
    if scoring.event_bonus:
        for meeting, certain in _meetings_entered(profile):
            race_values[meeting] = race_values.get(meeting, 0.0) + scoring.event_bonus
            terms.append(f"{meeting} entered +{figure(scoring.event_bonus)}")
            doubtful += not certain
    adjustment = sum(row.adjustment for row in profile.rows)
    if adjustment:
        terms.append(f"adjustment {figure(adjustment)}")
    gross = sum(race_values.values())
    if scoring.best_of is not None and len(race_values) > scoring.best_of:
        kept = sorted(race_values.items(), key=lambda item: item[1], reverse=True)
        dropped = [label for label, _ in kept[scoring.best_of :] if race_values[label]]
        counted = sum(points for _, points in kept[: scoring.best_of])
    else:
        dropped = sorted(bracketed)
        counted = gross - sum(race_values[label] for label in dropped)
    return Outcome(
        counted + adjustment,
        gross + adjustment,
        race_values,
        dropped,
        terms,
        unread,
        doubtful,
        tuple(parts),
        tuple(unsure),
    )


def _meetings_entered(profile: Profile) -> list[tuple[str, bool]]:
    """Meetings where the row has a result, and whether it surely took part (a meeting with
    only ``DNS``/``DNQ`` may or may not have counted as entered)."""
    absent = (None, "WD", "DNA", "—")
    doubtful = ("DNS", "DNQ", "DNPQ")
    meetings: dict[str, bool] = {}
    for result in profile.results:
        if result.position is None and result.cell.code in absent:
            continue
        surely = result.position is not None or result.cell.code not in doubtful
        meetings[result.meeting] = meetings.get(result.meeting, False) or surely
    return list(meetings.items())


def reconciles(scoring: Scoring, profile: Profile, outcome: Outcome) -> str | None:
    """``"exact"``, ``"consistent"`` (within unmarked bonuses) or None (a mismatch)."""
    published = profile.counted
    if published is None:
        return None
    gross_ok = profile.gross is None or same(outcome.gross, profile.gross)
    if same(outcome.counted, published) and gross_ok:
        return "exact"
    if outcome.doubtful_events and scoring.event_bonus:
        over = outcome.counted - published
        steps = over / scoring.event_bonus
        if 0 < steps <= outcome.doubtful_events and abs(steps - round(steps)) < 1e-9:
            return "consistent"
    if scoring.unmarked:
        raced = sum(1 for r in profile.results if r.position is not None)
        residual = published - outcome.counted
        if 0 < residual <= scoring.unmarked * raced + 1e-9:
            return "consistent"
    if outcome.unsure and _unsure_bonus(outcome.counted - published, outcome.unsure):
        return "consistent"  # a bonus in a half- or double-points race, paid or not, or halved
    if scoring.shared:  # shared drives (or a shared fastest lap): some results counted half
        counted_ok = same(outcome.counted, published) or _halved(
            outcome.counted - published, outcome.parts
        )
        gross_fine = gross_ok or (
            profile.gross is not None and _halved(outcome.gross - profile.gross, outcome.parts)
        )
        if counted_ok and gross_fine:
            return "consistent"
    if outcome.unread and profile.results:
        return "consistent"  # an unread cell may hold the difference; reported at its cell
    return None


def _unsure_bonus(over: float, unsure: tuple[float, ...]) -> bool:
    """The expected total exceeds the published one by one such bonus, whole or halved."""
    return over > 0 and any(same(over, b) or same(over, b / 2) for b in unsure)


SHARED_PARTS = 2
"""Results (or bonuses) a row may have shared: a shared drive and a shared fastest lap. More
would let a shared-drives sentence excuse almost any shortfall."""


def _halved(short: float, parts: tuple[float, ...]) -> bool:
    """Whether ``short`` is half of up to ``SHARED_PARTS`` of ``parts`` (in quarters, exactly)."""
    target = round(short * 4)
    if target <= 0 or abs(short * 4 - target) > 1e-6:
        return False
    halves = [round(part * 2) for part in parts]
    return any(
        sum(shared) == target
        for size in range(1, SHARED_PARTS + 1)
        for shared in combinations(halves, size)
    )


def same(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def figure(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
