"""Every rule the audit can report, as one registry: id, family, default severity, meaning, and
the reading it needs.

The engine, the reports that list rules (SARIF's ``tool.driver.rules``), the README's tables
and the tests all read this list, so a rule's meaning is written once and an id that is not
here is never reported (``tests/test_readme.py``, ``tests/test_real_pages.py``). ``needs``
says which fitted reading a rule runs on: a rule is simply not run when its table's reading is
not supported, which is how a misreading never becomes a flood of errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from wikiaudit.validators.findings import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    family: str
    severity: Severity
    summary: str
    needs: str = ""
    fixable: bool = False


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
    ),
    Rule(
        "impossible-points",
        "arithmetic",
        E,
        "A race value that the season's points system cannot give for that race's length.",
        "a points system that accounts for a clear majority of the table's values",
    ),
    Rule(
        "not-a-number",
        "arithmetic",
        W,
        "A race cell that is neither a number, a result code nor blank (an error when it is a "
        "number typed with a letter, such as 1O).",
        "a points or positions matrix",
    ),
    Rule("out-of-range", "arithmetic", E, "A position below 1.", _POINTS),
    Rule(
        "duplicate-team-score",
        "arithmetic",
        E,
        "Two teams of one class hold the same non-zero points in one round.",
        _BEST_CAR,
    ),
    Rule("position-order", "arithmetic", E, "Positions do not ascend down the table.", _RANKED),
    Rule(
        "total-order",
        "arithmetic",
        E,
        "A total is higher than the total of a row ranked above it.",
        _RANKED,
    ),
    Rule(
        "tie-total",
        "arithmetic",
        E,
        "Rows sharing a position have different totals.",
        "standings read with support",
    ),
    Rule(
        "rounds-vs-calendar",
        "arithmetic",
        W,
        "The standings' round columns do not match the calendar's rounds.",
        "a calendar",
    ),
    Rule(
        "round-code-mismatch",
        "arithmetic",
        W,
        "One round is headed with different codes in different tables.",
        "a calendar",
    ),
    Rule(
        "table-schema",
        "arithmetic",
        E,
        "A calendar, points-system, results or entry-list cell fails a column rule.",
    ),
    # positions matrices and classifications (recomputed through the points system)
    Rule(
        "positions-total-mismatch",
        "positions",
        E,
        "A total differs from the points its finishing positions give.",
        _POSITIONS,
    ),
    Rule(
        "classification-points",
        "positions",
        E,
        "A race classification pays a position other than the scale's points.",
        "a scale (the article's, or the other classifications') that most rows agree with",
    ),
    # results against standings
    Rule(
        "winner-points",
        "results",
        E,
        "The results' class winner does not hold the winner's points in the team standings.",
        _RESULTS,
    ),
    Rule(
        "winner-missing",
        "results",
        E,
        "The results' class winner has no row in the team standings.",
        _RESULTS,
    ),
    Rule(
        "winner-driver-points",
        "results",
        W,
        "A winning driver does not hold the winner's points in the driver standings.",
        _RESULTS,
    ),
    Rule(
        "winner-position",
        "results",
        E,
        "The calendar's race winner is not shown winning that race in the driver standings.",
        "a calendar naming winners, lined up with standings read with support",
    ),
    Rule(
        "team-best-car",
        "results",
        E,
        "A team's points in a round are not the best of its cars' points.",
        _BEST_CAR,
    ),
    # entry list against standings
    Rule(
        "entry-rounds",
        "entries",
        E,
        "A driver scores in a round the entry list does not enter them for.",
        _ENTRIES,
    ),
    Rule(
        "entry-missing-team",
        "entries",
        E,
        "A team in the standings has no entry in the entry list.",
        _ENTRIES,
    ),
    Rule(
        "entry-missing-driver",
        "entries",
        W,
        "Drivers in the standings have no entry in the entry list.",
        _ENTRIES,
    ),
    Rule(
        "entry-overlap",
        "entries",
        W,
        "The entry list enters a driver for two teams in the same round.",
        "an entry list",
    ),
    Rule(
        "entry-unverifiable",
        "entries",
        INFO,
        "Standings rows the entry list cannot confirm or refute.",
        "an entry list",
    ),
    Rule(
        "entry-list-unreadable",
        "entries",
        INFO,
        "An entry-list row whose meaning was lost with its row spans.",
        "an entry list",
    ),
    # spelling
    Rule(
        "name-drift", "spelling", W, "The same person's name is spelled differently across tables."
    ),
    Rule("team-drift", "spelling", W, "The same team's name is spelled differently across tables."),
    Rule(
        "nationality-conflict",
        "spelling",
        W,
        "A person is given two different present-day countries.",
    ),
    # how each table was read
    Rule(
        "table-read",
        "readings",
        INFO,
        "What a table was read as, and how many of its rows the reading reconciles.",
    ),
    Rule(
        "table-unfit",
        "readings",
        INFO,
        "A table no reading fits well enough: its rows are not judged one by one.",
    ),
    Rule(
        "table-unread",
        "readings",
        INFO,
        "A table the audit has no reading for: what it looked like and why it was not read.",
    ),
    Rule(
        "cross-check-unfit",
        "readings",
        INFO,
        "Two tables relate in a way the audit did not read: their cases are not judged.",
    ),
    # reading the source
    Rule(
        "malformed-span",
        "source",
        INFO,
        "A rowspan or colspan that had to be repaired to lay out the table.",
    ),
    Rule("malformed-attribute", "source", INFO, "A cell attribute MediaWiki could not read."),
    Rule("unclosed-table", "source", INFO, "A table that is never closed."),
    Rule("row-outside-table", "source", INFO, "Table-row markup outside any table."),
    Rule("parse-issue", "source", INFO, "Something in the source could not be interpreted."),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in REGISTRY}
RULES: dict[str, str] = {rule.code: rule.summary for rule in REGISTRY}
"""Rule id -> one-sentence meaning (what SARIF and the README show)."""


def describe(rule: str) -> str:
    return RULES.get(rule, rule.replace("-", " ").capitalize() + ".")
