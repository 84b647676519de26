"""Auditing one page of a corpus into what the store keeps; runs inside Dask workers.

A page never stops a run: whatever happens while it is read or audited ends as a stored record,
``audited`` with its counts and findings, ``unchecked`` when no season table could be read
(the audit's own verdict: the pre-check only guessed), or ``failed`` with a one-line message.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from wikiaudit.corpus_pages import PageText, Unreadable
from wikiaudit.pipeline import Limits
from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.revision import short_error
from wikiaudit.store import PageRecord, StoredFinding, now


@dataclass(frozen=True, slots=True)
class PageResult:
    """One page as it goes into the store."""

    record: PageRecord
    findings: list[StoredFinding] = field(default_factory=list)


def warm_up() -> None:
    """Import what a worker's first audit would (pandas and pandera take most of a second).

    Run on every worker as the cluster starts, all at once, rather than inside whichever
    task comes first; the run's own time is then the audits'.
    """
    import pandas  # noqa: F401
    import pandera.pandas  # noqa: F401

    import wikiaudit.corpus_tasks
    import wikiaudit.scraper.wikitext
    import wikiaudit.validators.engine  # noqa: F401


def audit_page(page: PageText, source: str, limits: Limits) -> PageResult:
    """Read and audit one page's wikitext; every failure becomes a ``failed`` record."""
    from wikiaudit.scraper.gcpause import cyclic_gc_paused

    try:
        with cyclic_gc_paused():
            return _audited(page, source, limits)
    except InputError as error:
        return failed(page.title, page.revid, page.timestamp, source, short_error(error))
    except Exception as error:  # a bug must not end a run of a million pages
        message = f"internal error: {type(error).__name__}: {short_error(error)}"
        return failed(page.title, page.revid, page.timestamp, source, message)


def _audited(page: PageText, source: str, limits: Limits) -> PageResult:
    from wikiaudit import scraper
    from wikiaudit.pipeline import audit_document, nothing_checked

    size = len(page.text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise InputError(f"{size:,} bytes is over the {limits.max_bytes:,}-byte input limit")
    document = scraper.parse(page.text, page.title, "wikitext")
    tables = len(document.tables)
    if not tables:
        return unchecked(page, source, "no table could be read from the wikitext")
    if tables > limits.max_tables:
        raise InputError(f"{tables} tables is over the limit of {limits.max_tables}")
    result = audit_document(document)
    if not result.checked:
        return unchecked(page, source, nothing_checked(tables))
    counts = result.summary
    record = PageRecord(
        title=page.title,
        revid=page.revid,
        timestamp=page.timestamp,
        source=source,
        audited_at=now(),
        status="audited",
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
        tables_read=result.checked,
    )
    findings = [
        StoredFinding(
            rule=f.rule,
            severity=f.severity.value,
            table=f.table,
            row=f.row,
            column=f.column,
            published=f.published,
            expected=f.expected,
            line=f.line,
            message=f.message,
        )
        for f in result.findings
    ]
    return PageResult(record, findings)


def unchecked(page: PageText, source: str, message: str) -> PageResult:
    record = PageRecord(page.title, page.revid, page.timestamp, source, now(), "unchecked")
    return PageResult(replace(record, message=message))


def failed(title: str, revid: int, timestamp: str | None, source: str, message: str) -> PageResult:
    return PageResult(PageRecord(title, revid, timestamp, source, now(), "failed", message=message))


def unreadable(page: Unreadable, source: str) -> PageResult:
    return failed(page.title, page.revid, None, source, page.message)
