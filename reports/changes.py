"""``--compare`` and ``audit history`` in every report format, not only text and JSON.

Both report findings that changed between revisions: a comparison lists the findings the newer
revision *introduced* and those it *fixed*; a history lists the *current* findings (with the
revision that introduced each) and the *fixed* ones (with the revision that fixed each). Both
are turned into one :class:`ChangeReport` here, which every format renders:

* ``sarif``: introduced findings are results with ``baselineState: "new"``, fixed ones
  ``"absent"``, current findings of a history ``"new"`` when the walk saw them appear and
  ``"unchanged"`` when they were there from its first revision; the invocation's ``exitCode``
  is the exit status;
* ``junit``: one suite per list; a case fails exactly when its finding fails the run (the
  introduced or current findings at or above ``--fail-on``), fixed findings pass;
* ``github``: an annotation per introduced or current error or warning;
* ``markdown`` (wikitext, for a talk page) and ``html``: the lists as tables.

``text`` and ``json`` stay with their owners (``ci.render_comparison``,
``history.render_history``), which this module calls for them. Only the lists that can fail
the run (``counted``) reach the exit status: the CLI passes the same findings to
``cli.status``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

from wikiaudit.reports.safe_text import json_text, printable

from wikiaudit.verdict import exit_status, fails

if TYPE_CHECKING:
    from wikiaudit.ci import Comparison, Reported
    from wikiaudit.history import History

#: Formats ``--compare`` and ``audit history`` report in.
FORMATS = ("text", "json", "markdown", "html", "sarif", "junit", "github")


@dataclass(frozen=True, slots=True)
class Change:
    finding: Reported
    state: str
    """SARIF's ``baselineState``: ``new``, ``unchanged`` or ``absent``."""
    note: str = ""
    """Which revision introduced or fixed it, when known."""


@dataclass(slots=True)
class Section:
    name: str
    changes: list[Change]
    counted: bool
    """The findings of this list can fail the run (introduced, current)."""


@dataclass(slots=True)
class ChangeReport:
    title: str
    source: str
    """The article the findings are located in (the newer revision, or the history's page)."""
    sections: list[Section] = field(default_factory=list)
    summary: str = ""

    def counted(self) -> list[Reported]:
        return [c.finding for s in self.sections if s.counted for c in s.changes]


# ------------------------------------------------------------------------------ building


def from_comparison(comparison: Comparison) -> ChangeReport:
    introduced = [Change(f, "new") for f in comparison.introduced]
    fixed = [Change(f, "absent") for f in comparison.fixed]
    return ChangeReport(
        title=f"compare {comparison.old} -> {comparison.new}",
        source=comparison.new,
        sections=[Section("introduced", introduced, True), Section("fixed", fixed, False)],
        summary=(
            f"{len(introduced)} introduced, {len(fixed)} fixed, {comparison.unchanged} unchanged"
        ),
    )


def from_history(history: History) -> ChangeReport:
    def rev(info: Any) -> str:
        user = info.user or "(hidden user)"
        return f"revision {info.revid} ({info.timestamp}, {user}) {info.url}"

    current = [
        Change(
            run.finding,
            "unchanged" if history.at_or_before(run) else "new",
            f"introduced {'at or before ' if history.at_or_before(run) else ''}by "
            f"{rev(run.introduced)}",
        )
        for run in history.current
    ]
    fixed = [
        Change(run.finding, "absent", f"fixed by {rev(run.fixed)}" if run.fixed else "fixed")
        for run in history.fixed
    ]
    return ChangeReport(
        title=f"history of {history.title or history.source}",
        source=history.last.url if history.last else history.source,
        sections=[Section("current", current, True), Section("fixed", fixed, False)],
        summary=(
            f"{history.walked} revisions walked, {history.audited} audited; "
            f"{len(current)} current, {len(fixed)} fixed"
        ),
    )


def render_comparison(comparison: Comparison, fmt: str, *, fail_on: str = "error") -> str:
    if fmt in ("text", "json"):
        from wikiaudit.ci import render_comparison as own

        return own(comparison, fmt)
    return render(from_comparison(comparison), fmt, fail_on=fail_on)


def render_history(history: History, fmt: str, *, fail_on: str = "error") -> str:
    """``audit history --format FMT`` (``commands/history.py`` calls this)."""
    if fmt in ("text", "json"):
        from wikiaudit.history import render_history as own

        return own(history, fmt)
    return render(from_history(history), fmt, fail_on=fail_on)


def render(report: ChangeReport, fmt: str, *, fail_on: str = "error") -> str:
    renderers = {
        "markdown": _markdown,
        "html": _html,
        "sarif": _sarif,
        "junit": _junit,
        "github": _github,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r} for a comparison or history")
    return renderers[fmt](report, fail_on)


def _where(finding: Reported) -> str:
    return " · ".join(part for part in (finding.table, finding.row, finding.column) if part)


# ------------------------------------------------------------------------------- formats


def _sarif(report: ChangeReport, fail_on: str) -> str:
    from wikiaudit.reports.sarif import (
        LEVELS,
        artifact_uri,
        result_location,
        rule_descriptor,
        sarif_log,
    )

    uri = artifact_uri(report.source)
    changes = [change for section in report.sections for change in section.changes]
    rule_ids = sorted({change.finding.rule for change in changes})
    results = []
    for section in report.sections:
        for change in section.changes:
            finding = change.finding
            line = finding.line if change.state != "absent" else None
            properties: dict[str, Any] = {
                "list": section.name,
                "severity": str(finding.severity),
                "failsRun": section.counted and fails(finding, fail_on),
            }
            if change.note:
                properties["revision"] = change.note
            results.append(
                {
                    "ruleId": finding.rule,
                    "ruleIndex": rule_ids.index(finding.rule),
                    "level": LEVELS[str(finding.severity)],
                    "message": {"text": finding.message},
                    "locations": [result_location(finding, uri, 0, line)],
                    "baselineState": change.state,
                    "properties": properties,
                }
            )
    log = sarif_log(
        [rule_descriptor(code, {}) for code in rule_ids],
        {
            "executionSuccessful": True,
            "exitCode": exit_status(report.counted(), fail_on),
            "properties": {"failOn": fail_on},
        },
        [uri],
        results,
        {"title": report.title, "summary": report.summary},
        information_uri=False,
    )
    return json_text(log)


def _junit(report: ChangeReport, fail_on: str) -> str:
    import xml.etree.ElementTree as ET

    from wikiaudit.reports.junit import clean

    root = ET.Element("testsuites", {"name": clean(f"wikiaudit {report.title}")})
    total_tests = total_failures = 0
    for section in report.sections:
        suite = ET.SubElement(root, "testsuite", {"name": section.name, "time": "0"})
        failures = 0
        for change in section.changes:
            finding = change.finding
            name = " / ".join(p for p in (finding.row, finding.column) if p) or "table"
            case = ET.SubElement(
                suite,
                "testcase",
                {"classname": clean(finding.rule), "name": clean(name), "time": "0"},
            )
            detail = clean(f"{finding.message}\n{_where(finding)}\n{change.note}".strip())
            if section.counted and fails(finding, fail_on):
                failures += 1
                ET.SubElement(
                    case,
                    "failure",
                    {"message": clean(finding.message), "type": str(finding.severity)},
                ).text = detail
            else:
                ET.SubElement(case, "system-out").text = detail
        if not section.changes:
            ET.SubElement(suite, "testcase", {"classname": "wikiaudit", "name": "none"})
        tests = max(len(section.changes), 1)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total_tests += tests
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _github(report: ChangeReport, fail_on: str) -> str:
    from wikiaudit.reports.github import escape_data, escape_property, is_file_source

    lines = []
    for section in report.sections:
        if not section.counted:
            continue
        for change in section.changes:
            finding = change.finding
            level = {"error": "error", "warning": "warning"}.get(str(finding.severity))
            if level is None:
                continue
            properties = []
            if is_file_source(report.source):
                properties.append(f"file={escape_property(report.source)}")
                if finding.line:
                    properties.append(f"line={finding.line}")
            title = f"wikiaudit {finding.rule} ({section.name})"
            properties.append(f"title={escape_property(title)}")
            message = finding.message + (f" [{_where(finding)}]" if _where(finding) else "")
            if change.note:
                message += f"; {change.note}"
            lines.append(f"::{level} {','.join(properties)}::{escape_data(message)}")
    lines.append(escape_data(f"wikiaudit {report.title}: {report.summary}"))
    return "\n".join(lines) + "\n"


def _markdown(report: ChangeReport, fail_on: str) -> str:
    from wikiaudit.reports.markdown import wiki

    lines = [f"== wikiaudit: {wiki(report.title)} ==", f"Summary: {wiki(report.summary)}."]
    for section in report.sections:
        lines += ["", f"=== {section.name.capitalize()} ({len(section.changes)}) ==="]
        if not section.changes:
            lines.append("None.")
            continue
        lines += [
            '{| class="wikitable sortable"',
            "! Table !! Row !! Column !! Rule !! Severity !! Line !! Message !! Revision",
        ]
        for change in section.changes:
            f = change.finding
            cells = [
                wiki(f.table),
                wiki(f.row),
                wiki(f.column),
                wiki(f.rule),
                wiki(str(f.severity)),
                str(f.line or ""),
                wiki(f.message),
                wiki(change.note),
            ]
            lines += ["|-", "| " + " || ".join(cells)]
        lines.append("|}")
    return "\n".join(lines) + "\n"


def _html(report: ChangeReport, fail_on: str) -> str:
    from wikiaudit.reports._common import tool_version
    from wikiaudit.reports.html import CSP, CSS, SCRIPT, source_link

    def e(value: object) -> str:
        return escape(printable(str(value), keep="\n"), quote=True)

    parts = []
    for section in report.sections:
        rows = "".join(
            f'<li class="item-{e(c.finding.severity)}"><div class="head">'
            f'<span class="badge sev-{e(c.finding.severity)}">{e(c.finding.severity)}</span>'
            f"<code>{e(c.finding.rule)}</code>"
            f'<span class="loc">{e(_where(c.finding))}'
            f"{' · line ' + e(c.finding.line) if c.finding.line else ''}</span></div>"
            f'<p class="msg">{e(c.finding.message)}</p>'
            + (f'<p class="values">{e(c.note)}</p>' if c.note else "")
            + "</li>"
            for c in section.changes
        )
        body = f'<ol class="finding-list">{rows}</ol>' if rows else '<p class="empty">None.</p>'
        parts.append(
            f'<details class="table-block" open><summary><h2>{e(section.name.capitalize())} '
            f'({len(section.changes)})</h2></summary><div class="body">{body}</div></details>'
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>wikiaudit: {e(report.title)}</title><style>{CSS}</style></head>\n<body>"
        '<header class="topbar"><span class="brand">wikiaudit</span>'
        f'<div class="doc"><h1>{e(report.title)}</h1><div class="source">'
        f"{e(report.summary)} · {source_link(report.source)}</div></div></header>"
        f"<main>{''.join(parts)}</main>"
        f"<footer>Generated by wikiaudit {e(tool_version())}</footer>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
