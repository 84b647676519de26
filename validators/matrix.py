"""Is a standings table a points matrix or a positions matrix? Decided per table, with a reason.

The two look alike (small numbers in race columns, a total at the end) but must be checked
differently: a points matrix is summed, a positions matrix is recomputed through the points
system. The evidence is arithmetic, not the series: if the race cells add up to the printed
total in most rows it is a points matrix; if they do not, and the cells hold result codes
(``Ret``, ``DNS``), ordinals (``4th``), or drivers with a zero total still have numbers in their
race cells, it is a positions matrix. Anything else is ``unknown`` and nothing is recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass

from wikiaudit.validators.readers.labels import ORDINAL, RESULT_CODES, parse_int
from wikiaudit.validators.readers.standings import is_race_cell
from wikiaudit.validators.season import MatrixKind, PointsSystem, Race, Standings

_MARKS = "†‡*§#^"


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: MatrixKind
    reason: str


@dataclass(frozen=True, slots=True)
class CellResult:
    """What one race cell of a positions matrix says.

    ``position`` is the classified finishing position (``15†`` counts: classified though not
    running at the end); ``code`` is a result code such as ``Ret``; ``dropped`` marks a score
    printed in brackets because a best-N-results rule discarded it.
    """

    position: int | None
    code: str | None
    dropped: bool
    marks: tuple[str, ...] = ()


def read_cell(text: str) -> CellResult | None:
    """A race cell as a position or a result code; None when it is neither (not a result)."""
    stripped = text.strip()
    marks = tuple(ch for ch in stripped if ch in _MARKS)
    stripped = stripped.strip(_MARKS).strip()
    dropped = False
    if len(stripped) > 1 and stripped[0] in "([" and stripped[-1] in ")]":
        stripped, dropped = stripped[1:-1].strip(_MARKS).strip(), True
    if not stripped:
        return CellResult(None, None, dropped, marks)
    value = parse_int(stripped)
    if value is None and (match := ORDINAL.match(stripped)):
        value = int(match.group(1))
    if value is not None:
        return CellResult(value if value > 0 else None, None, dropped, marks)
    if stripped.upper() in RESULT_CODES:
        return CellResult(None, stripped.upper(), dropped, marks)
    return None


def classify_matrix(
    standings: Standings, points: PointsSystem | None = None, calendar: list[Race] | None = None
) -> Verdict:
    """``points``/``calendar``: the article's scoring, evidence when the sums are inconclusive.

    A table with a wrong total in half its rows (one of two teams) still reads as points when
    every race cell is a value the article's points system gives for that round.
    """
    if not standings.rounds:
        return Verdict("totals", "no race columns: only totals are printed, nothing to recompute")
    texts = [[v.text for v in row.values.values()] for row in standings.rows]
    cells = [t.strip() for row in texts for t in row if t.strip()]
    bare = [c.strip(_MARKS).upper() for c in cells]
    codes = sorted({c for c in bare if c in RESULT_CODES})
    ordinals = sum(bool(ORDINAL.match(c.strip(_MARKS))) for c in cells)
    brackets = sum(c.startswith(("(", "[")) for c in cells)
    summed = matched = zero_with_numbers = 0
    for row, row_texts in zip(standings.rows, texts, strict=True):
        numbers = [parse_int(t.strip(_MARKS)) for t in row_texts if t.strip()]
        numbers = [n for n in numbers if n is not None]
        if row.total is None or not numbers:
            continue
        summed += 1
        matched += sum(numbers) == row.total
        zero_with_numbers += row.total == 0 and any(numbers)
    share = f"{matched}/{summed} rows" if summed else "no rows"
    if summed and matched * 2 > summed:
        return Verdict("points", f"race cells sum to the total in {share}")
    if not codes and not ordinals and not brackets and _scored_by(standings, points, calendar):
        return Verdict(
            "points",
            f"race cells sum to the total in only {share}, but every race cell is a value the "
            "points system gives for its round",
        )
    evidence = []
    if codes:
        evidence.append("result codes " + ", ".join(codes[:5]))
    if ordinals:
        evidence.append(f"{ordinals} ordinal positions such as '4th'")
    if zero_with_numbers:
        evidence.append(f"{zero_with_numbers} rows with a zero total but numbers in race cells")
    if brackets and not codes:
        evidence.append(f"{brackets} bracketed (dropped) results")
    readable = sum(is_race_cell(c) for c in cells)
    if evidence and readable * 10 >= len(cells) * 9:
        return Verdict(
            "positions", f"race cells sum to the total in only {share}; " + "; ".join(evidence)
        )
    if evidence:
        return Verdict("unknown", f"cells sum to the total in {share}, but some cells are neither")
    return Verdict(
        "unknown",
        f"race cells sum to the total in only {share} and hold no result codes: "
        "neither a points nor a positions matrix for certain",
    )


def _scored_by(
    standings: Standings, points: PointsSystem | None, calendar: list[Race] | None
) -> bool:
    """True when every non-zero race cell is a value ``points`` gives in that round.

    The calendar comes as a list because the season is still being read; a round it lists
    twice (two races at one meeting) is looked up as its last race.
    """
    if points is None:
        return False
    races = {race.round: race for race in calendar or []}
    seen = False
    for row in standings.rows:
        for value in row.values.values():
            if not value.text.strip():
                continue
            number = parse_int(value.text)
            if number is None:
                return False
            band = points.band_for_race(races.get(value.round))
            if number and (band is None or number not in band.points):
                return False
            seen = seen or bool(number)
    return seen
