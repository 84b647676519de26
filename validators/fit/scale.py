"""Solving a points-by-position scale from a positions matrix that prints its totals.

When an article prints finishing positions per race and a total per row but no points table,
the table itself determines the scale: one unknown per position, one equation per row
(``Σ count(p) · s(p) = total``). The scale is the non-increasing, non-negative whole-number
vector that satisfies the most rows exactly, which makes the solution robust to a few wrong
rows the way RANSAC and least-median fits are: wrong rows simply stay unsatisfied.

The search is in three steps, each cheap for tables of up to a few hundred rows:

1. **votes**: a row with one distinct scoring position gives that position's value directly
   (``total / count``); a row with a zero total gives zero to all its positions; rows with one
   unknown left after that give it too. Each position takes its most common vote.
2. **monotone repair**: positions without votes are filled from their neighbours, and the
   vector is made non-increasing.
3. **coordinate search**: each position (and each bonus mark) is moved through the values its
   neighbours allow, keeping any change that satisfies more rows, until nothing improves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

MAX_POSITIONS = 60
MAX_BONUS = 5


@dataclass(frozen=True, slots=True)
class Equation:
    """One row as the solver sees it: how often it finished in each place, its mark counts."""

    counts: dict[int, int]
    marks: dict[str, int]
    total: float


@dataclass(frozen=True, slots=True)
class SolvedScale:
    points: tuple[int, ...]
    marks: dict[str, int]
    satisfied: int
    checked: int


def solve_scale(equations: Sequence[Equation], marks: Sequence[str] = ()) -> SolvedScale | None:
    """The scale (and mark bonuses) that satisfies the most equations; None with too few rows."""
    usable = [eq for eq in equations if eq.counts or eq.total]
    if len(usable) < 3:
        return None
    depth = min(max((p for eq in usable for p in eq.counts), default=0), MAX_POSITIONS)
    if depth == 0:
        return None
    starts = []
    if (voted := _voted(usable, depth)) is not None:
        starts.append((voted, dict.fromkeys(marks, 0)))
    if (fitted := _least_squares(usable, depth, marks)) is not None:
        starts.append(fitted)
    if not starts:
        return None
    searches = [_Search(usable, list(scale), dict(bonus)) for scale, bonus in starts]
    search = max(searches, key=lambda s: s.satisfied)
    for _ in range(8):
        improved = False
        for position in range(1, depth + 1):
            improved |= search.improve_position(position)
        for mark in marks:
            improved |= search.improve_mark(mark)
        if not improved:
            break
    scale = list(search.scale)
    while scale and scale[-1] == 0:
        scale.pop()
    return SolvedScale(tuple(scale), dict(search.bonus), search.satisfied, len(usable))


class _Search:
    """Coordinate search with running row totals: a change touches only the rows it affects."""

    def __init__(self, equations: Sequence[Equation], scale: list[int], bonus: dict[str, int]):
        self.equations = equations
        self.scale = scale
        self.bonus = bonus
        self.totals = [
            sum(scale[p - 1] * n for p, n in eq.counts.items() if p <= len(scale))
            + sum(bonus.get(m, 0) * n for m, n in eq.marks.items())
            for eq in equations
        ]
        self.by_position: dict[int, list[tuple[int, int]]] = {}
        self.by_mark: dict[str, list[tuple[int, int]]] = {}
        for index, eq in enumerate(equations):
            for position, count in eq.counts.items():
                self.by_position.setdefault(position, []).append((index, count))
            for mark, count in eq.marks.items():
                if count:
                    self.by_mark.setdefault(mark, []).append((index, count))
        self.satisfied = sum(self._ok(i, self.totals[i]) for i in range(len(equations)))

    def _ok(self, index: int, total: float) -> bool:
        return abs(total - self.equations[index].total) < 1e-9

    def _best_value(self, affected: list[tuple[int, int]], current: int, values: range) -> int:
        before = sum(self._ok(i, self.totals[i]) for i, _ in affected)
        best_value, best_gain = current, 0
        for value in values:
            delta = value - current
            if not delta:
                continue
            gain = sum(self._ok(i, self.totals[i] + delta * n) for i, n in affected) - before
            if gain > best_gain:
                best_value, best_gain = value, gain
        return best_value

    def _apply(self, affected: list[tuple[int, int]], delta: int) -> None:
        for index, count in affected:
            was = self._ok(index, self.totals[index])
            self.totals[index] += delta * count
            self.satisfied += self._ok(index, self.totals[index]) - was

    def improve_position(self, position: int) -> bool:
        affected = self.by_position.get(position, [])
        current = self.scale[position - 1]
        value = self._best_value(affected, current, _choices(tuple(self.scale), position))
        if value == current:
            return False
        self._apply(affected, value - current)
        self.scale[position - 1] = value
        return True

    def improve_mark(self, mark: str) -> bool:
        affected = self.by_mark.get(mark, [])
        current = self.bonus.get(mark, 0)
        value = self._best_value(affected, current, range(MAX_BONUS + 1))
        if value == current:
            return False
        self._apply(affected, value - current)
        self.bonus[mark] = value
        return True


def _least_squares(
    equations: Sequence[Equation], depth: int, marks: Sequence[str]
) -> tuple[tuple[int, ...], dict[str, int]] | None:
    """The least-squares scale over every row, rounded and made monotone: a start for rows
    with many results each, where no single row isolates one position."""
    import numpy as np

    if len(equations) < depth // 2:
        return None
    columns = depth + len(marks)
    matrix = np.zeros((len(equations), columns))
    totals = np.array([eq.total for eq in equations], dtype=float)
    for row, eq in enumerate(equations):
        for position, count in eq.counts.items():
            if position <= depth:
                matrix[row, position - 1] = count
        for index, mark in enumerate(marks):
            matrix[row, depth + index] = eq.marks.get(mark, 0)
    keep = np.ones(len(equations), dtype=bool)
    for _ in range(4):  # trimmed least squares: a wrong row must not bend the scale
        solution, *_ = np.linalg.lstsq(matrix[keep], totals[keep], rcond=None)
        residual = np.abs(matrix @ solution - totals)
        cut = max(0.5, float(np.quantile(residual, 0.8)))
        trimmed = residual <= cut
        if trimmed.sum() < depth // 2 or (trimmed == keep).all():
            break
        keep = trimmed
    scale = _monotone([max(0, round(float(v))) for v in solution[:depth]])
    bonus = {
        mark: min(MAX_BONUS, max(0, round(float(solution[depth + i]))))
        for i, mark in enumerate(marks)
    }
    return scale, bonus


def _voted(equations: Sequence[Equation], depth: int) -> tuple[int, ...] | None:
    known: dict[int, int] = {}
    for _ in range(3):  # propagate: a solved position may leave one unknown in another row
        votes: dict[int, Counter[int]] = {}
        for eq in equations:
            if eq.marks and any(eq.marks.values()):
                continue
            if eq.total == 0:
                for position in eq.counts:
                    votes.setdefault(position, Counter())[0] += 1
                continue
            unknown = [p for p in eq.counts if p not in known]
            if len(unknown) != 1:
                continue
            rest = eq.total - sum(known[p] * n for p, n in eq.counts.items() if p in known)
            value = rest / eq.counts[unknown[0]]
            if value >= 0 and value == int(value):
                votes.setdefault(unknown[0], Counter())[int(value)] += 1
        for position, counter in votes.items():
            if position not in known:
                known[position] = counter.most_common(1)[0][0]
    values: list[int | None] = [known.get(p) for p in range(1, depth + 1)]
    if sum(1 for v in values if v) < 3:
        return None  # too few positions pinned down to start from
    return _monotone(values)


def _monotone(values: list[int | None]) -> tuple[int, ...]:
    """Fill gaps from the neighbours and make the vector non-increasing (pool adjacent)."""
    filled: list[float] = []
    for index, value in enumerate(values):
        if value is not None:
            filled.append(float(value))
            continue
        after = next((v for v in values[index + 1 :] if v is not None), 0)
        before = filled[-1] if filled else after
        filled.append((before + after) / 2)
    # pool adjacent violators, decreasing
    blocks: list[list[float]] = []
    for value in filled:
        blocks.append([value, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] < blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    out: list[int] = []
    for total, count in blocks:
        out += [max(0, round(total / count))] * int(count)
    return tuple(out)


def _choices(scale: tuple[int, ...], position: int) -> range:
    """Values position ``position`` may take while the scale stays non-increasing."""
    upper = scale[position - 2] if position > 1 else max(scale[0] * 2, scale[0] + 10)
    lower = scale[position] if position < len(scale) else 0
    return range(lower, upper + 1)
