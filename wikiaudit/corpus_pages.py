"""The pages of a MediaWiki XML dump, each at its latest revision, read as a stream.

``audit corpus`` audits what a wiki shows now, so of a dump with full history only the newest
revision of each page is kept (the newest by timestamp, then id: an export made newest first is
read correctly too). Only articles (namespace 0) written in wikitext are read; talk pages,
templates and Lua modules hold no season tables to audit.

Memory does not grow with the dump: mwxml streams the XML, and of a page's revisions only the
newest seen so far is held. A page the reader cannot make sense of (a revision without an id or
with a broken timestamp) comes out as :class:`Unreadable`, stored as ``failed``, and the pages
after it are still read; XML that cannot be parsed at all ends the dump with a one-line error.
"""

from __future__ import annotations

import bz2
import gzip
import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

import mwxml

from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.files import open_regular, os_reason
from wikiaudit.scraper.revision import short_error

log = logging.getLogger(__name__)

#: What mwxml raises for XML it cannot follow (it even ``assert``s the root element).
BAD_XML = (
    mwxml.errors.MalformedXML,
    ParseError,
    AssertionError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    UnicodeDecodeError,
)
#: What a revision whose values are broken raises (a timestamp that is not one, an id that is
#: not a number); the XML itself is intact, so the pages after it can still be read.
BAD_VALUES = (ValueError, KeyError, TypeError, AttributeError)
ARTICLES = 0
WIKITEXT_MODELS = (None, "wikitext")


@dataclass(frozen=True, slots=True)
class PageText:
    """A page at its latest revision: what a worker audits."""

    title: str
    revid: int
    timestamp: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A page whose revisions could not be read; ``revid`` is 0 when not even that was."""

    title: str
    revid: int
    message: str


def open_dump(stack: ExitStack, path: Path) -> BinaryIO:
    """The dump's XML as a binary stream: plain, ``.bz2`` (one or many streams) or ``.gz``.

    The file is opened as a regular file first (a FIFO or a device is refused at once), and
    decompression streams: nothing is unpacked to disk or held whole.
    """
    handle = stack.enter_context(open_regular(path, "cannot read dump"))
    name = path.name.lower()
    if name.endswith(".bz2"):
        return stack.enter_context(bz2.BZ2File(handle))  # type: ignore[return-value]
    if name.endswith(".gz"):
        return stack.enter_context(gzip.GzipFile(fileobj=handle))  # type: ignore[return-value]
    return handle


@contextmanager
def dump_errors(path: Path | str) -> Iterator[None]:
    """Errors of reading a dump as one-line input errors naming it."""
    try:
        yield
    except InputError:
        raise
    except (OSError, EOFError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else short_error(error)
        raise InputError(f"cannot read dump {path}: {reason}") from None
    except BAD_XML as error:
        raise InputError(
            f"{path} is not a valid MediaWiki XML dump: {short_error(error) or 'no <mediawiki>'}"
        ) from None


def iter_latest_pages(stream: BinaryIO) -> Iterator[PageText | Unreadable]:
    """Every article of the XML in ``stream`` at its latest readable revision, in dump order.

    Raises the reader's own exceptions for XML that cannot be parsed (wrap the call in
    :func:`dump_errors`); a page whose revisions cannot be read is yielded as ``Unreadable``.
    """
    dump = mwxml.Dump.from_file(stream)
    for page in dump.pages:
        if page.namespace != ARTICLES:
            continue
        title = page.title or ""
        try:
            latest = _latest(page)
        except BAD_VALUES as error:  # not ParseError or MalformedXML: those end the dump
            if isinstance(error, UnicodeDecodeError):
                raise
            yield Unreadable(title, 0, f"unreadable revision: {short_error(error)}")
            continue
        if latest is not None:
            yield latest


def _latest(page: Any) -> PageText | None:
    """The page's newest revision whose text is there, holding one text at a time."""
    best: tuple[datetime, int] | None = None
    found: PageText | None = None
    for revision in page:
        if revision.deleted is not None and revision.deleted.text:
            continue
        if getattr(revision, "model", None) not in WIKITEXT_MODELS:
            continue
        if revision.id is None or revision.timestamp is None:
            raise ValueError("a revision without an id or a timestamp")
        stamp = datetime.fromtimestamp(int(revision.timestamp.unix()), tz=UTC)
        key = (stamp, int(revision.id))
        if best is None or key > best:
            best = key
            found = PageText(page.title or "", key[1], stamp.isoformat(), revision.text or "")
    return found
