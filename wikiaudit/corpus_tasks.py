"""The two tasks ``audit corpus`` hands to Dask workers, and what they send back.

``audit_pages`` audits pages the driver read and shipped (a plain or single-stream dump);
``audit_streams`` reads its own streams of a multistream dump and selects, then audits, their
pages. Both return a :class:`BatchResult`; only the driver writes the store.
"""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from wikiaudit.corpus_audit import PageResult, audit_page, unchecked, unreadable
from wikiaudit.corpus_pages import BAD_XML, PageText, Unreadable, iter_latest_pages
from wikiaudit.corpus_select import Decision, Selection
from wikiaudit.multistream import Stream, open_stream
from wikiaudit.pipeline import Limits
from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.files import open_regular
from wikiaudit.scraper.revision import short_error


@dataclass(frozen=True, slots=True)
class StreamFailure:
    """A stream that could not be read to its end: its other pages are stored as failed."""

    start: int
    message: str
    done: frozenset[str]
    """Titles of the stream already audited before the failure (they keep their results)."""


@dataclass(slots=True)
class BatchResult:
    results: list[PageResult] = field(default_factory=list)
    decisions: Counter[str] = field(default_factory=Counter)
    """How many pages the worker read and what it decided for them (multistream only)."""
    failed_streams: list[StreamFailure] = field(default_factory=list)


def audit_pages(pages: list[PageText], source: str, limits: Limits) -> BatchResult:
    """Audit pages the driver selected."""
    return BatchResult([audit_page(page, source, limits) for page in pages])


def audit_streams(
    dump: str,
    header: bytes,
    streams: list[Stream],
    selection: Selection,
    source: str,
    limits: Limits,
) -> BatchResult:
    """Read, select and audit the pages of a few streams of a multistream dump.

    A dump this worker cannot open at all raises (the driver stops the run: on a cluster the
    dump must be at the same path on every worker); a stream it cannot read is reported back.
    """
    batch = BatchResult()
    with _opened_on_worker(Path(dump)) as handle:
        for stream in streams:
            done: set[str] = set()
            try:
                for page in iter_latest_pages(open_stream(handle, header, stream)):
                    batch.decisions["read"] += 1
                    if isinstance(page, Unreadable):
                        batch.results.append(unreadable(page, source))
                    else:
                        result = _select_and_audit(page, selection, source, limits, batch)
                        if result is not None:
                            batch.results.append(result)
                    done.add(page.title)
            except (OSError, EOFError, *BAD_XML) as error:
                message = f"stream at byte {stream.start} unreadable: {short_error(error)}"
                batch.failed_streams.append(StreamFailure(stream.start, message, frozenset(done)))
    return batch


@contextmanager
def _opened_on_worker(dump: Path) -> Iterator[BinaryIO]:
    """The dump, opened by a worker: a worker that cannot see it stops the run, saying why."""
    try:
        handle = open_regular(dump, "cannot read dump")
    except InputError as error:
        raise InputError(
            f"a Dask worker on {socket.gethostname()}: {error} (every worker must see a "
            "multistream dump at the same path; or pass --ship-pages)"
        ) from None
    with handle:
        yield handle


def _select_and_audit(
    page: PageText, selection: Selection, source: str, limits: Limits, batch: BatchResult
) -> PageResult | None:
    decision = selection.decide(page)
    batch.decisions[decision.name] += 1
    if decision is Decision.AUDIT:
        return audit_page(page, source, limits)
    if decision is Decision.GONE:
        return gone(page, source)
    return None


def gone(page: PageText, source: str) -> PageResult:
    """A stored season article whose latest revision no longer looks like one."""
    return unchecked(page, source, f"the latest revision has {Decision.NOT_SEASON.value}")
