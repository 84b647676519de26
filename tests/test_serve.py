"""``audit serve`` over HTTP: Starlette's TestClient in front, recorded API answers behind.

The server's outgoing requests go through the MediaWiki client (requests), so ``responses``
answers them and fails any request nobody registered (the ``rsps`` fixture is strict: every
registered answer must be asked for). Audits run in a real worker pool, shared by the tests of
this file so that it starts once.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from starlette.testclient import TestClient
from wikiaudit.reports.html import CSP as REPORT_CSP

from tests.helpers import API, TITLE, WIKI, read_fixture
from tests.serve_helpers import (
    FIXED,
    NO_SEASON,
    NO_TABLES,
    content,
    meta,
    missing,
)
from wikiaudit.pipeline import Limits
from wikiaudit.web.app import create_app
from wikiaudit.web.auditor import _new_pool
from wikiaudit.web.config import ServeConfig

PERMALINK = f"{WIKI}/w/index.php?oldid=501"
Serve = Callable[..., TestClient]


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    pool = _new_pool(2)
    yield pool
    pool.shutdown(cancel_futures=True)


@pytest.fixture
def serve(pool: ProcessPoolExecutor, no_waiting: list[float]) -> Iterator[Serve]:
    """Start an app on the shared pool: ``serve(timeout=..., limits=...)``."""
    started: list[TestClient] = []

    def start(**options: object) -> TestClient:
        config = ServeConfig(api_url=API, wiki=WIKI, **options)  # type: ignore[arg-type]
        client = TestClient(create_app(config, pool=pool), follow_redirects=False)
        client.__enter__()
        started.append(client)
        return client

    yield start
    for client in started:
        client.__exit__(None, None, None)


def sent(rsps, index: int) -> dict[str, str]:
    """The parameters of the ``index``-th request the server sent to the wiki."""
    query = parse_qs(urlsplit(rsps.calls[index].request.url).query)
    return {key: values[0] for key, values in query.items()}


def dom(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def message(response) -> str:
    if response.headers["content-type"].startswith("application/json"):
        return response.json()["error"]["message"]
    return dom(response).select_one("#message").get_text()


# ----------------------------------------------------------------------------------- the form


def test_index_offers_both_forms_and_no_worklist(serve: Serve) -> None:
    response = serve().get("/")
    assert response.status_code == 200
    page = dom(response)
    live = page.select_one("form#live")
    assert (live["method"], live["action"]) == ("get", "/audit")
    assert [i["name"] for i in live.select("input")] == ["title", "revision"]
    upload = page.select_one("form#upload")
    assert (upload["method"], upload["action"]) == ("post", "/audit")
    assert upload["enctype"] == "multipart/form-data"
    assert upload.select_one("input[type=file]")["name"] == "article"
    assert page.select_one("#worklist") is None
    csp = response.headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"


# ---------------------------------------------------------------------------- live reports


def test_a_title_gives_the_highlighted_report_of_its_latest_revision(serve, rsps) -> None:
    rsps.get(API, json=meta(501))
    rsps.get(API, json=content(501))

    response = serve().get("/audit", params={"title": TITLE})

    assert response.status_code == 200, response.text
    assert "content" not in sent(rsps, 0)["rvprop"]  # the light call: which revision is latest
    assert sent(rsps, 0)["titles"] == TITLE
    assert sent(rsps, 1)["revids"] == "501" and "content" in sent(rsps, 1)["rvprop"]
    page = dom(response)
    [cell] = page.select("td.finding[data-rule~=total-mismatch]")
    assert cell.get_text().startswith("35") and cell["data-severity"] == "error"
    assert page.select_one("#permalink")["href"] == PERMALINK
    assert PERMALINK in page.select_one(".topbar .source").get_text()
    assert response.headers["content-security-policy"] == f"{REPORT_CSP}; frame-ancestors 'none'"
    assert response.headers["x-wikiaudit-revision"] == "501"
    assert response.headers["cache-control"] == "no-cache"


def test_an_unchanged_page_is_served_from_the_cache(serve, rsps) -> None:
    rsps.get(API, json=meta(501))
    rsps.get(API, json=content(501))
    rsps.get(API, json=meta(501))
    client = serve()
    auditor = client.app.state.auditor

    first = client.get("/audit", params={"title": TITLE})
    again = client.get("/audit", params={"title": TITLE})

    assert first.status_code == again.status_code == 200
    assert first.text == again.text
    assert len(rsps.calls) == 3  # the second request asked only which revision is latest
    assert auditor.audits == 1
    # An exact revision already audited costs nothing, not even the light call.
    pinned = client.get("/audit", params={"revision": "501"})
    assert pinned.status_code == 200 and len(rsps.calls) == 3
    assert pinned.headers["cache-control"] == "public, max-age=86400"


def test_a_new_revision_is_fetched_and_audited_again(serve, rsps) -> None:
    rsps.get(API, json=meta(501))
    rsps.get(API, json=content(501))
    rsps.get(API, json=meta(502))
    rsps.get(API, json=content(502, FIXED))
    client = serve()

    before = client.get("/api/audit", params={"title": TITLE}).json()
    after = client.get("/api/audit", params={"title": TITLE}).json()

    assert [f["rule"] for f in before["findings"]].count("total-mismatch") == 1
    assert "total-mismatch" not in [f["rule"] for f in after["findings"]]
    assert after["source"] == f"{WIKI}/w/index.php?oldid=502"
    assert client.app.state.auditor.audits == 2


def test_a_revalidation_with_the_etag_is_answered_304(serve, rsps) -> None:
    rsps.get(API, json=meta(501))
    rsps.get(API, json=content(501))
    rsps.get(API, json=meta(501))
    client = serve()
    etag = client.get("/audit", params={"title": TITLE}).headers["etag"]

    response = client.get("/audit", params={"title": TITLE}, headers={"If-None-Match": etag})

    assert response.status_code == 304 and response.content == b""


def test_the_api_returns_the_json_of_format_json(serve, rsps, capsys) -> None:
    from wikiaudit.cli import main

    rsps.get(API, json=content(501))
    rsps.get(API, json=content(501))
    assert main(["--wiki", WIKI, "--revision", "501", "--format", "json"]) == 1
    expected = json.loads(capsys.readouterr().out)

    response = serve().get("/api/audit", params={"revision": "501"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == expected


def test_an_article_url_of_the_wiki_is_a_title(serve, rsps) -> None:
    rsps.get(API, json=meta(501))
    rsps.get(API, json=content(501))

    url = f"{WIKI}/wiki/{TITLE.replace(' ', '_')}"
    response = serve().get("/api/audit", params={"title": url})

    assert response.status_code == 200
    assert sent(rsps, 0)["titles"] == TITLE


# ------------------------------------------------------------------------------- not found


def test_a_missing_page_is_a_404_page_with_a_readable_message(serve, rsps) -> None:
    rsps.get(API, json=missing("Nope"))
    rsps.get(API, json=missing("Nope"))
    client = serve()

    page = client.get("/audit", params={"title": "Nope"})
    api = client.get("/api/audit", params={"title": "Nope"})

    assert page.status_code == api.status_code == 404
    assert "no such page on the wiki" in message(page)
    assert dom(page).select_one("#title")["value"] == "Nope"  # the form, filled in again
    assert api.json()["error"] == {"status": 404, "message": message(api)}
    assert "no such page" in message(api)


def test_a_deleted_revision_is_a_404(serve, rsps) -> None:
    rsps.get(API, json={"batchcomplete": True, "query": {"badrevids": {"999": {"revid": 999}}}})

    response = serve().get("/api/audit", params={"revision": "999"})

    assert response.status_code == 404
    assert message(response) == "revision 999: revision 999 does not exist or was deleted"


def test_a_revision_of_another_page_is_a_404(serve, rsps) -> None:
    rsps.get(API, json=content(501))

    response = serve().get("/api/audit", params={"title": "Other page", "revision": "501"})

    assert response.status_code == 404
    assert message(response) == f"revision 501 is of {TITLE!r}, not 'Other page'"


def test_what_the_wiki_says_is_escaped_too(serve, rsps) -> None:
    hostile = '<b>Bold</b> & "quoted"'
    rsps.get(API, json=content(501, title=hostile))

    response = serve().get("/audit", params={"revision": "501"})

    assert response.status_code == 200
    bar = dom(response).select_one("nav.wa-serve")
    assert bar.select("strong")[1].get_text() == hostile
    assert bar.find("b") is None
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;" in response.text


def test_a_bug_is_a_500_with_one_line_and_no_traceback(pool, monkeypatch) -> None:
    def broken(*args: object) -> str:
        raise KeyError("secret detail")

    monkeypatch.setattr("wikiaudit.web.pages.index_page", broken)
    app = create_app(ServeConfig(api_url=API, wiki=WIKI), pool=pool)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/")

    assert response.status_code == 500
    assert message(response) == "internal error: KeyError (a bug; the server log has the details)"
    assert "secret detail" not in response.text and "Traceback" not in response.text


def test_an_unknown_address_is_a_404_in_the_same_shape(serve) -> None:
    client = serve()
    assert client.get("/nowhere").status_code == 404
    assert client.get("/api/nowhere").json()["error"]["status"] == 404
    assert client.delete("/audit").status_code == 405


# --------------------------------------------------------------------- the wiki or the text


def test_a_failing_wiki_is_a_502(serve, rsps, no_waiting) -> None:
    for _ in range(5):  # the first attempt and four retries
        rsps.get(API, status=503)

    response = serve().get("/api/audit", params={"title": TITLE})

    assert response.status_code == 502
    assert message(response).startswith(f"page {TITLE!r}: giving up after 5 attempts (HTTP 503)")
    assert len(no_waiting) == 4  # backed off between attempts (without waiting, in tests)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (NO_TABLES, "no tables found (is this a season article?)"),
        (NO_SEASON, "no season table could be checked (1 table, none read as standings"),
    ],
)
def test_a_page_that_cannot_be_audited_is_a_422(serve, rsps, text, expected) -> None:
    rsps.get(API, json=content(501, text))
    client = serve()

    response = client.get("/audit", params={"revision": "501"})
    again = client.get("/api/audit", params={"revision": "501"})  # kept: no second fetch

    assert response.status_code == again.status_code == 422
    assert len(rsps.calls) == 1  # the refusal is kept by revision id too
    assert message(response).startswith(f"{PERMALINK}: {expected}")
    assert message(again) == message(response)
    assert "\n" not in message(response)


def test_a_page_over_the_size_limit_is_refused(serve, rsps) -> None:
    rsps.get(API, json=content(501))

    response = serve(limits=Limits(max_bytes=1000)).get("/api/audit", params={"revision": "501"})

    assert response.status_code == 502
    assert "over the 1,000-byte input limit" in message(response)


# --------------------------------------------------------------------- requests refused early


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"title": "A|B"}, "title 'A|B' contains '|', which MediaWiki titles cannot hold"),
        ({"title": "<script>x</script>"}, "title '<script>x</script>' contains '<'"),
        ({"title": "x" * 256}, "a page title holds at most 255 bytes"),
        ({"revision": "12x"}, "revision must be a positive revision id, got '12x'"),
        ({"revision": "0"}, "revision must be a positive revision id, got '0'"),
        ({}, "give a page title or a revision id"),
        ({"title": "", "revision": ""}, "give a page title or a revision id"),
        ({"title": "https://evil.example/wiki/X"}, "this server audits pages of"),
        ({"title": "http://en.wikipedia.org.evil.example/wiki/X"}, "this server audits pages of"),
        ({"title": f"{WIKI}/wiki/X?oldid=5", "revision": "6"}, "the URL shows revision 5, not 6"),
    ],
)
def test_bad_requests_are_400_without_asking_the_wiki(serve, rsps, params, expected) -> None:
    client = serve()
    for path in ("/audit", "/api/audit"):
        response = client.get(path, params=params)
        assert response.status_code == 400
        assert message(response).startswith(expected) or expected in message(response)
    assert len(rsps.calls) == 0  # strict mock: any call would also have failed the test


def test_a_parameter_given_twice_is_refused(serve) -> None:
    response = serve().get("/api/audit?title=A&title=B")
    assert response.status_code == 400
    assert message(response) == "title given 2 times; give it once"


def test_everything_from_the_request_is_escaped(serve) -> None:
    response = serve().get("/audit", params={"title": '"><script>alert(1)</script>'})
    assert response.status_code == 400
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert dom(response).find("script") is None


# ----------------------------------------------------------------------------------- uploads


def upload(client: TestClient, data: bytes, name: str = "article.txt", path: str = "/audit"):
    return client.post(path, files={"article": (name, data, "text/plain")})


def test_an_uploaded_article_gets_its_report(serve, broken: Path) -> None:
    client = serve()

    page = upload(client, broken.read_bytes(), "broken.txt")
    api = upload(client, broken.read_bytes(), "broken.txt", "/api/audit")

    assert page.status_code == api.status_code == 200
    marked = dom(page).select("td.finding[data-rule~=total-mismatch]")
    assert [cell.get_text()[:3] for cell in marked] == ["207"]
    assert "uploaded file broken.txt" in dom(page).select_one("nav.wa-serve").get_text()
    [finding] = [f for f in api.json()["findings"] if f["rule"] == "total-mismatch"]
    assert (finding["published"], finding["expected"]) == ("207", "206")


@pytest.mark.parametrize(
    ("data", "status", "expected"),
    [
        (b"x" * 2001, 413, "the upload is over the 2,000-byte input limit"),
        (b"\x00\x01binary", 422, "article.txt: looks like a binary file"),
        (b"   ", 422, "article.txt: the file is empty"),
        (b"abc \x80 def", 422, "article.txt: not UTF-8 text"),
        (NO_TABLES.encode(), 422, "article.txt: no tables found"),
    ],
)
def test_uploads_that_cannot_be_audited(serve, data, status, expected) -> None:
    response = upload(serve(limits=Limits(max_bytes=2000)), data, path="/api/audit")
    assert response.status_code == status
    assert message(response).startswith(expected)


def test_a_huge_upload_is_refused_before_it_is_read(serve) -> None:
    client = serve(limits=Limits(max_bytes=2000))
    body = b"--b\r\n" + b"x" * 100_000
    headers = {"Content-Type": "multipart/form-data; boundary=b"}

    declared = client.post("/api/audit", content=body, headers=headers)
    streamed = client.post(
        "/api/audit", content=iter([body[:50_000], body[50_000:]]), headers=headers
    )

    assert declared.status_code == streamed.status_code == 413


def test_a_post_without_a_file_is_a_400(serve) -> None:
    client = serve()
    assert client.post("/api/audit", data={"title": "x"}).status_code == 400
    response = client.post("/api/audit", files={"other": ("a.txt", b"x", "text/plain")})
    assert response.status_code == 400
    assert message(response) == "no file in the field 'article'"


def test_the_uploaded_file_name_is_shown_without_its_folders(serve) -> None:
    text = read_fixture().encode()
    response = upload(serve(), text, name="C:\\Users\\x\\<b>season.txt")
    assert response.status_code == 200
    bar = dom(response).select_one("nav.wa-serve strong")
    assert bar.get_text() == "<b>season.txt" and bar.find("b") is None


# --------------------------------------------------------------------------------- bounds


def test_an_audit_past_the_timeout_is_a_504_and_frees_its_worker(serve) -> None:
    slow = "\n".join([read_fixture()] * 30).encode()  # over a second to audit
    client = serve(timeout=0.05)
    started = time.monotonic()

    response = upload(client, slow, path="/api/audit")

    assert response.status_code == 504
    assert message(response) == "timed out: the audit took longer than the 0.05s limit"
    assert time.monotonic() - started < 0.9  # stopped, not waited for
    # The worker was interrupted, not left busy: both workers take a 0.3 s task at once (one
    # still auditing would hold its task until the audit's second or more had passed).
    auditor = client.app.state.auditor

    async def both() -> list[None]:
        return await asyncio.gather(*(auditor.in_pool(time.sleep, 0.3) for _ in range(2)))

    started = time.monotonic()
    assert client.portal.call(both) == [None, None]
    assert time.monotonic() - started < 0.9


def test_a_slow_wiki_is_a_504_within_the_timeout(serve, rsps) -> None:
    gate = threading.Event()

    def slowly(request):
        gate.wait(10)
        return (200, {}, json.dumps(meta(501)))

    rsps.add_callback("GET", API, callback=slowly)
    client = serve(timeout=0.2)
    started = time.monotonic()
    try:
        response = client.get("/api/audit", params={"title": TITLE})
        waited = time.monotonic() - started
    finally:
        gate.set()
        time.sleep(0.2)  # let the abandoned fetch thread finish before the mock is torn down

    assert response.status_code == 504
    assert waited < 3  # the timeout plus the one-second grace, not the wiki's ten seconds


def test_a_request_past_the_pending_bound_is_a_503(serve, rsps) -> None:
    gate = threading.Event()

    def held(request):
        gate.wait(10)
        return (200, {}, json.dumps(content(501)))

    rsps.add_callback("GET", API, callback=held)
    client = serve(max_pending=1)
    first: list[int] = []
    worker = threading.Thread(
        target=lambda: first.append(client.get("/api/audit?revision=501").status_code)
    )
    worker.start()
    try:
        for _ in range(100):  # until the first request holds the only slot
            if client.app.state.auditor._working:
                break
            time.sleep(0.01)
        busy = client.get("/api/audit?revision=502")
    finally:
        gate.set()
        worker.join(10)

    assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
    assert message(busy).startswith("busy: 1 audits in progress")
    assert first == [200]


def test_requests_for_one_revision_share_one_fetch_and_audit(serve, rsps) -> None:
    gate = threading.Event()

    def held(request):
        gate.wait(10)
        return (200, {}, json.dumps(content(501)))

    rsps.add_callback("GET", API, callback=held)
    client = serve()
    statuses: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: statuses.append(client.get("/api/audit?revision=501").status_code)
        )
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    gate.set()
    for thread in threads:
        thread.join(10)

    assert statuses == [200, 200, 200]
    assert len(rsps.calls) == 1 and client.app.state.auditor.audits == 1


def test_a_worker_that_dies_is_replaced(no_waiting, rsps) -> None:
    import os

    from wikiaudit.web.auditor import Problem

    config = ServeConfig(api_url=API, wiki=WIKI, workers=1)
    with TestClient(create_app(config)) as client:  # its own pool: this test breaks it
        auditor = client.app.state.auditor
        with pytest.raises(Problem) as died:
            client.portal.call(auditor.in_pool, os._exit, 1)
        assert died.value.status == 503
        rsps.get(API, json=content(501))
        assert client.get("/api/audit?revision=501").status_code == 200


# -------------------------------------------------------------------------------- worklist


def test_with_a_store_the_index_shows_the_ranked_worklist(serve, tmp_path, monkeypatch) -> None:
    from wikiaudit.store import PageRecord, Store, StoredFinding, now

    path = tmp_path / "wiki.sqlite"
    with Store(path) as store:
        for title, errors, warnings in (
            ("B", 0, 4),
            ("A <i>x</i>", 2, 0),
            ("C", 2, 1),
            ("D", 0, 0),
        ):
            record = PageRecord(title, 10, None, "dump", now(), "audited", errors, warnings)
            findings = [
                StoredFinding(
                    "total-mismatch",
                    "error",
                    "Teams",
                    "Row",
                    "Total",
                    "3",
                    "4",
                    n,
                    f"<b>bad</b> {n}",
                )
                for n in range(errors + 1, 0, -1)
            ]
            store.save(record, findings)
    monkeypatch.setattr("wikiaudit.web.app.WORKLIST_PAGE", 3)
    client = serve(db=path)

    first = dom(client.get("/"))
    second = dom(client.get("/?page=2"))

    rows = first.select("#worklist tbody tr")
    assert [r.select("td")[1].a.get_text() for r in rows] == ["C", "A <i>x</i>", "B"]
    assert rows[0].select("td")[1].a["href"] == "/audit?title=C"
    assert rows[1].select("td")[1].a["href"] == "/audit?title=A+%3Ci%3Ex%3C%2Fi%3E"
    assert [td.get_text() for td in rows[0].select("td.n")] == ["1", "2", "1", "0"]
    worst = [li.get_text() for li in rows[0].select("li")]
    assert worst[0] == "error total-mismatch Teams · Row · Total: <b>bad</b> 1"
    assert len(worst) == 3 and rows[1].find("b") is None  # escaped, not markup
    assert "1–3 of 4" in first.select_one("#worklist h2").get_text()
    assert [a["href"] for a in first.select(".pager a")] == ["/?page=2"]
    assert [r.select("td")[1].a.get_text() for r in second.select("#worklist tbody tr")] == ["D"]


def test_a_store_that_cannot_be_read_is_a_503(serve, tmp_path) -> None:
    from wikiaudit.store import Store

    path = tmp_path / "wiki.sqlite"
    Store(path).close()
    client = serve(db=path)
    path.write_bytes(b"not a database " * 200)

    response = client.get("/")

    assert response.status_code == 503
    assert "not a wikiaudit store" in message(response)
