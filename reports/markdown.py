"""A report to paste into a Wikipedia talk page: the ``markdown`` format emits *wikitext*.

Why wikitext and not Markdown: the place an editor takes these findings is the article's talk
page, and MediaWiki does not render Markdown pipe tables (they come out as a paragraph of
pipes). So every table is a ``{| class="wikitable sortable"`` table, one finding per physical
line (``| a || b || c``), lists are ``*`` bullets and headings are ``== ... ==``. That text also
reads well as plain Markdown source (a bullet list is a bullet list in both; a row is one line),
which is what "markdown" promises for pasting into an issue or a chat; it is not meant to be run
through a Markdown renderer. The format keeps the name ``markdown`` because that is what users
ask for when they want "text to paste somewhere".

With a baseline a *Baseline* column says ``accepted`` or ``new`` for every finding, and the
summary counts both; several articles give one ``==`` section each.

Safety: everything that comes from the article (names, values, messages quoting them, table
titles) is wrapped in ``<nowiki>`` unless it is plainly inert, with ``& < > |`` turned into
entities inside it. ``<nowiki>`` stops links, templates, bold and signatures (``~~~~``)
from being expanded; the entities stop a cell value from closing the ``<nowiki>`` early and a
``|`` from splitting a table cell. Newlines and other control characters are folded to spaces
because a newline would end the table row; C1 controls and bidi overrides are shown escaped.
"""

from __future__ import annotations

import re
from typing import Any

from wikiaudit.reports._common import (
    SEVERITIES,
    TableFindings,
    baseline_mark,
    baselined,
    group,
    plural,
    severity_count,
)
from wikiaudit.reports.safe_text import printable
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.findings import Finding

COLUMNS = (
    "Row",
    "Column",
    "Published",
    "Expected",
    "Rule",
    "Severity",
    "Line",
    "Message",
    "Explanation",
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
# Letters, digits and punctuation that mean nothing to the wikitext parser mid-line.
_INERT = re.compile(r"(?:[^\W_]|[ .,:;?()/+%#*>°†‡–—’-]|'(?!'))*")


def wiki(text: str | None) -> str:
    """Article text made safe for a wikitext table cell, heading or list item."""
    if not text:
        return ""
    text = printable(" ".join(_CONTROL.sub(" ", text).split()))
    if _INERT.fullmatch(text):
        return text
    escaped = (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "&#124;")
    )
    return f"<nowiki>{escaped}</nowiki>"


def _counts_phrase(counts: dict[str, int], *, skip_zero: bool = False) -> str:
    """``"2 errors, 1 warning, 0 info"``, optionally leaving out the zeros."""
    parts = [
        severity_count(s, counts[s.value]) for s in SEVERITIES if counts[s.value] or not skip_zero
    ]
    return ", ".join(parts)


def _explanation(finding: Finding) -> str:
    if not finding.explanation:
        return ""
    where = f" (line {finding.explanation_line})" if finding.explanation_line else ""
    return wiki(finding.explanation) + where


def _row(finding: Finding, *, with_table: bool, with_baseline: bool = False) -> str:
    values = [
        wiki(finding.row),
        wiki(finding.column),
        wiki(finding.published),
        wiki(finding.expected),
        wiki(finding.rule),
        finding.severity.value,
        str(finding.line) if finding.line is not None else "",
        wiki(finding.message),
        _explanation(finding),
    ]
    if with_baseline:
        values.insert(6, baseline_mark(finding))
    if with_table:
        values.insert(0, wiki(finding.table))
    return "| " + " || ".join(values)


def _table(
    findings: list[Finding], *, with_table: bool = False, with_baseline: bool = False
) -> list[str]:
    header = list(COLUMNS)
    if with_baseline:
        header.insert(6, "Baseline")
    if with_table:
        header.insert(0, "Table")
    lines = ['{| class="wikitable sortable"', "! " + " !! ".join(header)]
    for finding in findings:
        lines += ["|-", _row(finding, with_table=with_table, with_baseline=with_baseline)]
    lines.append("|}")
    return lines


def _section(entry: TableFindings, with_baseline: bool) -> list[str]:
    table = entry.table
    counts = entry.counts
    intro = f"Table starting at line {table.line}: {_counts_phrase(counts, skip_zero=True)}"
    return [
        "",
        f"=== {wiki(table.title)} ===",
        intro + ".",
        *_table(entry.findings, with_baseline=with_baseline),
    ]


def render(result: AuditResult, **options: Any) -> str:
    return render_all([result], **options)


def render_all(results: list[AuditResult], **_: Any) -> str:
    return "\n\n".join(_article(result) for result in results)


def _article(result: AuditResult) -> str:
    grouped = group(result)
    with_baseline = any(baselined(finding) for finding in result.findings)
    with_findings = [entry for entry in grouped.tables if entry.findings]
    clean = [e for e in grouped.tables if not e.findings and not e.unclassified]
    subject = result.document.title or result.source
    lines = [
        f"== wikiaudit: table consistency findings for {wiki(subject)} ==",
        f"Summary: {_counts_phrase(result.summary)} in "
        f"{len(with_findings)} of {plural(len(grouped.tables), 'table')}; "
        f"source {wiki(result.source)}.",
    ]
    if clean:
        lines.append("* Tables with no findings: " + "; ".join(wiki(e.table.title) for e in clean))
    if result.unclassified:
        lines.append(
            "* Tables not checked (no checks apply): "
            + "; ".join(wiki(title) for title in result.unclassified)
        )
    for reason in result.skipped:
        lines.append(f"* Check skipped: {wiki(reason)}")
    if with_baseline:
        accepted = sum(1 for f in result.findings if baseline_mark(f) == "accepted")
        lines.append(
            f"* Baseline: {accepted} accepted, {len(result.findings) - accepted} new "
            "(accepted findings do not fail the check)"
        )
    for entry in with_findings:
        lines += _section(entry, with_baseline)
    if grouped.general:
        lines += [
            "",
            "=== Findings not tied to one table ===",
            *_table(grouped.general, with_table=True, with_baseline=with_baseline),
        ]
    return "\n".join(lines) + "\n"
