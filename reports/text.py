"""The terminal report: findings grouped by table, worst first, one summary line.

Rendered with rich so a terminal gets colour and a pipe or file gets plain text of the same
layout; the severity is always spelled out, never shown by colour alone. Errors and warnings
get their full story (published, expected, fix, the note that explains them); ``info`` findings
are context, so each takes one line. A long note is printed once per table, at the first finding
it bears on; later findings of the table refer to it by line ("see note at line 269"), so a
rules paragraph that explains ten findings is read once, not ten times.

With a baseline, every finding's head line ends in ``accepted`` or ``new``, and the summary
says how many of each. ``quiet`` keeps only the findings that fail the run (what the exit status
counts) and the summary; ``statistics`` replaces the findings by a count per rule. Several
articles are reported one after the other, with a line of totals at the end.

Every string from the article goes through :func:`reports.safe_text.shown`: control characters
and bidi overrides are shown escaped (a cell must not drive the terminal), and values longer
than a screen are cut (``--format json`` keeps them whole).
"""

from __future__ import annotations

import io
import textwrap
from itertools import groupby
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text
from wikiaudit.reports._common import (
    all_findings,
    baseline_mark,
    counts_phrase,
    failing,
    fails,
    plural,
    totals,
)
from wikiaudit.reports._common import statistics as rule_statistics
from wikiaudit.reports.safe_text import SENTENCE_CHARS, VALUE_CHARS, shown
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.findings import Finding

if TYPE_CHECKING:
    from wikiaudit.ci import BaselineSummary

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_MARK_STYLE = {"accepted": "dim", "new": "bold magenta"}
_INDENT = 10
_WIDTH = 100
_LONG_NOTE = 120
"""Notes longer than this are printed once per table and referred to after that."""


def render(result: AuditResult, **options: Any) -> str:
    return render_all([result], **options)


def render_all(
    results: list[AuditResult],
    *,
    color: bool = False,
    width: int = _WIDTH,
    fail_on: str = "error",
    quiet: bool = False,
    statistics: bool = False,
    baseline: BaselineSummary | None = None,
    apis: dict[str, str] | None = None,
    **_: Any,
) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        markup=False,
    )
    for number, result in enumerate(results):
        if number:
            console.print()
        if statistics:
            _statistics(console, result.findings, fail_on)
            console.print()
        elif quiet:
            if _quiet(console, result, fail_on):
                console.print()
        else:
            _full(console, result, (apis or {}).get(result.source))
            console.print()
        console.print(summary_line(result))
    if baseline is not None:
        console.print(baseline.text_line())
    if len(results) > 1:
        if statistics:
            console.print()
            console.print(Text("All articles:", style="bold"))
            _statistics(console, all_findings(results), fail_on)
        console.print(totals_line(results, fail_on))
    return buffer.getvalue()


def _full(console: Console, result: AuditResult, api: str | None = None) -> None:
    title = shown(result.document.title or result.source)
    console.print(Text(f"wikiaudit: {title}", style="bold"))
    tables = plural(len(result.document.tables), "table")
    console.print(Text(f"source: {shown(result.source)} · {tables}"))
    if api:
        console.print(Text(f"api: {shown(api)}"))
    console.print(summary_line(result))
    _findings(console, result.findings)
    if result.unclassified:
        console.print()
        console.print(Text("Tables not audited (kind not recognised):", style="bold"))
        for name in result.unclassified:
            console.print(Text(f"  - {shown(name)}"))
    for reason in result.skipped:
        console.print(Text(f"skipped: {shown(reason, SENTENCE_CHARS)}", style="dim"))


def _quiet(console: Console, result: AuditResult, fail_on: str) -> bool:
    """Only what fails the run: the findings the exit status counts, and no header."""
    found = failing(result.findings, fail_on)
    if found:
        console.print(Text(shown(result.source), style="bold"))
        _findings(console, found)
    return bool(found)


def _findings(console: Console, findings: list[Finding]) -> None:
    tables = groupby(findings, key=lambda f: (f.table_index is None, f.table or ""))
    for (_, table), group in tables:
        console.print()
        console.print(Text(shown(table) or "(article)", style="bold underline"))
        noted: set[int] = set()
        for finding in sorted(group, key=lambda f: (-f.severity.rank, f.line or 0)):
            _print_finding(console, finding, noted)


def _statistics(console: Console, findings: list[Finding], fail_on: str) -> None:
    rows = rule_statistics(findings, fail_on)
    console.print(Text("Findings per rule:", style="bold"))
    if not rows:
        console.print(Text("  (none)"))
    for row in rows:
        notes = []
        if row.failing:
            notes.append(f"{row.failing} failing")
        if row.accepted:
            notes.append(f"{row.accepted} accepted")
        if row.fixable:
            notes.append("fixable")
        line = Text(f"{row.count:7}  ")
        line.append(f"{row.severity:7}", style=_STYLE[row.severity])
        line.append(f"  {row.rule}")
        if notes:
            line.append(" " * max(1, 27 - len(row.rule)) + f"({', '.join(notes)})", style="dim")
        console.print(line)


def _print_finding(console: Console, finding: Finding, noted: set[int]) -> None:
    """One finding; ``noted`` holds the lines of the long notes this table already printed."""
    where = " · ".join(
        part
        for part in (
            f"line {finding.line}" if finding.line else "",
            shown(finding.row),
            shown(finding.column),
        )
        if part
    )
    head = Text("  ")
    head.append(f"{finding.severity.value.upper():7}", style=_STYLE[finding.severity.value])
    head.append(f" {finding.rule}", style="bold")
    if where:
        head.append(f"  [{where}]")
    mark = baseline_mark(finding)
    if mark:
        head.append(f"  {mark}", style=_MARK_STYLE[mark])
    console.print(head)
    console.print(_indented(shown(finding.message, SENTENCE_CHARS)))
    if finding.severity.value == "info" and not finding.explanation:
        return
    if finding.expected is not None:
        published = shown(str(finding.published), VALUE_CHARS)
        expected = shown(str(finding.expected), VALUE_CHARS)
        console.print(_indented(f"published: {published}   expected: {expected}"))
    if finding.fix is not None:
        console.print(_indented(f"fix: {shown(finding.fix, VALUE_CHARS)}", style="green"))
    if finding.explanation:
        console.print(_note("explained by", finding.explanation, finding.explanation_line, noted))
    if finding.context:
        console.print(_note("possibly explained by", finding.context, finding.context_line, noted))


def _note(lead: str, text: str, line: int | None, noted: set[int]) -> Text:
    """``explained by line 269: ...`` the first time; ``explained by: see note at line 269``
    after that, within one table."""
    if line is not None and len(text) > _LONG_NOTE:
        if line in noted:
            return _indented(f"{lead}: see note at line {line}", style="dim")
        noted.add(line)
    where = f"line {line}: " if line else ""
    return _indented(f"{lead} {where}{shown(text, SENTENCE_CHARS)}", style="dim")


def _indented(text: str, style: str = "") -> Text:
    """Wrap under the finding's head; rich would pad wrapped lines to the full width."""
    margin = " " * _INDENT
    wrapped = textwrap.fill(
        text,
        width=_WIDTH,
        initial_indent=margin,
        subsequent_indent=margin,
        break_on_hyphens=False,
    )
    return Text(wrapped, style=style)


def summary_line(result: AuditResult) -> str:
    """``"1 error, 2 warnings, 3 info in 1 table of SOURCE"``."""
    tables = plural(len(result.document.tables), "table")
    return f"{counts_phrase(result.summary)} in {tables} of {shown(result.source)}"


def totals_line(results: list[AuditResult], fail_on: str) -> str:
    """The last line of a report on several articles: totals and what fails the run."""
    findings = all_findings(results)
    failing = sum(1 for finding in findings if fails(finding, fail_on))
    verdict = (
        "nothing fails the run (--fail-on never)"
        if fail_on == "never"
        else f"{plural(failing, 'finding')} at or above --fail-on {fail_on} fail the run"
        if failing != 1
        else f"1 finding at or above --fail-on {fail_on} fails the run"
    )
    return (
        f"total: {counts_phrase(totals(results))} in {plural(len(results), 'article')}; {verdict}"
    )
