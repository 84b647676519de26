"""Spelling and nationality-code drift: one person or team written differently across tables.

Every occurrence of a name (entry list, results, standings) is collected with where it sits;
spellings are paired by ``validators.names`` (never by a list of the article's names), and each
pair is reported once, at the less common spelling, naming both and where each occurs. A flag
code written as ISO in one table and IOC/FIFA in another (``DNK``/``DEN``) is drift, a warning;
two codes for different countries are a conflict, an error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from wikiaudit.scraper.model import Name, Table
from wikiaudit.scraper.nationality import canonical, country_name
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.names import fold, person_drift_pairs, team_drift
from wikiaudit.validators.season import Season

_SHOWN = 4


@dataclass(frozen=True, slots=True)
class Seen:
    """One occurrence of a name in a table."""

    text: str
    code: str | None
    table: str | None
    table_index: int | None
    line: int
    cell: tuple[int, int] | None = None
    cls: str | None = None
    people: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        name: Name,
        table: Table | None,
        line: int,
        cell: tuple[int, int] | None = None,
        *,
        race_class: str | None = None,
        people: frozenset[str] = frozenset(),
    ) -> Seen:
        """``name`` as written in ``table``: every occurrence is recorded the same way."""
        return cls(
            name.text,
            name.nationality,
            table.title if table is not None else None,
            table.index if table is not None else None,
            line,
            cell,
            race_class,
            people,
        )

    @property
    def where(self) -> str:
        return f"{self.table or 'table'} line {self.line}"


def check(season: Season) -> list[Finding]:
    people, teams = occurrences(season)
    findings = _spelling(people, "driver", "name-drift")
    findings += _team_spelling(teams)
    findings += _codes(people, "driver")
    findings += _codes(teams, "team")
    return findings


def occurrences(season: Season) -> tuple[dict[str, list[Seen]], dict[str, list[Seen]]]:
    """Every spelling of every person and team, in article order."""
    people: dict[str, list[Seen]] = defaultdict(list)
    teams: dict[str, list[Seen]] = defaultdict(list)
    _entry_occurrences(season, people, teams)
    _result_occurrences(season, people, teams)
    _standings_occurrences(season, people, teams)
    return people, teams


def _entry_occurrences(
    season: Season, people: dict[str, list[Seen]], teams: dict[str, list[Seen]]
) -> None:
    """Drivers once per entry row; a team once per class, with its whole roster as evidence."""
    table = season.entries_table
    rosters: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in season.entries:
        if entry.team is not None:
            rosters[(entry.cls, entry.team.text)].add(fold(entry.driver.text))
    listed: set[tuple[str, str]] = set()
    for entry in season.entries:
        people[entry.driver.text].append(
            Seen.of(entry.driver, table, entry.line, (entry.row_index, 0))
        )
        if entry.team is not None and (entry.cls, entry.team.text) not in listed:
            listed.add((entry.cls, entry.team.text))
            teams[entry.team.text].append(
                Seen.of(
                    entry.team,
                    table,
                    entry.line,
                    race_class=entry.cls,
                    people=frozenset(rosters[(entry.cls, entry.team.text)]),
                )
            )


def _result_occurrences(
    season: Season, people: dict[str, list[Seen]], teams: dict[str, list[Seen]]
) -> None:
    """A winning team with its crew as evidence, and each driver on the line below it."""
    table = season.results_table
    for result in season.results:
        crew = frozenset(fold(d.text) for d in result.drivers)
        teams[result.team.text].append(
            Seen.of(
                result.team, table, result.line, result.cell, race_class=result.cls, people=crew
            )
        )
        for driver in result.drivers:
            people[driver.text].append(Seen.of(driver, table, result.drivers_line or result.line))


def _standings_occurrences(
    season: Season, people: dict[str, list[Seen]], teams: dict[str, list[Seen]]
) -> None:
    """Every row's name; a driver row's teams too, with that driver as their evidence."""
    for standings in season.standings:
        table = standings.table
        for row in standings.rows:
            cell = (row.row_index, 1)
            if standings.kind == "team":
                teams[row.name.text].append(
                    Seen.of(row.name, table, row.line, cell, race_class=standings.cls)
                )
                continue
            people[row.name.text].append(Seen.of(row.name, table, row.line, cell))
            for team in row.teams:
                teams[team.text].append(
                    Seen.of(
                        team,
                        table,
                        row.line,
                        race_class=standings.cls,
                        people=frozenset({fold(row.name.text)}),
                    )
                )


def _spelling(names: dict[str, list[Seen]], kind: str, rule: str) -> list[Finding]:
    return [_pair_finding(names[a], names[b], kind, rule) for a, b in person_drift_pairs(names)]


def _team_spelling(teams: dict[str, list[Seen]]) -> list[Finding]:
    """Team spellings are compared within a class, with their drivers as evidence."""
    by_class: dict[str, dict[str, list[Seen]]] = defaultdict(lambda: defaultdict(list))
    for spelling, seen in teams.items():
        for occurrence in seen:
            by_class[occurrence.cls or ""][spelling].append(occurrence)
    reported: set[frozenset[str]] = set()
    findings: list[Finding] = []
    for spellings in by_class.values():
        names = sorted(spellings)
        for i, a in enumerate(names):
            crew_a = frozenset().union(*(s.people for s in spellings[a]))
            for b in names[i + 1 :]:
                crew_b = frozenset().union(*(s.people for s in spellings[b]))
                key = frozenset({a, b})
                if key in reported or not team_drift(a, b, bool(crew_a & crew_b)):
                    continue
                reported.add(key)
                findings.append(_pair_finding(teams[a], teams[b], "team", "team-drift"))
    return findings


def _pair_finding(a: list[Seen], b: list[Seen], kind: str, rule: str) -> Finding:
    odd, usual = _minority(a, b)
    return _variant_finding(
        odd,
        usual,
        rule=rule,
        severity=Severity.WARNING,
        message=(
            f"the same {kind} is spelled {odd[0].text!r} ({_places(odd)}) and "
            f"{usual[0].text!r} ({_places(usual)})"
        ),
        column="Team" if kind == "team" else "Driver",
        variant=lambda seen: seen.text,
        details_key="spellings",
    )


def _codes(names: dict[str, list[Seen]], kind: str) -> list[Finding]:
    """Flag codes per person (spellings of one person pooled), compared pairwise once."""
    findings: list[Finding] = []
    for group in _people_groups(names, kind):
        by_code: dict[str, list[Seen]] = defaultdict(list)
        for seen in group:
            if seen.code:
                by_code[seen.code].append(seen)
        codes = sorted(by_code)
        for i, x in enumerate(codes):
            for y in codes[i + 1 :]:
                findings.append(_code_finding(by_code[x], by_code[y], kind))
    return findings


def _people_groups(names: dict[str, list[Seen]], kind: str) -> list[list[Seen]]:
    """Occurrences grouped by who they are (folded name; spellings of one person joined)."""
    groups: dict[str, list[Seen]] = defaultdict(list)
    for spelling, seen in names.items():
        groups[fold(spelling)].extend(seen)
    if kind == "driver":
        for a, b in person_drift_pairs(groups):
            if a in groups and b in groups:
                groups[a].extend(groups.pop(b))
    return list(groups.values())


def _code_finding(x: list[Seen], y: list[Seen], kind: str) -> Finding:
    odd, usual = _minority(x, y)
    if canonical(odd[0].code) == canonical(usual[0].code):
        rule, severity = "nationality-drift", Severity.WARNING
        what = f"two codes for {country_name(usual[0].code or '')}"
    else:
        rule, severity = "nationality-conflict", Severity.ERROR
        what = (
            f"two different countries ({country_name(odd[0].code or '')} and "
            f"{country_name(usual[0].code or '')})"
        )
    return _variant_finding(
        odd,
        usual,
        rule=rule,
        severity=severity,
        message=(
            f"{kind} {usual[0].text} is flagged {odd[0].code} ({_places(odd)}) and "
            f"{usual[0].code} ({_places(usual)}): {what}"
        ),
        column="nationality",
        variant=lambda seen: seen.code,
        details_key="codes",
    )


def _variant_finding(
    odd: list[Seen],
    usual: list[Seen],
    *,
    rule: str,
    severity: Severity,
    message: str,
    column: str,
    variant: Callable[[Seen], str | None],
    details_key: str,
) -> Finding:
    """A finding at the rarer variant (a spelling or a flag code), naming where each occurs."""
    at = odd[0]
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        table=at.table,
        row=at.text,
        column=column,
        published=variant(at),
        expected=variant(usual[0]),
        line=at.line,
        table_index=at.table_index,
        cell=at.cell,
        details={
            details_key: {
                variant(at): [s.where for s in odd],
                variant(usual[0]): [s.where for s in usual],
            }
        },
    )


def _minority(a: list[Seen], b: list[Seen]) -> tuple[list[Seen], list[Seen]]:
    """The rarer variant first; on a tie, the one that appears later in the article."""
    key_a = (len(a), -min(s.line for s in a))
    key_b = (len(b), -min(s.line for s in b))
    return (a, b) if key_a < key_b else (b, a)


def _places(seen: list[Seen]) -> str:
    """``Entry list lines 53, 60; GT standings line 430``: each table once, its first lines."""
    lines: dict[str, list[int]] = defaultdict(list)
    for occurrence in sorted(seen, key=lambda s: s.line):
        if occurrence.line not in lines[occurrence.table or "table"]:
            lines[occurrence.table or "table"].append(occurrence.line)
    parts = []
    for table, numbers in lines.items():
        shown = ", ".join(map(str, numbers[:_SHOWN]))
        more = f" and {len(numbers) - _SHOWN} more" if len(numbers) > _SHOWN else ""
        parts.append(f"{table} line{'s' if len(numbers) > 1 else ''} {shown}{more}")
    return "; ".join(parts)
