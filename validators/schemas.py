"""pandera schemas for the column rules of each table kind.

The schemas are built per season, because what a race column may hold depends on the season's
own points system and on each race's length: a 2h45 race allows ``{20, 16, 13, ...}`` and a
12-hour race ``{24, 20, 17, ...}``. Validation is lazy so that every failing cell is reported,
and each pandera failure case becomes a located ``Finding``.

pandera and pandas are imported inside the functions: the CLI's ``--help`` must not pay for them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Hashable
from typing import TYPE_CHECKING, Any

from wikiaudit.validators.season import Season, StandingRow, Standings

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa


def standings_frame(standings: Standings, rounds: Collection[int] | None = None) -> pd.DataFrame:
    """One row per standings row (indexed by its position in the list): the numbers its cells
    read as (``readers.cells``); blanks, codes and text are missing values here, because text
    is reported at its cell by ``rules.schema`` and codes are results, not values.

    ``rounds``: only these race columns (None: all). The standings rules are column by column,
    so a column left out would add no failure case of its own: ``rules.schema`` hands pandera
    only the columns a plain check finds fault with."""
    import pandas as pd

    keys = _kept(column_keys(standings), rounds)
    return pd.DataFrame.from_records(
        _standings_records(standings, keys), columns=["Pos", *keys.values()]
    )


def _kept(keys: dict[int, str], rounds: Collection[int] | None) -> dict[int, str]:
    return keys if rounds is None else {r: name for r, name in keys.items() if r in rounds}


def _standings_records(standings: Standings, keys: dict[int, str]) -> list[dict[str, Any]]:
    records = []
    for row in standings.rows:
        record: dict[str, Any] = {"Pos": row.position}
        for round_number, name in keys.items():
            value = row.values.get(round_number)
            number = value.cell.value if value is not None and value.cell.kind == "number" else None
            record[name] = number
        records.append(record)
    return records


def column_keys(standings: Standings) -> dict[int, str]:
    """Round -> frame column name, in column order, made once per table.

    Names must be unique even when a round code repeats (two races at one venue): the second
    ``SEB`` is ``SEB#2``.
    """
    keys: dict[int, str] = {}
    seen: Counter[str] = Counter()
    for rc in standings.rounds:
        seen[rc.code] += 1
        keys[rc.round] = rc.code if seen[rc.code] == 1 else f"{rc.code}#{seen[rc.code]}"
    return keys


def standings_schema(
    standings: Standings, allowed: dict[int, set[float]], rounds: Collection[int] | None = None
) -> pa.DataFrameSchema:
    """Positions are 1 or more; each race value is one ``allowed`` gives for its round
    (``rounds``: only these race columns, as in ``standings_frame``)."""
    import pandera.pandas as pa

    columns: dict[str, pa.Column] = {
        "Pos": pa.Column("Int64", pa.Check.ge(1), nullable=True, coerce=True),
    }
    keys = _kept(column_keys(standings), rounds)
    for round_number, name in keys.items():
        columns[name] = pa.Column(
            float, pa.Check.isin(sorted(allowed[round_number])), nullable=True, coerce=True
        )
    return pa.DataFrameSchema(columns, name=standings.title)


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


# --- Column rules of the other table kinds --------------------------------------------------
#
# Each frame carries hidden ``_line`` and ``_label`` columns (ignored by the non-strict
# schemas) so that a failure case's index leads back to the source row it came from.

_NON_EMPTY = {"min_value": 1}


def calendar_frame(season: Season) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame.from_records(_calendar_records(season), columns=_CALENDAR_COLUMNS)


_CALENDAR_COLUMNS = ["Rnd", "Race", "Circuit", "Hours", "_line", "_label"]


def _calendar_records(season: Season) -> list[dict[str, Any]]:
    return [
        {
            "Rnd": race.round,
            "Race": race.name or None,
            "Circuit": race.circuit or None,
            "Hours": race.hours,
            "_line": race.line,
            "_label": f"round {race.round}",
        }
        for race in season.calendar
    ]


def calendar_schema(season: Season) -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "Rnd": pa.Column("Int64", [pa.Check.ge(1)], coerce=True),
            "Race": pa.Column(str, pa.Check.str_length(**_NON_EMPTY), nullable=True),
            # required where the calendar has a circuit column (some name only the race)
            "Circuit": pa.Column(
                str,
                pa.Check.str_length(**_NON_EMPTY),
                nullable=not any(race.circuit for race in season.calendar),
            ),
            "Hours": pa.Column(
                float, pa.Check.gt(0), nullable=not _bands_by_length(season), coerce=True
            ),
        },
        name="calendar",
    )


def _bands_by_length(season: Season) -> bool:
    """Race lengths matter only when the points system's bands are keyed by length: some band
    names a length (``Less than four hours``) and none names rounds (``Rounds 2 - 5``); bands
    named for a kind of race (feature, sprint) need no length."""
    bands = season.points.bands if season.points else []
    by_length = any(band.min_hours is not None or band.max_hours is not None for band in bands)
    return len(bands) > 1 and by_length and all(band.rounds is None for band in bands)


def points_frame(season: Season) -> pd.DataFrame:
    import pandas as pd

    records, columns = _points_records(season)
    return pd.DataFrame.from_records(records, columns=columns)


def _points_records(season: Season) -> tuple[list[dict[str, Any]], list[str]]:
    bands = season.points.bands if season.points else []
    width = max((len(band.points) for band in bands), default=0)
    records = []
    for band in bands:
        record: dict[str, Any] = {f"P{i + 1}": None for i in range(width)}
        record.update({f"P{i + 1}": value for i, value in enumerate(band.points)})
        record["Limits"] = band.min_hours is not None or band.max_hours is not None
        record["_line"], record["_label"] = band.line, band.label
        records.append(record)
    return records, [*(f"P{i + 1}" for i in range(width)), "Limits", "_line", "_label"]


def points_schema(season: Season, frame: pd.DataFrame) -> pa.DataFrameSchema:
    import pandera.pandas as pa

    places = [column for column in frame.columns if column.startswith("P")]
    # a band may pay fewer places than another (a sprint race's shorter scale): blank is fine
    columns: dict[str, pa.Column] = {
        place: pa.Column("Int64", pa.Check.ge(0), nullable=True, coerce=True) for place in places
    }
    if _bands_by_length(season):
        columns["Limits"] = pa.Column(bool, pa.Check.isin([True], name="band length readable"))

    def non_increasing(df: pd.DataFrame) -> pd.Series:
        steps = df[places].astype("float").diff(axis=1).iloc[:, 1:]
        return ((steps <= 0) | steps.isna()).all(axis=1)

    decreasing = pa.Check(non_increasing, name="points do not increase with position")
    return pa.DataFrameSchema(columns, checks=[decreasing] if places else [], name="points")


def results_frame(season: Season) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame.from_records(_results_records(season), columns=_RESULTS_COLUMNS)


_RESULTS_COLUMNS = ["Rnd", "Class", "Car", "Team", "Drivers", "_line", "_label"]


def _results_records(season: Season) -> list[dict[str, Any]]:
    return [
        {
            "Rnd": r.round,
            "Class": r.cls,
            "Car": r.car,
            "Team": r.team.text or None,
            "Drivers": len(r.drivers),
            "_line": r.line,
            "_label": f"round {r.round} {r.cls}",
        }
        for r in season.results
    ]


def _in_calendar(season: Season) -> list[pa.Check]:
    """A round column's check: the round is one of the calendar's (none without a calendar)."""
    import pandera.pandas as pa

    rounds = sorted(race.round for race in season.calendar)
    return [pa.Check.isin(rounds, name="round in the calendar")] if rounds else []


def _class_column(season: Season) -> pa.Column:
    """A known class, when the entry list gives classes; a season without classes (most
    single-class series) names none in its entry list."""
    import pandera.pandas as pa

    if any(entry.cls for entry in season.entries):
        return pa.Column(str, pa.Check.isin(season.classes, name="known class"))
    return pa.Column(str, nullable=True)


def results_schema(season: Season) -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "Rnd": pa.Column("Int64", _in_calendar(season), coerce=True),
            "Class": _class_column(season),
            "Car": pa.Column(str, pa.Check.str_matches(r"^\d+$", name="car number"), nullable=True),
            "Team": pa.Column(str, pa.Check.str_length(**_NON_EMPTY), nullable=False),
            "Drivers": pa.Column(int, pa.Check.ge(1, name="winning drivers listed")),
        },
        unique=["Rnd", "Class"],
        name="results",
    )


def entries_frame(season: Season) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame.from_records(_entries_records(season), columns=_ENTRIES_COLUMNS)


_ENTRIES_COLUMNS = ["Class", "Team", "Driver", "First", "Last", "_line", "_label"]


def _entries_records(season: Season) -> list[dict[str, Any]]:
    return [
        {
            "Class": e.cls or None,
            "Team": e.team.text if e.team else None,
            "Driver": e.driver.text or None,
            "First": min(e.rounds) if e.rounds else None,
            "Last": max(e.rounds) if e.rounds else None,
            "_line": e.line,
            "_label": e.driver.text,
        }
        for e in season.entries
    ]


def entries_schema(season: Season) -> pa.DataFrameSchema:
    import pandera.pandas as pa

    in_calendar = _in_calendar(season)
    return pa.DataFrameSchema(
        {
            "Class": _class_column(season),
            "Team": pa.Column(str, pa.Check.str_length(**_NON_EMPTY), nullable=False),
            "Driver": pa.Column(str, pa.Check.str_length(**_NON_EMPTY), nullable=False),
            "First": pa.Column("Int64", in_calendar, nullable=True, coerce=True),
            "Last": pa.Column("Int64", in_calendar, nullable=True, coerce=True),
        },
        name="entry list",
    )


def names_frame(standings_list: list[Standings], indices: list[int]) -> pd.DataFrame:
    """The name columns of standings tables of one kind, in one frame (``_table`` tells them
    apart): validating them together costs one pandera run, not one per table. Their values
    are ``standings_schema``'s job.

    A team's second car under the team's spanned name and total (constructors' standings) is
    the same entry continued, not the name listed twice, so it is left out.
    """
    import pandas as pd

    columns = ["Name", "Team", "Car", "_table", "_line", "_label"]
    return pd.DataFrame.from_records(_names_records(standings_list, indices), columns=columns)


def _names_records(standings_list: list[Standings], indices: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "Name": row.name.text or None,
            "Team": " / ".join(t.text for t in row.teams) or None,
            "Car": row.car or None,
            "_table": index,
            "_line": row.line,
            "_label": row.name.text,
        }
        for index in indices
        for standings in [standings_list[index]]
        for previous, row in zip([None, *standings.rows], standings.rows, strict=False)
        if not _continues(previous, row)
    ]


def _continues(previous: StandingRow | None, row: StandingRow) -> bool:
    return previous is not None and previous.name.text == row.name.text and row.total_spanned


def names_schema(kind: str, *, team_column: bool) -> pa.DataFrameSchema:
    """A name is given and appears once per table (once per car where the table lists a car
    number: a team of two cars has two rows); a driver's team is given where the table has a
    team column (Formula One drivers' standings have none)."""
    import pandera.pandas as pa

    columns = {"Name": pa.Column(str, pa.Check.str_length(**_NON_EMPTY), nullable=False)}
    if team_column:
        columns["Team"] = pa.Column(str, pa.Check.str_length(**_NON_EMPTY), nullable=False)
    return pa.DataFrameSchema(columns, name=f"{kind} standings", unique=["_table", "Name", "Car"])


Build = Callable[[], tuple["pd.DataFrame", "pa.DataFrameSchema"]]


def validated(build: Build) -> list[dict[str, Any]]:
    """pandera's failure cases for a frame and its schema (none for an empty frame)."""
    frame, schema = build()
    return [] if frame.empty else failure_cases(schema, frame)


# --- Failure cases remembered within one history walk ---------------------------------------
#
# ``audit history`` audits revisions that differ in one cell, and pandera is most of an audit's
# time: a frame whose values are unchanged, checked by a schema built from unchanged inputs,
# fails in the same cells. Each key below holds the frame's records (lines and labels included)
# and everything its schema function reads besides the frame: keep a key in step with its
# schema. The memo is passed in by the caller and lives for one walk, never in this module:
# results must not depend on what else the process audited (issue 10). ``validators.memo``
# holds the memo and ``remembered``.


def _rows(records: list[dict[str, Any]]) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(record.items()) for record in records)


def standings_key(
    standings: Standings, allowed: dict[int, set[float]], rounds: Collection[int] | None = None
) -> Hashable:
    """``standings_frame``'s records and ``standings_schema``'s inputs: title, columns, values."""
    keys = _kept(column_keys(standings), rounds)
    columns = tuple(
        (keys[rc.round], frozenset(allowed[rc.round]))
        for rc in standings.rounds
        if rc.round in keys
    )
    return ("standings", standings.title, columns, _rows(_standings_records(standings, keys)))


def calendar_key(season: Season) -> Hashable:
    """The records decide ``nullable`` of ``Circuit``; the points bands that of ``Hours``."""
    return ("calendar", _bands_by_length(season), _rows(_calendar_records(season)))


def points_key(season: Season) -> Hashable:
    records, columns = _points_records(season)
    return ("points", _bands_by_length(season), tuple(columns), _rows(records))


def _season_inputs(season: Season) -> tuple[Hashable, ...]:
    """What the results and entries schemas read besides their frame: the calendar's rounds,
    the classes, and whether the entry list gives any."""
    return (
        tuple(race.round for race in season.calendar),
        tuple(season.classes),
        any(entry.cls for entry in season.entries),
    )


def results_key(season: Season) -> Hashable:
    return ("results", *_season_inputs(season), _rows(_results_records(season)))


def entries_key(season: Season) -> Hashable:
    return ("entries", *_season_inputs(season), _rows(_entries_records(season)))


def names_key(
    standings_list: list[Standings], indices: list[int], kind: str, *, team_column: bool
) -> Hashable:
    return ("names", kind, team_column, _rows(_names_records(standings_list, indices)))
