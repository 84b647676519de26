"""The entry list, as far as the flattened form lets it be read.

Row spans carried the car number and the team down the rows of each car; flattening dropped
them, so some rows are no longer what they look like (``| 055 | USA Scott Tucker |`` is a car
number and a driver whose rounds were lost). What can be read for certain becomes an ``Entry``;
every row that cannot is returned as a problem so the audit reports it rather than drop it.
"""

from __future__ import annotations

from dataclasses import dataclass

from wikiaudit.scraper.model import Name, Row, Table
from wikiaudit.validators.readers.labels import is_numberish, normalized, parse_rounds
from wikiaudit.validators.season import Entry

_COLUMNS = {
    "team": ("entrant team", "entrant", "team"),
    "car": ("no", "no.", "car no", "number", "#"),
    "driver": ("drivers", "driver", "driver s"),
    "rounds": ("rounds", "round", "rnd", "races"),
}


@dataclass(frozen=True, slots=True)
class EntryProblem:
    row_index: int
    line: int
    text: str
    reason: str


def read_entries(
    table: Table, classes: list[str], all_rounds: frozenset[int]
) -> tuple[list[Entry], list[EntryProblem]]:
    """Read a laid-out grid by its labelled columns; fall back to the flattened two-cell rows."""
    columns = grid_columns(table)
    if columns is not None:
        return _read_grid(table, columns, classes, all_rounds)
    return _read_flattened(table, classes, all_rounds)


def grid_columns(table: Table) -> dict[str, int] | None:
    """Where team, car number, driver and rounds sit, when a header row labels them all."""
    for row in table.header_rows:
        labels = [normalized(text) for text in row.texts]
        found = {
            key: next((i for i, label in enumerate(labels) if label in names), -1)
            for key, names in _COLUMNS.items()
        }
        if found["driver"] >= 0 and found["rounds"] >= 0:
            return {key: index for key, index in found.items() if index >= 0}
    return None


def _read_grid(
    table: Table, columns: dict[str, int], classes: list[str], all_rounds: frozenset[int]
) -> tuple[list[Entry], list[EntryProblem]]:
    entries: list[Entry] = []
    problems: list[EntryProblem] = []
    cls = ""
    width = max(columns.values()) + 1
    for row_index, row in enumerate(table.rows):
        texts = {text.strip() for text in row.texts}
        if len(texts) == 1 and (not classes or texts <= set(classes)):
            cls = texts.pop()
            continue
        if row.is_header or len(row.cells) < width:
            continue
        driver_cell = row.cells[columns["driver"]]
        rounds_text = row.cells[columns["rounds"]].text
        if driver_cell.is_blank:
            continue
        team_cell = row.cells[columns["team"]] if "team" in columns else None
        car = row.cells[columns["car"]].text.strip() if "car" in columns else ""
        rounds = parse_rounds(rounds_text, all_rounds) if rounds_text.strip() else None
        driver = driver_cell.names[0] if driver_cell.names else Name(driver_cell.text)
        entries.append(
            Entry(
                cls,
                (team_cell.names[0] if team_cell.names else Name(team_cell.text))
                if team_cell is not None and not team_cell.is_blank
                else None,
                car or None,
                driver,
                rounds,
                rounds_text,
                row.line,
                row_index,
            )
        )
        if rounds is None:
            problems.append(
                EntryProblem(
                    row_index,
                    row.line,
                    " | ".join(row.texts),
                    f"the rounds of {driver.text} ({rounds_text or 'blank'}) are not a round list",
                )
            )
    return entries, problems


def _read_flattened(
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
