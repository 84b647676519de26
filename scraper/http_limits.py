"""Bounds on one HTTP exchange: a deadline for the whole answer, a cap on its size, one host.

requests' ``timeout=(connect, read)`` bounds each socket operation, not the answer: a server
sending a byte every few seconds never trips it, and a small gzip body can inflate to gigabytes.
This module adds what the MediaWiki client needs to distrust an answer:

* :func:`deadline` sets, for the requests made inside it, a point in time after which every
  socket read fails. :class:`DeadlineAdapter` applies it below http.client (headers included)
  by lowering the socket timeout before each read to what is left of the deadline;
  :func:`read_capped` also checks it between chunks, which is all a mocked transport offers.
* :func:`read_capped` streams the body and stops once the *decompressed* size passes the cap;
  urllib3 (2.6 and later) inflates at most the amount asked for per read, so a gzip bomb never
  expands much past the cap in memory.
* :func:`same_origin` tells a redirect within the wiki (``http`` to ``https`` on one host)
  from one to another host, which the client refuses: the report would cite a wiki the text
  did not come from.
* :class:`BudgetRetry` is urllib3's ``Retry`` (mounted on the session's adapter: 429 and 5xx
  answers, ``Retry-After``, exponential backoff, connection errors) made to keep the bounds
  above: while a :func:`retrying` block is active, every retry spends one
  :class:`RetryBudget` (attempts, waits and time of one API call, shared with the client's own
  retries of MediaWiki's ``maxlag``/``ratelimited`` answers), sleeps through its injectable
  ``sleep``, refuses a wait past ``max_wait`` or past the budget, and gives the next attempt
  its own deadline.
"""

from __future__ import annotations

import io
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

#: The monotonic time after which reads fail, for requests made in this context (thread).
_DEADLINE: ContextVar[float | None] = ContextVar("wikiaudit_http_deadline", default=None)
_CHUNK = 64 * 1024


class DeadlineExceeded(Exception):
    """The answer did not arrive in full before the request's deadline."""


class TooLarge(Exception):
    """The answer (decompressed) is larger than the cap."""


@contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Requests made in this block must be answered in full within ``seconds``."""
    until = time.monotonic() + seconds
    token = _DEADLINE.set(until)
    try:
        yield until
    finally:
        _DEADLINE.reset(token)


def past_deadline() -> bool:
    until = _DEADLINE.get()
    return until is not None and time.monotonic() >= until


def read_capped(response: requests.Response, max_bytes: int) -> bytes:
    """The body of a streamed response, decompressed, refusing more than ``max_bytes``.

    Raises :class:`TooLarge` or :class:`DeadlineExceeded`; transport errors (reset, bad gzip)
    come through as requests raises them. The response is closed in every case.
    """
    try:
        declared = response.headers.get("Content-Length", "")
        encoded = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoded in ("", "identity") and declared.isdigit() and int(declared) > max_bytes:
            raise TooLarge(int(declared))
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_content(_CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise TooLarge(total)
            if past_deadline():
                raise DeadlineExceeded
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        response.close()


def same_origin(url: str, other: str) -> bool:
    """The same host and port, allowing an upgrade from ``http`` to ``https``."""
    a, b = urlsplit(url), urlsplit(other)
    if (a.hostname or "").lower() != (b.hostname or "").lower():
        return False
    if (a.scheme, b.scheme) not in (("http", "http"), ("https", "https"), ("http", "https")):
        return False
    default = {"http": 80, "https": 443}
    port_a = a.port or default[a.scheme]
    port_b = b.port or default[b.scheme]
    return port_a == port_b or (a.scheme != b.scheme and a.port is None and b.port is None)


# ------------------------------------------------------------------- socket-level deadline


class _DeadlineSocket:
    """A connected socket whose every read ends by the current deadline.

    http.client reads through ``sock.makefile("rb")``; the file made here reads through this
    object, which sets the socket's timeout to the smaller of its own and what is left of the
    deadline before each ``recv_into``. Everything else is the wrapped socket's.
    """

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        self._timeout = sock.gettimeout()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    def settimeout(self, value: float | None) -> None:
        self._timeout = value
        self._sock.settimeout(value)

    def gettimeout(self) -> float | None:
        return self._timeout

    def makefile(self, mode: str = "r", buffering: int | None = None, **_: Any) -> Any:
        if mode != "rb":
            return self._sock.makefile(mode, buffering)
        # As socket.makefile does: the descriptor stays open until this file is closed too,
        # even when http.client closes the connection first (``Connection: close``).
        self._sock._io_refs += 1
        return io.BufferedReader(socket.SocketIO(self, "rb"))  # type: ignore[arg-type]

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        self._bound()
        return int(self._sock.recv_into(buffer, nbytes, flags))

    def recv(self, size: int, flags: int = 0) -> bytes:
        self._bound()
        return bytes(self._sock.recv(size, flags))

    def _decref_socketios(self) -> None:
        """Called when the file made by :meth:`makefile` closes (the count is the socket's)."""
        self._sock._decref_socketios()

    def _bound(self) -> None:
        until = _DEADLINE.get()
        if until is None:
            self._sock.settimeout(self._timeout)
            return
        left = until - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request's deadline passed")
        self._sock.settimeout(left if self._timeout is None else min(left, self._timeout))


class _HTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        self.sock = _DeadlineSocket(self.sock)  # type: ignore[assignment]


class _HTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        self.sock = _DeadlineSocket(self.sock)  # type: ignore[assignment]


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose connections honour :func:`deadline` on every socket read."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _POOLS
        return manager


def bounded_session(retry: Retry | None = None) -> requests.Session:
    """A session whose requests honour :func:`deadline` down to the socket, retried by
    ``retry`` (a :class:`BudgetRetry`; None: no retries, requests' default)."""
    session = requests.Session()
    adapter = DeadlineAdapter(max_retries=retry if retry is not None else Retry(0, read=False))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# ---------------------------------------------------------------------------------- retries

#: Statuses worth another attempt: rate limited, and the server's own transient failures.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class RetryRefused(Exception):
    """A retry that would break a bound: a wait over ``max_wait`` or past the budget."""


class RetriesExhausted(Exception):
    """Every attempt of the call was spent."""


@dataclass(slots=True)
class RetryBudget:
    """The attempts, waits and time one API call may spend, whoever retries.

    Time is accounted as attempts plus waits (not wall time), so an injected ``sleep`` that
    returns at once still spends the budget. ``done`` counts the retries made; each attempt
    gets ``attempt_seconds`` or what is left of ``budget``, whichever is less, as its deadline.
    """

    max_retries: int
    backoff: float
    max_wait: float
    budget: float
    attempt_seconds: float
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    spent: float = 0.0
    done: int = 0
    started: float = field(default=0.0)

    def begin(self) -> None:
        """Start an attempt: its deadline, and the time it spends from now."""
        self.started = self.clock()
        left = max(0.0, min(self.attempt_seconds, self.budget - self.spent))
        _DEADLINE.set(time.monotonic() + left)

    @property
    def attempts(self) -> int:
        return self.done + 1

    def retry(self, reason: str, wait: float | None = None) -> None:
        """Account for the failed attempt, wait, and begin the next one; or refuse.

        ``wait``: what the server asked for (``Retry-After``), else exponential backoff.
        Raises :class:`RetriesExhausted` when no attempt is left, :class:`RetryRefused` when
        the wait is unreasonable or would pass the budget (the wait is then not started).
        """
        self.spent += max(0.0, self.clock() - self.started)
        if self.done >= self.max_retries:
            raise RetriesExhausted(reason)
        delay = wait if wait is not None else self.backoff * 2**self.done
        if delay > self.max_wait:
            raise RetryRefused(
                f"{reason}; the server asked to wait {delay:.0f}s, "
                f"more than the {self.max_wait:.0f}s allowed"
            )
        if self.spent + delay >= self.budget:
            raise RetryRefused(
                f"{reason}; giving up after {self.spent:.0f}s: waiting {delay:.0f}s more would "
                f"pass the {self.budget:.0f}s retry budget"
            )
        self.sleep(delay)
        self.spent += delay
        self.done += 1
        self.begin()


_BUDGET: ContextVar[RetryBudget | None] = ContextVar("wikiaudit_retry_budget", default=None)


def current_budget() -> RetryBudget | None:
    """The budget of the call in progress in this context, if any."""
    return _BUDGET.get()


@contextmanager
def retrying(budget: RetryBudget) -> Iterator[RetryBudget]:
    """Requests made in this block retry within ``budget`` (and each attempt by its deadline)."""
    budget_token = _BUDGET.set(budget)
    deadline_token = _DEADLINE.set(None)
    try:
        budget.begin()
        yield budget
    finally:
        _DEADLINE.reset(deadline_token)
        _BUDGET.reset(budget_token)


class BudgetRetry(Retry):
    """urllib3's ``Retry`` that spends the active :class:`RetryBudget` (see :func:`retrying`).

    urllib3 decides *whether* to retry (the status list, ``Retry-After`` on 413/429/503,
    connection and read errors, its per-kind counters); the budget decides *whether it may* and
    does the waiting, in :meth:`increment` (called by urllib3 and by ``responses``' emulation of
    retries alike), so :meth:`sleep` has nothing left to do. An answer retried is closed first:
    urllib3 would otherwise read its whole body to reuse the connection. Outside a
    :func:`retrying` block it behaves as a plain ``Retry``.
    """

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> BudgetRetry:
        new = super().increment(method, url, response, error, _pool, _stacktrace)
        budget = _BUDGET.get()
        if budget is None:
            return new
        wait = None
        if response is not None:
            wait = self.get_retry_after(response) if self.respect_retry_after_header else None
            reason = f"HTTP {response.status}"
            _close_quietly(response)
        else:
            reason = describe_error(error) if error is not None else "no answer"
        try:
            budget.retry(reason, wait)
        except RetriesExhausted:
            raise MaxRetryError(_pool, url or "", error or _StatusError(reason)) from None
        return new

    def sleep(self, response: Any = None) -> None:
        if _BUDGET.get() is None:
            super().sleep(response)


class _StatusError(Exception):
    """The reason a status retry gave up, for ``MaxRetryError``."""


def _close_quietly(response: Any) -> None:
    with suppress(Exception):  # a broken answer being thrown away
        response.close()


def retry_for(max_retries: int, backoff: float) -> BudgetRetry:
    """The retry policy of the client's own session."""
    return BudgetRetry(
        total=max_retries,
        connect=min(1, max_retries),
        read=max_retries,
        status=max_retries,
        other=0,
        redirect=False,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )


def describe_error(error: BaseException) -> str:
    """A transport failure in a few words ("connection refused (host:port)"), never a dump
    of nested reprs: the one-line errors of the CLI quote it."""
    chain = _chain(error)
    names = {type(e).__name__ for e in chain}
    host = next((where for e in chain if (where := _host_of(e))), "")
    at = f" ({host})" if host else ""
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in str(error).lower():
        return f"connection refused{at}"
    if "NameResolutionError" in names or any(isinstance(e, socket.gaierror) for e in chain):
        return f"host not found{at}"
    if "ConnectTimeoutError" in names:
        return f"connection timed out{at}"
    if "SSLError" in names or any(isinstance(e, ssl.SSLError) for e in chain):
        return f"TLS handshake failed{at}"
    if any(isinstance(e, ConnectionResetError) for e in chain):
        return f"connection reset{at}"
    if "ReadTimeoutError" in names or any(isinstance(e, TimeoutError) for e in chain):
        return f"timed out waiting for the answer{at}"
    if any(isinstance(e, ConnectionAbortedError | BrokenPipeError) for e in chain):
        return f"connection closed{at}"
    if "RemoteDisconnected" in names or "ProtocolError" in names:
        return f"connection closed before an answer{at}"
    text = " ".join(str(error).split())
    lowered = text.lower()
    if "reset" in lowered:
        return f"connection reset{at}"
    if "timed out" in lowered or "timeout" in lowered:
        return f"timed out waiting for the answer{at}"
    return text[:200] or type(error).__name__


def _host_of(error: BaseException) -> str:
    """``host:port`` from the pool or connection urllib3 keeps on its errors (read from the
    instance: the ``pool`` property of connection errors is deprecated)."""
    attributes = getattr(error, "__dict__", {})
    holder = attributes.get("pool") or attributes.get("conn")
    host = getattr(holder, "host", None)
    return f"{host}:{getattr(holder, 'port', '')}" if host else ""


def _chain(error: BaseException) -> list[BaseException]:
    """The error, its causes and contexts, and urllib3's ``reason``s, each once."""
    seen: list[BaseException] = []
    todo = [error]
    while todo:
        current = todo.pop()
        if current is None or any(current is s for s in seen) or len(seen) > 20:
            continue
        seen.append(current)
        todo += [
            e
            for e in (
                current.__cause__,
                current.__context__,
                getattr(current, "reason", None),
                *(a for a in getattr(current, "args", ()) if isinstance(a, BaseException)),
            )
            if isinstance(e, BaseException)
        ]
    return seen
