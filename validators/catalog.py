"""What each rule id means, in one sentence an editor can act on.

Reports that list rules (SARIF's ``tool.driver.rules``, the README's table) read them here, so
a rule's meaning is written once.
"""

from __future__ import annotations

RULES: dict[str, str] = {
    # arithmetic within one standings table
    "total-mismatch": "A row's total is not the sum of its race points.",
    "impossible-points": "A race value that the season's points system cannot give for that "
    "race's length.",
    "not-a-number": "A points, position or total cell that is not a whole number.",
    "out-of-range": "A negative points value, or a position below 1.",
    "duplicate-team-score": "Two teams of one class hold the same non-zero points in one round.",
    "position-order": "Positions do not ascend down the table.",
    "total-order": "A total is higher than the total of a row ranked above it.",
    "tie-total": "Rows sharing a position have different totals.",
    "rounds-vs-calendar": "The standings' round columns do not match the calendar's rounds.",
    "round-code-mismatch": "One round is headed with different codes in different tables.",
    "schema": "A cell fails a column rule of its table.",
    "table-schema": "A calendar, points-system, results or entry-list cell fails a column rule.",
    # positions matrices
    "positions-total-mismatch": "A total differs from the points its finishing positions give.",
    "positions-unscored": "A finishing position that the points system does not score as written.",
    # results against standings
    "winner-points": "The results' class winner does not hold the winner's points in the team "
    "standings.",
    "winner-missing": "The results' class winner has no row in the team standings.",
    "winner-driver-points": "A winning driver does not hold the winner's points in the driver "
    "standings.",
    "team-best-car": "A team's points in a round are not the best of its cars' points.",
    # entry list against standings
    "entry-rounds": "A driver scores in a round the entry list does not enter them for.",
    "entry-missing-team": "A team in the standings has no entry in the entry list.",
    "entry-missing-driver": "Drivers in the standings have no entry in the entry list.",
    "entry-overlap": "The entry list enters a driver for two teams in the same round.",
    "entry-unverifiable": "Standings rows the entry list cannot confirm or refute.",
    "entry-list-unreadable": "An entry-list row whose meaning was lost with its row spans.",
    # spelling
    "name-drift": "The same person's name is spelled differently across tables.",
    "team-drift": "The same team's name is spelled differently across tables.",
    "nationality-conflict": "A person is given two different present-day countries.",
    # reading the source
    "malformed-span": "A rowspan or colspan that had to be repaired to lay out the table.",
    "malformed-attribute": "A cell attribute MediaWiki could not read.",
    "unclosed-table": "A table that is never closed.",
    "row-outside-table": "Table-row markup outside any table.",
    "parse-issue": "Something in the source could not be interpreted.",
}


def describe(rule: str) -> str:
    return RULES.get(rule, rule.replace("-", " ").capitalize() + ".")
