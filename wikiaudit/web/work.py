"""What a worker process does for one request: audit a text and render both reports.

Audits are CPU-bound, so the server runs them in a small pool of processes (threads would take
turns on one core and slow the event loop). A worker gets the text, not a title: fetching stays
in the server, so a slow wiki occupies a thread, never an audit worker. Both renderings (the
HTML report and the JSON of ``--format json``) are made here at once, so the server keeps plain
strings by revision id and never pickles an ``AuditResult``.

Each audit has a hard limit: ``SIGALRM`` interrupts it (workers run tasks in their main thread,
where signals are delivered) and the worker is free for the next request. The interruption is a
``BaseException`` so that no ``except Exception`` inside the pipeline can swallow it.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from wikiaudit.pipeline import Limits, Source, audit_source, nothing_checked
from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.gcpause import cyclic_gc_paused


@dataclass(frozen=True, slots=True)
class Rendered:
    """An audit's two reports, and the counts the server shows beside a link."""

    html: str
    json: str
    summary: dict[str, int]


@dataclass(frozen=True, slots=True)
class Refused:
    """The text cannot be audited (no tables, no season table, over a limit): one line."""

    message: str


@dataclass(frozen=True, slots=True)
class TimedOut:
    """The audit passed its time limit and was stopped."""

    seconds: float


Outcome = Rendered | Refused | TimedOut


class _Interrupted(BaseException):
    """Raised by the alarm inside the audit; never seen outside this module."""


#: Seconds between a worker's checks that the server that started it is still there.
FOLLOW_EVERY = 2.0


def follow_server(pid: int) -> None:
    """Worker initializer: end this worker once process ``pid`` (the server) is gone.

    A server killed outright (``SIGKILL``, the out-of-memory killer) never stops its pool, and
    a worker waiting for its next task would wait for ever; a daemon thread ends it instead.
    """
    import os
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(FOLLOW_EVERY)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # the pid was reused by another user's process
                os._exit(0)

    threading.Thread(target=watch, name="follow-server", daemon=True).start()


#: An invented five-row standings table: what a worker audits once before its first request.
_WARM_UP = """==Standings==
{| class="wikitable"
! Pos !! Team !! R1 !! R2 !! Total
|-
| 1 || Alpha || 10 || 10 || 20
|-
| 2 || Beta || 8 || 8 || 16
|-
| 3 || Gamma || 6 || 6 || 12
|-
| 4 || Delta || 5 || 4 || 9
|-
| 5 || Epsilon || 4 || 5 || 9
|}
"""
_warmed = False


def ready() -> bool:
    """Audit a small article once, so the first request does not pay for the pipeline's lazy
    imports (pandas, pandera, the scrapers: about 0.9 s). The server submits one per worker at
    start; in the process workers are forked from (``warm``) it has already run, and forked
    workers inherit the result."""
    global _warmed
    if not _warmed:
        audit_text(_WARM_UP, "warm-up", Limits(), 60.0)
        _warmed = True
    return True


def audit_text(
    text: str,
    label: str,
    limits: Limits,
    seconds: float,
    title: str | None = None,
    api: str | None = None,
) -> Outcome:
    """Audit ``text`` (cited as ``label``) within ``seconds``; never raises for bad input.

    ``title`` and ``api`` are a live revision's page title and the API it came from, which the
    reports show as the CLI's do."""
    try:
        with _time_limit(seconds), cyclic_gc_paused():
            return _audit(text, label, limits, title, api)
    except _Interrupted:
        return TimedOut(seconds)
    except InputError as error:
        return Refused(one_line(error))


def _audit(
    text: str, label: str, limits: Limits, title: str | None = None, api: str | None = None
) -> Outcome:
    from types import SimpleNamespace

    from wikiaudit import reports

    revision = SimpleNamespace(title=title) if title else None
    result = audit_source(Source(text, label, revision=revision), None, limits)
    if not result.checked:
        return Refused(f"{label}: {nothing_checked(len(result.document.tables))}")
    return Rendered(
        html=reports.render(result, "html"),
        json=reports.render(result, "json", apis={label: api} if api else None),
        summary=dict(result.summary),
    )


def one_line(error: BaseException) -> str:
    """An error's message on one line, control characters shown as escapes (as the CLI does)."""
    from wikiaudit.reports.safe_text import printable

    return printable(" ".join(str(error).split()))


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def interrupt(signum: int, frame: Any) -> None:
        raise _Interrupted

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
