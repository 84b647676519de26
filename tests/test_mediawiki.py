"""The MediaWiki client against recorded (invented) API responses: no network is ever used."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests
import responses
from hypothesis import given
from hypothesis import strategies as st
from wikiaudit.scraper.errors import FetchError, InputError
from wikiaudit.scraper.mediawiki import MediaWikiClient, Revision, api_url_for, parse_article_url
from wikiaudit.scraper.mediawiki_dump import iter_dump_revisions

from tests.corpus_dumps import HEADER
from tests.helpers import API, TITLE

WIKITEXT = "{| class=wikitable\n|-\n! Rnd !! Circuit\n|-\n| 1 || Nowhere Park\n|}\n"


# ----------------------------------------------------------------------------- fixtures


def rev(revid: int, *, parentid: int = 0, content: str | None = WIKITEXT, **extra) -> dict:
    """One formatversion=2 revision object, as ``rvslots=main`` returns it."""
    out = {
        "revid": revid,
        "parentid": parentid,
        "user": "Example editor",
        "timestamp": f"2012-0{1 + revid % 9}-01T12:00:00Z",
        "comment": f"edit {revid}",
        "sha1": f"{revid:040x}",
    }
    if content is not None:
        out["slots"] = {
            "main": {"contentmodel": "wikitext", "contentformat": "text/x-wiki", "content": content}
        }
    out.update(extra)
    return out


def page_answer(*revisions: dict, title: str = TITLE, **query_extra) -> dict:
    page = {"pageid": 4242, "ns": 0, "title": title, "revisions": list(revisions)}
    return {"batchcomplete": True, "query": {"pages": [page], **query_extra}}


def sent(mock: responses.RequestsMock, call_index: int = 0) -> dict[str, str]:
    """The query parameters of a recorded call, one value each."""
    url = mock.calls[call_index].request.url
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(sleeps: list[float]) -> MediaWikiClient:
    return MediaWikiClient("https://en.wikipedia.org", sleep=sleeps.append)


# ------------------------------------------------------------------------ fetch_revision


def test_fetch_by_title_sends_the_documented_query(rsps, client):
    rsps.get(API, json=page_answer(rev(501, parentid=500)))

    got = client.fetch_revision(title="2099_Example_Series")

    assert got == Revision(
        revid=501,
        parentid=500,
        title=TITLE,
        timestamp=datetime(2012, 7, 1, 12, tzinfo=UTC),
        user="Example editor",
        comment="edit 501",
        text=WIKITEXT,
        url="https://en.wikipedia.org/w/index.php?oldid=501",
        sha1=f"{501:040x}",
    )
    assert sent(rsps) == {
        "action": "query",
        "prop": "revisions",
        "rvslots": "main",
        "rvprop": "ids|timestamp|user|comment|sha1|content",
        "format": "json",
        "formatversion": "2",
        "maxlag": "5",
        "redirects": "1",
        "titles": TITLE,
    }
    agent = rsps.calls[0].request.headers["User-Agent"]
    assert agent.startswith("wikiaudit/")
    assert "table-consistency auditor" in agent
    assert "requests/" in agent


def test_fetch_by_revid_pins_the_revision_and_does_not_ask_for_redirects(rsps, client):
    rsps.get(API, json=page_answer(rev(123, parentid=120)))

    got = client.fetch_revision(revision=123)

    assert got.revid == 123
    assert got.url.endswith("index.php?oldid=123")
    params = sent(rsps)
    assert params["revids"] == "123"
    assert "titles" not in params
    assert "redirects" not in params  # the API refuses to resolve redirects for revids
    assert params["rvslots"] == "main"
    assert params["maxlag"] == "5"


def test_revision_wins_over_title_like_index_php(rsps, client):
    rsps.get(API, json=page_answer(rev(123)))
    assert client.fetch_revision(title=TITLE, revision=123).revid == 123
    assert "titles" not in sent(rsps)


def test_redirect_is_followed_and_reported_under_the_target_title(rsps, client):
    answer = page_answer(
        rev(900),
        title="2099 Example Series (motorsport)",
        normalized=[
            {"fromencoded": False, "from": "2099_example_Series", "to": "2099 example Series"}
        ],
        redirects=[{"from": "2099 example Series", "to": "2099 Example Series (motorsport)"}],
    )
    rsps.get(API, json=answer)

    got = client.fetch_revision(title="2099_example_Series")

    assert got.title == "2099 Example Series (motorsport)"
    assert got.text == WIKITEXT


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            {"query": {"pages": [{"ns": 0, "title": TITLE, "missing": True}]}},
            "no such page",
        ),
        (
            {
                "query": {
                    "pages": [
                        {
                            "title": "Bad|title",
                            "invalidreason": "The requested page title contains invalid "
                            'characters: "|".',
                            "invalid": True,
                        }
                    ]
                }
            },
            "invalid title",
        ),
        (
            page_answer(rev(77, content=None, slots={"main": {"texthidden": True}})),
            "deleted or suppressed",
        ),
        (
            page_answer(rev(77, content=None, slots={"main": {"textmissing": True}})),
            "deleted or suppressed",
        ),
        (page_answer(), "no revision"),
        (page_answer(rev(77, content=None)), "no content"),
        (
            page_answer(rev(77, slots={"main": {"contentmodel": "json", "content": "{}"}})),
            "not wikitext",
        ),
        ({"batchcomplete": True}, "malformed"),
        (["not", "an", "object"], "not a JSON object"),
    ],
)
def test_unusable_pages_are_fetch_errors(rsps, client, answer, message):
    rsps.get(API, json=answer)
    with pytest.raises(FetchError, match=message) as info:
        client.fetch_revision(title=TITLE)
    assert "\n" not in str(info.value)


def test_deleted_revision_is_reported_by_id(rsps, client):
    rsps.get(API, json={"query": {"badrevids": {"999": {"revid": 999, "missing": True}}}})
    with pytest.raises(FetchError, match=r"revision 999.*does not exist or was deleted"):
        client.fetch_revision(revision=999)


def test_hidden_revision_text_names_the_revision(rsps, client):
    hidden = rev(77, content=None, texthidden=True, slots={"main": {"texthidden": True}})
    rsps.get(API, json=page_answer(hidden))
    with pytest.raises(FetchError, match=r"revision 77.*deleted or suppressed"):
        client.fetch_revision(revision=77)


def test_api_error_object_carries_its_code(rsps, client):
    error = {"code": "badvalue", "info": 'Unrecognized value for parameter "prop": revisionz.'}
    rsps.get(API, json={"error": error, "servedby": "mw-api-test"})
    with pytest.raises(FetchError, match=r"page '2099 Example Series': API error badvalue: Unrec"):
        client.fetch_revision(title=TITLE)
    assert len(rsps.calls) == 1


def test_bad_arguments_are_input_errors(client):
    with pytest.raises(InputError):
        client.fetch_revision()
    with pytest.raises(InputError):
        client.fetch_revision(title="  _ ")
    with pytest.raises(InputError):
        client.fetch_revision(revision=0)


# --------------------------------------------------------------------- retries & failures


def test_maxlag_is_retried_after_the_servers_retry_after(rsps, client, sleeps):
    lagged = {
        "error": {"code": "maxlag", "info": "Waiting for db1234: 7 seconds lagged.", "lag": 7}
    }
    rsps.get(API, json=lagged, headers={"Retry-After": "7", "X-Database-Lag": "7"})
    rsps.get(API, json=page_answer(rev(5)))

    assert client.fetch_revision(title=TITLE).revid == 5
    assert len(rsps.calls) == 2
    assert sleeps == [7.0]
    assert sent(rsps, 1)["maxlag"] == "5"


def test_429_honours_retry_after(rsps, client, sleeps):
    rsps.get(API, status=429, body="Too many requests", headers={"Retry-After": "3"})
    rsps.get(API, json=page_answer(rev(5)))

    assert client.fetch_revision(revision=5).revid == 5
    assert sleeps == [3.0]


def test_repeated_503_exhausts_the_retries_with_exponential_backoff(rsps, client, sleeps):
    rsps.get(API, status=503, body="<html>Service Unavailable</html>")

    with pytest.raises(FetchError, match=r"revision 5: giving up after 5 attempts \(HTTP 503\)"):
        client.fetch_revision(revision=5)
    assert len(rsps.calls) == 5
    assert sleeps == [1.0, 2.0, 4.0, 8.0]


def test_an_unreasonable_retry_after_fails_instead_of_hanging(rsps, client, sleeps):
    rsps.get(API, status=429, headers={"Retry-After": "3600"})
    with pytest.raises(FetchError, match="asked to wait 3600s"):
        client.fetch_revision(title=TITLE)
    assert sleeps == []


def test_a_connection_error_is_reported_in_a_few_words(rsps, client, sleeps):
    """Connection errors are retried by urllib3's Retry at the socket (``test_retries.py``
    plays them on a loopback server); what reaches the client is final, and one line."""
    rsps.get(API, body=requests.ConnectionError("Connection reset by peer"))
    with pytest.raises(FetchError, match=r"page '2099 Example Series': no answer from .*: conn"):
        client.fetch_revision(title=TITLE)
    assert len(rsps.calls) == 1


def test_timeout_is_a_fetch_error(rsps, sleeps):
    client = MediaWikiClient(API, max_retries=1, backoff=0.5, sleep=sleeps.append)
    rsps.get(API, body=requests.Timeout("read timed out"))
    with pytest.raises(FetchError, match="timed out"):
        client.fetch_revision(revision=5)
    assert len(rsps.calls) == 1


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            '{"batchcomplete":true,"query":{"pages":[{"pageid":4242,"title":"2099 Ex',
            "application/json",
        ),
        ("<!DOCTYPE html><html><body>Wikimedia Error</body></html>", "text/html"),
        (b"\xff\xfe\x00garbage", "application/json"),
        ("", "application/json"),
    ],
)
def test_non_json_or_truncated_bodies_are_fetch_errors(rsps, client, body, content_type):
    rsps.get(API, body=body, content_type=content_type)
    with pytest.raises(FetchError, match="not valid JSON"):
        client.fetch_revision(title=TITLE)
    assert len(rsps.calls) == 1


def test_retry_after_as_http_date_and_chunked_body_errors(rsps, client, sleeps):
    rsps.get(API, status=503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    rsps.get(API, body=requests.exceptions.ChunkedEncodingError("connection broken"))
    rsps.get(API, json=page_answer(rev(5)))
    assert client.fetch_revision(title=TITLE).revid == 5
    assert sleeps == [0.0, 2.0]  # a date in the past means "now"; then plain backoff


def test_http_404_is_not_retried(rsps, client, sleeps):
    rsps.get(API, status=404, body="Not Found")
    with pytest.raises(FetchError, match="HTTP 404"):
        client.fetch_revision(title=TITLE)
    assert sleeps == []


def test_passed_session_is_used_and_not_mutated(rsps):
    session = requests.Session()
    before = dict(session.headers)
    rsps.get(API, json=page_answer(rev(5)))
    MediaWikiClient(API, session=session, user_agent="custom/1.0").fetch_revision(title=TITLE)
    assert rsps.calls[0].request.headers["User-Agent"] == "custom/1.0"
    assert dict(session.headers) == before


# -------------------------------------------------------------------------------- history


def history_page(revids: list[int], cont: str | None) -> dict:
    answer = page_answer(*(rev(r, parentid=r - 1) for r in revids))
    if cont is not None:
        answer["continue"] = {"rvcontinue": cont, "continue": "||"}
        del answer["batchcomplete"]
    return answer


def test_history_follows_continuation_oldest_first(rsps, client):
    rsps.get(API, json=history_page([10, 11], "20120101000000|12"))
    rsps.get(API, json=history_page([12, 13], "20120201000000|14"))
    rsps.get(API, json=history_page([14], None))
    progress: list[int] = []

    got = list(client.iter_revisions(TITLE, batch_size=2, on_progress=progress.append))

    assert [r.revid for r in got] == [10, 11, 12, 13, 14]
    assert progress == [1, 2, 3, 4, 5]
    first, second, third = sent(rsps, 0), sent(rsps, 1), sent(rsps, 2)
    assert first["rvdir"] == "newer"
    assert first["rvlimit"] == "2"
    assert "rvcontinue" not in first
    assert second["rvcontinue"] == "20120101000000|12"
    assert second["continue"] == "||"
    assert third["rvcontinue"] == "20120201000000|14"
    assert first["titles"] == second["titles"] == TITLE


def test_history_since_and_limit(rsps, client):
    rsps.get(API, json=history_page([30, 31], "x|32"))
    rsps.get(API, json=history_page([32], "x|33"))

    since = datetime(2012, 3, 4, 5, 6, 7)  # naive: read as UTC
    got = list(client.iter_revisions(TITLE, since=since, limit=3, batch_size=2))

    assert [r.revid for r in got] == [30, 31, 32]
    assert len(rsps.calls) == 2  # no request beyond the limit
    assert sent(rsps, 0)["rvstart"] == "2012-03-04T05:06:07Z"
    assert sent(rsps, 0)["rvlimit"] == "2"
    assert sent(rsps, 1)["rvlimit"] == "1"  # only what the limit still allows


def test_history_skips_hidden_text_and_failure_mid_walk_raises(rsps, client):
    hidden = rev(41, content=None, slots={"main": {"texthidden": True}})
    first = page_answer(rev(40), hidden)
    first["continue"] = {"rvcontinue": "x|42", "continue": "||"}
    rsps.get(API, json=first)
    rsps.get(API, status=404)

    walk = client.iter_revisions(TITLE)
    assert next(walk).revid == 40
    with pytest.raises(FetchError, match="history of '2099 Example Series'"):
        next(walk)


def test_history_of_missing_page(rsps, client):
    rsps.get(API, json={"query": {"pages": [{"ns": 0, "title": TITLE, "missing": True}]}})
    with pytest.raises(FetchError, match="no such page"):
        list(client.iter_revisions(TITLE))


def test_cheap_history_then_fetch_changed_revisions(rsps, client):
    rsps.get(API, json=history_page([1, 2, 3], None))
    ids = [r.revid for r in client.iter_revisions(TITLE, with_content=False)]
    params = sent(rsps, 0)
    assert params["rvprop"] == "ids|timestamp|user|comment|sha1"
    assert "rvslots" not in params
    assert params["rvlimit"] == "500"

    rsps.get(API, json=page_answer(rev(3), rev(1)))
    got = list(client.fetch_revisions(ids[::2]))
    assert [r.revid for r in got] == [1, 3]
    assert sent(rsps, 1)["revids"] == "1|3"


def test_bad_history_arguments(client):
    with pytest.raises(InputError):
        list(client.iter_revisions(TITLE, limit=-1))
    with pytest.raises(InputError):
        list(client.iter_revisions(TITLE, batch_size=51))
    assert list(client.iter_revisions(TITLE, limit=0)) == []


# ---------------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://en.wikipedia.org/wiki/2012_American_Le_Mans_Series",
            (API, "2012 American Le Mans Series", None),
        ),
        (
            "https://en.wikipedia.org/w/index.php?title=2012_American_Le_Mans_Series&oldid=123",
            (API, "2012 American Le Mans Series", 123),
        ),
        ("https://en.wikipedia.org/w/index.php?oldid=123", (API, None, 123)),
        (
            "https://en.wikipedia.org/wiki/24_Heures_du_Mans_%282012%29#Results",
            (API, "24 Heures du Mans (2012)", None),
        ),
        (
            "https://de.wikipedia.org/wiki/N%C3%BCrburgring",
            ("https://de.wikipedia.org/w/api.php", "Nürburgring", None),
        ),
        ("https://en.wikipedia.org/w/index.php?title=A+B&action=edit", (API, "A B", None)),
        ("https://en.wikipedia.org/wiki/Talk:X?oldid=7", (API, "Talk:X", 7)),
        ("https://en.wikipedia.org/w/index.php?title=X&diff=200&oldid=199", (API, "X", 200)),
        ("https://en.wikipedia.org/w/index.php?diff=prev&oldid=199", (API, None, 199)),
        ("http://en.m.wikipedia.org/wiki/X", ("http://en.m.wikipedia.org/w/api.php", "X", None)),
    ],
)
def test_parse_article_url(url, expected):
    assert parse_article_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "",
        "2012_American_Le_Mans_Series",
        "ftp://en.wikipedia.org/wiki/X",
        "https:///wiki/X",
        "https://en.wikipedia.org/",
        "https://en.wikipedia.org/wiki/",
        "https://en.wikipedia.org/w/index.php",
        "https://en.wikipedia.org/w/index.php?oldid=abc",
        "https://en.wikipedia.org/w/index.php?oldid=0",
        "https://en.wikipedia.org/w/index.php?oldid=1&oldid=2",
        "https://en.wikipedia.org/w/index.php?curid=42",
        "https://en.wikipedia.org/w/index.php?title=X&diff=next&oldid=5",
        "https://en.wikipedia.org/wiki/Special:Random",
        "https://example.com/blog/post",
        "https://en.wikipedia.org:port/wiki/X",
    ],
)
def test_parse_article_url_rejects(url):
    with pytest.raises(InputError):
        parse_article_url(url)


@given(st.text(alphabet="AbcXyz019 ()'-,.&é", min_size=1, max_size=40).filter(str.strip))
def test_parse_article_url_round_trips_titles(title):
    url = "https://en.wikipedia.org/wiki/" + quote(title.replace(" ", "_"))
    _, got, revision = parse_article_url(url)
    assert got == " ".join(title.split())
    assert revision is None


@pytest.mark.parametrize(
    ("base", "api"),
    [
        ("https://en.wikipedia.org", API),
        ("https://en.wikipedia.org/", API),
        ("en.wikipedia.org", API),
        (API, API),
        ("https://wiki.example.org/api.php", "https://wiki.example.org/api.php"),
    ],
)
def test_api_url_for(base, api):
    assert api_url_for(base) == api


def test_api_url_for_rejects_nonsense():
    with pytest.raises(InputError):
        api_url_for("")
    with pytest.raises(InputError):
        api_url_for("mailto:someone")


def test_client_for_url(rsps):
    client, title, revision = MediaWikiClient.for_url(
        "https://fr.wikipedia.org/w/index.php?title=X&oldid=9"
    )
    assert (client.api_url, title, revision) == ("https://fr.wikipedia.org/w/api.php", "X", 9)
    assert client.index_url == "https://fr.wikipedia.org/w/index.php"


# --------------------------------------------------------------------------------- dumps


def dump_revision(revid: int, day: int, text: str, parent: int | None = None) -> str:
    parent_tag = f"<parentid>{parent}</parentid>" if parent else ""
    return (
        f"<revision><id>{revid}</id>{parent_tag}<timestamp>2012-05-{day:02d}T10:00:00Z</timestamp>"
        "<contributor><username>Example editor</username><id>3</id></contributor>"
        f"<comment>day {day}</comment><model>wikitext</model><format>text/x-wiki</format>"
        f'<text bytes="{len(text)}" xml:space="preserve">{text}</text><sha1>s{revid}</sha1>'
        "</revision>"
    )


DELETED_REVISION = (
    "<revision><id>35</id><parentid>31</parentid><timestamp>2012-05-20T10:00:00Z</timestamp>"
    '<contributor deleted="deleted" /><comment deleted="deleted" /><model>wikitext</model>'
    '<format>text/x-wiki</format><text deleted="deleted" /><sha1 /></revision>'
)


def write_dump(tmp_path: Path, *pages: tuple[str, int, list[str]]) -> Path:
    body = "".join(
        f"<page><title>{title}</title><ns>{ns}</ns><id>{i + 1}</id>{''.join(revs)}</page>"
        for i, (title, ns, revs) in enumerate(pages)
    )
    path = tmp_path / "export.xml"
    path.write_text(HEADER + body + "</mediawiki>\n", encoding="utf-8")
    return path


def test_dump_revisions_oldest_first(tmp_path):
    # Exported newest first (Special:Export dir=desc), with a deleted revision in between.
    revisions = [
        dump_revision(31, 9, "two", parent=30),
        DELETED_REVISION,
        dump_revision(30, 2, "one"),
    ]
    path = write_dump(tmp_path, (TITLE, 0, revisions))
    progress: list[int] = []

    got = list(iter_dump_revisions(path, on_progress=progress.append))

    assert [(r.revid, r.parentid, r.text) for r in got] == [(30, 0, "one"), (31, 30, "two")]
    assert got[0] == Revision(
        revid=30,
        parentid=0,
        title=TITLE,
        timestamp=datetime(2012, 5, 2, 10, tzinfo=UTC),
        user="Example editor",
        comment="day 2",
        text="one",
        url="https://wiki.example.org/w/index.php?oldid=30",
        sha1="s30",
    )
    assert progress == [1, 2]


def test_dump_page_by_title(tmp_path):
    path = write_dump(
        tmp_path,
        ("Talk:" + TITLE, 1, [dump_revision(1, 1, "talk")]),
        (TITLE, 0, [dump_revision(2, 2, "article")]),
    )
    assert [r.text for r in iter_dump_revisions(path, "2099_Example_Series")] == ["article"]
    assert [r.title for r in iter_dump_revisions(path, "Talk:" + TITLE)] == ["Talk:" + TITLE]
    with pytest.raises(InputError, match="several pages"):
        list(iter_dump_revisions(path))
    with pytest.raises(InputError, match="no page 'Elsewhere'"):
        list(iter_dump_revisions(path, "Elsewhere"))


@pytest.mark.parametrize(
    "content",
    [
        "",
        "not xml at all",
        "<html><body>Not a dump</body></html>",
        HEADER + "<page><title>X</title><ns>0</ns><id>1</id><revision><id>1</id>",
        HEADER + "</mediawiki>",
        HEADER + f"<page><title>X</title><ns>0</ns><id>1</id>{DELETED_REVISION}</page></mediawiki>",
    ],
)
def test_bad_dumps_are_input_errors(tmp_path, content):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        list(iter_dump_revisions(path))


def test_missing_dump_file(tmp_path):
    with pytest.raises(InputError, match="cannot read dump"):
        list(iter_dump_revisions(tmp_path / "nope.xml"))
