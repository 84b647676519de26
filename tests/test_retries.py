"""Retries through urllib3's ``Retry`` on the session, within #14's bounds (issue #12).

``responses`` replaces the transport, so it never shows what urllib3 does at the socket: these
tests play a real server on the loopback interface (nothing leaves the machine) and check that
statuses, resets and refused connections are retried, or not, by urllib3 itself, that every
wait goes through the client's injectable ``sleep`` and the retry budget, and that a refused
connection is one short line within a couple of seconds.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import responses
from bs4 import BeautifulSoup
from wikiaudit.scraper.errors import FetchError
from wikiaudit.scraper.http_limits import BudgetRetry
from wikiaudit.scraper.mediawiki import MediaWikiClient
from wikiaudit.scraper.mediawiki_urls import api_url_for

from tests.helpers import TITLE, answer, api_rev, one_line_error
from wikiaudit.cli import main

WIKITEXT = "{| class=wikitable\n|-\n! Rnd !! Circuit\n|-\n| 1 || Nowhere Park\n|}\n"
GOOD = json.dumps(answer(api_rev(5, WIKITEXT))).encode()

Step = Callable[[BaseHTTPRequestHandler], None]


def ok(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(GOOD)))
    handler.end_headers()
    handler.wfile.write(GOOD)


def reset(handler: BaseHTTPRequestHandler) -> None:
    """Close with a TCP reset before any answer (SO_LINGER 0)."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def status(code: int, retry_after: str | None = None, body: bytes = b"busy") -> Step:
    def step(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(code)
        if retry_after is not None:
            handler.send_header("Retry-After", retry_after)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return step


def maxlag(retry_after: str = "3") -> Step:
    def step(handler: BaseHTTPRequestHandler) -> None:
        body = json.dumps({"error": {"code": "maxlag", "info": "lagged"}}).encode()
        handler.send_response(200)
        handler.send_header("Retry-After", retry_after)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return step


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a connection the test reset, or the client closed on purpose


class Served:
    """A loopback wiki answering request N with ``steps[N]`` (the last step repeats)."""

    def __init__(self, steps: list[Step]) -> None:
        self.steps = steps
        self.requests = 0
        served = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                index = min(served.requests, len(served.steps) - 1)
                served.requests += 1
                with suppress(OSError):
                    served.steps[index](self)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.api = f"http://127.0.0.1:{self.httpd.server_address[1]}/w/api.php"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def wiki() -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def start(*steps: Step) -> Served:
        started.append(Served(list(steps)))
        return started[-1]

    yield start
    for served in started:
        served.close()


def client_for(served: Served, waits: list[float], **options: Any) -> MediaWikiClient:
    return MediaWikiClient(served.api, sleep=waits.append, **options)


# -------------------------------------------------------------------------------- statuses


def test_the_session_retries_through_urllib3():
    client = MediaWikiClient("https://en.wikipedia.org")
    adapter = client.session.get_adapter("https://en.wikipedia.org/w/api.php")
    assert isinstance(adapter.max_retries, BudgetRetry)
    assert {429, 500, 502, 503, 504} <= set(adapter.max_retries.status_forcelist)


def test_a_503_with_retry_after_is_retried_by_urllib3(wiki):
    served = wiki(status(503, "2"), ok)
    waits: list[float] = []
    assert client_for(served, waits).fetch_revision(revision=5).revid == 5
    assert served.requests == 2
    assert waits == [2.0]


def test_repeated_503_backs_off_exponentially_then_fails_in_one_line(wiki):
    served = wiki(status(503))
    waits: list[float] = []
    with pytest.raises(FetchError, match=r"revision 5: giving up after 5 attempts \(HTTP 503\)"):
        client_for(served, waits).fetch_revision(revision=5)
    assert served.requests == 5
    assert waits == [1.0, 2.0, 4.0, 8.0]


def test_a_retry_after_past_max_wait_is_not_waited(wiki):
    served = wiki(status(429, "3600"), ok)
    waits: list[float] = []
    with pytest.raises(FetchError, match="asked to wait 3600s"):
        client_for(served, waits).fetch_revision(revision=5)
    assert served.requests == 1 and waits == []


def test_urllib3_and_maxlag_retries_share_one_budget(wiki):
    """A 503 (urllib3) and a maxlag answer (the client's own loop) spend the same budget:
    Retry-After 60 + 50 would pass 100 s, so the second wait is never started."""
    served = wiki(status(503, "60"), maxlag("50"), ok)
    waits: list[float] = []
    with pytest.raises(FetchError, match="retry budget"):
        client_for(served, waits, retry_budget=100).fetch_revision(revision=5)
    assert waits == [60.0]
    assert served.requests == 2


def test_maxlag_is_retried_by_the_client_itself(wiki):
    served = wiki(maxlag(), ok)
    waits: list[float] = []
    assert client_for(served, waits).fetch_revision(revision=5).revid == 5
    assert waits == [3.0]


def test_a_retried_error_answer_is_not_read_to_its_end(wiki):
    """urllib3 drains a retried answer to reuse its connection; a 503 declaring 2 GB and
    sending a trickle would hold the call (and fill memory): it is closed instead."""

    def endless_503(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(503)
        handler.send_header("Content-Length", str(2 << 30))
        handler.end_headers()
        for _ in range(200):
            handler.wfile.write(b"x" * 1024)
            handler.wfile.flush()
            time.sleep(0.05)

    served = wiki(endless_503, ok)
    waits: list[float] = []
    start = time.monotonic()
    assert client_for(served, waits).fetch_revision(revision=5).revid == 5
    assert time.monotonic() - start < 3


# ------------------------------------------------------------------------ connection faults


def test_a_reset_connection_is_retried_at_the_socket(wiki):
    served = wiki(reset, ok)
    waits: list[float] = []
    assert client_for(served, waits).fetch_revision(revision=5).revid == 5
    assert served.requests == 2
    assert waits == [1.0]


def test_a_connection_reset_every_time_is_reported_after_the_retries(wiki):
    served = wiki(reset)
    waits: list[float] = []
    with pytest.raises(FetchError) as caught:
        client_for(served, waits).fetch_revision(revision=5)
    message = str(caught.value)
    assert "after 5 attempts" in message and "connection" in message
    assert served.requests == 5
    assert waits == [1.0, 2.0, 4.0, 8.0]


def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return int(port)


def test_a_refused_connection_fails_in_a_couple_of_seconds_in_one_short_line(capsys):
    """Issue #12: not 15 s of backoff and a urllib3 dump. Real sleeps: nothing is injected."""
    wiki = f"http://127.0.0.1:{closed_port()}"
    start = time.monotonic()
    err = one_line_error(capsys, ["--wiki", wiki, "--title", TITLE])
    elapsed = time.monotonic() - start
    assert elapsed < 3, elapsed
    assert "connection refused" in err
    assert f"{wiki}/w/api.php" in err
    for dump in ("HTTPConnectionPool", "Max retries", "NewConnectionError", "object at 0x"):
        assert dump not in err
    assert len(err) < 200


def test_a_host_that_does_not_resolve_is_one_short_line(monkeypatch):
    def no_such_host(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    waits: list[float] = []
    client = MediaWikiClient("http://wiki.invalid", sleep=waits.append)
    with pytest.raises(FetchError, match="host not found") as caught:
        client.fetch_revision(revision=5)
    assert "object at 0x" not in str(caught.value)
    assert waits == [1.0]  # one connect retry, a second apart


# ------------------------------------------------------------------- --wiki and its report


@pytest.mark.parametrize(
    ("given", "api"),
    [
        ("https://en.wikipedia.org", "https://en.wikipedia.org/w/api.php"),
        ("en.wikipedia.org/", "https://en.wikipedia.org/w/api.php"),
        ("https://en.wikipedia.org/wiki/Main_Page", "https://en.wikipedia.org/w/api.php"),
        ("https://wiki.example.org/w", "https://wiki.example.org/w/api.php"),
        ("https://example.org/mediawiki/", "https://example.org/mediawiki/api.php"),
        ("https://example.org:8080/w/", "https://example.org:8080/w/api.php"),
        ("https://example.org/api.php", "https://example.org/api.php"),
        ("https://example.org/mw/index.php?title=X", "https://example.org/mw/api.php"),
    ],
)
def test_wiki_accepts_a_script_path_or_the_api_url(given: str, api: str) -> None:
    assert api_url_for(given) == api


def test_the_report_says_which_api_it_used(capsys):
    wikitext = (
        "== Standings ==\n{| class=wikitable\n! Pos !! Driver !! R1 !! R2 !! Total\n"
        + "".join(
            f"|-\n| {n} || Driver {chr(64 + n)}{'x' * n} || {p} || {p} || {2 * p}\n"
            for n, p in enumerate((20, 16, 13, 10, 8, 6), 1)
        )
        + "|}\n"
    )
    api = "https://wiki.example.org/mediawiki/api.php"
    permalink = "https://wiki.example.org/mediawiki/index.php?oldid=7"
    wiki = ["--wiki", "https://wiki.example.org/mediawiki", "--title", TITLE]
    with responses.RequestsMock() as mock:
        mock.get(api, json=answer(api_rev(7, wikitext)))
        status_code = main([*wiki, "-f", "json"])
        data = json.loads(capsys.readouterr().out)
        main([*wiki, "-f", "html"])
        page = BeautifulSoup(capsys.readouterr().out, "html.parser")
        main([*wiki])
        text = capsys.readouterr().out
    assert status_code in (0, 1)
    assert data["api"] == api
    assert data["source"] == permalink
    assert data["title"] == TITLE  # the page's title, not a heading of its text
    assert page.title.text == f"wikiaudit: {TITLE}" and page.h1.text == TITLE
    assert page.select_one(".topbar .source a")["href"] == permalink
    assert text.splitlines()[0] == f"wikiaudit: {TITLE}"
    assert f"api: {api}" in text.splitlines()
