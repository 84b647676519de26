"""Network faults seen from the CLI: one line on stderr, exit 2, and never a partial report.

``test_mediawiki.py`` covers the client's retries and error messages call by call, and
``test_live.py`` the CLI against a missing page, a dead network and repeated 503s. This file
covers what neither does: answers that are valid JSON of the wrong shape, a fault in the middle
of a command that makes several requests (``--compare``, ``history``), a report file that must
not be written (or clobbered) when the audit could not complete, a revision over the size
limit, and the request timeout that keeps a silent server from hanging the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import responses

from tests.helpers import API, TITLE, WIKI, answer, api_rev, one_line_error, standings_wikitext
from wikiaudit.cli import main

pytestmark = pytest.mark.usefixtures("no_waiting")  # retries must not really wait

#: Six rows that add up and one that does not: a complete audit always has a finding (one
#: wrong row of seven leaves the sums a reading that fits, issue 10's 80 % of 5 rows or more).
WIKITEXT = standings_wikitext(
    ("Eve Ernst", 8, 10, 18), ("Fay Ford", 10, 6, 16), ("Gus Gray", 6, 8, 14)
)


def rev(revid: int, text: str = WIKITEXT, **extra: Any) -> dict[str, Any]:
    """A revision whose parent is the one before; ``extra`` overrides fields to break it."""
    return api_rev(revid, text, **extra)


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    """Not strict, unlike conftest's: a fault ends the command before later answers are used."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


LIVE = ["--wiki", WIKI, "--title", TITLE]
#: How the CLI starts the one line it writes when it cannot give a report.
ERROR = "audit: error: "

#: Valid JSON of the wrong shape: a broken proxy, an API change, a truncated re-encoding.
MALFORMED = {
    "array body": [],
    "null body": None,
    "string body": "ok",
    "error as a string": {"error": "boom"},
    "pages not a list": {"query": {"pages": "7"}},
    "page not an object": {"query": {"pages": [7]}},
    "revisions not a list": answer()["query"]["pages"][0] | {"revisions": "r"},
    "revision not an object": answer(5),
    "revid as text": answer(rev(5) | {"revid": "5"}),
    "parentid as text": answer(rev(5, parentid="five")),
    "parentid as a list": answer(rev(5, parentid=[4])),
    "slots as a list": answer(rev(5, slots=["main"])),
    "main slot as text": answer(rev(5, slots={"main": "text"})),
    "content as a number": answer(rev(5, slots={"main": {"content": 5}})),
    "timestamp as a number": answer(rev(5, timestamp=5)),
    "timestamp nonsense": answer(rev(5, timestamp="yesterday")),
    "badrevids of numbers": {"query": {"badrevids": [5]}},
    "deeply nested": json.loads("[" * 50 + "]" * 50),
}


@pytest.mark.parametrize(
    "body",
    [pytest.param(body, id=name) for name, body in MALFORMED.items()],
)
def test_wrong_shaped_answers_are_one_line_errors(
    rsps: responses.RequestsMock, capsys: pytest.CaptureFixture[str], body: Any
) -> None:
    if isinstance(body, dict) and "pageid" in body:  # a bare page: wrap it like the API
        body = {"query": {"pages": [body]}}
    rsps.get(API, json=body)
    for argv in (LIVE, [*LIVE[:2], "--revision", "5"]):
        one_line_error(capsys, argv, ERROR)


def test_pathologically_nested_json_is_a_one_line_error(
    rsps: responses.RequestsMock, capsys: pytest.CaptureFixture[str]
) -> None:
    # json.loads raises RecursionError (not ValueError) on nesting this deep
    rsps.get(API, body="[" * 200_000 + "]" * 200_000, content_type="application/json")
    one_line_error(capsys, LIVE, ERROR)


@pytest.mark.parametrize(
    "fault",
    [
        requests.exceptions.SSLError("certificate verify failed"),
        requests.exceptions.TooManyRedirects("Exceeded 30 redirects."),
        requests.exceptions.ContentDecodingError("incorrect header check"),
        requests.exceptions.InvalidHeader("bad header"),
        requests.exceptions.ReadTimeout("read timed out"),
    ],
    ids=lambda fault: type(fault).__name__,
)
def test_transport_faults_are_one_line_errors(
    rsps: responses.RequestsMock, capsys: pytest.CaptureFixture[str], fault: Exception
) -> None:
    rsps.get(API, body=fault)
    assert "en.wikipedia.org" in one_line_error(capsys, LIVE, ERROR)


def test_every_request_carries_a_timeout(
    rsps: responses.RequestsMock, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server that accepts the connection and never answers must not hang the CLI."""
    rsps.get(API, json=answer(rev(5)))
    assert main(LIVE) == 1
    timeout = rsps.calls[0].request.req_kwargs["timeout"]
    assert timeout is not None
    assert all(0 < part <= 60 for part in (timeout if isinstance(timeout, tuple) else (timeout,)))


def test_revision_over_the_size_limit(
    rsps: responses.RequestsMock, capsys: pytest.CaptureFixture[str]
) -> None:
    rsps.get(API, json=answer(rev(5, WIKITEXT + "x" * 5000)))
    err = one_line_error(capsys, [*LIVE, "--max-bytes", "4000"], ERROR)
    assert "4,000-byte input limit" in err


def test_failed_audit_writes_no_report_and_keeps_the_old_one(
    rsps: responses.RequestsMock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rsps.get(API, status=503)
    fresh, kept = tmp_path / "new.json", tmp_path / "old.json"
    kept.write_text('{"previous": true}')
    for report in (fresh, kept):
        one_line_error(capsys, [*LIVE, "--format", "json", "--output", str(report)], ERROR)
    assert not fresh.exists()
    assert kept.read_text() == '{"previous": true}'


def test_compare_with_the_second_fetch_failing_prints_no_comparison(
    rsps: responses.RequestsMock, capsys: pytest.CaptureFixture[str]
) -> None:
    rsps.get(API, json=answer(rev(100)))
    rsps.get(API, body=requests.ConnectionError("Connection reset by peer"))
    err = one_line_error(capsys, [*LIVE[:2], "--compare", "100", "101", "--format", "json"], ERROR)
    assert "revision 101" in err and "connection" in err


def test_compare_with_a_truncated_second_answer(
    rsps: responses.RequestsMock, capsys: pytest.CaptureFixture[str]
) -> None:
    rsps.get(API, json=answer(rev(100)))
    rsps.get(API, body=json.dumps(answer(rev(101)))[:120], content_type="application/json")
    err = one_line_error(capsys, [*LIVE[:2], "--compare", "100", "101"], ERROR)
    assert "not valid JSON" in err


@pytest.mark.parametrize(
    "second_page",
    [
        {"status": 503},
        {"body": requests.ConnectionError("Connection reset by peer")},
        {"body": '{"query": {"pages": [', "content_type": "application/json"},
        {"json": {"error": {"code": "internal_api_error_DBQueryError", "info": "db down"}}},
    ],
    ids=["503", "reset", "truncated", "api-error"],
)
def test_history_failing_mid_walk_prints_no_partial_history(
    rsps: responses.RequestsMock,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    second_page: dict[str, Any],
) -> None:
    rsps.get(API, json=answer(rev(1), rev(2), cont="x|3"))
    rsps.get(API, **second_page)
    output = tmp_path / "history.json"
    err = one_line_error(
        capsys,
        ["history", *LIVE, "--jobs", "1", "--format", "json", "--output", str(output)],
        ERROR,
    )
    assert err.startswith("audit: error: ")
    assert not output.exists()
