"""GitHub Actions annotations: one workflow command per finding, shown on the run and the diff.

``::error file=F,line=N,title=T::MESSAGE`` puts the finding on line N of the file in a pull
request's diff and in the run's summary. Levels follow the severity: an ``error`` finding is an
``::error``, a ``warning`` a ``::warning``; ``info`` findings (how each table was read) are not
annotated, since GitHub shows at most a few dozen annotations per step and they would crowd out
the findings. A finding a baseline accepts is a ``::notice`` that says so. The job's status is
the exit status, which counts the same findings as every other format (``verdict.fails``).

A live revision has no file in the repository, so its annotations carry no ``file``/``line``
and show on the run. Values are escaped as the runner requires (``%``, CR and LF in the message;
also ``:`` and ``,`` in properties) after control characters are made visible
(``reports.safe_text``), so a cell can neither end the command early nor start another one.
"""

from __future__ import annotations

from typing import Any

from wikiaudit.reports._common import accepted, all_findings, counts_phrase, plural, totals
from wikiaudit.reports.safe_text import printable
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.findings import Finding, Severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def escape_data(text: str) -> str:
    text = printable(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def is_file_source(source: str) -> bool:
    return not source.startswith(("http://", "https://")) and source != "<stdin>"


def annotation(finding: Finding, source: str) -> str | None:
    """The workflow command for one finding, or None for a finding not annotated (info)."""
    if finding.severity not in LEVELS:
        return None
    level = "notice" if accepted(finding) else LEVELS[finding.severity]
    properties = []
    if is_file_source(source):
        properties.append(f"file={escape_property(source)}")
        if finding.line:
            properties.append(f"line={finding.line}")
    title = f"wikiaudit {finding.rule}" + (
        " (accepted in the baseline)" if accepted(finding) else ""
    )
    properties.append(f"title={escape_property(title)}")
    where = " · ".join(part for part in (finding.table, finding.row, finding.column) if part)
    message = finding.message
    if where:
        message += f" [{where}]"
    if finding.expected is not None:
        message += f" (published {finding.published}, expected {finding.expected})"
    if not is_file_source(source):
        message += f" ({source}" + (f", line {finding.line})" if finding.line else ")")
    return f"::{level} {','.join(properties)}::{escape_data(message)}"


def render(result: AuditResult, **options: Any) -> str:
    return render_all([result], **options)


def render_all(results: list[AuditResult], **_: Any) -> str:
    lines = [
        line
        for result in results
        for finding in result.findings
        if (line := annotation(finding, result.source)) is not None
    ]
    summary = f"wikiaudit: {counts_phrase(totals(results))} in {plural(len(results), 'article')}"
    accepted_count = sum(1 for finding in all_findings(results) if accepted(finding))
    if accepted_count:
        summary += f" ({accepted_count} accepted in the baseline)"
    lines.append(escape_data(summary))
    return "\n".join(lines) + "\n"
