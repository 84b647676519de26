"""The SQLite store the wiki-scale commands share: ranking, replacement, and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikiaudit.store import PageRecord, Store, StoredFinding, StoreError, now


def _page(title: str, revid: int, errors: int, warnings: int = 0) -> PageRecord:
    return PageRecord(title, revid, None, "dump.xml", now(), "audited", errors, warnings)


def _finding(severity: str, line: int) -> StoredFinding:
    return StoredFinding("total-mismatch", severity, "Drivers", "A", "Total", "3", "4", line, "m")


def test_pages_are_ranked_by_errors_then_warnings(tmp_path: Path) -> None:
    with Store(tmp_path / "w.sqlite") as store:
        store.save(_page("B", 1, errors=0, warnings=5))
        store.save(_page("A", 1, errors=2))
        store.save(_page("C", 1, errors=2, warnings=1))
        assert [p.title for p in store.pages()] == ["C", "A", "B"]


def test_a_newer_revision_replaces_the_page_and_its_findings(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    with Store(path) as store:
        store.save(_page("A", 1, errors=2), [_finding("error", 9), _finding("warning", 3)])
        assert store.stored_revision("A") == 1
        assert [f.line for f in store.findings("A")] == [9, 3]  # worst first
    with Store(path) as store:  # reopened: the same file, the same schema
        store.save(_page("A", 2, errors=0), [])
        assert store.stored_revision("A") == 2 and store.findings("A") == []
        assert store.stored_revision("missing") is None


def test_a_file_that_is_not_a_store_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "not.sqlite"
    path.write_text("not a database, " * 100)
    with pytest.raises(StoreError, match="not a wikiaudit store"):
        Store(path)
