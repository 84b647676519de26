"""The worklist ``/`` shows with ``--db``: one page of the store's ranking, read in a thread.

The store is opened for each request and closed after it: SQLite connections belong to the
thread that made them, and a short read never blocks ``audit corpus`` writing the same file
(WAL mode lets readers and one writer work at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from wikiaudit.store import PageRecord, StoredFinding, opened

#: Findings shown per page in the worklist: the worst ones.
WORST = 3


@dataclass(frozen=True, slots=True)
class WorklistPage:
    """``rows`` are ranks ``first``.. of ``total`` pages, each with its worst findings."""

    path: Path
    rows: list[tuple[PageRecord, list[StoredFinding]]]
    total: int
    first: int
    page: int
    per_page: int

    @property
    def has_next(self) -> bool:
        return self.first - 1 + len(self.rows) < self.total


def read_worklist(path: Path, page: int, per_page: int) -> WorklistPage:
    """Page ``page`` (1-based) of the ranking: errors, then warnings, then title."""
    with opened(path) as store:
        ranked = store.pages()
        start = (page - 1) * per_page
        records = list(islice(ranked, start, start + per_page))
        total = start + len(records) + sum(1 for _ in ranked)
        if not records:  # past the end: count what was skipped to get there
            total = sum(1 for _ in store.pages())
        rows = [(record, store.findings(record.title, limit=WORST)) for record in records]
    return WorklistPage(path, rows, total, start + 1, page, per_page)
