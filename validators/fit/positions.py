"""How a positions matrix is scored: candidate scorings, and the one its rows support.

Most season articles print finishing positions per race and points only in the total, so a
total can only be checked by scoring every cell again. How to score is itself read, not
assumed: the candidates come from the article's points table, the sentences and legends around
the standings (``validators.readers.prose``), a ``--rules`` file, and, when the article prints
no scale, a scale solved from the table itself (``validators.fit.scale``). Each candidate may
add what the table shows beside the positions: marks as bonuses (bold pole, italic fastest lap,
``*`` laps led, the legend deciding), numeric superscripts (qualifying points), scores dropped
under a best-N rule (in brackets, or ``42 (52)`` totals), points per meeting entered. The
candidate that reconciles the most rows is the reading; its support decides whether the rows it
cannot reconcile are errors.

Bonuses the article names but the table does not mark (a point for leading the most laps, with
no mark for it) cannot be recomputed: a row whose total exceeds the recomputation by no more
than such bonuses could give is *consistent*, neither reconciled nor an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from wikiaudit.validators.fit.scale import Equation, solve_scale
from wikiaudit.validators.readers.cells import RaceCell, read_race_cell
from wikiaudit.validators.readers.prose import ScoringClues
from wikiaudit.validators.season import (
    Fit,
    PointsBand,
    PointsSystem,
    RoundColumn,
    Season,
    StandingRow,
    Standings,
)
from wikiaudit.validators.support import Support

DEFAULT_MARKERS = {"bold": "pole", "italic": "fastest_lap", "*": "most_laps_led"}
"""Wikipedia's motorsport convention; an article's legend or a rules file may say otherwise."""
_EVENT_ROUND = re.compile(r"^(?:rd|round|rnd)\.?\s*(\d+)\b", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:/|\n)\s*")
_NUMERIC_NOTE = re.compile(r"^\d{1,2}$")


@dataclass(frozen=True, slots=True)
class Result:
    """One result in a race cell (a team cell may hold two: ``1 / 3``)."""

    race: str
    order: int
    text: str
    cell: RaceCell
    marks: frozenset[str]
    superscripts: tuple[int, ...]
    meeting: str = ""
    """The meeting the race belongs to: a run of adjacent columns sharing a code."""

    @property
    def position(self) -> int | None:
        if self.cell.kind != "number":
            return None
        position = self.cell.position
        return position if position is not None and self.cell.value == position else None

    @property
    def unread(self) -> bool:
        return self.cell.kind == "text"


@dataclass(slots=True)
class Profile:
    """A row group (a team's car rows share one spanned total) as the scorer sees it."""

    rows: list[StandingRow]
    results: list[Result]
    counted: float | None
    gross: float | None

    @property
    def first(self) -> StandingRow:
        return self.rows[0]


@dataclass(frozen=True, slots=True)
class Scoring:
    """One candidate reading: points per position for each race, and what else counts."""

    description: str
    scales: dict[str, tuple[float, ...]]
    mark_bonus: dict[str, float] = field(default_factory=dict)
    superscripts: bool = False
    best_of: int | None = None
    event_bonus: float = 0
    factors: dict[str, float] = field(default_factory=dict)
    unmarked: float = 0
    """Bonus points per race the article names but the table does not mark (leeway, not sums)."""
    certain: bool = True
    rank: int = 0
    """Preference among candidates reconciling as many rows: lower is stronger evidence."""


@dataclass(slots=True)
class Outcome:
    counted: float
    gross: float
    race_values: dict[str, float]
    dropped: list[str]
    terms: list[str]
    unread: bool
    doubtful_events: int = 0
    """Meetings counted as entered only on a ``DNS``: the driver may not have qualified."""


@dataclass(slots=True)
class Mismatch:
    """A row group the chosen scoring cannot reconcile."""

    profile: Profile
    outcome: Outcome
    expected: str
    message: str
    details: dict[str, Any]


@dataclass(slots=True)
class Context:
    """What the article says about scoring, gathered once per season."""

    article: PointsSystem | None
    legend_markers: dict[str, str]
    legend_points: dict[str, float]
    clues: ScoringClues
    paid: tuple[float, ...] | None = None
    """The scale the article's race classifications pay (their Points column), if any."""
    more_tables: list[PointsSystem] = field(default_factory=list)
    """Points tables after the first (one for teams, one for a second championship)."""


def profiles(standings: Standings) -> list[Profile]:
    groups: list[list[StandingRow]] = []
    for row in standings.rows:
        if row.total_spanned and groups:
            groups[-1].append(row)
        else:
            groups.append([row])
    meetings = _meeting_names(standings)
    out = []
    for rows in groups:
        results = []
        for order, column in enumerate(standings.rounds):
            label = race_label(standings, column, order)
            for row in rows:
                value = row.values.get(column.round)
                if value is None or value.is_blank:
                    continue
                parts = [p for p in _SPLIT.split(value.text.strip()) if p] or [value.text]
                marks = {f for f in value.flags if f in ("bold", "italic")}
                if "*" in value.cell.marks or any("*" in note for note in value.notes):
                    marks.add("*")
                superscripts = tuple(
                    int(note) for note in value.notes if _NUMERIC_NOTE.match(note.strip())
                )
                for index, part in enumerate(parts):
                    results.append(
                        Result(
                            race=label,
                            order=order,
                            text=part,
                            cell=read_race_cell(part) if len(parts) > 1 else value.cell,
                            marks=frozenset(marks) if index == 0 else frozenset(),
                            superscripts=superscripts if index == 0 else (),
                            meeting=meetings[order],
                        )
                    )
        first = rows[0]
        out.append(Profile(rows, results, first.total_counted, first.total_gross))
    return out


def _meeting_names(standings: Standings) -> list[str]:
    """``MAN MAN KAR KAR ... MAN MAN``: the first and last ``MAN`` are two meetings."""
    names: list[str] = []
    previous = None
    count = 0
    for column in standings.rounds:
        if column.code != previous:
            count += 1
            previous = column.code
        names.append(f"{column.code} meeting {count}")
    return names


def race_label(standings: Standings, column: RoundColumn, order: int) -> str:
    codes = [rc.code for rc in standings.rounds]
    if codes.count(column.code) > 1:
        return f"{column.code} #{codes[: order + 1].count(column.code)}"
    return column.code


def evaluate(scoring: Scoring, profile: Profile) -> Outcome:
    race_values: dict[str, float] = {}
    bracketed: set[str] = set()
    terms: list[str] = []
    unread = False
    for result in profile.results:
        if result.unread:
            unread = True
            terms.append(f"{result.race} {result.text} (unread)")
            continue
        scale = scoring.scales.get(result.race, ())
        position = result.position
        points = float(scale[position - 1]) if position and position <= len(scale) else 0.0
        factor = scoring.factors.get(result.race, 1.0)
        points *= factor
        bonus = sum(scoring.mark_bonus.get(mark, 0) for mark in result.marks)
        if scoring.superscripts:
            bonus += sum(result.superscripts)
        value = points + bonus
        race_values[result.race] = race_values.get(result.race, 0.0) + value
        if result.cell.bracketed:
            bracketed.add(result.race)
        if value:
            term = f"{result.race} {result.text}→{_figure(points)}"
            if bonus:
                term += f"+{_figure(bonus)} bonus"
            terms.append(term)
    doubtful = 0
    if scoring.event_bonus:
        for meeting, certain in _meetings_entered(profile):
            race_values[meeting] = race_values.get(meeting, 0.0) + scoring.event_bonus
            terms.append(f"{meeting} entered +{_figure(scoring.event_bonus)}")
            doubtful += not certain
    adjustment = sum(row.adjustment for row in profile.rows)
    if adjustment:
        terms.append(f"adjustment {_figure(adjustment)}")
    gross = sum(race_values.values())
    if scoring.best_of is not None and len(race_values) > scoring.best_of:
        kept = sorted(race_values.items(), key=lambda item: item[1], reverse=True)
        dropped = [label for label, _ in kept[scoring.best_of :] if race_values[label]]
        counted = sum(points for _, points in kept[: scoring.best_of])
    else:
        dropped = sorted(bracketed)
        counted = gross - sum(race_values[label] for label in dropped)
    return Outcome(
        counted + adjustment, gross + adjustment, race_values, dropped, terms, unread, doubtful
    )


def _meetings_entered(profile: Profile) -> list[tuple[str, bool]]:
    """Meetings where the row has a result, and whether it surely took part (a meeting with
    only ``DNS``/``DNQ`` may or may not have counted as entered)."""
    absent = (None, "WD", "DNA", "—")
    doubtful = ("DNS", "DNQ", "DNPQ")
    meetings: dict[str, bool] = {}
    for result in profile.results:
        if result.position is None and result.cell.code in absent:
            continue
        surely = result.position is not None or result.cell.code not in doubtful
        meetings[result.meeting] = meetings.get(result.meeting, False) or surely
    return list(meetings.items())


def reconciles(scoring: Scoring, profile: Profile, outcome: Outcome) -> str | None:
    """``"exact"``, ``"consistent"`` (within unmarked bonuses) or None (a mismatch)."""
    published = profile.counted
    if published is None:
        return None
    gross_ok = profile.gross is None or _same(outcome.gross, profile.gross)
    if _same(outcome.counted, published) and gross_ok:
        return "exact"
    if outcome.doubtful_events and scoring.event_bonus:
        over = outcome.counted - published
        steps = over / scoring.event_bonus
        if 0 < steps <= outcome.doubtful_events and abs(steps - round(steps)) < 1e-9:
            return "consistent"
    if scoring.unmarked:
        raced = sum(1 for r in profile.results if r.position is not None)
        residual = published - outcome.counted
        if 0 < residual <= scoring.unmarked * raced + 1e-9:
            return "consistent"
    if outcome.unread and profile.results:
        return "consistent"  # an unread cell may hold the difference; reported at its cell
    return None


def fit_positions(season: Season, standings: Standings, context: Context) -> Fit | None:
    """The best-supported scoring of a positions matrix; None when nothing can score it."""
    groups = [p for p in profiles(standings) if _informative(p)]
    candidates = list(_candidates(season, standings, context, groups))
    if not candidates:
        return None
    scored = [(_support(candidate, groups), candidate) for candidate in candidates]
    best_count = max(count for count, _ in scored)
    support_count, chosen = min(
        ((count, candidate) for count, candidate in scored if count == best_count),
        key=lambda item: item[1].rank,
    )
    checked = len(groups)
    mismatches = []
    for profile in groups:
        outcome = evaluate(chosen, profile)
        if reconciles(chosen, profile, outcome) is None:
            mismatches.append(_mismatch(chosen, profile, outcome))
    support = Support(
        support_count,
        checked,
        examples=tuple(
            f"{m.profile.first.label} {m.profile.first.total_text} vs {m.expected}"
            for m in mismatches[:3]
        ),
    )
    return Fit(chosen.description, support, mismatches, certain=chosen.certain)


def _informative(profile: Profile) -> bool:
    """A row worth checking: a numeric total, and some result (an empty zero row says nothing)."""
    if profile.counted is None:
        return False
    return bool(profile.results) or profile.counted != 0


def _support(scoring: Scoring, groups: list[Profile]) -> int:
    return sum(reconciles(scoring, p, evaluate(scoring, p)) is not None for p in groups)


# ---------------------------------------------------------------------------- candidates


def _candidates(
    season: Season, standings: Standings, context: Context, groups: list[Profile]
) -> Iterable[Scoring]:
    """Every scoring worth trying, strongest evidence first (``rank``)."""
    bases = list(_bases(season, standings, context))
    table = _TableFacts(
        marks=_marks_present(groups),
        superscripts=any(r.superscripts for p in groups for r in p.results),
        best_ofs=_best_ofs(season, standings, context, groups),
    )
    for rank, (label, system, certain) in enumerate(bases):
        for option, (scales, how) in enumerate(_scale_options(season, standings, system)):
            base = (f"{label}{how}", system, certain, rank * 2 + option)
            yield from _variants(standings, context, base, scales, table)
    if not any(certain for _, _, certain in bases) or not bases:
        inferred = _inferred(standings, groups, table.marks, table.best_ofs)
        if inferred is not None:
            yield inferred


@dataclass(frozen=True, slots=True)
class _TableFacts:
    """What the table shows that a scoring may count: marks, superscripts, dropped scores."""

    marks: set[str]
    superscripts: bool
    best_ofs: list[tuple[int | None, str]]


def _variants(
    standings: Standings,
    context: Context,
    base: tuple[str, PointsSystem, bool, int],
    scales: dict[str, tuple[float, ...]],
    table: _TableFacts,
) -> Iterable[Scoring]:
    """One base scale with every combination of what else the table may count."""
    label, system, certain, rank = base
    factor_options = [(_factors(standings, system), "")]
    if context.clues.double_last is not None and not system.double_points:
        doubled = _double_last_meeting(standings, factor_options[0][0])
        line = context.clues.double_last.line
        factor_options.append((doubled, f", last meeting double (line {line})"))
    stated = _stated_bonuses(context, system)
    markers = _markers(context, system)
    mark_bonus = {
        mark: stated[meaning]
        for mark, meaning in markers.items()
        if mark in table.marks and meaning in stated
    }
    unmarked = sum(
        points
        for meaning, points in stated.items()
        if meaning not in {markers.get(mark) for mark in table.marks}
    )
    event = context.clues.event_bonus[0] if context.clues.event_bonus else 0.0
    event_bonus = system.event_bonus or event
    for variant, bonus in enumerate(_bonus_variants(mark_bonus)):
        for sup in (False, True) if table.superscripts else (False,):
            for best_of, best_label in table.best_ofs:
                for doubled, (factors, factor_label) in enumerate(factor_options):
                    text = _describe(label, system, bonus, sup, best_label, unmarked)
                    if event_bonus and not system.event_bonus:
                        text += f", +{_figure(event_bonus)} per meeting entered"
                    yield Scoring(
                        description=text + factor_label,
                        scales=scales,
                        mark_bonus=bonus,
                        superscripts=sup,
                        best_of=best_of or system.best_of,
                        event_bonus=event_bonus,
                        factors=factors,
                        unmarked=unmarked,
                        certain=certain,
                        rank=rank * 100 + variant * 10 + int(sup) * 5 + bool(best_of) + doubled,
                    )


def _bases(
    season: Season, standings: Standings, context: Context
) -> Iterable[tuple[str, PointsSystem, bool]]:
    """Scales the article or the user states: (description, system, stated by the article)."""
    ruled = season.rules.scoring_for(standings.kind, standings.title) if season.rules else None
    targeted = bool(season.rules and ruled is not season.rules.default)
    if ruled is not None and targeted:
        yield f"{ruled.source}", ruled, True
    if context.article is not None:
        where = "the article's points table"
        if context.article.table is not None:
            where += f" (line {context.article.line})"
        yield where, context.article, True
    for system in context.more_tables:
        yield f"the article's points table (line {system.line})", system, True
    if ruled is not None and not targeted:
        yield f"{ruled.source}", ruled, True
    for scale, clue in context.clues.scales:
        band = PointsBand(label="prose", points=scale)
        system = PointsSystem(bands=[band], table=None, line=clue.line, source="prose")
        yield f"the article's text (line {clue.line})", system, True
    if context.paid:
        band = PointsBand(label="classifications", points=tuple(context.paid))  # type: ignore[arg-type]
        system = PointsSystem(bands=[band], table=None, line=0, source="classifications")
        yield "the points the article's race classifications pay", system, True


def _scale_options(
    season: Season, standings: Standings, system: PointsSystem
) -> Iterable[tuple[dict[str, tuple[float, ...]], str]]:
    """The scale of each race: by the band its length or round picks; and, for a system of as
    many bands as a meeting has races (feature and sprint race), band by race of the meeting."""
    if (scales := _scales_by_race(season, standings, system)) is not None:
        yield scales, ""
    meetings = _meeting_names(standings)
    sizes = {meetings.count(name) for name in meetings}
    if len(system.bands) > 1 and sizes == {len(system.bands)}:
        by_race: dict[str, tuple[float, ...]] = {}
        seen: dict[str, int] = {}
        for order, column in enumerate(standings.rounds):
            index = seen.get(meetings[order], 0)
            seen[meetings[order]] = index + 1
            band = system.bands[index]
            by_race[race_label(standings, column, order)] = tuple(float(p) for p in band.points)
        labels = " / ".join(band.label for band in system.bands)
        yield by_race, f", one band per race of a meeting ({labels})"


def _scales_by_race(
    season: Season, standings: Standings, system: PointsSystem
) -> dict[str, tuple[float, ...]] | None:
    scales: dict[str, tuple[float, ...]] = {}
    for order, column in enumerate(standings.rounds):
        match = _EVENT_ROUND.match(column.code)
        event = int(match.group(1)) if match else column.round
        band = system.band_for_race(season.race(column.round), by_round=event)
        if band is None:
            band = system.bands[0] if system.bands else None
        if band is None:
            return None
        scales[race_label(standings, column, order)] = tuple(float(p) for p in band.points)
    return scales


def _factors(standings: Standings, system: PointsSystem) -> dict[str, float]:
    factors: dict[str, float] = {}
    for order, column in enumerate(standings.rounds):
        label = race_label(standings, column, order)
        names = {column.code, label, str(order + 1)}
        factor = 1.0
        if names & system.half_points:
            factor *= 0.5
        if names & system.double_points:
            factor *= 2
        if factor != 1.0:
            factors[label] = factor
    return factors


def _double_last_meeting(standings: Standings, factors: dict[str, float]) -> dict[str, float]:
    """The races of the last meeting (the run of columns sharing the last code) paid double."""
    doubled = dict(factors)
    columns = list(enumerate(standings.rounds))
    last_code = columns[-1][1].code if columns else None
    for order, column in reversed(columns):
        if column.code != last_code:
            break
        label = race_label(standings, column, order)
        doubled[label] = doubled.get(label, 1.0) * 2
    return doubled


def _stated_bonuses(context: Context, system: PointsSystem) -> dict[str, float]:
    stated = {name: points for name, (points, _) in context.clues.bonuses.items()}
    stated.update(context.legend_points)
    stated.update(system.bonuses)
    return {name: points for name, points in stated.items() if points}


def _markers(context: Context, system: PointsSystem) -> dict[str, str]:
    return {**DEFAULT_MARKERS, **context.legend_markers, **system.markers}


def _bonus_variants(mark_bonus: dict[str, float]) -> list[dict[str, float]]:
    """The stated mark bonuses, and none: a legend may name a mark that earns nothing."""
    return [mark_bonus, {}] if mark_bonus else [{}]


def _marks_present(groups: list[Profile]) -> set[str]:
    return {mark for p in groups for r in p.results for mark in r.marks}


def _best_ofs(
    season: Season, standings: Standings, context: Context, groups: list[Profile]
) -> list[tuple[int | None, str]]:
    """No best-N rule, the rules the article states, and (when the table shows dropped scores
    but states no N) every N the table could mean."""
    options: list[tuple[int | None, str]] = [(None, "")]
    races = len(standings.rounds)
    for n, clue in context.clues.best_of:
        if 0 < n < races and (n, f"best {n} (line {clue.line})") not in options:
            options.append((n, f"best {n} (line {clue.line})"))
    for n, clue in context.clues.drop_worst:
        if 0 < n < races:
            options.append((races - n, f"worst {n} dropped (line {clue.line})"))
    shows_drops = any(p.gross is not None for p in groups) or any(
        r.cell.bracketed for p in groups for r in p.results
    )
    if shows_drops and len(options) == 1:
        options += [(n, f"best {n} (from the dropped scores)") for n in range(2, races)]
    return options


def _describe(
    label: str,
    system: PointsSystem,
    bonus: dict[str, float],
    superscripts: bool,
    best_label: str,
    unmarked: float,
) -> str:
    scale = "-".join(_figure(p) for p in system.bands[0].points) if system.bands else "?"
    if len(system.bands) > 1:
        scale = f"{len(system.bands)} bands ({system.bands[0].label}: {scale})"
    text = f"positions scored {scale} from {label}"
    if bonus:
        text += ", " + ", ".join(f"{mark} +{_figure(points)}" for mark, points in bonus.items())
    if superscripts:
        text += ", superscript points added"
    if best_label or system.best_of:
        text += f", {best_label or f'best {system.best_of}'}"
    if system.event_bonus:
        text += f", +{_figure(system.event_bonus)} per meeting entered"
    if unmarked:
        text += f" (up to {_figure(unmarked)} unmarked bonus points per race allowed)"
    return text


def _inferred(
    standings: Standings,
    groups: list[Profile],
    marks_present: set[str],
    best_ofs: list[tuple[int | None, str]],
) -> Scoring | None:
    """A scale solved from the table (no points table, no stated scale)."""
    best_of = next((n for n, label in best_ofs if n and "line" in label), None)
    equations = []
    for profile in groups:
        positions = [r for r in profile.results if r.position is not None]
        if best_of is not None and len(positions) > best_of:
            if profile.gross is None:
                continue
            total = profile.gross
        else:
            if any(r.cell.bracketed for r in profile.results) and profile.gross is None:
                continue
            total = profile.gross if profile.gross is not None else profile.counted
        if total is None or any(r.unread for r in profile.results):
            continue
        counts: dict[int, int] = {}
        marks: dict[str, int] = {}
        for result in positions:
            counts[result.position] = counts.get(result.position, 0) + 1  # type: ignore[index]
            for mark in result.marks:
                marks[mark] = marks.get(mark, 0) + 1
        equations.append(Equation(counts, marks, total))
    solved = solve_scale(equations, sorted(marks_present))
    if solved is None or not solved.points or solved.points[0] == 0:
        return None
    unknowns = len(solved.points) + sum(1 for v in solved.marks.values() if v)
    if len(equations) < max(1.5 * unknowns, unknowns + 5):
        return None  # nearly as many unknowns as rows: a scale fits them by construction
    scale = tuple(float(p) for p in solved.points)
    bonus = {mark: float(v) for mark, v in solved.marks.items() if v}
    labels = [race_label(standings, c, i) for i, c in enumerate(standings.rounds)]
    text = "-".join(str(p) for p in solved.points)
    description = f"positions scored {text}, a scale solved from this table"
    if bonus:
        description += ", " + ", ".join(f"{m} +{_figure(v)}" for m, v in bonus.items())
    if best_of:
        description += f", best {best_of}"
    return Scoring(
        description=description,
        scales=dict.fromkeys(labels, scale),
        mark_bonus=bonus,
        best_of=best_of,
        certain=False,
        rank=10_000,
    )


# ---------------------------------------------------------------------------- reporting


def _mismatch(scoring: Scoring, profile: Profile, outcome: Outcome) -> Mismatch:
    expected = _figure(outcome.counted)
    if profile.gross is not None or outcome.dropped:
        expected += f" ({_figure(outcome.gross)})"
    shown = _figure(profile.counted or 0)
    if profile.gross is not None:
        shown += f" ({_figure(profile.gross)})"
    terms = " + ".join(outcome.terms) or "no points"
    message = f"total {shown} does not match the positions: {terms} = {_figure(outcome.gross)}"
    if outcome.dropped:
        message += f"; {', '.join(outcome.dropped)} dropped → {_figure(outcome.counted)} counted"
    message += f" ({scoring.description})"
    details = {
        "scoring": scoring.description,
        "race_points": outcome.race_values,
        "dropped": outcome.dropped,
        "sum": outcome.gross,
        "counted": outcome.counted,
        "published": profile.first.total_text,
        "rows": [r.label for r in profile.rows],
    }
    return Mismatch(profile, outcome, expected, message, details)


def _same(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def _figure(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
