"""``audit corpus``'s driver: cut dumps into batches, run them on Dask, store what comes back.

Two ways to cut a dump into work:

* a **multistream** dump with its index beside it: the driver reads only the index and hands
  each task one stream (a byte range, about 100 pages); the worker opens the dump, seeks, and
  reads, selects and audits that stream's pages itself. The dump's pages never pass through
  the driver, so on a cluster every worker must see the dump at the same path.
* any other dump (plain XML, ``.bz2`` of one stream, ``.gz``): one streaming reader in the
  driver selects the pages (the pre-check is a regular expression) and ships the selected
  ones to workers in batches of a few pages.

Work is kept flowing but bounded: at most a few tasks per worker thread are queued, so memory
stays flat however large the dump. Results come back to the driver, which alone writes SQLite
(one writer, one transaction per batch). A batch whose worker died is retried page by page (or
stream by stream), so one pathological page is stored ``failed`` without taking its batch
along.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from wikiaudit import multistream
from wikiaudit.corpus_audit import PageResult, failed, unreadable
from wikiaudit.corpus_pages import PageText, Unreadable, dump_errors, iter_latest_pages, open_dump
from wikiaudit.corpus_select import Decision, Known, Selection
from wikiaudit.corpus_tasks import BatchResult, audit_pages, audit_streams, gone
from wikiaudit.pipeline import Limits
from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.revision import short_error
from wikiaudit.store import Store

#: Shipped batches: a few pages (or a few megabytes of wikitext), so a slow page delays little.
PAGES_PER_BATCH = 4
BYTES_PER_BATCH = 4 << 20
#: Tasks queued per worker thread: enough that no worker waits for the driver.
QUEUED_PER_THREAD = 2


@dataclass(slots=True)
class Totals:
    """What a run did, for its closing line."""

    decisions: Counter[str] = field(default_factory=Counter)
    stored: Counter[str] = field(default_factory=Counter)
    with_errors: int = 0
    seconds: float = 0.0

    def add(self, result: PageResult) -> None:
        self.stored[result.record.status] += 1
        if result.record.errors:
            self.with_errors += 1


class _Work(Protocol):
    def submit(self, run: CorpusRun) -> Any: ...
    def split(self) -> list[_Work]: ...
    def give_up(self, run: CorpusRun, message: str) -> list[PageResult]: ...


@dataclass(frozen=True, slots=True)
class _Pages:
    """Pages the driver read and selected, for ``audit_pages``."""

    pages: list[PageText]
    source: str

    def submit(self, run: CorpusRun) -> Any:
        return run.client.submit(audit_pages, self.pages, self.source, run.limits, pure=False)

    def split(self) -> list[_Work]:
        return [_Pages([page], self.source) for page in self.pages] if len(self.pages) > 1 else []

    def give_up(self, run: CorpusRun, message: str) -> list[PageResult]:
        return [failed(p.title, p.revid, p.timestamp, self.source, message) for p in self.pages]


@dataclass(frozen=True, slots=True)
class _Streams:
    """Streams of a multistream dump, for ``audit_streams``."""

    dump: Path
    index: Path
    header: bytes
    namespaces: frozenset[str]
    streams: list[multistream.Stream]
    source: str

    def submit(self, run: CorpusRun) -> Any:
        return run.client.submit(
            audit_streams,
            str(self.dump),
            self.header,
            self.streams,
            run.selection_future,
            self.source,
            run.limits,
            pure=False,
        )

    def split(self) -> list[_Work]:
        if len(self.streams) == 1:
            return []
        return [
            _Streams(self.dump, self.index, self.header, self.namespaces, [s], self.source)
            for s in self.streams
        ]

    def give_up(self, run: CorpusRun, message: str) -> list[PageResult]:
        starts = [s.start for s in self.streams]
        return run.unread_titles(self, starts, message, done=frozenset())


class CorpusRun:
    """One ``audit corpus`` run: a Dask client, a store, the selection, and the counts."""

    def __init__(
        self,
        client: Any,
        store: Store,
        selection: Selection,
        *,
        limits: Limits | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        from wikiaudit.corpus_cluster import worker_threads

        self.client = client
        self.store = store
        self.selection = selection
        self.limits = limits or Limits()
        self.on_progress = on_progress
        self.totals = Totals()
        #: Every stored page's revision, kept current as results are stored.
        self.latest = dict(selection.known.revisions)
        #: Titles this run stored: a page in two of the dumps given is counted once.
        self.saved: set[str] = set()
        self.queued = QUEUED_PER_THREAD * worker_threads(client) + 1
        self._selection_future: Any = None

    @property
    def selection_future(self) -> Any:
        """The selection, sent once to every worker (its store snapshot may be large)."""
        if self._selection_future is None:
            self._selection_future = self.client.scatter(self.selection, broadcast=True, hash=False)
        return self._selection_future

    # -------------------------------------------------------------------------- the run

    def run(self, dumps: list[Path], *, ship_pages: bool = False) -> Totals:
        started = time.monotonic()
        for number, dump in enumerate(dumps):
            if number:
                self._know_what_was_stored()
            index = None if ship_pages else multistream.index_beside(dump)
            works = self._stream_work(dump, index) if index else self._page_work(dump)
            self._run_works(works)
        self.totals.seconds = time.monotonic() - started
        return self.totals

    def _know_what_was_stored(self) -> None:
        """Before the next dump: pages the last one stored are unchanged if they come again."""
        known = self.selection.known
        failed = frozenset(title for title in known.failed if title not in self.saved)
        self.selection = replace(self.selection, known=Known(dict(self.latest), failed))
        self._selection_future = None  # sent to the workers again when first needed

    def _run_works(self, works: Iterator[_Work]) -> None:
        """Keep ``self.queued`` tasks running; store each result as it arrives."""
        from distributed import as_completed

        retries: deque[_Work] = deque()
        owners: dict[Any, _Work] = {}
        running = as_completed()
        unreadable: list[InputError] = []

        def submit_next() -> bool:
            if retries:
                work: _Work | None = retries.popleft()
            elif unreadable:
                return False
            else:
                try:
                    work = next(works, None)
                except InputError as error:  # the dump breaks off: finish what was read
                    unreadable.append(error)
                    return False
            if work is None:
                return False
            future = work.submit(self)
            owners[future] = work
            running.add(future)
            return True

        try:
            while len(owners) < self.queued and submit_next():
                pass
            for future in running:
                self._finish(future, owners.pop(future), retries)
                while len(owners) < self.queued and submit_next():
                    pass
        finally:
            if owners:
                with suppress(Exception):
                    self.client.cancel(list(owners))
        if unreadable:
            raise unreadable[0]

    def _finish(self, future: Any, work: _Work, retries: deque[_Work]) -> None:
        """Store a finished task's results; a batch whose worker died is split and retried."""
        try:
            batch = future.result()
        except InputError:
            raise
        except Exception as error:  # the worker died (a page took all its memory...)
            parts = work.split()
            retries.extend(parts)
            if not parts:
                self._save(work.give_up(self, f"the worker auditing it failed: {_reason(error)}"))
            return
        self._collect(batch, work)

    def _collect(self, batch: BatchResult, work: _Work) -> None:
        self.totals.decisions.update(batch.decisions)
        self._save(batch.results)
        for failure in batch.failed_streams:
            assert isinstance(work, _Streams)
            self._save(self.unread_titles(work, [failure.start], failure.message, failure.done))

    def _save(self, results: list[PageResult]) -> None:
        """Store results in one transaction; a revision older than the stored one is dropped
        (two dumps of one wiki, the newer read first)."""
        fresh = [r for r in results if self._fresh(r.record.title, r.record.revid)]
        if fresh:
            self.store.save_many((r.record, r.findings) for r in fresh)
        for result in fresh:
            self.latest[result.record.title] = result.record.revid
            self.saved.add(result.record.title)
            self.totals.add(result)
        if self.on_progress is not None:
            self.on_progress(sum(self.totals.stored.values()))

    def _fresh(self, title: str, revid: int) -> bool:
        """Newer than the stored revision, or the same one stored by an earlier run (a failed
        page tried again); not one this run stored already (a page in two dumps given)."""
        stored = self.latest.get(title, -1)
        return stored < revid or (stored == revid and title not in self.saved)

    def unread_titles(
        self, work: _Streams, starts: list[int], message: str, done: frozenset[str]
    ) -> list[PageResult]:
        """Failed records for the articles of streams that could not be read, from the index.

        Titles already stored keep their last audit (an unreadable stream says nothing new
        about them); titles the stream did yield before failing keep theirs.
        """
        titles = multistream.titles_in(work.index, starts)
        results = []
        for start in starts:
            for title in titles.get(start, []):
                if title in done or title in self.latest or _namespaced(title, work.namespaces):
                    continue
                if self.selection.title_wanted(title):
                    results.append(failed(title, 0, None, work.source, message))
        return results

    # -------------------------------------------------------------------------- cutting work

    def _page_work(self, dump: Path) -> Iterator[_Work]:
        """One streaming reader in the driver; selected pages shipped in small batches."""
        source = str(dump)
        batch: list[PageText] = []
        size = 0
        try:
            with ExitStack() as stack, dump_errors(dump):
                for page in iter_latest_pages(open_dump(stack, dump)):
                    if not self._take(page, source, batch):
                        continue
                    size += len(batch[-1].text)
                    if len(batch) >= PAGES_PER_BATCH or size >= BYTES_PER_BATCH:
                        yield _Pages(batch, source)
                        batch, size = [], 0
        except InputError:
            if batch:  # pages read before the dump broke off are still audited and stored
                yield _Pages(batch, source)
            raise
        if batch:
            yield _Pages(batch, source)

    def _take(self, page: PageText | Unreadable, source: str, batch: list[PageText]) -> bool:
        """Decide on one page the driver read: True when it joined ``batch`` to be audited."""
        self.totals.decisions["read"] += 1
        if isinstance(page, Unreadable):
            if self.selection.title_wanted(page.title):
                self._save([unreadable(page, source)])
            return False
        decision = self.selection.decide(page)
        self.totals.decisions[decision.name] += 1
        if decision is Decision.GONE:
            self._save([gone(page, source)])
        if decision is not Decision.AUDIT:
            return False
        batch.append(page)
        return True

    def _stream_work(self, dump: Path, index: Path) -> Iterator[_Work]:
        """One task per stream of a multistream dump; the driver reads only the index."""
        source = str(dump)
        size = _size(dump)
        header = multistream.read_header(dump, multistream.first_offset(index))
        namespaces = _namespace_names(dump, header)
        wanted = self.selection.title_wanted if self.selection.titles is not None else None
        for stream in multistream.iter_streams(index, size, wanted):
            yield _Streams(dump, index, header, namespaces, [stream], source)


def known_pages(store: Store) -> Known:
    """The store's pages when a run starts (failed ones are tried again)."""
    revisions = store.stored_revisions()
    kept = store.stored_revisions(include_failed=False)
    return Known(revisions, frozenset(revisions.keys() - kept.keys()))


def _size(dump: Path) -> int:
    try:
        return os.stat(dump).st_size
    except OSError as error:
        from wikiaudit.scraper.files import os_reason

        raise InputError(f"cannot read dump {dump}: {os_reason(error)}") from None


def _namespace_names(dump: Path, header: bytes) -> frozenset[str]:
    """The wiki's namespace prefixes, to tell articles from other pages in the index."""
    import io

    import mwxml

    with dump_errors(dump):
        site = mwxml.Dump.from_file(io.BytesIO(header + b"</mediawiki>")).site_info
    return frozenset(ns.name for ns in site.namespaces or () if ns.name)


def _namespaced(title: str, namespaces: frozenset[str]) -> bool:
    prefix, colon, _ = title.partition(":")
    return bool(colon) and prefix in namespaces


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {short_error(error)}"
