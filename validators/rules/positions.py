"""A positions matrix's totals, recomputed from the finishing positions through the points system.

Most season articles print finishing positions per race and points only in the total, so the
total can only be checked by scoring every cell again: points for the position (per race
length or round where the system has bands, halved where a race paid half), the bonus a mark
earns (bold pole, italic fastest lap, ``*`` most laps led, as the article's legend says), and a
best-N-results rule that drops the weakest scores (printed ``42 (52)`` or in brackets). A team
whose cars take one row each, under one spanned total, is scored over all its rows.

The points system comes from the article's own table when it has one; otherwise, or for what
the article leaves unsaid (a best-N rule), from a ``--rules`` file. A mismatch against the
article's own table is an error in the article; against a rules file it is a warning, since
the file, not the article, is then the authority.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.matrix import CellResult, read_cell
from wikiaudit.validators.readers.points import read_legend, read_position_table
from wikiaudit.validators.rules.locate import standings_finding
from wikiaudit.validators.season import (
    PointsSystem,
    RaceValue,
    RoundColumn,
    Season,
    StandingRow,
    Standings,
)

DEFAULT_MARKERS = {"bold": "pole", "italic": "fastest_lap", "*": "most_laps_led"}
"""Wikipedia's motorsport convention; an article's legend or a rules file may say otherwise."""
_EVENT_ROUND = re.compile(r"^(?:rd|round|rnd)\.?\s*(\d+)\b", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:/|\n)\s*")


@dataclass(slots=True)
class RaceScore:
    """One race cell scored: what it says, and what it is worth."""

    race: str
    text: str
    position: int | None
    code: str | None
    points: float
    bonus: dict[str, float] = field(default_factory=dict)
    half: bool = False
    dropped: bool = False
    unread: bool = False

    @property
    def value(self) -> float:
        return self.points + sum(self.bonus.values())


@dataclass(slots=True)
class Recomputation:
    races: list[RaceScore]
    race_totals: dict[str, float]
    gross: float
    counted: float
    dropped: list[str]

    @property
    def bonus(self) -> float:
        return sum(sum(score.bonus.values()) for score in self.races)


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    article, legend_markers, legend_points = article_scoring(season)
    for standings in positions_tables(season):
        scoring = scoring_for(season, standings, article, legend_markers, legend_points)
        if scoring is None:
            findings.append(_unscored(standings))
            continue
        for rows in row_groups(standings):
            finding = _check_group(season, standings, rows, scoring)
            if finding is not None:
                findings.append(finding)
    return findings


def positions_tables(season: Season) -> list[Standings]:
    return [s for s in season.standings if s.matrix == "positions"]


def article_scoring(
    season: Season,
) -> tuple[PointsSystem | None, dict[str, str], dict[str, float]]:
    """The article's own points table, and what its legends say bold, italics and ``*`` mean."""
    points = season.points
    markers: dict[str, str] = {}
    bonus_points: dict[str, float] = {}
    for table in season.unclassified:
        if points is None:
            points = read_position_table(table)
        found_markers, found_points = read_legend(table)
        markers.update(found_markers)
        bonus_points.update(found_points)
    return points, markers, bonus_points


def scoring_for(
    season: Season,
    standings: Standings,
    article: PointsSystem | None,
    legend_markers: dict[str, str],
    legend_points: dict[str, float],
) -> PointsSystem | None:
    """The article's numbers first; the rules file for what it lacks or overrides for a table."""
    ruled = season.rules.scoring_for(standings.kind, standings.title) if season.rules else None
    targeted = bool(season.rules and ruled is not season.rules.default)
    if article is None or (targeted and ruled is not None):
        base = ruled
        if base is None:
            return None
        bonuses = base.bonuses if targeted else {**legend_points, **base.bonuses}
    else:
        base = article
        bonuses = {**legend_points, **article.bonuses}
        if ruled is not None and not bonuses:
            bonuses = ruled.bonuses
    markers = {**DEFAULT_MARKERS, **legend_markers, **(ruled.markers if ruled else {})}
    return replace(
        base,
        bonuses=bonuses,
        markers=markers,
        best_of=base.best_of or (ruled.best_of if ruled else None),
        half_points=base.half_points or (ruled.half_points if ruled else frozenset()),
        double_points=base.double_points or (ruled.double_points if ruled else frozenset()),
        event_bonus=base.event_bonus or (ruled.event_bonus if ruled else 0),
        source=base.source if base is ruled else _article_source(article, ruled, season),
    )


def _article_source(
    article: PointsSystem | None, ruled: PointsSystem | None, season: Season
) -> str:
    where = "the article's points table"
    if article is not None and article.table is not None:
        where += f" (line {article.line})"
    return f"{where} + {ruled.source}" if ruled is not None and season.rules else where


def row_groups(standings: Standings) -> list[list[StandingRow]]:
    """Rows scored together: a team's car rows share one spanned total."""
    groups: list[list[StandingRow]] = []
    for row in standings.rows:
        if row.total_spanned and groups:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def recompute(
    season: Season, standings: Standings, rows: list[StandingRow], scoring: PointsSystem
) -> Recomputation:
    races: list[RaceScore] = []
    race_totals: dict[str, float] = {}
    dropped_races: set[str] = set()
    for order, column in enumerate(standings.rounds):
        label = _race_label(standings, column, order)
        for row in rows:
            value = row.values.get(column.round)
            if value is None or not value.text.strip():
                continue
            for score in _score_cell(season, column, order, value, scoring, label):
                races.append(score)
                race_totals[label] = race_totals.get(label, 0.0) + score.value
                if score.dropped:
                    dropped_races.add(label)
    if scoring.event_bonus:
        for event in _events(standings, races):
            bonus = {"event": scoring.event_bonus}
            races.append(RaceScore(event, "entered", None, None, 0.0, bonus))
            race_totals[event] = race_totals.get(event, 0.0) + scoring.event_bonus
    gross = sum(race_totals.values())
    if scoring.best_of is not None and len(race_totals) > scoring.best_of:
        kept = sorted(race_totals.items(), key=lambda item: item[1], reverse=True)
        dropped_races = {label for label, _ in kept[scoring.best_of :]}
        counted = sum(points for _, points in kept[: scoring.best_of])
    else:
        counted = gross - sum(race_totals[label] for label in dropped_races)
    return Recomputation(
        races=races,
        race_totals=race_totals,
        gross=gross,
        counted=counted,
        dropped=sorted(dropped_races, key=list(race_totals).index),
    )


def _events(standings: Standings, races: list[RaceScore]) -> list[str]:
    """Meetings (runs of columns sharing a code, ``MAN MAN``) where the row has a result."""
    absent = (None, "WD", "DNA")  # DNS: qualified (usually), so the meeting counts
    entered = {score.race for score in races if score.position or score.code not in absent}
    events: dict[str, bool] = {}
    previous = None
    for order, column in enumerate(standings.rounds):
        if column.code != previous:
            event = f"{column.code} meeting {len(events) + 1}"
            events[event] = False
        previous = column.code
        events[event] = events[event] or _race_label(standings, column, order) in entered
    return [event for event, took_part in events.items() if took_part]


def _race_label(standings: Standings, column: RoundColumn, order: int) -> str:
    codes = [rc.code for rc in standings.rounds]
    if codes.count(column.code) > 1:
        return f"{column.code} #{codes[: order + 1].count(column.code)}"
    return column.code


def _score_cell(
    season: Season,
    column: RoundColumn,
    order: int,
    value: RaceValue,
    scoring: PointsSystem,
    label: str,
) -> list[RaceScore]:
    """Every result in a cell (a team cell may hold ``1 / 3``), scored."""
    parts = [p for p in _SPLIT.split(value.text.strip()) if p]
    scores = []
    for index, part in enumerate(parts):
        result = read_cell(part)
        if result is None:
            scores.append(RaceScore(label, part, None, None, 0.0, unread=True))
            continue
        half = _named(scoring.half_points, column, order, label)
        double = _named(scoring.double_points, column, order, label)
        factor = (0.5 if half else 1) * (2 if double else 1)
        points = _position_points(season, column, result, scoring) * factor
        marks = _marks(value, result) if index == 0 else set()
        bonus = {
            scoring.markers[mark]: scoring.bonuses[scoring.markers[mark]]
            for mark in sorted(marks)
            if mark in scoring.markers and scoring.markers[mark] in scoring.bonuses
        }
        scores.append(
            RaceScore(
                race=label,
                text=part,
                position=result.position,
                code=result.code,
                points=points,
                bonus=bonus,
                half=half,
                dropped=result.dropped,
            )
        )
    return scores


def _named(races: frozenset[str], column: RoundColumn, order: int, label: str) -> bool:
    return bool(races) and bool({column.code, label, str(order + 1)} & races)


def _position_points(
    season: Season, column: RoundColumn, result: CellResult, scoring: PointsSystem
) -> float:
    if result.position is None:
        return 0.0
    match = _EVENT_ROUND.match(column.code)
    event = int(match.group(1)) if match else column.round
    band = scoring.band_for_race(season.race(column.round), by_round=event)
    if band is None or result.position > len(band.points):
        return 0.0
    return float(band.points[result.position - 1])


def _marks(value: RaceValue, result: CellResult) -> set[str]:
    marks = {flag for flag in value.flags if flag in ("bold", "italic")}
    if "*" in result.marks or any("*" in note for note in value.notes):
        marks.add("*")
    return marks


def _check_group(
    season: Season, standings: Standings, rows: list[StandingRow], scoring: PointsSystem
) -> Finding | None:
    first = rows[0]
    published, published_gross = first.total_counted, first.total_gross
    if published is None:
        return None
    result = recompute(season, standings, rows, scoring)
    counted_ok = _same(result.counted, published)
    gross_ok = published_gross is None or _same(result.gross, published_gross)
    if counted_ok and gross_ok:
        return None
    expected = _figure(result.counted)
    if published_gross is not None or result.dropped:
        expected += f" ({_figure(result.gross)})"
    certain = scoring.source.startswith("the article") and not any(r.unread for r in result.races)
    return standings_finding(
        standings,
        first,
        rule="positions-total-mismatch",
        severity=Severity.ERROR if certain else Severity.WARNING,
        message=_message(first, result, scoring, published, published_gross),
        column=standings.total_column,
        column_label="Total",
        published=first.total_text,
        expected=expected,
        details=_details(result, scoring, first, published, published_gross, rows),
    )


def _same(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def _figure(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _message(
    row: StandingRow,
    result: Recomputation,
    scoring: PointsSystem,
    published: float,
    published_gross: float | None,
) -> str:
    terms = []
    for score in result.races:
        if not score.value and not score.unread:
            continue
        term = f"{score.race} {score.text}→{_figure(score.points)}"
        term += "".join(f"+{_figure(v)} {k.replace('_', ' ')}" for k, v in score.bonus.items())
        if score.half:
            term += " (half points)"
        if score.unread:
            term += " (unread)"
        terms.append(f"({term})" if score.race in result.dropped else term)
    shown = f"{_figure(published)}" + (
        f" ({_figure(published_gross)})" if published_gross is not None else ""
    )
    text = f"total {shown} does not match the positions: " + (" + ".join(terms) or "no points")
    text += f" = {_figure(result.gross)}"
    if result.dropped:
        rule = f"best {scoring.best_of}" if scoring.best_of else "bracketed results dropped"
        text += f"; {rule} → {_figure(result.counted)} counted"
    return text + f" (points from {scoring.source})"


def _details(
    result: Recomputation,
    scoring: PointsSystem,
    row: StandingRow,
    published: float,
    published_gross: float | None,
    rows: list[StandingRow],
) -> dict[str, Any]:
    return {
        "scoring": scoring.source,
        "positions": [
            {
                "race": s.race,
                "cell": s.text,
                "position": s.position,
                "code": s.code,
                "points": s.points,
                "bonus": s.bonus,
                "half_points": s.half,
                "bracketed": s.dropped,
                "unread": s.unread,
            }
            for s in result.races
        ],
        "bonus": result.bonus,
        "dropped": result.dropped,
        "best_of": scoring.best_of,
        "sum": result.gross,
        "counted": result.counted,
        "published": row.total_text,
        "published_counted": published,
        "published_gross": published_gross,
        "rows": [r.label for r in rows],
    }


def _unscored(standings: Standings) -> Finding:
    return Finding(
        rule="positions-unscored",
        severity=Severity.INFO,
        message=(
            "positions matrix not recomputed: the article has no points table; "
            "name the season's scoring with --rules FILE"
        ),
        table=standings.title,
        line=standings.table.line,
        table_index=standings.table.index,
        details={"matrix_reason": standings.matrix_reason},
    )
