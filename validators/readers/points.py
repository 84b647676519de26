"""The points system, read from the article's own table, band limits written in words included."""

from __future__ import annotations

import re

from scraper.model import Table
from validators.readers.labels import parse_int, words_to_numbers
from validators.season import PointsBand, PointsSystem

_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)?$", re.IGNORECASE)
_NUM = r"(\d+(?:\.\d+)?)"


def read_points_system(table: Table) -> PointsSystem | None:
    bands: list[PointsBand] = []
    for row in table.body_rows:
        texts = [text for text in row.texts]
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
    return PointsSystem(bands=bands, table_index=table.index, line=table.line)


def band_limits(label: str) -> dict[str, float | bool | None]:
    """Hours covered by a band label such as ``Between four and eight hours``.

    A label that names no length (``Points``, ``Race``) covers every race.
    """
    text = words_to_numbers(label.lower())
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
    """A row of ordinal positions (``1st 2nd 3rd`` or ``1 2 3``) heads a points table."""
    ordinals = [t for t in texts if t.strip()]
    return len(ordinals) >= 3 and all(_ORDINAL.match(t.strip()) for t in ordinals)
