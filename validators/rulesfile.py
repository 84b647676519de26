"""Reading a ``--rules FILE``: the scoring of a season whose article prints no points table.

Positions matrices can only be checked through a points system. When the article has none, the
user names one in a small TOML file, so that nothing about any series lives in Python::

    description = "1990 CART PPG IndyCar World Series"   # and a comment citing the source

    [scoring]
    points = [20, 16, 14, 12, 10, 8, 6, 5, 4, 3, 2, 1]   # 1st, 2nd, ...
    best_of = 11                  # optional: best N results count (0: all, to undo in an override)
    half_points = ["AUS", 3]      # optional: races (column code or race number) paid half
    double_points = [11, 12]      # optional: races paid double
    event_bonus = 5               # optional: points per meeting entered (for qualifying)
    bonus = { pole = 1, most_laps_led = 1 }              # optional
    markers = { bold = "pole", "*" = "most_laps_led" }   # optional: what marks mean

    [[scoring.bands]]             # optional, instead of ``points``: by round or race length
    label = "Rounds 2 - 5"
    rounds = [2, 3, 4, 5]
    points = [100, 92, 86]

    [[override]]                  # optional: another scoring for some tables
    match = "team"                # a table kind (driver/team) or a piece of the table title
    best_of = 5                   # keys not given are inherited from [scoring]

Shipped files for the real pages in ``../shared/real`` live in ``validators/rulesets/``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from wikiaudit.scraper.errors import InputError
from wikiaudit.validators.season import PointsBand, PointsSystem, RuleSet

RULESETS = Path(__file__).with_name("rulesets")
_BONUSES = {"pole", "fastest_lap", "most_laps_led", "led_lap", "win"}
_MARKS = {"bold", "italic", "*"}
_KEYS = {
    "points",
    "bands",
    "best_of",
    "half_points",
    "double_points",
    "event_bonus",
    "bonus",
    "markers",
    "match",
}


def load_rules(path: Path | str) -> RuleSet:
    """The rules named by a file; a name without a folder is looked up in the shipped rulesets."""
    path = Path(path)
    if not path.exists() and path.parent == Path():
        shipped = RULESETS / (path.name if path.suffix else f"{path.name}.toml")
        if shipped.exists():
            path = shipped
        else:
            names = ", ".join(sorted(p.stem for p in RULESETS.glob("*.toml")))
            raise InputError(f"no rules file {path} (shipped rulesets: {names})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read rules file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"rules file {path} is not valid TOML: {error}") from None
    return parse_rules(data, str(path))


def parse_rules(data: dict[str, Any], source: str) -> RuleSet:
    base = data.get("scoring")
    if not isinstance(base, dict):
        raise InputError(f"rules file {source}: needs a [scoring] table")
    default = _scoring(base, source, "[scoring]")
    overrides = []
    for number, override in enumerate(data.get("override", []), start=1):
        where = f"[[override]] #{number}"
        if not isinstance(override, dict) or not isinstance(override.get("match"), str):
            raise InputError(f"rules file {source}: {where} needs a 'match' string")
        merged = {**base, **override}
        if "bands" in override:
            merged.pop("points", None)
        elif "points" in override:
            merged.pop("bands", None)
        overrides.append((override["match"], _scoring(merged, source, where)))
    return RuleSet(
        path=source,
        default=default,
        overrides=overrides,
        description=str(data.get("description", "")),
    )


def _scoring(data: dict[str, Any], source: str, where: str) -> PointsSystem:
    unknown = set(data) - _KEYS
    if unknown:
        raise InputError(f"rules file {source}: {where} has unknown keys {sorted(unknown)}")
    bands = [_band(band, source, where) for band in data.get("bands", [])]
    if "points" in data:
        bands.insert(0, PointsBand(label="Points", points=_points(data["points"], source, where)))
    if not bands:
        raise InputError(f"rules file {source}: {where} gives neither 'points' nor 'bands'")
    bonus = data.get("bonus", {})
    markers = data.get("markers", {})
    if not isinstance(bonus, dict) or set(bonus) - _BONUSES:
        raise InputError(f"rules file {source}: {where} bonus names must be among {_BONUSES}")
    if not isinstance(markers, dict) or set(markers) - _MARKS or set(markers.values()) - _BONUSES:
        raise InputError(f"rules file {source}: {where} markers map {_MARKS} to bonus names")
    best_of = data.get("best_of")
    if best_of is not None and (not isinstance(best_of, int) or best_of < 0):
        raise InputError(f"rules file {source}: {where} best_of must be a whole number, 0 = all")
    return PointsSystem(
        bands=bands,
        table=None,
        line=0,
        bonuses={name: float(value) for name, value in bonus.items()},
        markers=dict(markers),
        best_of=best_of or None,
        half_points=frozenset(str(race) for race in data.get("half_points", [])),
        double_points=frozenset(str(race) for race in data.get("double_points", [])),
        event_bonus=float(data.get("event_bonus", 0)),
        source=f"rules file {Path(source).name}",
    )


def _band(data: Any, source: str, where: str) -> PointsBand:
    if not isinstance(data, dict) or "points" not in data:
        raise InputError(f"rules file {source}: {where} each band needs 'points'")
    rounds = data.get("rounds")
    return PointsBand(
        label=str(data.get("label", "Points")),
        points=_points(data["points"], source, where),
        min_hours=data.get("min_hours"),
        max_hours=data.get("max_hours"),
        rounds=frozenset(int(r) for r in rounds) if rounds is not None else None,
    )


def _points(values: Any, source: str, where: str) -> tuple[int, ...]:
    if not isinstance(values, list) or not values:
        raise InputError(f"rules file {source}: {where} 'points' must be a list of numbers")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        raise InputError(f"rules file {source}: {where} 'points' must be a list of numbers")
    return tuple(values)
