"""One JSON object per audit, for CI jobs and other tools.

The shape is a contract: ``{"source", "findings": [...], "summary": {"error", "warning",
"info"}}`` plus ``unclassified`` and ``skipped``; each finding carries at least ``rule``,
``severity``, ``table``, ``row``, ``column``, ``published``, ``expected``, ``line``, ``message``.
Values are kept whole; characters a terminal would act on are written as ``\\uXXXX`` escapes
(the same string to any JSON reader), so ``cat report.json`` is safe.
"""

from __future__ import annotations

import json
from typing import Any

from wikiaudit.reports.safe_text import terminal_safe_json
from wikiaudit.validators.audit import AuditResult


def as_dict(result: AuditResult) -> dict[str, Any]:
    return {
        "source": result.source,
        "title": result.document.title,
        "tables": len(result.document.tables),
        "findings": [finding.to_dict() for finding in result.findings],
        "summary": result.summary,
        "unclassified": result.unclassified,
        "skipped": result.skipped,
    }


def render(result: AuditResult) -> str:
    return terminal_safe_json(json.dumps(as_dict(result), indent=2, ensure_ascii=False)) + "\n"
