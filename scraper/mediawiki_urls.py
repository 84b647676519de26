"""Turning what a user pastes (an article URL, a wiki's address) into API coordinates.

Users copy URLs from the browser bar, so every form a MediaWiki page is commonly reached by must
work: ``/wiki/Title``, ``/w/index.php?title=Title&oldid=N``, ``/w/index.php?oldid=N``, diff
links, percent-encoding, ``+`` in query strings, underscores and ``#fragments``. Anything we
cannot map to exactly one page or revision is rejected up front with a message telling the user
what would work, rather than fetching a guess.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from wikiaudit.scraper.errors import InputError

_URL_HELP = (
    "expected an article URL such as https://en.wikipedia.org/wiki/2012_American_Le_Mans_Series "
    "or https://en.wikipedia.org/w/index.php?title=...&oldid=123"
)
_UNFETCHABLE_NAMESPACES = ("special:", "media:")
#: Characters MediaWiki titles cannot hold (``$wgLegalTitleChars``). ``|`` matters most: the API
#: reads ``titles=A|B`` as two titles, and ``\x1f`` starts the alternative multi-value syntax.
_ILLEGAL_TITLE = re.compile(r"[|<>\[\]{}\x00-\x1f\x7f]")


def normalize_title(title: str) -> str:
    """Spell a title the way the API reports it, so titles from URLs and responses compare.

    The wiki also upper-cases the first letter on most sites, but not on all, so that part is
    left to the API (its ``normalized`` list tells us what it did).
    """
    return re.sub(r"[ _]+", " ", title).strip()


def check_title(title: str) -> str:
    """``title`` if MediaWiki could hold it; a character it cannot is a one-line error.

    Sent as is, ``A|B`` would fetch two pages and audit whichever came first.
    """
    bad = _ILLEGAL_TITLE.search(title)
    if bad:
        raise InputError(
            f"title {title!r} contains {bad.group(0)!r}, which MediaWiki titles cannot hold"
            + (" (the API would read it as two titles)" if bad.group(0) == "|" else "")
        )
    return title


def api_url_for(base_url: str) -> str:
    """The ``api.php`` endpoint of a wiki given its address.

    * ``https://en.wikipedia.org`` (no path) or an article path (``/wiki/...``): Wikimedia's
      script path, ``/w/api.php``;
    * a script path (``https://wiki.example.org/w``, ``.../mediawiki/``): its ``api.php``;
    * ``.../api.php`` is kept as is, and ``.../index.php`` becomes the ``api.php`` beside it.
    """
    base = base_url.strip()
    if not base:
        raise InputError("empty wiki URL; expected something like https://en.wikipedia.org")
    if "://" not in base:
        base = "https://" + base
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname or not _valid_port(parts):
        raise InputError(f"not a wiki URL: {base_url!r}; expected https://<host>")
    path = parts.path.rstrip("/")
    origin = f"{parts.scheme}://{parts.netloc}"
    if path.endswith("/api.php"):
        return f"{origin}{path}"
    if path.endswith("/index.php"):
        return f"{origin}{path.removesuffix('index.php')}api.php"
    if not path or path == "/wiki" or path.startswith("/wiki/"):
        return f"{origin}/w/api.php"
    return f"{origin}{path}/api.php"


def _valid_port(parts: SplitResult) -> bool:
    try:
        parts.port  # noqa: B018 - the property validates
    except ValueError:
        return False
    return True


def index_url_for(api_url: str) -> str:
    """The ``index.php`` next to ``api.php``: permanent revision links are built on it."""
    if api_url.endswith("api.php"):
        return api_url[: -len("api.php")] + "index.php"
    return api_url.rstrip("/") + "/index.php"


def revision_url(api_url: str, revid: int) -> str:
    """The permanent link of a revision (what the wiki's "Permanent link" tool gives)."""
    return f"{index_url_for(api_url)}?oldid={revid}"


def parse_article_url(url: str) -> tuple[str, str | None, int | None]:
    """Split an article or revision URL into ``(api_url, title, revision)``.

    At least one of title and revision is set. When both are (``index.php?title=X&oldid=N``) the
    revision wins when fetching, exactly as it does in the browser.
    """
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or not _valid_port(parts):
        raise InputError(f"not an http(s) URL: {url!r}; {_URL_HELP}")
    api_url = f"{parts.scheme}://{parts.netloc}/w/api.php"
    query = parse_qs(parts.query, keep_blank_values=True)
    revision = _revision_from_query(query, url)
    if parts.path.startswith("/wiki/"):
        title: str | None = normalize_title(unquote(parts.path[len("/wiki/") :]))
    elif parts.path in ("/w/index.php", "/index.php"):
        title = normalize_title(_single(query, "title", url) or "")
    else:
        raise InputError(
            f"unrecognised wiki URL path {parts.path or '/'!r} in {url!r}; {_URL_HELP}"
        )
    title = check_title(title) or None
    if title is None and revision is None:
        raise InputError(f"URL names no page and no revision: {url!r}; {_URL_HELP}")
    if title and title.lower().startswith(_UNFETCHABLE_NAMESPACES):
        raise InputError(f"{title!r} is a special page, not an article: {url!r}")
    return api_url, title, revision


def _single(query: dict[str, list[str]], key: str, url: str) -> str | None:
    """One query parameter; repeated ones are ambiguous, so they are refused, not guessed."""
    values = query.get(key)
    if not values:
        return None
    if len(set(values)) > 1:
        raise InputError(f"URL gives {key}= more than once: {url!r}")
    return values[0].strip()


def _revision_from_query(query: dict[str, list[str]], url: str) -> int | None:
    """The revision a URL displays: ``oldid=N``, or ``diff=N`` (a diff page shows revision N).

    ``diff=prev`` and ``diff=cur`` show the revision given by ``oldid``; ``diff=next`` shows one
    we cannot know without asking the wiki, so it is refused.
    """
    if _single(query, "curid", url) is not None:
        raise InputError(f"curid= URLs are not supported, use the article or oldid URL: {url!r}")
    oldid = _single(query, "oldid", url)
    diff = _single(query, "diff", url)
    if diff is not None and diff.isascii() and diff.isdigit():
        return _positive(diff, "diff", url)
    if diff not in (None, "", "prev", "cur"):
        raise InputError(f"cannot tell which revision diff={diff} shows in {url!r}; use oldid=")
    if oldid is None or oldid == "":
        return None
    return _positive(oldid, "oldid", url)


def _positive(value: str, key: str, url: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) == 0:
        raise InputError(f"{key}= must be a positive revision number, got {value!r} in {url!r}")
    return int(value)
