"""The calendar: which rounds exist and how long each race is (the length picks a points band)."""

from __future__ import annotations

from wikiaudit.scraper.model import Table
from wikiaudit.validators.readers.labels import normalized, parse_hours, parse_int
from wikiaudit.validators.season import Race


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
    races: list[Race] = []
    for row in table.body_rows:
        texts = row.texts

        def text_at(column: int | None, texts: list[str] = texts) -> str:
            return texts[column] if column is not None and column < len(texts) else ""

        number = parse_int(text_at(round_col))
        if number is None:
            continue

        length = text_at(length_col)
        races.append(
            Race(
                round=number,
                name=text_at(race_col),
                circuit=text_at(circuit_col),
                length=length,
                hours=parse_hours(length) if length else None,
                line=row.line,
            )
        )
    return races
