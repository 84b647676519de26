"""``audit history``: which revision introduced each current finding, and which fixed the rest.

The walk itself is ``wikiaudit.history``; this module reads the command line and wires the
revisions (a live wiki or an XML dump) to it.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from contextlib import ExitStack
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING

from wikiaudit.cli import (
    FORMAT_NAMES,
    Parser,
    UsageError,
    check_outputs,
    common_options,
    emit,
    selection_options,
    settings,
    status,
)

if TYPE_CHECKING:
    from wikiaudit.config import Selection
    from wikiaudit.history_store import HistoryStore, Prior
    from wikiaudit.scraper.mediawiki import Revision

HISTORY_FORMATS = FORMAT_NAMES
"""The formats of ``--compare`` (``reports.changes.FORMATS``): every format ``audit`` has,
named without importing a report module (``audit history --help`` stays light)."""


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="audit history",
        description=(
            "Walk an article's revisions oldest to newest and report, for each current finding, "
            "the revision that introduced it, and for fixed findings the revision that fixed them."
        ),
    )
    parser.add_argument("url", nargs="?", help="article URL (instead of --wiki/--title)")
    common_options(parser, HISTORY_FORMATS)
    parser.set_defaults(fail_on=None)  # None: the config file's fail-on, else "error"
    parser.add_argument("--dump", type=Path, help="read revisions from a MediaWiki XML dump")
    parser.add_argument("--since", help="start at this date (ISO, e.g. 2012-06-01)")
    parser.add_argument("--limit", type=int, help="walk at most N revisions (N new with --db)")
    parser.add_argument(
        "--jobs", type=int, default=None, help="audit processes (default: all cores)"
    )
    parser.add_argument(
        "--db",
        type=Path,
        help=(
            "keep the walk in this SQLite store and, when it holds one for the page, walk only "
            "the revisions after it (--since then applies only to a first walk)"
        ),
    )
    selection_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    from wikiaudit.history import walk
    from wikiaudit.live import Progress
    from wikiaudit.reports.changes import render_history

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    selection = settings(args)  # the config file and --select/--ignore/--severity/--fail-on
    check_outputs([("--output", args.output)], [p for p in (args.dump, args.db) if p])
    if args.db and args.output and os.path.realpath(args.db) == os.path.realpath(args.output):
        raise UsageError("--output must not be the --db store")  # a store not made yet
    with ExitStack() as stack:
        kept = None
        if args.db is None:
            revisions, title, label = _history_source(args, _since(args), args.limit)
            prior = None
        else:
            from wikiaudit.history_store import HistoryStore
            from wikiaudit.store import Store

            kept = HistoryStore(stack.enter_context(Store(args.db)))
            revisions, title, label, prior = _resumed(args, kept, selection)
        with Progress("auditing revisions") as progress:
            history = walk(
                revisions,
                title=title,
                source=label,
                jobs=args.jobs,
                form=args.form,
                on_progress=progress.update,
                prior=prior,
                selection=selection,
            )
        if kept is not None and title is not None and prior is not None:
            kept.save(title, args.form, history, prior, selection)
    emit(render_history(history, args.format, fail_on=args.fail_on), args.output)
    return status(args, (run.finding for run in history.current))


def _since(args: argparse.Namespace) -> datetime | None:
    from wikiaudit.live import parse_since

    return parse_since(args.since) if args.since else None


def _history_source(
    args: argparse.Namespace, since: datetime | None, limit: int | None
) -> tuple[Iterable[Revision], str | None, str]:
    """The revisions to walk (oldest first), the article title and a label for reports."""
    from wikiaudit.live import history_revisions, resolve
    from wikiaudit.pipeline import Remote

    if args.dump is not None:
        if args.url or args.wiki:
            raise UsageError("--dump reads revisions from the file; give no URL or --wiki")
        revisions = history_revisions(args.dump, args.title, since=since, limit=limit)
        return revisions, args.title, str(args.dump)
    if args.url and (args.wiki or args.title):
        raise UsageError("give either an article URL or --wiki/--title, not both")
    if not args.url and not (args.wiki and args.title):
        raise UsageError("give --wiki and --title, an article URL, or --dump FILE")
    client, title, revision = resolve(Remote(wiki=args.wiki, title=args.title, url=args.url))
    if title is None or revision is not None:
        raise UsageError("history walks an article; give its title, not a revision")
    revisions = history_revisions(client, title, since=since, limit=limit)
    return revisions, title, f"{client.api_url} {title!r}"


def _resumed(
    args: argparse.Namespace, kept: HistoryStore, selection: Selection
) -> tuple[Iterable[Revision], str | None, str, Prior]:
    """``--db``: the page's stored walk, and only the revisions after it.

    A walk is stored under its page's title (``--title`` as the wiki spells titles, or the one
    page of a dump). With a stored walk, revisions are asked for from the time of its last one
    on (several may share a second: the stored ones are passed over), ``--limit`` counts new
    revisions, and ``--since`` is not used: the stored walk says where the walk began.
    """
    from wikiaudit.history_store import Prior
    from wikiaudit.scraper.mediawiki_urls import normalize_title

    revisions, title, label = _history_source(args, _since(args), args.limit)  # not read yet
    if title is None:  # a dump's one page: its title comes with its first revision
        iterator = iter(revisions)
        first = next(iterator, None)
        if first is None:
            return [], None, label, Prior([], {})
        revisions, title = chain([first], iterator), first.title
    title = normalize_title(title)
    prior = kept.load(title, args.form, selection)
    if not prior.steps:
        return revisions, title, label, prior
    since = datetime.fromisoformat(prior.steps[-1][0].timestamp.replace("Z", "+00:00"))
    later, _, label = _history_source(args, since, None)
    new = (r for r in later if prior.is_new(r.revid, r.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")))
    return (new if args.limit is None else islice(new, args.limit)), title, label, prior
