"""Standings tables: one row per team or driver, one column per round, and a total.

Round columns are found from the data, not from a list of race codes: they are the columns
before the total whose cells are numbers, blanks or result codes. They are mapped to calendar
rounds by order, which is how the article lays them out. Whether those cells are points or
finishing positions is decided afterwards, per table, by ``validators.matrix``.
"""

from __future__ import annotations

import re

from wikiaudit.scraper.model import Cell, Name, Row, Table
from wikiaudit.validators.readers.labels import ORDINAL, RESULT_CODES, normalized, parse_int
from wikiaudit.validators.season import (
    PointsSystem,
    Race,
    RaceValue,
    RoundColumn,
    StandingRow,
    Standings,
)

# Labels are compared both normalized (ASCII) and as written, so that other-language articles
# (``名次 | 車手 | ... | 積分``) are read the same way as English ones.
_POSITION = {"pos", "pos.", "position", "rank", "p", "名次", "排名", "名次."}
_TOTAL = {"total", "points", "pts", "total points", "pts.", "积分", "積分", "總積分", "总积分"}
_DRIVER = {"driver", "drivers", "rider", "riders", "pilot", "车手", "車手"}
_TEAM = {
    "team",
    "teams",
    "entrant",
    "constructor",
    "manufacturer",
    "make",
    "owner",
    "country",
    "nation",
    "chassis",
    "engine",
    "车队",
    "車隊",
    "制造商",
    "製造商",
}
# Columns between the name and the races that hold numbers but are not races.
_NOT_RACE = {"no", "car no", "car", "bike", "number", "drivers", "wins", "车号", "車號"}
_FIGURE = r"(-?\d+(?:\.\d+)?|-?\d*½)"
_TOTAL_TEXT = re.compile(rf"^\s*{_FIGURE}\s*(?:[(\[]\s*{_FIGURE}\s*[)\]])?\s*$")


def _label(text: str) -> tuple[str, str]:
    return normalized(text), text.strip().lower().rstrip(".")


def standings_columns(header: list[str]) -> dict[str, int] | None:
    """Where the position, name, team and total columns are; None when it is no standings table."""
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        labels = _label(text)
        if any(label in _POSITION for label in labels) and "pos" not in found:
            found["pos"] = index
        elif any(label in _DRIVER for label in labels) and "driver" not in found:
            found["driver"] = index
        elif any(label in _TEAM for label in labels) and "team" not in found:
            found["team"] = index
        elif any(label in _TOTAL for label in labels):
            found["total"] = index
    if "total" not in found or not ({"driver", "team"} & found.keys()):
        return None
    return found


def standings_header(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row that names the columns, and its columns.

    Usually the first header row; some articles put a title row (``2008 Final Riders
    Standings``) above it, so every header row is tried in order.
    """
    for index, row in enumerate(table.rows):
        if not row.is_header:
            continue
        columns = standings_columns(row.texts)
        if columns is not None:
            return index, columns
    return None


def parse_total(text: str) -> tuple[float | None, float | None]:
    """``42 (52)`` -> (42, 52): counted under a best-N rule, and scored in all; ``14.5`` too."""
    match = _TOTAL_TEXT.match(text.replace("\u2212", "-"))
    if not match:
        return None, None
    return _number(match.group(1)), _number(match.group(2)) if match.group(2) else None


def _number(text: str) -> float:
    if text.endswith("½"):
        return float(text[:-1] or 0) + 0.5
    return float(text)


def is_race_cell(text: str) -> bool:
    stripped = text.strip().rstrip("†‡*§").strip()
    if stripped.startswith(("(", "[")) and stripped.endswith((")", "]")):
        stripped = stripped[1:-1].strip()
    return (
        not stripped
        or parse_int(stripped) is not None
        or ORDINAL.match(stripped) is not None
        or stripped.upper() in RESULT_CODES
        or re.fullmatch(r"\d+(?:\.\d+)?|\d*½", stripped) is not None
    )


def round_columns(
    table: Table, columns: dict[str, int], calendar: list[Race], header_index: int
) -> list[RoundColumn]:
    """The race columns between the name and the total, mapped to calendar rounds by order.

    ``header_index`` is the header row that named the columns (``standings_header``): a title
    row above it must not be taken for the column labels.
    """
    total = columns["total"]
    start = max(v for k, v in columns.items() if k != "total") + 1
    header = table.rows[header_index].texts
    body = table.body_rows
    picked: list[int] = []
    for index in range(start, total):
        if index < len(header) and set(_label(header[index])) & _NOT_RACE:
            continue
        cells = [row.cells[index].text for row in body if index < len(row.cells)]
        filled = [text for text in cells if text.strip()]
        if filled and sum(is_race_cell(text) for text in filled) * 10 >= len(filled) * 8:
            picked.append(index)
    rounds = [race.round for race in calendar]
    by_calendar = len(picked) == len(rounds) and len(set(rounds)) == len(rounds)
    return [
        RoundColumn(
            column=index,
            code=_code(table, header_index, index, order),
            round=rounds[order] if by_calendar else order + 1,
        )
        for order, index in enumerate(picked)
    ]


def _code(table: Table, header_index: int, column: int, order: int) -> str:
    """The round's label; a second header row (``R1``/``R2`` under ``QAT``) is appended."""
    parts: list[str] = []
    for row in table.rows[header_index:]:
        if not row.is_header:
            break
        if column < len(row.cells):
            text = row.cells[column].text.strip()
            if text and text not in parts and normalized(text) not in {"races", "race", "round"}:
                parts.append(text)
    return " ".join(parts) or str(order + 1)


def read_standings(
    table: Table, cls: str, calendar: list[Race], points: PointsSystem | None = None
) -> Standings | None:
    from wikiaudit.validators.matrix import classify_matrix

    found = standings_header(table)
    if found is None:
        return None
    header_index, columns = found
    # the first name column is what the table ranks: ``Driver | Team`` ranks drivers (the team
    # is who they drove for), ``Entrant | Drivers`` ranks entrants (the drivers who drove)
    kind = (
        "driver"
        if "driver" in columns and columns["driver"] < columns.get("team", len(table.header) + 1)
        else "team"
    )
    name_col = columns[kind]
    team_col = columns.get("team") if kind == "driver" else None
    rounds = round_columns(table, columns, calendar, header_index)
    rows: list[StandingRow] = []
    for row_index, row in enumerate(table.rows):
        if row.is_header or len(row.cells) <= max(columns.values()):
            continue
        if _is_repeated_header(row, table, header_index):
            continue
        cells = row.cells
        name = _first_name(cells[name_col])
        if name is None:
            continue
        pos_cell = cells[columns["pos"]] if "pos" in columns else None
        values = {
            rc.round: _race_value(cells[rc.column], rc) for rc in rounds if rc.column < len(cells)
        }
        total_cell = cells[columns["total"]]
        counted, gross = parse_total(total_cell.text)
        rows.append(
            StandingRow(
                position=parse_int(pos_cell.text) if pos_cell else None,
                name=name,
                teams=cells[team_col].names if team_col is not None else (),
                values=values,
                total_text=total_cell.text,
                total_counted=counted,
                row_index=row_index,
                line=row.line,
                position_spanned=bool(pos_cell and "spanned" in pos_cell.flags),
                total_gross=gross,
                total_spanned="spanned" in total_cell.flags,
            )
        )
    standings = Standings(
        kind=kind,
        cls=cls,
        table=table,
        rounds=rounds,
        total_column=columns["total"],
        rows=rows,
    )
    verdict = classify_matrix(standings, points, calendar)
    standings.matrix, standings.matrix_reason = verdict.kind, verdict.reason
    return standings


def _is_repeated_header(row: Row, table: Table, header_index: int) -> bool:
    """A header row repeated at the foot of a table, written with ``td`` cells."""
    return row.texts == table.rows[header_index].texts


def _first_name(cell: Cell) -> Name | None:
    if cell.names:
        return cell.names[0] if len(cell.names) == 1 else Name(cell.text, cell.nationality)
    return Name(cell.text) if cell.text.strip() else None


def _race_value(cell: Cell, column: RoundColumn) -> RaceValue:
    return RaceValue(
        round=column.round,
        text=cell.text,
        points=parse_int(cell.text),
        column=column.column,
        line=cell.line,
        flags=cell.flags,
        notes=cell.notes,
    )
