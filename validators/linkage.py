"""Record linkage: which written names in a season are the same person or the same team.

Cross-table checks ask "is this standings row the driver the results name?" many times; asking
it of spelling alone either misses typos or joins relatives. As in Fellegi–Sunter record linkage
(splink, recordlinkage), candidate pairs come from blocking (``names.candidate_pairs``: names
that differ in at most one word), and each pair is judged on several features at once:

* **spelling** (``names.spelling``): the same once folded, or one slip in one word;
* **slot**: a standings table lists a person once, a results row names a car's drivers once,
  a car of the entry list lists its drivers once. Two spellings in one slot are two people
  (``Dario``/``Marino Franchitti`` in one car, ``Jon``/``John`` in one table), whatever their
  spelling; the link is refused, and a cluster never grows to hold two spellings of one slot;
* **shared team or car**: a spelling one slip away is joined only when both spellings drive
  for the same team (itself linked) or the same car number of a class;
* **rounds**: spellings written for the same rounds (won, entered, scored) are joined first,
  so a slip one letter from two relatives joins the one whose rounds it shares;
* **nationality**: two different present-day countries refuse a typo link.

Teams are linked the same way within a class; a team renamed between tables (``Conquest
Endurance`` in the standings, ``Conquest Racing`` in the results) is joined only when the two
names never share a table, start with the same word and share a driver.

The links are built once per season (``links``) and every check looks people and teams up
through them, so a misspelt name gives one ``name-drift`` finding instead of a cascade of
"no row" findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import Literal

from wikiaudit.scraper.nationality import sovereign
from wikiaudit.validators.memo import Memo, remembered
from wikiaudit.validators.mentions import Mention, mentions
from wikiaudit.validators.names import Spelling, candidate_pairs, fold, spelling
from wikiaudit.validators.season import Entry, Season

Kind = Literal["person", "team"]


class Clusters:
    """Union–find over spellings that never merges two spellings written in one slot."""

    def __init__(self, mentions: dict[str, list[Mention]]) -> None:
        self._parent = {text: text for text in mentions}
        self._slots = {text: {m.slot for m in seen} for text, seen in mentions.items()}

    def root(self, text: str) -> str:
        parent = self._parent.setdefault(text, text)
        while parent != self._parent[parent]:
            self._parent[parent] = self._parent[self._parent[parent]]
            parent = self._parent[parent]
        return parent

    def join(self, a: str, b: str) -> bool:
        """Merge the clusters of ``a`` and ``b`` unless they share a slot; True when joined."""
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return True
        slots_a, slots_b = self._slots.get(ra, set()), self._slots.get(rb, set())
        if slots_a & slots_b:
            return False
        self._parent[rb] = ra
        self._slots[ra] = slots_a | slots_b
        return True

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for text in self._parent:
            out[self.root(text)].append(text)
        return list(out.values())


class Linkage:
    """The people and teams of one season, each spelling mapped to the entity it names."""

    def __init__(self, people: dict[str, list[Mention]], teams: dict[str, list[Mention]]) -> None:
        self.people = people
        self.teams = teams
        by_spelling = _link_teams(teams, renames=None)
        self._person = _link_people(people, _folded(by_spelling))
        self._team = _link_teams(teams, renames=_folded(self._person))

    def person(self, name: str) -> str:
        """A key shared by every spelling of this person (the folded name when unknown)."""
        return self._person.get(name) or fold(name)

    def team(self, name: str) -> str:
        return self._team.get(name) or fold(name)

    def same_person(self, a: str, b: str) -> bool:
        return a == b or self.person(a) == self.person(b)

    def same_team(self, a: str, b: str) -> bool:
        return a == b or self.team(a) == self.team(b)

    def find_person(self, name: str, candidates: Iterable[str]) -> str | None:
        """The candidate that is this person: the same spelling first, else a linked one."""
        pool = list(candidates)
        if name in pool:
            return name
        matches = [c for c in pool if self.same_person(name, c)]
        return matches[0] if matches else None

    def spellings(self, kind: Kind) -> list[list[str]]:
        """Every person (or team) written more than one way: its spellings."""
        keys = self._person if kind == "person" else self._team
        groups: dict[str, list[str]] = defaultdict(list)
        for text, key in keys.items():
            groups[key].append(text)
        return [sorted(group) for group in groups.values() if len(group) > 1]

    def entities(self, kind: Kind) -> list[list[Mention]]:
        """Every mention, grouped by the person (or team) it names."""
        keys = self._person if kind == "person" else self._team
        mentions = self.people if kind == "person" else self.teams
        groups: dict[str, list[Mention]] = defaultdict(list)
        for text, seen in mentions.items():
            groups[keys.get(text, fold(text))].extend(seen)
        return list(groups.values())


def links(season: Season) -> Linkage:
    """The season's linkage, built on first use and kept on the season."""
    if season.links is None:
        season.links = Linkage(*mentions(season))
    return season.links


def entries_of(season: Season, name: str, cls: str) -> list[Entry]:
    """The entry-list entries naming this person (any spelling the linkage joins) in a class,
    with the rounds they give (an entry list without classes enters for every class), found
    through an index made once per season: the rules ask for every standings row's."""
    linkage = links(season)
    if season.entries_by_person is None:
        index: dict[str, list[Entry]] = defaultdict(list)
        for entry in season.entries:
            index[linkage.person(entry.driver.text)].append(entry)
        season.entries_by_person = dict(index)
    return [
        entry
        for entry in season.entries_by_person.get(linkage.person(name), [])
        if entry.cls in ("", cls) and entry.rounds is not None
    ]


def remembered_links(season: Season, memo: Memo) -> Linkage:
    """``links(season)``, or the linkage equal mentions gave earlier in one ``audit history``
    walk (``validators.memo``). A ``Linkage`` is made from its mentions alone and never
    changed after, and the key holds every mention whole (text, table, line, cell, partners,
    rounds), so a reused linkage is the one ``links`` would build."""
    if season.links is None:
        people, teams = mentions(season)
        season.links = remembered(
            memo,
            lambda: (_frozen(people), _frozen(teams)),
            lambda: Linkage(people, teams),
        )
    return season.links


def _frozen(found: dict[str, list[Mention]]) -> tuple[tuple[str, tuple[Mention, ...]], ...]:
    return tuple((text, tuple(seen)) for text, seen in found.items())


# --- linking ----------------------------------------------------------------------------------


def _link_people(people: dict[str, list[Mention]], teams: dict[str, str]) -> dict[str, str]:
    """Each person spelling mapped to its cluster's key (the folded canonical spelling).

    ``teams`` maps a folded team spelling to its team's key, so that a driver listed with
    ``NGT Motorsports`` in one table and ``NGT Motorsport`` in another shares a team. Pairs are
    joined strongest first (the same folded spelling, then the most evidence), so that a typo
    one letter from two relatives joins the one it shares rounds with, and the slot rule then
    keeps the other apart.
    """
    clusters = Clusters(people)
    scored = [
        (score, a, b)
        for a, b in candidate_pairs(people)
        if (score := _evidence(people[a], people[b], spelling(a, b), teams)) > 0
    ]
    for _, a, b in sorted(scored, key=lambda item: (-item[0], item[1], item[2])):
        clusters.join(a, b)
    return _keys(clusters, people)


def _evidence(a: list[Mention], b: list[Mention], alike: Spelling, teams: dict[str, str]) -> int:
    """How strongly the tables say two spellings are one person; 0 when they must not be.

    The same folded spelling needs nothing more; a typo needs a shared team or car, and counts
    shared rounds as further evidence. Two spellings entered in the same round in different
    cars of one class are two people (``Marco Andretti`` in #22, ``Mario Andretti`` in the
    sister car #23 for one round).
    """
    if {m.slot for m in a} & {m.slot for m in b}:
        return 0
    if alike is Spelling.SAME:
        return 10
    if _countries(a) and _countries(b) and not _countries(a) & _countries(b):
        return 0
    if _other_car_same_round(a, b):
        return 0
    teams_a = {teams.get(t, t) for m in a for t in m.partners}
    teams_b = {teams.get(t, t) for m in b for t in m.partners}
    cars_a = {(m.cls, m.car) for m in a if m.car}
    cars_b = {(m.cls, m.car) for m in b if m.car}
    shared = bool(teams_a & teams_b) + bool(cars_a & cars_b)
    if not shared:
        return 0
    rounds_a = frozenset().union(*(m.rounds for m in a))
    rounds_b = frozenset().union(*(m.rounds for m in b))
    return shared + bool(rounds_a & rounds_b)


def _other_car_same_round(a: list[Mention], b: list[Mention]) -> bool:
    return any(
        ma.car and mb.car and ma.car != mb.car and ma.cls == mb.cls and ma.rounds & mb.rounds
        for ma in a
        for mb in b
    )


def _countries(seen: list[Mention]) -> set[str]:
    return {country for m in seen if (country := sovereign(m.code))}


def _link_teams(teams: dict[str, list[Mention]], renames: dict[str, str] | None) -> dict[str, str]:
    """Each team spelling (and its folded form) mapped to its cluster's key.

    Without ``renames`` (folded person spelling → person key) only spelling joins teams; with
    them, a renamed team is joined when it shares a driver (see the module docstring).
    """
    clusters = Clusters(teams)
    for cls, spellings in _by_class(teams).items():
        for a, b in candidate_pairs(spellings):
            if _same_class_slots_free(teams[a], teams[b], cls):
                clusters.join(a, b)
        if renames is not None:
            for a, b in _renamed(spellings, teams, cls, renames):
                clusters.join(a, b)
    return _keys(clusters, teams)


def _by_class(teams: dict[str, list[Mention]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for text, seen in teams.items():
        for cls in {m.cls or "" for m in seen}:
            out[cls].append(text)
    return out


def _same_class_slots_free(a: list[Mention], b: list[Mention], cls: str) -> bool:
    in_a = {m.slot for m in a if (m.cls or "") == cls}
    in_b = {m.slot for m in b if (m.cls or "") == cls}
    return not in_a & in_b


def _renamed(
    spellings: list[str], teams: dict[str, list[Mention]], cls: str, people: dict[str, str]
) -> Iterator[tuple[str, str]]:
    """Pairs of one class that never share a table, start alike (or one is the other's end:
    ``Pickett Racing`` written for ``Muscle Milk Pickett Racing``, a sponsor left out) and
    share a driver."""
    by_first: dict[str, list[str]] = defaultdict(list)
    for text in spellings:
        words = fold(text).split()
        if words and len(words[0]) >= 3:
            by_first[words[0]].append(text)
    pairs = {pair for group in by_first.values() for pair in combinations(sorted(group), 2)}
    pairs |= {
        (a, b) for a, b in combinations(sorted(spellings), 2) if _ends_alike(fold(a), fold(b))
    }
    for a, b in sorted(pairs):
        seen_a = [m for m in teams[a] if (m.cls or "") == cls]
        seen_b = [m for m in teams[b] if (m.cls or "") == cls]
        if {m.table_index for m in seen_a} & {m.table_index for m in seen_b}:
            continue
        crew_a = {people.get(p, p) for m in seen_a for p in m.partners}
        crew_b = {people.get(p, p) for m in seen_b for p in m.partners}
        if crew_a & crew_b:
            yield a, b


_GENERIC = frozenset(
    {"racing", "motorsport", "motorsports", "team", "autosport", "engineering", "competition"}
)


def _ends_alike(a: str, b: str) -> bool:
    """One name is the other's last words, and they say more than a generic word."""
    short, long = sorted((a.split(), b.split()), key=len)
    if not short or len(short) == len(long) or long[-len(short) :] != short:
        return False
    return any(word not in _GENERIC and len(word) >= 3 for word in short)


def _keys(clusters: Clusters, mentions: dict[str, list[Mention]]) -> dict[str, str]:
    """Spelling → the folded form of its cluster's most written spelling (earliest on a tie)."""
    keys: dict[str, str] = {}
    used: set[str] = set()
    for group in clusters.groups():
        usual = max(group, key=lambda text: (len(mentions[text]), -_first_line(mentions[text])))
        key = fold(usual)
        while key in used:  # two clusters kept apart (one slot) that fold alike stay apart
            key += "\u0000"
        used.add(key)
        for text in group:
            keys[text] = key
    return keys


def _folded(keys: dict[str, str]) -> dict[str, str]:
    """The same keys looked up by folded spelling, as partners are written."""
    return {fold(text): key for text, key in keys.items()}


def _first_line(seen: list[Mention]) -> int:
    return min((m.line for m in seen), default=0)
