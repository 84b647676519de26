"""Stored audit results: one SQLite file per wiki or topic, shared by every wiki-scale command.

``audit corpus`` writes a page's latest audit here, ``audit worklist`` and ``audit serve`` read
the ranking back, and ``audit history --db`` keeps what a walk learned beside it. SQLite is the
embedded default: one file, no server, safe for one writer and many readers (WAL mode).

Schema (version 1)::

    pages(title PRIMARY KEY, revid, timestamp, source, audited_at, status,
          errors, warnings, infos, tables_read, message)
    findings(title -> pages, revid, rule, severity, table_title, row_label, column_label,
             published, expected, line, message)

``status`` is ``audited``, ``unchecked`` (no season table could be read) or ``failed`` (the
page could not be audited: ``message`` says why). A page is stored once, at the revision last
audited; storing a newer revision replaces its row and findings in one transaction.
``revid`` is 0 only for a failed page whose revision could not be read at all.

Readers (``audit worklist``, ``audit serve``) open the file with ``readonly=True``: nothing is
created, migrated or written, and a file that is not a store is refused. A writer refuses a
SQLite file of another program rather than adding tables to it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.files import kind_of, os_reason

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    title TEXT PRIMARY KEY,
    revid INTEGER NOT NULL,
    timestamp TEXT,
    source TEXT NOT NULL,
    audited_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('audited', 'unchecked', 'failed')),
    errors INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    infos INTEGER NOT NULL DEFAULT 0,
    tables_read INTEGER NOT NULL DEFAULT 0,
    message TEXT
);
CREATE TABLE IF NOT EXISTS findings (
    title TEXT NOT NULL REFERENCES pages(title) ON DELETE CASCADE,
    revid INTEGER NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    table_title TEXT,
    row_label TEXT,
    column_label TEXT,
    published TEXT,
    expected TEXT,
    line INTEGER,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_by_title ON findings (title);
CREATE INDEX IF NOT EXISTS pages_by_rank ON pages (errors DESC, warnings DESC, title);
"""
_SEVERITY_RANK = "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"


class StoreError(InputError):
    """The file is not a wikiaudit store (or of a newer schema): a one-line input error."""


@dataclass(frozen=True, slots=True)
class StoredFinding:
    rule: str
    severity: str
    table: str | None
    row: str | None
    column: str | None
    published: str | None
    expected: str | None
    line: int | None
    message: str


@dataclass(frozen=True, slots=True)
class PageRecord:
    """One page as stored: its last audited revision and the counts of its findings."""

    title: str
    revid: int
    timestamp: str | None
    source: str
    audited_at: str
    status: str
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    tables_read: int = 0
    message: str | None = None


class Store:
    """A store file, opened for the length of a ``with`` block (or until ``close``)."""

    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        try:
            if readonly:
                _require_file(self.path)
                # mode=rw never creates the file (and falls back to reading a write-protected
                # one); query_only refuses writes. Not mode=ro: a read-only connection to a WAL
                # store cannot tidy up, and leaves -wal and -shm files behind.
                uri = f"{self.path.resolve().as_uri()}?mode=rw"
                self.db = sqlite3.connect(uri, uri=True, timeout=30)
                self.db.execute("PRAGMA query_only = ON")
                self._check_schema()
                return
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a wikiaudit store ({error})") from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        self._refuse_foreign_database()
        with self.db:
            self.db.executescript(_SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                self.db.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )
            elif int(row[0]) > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema {row[0]} is newer than this wikiaudit's")

    def _refuse_foreign_database(self) -> None:
        """A SQLite file of some other program is not given our tables (``--db`` mistyped)."""
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master")}
        if tables and "meta" not in tables:
            raise StoreError(f"{self.path}: not a wikiaudit store (a SQLite file of another kind)")

    def _check_schema(self) -> None:
        """For readers: the file must already be a store of a schema this version knows."""
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.OperationalError:
            row = None
        if row is None:
            raise StoreError(f"{self.path}: not a wikiaudit store (no schema version)")
        if int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema {row[0]} is newer than this wikiaudit's")

    # ---------------------------------------------------------------------------- writing

    def stored_revision(self, title: str) -> int | None:
        """The revision of ``title`` last stored (a rerun audits only newer ones)."""
        row = self.db.execute("SELECT revid FROM pages WHERE title = ?", (title,)).fetchone()
        return int(row[0]) if row else None

    def stored_revisions(self, *, include_failed: bool = True) -> dict[str, int]:
        """Every stored title with its revision, read at once.

        A corpus run looks up every page of a dump (millions on a large wiki): one query and a
        dict beat a query per page. Without ``include_failed``, failed pages are left out, so a
        rerun tries them again.
        """
        query = "SELECT title, revid FROM pages"
        if not include_failed:
            query += " WHERE status != 'failed'"
        return {title: int(revid) for title, revid in self.db.execute(query)}

    def save(self, page: PageRecord, findings: Iterable[StoredFinding] = ()) -> None:
        """Store one page's audit, replacing what was stored for it, in one transaction."""
        with self.db:
            self._save(page, findings)

    def save_many(self, pages: Iterable[tuple[PageRecord, Iterable[StoredFinding]]]) -> None:
        """Store several pages in one transaction: one commit (one fsync) per batch of pages."""
        with self.db:
            for page, findings in pages:
                self._save(page, findings)

    def _save(self, page: PageRecord, findings: Iterable[StoredFinding]) -> None:
        self.db.execute("DELETE FROM findings WHERE title = ?", (page.title,))
        self.db.execute(
            "INSERT OR REPLACE INTO pages (title, revid, timestamp, source, audited_at, "
            "status, errors, warnings, infos, tables_read, message) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                page.title,
                page.revid,
                page.timestamp,
                page.source,
                page.audited_at,
                page.status,
                page.errors,
                page.warnings,
                page.infos,
                page.tables_read,
                page.message,
            ),
        )
        self.db.executemany(
            "INSERT INTO findings (title, revid, rule, severity, table_title, row_label, "
            "column_label, published, expected, line, message) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    page.title,
                    page.revid,
                    f.rule,
                    f.severity,
                    f.table,
                    f.row,
                    f.column,
                    f.published,
                    f.expected,
                    f.line,
                    f.message,
                )
                for f in findings
            ],
        )

    # ---------------------------------------------------------------------------- reading

    def pages(self) -> Iterator[PageRecord]:
        """Every stored page, ranked: most errors first, then most warnings, then by title."""
        cursor = self.db.execute(
            "SELECT title, revid, timestamp, source, audited_at, status, errors, warnings, "
            "infos, tables_read, message FROM pages "
            "ORDER BY errors DESC, warnings DESC, title"
        )
        for row in cursor:
            yield PageRecord(*row)

    def status_counts(self) -> dict[str, int]:
        """How many pages are stored with each status (the worklist's summary line)."""
        counts = dict.fromkeys(("audited", "unchecked", "failed"), 0)
        for status, count in self.db.execute("SELECT status, count(*) FROM pages GROUP BY status"):
            counts[status] = int(count)
        return counts

    def findings(self, title: str, *, limit: int | None = None) -> list[StoredFinding]:
        """A page's findings, worst first, in line order within a severity."""
        query = (
            "SELECT rule, severity, table_title, row_label, column_label, published, expected, "
            f"line, message FROM findings WHERE title = ? ORDER BY {_SEVERITY_RANK}, line"
        )
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        return [StoredFinding(*row) for row in self.db.execute(query, (title,))]


def _require_file(path: Path) -> None:
    """A reader names a store that must exist: SQLite would otherwise say "unable to open"."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise StoreError(f"{path}: {os_reason(error)}") from None
    if not stat.S_ISREG(mode):
        raise StoreError(
            f"{path}: {kind_of(mode) if not stat.S_ISDIR(mode) else 'a directory'}, "
            "not a store file"
        )


@contextmanager
def opened(path: Path | str) -> Iterator[Store]:
    store = Store(path)
    try:
        yield store
    finally:
        store.close()


def now() -> str:
    """When a page was audited, as stored: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
