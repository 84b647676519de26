"""pandera schemas for the column rules of each table kind.

The schemas are built per season, because what a race column may hold depends on the season's
own points system and on each race's length: a 2h45 race allows ``{20, 16, 13, ...}`` and a
12-hour race ``{24, 20, 17, ...}``. Validation is lazy so that every failing cell is reported,
and each pandera failure case becomes a located ``Finding``.

pandera and pandas are imported inside the functions: the CLI's ``--help`` must not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from validators.season import Season, Standings

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa


def standings_frame(standings: Standings) -> pd.DataFrame:
    """One row per standings row (indexed by its position in the list), text cells, blanks None."""
    import pandas as pd

    records = []
    for row in standings.rows:
        record: dict[str, Any] = {"Pos": row.position if row.position is not None else None}
        for rc in standings.rounds:
            value = row.values.get(rc.round or 0)
            record[column_key(standings, rc.round or 0)] = _cell_value(value.text if value else "")
        record["Total"] = _cell_value(row.total_text)
        records.append(record)
    return pd.DataFrame.from_records(records, columns=_columns(standings))


def _cell_value(text: str) -> int | str | None:
    """Numbers as ints so one bad cell fails coercion alone; text kept for the failure report."""
    stripped = text.strip()
    if not stripped:
        return None
    return int(stripped) if stripped.lstrip("-").isdigit() else stripped


def column_key(standings: Standings, round_number: int) -> str:
    """Column names must be unique even when a round code repeats (two races at one venue)."""
    order = next(i for i, rc in enumerate(standings.rounds) if (rc.round or 0) == round_number)
    code = standings.rounds[order].code
    earlier = sum(1 for rc in standings.rounds[:order] if rc.code == code)
    return code if earlier == 0 else f"{code}#{earlier + 1}"


def _columns(standings: Standings) -> list[str]:
    return ["Pos", *(column_key(standings, rc.round or 0) for rc in standings.rounds), "Total"]


def standings_schema(season: Season, standings: Standings) -> pa.DataFrameSchema:
    import pandera.pandas as pa

    columns: dict[str, pa.Column] = {
        "Pos": pa.Column("Int64", pa.Check.ge(1), nullable=True, coerce=True),
        "Total": pa.Column("Int64", pa.Check.ge(0), nullable=True, coerce=True),
    }
    for rc in standings.rounds:
        checks = [pa.Check.ge(0)]
        allowed = allowed_points(season, rc.round or 0)
        if allowed is not None:
            checks.append(pa.Check.isin(sorted(allowed)))
        columns[column_key(standings, rc.round or 0)] = pa.Column(
            "Int64", checks, nullable=True, coerce=True
        )
    return pa.DataFrameSchema(columns, name=standings.title)


def allowed_points(season: Season, round_number: int) -> set[int] | None:
    """What the points system can give in a round (0 always allowed), None when unknown."""
    if season.points is None:
        return None
    race = season.race(round_number)
    band = season.points.band_for(race.hours if race else None)
    if band is None:
        return None
    return {0, *band.points}


def failure_cases(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> list[dict[str, Any]]:
    """pandera's cell-level failure cases as plain records (empty when the frame is valid).

    Column-level cases (whose ``index`` is not a row) restate a cell-level one and are dropped.
    """
    import pandera.pandas as pa

    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        return [
            record
            for record in cases.to_dict("records")
            if isinstance(record.get("index"), int) and not _is_dtype_echo(record)
        ]
    return []


def _is_dtype_echo(record: dict[str, Any]) -> bool:
    """pandera reports a failed coercion twice (coerce_dtype and dtype); keep the first."""
    return str(record.get("check", "")).startswith("dtype(")
