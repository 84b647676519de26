"""Is a standings table a points matrix or a positions matrix? Both readings are fitted.

The two look alike (small numbers in race columns, a total at the end) but are checked
differently: a points matrix is summed, a positions matrix is scored through the season's
points system. Neither is assumed from the series or the layout: both readings are fitted to the
rows, and the one that reconciles more of them is the table's reading. When neither reconciles
a clear majority, the table is ``unknown`` and reported once, with both supports, and nothing in
it is recomputed.
"""

from __future__ import annotations

from wikiaudit.validators.fit.positions import Context, fit_positions
from wikiaudit.validators.fit.totals import fit_totals
from wikiaudit.validators.season import Fit, Season, Standings
from wikiaudit.validators.support import MIN_ROWS, VALUES_LEAST, Support

_VALUES_REASON = "every race cell is a value the points system gives"


def read_matrix(season: Season, standings: Standings, context: Context) -> None:
    """Decide the table's matrix kind and attach its fitted reading (``standings.fit``)."""
    if not standings.rounds:
        standings.matrix = "totals"
        standings.matrix_reason = "no race columns: only totals are printed"
        return
    sums = fit_totals(standings, context.clues)
    if sums.support.checked == 0:
        standings.matrix = "unknown"
        standings.matrix_reason = "no row has both race cells and a numeric total"
        return
    positions = None
    if not sums.fits or _looks_like_positions(standings):  # a fitting sum leaves no doubt
        positions = fit_positions(season, standings, context)
    sum_count = sums.support.reconciled
    position_count = positions.support.reconciled if positions is not None else -1
    if sums.support.share > 0.5 and sum_count >= position_count:
        _set(standings, "points", sums, f"race cells sum to the total in {sums.support}")
    elif position_count <= sum_count and (values := _values_of(season, standings)):
        _set(standings, "points", sums, _VALUES_REASON)
        if sums.support.checked < MIN_ROWS and values >= VALUES_LEAST:
            # too few rows to vouch for the reading: its cells do (``support.VALUES_LEAST``)
            standings.fit = Fit(
                f"{sums.description} (each of its {values} race values a value of the points "
                "system)",
                Support(values, values, "race values", least=VALUES_LEAST),
                sums.mismatches,
            )
    elif positions is not None and position_count > sum_count and positions.support.share > 0.5:
        _set(standings, "positions", positions, f"{positions.description}: {positions.support}")
    else:
        standings.matrix = "unknown"
        tried = [f"as points (sums): {sums.support}"]
        if positions is not None:
            tried.append(f"as positions ({positions.description}): {positions.support}")
        else:
            tried.append(
                "as positions: no points system to score them with (the article states none "
                "and none could be solved from the table; name one with --rules FILE)"
            )
        standings.matrix_reason = "could not read the race cells " + "; ".join(tried)
        standings.fit = positions if positions is not None and position_count > sum_count else sums


def _set(standings: Standings, kind: str, fit: Fit, reason: str) -> None:
    standings.matrix = kind  # type: ignore[assignment]
    standings.matrix_reason = reason
    standings.fit = fit


def _looks_like_positions(standings: Standings) -> bool:
    """Result codes or ordinals in the race cells: worth trying the positions reading."""
    for row in standings.rows:
        for value in row.values.values():
            if value.cell.kind == "code" and value.cell.code not in (None, "—"):
                return True
            if value.text.strip()[-2:].lower() in ("st", "nd", "rd", "th"):
                return True
    return False


def _values_of(season: Season, standings: Standings) -> int:
    """How many non-zero race cells there are when every one is a value the article's points
    system gives in its round (0 otherwise): the cells are then points even where few totals
    add up (a small table with a wrong total)."""
    if season.points is None:
        return 0
    seen = 0
    for row in standings.rows:
        for value in row.values.values():
            if value.is_blank or value.cell.kind == "code":
                continue
            if value.cell.kind != "number" or value.cell.value is None:
                return 0
            band = season.points.band_for_race(season.race(value.round))
            if value.cell.value and (band is None or value.cell.value not in band.points):
                return 0
            seen += bool(value.cell.value)
    return seen


def pool_small_tables(standings_list: list[Standings]) -> None:
    """A table whose own rows cannot support its reading borrows the support of the article's
    other tables read the same way (the same matrix kind and the same reading): an article
    scores its standings one way, so its drivers' table vouches for the reading of its
    constructors' or a two-team class's table. A table joins only when a clear part of its own
    rows agree (more than half of a small table, two thirds of a larger one); its mismatches
    stay its own."""
    groups: dict[tuple[str, str], list[Standings]] = {}
    for standings in standings_list:
        if standings.fit is not None and standings.matrix in ("points", "positions"):
            key = (standings.matrix, standings.fit.description)
            groups.setdefault(key, []).append(standings)
    for group in groups.values():
        members = [s for s in group if s.fit is not None and _may_join(s, s.fit)]
        if len(members) < 2:
            continue
        reconciled = sum(s.fit.support.reconciled for s in members if s.fit)
        checked = sum(s.fit.support.checked for s in members if s.fit)
        for standings in members:
            fit = standings.fit
            if fit is None or fit.fits:
                continue
            pooled = Support(reconciled, checked, fit.support.unit, fit.support.examples)
            standings.fit = Fit(
                f"{fit.description} (as {len(members)} tables of the article read: {pooled}; "
                f"this table alone: {fit.support})",
                pooled,
                fit.mismatches,
                fit.certain,
            )


def _may_join(standings: Standings, fit: Fit) -> bool:
    """Whether a table's own rows back the shared reading enough to borrow its support: more
    than half of a small table's rows (or, for a points matrix, every cell a value of the
    points system, which says the cells are points whatever its totals do), two thirds of a
    larger one's."""
    own = fit.support
    if not own.checked:
        return False
    if own.checked < MIN_ROWS:
        return own.reconciled * 2 > own.checked or standings.matrix_reason == _VALUES_REASON
    return own.reconciled * 3 >= own.checked * 2
