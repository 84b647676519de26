"""The arithmetic checks, on the fixture broken on purpose one cell at a time."""

from __future__ import annotations

import json

import pytest
from wikiaudit.reports.json import render as render_json

from tests.helpers import audit_text, cell_at, replace_cell

ARITHMETIC = {
    "total-mismatch",
    "impossible-points",
    "not-a-number",
    "out-of-range",
    "duplicate-team-score",
    "position-order",
    "total-order",
    "tie-total",
    "rounds-vs-calendar",
    "round-code-mismatch",
}
GTC_TEAMS = "Championships > Team championships > GTC standings"
GT_DRIVERS = "Championships > Driver championships > GT standings"


def arithmetic(findings):
    return [f for f in findings if f.rule in ARITHMETIC]


def test_untouched_fixture_has_no_arithmetic_errors(fixture_text: str) -> None:
    assert arithmetic(audit_text(fixture_text).findings) == []


def test_changed_total(fixture_text: str) -> None:
    broken = replace_cell(fixture_text, 330, 12, "109")  # JDX Racing, Total 108 -> 109
    [finding] = arithmetic(audit_text(broken).findings)
    assert finding.rule == "total-mismatch"
    assert (finding.table, finding.row, finding.column) == (GTC_TEAMS, "JDX Racing", "Total")
    assert (finding.published, finding.expected, finding.line) == ("109", "108", 330)
    assert finding.severity == "error"
    assert finding.fix == "108"  # every race value is valid, so the sum is certain


def test_changed_race_value_breaks_the_total_and_the_points_system(fixture_text: str) -> None:
    # Green Hornet at Laguna Seca (6 hours: 22, 18, 15, ...): 10 -> 11
    broken = replace_cell(fixture_text, 329, 4, "11")
    findings = {f.rule: f for f in arithmetic(audit_text(broken).findings)}
    assert set(findings) == {"impossible-points", "total-mismatch"}
    impossible = findings["impossible-points"]
    assert (impossible.row, impossible.column, impossible.published) == (
        "Green Hornet Racing",
        "LGA",
        "11",
    )
    assert impossible.line == 329
    assert "22, 18, 15, 12, 10, 8, 6, 5, 4, 3" in impossible.expected
    total = findings["total-mismatch"]
    assert (total.published, total.expected) == ("122", "123")
    assert total.fix is None  # a race value is itself wrong: the sum is not a safe correction


def test_points_allowed_in_one_band_are_impossible_in_another(fixture_text: str) -> None:
    # 24 is a 12-hour winner's score; Long Beach is a 2-hour race
    line = 423
    assert cell_at(fixture_text, line, 4) == "20"
    broken = replace_cell(replace_cell(fixture_text, line, 4, "24"), line, 13, "150")
    findings = arithmetic(audit_text(broken).findings)
    assert [(f.rule, f.row, f.column, f.published) for f in findings] == [
        ("impossible-points", "Oliver Gavin", "LBH", "24"),
        # Tommy Milner shares position 1 with Gavin and kept the old total
        ("tie-total", "Tommy Milner", "Total", "146"),
    ]
    assert findings[0].table == GT_DRIVERS


def test_zero_and_blank_are_always_allowed(fixture_text: str) -> None:
    broken = replace_cell(replace_cell(fixture_text, 330, 3, "0"), 330, 12, "95")
    assert arithmetic(audit_text(broken).findings) == []
    blank = replace_cell(replace_cell(fixture_text, 330, 3, ""), 330, 12, "95")
    assert arithmetic(audit_text(blank).findings) == []


def test_duplicated_team_score(fixture_text: str) -> None:
    # Green Hornet at Mid-Ohio 16 -> 20, the points TRG holds; the total follows
    broken = replace_cell(replace_cell(fixture_text, 329, 7, "20"), 329, 12, "126")
    [finding] = arithmetic(audit_text(broken).findings)
    assert finding.rule == "duplicate-team-score"
    assert (finding.row, finding.column, finding.published, finding.line) == (
        "Green Hornet Racing",
        "MOH",
        "20",
        329,
    )
    assert finding.details["other_row"] == "TRG"


@pytest.mark.parametrize(("value", "severity"), [("1O", "error"), ("??", "warning")])
def test_non_numeric_points(fixture_text: str, value: str, severity: str) -> None:
    # JDX Racing at Lime Rock: 10 -> a text value. It is reported at its cell (an error when
    # it reads as a mistyped number); the total it could explain is not judged a second time
    assert cell_at(fixture_text, 330, 5) == "10"
    broken = replace_cell(fixture_text, 330, 5, value)
    findings = arithmetic(audit_text(broken).findings)
    assert [(f.rule, f.column, f.published, f.line) for f in findings] == [
        ("not-a-number", "LRP", value, 330)
    ]
    assert findings[0].severity == severity


def test_result_code_in_a_points_cell_scores_nothing(fixture_text: str) -> None:
    # DNS is a result code (no points), not a broken cell: the row's 108 no longer adds up
    broken = replace_cell(fixture_text, 330, 5, "DNS")
    findings = arithmetic(audit_text(broken).findings)
    assert [(f.rule, f.row, f.column, f.published, f.expected) for f in findings] == [
        ("total-mismatch", "JDX Racing", "Total", "108", "98")
    ]


def test_positions_and_totals_order(fixture_text: str) -> None:
    swapped = replace_cell(fixture_text, 331, 0, "2")  # GMG Racing: position 5 -> 2
    rules = [(f.rule, f.row) for f in arithmetic(audit_text(swapped).findings)]
    assert ("position-order", "GMG Racing") in rules
    raised = replace_cell(replace_cell(fixture_text, 333, 11, "20"), 333, 12, "69")
    rules = [(f.rule, f.row, f.published) for f in arithmetic(audit_text(raised).findings)]
    assert ("total-order", "Competition Motorsports", "69") in rules


def test_tied_rows_must_share_totals(fixture_text: str) -> None:
    # Lucas Luhr shares position 1 with Klaus Graf (195): give him 194 and drop a point
    broken = replace_cell(replace_cell(fixture_text, 344, 11, "1"), 344, 12, "174")
    rules = {(f.rule, f.row) for f in arithmetic(audit_text(broken).findings)}
    assert ("tie-total", "Lucas Luhr") in rules


def test_round_columns_must_match_the_calendar(fixture_text: str) -> None:
    lines = fixture_text.split("\n")
    lines[20] = ""  # drop round 10 from the calendar
    findings = arithmetic(audit_text("\n".join(lines)).findings)
    assert {f.rule for f in findings} == {"rounds-vs-calendar"}
    assert len(findings) == 10  # every standings table, once
    assert {(f.published, f.expected) for f in findings} == {("10", "9")}


def test_round_codes_must_agree_between_tables(fixture_text: str) -> None:
    broken = replace_cell(fixture_text, 326, 7, "MDO")  # GTC teams header: MOH -> MDO
    [finding] = arithmetic(audit_text(broken).findings)
    assert (finding.rule, finding.column, finding.expected, finding.line) == (
        "round-code-mismatch",
        "MDO",
        "MOH",
        326,
    )


@pytest.mark.parametrize("line", [330, 329, 423])
def test_json_report_carries_every_required_field(fixture_text: str, line: int) -> None:
    broken = replace_cell(fixture_text, line, 1, cell_at(fixture_text, line, 1))
    broken = replace_cell(broken, 330, 12, "1")
    data = json.loads(render_json(audit_text(broken)))
    assert set(data) >= {"source", "findings", "summary"}
    assert set(data["summary"]) == {"error", "warning", "info"}
    total = next(f for f in data["findings"] if f["rule"] == "total-mismatch")
    for key in (
        "rule",
        "severity",
        "table",
        "row",
        "column",
        "published",
        "expected",
        "line",
        "message",
    ):
        assert key in total
    assert (total["line"], total["published"], total["expected"]) == (330, "1", "108")
    assert data["summary"]["error"] == sum(1 for f in data["findings"] if f["severity"] == "error")


def test_wrong_total_in_a_two_row_table_is_still_found(fixture_text: str) -> None:
    # P1 team standings has two rows: one wrong total leaves the sums inconclusive, but every
    # race cell is a value the points system gives, so the table is still summed
    broken = replace_cell(fixture_text, 287, 14, "191")
    [finding] = arithmetic(audit_text(broken).findings)
    assert (finding.rule, finding.row, finding.published, finding.expected) == (
        "total-mismatch",
        "Dyson Racing Team",
        "191",
        "190",
    )
