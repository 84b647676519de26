"""``--rules FILE`` read defensively: a rules file is user input like the article.

``validators.rulesfile`` turns a rules document into a :class:`RuleSet`; it trusts the values'
types and sizes, and some of them are only used deep inside the audit, where a wrong one
crashes (``float("x")``, ``int(inf)``, ``1e308 + 1e308``). This module stands in front of it:
the file must be a regular file of UTF-8 TOML, every number in it finite and of a size points,
hours or rounds could have, and every known key of the kind ``rulesfile`` expects; anything
else is one :class:`InputError` line naming the key. (The checks belong in ``rulesfile`` itself;
they live here until that module, being rewritten, can take them.)
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.files import is_missing, read_regular

MAX_RULES_BYTES = 1024 * 1024
#: No points value, race length in hours or round number comes near this.
MAX_NUMBER = 1_000_000


def load_rules_checked(path: Path) -> Any:
    """The :class:`RuleSet` a ``--rules`` value names, or a one-line error.

    A bare name that is not a file is a shipped ruleset, looked up by ``rulesfile`` itself.
    """
    from wikiaudit.validators import rulesfile

    if path.parent == Path() and is_missing(path):
        return rulesfile.load_rules(path)
    raw = read_regular(path, "rules file", max_bytes=MAX_RULES_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"rules file {path}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset "
            f"{error.start}); save it as UTF-8"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"rules file {path} is not valid TOML: {error}") from None
    except RecursionError:
        raise InputError(f"rules file {path} is not valid TOML: nested too deeply") from None
    except ValueError as error:  # an integer of more than 4,300 digits
        raise InputError(f"rules file {path} is not valid TOML: {str(error)[:80]}") from None
    check_rules_document(data, str(path))
    try:
        return rulesfile.parse_rules(data, str(path))
    except (TypeError, ValueError, OverflowError, AttributeError, KeyError) as error:
        raise InputError(f"rules file {path}: {error}") from None


def check_rules_document(data: dict[str, Any], source: str) -> None:
    """Refuse values ``rulesfile`` would trust: odd numbers anywhere, wrong kinds where known."""
    _check_numbers(data, source)
    scoring = data.get("scoring")
    if isinstance(scoring, dict):
        _check_scoring(scoring, source, "[scoring]")
    overrides = data.get("override", [])
    if not isinstance(overrides, list):
        raise InputError(f"rules file {source}: 'override' must be [[override]] tables")
    for number, override in enumerate(overrides, start=1):
        if isinstance(override, dict):
            _check_scoring(override, source, f"[[override]] #{number}")


def _check_numbers(data: Any, source: str) -> None:
    """Every number finite and within :data:`MAX_NUMBER` (iteratively: TOML nests)."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{where}.{key}" if where else str(key), v) for key, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            usable = abs(value) <= MAX_NUMBER  # before isfinite, which floats huge integers
            if not (usable and math.isfinite(value)):
                shown = repr(value) if isinstance(value, float) else _whole_shown(value)
                raise InputError(
                    f"rules file {source}: {where} = {shown} is not a usable number "
                    f"(finite, at most {MAX_NUMBER:,})"
                )


def _whole_shown(value: int) -> str:
    """An integer for a message; one of thousands of digits is not printed (nor convertible)."""
    if abs(value) < 10**18:
        return str(value)
    return f"an integer of {int(value.bit_length() * 0.30103) + 1} digits"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _list_of(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, list) and all(check(item) for item in value)


def _table_of(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, dict) and all(check(item) for item in value.values())


def _race(value: Any) -> bool:
    return isinstance(value, str) or _is_whole(value)


#: What each known key must hold, and how a message says it.
_KINDS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "points": (_list_of(_is_number), "a list of numbers"),
    "best_of": (_is_whole, "a whole number"),
    "event_bonus": (_is_number, "a number"),
    "bonus": (_table_of(_is_number), "a table of numbers"),
    "markers": (_table_of(lambda v: isinstance(v, str)), "a table of bonus names"),
    "half_points": (_list_of(_race), "a list of race codes or numbers"),
    "double_points": (_list_of(_race), "a list of race codes or numbers"),
    "match": (lambda v: isinstance(v, str), "text"),
    "bands": (_list_of(lambda v: isinstance(v, dict)), "a list of [[scoring.bands]] tables"),
}
_BAND_KINDS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "points": (_list_of(_is_number), "a list of numbers"),
    "min_hours": (_is_number, "a number"),
    "max_hours": (_is_number, "a number"),
    "rounds": (_list_of(_is_whole), "a list of round numbers"),
    "label": (lambda v: isinstance(v, str), "text"),
}


def _check_scoring(table: dict[str, Any], source: str, where: str) -> None:
    _check_kinds(table, _KINDS, source, where)
    for number, band in enumerate(table.get("bands", []), start=1):
        _check_kinds(band, _BAND_KINDS, source, f"{where} band #{number}")


def _check_kinds(
    table: dict[str, Any],
    kinds: dict[str, tuple[Callable[[Any], bool], str]],
    source: str,
    where: str,
) -> None:
    for key, (check, kind) in kinds.items():
        if key in table and not check(table[key]):
            raise InputError(f"rules file {source}: {where} '{key}' must be {kind}")
