"""History blame: which revision introduced each current finding, and which fixed the others.

Revisions are walked oldest to newest. A finding's key (rule, table, row, column) is tracked as
a run of consecutive audited revisions in which it is present; the revision that started the
latest run introduced it, the revision that ended a run fixed it. Keys are counted, so a second
wrong total in a row is a second run.

Each revision's text is hashed, and a revision whose text was already audited (a revert, a null
edit) reuses that result. The whole text is hashed, not only its table lines: a continuation
line of a multi-line cell belongs to its table, and the prose holds the notes that explain
findings and the sentences that state the scoring, so any edit may change the audit. The audits
run in a process pool, since auditing is CPU-bound; a worker gets a text and returns only keys
and the few fields a report shows, which keeps the traffic between processes small.

Revisions that cannot be audited at all (a blanked or vandalised page with no tables) are listed
and do not break runs: a finding that survives a blanking and its revert was not introduced by
the revert.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from wikiaudit.ci import finding_lines
from wikiaudit.scraper.errors import InputError

if TYPE_CHECKING:
    from wikiaudit.config import Selection
    from wikiaudit.history_reuse import Reuse
    from wikiaudit.history_store import Prior
    from wikiaudit.scraper.mediawiki import Revision

Key = tuple[str, str | None, str | None, str | None]


# ----------------------------------------------------------------------------- data model


@dataclass(frozen=True, slots=True)
class Seen:
    """The part of a finding that crosses the process boundary and reaches the report."""

    rule: str
    table: str | None
    row: str | None
    column: str | None
    severity: str
    message: str
    line: int | None

    @property
    def key(self) -> Key:
        return (self.rule, self.table, self.row, self.column)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One audit in a worker: the findings, or why the text could not be audited."""

    findings: tuple[Seen, ...] = ()
    error: str | None = None
    #: The error is a bug in wikiaudit, not a property of the revision.
    internal: bool = False


@dataclass(frozen=True, slots=True)
class RevInfo:
    revid: int
    parentid: int
    timestamp: str
    user: str
    comment: str
    url: str

    @classmethod
    def of(cls, revision: Revision) -> RevInfo:
        return cls(
            revid=revision.revid,
            parentid=revision.parentid,
            timestamp=revision.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            user=revision.user,
            comment=revision.comment,
            url=revision.url,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "revid": self.revid,
            "timestamp": self.timestamp,
            "user": self.user,
            "comment": self.comment,
            "url": self.url,
        }


@dataclass(slots=True)
class Run:
    """One unbroken stretch of revisions in which a finding is present."""

    finding: Seen
    introduced: RevInfo
    fixed: RevInfo | None = None


@dataclass(slots=True)
class History:
    title: str | None
    source: str
    walked: int = 0
    audited: int = 0
    skipped: int = 0
    unauditable: list[tuple[RevInfo, str]] = field(default_factory=list)
    first: RevInfo | None = None
    first_audited: RevInfo | None = None
    last: RevInfo | None = None
    current: list[Run] = field(default_factory=list)
    fixed: list[Run] = field(default_factory=list)
    #: Every revision walked, in order, with its text's digest (``history_store`` keeps them).
    steps: list[tuple[RevInfo, str]] = field(default_factory=list, repr=False)
    #: The audit of each distinct text, by digest.
    outcomes: dict[str, Outcome] = field(default_factory=dict, repr=False)
    #: How many of the revisions came from ``--db`` (walked by an earlier run).
    stored: int = 0

    @property
    def from_creation(self) -> bool:
        """The walk began at the page's first revision, so "introduced by" is exact."""
        return self.first is not None and self.first.parentid == 0

    def at_or_before(self, run: Run) -> bool:
        """A run starting at the walk's first revision may have started earlier."""
        return not self.from_creation and run.introduced == self.first_audited


# --------------------------------------------------------------------------------- hashing


def table_hash(text: str) -> str:
    """A digest of everything that can change findings: the whole text.

    Tables are not the only input: a cell's continuation line belongs to its table, and the
    prose holds the notes that explain findings and the sentences that state the scoring
    (best N results, bonus points), so any edit may change the audit. Identical texts (a
    revert, a null edit) still share one audit.
    """
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# ---------------------------------------------------------------------------------- worker


Job = tuple[str, str, str | None, "Selection | None"]
"""(text, the label its errors cite, ``--form``, the rule selection: None for every rule)."""

CHUNK = 32
"""Consecutive revisions one worker audits in a row. A worker remembers what its revisions read
(``history_reuse.Reuse``), and the next revision mostly differs in one cell, so a longer run
reuses more; the first revision of a chunk pays for the tables changed since the worker's last
one. Shorter runs spread the last revisions of a walk more evenly over the workers."""


def _job(revision: Revision, form: str | None, selection: Selection | None) -> Job:
    """What a worker audits: the text, the label its errors cite, ``--form`` and the rules."""
    return (revision.text, revision.url or f"revision {revision.revid}", form, selection)


def audit_text(job: Job, reuse: Reuse | None = None) -> Outcome:
    """Audit one revision's text, reusing what ``reuse`` holds from the revisions before it."""
    from wikiaudit.history_reuse import Reuse, findings

    text, source, form, selection = job
    try:
        found = findings(text, source, form, reuse or Reuse(), selection)
    except InputError as error:
        return Outcome(error=str(error))
    except Exception as error:  # one odd old revision must not end a long walk
        return Outcome(error=f"internal error: {type(error).__name__}: {error}", internal=True)
    from wikiaudit.validators.catalog import BY_CODE

    return Outcome(
        tuple(
            Seen(f.rule, f.table, f.row, f.column, f.severity.value, f.message, f.line)
            for f in found
            # how each table was read is not something a revision introduces or fixes
            if f.rule not in BY_CODE or BY_CODE[f.rule].family != "readings"
        )
    )


_WORKER_REUSE: Reuse | None = None
"""A pool worker's memory of its revisions. A worker process belongs to one walk (the pool is
made and shut down by ``walk``), and state kept between the tasks of a process can only live in
the process: this is it, made by the pool's initializer, never set in the walking process."""


def audit_chunk(jobs: list[Job], reuse: Reuse | None = None) -> list[Outcome]:
    """Audit consecutive revisions in order; module-level so a process pool can pickle it."""
    reuse = reuse or _WORKER_REUSE
    return [audit_text(job, reuse) for job in jobs]


def usable_cpus() -> int:
    """CPUs the scheduler lets this process use (a container or ``taskset`` may allow fewer)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not every platform has sched_getaffinity
        return max(1, os.cpu_count() or 1)


def _warm() -> None:
    """Pay the audit's imports (pandas and pandera included, which the audit imports only when
    it first validates a frame) before the workers fork, so they inherit them instead of each
    importing them again."""
    import pandas  # noqa: F401
    import pandera.pandas  # noqa: F401

    import wikiaudit.history_reuse
    import wikiaudit.validators.engine  # noqa: F401


def _start_worker() -> None:
    """A pool worker: its memory of the walk's revisions, and the cyclic collector paused as
    the CLI pauses it for its own process (``scraper.gcpause``); the walking process keeps its
    caller's collector settings."""
    import gc

    global _WORKER_REUSE
    _warm()
    gc.disable()
    from wikiaudit.history_reuse import Reuse

    _WORKER_REUSE = Reuse()


class _Inline:
    """An executor that runs each job on submit: ``--jobs 1`` needs no extra process."""

    def __init__(self) -> None:
        from wikiaudit.history_reuse import Reuse

        self.reuse = Reuse()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args, self.reuse))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        return None


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where a text's outcome will be: its place in the outcomes of the chunk it went with."""

    future: Future[list[Outcome]]
    index: int = 0

    def result(self) -> Outcome:
        return self.future.result()[self.index]


# ------------------------------------------------------------------------------------ walk


def walk(
    revisions: Iterable[Revision],
    *,
    title: str | None = None,
    source: str = "",
    jobs: int | None = None,
    form: str | None = None,
    on_progress: Callable[[int], None] | None = None,
    prior: Prior | None = None,
    selection: Selection | None = None,
) -> History:
    """Audit every revision (once per distinct text) and compute the blame.

    ``prior``: revisions an earlier run walked (``--db``), replayed before ``revisions``
    without an audit, their outcomes reused for equal texts, so the blame is that of one walk.

    ``selection``: the rules to report and their severities, applied in each audit as ``audit``
    applies them (before the article's notes are matched); None reports every rule.

    ``jobs`` is clamped to the CPUs this process may run on: more processes than that only
    add memory and start-up time (``--jobs 64`` on two cores once started 65 processes).
    Revisions go to the workers in chunks of consecutive ones (``CHUNK``), so each worker
    reuses what the revision before read.
    """
    jobs = max(1, min(jobs or usable_cpus(), usable_cpus()))
    tracker = _Tracker(History(title, source))
    cache: dict[str, _Slot] = {}
    audited_revid: dict[str, int] = {}
    last: Revision | None = None
    if prior is not None and prior.steps:
        for info, digest in prior.steps:
            if digest not in cache:
                cache[digest] = _done(prior.outcomes[digest])
                audited_revid[digest] = info.revid
        tracker.apply([(info, digest, None) for info, digest in prior.steps], cache, None)
        tracker.history.stored = len(prior.steps)
    executor: Any
    if jobs == 1:
        executor = _Inline()
    else:
        _warm()  # forked workers inherit the imports
        executor = ProcessPoolExecutor(jobs, initializer=_start_worker)
    pending: list[tuple[RevInfo, str, str | None]] = []
    try:
        for batch in _batched(revisions, CHUNK * jobs):
            items = []
            chunk: list[tuple[str, Job]] = []
            for revision in batch:
                digest = table_hash(revision.text)
                if digest not in cache:
                    audited_revid[digest] = revision.revid
                    refused = _refused(revision)
                    if refused is not None:
                        cache[digest] = refused
                    else:
                        cache[digest] = _Slot(_PLACEHOLDER, len(chunk))
                        chunk.append((digest, _job(revision, form, selection)))
                        if len(chunk) == CHUNK:
                            _submit(executor, chunk, cache)
                            chunk = []
                items.append((RevInfo.of(revision), digest, revision.title))
                last = revision
            if chunk:
                _submit(executor, chunk, cache)
            # Keep one batch in flight: workers audit it while the next one is read.
            tracker.apply(pending, cache, on_progress)
            pending = items
        tracker.apply(pending, cache, on_progress)
    finally:
        executor.shutdown(cancel_futures=True)
    history = tracker.finish()
    if history.walked == 0:
        raise InputError(f"{source or title}: no revisions to audit")
    if tracker.stepped == 0:
        _none_audited(history, cache)
    history.audited = len(audited_revid)
    history.skipped = history.walked - history.audited
    history.outcomes = {digest: slot.result() for digest, slot in cache.items()}
    if last is not None and audited_revid.get(history.steps[-1][1]) != last.revid:
        # The newest revision reused an older audit: re-audit it so lines are its own.
        tracker.refresh(audit_text(_job(last, form, selection)))
    return history


def _done(outcome: Outcome) -> _Slot:
    future: Future[list[Outcome]] = Future()
    future.set_result([outcome])
    return _Slot(future)


_PLACEHOLDER: Future[list[Outcome]] = Future()
"""Stands for a chunk's future until the chunk is full and submitted (``_submit``)."""


def _submit(executor: Any, chunk: list[tuple[str, Job]], cache: dict[str, _Slot]) -> None:
    """Send consecutive new texts to one worker; their slots then point at its answer."""
    future = executor.submit(audit_chunk, [job for _, job in chunk])
    for index, (digest, _) in enumerate(chunk):
        cache[digest] = _Slot(future, index)


def _refused(revision: Revision) -> _Slot | None:
    """A revision over the size limit is refused without copying it to a worker.

    A character is at least one byte, so more characters than the limit is over it for certain;
    texts near the limit are measured exactly by the worker's ``parse_text``.
    """
    from wikiaudit.pipeline import Limits

    limit = Limits().max_bytes
    if len(revision.text) <= limit:
        return None
    label = revision.url or f"revision {revision.revid}"
    return _done(Outcome(error=f"{label}: over the {limit:,}-byte input limit"))


def _none_audited(history: History, cache: dict[str, _Slot]) -> None:
    """A blame with no audited revision would read as "no findings": refuse it instead."""
    outcomes = [slot.result() for slot in cache.values()]
    internal = next((o for o in outcomes if o.internal), None)
    if internal is not None:
        raise RuntimeError(f"no revision could be audited: {internal.error}")
    reason = history.unauditable[0][1] if history.unauditable else "unknown reason"
    raise InputError(f"none of the {history.walked} revisions could be audited ({reason})")


def _batched(items: Iterable[Revision], size: int) -> Iterator[list[Revision]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Tracker:
    """Open runs per key, updated one revision at a time in order."""

    def __init__(self, history: History) -> None:
        self.history = history
        self.open: dict[Key, list[Run]] = {}
        self.order: tuple[Seen, ...] = ()
        self.previous: str | None = None
        self.stepped = 0

    def apply(
        self,
        items: list[tuple[RevInfo, str, str | None]],
        cache: dict[str, _Slot],
        on_progress: Callable[[int], None] | None,
    ) -> None:
        """Step through revisions in order: (revision, its text's digest, the page's title)."""
        for info, digest, title in items:
            history = self.history
            history.walked += 1
            history.steps.append((info, digest))
            history.title = history.title or title or None
            history.first = history.first or info
            history.last = info
            if digest != self.previous:
                outcome = cache[digest].result()
                if outcome.error is not None:
                    history.unauditable.append((info, outcome.error))
                else:
                    history.first_audited = history.first_audited or info
                    self._step(info, outcome.findings)
                    self.previous = digest
                    self.stepped += 1
            if on_progress is not None:
                on_progress(history.walked)

    def _step(self, info: RevInfo, findings: tuple[Seen, ...]) -> None:
        grouped = _by_key(findings)
        # open runs in the order they opened, then new keys in report order: not a set, whose
        # order changes with the process's string hashing (runs fixed together kept no order)
        for key in [*self.open, *(key for key in grouped if key not in self.open)]:
            runs = self.open.get(key, [])
            now = grouped.get(key, [])
            for index, seen in enumerate(now):
                if index < len(runs):
                    runs[index].finding = seen
                else:
                    runs.append(Run(seen, info))
            while len(runs) > len(now):
                run = runs.pop()
                run.fixed = info
                self.history.fixed.append(run)
            if runs:
                self.open[key] = runs
            else:
                self.open.pop(key, None)
        self.order = findings

    def refresh(self, outcome: Outcome) -> None:
        """Swap in the newest revision's own findings (same keys, its own lines)."""
        if outcome.error is not None:
            return
        grouped = _by_key(outcome.findings)
        for key, runs in self.open.items():
            for run, seen in zip(runs, grouped.get(key, []), strict=False):
                run.finding = seen
        self.history.current = self._current(outcome.findings)

    def finish(self) -> History:
        self.history.current = self._current(self.order)
        return self.history

    def _current(self, order: tuple[Seen, ...]) -> list[Run]:
        taken: dict[Key, int] = {}
        out = []
        for seen in order:
            index = taken.get(seen.key, 0)
            runs = self.open.get(seen.key, [])
            if index < len(runs):
                out.append(runs[index])
                taken[seen.key] = index + 1
        return out


def _by_key(findings: tuple[Seen, ...]) -> dict[Key, list[Seen]]:
    """Findings per key, in report order: the n-th finding of a key continues the n-th run."""
    grouped: dict[Key, list[Seen]] = {}
    for seen in findings:
        grouped.setdefault(seen.key, []).append(seen)
    return grouped


# --------------------------------------------------------------------------------- reports


def history_dict(history: History) -> dict[str, Any]:
    def finding(run: Run) -> dict[str, Any]:
        f = run.finding
        return {
            "rule": f.rule,
            "severity": f.severity,
            "table": f.table,
            "row": f.row,
            "column": f.column,
            "message": f.message,
            "line": f.line,
            "introduced": run.introduced.as_dict(),
            "introduced_at_or_before": history.at_or_before(run),
        }

    return {
        "title": history.title,
        "source": history.source,
        "revisions": {
            "walked": history.walked,
            "audited": history.audited,
            "skipped_unchanged": history.skipped,
            "unauditable": [
                {**info.as_dict(), "reason": reason} for info, reason in history.unauditable
            ],
            "from_store": history.stored,
            "first": history.first.as_dict() if history.first else None,
            "last": history.last.as_dict() if history.last else None,
            "from_creation": history.from_creation,
        },
        "current": [finding(run) for run in history.current],
        "fixed": [
            {**finding(run), "fixed": run.fixed.as_dict() if run.fixed else None}
            for run in history.fixed
        ],
    }


def render_history(history: History, fmt: str) -> str:
    if fmt == "json":
        from wikiaudit.reports.safe_text import terminal_safe_json

        dumped = json.dumps(history_dict(history), indent=2, ensure_ascii=False)
        return terminal_safe_json(dumped) + "\n"
    if fmt != "text":
        raise InputError(f"history reports as text or json, not {fmt}")
    return _text(history)


def _rev(info: RevInfo) -> str:
    """User names come from the wiki: escaped like any article text (``reports.safe_text``)."""
    from wikiaudit.reports.safe_text import shown

    user = shown(info.user) or "(hidden user)"
    return f"revision {info.revid} ({shown(info.timestamp)}, {user})"


def _text(history: History) -> str:
    from wikiaudit.reports.safe_text import SENTENCE_CHARS, shown

    first, last = history.first, history.last
    span = f"{shown(first.timestamp)} .. {shown(last.timestamp)}" if first and last else ""
    name = shown(history.title or history.source)
    out = [
        f"history of {name}: {history.walked} revisions {span}",
        f"{history.audited} audited, {history.skipped} skipped (text seen before), "
        f"{len(history.unauditable)} unauditable"
        + (f"; {history.stored} walked by an earlier run (--db)" if history.stored else ""),
        "",
        f"Current findings ({len(history.current)}):",
    ]
    for run in history.current:
        out.extend(finding_lines(run.finding))
        mark = "at or before " if history.at_or_before(run) else ""
        out.append(
            f"          introduced {mark}by {_rev(run.introduced)} {shown(run.introduced.url)}"
        )
    out.append("")
    out.append(f"Fixed findings ({len(history.fixed)}):")
    for run in history.fixed:
        out.extend(finding_lines(run.finding))
        mark = "at or before " if history.at_or_before(run) else ""
        out.append(f"          introduced {mark}by {_rev(run.introduced)}")
        if run.fixed is not None:
            out.append(f"          fixed by {_rev(run.fixed)} {shown(run.fixed.url)}")
    if history.unauditable:
        out.append("")
        out.append("Unauditable revisions (runs carried over them):")
        out.extend(
            f"  {_rev(info)}: {shown(reason, SENTENCE_CHARS)}"
            for info, reason in history.unauditable
        )
    return "\n".join(out) + "\n"
