"""Auditing live revisions end to end through ``wikiaudit.cli.main`` against recorded responses.

No network is ever used: ``responses`` answers every API call, and an unregistered call fails
the way a dead network does.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from tests.articles import EXAMPLE_HEAD
from tests.helpers import API, TITLE, answer, api_rev, one_line_error
from wikiaudit import live
from wikiaudit.cli import main

pytestmark = pytest.mark.usefixtures("no_waiting")  # retries must not really wait

# The invented article in wikitext, six teams; the Beta Motorsport total is one too many. Its
# row is written one cell per line, and a finding points at the line of its cell (issue 10),
# not at the row's ``|-``.
WIKITEXT = (
    "'''The 2099 Example Series''' was an invented two-race championship.\n\n"
    + EXAMPLE_HEAD
    + """\
|-
| 1 || {{flagicon|USA}} Alpha Racing || 20 || 22 || 42
|-
| 2 || {{flagicon|GBR}} Beta Motorsport
| 16
| 18
| 35
|-
| 3 || {{flagicon|DEU}} Gamma Team || 13 || 15 || 28
|-
| 4 || {{flagicon|FRA}} Delta Course || 10 || 15 || 25
|-
| 5 || {{flagicon|ITA}} Epsilon Corse || 10 || 12 || 22
|-
| 6 || {{flagicon|ESP}} Zeta Equipo || 8 || 12 || 20
|}
"""
)
#: The line of Beta Motorsport's wrong total (``| 35``), 1-based.
BAD_TOTAL_LINE = WIKITEXT.splitlines().index("| 35") + 1


def rev(revid: int, text: str = WIKITEXT) -> dict:
    """A revision of the article with no parent (parentid 0), as these tests always used."""
    return api_rev(revid, text, parentid=0)


def params(mock: responses.RequestsMock, index: int = 0) -> dict[str, str]:
    query = parse_qs(urlsplit(mock.calls[index].request.url).query)
    return {key: values[0] for key, values in query.items()}


def run_json(capsys, *argv: str) -> tuple[int, dict, str]:
    status = main([*argv, "--format", "json"])
    captured = capsys.readouterr()
    return status, json.loads(captured.out) if captured.out else {}, captured.err


def test_latest_revision_by_title(rsps, capsys):
    rsps.get(API, json=answer(rev(501)))

    status, report, err = run_json(capsys, "--wiki", "https://en.wikipedia.org", "--title", TITLE)

    assert status == 1
    assert err == ""
    assert report["source"] == "https://en.wikipedia.org/w/index.php?oldid=501"
    [finding] = [f for f in report["findings"] if f["rule"] == "total-mismatch"]
    assert finding["row"] == "Beta Motorsport"
    assert finding["line"] == BAD_TOTAL_LINE  # a line of the revision's wikitext
    lines = WIKITEXT.splitlines()
    assert lines[BAD_TOTAL_LINE - 4 : BAD_TOTAL_LINE] == [
        "| 2 || {{flagicon|GBR}} Beta Motorsport",
        "| 16",
        "| 18",
        "| 35",  # the total's own line, not the row's "|-"
    ]
    assert params(rsps)["titles"] == TITLE


def test_exact_revision(rsps, capsys):
    rsps.get(API, json=answer(rev(123)))

    status, report, _ = run_json(
        capsys, "--wiki", "https://en.wikipedia.org", "--title", TITLE, "--revision", "123"
    )

    assert status == 1
    assert report["source"].endswith("index.php?oldid=123")
    assert params(rsps)["revids"] == "123"


@pytest.mark.parametrize(
    ("url", "sent"),
    [
        (f"https://en.wikipedia.org/wiki/{TITLE.replace(' ', '_')}", {"titles": TITLE}),
        ("https://en.wikipedia.org/w/index.php?oldid=77", {"revids": "77"}),
        ("https://en.wikipedia.org/w/index.php?title=X&oldid=77", {"revids": "77"}),
    ],
)
def test_article_and_oldid_urls(rsps, capsys, url, sent):
    rsps.get(API, json=answer(rev(77)))

    status, report, _ = run_json(capsys, url)

    assert status == 1
    assert report["source"] == "https://en.wikipedia.org/w/index.php?oldid=77"
    assert sent.items() <= params(rsps).items()


def test_clean_revision_exits_zero(rsps, capsys):
    rsps.get(API, json=answer(rev(9, WIKITEXT.replace("| 35\n", "| 34\n"))))

    assert main(["--wiki", "en.wikipedia.org", "--title", TITLE]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_missing_page(rsps, capsys):
    page = {"ns": 0, "title": "No Such Season", "missing": True}
    rsps.get(API, json={"batchcomplete": True, "query": {"pages": [page]}})

    err = one_line_error(
        capsys, ["--wiki", "https://en.wikipedia.org", "--title", "No Such Season"]
    )

    assert "no such page" in err


def test_deleted_revision(rsps, capsys):
    rsps.get(API, json={"batchcomplete": True, "query": {"badrevids": {"404": {"revid": 404}}}})

    err = one_line_error(capsys, ["https://en.wikipedia.org/w/index.php?oldid=404"])

    assert "404" in err and "deleted" in err


def test_suppressed_text(rsps, capsys):
    hidden = {**rev(405), "slots": {"main": {"texthidden": True}}}
    rsps.get(API, json=answer(hidden))

    err = one_line_error(capsys, ["https://en.wikipedia.org/w/index.php?oldid=405"])

    assert "deleted or suppressed" in err


def test_network_failure(rsps, capsys):
    # Nothing registered: every call fails like an unreachable host.
    err = one_line_error(capsys, ["--wiki", "https://en.wikipedia.org", "--title", TITLE])

    assert err.startswith("audit: error: ")
    assert "connection refused" in err  # a short reason, not urllib3's nested reprs


def test_server_errors_are_retried_then_reported(rsps, capsys):
    for _ in range(5):
        rsps.get(API, status=503)

    err = one_line_error(capsys, ["--wiki", "https://en.wikipedia.org", "--title", TITLE])

    assert "503" in err or "giving up" in err


def test_revision_without_tables(rsps, capsys):
    rsps.get(API, json=answer(rev(8, "Just prose, no tables.\n")))

    err = one_line_error(capsys, ["--wiki", "https://en.wikipedia.org", "--revision", "8"])

    assert "no tables found" in err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--wiki", "https://en.wikipedia.org"], "--title or --revision"),
        (["--title", TITLE], "need --wiki"),
        (["--revision", "5"], "need --wiki"),
        (["https://en.wikipedia.org/wiki/Special:Random"], "special page"),
        (["https://example.org/somewhere"], "unrecognised wiki URL"),
        (["--wiki", "ftp://x", "--title", "T"], "not a wiki URL"),
    ],
)
def test_bad_live_options(capsys, argv, says):
    assert says in one_line_error(capsys, argv)


def test_progress_is_never_drawn_without_a_terminal(rsps, capsys):
    assert not live.interactive()  # capsys: stderr is not a tty
    rsps.get(API, json=answer(rev(501)))
    main(["--wiki", "https://en.wikipedia.org", "--title", TITLE])
    assert capsys.readouterr().err == ""
