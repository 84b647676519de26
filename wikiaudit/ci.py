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
from typing import TYPE_CHECKING, Any, Protocol

from wikiaudit.scraper.errors import InputError

if TYPE_CHECKING:
    from wikiaudit.validators.audit import AuditResult
    from wikiaudit.validators.findings import Finding

BASELINE_VERSION = 1
#: A baseline is a reviewed list of findings; anything bigger than this is not one.
MAX_BASELINE_BYTES = 20 * 1024 * 1024
Key = tuple[str, str | None, str | None, str | None]
_KEY_FIELDS = ("rule", "table", "row", "column")


class Reported(Protocol):
    """What a finding line and the exit status read.

    Both a :class:`Finding` and history's ``Seen`` (findings that crossed a process boundary,
    severity as plain text) have it, so the CLI and both text reports share one formatting.
    """

    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def table(self) -> str | None: ...
    @property
    def row(self) -> str | None: ...
    @property
    def column(self) -> str | None: ...
    @property
    def message(self) -> str: ...
    @property
    def line(self) -> int | None: ...


# -------------------------------------------------------------------------------- baseline


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    rule: str
    table: str | None
    row: str | None
    column: str | None
    message: str = ""
    severity: str = ""
    source: str | None = None
    """The article the entry belongs to, in a baseline written for several articles at once
    (``audit A B --write-baseline F``); None matches the finding in any article."""

    @property
    def key(self) -> Key:
        return (self.rule, self.table, self.row, self.column)

    def as_dict(self, *, with_severity: bool = True) -> dict[str, Any]:
        """The entry as the baseline file writes it (key order is part of the file's format).

        Reports of stale entries leave out the severity: it is what the finding was, not
        something a reviewer matches on.
        """
        data: dict[str, Any] = {} if self.source is None else {"source": self.source}
        data |= {
            "rule": self.rule,
            "table": self.table,
            "row": self.row,
            "column": self.column,
        }
        if with_severity:
            data["severity"] = self.severity
        data["message"] = self.message
        return data


def _sort_key(entry: BaselineEntry) -> tuple[str, ...]:
    return (
        entry.source or "",
        entry.rule,
        entry.table or "",
        entry.row or "",
        entry.column or "",
        entry.message,
    )


def baseline_json(results: AuditResult | list[AuditResult]) -> str:
    """The baseline file for ``results``: stable order, stable formatting, ends with a newline.

    One article's baseline names no source (it can follow the article to another path or a
    live revision); a baseline of several articles names each finding's article.
    """
    results = results if isinstance(results, list) else [results]
    several = len(results) > 1
    entries = sorted(
        (
            BaselineEntry(
                f.rule,
                f.table,
                f.row,
                f.column,
                f.message,
                f.severity.value,
                result.source if several else None,
            )
            for result in results
            for f in result.findings
        ),
        key=_sort_key,
    )
    document = {
        "wikiaudit_baseline": BASELINE_VERSION,
        "findings": [entry.as_dict() for entry in entries],
    }
    return _json(document)


def _json(data: Any) -> str:
    """JSON as CI files are written: indented, UTF-8, safe to ``cat`` (``reports.safe_text``)."""
    from wikiaudit.reports.safe_text import json_text

    return json_text(data)


def write_baseline(results: AuditResult | list[AuditResult], path: Path) -> int:
    """Write atomically (``safe_write``): a failed write leaves the old baseline whole.

    Missing parent folders are created (``.wikiaudit/x.json`` in a fresh checkout)."""
    from wikiaudit.safe_write import write_atomically

    results = results if isinstance(results, list) else [results]
    write_atomically(path, baseline_json(results).encode("utf-8"), option="--write-baseline")
    return sum(len(result.findings) for result in results)


def load_baseline(path: Path) -> list[BaselineEntry]:
    """Read a baseline, refusing anything that is not one (a typo must not accept everything)."""
    from wikiaudit.scraper.files import is_missing, read_regular

    if is_missing(path):
        raise InputError(f"baseline {path}: no such file (create it with --write-baseline)")
    raw = read_regular(path, "baseline", max_bytes=MAX_BASELINE_BYTES)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InputError(
            f"baseline {path}: not UTF-8 text (byte at offset {error.start})"
        ) from None
    except RecursionError:
        raise InputError(f"baseline {path}: not a wikiaudit baseline (nested too deeply)") from None
    except ValueError as error:  # JSONDecodeError, and integers over 4,300 digits
        raise InputError(f"baseline {path}: not JSON ({_short(error)})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise InputError(f"baseline {path}: not a wikiaudit baseline (no findings list)")
    version = data.get("wikiaudit_baseline")
    # ``True == 1`` and ``1.0 == 1`` in Python: the type is checked, not only the value.
    if type(version) is not int or version != BASELINE_VERSION:
        raise InputError(f"baseline {path}: unsupported baseline version {_short(version)}")
    entries = []
    for number, item in enumerate(data["findings"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("rule"), str):
            raise InputError(f"baseline {path}: finding {number} has no rule")
        values = [item.get(name) for name in _KEY_FIELDS[1:]]
        if any(v is not None and not isinstance(v, str) for v in values):
            raise InputError(f"baseline {path}: finding {number}: table/row/column must be text")
        extra = [item.get(name) for name in ("message", "severity")]
        if any(v is not None and not isinstance(v, str) for v in extra):
            raise InputError(f"baseline {path}: finding {number}: message/severity must be text")
        source = item.get("source")
        if source is not None and not isinstance(source, str):
            raise InputError(f"baseline {path}: finding {number}: source must be text")
        entries.append(BaselineEntry(item["rule"], *values, *(v or "" for v in extra), source))
    return entries


def _short(value: object) -> str:
    """A value or error for a one-line message: ``repr`` (controls escaped), cut to 80."""
    text = repr(value) if not isinstance(value, Exception) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


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
    for finding in findings:  # first pass: same key and same message
        entries = pool.get(finding.key, [])
        same = next((e for e in entries if e.message == finding.message), None)
        if same is not None:
            entries.remove(same)
            matched.add(id(finding))
    for finding in findings:  # second pass: same key, any message
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
    """The same result with every finding carrying ``details["accepted"]`` (True or False).

    Done through ``details`` so every report format that shows details shows the mark, without
    the renderers needing to know about baselines; a finding whose details hold the key was
    judged against a baseline, which is how reports tell "new" from "no baseline in use".
    """
    ids = {id(f) for f in accepted}
    findings = [
        replace(f, details={**f.details, "accepted": id(f) in ids}) for f in result.findings
    ]
    return replace(result, findings=findings)


@dataclass(frozen=True, slots=True)
class BaselineSummary:
    """What a baseline did to a run: what the text and JSON reports say about it."""

    path: str
    accepted: int
    new: int
    stale: list[BaselineEntry]

    def text_line(self) -> str:
        from wikiaudit.reports.safe_text import shown

        stale = f", {len(self.stale)} no longer found" if self.stale else ""
        return f"baseline {shown(self.path)}: {self.accepted} accepted, {self.new} new{stale}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "accepted": self.accepted,
            "new": self.new,
            "no_longer_found": [e.as_dict(with_severity=False) for e in self.stale],
        }


def apply_baseline(
    results: list[AuditResult], baseline: list[BaselineEntry], path: Path
) -> tuple[list[AuditResult], BaselineSummary]:
    """Each result with its findings marked accepted or new, and what the baseline did.

    An entry naming a source is matched only in that article; one naming none is matched in
    each article (a one-article baseline used on several revisions or copies), and is stale only
    when no article has its finding.
    """
    marked = []
    accepted = new = 0
    used: set[int] = set()
    for result in results:
        entries = [e for e in baseline if e.source is None or e.source == result.source]
        triaged = triage(result.findings, entries)
        stale_here = {id(e) for e in triaged.stale}
        used.update(id(e) for e in entries if id(e) not in stale_here)
        marked.append(mark_accepted(result, triaged.accepted))
        accepted += len(triaged.accepted)
        new += len(triaged.new)
    stale = sorted((e for e in baseline if id(e) not in used), key=_sort_key)
    return marked, BaselineSummary(str(path), accepted, new, stale)


# --------------------------------------------------------------------------------- compare


@dataclass(slots=True)
class Comparison:
    """What the newer revision changed: findings it introduced and findings it fixed."""

    old: str
    new: str
    introduced: list[Finding]
    fixed: list[Finding]
    unchanged: int


def compare(old: AuditResult, new: AuditResult) -> Comparison:
    """Multiset difference by key: each side's findings the other side cannot pair up."""
    introduced = triage(new.findings, _as_baseline(old.findings))
    fixed = triage(old.findings, _as_baseline(new.findings))
    return Comparison(old.source, new.source, introduced.new, fixed.new, len(introduced.accepted))


def _as_baseline(findings: list[Finding]) -> list[BaselineEntry]:
    return [BaselineEntry(f.rule, f.table, f.row, f.column, f.message) for f in findings]


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    from wikiaudit.validators.findings import summarize

    return {
        "old": comparison.old,
        "new": comparison.new,
        "introduced": [f.to_dict() for f in comparison.introduced],
        "fixed": [f.to_dict() for f in comparison.fixed],
        "unchanged": comparison.unchanged,
        "summary": {
            "introduced": summarize(comparison.introduced),
            "fixed": summarize(comparison.fixed),
        },
    }


def render_comparison(comparison: Comparison, fmt: str) -> str:
    from wikiaudit.reports.safe_text import shown

    if fmt == "json":
        return _json(comparison_dict(comparison))
    if fmt != "text":
        raise InputError(f"--compare reports as text or json, not {fmt}")
    lines = [f"compare {shown(comparison.old)} -> {shown(comparison.new)}", ""]
    for title, findings in (("introduced", comparison.introduced), ("fixed", comparison.fixed)):
        lines.append(f"{title} ({len(findings)}):")
        for finding in findings:
            lines.extend(finding_lines(finding))
        if not findings:
            lines.append("  (none)")
        lines.append("")
    lines.append(
        f"{len(comparison.introduced)} introduced, {len(comparison.fixed)} fixed, "
        f"{comparison.unchanged} unchanged"
    )
    return "\n".join(lines) + "\n"


def finding_lines(finding: Reported) -> list[str]:
    """A finding's head line and its message, as the compare and history text reports print it.

    ``severity.upper()`` is the same text for a :class:`Severity` (a ``str`` enum) and for the
    plain string history carries. Article text is cut and escaped (``reports.safe_text``).
    """
    from wikiaudit.reports.safe_text import SENTENCE_CHARS, shown

    where = " · ".join(shown(p) for p in (finding.table, finding.row, finding.column) if p)
    line = f" line {finding.line}" if finding.line else ""
    return [
        f"  {finding.severity.upper():7} {shown(finding.rule)}  [{where}]{line}",
        f"          {shown(finding.message, SENTENCE_CHARS)}",
    ]
