"""What every renderer needs to agree on: which table a finding belongs to, and in what order.

Kept in one place so that the Markdown, HTML, SARIF and JUnit reports of one audit place each
finding under the same table and list them in the same order; a reader comparing two formats
should never have to wonder why they disagree.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from wikiaudit.scraper.model import Table
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.findings import Finding, Severity, summarize

from wikiaudit.verdict import accepted, baselined, exit_status, failing, fails

SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(slots=True)
class TableFindings:
    """One audited table and the findings located in it.

    ``unclassified``: no check applies to the table (the audit lists it by title); set once by
    :func:`group` so every format says "not checked" for the same tables.
    """

    table: Table
    findings: list[Finding] = field(default_factory=list)
    unclassified: bool = False

    @property
    def counts(self) -> dict[str, int]:
        return summarize(self.findings)


@dataclass(slots=True)
class Grouped:
    """Findings sorted under their tables; ``general`` holds those that name no known table."""

    tables: list[TableFindings]
    general: list[Finding]


def sort_key(finding: Finding) -> tuple[int, int, tuple[int, int], str]:
    """Worst first, then in article order, so an editor triages and then walks down the page."""
    line = finding.line if finding.line is not None else 1 << 30
    cell = finding.cell if finding.cell is not None else (1 << 30, 0)
    return (-finding.severity.rank, line, cell, finding.rule)


def group(result: AuditResult) -> Grouped:
    """Place each finding under a table: by index when given, else by title, else ``general``.

    Checks set ``table_index`` when they know it; parse issues and older baselines may carry only
    the table title, which still places them when it is unambiguous.
    """
    unclassified = set(result.unclassified)
    tables = [
        TableFindings(table, unclassified=table.title in unclassified)
        for table in result.document.tables
    ]
    by_title: dict[str, list[int]] = {}
    for position, table in enumerate(result.document.tables):
        by_title.setdefault(table.title, []).append(position)
    general: list[Finding] = []
    for finding in result.findings:
        position = finding.table_index
        if position is None or not 0 <= position < len(tables):
            matches = by_title.get(finding.table or "", [])
            position = matches[0] if len(matches) == 1 else None
        if position is None:
            general.append(finding)
        else:
            tables[position].findings.append(finding)
    for entry in tables:
        entry.findings.sort(key=sort_key)
    general.sort(key=sort_key)
    return Grouped(tables, general)


def cell_in(finding: Finding, table: Table) -> tuple[int, int] | None:
    """The finding's grid position if it really exists in ``table``; a stale one is dropped.

    A baseline or a buggy check could point past the grid; reports then list the finding under
    the table instead of crashing or highlighting the wrong cell.
    """
    if finding.cell is None:
        return None
    row, column = finding.cell
    if 0 <= row < len(table.rows) and 0 <= column < len(table.rows[row].cells):
        return (row, column)
    return None


def worst(findings: list[Finding]) -> Severity:
    """The most severe of ``findings`` (INFO for none): the one colour a marked cell gets.

    Kept here rather than on ``AuditResult``: reports need it per cell, not per audit.
    """
    return max((f.severity for f in findings), key=lambda s: s.rank, default=Severity.INFO)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def severity_count(severity: Severity, count: int) -> str:
    """``"2 errors"``, ``"1 warning"``, ``"3 info"``: "info" is a mass noun with no plural."""
    if severity is Severity.INFO:
        return f"{count} info"
    return plural(count, severity.value)


def tool_version() -> str:
    """The package version, without requiring the package to be installed (tests run from src)."""
    version = getattr(importlib.import_module("wikiaudit"), "__version__", None)
    if isinstance(version, str):
        return version
    try:
        return metadata.version("wikiaudit")
    except metadata.PackageNotFoundError:
        return "0+unknown"


__all__ = ["accepted", "baselined", "exit_status", "failing", "fails"]


def baseline_mark(finding: Any) -> str:
    """``"accepted"`` or ``"new"`` when a baseline was applied to the finding, else ``""``."""
    if not baselined(finding):
        return ""
    return "accepted" if accepted(finding) else "new"


def all_findings(results: list[AuditResult]) -> list[Finding]:
    return [finding for result in results for finding in result.findings]


def totals(results: list[AuditResult]) -> dict[str, int]:
    return summarize(all_findings(results))


def counts_phrase(counts: dict[str, int]) -> str:
    """``"1 error, 2 warnings, 0 info"``: every severity, singular where it is one."""
    return ", ".join(severity_count(s, counts[s.value]) for s in SEVERITIES)


def verdict_dict(results: list[AuditResult], fail_on: str) -> dict[str, Any]:
    """What the exit status is made of, for the machine-readable reports."""
    findings = all_findings(results)
    return {
        "fail_on": fail_on,
        "failing": sum(1 for f in findings if fails(f, fail_on)),
        "accepted": sum(1 for f in findings if accepted(f)),
        "exit_status": exit_status(findings, fail_on),
    }


@dataclass(frozen=True, slots=True)
class RuleCount:
    """One line of ``--statistics``: how often a rule reported at one severity."""

    rule: str
    severity: str
    count: int
    accepted: int
    failing: int
    fixable: bool


def statistics(findings: list[Finding], fail_on: str = "error") -> list[RuleCount]:
    """Counts per rule and severity, most frequent first (ruff's ``--statistics``)."""
    from wikiaudit.validators.catalog import BY_CODE

    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.rule, finding.severity.value), []).append(finding)
    rows = [
        RuleCount(
            rule,
            severity,
            len(items),
            sum(1 for f in items if accepted(f)),
            sum(1 for f in items if fails(f, fail_on)),
            bool(BY_CODE.get(rule) and BY_CODE[rule].fixable),
        )
        for (rule, severity), items in groups.items()
    ]
    return sorted(rows, key=lambda r: (-r.count, -Severity(r.severity).rank, r.rule))
