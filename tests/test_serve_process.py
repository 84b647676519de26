"""``audit serve`` as a process: uvicorn on a loopback port, a loopback MediaWiki stand-in.

What TestClient cannot show: the command line's checks before the server starts, the real
server answering over TCP, and that stopping the server (politely or not) leaves no worker
process behind.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from tests.helpers import one_line_error
from tests.serve_helpers import ServeProcess, StandInWiki
from wikiaudit.cli import main


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read()


def gone(process: ServeProcess, pids: list[int], seconds: float = 15) -> bool:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if not set(pids) & set(process.workers()):
            return True
        time.sleep(0.2)
    return False


@contextmanager
def killing(process: ServeProcess) -> Iterator[None]:
    """Whatever the test found, no process it started outlives it (each ended by its pid)."""
    try:
        yield
    finally:
        for pid in process.workers():
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_the_server_answers_over_tcp(
    serve_process: ServeProcess, stand_in_wiki: StandInWiki
) -> None:
    status, headers, body = get(f"{serve_process.url}/")
    assert status == 200 and headers["server"] == "uvicorn"
    assert b'<form class="audit" id="live" method="get" action="/audit">' in body

    before = len(stand_in_wiki.requests)
    status, _, body = get(f"{serve_process.url}/api/audit?title=2099+Example+Series")
    assert status == 200
    report = json.loads(body)
    assert report["source"] == f"{stand_in_wiki.url}/w/index.php?oldid=501"
    assert [f["row"] for f in report["findings"] if f["rule"] == "total-mismatch"] == [
        "Beta Motorsport"
    ]
    status, _, again = get(f"{serve_process.url}/api/audit?title=2099+Example+Series")
    assert status == 200 and again == body
    # Three requests to the wiki: latest id, the text, and for the second request the id only.
    assert len(stand_in_wiki.requests) - before == 3
    assert "content" not in stand_in_wiki.requests[-1]["rvprop"]

    status, headers, body = get(f"{serve_process.url}/api/audit?title=No+such+page")
    assert status == 404 and headers["content-type"] == "application/json"
    assert "no such page on the wiki" in json.loads(body)["error"]["message"]


def test_stopping_the_server_stops_its_workers(stand_in_wiki: StandInWiki, tmp_path: Path) -> None:
    with ServeProcess(stand_in_wiki.url, tmp_path, "--workers", "2") as process, killing(process):
        helpers = process.workers()
        assert len(helpers) >= 2  # two workers (and the process they are forked from)

        process.stop()

        assert process.process.returncode in (0, -15)  # uvicorn ends with the signal it caught
        assert "Application shutdown complete" in process.err.read_text()
        assert gone(process, helpers)


def test_workers_end_when_the_server_is_killed(stand_in_wiki: StandInWiki, tmp_path: Path) -> None:
    with ServeProcess(stand_in_wiki.url, tmp_path, "--workers", "1") as process, killing(process):
        helpers = process.workers()
        assert helpers

        process.process.kill()  # no shutdown at all: the workers must notice by themselves
        process.process.wait(10)

        assert gone(process, helpers)


# ---------------------------------------------------------------------------- command line


def test_a_port_in_use_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        err = one_line_error(capsys, ["serve", "--port", str(port)], "audit: error: ")
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--db", "no-such.sqlite"], "--db no-such.sqlite: no such store file"),
        (["--port", "70000"], "--port must be between 0 and 65535, got 70000"),
        (["--timeout", "0"], "--timeout must be more than 0"),
        (["--workers", "0"], "argument --workers: must be a positive whole number, got '0'"),
        (["--cache-mb", "-1"], "--cache-mb must be 0 or more, got -1"),
    ],
)
def test_usage_errors_are_one_line(capsys, argv: list[str], expected: str) -> None:
    err = one_line_error(capsys, ["serve", *argv], "audit serve: error: ")
    assert expected in err


def test_a_wiki_that_is_not_a_url_is_refused(capsys) -> None:
    err = one_line_error(capsys, ["serve", "--wiki", "ftp://example.org"], "audit: error: ")
    assert "not a wiki URL: 'ftp://example.org'" in err


def test_a_file_that_is_not_a_store_is_refused(capsys, tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    path.write_bytes(b"not a database " * 200)
    err = one_line_error(capsys, ["serve", "--db", str(path)], "audit: error: ")
    assert "not a wikiaudit store" in err


def test_help_names_the_options(capsys) -> None:
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--wiki", "--db", "--host", "--port", "--workers", "--timeout", "--max-bytes"):
        assert option in out
