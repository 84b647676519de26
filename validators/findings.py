"""Findings: the one currency between checks and reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

from wikiaudit.verdict import RANK


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; lets ``--fail-on`` compare severities (``verdict.RANK``)."""
        return RANK[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One inconsistency, located well enough for an editor to go and fix it.

    ``row`` and ``column`` are labels (a driver or team name, a round code such as ``MOH``)
    rather than indices, because labels survive edits between revisions: baselines match on
    ``key``. ``cell`` gives the grid position (row index in ``Table.rows``, column index) for
    reports that draw the table. ``fix`` is set only when the corrected value is certain.
    """

    rule: str
    severity: Severity
    message: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    published: str | None = None
    expected: str | None = None
    line: int | None = None
    table_index: int | None = None
    cell: tuple[int, int] | None = None
    explanation: str | None = None
    explanation_line: int | None = None
    fix: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    context: str | None = None
    """Prose that may bear on the finding but does not explain it (a general rules paragraph
    facing an error): shown as "possibly explained by", the severity kept."""
    context_line: int | None = None

    @property
    def key(self) -> tuple[str, str | None, str | None, str | None]:
        """Identity across revisions: line numbers move, labels do not."""
        return (self.rule, self.table, self.row, self.column)

    def explained(self, note: str, line: int | None) -> Finding:
        """The same finding, lowered to ``info`` because the article's prose accounts for it."""
        return replace(
            self,
            severity=Severity.INFO,
            explanation=note,
            explanation_line=line,
            details={**self.details, "explained": True, "original_severity": self.severity.value},
        )

    def with_context(self, note: str, line: int | None) -> Finding:
        """The same finding, same severity, with prose that may bear on it attached."""
        return replace(self, context=note, context_line=line)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["cell"] = list(self.cell) if self.cell else None
        return data


def summarize(findings: list[Finding]) -> dict[str, int]:
    counts = {severity.value: 0 for severity in Severity}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts
