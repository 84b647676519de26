"""What ``audit corpus`` and ``audit worklist`` add to the store: bulk reads and writes, and a
read-only opening that never creates, migrates or writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wikiaudit.store import PageRecord, Store, StoredFinding, StoreError, now


def _page(title: str, revid: int, status: str = "audited", errors: int = 0) -> PageRecord:
    return PageRecord(title, revid, None, "dump.xml", now(), status, errors)


def test_stored_revisions_with_and_without_failed_pages(tmp_path: Path) -> None:
    with Store(tmp_path / "w.sqlite") as store:
        store.save_many(
            [
                (_page("A", 3), []),
                (_page("B", 0, "failed"), []),
                (_page("C", 7, "unchecked"), []),
            ]
        )
        assert store.stored_revisions() == {"A": 3, "B": 0, "C": 7}
        assert store.stored_revisions(include_failed=False) == {"A": 3, "C": 7}
        assert store.status_counts() == {"audited": 1, "unchecked": 1, "failed": 1}


def test_save_many_replaces_each_page_and_its_findings(tmp_path: Path) -> None:
    finding = StoredFinding("total-mismatch", "error", "T", "R", "Total", "3", "4", 9, "m")
    with Store(tmp_path / "w.sqlite") as store:
        store.save_many([(_page("A", 1, errors=2), [finding, finding]), (_page("B", 1), [])])
        store.save_many([(_page("A", 2, errors=1), [finding])])
        assert [(p.title, p.revid, p.errors) for p in store.pages()] == [("A", 2, 1), ("B", 1, 0)]
        assert store.findings("A") == [finding]


def test_a_reader_never_creates_or_writes(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    with pytest.raises(StoreError, match="no such file"):
        Store(path, readonly=True)
    assert not path.exists()
    with Store(path) as store:
        store.save(_page("A", 1))
    with Store(path, readonly=True) as reader:
        assert [p.title for p in reader.pages()] == ["A"]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.save(_page("B", 1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.sqlite"]  # no -wal, no -shm left


def test_a_reader_refuses_a_database_that_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    connection.close()
    with pytest.raises(StoreError, match="not a wikiaudit store"):
        Store(path, readonly=True)
    with pytest.raises(StoreError, match="a SQLite file of another kind"):
        Store(path)
