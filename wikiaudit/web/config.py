"""What one ``audit serve`` is set up with: its wiki, its store, and its bounds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wikiaudit.pipeline import Limits

#: Seconds a request may take, fetching and auditing included.
DEFAULT_TIMEOUT = 30.0
DEFAULT_WORKERS = 2
DEFAULT_CACHE_MB = 128
#: Revisions fetched at once (threads waiting on the wiki, not on a core).
FETCHES = 8
#: Audits waiting or running per worker before the server answers 503 "busy".
PENDING_PER_WORKER = 8
#: Worklist rows per page of ``/``.
WORKLIST_PAGE = 100


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """``api_url`` is the only wiki the server fetches from (no open proxying of other hosts);
    ``wiki`` is its address as given, shown to users."""

    api_url: str
    wiki: str
    db: Path | None = None
    limits: Limits = field(default_factory=Limits)
    timeout: float = DEFAULT_TIMEOUT
    workers: int = DEFAULT_WORKERS
    cache_bytes: int = DEFAULT_CACHE_MB * 1024 * 1024
    max_pending: int | None = None

    @property
    def pending(self) -> int:
        """Audits (uncached work) in progress at once; one more is refused with 503."""
        return self.max_pending or self.workers * PENDING_PER_WORKER

    @property
    def index_url(self) -> str:
        """The wiki's ``index.php``, under which article and permanent links live."""
        from wikiaudit.scraper.mediawiki_urls import index_url_for

        return index_url_for(self.api_url)
