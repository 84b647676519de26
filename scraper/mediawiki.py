"""Fetching revisions' wikitext through the MediaWiki Action API.

Audits must be reproducible, so everything is pinned to a revision id and every revision carries
its permanent link. The client is polite to the wiki (descriptive User-Agent, ``maxlag``,
``Retry-After``, bounded exponential backoff) and strict with what comes back: anything that is
not a complete, visible revision becomes a one-line :class:`FetchError` naming the page or
revision, never a half-filled :class:`Revision` that would audit as if it were the article.

Retries are urllib3's ``Retry`` mounted on the session (``http_limits.BudgetRetry``): 429 and
5xx answers (``Retry-After`` honoured), exponential backoff, connection errors (a refused
connection is tried twice, a second apart, then reported in one line). Only what urllib3 cannot
see has code of its own here: MediaWiki's ``maxlag`` and ``ratelimited`` errors (an HTTP 200
answer) and an answer cut off while its body streams. Both kinds spend one budget per call.

Nothing the server does can make a call unbounded (see ``scraper.http_limits``): an answer is
streamed and refused past ``max_bytes`` once decompressed, every attempt must be answered in
full within ``deadline`` seconds, and one call with all its retries and ``Retry-After`` waits
stays within ``retry_budget`` seconds. A redirect to another host is refused, a continuation
token that repeats or is empty stops a history walk, and lone surrogates in the answer's text
(which no wiki stores) become U+FFFD so that every report and write can encode them.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib import metadata
from typing import Any
from urllib.parse import urljoin

import requests
from wikiaudit.scraper.errors import FetchError, InputError, NotFound
from wikiaudit.scraper.http_limits import (
    RETRY_STATUSES,
    BudgetRetry,
    DeadlineExceeded,
    RetriesExhausted,
    RetryBudget,
    RetryRefused,
    TooLarge,
    bounded_session,
    current_budget,
    describe_error,
    past_deadline,
    read_capped,
    retry_for,
    retrying,
    same_origin,
)
from wikiaudit.scraper.mediawiki_urls import (
    api_url_for,
    check_title,
    index_url_for,
    normalize_title,
    parse_article_url,
    revision_url,
)
from wikiaudit.scraper.revision import ProgressCallback, Revision, short_error
from wikiaudit.scraper.source import DEFAULT_MAX_BYTES
from wikiaudit.scraper.whitespace import collapse

# ``Revision`` lives in the light ``scraper.revision``; it is re-exported here because callers
# of the live client have always imported it from this module.
__all__ = [
    "DEFAULT_USER_AGENT",
    "MediaWikiClient",
    "Revision",
    "api_url_for",
    "parse_article_url",
]

log = logging.getLogger(__name__)

JSON = dict[str, Any]

_RETRY_API_CODES = frozenset({"maxlag", "ratelimited"})
#: The API caps content-bearing revision batches at 50 (500 without content).
_MAX_BATCH_WITH_CONTENT = 50
_MAX_BATCH_WITHOUT_CONTENT = 500
_BASE_RVPROP = "ids|timestamp|user|comment|sha1"
#: Redirects followed within one wiki (``http`` to ``https``, a moved script path).
_MAX_REDIRECTS = 5
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: Seconds one attempt may take, answer included, and one call with all its retries.
DEFAULT_DEADLINE = 60.0
DEFAULT_RETRY_BUDGET = 120.0


def _version() -> str:
    """The installed version, or the source tree's when running from a checkout."""
    try:
        return metadata.version("wikiaudit")
    except metadata.PackageNotFoundError:
        pass
    try:
        from wikiaudit import __version__
    except ImportError:
        return "0.0.0"
    return str(__version__)


DEFAULT_USER_AGENT = (
    f"wikiaudit/{_version()} (https://github.com/wikiaudit/wikiaudit; table-consistency auditor)"
    f" requests/{requests.__version__}"
)


class _Retry(Exception):
    """A failure worth another attempt; ``wait`` is what the server asked for, if anything."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class MediaWikiClient:
    """A small, polite client for one wiki's ``api.php``.

    ``sleep`` (and ``clock``) are injectable so tests never block; they serve urllib3's retries
    and the client's own alike. ``max_wait`` bounds how long
    a single ``Retry-After`` may keep us waiting: a server asking for an hour is treated as a
    failure rather than hanging the CLI. ``deadline`` bounds one attempt (connection, headers
    and body), ``retry_budget`` one call: its attempts and waits together; a wait that would
    pass the budget is not started. ``max_bytes`` caps an answer's decompressed size. A
    ``session`` passed in keeps its own adapters, so its deadline is checked between body chunks
    only and a 429/5xx it returns is retried by the client's own loop (its adapters' retries,
    if any, come first); the client's own session enforces the deadline on every socket read
    and retries through urllib3 (``http_limits``).
    """

    def __init__(
        self,
        api_url: str,
        *,
        session: requests.Session | None = None,
        timeout: float | tuple[float, float] = (5, 30),
        max_retries: int = 4,
        backoff: float = 1.0,
        maxlag: int = 5,
        user_agent: str = DEFAULT_USER_AGENT,
        max_wait: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        max_bytes: int = DEFAULT_MAX_BYTES,
        deadline: float = DEFAULT_DEADLINE,
        retry_budget: float = DEFAULT_RETRY_BUDGET,
    ) -> None:
        if max_retries < 0:
            raise InputError(f"max_retries must be >= 0, got {max_retries}")
        self.api_url = api_url_for(api_url)
        self.index_url = index_url_for(self.api_url)
        self.session = (
            session if session is not None else bounded_session(retry_for(max_retries, backoff))
        )
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.maxlag = maxlag
        self.user_agent = user_agent
        self.max_wait = max_wait
        self.sleep = sleep
        self.clock = clock
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.retry_budget = retry_budget

    @classmethod
    def for_url(cls, url: str, **kwargs: Any) -> tuple[MediaWikiClient, str | None, int | None]:
        """A client for the wiki an article URL points at, plus the title/revision it names."""
        api_url, title, revision = parse_article_url(url)
        return cls(api_url, **kwargs), title, revision

    # ----------------------------------------------------------------------------- fetching

    def fetch_revision(self, title: str | None = None, revision: int | None = None) -> Revision:
        """The latest revision of ``title``, or exactly revision ``revision``.

        When both are given the revision wins (as ``index.php?title=X&oldid=N`` does). Redirects
        are followed for titles only: the API cannot resolve them for revision ids, and a
        revision id asks for that exact text anyway.
        """
        if revision is not None:
            return self._fetch_by_revid(revision)
        name = normalize_title(title) if title is not None else ""
        if not name:
            raise InputError("fetch_revision needs a page title or a revision id")
        return self._fetch_by_title(check_title(name))

    def _fetch_by_title(self, title: str, with_content: bool = True) -> Revision:
        what = f"page {title!r}"
        params = {"titles": title, "redirects": "1", **self._rv_params(with_content)}
        page = _single_page(self._query(params, what), what)
        revisions = _revisions(page, what)
        if not revisions:
            raise FetchError(f"{what}: the wiki returned no revision")
        return self._revision(page, revisions[0], what, with_content=with_content)

    def latest_revision(self, title: str) -> Revision:
        """The latest revision of ``title`` without its text: one light call.

        Enough to tell whether something kept by revision id (a revision never changes) is
        still the page's current one, without downloading the wikitext again.
        """
        name = check_title(normalize_title(title))
        if not name:
            raise InputError("latest_revision needs a page title")
        return self._fetch_by_title(name, with_content=False)

    def _fetch_by_revid(self, revid: int) -> Revision:
        if isinstance(revid, bool) or not isinstance(revid, int) or revid <= 0:
            raise InputError(f"revision id must be a positive integer, got {revid!r}")
        what = f"revision {revid}"
        data = self._query({"revids": str(revid), **self._rv_params(True)}, what)
        _raise_bad_revids(data, what)
        page = _single_page(data, what)
        for rev in _revisions(page, what):
            if rev.get("revid") == revid:
                return self._revision(page, rev, what, with_content=True)
        raise NotFound(f"{what}: the wiki returned no such revision")

    def fetch_revisions(
        self, revids: list[int], *, on_progress: ProgressCallback | None = None
    ) -> Iterator[Revision]:
        """Several exact revisions, in the order asked, 50 per request.

        Pairs with ``iter_revisions(with_content=False)``: list ids and sha1s cheaply, then fetch
        text only for revisions whose sha1 changed.
        """
        done = 0
        for start in range(0, len(revids), _MAX_BATCH_WITH_CONTENT):
            batch = revids[start : start + _MAX_BATCH_WITH_CONTENT]
            what = f"revisions {batch[0]}..{batch[-1]}"
            params = {"revids": "|".join(str(r) for r in batch), **self._rv_params(True)}
            data = self._query(params, what)
            _raise_bad_revids(data, what)
            found = {
                rev.get("revid"): self._revision(page, rev, f"revision {rev.get('revid')}", True)
                for page in _pages(data)
                for rev in _revisions(page, what)
            }
            for revid in batch:
                if revid not in found:
                    raise FetchError(f"revision {revid}: the wiki returned no such revision")
                done += 1
                if on_progress is not None:
                    on_progress(done)
                yield found[revid]

    # ------------------------------------------------------------------------------ history

    def iter_revisions(
        self,
        title: str,
        *,
        since: datetime | None = None,
        limit: int | None = None,
        with_content: bool = True,
        batch_size: int | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Iterator[Revision]:
        """The page's revisions oldest first, following API continuation.

        ``since`` starts the walk at that time (naive datetimes are UTC); ``limit`` caps how many
        are yielded. Revisions whose text was deleted or suppressed are skipped (logged): they
        cannot be audited, and the walk is about the visible history. A failure on any batch
        raises, so a truncated history is never passed off as the whole one. ``on_progress``
        receives the running count of yielded revisions.
        """
        if limit is not None and limit < 0:
            raise InputError(f"limit must be >= 0, got {limit}")
        name = normalize_title(title)
        if not name:
            raise InputError("iter_revisions needs a page title")
        check_title(name)
        batch = _batch_size(batch_size, with_content)
        params: dict[str, str] = {
            "titles": name,
            "redirects": "1",
            "rvdir": "newer",
            **self._rv_params(with_content),
        }
        if since is not None:
            params["rvstart"] = _api_timestamp(since)
        yield from self._walk(params, name, limit, batch, with_content, on_progress)

    def _walk(
        self,
        params: dict[str, str],
        name: str,
        limit: int | None,
        batch: int,
        with_content: bool,
        on_progress: ProgressCallback | None,
    ) -> Iterator[Revision]:
        """Follow ``continue`` until the API stops giving one or ``limit`` is reached.

        A token the walk has already sent, or an empty one, would restart or repeat the walk
        forever (a broken proxy or server); it stops the walk with an error instead.
        """
        what = f"history of {name!r}"
        cont: dict[str, str] = {}
        sent: set[tuple[tuple[str, str], ...]] = set()
        count = 0
        while limit is None or count < limit:
            wanted = batch if limit is None else min(batch, limit - count)
            data = self._query({**params, "rvlimit": str(wanted), **cont}, what)
            page = _single_page(data, what)
            for rev in _revisions(page, what):
                if _text_hidden(rev) and with_content:
                    log.info("skipping revision %s of %r: text hidden", rev.get("revid"), name)
                    continue
                yield self._revision(page, rev, what, with_content)
                count += 1
                if on_progress is not None:
                    on_progress(count)
                if limit is not None and count >= limit:
                    return
            cont = _continuation(data, what)
            if not cont:
                return
            token = tuple(sorted(cont.items()))
            if token in sent or not all(cont.values()):
                raise FetchError(
                    f"{what}: the wiki sent the continuation {dict(token)!r} "
                    f"{'again' if token in sent else 'empty'}; stopped (the walk would loop)"
                )
            sent.add(token)

    # ----------------------------------------------------------------------- decoding

    def _rv_params(self, with_content: bool) -> dict[str, str]:
        rvprop = _BASE_RVPROP + ("|content" if with_content else "")
        params = {"action": "query", "prop": "revisions", "rvprop": rvprop}
        if with_content:
            params["rvslots"] = "main"
        return params

    def _revision(self, page: JSON, rev: JSON, what: str, with_content: bool) -> Revision:
        """Build a :class:`Revision`, refusing any whose text we were not given in full."""
        revid = rev.get("revid")
        if not isinstance(revid, int):
            raise FetchError(f"{what}: malformed API response (revision without an id)")
        text = _revision_text(rev, f"{what} (revision {revid})") if with_content else ""
        return Revision(
            revid=revid,
            parentid=_parentid(rev, what),
            title=_scrubbed(str(page.get("title", ""))),
            timestamp=_parse_timestamp(rev.get("timestamp"), what),
            user="" if rev.get("userhidden") else _scrubbed(str(rev.get("user", ""))),
            comment="" if rev.get("commenthidden") else _scrubbed(str(rev.get("comment", ""))),
            text=_scrubbed(text),
            url=revision_url(self.api_url, revid),
            sha1="" if rev.get("sha1hidden") else str(rev.get("sha1", "")),
        )

    # --------------------------------------------------------------------------- transport

    def _query(self, params: Mapping[str, str], what: str) -> JSON:
        """One API call with bounded retries; returns the decoded, error-free JSON object.

        urllib3 retries statuses and connection errors inside ``session.get``; this loop retries
        what it cannot see (``maxlag``, a body cut short). Both spend the same
        :class:`RetryBudget`: attempts, waits and time are counted once for the call.
        """
        full = {"format": "json", "formatversion": "2", "maxlag": str(self.maxlag), **params}
        budget = RetryBudget(
            max_retries=self.max_retries,
            backoff=self.backoff,
            max_wait=self.max_wait,
            budget=self.retry_budget,
            attempt_seconds=self.deadline,
            sleep=self.sleep,
            clock=self.clock,
        )
        with retrying(budget):
            while True:
                try:
                    return self._attempt(full, what)
                except _Retry as retry:
                    try:
                        budget.retry(retry.reason, retry.wait)
                    except RetriesExhausted:
                        raise FetchError(
                            f"{what}: giving up after {budget.attempts} attempts ({retry.reason})"
                        ) from None
                    except RetryRefused as refused:
                        raise FetchError(f"{what}: {refused}") from None

    def _attempt(self, params: Mapping[str, str], what: str) -> JSON:
        response = self._send(params, what)
        if response.status_code in RETRY_STATUSES:
            response.close()
            if not self._urllib3_retries(response.url or self.api_url):
                raise _Retry(f"HTTP {response.status_code}", _retry_after(response))
            budget = current_budget()
            attempts = budget.attempts if budget is not None else 1
            raise FetchError(
                f"{what}: giving up after {attempts} attempts (HTTP {response.status_code})"
            )
        if response.status_code >= 400:
            response.close()
            reason = response.reason or ""
            hint = (
                " (is --wiki right? give the wiki's script path or its api.php URL)"
                if response.status_code == 404
                else ""
            )
            raise FetchError(
                f"{what}: HTTP {response.status_code} {reason} from {self.api_url}{hint}"
            )
        data = _decode_json(self._body(response, what), response, what)
        _raise_api_error(data, response, what)
        return data

    def _urllib3_retries(self, url: str) -> bool:
        """Whether the session's adapter for ``url`` retries statuses with a budget."""
        try:
            adapter = self.session.get_adapter(url)
        except requests.exceptions.InvalidSchema:
            return False
        return isinstance(getattr(adapter, "max_retries", None), BudgetRetry)

    def _send(self, params: Mapping[str, str], what: str) -> requests.Response:
        """The answer's head (the body is streamed by :meth:`_body`), after same-wiki redirects."""
        url: str = self.api_url
        query: dict[str, str] | None = dict(params)
        for _ in range(_MAX_REDIRECTS + 1):
            response = self._get(url, query, what)
            if not response.is_redirect:
                return response
            target = urljoin(url, response.headers["Location"])
            response.close()
            if not same_origin(self.api_url, target):
                raise FetchError(
                    f"{what}: {self.api_url} redirected to {target}, another host; refused "
                    "(the report would cite a wiki the text did not come from; give that wiki "
                    "with --wiki if it is the right one)"
                )
            url, query = target, None  # the query string travels in the Location
        raise FetchError(f"{what}: more than {_MAX_REDIRECTS} redirects from {self.api_url}")

    def _get(self, url: str, query: dict[str, str] | None, what: str) -> requests.Response:
        try:
            return self.session.get(
                url,
                params=query,
                headers={"User-Agent": self.user_agent},
                timeout=self.timeout,
                stream=True,
                allow_redirects=False,
            )
        except RetryRefused as refused:
            raise FetchError(f"{what}: {refused}") from None
        except requests.exceptions.ChunkedEncodingError as exc:  # a body cut short: ours to retry
            raise _Retry(f"the answer was cut off: {describe_error(exc)}") from None
        except (requests.Timeout, requests.ConnectionError) as exc:
            # urllib3 has already retried what was worth retrying (``http_limits.retry_for``)
            budget = current_budget()
            after = f" after {budget.attempts} attempts" if budget and budget.attempts > 1 else ""
            reason = "the request's deadline passed" if past_deadline() else describe_error(exc)
            raise FetchError(f"{what}: no answer from {self.api_url}{after}: {reason}") from None
        except requests.RequestException as exc:
            raise FetchError(
                f"{what}: request to {self.api_url} failed: {short_error(exc)}"
            ) from None

    def _body(self, response: requests.Response, what: str) -> bytes:
        """The whole body, decompressed, within ``max_bytes`` and the attempt's deadline."""
        try:
            return read_capped(response, self.max_bytes)
        except TooLarge:
            raise FetchError(
                f"{what}: the answer from {self.api_url} is over the {self.max_bytes:,}-byte "
                "input limit (raise it with --max-bytes)"
            ) from None
        except DeadlineExceeded:
            raise _Retry(self._timed_out()) from None
        except requests.exceptions.ContentDecodingError as exc:
            raise FetchError(
                f"{what}: the answer from {self.api_url} is not valid compressed data: "
                f"{short_error(exc)}"
            ) from None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            if past_deadline():
                raise _Retry(self._timed_out()) from None
            raise _Retry(
                f"connection error talking to {self.api_url}: {short_error(exc)}"
            ) from None
        except requests.RequestException as exc:
            raise FetchError(
                f"{what}: reading the answer from {self.api_url} failed: {short_error(exc)}"
            ) from None

    def _timed_out(self) -> str:
        return f"timed out talking to {self.api_url} (no complete answer within the deadline)"


# ------------------------------------------------------------------------ response helpers


def _decode_json(body: bytes, response: requests.Response, what: str) -> JSON:
    """The body as a JSON object; HTML error pages and cut-off bodies are failures, not data."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # nesting too deep: RecursionError
        kind = response.headers.get("Content-Type", "unknown content type")
        raise FetchError(
            f"{what}: the API answer is not valid JSON (truncated or {kind}); "
            f"{len(body)} bytes from {response.url or 'the wiki'}"
        ) from None
    if not isinstance(data, dict):
        raise FetchError(f"{what}: the API answer is not a JSON object")
    return data


def _raise_api_error(data: JSON, response: requests.Response, what: str) -> None:
    error = data.get("error")
    if error is None:
        return
    if not isinstance(error, dict):
        raise FetchError(f"{what}: API error {error!r}")
    code = str(error.get("code", "unknown"))
    info = collapse(str(error.get("info", "")))
    if code in _RETRY_API_CODES:
        raise _Retry(f"API error {code}: {info}", _retry_after(response))
    raise FetchError(f"{what}: API error {code}: {info}".rstrip(": "))


def _retry_after(response: requests.Response) -> float | None:
    """``Retry-After`` in seconds (numeric or HTTP-date form), or None if absent or nonsense."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _pages(data: JSON) -> list[JSON]:
    query = data.get("query")
    pages = query.get("pages") if isinstance(query, dict) else None
    if not isinstance(pages, list):
        return []
    return [p for p in pages if isinstance(p, dict)]


def _single_page(data: JSON, what: str) -> JSON:
    """The one page a single-title/single-revid query is about, or why there is none."""
    pages = _pages(data)
    if not pages:
        raise FetchError(f"{what}: malformed API response (no query.pages)")
    page = pages[0]
    if page.get("invalid"):
        reason = page.get("invalidreason", "invalid title")
        raise NotFound(f"{what}: invalid title: {reason}")
    if page.get("missing"):
        raise NotFound(f"{what}: no such page on the wiki (title {page.get('title', '?')!r})")
    if page.get("special"):
        raise NotFound(f"{what}: is a special page, it has no revisions")
    return page


def _raise_bad_revids(data: JSON, what: str) -> None:
    """``badrevids`` lists ids that do not exist or whose page was deleted."""
    query = data.get("query")
    bad = query.get("badrevids") if isinstance(query, dict) else None
    if not bad:
        return
    if isinstance(bad, dict):
        ids = list(bad.keys())
    elif isinstance(bad, list):
        ids = [b.get("revid") if isinstance(b, dict) else b for b in bad]
    else:
        ids = [bad]
    shown = ", ".join(str(i) for i in ids)
    raise NotFound(f"{what}: revision {shown} does not exist or was deleted")


def _revisions(page: JSON, what: str) -> list[JSON]:
    """A page's revision objects; any other shape is a malformed answer, not an empty page."""
    revisions = page.get("revisions") or []
    if not isinstance(revisions, list) or not all(isinstance(r, dict) for r in revisions):
        raise FetchError(f"{what}: malformed API response (revisions are not objects)")
    return revisions


def _parentid(rev: JSON, what: str) -> int:
    parentid = rev.get("parentid") or 0
    if isinstance(parentid, bool) or not isinstance(parentid, int):
        raise FetchError(f"{what}: malformed API response (parentid {parentid!r})")
    return parentid


def _text_hidden(rev: JSON) -> bool:
    slots = rev.get("slots")
    main = slots.get("main") if isinstance(slots, dict) else None
    main = main if isinstance(main, dict) else {}
    keys = ("texthidden", "textmissing")
    return any(rev.get(k) or main.get(k) for k in keys)


def _revision_text(rev: JSON, what: str) -> str:
    """The main slot's wikitext; hidden, missing or non-wikitext content is an error."""
    slots = rev.get("slots")
    main = slots.get("main") if isinstance(slots, dict) else None
    if _text_hidden(rev):
        raise NotFound(f"{what}: the text of this revision was deleted or suppressed")
    if isinstance(main, dict):
        model = main.get("contentmodel", "wikitext")
        content = main.get("content")
    else:  # MediaWiki < 1.32 ignores rvslots and puts the content on the revision
        model = rev.get("contentmodel", "wikitext")
        content = rev.get("content")
    if not isinstance(content, str):
        raise FetchError(f"{what}: the API returned no content (too large or unavailable)")
    if model != "wikitext":
        raise FetchError(f"{what}: content model is {model!r}, not wikitext")
    return content


def _scrubbed(text: str) -> str:
    """Lone surrogates (a ``\\ud800`` escape in the JSON) become U+FFFD.

    No wiki stores them (MediaWiki keeps UTF-8), so one is a broken or hostile answer; left in,
    it would make every UTF-8 write (reports, baselines, ``--fix --output``) fail.
    """
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def _continuation(data: JSON, what: str) -> dict[str, str]:
    cont = data.get("continue")
    if cont is None:
        return {}
    if not isinstance(cont, dict):
        raise FetchError(f"{what}: malformed API continuation {cont!r}")
    return {str(k): str(v) for k, v in cont.items()}


def _parse_timestamp(value: object, what: str) -> datetime:
    if not isinstance(value, str):
        raise FetchError(f"{what}: malformed API response (revision without a timestamp)")
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        raise FetchError(f"{what}: malformed revision timestamp {value!r}") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _api_timestamp(when: datetime) -> str:
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _batch_size(batch_size: int | None, with_content: bool) -> int:
    cap = _MAX_BATCH_WITH_CONTENT if with_content else _MAX_BATCH_WITHOUT_CONTENT
    if batch_size is None:
        return cap
    if not 1 <= batch_size <= cap:
        raise InputError(f"batch_size must be between 1 and {cap}, got {batch_size}")
    return batch_size
