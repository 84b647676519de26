"""The entry list, as far as the flattened form lets it be read.

Row spans carried the car number and the team down the rows of each car; flattening dropped
them, so some rows are no longer what they look like (``| 055 | USA Scott Tucker |`` is a car
number and a driver whose rounds were lost). What can be read for certain becomes an ``Entry``;
every row that cannot is returned as a problem so the audit reports it rather than drop it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.model import Name, Row, Table
from validators.readers.labels import is_numberish, parse_rounds
from validators.season import Entry


@dataclass(frozen=True, slots=True)
class EntryProblem:
    row_index: int
    line: int
    text: str
    reason: str


def read_entries(
    table: Table, classes: list[str], all_rounds: frozenset[int]
) -> tuple[list[Entry], list[EntryProblem]]:
    entries: list[Entry] = []
    problems: list[EntryProblem] = []
    cls = ""
    team: Name | None = None
    car: str | None = None
    for row_index, row in enumerate(table.rows):
        cells = row.cells
        first = cells[0] if cells else None
        second = cells[1] if len(cells) > 1 else None
        if first is None or (first.is_blank and (second is None or second.is_blank)):
            continue
        if _is_class_row(row, classes):
            cls, team, car = first.text.strip(), None, None
            continue
        if row.is_header:
            continue
        rounds = parse_rounds(second.text, all_rounds) if second and not second.is_blank else None
        if first.nationality and rounds is not None:
            entries.append(
                Entry(cls, team, car, first.names[0], rounds, second.text, row.line, row_index)
            )
        elif first.nationality and second is not None and not second.nationality:
            team, car = first.names[0], None
        elif is_numberish(first.text) and second is not None and second.nationality:
            car = first.text.strip()
            entries.append(Entry(cls, team, car, second.names[0], None, "", row.line, row_index))
            problems.append(
                EntryProblem(
                    row_index,
                    row.line,
                    " | ".join(row.texts),
                    f"car #{car} of {team.text if team else 'an unknown team'}: the rounds of "
                    f"{second.names[0].text} were lost with the row spans",
                )
            )
        else:
            problems.append(
                EntryProblem(
                    row_index,
                    row.line,
                    " | ".join(row.texts),
                    "row cannot be read without its lost row spans (a second car's chassis and "
                    "number, or a driver without rounds)",
                )
            )
    return entries, problems


def _is_class_row(row: Row, classes: list[str]) -> bool:
    first = row.cells[0].text.strip()
    rest_blank = all(cell.is_blank for cell in row.cells[1:])
    if classes:
        return first in classes and rest_blank
    return rest_blank and 0 < len(first) <= 4 and not row.cells[0].nationality
