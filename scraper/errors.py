"""The one exception type the CLI turns into a one-line message and exit status 2."""

from __future__ import annotations


class InputError(Exception):
    """The input cannot be audited (missing, empty, binary, no tables, unreachable page...).

    Raised by any scraper or source; every other exception escaping the pipeline is a bug.
    """


class FetchError(InputError):
    """A live source could not be fetched (network failure, missing page, deleted revision)."""
