"""SARIF 2.1.0, so code-scanning dashboards can show and track findings across revisions.

Why ``partialFingerprints`` from the finding key: an edit anywhere above a table moves every
line number, and dashboards that match results by line would close and reopen every finding on
each revision. The key (rule, table, row, column) is made of labels that survive such edits, so
a finding stays "the same alert" until it is fixed. Grid positions, values and the article's
explanation go to ``properties``, which SARIF viewers show but do not interpret.

``level`` maps error/warning to the same names and info to ``note`` (SARIF's name for it).
Rules carry the registry's text (``fullDescription``, ``help``) and default level
(``defaultConfiguration.level``); a severity set with ``--severity`` or a config file is a
``ruleConfigurationOverrides`` entry of the invocation, whose ``exitCode`` is the exit status
(the same findings fail the run whatever the format). With a baseline every result has a
``baselineState`` (``new`` or ``unchanged``) and an accepted one an external, accepted
``suppression``; a correction ``--fix`` would make is a ``fix`` replacing the cell's text.
Findings without a line keep their artifact location but carry no ``region``: SARIF requires
``startLine >= 1`` and a made-up line would send the reader to the wrong place.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Any
from urllib.parse import quote

from wikiaudit.reports._common import accepted, baselined, exit_status, fails, group, tool_version
from wikiaudit.reports.safe_text import json_text
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.findings import Finding, Severity

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: SARIF's level of each severity (a :class:`Severity` or its text: it is a ``StrEnum``).
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
HELP_URI = "https://github.com/wikiaudit/wikiaudit#checks"
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


@dataclass(frozen=True, slots=True)
class Replacement:
    """Where ``--fix`` would rewrite a finding's cell, for a SARIF ``fix``: 1-based line and
    columns in UTF-16 code units (SARIF's default ``columnKind``), end column exclusive."""

    line: int
    start_column: int
    end_column: int
    text: str


FixKey = tuple[str, tuple[str, str | None, str | None, str | None], int | None]


def fix_key(source: str, finding: Finding) -> FixKey:
    """How the CLI's planned fixes are matched to results (a baseline copies findings)."""
    return (source, finding.key, finding.line)


def rule_descriptor(code: str, overrides: dict[str, str]) -> dict[str, Any]:
    """A ``reportingDescriptor`` from the registry: what it finds, why, what it needs."""
    from wikiaudit.validators.catalog import BY_CODE, describe

    rule = BY_CODE.get(code)
    descriptor: dict[str, Any] = {
        "id": code,
        "name": "".join(part.capitalize() for part in re.split(r"[-_\s]+", code)),
        "shortDescription": {"text": describe(code)},
    }
    if rule is None:
        return descriptor
    needs = rule.needs or "every table it applies to (no fitted reading needed)"
    fixable = (
        "Fixable: yes, when the corrected value is certain (audit ARTICLE --fix)."
        if rule.fixable
        else "Fixable: no; the finding names the cell and an editor decides."
    )
    descriptor |= {
        "fullDescription": {"text": f"{rule.summary} {rule.why}".strip()},
        "help": {
            "text": f"{rule.summary}\nWhy: {rule.why}\nRuns on: {needs}.\n{fixable}\n"
            f"More: audit --explain {code}",
        },
        "helpUri": HELP_URI,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"family": rule.family, "needs": needs, "fixable": rule.fixable},
    }
    if code in overrides:
        descriptor["properties"]["configuredLevel"] = LEVELS[overrides[code]]
    return descriptor


def _rules(
    findings: list[Finding], overrides: dict[str, str]
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    ids = sorted({finding.rule for finding in findings})
    descriptors = [rule_descriptor(rule, overrides) for rule in ids]
    return descriptors, {rule: index for index, rule in enumerate(ids)}


def _properties(finding: Finding, fail_on: str) -> dict[str, Any]:
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
        "failsRun": fails(finding, fail_on),
    }
    if finding.details:
        properties["details"] = finding.details
    return {key: value for key, value in properties.items() if value is not None}


def _fix(finding: Finding, replacement: Replacement, uri: str, index: int) -> dict[str, Any]:
    return {
        "description": {"text": f"Replace {finding.published} with {replacement.text}"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": uri, "index": index},
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": replacement.line,
                            "startColumn": replacement.start_column,
                            "endColumn": replacement.end_column,
                        },
                        "insertedContent": {"text": replacement.text},
                    }
                ],
            }
        ],
    }


def result_location(finding: Any, uri: str, artifact: int, line: int | None) -> dict[str, Any]:
    """Where a result is: the artifact and, when ``line`` is one (SARIF requires
    ``startLine >= 1``), its line; the table, row and column as a logical location."""
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "index": artifact}}
    if line is not None and line >= 1:
        physical["region"] = {"startLine": line}
    location: dict[str, Any] = {"physicalLocation": physical}
    names = [part for part in (finding.table, finding.row, finding.column) if part]
    if names:
        location["logicalLocations"] = [{"fullyQualifiedName": " > ".join(names)}]
    return location


def sarif_log(
    rules: list[dict[str, Any]],
    invocation: dict[str, Any],
    uris: list[str],
    results: list[dict[str, Any]],
    properties: dict[str, Any],
    *,
    information_uri: bool = True,
) -> dict[str, Any]:
    """The log around one run: the tool, its invocation, the audited artifacts, the results."""
    driver: dict[str, Any] = {"name": "wikiaudit", "version": tool_version()}
    if information_uri:
        driver["informationUri"] = HELP_URI
    driver["rules"] = rules
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "artifacts": [
                    {"location": {"uri": uri}, "roles": ["analysisTarget"]} for uri in uris
                ],
                "results": results,
                "properties": properties,
            }
        ],
    }


def _result(
    finding: Finding,
    uri: str,
    artifact: int,
    rule_index: int,
    fail_on: str,
    baseline_path: str | None,
    replacement: Replacement | None,
) -> dict[str, Any]:
    location = result_location(finding, uri, artifact, finding.line)
    entry: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding)},
    }
    if baselined(finding):
        entry["baselineState"] = "unchanged" if accepted(finding) else "new"
        if accepted(finding):
            entry["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": f"accepted in the baseline {baseline_path or ''}".strip(),
                }
            ]
    if replacement is not None:
        entry["fixes"] = [_fix(finding, replacement, uri, artifact)]
    entry["properties"] = _properties(finding, fail_on)
    return entry


def _source_properties(result: AuditResult, api: str | None) -> dict[str, Any]:
    return ({"api": api} if api else {}) | {
        "documentTitle": result.document.title,
        "tables": len(result.document.tables),
        "unclassifiedTables": list(result.unclassified),
        "skippedChecks": list(result.skipped),
    }


def build(result: AuditResult, **options: Any) -> dict[str, Any]:
    """The SARIF log as a dict (tests and callers that post-process skip the JSON round trip)."""
    return build_all([result], **options)


def build_all(
    results: list[AuditResult],
    *,
    fail_on: str = "error",
    baseline: Any = None,
    fixes: dict[FixKey, Replacement] | None = None,
    severity_overrides: dict[str, str] | None = None,
    apis: dict[str, str] | None = None,
    **_: Any,
) -> dict[str, Any]:
    """One run for the whole invocation: one artifact per article, every result in it."""
    overrides = severity_overrides or {}
    fixes = fixes or {}
    ordered: list[tuple[int, AuditResult, Finding]] = []
    for index, result in enumerate(results):
        grouped = group(result)
        findings = [f for entry in grouped.tables for f in entry.findings] + grouped.general
        ordered += [(index, result, finding) for finding in findings]
    rules, rule_index = _rules([finding for _, _, finding in ordered], overrides)
    uris = [artifact_uri(result.source) for result in results]
    baseline_path = getattr(baseline, "path", None)
    invocation: dict[str, Any] = {
        "executionSuccessful": True,
        "exitCode": exit_status([f for _, _, f in ordered], fail_on),
        "properties": {"failOn": fail_on},
    }
    configured = [
        {
            "descriptor": {"id": code, "index": rule_index[code]},
            "configuration": {"level": LEVELS[level]},
        }
        for code, level in sorted(overrides.items())
        if code in rule_index
    ]
    if configured:
        invocation["ruleConfigurationOverrides"] = configured
    properties = (
        _source_properties(results[0], (apis or {}).get(results[0].source))
        if len(results) == 1
        else {
            "sources": [
                {"uri": uri, **_source_properties(r, (apis or {}).get(r.source))}
                for uri, r in zip(uris, results, strict=True)
            ]
        }
    )
    entries = [
        _result(
            finding,
            uris[index],
            index,
            rule_index[finding.rule],
            fail_on,
            baseline_path,
            fixes.get(fix_key(result.source, finding)),
        )
        for index, result, finding in ordered
    ]
    return sarif_log(rules, invocation, uris, entries, properties)


def render(result: AuditResult, **options: Any) -> str:
    return render_all([result], **options)


def render_all(results: list[AuditResult], **options: Any) -> str:
    return json_text(build_all(results, **options))
