"""What a race classification's Points column pays: the scale, and how well the rows agree.

A classification pays each finishing position the season's scale. The scale is the article's
points table or the scale its text states when it has one; a race article usually has neither,
but when it classifies several classes of one meeting (500cc, 250cc, 125cc) the classes
share a scale, so the points most classes pay for a position are the scale (a class that pays
otherwise in one row has an error there). Half points (a race stopped early) are a candidate
too. Bonus points (laps led, pole) are allowed where the table or the article shows they exist:
a row paid more than its position gives, by no more than those bonuses, is consistent.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

from wikiaudit.validators.readers.classification import Classification, ClassifiedRow
from wikiaudit.validators.readers.prose import ScoringClues
from wikiaudit.validators.season import Fit, PointsSystem
from wikiaudit.validators.support import Support

BONUS_COLUMNS = {"led", "laps led"}


@dataclass(frozen=True, slots=True)
class PaidScale:
    description: str
    points: tuple[float, ...]
    rank: int
    tail: float = 0.0
    """What each place past the scale pays ("every car further back receives 5 points")."""


@dataclass(slots=True)
class ClassificationMismatch:
    row: ClassifiedRow
    expected: float
    message: str


def paid_scale(classifications: list[Classification]) -> tuple[float, ...] | None:
    """What a season's race classifications pay per position, as a candidate scale for its
    positions matrices: their consensus, or the one classification's Points column when it
    falls with position."""
    if (consensus := consensus_scale(classifications)) is not None:
        return consensus
    if len(classifications) != 1:
        return None
    paid = [
        (row.position, row.points.value or 0.0)
        for row in classifications[0].rows
        if row.position is not None and row.points.kind in ("number", "blank")
    ]
    paid.sort()
    values = [value for _, value in paid]
    if [p for p, _ in paid] != list(range(1, len(paid) + 1)) or len(values) < 3:
        return None
    if any(a < b for a, b in itertools.pairwise(values)):
        return None
    while values and values[-1] == 0:
        values.pop()
    return tuple(values) if len(values) >= 3 else None


def consensus_scale(classifications: list[Classification]) -> tuple[float, ...] | None:
    """The points most classifications pay per position, where at least two agree."""
    if len(classifications) < 2:
        return None
    by_position: dict[int, Counter[float]] = {}
    for table in classifications:
        for row in table.rows:
            if row.position is not None and row.points.kind in ("number", "blank"):
                paid = row.points.value or 0.0
                by_position.setdefault(row.position, Counter())[paid] += 1
    scale: list[float] = []
    for position in range(1, max(by_position, default=0) + 1):
        counter = by_position.get(position)
        if not counter:
            break
        value, votes = counter.most_common(1)[0]
        if votes < 2 or votes * 2 <= sum(counter.values()):
            break
        if scale and value > scale[-1]:
            break
        scale.append(value)
    while scale and scale[-1] == 0:
        scale.pop()
    return tuple(scale) if len(scale) >= 3 else None


_PROSE_RANK = 10
"""The rank of a scale the article's text states: only such scales may be paid on top."""


def fit_classification(
    table: Classification,
    article: PointsSystem | None,
    clues: ScoringClues,
    consensus: tuple[float, ...] | None,
) -> Fit | None:
    candidates = _candidates(article, clues, consensus)
    rows = [row for row in table.rows if row.points.kind in ("number", "blank", "code")]
    if not candidates or not rows:
        return None
    bonus = _bonus_allowed(table, clues)
    scored = []
    extras: frozenset[float] = frozenset()
    for candidate in candidates:
        for factor, label in ((1.0, ""), (0.5, ", half points")):
            paid = PaidScale(
                candidate.description + label,
                tuple(p * factor for p in candidate.points),
                candidate.rank + (factor != 1.0),
                candidate.tail * factor,
            )
            count = sum(_agrees(paid, row, bonus, extras) for row in rows)
            scored.append((count, paid))
    best = max(count for count, _ in scored)
    count, chosen = min(((c, p) for c, p in scored if c == best), key=lambda item: item[1].rank)
    extras = _other_scales(chosen, candidates)
    if extras:
        count = sum(_agrees(chosen, row, bonus, extras) for row in rows)
    mismatches = [
        ClassificationMismatch(row, _expected(chosen, row), _message(chosen, row))
        for row in rows
        if not _agrees(chosen, row, bonus, extras)
    ]
    description = chosen.description
    if chosen.tail:
        description += f", {chosen.tail:g} for every place further back"
    if extras:
        description += " (points of the other stated scales, such as stages, allowed on top)"
    if bonus:
        description += f" (bonus points up to {bonus:g} allowed)"
    support = Support(
        count,
        len(rows),
        examples=tuple(
            f"{m.row.name.text}: {m.row.points.text or 'blank'} vs {m.expected:g}"
            for m in mismatches[:3]
        ),
    )
    return Fit(description, support, mismatches)


def _candidates(
    article: PointsSystem | None, clues: ScoringClues, consensus: tuple[float, ...] | None
) -> list[PaidScale]:
    out = []
    if article is not None and len(article.bands) == 1:
        where = f"the article's points table (line {article.line})"
        out.append(
            PaidScale(
                _scale_text(article.bands[0].points, where),
                tuple(float(p) for p in article.bands[0].points),
                0,
            )
        )
    tail = clues.tail[0] if clues.tail is not None else 0.0
    for scale, clue in clues.scales:
        out.append(
            PaidScale(
                _scale_text(scale, f"the article's text (line {clue.line})"),
                tuple(float(p) for p in scale),
                _PROSE_RANK,
                tail,
            )
        )
    if consensus is not None:
        out.append(
            PaidScale(
                _scale_text(consensus, "the other classifications of this page"), consensus, 20
            )
        )
    return out


def _scale_text(points: tuple[float, ...], where: str) -> str:
    figures = "-".join(f"{p:g}" for p in points)
    return f"positions paid {figures} from {where}"


def _bonus_allowed(table: Classification, clues: ScoringClues) -> float:
    bonus = sum(points for points, _ in clues.bonuses.values())
    if set(table.columns.race) & BONUS_COLUMNS:
        bonus = max(bonus, 3.0)
    return bonus


def _other_scales(chosen: PaidScale, candidates: list[PaidScale]) -> frozenset[float]:
    """Sums of up to three values of the other scales the article states (a stock-car race's
    stage points, 10-9-…-1, paid on top of the finishing points): what a row may be paid
    above its place without contradicting the article."""
    values = {
        p
        for c in candidates
        if c.rank == _PROSE_RANK and not _same_scale(c.points, chosen.points)
        for p in c.points
        if p > 0
    }
    if not values or len(chosen.points) < 3:
        return frozenset()
    sums = {0.0}
    for _ in range(3):
        sums |= {s + v for s in sums for v in values}
    return frozenset(sums - {0.0})


def _same_scale(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """One scale, paid whole or halved."""
    return any(tuple(p * f for p in a) == b or tuple(p * f for p in b) == a for f in (1.0, 0.5))


def _expected(scale: PaidScale, row: ClassifiedRow) -> float:
    if row.position is None:
        return 0.0
    if row.position > len(scale.points):
        return scale.tail if row.points.kind == "number" else 0.0
    return scale.points[row.position - 1]


def _agrees(
    scale: PaidScale, row: ClassifiedRow, bonus: float, extras: frozenset[float] = frozenset()
) -> bool:
    paid = row.points.value if row.points.kind == "number" else 0.0
    if paid is None:
        return False
    expected = _expected(scale, row)
    if row.position is not None and row.position > len(scale.points) and abs(paid) < 1e-6:
        return True  # past the scale: nothing paid (a car that did not start) is no contradiction
    over = paid - expected
    if abs(over) < 1e-6 or 0 < over <= bonus + 1e-6:
        return True
    return any(abs(over - extra) < 1e-6 or 0 < over - extra <= bonus + 1e-6 for extra in extras)


def _message(scale: PaidScale, row: ClassifiedRow) -> str:
    where = f"position {row.position}" if row.position is not None else f"'{row.position_text}'"
    return (
        f"{row.name.text} finished {where} and is given {row.points.text or 'no'} points, "
        f"not {_expected(scale, row):g} ({scale.description})"
    )
