"""How alike two written names are, and splitting merged names.

This module judges spelling only; whether two spellings are one person or team also takes the
evidence of the tables (``validators.linkage``). Spelling is graded, not scored:

* ``Spelling.SAME``: equal once case, accents and punctuation are folded (``Jörg Müller`` /
  ``Jorg Muller``);
* ``Spelling.TYPO``: the same shape (word count), exactly one word different, and that word one
  edit away in rapidfuzz's optimal string alignment distance, which counts a transposition as
  one edit (``Simth``/``Smith``, ``Tucekr``/``Tucker``) where a plain Levenshtein distance or a
  ratio counts two; two edits are allowed in words of ``LONG_WORD`` letters or more;
* ``Spelling.DIFFERENT``: anything else.

Why these bounds: a typo is a slip of one key in one word. Words shorter than ``MIN_TYPO_WORD``
letters are typos only when two neighbouring letters are swapped, because short given names
one letter apart are different names (``Jon``/``John``); generational suffixes, initials and
numbers never count as a typo (``Angel Benitez Jr.``/``Sr.``, ``Level 5``/``Level 6``), nor do
team words written as codes
(``Cosworth DFX``/``DFS``). A spelling one edit away is still only a *candidate*: the linkage
joins it only with evidence from the tables.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from enum import Enum
from functools import lru_cache
from itertools import combinations

from rapidfuzz.distance import OSA, Levenshtein
from wikiaudit.scraper.model import Name

MIN_TYPO_WORD = 4
LONG_WORD = 9
MAX_NAME_LENGTH = 100
"""Longer strings are sentences or merged cells, not names: they are never compared."""
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PUNCT = re.compile(r"[^\w\s/&]+")
_WORD = re.compile(r"\w+")
_CODE_WORD = re.compile(r"[A-Z0-9]{2,4}|\w*\d\w*")


class Spelling(Enum):
    SAME = "same"
    TYPO = "typo"
    DIFFERENT = "different"


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Case, accents and punctuation removed: ``Jörg Müller`` and ``Jorg Muller`` fold alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", plain.casefold()).split())


def same_name(a: str, b: str) -> bool:
    return fold(a) == fold(b)


@lru_cache(maxsize=16384)
def spelling(a: str, b: str) -> Spelling:
    """How alike two written names are (see the module docstring)."""
    if len(a) > MAX_NAME_LENGTH or len(b) > MAX_NAME_LENGTH:
        return Spelling.SAME if a == b else Spelling.DIFFERENT
    if fold(a) == fold(b):
        return Spelling.SAME
    pair = _differing_word(a, b)
    if pair is None:
        return Spelling.DIFFERENT
    return Spelling.TYPO if _one_slip(*pair) else Spelling.DIFFERENT


def _differing_word(a: str, b: str) -> tuple[str, str] | None:
    """The one word (as written) in which two names of the same shape differ, else None.

    Words are runs of letters and digits, so ``Kimber-Smith`` is two words, as ``fold`` and
    the blocking in ``candidate_pairs`` see it."""
    wa, wb = _WORD.findall(a), _WORD.findall(b)
    if len(wa) != len(wb):
        return None
    differing = [(x, y) for x, y in zip(wa, wb, strict=True) if fold(x) != fold(y)]
    return differing[0] if len(differing) == 1 else None


def _one_slip(x: str, y: str) -> bool:
    """One slip of the keyboard in one word: never in a suffix, an initial, a number or a code."""
    if _CODE_WORD.fullmatch(x) or _CODE_WORD.fullmatch(y):
        return False
    fx, fy = fold(x), fold(y)
    if fx in SUFFIXES or fy in SUFFIXES:
        return False
    shortest = min(len(fx), len(fy))
    if shortest < MIN_TYPO_WORD:
        return shortest >= 3 and _transposed(fx, fy)
    allowed = 2 if shortest >= LONG_WORD else 1
    return OSA.distance(fx, fy, score_cutoff=allowed) <= allowed


def _transposed(x: str, y: str) -> bool:
    """Two neighbouring letters swapped (``Gyu``/``Guy``): a slip even in a short word, where
    a letter added or changed may make another name (``Jon``/``John``)."""
    return len(x) == len(y) and OSA.distance(x, y) == 1 and Levenshtein.distance(x, y) == 2


def candidate_pairs(names: Iterable[str]) -> list[tuple[str, str]]:
    """Every pair (a < b) of ``names`` whose spelling is ``SAME`` or ``TYPO``, found cheaply.

    Blocking: two spellings that can be one name differ in at most one word, so they share the
    rest of the name with that word left out; grouping by that remainder compares only such
    candidates, which keeps a season's few hundred names from costing tens of thousands of
    comparisons. Strings too long to be a name are left out.
    """
    buckets: dict[tuple[int, int, tuple[str, ...]], set[str]] = defaultdict(set)
    for name in names:
        if len(name) > MAX_NAME_LENGTH:
            continue
        words = [fold(word) for word in _WORD.findall(name)]
        # spellings that fold alike (accents, case)
        buckets[(0, 0, tuple(fold(name).split()))].add(name)
        for i in range(len(words) if len(words) >= 2 else 0):
            buckets[(len(words), i, (*words[:i], *words[i + 1 :]))].add(name)
    pairs = {
        (a, b)
        for members in buckets.values()
        for a, b in combinations(sorted(members), 2)
        if spelling(a, b) is not Spelling.DIFFERENT
    }
    return sorted(pairs)


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
