"""JUnit XML, the one report format every CI system already knows how to display.

Mapping, and why:

* one ``testsuite`` per audited table (named by its title, the heading path an editor
  navigates by), so a CI dashboard groups findings the way the article does;
* one ``testcase`` per finding, ``classname`` = rule and ``name`` = "row / column": both are
  labels that survive edits, so CI history tracks "the same test" across revisions (line
  numbers would not);
* a finding is a ``<failure>`` exactly when it fails the run (``verdict.fails``: its severity
  reaches ``--fail-on`` and no baseline accepts it), so the report's ``failures`` count is what
  the exit status counts and a CI test reporter can never fail a run the status passed, nor
  pass one it failed; ``type`` says the severity;
* a finding a baseline accepts is a ``<skipped>`` case whose message says it is accepted;
* every other finding (a warning under ``--fail-on error``, info, a finding the article's prose
  explains) is a passing case with the finding in ``<system-out>``;
* a clean table gets one passing ``testcase`` so the count of checked tables shows; a table no
  check applies to (unclassified) gets a ``<skipped>`` one instead, and checks the audit could
  not run appear as ``<skipped>`` cases in a ``wikiaudit checks`` suite.

Several articles in one run give one set of suites per article, named ``article: table``.
The file validates against the JUnit schema of Jenkins' xUnit plugin (``tests/data/schemas``).

Control characters, bidi overrides and lone surrogates are shown as visible escapes
(``\\x1b``, ``\\u202e``; see ``reports.safe_text``): XML 1.0 cannot hold most of them, one stray
byte would make the whole file unreadable to the CI, and the rest would act on a terminal.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from wikiaudit.reports._common import TableFindings, accepted, fails, group
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


def _add_finding(suite: ET.Element, finding: Finding, fail_on: str) -> None:
    case = _element(suite, "testcase", classname=finding.rule, name=_case_name(finding), time="0")
    if finding.line is not None:
        case.set("line", str(finding.line))
    if fails(finding, fail_on):
        _element(
            case,
            "failure",
            _detail(finding),
            message=finding.message,
            type=finding.severity.value,
        )
    elif accepted(finding):
        _element(
            case,
            "skipped",
            f"{finding.message}\n{_detail(finding)}",
            message=f"accepted in the baseline: {finding.message}",
            type="accepted",
        )
    else:
        _element(case, "system-out", f"{finding.message}\n{_passing(finding, fail_on)}")


def _passing(finding: Finding, fail_on: str) -> str:
    """Why a reported finding is a passing case: the reader of a CI page should not guess."""
    if finding.severity is Severity.INFO:
        return _detail(finding)
    return f"{_detail(finding)}\ndoes not fail the run: below --fail-on {fail_on}"


def _suite(
    parent: ET.Element,
    name: str,
    findings: list[Finding],
    fail_on: str,
    properties: dict[str, str] | None = None,
) -> ET.Element:
    suite = _element(parent, "testsuite", name=name, time="0")
    if properties:
        bag = _element(suite, "properties")
        for key, value in properties.items():
            _element(bag, "property", name=key, value=value)
    for finding in findings:
        _add_finding(suite, finding, fail_on)
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


def _table_suite(root: ET.Element, entry: TableFindings, name: str, fail_on: str) -> ET.Element:
    table = entry.table
    properties = {"line": str(table.line), "headings": " > ".join(table.headings)}
    suite = _suite(root, name, entry.findings, fail_on, properties)
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


def _article(root: ET.Element, result: AuditResult, prefix: str, fail_on: str) -> None:
    grouped = group(result)
    names = _unique_names(grouped.tables)
    for entry, name in zip(grouped.tables, names, strict=True):
        _table_suite(root, entry, prefix + name, fail_on)
    if grouped.general:
        _suite(root, prefix + "Findings not tied to one table", grouped.general, fail_on)
    if result.skipped:
        checks = _element(root, "testsuite", name=prefix + "wikiaudit checks", time="0")
        for reason in result.skipped:
            case = _element(checks, "testcase", classname="wikiaudit", name=reason, time="0")
            _element(case, "skipped", message=reason)


def build(result: AuditResult, **options: Any) -> ET.Element:
    return build_all([result], **options)


def build_all(results: list[AuditResult], *, fail_on: str = "error", **_: Any) -> ET.Element:
    """``testsuites`` for the run; ``failures`` counts exactly the findings that fail it."""
    several = len(results) > 1
    label = ", ".join(result.source for result in results)
    root = ET.Element("testsuites", {"name": clean(f"wikiaudit {label}")})
    for result in results:
        _article(root, result, f"{result.source}: " if several else "", fail_on)
    totals = [0, 0]
    for suite in root.findall("testsuite"):
        tests, failures, _skipped = _finish(suite)
        totals[0] += tests
        totals[1] += failures
    # The schema CI tools validate with has no ``skipped`` on ``testsuites``: each suite has it.
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", "0")
    return root


def render(result: AuditResult, **options: Any) -> str:
    return render_all([result], **options)


def render_all(results: list[AuditResult], **options: Any) -> str:
    root = build_all(results, **options)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
