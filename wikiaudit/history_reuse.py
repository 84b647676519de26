"""Auditing the next revision of a history with what the walk learned from the ones before.

Consecutive revisions mostly differ in one cell, so ``audit history`` keeps, per worker, a
:class:`Reuse`: the tables and prose its revisions read (``scraper.incremental``), the standings
read from rows a reused table shares (``build.read_season``), the linkage of people and teams
by the season's mentions (``linkage.remembered_links``) and pandera's failure cases by frame and
schema inputs (``validators.memo.remembered``). Each is keyed by everything its result depends
on; the season is assembled and every rule runs on every revision, so the findings are the ones
an audit of that revision alone gives (``tests/test_history_reuse.py`` compares them, revision
by revision). A ``Reuse`` lives for one walk and is passed explicitly: results never depend on what
the process audited before (issue 10).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wikiaudit.scraper.incremental import Generations, ParseCache

if TYPE_CHECKING:
    from wikiaudit.config import Selection
    from wikiaudit.scraper.model import Document
    from wikiaudit.validators.findings import Finding


class Reuse:
    """What one walk remembers from revision to revision, in one process."""

    def __init__(self) -> None:
        self.parsed = ParseCache()
        self.failures: Generations[Any, Any] = Generations()
        self.standings: Generations[Any, Any] = Generations()
        self.linkage: Generations[Any, Any] = Generations()


def findings(
    text: str, source: str, form: str | None, reuse: Reuse, selection: Selection | None = None
) -> list[Finding]:
    """The findings ``engine.audit`` gives for this text alone (an ``InputError`` where it
    would refuse the text), reading and checking again only what changed."""
    try:
        return _audit(_document(text, source, form, reuse), reuse, selection)
    finally:
        for memo in (reuse.failures, reuse.standings, reuse.linkage):
            memo.next_revision()


def _document(text: str, source: str, form: str | None, reuse: Reuse) -> Document:
    """``pipeline.parse_text``'s document; a text it refuses goes to it, for the same error."""
    from wikiaudit.pipeline import Limits, chosen_form, parse_text

    limits = Limits()
    too_big = len(text.encode("utf-8", "surrogatepass")) > limits.max_bytes
    if too_big or chosen_form(text, form) != "wikitext":  # other forms are read whole
        return parse_text(text, source, form, limits)
    document = reuse.parsed.parse(text, source)
    if not document.tables or len(document.tables) > limits.max_tables:
        return parse_text(text, source, form, limits)  # raises its one-line error
    return document


def _audit(document: Document, reuse: Reuse, selection: Selection | None) -> list[Finding]:
    """``validators.engine.audit`` with the walk's memos."""
    from wikiaudit.validators.engine import audit

    return audit(document, selection=selection, memos=reuse).findings
