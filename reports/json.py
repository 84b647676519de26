"""One JSON object per audit, for CI jobs and other tools.

The shape is a contract: ``{"source", "findings": [...], "summary": {"error", "warning",
"info"}}`` plus ``unclassified`` and ``skipped``; each finding carries at least ``rule``,
``severity``, ``table``, ``row``, ``column``, ``published``, ``expected``, ``line``, ``message``.
``verdict`` says what the exit status is made of (``fail_on``, ``failing``, ``accepted``,
``exit_status``); a live revision's object names the ``api`` it came from; with a baseline
every finding has ``"accepted": true|false`` and a ``baseline`` object counts them;
``--statistics`` adds ``statistics`` (counts per rule). Several articles give
``{"sources": [one object per article], "summary", "verdict"}``.

Values are kept whole; characters a terminal would act on are written as ``\\uXXXX`` escapes
(the same string to any JSON reader), so ``cat report.json`` is safe.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from wikiaudit.reports._common import (
    accepted,
    all_findings,
    baselined,
    totals,
    verdict_dict,
)
from wikiaudit.reports._common import statistics as rule_statistics
from wikiaudit.reports.safe_text import json_text
from wikiaudit.validators.audit import AuditResult

if TYPE_CHECKING:
    from wikiaudit.ci import BaselineSummary


def as_dict(result: AuditResult, api: str | None = None) -> dict[str, Any]:
    findings = []
    for finding in result.findings:
        item = finding.to_dict()
        if baselined(finding):
            item["accepted"] = accepted(finding)
        findings.append(item)
    data: dict[str, Any] = {"source": result.source}
    if api:
        data["api"] = api
    return data | {
        "title": result.document.title,
        "tables": len(result.document.tables),
        "findings": findings,
        "summary": result.summary,
        "unclassified": result.unclassified,
        "skipped": result.skipped,
    }


def build(
    results: list[AuditResult],
    *,
    fail_on: str = "error",
    baseline: BaselineSummary | None = None,
    statistics: bool = False,
    apis: dict[str, str] | None = None,
) -> dict[str, Any]:
    apis = apis or {}
    dicts = [as_dict(result, apis.get(result.source)) for result in results]
    data = dicts[0] if len(results) == 1 else {"sources": dicts, "summary": totals(results)}
    data["verdict"] = verdict_dict(results, fail_on)
    if baseline is not None:
        data["baseline"] = baseline.as_dict()
    if statistics:
        data["statistics"] = [asdict(row) for row in _statistics(results, fail_on)]
    return data


def _statistics(results: list[AuditResult], fail_on: str) -> list[Any]:
    return rule_statistics(all_findings(results), fail_on)


def dumps(data: Any) -> str:
    return json_text(data)


def render(result: AuditResult, **options: Any) -> str:
    return render_all([result], **options)


def render_all(
    results: list[AuditResult],
    *,
    fail_on: str = "error",
    baseline: BaselineSummary | None = None,
    statistics: bool = False,
    apis: dict[str, str] | None = None,
    **_: Any,
) -> str:
    return dumps(
        build(results, fail_on=fail_on, baseline=baseline, statistics=statistics, apis=apis)
    )
