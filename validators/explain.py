"""Linking findings to the prose that explains them, and lowering those findings to ``info``.

Two kinds of prose explain an anomaly:

* a *specific note* names the case: the round (by race, circuit, the results table's label or
  the standings' round code) and at least one of the car number, the team or a driver of it.
  It explains any finding about that case, whatever the finding's kind.
* a *general rule* states a scoring rule and names no car or team: a minimum drive time, a
  driver allowed to score from another car, team championships limited to full-season
  entries. A rule explains only the kind of finding it describes, and only when the finding's
  own facts fit it (a minimum drive time explains a driver missing the winner's points only
  when the car itself was credited; a full-season rule explains a winner absent from the team
  standings only when the entry list does not show that team entered every round).

Nothing here knows an article's wording: notes are matched by the names the season's own
tables give, rules by the vocabulary of racing regulations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wikiaudit.scraper.model import Document, Paragraph
from wikiaudit.validators.findings import Finding
from wikiaudit.validators.names import fold
from wikiaudit.validators.season import Season

_SEPARATORS = re.compile(r"[/&]")  # fold keeps these; they separate words as spaces do
_SCORING = re.compile(r"\b(points?|score[sd]?|scoring)\b")
_MIN_DRIVE = re.compile(r"\bminimum\b.{0,40}\b(driv\w*|minutes?|laps?)\b|\bdriv\w* a minimum\b")
_FULL_SEASON = re.compile(r"\bfull[ -]?season\b")
_PARTIAL = re.compile(r"\b(partial|race by race|not included|excluded|only)\b")
_OTHER_CAR = re.compile(r"\bmore than one car\b|\b(two|both|each|another|second|whichever) cars?\b")
_CAR_NUMBER = re.compile(r"#\s*\d")


Placed = tuple[Paragraph, str | None]
"""A paragraph and the class it sits under (``paragraph_class``), worked out once per audit."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A general rules paragraph and the scoring concepts it states."""

    paragraph: Paragraph
    cls: str | None
    concepts: frozenset[str]


def explain(findings: list[Finding], season: Season, document: Document) -> list[Finding]:
    """Every finding a note or rule accounts for, lowered to ``info`` with that note attached."""
    if not document.paragraphs:
        return findings
    placed = [(p, paragraph_class(p, season.classes)) for p in document.paragraphs]
    aliases = _round_aliases(season)
    teams = _known_teams(season)
    rules = [rule for p, cls in placed if (rule := _as_rule(p, cls, teams))]
    out: list[Finding] = []
    for finding in findings:
        facts = finding.details.get("explain")
        note = _explaining(finding, facts, placed, aliases, rules) if facts else None
        out.append(finding.explained(note.text, note.line) if note else finding)
    return out


def _explaining(
    finding: Finding,
    facts: dict[str, Any],
    placed: list[Placed],
    aliases: dict[int, list[str]],
    rules: list[Rule],
) -> Paragraph | None:
    specific = _specific_note(facts, placed, aliases.get(facts["round"], []))
    if specific is not None:
        return specific
    applicable = [rule for rule in rules if _rule_fits(rule, finding, facts)]
    applicable.sort(key=lambda rule: (rule.cls is None, rule.paragraph.line))
    return applicable[0].paragraph if applicable else None


def _specific_note(
    facts: dict[str, Any], placed: list[Placed], aliases: list[str]
) -> Paragraph | None:
    best: tuple[int, Paragraph] | None = None
    for paragraph, paragraph_cls in placed:
        if not _class_fits(paragraph_cls, facts["cls"]):
            continue
        if not any(_mentions(paragraph.text, alias) for alias in aliases):
            continue
        subjects = [facts["team"], *facts["drivers"], *facts.get("holders", [])]
        score = sum(_mentions(paragraph.text, name) for name in subjects if name)
        if facts.get("car") and _mentions_car(paragraph.text, facts["car"]):
            score += 2
        if score and (best is None or score > best[0]):
            best = (score, paragraph)
    return best[1] if best else None


def _rule_fits(rule: Rule, finding: Finding, facts: dict[str, Any]) -> bool:
    if not _class_fits(rule.cls, facts["cls"]):
        return False
    if finding.rule == "winner-missing":
        return "full-season" in rule.concepts and facts.get("full_season") is not True
    if facts["kind"] != "winner-driver":
        return False
    if "other-car" in rule.concepts and facts.get("scored_elsewhere", 0) > 0:
        return True
    return "minimum-drive" in rule.concepts and bool(facts.get("credited"))


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
