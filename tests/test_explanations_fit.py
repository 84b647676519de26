"""Explanations graded by fit: prose lowers a finding only when it names the case, describes an
anomaly of that kind, and the anomaly fits the numbers.

Why: an ``info`` finding tells an editor "the article already accounts for this". A sentence
that merely mentions the round and the winners, or a rules paragraph that cannot produce the
numbers found, must not say that — it hid the real Baltimore GTC error and sent the exit
status to 0.
"""

from __future__ import annotations

import pytest
from wikiaudit.reports import text as text_report
from wikiaudit.validators.findings import Finding, Severity

from tests.articles import FULL_SEASON, MIN_DRIVE, SWAPPED, article, audit_any, cross, demo, line_of
from tests.helpers import audit_text, read_fixture

BALTIMORE = (
    "TRG took its second win of the year at Baltimore, with Al Carter and Patrick Pilet sharing "
    "the car."
)


def _fixture_with(paragraph: str, after: str) -> str:
    text = read_fixture()
    assert text.count(after) == 1
    return text.replace(after, f"{after}\n\n{paragraph}\n")


def _one(findings: list[Finding], rule: str, row: str, column: str) -> Finding:
    [found] = [f for f in findings if (f.rule, f.row, f.column) == (rule, row, column)]
    return found


# --- benign prose lowers nothing -------------------------------------------------------------


@pytest.mark.parametrize(
    "after",
    ["Overall winners in bold.", "All teams utilize variations of the Porsche 997 GT3 Cup."],
)
def test_prose_naming_the_round_and_the_winners_explains_nothing(after: str) -> None:
    findings = audit_text(_fixture_with(BALTIMORE, after)).findings
    trg = _one(findings, "winner-points", "TRG", "BGP")
    assert trg.severity is Severity.ERROR
    assert trg.explanation is None and trg.context is None
    for driver in ("Al Carter", "Patrick Pilet"):
        finding = _one(findings, "winner-driver-points", driver, "BGP")
        assert finding.severity is Severity.WARNING and finding.explanation is None


def test_the_fixture_still_fails_with_the_benign_sentence(tmp_path, capsys) -> None:
    """The exit status an editor's CI sees: 1, because the Baltimore error is still an error."""
    from wikiaudit.cli import main

    path = tmp_path / "2012.txt"
    path.write_text(_fixture_with(BALTIMORE, "Overall winners in bold."), encoding="utf-8")
    assert main([str(path), "--format", "json"]) == 1
    assert '"rule": "winner-points"' in capsys.readouterr().out


# --- rules paragraphs: fit the numbers, never lower an error on their own word ---------------


def test_minimum_drive_time_does_not_explain_a_driver_holding_16_of_20() -> None:
    text = article(
        (
            "| USA Bill Beta | USA Red Racing | 20 | 16 | 22 | 58 |",
            "| USA Bill Beta | USA Red Racing | 16 | 16 | 22 | 54 |",
        ),
        rules=MIN_DRIVE,
    )
    [finding] = cross(text, "winner-driver-points")
    assert (finding.published, finding.expected) == ("16", "20")
    assert finding.severity is Severity.WARNING
    assert finding.explanation is None and finding.context is None


def test_minimum_drive_time_explains_a_driver_with_nothing_from_a_credited_car() -> None:
    text = article(
        (
            "| USA Bill Beta | USA Red Racing | 20 | 16 | 22 | 58 |",
            "| USA Bill Beta | USA Red Racing | 0 | 16 | 22 | 38 |",
        ),
        rules=MIN_DRIVE,
    )
    [finding] = cross(text, "winner-driver-points")
    assert finding.severity is Severity.INFO
    assert finding.explanation_line == line_of(text, "minimum of 45 minutes")


def test_the_fixture_winner_with_15_of_22_is_not_explained_by_the_drive_time_rule() -> None:
    """Scott Tucker, LGA: the rule at line 269 can explain 0 or no row, never 15."""
    findings = audit_text(read_fixture()).findings
    tucker = _one(findings, "winner-driver-points", "Scott Tucker", "LGA")
    assert (tucker.published, tucker.expected) == ("15", "22")
    assert tucker.severity is Severity.WARNING and tucker.explanation is None
    # the same rule still explains the drivers of that car with nothing
    montagny = _one(findings, "winner-driver-points", "Franck Montagny", "LGA")
    assert montagny.severity is Severity.INFO and montagny.explanation_line == 269


def test_a_rules_paragraph_the_tables_cannot_confirm_is_context_for_an_error() -> None:
    """Purple Racing won round 3 and has no team row; the article says partial-season teams are
    left out, but no entry list says whether Purple raced a partial season."""
    text = article(
        ("| 3 | Gamma | USA #1 Red Racing |", "| 3 | Gamma | USA #9 Purple Racing |"),
        team_rules=FULL_SEASON,
    )
    [finding] = cross(text, "winner-missing")
    assert finding.severity is Severity.ERROR
    assert finding.explanation is None
    assert finding.context_line == line_of(text, "full season entries")
    assert finding.context.startswith("Teams with full season entries")


def test_a_rules_paragraph_the_entry_list_confirms_explains_a_missing_winner() -> None:
    """The fixture's Rebellion Racing: entered for round 10 only, so a partial season."""
    findings = audit_text(read_fixture()).findings
    rebellion = _one(findings, "winner-missing", "Rebellion Racing", "PLM")
    assert rebellion.severity is Severity.INFO and rebellion.explanation_line == 279


# --- specific notes: the anomaly must fit ----------------------------------------------------


def test_the_mid_ohio_note_still_explains_the_gtc_team_and_its_drivers() -> None:
    findings = audit_text(read_fixture()).findings
    jdx = _one(findings, "winner-points", "JDX Racing", "MOH")
    assert jdx.table == "Championships > Team championships > GTC standings"
    assert (jdx.published, jdx.expected, jdx.severity) == ("0", "20", Severity.INFO)
    assert jdx.explanation_line == 335 and "went to the #66 TRG car" in jdx.explanation
    for driver in ("Tim Pappas", "Jeroen Bleekemolen"):
        finding = _one(findings, "winner-driver-points", driver, "MOH")
        assert finding.severity is Severity.INFO and finding.explanation_line == 335


def test_points_said_to_go_to_a_car_that_does_not_hold_them_do_not_explain() -> None:
    """The note names Red Racing as the recipient; the standings give the points to Gold."""
    note = "Note: the #7 Green Team car won at Alpha but the points went to the #1 Red Racing car."
    [finding] = cross(article(*SWAPPED, note=note), "winner-points")
    assert finding.severity is Severity.ERROR
    assert finding.context_line is not None and finding.explanation is None


def test_points_said_to_go_to_the_team_holding_them_explain() -> None:
    note = "Note: the #7 Green Team car won at Alpha but the points went to the #8 Gold Racing car."
    [finding] = cross(article(*SWAPPED, note=note), "winner-points")
    assert finding.severity is Severity.INFO


@pytest.mark.parametrize(
    "note",
    [
        "Note: the #7 Green Team car won at Alpha, but Gold Racing received the points.",
        "Note: at Alpha the #7 Green Team car was first, and the #8 Gold Racing car was awarded "
        "the points.",
    ],
)
def test_points_said_received_by_the_team_holding_them_explain(note: str) -> None:
    [finding] = cross(article(*SWAPPED, note=note), "winner-points")
    assert finding.severity is Severity.INFO


def test_a_drive_time_note_without_the_word_minimum_explains_the_driver() -> None:
    note = (
        "Note: the #7 Green Team car won at Alpha, but Gina Gamma did not drive for the "
        "required 45 minutes."
    )
    drivers = {f.row: f for f in cross(article(*SWAPPED, note=note), "winner-driver-points")}
    assert drivers["Gina Gamma"].severity is Severity.INFO
    assert drivers["Hank Hotel"].severity is Severity.WARNING


def test_a_drive_time_note_explains_the_named_driver_not_the_team() -> None:
    note = "Note: the #7 Green Team car won at Alpha but Gina Gamma failed the minimum drive time."
    text = article(*SWAPPED, note=note)
    [team] = cross(text, "winner-points")
    assert team.severity is Severity.ERROR and team.context_line == line_of(text, "Note: the #7")
    drivers = {f.row: f for f in cross(text, "winner-driver-points")}
    assert drivers["Gina Gamma"].severity is Severity.INFO
    assert drivers["Hank Hotel"].severity is Severity.WARNING


@pytest.mark.parametrize(
    ("note", "lowered"),
    [
        ("Note: the #7 Green Team car was disqualified from the Alpha round.", True),
        ("Note: the #7 Green Team car was given a penalty after the Alpha round.", True),
        ("Note: the #7 Green Team car was not classified at Alpha.", True),
        ("Note: the #7 Green Team car set the fastest lap at Alpha.", False),
        ("Note: the #7 Green Team car won at Alpha from pole position.", False),
    ],
)
def test_only_an_anomaly_of_the_right_kind_explains(note: str, lowered: bool) -> None:
    [finding] = cross(article(*SWAPPED, note=note), "winner-points")
    assert (finding.severity is Severity.INFO) is lowered


def test_an_exclusion_does_not_explain_a_team_that_kept_some_points() -> None:
    """Excluded means nothing scored: 13 of 20 is not what an exclusion leaves."""
    text = demo(
        (
            "| 1 || {{flagicon|FRA}} [[Alpine Works]] || 10 || 6 || 10 || 26",
            "| 1 || {{flagicon|FRA}} [[Alpine Works]] || 4 || 6 || 10 || 20",
        ),
        note="The #1 Alpine Works car was excluded from the North Ring results.",
    )
    [finding] = [f for f in audit_any(text) if f.rule == "winner-points"]
    assert (finding.published, finding.expected) == ("4", "10")
    assert finding.severity is Severity.ERROR


def test_an_exclusion_explains_a_team_with_nothing_in_another_layout() -> None:
    text = demo(
        (
            "| 1 || {{flagicon|FRA}} [[Alpine Works]] || 10 || 6 || 10 || 26",
            "| 1 || {{flagicon|FRA}} [[Alpine Works]] || 0 || 6 || 10 || 16",
        ),
        note="The #1 Alpine Works car was excluded from the North Ring results.",
    )
    [finding] = [f for f in audit_any(text) if f.rule == "winner-points"]
    assert finding.severity is Severity.INFO
    assert "excluded" in finding.explanation


# --- the text report shows a long note once per table ----------------------------------------


def test_a_long_note_is_printed_once_per_table_and_referred_to_after() -> None:
    from wikiaudit.validators.engine import audit

    from wikiaudit import scraper

    result = audit(scraper.parse(read_fixture(), "fixtures/2012.txt"))
    report = " ".join(text_report.render(result).split())  # unwrapped
    rules = "Drivers were required to drive a minimum of 45 minutes"
    uses = [f for f in result.findings if f.explanation_line == 269]
    tables = {f.table for f in uses}
    assert len(uses) > len(tables) >= 2
    assert report.count(rules) == len(tables)
    assert report.count("explained by: see note at line 269") == len(uses) - len(tables)


def test_context_is_shown_as_possibly_explained() -> None:
    from wikiaudit.scraper.text import parse_text
    from wikiaudit.validators.engine import audit

    text = article(
        ("| 3 | Gamma | USA #1 Red Racing |", "| 3 | Gamma | USA #9 Purple Racing |"),
        team_rules=FULL_SEASON,
    )
    report = text_report.render(audit(parse_text(text, "t.txt")))
    assert f"possibly explained by line {line_of(text, 'full season entries')}:" in report
