"""The ``audit`` command: argument parsing and exit statuses, nothing else.

Exit status: 0 when no finding fails the run, 1 when one does (a finding fails when its
severity reaches ``--fail-on`` and no baseline accepts it: ``wikiaudit.verdict``, which every
report format counts too), 2 for usage and input errors (always a single line on stderr, never
a traceback), 3 for an internal error (a bug), 130 when interrupted. A reader that closes the
pipe early (``audit X | head``) does not change the status and prints nothing more. No other
status is ever returned (``main`` maps anything else to one of these).

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
    from wikiaudit.config import Selection
    from wikiaudit.pipeline import Limits, Source
    from wikiaudit.validators.audit import AuditResult

SEVERITIES = ("error", "warning", "info", "never")
FORMAT_NAMES = ("text", "json", "markdown", "html", "sarif", "junit", "github")
STDIN = "-"
#: The exit statuses ``audit`` can return, and what each means (README "Exit status").
EXIT_STATUSES = {
    0: "no finding fails the run",
    1: "a finding fails the run (at or above --fail-on, not accepted by a baseline)",
    2: "usage or input error",
    3: "internal error (a bug)",
    130: "interrupted",
}


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
    parser.add_argument(
        "--wiki",
        help="wiki address (https://en.wikipedia.org, a script path such as "
        "https://wiki.example.org/w, or the full .../api.php URL)",
    )
    parser.add_argument("--title", help="article title on --wiki")


def selection_options(parser: argparse.ArgumentParser) -> argparse._ArgumentGroup:
    """``--select``, ``--ignore``, ``--severity``, ``--config``, ``--no-config``: the rule
    selection ``audit`` and ``audit history`` share (``settings`` reads them)."""
    rules = parser.add_argument_group("rule selection")
    rules.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="report only these rule ids or families (comma-separated; replaces the config's)",
    )
    rules.add_argument(
        "--ignore",
        action="append",
        metavar="RULES",
        help="do not report these rule ids or families (adds to the config's)",
    )
    rules.add_argument(
        "--severity",
        action="append",
        metavar="RULE=LEVEL",
        help="report a rule (or family) at error, warning or info",
    )
    rules.add_argument("--config", type=Path, help="read settings from this TOML file")
    rules.add_argument(
        "--no-config", action="store_true", help="read no .wikiaudit.toml or pyproject.toml"
    )
    return rules


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="audit",
        description="Audit the tables of Wikipedia season articles for internal consistency.",
        epilog=(
            "Also: 'audit history' (which revision introduced each finding), 'audit serve' "
            "(the web tool), 'audit corpus' (every season article of XML dumps, into a store) "
            "and 'audit worklist' (the pages to fix first); each has --help. "
            "Exit status: 0 no finding fails the run, 1 a finding at or above --fail-on that "
            "no baseline accepts, 2 usage or input error, 3 internal error, 130 interrupted."
        ),
    )
    parser.add_argument(
        "source",
        nargs="*",
        metavar="ARTICLE",
        help="article files (flattened text, wikitext, HTML), article/revision URLs, "
        "or - to read one article from standard input",
    )
    common_options(parser, FORMAT_NAMES)
    # None: the config file's fail-on, else "error" (see settings).
    parser.set_defaults(fail_on=None)
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 whatever is found (--fail-on never)"
    )
    parser.add_argument("--revision", type=_revision_id, help="exact revision id on --wiki")
    parser.add_argument(
        "--stdin-filename", metavar="NAME", help="the name reports give the article read from -"
    )
    # No defaults here: pipeline.Limits owns them (see _limits).
    parser.add_argument("--max-bytes", type=_limit, help="input size limit")
    parser.add_argument("--max-tables", type=_limit, help="table count limit")
    parser.add_argument(
        "--rules", type=Path, help="TOML scoring for articles without a points table"
    )
    parser.add_argument(
        "--color",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="colour the text report (default: on a terminal, unless NO_COLOR is set; "
        "FORCE_COLOR forces it in pipes too)",
    )
    output = parser.add_argument_group("reports")
    output.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="only the findings that fail the run, the summary and errors",
    )
    output.add_argument(
        "--statistics", action="store_true", help="count findings per rule (text or json)"
    )
    rules = selection_options(parser)
    rules.add_argument("--list-rules", action="store_true", help="list every rule and exit")
    rules.add_argument("--explain", metavar="RULE", help="explain a rule (or family) and exit")
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
        return 0 if done.code in (0, None) else 2
    from wikiaudit.scraper.gcpause import cyclic_gc_paused

    try:
        # The objects an audit allocates hold no cycles: the cyclic collector is paused for the
        # one command this process runs (a library caller keeps its own collector settings).
        with cyclic_gc_paused():
            code = run(args)
    except UsageError as error:
        message = _one_line(error)
        hint = "" if "(see " in message else f" (see {parser.prog} --help)"
        _say(f"{parser.prog}: error: {message}{hint}")
        return 2
    except KeyboardInterrupt:
        _say("audit: interrupted")
        return 130
    except SystemExit as done:  # a library calling sys.exit: only documented statuses leave
        code = done.code if isinstance(done.code, int) else 3
        return code if code in EXIT_STATUSES else 3
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
    if code not in EXIT_STATUSES:  # a subcommand's bug must not invent a status
        _say(f"audit: internal error: exit status {code!r} (set WIKIAUDIT_DEBUG=1)")
        return 3
    return int(code)


def _one_line(error: BaseException) -> str:
    """The message on one line, with control characters from file names or titles escaped."""
    from wikiaudit.reports.safe_text import printable

    return printable(" ".join(str(error).split()))


def _say(line: str) -> None:
    """One line on stderr; a closed stderr, or one that cannot show a character, is no reason
    for a traceback (``backslashreplace`` is what Python's own stderr does)."""
    with suppress(OSError, ValueError):
        try:
            print(line, file=sys.stderr)
        except UnicodeEncodeError:
            encoding = getattr(sys.stderr, "encoding", None) or "ascii"
            print(line.encode(encoding, "backslashreplace").decode(encoding), file=sys.stderr)


def _stdout(text: str) -> None:
    """Write to stdout; a reader that went away (``| head``) ends the output quietly.

    The pipe's end is replaced by ``/dev/null`` so that the flush at exit cannot fail again
    (which Python reports as "Exception ignored"); the exit status stays the audit's. A
    terminal or locale that cannot show a character (an ASCII locale, ``PYTHONIOENCODING``)
    gets it as a ``\\N``-style escape rather than a crash.
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
    from wikiaudit.pipeline import chosen_form

    if args.explain is not None:
        return _explain(args.explain)
    if not args.list_rules:
        _check_options(args)  # a usage error costs no config file read
    selection = settings(args)
    if args.list_rules:
        return _list_rules(args, selection)
    check_outputs(
        [("--output", args.output), ("--write-baseline", args.write_baseline)], _inputs(args)
    )
    limits = _limits(args)
    if args.compare:
        return _compare(args, limits, selection)
    sources = _read_all(args, limits)
    rules = _rules(args)
    if args.fix:
        from wikiaudit.fix import check_fixable

        form = chosen_form(sources[0].text, args.form)
        check_fixable(form)  # before the audit: refusing HTML should not wait for it
        result = _audit(sources[0], form, limits, rules, selection)
        return _fix(
            args, sources[0], result, form=form, rules=rules, limits=limits, selection=selection
        )
    results = [_audit(source, args.form, limits, rules, selection) for source in sources]
    if rules is not None:
        for result in results:
            _say_quietly(args, _rules_note(args.rules, result))
    if args.write_baseline:
        from wikiaudit.ci import write_baseline

        count = write_baseline(results, args.write_baseline)
        _say_quietly(
            args,
            f"audit: wrote {_count(count, 'finding')} to {_shown_path(args.write_baseline)}",
        )
        return 0
    options: dict[str, Any] = {"fail_on": args.fail_on, "apis": _apis(sources)}
    if args.baseline:
        from wikiaudit import ci

        results, options["baseline"] = ci.apply_baseline(
            results, ci.load_baseline(args.baseline), args.baseline
        )
    if args.format == "sarif":
        options["fixes"] = _sarif_fixes(sources, results)
        options["severity_overrides"] = dict(selection.severity)
    emit(_render(results, args, options), args.output)
    return status(args, (finding for result in results for finding in result.findings))


def _audit(
    source: Source, form: str | None, limits: Limits, rules: Any, selection: Selection
) -> AuditResult:
    from wikiaudit import pipeline

    result = pipeline.audit_source(source, form, limits, rules, selection)
    _require_checked(result)
    return result


def settings(args: argparse.Namespace) -> Selection:
    """The config file and the command line, checked against the rule registry.

    Sets ``args.fail_on`` (command line, else the config's ``fail-on``, else ``error``;
    ``--exit-zero`` is ``never``); an unknown rule id, key or level is a usage error.
    """
    from wikiaudit import config

    try:
        file = config.load(config=args.config, no_config=args.no_config)
        chosen = config.merge(
            file,
            select=args.select,
            ignore=args.ignore,
            severity=args.severity,
            fail_on=args.fail_on,
        )
        selection = config.selection(chosen)
    except config.ConfigError as error:
        raise UsageError(str(error)) from None
    exit_zero = getattr(args, "exit_zero", False)
    args.fail_on = "never" if exit_zero else chosen.fail_on or "error"
    return selection


def _list_rules(args: argparse.Namespace, selection: Selection) -> int:
    """``--list-rules``: every rule from the registry, and whether this run would report it."""
    from wikiaudit.validators.catalog import REGISTRY

    rows = [
        {
            "rule": rule.code,
            "family": rule.family,
            "severity": rule.severity.value,
            "configured_severity": selection.severity.get(rule.code),
            "selected": rule.code in selection.enabled,
            "fixable": rule.fixable,
            "summary": rule.summary,
            "needs": rule.needs,
        }
        for rule in REGISTRY
    ]
    if args.format == "json":
        import json

        emit(json.dumps(rows, indent=2) + "\n", args.output)
        return 0
    if args.format != "text":
        raise UsageError("--list-rules prints text or json")
    lines = [f"{'rule':26} {'family':11} {'severity':9} {'on':4} {'fix':4} what it finds"]
    for row in rows:
        level = row["configured_severity"] or row["severity"]
        mark = "*" if row["configured_severity"] else ""
        lines.append(
            f"{row['rule']:26} {row['family']:11} {level + mark:9} "
            f"{'yes' if row['selected'] else 'no':4} {'yes' if row['fixable'] else '':4} "
            f"{row['summary']}"
        )
    lines.append(
        f"{len(rows)} rules, {sum(r['selected'] for r in rows)} selected "
        "(* severity set by --severity or the config); audit --explain RULE tells more"
    )
    emit("\n".join(lines) + "\n", args.output)
    return 0


def _explain(name: str) -> int:
    from wikiaudit.validators.catalog import FAMILIES, REGISTRY, UnknownRule, explain

    if name in FAMILIES:
        rules = [rule for rule in REGISTRY if rule.family == name]
        lines = [f"{name}: {FAMILIES[name]} ({_count(len(rules), 'rule')})", ""]
        lines += [f"  {rule.code:26} {rule.severity.value:8} {rule.summary}" for rule in rules]
        _stdout("\n".join(lines) + "\n")
        return 0
    try:
        _stdout(explain(name))
    except UnknownRule as error:
        raise UsageError(str(error)) from None
    return 0


def _rules_note(path: Path, result: AuditResult) -> str | None:
    """Which scoring an audit with ``--rules`` used, when the article prints its own table.

    The ``table-read`` lines name the scoring of every table; this says it once, on stderr:
    an article's own points table is read first, so a rules file for it may not be used at all.
    """
    reads = [f for f in result.findings if f.rule == "table-read"]
    own = next((f for f in reads if f.message.startswith("read as a points system")), None)
    used = sum(1 for f in reads if "rules file" in f.message)
    name = _shown_path(path)
    if own is None:
        if used:
            return f"audit: --rules {name}: the scoring of {_count(used, 'table')} (see table-read)"
        return None
    where = f" (line {own.line})" if own.line else ""
    if used:
        return (
            f"audit: --rules {name}: used for {_count(used, 'table')}; the article's own points "
            f"table{where} for the others (each table-read line names its scoring)"
        )
    return (
        f"audit: --rules {name} was not used: the article prints its own points table{where}, "
        "which every table was read with (see the table-read lines)"
    )


def _count(count: int, word: str) -> str:
    return f"{count} {word if count == 1 else word + 's'}"


def _say_quietly(args: argparse.Namespace, line: str | None) -> None:
    """An informational line on stderr, left out with ``--quiet``."""
    if line and not args.quiet:
        _say(line)


def _require_checked(result: AuditResult) -> None:
    """A page with no season table read is not clean: a wrong ``--title`` or ``--form`` in CI
    must not pass (exit status 2, with what each table looked like a ``--format json`` away)."""
    if result.checked:
        return
    from wikiaudit.pipeline import nothing_checked
    from wikiaudit.scraper.errors import InputError

    raise InputError(f"{result.source}: {nothing_checked(len(result.document.tables))}")


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
    sources = args.source
    if (args.title or args.revision is not None) and not live:
        raise UsageError("--title and --revision need --wiki")
    if args.compare and sources:
        raise UsageError("--compare takes OLD and NEW; give no other article")
    if not args.compare and not sources and not live:
        raise UsageError("give an article file or URL to audit (or --wiki with --title)")
    if sources and (args.title or args.revision is not None):
        raise UsageError("give either articles or --title/--revision, not both")
    if live and not args.compare and not sources and not (args.title or args.revision):
        raise UsageError("--wiki needs --title or --revision")
    if sources.count(STDIN) > 1:
        raise UsageError("- (standard input) can be given once")
    if args.stdin_filename is not None and STDIN not in sources:
        raise UsageError("--stdin-filename names the article read from -; give -")
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
    if args.fix and len(sources) > 1:
        raise UsageError("--fix rewrites one article at a time")
    if args.in_place and STDIN in sources:
        raise UsageError("--in-place needs a file; write the fix of - with --output")
    if args.statistics and args.format not in ("text", "json"):
        raise UsageError("--statistics reports as text or json")
    if args.statistics and (args.fix or args.compare):
        raise UsageError("--statistics counts the findings of an audit, not of --fix/--compare")


def _inputs(args: argparse.Namespace) -> list[Path]:
    """Every local file this run reads; none of them may be written over."""
    from wikiaudit.pipeline import is_url

    specs = [*args.source, *(args.compare or ())]
    files = [Path(spec) for spec in specs if spec and spec != STDIN and not is_url(spec)]
    return [*files, *(p for p in (args.baseline, args.rules, args.config) if p)]


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


def _read_all(args: argparse.Namespace, limits: Limits) -> list[Source]:
    """Every article this run audits, in the order given (``-`` is standard input)."""
    from wikiaudit.pipeline import Remote, fetch_source, read_source

    if not args.source:
        remote = Remote(wiki=args.wiki, title=args.title, revision=args.revision)
        sources = [fetch_source(remote, limits)]
    else:
        sources = [
            _read_stdin(args, limits)
            if spec == STDIN
            else read_source(spec, remote=Remote(wiki=args.wiki), limits=limits)
            for spec in args.source
        ]
    return sources


def _apis(sources: list[Source]) -> dict[str, str]:
    """Which API each live revision came from (``--wiki`` accepts several forms of address,
    so the report says which one was used): report label -> ``api.php`` URL."""
    return {
        source.label: source.revision.url.split("?", 1)[0].removesuffix("index.php") + "api.php"
        for source in sources
        if source.revision is not None
    }


def _read_stdin(args: argparse.Namespace, limits: Limits) -> Source:
    """The article piped in: the same size limit and decoding as a file's."""
    from wikiaudit.pipeline import Source
    from wikiaudit.scraper.errors import InputError
    from wikiaudit.scraper.source import decode_stored

    label = args.stdin_filename or "<stdin>"
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("-: standard input is closed")
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise InputError(
            f"{label}: over the {limits.max_bytes:,}-byte input limit (raise it with --max-bytes)"
        )
    text, encoding = decode_stored(data, name=label)
    return Source(text, label, encoding=encoding)


def status(args: argparse.Namespace, findings: Iterable[Reported]) -> int:
    """The exit status: 1 when a finding fails the run, else 0 (``wikiaudit.verdict``).

    Every mode (audit, baseline, compare, fix, history) ends here, so the rule is written once,
    and every report format counts failures with the same function. Findings a baseline accepts
    never count; a comparison passes only the findings the new revision introduced.
    """
    from wikiaudit.verdict import exit_status

    return exit_status(findings, getattr(args, "fail_on", None) or "error")


def use_color(args: argparse.Namespace) -> bool:
    """Colour for the text report on stdout: ``--color/--no-color``, else ``NO_COLOR`` (off),
    else ``FORCE_COLOR`` (on, in pipes too), else whether stdout is a terminal. A report
    written with ``-o`` is plain unless ``--color`` asks (https://no-color.org,
    https://force-color.org: a variable counts when set and not empty)."""
    if args.color is not None:
        return bool(args.color)
    if os.environ.get("NO_COLOR"):
        return False
    if args.output is not None:
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _render(results: list[AuditResult], args: argparse.Namespace, options: dict[str, Any]) -> str:
    from wikiaudit import reports

    if args.format == "text":
        options |= {"color": use_color(args), "quiet": args.quiet}
    if args.statistics:
        options["statistics"] = True
    return reports.render_all(results, args.format, **options)


def _sarif_fixes(sources: list[Source], results: list[AuditResult]) -> dict[Any, Any]:
    """Where ``--fix`` would rewrite each certain correction, for SARIF ``fixes``.

    Planned exactly as ``--fix`` plans (the cell found on its line, reading exactly the
    published value); columns are counted in UTF-16 code units, SARIF's default.
    """
    from wikiaudit import fix
    from wikiaudit.pipeline import chosen_form
    from wikiaudit.reports.sarif import Replacement, fix_key
    from wikiaudit.scraper.lines import split_lines

    found: dict[Any, Any] = {}
    for source, result in zip(sources, results, strict=True):
        if not any(finding.fix is not None for finding in result.findings):
            continue
        form = chosen_form(source.text, None)
        if form not in fix.FIXABLE_FORMS:
            continue
        edits, _ = fix.plan(result, source.text, form)
        lines = split_lines(source.text)
        for edit in edits:
            line = lines[edit.line - 1]

            def column(index: int, line: str = line) -> int:
                return len(line[:index].encode("utf-16-le", "surrogatepass")) // 2 + 1

            replacement = Replacement(edit.line, column(edit.start), column(edit.end), edit.new)
            found[fix_key(result.source, edit.finding)] = replacement
    return found


def emit(report: str, output: Path | None) -> None:
    if output is None:
        _stdout(report)
        return
    _write(output, report.encode("utf-8", "surrogatepass"), "--output")


def _write(path: Path, data: bytes, option: str) -> None:
    """Every file the CLI writes goes through the atomic writer (see ``safe_write``).
    Missing parent folders are created."""
    from wikiaudit.safe_write import write_atomically

    write_atomically(path, data, option=option)


# ------------------------------------------------------------------------------ CI mode


def _compare(args: argparse.Namespace, limits: Limits, selection: Selection) -> int:
    from wikiaudit import ci
    from wikiaudit.pipeline import Remote, read_source
    from wikiaudit.reports.changes import render_comparison

    results = []
    rules = _rules(args)
    for spec in args.compare:
        source = read_source(spec, remote=Remote(wiki=args.wiki), limits=limits)
        _check_title(args.title, source)
        results.append(_audit(source, args.form, limits, rules, selection))
    comparison = ci.compare(results[0], results[1])
    emit(render_comparison(comparison, args.format, fail_on=args.fail_on), args.output)
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
    selection: Selection,
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
    after = audit_document(parse_text(corrected, source.label, form, limits), rules, selection)
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
