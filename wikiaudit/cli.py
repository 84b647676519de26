"""The ``audit`` command: argument parsing and exit statuses, nothing else.

Exit status: 0 when no finding reaches ``--fail-on``, 1 when one does, 2 for usage and input
errors (always a single line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from wikiaudit import __version__

SEVERITIES = ("error", "warning", "info", "never")
FORMAT_NAMES = ("text", "json", "markdown", "html", "sarif", "junit")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="audit",
        description="Audit the tables of a Wikipedia season article for internal consistency.",
        epilog="Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.",
    )
    parser.add_argument("source", nargs="?", help="article file (flattened text, wikitext, HTML)")
    parser.add_argument("-f", "--format", choices=FORMAT_NAMES, default="text")
    parser.add_argument("-o", "--output", type=Path, help="write the report here, not stdout")
    parser.add_argument(
        "--fail-on", choices=SEVERITIES, default="error",
        help="lowest severity that makes the exit status 1 (default: error)",
    )
    parser.add_argument(
        "--form", choices=("text", "wikitext", "html"), help="input form (default: detected)"
    )
    parser.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024, help="input size limit")
    parser.add_argument("--max-tables", type=int, default=500, help="table count limit")
    parser.add_argument("--color", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--version", action="version", version=f"wikiaudit {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.source is None:
        parser.error("give an article file to audit")
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("audit: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: one line, never a traceback
        from scraper.errors import InputError

        if isinstance(error, InputError):
            print(f"audit: error: {error}", file=sys.stderr)
            return 2
        if os.environ.get("WIKIAUDIT_DEBUG"):
            raise
        print(
            f"audit: internal error: {type(error).__name__}: {error} "
            "(set WIKIAUDIT_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return 3


def _run(args: argparse.Namespace) -> int:
    from validators.findings import Severity
    from wikiaudit.pipeline import Limits, audit_document, load_file

    limits = Limits(max_bytes=args.max_bytes, max_tables=args.max_tables)
    document = load_file(Path(args.source), form=args.form, limits=limits)
    result = audit_document(document)
    _emit(_render(result, args), args.output)
    if args.fail_on == "never":
        return 0
    return 1 if result.fails(Severity(args.fail_on)) else 0


def _render(result, args: argparse.Namespace) -> str:
    if args.format == "text":
        from reports.text import render

        color = args.color if args.color is not None else (args.output is None and sys.stdout.isatty())
        return render(result, color=color)
    import reports

    return reports.render(result, args.format)


def _emit(report: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(report)
        return
    from scraper.errors import InputError

    try:
        output.write_text(report, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write {output}: {error.strerror}") from None


if __name__ == "__main__":
    sys.exit(main())
