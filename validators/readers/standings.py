"""Standings tables: one row per team or driver, one column per round, and a total.

Round columns are found from the data, not from a list of race codes: they are the columns
between the names and the total whose cells read as race cells (numbers, result codes, blanks).
They are mapped to calendar rounds by order, which is how the article lays them out. Whether
those cells are points or finishing positions is decided afterwards, per table, by fitting both
readings (``validators.matrix``).

A table may hold several sections under full-width header rows (``Class Trofeo`` below the
overall classification): each section is read as standings of its own, because each has its
own scoring and its own support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from wikiaudit.scraper.model import Cell, Name, Row, Table
from wikiaudit.validators.readers.cells import read_number, read_race_cell
from wikiaudit.validators.readers.labels import normalized
from wikiaudit.validators.season import Race, RaceValue, RoundColumn, StandingRow, Standings

# Labels are compared both normalized (ASCII) and as written, so that other-language articles
# (``名次 | 車手 | ... | 積分``) are read the same way as English ones.
_POSITION = {"pos", "pos.", "position", "rank", "p", "place", "名次", "排名", "名次.", "no", "#"}
_TOTAL = {
    *("total", "points", "pts", "total points", "pts.", "points total", "total pts", "pts total"),
    *("score", "积分", "積分", "總積分", "总积分", "total score", "championship points"),
}
_DRIVER = {
    *("driver", "drivers", "rider", "riders", "pilot", "name", "competitor", "crew", "crews"),
    *("driver s", "车手", "車手", "racer", "sidecar", "passenger", "co driver"),
}
_TEAM = {
    *("team", "teams", "entrant", "constructor", "manufacturer", "make", "owner", "country"),
    *("nation", "chassis", "engine", "car", "club", "車隊", "车队", "制造商", "製造商"),
    *("manufacturers", "constructors", "entrants", "nations", "countries", "brand"),
}
# Columns between the name and the races that hold numbers but are not races.
_NOT_RACE = {
    *("no", "car no", "car", "bike", "number", "drivers", "wins", "车号", "車號", "starts"),
    *("poles", "top 5", "top 10", "top 5s", "top 10s", "podiums", "laps led", "dnf", "dnfs"),
    *("behind", "gap", "diff", "races", "rounds", "age", "class", "laps", "avg"),
    *("dropped", "drop", "discarded", "dropped points", "gross", "net"),
    *("best", "kms", "fl", "fastest laps", "earnings", "winnings", "pts behind", "back"),
}
# A nationality column (``Nat``) between the names and the races, unless its cells are results:
# ``NAT`` is also the Nations Grand Prix's code.
_NATIONALITY = {"nat", "nat.", "nationality", "country"}

# Three capitals: a round's venue code (``CAR`` for Cardiff) where it spells an identity label.
_CODE = re.compile(r"[A-Z]{3}")

# Labels that name what a row is (not a statistic or an adjustment), which a venue's code in
# capitals can spell: ``CAR`` is Cardiff over a column of results.
_IDENTITY_LABELS = {"car", "no", "bike", "nat", "club", "make"}


def _venue_code(label: str) -> bool:
    """``CAR`` (Cardiff) over a column: a round's code in capitals spelling an identity label;
    a statistic or an adjustment in capitals (``DNF``, ``PEN``) stays what it says."""
    text = label.strip()
    return bool(_CODE.fullmatch(text)) and text.lower() in _IDENTITY_LABELS


# A car-number column: a team (or driver) listed once per car is one row per car.
_CAR_NUMBER = {"no", "car", "car no", "car number", "number", "bike", "bike no", "entry"}
_CAR_TEXT = re.compile(r"^#?\s*\d{1,3}[A-Za-z]?$")

# Columns before the total that adjust it rather than record a race: added to what the races
# give (a penalty written -10, a bonus for the championship's own award).
_ADJUSTMENT = {
    *("pen", "pen.", "pens", "penalty", "penalties", "points penalty", "deduction", "ded"),
    *("adj", "adj.", "adjustment", "bonus", "bonus points", "bonus pts", "bp"),
}


@dataclass(frozen=True, slots=True)
class Columns:
    """Where a standings table keeps its labelled columns (None: the table has none)."""

    name: int
    kind: str
    total: int
    pos: int | None = None
    team: int | None = None


@lru_cache(maxsize=4096)
def _label(text: str) -> tuple[str, str]:
    return normalized(text), text.strip().lower().rstrip(".")


def _is(text: str, labels: set[str] | frozenset[str]) -> bool:
    return any(label in labels for label in _label(text))


def _names(text: str, labels: set[str]) -> bool:
    """A name column's label, whole or as a word of it (``Rider/Passenger``, ``Driver(s)``)."""
    return _is(text, labels) or any(word in labels for word in normalized(text).split())


def standings_columns(header: list[str]) -> dict[str, int] | None:
    """Where the position, name, team and total columns are; None when it is no standings table.

    The total is the last column labelled as one (``Points`` after ``Pts behind`` or a
    ``Points`` column of the calendar part); the ranked name is the first name column.
    """
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        if _is(text, _POSITION) and "pos" not in found and not found:
            found["pos"] = index
        elif _is(text, _TOTAL):
            found["total"] = index
        elif _venue_code(text):
            continue  # ``CAR`` (Cardiff) is a round's code, not a car or team label
        elif _names(text, _DRIVER) and "driver" not in found:
            found["driver"] = index
        elif _names(text, _TEAM) and "team" not in found:
            found["team"] = index
    if "total" not in found or not ({"driver", "team"} & found.keys()):
        return None
    if found["total"] < min(found.get("driver", 10**6), found.get("team", 10**6)):
        return None
    return found


def standings_header(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row that names the columns, and its columns.

    Usually the first header row; some articles put a title row (``2008 Final Riders
    Standings``) above it, and some write the header as bold data cells, so every header row is
    tried in order, then a first row of bold labels.
    """
    for index, row in enumerate(table.rows):
        if not row.is_header and not _bold_labels(row, index):
            continue
        columns = standings_columns(row.texts)
        if columns is not None:
            return index, columns
        if not row.is_header:
            break
    return None


def _bold_labels(row: Row, index: int) -> bool:
    """A first row written as bold ``td`` cells (``'''No''' || '''Driver'''``) is a header."""
    if index > 1:
        return False
    filled = [cell for cell in row.cells if cell.text.strip()]
    return bool(filled) and all(
        "bold" in cell.flags and read_number(cell.text) is None for cell in filled
    )


def parse_total(text: str) -> tuple[float | None, float | None]:
    """``42 (52)`` -> (42, 52): counted under a best-N rule, and scored in all; ``14.5`` too."""
    cell = read_race_cell(text)
    if cell.kind != "number" or cell.bracketed:
        return None, None
    return cell.value, cell.second


def is_race_cell(text: str) -> bool:
    return read_race_cell(text).kind != "text"


def round_columns(
    table: Table, columns: dict[str, int], calendar: list[Race], header_index: int
) -> list[RoundColumn]:
    """The race columns between the names and the total, mapped to calendar rounds by order;
    where none stand there, those after the total (``Pos | Driver | Pts | R1 R2 …``).

    ``header_index`` is the header row that named the columns (``standings_header``): a title
    row above it must not be taken for the column labels.
    """
    total = columns["total"]
    start = max(v for k, v in columns.items() if k != "total") + 1
    picked = _race_columns(table, header_index, range(start, total))
    if not picked:
        picked = _race_columns(table, header_index, range(total + 1, table.width))
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


def _race_columns(table: Table, header_index: int, candidates: range) -> list[int]:
    """Of ``candidates``, the columns whose label is no other statistic and whose filled cells
    read as race cells (numbers, result codes, blanks)."""
    headers = [table.rows[header_index].texts]
    for row in table.rows[header_index + 1 :]:
        if not row.is_header:
            break
        headers.append(row.texts)
    body = [row for row in table.rows[header_index + 1 :] if not row.is_header]
    picked: list[int] = []
    for index in candidates:
        # the lowest header row that labels the column says what it is (``Races`` over ``DAY``)
        labels = [h[index] for h in headers if index < len(h) and h[index].strip()]
        if (
            labels
            and not _venue_code(labels[-1])
            and _is(labels[-1], _NOT_RACE | _ADJUSTMENT | _TOTAL)
        ):
            continue  # a statistic, an adjustment, or a second total (``Total | Dropped | Pts``)
        cells = [row.cells[index].text for row in body if index < len(row.cells)]
        filled = [text for text in cells if text.strip()]
        if labels and _is(labels[-1], _NATIONALITY) and not any(map(is_race_cell, filled)):
            continue
        if not filled and labels:
            picked.append(index)  # a race still to be run: its column is there, empty
        elif filled and sum(is_race_cell(text) for text in filled) * 10 >= len(filled) * 8:
            picked.append(index)
    return picked


def adjustment_columns(table: Table, columns: dict[str, int], header_index: int) -> list[int]:
    """Columns between the names and the total labelled as a penalty or bonus."""
    start = max(v for k, v in columns.items() if k != "total") + 1
    header = table.rows[header_index].texts
    return [
        i for i in range(start, columns["total"]) if i < len(header) and _is(header[i], _ADJUSTMENT)
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


def read_standings(table: Table, cls: str, calendar: list[Race]) -> list[Standings]:
    """Every section of a standings table, read; empty when the table is no standings table."""
    found = standings_header(table)
    if found is None:
        return []
    header_index, columns = found
    # the first name column is what the table ranks: ``Driver | Team`` ranks drivers (the team
    # is who they drove for), ``Entrant | Drivers`` ranks entrants (the drivers who drove)
    kind = "driver" if columns.get("driver", 10**6) < columns.get("team", 10**6) else "team"
    name_col = columns[kind]
    team_col = columns.get("team") if kind == "driver" else None
    rounds = round_columns(table, columns, calendar, header_index)
    adjustments = adjustment_columns(table, columns, header_index)
    car_col = _car_column(table, header_index, columns, rounds)
    sections: list[tuple[str | None, list[StandingRow]]] = [(None, [])]
    for row_index, row in enumerate(table.rows):
        if row_index <= header_index:
            continue
        if (label := _section_label(row, table.width)) is not None:
            if sections[-1][1]:
                sections.append((label, []))
            else:
                sections[-1] = (label, [])
            continue
        if row.is_header or len(row.cells) <= max(columns.values()):
            continue
        if _is_repeated_header(row, table, header_index):
            continue
        name = _first_name(row.cells[name_col])
        if name is None:
            continue
        sections[-1][1].append(
            _row(row, row_index, columns, name, team_col, rounds, adjustments, car_col)
        )
    out: list[Standings] = []
    for label, rows in sections:
        if not rows:
            continue
        out.append(
            Standings(
                kind=kind,
                cls=_section_class(label) if label else cls,
                table=table,
                rounds=rounds,
                total_column=columns["total"],
                rows=rows,
                section=label,
            )
        )
    return out


def _row(
    row: Row,
    row_index: int,
    columns: dict[str, int],
    name: Name,
    team_col: int | None,
    rounds: list[RoundColumn],
    adjustments: list[int] = (),  # type: ignore[assignment]
    car_col: int | None = None,
) -> StandingRow:
    cells = row.cells
    pos_cell = cells[columns["pos"]] if "pos" in columns else None
    total_cell = cells[columns["total"]]
    counted, gross = parse_total(total_cell.text)
    position = read_number(pos_cell.text.strip().rstrip("=").lstrip("=T")) if pos_cell else None
    return StandingRow(
        position=int(position) if position is not None and position == int(position) else None,
        name=name,
        teams=cells[team_col].names or _as_names(cells[team_col]) if team_col is not None else (),
        values={
            rc.round: _race_value(cells[rc.column], rc) for rc in rounds if rc.column < len(cells)
        },
        total_text=total_cell.text,
        total_counted=counted,
        row_index=row_index,
        line=row.line,
        position_spanned=bool(pos_cell and "spanned" in pos_cell.flags),
        total_gross=gross,
        total_spanned="spanned" in total_cell.flags,
        total_line=total_cell.line or row.line,
        position_text=pos_cell.text if pos_cell else "",
        position_line=(pos_cell.line or row.line) if pos_cell else row.line,
        cell_lines=tuple(cell.line or row.line for cell in cells),
        car=_car_of(cells[car_col].text) if car_col is not None and car_col < len(cells) else "",
        adjustment=sum(
            cell.value or 0.0
            for i in adjustments
            if i < len(cells) and (cell := read_race_cell(cells[i].text)).kind == "number"
        ),
    )


def _car_column(
    table: Table, header_index: int, columns: dict[str, int], rounds: list[RoundColumn]
) -> int | None:
    """A column headed as a car number (``No.``, ``Car``) before the races, other than the name
    columns, whose filled cells are car numbers (``#50``, ``7``)."""
    first_race = min((rc.column for rc in rounds), default=columns["total"])
    header = table.rows[header_index].texts
    named = {columns.get("driver"), columns.get("team")}
    for index in range(min(first_race, len(header))):
        if index in named or normalized(header[index]) not in _CAR_NUMBER:
            continue
        cells = [
            row.cells[index].text.strip()
            for row in table.rows[header_index + 1 :]
            if not row.is_header and index < len(row.cells) and row.cells[index].text.strip()
        ]
        if cells and all(_CAR_TEXT.match(text) for text in cells):
            return index
    return None


def _car_of(text: str) -> str:
    return text.strip().lstrip("#").strip()


def _as_names(cell: Cell) -> tuple[Name, ...]:
    return (Name(cell.text),) if cell.text.strip() else ()


_SECTION_WORDS = re.compile(r"^(class|category|cup|trophy|trofeo|division|group)\b", re.I)


def _section_label(row: Row, width: int) -> str | None:
    """A full-width row holding one label (``Class Trofeo``): a new section starts."""
    texts = {cell.text.strip() for cell in row.cells if cell.text.strip()}
    if len(texts) != 1 or width < 3:
        return None
    if len(row.cells) < width and not row.is_header:
        return None
    spanned = sum("spanned" in cell.flags for cell in row.cells)
    if spanned < len(row.cells) - 1:
        return None
    text = next(iter(texts))
    return None if read_number(text) is not None else text


def _section_class(label: str) -> str:
    stripped = _SECTION_WORDS.sub("", label).strip(" :-–")
    return stripped or label


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
        cell=read_race_cell(cell.text),
        column=column.column,
        line=cell.line,
        flags=cell.flags,
        notes=cell.notes,
    )
