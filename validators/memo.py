"""What one ``audit history`` walk remembers from revision to revision, as the readers see it.

A walk audits revisions that mostly differ in one cell. Readers and rules that are costly and
depend only on inputs they can name as a key (a table's rows, a frame and its schema's inputs,
a season's mentions) take a memo and answer an equal key with what they gave before. The memo
is passed in by the caller and lives for one walk (``scraper.incremental.Generations``), never
in a module: results must not depend on what else the process audited (issue 10). A single
audit passes none and pays for no key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Memo(Protocol):
    """What a memo must do (``scraper.incremental.Generations`` is one)."""

    def get(self, key: Any) -> Any: ...

    def put(self, key: Any, value: Any) -> None: ...


def remembered(memo: Memo | None, key: Callable[[], Hashable], compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for an equal ``key()`` earlier in the walk (the key is
    made only when there is a memo: a single audit does not pay for it)."""
    if memo is None:
        return compute()
    made = key()
    known = memo.get(made)
    if known is None:
        known = compute()
        memo.put(made, known)
    return known
