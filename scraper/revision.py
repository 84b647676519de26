"""What a revision source hands to an audit, shared by the live API client and the dump reader.

Both produce the same :class:`Revision`; keeping it here (with no third-party imports) lets the
offline dump reader run without loading ``requests``, which only the live client needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from wikiaudit.scraper.whitespace import collapse

#: Receives the running count of revisions read, so a long history walk can show progress.
ProgressCallback = Callable[[int], None]

_MAX_ERROR_CHARS = 200


@dataclass(frozen=True, slots=True)
class Revision:
    """One revision of a page, as audited.

    ``text`` is the main slot's wikitext; it is ``""`` only for revisions listed with
    ``with_content=False``. ``sha1`` (of the text, from the wiki) lets a history walk skip
    revisions whose text did not change. ``parentid`` is 0 for a page's first revision.
    """

    revid: int
    parentid: int
    title: str
    timestamp: datetime
    user: str
    comment: str
    text: str
    url: str
    sha1: str = ""


def short_error(exc: BaseException) -> str:
    """One line of an exception's text: urllib3 and XML parser messages nest reprs, span lines."""
    text = collapse(str(exc)) or type(exc).__name__
    if len(text) <= _MAX_ERROR_CHARS:
        return text
    return text[: _MAX_ERROR_CHARS - 3] + "..."
