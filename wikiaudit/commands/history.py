"""``audit history``: which revision introduced each current finding, and which fixed the rest.

The walk itself is ``wikiaudit.history``; this module reads the command line and wires the
revisions (a live wiki or an XML dump) to it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from wikiaudit.cli import (
    Parser,
    UsageError,
    check_outputs,
    common_options,
    emit,
    status,
)

HISTORY_FORMATS = ("text", "json", "markdown", "html", "sarif", "junit", "github")
"""The formats of ``--compare`` (``reports.changes.FORMATS``), written out so that
``audit history --help`` imports no report module."""


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
    parser.add_argument("--dump", type=Path, help="read revisions from a MediaWiki XML dump")
    parser.add_argument("--since", help="start at this date (ISO, e.g. 2012-06-01)")
    parser.add_argument("--limit", type=int, help="walk at most N revisions")
    parser.add_argument(
        "--jobs", type=int, default=None, help="audit processes (default: all cores)"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    from wikiaudit.history import walk
    from wikiaudit.live import Progress
    from wikiaudit.reports.changes import render_history

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    check_outputs([("--output", args.output)], [args.dump] if args.dump else [])
    revisions, title, label = _history_source(args)
    with Progress("auditing revisions") as progress:
        history = walk(
            revisions,
            title=title,
            source=label,
            jobs=args.jobs,
            form=args.form,
            on_progress=progress.update,
        )
    emit(render_history(history, args.format, fail_on=args.fail_on), args.output)
    return status(args, (run.finding for run in history.current))


def _history_source(args: argparse.Namespace) -> tuple[Any, str | None, str]:
    """The revisions to walk (oldest first), the article title and a label for reports."""
    from wikiaudit.live import history_revisions, parse_since, resolve
    from wikiaudit.pipeline import Remote

    since = parse_since(args.since) if args.since else None
    if args.dump is not None:
        if args.url or args.wiki:
            raise UsageError("--dump reads revisions from the file; give no URL or --wiki")
        revisions = history_revisions(args.dump, args.title, since=since, limit=args.limit)
        return revisions, args.title, str(args.dump)
    if args.url and (args.wiki or args.title):
        raise UsageError("give either an article URL or --wiki/--title, not both")
    if not args.url and not (args.wiki and args.title):
        raise UsageError("give --wiki and --title, an article URL, or --dump FILE")
    client, title, revision = resolve(Remote(wiki=args.wiki, title=args.title, url=args.url))
    if title is None or revision is not None:
        raise UsageError("history walks an article; give its title, not a revision")
    revisions = history_revisions(client, title, since=since, limit=args.limit)
    return revisions, title, f"{client.api_url} {title!r}"
