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
"""

from __future__ import annotations

import io
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

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


def bounded_session() -> requests.Session:
    """A session whose requests honour :func:`deadline` down to the socket."""
    session = requests.Session()
    adapter = DeadlineAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
