"""What ``audit history --db FILE`` keeps between runs, so the next run walks only new revisions.

The tables live in the store file the other wiki-scale commands share (``wikiaudit.store``),
beside its own, and are created on first use::

    history_walks(title PRIMARY KEY, source, form, audit, updated_at)
    history_revisions(title, seq, revid, parentid, timestamp, user, comment, url, digest)
    history_outcomes(title, digest, error, internal)
    history_findings(title, digest, seq, rule, table_title, row_label, column_label,
                     severity, message, line)

Per page: every revision walked, in order, with the digest of its text (``history.table_hash``),
and per distinct text the outcome of its audit: the findings present (rule, table, row, column:
the keys blame is tracked by; with severity, message and line, which the report shows) or why
it could not be audited. A rerun replays the stored revisions through the blame (no audit) and
walks on from the last one, so its report is the one a walk of the whole history gives.

Stored outcomes are only as good as the code that audited them: ``audit`` is a digest of the
installed wikiaudit's source, and a walk stored by other code (or with another ``--form``) is
dropped and walked again from the start. So is one stored with another rule selection
(the config file, ``--select``, ``--ignore``, ``--severity``): the selection is applied in each
audit, before the article's notes are matched, as ``audit`` applies it.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wikiaudit.history import Outcome, RevInfo, Seen
from wikiaudit.store import Store, now

if TYPE_CHECKING:
    from wikiaudit.config import Selection
    from wikiaudit.history import History

_SCHEMA = """
CREATE TABLE IF NOT EXISTS history_walks (
    title TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    form TEXT NOT NULL,
    audit TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history_revisions (
    title TEXT NOT NULL REFERENCES history_walks(title) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    revid INTEGER NOT NULL,
    parentid INTEGER NOT NULL,
    timestamp TEXT NOT NULL,
    user TEXT NOT NULL,
    comment TEXT NOT NULL,
    url TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (title, seq)
);
CREATE TABLE IF NOT EXISTS history_outcomes (
    title TEXT NOT NULL REFERENCES history_walks(title) ON DELETE CASCADE,
    digest TEXT NOT NULL,
    error TEXT,
    internal INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (title, digest)
);
CREATE TABLE IF NOT EXISTS history_findings (
    title TEXT NOT NULL,
    digest TEXT NOT NULL,
    seq INTEGER NOT NULL,
    rule TEXT NOT NULL,
    table_title TEXT,
    row_label TEXT,
    column_label TEXT,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    line INTEGER,
    PRIMARY KEY (title, digest, seq),
    FOREIGN KEY (title, digest) REFERENCES history_outcomes(title, digest) ON DELETE CASCADE
);
"""


@dataclass
class Prior:
    """A page's stored walk: its revisions in order (with their texts' digests) and outcomes."""

    steps: list[tuple[RevInfo, str]]
    outcomes: dict[str, Outcome]

    def is_new(self, revid: int, timestamp: str) -> bool:
        """A revision after the stored ones: not stored, and not older than the last stored."""
        if not self.steps:
            return True
        return timestamp >= self.steps[-1][0].timestamp and revid not in self.revids

    @functools.cached_property
    def revids(self) -> frozenset[int]:
        return frozenset(info.revid for info, _ in self.steps)


@functools.cache
def audit_fingerprint() -> str:
    """A digest of the installed wikiaudit's source: findings stored by other code are stale."""
    import wikiaudit
    from wikiaudit import scraper, validators

    digest = hashlib.blake2b(wikiaudit.__version__.encode(), digest_size=12)
    for package in (wikiaudit, scraper, validators):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".toml", ".tsv") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def walk_fingerprint(selection: Selection | None) -> str:
    """The code's digest, and the rule selection's when it is not every rule at its default:
    the stored findings are what this code reports under this selection."""
    if selection is None or selection.everything:
        return audit_fingerprint()
    chosen = repr((sorted(selection.enabled), sorted(selection.severity.items())))
    return f"{audit_fingerprint()}/{hashlib.blake2b(chosen.encode(), digest_size=8).hexdigest()}"


class HistoryStore:
    """The history tables of a store file (created there on first use)."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        with self.db:
            self.db.executescript(_SCHEMA)

    def load(self, title: str, form: str | None, selection: Selection | None = None) -> Prior:
        """The page's stored walk; empty when there is none or it was made by other code or
        with another ``--form`` or rule selection."""
        row = self.db.execute(
            "SELECT form, audit FROM history_walks WHERE title = ?", (title,)
        ).fetchone()
        if row is None or tuple(row) != (form or "", walk_fingerprint(selection)):
            return Prior([], {})
        steps = [
            (RevInfo(revid, parentid, timestamp, user, comment, url), digest)
            for revid, parentid, timestamp, user, comment, url, digest in self.db.execute(
                "SELECT revid, parentid, timestamp, user, comment, url, digest "
                "FROM history_revisions WHERE title = ? ORDER BY seq",
                (title,),
            )
        ]
        found: dict[str, list[Seen]] = {}
        for digest, *fields in self.db.execute(
            "SELECT digest, rule, table_title, row_label, column_label, severity, message, line "
            "FROM history_findings WHERE title = ? ORDER BY digest, seq",
            (title,),
        ):
            found.setdefault(digest, []).append(Seen(*fields))
        outcomes = {
            digest: Outcome(tuple(found.get(digest, ())), error, bool(internal))
            for digest, error, internal in self.db.execute(
                "SELECT digest, error, internal FROM history_outcomes WHERE title = ?", (title,)
            )
        }
        return Prior(steps, outcomes)

    def save(
        self,
        title: str,
        form: str | None,
        history: History,
        prior: Prior,
        selection: Selection | None = None,
    ) -> None:
        """Add the revisions this run walked after ``prior``, in one transaction."""
        new_steps = history.steps[len(prior.steps) :]
        with self.db:
            if not prior.steps:
                self.db.execute("DELETE FROM history_walks WHERE title = ?", (title,))
            self.db.execute(  # not INSERT OR REPLACE: a replaced row cascades to the revisions
                "INSERT INTO history_walks (title, source, form, audit, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (title) "
                "DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at",
                (title, history.source, form or "", walk_fingerprint(selection), now()),
            )
            self.db.executemany(
                "INSERT INTO history_revisions (title, seq, revid, parentid, timestamp, user, "
                "comment, url, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (title, seq, i.revid, i.parentid, i.timestamp, i.user, i.comment, i.url, d)
                    for seq, (i, d) in enumerate(new_steps, len(prior.steps))
                ],
            )
            for digest in dict.fromkeys(d for _, d in new_steps):
                outcome = history.outcomes.get(digest)
                if digest in prior.outcomes or outcome is None:
                    continue
                self.db.execute(
                    "INSERT OR REPLACE INTO history_outcomes (title, digest, error, internal) "
                    "VALUES (?, ?, ?, ?)",
                    (title, digest, outcome.error, int(outcome.internal)),
                )
                self.db.executemany(
                    "INSERT INTO history_findings (title, digest, seq, rule, table_title, "
                    "row_label, column_label, severity, message, line) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            title,
                            digest,
                            seq,
                            s.rule,
                            s.table,
                            s.row,
                            s.column,
                            s.severity,
                            s.message,
                            s.line,
                        )
                        for seq, s in enumerate(outcome.findings)
                    ],
                )
