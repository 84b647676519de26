"""CI mode: accept known findings (a baseline) and compare two revisions.

Findings are matched by :attr:`Finding.key` (rule, table, row, column), never by line: lines move
with every edit above a table, labels do not. Matching is count-aware, because a baseline that
accepts one wrong total for a row must not hide a second one that appears later. A baseline is
meant to be committed and reviewed, so it is written sorted, with one finding per entry and only
what identifies it (its key) plus the message a reviewer reads.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scraper.errors import InputError

if TYPE_CHECKING:
    from validators.audit import AuditResult
    from validators.findings import Finding, Severity

BASELINE_VERSION = 1
Key = tuple[str, str | None, str | None, str | None]
_KEY_FIELDS = ("rule", "table", "row", "column")


# -------------------------------------------------------------------------------- baseline


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    rule: str
    table: str | None
    row: str | None
    column: str | None
    message: str = ""
    severity: str = ""

    @property
    def key(self) -> Key:
        return (self.rule, self.table, self.row, self.column)


def _sort_key(entry: BaselineEntry) -> tuple[str, ...]:
    return (entry.rule, entry.table or "", entry.row or "", entry.column or "", entry.message)


def baseline_json(result: AuditResult) -> str:
    """The baseline file for ``result``: stable order, stable formatting, ends with a newline."""
    entries = sorted(
        (
            BaselineEntry(f.rule, f.table, f.row, f.column, f.message, f.severity.value)
            for f in result.findings
        ),
        key=_sort_key,
    )
    document = {
        "wikiaudit_baseline": BASELINE_VERSION,
        "findings": [
            {
                "rule": e.rule,
                "table": e.table,
                "row": e.row,
                "column": e.column,
                "severity": e.severity,
                "message": e.message,
            }
            for e in entries
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_baseline(result: AuditResult, path: Path) -> int:
    try:
        path.write_text(baseline_json(result), encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write baseline {path}: {error.strerror or error}") from None
    return len(result.findings)


def load_baseline(path: Path) -> list[BaselineEntry]:
    """Read a baseline, refusing anything that is not one (a typo must not accept everything)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"baseline {path}: no such file (create it with --write-baseline)"
        ) from None
    except OSError as error:
        raise InputError(f"baseline {path}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"baseline {path}: not JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise InputError(f"baseline {path}: not a wikiaudit baseline (no findings list)")
    version = data.get("wikiaudit_baseline")
    if version != BASELINE_VERSION:
        raise InputError(f"baseline {path}: unsupported baseline version {version!r}")
    entries = []
    for number, item in enumerate(data["findings"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("rule"), str):
            raise InputError(f"baseline {path}: finding {number} has no rule")
        values = [item.get(name) for name in _KEY_FIELDS[1:]]
        if any(v is not None and not isinstance(v, str) for v in values):
            raise InputError(f"baseline {path}: finding {number}: table/row/column must be text")
        entries.append(
            BaselineEntry(
                item["rule"],
                *values,
                message=str(item.get("message") or ""),
                severity=str(item.get("severity") or ""),
            )
        )
    return entries


@dataclass(slots=True)
class Triage:
    """Findings split into those the baseline accepts and those it does not."""

    accepted: list[Finding] = field(default_factory=list)
    new: list[Finding] = field(default_factory=list)
    #: Baseline entries no longer found: fixed since, and removable from the baseline.
    stale: list[BaselineEntry] = field(default_factory=list)


def triage(findings: list[Finding], baseline: list[BaselineEntry]) -> Triage:
    """Match findings to baseline entries by key, one entry per finding.

    Within a key, entries with the same message are matched first, so that when a row gains a
    second finding of one kind, the one whose message the reviewer accepted stays accepted.
    """
    pool: dict[Key, list[BaselineEntry]] = defaultdict(list)
    for entry in baseline:
        pool[entry.key].append(entry)
    matched: set[int] = set()
    out = Triage()
    pending: list[Finding] = []
    for finding in findings:  # first pass: same key and same message
        entries = pool.get(finding.key, [])
        same = next((e for e in entries if e.message == finding.message), None)
        if same is not None:
            entries.remove(same)
            matched.add(id(finding))
        pending.append(finding)
    for finding in pending:  # second pass: same key, any message
        if id(finding) in matched:
            out.accepted.append(finding)
            continue
        entries = pool.get(finding.key, [])
        if entries:
            entries.pop(0)
            out.accepted.append(finding)
        else:
            out.new.append(finding)
    out.stale = sorted((e for entries in pool.values() for e in entries), key=_sort_key)
    return out


def mark_accepted(result: AuditResult, accepted: list[Finding]) -> AuditResult:
    """The same result with accepted findings carrying ``details["accepted"] = True``.

    Done through ``details`` so every report format that shows details shows the mark, without
    the renderers needing to know about baselines.
    """
    ids = {id(f) for f in accepted}
    findings = [
        replace(f, details={**f.details, "accepted": True}) if id(f) in ids else f
        for f in result.findings
    ]
    return replace(result, findings=findings)


def is_accepted(finding: Finding) -> bool:
    return bool(finding.details.get("accepted"))


def fails(findings: list[Finding], threshold: Severity | None) -> bool:
    if threshold is None:
        return False
    return any(f.severity.rank >= threshold.rank for f in findings if not is_accepted(f))


def baseline_text_summary(triaged: Triage, path: Path) -> str:
    stale = f", {len(triaged.stale)} no longer found" if triaged.stale else ""
    return f"baseline {path}: {len(triaged.accepted)} accepted, {len(triaged.new)} new{stale}\n"


def baseline_json_report(report: str, triaged: Triage, path: Path) -> str:
    """The JSON report with ``"accepted"`` on every finding and a ``baseline`` summary."""
    data = json.loads(report)
    for item in data.get("findings", []):
        item["accepted"] = bool((item.get("details") or {}).get("accepted"))
    data["baseline"] = {
        "path": str(path),
        "accepted": len(triaged.accepted),
        "new": len(triaged.new),
        "no_longer_found": [_entry_dict(e) for e in triaged.stale],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _entry_dict(entry: BaselineEntry) -> dict[str, Any]:
    return {
        "rule": entry.rule,
        "table": entry.table,
        "row": entry.row,
        "column": entry.column,
        "message": entry.message,
    }


# --------------------------------------------------------------------------------- compare


@dataclass(slots=True)
class Comparison:
    """What the newer revision changed: findings it introduced and findings it fixed."""

    old: str
    new: str
    introduced: list[Finding]
    fixed: list[Finding]
    unchanged: int

    def fails(self, threshold: Severity | None) -> bool:
        if threshold is None:
            return False
        return any(f.severity.rank >= threshold.rank for f in self.introduced)


def compare(old: AuditResult, new: AuditResult) -> Comparison:
    """Multiset difference by key: each side's findings the other side cannot pair up."""
    introduced = triage(new.findings, _as_baseline(old.findings))
    fixed = triage(old.findings, _as_baseline(new.findings))
    return Comparison(old.source, new.source, introduced.new, fixed.new, len(introduced.accepted))


def _as_baseline(findings: list[Finding]) -> list[BaselineEntry]:
    return [BaselineEntry(f.rule, f.table, f.row, f.column, f.message) for f in findings]


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    return {
        "old": comparison.old,
        "new": comparison.new,
        "introduced": [f.to_dict() for f in comparison.introduced],
        "fixed": [f.to_dict() for f in comparison.fixed],
        "unchanged": comparison.unchanged,
        "summary": {
            "introduced": _counts(comparison.introduced),
            "fixed": _counts(comparison.fixed),
        },
    }


def _counts(findings: list[Finding]) -> dict[str, int]:
    from validators.findings import summarize

    return summarize(findings)


def render_comparison(comparison: Comparison, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(comparison_dict(comparison), indent=2, ensure_ascii=False) + "\n"
    if fmt != "text":
        raise InputError(f"--compare reports as text or json, not {fmt}")
    lines = [f"compare {comparison.old} -> {comparison.new}", ""]
    for title, findings in (("introduced", comparison.introduced), ("fixed", comparison.fixed)):
        lines.append(f"{title} ({len(findings)}):")
        lines.extend(_finding_lines(f) for f in findings)
        if not findings:
            lines.append("  (none)")
        lines.append("")
    lines.append(
        f"{len(comparison.introduced)} introduced, {len(comparison.fixed)} fixed, "
        f"{comparison.unchanged} unchanged"
    )
    return "\n".join(lines) + "\n"


def _finding_lines(finding: Finding) -> str:
    where = " · ".join(p for p in (finding.table, finding.row, finding.column) if p)
    line = f" line {finding.line}" if finding.line else ""
    return (
        f"  {finding.severity.value.upper():7} {finding.rule}  [{where}]{line}\n"
        f"          {finding.message}"
    )
