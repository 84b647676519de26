"""Deciding when two written names are the same person or team, and splitting merged names.

Tables of one article spell the same entrant differently (accents, a typo, a dropped ``s``), so
cross-table checks cannot compare names as strings. They cannot use a bare similarity score
either: ``Dario Franchitti``/``Marino Franchitti`` or ``Angel Benitez Jr.``/``Sr.`` score as
high as a real typo. A person's name is therefore compared word by word: the names must have
the same shape, differ in exactly one word, and that word must be a near-identical spelling
(rapidfuzz ratio ≥ ``PERSON_WORD_RATIO``). Generational suffixes never count as a typo.

The thresholds are pinned by ``tests/test_drift.py``: ``Acheverria``/``Echeverria`` scores 90,
while the closest pair of distinct given names there (``Jon``/``John``) scores 85.7 and
``Dario``/``Marino`` 72.7, so 88 separates them with a margin on both sides. Team names are
compared whole: ``NGT Motorsport``/``NGT Motorsports`` scores 96.6, while distinct teams with a
shared generic word (``JDX Racing``/``GMG Racing``) stay at or below 80.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz
from wikiaudit.scraper.model import Name

PERSON_WORD_RATIO = 88.0
TEAM_RATIO = 90.0
#: Longer than any person's or team's name: such strings are not compared (issue #14: fuzzy
#: matching a megabyte cell against every name took seconds per comparison).
MAX_NAME_CHARS = 200
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PUNCT = re.compile(r"[^\w\s/&]+")
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Case, accents and punctuation removed: ``Jörg Müller`` and ``Jorg Muller`` fold alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", plain.casefold()).split())


def same_name(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def person_drift(a: str, b: str) -> bool:
    """Two different spellings of one person (never two people sharing a surname)."""
    if a == b or len(a) > MAX_NAME_CHARS or len(b) > MAX_NAME_CHARS:
        return False
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    wa, wb = fa.split(), fb.split()
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    differing = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    if x in SUFFIXES or y in SUFFIXES or x.isdigit() or y.isdigit():
        return False
    return fuzz.ratio(x, y) >= PERSON_WORD_RATIO


def person_drift_pairs(names: Iterable[str]) -> list[tuple[str, str]]:
    """Every pair (a < b) of ``names`` that ``person_drift`` joins, without trying all pairs.

    Two spellings of one person differ in exactly one word, so they share the rest of the name
    with that word left out; grouping by that remainder compares only such candidates, which
    keeps a season's few hundred names from costing tens of thousands of comparisons.
    """
    buckets: dict[tuple[int, int, tuple[str, ...]], set[str]] = defaultdict(set)
    for name in names:
        if len(name) > MAX_NAME_CHARS:  # its words would make quadratic buckets
            continue
        words = fold(name).split()
        buckets[(0, 0, tuple(words))].add(name)  # spellings that fold alike (accents, case)
        for i in range(len(words) if len(words) >= 2 else 0):
            buckets[(len(words), i, (*words[:i], *words[i + 1 :]))].add(name)
    pairs = {
        (a, b)
        for members in buckets.values()
        for a, b in combinations(sorted(members), 2)
        if person_drift(a, b)
    }
    return sorted(pairs)


@lru_cache(maxsize=16384)
def team_drift(a: str, b: str, shared_people: bool = False) -> bool:
    """Two spellings of one team.

    Beyond a near-identical spelling, a team renamed between tables (``Conquest Endurance`` in
    the standings, ``Conquest Racing`` in the results) is recognised only with evidence that it
    is one entrant: the same first word *and* the same drivers.
    """
    if a == b or len(a) > MAX_NAME_CHARS or len(b) > MAX_NAME_CHARS:
        return False
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if _digits(fa) != _digits(fb):
        return False
    if fuzz.ratio(fa, fb) >= TEAM_RATIO:
        return True
    wa, wb = fa.split(), fb.split()
    return shared_people and len(wa[0]) >= 3 and wa[0] == wb[0]


def same_team(a: str, b: str, shared_people: bool = False) -> bool:
    return same_name(a, b) or team_drift(a, b, shared_people)


def _digits(text: str) -> list[str]:
    return _DIGITS.findall(text)


def find_person(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate that is this person: the same spelling first, else one unique variant."""
    pool = list(candidates)
    if name in pool:
        return name
    folded = [c for c in pool if fold(c) == fold(name)]
    if folded:
        return folded[0]
    variants = [c for c in pool if person_drift(name, c)]
    return variants[0] if len(variants) == 1 else None


def split_merged(name: Name, known: set[str] | dict[str, str]) -> tuple[Name, ...]:
    """Split ``Emilio Di Guida Jeroen Bleekemolen`` into the known names it is made of.

    A driver whose flag was lost in flattening runs into the name before it. The split is made
    only when the words divide exactly into names known from other tables; the first keeps the
    nationality code, the rest get none (their flag is what was lost). ``known`` may be given
    already folded (``folded_names``) when many names are split against the same set.
    """
    folded_known = known if isinstance(known, dict) else folded_names(known)
    if fold(name.text) in folded_known:
        return (name,)
    words = name.text.split()
    parts = _divide(words, folded_known)
    if parts is None or len(parts) < 2:
        return (name,)
    return (Name(parts[0], name.nationality), *(Name(part) for part in parts[1:]))


def folded_names(names: Iterable[str]) -> dict[str, str]:
    return {fold(name): name for name in names}


def _divide(words: list[str], known: dict[str, str]) -> list[str] | None:
    """Words cut into consecutive known names, preferring the fewest pieces; None if impossible."""
    best: dict[int, list[str]] = {0: []}
    for end in range(1, len(words) + 1):
        options = [
            [*best[start], " ".join(words[start:end])]
            for start in range(end)
            if start in best and fold(" ".join(words[start:end])) in known
        ]
        if options:
            best[end] = min(options, key=len)
    return best.get(len(words))
