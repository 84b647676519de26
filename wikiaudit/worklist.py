"""The worklist: stored pages ranked by what needs fixing, as text, JSON or CSV (HTML apart).

People who look after a topic want the articles to fix first, not one report per article: the
way the CheckWiki project lists syntax errors per article. Pages are ranked by errors, then
warnings (the store's ranking); each shows its counts, its few worst findings and a link to its
full report in the web tool (``audit serve``: ``/audit?title=...``; the base is configurable,
so the list can point at wherever the tool is served).

By default only pages with an error or a warning are listed, since a clean page needs no
work; ``everything`` lists every stored page, with the unchecked and failed ones and why.
Every format carries the same fields; the summary counts every stored page by status.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import quote

from wikiaudit.reports.safe_text import json_text, printable, shown
from wikiaudit.store import PageRecord, Store, StoredFinding

DEFAULT_LINK_BASE = "/audit?title="
WORST = 3
FORMATS = ("text", "html", "json", "csv")


@dataclass(frozen=True, slots=True)
class Entry:
    rank: int
    page: PageRecord
    worst: list[StoredFinding]
    """Its worst errors and warnings, worst first (infos say how tables were read: not work)."""
    link: str


@dataclass(frozen=True, slots=True)
class Worklist:
    entries: list[Entry]
    counts: dict[str, int]
    """Stored pages by status (``audited``, ``unchecked``, ``failed``)."""
    everything: bool
    store: str

    @property
    def stored(self) -> int:
        return sum(self.counts.values())

    @property
    def heading(self) -> str:
        listed = len(self.entries)
        what = "page" if listed == 1 else "pages"
        if not self.everything:
            what += " with errors or warnings"
        counts = ", ".join(f"{n:,} {status}" for status, n in self.counts.items())
        return f"{listed:,} {what} (of {self.stored:,} stored: {counts})"


def collect(
    store: Store,
    *,
    link_base: str = DEFAULT_LINK_BASE,
    worst: int = WORST,
    everything: bool = False,
) -> Worklist:
    """The ranked pages of ``store`` with their worst findings and report links."""
    entries = []
    for page in store.pages():
        if not everything and not (page.errors or page.warnings):
            continue
        found = store.findings(page.title, limit=worst) if worst else []
        bad = [f for f in found if f.severity in ("error", "warning")]
        entries.append(Entry(len(entries) + 1, page, bad, link(link_base, page.title)))
    return Worklist(entries, store.status_counts(), everything, str(store.path))


def link(base: str, title: str) -> str:
    """The report's address: ``base`` followed by the title, percent-encoded."""
    return base + quote(title, safe="")


def render(worklist: Worklist, form: str) -> str:
    if form == "html":
        from wikiaudit.worklist_html import render_page

        return render_page(worklist)
    return {"text": render_text, "json": render_json, "csv": render_csv}[form](worklist)


def where(finding: StoredFinding) -> str:
    """``table · row · column``, the parts that are known."""
    return " · ".join(part for part in (finding.table, finding.row, finding.column) if part)


def values(finding: StoredFinding) -> str:
    if finding.published is None and finding.expected is None:
        return ""
    return f"published {finding.published or '—'}, expected {finding.expected or '—'}"


# --------------------------------------------------------------------------------- text


def render_text(worklist: Worklist) -> str:
    lines = [f"Worklist: {worklist.heading}", ""]
    for entry in worklist.entries:
        page = entry.page
        state = _counts(page) if page.status == "audited" else page.status
        lines.append(f"{entry.rank:>4}. {shown(page.title)}  [{state}; revision {page.revid}]")
        for finding in entry.worst:
            detail = "; ".join(p for p in (where(finding), values(finding)) if p)
            lines.append(f"      {finding.severity:<8} {finding.rule}  {shown(detail, 200)}")
            lines.append(f"               {shown(finding.message, 300)}")
        if page.message:
            lines.append(f"      {shown(page.message, 300)}")
        lines.append(f"      {printable(entry.link)}")
    return "\n".join(lines) + "\n"


def _counts(page: PageRecord) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    return f"{plural(page.errors, 'error')}, {plural(page.warnings, 'warning')}"


# --------------------------------------------------------------------------------- JSON


def render_json(worklist: Worklist) -> str:
    from wikiaudit import __version__

    data = {
        "tool": "wikiaudit",
        "version": __version__,
        "store": worklist.store,
        "summary": {"stored": worklist.stored, **worklist.counts, "listed": len(worklist.entries)},
        "pages": [_entry_dict(entry) for entry in worklist.entries],
    }
    return json_text(data)


def _entry_dict(entry: Entry) -> dict[str, object]:
    page = entry.page
    return {
        "rank": entry.rank,
        "title": page.title,
        "revid": page.revid,
        "timestamp": page.timestamp,
        "status": page.status,
        "errors": page.errors,
        "warnings": page.warnings,
        "infos": page.infos,
        "tables_read": page.tables_read,
        "message": page.message,
        "audited_at": page.audited_at,
        "link": entry.link,
        "worst": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "table": f.table,
                "row": f.row,
                "column": f.column,
                "published": f.published,
                "expected": f.expected,
                "line": f.line,
                "message": f.message,
            }
            for f in entry.worst
        ],
    }


# --------------------------------------------------------------------------------- CSV

CSV_COLUMNS = (
    "rank",
    "title",
    "status",
    "errors",
    "warnings",
    "infos",
    "revid",
    "timestamp",
    "link",
    "worst_findings",
    "message",
)
#: A cell starting with one of these is a formula to a spreadsheet (``=HYPERLINK(...)``).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_csv(worklist: Worklist) -> str:
    """One row per page; the worst findings in one cell, one per line.

    Text cells that a spreadsheet would run as a formula get a leading apostrophe (the usual
    defence against CSV injection: titles and findings are whatever editors typed).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in worklist.entries:
        page = entry.page
        worst = "\n".join(
            f"{f.severity} {f.rule} [{where(f)}] {f.message}".replace("[] ", "")
            for f in entry.worst
        )
        writer.writerow(
            [
                entry.rank,
                _cell(page.title),
                page.status,
                page.errors,
                page.warnings,
                page.infos,
                page.revid,
                page.timestamp or "",
                _cell(entry.link),
                _cell(worst),
                _cell(page.message or ""),
            ]
        )
    return out.getvalue()


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text
