"""SARIF 2.1.0, so code-scanning dashboards can show and track findings across revisions.

Why ``partialFingerprints`` from the finding key: an edit anywhere above a table moves every
line number, and dashboards that match results by line would close and reopen every finding on
each revision. The key (rule, table, row, column) is made of labels that survive such edits, so
a finding stays "the same alert" until it is fixed. Grid positions, values and the article's
explanation go to ``properties``, which SARIF viewers show but do not interpret.

``level`` maps error/warning to the same names and info to ``note`` (SARIF's name for it).
Findings without a line keep their artifact location but carry no ``region``: SARIF requires
``startLine >= 1`` and a made-up line would send the reader to the wrong place.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import PureWindowsPath
from typing import Any
from urllib.parse import quote

from wikiaudit.reports._common import group, tool_version
from wikiaudit.reports.safe_text import terminal_safe_json
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.findings import Finding, Severity

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "wikiauditFindingKey/v1"

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
_URI_SAFE = "/:@!$&'()*+,;=~%?#[]"


def artifact_uri(source: str) -> str:
    """A valid URI reference for the audited source: URLs as given, paths as file URIs.

    Relative paths stay relative (that is what lets GitHub attach the alert to a repository
    file); absolute paths become ``file://`` URIs; characters a URI cannot hold are encoded.
    """
    drive = PureWindowsPath(source).drive
    if len(drive) == 2 and drive[1] == ":":
        return "file:///" + _quote(PureWindowsPath(source).as_posix(), safe="/:")
    if _SCHEME.match(source):
        return _quote(source, safe=_URI_SAFE)
    if source.startswith("/"):
        return "file://" + _quote(source, safe="/")
    return _quote(source, safe="/")


def _quote(text: str, safe: str) -> str:
    """Percent-encoding that also takes lone surrogates: a file name of undecodable bytes
    (``surrogateescape``, as Python reads such names) gives those bytes back; any other lone
    surrogate (text from a broken API answer) is encoded as it stands."""
    try:
        return quote(text, safe=safe, errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(text, safe=safe, errors="surrogatepass")


def fingerprint(finding: Finding) -> str:
    """A stable hash of the finding key; JSON keeps ``None`` and ``""`` distinct.

    ``surrogatepass``: a lone surrogate (a broken API answer, an undecodable file name) must not
    crash the report; every other key hashes exactly as before.
    """
    payload = json.dumps(list(finding.key), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _describe(rule: str) -> str:
    """The rule's one-sentence meaning from the validators' catalogue."""
    from wikiaudit.validators.catalog import describe

    return describe(rule)


def _rules(findings: list[Finding]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    ids = sorted({finding.rule for finding in findings})
    rules = [
        {
            "id": rule,
            "name": "".join(part.capitalize() for part in re.split(r"[-_\s]+", rule)),
            "shortDescription": {"text": _describe(rule)},
        }
        for rule in ids
    ]
    return rules, {rule: index for index, rule in enumerate(ids)}


def _properties(finding: Finding) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "severity": finding.severity.value,
        "table": finding.table,
        "tableIndex": finding.table_index,
        "row": finding.row,
        "column": finding.column,
        "cell": list(finding.cell) if finding.cell is not None else None,
        "published": finding.published,
        "expected": finding.expected,
        "fix": finding.fix,
        "explanation": finding.explanation,
        "explanationLine": finding.explanation_line,
    }
    if finding.details:
        properties["details"] = finding.details
    return {key: value for key, value in properties.items() if value is not None}


def _result(finding: Finding, uri: str, rule_index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if finding.line is not None and finding.line >= 1:
        physical["region"] = {"startLine": finding.line}
    location: dict[str, Any] = {"physicalLocation": physical}
    names = [part for part in (finding.table, finding.row, finding.column) if part]
    if names:
        location["logicalLocations"] = [{"fullyQualifiedName": " > ".join(names)}]
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding)},
        "properties": _properties(finding),
    }


def build(result: AuditResult) -> dict[str, Any]:
    """The SARIF log as a dict (tests and callers that post-process skip the JSON round trip)."""
    grouped = group(result)
    ordered = [f for entry in grouped.tables for f in entry.findings] + grouped.general
    rules, index = _rules(ordered)
    uri = artifact_uri(result.source)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wikiaudit",
                        "version": tool_version(),
                        "rules": rules,
                    }
                },
                "artifacts": [{"location": {"uri": uri}}],
                "results": [_result(f, uri, index[f.rule]) for f in ordered],
                "properties": {
                    "documentTitle": result.document.title,
                    "tables": len(result.document.tables),
                    "unclassifiedTables": list(result.unclassified),
                    "skippedChecks": list(result.skipped),
                },
            }
        ],
    }


def render(result: AuditResult) -> str:
    return terminal_safe_json(json.dumps(build(result), indent=2, ensure_ascii=False)) + "\n"
