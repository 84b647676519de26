"""Cross-table checks on small articles in the flattened text form, broken on purpose.

``tests/articles.ARTICLE`` is consistent in every table; each test edits one or two lines of it
and asserts the finding the edit must cause (and, for the consistent article, that there is
none).
"""

from __future__ import annotations

from collections import Counter

import pytest
from wikiaudit.validators.findings import Finding, Severity

from tests.articles import CROSS_RULES, FULL_SEASON, MIN_DRIVE, SWAPPED, article, cross, line_of
from tests.helpers import audit_text

# --- the consistent article ------------------------------------------------------------------


def test_consistent_article_has_no_cross_table_findings():
    assert cross(article(rules=MIN_DRIVE, team_rules=FULL_SEASON)) == []


def test_consistent_article_is_clean_overall():
    findings = audit_text(article()).findings
    assert [f for f in findings if f.severity is not Severity.INFO] == []


# --- 1. results vs team standings ---------------------------------------------------------


def test_winner_without_winners_points_names_the_team_holding_them():
    text = article(*SWAPPED)
    [finding] = cross(text, "winner-points")
    assert finding.severity is Severity.ERROR
    assert finding.table.endswith("Team championships > GTC standings")
    assert (finding.row, finding.column, finding.published, finding.expected) == (
        "Green Team",
        "ALP",
        "0",
        "20",
    )
    assert finding.line == line_of(text, "| 1 | USA Green Team | 0 |")
    assert "Gold Racing" in finding.message
    assert finding.explanation is None


def test_winner_absent_from_team_standings_is_an_error_without_a_rule():
    text = article(
        ("| 3 | Gamma | USA #1 Red Racing |", "| 3 | Gamma | USA #9 Purple Racing |"),
    )
    [finding] = cross(text, "winner-missing")
    assert finding.severity is Severity.ERROR
    assert (finding.row, finding.column, finding.expected) == ("Purple Racing", "GAM", "22")
    assert "Red Racing" in finding.message  # who holds the 22 instead


def purple_entry(rounds: str) -> tuple[str, str]:
    """An entry-list edit entering Purple Racing (Pat Plum) in ``rounds``."""
    block = f"| USA Purple Racing | Oreca |\n| USA Pat Plum | {rounds} |\n"
    return (
        "| USA Blue Motorsport | Ferrari 458 |",
        block + "| USA Blue Motorsport | Ferrari 458 |",
    )


def test_partial_season_winner_absent_is_explained_by_the_full_season_rule():
    text = article(
        ("| 3 | Gamma | USA #1 Red Racing |", "| 3 | Gamma | USA #9 Purple Racing |"),
        purple_entry("3"),
        team_rules=FULL_SEASON,
    )
    [finding] = cross(text, "winner-missing")
    assert finding.severity is Severity.INFO
    assert finding.explanation_line == line_of(text, "full season entries")


def test_full_season_winner_absent_is_not_explained_by_the_full_season_rule():
    text = article(
        ("| 3 | Gamma | USA #1 Red Racing |", "| 3 | Gamma | USA #9 Purple Racing |"),
        purple_entry("All"),
        team_rules=FULL_SEASON,
    )
    [finding] = cross(text, "winner-missing")
    assert finding.severity is Severity.ERROR


def test_winner_under_a_variant_team_name_is_matched_not_reported_missing():
    text = article(
        ("| 2 | Beta | USA #2 Blue Motorsport |", "| 2 | Beta | USA #2 Blue Motorsports |")
    )
    assert cross(text, "winner-missing") == [] and cross(text, "winner-points") == []
    assert [f.row for f in cross(text, "team-drift")] == ["Blue Motorsports"]


# --- 2. results vs driver standings -------------------------------------------------------


def test_winning_driver_with_fewer_points_is_a_warning_saying_what_is_missing():
    text = article(
        (
            "| USA Bill Beta | USA Red Racing | 20 | 16 | 22 | 58 |",
            "| USA Bill Beta | USA Red Racing | 20 | 16 | 0 | 36 |",
        )
    )
    [finding] = cross(text, "winner-driver-points")
    assert finding.severity is Severity.WARNING
    assert (finding.row, finding.column, finding.published, finding.expected) == (
        "Bill Beta",
        "GAM",
        "0",
        "22",
    )


def test_winning_driver_without_a_row_is_reported():
    text = article(
        (
            "| USA Anna Alpha USA Bill Beta | USA Gina",
            "| USA Anna Alpha USA Bill Beta USA Zed Zulu | USA Gina",
        )
    )
    [finding] = cross(text, "winner-driver-points")
    assert (finding.row, finding.column, finding.published) == ("Zed Zulu", "ALP", "no row")
    assert finding.line == line_of(text, "Zed Zulu")


def test_minimum_drive_rule_explains_a_driver_missing_points_of_a_credited_car():
    text = article(
        (
            "| USA Bill Beta | USA Red Racing | 20 | 16 | 22 | 58 |",
            "| USA Bill Beta | USA Red Racing | 20 | 16 | 0 | 36 |",
        ),
        rules=MIN_DRIVE,
    )
    [finding] = cross(text, "winner-driver-points")
    assert finding.severity is Severity.INFO
    assert finding.explanation_line == line_of(text, "minimum of 45 minutes")


def test_minimum_drive_rule_does_not_explain_a_car_that_was_not_credited():
    text = article(*SWAPPED, rules=MIN_DRIVE)
    drivers = cross(text, "winner-driver-points")
    assert {f.row for f in drivers} == {"Gina Gamma", "Hank Hotel"}
    assert all(f.severity is Severity.WARNING for f in drivers)
    assert cross(text, "winner-points")[0].severity is Severity.ERROR


def test_specific_note_explains_the_team_and_its_drivers():
    note = (
        "Note: the #7 Green Team car won the Alpha round but Gina Gamma failed to meet the "
        "minimum driving time, so the first place points went to the #8 Gold Racing car."
    )
    text = article(*SWAPPED, rules=MIN_DRIVE, note=note)
    explained = cross(text, "winner-points") + cross(text, "winner-driver-points")
    assert len(explained) == 3
    assert {f.severity for f in explained} == {Severity.INFO}
    assert {f.explanation_line for f in explained} == {line_of(text, "Note: the #7")}
    assert explained[0].details["original_severity"] == "error"


# --- 4. team = best car ------------------------------------------------------------------


def test_team_scoring_less_than_its_driver():
    text = article(
        (
            "| 2 | USA Blue Motorsport | 16 | 20 | 18 | 54 |",
            "| 2 | USA Blue Motorsport | 16 | 20 | 15 | 51 |",
        )
    )
    [finding] = cross(text, "team-best-car")
    assert (finding.row, finding.column, finding.published, finding.expected) == (
        "Blue Motorsport",
        "GAM",
        "15",
        "18",
    )
    assert finding.severity is Severity.ERROR


def test_team_scoring_more_than_all_its_listed_drivers():
    text = article(
        (
            "| 2 | USA Carl Cole | USA Blue Motorsport | 16 | 20 | 18 | 54 |",
            "| 2 | USA Carl Cole | USA Blue Motorsport | 16 | 20 | 15 | 51 |",
        ),
        (
            "| USA Dora Dunn | USA Blue Motorsport | 16 | 20 | 18 | 54 | |",
            "| USA Dora Dunn | USA Blue Motorsport | 16 | 20 | 15 | 51 | |",
        ),
    )
    [finding] = cross(text, "team-best-car")
    assert (finding.row, finding.column, finding.published, finding.expected) == (
        "Blue Motorsport",
        "GAM",
        "18",
        "15",
    )


def test_team_scoring_more_is_not_flagged_when_an_entered_driver_is_unlisted():
    text = article(
        (
            "| 2 | USA Carl Cole | USA Blue Motorsport | 16 | 20 | 18 | 54 |",
            "| 2 | USA Carl Cole | USA Blue Motorsport | 16 | 20 | 15 | 51 |",
        ),
        (
            "| USA Dora Dunn | USA Blue Motorsport | 16 | 20 | 18 | 54 | |",
            "| USA Dora Dunn | USA Blue Motorsport | 16 | 20 | 15 | 51 | |",
        ),
        ("| USA Dora Dunn | All |", "| USA Dora Dunn | All |\n| USA Eve Early | 3 |"),
    )
    assert cross(text, "team-best-car") == []


def test_a_driver_who_changed_teams_is_not_his_listed_teams_best_car():
    """Mona Mars, listed with Orange Works, drove Blue Motorsport's car at GAM (18 points):
    Orange Works' 12 there is no contradiction, with or without an entry list that says so."""
    moved = (
        "| 4 | USA Mona Mars | USA Orange Works | 10 | 10 | 12 | 32 |",
        "| 4 | USA Mona Mars | USA Orange Works | 10 | 10 | 18 | 38 |",
    )
    assert cross(article(moved), "team-best-car") == []
    entries = (
        ("| USA Mona Mars | All |", "| USA Mona Mars | 1–2 |"),
        ("| USA Dora Dunn | All |", "| USA Dora Dunn | All |\n| USA Mona Mars | 3 |"),
    )
    text = article(moved, *entries)
    assert cross(text, "team-best-car") == [] and cross(text, "entry-rounds") == []
    # a team cell below its driver's, which no other team holds, is still an error
    broken = (
        "| 4 | USA Orange Works | 10 | 10 | 12 | 32 |",
        "| 4 | USA Orange Works | 10 | 10 | 9 | 29 |",
    )
    [finding] = cross(article(broken), "team-best-car")
    assert (finding.row, finding.column, finding.published) == ("Orange Works", "GAM", "9")


def test_a_team_written_without_its_sponsor_in_the_results_is_one_team():
    """The results write ``Blue Motorsport``, the entry list and standings ``Azure Blue
    Motorsport`` (a sponsor's name in front, as a piped link shows it): the same drivers make it
    one team, a spelling at most, never a missing winner."""
    full = "USA Azure Blue Motorsport"
    text = article(
        ("| USA Blue Motorsport | Ferrari 458 |", f"| {full} | Ferrari 458 |"),
        ("| 2 | USA Blue Motorsport | 16 | 20 | 18 | 54 |", f"| 2 | {full} | 16 | 20 | 18 | 54 |"),
        (
            "| 2 | USA Carl Cole | USA Blue Motorsport | 16 | 20 | 18 | 54 |",
            f"| 2 | USA Carl Cole | {full} | 16 | 20 | 18 | 54 |",
        ),
        (
            "| USA Dora Dunn | USA Blue Motorsport | 16 | 20 | 18 | 54 | |",
            f"| USA Dora Dunn | {full} | 16 | 20 | 18 | 54 | |",
        ),
    )
    found = cross(text)
    assert [f for f in found if f.severity is Severity.ERROR] == []
    assert [(f.rule, f.row) for f in found if f.severity is Severity.WARNING] == [
        ("team-drift", "Blue Motorsport")
    ]


def test_a_duplicate_score_is_reported_on_the_cell_no_driver_vouches_for():
    """Red Racing's ALP 20 typed 16, the same as Blue Motorsport's correct 16: the finding
    sits on Red Racing, whose drivers scored 20 there, not on Blue Motorsport."""
    text = article(
        ("| 1 | USA Red Racing | 20 | 16 | 22 | 58 |", "| 1 | USA Red Racing | 16 | 16 | 22 | 54 |")
    )
    [duplicate] = [f for f in audit_text(text).findings if f.rule == "duplicate-team-score"]
    assert (duplicate.row, duplicate.column, duplicate.published) == ("Red Racing", "ALP", "16")


@pytest.mark.parametrize("cell", ["No finishers", "Not held", "—"])
def test_a_class_with_no_winner_that_round_names_no_team(cell: str):
    text = article(
        (
            "| 2 | Beta | USA #2 Blue Motorsport | USA #8 Gold Racing | Report |",
            f"| 2 | Beta | USA #2 Blue Motorsport | {cell} | Report |",
        ),
        (
            "| USA Carl Cole USA Dora Dunn | USA Ivan Ink USA Jack Jones | | |",
            "| USA Carl Cole USA Dora Dunn | | | |",
        ),
    )
    assert cross(text) == []


def test_two_team_cells_swapped_are_both_found():
    """Silver Arrow's GAM 15 and Orange Works' 12 swapped: Orange holding 15 vouches for
    nothing (none of its own drivers scored 15 there), so Silver below its driver is found."""
    text = article(
        (
            "| 3 | USA Silver Arrow Team | 13 | 13 | 15 | 41 |",
            "| 3 | USA Silver Arrow Team | 13 | 13 | 12 | 38 |",
        ),
        (
            "| 4 | USA Orange Works | 10 | 10 | 12 | 32 |",
            "| 4 | USA Orange Works | 10 | 10 | 15 | 35 |",
        ),
    )
    found = {(f.row, f.column) for f in cross(text, "team-best-car")}
    assert found == {("Silver Arrow Team", "GAM"), ("Orange Works", "GAM")}


# --- 5. entry list vs standings ------------------------------------------------------------


def test_driver_scoring_outside_his_entered_rounds_is_an_error_when_no_row_was_lost():
    # Anna is the row flattening lost from Red Racing's block; Bill's rounds are explicit.
    # Bill is not among the round 2 winners: the standings and the entry list disagree alone,
    # and the finding stays on the standings cell.
    text = article(
        ("| USA Anna Alpha | All |\n", ""),
        ("| USA Bill Beta | All |", "| USA Bill Beta | 1, 3 |"),
        (
            "| USA Bill Beta | USA Red Racing | 20 | 16 | 22 | 58 |",
            "| USA Bill Beta | USA Red Racing | 20 | 13 | 22 | 55 |",
        ),
    )
    [finding] = cross(text, "entry-rounds")
    assert finding.severity is Severity.ERROR
    assert (finding.row, finding.column, finding.published) == ("Bill Beta", "BET", "13")


def test_entry_list_is_the_odd_one_out_when_results_and_standings_agree():
    # Bill won round 3 in the results and scores 22 there in the standings: the entry list,
    # which enters him for rounds 1–2 only, is the table that disagrees with the other two.
    text = article(
        ("| USA Anna Alpha | All |\n", ""), ("| USA Bill Beta | All |", "| USA Bill Beta | 1–2 |")
    )
    [finding] = cross(text, "entry-rounds")
    assert finding.severity is Severity.ERROR
    assert finding.table == "Entry list"
    assert (finding.row, finding.column, finding.published, finding.expected) == (
        "Bill Beta",
        "Rounds",
        "1–2",
        "1–3",
    )
    assert finding.line == line_of(text, "| USA Bill Beta | 1–2 |")


def test_driver_scoring_outside_his_rounds_is_info_when_a_lost_row_may_hold_it():
    text = article(("| USA Bill Beta | All |", "| USA Bill Beta | 1–2 |"))
    [finding] = cross(text, "entry-rounds")
    assert finding.severity is Severity.INFO
    assert "lost" in finding.message


def test_driver_entered_that_round_for_another_team_of_his_class_may_score():
    """A driver's points are his own: entered for another team of the class that round (a
    mid-season move the standings' one team does not show), scoring there is no finding."""
    text = article(
        ("| USA Anna Alpha | All |\n", ""),
        ("| USA Bill Beta | All |", "| USA Bill Beta | 1–2 |"),
        ("| USA Dora Dunn | All |", "| USA Dora Dunn | All |\n| USA Bill Beta | 3 |"),
    )
    assert cross(text, "entry-rounds") == []
    assert [f.row for f in cross(text, "entry-overlap")] == []  # rounds 1–2 and 3 do not meet


def test_driver_entered_that_round_in_another_class_is_a_warning():
    text = article(
        ("| USA Anna Alpha | All |\n", ""),
        ("| USA Bill Beta | All |", "| USA Bill Beta | 1–2 |"),
        ("| USA Gina Gamma | All |", "| USA Gina Gamma | All |\n| USA Bill Beta | 3 |"),
    )
    [finding] = cross(text, "entry-rounds")
    assert finding.severity is Severity.WARNING
    assert "Green Team (GTC)" in finding.message


def test_driver_entered_for_two_teams_in_one_round():
    text = article(("| USA Dora Dunn | All |", "| USA Dora Dunn | All |\n| USA Bill Beta | 3 |"))
    [finding] = cross(text, "entry-overlap")
    assert finding.row == "Bill Beta" and "round 3" in finding.message


def test_team_in_standings_without_an_entry():
    text = article(
        (
            "| USA Gold Racing | Porsche Cup |\n| USA Ivan Ink | All |\n| USA Jack Jones | All |\n",
            "",
        )
    )
    missing = cross(text, "entry-missing-team")
    assert {(f.table.split(" > ")[1], f.row) for f in missing} == {
        ("Team championships", "Gold Racing"),
        ("Driver championships", "Ivan Ink"),
    }
    assert all(f.severity is Severity.ERROR for f in missing)


def test_more_unlisted_scorers_than_lost_rows():
    text = article(("| USA Anna Alpha | All |\n| USA Bill Beta | All |", "| USA Eve Early | 2 |"))
    [finding] = cross(text, "entry-missing-driver")
    assert finding.row == "Red Racing" and "Anna Alpha" in finding.message


def test_unlisted_scorer_within_the_lost_rows_is_only_mentioned_as_info():
    text = article(("| USA Anna Alpha | All |\n", ""))
    assert cross(text, "entry-missing-driver") == []
    [info] = cross(text, "entry-unverifiable")
    assert info.severity is Severity.INFO and "Anna Alpha" in info.message


# --- results cells that lost a flag -------------------------------------------------------


def test_driver_that_lost_his_flag_is_split_from_the_name_before_it():
    text = article(
        (
            "| USA Anna Alpha USA Bill Beta | USA Gina Gamma USA Hank Hotel | | |",
            "| USA Anna Alpha Bill Beta | USA Gina Gamma USA Hank Hotel | | |",
        )
    )
    assert cross(text, "winner-driver-points") == []


# --- the fixture article ------------------------------------------------------------------


@pytest.fixture
def fixture_findings(fixture_text) -> list[Finding]:
    return audit_text(fixture_text, "fixtures/2012.txt").findings


def test_fixture_pappas_case_is_flagged_explained_and_located(fixture_findings, fixture_text):
    [finding] = [f for f in fixture_findings if f.rule == "winner-points" and f.row == "JDX Racing"]
    assert finding.table == "Championships > Team championships > GTC standings"
    assert (finding.column, finding.published, finding.expected) == ("MOH", "0", "20")
    assert finding.line == 330 and fixture_text.splitlines()[329].startswith("| 4 | USA JDX")
    assert finding.severity is Severity.INFO
    assert finding.explanation_line == 335 and "Tim Pappas" in finding.explanation
    assert "TRG" in finding.message


def test_fixture_unexplained_result_contradiction_stays_an_error(fixture_findings):
    errors = [
        f for f in fixture_findings if f.rule == "winner-points" and f.severity is Severity.ERROR
    ]
    assert [(f.row, f.column, f.published, f.expected) for f in errors] == [
        ("TRG", "BGP", "13", "20")
    ]


def test_fixture_findings_are_each_reported_once(fixture_findings):
    keys = Counter(f.key for f in fixture_findings if f.rule in CROSS_RULES)
    assert [key for key, count in keys.items() if count > 1] == []
