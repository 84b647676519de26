"""The terminal report: findings grouped by table, worst first, one summary line.

Rendered with rich so a terminal gets colour and a pipe or file gets plain text of the same
layout; the severity is always spelled out, never shown by colour alone. Errors and warnings
get their full story (published, expected, fix, the note that explains them); ``info`` findings
are context, so each takes one line. A long note is printed once per table, at the first finding
it bears on; later findings of the table refer to it by line ("see note at line 269"), so a
rules paragraph that explains ten findings is read once, not ten times.

Every string from the article goes through :func:`reports.safe_text.shown`: control characters
and bidi overrides are shown escaped (a cell must not drive the terminal), and values longer
than a screen are cut (``--format json`` keeps them whole).
"""

from __future__ import annotations

import io
import textwrap
from itertools import groupby

from rich.console import Console
from rich.text import Text
from wikiaudit.reports.safe_text import SENTENCE_CHARS, VALUE_CHARS, shown
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.findings import Finding

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_INDENT = 10
_WIDTH = 100
_LONG_NOTE = 120
"""Notes longer than this are printed once per table and referred to after that."""


def render(result: AuditResult, *, color: bool = False, width: int = _WIDTH) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        soft_wrap=True,
    )
    title = shown(result.document.title or result.source)
    console.print(Text(f"wikiaudit: {title}", style="bold"))
    console.print(Text(f"source: {shown(result.source)} · {len(result.document.tables)} tables"))
    console.print(summary_line(result))
    tables = groupby(result.findings, key=lambda f: (f.table_index is None, f.table or ""))
    for (_, table), findings in tables:
        console.print()
        console.print(Text(shown(table) or "(article)", style="bold underline"))
        noted: set[int] = set()
        for finding in sorted(findings, key=lambda f: (-f.severity.rank, f.line or 0)):
            _print_finding(console, finding, noted)
    if result.unclassified:
        console.print()
        console.print(Text("Tables not audited (kind not recognised):", style="bold"))
        for name in result.unclassified:
            console.print(Text(f"  - {shown(name)}"))
    for reason in result.skipped:
        console.print(Text(f"skipped: {shown(reason, SENTENCE_CHARS)}", style="dim"))
    console.print()
    console.print(summary_line(result))
    return buffer.getvalue()


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
    counts = result.summary
    return (
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info "
        f"in {len(result.document.tables)} tables of {shown(result.source)}"
    )
