"""JUnit XML, the one report format every CI system already knows how to display.

Mapping, and why:

* one ``testsuite`` per audited table (named by its title, the heading path an editor
  navigates by), so a CI dashboard groups findings the way the article does;
* one ``testcase`` per finding, ``classname`` = rule and ``name`` = "row / column": both are
  labels that survive edits, so CI history tracks "the same test" across revisions (line
  numbers would not);
* errors **and warnings** are ``<failure>`` (``type`` says which): JUnit has no warning level,
  and CI dashboards hide passing tests, so a warning reported as a pass would never be seen.
  The build status is still decided by the CLI's ``--fail-on`` exit code, not by this file.
  Callers that want warnings to pass can use ``render(result, warnings_as_failures=False)``;
* info findings (including findings the article's prose explains) are passing test cases with
  the note in ``<system-out>``: the check ran and the table is fine;
* a clean table gets one passing ``testcase`` so the count of checked tables shows; a table no
  check applies to (unclassified) gets a ``<skipped>`` one instead, and checks the audit could
  not run appear as ``<skipped>`` cases in a ``wikiaudit checks`` suite.

Control characters, bidi overrides and lone surrogates are shown as visible escapes
(``\\x1b``, ``\\u202e``; see ``reports.safe_text``): XML 1.0 cannot hold most of them, one stray
byte would make the whole file unreadable to the CI, and the rest would act on a terminal.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from wikiaudit.reports._common import TableFindings, group
from wikiaudit.reports.safe_text import printable
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.findings import Finding, Severity

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(value: object) -> str:
    return _NOT_XML.sub("", printable(str(value), keep="\t\n"))


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, {key: clean(value) for key, value in attrs.items()})
    if text is not None:
        child.text = clean(text)
    return child


def _case_name(finding: Finding) -> str:
    parts = [part for part in (finding.row, finding.column) if part]
    return " / ".join(parts) if parts else "table"


def _detail(finding: Finding) -> str:
    fields = [
        ("severity", finding.severity.value),
        ("rule", finding.rule),
        ("table", finding.table),
        ("row", finding.row),
        ("column", finding.column),
        ("published", finding.published),
        ("expected", finding.expected),
        ("line", finding.line),
        ("explanation", finding.explanation),
        ("explanation line", finding.explanation_line),
    ]
    return "\n".join(f"{name}: {value}" for name, value in fields if value is not None)


def _add_finding(suite: ET.Element, finding: Finding, warnings_as_failures: bool) -> None:
    case = _element(suite, "testcase", classname=finding.rule, name=_case_name(finding), time="0")
    if finding.line is not None:
        case.set("line", str(finding.line))
    failing = finding.severity is Severity.ERROR or (
        finding.severity is Severity.WARNING and warnings_as_failures
    )
    if failing:
        _element(
            case,
            "failure",
            _detail(finding),
            message=finding.message,
            type=finding.severity.value,
        )
    else:
        _element(case, "system-out", f"{finding.message}\n{_detail(finding)}")


def _suite(
    parent: ET.Element,
    name: str,
    findings: list[Finding],
    warnings_as_failures: bool,
    properties: dict[str, str] | None = None,
) -> ET.Element:
    suite = _element(parent, "testsuite", name=name, time="0")
    if properties:
        bag = _element(suite, "properties")
        for key, value in properties.items():
            _element(bag, "property", name=key, value=value)
    for finding in findings:
        _add_finding(suite, finding, warnings_as_failures)
    return suite


def _finish(suite: ET.Element) -> tuple[int, int, int]:
    cases = suite.findall("testcase")
    failures = sum(1 for case in cases if case.find("failure") is not None)
    skipped = sum(1 for case in cases if case.find("skipped") is not None)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return len(cases), failures, skipped


def _table_suite(
    root: ET.Element,
    entry: TableFindings,
    name: str,
    warnings_as_failures: bool,
) -> ET.Element:
    table = entry.table
    properties = {"line": str(table.line), "headings": " > ".join(table.headings)}
    suite = _suite(root, name, entry.findings, warnings_as_failures, properties)
    if not entry.findings:
        case = _element(suite, "testcase", classname="wikiaudit", name="table", time="0")
        if entry.unclassified:
            _element(case, "skipped", message="no checks apply to this table")
    return suite


def _unique_names(entries: list[TableFindings]) -> list[str]:
    """Suite names must differ or CI merges them: repeated titles get their table number."""
    titles = [entry.table.title for entry in entries]
    return [
        title if titles.count(title) == 1 else f"{title} #{entry.table.index + 1}"
        for title, entry in zip(titles, entries, strict=True)
    ]


def build(result: AuditResult, *, warnings_as_failures: bool = True) -> ET.Element:
    grouped = group(result)
    root = ET.Element("testsuites", {"name": clean(f"wikiaudit {result.source}")})
    names = _unique_names(grouped.tables)
    for entry, name in zip(grouped.tables, names, strict=True):
        _table_suite(root, entry, name, warnings_as_failures)
    if grouped.general:
        _suite(root, "Findings not tied to one table", grouped.general, warnings_as_failures)
    if result.skipped:
        checks = _element(root, "testsuite", name="wikiaudit checks", time="0")
        for reason in result.skipped:
            case = _element(checks, "testcase", classname="wikiaudit", name=reason, time="0")
            _element(case, "skipped", message=reason)
    totals = [0, 0, 0]
    for suite in root.findall("testsuite"):
        for position, count in enumerate(_finish(suite)):
            totals[position] += count
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", "0")
    root.set("skipped", str(totals[2]))
    return root


def render(result: AuditResult, *, warnings_as_failures: bool = True) -> str:
    root = build(result, warnings_as_failures=warnings_as_failures)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
