"""The Starlette application of ``audit serve``: routes, input checks, answers.

Routes::

    GET  /                            the form (title, revision, file); the worklist with --db
    GET  /audit?title=T[&revision=N]  the HTML report of that live revision
    POST /audit                       the HTML report of an uploaded article (field "article")
    GET  /api/audit?title=…           the JSON of --format json (POST: of an upload)

Every failure is an answer with a one-line message: an HTML page (with the form, filled in, to
correct it) or, under ``/api/``, ``{"error": {"status": N, "message": "..."}}``. 400 for a
request that cannot be right (a title MediaWiki cannot hold, another wiki's URL, a revision
that is not a number), 404 for a page or revision the wiki does not have, 413 for an upload
over ``--max-bytes``, 422 for a text that cannot be audited (not an article, no season table),
502 when the wiki failed, 503 when busy, 504 past the timeout.

Only the configured wiki is ever asked: no parameter names a host, and an article URL typed as
a title must be of that wiki.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from concurrent.futures import Executor
from contextlib import asynccontextmanager

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wikiaudit.scraper.errors import InputError
from wikiaudit.web import pages
from wikiaudit.web.auditor import Auditor, Problem, Report
from wikiaudit.web.config import WORKLIST_PAGE, ServeConfig
from wikiaudit.web.work import Rendered, one_line

log = logging.getLogger("wikiaudit.serve")

#: MediaWiki titles hold at most 255 bytes of UTF-8; an article URL may be longer.
MAX_TITLE_BYTES = 255
MAX_URL_CHARS = 2000
#: Room for the multipart envelope around an uploaded file of ``--max-bytes``.
UPLOAD_SLACK = 64 * 1024
FILE_FIELD = "article"


def create_app(config: ServeConfig, *, pool: Executor | None = None) -> Starlette:
    """The application; ``pool`` replaces the worker pool it would start (tests share one)."""
    auditor = Auditor(config, pool)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await auditor.start()
        try:
            yield
        finally:
            await auditor.stop()

    app = Starlette(
        routes=[
            Route("/", index, methods=["GET"]),
            Route("/audit", audit_page, methods=["GET", "POST"]),
            Route("/api/audit", audit_api, methods=["GET", "POST"]),
        ],
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: http_error, Exception: internal_error},
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.auditor = auditor
    return app


# --------------------------------------------------------------------------------- routes


async def index(request: Request) -> Response:
    config: ServeConfig = request.app.state.config
    worklist = None
    if config.db is not None:
        from wikiaudit.web.worklist import read_worklist

        page = _page_number(request)
        try:
            worklist = await anyio.to_thread.run_sync(read_worklist, config.db, page, WORKLIST_PAGE)
        except InputError as error:
            return _html_problem(request, Problem(503, one_line(error)))
    return _html(pages.index_page(config, worklist), pages.PAGE_CSP)


async def audit_page(request: Request) -> Response:
    return await _answer(request, api=False)


async def audit_api(request: Request) -> Response:
    return await _answer(request, api=True)


async def _answer(request: Request, *, api: bool) -> Response:
    auditor: Auditor = request.app.state.auditor
    try:
        if request.method == "POST":
            data, name = await _read_upload(request, auditor.config)
            rendered = await auditor.upload(data, name)
            if api:
                return _json(rendered.json)
            return _html(pages.upload_report(rendered.html, name), _report_csp())
        title, revision = _live_query(request, auditor.config)
        report = await auditor.live(title, revision)
    except Problem as problem:
        return _json_problem(problem) if api else _html_problem(request, problem)
    return _live_response(request, report, pinned=revision is not None, api=api)


def _live_response(request: Request, report: Report, *, pinned: bool, api: bool) -> Response:
    """A live revision's report; validators let browsers and proxies revalidate cheaply.

    A request for an exact revision may be kept a day (a revision never changes); one for the
    latest must be revalidated, which costs the server one light call to the wiki.
    """
    from wikiaudit import __version__

    assert isinstance(report.outcome, Rendered)
    etag = f'"{report.revid}-{__version__}-{"json" if api else "html"}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=86400" if pinned else "no-cache",
        "X-Wikiaudit-Revision": str(report.revid),
    }
    if etag in {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    if api:
        return _json(report.outcome.json, headers=headers)
    page = pages.live_report(
        report.outcome.html,
        title=report.title,
        revid=report.revid,
        url=report.url,
        timestamp=report.timestamp,
    )
    return _html(page, _report_csp(), headers=headers)


# ---------------------------------------------------------------------------- the request


def _live_query(request: Request, config: ServeConfig) -> tuple[str | None, int | None]:
    """``title`` and ``revision`` from the query, checked before anything is sent to the wiki."""
    title = _single(request, "title")
    revision = _revision(_single(request, "revision"))
    if title.startswith(("http://", "https://")):
        title, revision = _from_url(title, revision, config)
    if title:
        title = _checked_title(title)
    if not title and revision is None:
        raise Problem(400, "give a page title or a revision id")
    return title or None, revision


def _single(request: Request, name: str) -> str:
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise Problem(400, f"{name} given {len(values)} times; give it once")
    return values[0].strip() if values else ""


def _revision(text: str) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 18 or int(text) == 0:
        raise Problem(400, f"revision must be a positive revision id, got {text[:40]!r}")
    return int(text)


def _checked_title(title: str) -> str:
    from wikiaudit.scraper.mediawiki_urls import check_title, normalize_title

    name = normalize_title(title)
    if len(name.encode("utf-8", "surrogatepass")) > MAX_TITLE_BYTES:
        raise Problem(400, f"a page title holds at most {MAX_TITLE_BYTES} bytes")
    try:
        return check_title(name)
    except InputError as error:
        raise Problem(400, one_line(error)) from None


def _from_url(url: str, revision: int | None, config: ServeConfig) -> tuple[str, int | None]:
    """An article URL typed as the title: accepted only when it is of this server's wiki."""
    from wikiaudit.scraper.http_limits import same_origin
    from wikiaudit.scraper.mediawiki_urls import parse_article_url

    if len(url) > MAX_URL_CHARS:
        raise Problem(400, f"an article URL holds at most {MAX_URL_CHARS} characters")
    try:
        api_url, title, url_revision = parse_article_url(url)
    except InputError as error:
        raise Problem(400, one_line(error)) from None
    if not same_origin(config.api_url, api_url):
        raise Problem(400, f"this server audits pages of {config.wiki} only, not {url[:200]}")
    if revision is not None and url_revision is not None and revision != url_revision:
        raise Problem(400, f"the URL shows revision {url_revision}, not {revision}")
    return title or "", revision if revision is not None else url_revision


async def _read_upload(request: Request, config: ServeConfig) -> tuple[bytes, str]:
    """The uploaded file's bytes and a name for it, refusing more than ``--max-bytes``.

    The body is counted as it arrives (a declared length over the cap is refused before any is
    read), so an endless upload stops at the cap instead of filling the disk.
    """
    max_bytes = config.limits.max_bytes
    too_large = Problem(413, f"the upload is over the {max_bytes:,}-byte input limit")
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise Problem(400, f"send the article as multipart/form-data, in the field {FILE_FIELD!r}")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + UPLOAD_SLACK:
        raise too_large
    counted = Request(request.scope, _capped(request.receive, max_bytes + UPLOAD_SLACK))
    try:
        form = await counted.form(max_files=1, max_fields=8, max_part_size=64 * 1024)
    except _BodyTooLarge:
        raise too_large from None
    except (MultiPartException, HTTPException) as error:
        raise Problem(400, f"the upload could not be read: {one_line(error)}") from None
    try:
        upload = form.get(FILE_FIELD)
        if upload is None or isinstance(upload, str):
            raise Problem(400, f"no file in the field {FILE_FIELD!r}")
        data = await upload.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise too_large
        return data, _file_name(upload.filename)
    finally:
        await form.close()


class _BodyTooLarge(Exception):
    pass


def _capped(receive: Receive, cap: int) -> Receive:
    total = 0

    async def counted() -> Message:
        nonlocal total
        message = await receive()
        total += len(message.get("body", b""))
        if total > cap:
            raise _BodyTooLarge
        return message

    return counted


def _file_name(name: str | None) -> str:
    """The file's own name (no folders a browser may send), printable and short."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = one_line(ValueError(base))[:100]
    return base or "upload"


def _page_number(request: Request) -> int:
    text = request.query_params.get("page", "1")
    return int(text) if text.isascii() and text.isdigit() and 0 < len(text) < 7 and int(text) else 1


# -------------------------------------------------------------------------------- answers


def _report_csp() -> str:
    """The HTML report's own policy, sent as a header too (where ``frame-ancestors`` works)."""
    from wikiaudit.reports.html import CSP

    return f"{CSP}; frame-ancestors 'none'"


def _html(
    body: str, csp: str, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return HTMLResponse(
        body, status_code=status, headers={"Content-Security-Policy": csp, **(headers or {})}
    )


def _json(body: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        body, status_code=status, media_type="application/json", headers=headers or None
    )


def _json_problem(problem: Problem) -> Response:
    payload = {"error": {"status": problem.status, "message": problem.message}}
    headers = {"Retry-After": "5"} if problem.status == 503 else None
    return _json(json.dumps(payload, ensure_ascii=False) + "\n", problem.status, headers)


def _html_problem(request: Request, problem: Problem) -> Response:
    config: ServeConfig = request.app.state.config
    title = request.query_params.get("title", "") if request.method == "GET" else ""
    revision = request.query_params.get("revision", "") if request.method == "GET" else ""
    page = pages.error_page(config, problem.status, problem.message, title, revision)
    headers = {"Retry-After": "5"} if problem.status == 503 else None
    return _html(page, pages.PAGE_CSP, problem.status, headers)


def _problem_answer(request: Request, problem: Problem) -> Response:
    if request.url.path.startswith("/api/"):
        return _json_problem(problem)
    return _html_problem(request, problem)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404 (no such route) and 405, in the same shape as ours."""
    assert isinstance(exc, HTTPException)
    messages = {404: f"no such address: {request.url.path[:200]}", 405: "method not allowed"}
    message = messages.get(exc.status_code, one_line(ValueError(exc.detail)))
    return _problem_answer(request, Problem(exc.status_code, message))


async def internal_error(request: Request, exc: Exception) -> Response:
    """A bug: logged with its traceback here, one line to the user."""
    log.exception("internal error on %s", request.url.path)
    message = f"internal error: {type(exc).__name__} (a bug; the server log has the details)"
    return _problem_answer(request, Problem(500, message))


class SecurityHeaders:
    """Headers every answer carries: no MIME sniffing, no referrer, no framing."""

    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)
