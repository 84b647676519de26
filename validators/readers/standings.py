"""Standings tables: one row per team or driver, one column per round, and a total.

Round columns are found from the data, not from a list of race codes: they are the columns
before the total whose cells are numbers, blanks or result codes. They are mapped to calendar
rounds by order, which is how the article lays them out.
"""

from __future__ import annotations

from scraper.model import Cell, Name, Table
from validators.readers.labels import RESULT_CODES, normalized, parse_int
from validators.season import Race, RaceValue, RoundColumn, StandingRow, Standings

_POSITION = {"pos", "pos.", "position", "rank", "p"}
_TOTAL = {"total", "points", "pts", "total points", "pts."}
_DRIVER = {"driver", "drivers", "rider", "riders", "pilot"}
_TEAM = {"team", "teams", "entrant", "constructor", "manufacturer", "make", "owner"}


def standings_columns(header: list[str]) -> dict[str, int] | None:
    """Where the position, name, team and total columns are; None when it is no standings table."""
    labels = [normalized(label) for label in header]
    found: dict[str, int] = {}
    for index, label in enumerate(labels):
        if label in _POSITION and "pos" not in found:
            found["pos"] = index
        elif label in _DRIVER and "driver" not in found:
            found["driver"] = index
        elif label in _TEAM and "team" not in found:
            found["team"] = index
        elif label in _TOTAL:
            found["total"] = index
    if "total" not in found or not ({"driver", "team"} & found.keys()):
        return None
    return found


def _is_race_cell(text: str) -> bool:
    stripped = text.strip()
    return (
        not stripped
        or parse_int(stripped) is not None
        or stripped.upper().rstrip("†*") in RESULT_CODES
    )


def round_columns(table: Table, columns: dict[str, int], calendar: list[Race]) -> list[RoundColumn]:
    total = columns["total"]
    start = max(v for k, v in columns.items() if k != "total") + 1
    body = table.body_rows
    picked: list[int] = []
    for index in range(start, total):
        cells = [row.cells[index].text for row in body if index < len(row.cells)]
        filled = [text for text in cells if text.strip()]
        if filled and sum(_is_race_cell(text) for text in filled) * 10 >= len(filled) * 8:
            picked.append(index)
    header = table.header
    rounds = [race.round for race in calendar]
    return [
        RoundColumn(
            column=index,
            code=header[index] if index < len(header) else str(order + 1),
            round=rounds[order] if len(picked) == len(rounds) else order + 1,
        )
        for order, index in enumerate(picked)
    ]


def read_standings(table: Table, cls: str, calendar: list[Race]) -> Standings | None:
    columns = standings_columns(table.header)
    if columns is None:
        return None
    kind = "driver" if "driver" in columns else "team"
    name_col = columns[kind]
    team_col = columns.get("team") if kind == "driver" else None
    rounds = round_columns(table, columns, calendar)
    rows: list[StandingRow] = []
    for row_index, row in enumerate(table.rows):
        if row.is_header or len(row.cells) <= max(columns.values()):
            continue
        cells = row.cells
        name = _first_name(cells[name_col])
        if name is None:
            continue
        pos_cell = cells[columns["pos"]] if "pos" in columns else None
        values = {
            rc.round or 0: _race_value(cells[rc.column], rc)
            for rc in rounds
            if rc.column < len(cells)
        }
        total_cell = cells[columns["total"]]
        rows.append(
            StandingRow(
                position=parse_int(pos_cell.text) if pos_cell else None,
                name=name,
                teams=cells[team_col].names if team_col is not None else (),
                values=values,
                total_text=total_cell.text,
                total=parse_int(total_cell.text),
                row_index=row_index,
                line=row.line,
                position_spanned=bool(pos_cell and "spanned" in pos_cell.flags),
            )
        )
    return Standings(
        kind=kind,
        cls=cls,
        table=table,
        rounds=rounds,
        total_column=columns["total"],
        rows=rows,
    )


def _first_name(cell: Cell) -> Name | None:
    if cell.names:
        return cell.names[0] if len(cell.names) == 1 else Name(cell.text, cell.nationality)
    return Name(cell.text) if cell.text.strip() else None


def _race_value(cell: Cell, column: RoundColumn) -> RaceValue:
    return RaceValue(
        round=column.round or 0,
        text=cell.text,
        points=parse_int(cell.text),
        column=column.column,
        line=cell.line,
        flags=cell.flags,
        notes=cell.notes,
    )
