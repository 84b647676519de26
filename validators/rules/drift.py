"""Spelling and nationality drift: one person or team written differently across tables.

Who is who comes from the season's linkage (``validators.linkage``): spellings are joined only
on the evidence of the tables, never by a list of the article's names. Each person or team
written more than one way gives one finding per unusual spelling, at that spelling's first cell,
naming every table each spelling occurs in (a warning: one table is wrong, and the report says
which spelling is the usual one).

A person (or team) flagged with two different present-day countries is a
``nationality-conflict`` warning, not an error: an article can mean it (a driver who changed
licence), and the finding cannot tell which table is right. The home nations count as the
United Kingdom, and a historical state (Rhodesia, East Germany) is never called a different
country from a present-day one. The same country written with two codes (``GER``/``DEU``) is not
reported: the page shows the same flag, and rendered HTML does not even keep the code.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from wikiaudit.scraper.nationality import country_name, sovereign
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.linkage import Kind, Linkage, links
from wikiaudit.validators.mentions import Mention
from wikiaudit.validators.season import Season

_SHOWN = 4
_WHAT = {"person": "driver", "team": "team"}


def check(season: Season) -> list[Finding]:
    linkage = links(season)
    findings = _spelling(linkage, "person", "name-drift")
    findings += _spelling(linkage, "team", "team-drift")
    findings += _countries(linkage, "person")
    findings += _countries(linkage, "team")
    return findings


def _spelling(linkage: Linkage, kind: Kind, rule: str) -> list[Finding]:
    """Each unusual spelling of a person or team, against the usual one."""
    mentions = linkage.people if kind == "person" else linkage.teams
    findings: list[Finding] = []
    for group in linkage.spellings(kind):
        ranked = sorted(group, key=lambda text: _weight(mentions[text]), reverse=True)
        usual = mentions[ranked[0]]
        for odd_text in ranked[1:]:
            odd = mentions[odd_text]
            at = odd[0]
            findings.append(
                Finding(
                    rule=rule,
                    severity=Severity.WARNING,
                    message=(
                        f"the same {_WHAT[kind]} is spelled {at.text!r} ({_places(odd)}) and "
                        f"{usual[0].text!r} ({_places(usual)})"
                    ),
                    table=at.table,
                    row=at.text,
                    column="Team" if kind == "team" else "Driver",
                    published=at.text,
                    expected=usual[0].text,
                    line=at.line,
                    table_index=at.table_index,
                    cell=at.cell,
                    details={
                        "spellings": {
                            at.text: [m.where for m in odd],
                            usual[0].text: [m.where for m in usual],
                        }
                    },
                )
            )
    return findings


def _countries(linkage: Linkage, kind: Kind) -> list[Finding]:
    """Per person (or team), each present-day country that is not the usual one."""
    findings: list[Finding] = []
    for seen in linkage.entities(kind):
        by_country: dict[str, list[Mention]] = defaultdict(list)
        for mention in seen:
            country = sovereign(mention.code)
            if country is not None:
                by_country[country].append(mention)
        if len(by_country) < 2:
            continue
        ranked = sorted(by_country.values(), key=_weight, reverse=True)
        usual = ranked[0]
        for odd in ranked[1:]:
            findings.append(_conflict(odd, usual, kind))
    return findings


def _conflict(odd: list[Mention], usual: list[Mention], kind: Kind) -> Finding:
    at = odd[0]
    name = usual[0].text
    odd_country = country_name(sovereign(at.code) or "")
    usual_country = country_name(sovereign(usual[0].code) or "")
    return Finding(
        rule="nationality-conflict",
        severity=Severity.WARNING,
        message=(
            f"{_WHAT[kind]} {name} is flagged {odd_country} ({_places(odd)}) and "
            f"{usual_country} ({_places(usual)}): two different countries"
        ),
        table=at.table,
        row=at.text,
        column="nationality",
        published=odd_country,
        expected=usual_country,
        line=at.line,
        table_index=at.table_index,
        cell=at.cell,
        details={
            "countries": {
                odd_country: [m.where for m in odd],
                usual_country: [m.where for m in usual],
            }
        },
    )


def _weight(seen: list[Mention]) -> tuple[int, int, int]:
    """The usual variant first: written more often; on a tie, the one with its accents (an
    accent is dropped by a keyboard, rarely added), then the one written earlier."""
    accents = sum(1 for ch in seen[0].text if unicodedata.decomposition(ch))
    return (len(seen), accents, -min(m.line for m in seen))


def _places(seen: list[Mention]) -> str:
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
