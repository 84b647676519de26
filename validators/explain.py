"""Linking findings to the prose that explains them, graded by how well the prose fits.

An editor accepts "explained by the article" only when the note accounts for *this* anomaly. A
note is therefore an explanation only when all three hold:

1. **it names the case**: the round (by race, circuit, the results table's label or the
   standings' round code) and the car number, the team or a driver of it;
2. **it describes an anomaly** (``_ANOMALIES``): a penalty, an exclusion or disqualification,
   the points given to another car, a minimum drive time, not classified, did not start, a
   driver scoring from another car;
3. **the anomaly fits the numbers** (``_fitting``): a minimum drive time, an exclusion, not
   classified or did not start explain a driver with no points or no row, never 16 of 20; a
   penalty explains less than the winner's points; points that "went to" another car explain
   the winning team not holding them only when the note names a team that does hold them.

Prose that names the round and the people but describes no anomaly ("TRG took its second win
at Baltimore, with Al Carter and Patrick Pilet sharing the car") explains nothing. A note that
names the case and an anomaly that does not fit is attached as *context* ("possibly explained
by"), the severity kept.

A *general rules paragraph* names no car or team (a minimum drive time, drivers scoring from
whichever car they choose, team championships for full-season entries only). It lowers a
warning whose numbers it fits; it never lowers an error on its own word. The one exception is a
rule the tables themselves confirm for the case: the full-season rule for a winner missing from
the team standings when the entry list shows that team entered only part of the season. A rule
that fits but cannot lower an error is attached as context.

Nothing here knows an article's wording: notes are matched by the names the season's own
tables give, anomalies by the vocabulary of racing regulations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wikiaudit.scraper.model import Document, Paragraph
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.names import fold
from wikiaudit.validators.readers.labels import parse_int
from wikiaudit.validators.season import Season

_SEPARATORS = re.compile(r"[/&]")  # fold keeps these; they separate words as spaces do
_SCORING = re.compile(r"\b(points?|score[sd]?|scoring)\b")
_MIN_DRIVE = re.compile(
    r"\bminimum\b.{0,40}\b(driv\w*|minutes?|laps?)\b|\bdriv\w* a minimum\b"
    r"|\bdid not drive\b.{0,40}\b(?:required|enough|long enough|minutes?)\b"
    r"|\brequired\b.{0,20}\b(?:drive|driving) time\b"
)
_FULL_SEASON = re.compile(r"\bfull[ -]?season\b")
_PARTIAL = re.compile(r"\b(partial|race by race|not included|excluded|only)\b")
_OTHER_CAR = re.compile(r"\bmore than one car\b|\b(two|both|each|another|second|whichever) cars?\b")
_CAR_NUMBER = re.compile(r"#\s*(\d+)")
_GIVEN_TO = re.compile(
    r"\bpoints?\b[^.;]{0,80}?\b(?:went|go(?:es)?|were given|was given|given|awarded|"
    r"transferred|credited|passed|handed)\s+(?:instead\s+)?to\b([^.;]*)"
    r"|\b([a-z][^.;]{0,60}?)\s+(?:received|earned|took|was awarded|were awarded|inherited)\s+"
    r"(?:the\s+)?points\b",
    re.I,
)
# Folded text: lower case, punctuation gone (``#`` and ``-`` included).
_ANOMALIES: dict[str, re.Pattern[str]] = {
    "penalty": re.compile(
        r"\bpenal(?:ty|ties|ised|ized)\b|\bdocked\b|\bdeducted\b|\bstripped\b|\bforfeit\w*"
        r"|\b(?:lost|lose|loses|losing)\b.{0,30}\bpoints?\b"
    ),
    "exclusion": re.compile(r"\bexclu(?:ded|sion)\b|\bdisqualif\w*|\bdsq\b"),
    "minimum-drive": _MIN_DRIVE,
    "not-classified": re.compile(r"\bnot classified\b|\bunclassified\b"),
    "did-not-start": re.compile(r"\bdid not start\b|\bdns\b|\bnon starter\b"),
    "other-car": _OTHER_CAR,
}

Placed = tuple[Paragraph, str | None]
"""A paragraph and the class it sits under (``paragraph_class``), worked out once per audit."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A general rules paragraph and the scoring concepts it states."""

    paragraph: Paragraph
    cls: str | None
    concepts: frozenset[str]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the prose does to one finding: lower it to ``info``, or attach it as context."""

    paragraph: Paragraph
    lowers: bool


def explain(findings: list[Finding], season: Season, document: Document) -> list[Finding]:
    """Every finding a fitting note or rule accounts for, lowered to ``info`` with that note;
    prose that bears on a finding without explaining it attached as context."""
    if not document.paragraphs:
        return findings
    placed = [(p, paragraph_class(p, season.classes)) for p in document.paragraphs]
    aliases = _round_aliases(season)
    teams = _known_teams(season)
    rules = [rule for p, cls in placed if (rule := _as_rule(p, cls, teams))]
    out: list[Finding] = []
    for finding in findings:
        facts = finding.details.get("explain")
        verdict = _verdict(finding, facts, placed, aliases, rules, teams) if facts else None
        if verdict is None:
            out.append(finding)
        elif verdict.lowers:
            out.append(finding.explained(verdict.paragraph.text, verdict.paragraph.line))
        else:
            out.append(finding.with_context(verdict.paragraph.text, verdict.paragraph.line))
    return out


def _verdict(
    finding: Finding,
    facts: dict[str, Any],
    placed: list[Placed],
    aliases: dict[int, list[str]],
    rules: list[Rule],
    teams: set[str],
) -> Verdict | None:
    notes = _naming_notes(facts, placed, aliases.get(facts["round"], []))
    for paragraph in notes:
        if _anomalies(paragraph.text) & _fitting(finding, facts, paragraph.text, teams):
            return Verdict(paragraph, lowers=True)
    for rule in sorted(rules, key=lambda rule: (rule.cls is None, rule.paragraph.line)):
        if not _class_fits(rule.cls, facts["cls"]):
            continue
        fitting = rule.concepts & _fitting(finding, facts, rule.paragraph.text, teams)
        if fitting:
            confirmed = "full-season" in fitting and facts.get("full_season") is False
            lowers = finding.severity is not Severity.ERROR or confirmed
            return Verdict(rule.paragraph, lowers=lowers)
    described = [p for p in notes if _anomalies(p.text)]
    return Verdict(described[0], lowers=False) if described else None


def _naming_notes(
    facts: dict[str, Any], placed: list[Placed], aliases: list[str]
) -> list[Paragraph]:
    """Paragraphs of the finding's class naming its round and its car, team or people; the
    ones naming the most first."""
    scored: list[tuple[int, int, Paragraph]] = []
    subjects = [facts["team"], *facts["drivers"], *facts.get("holders", [])]
    for paragraph, paragraph_cls in placed:
        if not _class_fits(paragraph_cls, facts["cls"]):
            continue
        if not any(_mentions(paragraph.text, alias) for alias in aliases):
            continue
        score = sum(_mentions(paragraph.text, name) for name in subjects if name)
        if facts.get("car") and _mentions_car(paragraph.text, facts["car"]):
            score += 2
        if score:
            scored.append((-score, paragraph.line, paragraph))
    return [paragraph for *_, paragraph in sorted(scored, key=lambda s: (s[0], s[1]))]


def _anomalies(text: str) -> set[str]:
    """The kinds of anomaly a paragraph describes."""
    folded = fold(text)
    found = {kind for kind, pattern in _ANOMALIES.items() if pattern.search(folded)}
    if _GIVEN_TO.search(text.lower()):
        found.add("points-elsewhere")
    return found


def _fitting(finding: Finding, facts: dict[str, Any], text: str, teams: set[str]) -> set[str]:
    """The kinds of anomaly (and rule concepts) that would account for this finding's numbers."""
    nothing = _shows_nothing(finding.published)
    lower = nothing or _below(finding.published, finding.expected)
    fits: set[str] = set()
    if finding.rule == "winner-missing" and facts.get("full_season") is not True:
        fits.add("full-season")
    if facts["kind"] == "winner-team":
        if lower:
            fits.add("penalty")
        if nothing:
            fits |= {"exclusion", "not-classified", "did-not-start"}
        if _names_a_holder(text, facts):
            fits.add("points-elsewhere")
        return fits
    if lower:
        fits.add("penalty")
    if nothing:
        fits |= {"exclusion", "not-classified", "did-not-start"}
        # a minimum drive time is about one driver: the prose names him, or the car was credited
        # (so the missing points are his alone)
        if facts.get("credited") or (facts.get("driver") and _mentions(text, facts["driver"])):
            fits.add("minimum-drive")
        if _names_another_car(text, facts, teams):
            fits.add("points-elsewhere")
    if facts.get("scored_elsewhere", 0) > 0:
        fits.add("other-car")
    return fits


def _shows_nothing(published: str | None) -> bool:
    """No points at all: no row, a blank cell or 0."""
    if published is None or published in ("no row", "blank", ""):
        return True
    return parse_int(published) == 0


def _below(published: str | None, expected: str | None) -> bool:
    value, wanted = parse_int(published or ""), parse_int(expected or "")
    return value is not None and wanted is not None and value < wanted


def _recipient(text: str) -> str | None:
    """What follows "the points went to" in a note (``the #66 TRG car for that race``)."""
    match = _GIVEN_TO.search(text)
    return (match.group(1) or match.group(2)) if match else None


def _names_a_holder(text: str, facts: dict[str, Any]) -> bool:
    """Points said to have gone to a team that, in the standings, holds them."""
    recipient = _recipient(text)
    return recipient is not None and any(_mentions(recipient, h) for h in facts.get("holders", []))


def _names_another_car(text: str, facts: dict[str, Any], teams: set[str]) -> bool:
    """Points said to have gone to a car or team other than the winning one."""
    recipient = _recipient(text)
    if recipient is None:
        return False
    cars = {number for number in _CAR_NUMBER.findall(recipient)} - {facts.get("car")}
    others = {team for team in teams if fold(team) != fold(facts["team"])}
    return bool(cars) or any(_mentions(recipient, team) for team in others)


def _as_rule(paragraph: Paragraph, cls: str | None, teams: set[str]) -> Rule | None:
    """A paragraph (under class ``cls``) that states a scoring rule without naming a car or team."""
    text = fold(paragraph.text)
    if not _SCORING.search(text) or _CAR_NUMBER.search(paragraph.text):
        return None
    if any(_mentions(paragraph.text, team) for team in teams):
        return None
    concepts = set()
    if _MIN_DRIVE.search(text):
        concepts.add("minimum-drive")
    if _FULL_SEASON.search(text) and _PARTIAL.search(text):
        concepts.add("full-season")
    if _OTHER_CAR.search(text):
        concepts.add("other-car")
    if not concepts:
        return None
    return Rule(paragraph, cls, frozenset(concepts))


def paragraph_class(paragraph: Paragraph, classes: list[str]) -> str | None:
    """The class a paragraph sits under: the deepest heading that names one."""
    for heading in reversed(paragraph.headings):
        words = set(re.findall(r"[\w-]+", heading))
        for cls in sorted(classes, key=len, reverse=True):
            if cls in words:
                return cls
    return None


def _class_fits(paragraph_cls: str | None, cls: str) -> bool:
    return paragraph_cls is None or paragraph_cls == cls


def _mentions(text: str, name: str) -> bool:
    """``name`` appears in ``text`` as whole words, ignoring case, accents and punctuation."""
    needle = _spaced(name)
    return needle != " " and needle in _spaced(text)


@lru_cache(maxsize=2048)
def _spaced(text: str) -> str:
    """Folded words with a space on each side, so a substring test matches whole words only.

    Every finding is tested against every paragraph: a plain substring search over text folded
    once keeps that cheap even for articles with a great deal of prose.
    """
    return " " + " ".join(_SEPARATORS.sub(" ", fold(text)).split()) + " "


def _mentions_car(text: str, car: str) -> bool:
    return re.search(rf"#\s*{re.escape(car)}(?!\w)", text) is not None


def _round_aliases(season: Season) -> dict[int, list[str]]:
    """Every name a round goes by in this article: race, circuit, results label, round code."""
    aliases: dict[int, list[str]] = {}
    for race in season.calendar:
        aliases.setdefault(race.round, []).extend(n for n in (race.name, race.circuit) if n)
    for standings in season.standings:
        for rc in standings.rounds:
            if rc.code.isupper() and len(rc.code) >= 3:
                aliases.setdefault(rc.round, []).append(rc.code)
    if season.results_table is not None:
        for row in season.results_table.body_rows:
            texts = row.texts
            spanned = "spanned" in row.cells[0].flags
            number = texts[0].strip() if texts else ""
            readable = number.isdecimal() and len(number) < 10  # int() refuses 4,300+ digits
            if len(texts) > 1 and readable and texts[1].strip() and not spanned:
                aliases.setdefault(int(texts[0]), []).append(texts[1].strip())
    return {number: list(dict.fromkeys(names)) for number, names in aliases.items()}


def _known_teams(season: Season) -> set[str]:
    teams = {result.team.text for result in season.results}
    teams |= {entry.team.text for entry in season.entries if entry.team}
    for standings in season.standings:
        for row in standings.rows:
            teams |= {team.text for team in row.teams}
            if standings.kind == "team":
                teams.add(row.name.text)
    return {team for team in teams if len(team) >= 3}
