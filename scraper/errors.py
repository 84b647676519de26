"""The one exception type the CLI turns into a one-line message and exit status 2."""

from __future__ import annotations


class InputError(Exception):
    """The input cannot be audited (missing, empty, binary, no tables, unreachable page...).

    Raised by any scraper or source; every other exception escaping the pipeline is a bug.
    """


class FetchError(InputError):
    """A live source could not be fetched (network failure, missing page, deleted revision)."""


class NotFound(FetchError):
    """The wiki has no such page or revision (missing, deleted, hidden, or not a page at all).

    Kept apart from other fetch failures so the web tool can answer 404 for these and 502 when
    the wiki itself failed; the CLI treats both alike (exit status 2).
    """
