"""The Dask cluster ``audit corpus`` runs on: a local one of its own, or one already running.

By default a ``LocalCluster`` of ``--workers`` processes with one thread each (an audit is pure
Python: threads would share one interpreter lock), its HTTP server on a free loopback port,
quiet logs, closed when the run ends. With ``--scheduler ADDRESS`` the run is a client of a
scheduler someone started (``dask scheduler`` and ``dask worker`` on each machine): wikiaudit
runs no scheduler of its own.
A scheduler that cannot be reached, has no workers, or whose workers lack wikiaudit is a one-line
input error before any page is read.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from wikiaudit.scraper.errors import InputError

#: How long to wait for an existing scheduler to answer, and for it to have a worker.
CONNECT_SECONDS = 20
_ADDRESS = re.compile(r"^(tcp|tls)://(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")


def usable_cpus() -> int:
    """The cores this process may run on (a container's limit, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_scheduler(address: str) -> None:
    """A well-formed address whose port answers: both checked before any work starts."""
    host, port = check_address(address)
    _probe(address, host, port)


def check_address(address: str) -> tuple[str, int]:
    """``tcp://host:port`` (or ``tls://``), as ``dask scheduler`` prints it; else an error."""
    match = _ADDRESS.match(address)
    if match is None or not 0 < int(match.group(3)) < 65536:
        raise InputError(
            f"--scheduler {address!r}: expected a Dask scheduler address such as tcp://host:8786"
        )
    return match.group(2).strip("[]"), int(match.group(3))


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A connected ``distributed.Client``, closed (with its local cluster) on the way out."""
    from distributed import Client, LocalCluster

    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",  # its HTTP server: loopback, any free port
            silence_logs=logging.ERROR,
        )
        with cluster, Client(cluster) as client:
            _warm_up(client)
            yield client
        return
    check_scheduler(scheduler)
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as error:
        raise InputError(f"--scheduler {scheduler}: cannot connect ({error})") from None
    with client:
        _check_workers(client, scheduler)
        _warm_up(client)
        yield client


def _probe(address: str, host: str, port: int) -> None:
    """Fail at once on a refused port, rather than after the client's retries time out."""
    try:
        with socket.create_connection((host, port), timeout=CONNECT_SECONDS):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(f"--scheduler {address}: cannot connect ({reason.lower()})") from None


def _check_workers(client: Any, address: str) -> None:
    """The scheduler has a worker, and every worker can import this wikiaudit."""
    from wikiaudit import __version__

    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except TimeoutError:
        raise InputError(
            f"--scheduler {address}: no worker joined within {CONNECT_SECONDS} s"
        ) from None
    versions = client.run(_worker_version)
    wrong = {worker: v for worker, v in versions.items() if v != __version__}
    if wrong:
        worker, version = next(iter(wrong.items()))
        raise InputError(
            f"--scheduler {address}: worker {worker} has {version or 'no wikiaudit'}, "
            f"not wikiaudit {__version__} (install the same version on every worker)"
        )


def _warm_up(client: Any) -> None:
    from wikiaudit.corpus_audit import warm_up

    client.run(warm_up)


def _worker_version() -> str | None:
    try:
        from wikiaudit import __version__
    except ImportError:
        return None
    return __version__


def worker_threads(client: Any) -> int:
    """How many tasks the cluster runs at once (to keep that many, and a few more, queued)."""
    return max(1, sum(int(n) for n in client.nthreads().values()))
