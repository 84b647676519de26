"""What an article's words say about its scoring: evidence for the fitted readings.

Season articles often state their scoring in prose and lists rather than in a table: "Points
were awarded on a 9–6–4–3–2–1 basis to the first six finishers ... with the best five race
results retained", "1st=20, 2nd=17, 3rd=15", "1 point for pole position", "5 points were
awarded to any driver who took part in qualifying", "only the best placed car from each
manufacturer was eligible to score points". Each such sentence becomes a ``Clue`` with its line;
the fitting step (``validators.fit``) tries the clues as candidate readings and keeps what the
tables support, so a misread sentence costs a candidate, never a false finding.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from wikiaudit.scraper.model import Paragraph
from wikiaudit.validators.readers.labels import words_to_numbers

_SEQUENCE = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\s*[-–—/,]\s*\d{1,3}){2,}(?:,?\s+and\s+\d{1,3})?)(?!\d|[.,]\d)"
)
"""A run of points: ``9–6–4–3–2–1``, ``20, 15, 12, 10``, ``…, 3, 2 and 1``."""
_PLACES = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\s*(?:place)?\s*[=:–—-]\s*(\d{1,3})\b", re.I)
_BEST_OF = re.compile(
    r"\bbest\s+(\d{1,2})\s+(?:race\s+|round\s+|event\s+|individual\s+)?"
    r"(?:results?|scores?|finishes|races|rounds|performances|events)\b"
    r"|\b(\d{1,2})\s+best\s+(?:results?|scores?|finishes)\b",
    re.I,
)
_DROP_WORST = re.compile(
    r"\b(?:worst|lowest)\s+(\d{1,2})\s+(?:results?|scores?|rounds?|races?)\b[^.]{0,40}"
    r"\b(?:dropped|discarded|excluded|not counted|do not count)\b"
    r"|\b(?:drop|discard)(?:ped|s)?\s+(?:their\s+|the\s+)?(?:worst|lowest)\s+(\d{1,2})\b",
    re.I,
)
_BONUS_NAMES = (
    (
        "most_laps_led",
        r"(?:leading|led)\s+the\s+most\s+(?:race\s+)?laps|most\s+laps\s+led|most\s+laps",
    ),
    (
        "led_lap",
        r"lead(?:ing)?\s+(?:a|at\s+least\s+(?:one|1))\s+lap|led\s+a\s+lap|(?:each\s+)?laps?\s+led",
    ),
    ("pole", r"pole(?:\s+position)?|fastest\s+(?:in\s+)?qualif\w*|qualifying\s+fastest"),
    ("fastest_lap", r"fastest\s+(?:race\s+)?lap"),
    ("power_stage", r"power\s+stage"),
)
_BONUS = re.compile(
    r"\b(\d{1,2}(?:\.5)?)\s+(?:bonus\s+|extra\s+|additional\s+|further\s+)?(?:points?|pts?\.?)?\s*"
    r"(?:was\s+|were\s+|is\s+|are\s+)?(?:awarded\s+|given\s+|scored\s+)?(?:to\s+\w+\s+)?"
    r"(?:for|to\s+the\s+driver\s+(?:with|who\s+(?:took|set|scored|led))|to\s+the"
    r"|to\s+(?:every|each|any)\s+(?:driver|rider|car)\s+(?:who|that))\s+"
    r"(?:(?:setting|taking|earning|achieving|claiming)\s+)?(?:the\s+|a\s+)?"
    r"(?P<what>" + "|".join(pattern for _, pattern in _BONUS_NAMES) + ")",
    re.I,
)
_BONUS_AFTER = re.compile(
    r"(?P<what>" + "|".join(pattern for _, pattern in _BONUS_NAMES) + r")\s*"
    r"(?:[:=–—-]|earns?|gives?|scores?|was\s+worth|is\s+worth|worth)\s*(\d{1,2}(?:\.5)?)\s+"
    r"(?:bonus\s+)?points?",
    re.I,
)
# "with every car further back also receiving 5 points", "5 points to every other starter"
_TAIL = re.compile(
    r"\b(?:every|each|all)\s+(?:other\s+)?(?:cars?|drivers?|finishers?|starters?|entrants?)\s+"
    r"(?:further\s+back|below\s+that|thereafter|after\s+that|lower\s+down)[^.]{0,30}?"
    r"\b(\d{1,2})\s+points?"
    r"|\b(\d{1,2})\s+points?\s+(?:to|for)\s+(?:every|each|all)\s+(?:other\s+)?"
    r"(?:cars?|drivers?|finishers?|starters?|entrants?)\s+(?:further\s+back|below|thereafter)",
    re.I,
)
_A_POINT = re.compile(r"\ban?\s+((?:additional|extra|bonus|single)\s+)?point\b", re.I)
""""an additional point for the fastest lap": one point, written without a digit."""
_QUALIFYING = re.compile(
    r"\b(\d{1,2})\s+points?\s+(?:were|was|are|is)\s+(?:awarded|given)\s+to\s+(?:any|every|each)\s+"
    r"(?:driver|rider|competitor|car)\s+(?:who|that)\s+(?:took\s+part\s+in|started|qualified)",
    re.I,
)
_BEST_CAR = re.compile(
    r"only\s+the\s+(?:best|highest)[\s-]+(?:placed|finishing|classified)\s+(?:car|bike|driver|"
    r"entry)|best[\s-]+placed\s+(?:car|bike)\s+(?:of|from)\s+each|"
    r"only\s+(?:the\s+)?(?:highest|best)\s+(?:scoring\s+)?(?:car|bike|entry)",
    re.I,
)
_ALL_CARS = re.compile(
    r"(?:points|scores?)\s+of\s+(?:all|both|each\s+of)\s+(?:its|their)\s+(?:cars|bikes|entries|"
    r"drivers)|(?:all|both)\s+(?:cars|bikes|entries)\s+(?:score|scored|count|counted)|"
    r"combined\s+(?:points|scores?)\s+of\s+(?:its|their|the\s+team's)",
    re.I,
)
_HALF = re.compile(r"\bhalf[\s-]+points?\b", re.I)
# "points for shared drives were divided equally", "the drivers sharing a car split the points"
_SHARED = re.compile(
    r"\bshar(?:ed|ing)\b[^.]{0,80}\b(?:points?|drives?|cars?|fastest\s+laps?)\b[^.]{0,80}"
    r"\b(?:split|divided|shared|halved|equally)\b"
    r"|\bpoints?\b[^.]{0,60}\b(?:split|divided)\b[^.]{0,60}\bshar(?:ed|ing)\b",
    re.I,
)
_DOUBLE_LAST = re.compile(
    r"\bdouble[\s-]+points?\b[^.]{0,80}\b(?:final|last|finale)\b"
    r"|\b(?:final|last)\s+(?:meeting|round|race|event)\b[^.]{0,80}\bdouble[\s-]+points?\b"
    r"|\bseason\s+finale\b[^.]{0,80}\bdouble[\s-]+points?\b",
    re.I,
)


# "double points were awarded at the 24 Hours of Le Mans", "the Indianapolis 500 paid double
# points": the race is named, and matched to the calendar by its name (``fit.candidates``).
def _named_share(share: str, given: str, before: str = "") -> re.Pattern[str]:
    """A race named as paying a share of the points, after the words ("``share`` points were
    ``given`` at the X") or before them ("the X paid ``before`` ``share`` points")."""
    return re.compile(
        rf"\b{share}[\s-]+points?\b(?:\s+(?:were|was|are|is)\s+(?:{given}))?"
        r"\s+(?:at|for|in)\s+(?:the\s+)?(?P<race>[^.;,()]{3,60})"
        r"|(?:the\s+)?(?P<before>[^.;,()]{3,60}?)\s+(?:awarded|paid|offered|carried|was\s+worth)"
        rf"\s+{before}{share}[\s-]+points?\b",
        re.I,
    )


_HALF_NAMED = _named_share("half", r"awarded|given|paid", before=r"(?:only\s+)?")
_DOUBLE_NAMED = _named_share("double", r"awarded|given|on\s+offer|paid")


@dataclass(frozen=True, slots=True)
class Clue:
    """One statement about scoring, and where the article makes it."""

    line: int
    text: str


@dataclass(slots=True)
class ScoringClues:
    """Everything the prose says about scoring; each item keeps the sentence behind it."""

    scales: list[tuple[tuple[int, ...], Clue]] = field(default_factory=list)
    best_of: list[tuple[int, Clue]] = field(default_factory=list)
    drop_worst: list[tuple[int, Clue]] = field(default_factory=list)
    bonuses: dict[str, tuple[float, Clue]] = field(default_factory=dict)
    event_bonus: tuple[float, Clue] | None = None
    team_scoring: tuple[str, Clue] | None = None
    half_points: Clue | None = None
    double_last: Clue | None = None
    """"The final meeting of the year saw double points awarded"."""
    double_named: list[tuple[str, Clue]] = field(default_factory=list)
    """"Double points were awarded at the Indianapolis 500": the race as the prose names it."""
    half_named: list[tuple[str, Clue]] = field(default_factory=list)
    """"The Spa 1000 km paid half points": the race as the prose names it."""
    shared: Clue | None = None
    """"Points for shared drives were divided equally between the drivers"."""
    tail: tuple[float, Clue] | None = None
    """"Every car further back also receiving 5 points": what each place past the scale pays."""

    @property
    def empty(self) -> bool:
        return not (
            self.scales or self.best_of or self.drop_worst or self.bonuses or self.event_bonus
        )


def read_clues(paragraphs: Iterable[Paragraph]) -> ScoringClues:
    clues = ScoringClues()
    for paragraph in paragraphs:
        said = _statements(paragraph.text)
        if said.empty:
            continue
        clue = Clue(paragraph.line, said.text)
        clues.scales += [(scale, clue) for scale in said.scales]
        clues.best_of += [(n, clue) for n in said.best_of]
        clues.drop_worst += [(n, clue) for n in said.drop_worst]
        for what, points in said.bonuses:
            _add_bonus(clues, what, points, clue)
        if said.event_bonus is not None and clues.event_bonus is None:
            clues.event_bonus = (said.event_bonus, clue)
        if said.team_scoring is not None and clues.team_scoring is None:
            clues.team_scoring = (said.team_scoring, clue)
        if said.half_points and clues.half_points is None:
            clues.half_points = clue
        if said.double_last and clues.double_last is None:
            clues.double_last = clue
        clues.double_named += [(race, clue) for race in said.double_named]
        clues.half_named += [(race, clue) for race in said.half_named]
        if said.shared and clues.shared is None:
            clues.shared = clue
        if said.tail is not None and clues.tail is None:
            clues.tail = (said.tail, clue)
    return clues


@dataclass(frozen=True, slots=True)
class _Said:
    """What one paragraph says about scoring, apart from where it stands (its line)."""

    text: str
    scales: tuple[tuple[int, ...], ...] = ()
    best_of: tuple[int, ...] = ()
    drop_worst: tuple[int, ...] = ()
    bonuses: tuple[tuple[str, float], ...] = ()
    event_bonus: float | None = None
    team_scoring: str | None = None
    half_points: bool = False
    double_last: bool = False
    double_named: tuple[str, ...] = ()
    half_named: tuple[str, ...] = ()
    shared: bool = False
    tail: float | None = None

    @property
    def empty(self) -> bool:
        return self == _Said(self.text)


@lru_cache(maxsize=4096)
def _statements(paragraph: str) -> _Said:
    """A paragraph's scoring statements; articles (and a history's revisions) repeat most
    paragraphs word for word, so each text is read once."""
    text = " ".join(paragraph.split())
    if len(text) > 2000:  # a page of prose is not a scoring statement
        text = text[:2000]
    lowered = _A_POINT.sub(r"1 \1point", words_to_numbers(text))
    team = None
    if _BEST_CAR.search(lowered):
        team = "best"
    elif _ALL_CARS.search(lowered):
        team = "all"
    event = _QUALIFYING.search(lowered)
    return _Said(
        text=text[:300],
        scales=tuple(_scales(lowered)) if _mentions_points(lowered) else (),
        best_of=tuple(int(m.group(1) or m.group(2)) for m in _BEST_OF.finditer(lowered)),
        drop_worst=tuple(int(m.group(1) or m.group(2)) for m in _DROP_WORST.finditer(lowered)),
        bonuses=(
            *((m.group("what"), float(m.group(1))) for m in _BONUS.finditer(lowered)),
            *((m.group("what"), float(m.group(2))) for m in _BONUS_AFTER.finditer(lowered)),
        ),
        event_bonus=float(event.group(1)) if event else None,
        team_scoring=team,
        half_points=bool(_HALF.search(lowered)),
        double_last=bool(_DOUBLE_LAST.search(lowered)),
        shared=_says_shared(lowered),
        tail=_tail(lowered),
        double_named=_named(_DOUBLE_NAMED, lowered),
        half_named=_named(_HALF_NAMED, lowered) + _half_sentences(lowered),
    )


def _named(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    """The races a sentence names as paying another share of the points."""
    return tuple(
        " ".join((m.group("race") or m.group("before")).split()) for m in pattern.finditer(text)
    )


def _half_sentences(text: str) -> tuple[str, ...]:
    """Sentences saying half points were paid, whole: the race they name may stand anywhere in
    them ("The Spa 1000 km was stopped early, and half points were awarded"); the calendar
    decides which race that is (``fit.candidates.named_races``)."""
    return tuple(
        sentence.strip()
        for sentence in re.split(r"(?<=[.;])\s+", text)
        if _HALF.search(sentence) and "double" not in sentence.lower()
    )


def _says_shared(text: str) -> bool:
    """Shared drives split their points, said and not denied ("were not split")."""
    found = _SHARED.search(text)
    return found is not None and not re.search(r"\b(?:not|no|never)\b", found.group(0))


def _tail(text: str) -> float | None:
    found = _TAIL.search(text)
    return float(next(g for g in found.groups() if g)) if found else None


def _mentions_points(text: str) -> bool:
    return bool(re.search(r"\bpoints?\b|\bpts\b|\bscor", text, re.I))


def _scales(text: str) -> list[tuple[int, ...]]:
    """Non-increasing runs of three or more numbers (``9–6–4–3–2–1``, ``20, 15, 12, 10``)."""
    found: list[tuple[int, ...]] = []
    for match in _SEQUENCE.finditer(text):
        values = tuple(int(v) for v in re.split(r"\s*[-–—/,]\s*|,?\s+and\s+", match.group(1)))
        if _plausible(values):
            found.append(values)
    places = {int(p): int(v) for p, v in _PLACES.findall(text)}
    if len(places) >= 3 and sorted(places) == list(range(1, len(places) + 1)):
        values = tuple(places[p] for p in sorted(places))
        if _plausible(values):
            found.append(values)
    return found


def _plausible(values: tuple[int, ...]) -> bool:
    """A points scale: non-increasing, positive at the top, not a date or a score line."""
    return (
        len(values) >= 3
        and values[0] > 0
        and all(a >= b for a, b in itertools.pairwise(values))
        and values[0] > values[-1]
    )


def _add_bonus(clues: ScoringClues, what: str, points: float, clue: Clue) -> None:
    if points <= 0 or points > 50:
        return
    lowered = what.lower()
    for name, pattern in _BONUS_NAMES:
        if re.fullmatch(pattern, lowered, re.I):
            clues.bonuses.setdefault(name, (points, clue))
            return
