"""Linking findings to the notes that explain them: by what a note names, never by its wording."""

from __future__ import annotations

from wikiaudit.validators.findings import Severity

from tests.articles import MIN_DRIVE, SWAPPED, article, cross, line_of

TWO_CARS = (
    "Drivers in the GT category are allowed to drive more than one car during an event and "
    "score the points from whichever car they choose."
)
# Bill Beta drove the winning Red Racing car in round 3 but took his points from another car.
BILL_ELSEWHERE = (
    "| USA Bill Beta | USA Red Racing | 20 | 16 | 22 | 58 |",
    "| USA Bill Beta | USA Red Racing | 20 | 16 | 15 | 51 |",
)


def _swapped_with_note(note: str) -> list:
    return cross(article(*SWAPPED, note=note), "winner-points")


def test_note_naming_round_and_car_explains_the_team_finding():
    [finding] = _swapped_with_note("Note: the #7 car won at Alpha Park but lost its points.")
    assert finding.severity is Severity.INFO
    assert finding.explanation.startswith("Note: the #7 car")


def test_note_naming_the_team_by_the_results_label_of_the_round_explains():
    [finding] = _swapped_with_note("Green Team were stripped of their Alpha win.")
    assert finding.severity is Severity.INFO


def test_note_about_another_round_does_not_explain():
    [finding] = _swapped_with_note("Note: the #7 Green Team car lost its Beta Challenge points.")
    assert finding.severity is Severity.ERROR and finding.explanation is None


def test_note_naming_the_round_but_nobody_in_it_does_not_explain():
    [finding] = _swapped_with_note("The Alpha Grand Prix was shortened by rain.")
    assert finding.severity is Severity.ERROR


def test_note_for_another_class_does_not_explain():
    note = "Note: the #7 Green Team car won the Alpha round but lost its points."
    text = article(*SWAPPED).replace(
        "===Driver championships===", f"===Driver championships===\n\n====GT notes====\n{note}"
    )
    [finding] = cross(text, "winner-points")
    assert finding.severity is Severity.ERROR


def test_general_rule_never_explains_a_team_contradiction():
    [finding] = cross(article(*SWAPPED, rules=MIN_DRIVE), "winner-points")
    assert finding.severity is Severity.ERROR


def test_other_car_rule_explains_a_driver_who_scored_from_another_car():
    text = article(BILL_ELSEWHERE).replace(
        "====GT standings====\n| Pos | Driver",
        f"====GT standings====\n{TWO_CARS}\n\n| Pos | Driver",
    )
    [finding] = cross(text, "winner-driver-points")
    assert finding.severity is Severity.INFO
    assert finding.explanation_line == line_of(text, "more than one car")


def test_other_car_rule_of_another_class_does_not_explain():
    text = article(BILL_ELSEWHERE).replace(
        "====GTC standings====\n| Pos | Driver",
        f"====GTC standings====\n{TWO_CARS.replace('GT category', 'GTC category')}\n\n"
        "| Pos | Driver",
    )
    [finding] = cross(text, "winner-driver-points")
    assert finding.severity is Severity.WARNING


def test_a_class_rule_is_preferred_to_a_general_one():
    text = article(BILL_ELSEWHERE, rules=MIN_DRIVE).replace(
        "====GT standings====\n| Pos | Driver",
        f"====GT standings====\n{TWO_CARS}\n\n| Pos | Driver",
    )
    [finding] = cross(text, "winner-driver-points")
    assert finding.explanation_line == line_of(text, "more than one car")


def test_paragraph_naming_a_team_is_not_a_general_rule():
    rule = "Red Racing drivers were required to drive a minimum of 45 minutes to earn points."
    [finding] = cross(article(BILL_ELSEWHERE, rules=rule), "winner-driver-points")
    assert finding.severity is Severity.WARNING
