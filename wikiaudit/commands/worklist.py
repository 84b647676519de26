"""``audit worklist``: the pages of a store ranked by what needs fixing, with their worst findings.

The ranking and formats are ``wikiaudit.worklist``; this module reads the command line. The
store is opened read-only: a worklist never creates or changes it, so it can be made while
``audit corpus`` is still writing.

Exit status: 0 written, 2 for an input error (no such store, a file that is not one, an output
that cannot be written), 3 internal error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from wikiaudit.cli import Parser, UsageError, check_outputs, emit


def build_parser() -> argparse.ArgumentParser:
    from wikiaudit.worklist import DEFAULT_LINK_BASE, FORMATS, WORST

    parser = Parser(
        prog="audit worklist",
        description=(
            "List the pages of an 'audit corpus' store ranked by errors, then warnings, each "
            "with its counts, its worst findings and a link to its report."
        ),
        epilog="Exit status: 0 written, 2 input error, 3 internal error.",
    )
    parser.add_argument(
        "--db", type=Path, required=True, metavar="FILE", help="the store 'audit corpus' wrote"
    )
    parser.add_argument("-f", "--format", choices=FORMATS, default="text")
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write the worklist here, not stdout"
    )
    parser.add_argument(
        "--link-base",
        default=DEFAULT_LINK_BASE,
        metavar="URL",
        help=f"each page links to URL + its title, percent-encoded (default: {DEFAULT_LINK_BASE})",
    )
    parser.add_argument(
        "--worst",
        type=int,
        default=WORST,
        metavar="N",
        help=f"errors and warnings shown per page (default: {WORST})",
    )
    parser.add_argument(
        "--all",
        action="store_true",
        dest="everything",
        help="list every stored page, clean, unchecked and failed ones too",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    from wikiaudit.store import Store
    from wikiaudit.worklist import collect, render

    if args.worst < 0:
        raise UsageError("--worst must be 0 or more")
    check_outputs([("--output", args.output)], [args.db])
    with Store(args.db, readonly=True) as store:
        worklist = collect(
            store, link_base=args.link_base, worst=args.worst, everything=args.everything
        )
    emit(render(worklist, args.format), args.output)
    return 0
