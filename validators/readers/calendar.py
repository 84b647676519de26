"""The calendar: which rounds exist, how long each race is (the length picks a points band),
and who won each race where the calendar says (a ``Winning driver`` column)."""

from __future__ import annotations

import re

from wikiaudit.scraper.model import Name, Table
from wikiaudit.validators.readers.cells import read_number
from wikiaudit.validators.readers.labels import normalized, parse_hours
from wikiaudit.validators.season import Race

_WINNER = (
    "winning driver",
    "winning drivers",
    "winning rider",
    "winner",
    "race winner",
    "winning driver s",
    "winners",
    "winning riders",
    "winning crew",
)


_CALLED_OFF = re.compile(r"\b(?:cancell?ed|postponed|called off)\b", re.I)
"""A calendar row for a date that was not raced: ``Fuji (cancelled)``, a struck-out row's note."""


def _column(header: list[str], *names: str) -> int | None:
    labels = [normalized(label) for label in header]
    for name in names:
        for index, label in enumerate(labels):
            if label == name or label.startswith(name + " "):
                return index
    return None


def read_calendar(table: Table) -> list[Race]:
    header = table.header
    round_col = _column(header, "rnd", "round", "rd", "no")
    race_col = _column(header, "race", "event", "race name", "grand prix")
    circuit_col = _column(header, "circuit", "track", "venue")
    length_col = _column(header, "length", "distance", "duration")
    winner_col = next((i for i, label in enumerate(header) if normalized(label) in _WINNER), None)
    races: list[Race] = []
    numbered = [  # (round number, called off) of every row, in order
        (int(n), bool(_CALLED_OFF.search(" ".join(row.texts))))
        for row in table.rows
        if not row.is_header
        and round_col is not None
        and round_col < len(row.texts)
        and (n := read_number(row.texts[round_col])) is not None
        and n == int(n)
    ]
    raced = {n for n, off in numbered if not off}
    seen: dict[int, int] = {}
    for row_index, row in enumerate(table.rows):
        if row.is_header:
            continue
        texts = row.texts

        def text_at(column: int | None, texts: list[str] = texts) -> str:
            return texts[column] if column is not None and column < len(texts) else ""

        number = read_number(text_at(round_col))
        if number is None or number != int(number) or number < 0:
            continue
        seen[int(number)] = seen.get(int(number), 0) + 1
        if _CALLED_OFF.search(" ".join(texts)) and (
            int(number) in raced or seen[int(number)] < sum(n == int(number) for n, _ in numbered)
        ):
            continue  # a called-off date with a later row of the same number: one round

        length = text_at(length_col)
        winners: tuple[Name, ...] = ()
        winner_line = 0
        if winner_col is not None and winner_col < len(row.cells):
            cell = row.cells[winner_col]
            winners = cell.names or ((Name(cell.text),) if cell.text.strip() else ())
            winner_line = cell.line or row.line
        races.append(
            Race(
                round=int(number),
                name=text_at(race_col),
                circuit=text_at(circuit_col),
                length=length,
                hours=parse_hours(length) if length else None,
                line=row.line,
                winners=winners,
                winner_line=winner_line,
                winner_cell=(row_index, winner_col) if winner_col is not None else None,
            )
        )
    return races
