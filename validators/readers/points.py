"""The points system, read from the article's own table, band limits written in words included.

Articles lay points tables out in several ways: positions across a header row and one row of
points per race length (the 2012 ALMS article), the same transposed (``Position | 1st | 2nd``
over ``Points | 25 | 18``, the Formula One style), bands per group of rounds (``Rounds 2 - 5``),
and bonus columns (``Pole Position``, ``Fastest Lap``, ``PP``) beside the positions. The legend
under a standings table says what bold, italics and ``*`` mean, sometimes with their points.
"""

from __future__ import annotations

import re

from wikiaudit.scraper.model import Cell, Row, Table
from wikiaudit.validators.readers.labels import normalized, parse_int, words_to_numbers
from wikiaudit.validators.season import PointsBand, PointsSystem

_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th|\.)?(?:\s+place)?$", re.IGNORECASE)
_NUM = r"(\d+(?:\.\d+)?)"
_POSITION_LABELS = {"position", "pos", "place", "finish", "finishing position", "名次", "排名"}
# What the first cell of a points table's position row may say instead: the row labels below it
# name races or lengths (``Race | 1st | 2nd`` over ``Feature race | 10 | 8``).
_ROW_LABELS = {
    *("race", "races", "race distance", "distance", "length", "event", "events", "type"),
    *("session", "format", "points", "points system", "championship", "result", "results"),
}
_CHINESE_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_CHINESE_PLACES = {"冠軍": 1, "冠军": 1, "亞軍": 2, "亚军": 2, "季軍": 3, "季军": 3}
# Bonus names as they appear in points-table headers and legends (English and Chinese).
_BONUS_WORDS = (
    ("most_laps_led", re.compile(r"most (race )?laps led|led (the )?most|most laps|最多領跑")),
    ("led_lap", re.compile(r"led (a|at least one) lap|lap led|laps led")),
    ("pole", re.compile(r"\bpole\b|^pp$|桿位|杆位")),
    ("fastest_lap", re.compile(r"fastest|^fl$|最快圈")),
)
_MARK_WORDS = (
    ("bold", re.compile(r"^(bold|粗體|粗体)")),
    ("italic", re.compile(r"^(italics?|斜體|斜体)")),
    ("*", re.compile(r"^\*")),
)
_BONUS_POINTS = re.compile(r"\(?\s*(\d+(?:\.\d+)?)\s*(?:bonus )?points?\b", re.IGNORECASE)
_ROUNDS = re.compile(r"\b(?:rounds?|rds?\.?|races?)\s+([\d\s,&–\-and]+)", re.IGNORECASE)


def read_points_system(table: Table) -> PointsSystem | None:
    """A points table in any of the layouts above; None when the table gives no points."""
    return read_position_table(table) or read_column_table(table) or _read_bands_in_order(table)


def read_column_table(table: Table) -> PointsSystem | None:
    """``Position | Points`` with one row per place (1st, 2nd, ...): the scale read down,
    up to the first row that is not a place (a ``Pole position`` row after them)."""
    header = [normalized(text) for text in table.header]
    if len(header) < 2 or header[0] not in _POSITION_LABELS or "points" not in header[1]:
        return None
    by_position: dict[int, float] = {}
    for row in table.body_rows:
        texts = row.texts
        match = _ORDINAL.match(texts[0].strip()) if texts else None
        value = _number(texts[1]) if len(texts) > 1 else None
        if match is None or value is None:
            break
        by_position[int(match.group(1))] = value
    return _scale(by_position, table)


def _scale(by_position: dict[int, float], table: Table) -> PointsSystem | None:
    places = sorted(by_position)
    if len(places) < 3 or places != list(range(1, len(places) + 1)):
        return None
    points = tuple(_whole(by_position[p]) for p in places)
    band = PointsBand(label="Points", points=points, line=table.line)  # type: ignore[arg-type]
    return PointsSystem(bands=[band], table=table, line=table.line)


def _read_bands_in_order(table: Table) -> PointsSystem | None:
    """Rows of points read in order, for tables whose header no longer lines up with them."""
    bands: list[PointsBand] = []
    for row in table.body_rows:
        texts = list(row.texts)
        values = [parse_int(text) for text in texts[1:] if text.strip()]
        if not values or any(value is None for value in values):
            continue
        limits = band_limits(texts[0])
        bands.append(
            PointsBand(
                label=texts[0],
                points=tuple(v for v in values if v is not None),
                line=row.line,
                **limits,
            )
        )
    if not bands:
        return None
    return PointsSystem(bands=bands, table=table, line=table.line)


def read_position_table(table: Table) -> PointsSystem | None:
    """Points laid out under a row of positions, the columns of the two lining up."""
    rows = table.rows
    for index, row in enumerate(rows):
        columns = _position_columns(row)
        if columns is None:
            continue
        bands: list[PointsBand] = []
        bonuses: dict[str, float] = {}
        for value_row in rows[index + 1 :]:
            band = _band(value_row, columns, bonuses)
            if band is not None:
                bands.append(band)
        if bands:
            return PointsSystem(bands=bands, table=table, line=rows[index].line, bonuses=bonuses)
    return None


def _position_columns(row: Row) -> dict[int, int | str] | None:
    """Column -> finishing position (1, 2, ...) or bonus name, for a row that lists positions.

    The positions must start the row (after an optional ``Position`` label) and count up from
    1 for at least three columns, so that a standings or calendar row is not taken for one;
    labels after them are bonus columns (``Pole Position``) or ignored ones (``DNS``).
    """
    texts = row.texts
    first = normalized(texts[0]) if texts else ""
    start = 1 if texts and (_is_position_label(texts[0]) or first in _ROW_LABELS) else 0
    columns: dict[int, int | str] = {}
    expected = 1
    in_run = True
    for column in range(start, len(texts)):
        text = texts[column].strip()
        if in_run and _position(text) == expected:
            columns[column] = expected
            expected += 1
            continue
        if not text:
            continue
        if expected <= 3:
            return None
        in_run = False
        columns[column] = _bonus_name(text) or ""
    return columns if expected > 3 else None


def _is_position_label(text: str) -> bool:
    return normalized(text) in _POSITION_LABELS or text.strip() in _POSITION_LABELS


def _position(text: str) -> int | None:
    stripped = text.strip()
    if match := _ORDINAL.match(stripped):
        return int(match.group(1))
    if stripped in _CHINESE_PLACES:
        return _CHINESE_PLACES[stripped]
    if stripped.startswith("第") and stripped[1:]:
        digits = stripped[1:]
        if digits in _CHINESE_DIGITS:
            return _CHINESE_DIGITS[digits]
        if len(digits) == 2 and digits[0] == "十" and digits[1] in _CHINESE_DIGITS:
            return 10 + _CHINESE_DIGITS[digits[1]]
    return None


def _bonus_name(text: str) -> str | None:
    label = text.strip().lower()
    return next((name for name, pattern in _BONUS_WORDS if pattern.search(label)), None)


def _band(row: Row, columns: dict[int, int | str], bonuses: dict[str, float]) -> PointsBand | None:
    texts = row.texts
    label = texts[0].strip() if texts and _number(texts[0]) is None else "Points"
    by_position: dict[int, float] = {}
    for column, meaning in columns.items():
        if column >= len(texts) or not texts[column].strip():
            continue
        value = _number(texts[column])
        if value is None:
            return None
        if isinstance(meaning, int):
            by_position[meaning] = value
        elif meaning:
            bonuses.setdefault(meaning, value)
    if len(by_position) < 3 or _is_position_label(label):
        return None
    points = tuple(_whole(by_position[p]) for p in sorted(by_position))
    return PointsBand(
        label=label,
        points=points,  # type: ignore[arg-type]
        line=row.line,
        rounds=band_rounds(label),
        **band_limits(label),
    )


def _number(text: str) -> float | None:
    stripped = text.strip().replace("\u2212", "-")
    if re.fullmatch(r"-?\d+(?:\.\d+)?", stripped):
        return float(stripped)
    return None


def _whole(value: float) -> int | float:
    return int(value) if value == int(value) else value


def band_rounds(label: str) -> frozenset[int] | None:
    """``Rounds 1, 6 & 7`` -> {1, 6, 7}; ``Rounds 2 - 5`` -> {2, 3, 4, 5}; None otherwise."""
    match = _ROUNDS.search(label)
    if not match:
        return None
    rounds: set[int] = set()
    for part in re.split(r"\s*(?:,|&|\band\b)\s*", match.group(1).strip()):
        if span := re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part.strip()):
            low, high = int(span.group(1)), int(span.group(2))
            if high - low > 100:  # a round range, not a year or a typo's billion
                return None
            rounds.update(range(low, high + 1))
        elif part.strip().isdecimal():
            rounds.add(int(part.strip()))
    return frozenset(rounds) or None


def read_legend(table: Table) -> tuple[dict[str, str], dict[str, float]]:
    """What bold, italics and ``*`` mean in the standings (mark -> bonus), and stated points.

    ``Bold | Pole position (3 points)`` gives ``{"bold": "pole"}`` and ``{"pole": 3}``.
    """
    markers: dict[str, str] = {}
    points: dict[str, float] = {}
    for row in table.rows:
        text = " ".join(t.strip() for t in row.texts if t.strip())
        for piece in re.split(r"\s+(?=粗體|粗体|斜體|斜体)", text):
            lowered = piece.strip().lower()
            mark = next((m for m, pattern in _MARK_WORDS if pattern.match(lowered)), None)
            if mark is None:
                continue
            bonus = _bonus_name(lowered)
            if bonus is None:
                continue
            markers[mark] = bonus
            if value := _BONUS_POINTS.search(lowered):
                points[bonus] = float(value.group(1))
    return markers, points


def band_limits(label: str) -> dict[str, float | bool | None]:
    """Hours covered by a band label such as ``Between four and eight hours``.

    A label that names no length (``Points``, ``Race``) covers every race.
    """
    text = words_to_numbers(label.lower())
    if _ROUNDS.search(label):
        return {}
    if match := re.search(rf"between {_NUM} and {_NUM}", text):
        return {"min_hours": float(match.group(1)), "max_hours": float(match.group(2))}
    if match := re.search(rf"(?:less than|under|fewer than|shorter than|below) {_NUM}", text):
        return {"max_hours": float(match.group(1)), "max_inclusive": False}
    if match := re.search(rf"(?:up to|at most|maximum of) {_NUM}", text):
        return {"max_hours": float(match.group(1))}
    if match := re.search(rf"(?:more than|over|longer than|above|greater than) {_NUM}", text):
        return {"min_hours": float(match.group(1)), "min_inclusive": False}
    if match := re.search(rf"{_NUM}\s*(?:hours?|h)?\s*(?:or more|and over|\+)", text):
        return {"min_hours": float(match.group(1))}
    if match := re.search(rf"{_NUM}\s*(?:[-–]|to)\s*{_NUM}", text):
        return {"min_hours": float(match.group(1)), "max_hours": float(match.group(2))}
    return {}


def looks_like_points_header(texts: list[str]) -> bool:
    """A row of ordinal positions (``1st 2nd 3rd`` or ``1 2 3``) heads a points table.

    A leading ``Position`` label and trailing bonus columns (``PP``, ``Fastest Lap``) are
    allowed, as long as the positions start the row and count up from 1.
    """
    ordinals = [t for t in texts if t.strip()]
    if len(ordinals) >= 3 and all(_ORDINAL.match(t.strip()) for t in ordinals):
        return True
    return _position_columns(Row(cells=[Cell(t) for t in texts], line=0)) is not None
