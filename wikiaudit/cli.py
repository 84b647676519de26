"""The ``audit`` command: argument parsing and exit statuses, nothing else.

Exit status: 0 when no finding reaches ``--fail-on``, 1 when one does, 2 for usage and input
errors (always a single line on stderr, never a traceback), 3 for an internal error (a bug),
130 when interrupted. A reader that closes the pipe early (``audit X | head``) does not change
the status and prints nothing more.

``audit --help`` runs in every pre-commit hook and CI loop, so this module imports only the
standard library at the top; the pipeline, the reports, requests and rich are imported inside the
functions that need them.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from wikiaudit import __version__

if TYPE_CHECKING:
    from collections.abc import Iterable

    from wikiaudit.ci import Reported
    from wikiaudit.pipeline import Limits, Source
    from wikiaudit.validators.audit import AuditResult

SEVERITIES = ("error", "warning", "info", "never")
FORMAT_NAMES = ("text", "json", "markdown", "html", "sarif", "junit")


class UsageError(Exception):
    """A combination of options that cannot work; reported like argparse's own errors."""


def _revision_id(text: str) -> int:
    """``--revision``: a positive whole number (0 is no revision, not "the latest")."""
    if not (text.isascii() and text.isdigit()) or len(text) > 18 or int(text) == 0:
        raise argparse.ArgumentTypeError(f"must be a positive revision id, got {text!r}")
    return int(text)


def _limit(text: str) -> int:
    """``--max-bytes``/``--max-tables``: a positive whole number of sensible size."""
    if not (text.isascii() and text.isdigit()) or len(text) > 18 or int(text) == 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {text!r}")
    return int(text)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the contract of exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def common_options(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    parser.add_argument("-f", "--format", choices=formats, default="text")
    parser.add_argument("-o", "--output", type=Path, help="write the report here, not stdout")
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="error",
        help="lowest severity that makes the exit status 1 (default: error)",
    )
    parser.add_argument(
        "--form", choices=("text", "wikitext", "html"), help="input form (default: detected)"
    )
    parser.add_argument("--wiki", help="wiki address, e.g. https://en.wikipedia.org")
    parser.add_argument("--title", help="article title on --wiki")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="audit",
        description="Audit the tables of a Wikipedia season article for internal consistency.",
        epilog=(
            "Also: 'audit history --help' (which revision introduced each finding). "
            "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, "
            "3 internal error, 130 interrupted."
        ),
    )
    parser.add_argument(
        "source",
        nargs="?",
        help="article file (flattened text, wikitext, HTML) or article/revision URL",
    )
    common_options(parser, FORMAT_NAMES)
    parser.add_argument("--revision", type=_revision_id, help="exact revision id on --wiki")
    # No defaults here: pipeline.Limits owns them (see _limits).
    parser.add_argument("--max-bytes", type=_limit, help="input size limit")
    parser.add_argument("--max-tables", type=_limit, help="table count limit")
    parser.add_argument(
        "--rules", type=Path, help="TOML scoring for articles without a points table"
    )
    parser.add_argument("--color", action=argparse.BooleanOptionalAction, default=None)
    ci = parser.add_argument_group("CI")
    ci.add_argument("--baseline", type=Path, help="accept the findings listed in this file")
    ci.add_argument("--write-baseline", type=Path, help="write the findings as a baseline file")
    ci.add_argument(
        "--compare",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="report findings NEW introduced and fixed (files, URLs or revision ids with --wiki)",
    )
    fix = parser.add_argument_group("fixes")
    fix.add_argument(
        "--fix",
        action="store_true",
        help="rewrite values whose correction is certain; prints a diff, writes to --output",
    )
    fix.add_argument("--in-place", action="store_true", help="with --fix: rewrite the file itself")
    parser.add_argument("--version", action="version", version=f"wikiaudit {__version__}")
    return parser


SUBCOMMANDS: dict[str, str] = {
    "history": "wikiaudit.commands.history",
    "serve": "wikiaudit.commands.serve",
    "corpus": "wikiaudit.commands.corpus",
    "worklist": "wikiaudit.commands.worklist",
}
"""``audit NAME ...``: each subcommand's module has ``build_parser()`` and ``run(args)``; this
module keeps what they share (the exit statuses, one-line errors, writing outputs)."""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = SUBCOMMANDS.get(argv[0]) if argv else None
    if command is not None:
        from importlib import import_module

        module = import_module(command)
        parser, run = module.build_parser(), module.run
        argv = argv[1:]
    else:
        parser, run = build_parser(), _run
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version and usage errors: already printed
        return done.code if isinstance(done.code, int) else 2
    from wikiaudit.scraper.gcpause import cyclic_gc_paused

    try:
        # The objects an audit allocates hold no cycles: the cyclic collector is paused for the
        # one command this process runs (a library caller keeps its own collector settings).
        with cyclic_gc_paused():
            return run(args)
    except UsageError as error:
        _say(f"{parser.prog}: error: {_one_line(error)} (see {parser.prog} --help)")
        return 2
    except KeyboardInterrupt:
        _say("audit: interrupted")
        return 130
    except Exception as error:  # the last line of defence: one line, never a traceback
        from wikiaudit.scraper.errors import InputError

        if isinstance(error, InputError):
            _say(f"audit: error: {_one_line(error)}")
            return 2
        if os.environ.get("WIKIAUDIT_DEBUG"):
            raise
        _say(
            f"audit: internal error: {type(error).__name__}: {_one_line(error)} "
            "(set WIKIAUDIT_DEBUG=1 for a traceback)"
        )
        return 3


def _one_line(error: BaseException) -> str:
    """The message on one line, with control characters from file names or titles escaped."""
    from wikiaudit.reports.safe_text import printable

    return printable(" ".join(str(error).split()))


def _say(line: str) -> None:
    """One line on stderr; a closed stderr is not worth a traceback."""
    with suppress(OSError, ValueError):
        print(line, file=sys.stderr)


def _stdout(text: str) -> None:
    """Write to stdout; a reader that went away (``| head``) ends the output quietly.

    The pipe's end is replaced by ``/dev/null`` so that the flush at exit cannot fail again
    (which Python reports as "Exception ignored"); the exit status stays the audit's.
    """
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except UnicodeEncodeError:  # a terminal that cannot show every character
        encoding = sys.stdout.encoding or "ascii"
        _stdout(text.encode(encoding, "backslashreplace").decode(encoding))


def _silence_stdout() -> None:
    with suppress(OSError, ValueError, AttributeError):  # not a real file (captured in tests)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


# ------------------------------------------------------------------------------ audit


def _run(args: argparse.Namespace) -> int:
    from wikiaudit.pipeline import audit_source, chosen_form

    _check_options(args)
    check_outputs(
        [("--output", args.output), ("--write-baseline", args.write_baseline)], _inputs(args)
    )
    limits = _limits(args)
    if args.compare:
        return _compare(args, limits)
    source = _read(args, limits)
    form = chosen_form(source.text, args.form)
    if args.fix:
        from wikiaudit.fix import check_fixable

        check_fixable(form)  # before the audit: refusing HTML should not wait for it
    rules = _rules(args)
    result = audit_source(source, form, limits, rules)
    _require_checked(result)
    if args.fix:
        return _fix(args, source, result, form=form, rules=rules, limits=limits)
    if args.write_baseline:
        from wikiaudit.ci import write_baseline

        count = write_baseline(result, args.write_baseline)
        _say(f"audit: wrote {count} findings to {_shown_path(args.write_baseline)}")
        return 0
    if args.baseline:
        return _with_baseline(args, result)
    emit(_render(result, args), args.output)
    return status(args, result.findings)


def _require_checked(result: AuditResult) -> None:
    """A page with no season table read is not clean: a wrong ``--title`` or ``--form`` in CI
    must not pass (exit status 2, with what each table looked like a ``--format json`` away)."""
    if result.checked:
        return
    from wikiaudit.scraper.errors import InputError

    tables = len(result.document.tables)
    raise InputError(
        f"{result.source}: no season table could be checked ({tables} "
        f"{'table' if tables == 1 else 'tables'}, none read as standings or a race "
        "classification)"
    )


def _limits(args: argparse.Namespace) -> Limits:
    """Only the limits the user set: every default comes from ``Limits`` itself."""
    from wikiaudit.pipeline import Limits

    given = {"max_bytes": args.max_bytes, "max_tables": args.max_tables}
    return Limits(**{name: value for name, value in given.items() if value is not None})


def _rules(args: argparse.Namespace) -> Any:
    """The season's scoring from a ``--rules`` file (positions matrices), or None."""
    if not args.rules:
        return None
    from wikiaudit.rules_check import load_rules_checked

    return load_rules_checked(args.rules)


def _check_options(args: argparse.Namespace) -> None:
    """Refuse combinations whose meaning would be a guess."""
    live = args.wiki is not None
    if (args.title or args.revision is not None) and not live:
        raise UsageError("--title and --revision need --wiki")
    if args.compare and args.source:
        raise UsageError("--compare takes OLD and NEW; give no other article")
    if not args.compare and args.source is None and not live:
        raise UsageError("give an article file or URL to audit (or --wiki with --title)")
    if args.source and (args.title or args.revision is not None):
        raise UsageError("give either an article or --title/--revision, not both")
    if live and not args.compare and args.source is None and not (args.title or args.revision):
        raise UsageError("--wiki needs --title or --revision")
    modes = [
        name
        for name, on in (
            ("--fix", args.fix),
            ("--baseline", args.baseline),
            ("--write-baseline", args.write_baseline),
            ("--compare", args.compare),
        )
        if on
    ]
    if len(modes) > 1:
        raise UsageError(f"{' and '.join(modes)} cannot be combined")
    if args.in_place and not args.fix:
        raise UsageError("--in-place only makes sense with --fix")
    if args.in_place and args.output:
        raise UsageError("--fix writes either --in-place or to --output, not both")


def _inputs(args: argparse.Namespace) -> list[Path]:
    """Every local file this run reads; none of them may be written over."""
    from wikiaudit.pipeline import is_url

    specs = [args.source, *(args.compare or ())]
    files = [Path(spec) for spec in specs if spec and not is_url(spec)]
    return [*files, *(p for p in (args.baseline, args.rules) if p)]


def check_outputs(outputs: list[tuple[str, Path | None]], inputs: list[Path]) -> None:
    """Before any work: each output is a regular file (or new) and none of the inputs."""
    from wikiaudit.safe_write import refuse_overwriting_inputs
    from wikiaudit.scraper.files import check_output_target

    for option, path in outputs:
        if path is not None:
            check_output_target(path, option)
            refuse_overwriting_inputs(path, inputs, option)


def _shown_path(path: Path) -> str:
    from wikiaudit.reports.safe_text import printable

    return printable(str(path))


def _read(args: argparse.Namespace, limits: Limits) -> Source:
    from wikiaudit.pipeline import Remote, fetch_source, read_source

    if args.source is None:
        remote = Remote(wiki=args.wiki, title=args.title, revision=args.revision)
        return fetch_source(remote, limits)
    return read_source(args.source, remote=Remote(wiki=args.wiki), limits=limits)


def status(args: argparse.Namespace, findings: Iterable[Reported]) -> int:
    """The exit status: 1 when a finding reaches ``--fail-on``, else 0.

    Every mode (audit, baseline, compare, fix, history) ends here, so the rule is written once.
    Callers pass only the findings that count: a baseline's accepted findings do not, and a
    comparison counts only the findings the new revision introduced.
    """
    if args.fail_on == "never":
        return 0
    from wikiaudit.validators.findings import Severity

    threshold = Severity(args.fail_on).rank
    return 1 if any(Severity(f.severity).rank >= threshold for f in findings) else 0


def _render(result: AuditResult, args: argparse.Namespace) -> str:
    if args.format == "text":
        from wikiaudit.reports.text import render

        color = (
            args.color if args.color is not None else (args.output is None and sys.stdout.isatty())
        )
        return render(result, color=color)
    from wikiaudit import reports

    return reports.render(result, args.format)


def emit(report: str, output: Path | None) -> None:
    if output is None:
        _stdout(report)
        return
    _write(output, report.encode("utf-8", "surrogatepass"), "--output")


def _write(path: Path, data: bytes, option: str) -> None:
    """Every file the CLI writes goes through the atomic writer (see ``safe_write``)."""
    from wikiaudit.safe_write import write_atomically

    write_atomically(path, data, option=option)


# ------------------------------------------------------------------------------ CI mode


def _with_baseline(args: argparse.Namespace, result: AuditResult) -> int:
    from wikiaudit import ci

    triaged = ci.triage(result.findings, ci.load_baseline(args.baseline))
    marked = ci.mark_accepted(result, triaged.accepted)
    if args.format == "json":
        report = ci.baseline_json_report(marked, triaged, args.baseline)
    else:
        report = _render(marked, args)
        if args.format == "text":
            summary = ci.baseline_text_summary(triaged, args.baseline)
            report = report.rstrip("\n") + "\n" + summary
    emit(report, args.output)
    return status(args, (f for f in marked.findings if not ci.is_accepted(f)))


def _compare(args: argparse.Namespace, limits: Limits) -> int:
    from wikiaudit import ci
    from wikiaudit.pipeline import Remote, audit_source, read_source

    if args.format not in ("text", "json"):
        raise UsageError("--compare reports as text or json")
    results = []
    rules = _rules(args)
    for spec in args.compare:
        source = read_source(spec, remote=Remote(wiki=args.wiki), limits=limits)
        _check_title(args.title, source)
        results.append(audit_source(source, args.form, limits, rules))
        _require_checked(results[-1])
    comparison = ci.compare(results[0], results[1])
    emit(ci.render_comparison(comparison, args.format), args.output)
    return status(args, comparison.introduced)


def _check_title(title: str | None, source: Source) -> None:
    """With ``--title``, a revision id of another page is a typo, not something to compare."""
    from wikiaudit.scraper.errors import InputError

    if title is None or source.revision is None:
        return
    from wikiaudit.scraper.mediawiki_urls import normalize_title

    wanted, got = normalize_title(title), source.revision.title
    if got and wanted[:1].upper() + wanted[1:] != got[:1].upper() + got[1:]:
        raise InputError(f"revision {source.revision.revid} is of {got!r}, not {wanted!r}")


# ---------------------------------------------------------------------------------- fixes


def _fix(
    args: argparse.Namespace,
    source: Source,
    result: AuditResult,
    *,
    form: str,
    rules: Any,
    limits: Limits,
) -> int:
    """Rewrite the certain fixes; ``form`` and ``rules`` are those the audit used, not re-read."""
    from wikiaudit import fix
    from wikiaudit.pipeline import audit_document, parse_text
    from wikiaudit.reports.safe_text import shown
    from wikiaudit.scraper.errors import InputError

    if args.in_place and source.path is None:
        raise UsageError("--in-place needs a file; write a live revision's fix with --output")
    edits, skipped = fix.plan(result, source.text, form)
    for item in skipped:
        where = " · ".join(shown(p) for p in (item.finding.row, item.finding.column) if p)
        _say(f"audit: not fixed: {item.finding.rule} [{where}]: {shown(item.reason, 300)}")
    if not edits:
        _say("audit: no finding has a certain fix; nothing written")
        return status(args, result.findings)
    corrected = fix.apply(source.text, edits)
    after = audit_document(parse_text(corrected, source.label, form, limits), rules)
    left = fix.still_present(after, edits)
    if left:
        raise InputError(
            f"the fix did not remove {left[0].rule} at line {left[0].line}; nothing written"
        )
    _write_fix(args, source, corrected, len(edits))
    return status(args, after.findings)


def _write_fix(args: argparse.Namespace, source: Source, corrected: str, count: int) -> None:
    """Show the diff, and write the corrected text only where the user asked."""
    from wikiaudit import fix

    target = source.path if args.in_place else args.output
    _stdout(fix.unified_diff(source.text, corrected, source.label, str(target or "")))
    if target is None:
        _say(f"audit: {_fixes(count)} (dry run; write with --output FILE or --in-place)")
    else:
        # The article's own encoding, byte-order mark and line ends (kept in the text).
        _write(
            target, source.encoding.encode(corrected), "--in-place" if args.in_place else "--output"
        )
        _say(f"audit: {_fixes(count)} written to {_shown_path(target)}")


def _fixes(count: int) -> str:
    return f"{count} fix" if count == 1 else f"{count} fixes"


if __name__ == "__main__":
    sys.exit(main())
