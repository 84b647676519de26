"""Which findings fail the run: the one rule the exit status and every report share.

A finding *fails* when it is not accepted by a baseline and its severity reaches ``--fail-on``
(``never``: nothing fails). The exit status is 1 exactly when a finding fails; JUnit's
``failures``, SARIF's ``invocations[].exitCode``, the text summary's "failing" count and the
GitHub annotations all count the same findings through :func:`fails`, so no report can tell a
CI system something the exit status does not (ruff's rule: the status depends only on the
diagnostics that survive selection, baseline and ``--exit-zero``, whatever the format).

Works on anything with ``severity`` (a :class:`Severity` or its text) and, optionally,
``details`` (where a baseline marks accepted findings): findings and history's ``Seen`` alike.
Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

RANK = {"info": 0, "warning": 1, "error": 2}
FAIL_ON = ("error", "warning", "info", "never")


def accepted(finding: Any) -> bool:
    """Accepted by the baseline in use (``ci.mark_accepted`` sets it)."""
    details = getattr(finding, "details", None)
    return bool(details and details.get("accepted"))


def baselined(finding: Any) -> bool:
    """A baseline was applied to this finding (accepted or not): reports then say which."""
    details = getattr(finding, "details", None)
    return bool(details) and "accepted" in details


def fails(finding: Any, fail_on: str = "error") -> bool:
    if fail_on == "never" or accepted(finding):
        return False
    return RANK[str(finding.severity)] >= RANK[fail_on]


def failing(findings: Iterable[Any], fail_on: str = "error") -> list[Any]:
    return [finding for finding in findings if fails(finding, fail_on)]


def exit_status(findings: Iterable[Any], fail_on: str = "error") -> int:
    """0 or 1: what the process returns for these findings (usage errors are the CLI's)."""
    return 1 if any(fails(finding, fail_on) for finding in findings) else 0
