"""Spelling and code drift: the spelling grades pinned by pairs that must and must not match.

``names.spelling`` judges spelling alone; whether two spellings are one person also takes the
tables' evidence (``tests/test_linkage.py``). Here: which pairs are even candidates.
"""

from __future__ import annotations

import pytest
from rapidfuzz.distance import OSA
from wikiaudit.scraper.model import Name
from wikiaudit.scraper.text import parse_text
from wikiaudit.validators.build import read_season
from wikiaudit.validators.findings import Severity
from wikiaudit.validators.names import (
    MAX_NAME_LENGTH,
    Spelling,
    candidate_pairs,
    spelling,
    split_merged,
)

from tests.articles import article, cross

DIFFERENT_SPELLINGS = [
    ("Lucas Downs", "Matt Downs"),
    ("Antonio Downs", "Matt Downs"),
    ("Dario Franchitti", "Marino Franchitti"),
    ("Angel Benitez Jr.", "Angel Benitez Sr."),
    ("Jeroen Bleekemolen", "Sebastiaan Bleekemolen"),
    ("Dirk Müller", "Jörg Müller"),
    ("Ricardo González", "Roberto González"),
    ("Jon Fogarty", "John Fogarty"),  # a letter added to a short given name: another name
    ("Level 5 Motorsports", "Level 6 Motorsports"),
    ("Cosworth DFX", "Cosworth DFS"),  # engine codes: one letter apart, two engines
    ("JDX Racing", "GMG Racing"),
    ("Conquest Endurance", "Conquest Racing"),  # a rename needs evidence, not spelling
]
TYPOS = [
    ("Guy Smith", "Guy Simth"),  # transposed
    ("Scott Tucker", "Scott Tucekr"),  # transposed
    ("Scott Tucker", "Scott Tuker"),  # dropped
    ("Scott Tucker", "Scott Tuckker"),  # doubled
    ("Javier Acheverria", "Javier Echeverria"),  # changed
    ("Guy Smith", "Gyu Smith"),  # transposed in a short word
    ("NGT Motorsport", "NGT Motorsports"),
    ("David Heinemeier Hansson", "David Heinemeier Hanson"),
]
SAME = [
    ("Antônio Pizzonia", "Antonio Pizzonia"),
    ("Jörg Müller", "Jorg Muller"),
    ("Luis Díaz", "LUIS DIAZ"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT_SPELLINGS)
def test_different_names_are_not_candidates(a, b):
    assert spelling(a, b) is Spelling.DIFFERENT
    assert candidate_pairs([a, b]) == []


@pytest.mark.parametrize(("a", "b"), TYPOS)
def test_one_slip_in_one_word_is_a_typo(a, b):
    assert spelling(a, b) is Spelling.TYPO
    assert candidate_pairs([b, a]) == [tuple(sorted((a, b)))]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_accents_and_case_are_the_same_spelling(a, b):
    assert spelling(a, b) is Spelling.SAME


def test_a_transposition_is_one_edit_where_a_ratio_or_levenshtein_sees_two():
    """Why OSA: the word-ratio threshold the old check used could not see ``Simth``."""
    assert OSA.distance("smith", "simth") == 1
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    assert Levenshtein.distance("smith", "simth") == 2
    assert fuzz.ratio("smith", "simth") < 88


def test_strings_too_long_to_be_names_are_never_compared():
    long = "Drivers were required to drive a minimum of 45 minutes " * 3
    assert len(long) > MAX_NAME_LENGTH
    assert spelling(long, long.replace("45", "46")) is Spelling.DIFFERENT
    assert candidate_pairs([long, long.replace("45", "46")]) == []


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


def test_iso_and_ioc_codes_of_one_country_are_not_a_finding():
    """``DNK``/``DEN`` draw the same flag; rendered HTML does not even keep the code, so a
    finding about it could exist in one form of the article and not another."""
    text = article(
        ("| USA Carl Cole | All |", "| DNK Carl Cole | All |"),
        ("USA Carl Cole USA Dora Dunn", "DEN Carl Cole USA Dora Dunn"),
        ("| 2 | USA Carl Cole |", "| 2 | DEN Carl Cole |"),
    )
    assert cross(text) == []


def test_two_countries_for_one_driver_is_a_conflict_warning_naming_the_countries():
    text = article(("| 2 | USA Carl Cole |", "| 2 | GBR Carl Cole |"))
    [finding] = cross(text, "nationality-conflict")
    assert finding.severity is Severity.WARNING
    assert (finding.row, finding.column) == ("Carl Cole", "nationality")
    assert (finding.published, finding.expected) == ("United Kingdom", "United States")
    assert "GT standings" in finding.table


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("GBR", "NIR"),  # Northern Ireland is part of the United Kingdom
        ("SCO", "GBR"),
        ("ENG", "SCO"),
        ("DEU", "DDR"),  # a historical state: the era decides, not the article
        ("ZAF", "RHO"),
    ],
)
def test_home_nations_and_historical_states_are_not_two_countries(one, other):
    text = article(
        ("| USA Carl Cole | All |", f"| {one} Carl Cole | All |"),
        ("USA Carl Cole USA Dora Dunn", f"{one} Carl Cole USA Dora Dunn"),
        ("| 2 | USA Carl Cole |", f"| 2 | {other} Carl Cole |"),
    )
    season, _ = read_season(parse_text(text))
    flags = {r.name for s in season.standings for r in s.rows if r.name.text == "Carl Cole"}
    flags |= {e.driver for e in season.entries if e.driver.text == "Carl Cole"}
    assert flags == {Name("Carl Cole", one), Name("Carl Cole", other)}  # both read as flags
    assert cross(text) == []


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
