"""Which pages of a dump ``audit corpus`` audits: a cheap look at the wikitext, then the store.

A wiki has millions of articles and a few thousand season articles. Parsing and auditing every
page would spend nearly all the time on pages with no season table, so each page first passes a
pre-check on its raw wikitext: a ``{| class="wikitable"`` table with a header cell naming a total
or points column (``Total``, ``Points``, ``Pts``, and the same words in a few other languages).
The pre-check only decides what is worth auditing; the audit itself still decides whether a
season table could be read (a page that passes the pre-check but has none is stored as
``unchecked``, never as clean).

The same decision runs in the driver (pages it ships to workers) and in workers (pages they read
from their own streams of a multistream dump), so it lives here with no Dask in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from wikiaudit.corpus_pages import PageText

#: A table opening line whose class names ``wikitable`` (``{| class="wikitable sortable"``...).
_WIKITABLE = re.compile(r"^[ \t]*:*\{\|[^\n]*\bwikitable\b", re.MULTILINE | re.IGNORECASE)
#: A header-cell line (``! Pos !! Driver !! Pts``) naming a total or points column.
_TOTAL_HEADER = re.compile(
    r"^[ \t]*!.*?(?:\b(?:total|totals|points?|pts|punkte|puntos|punti|pontos|punten|poäng"
    r"|pisteet|point|очки)\b|积分|積分|ポイント|得点|총점|포인트)",
    re.MULTILINE | re.IGNORECASE,
)
_TABLE_END = re.compile(r"^[ \t]*\|\}", re.MULTILINE)
#: How far into a table its header is looked for (a header comes first; a table may be long).
_HEADER_WINDOW = 4000


def looks_like_season(text: str) -> bool:
    """True when the wikitext has a ``wikitable`` whose header names a total or points column."""
    for start in _WIKITABLE.finditer(text):
        end = _TABLE_END.search(text, start.end(), start.end() + _HEADER_WINDOW)
        stop = end.start() if end else start.end() + _HEADER_WINDOW
        if _TOTAL_HEADER.search(text, start.end(), stop):
            return True
    return False


class Decision(Enum):
    """What happens to one page of a dump."""

    FILTERED = "not matched by --titles"
    UNCHANGED = "stored at this revision already"
    NOT_SEASON = "no wikitable with a total or points column"
    GONE = "stored before, but its latest revision has no season table"
    AUDIT = "audit"


@dataclass(frozen=True, slots=True)
class Known:
    """What the store held when the run started: enough to skip unchanged pages.

    ``revisions`` holds every stored page's revision; ``failed`` the titles stored as failed,
    which a rerun tries again at the same revision (a raised ``--max-bytes`` may let them
    through). Revision ids only grow on a wiki, so an older dump never replaces a newer audit.
    """

    revisions: dict[str, int] = field(default_factory=dict)
    failed: frozenset[str] = frozenset()

    def unchanged(self, title: str, revid: int) -> bool:
        stored = self.revisions.get(title)
        return stored is not None and stored >= revid and title not in self.failed

    def stored(self, title: str) -> bool:
        return title in self.revisions


@dataclass(frozen=True, slots=True)
class Selection:
    """The run's choice of pages: ``titles`` a regular expression searched in each title."""

    titles: re.Pattern[str] | None
    known: Known

    def title_wanted(self, title: str) -> bool:
        return self.titles is None or self.titles.search(title) is not None

    def decide(self, page: PageText) -> Decision:
        if not self.title_wanted(page.title):
            return Decision.FILTERED
        if self.known.unchanged(page.title, page.revid):
            return Decision.UNCHANGED
        if looks_like_season(page.text):
            return Decision.AUDIT
        # A season article whose tables were removed (or blanked by a vandal) must not keep
        # its old findings in the worklist: it is stored again, as unchecked.
        return Decision.GONE if self.known.stored(page.title) else Decision.NOT_SEASON
