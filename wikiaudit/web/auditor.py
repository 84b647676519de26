"""The server's side of an audit: fetch from the configured wiki, audit in the pool, keep.

Bounded so that neither a slow wiki nor a huge page can take the server down:

* fetching runs in at most ``FETCHES`` threads, each with the MediaWiki client's own deadline
  and retry budget set to the request timeout (``scraper.http_limits``);
* audits run in a pool of ``workers`` processes, each audit stopped at the timeout
  (``work._time_limit``); a worker that dies is replaced and the request answered 503;
* uncached work in progress is capped (``ServeConfig.pending``): one request more is answered
  503 at once instead of queueing without end;
* every request waits at most the timeout (plus a second of grace) for its answer: 504.

Reports are kept by ``(api_url, revision id)`` in a size-bounded LRU: a revision never changes.
A title without a revision is first resolved to its latest revision id (one light API call), so
a page that has not been edited is served from the cache. Two requests for the same revision at
once share one fetch and one audit.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import anyio.to_thread

from wikiaudit.scraper.errors import FetchError, InputError, NotFound
from wikiaudit.web.cache import SizedLRU
from wikiaudit.web.config import FETCHES, ServeConfig
from wikiaudit.web.work import (
    Refused,
    Rendered,
    TimedOut,
    audit_text,
    follow_server,
    one_line,
    ready,
)

if TYPE_CHECKING:
    from wikiaudit.scraper.mediawiki import MediaWikiClient

log = logging.getLogger("wikiaudit.serve")
T = TypeVar("T")
#: Seconds a request waits past its timeout for a worker to report that it stopped the audit.
GRACE = 1.0
#: An audit started late in its request still gets this long (the request's own wait ends it).
MIN_AUDIT_SECONDS = 0.1


class Problem(Exception):
    """A request that ends in an error: the HTTP status and a one-line message for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Report:
    """A live revision's audit as kept: what it is of, and its reports (or why there are none)."""

    title: str
    revid: int
    url: str
    timestamp: datetime
    outcome: Rendered | Refused

    @property
    def size(self) -> int:
        if isinstance(self.outcome, Refused):
            return len(self.outcome.message) + 256
        return len(self.outcome.html) + len(self.outcome.json) + 256


class Auditor:
    """One per application; lives from the server's start to its stop (``start``/``stop``).

    ``pool``: an executor to use instead of starting one (tests share one across apps); the
    auditor then never shuts it down.
    """

    def __init__(self, config: ServeConfig, pool: Executor | None = None) -> None:
        self.config = config
        self.cache: SizedLRU[Report] = SizedLRU(config.cache_bytes)
        self.audits = 0
        self._pool = pool
        self._own_pool = pool is None
        self._fetching = anyio.CapacityLimiter(FETCHES)
        self._working = 0
        self._inflight: dict[tuple[str, int], asyncio.Task[Report]] = {}
        self._local = threading.local()

    # ---------------------------------------------------------------------------- lifetime

    async def start(self) -> None:
        """Start the workers now, so the first request does not wait for them to import."""
        if self._pool is None:
            self._pool = _new_pool(self.config.workers)
        loop = asyncio.get_running_loop()
        pool = self._pool
        await asyncio.gather(
            *(loop.run_in_executor(pool, ready) for _ in range(self.config.workers))
        )

    async def stop(self) -> None:
        """Stop the workers and wait for them: uvicorn ends the process with the signal it
        caught once this returns, so nothing later (atexit) would get to stop them."""
        pool, self._pool = self._pool, None
        if self._own_pool and pool is not None:
            await anyio.to_thread.run_sync(
                functools.partial(pool.shutdown, wait=True, cancel_futures=True)
            )

    # ------------------------------------------------------------------------- live pages

    async def live(self, title: str | None, revision: int | None) -> Report:
        """The report of ``revision``, or of ``title``'s latest revision; Problem otherwise."""
        try:
            with anyio.fail_after(self.config.timeout + GRACE):
                report = await self._live(title, revision)
        except TimeoutError:
            raise self._timed_out() from None
        if isinstance(report.outcome, Refused):
            raise Problem(422, report.outcome.message)
        return report

    async def _live(self, title: str | None, revision: int | None) -> Report:
        if revision is None:
            assert title is not None
            latest = await self._fetch(lambda client: client.latest_revision(title))
            revid = latest.revid
        else:
            revid = revision
        key = (self.config.api_url, revid)
        report = self.cache.get(key)
        if report is None:
            task = self._inflight.get(key)
            if task is None:
                task = self._begin(key, self._make(revid))
            report = await asyncio.shield(task)
        if title is not None and revision is not None:
            _check_title(title, report)
        return report

    def _begin(self, key: tuple[str, int], work: Any) -> asyncio.Task[Report]:
        """Start uncached work that outlives the request that asked for it (it fills the cache
        for the next one), unless too much is already in progress."""
        if self._working >= self.config.pending:
            work.close()
            raise Problem(503, f"busy: {self._working} audits in progress; try again shortly")
        self._working += 1
        task = asyncio.get_running_loop().create_task(work)
        self._inflight[key] = task

        def done(finished: asyncio.Task[Report]) -> None:
            self._working -= 1
            self._inflight.pop(key, None)
            if not finished.cancelled():
                finished.exception()  # retrieved: nobody may be waiting any more

        task.add_done_callback(done)
        return task

    async def _make(self, revid: int) -> Report:
        started = time.monotonic()
        revision = await self._fetch(lambda client: client.fetch_revision(revision=revid))
        left = self.config.timeout - (time.monotonic() - started)
        api = revision.url.split("?", 1)[0].removesuffix("index.php") + "api.php"
        outcome = await self._audit(revision.text, revision.url, left, revision.title, api)
        report = Report(revision.title, revision.revid, revision.url, revision.timestamp, outcome)
        self.cache.put((self.config.api_url, revid), report, report.size)
        return report

    # ---------------------------------------------------------------------------- uploads

    async def upload(self, data: bytes, name: str) -> Rendered:
        """The report of an uploaded article file (not kept: it has no revision id)."""
        from wikiaudit.scraper.source import decode

        try:
            text = decode(data, name=name)
        except InputError as error:
            raise Problem(422, one_line(error)) from None
        if self._working >= self.config.pending:
            raise Problem(503, f"busy: {self._working} audits in progress; try again shortly")
        self._working += 1
        try:
            with anyio.fail_after(self.config.timeout + GRACE):
                outcome = await self._audit(text, name, self.config.timeout)
        except TimeoutError:
            raise self._timed_out() from None
        finally:
            self._working -= 1
        if isinstance(outcome, Refused):
            raise Problem(422, outcome.message)
        return outcome

    # ----------------------------------------------------------------------------- pieces

    async def _audit(
        self,
        text: str,
        label: str,
        seconds: float,
        title: str | None = None,
        api: str | None = None,
    ) -> Rendered | Refused:
        """The CLI's reports of ``text``: a live revision's carry its page title and API."""
        seconds = max(seconds, MIN_AUDIT_SECONDS)
        outcome = await self.in_pool(
            audit_text, text, label, self.config.limits, seconds, title, api
        )
        self.audits += 1
        if isinstance(outcome, TimedOut):
            raise self._timed_out()
        return outcome

    async def in_pool(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(*args)`` in a worker process; a pool whose worker died is replaced."""
        pool = self._pool
        if pool is None:
            raise Problem(503, "the server is stopping")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(pool, functools.partial(function, *args))
        except BrokenProcessPool:
            log.error("an audit worker died; starting a new pool")
            if self._pool is pool:
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = _new_pool(self.config.workers)
                self._own_pool = True
            raise Problem(503, "an audit worker stopped unexpectedly; try again") from None

    async def _fetch(self, call: Callable[[MediaWikiClient], T]) -> T:
        """One call of the wiki client in a fetch thread; its errors as HTTP problems."""

        def run() -> T:
            return call(self._client())

        try:
            return await anyio.to_thread.run_sync(
                run, limiter=self._fetching, abandon_on_cancel=True
            )
        except NotFound as error:
            raise Problem(404, one_line(error)) from None
        except FetchError as error:
            raise Problem(502, one_line(error)) from None
        except InputError as error:
            raise Problem(400, one_line(error)) from None

    def _client(self) -> MediaWikiClient:
        """One client per fetch thread: its connections are reused, never shared."""
        client = getattr(self._local, "client", None)
        if client is None:
            from wikiaudit import live
            from wikiaudit.scraper.mediawiki import DEFAULT_DEADLINE, MediaWikiClient

            client = MediaWikiClient(
                self.config.api_url,
                max_bytes=self.config.limits.max_bytes,
                deadline=min(DEFAULT_DEADLINE, self.config.timeout),
                retry_budget=self.config.timeout,
                **live.CLIENT_OPTIONS,
            )
            self._local.client = client
        return client

    def _timed_out(self) -> Problem:
        return Problem(
            504, f"timed out: the audit took longer than the {self.config.timeout:g}s limit"
        )


def _new_pool(workers: int) -> ProcessPoolExecutor:
    """Workers forked from a clean server process that has already imported the pipeline
    (``forkserver``), where the platform has one; spawned otherwise. Each worker ends itself
    if the server dies without stopping it (``work.follow_server``)."""
    import multiprocessing
    import os

    try:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["wikiaudit.web.warm"])
    except ValueError:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=follow_server,
        initargs=(os.getpid(),),
    )


def _check_title(title: str, report: Report) -> None:
    """``title`` and ``revision`` given together must name the same page (as MediaWiki does
    not: ``index.php?title=A&oldid=N`` shows revision N whatever page it belongs to)."""
    from wikiaudit.scraper.mediawiki_urls import normalize_title

    wanted, got = normalize_title(title), report.title
    if got and wanted[:1].upper() + wanted[1:] != got[:1].upper() + got[1:]:
        raise Problem(404, f"revision {report.revid} is of {got!r}, not {wanted!r}")
