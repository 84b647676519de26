"""Fetching revisions from a live wiki, with feedback on stderr while the network is slow.

Everything goes through :class:`scraper.mediawiki.MediaWikiClient`, so politeness (User-Agent,
maxlag, retries) and the one-line :class:`FetchError` for missing pages and deleted revisions are
the client's job; this module only turns the CLI's options into a call and keeps the user
informed. Feedback is drawn only on an interactive stderr and only once an operation has taken
longer than a second: CI logs, pipes and tests never see a spinner.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikiaudit.scraper.errors import InputError

if TYPE_CHECKING:
    from wikiaudit.pipeline import Remote
    from wikiaudit.scraper.mediawiki import MediaWikiClient, Revision

#: Operations quicker than this never draw anything: a flash of a spinner is noise.
SHOW_AFTER = 1.0
#: Extra :class:`MediaWikiClient` keyword arguments (tests pass a ``sleep`` that never blocks).
CLIENT_OPTIONS: dict[str, Any] = {}


def client_for(wiki: str, max_bytes: int | None = None) -> MediaWikiClient:
    """``max_bytes``: the input limit, which also caps each API answer (None: the default)."""
    from wikiaudit.scraper.mediawiki import MediaWikiClient

    return MediaWikiClient(wiki, **_options(max_bytes))


def _options(max_bytes: int | None) -> dict[str, Any]:
    return CLIENT_OPTIONS if max_bytes is None else {"max_bytes": max_bytes, **CLIENT_OPTIONS}


def resolve(
    remote: Remote, max_bytes: int | None = None
) -> tuple[MediaWikiClient, str | None, int | None]:
    """The client plus title/revision a remote spec names (a URL wins over ``--wiki``)."""
    from wikiaudit.scraper.mediawiki import MediaWikiClient

    if remote.url:
        return MediaWikiClient.for_url(remote.url, **_options(max_bytes))
    if not remote.wiki:
        raise InputError("give --wiki with --title or --revision, or an article URL")
    if remote.title is None and remote.revision is None:
        raise InputError("--wiki needs --title or --revision")
    return client_for(remote.wiki, max_bytes), remote.title, remote.revision


def fetch_revision(remote: Remote, max_bytes: int | None = None) -> Revision:
    """The latest revision of a title, or an exact revision, as the client returns it."""
    client, title, revision = resolve(remote, max_bytes)
    what = f"revision {revision}" if revision is not None else f"{title!r}"
    with status(f"fetching {what} from {client.api_url}"):
        return client.fetch_revision(title=title, revision=revision)


def history_revisions(
    origin: MediaWikiClient | Path,
    title: str | None,
    *,
    since: datetime | None = None,
    limit: int | None = None,
) -> Iterator[Revision]:
    """The revisions ``audit history`` walks, oldest first, from a wiki or an XML dump.

    ``--since`` and ``--limit`` mean the same for both: the API applies them server-side (so
    fewer revisions are fetched), a dump is read in order and filtered here. Nothing is read until
    the walk iterates, so a bad dump fails inside the walk, as a slow wiki would. A dump is
    streamed revision by revision (see ``scraper.mediawiki_dump``).
    """
    if not isinstance(origin, Path):
        return origin.iter_revisions(title, since=since, limit=limit)
    from wikiaudit.scraper.mediawiki_dump import iter_dump_revisions

    revisions = iter_dump_revisions(origin, title)
    if since is not None:
        revisions = (r for r in revisions if r.timestamp >= since)
    return revisions if limit is None else islice(revisions, limit)


def parse_since(text: str) -> datetime:
    """``--since``: an ISO date or date-time; naive values are UTC, as the API's are."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"--since: not a date: {text!r} (expected e.g. 2012-06-01)") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# ------------------------------------------------------------------------------- feedback


def interactive() -> bool:
    """Draw only for a person watching: a tty stderr, and not switched off for scripts."""
    if os.environ.get("WIKIAUDIT_NO_PROGRESS") or os.environ.get("CI"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner for one blocking call, shown only if the call outlasts :data:`SHOW_AFTER`."""
    if not interactive():
        yield
        return
    import threading

    from rich.console import Console

    done = threading.Event()
    holder: dict[str, Any] = {}

    def show() -> None:
        if done.wait(SHOW_AFTER):
            return
        spinner = Console(stderr=True).status(message)
        spinner.start()
        holder["spinner"] = spinner

    thread = threading.Thread(target=show, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        if "spinner" in holder:
            holder["spinner"].stop()


class Progress:
    """A counting progress bar that appears only after :data:`SHOW_AFTER` seconds.

    ``total`` may be unknown (a live history is paged); the bar then shows a count and a rate.
    """

    def __init__(self, description: str, total: int | None = None) -> None:
        self.description = description
        self.total = total
        self.enabled = interactive()
        self.started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def update(self, completed: int, total: int | None = None) -> None:
        if total is not None:
            self.total = total
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self.started < SHOW_AFTER:
                return
            self._start()
        self._bar.update(self._task, completed=completed, total=self.total)

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(self.description, total=self.total)
