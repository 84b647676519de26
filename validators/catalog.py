"""Every rule the audit can report, as one registry: id, family, default severity, meaning, why
it matters, the reading it needs and whether its finding can be fixed with certainty.

The engine (selection and per-rule severity), ``audit --list-rules`` and ``audit --explain``,
the reports that list rules (SARIF's ``tool.driver.rules``), the README's tables and the tests
all read this list, so a rule's meaning is written once and an id that is not here is never
reported (``tests/test_readme.py``, ``tests/test_real_pages.py``) nor accepted on the command
line. ``needs`` says which fitted reading a rule runs on: a rule is simply not run when its
table's reading is not supported, which is how a misreading never becomes a flood of errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wikiaudit.validators.findings import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One check. ``summary`` says what a finding means (one sentence); ``why`` why it matters;
    ``needs`` the fitted reading it runs on ("" when it runs on every table); ``fixable`` that
    ``--fix`` can rewrite its finding when the correction is certain."""

    code: str
    family: str
    severity: Severity
    summary: str
    needs: str = ""
    fixable: bool = False
    why: str = ""


FAMILIES: dict[str, str] = {
    "arithmetic": "Arithmetic within a table",
    "positions": "Positions matrices and race classifications (recomputed through the scoring)",
    "results": "Results against standings",
    "entries": "Entry list against standings",
    "spelling": "Spelling",
    "readings": "How each table was read",
    "source": "Reading the source",
}
"""Family id -> title; a family id selects all its rules (``--select arithmetic``)."""

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_POINTS = "a points matrix whose totals reconcile a clear majority of rows"
_POSITIONS = "a positions matrix whose fitted scoring reconciles a clear majority of rows"
_RANKED = "standings whose rows mostly follow the order checked"
_RESULTS = "a results table and points-matrix standings that mostly agree"
_BEST_CAR = "team standings read as best-car scoring, with support"
_ENTRIES = "an entry list and standings that mostly agree"

REGISTRY: tuple[Rule, ...] = (
    # arithmetic within one standings table
    Rule(
        "total-mismatch",
        "arithmetic",
        E,
        "A row's total is not the sum of its race points.",
        _POINTS,
        fixable=True,
        why=(
            "A wrong total changes the championship order a reader sees; the race cells are the "
            "record the total must add up from."
        ),
    ),
    Rule(
        "impossible-points",
        "arithmetic",
        E,
        "A race value that the season's points system cannot give for that race's length.",
        "a points system that accounts for a clear majority of the table's values",
        why=(
            "A value the scale cannot give is a typo or a result credited to the wrong round: no "
            "finishing position pays it."
        ),
    ),
    Rule(
        "not-a-number",
        "arithmetic",
        W,
        "A race cell that is neither a number, a result code nor blank (an error when it is a "
        "number typed with a letter, such as 1O).",
        "a points or positions matrix",
        why=(
            "A cell the audit cannot read is left out of every sum; a digit typed as a letter "
            "(1O, l2) also reads wrongly to people."
        ),
    ),
    Rule(
        "out-of-range",
        "arithmetic",
        E,
        "A position below 1.",
        _POINTS,
        why="Positions start at 1: anything lower is a typo that breaks the table's order.",
    ),
    Rule(
        "duplicate-team-score",
        "arithmetic",
        E,
        "Two teams of one class hold the same non-zero points in one round.",
        _BEST_CAR,
        why=(
            "Where a team scores only its best car, two teams cannot both hold one class's same "
            "non-zero points in a round: one of them holds another team's result."
        ),
    ),
    Rule(
        "position-order",
        "arithmetic",
        E,
        "Positions do not ascend down the table.",
        _RANKED,
        why=(
            "Standings are printed in position order; a position out of order is a typo or a row "
            "moved by hand."
        ),
    ),
    Rule(
        "total-order",
        "arithmetic",
        W,
        "A total is higher than the total of a row ranked above it.",
        _RANKED,
        why=(
            "A row ranked above another with fewer points contradicts the table's own order "
            "(tie-breaks aside, which keep totals equal)."
        ),
    ),
    Rule(
        "tie-total",
        "arithmetic",
        E,
        "Rows sharing a position have different totals.",
        "standings read with support",
        why="A tie in position means equal totals; different totals mean one of the two is wrong.",
    ),
    Rule(
        "rounds-vs-calendar",
        "arithmetic",
        W,
        "The standings' round columns do not match the calendar's rounds.",
        "a calendar",
        why="Round columns that do not match the calendar shift every value into the wrong race.",
    ),
    Rule(
        "round-code-mismatch",
        "arithmetic",
        W,
        "One round is headed with different codes in different tables.",
        "a calendar",
        why=(
            "The same race headed with two codes makes readers (and the cross-table checks) see "
            "two races."
        ),
    ),
    Rule(
        "table-schema",
        "arithmetic",
        E,
        "A calendar, points-system, results or entry-list cell fails a column rule.",
        why=(
            "Calendar, points-system, results and entry-list tables feed every other check; a "
            "cell that breaks its column's rule (a points scale that increases, a round not in "
            "the calendar) misleads them all."
        ),
    ),
    # positions matrices and classifications (recomputed through the points system)
    Rule(
        "positions-total-mismatch",
        "positions",
        E,
        "A total differs from the points its finishing positions give.",
        _POSITIONS,
        why=(
            "When a table prints finishing positions, the total is what the scale pays for them; "
            "a difference is a wrong total or a wrong position."
        ),
    ),
    Rule(
        "classification-points",
        "positions",
        E,
        "A race classification pays a position other than the scale's points.",
        "a scale (the article's, or the other classifications') that most rows agree with",
        why=(
            "A race classification that pays a position differently from the season's scale "
            "credits the wrong points to that car."
        ),
    ),
    # results against standings
    Rule(
        "winner-points",
        "results",
        E,
        "The results' class winner does not hold the winner's points in the team standings.",
        _RESULTS,
        why=(
            "The race results say who won; standings that give the win's points to someone else "
            "contradict them."
        ),
    ),
    Rule(
        "winner-missing",
        "results",
        E,
        "The results' class winner has no row in the team standings.",
        _RESULTS,
        why="A class winner scores points, so it must have a row in that class's standings.",
    ),
    Rule(
        "winner-driver-points",
        "results",
        W,
        "A winning driver does not hold the winner's points in the driver standings.",
        _RESULTS,
        why=(
            "The winning drivers share their car's points; a driver without them is a typo or a "
            "shared drive the table does not explain."
        ),
    ),
    Rule(
        "winner-position",
        "results",
        E,
        "The calendar's race winner is not shown winning that race in the driver standings.",
        "a calendar naming winners, lined up with standings read with support",
        why=(
            "The calendar's winner should show a win in that round of the standings; otherwise "
            "one of the two tables is wrong."
        ),
    ),
    Rule(
        "team-best-car",
        "results",
        E,
        "A team's points in a round are not the best of its cars' points.",
        _BEST_CAR,
        why=(
            "Under best-car scoring a team's round score is its best car's score; anything else "
            "is a typo or another scoring."
        ),
    ),
    # entry list against standings
    Rule(
        "entry-rounds",
        "entries",
        E,
        "A driver scores in a round the entry list does not enter them for.",
        _ENTRIES,
        why=(
            "A driver scoring in a round they were not entered for is a wrong cell or a wrong "
            "entry-list row."
        ),
    ),
    Rule(
        "entry-missing-team",
        "entries",
        E,
        "A team in the standings has no entry in the entry list.",
        _ENTRIES,
        why="Every team in the standings raced, so it belongs in the entry list.",
    ),
    Rule(
        "entry-missing-driver",
        "entries",
        W,
        "Drivers in the standings have no entry in the entry list.",
        _ENTRIES,
        why=(
            "Every driver in the standings raced, so they belong in the entry list (a late "
            "substitute is often forgotten there)."
        ),
    ),
    Rule(
        "entry-overlap",
        "entries",
        W,
        "The entry list enters a driver for two teams in the same round.",
        "an entry list",
        why="One driver cannot race for two teams in the same round.",
    ),
    Rule(
        "entry-unverifiable",
        "entries",
        INFO,
        "Standings rows the entry list cannot confirm or refute.",
        "an entry list",
        why=(
            "Says which rows the entry-list checks could not judge, so a clean report is not read"
            " as confirmed."
        ),
    ),
    Rule(
        "entry-list-unreadable",
        "entries",
        INFO,
        "An entry-list row whose meaning was lost with its row spans.",
        "an entry list",
        why=(
            "A row whose spans were lost (in flattened text) cannot be matched; it is listed "
            "rather than guessed."
        ),
    ),
    # spelling
    Rule(
        "name-drift",
        "spelling",
        W,
        "The same person's name is spelled differently across tables.",
        why=(
            "Two spellings of one person split their results in every table that matches by name,"
            " and readers cannot tell whether they are the same person."
        ),
    ),
    Rule(
        "team-drift",
        "spelling",
        W,
        "The same team's name is spelled differently across tables.",
        why="Two spellings of one team split its results across rows and tables.",
    ),
    Rule(
        "nationality-conflict",
        "spelling",
        W,
        "A person is given two different present-day countries.",
        why="A person flagged with two present-day countries has one flag wrong.",
    ),
    # how each table was read
    Rule(
        "table-read",
        "readings",
        INFO,
        "What a table was read as, and how many of its rows the reading reconciles.",
        why=(
            "Every judgement rests on a reading of the table; this line says which, and how well "
            "it fits, so each finding can be checked."
        ),
    ),
    Rule(
        "table-unfit",
        "readings",
        INFO,
        "A table no reading fits well enough: its rows are not judged one by one.",
        why=(
            "A table no reading fits is not judged row by row: a misreading must not become a "
            "flood of errors."
        ),
    ),
    Rule(
        "table-unread",
        "readings",
        INFO,
        "A table the audit has no reading for: what it looked like and why it was not read.",
        why=(
            "A table the audit did not read is listed so that a clean report is never mistaken "
            "for a checked one."
        ),
    ),
    Rule(
        "cross-check-unfit",
        "readings",
        INFO,
        "Two tables relate in a way the audit did not read: their cases are not judged.",
        why=(
            "When most cases between two tables disagree, they relate some other way; their cases"
            " are not judged."
        ),
    ),
    # reading the source
    Rule(
        "malformed-span",
        "source",
        INFO,
        "A rowspan or colspan that had to be repaired to lay out the table.",
        why=(
            "A repaired span may shift cells; findings in that table should be read with this in "
            "mind."
        ),
    ),
    Rule(
        "malformed-attribute",
        "source",
        INFO,
        "A cell attribute MediaWiki could not read.",
        why=(
            "MediaWiki ignores an attribute it cannot read, which may change how the table is "
            "laid out."
        ),
    ),
    Rule(
        "unclosed-table",
        "source",
        INFO,
        "A table that is never closed.",
        why="An unclosed table swallows what follows it on the rendered page.",
    ),
    Rule(
        "row-outside-table",
        "source",
        INFO,
        "Table-row markup outside any table.",
        why="Row markup outside a table is shown as text on the rendered page.",
    ),
    Rule(
        "parse-issue",
        "source",
        INFO,
        "Something in the source could not be interpreted.",
        why="The audit says what it could not interpret rather than silently skipping it.",
    ),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in REGISTRY}
RULES: dict[str, str] = {rule.code: rule.summary for rule in REGISTRY}
"""Rule id -> one-sentence meaning (what SARIF and the README show)."""


class UnknownRule(ValueError):
    """A rule id or family the registry does not know (a usage error, never a silent no-op)."""


def describe(rule: str) -> str:
    return RULES.get(rule, rule.replace("-", " ").capitalize() + ".")


def expand(names: Iterable[str], where: str = "--select") -> set[str]:
    """The rule codes that rule ids and family ids name; ``ALL`` names every rule.

    Raises :class:`UnknownRule` naming the first unknown id and ``where`` it was given.
    """
    codes: set[str] = set()
    for raw in names:
        name = raw.strip()
        if name.upper() == "ALL":
            codes.update(BY_CODE)
        elif name in BY_CODE:
            codes.add(name)
        elif name in FAMILIES:
            codes.update(rule.code for rule in REGISTRY if rule.family == name)
        else:
            raise UnknownRule(
                f"unknown rule or family {name!r} in {where} (see audit --list-rules)"
            )
    return codes


def explain(code: str) -> str:
    """``audit --explain CODE``: what the rule finds, why it matters, the reading it needs and
    whether its findings can be fixed, wrapped for a terminal."""
    import textwrap

    rule = BY_CODE.get(code)
    if rule is None:
        raise UnknownRule(f"unknown rule {code!r} (see audit --list-rules)")
    fix = (
        "yes, when the corrected value is certain: `audit ARTICLE --fix` rewrites it"
        if rule.fixable
        else "no (the finding names the cell; an editor decides)"
    )
    family = FAMILIES[rule.family].lower()
    parts = [
        ("What it finds", rule.summary),
        ("Why it matters", rule.why),
        ("Runs on", rule.needs or "every table it applies to (no fitted reading needed)"),
        ("Fixable", fix),
        ("Family", f"{rule.family} ({family}; --select {rule.family} selects all of it)"),
    ]
    lines = [f"{rule.code} (default severity: {rule.severity.value})", ""]
    for label, text in parts:
        lines.append(textwrap.fill(f"{label}: {text}", width=88, subsequent_indent="  "))
    return "\n".join(lines) + "\n"
