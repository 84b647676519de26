"""Reading revisions from a MediaWiki XML export (Special:Export) or dump with ``mwxml``.

A dump is the offline twin of :meth:`MediaWikiClient.iter_revisions`: same :class:`Revision`
objects, same oldest-first order, so a history audit does not care where revisions came from.
Exports are ordered by the exporter's choice (``dir=desc`` gives newest first), so the order is
checked rather than trusted; a dump of any size is read revision by revision, never whole.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import islice, pairwise
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import mwxml
from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.files import open_regular, os_reason
from wikiaudit.scraper.mediawiki_urls import normalize_title, revision_url
from wikiaudit.scraper.revision import ProgressCallback, Revision, short_error

__all__ = ["iter_dump_revisions"]

log = logging.getLogger(__name__)

# mwxml reports bad input through several unrelated exception types (it even ``assert``s the root).
_BAD_DUMP = (
    mwxml.errors.MalformedXML,
    ParseError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    UnicodeDecodeError,
)


def iter_dump_revisions(
    path: str | Path,
    title: str | None = None,
    *,
    on_progress: ProgressCallback | None = None,
) -> Iterator[Revision]:
    """The revisions of one page of an XML dump, oldest first, read as they are needed.

    Without ``title`` the dump must hold exactly one page: silently picking the first of many
    would audit the wrong article. Revisions whose text was deleted are skipped, as in a live
    history walk. ``on_progress`` receives the running count of revisions read.

    Memory does not grow with the dump: a first pass reads only each revision's id and time
    (to learn the order and check the pages), then a second pass yields the revisions one by
    one. Dumps are oldest first; an export made newest first (``dir=desc``) is the exception,
    and only then are texts kept, compressed, to be yielded in order.
    """
    dump_path = Path(path)
    wanted = normalize_title(title) if title else None
    with _reading(dump_path):
        order = _scan(dump_path, wanted)
    with _reading(dump_path):
        yield from _revisions_in_order(dump_path, order, on_progress)


@contextmanager
def _reading(dump_path: Path) -> Iterator[None]:
    """mwxml's many exception types (it even ``assert``s the root) as one-line errors."""
    try:
        yield
    except OSError as exc:
        raise InputError(f"cannot read dump {dump_path}: {os_reason(exc)}") from None
    except AssertionError:
        raise InputError(f"{dump_path} is not a MediaWiki XML dump (no <mediawiki> root)") from None
    except _BAD_DUMP as exc:
        raise InputError(
            f"{dump_path} is not a valid MediaWiki XML dump: {short_error(exc)}"
        ) from None


@dataclass(frozen=True, slots=True)
class _Order:
    """What the first pass learnt: which page, and the order to yield its revisions in."""

    page_number: int
    name: str
    #: ``(timestamp, revid)`` of each readable revision, in the dump's order.
    keys: list[tuple[datetime, int]]

    @property
    def ascending(self) -> bool:
        return all(a <= b for a, b in pairwise(self.keys))


def _scan(dump_path: Path, wanted: str | None) -> _Order:
    """Find the page to read and its revisions' order, keeping no text."""
    with open_regular(dump_path, "cannot read dump") as handle:
        reader = _DumpReader(handle)
        found: _Order | None = None
        seen: list[str] = []
        for number, page in enumerate(reader.dump.pages):
            name = reader.full_title(page)
            seen.append(name)
            if wanted is not None and not _same_title(name, wanted):
                continue
            if found is not None:
                raise InputError(
                    f"{dump_path} holds several pages ({found.name!r}, {name!r}, ...); "
                    "pass the title of the one to audit"
                )
            keys = [(_timestamp(rev.timestamp), int(rev.id)) for rev in page if _readable(rev)]
            found = _Order(number, name, keys)
            if wanted is not None:
                break
    if found is None:
        listed = ", ".join(repr(s) for s in seen[:5]) or "none"
        target = f"no page {wanted!r}" if wanted else "no page"
        raise InputError(f"{dump_path} has {target} (pages: {listed})")
    if not found.keys:
        raise InputError(f"{dump_path}: page {found.name!r} has no readable revision")
    return found


def _revisions_in_order(
    dump_path: Path, order: _Order, on_progress: ProgressCallback | None
) -> Iterator[Revision]:
    """The second pass: the page's revisions, streamed when the dump is oldest first."""
    with open_regular(dump_path, "cannot read dump") as handle:
        reader = _DumpReader(handle)
        page = next(islice(reader.dump.pages, order.page_number, None))
        revisions = (_revision(rev, order.name, reader.api_url) for rev in page if _readable(rev))
        if not order.ascending:
            revisions = _sorted_compactly(revisions)
        for count, revision in enumerate(revisions, start=1):
            if on_progress is not None:
                on_progress(count)
            yield revision


def _sorted_compactly(revisions: Iterable[Revision]) -> Iterator[Revision]:
    """Revisions oldest first, holding their texts zlib-compressed until each is yielded."""
    kept = [
        (rev.timestamp, rev.revid, replace(rev, text=""), zlib.compress(rev.text.encode(), 1))
        for rev in revisions
    ]
    kept.sort(key=lambda item: (item[0], item[1]))
    for _, _, revision, text in kept:
        yield replace(revision, text=zlib.decompress(text).decode())


def _readable(rev: Any) -> bool:
    """Revisions whose text was deleted are skipped (as the live walk skips hidden ones)."""
    if rev.deleted is not None and rev.deleted.text:
        log.info("skipping revision %s: text deleted", rev.id)
        return False
    return True


class _DumpReader:
    """One pass over a dump; pages stream by in order and cannot be revisited."""

    def __init__(self, handle: Any) -> None:
        self.dump = mwxml.Dump.from_file(handle)
        self.api_url = _api_url(self.dump.site_info.base)
        self.namespaces = {ns.id: ns.name for ns in self.dump.site_info.namespaces or ()}

    def full_title(self, page: Any) -> str:
        """The title with its namespace, as the API spells it.

        mwxml strips the namespace prefix only for dumps without ``<ns>`` tags (it has to infer
        the namespace there), so the prefix is put back only where it is missing.
        """
        title = normalize_title(page.title or "")
        prefix = self.namespaces.get(page.namespace) if page.namespace else None
        if not prefix or title.startswith(prefix + ":"):
            return title
        return f"{prefix}:{title}"


def _revision(rev: Any, title: str, api_url: str | None) -> Revision:
    timestamp = _timestamp(rev.timestamp)
    revid = int(rev.id)
    return Revision(
        revid=revid,
        parentid=int(rev.parent_id or 0),
        title=title,
        timestamp=timestamp,
        user=(rev.user.text or "") if rev.user is not None else "",
        comment=rev.comment or "",
        text=rev.text or "",
        url=revision_url(api_url, revid) if api_url else "",
        sha1=_sha1(rev),
    )


def _sha1(rev: Any) -> str:
    slots = rev.slots
    if slots is not None and slots.sha1:
        return str(slots.sha1)
    return ""


def _timestamp(value: Any) -> datetime:
    if value is None:
        raise ValueError("revision without a timestamp")
    stamp = datetime.fromtimestamp(int(value.unix()), tz=UTC)
    return stamp


def _same_title(a: str, b: str) -> bool:
    """Titles compare with the first letter case-insensitive, as on most wikis."""
    return a[:1].upper() + a[1:] == b[:1].upper() + b[1:]


def _api_url(base: str | None) -> str | None:
    """``api.php`` from the dump's ``<base>`` (the main-page URL, e.g. ``.../wiki/Main_Page``).

    Only the wiki's address is needed: permanent links are then built exactly as the live
    client builds them, so a revision's ``url`` does not depend on where it was read from.
    """
    if not base:
        return None
    match = re.match(r"^(https?://[^/]+)/wiki/", base)
    return f"{match.group(1)}/w/api.php" if match else None
