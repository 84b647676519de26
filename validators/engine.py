"""Running every check on a season: the one place that knows the list of rules.

What the user selected (``--select``/``--ignore``, per-rule severity, a config file) is applied
here, from the rule registry (``validators.catalog``) through a ``config.Selection``: a rule left
out reports nothing, and a rule given another severity reports at that severity before the
article's prose is matched to findings (so a note lowers it as it would lower the default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

from wikiaudit.scraper.model import Document
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.build import read_season
from wikiaudit.validators.explain import explain
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.season import RuleSet, Season

if TYPE_CHECKING:
    from wikiaudit.config import Selection

RULE_MODULES = (
    "wikiaudit.validators.rules.readings",
    "wikiaudit.validators.rules.schema",
    "wikiaudit.validators.rules.totals",
    "wikiaudit.validators.rules.ordering",
    "wikiaudit.validators.rules.duplicates",
    "wikiaudit.validators.rules.calendar",
    "wikiaudit.validators.rules.table_schemas",
    "wikiaudit.validators.rules.winners",
    "wikiaudit.validators.rules.calendar_winners",
    "wikiaudit.validators.rules.team_best_car",
    "wikiaudit.validators.rules.entries",
    "wikiaudit.validators.rules.drift",
    "wikiaudit.validators.rules.positions",
    "wikiaudit.validators.rules.classification",
)


REMEMBERING = frozenset(
    {"wikiaudit.validators.rules.schema", "wikiaudit.validators.rules.table_schemas"}
)
"""The rule modules whose ``check`` takes a failure-case memo (the two that run pandera)."""


class Memos(Protocol):
    """What one ``audit history`` walk remembers between revisions (``history_reuse.Reuse``):
    standings read from reused rows, name linkages, pandera failure cases."""

    standings: Any
    linkage: Any
    failures: Any


def audit(
    document: Document,
    rules: RuleSet | None = None,
    selection: Selection | None = None,
    memos: Memos | None = None,
) -> AuditResult:
    """``rules``: the scoring from a ``--rules`` file, for articles without a points table;
    ``selection``: the rules to report and their severities (None: all, at their defaults);
    ``memos``: what a history walk remembers (the findings are the same with or without)."""
    season, findings = read_season(document, rules, memo=memos.standings if memos else None)
    if memos is not None:
        from wikiaudit.validators.linkage import remembered_links

        remembered_links(season, memos.linkage)
    findings = [*_parse_issue_findings(document), *findings]
    for name in RULE_MODULES:
        check: Callable[..., list[Finding]] = import_module(name).check
        remembering = memos is not None and name in REMEMBERING
        findings += check(season, memos.failures) if remembering else check(season)
    if selection is not None and not selection.everything:
        findings = select(findings, selection)
    findings = explain(findings, season, document)
    return AuditResult(
        source=document.source,
        document=document,
        findings=_ordered(findings),
        unclassified=[table.title for table in season.unclassified],
        skipped=_skipped(season),
        checked=_checked(season),
    )


def select(findings: list[Finding], selection: Selection) -> list[Finding]:
    """The findings of the selected rules, each at its configured severity."""
    chosen = []
    for finding in findings:
        if finding.rule not in selection.enabled:
            continue
        level = selection.severity.get(finding.rule)
        if level is not None and level != finding.severity.value:
            finding = replace(
                finding,
                severity=Severity(level),
                details={**finding.details, "configured_severity": level},
            )
        chosen.append(finding)
    return chosen


def _parse_issue_findings(document: Document) -> list[Finding]:
    return [
        Finding(
            rule=issue.rule,
            severity=Severity.INFO,
            message=issue.message,
            table=_table_title(document, issue.table_index),
            line=issue.line,
            table_index=issue.table_index,
        )
        for issue in document.issues
    ]


def _table_title(document: Document, index: int | None) -> str | None:
    """Parse issues name their table by index only; an index with no table gives no title."""
    if index is None or index >= len(document.tables):
        return None
    return document.tables[index].title


def _checked(season: Season) -> int:
    """How many season tables (standings, classifications) the audit read and checked."""
    return len({s.table.index for s in season.standings}) + len(
        {c.table.index for c in season.classifications}
    )


def _skipped(season: Season) -> list[str]:
    skipped = []
    if season.points is None and season.rules is None:
        skipped.append(
            "points-value and winner checks: the article has no points-system table "
            "(give one with --rules FILE)"
        )
    if not season.calendar:
        skipped.append("calendar checks: the article has no calendar table")
    return skipped


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Stable, de-duplicated, in source order: a report reads top to bottom like the article."""
    unique = {(f.key, f.line, f.message): f for f in findings}
    return sorted(
        unique.values(),
        key=lambda f: (f.table_index if f.table_index is not None else -1, f.line or 0, f.rule),
    )
