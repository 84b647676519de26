"""``audit serve`` under load, on loopback only: audits, cached reports, and the timeout.

Run: ``python bench/bench_serve.py [--requests 500] [--clients 4]``. A real ``audit serve``
process (uvicorn, 2 audit workers) audits ``fixtures/2012.wikitext`` served by the tests'
loopback MediaWiki stand-in (``tests/serve_helpers.py``); nothing leaves the machine. Figures:

* **uncached audit**: one ``GET /audit?revision=N`` for a revision not seen yet: the fetch from
  the stand-in, the audit in a worker, both renderings (median of 5 revisions of the same text);
* **cached, exact revision**: ``GET /audit?revision=N`` again: the report from memory, no call
  to the wiki (requests per second, one keep-alive connection per client);
* **cached, by title**: ``GET /audit?title=T``: one light call to the wiki (which revision is
  the latest), then the report from memory;
* **timeout**: a second server with ``--timeout 1`` asked for the fixture repeated 40 times
  (about 2.3 MB of wikitext, seconds of auditing): how long until the 504, and how long the next
  request (a cached report) then takes.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TITLE = "2012 American Le Mans Series"
HUGE = "Huge season"


def connect(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def rate(url: str, path: str, requests: int, clients: int) -> float:
    """Requests per second over ``clients`` keep-alive connections, ``requests`` in all."""
    each = max(1, requests // clients)
    failures: list[int] = []

    def client() -> None:
        conn = connect(url)
        for _ in range(each):
            status, _ = get(conn, path)
            if status != 200:
                failures.append(status)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"bench_serve: {len(failures)} requests failed: {failures[:5]}")
    return each * clients / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    from tests.serve_helpers import ServeProcess, StandInWiki

    text = (REPO / "fixtures" / "2012.wikitext").read_text(encoding="utf-8")
    revisions = [(1001 + n, text) for n in range(6)]
    pages = {TITLE: revisions, HUGE: [(9001, "\n".join([text] * 40))]}
    with tempfile.TemporaryDirectory() as folder, StandInWiki(pages) as wiki:
        with ServeProcess(wiki.url, Path(folder), "--workers", "2") as server:
            conn = connect(server.url)
            seconds = []
            for revid, _ in revisions[:5]:
                started = time.perf_counter()
                status, body = get(conn, f"/audit?revision={revid}")
                seconds.append(time.perf_counter() - started)
                assert status == 200, status
            print(f"report: {len(body):,} bytes of HTML for {len(text):,} bytes of wikitext")
            print(
                f"uncached audit (fetch, audit, render): {statistics.median(seconds) * 1000:.0f} ms"
            )
            get(conn, f"/audit?title={TITLE.replace(' ', '+')}")  # the latest, now cached
            for clients in (1, args.clients):
                exact = rate(server.url, "/audit?revision=1001", args.requests, clients)
                print(f"cached, exact revision, {clients} client(s): {exact:.0f} requests/s")
            path = f"/audit?title={TITLE.replace(' ', '+')}"
            for clients in (1, args.clients):
                latest = rate(server.url, path, args.requests // 2, clients)
                print(f"cached, by title, {clients} client(s): {latest:.0f} requests/s")
        with ServeProcess(wiki.url, Path(folder), "--timeout", "1") as server:
            conn = connect(server.url)
            get(conn, "/audit?revision=1001")
            started = time.perf_counter()
            status, _ = get(conn, f"/audit?title={HUGE.replace(' ', '+')}")
            cut = time.perf_counter() - started
            started = time.perf_counter()
            after, _ = get(conn, "/audit?revision=1001")
            next_ms = (time.perf_counter() - started) * 1000
            print(
                f"timeout 1 s, {40 * len(text):,}-byte page: HTTP {status} after {cut:.2f} s; "
                f"next request HTTP {after} in {next_ms:.0f} ms"
            )


if __name__ == "__main__":
    main()
