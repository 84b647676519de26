"""Reading revisions from a MediaWiki XML export (Special:Export) or dump with ``mwxml``.

A dump is the offline twin of :meth:`MediaWikiClient.iter_revisions`: same :class:`Revision`
objects, same oldest-first order, so a history audit does not care where revisions came from.
Exports are ordered by the exporter's choice (``dir=desc`` gives newest first), so the page's
revisions are sorted rather than trusted; one article's history fits comfortably in memory.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import mwxml
from wikiaudit.scraper.errors import InputError
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
    """The revisions of one page of an XML dump, oldest first.

    Without ``title`` the dump must hold exactly one page: silently picking the first of many
    would audit the wrong article. Revisions whose text was deleted are skipped, as in a live
    history walk. ``on_progress`` receives the running count of revisions read.
    """
    dump_path = Path(path)
    wanted = normalize_title(title) if title else None
    try:
        with dump_path.open("rb") as handle:
            revisions = _DumpReader(handle, dump_path, on_progress).read(wanted)
    except OSError as exc:
        raise InputError(f"cannot read dump {dump_path}: {exc.strerror or exc}") from None
    except AssertionError:  # mwxml asserts the root element
        raise InputError(f"{dump_path} is not a MediaWiki XML dump (no <mediawiki> root)") from None
    except _BAD_DUMP as exc:
        raise InputError(
            f"{dump_path} is not a valid MediaWiki XML dump: {short_error(exc)}"
        ) from None
    revisions.sort(key=lambda rev: (rev.timestamp, rev.revid))
    yield from revisions


class _DumpReader:
    """One pass over a dump; pages stream by in order and cannot be revisited."""

    def __init__(self, handle: Any, dump_path: Path, on_progress: ProgressCallback | None):
        self.dump = mwxml.Dump.from_file(handle)
        self.dump_path = dump_path
        self.on_progress = on_progress
        self.api_url = _api_url(self.dump.site_info.base)
        self.namespaces = {ns.id: ns.name for ns in self.dump.site_info.namespaces or ()}

    def read(self, wanted: str | None) -> list[Revision]:
        found: tuple[str, list[Revision]] | None = None
        seen: list[str] = []
        for page in self.dump.pages:
            name = self._full_title(page)
            seen.append(name)
            if wanted is not None and not _same_title(name, wanted):
                continue
            if found is not None:
                raise InputError(
                    f"{self.dump_path} holds several pages ({found[0]!r}, {name!r}, ...); "
                    "pass the title of the one to audit"
                )
            found = (name, self._revisions(page, name))
            if wanted is not None:
                break
        if found is None:
            listed = ", ".join(repr(s) for s in seen[:5]) or "none"
            target = f"no page {wanted!r}" if wanted else "no page"
            raise InputError(f"{self.dump_path} has {target} (pages: {listed})")
        if not found[1]:
            raise InputError(f"{self.dump_path}: page {found[0]!r} has no readable revision")
        return found[1]

    def _revisions(self, page: Any, name: str) -> list[Revision]:
        out: list[Revision] = []
        for rev in page:
            if rev.deleted is not None and rev.deleted.text:
                log.warning("skipping revision %s of %r: text deleted", rev.id, name)
                continue
            out.append(_revision(rev, name, self.api_url))
            if self.on_progress is not None:
                self.on_progress(len(out))
        return out

    def _full_title(self, page: Any) -> str:
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
