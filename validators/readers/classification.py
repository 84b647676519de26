"""Race classifications: one row per car of one race, with its finishing position and points.

Race and round articles (and some season articles, for each round) print a classification:
``Pos | No | Driver | Team | Laps | Time/Retired | Grid | Points``. Each row is a finisher (or a
retirement, ``Ret``), and the Points column pays the season's scale for the position. A table is
a classification when it labels a position, a name and points, and at least one column only a
race has (laps, time, grid, gap): standings label rounds instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from wikiaudit.scraper.model import Name, Row, Table
from wikiaudit.validators.readers.cells import RaceCell, read_number, read_race_cell
from wikiaudit.validators.readers.labels import normalized
from wikiaudit.validators.season import Fit

_POSITION = {"pos", "position", "place", "fin", "finish", "p", "rank", "pl"}
_NAME = {"driver", "drivers", "rider", "riders", "name", "crew", "competitor", "driver s"}
_POINTS = {"points", "pts", "point", "pts."}
_RACE = {
    *("laps", "time", "time retired", "retired", "grid", "gap", "difference", "diff", "qual"),
    *("speed", "led", "laps led", "behind", "status", "time behind", "race time", "best lap"),
    *("time gap", "interval", "reason", "time diff", "total time", "st", "start", "started"),
}


@dataclass(frozen=True, slots=True)
class ClassificationColumns:
    header_index: int
    pos: int
    name: int
    points: int
    race: tuple[str, ...]

    @property
    def describe(self) -> str:
        return ", ".join(self.race[:3])


@dataclass(frozen=True, slots=True)
class ClassifiedRow:
    position: int | None
    code: str | None
    name: Name
    points: RaceCell
    row_index: int
    line: int
    points_line: int
    position_text: str


@dataclass(slots=True)
class Classification:
    """One race's classification (``section``: a class within the table, e.g. ``WRC``)."""

    table: Table
    cls: str
    columns: ClassificationColumns
    rows: list[ClassifiedRow]
    section: str | None = None
    fit: Fit | None = None

    @property
    def title(self) -> str:
        return f"{self.table.title} [{self.section}]" if self.section else self.table.title


def classification_columns(table: Table) -> ClassificationColumns | None:
    for index, row in enumerate(table.rows[:3]):
        if not row.is_header:
            continue
        labels = [normalized(text) for text in row.texts]
        pos = _first(labels, _POSITION)
        name = _first(labels, _NAME)
        points = _last(labels, _POINTS)
        race = tuple(label for label in labels if label in _RACE)
        if None in (pos, name, points) or not race:
            continue
        if not pos < name < points:  # type: ignore[operator]
            continue
        return ClassificationColumns(index, pos, name, points, race)  # type: ignore[arg-type]
    return None


def _first(labels: list[str], wanted: set[str]) -> int | None:
    return next((i for i, label in enumerate(labels) if label in wanted), None)


def _last(labels: list[str], wanted: set[str]) -> int | None:
    found = [i for i, label in enumerate(labels) if label in wanted]
    return found[-1] if found else None


def read_classification(table: Table, cls: str) -> list[Classification]:
    columns = classification_columns(table)
    if columns is None:
        return []
    sections: list[Classification] = [Classification(table, cls, columns, [])]
    for row_index, row in enumerate(table.rows):
        if row_index <= columns.header_index:
            continue
        if (label := _section(row)) is not None:
            if sections[-1].rows:
                sections.append(Classification(table, label, columns, [], label))
            else:
                sections[-1].section = label
            continue
        if row.is_header or len(row.cells) <= max(columns.pos, columns.name, columns.points):
            continue
        read = _row(row, row_index, columns)
        if read is not None:
            sections[-1].rows.append(read)
    return [section for section in sections if section.rows]


def _row(row: Row, row_index: int, columns: ClassificationColumns) -> ClassifiedRow | None:
    pos_cell, name_cell = row.cells[columns.pos], row.cells[columns.name]
    points_cell = row.cells[columns.points]
    if name_cell.is_blank:
        return None
    pos = read_race_cell(pos_cell.text)
    number = read_number(pos_cell.text) if pos.kind == "number" else None
    position = int(number) if number is not None and number == int(number) and number > 0 else None
    code = pos.code if pos.kind == "code" else None
    if position is None and code is None:
        return None  # a footer or note row, not a car
    name = name_cell.names[0] if len(name_cell.names) == 1 else Name(name_cell.text)
    return ClassifiedRow(
        position=position,
        code=code,
        name=name,
        points=read_race_cell(points_cell.text),
        row_index=row_index,
        line=row.line,
        points_line=points_cell.line or row.line,
        position_text=pos_cell.text,
    )


def _section(row: Row) -> str | None:
    texts = {cell.text.strip() for cell in row.cells if cell.text.strip()}
    if len(texts) != 1 or len(row.cells) < 3:
        return None
    if sum("spanned" in cell.flags for cell in row.cells) < len(row.cells) - 1:
        return None
    return next(iter(texts))
