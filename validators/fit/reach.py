"""Totals no race result could reach: a points reset, not a wrong cell.

A stock-car playoff resets its drivers to 2,000 or 5,000 points plus bonuses, and the
standings print the reset total beside race cells that add up to two hundred. No reading of
the race cells explains such a total, and no typo in a cell makes it: a total above what the
best possible results in every race would give is something other than a sum. When two or more
rows at the top of a table are past that bound (a playoff block ranks first), they are left
out of the reading's support and never reported row by row; the reading says how many it left
out. A single such row, or such rows scattered below rows within reach, stay judged: a digit
typed twice (``2600`` for ``260``) is an editor's mistake worth reporting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

LEAST_BLOCK = 2
"""Rows past the bound that make a reset rather than a typo."""


def split_beyond_reach(
    rows: Sequence[T], published: Callable[[T], float | None], bound: Callable[[T], float]
) -> tuple[list[T], list[T]]:
    """(rows to judge, rows past what their races could give, when they are a block)."""
    beyond = [row for row in rows if (value := published(row)) is not None and value > bound(row)]
    if len(beyond) < LEAST_BLOCK or any(a is not b for a, b in zip(beyond, rows, strict=False)):
        return list(rows), []  # not a block ranked first: typos, judged
    left = {id(row) for row in beyond}
    return [row for row in rows if id(row) not in left], beyond


def note(beyond: Sequence[object]) -> str:
    if not beyond:
        return ""
    return (
        f" ({len(beyond)} rows with totals past what every race won could give, a points "
        "reset or base, not judged)"
    )
