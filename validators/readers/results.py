"""The results table: each round's winner per class, teams on one line and drivers on the next.

The class of a column comes from its header (``GTC Winning Team`` is class ``GTC``). When the
flattened form lost the row spans of the round and circuit cells, a round's driver line is
shifted left by the number of leading columns; a line whose first cell is the round again (a
spanned copy) is aligned as is.
"""

from __future__ import annotations

import re

from wikiaudit.scraper.model import Cell, Name, Row, Table
from wikiaudit.validators.readers.labels import parse_int
from wikiaudit.validators.season import RaceResult

_WINNER = re.compile(r"^(?P<cls>.+?)\s+winn(?:ing|er)s?\b(?P<rest>.*)$", re.IGNORECASE)
_CAR = re.compile(r"^#\s*(?P<car>\w+)\s+(?P<team>.+)$")


def class_columns(header: list[str]) -> dict[int, str]:
    """``{column: class}`` for every ``<class> Winning Team`` column, when there are several
    classes (one ``Trophy winner`` column beside the overall winners is no class results)."""
    classes: dict[int, str] = {}
    for index, label in enumerate(header):
        match = _WINNER.match(label.strip())
        if match and "driver" not in match.group("rest").lower():
            classes[index] = match.group("cls").strip()
    return classes if len(set(classes.values())) >= 2 else {}


_NO_WINNER = re.compile(
    r"^(?:no\s+(?:finishers?|entr(?:y|ies)|starters?|classified\s+finishers?|winner)"
    r"|not\s+(?:held|run|awarded|contested)|cancell?ed|abandoned|[-–—]+|n/?a|tba|tbd)\.?$",
    re.I,
)
"""A class cell that names no winner: the round was not run for that class."""


def read_results(table: Table) -> list[RaceResult]:
    columns = class_columns(table.header)
    if not columns:
        return []
    first_class_col = min(columns)
    results: list[RaceResult] = []
    body = table.body_rows
    row_indices = {id(row): i for i, row in enumerate(table.rows)}
    for position, row in enumerate(body):
        number = parse_int(row.cells[0].text) if row.cells else None
        if number is None or "spanned" in row.cells[0].flags:
            continue
        drivers_row = _drivers_row(body, position, number)
        for column, cls in columns.items():
            if column >= len(row.cells) or row.cells[column].is_blank:
                continue
            if _NO_WINNER.match(row.cells[column].text.strip()):
                continue  # "No finishers", "Not held": the class has no winner that round
            drivers = _drivers_at(drivers_row, column, first_class_col) if drivers_row else ()
            results.append(
                _result(
                    number,
                    cls,
                    row.cells[column],
                    drivers,
                    table.index,
                    (row_indices[id(row)], column),
                    drivers_row.line if drivers_row else None,
                )
            )
    return results


def _drivers_row(body: list[Row], position: int, number: int) -> Row | None:
    if position + 1 >= len(body):
        return None
    candidate = body[position + 1]
    first = candidate.cells[0] if candidate.cells else None
    if first is None:
        return None
    if parse_int(first.text) is not None and not (
        "spanned" in first.flags and parse_int(first.text) == number
    ):
        return None
    return candidate


def _drivers_at(row: Row, column: int, first_class_col: int) -> tuple[Name, ...]:
    aligned = "spanned" in row.cells[0].flags
    index = column if aligned else column - first_class_col
    if 0 <= index < len(row.cells):
        return row.cells[index].names
    return ()


def _result(
    number: int,
    cls: str,
    cell: Cell,
    drivers: tuple[Name, ...],
    table_index: int,
    position: tuple[int, int],
    drivers_line: int | None,
) -> RaceResult:
    team = cell.names[0] if cell.names else Name(cell.text)
    car: str | None = None
    match = _CAR.match(team.text)
    if match:
        car = match.group("car")
        team = Name(match.group("team").strip(), team.nationality)
    return RaceResult(
        round=number,
        cls=cls,
        car=car,
        team=team,
        drivers=drivers,
        table_index=table_index,
        cell=position,
        line=cell.line,
        drivers_line=drivers_line,
    )
