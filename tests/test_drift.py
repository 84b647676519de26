"""Spelling and code drift: thresholds pinned by the pairs that must and must not match."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz
from wikiaudit.scraper.model import Name
from wikiaudit.validators.findings import Severity
from wikiaudit.validators.names import (
    PERSON_WORD_RATIO,
    TEAM_RATIO,
    find_person,
    fold,
    person_drift,
    split_merged,
    team_drift,
)

from tests.articles import article, cross

DISTINCT_PEOPLE = [
    ("Lucas Downs", "Matt Downs"),
    ("Antonio Downs", "Matt Downs"),
    ("Lucas Downs", "Antonio Downs"),
    ("Dario Franchitti", "Marino Franchitti"),
    ("Angel Benitez Jr.", "Angel Benitez Sr."),
    ("Jeroen Bleekemolen", "Sebastiaan Bleekemolen"),
    ("Dirk Müller", "Jörg Müller"),
    ("Ricardo González", "Roberto González"),
    ("Jon Fogarty", "John Fogarty"),
]
SAME_PEOPLE = [
    ("Javier Acheverria", "Javier Echeverria"),
    ("Antônio Pizzonia", "Antonio Pizzonia"),
    ("Jörg Müller", "Jorg Muller"),
]


@pytest.mark.parametrize(("a", "b"), DISTINCT_PEOPLE)
def test_distinct_people_are_not_drift(a, b):
    assert not person_drift(a, b)


@pytest.mark.parametrize(("a", "b"), SAME_PEOPLE)
def test_spellings_of_one_person_are_drift(a, b):
    assert person_drift(a, b)


def test_word_threshold_separates_the_closest_pairs_on_both_sides():
    typo = fuzz.ratio("acheverria", "echeverria")
    nearest_distinct = max(fuzz.ratio("jon", "john"), fuzz.ratio("dario", "marino"))
    assert nearest_distinct < PERSON_WORD_RATIO <= typo
    # a whole-name score could not separate them: the distinct pair scores higher than the typo
    assert fuzz.ratio(fold("Jon Fogarty"), fold("John Fogarty")) > fuzz.ratio(
        fold("Javier Acheverria"), fold("Javier Echeverria")
    )


def test_team_threshold():
    assert team_drift("NGT Motorsport", "NGT Motorsports")
    assert fuzz.ratio("ngt motorsport", "ngt motorsports") >= TEAM_RATIO
    for a, b in [
        ("JDX Racing", "GMG Racing"),
        ("RSR Racing", "TRG Racing"),
        ("Dyson Racing Team", "Dempsey Racing"),
        ("Level 5 Motorsports", "Level 6 Motorsports"),
    ]:
        assert not team_drift(a, b), (a, b)


def test_renamed_team_needs_shared_drivers():
    assert not team_drift("Conquest Endurance", "Conquest Racing")
    assert team_drift("Conquest Endurance", "Conquest Racing", shared_people=True)


def test_find_person_refuses_an_ambiguous_variant():
    assert (
        find_person("Javier Acheverria", ["Javier Echeverria", "Matt Downs"]) == "Javier Echeverria"
    )
    assert find_person("Matt Downs", ["Lucas Downs", "Antonio Downs"]) is None


def test_split_merged_uses_known_names_only():
    known = {"Emilio Di Guida", "Jeroen Bleekemolen", "Bret Curtis"}
    merged = Name("Emilio Di Guida Jeroen Bleekemolen", "VEN")
    assert split_merged(merged, known) == (
        Name("Emilio Di Guida", "VEN"),
        Name("Jeroen Bleekemolen"),
    )
    assert split_merged(Name("Emilio Di Guida Someone Else", "VEN"), known) == (
        Name("Emilio Di Guida Someone Else", "VEN"),
    )


# --- in articles ------------------------------------------------------------------------


def test_misspelled_driver_is_reported_once_naming_both_spellings():
    text = article(("| USA Hank Hotel | All |", "| USA Hank Hotell | All |"))
    [finding] = cross(text, "name-drift")
    assert finding.severity is Severity.WARNING
    assert {finding.published, finding.expected} == {"Hank Hotell", "Hank Hotel"}
    assert finding.row == "Hank Hotell"  # the rarer spelling is the one located
    assert "Entry list" in finding.message and "GTC standings" in finding.message


def test_drivers_sharing_a_surname_are_not_drift():
    text = article(
        ("| USA Ivan Ink |", "| USA Lucas Downs |"),
        ("| USA Jack Jones |", "| USA Matt Downs |"),
        ("USA Ivan Ink USA Jack Jones", "USA Lucas Downs USA Matt Downs"),
        ("| 2 | USA Ivan Ink |", "| 2 | USA Lucas Downs |"),
        ("| USA Jack Jones | USA Gold", "| USA Matt Downs | USA Gold"),
    )
    assert cross(text, "name-drift") == []
    assert cross(text) == []


def test_iso_and_ioc_codes_of_one_country_are_drift_reported_once():
    text = article(
        ("| USA Carl Cole | All |", "| DNK Carl Cole | All |"),
        ("USA Carl Cole USA Dora Dunn", "DEN Carl Cole USA Dora Dunn"),
        ("| 2 | USA Carl Cole |", "| 2 | DEN Carl Cole |"),
    )
    [finding] = cross(text, "nationality-drift")
    assert finding.severity is Severity.WARNING
    assert (finding.row, finding.published, finding.expected) == ("Carl Cole", "DNK", "DEN")
    assert cross(text, "nationality-conflict") == []


def test_two_countries_for_one_driver_is_a_conflict():
    text = article(("| 2 | USA Carl Cole |", "| 2 | GBR Carl Cole |"))
    [finding] = cross(text, "nationality-conflict")
    assert finding.severity is Severity.ERROR
    assert (finding.published, finding.expected) == ("GBR", "USA")


def test_team_spelled_two_ways_is_reported_once():
    text = article(
        ("| 2 | USA Gold Racing | 16 |", "| 2 | USA Gold Racings | 16 |"),
    )
    [finding] = cross(text, "team-drift")
    assert finding.row == "Gold Racings"
    assert cross(text, "entry-missing-team") == []


def test_renamed_team_with_the_same_drivers_is_drift():
    text = article(
        ("| 2 | Beta | USA #2 Blue Motorsport |", "| 2 | Beta | USA #2 Blue Endurance |")
    )
    [finding] = cross(text, "team-drift")
    assert {finding.published, finding.expected} == {"Blue Endurance", "Blue Motorsport"}
    assert cross(text, "winner-missing") == []
