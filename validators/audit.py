"""The result of one audit: what reports render and what the CLI turns into an exit status."""

from __future__ import annotations

from dataclasses import dataclass, field

from wikiaudit.scraper.model import Document
from wikiaudit.validators.findings import Finding, summarize


@dataclass(slots=True)
class AuditResult:
    """Findings plus the document they were found in, so reports can draw the tables.

    ``unclassified`` lists tables the audit saw but has no checks for (listed, not failed on);
    ``skipped`` says which checks could not run and why (e.g. no points system in the article).
    """

    source: str
    document: Document
    findings: list[Finding]
    unclassified: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    checked: int = 0
    """Season tables (standings, race classifications) read and checked: 0 means the page
    was not audited at all, which the CLI reports as an input error, never as clean."""

    @property
    def summary(self) -> dict[str, int]:
        return summarize(self.findings)
