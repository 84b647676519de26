"""Candidate scorings of a positions matrix, strongest evidence first.

Bases come from the article's points tables, the scales its sentences state, a ``--rules``
file, the points its race classifications pay, and, when the article states none, a scale
solved from the table (``fit.scale``). Each base is tried with what the table may also count:
its marks as bonuses (as stated, or none), numeric superscripts, a best-N rule (stated, or every
N the dropped scores could mean), points per meeting entered, the final meeting paid double, and
for a system of one band per kind of race (feature, sprint), one band per race of a meeting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from wikiaudit.validators.fit.profiles import (
    Profile,
    Scoring,
    figure,
    meeting_names,
    race_label,
)
from wikiaudit.validators.fit.scale import Equation, solve_scale
from wikiaudit.validators.readers.prose import ScoringClues
from wikiaudit.validators.season import PointsBand, PointsSystem, Race, Season, Standings

DEFAULT_MARKERS = {"bold": "pole", "italic": "fastest_lap", "*": "most_laps_led"}
"""Wikipedia's motorsport convention; an article's legend or a rules file may say otherwise."""
_EVENT_ROUND = re.compile(r"^(?:rd|round|rnd)\.?\s*(\d+)\b", re.IGNORECASE)


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


def candidates(
    season: Season, standings: Standings, context: Context, groups: list[Profile]
) -> Iterable[Scoring]:
    """Every scoring worth trying, strongest evidence first (``rank``)."""
    bases = list(_bases(season, standings, context))
    table = _TableFacts(
        marked_rows={
            mark: sum(any(mark in r.marks for r in p.results) for p in groups)
            for mark in _marks_present(groups)
        },
        superscripts=any(r.superscripts for p in groups for r in p.results),
        best_ofs=_best_ofs(standings, context, groups),
    )
    for rank, (label, system, certain) in enumerate(bases):
        for option, (scales, how) in enumerate(_scale_options(season, standings, system)):
            base = (f"{label}{how}", system, certain, rank * 2 + option)
            yield from _variants(season, standings, context, base, scales, table)
    if not any(certain for _, _, certain in bases) or not bases:
        inferred = _inferred(standings, groups, table.marks, table.best_ofs)
        if inferred is not None:
            yield inferred


@dataclass(frozen=True, slots=True)
class _TableFacts:
    """What the table shows that a scoring may count: marks, superscripts, dropped scores."""

    marked_rows: dict[str, int]
    """How many rows (row groups) show each mark."""
    superscripts: bool
    best_ofs: list[tuple[int | None, str]]

    @property
    def marks(self) -> set[str]:
        return set(self.marked_rows)


def _variants(
    season: Season,
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
    factor_options += _named_options(season, standings, context.clues, factor_options[0][0])
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
    sup_options = _superscript_options(system, scales) if table.superscripts else [(False, ())]
    unpriced = [
        mark
        for mark in sorted(table.marked_rows)
        if mark not in mark_bonus
        and markers.get(mark) not in stated
        and table.marked_rows[mark] >= SOLVED_MARK_ROWS
    ]
    for variant, (bonus, scorers_only) in enumerate(_bonus_variants(mark_bonus, unpriced)):
        solved = bool(set(bonus) - set(mark_bonus))
        for sup, sup_scale in sup_options:
            for best_of, best_label in table.best_ofs:
                for doubled, (factors, factor_label) in enumerate(factor_options):
                    text = _describe(label, system, bonus, sup, best_label, unmarked, scorers_only)
                    if solved:
                        text += " (mark value solved from the table)"
                    if sup_scale:
                        text += _scale_note(system, sup_scale)
                    if context.clues.shared is not None:
                        text += f", shared drives split (line {context.clues.shared.line})"
                    if event_bonus and not system.event_bonus:
                        text += f", +{figure(event_bonus)} per meeting entered"
                    yield Scoring(
                        description=text + factor_label,
                        scales=scales,
                        mark_bonus=bonus,
                        scorers_only=scorers_only,
                        superscripts=sup,
                        superscript_scale=sup_scale,
                        best_of=best_of or system.best_of,
                        event_bonus=event_bonus,
                        factors=factors,
                        unmarked=unmarked,
                        shared=context.clues.shared is not None,
                        solved_marks=solved,
                        certain=certain,
                        rank=rank * 100
                        + variant * 10
                        + (5 if sup or sup_scale else 0)
                        + bool(best_of)
                        + doubled,
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
    meetings = meeting_names(standings)
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


_PLAIN_WORDS = frozenset({"the", "of", "race", "round", "event", "meeting", "and", "at", "in"})


def named_races(season: Season, phrase: str) -> list[Race]:
    """The races of the calendar a phrase names (``the Indianapolis 500``): a race whose name
    (or circuit) holds every word of the phrase, or whose name's words all stand in it; none
    when it would name every race."""
    said = _significant(phrase)
    matched = [
        race
        for race in season.calendar
        if said
        and (
            said <= _significant(f"{race.name} {race.circuit}")
            or (_significant(race.name) and _significant(race.name) <= said)
        )
    ]
    return [] if len(matched) == len(season.calendar) else matched


def _named_options(
    season: Season, standings: Standings, clues: ScoringClues, factors: dict[str, float]
) -> list[tuple[dict[str, float], str]]:
    """The races the prose names as paying double (or half), each scored so, and all of them
    at once when there are several; only where the table's columns are the calendar's rounds.
    Two sentences naming one race count once."""
    rounds = [rc.round for rc in standings.rounds]
    if len(rounds) != len(season.calendar) or set(rounds) != {r.round for r in season.calendar}:
        return []
    named: dict[tuple[frozenset[int], float], str] = {}
    for said, factor, word in (
        (clues.double_named, 2.0, "double"),
        (clues.half_named, 0.5, "half"),
    ):
        for phrase, clue in said:
            races = named_races(season, phrase)
            key = (frozenset(race.round for race in races), factor)
            if races and key not in named:
                names = " and ".join(race.name or f"round {race.round}" for race in races)
                named[key] = f", {names} {word} (line {clue.line})"
    options = [(_times(standings, factors, *key), label) for key, label in named.items()]
    if len(named) > 1:
        every = dict(factors)
        for key in named:
            every = _times(standings, every, *key)
        options.append((every, "".join(named.values())))
    return options


def _times(
    standings: Standings, factors: dict[str, float], rounds: frozenset[int], factor: float
) -> dict[str, float]:
    """``factors`` with the races of these rounds paid ``factor`` times more."""
    changed = dict(factors)
    for order, column in enumerate(standings.rounds):
        if column.round in rounds:
            label = race_label(standings, column, order)
            changed[label] = changed.get(label, 1.0) * factor
    return changed


def _significant(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _PLAIN_WORDS)


def _stated_bonuses(context: Context, system: PointsSystem) -> dict[str, float]:
    stated = {name: points for name, (points, _) in context.clues.bonuses.items()}
    stated.update(context.legend_points)
    stated.update(system.bonuses)
    return {name: points for name, points in stated.items() if points}


def _markers(context: Context, system: PointsSystem) -> dict[str, str]:
    return {**DEFAULT_MARKERS, **context.legend_markers, **system.markers}


def _superscript_options(
    system: PointsSystem, scales: dict[str, tuple[float, ...]]
) -> list[tuple[bool, tuple[float, ...]]]:
    """How a table's superscripts may count: not at all, as points added (a power stage's
    bonus), or as the positions of a second race scored by a band of the points system that
    no race column uses (a sprint's 8-7-…-1, a sprint qualifying's 3-2-1)."""
    used = set(scales.values())
    spare = [
        scale
        for band in system.bands
        if (scale := tuple(float(p) for p in band.points)) not in used and scale
    ]
    return [(False, ()), (True, ()), *((False, scale) for scale in dict.fromkeys(spare))]


def _scale_note(system: PointsSystem, scale: tuple[float, ...]) -> str:
    band = next(b for b in system.bands if tuple(float(p) for p in b.points) == scale)
    return f", superscripts as {band.label} positions ({'-'.join(figure(p) for p in scale)})"


SOLVED_MARK_ROWS = 3
"""Rows a mark must stand in before its value may be solved from the table: one marked row
could be fitted to any wrong total."""


def _bonus_variants(
    mark_bonus: dict[str, float],
    unpriced: list[str] = (),  # type: ignore[assignment]
) -> list[tuple[dict[str, float], frozenset[str]]]:
    """The stated mark bonuses, none (a legend may name a mark that earns nothing), the
    bonuses with one mark's, or every mark's, paid only to a result that scores points (a
    fastest-lap point that goes only to a top-ten finisher), and, last, a mark the table uses
    but no text prices worth 1, 2 or 3 (a stock-car legend's ``*`` for laps led): (bonuses,
    marks paid to scorers only), weakest evidence last."""
    out: list[tuple[dict[str, float], frozenset[str]]] = [({}, frozenset())]
    if mark_bonus:
        marks = sorted(mark_bonus)
        restricted = [frozenset({mark}) for mark in marks]
        if len(marks) > 1:
            restricted.append(frozenset(marks))
        out = [(mark_bonus, frozenset()), *out, *((mark_bonus, r) for r in restricted)]
    for mark in unpriced:
        out += [({**mark_bonus, mark: float(value)}, frozenset()) for value in (1, 2, 3)]
    return out


def _marks_present(groups: list[Profile]) -> set[str]:
    return {mark for p in groups for r in p.results for mark in r.marks}


def _best_ofs(
    standings: Standings, context: Context, groups: list[Profile]
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
    scorers_only: frozenset[str] = frozenset(),
) -> str:
    scale = "-".join(figure(p) for p in system.bands[0].points) if system.bands else "?"
    if len(system.bands) > 1:
        scale = f"{len(system.bands)} bands ({system.bands[0].label}: {scale})"
    text = f"positions scored {scale} from {label}"
    if bonus:
        only = " (to a points finisher)"
        text += ", " + ", ".join(
            f"{mark} +{figure(points)}{only if mark in scorers_only else ''}"
            for mark, points in bonus.items()
        )
    if superscripts:
        text += ", superscript points added"
    if best_label or system.best_of:
        text += f", {best_label or f'best {system.best_of}'}"
    if system.event_bonus:
        text += f", +{figure(system.event_bonus)} per meeting entered"
    if unmarked:
        text += f" (up to {figure(unmarked)} unmarked bonus points per race allowed)"
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
        description += ", " + ", ".join(f"{m} +{figure(v)}" for m, v in bonus.items())
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
