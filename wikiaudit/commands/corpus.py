"""``audit corpus``: audit every season article of MediaWiki XML dumps into a SQLite store.

The work is ``wikiaudit.corpus`` (cutting dumps into batches, Dask, the store); this module
reads the command line, checks everything it can before a cluster is started, and prints what
the run did.

Exit status: 0 when the run finished (pages that could not be audited are stored as
``failed``, not counted against it), 2 for an input error (a missing dump, a bad
``--scheduler``, a file that is not a store, a dump whose XML breaks off: the pages stored
until then are kept, so a rerun carries on), 3 internal error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from wikiaudit.cli import Parser, UsageError, _limit, emit

if TYPE_CHECKING:
    from wikiaudit.corpus import Totals


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="audit corpus",
        description=(
            "Audit every season article of MediaWiki XML dumps (plain, .bz2 or .gz; with or "
            "without history: the latest revision of each page) on Dask, and store each page's "
            "counts and findings in a SQLite file. A rerun audits only pages changed since."
        ),
        epilog=(
            "A *-multistream.xml.bz2 dump with its *-multistream-index.txt.bz2 beside it is "
            "read by the workers, stream by stream. Then see 'audit worklist --db FILE'. "
            "Exit status: 0 done, 2 input error, 3 internal error, 130 interrupted."
        ),
    )
    parser.add_argument("dumps", nargs="+", type=Path, metavar="DUMP", help="XML dump files")
    parser.add_argument(
        "--db", type=Path, required=True, metavar="FILE", help="the SQLite store (created if new)"
    )
    parser.add_argument(
        "--titles", metavar="REGEX", help="audit only titles this regular expression matches"
    )
    parser.add_argument(
        "--workers",
        type=_limit,
        metavar="N",
        help="worker processes of the local Dask cluster (default: the usable cores)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="use the Dask scheduler at ADDRESS (tcp://host:8786) instead of a local cluster",
    )
    parser.add_argument(
        "--ship-pages",
        action="store_true",
        help="read a multistream dump here and ship pages to the workers (workers that "
        "cannot see the dump file)",
    )
    parser.add_argument(
        "--max-bytes", type=_limit, metavar="N", help="a page's size limit (as for audit)"
    )
    parser.add_argument(
        "--max-tables", type=_limit, metavar="N", help="a page's table limit (as for audit)"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    from wikiaudit.corpus import CorpusRun, known_pages
    from wikiaudit.corpus_cluster import check_scheduler, dask_client, usable_cpus
    from wikiaudit.corpus_select import Selection
    from wikiaudit.live import Progress
    from wikiaudit.multistream import index_beside
    from wikiaudit.pipeline import Limits
    from wikiaudit.scraper.files import open_regular
    from wikiaudit.store import Store

    # The CLI pauses the cyclic garbage collector for an audit's short life; a corpus run
    # lasts hours, and Dask's client (futures, callbacks, tracebacks) does make cycles.
    gc.enable()
    if args.scheduler is not None and args.workers is not None:
        raise UsageError("--workers sizes the local cluster; a --scheduler has its own workers")
    titles = _titles(args.titles)
    for dump in args.dumps:  # every dump readable before a cluster is started
        open_regular(dump, "cannot read dump").close()
    inputs = [*args.dumps, *(i for d in args.dumps if (i := index_beside(d)) is not None)]
    _check_store_path(args.db, inputs)
    if args.scheduler is not None:
        check_scheduler(args.scheduler)  # before the store file is created
    given = {"max_bytes": args.max_bytes, "max_tables": args.max_tables}
    limits = Limits(**{name: value for name, value in given.items() if value is not None})

    with Store(args.db) as store:
        selection = Selection(titles, known_pages(store))
        with (
            dask_client(args.scheduler, args.workers or usable_cpus()) as client,
            Progress("storing audited pages") as progress,
        ):
            corpus = CorpusRun(client, store, selection, limits=limits, on_progress=progress.update)
            totals = corpus.run(list(args.dumps), ship_pages=args.ship_pages)
    emit(summary(totals, args), None)
    return 0


def _check_store_path(db: Path, inputs: list[Path]) -> None:
    """The store is a regular file (or new, its folder created) and none of the dumps."""
    from wikiaudit.scraper.errors import InputError
    from wikiaudit.scraper.files import check_output_target, os_reason

    check_output_target(db, "--db")
    for source in inputs:
        with suppress(OSError):
            if os.path.samefile(db, source):
                raise InputError(f"--db {db} is {source}, a dump this run reads")
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"--db {db}: {os_reason(error)}") from None


def _titles(pattern: str | None) -> re.Pattern[str] | None:
    if pattern is None:
        return None
    try:
        return re.compile(pattern)
    except re.error as error:
        raise UsageError(f"--titles {pattern!r} is not a regular expression: {error}") from None


def summary(totals: Totals, args: argparse.Namespace) -> str:
    """What the run did, in a few aligned lines (counts of pages)."""
    from wikiaudit.reports.safe_text import printable

    decided, stored = totals.decisions, totals.stored
    dumps = len(args.dumps)
    rate = stored["audited"] / totals.seconds if totals.seconds else 0.0
    rows = [
        ("audited", stored["audited"], f"{totals.with_errors:,} with errors, {rate:.1f}/s"),
        ("unchecked", stored["unchecked"], "no season table could be read"),
        ("failed", stored["failed"], "could not be audited: the store says why"),
        ("unchanged", decided["UNCHANGED"], "stored at this revision already"),
        ("skipped", decided["NOT_SEASON"], "no wikitable with a total or points column"),
    ]
    if args.titles is not None:
        rows.append(("filtered", decided["FILTERED"], "not matched by --titles"))
    width = max(len(f"{count:,}") for _, count, _ in rows)
    lines = [
        f"audit corpus: {decided['read']:,} articles read from {dumps} "
        f"{'dump' if dumps == 1 else 'dumps'} in {totals.seconds:.1f} s"
    ]
    lines += [f"  {name:<9} {count:>{width},}  ({why})" for name, count, why in rows]
    db = printable(str(args.db))
    lines.append(f"stored in {db}; the worklist: audit worklist --db {db}")
    return "\n".join(lines) + "\n"
