"""Reading the small pieces of text that tables are made of: numbers, lengths, round lists."""

from __future__ import annotations

import re
import sys
from functools import lru_cache

_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBER_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_INT = re.compile(r"^[+-]?\d+$")
_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b", re.IGNORECASE)
_MINUTES = re.compile(r"(\d+)\s*(?:minutes?|mins?|m)\b", re.IGNORECASE)
_RANGE = re.compile(r"^(\d+)\s*[-–—]\s*(\d+)$")


@lru_cache(maxsize=4096)
def parse_int(text: str) -> int | None:
    """A whole number as written in a cell: ``-5`` or ``−5`` (U+2212, the minus Wikipedia's
    style asks for), ``٣`` as 3 (``int`` reads any Unicode decimal digit); None for anything
    else, including more digits than ``int()`` will read (issue #14: that was a crash)."""
    text = text.strip().replace("\u2212", "-")
    if not _INT.match(text) or len(text) > (sys.get_int_max_str_digits() or len(text)):
        return None
    return int(text)


def is_numberish(text: str) -> bool:
    return parse_int(text) is not None


def words_to_numbers(text: str) -> str:
    """``between four and eight hours`` -> ``between 4 and 8 hours``."""
    return re.sub(
        r"[A-Za-z]+",
        lambda m: str(_NUMBER_WORDS.get(m.group(0).lower(), m.group(0))),
        text,
    )


def parse_hours(text: str) -> float | None:
    """Race length in hours: ``2 Hours 45 Minutes`` -> 2.75, ``1000 mi or 10 Hours`` -> 10."""
    text = words_to_numbers(text)
    hours = _HOURS.search(text)
    minutes = _MINUTES.search(text)
    if not hours and not minutes:
        return None
    total = float(hours.group(1)) if hours else 0.0
    if minutes:
        total += int(minutes.group(1)) / 60
    return total


def parse_rounds(text: str, all_rounds: frozenset[int]) -> frozenset[int] | None:
    """``1, 3–5, 10`` -> {1,3,4,5,10}; ``All`` -> every round; None when it is not a list."""
    text = text.strip()
    if text.lower() in {"all", "all rounds"}:
        return all_rounds
    rounds: set[int] = set()
    for part in re.split(r"\s*,\s*", text):
        if not part:
            continue
        value = parse_int(part)
        span = _RANGE.match(part)
        if value is not None:
            rounds.add(value)
        elif span:
            low, high = int(span.group(1)), int(span.group(2))
            if low > high or high - low > 100:
                return None
            rounds.update(range(low, high + 1))
        else:
            return None
    return frozenset(rounds) or None


@lru_cache(maxsize=16384)
def normalized(label: str) -> str:
    return _NOT_WORD.sub(" ", label.lower()).strip()


_NOT_WORD = re.compile(r"[^a-z0-9]+")
