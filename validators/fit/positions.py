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

from dataclasses import dataclass
from typing import Any

from wikiaudit.validators.fit.candidates import DEFAULT_MARKERS, Context, candidates
from wikiaudit.validators.fit.profiles import (
    Outcome,
    Profile,
    Scoring,
    evaluate,
    figure,
    profiles,
    reconciles,
)
from wikiaudit.validators.fit.reach import note, split_beyond_reach
from wikiaudit.validators.season import Fit, Season, Standings
from wikiaudit.validators.support import Support

__all__ = ["DEFAULT_MARKERS", "Context", "Mismatch", "fit_positions", "profiles"]


@dataclass(slots=True)
class Mismatch:
    """A row group the chosen scoring cannot reconcile."""

    profile: Profile
    outcome: Outcome
    expected: str
    message: str
    details: dict[str, Any]


def fit_positions(season: Season, standings: Standings, context: Context) -> Fit | None:
    """The best-supported scoring of a positions matrix; None when nothing can score it."""
    groups = [p for p in profiles(standings) if _informative(p)]
    options = list(candidates(season, standings, context, groups))
    if not options:
        return None
    scored = [(_support(candidate, groups), candidate) for candidate in options]
    best_count = max(count for count, _ in scored)
    support_count, chosen = min(
        ((count, candidate) for count, candidate in scored if count == best_count),
        key=lambda item: item[1].rank,
    )
    groups, beyond = split_beyond_reach(
        groups, lambda p: p.counted, lambda p: _most_possible(chosen, p)
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
    return Fit(chosen.description + note(beyond), support, mismatches, certain=chosen.certain)


def _most_possible(scoring: Scoring, profile: Profile) -> float:
    """What the row would score winning every race with every bonus (each of its cars, for a
    team whose cars share one total): no total can be more."""
    per_race_bonus = sum(scoring.mark_bonus.values()) + scoring.unmarked
    per_race_bonus += max(scoring.superscript_scale, default=0.0)
    if scoring.superscripts:
        per_race_bonus += max((s for r in profile.results for s in r.superscripts), default=0)
    cars = {race: sum(r.race == race for r in profile.results) for race in scoring.scales}
    most = sum(
        (max(scale, default=0.0) * scoring.factors.get(race, 1.0) + per_race_bonus)
        * max(cars[race], 1)
        for race, scale in scoring.scales.items()
    )
    meetings = len({r.meeting for r in profile.results})
    adjustment = sum(row.adjustment for row in profile.rows)
    return most + scoring.event_bonus * meetings + max(adjustment, 0.0)


def _informative(profile: Profile) -> bool:
    """A row worth checking: a numeric total, and some result (an empty zero row says nothing)."""
    if profile.counted is None:
        return False
    return bool(profile.results) or profile.counted != 0


def _support(scoring: Scoring, groups: list[Profile]) -> int:
    if scoring.solved_marks:  # a guessed mark value earns support only by exact totals
        return sum(reconciles(scoring, p, evaluate(scoring, p)) == "exact" for p in groups)
    return sum(reconciles(scoring, p, evaluate(scoring, p)) is not None for p in groups)


# ---------------------------------------------------------------------------- candidates


# ---------------------------------------------------------------------------- reporting


def _mismatch(scoring: Scoring, profile: Profile, outcome: Outcome) -> Mismatch:
    expected = figure(outcome.counted)
    if profile.gross is not None or outcome.dropped:
        expected += f" ({figure(outcome.gross)})"
    shown = figure(profile.counted or 0)
    if profile.gross is not None:
        shown += f" ({figure(profile.gross)})"
    terms = " + ".join(outcome.terms) or "no points"
    message = f"total {shown} does not match the positions: {terms} = {figure(outcome.gross)}"
    if outcome.dropped:
        message += f"; {', '.join(outcome.dropped)} dropped → {figure(outcome.counted)} counted"
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
