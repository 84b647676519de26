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
    "driver": ("drivers", "driver", "driver s", "race drivers", "race driver", "driver name"),
    "rounds": ("rounds", "round", "rnd", "races"),
}


@dataclass(frozen=True, slots=True)
class EntryProblem:
    """A row that could not be read whole. ``text`` names it the same way whatever the form:
    the driver whose rounds are not known, else the row's non-blank cells (never layout debris
    such as the empty cells a laid-out grid keeps)."""

    row_index: int
    line: int
    text: str
    reason: str
    column: str | None = None
    published: str | None = None


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
            problems.append(_rounds_unknown(row_index, row.line, driver, rounds_text))
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
                _rounds_unknown(
                    row_index,
                    row.line,
                    second.names[0],
                    "",
                    f"car #{car} of {team.text if team else 'an unknown team'}: the rounds of "
                    f"{second.names[0].text} were lost with the row spans",
                )
            )
        elif _is_car_row(row, all_rounds):
            car = second.text.strip() if second is not None else None
        else:
            problems.append(
                EntryProblem(
                    row_index,
                    row.line,
                    _key(row),
                    "row cannot be read without its lost row spans (a second car's chassis and "
                    "number, or a driver without rounds)",
                )
            )
    return entries, problems


def _rounds_unknown(
    row_index: int, line: int, driver: Name, rounds_text: str, reason: str = ""
) -> EntryProblem:
    """A driver whose rounds are blank (or were lost with the row spans) or not a round list.

    Keyed by the driver and the Rounds column in every form; only the reason says how the
    form lost them."""
    shown = f" ({rounds_text.strip()})" if rounds_text.strip() else " (blank)"
    return EntryProblem(
        row_index,
        line,
        driver.text,
        reason or f"the rounds of {driver.text}{shown} are not a round list",
        column="Rounds",
        published=rounds_text.strip(),
    )


def _is_car_row(row: Row, all_rounds: frozenset[int]) -> bool:
    """``| Lola B11/66 | 20 |``: a second car's chassis and number, its first driver lost.

    Only a row of two written cells is one (a laid-out row that says more is not read this
    way: it is reported). A flagless driver with a round (``| John Doe | 3 |``) looks the same,
    so the row is read as a car only when the first cell cannot be a name (it holds a digit,
    as chassis names do) or the number cannot be a round of this season.
    """
    written = [cell for cell in row.cells if not cell.is_blank]
    if len(written) != 2 or written != row.cells[: len(written)]:
        return False
    first, second = written
    if first.nationality or second.nationality:
        return False
    if not is_numberish(second.text):
        return False
    rounds = parse_rounds(second.text, all_rounds)
    return any(ch.isdigit() for ch in first.text) or not (rounds and rounds <= all_rounds)


def _key(row: Row) -> str:
    return " | ".join(text.strip() for text in row.texts if text.strip())


def _is_class_row(row: Row, classes: list[str]) -> bool:
    first = row.cells[0].text.strip()
    rest_blank = all(cell.is_blank for cell in row.cells[1:])
    if classes:
        return first in classes and rest_blank
    return rest_blank and 0 < len(first) <= 4 and not row.cells[0].nationality
