"""Record linkage: a misspelt name is one ``name-drift`` finding at its cell, never a cascade,
and two real people who share a name part are never joined.

The fixture is broken one cell at a time the way editors slip (a transposed, dropped, doubled
or accent-less letter); the findings of the broken article are compared with the fixture's own,
with the broken row's label mapped back, so that everything the typo adds is visible. The
invented Demo Cup (wikitext, another layout) holds a father and son one letter apart in one car.
"""

from __future__ import annotations

from collections import Counter

import pytest
from wikiaudit.scraper.text import parse_text
from wikiaudit.validators.build import read_season
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.linkage import links

from tests.articles import DEMO, article, audit_any, cross, demo, line_of
from tests.helpers import audit_text, read_fixture
from wikiaudit import scraper

Key = tuple[str, str, str | None, str | None, str | None, str | None]


def _keys(findings: list[Finding], rename: tuple[str, str] | None = None) -> Counter[Key]:
    def row(value: str | None) -> str | None:
        return rename[1] if rename and value == rename[0] else value

    return Counter(
        (f.rule, f.severity.value, f.table, row(f.row), f.column, row(f.published))
        for f in findings
    )


@pytest.fixture(scope="module")
def fixture_keys() -> Counter[Key]:
    return _keys(audit_text(read_fixture()).findings)


def _break_line(line: int, old: str, new: str) -> str:
    lines = read_fixture().split("\n")
    assert old in lines[line - 1], (line, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new)
    return "\n".join(lines)


# (line in fixtures/2012.txt, the name there, the slip, the table the row is in)
SLIPS = {
    "transposed (Guy Smith)": (346, "Guy Smith", "Guy Simth", "P1 standings"),
    "transposed (Scott Tucker)": (367, "Scott Tucker", "Scott Tucekr", "P2 standings"),
    "dropped": (367, "Scott Tucker", "Scott Tuker", "P2 standings"),
    "doubled": (432, "Jörg Müller", "Jörg Müller", "GT standings"),
    "accent lost": (371, "Luis Díaz", "Luis Diaz", "P2 standings"),
    "hyphenated surname": (392, "Tom Kimber-Smith", "Tom Kimber-Smtih", "PC standings"),
    "short given name": (346, "Guy Smith", "Gyu Smith", "P1 standings"),
}
SLIPS["doubled"] = (432, "Jörg Müller", "Jörg Mülller", "GT standings")


@pytest.mark.parametrize("case", list(SLIPS))
def test_a_slip_in_one_standings_row_is_one_name_drift_at_that_cell(
    case: str, fixture_keys: Counter[Key]
) -> None:
    line, name, slip, table = SLIPS[case]
    text = _break_line(line, name, slip)
    findings = audit_text(text).findings
    added = _keys(findings, rename=(slip, name)) - fixture_keys
    removed = fixture_keys - _keys(findings, rename=(slip, name))
    [drift] = [f for f in findings if f.rule == "name-drift" and f.row == slip]
    assert (drift.published, drift.expected) == (slip, name)
    assert drift.table == f"Championships > Driver championships > {table}"
    assert drift.line == line and drift.column == "Driver"
    assert drift.cell is not None and drift.severity is Severity.WARNING
    # nothing else changed: no "no row" winner finding, no entry-list finding, no lost driver
    assert sum(added.values()) == 1 and removed == Counter(), (added, removed)


def test_a_slip_in_one_round_of_the_results_is_found_there() -> None:
    """Guy Smith won rounds 1 and 7; in round 7's results he is ``Guy Simth``."""
    text = _break_line(260, "GBR Guy Smith", "GBR Guy Simth")
    [drift] = [f for f in cross(text, "name-drift") if f.row != "Javier Echeverria"]
    assert (drift.row, drift.expected, drift.table, drift.line) == (
        "Guy Simth",
        "Guy Smith",
        "Results and standings",
        260,
    )
    assert [f for f in cross(text, "winner-driver-points") if "Simth" in (f.row or "")] == []


def test_a_slip_in_a_team_name_is_one_team_drift_not_a_missing_winner(
    fixture_keys: Counter[Key],
) -> None:
    text = _break_line(292, "Level 5 Motorsports", "Level 5 Motorpsorts")
    findings = audit_text(text).findings
    added = _keys(findings, rename=("Level 5 Motorpsorts", "Level 5 Motorsports")) - fixture_keys
    assert [key[0] for key in added] == ["team-drift"]
    assert not [f for f in findings if "Motorpsorts" in f.message and f.rule != "team-drift"]


# --- people who are not one person -----------------------------------------------------------

REAL_PAIRS = [
    ("Dario Franchitti", "Marino Franchitti"),
    ("Lucas Downs", "Matt Downs"),
    ("Antonio Downs", "Lucas Downs"),
    ("Ricardo González", "Roberto González"),
    ("Jeroen Bleekemolen", "Sebastiaan Bleekemolen"),
    ("Dirk Müller", "Jörg Müller"),
    ("Angel Benitez Jr.", "Angel Benitez Sr."),
    ("Guy Smith", "Tom Kimber-Smith"),
]


@pytest.mark.parametrize(("a", "b"), REAL_PAIRS)
def test_relatives_and_namesakes_in_the_fixture_stay_apart(a: str, b: str) -> None:
    season, _ = read_season(parse_text(read_fixture()))
    linkage = links(season)
    assert a in linkage.people and b in linkage.people
    assert not linkage.same_person(a, b)


def test_the_only_spelling_the_fixture_links_is_its_real_typo() -> None:
    season, _ = read_season(parse_text(read_fixture()))
    assert links(season).spellings("person") == [["Javier Acheverria", "Javier Echeverria"]]
    assert sorted(map(sorted, links(season).spellings("team"))) == [
        ["Conquest Endurance", "Conquest Racing"],
        ["NGT Motorsport", "NGT Motorsports"],
    ]


def test_two_names_one_letter_apart_in_one_table_are_two_people() -> None:
    """``Jon``/``John``: one standings table lists each person once."""
    text = article(
        ("| USA Ivan Ink | All |", "| USA Jon Jones | All |"),
        ("USA Ivan Ink USA Jack Jones", "USA Jon Jones USA Jack Jones"),
        ("| 2 | USA Ivan Ink |", "| 2 | USA Jon Jones |"),
        ("| USA Jack Jones | All |", "| USA John Jones | All |"),
        ("USA Jon Jones USA Jack Jones", "USA Jon Jones USA John Jones"),
        ("| USA Jack Jones | USA Gold", "| USA John Jones | USA Gold"),
    )
    assert cross(text) == []


def test_a_slip_with_another_flag_or_another_team_is_not_linked() -> None:
    """One letter apart but no shared team or car, or another country: not the same person."""
    same_team = article(("| USA Jack Jones | USA Gold", "| USA Jack Jonse | USA Gold"))
    season, _ = read_season(parse_text(same_team))
    assert links(season).same_person("Jack Jones", "Jack Jonse")  # the control: linked
    other_flag = article(("| USA Jack Jones | USA Gold", "| GBR Jack Jonse | USA Gold"))
    season, _ = read_season(parse_text(other_flag))
    assert not links(season).same_person("Jack Jones", "Jack Jonse")
    other_team = article(
        ("| USA Jack Jones | USA Gold Racing |", "| USA Jack Jonse | USA Green Team |")
    )
    season, _ = read_season(parse_text(other_team))
    assert not links(season).same_person("Jack Jones", "Jack Jonse")


def test_father_and_son_sharing_a_car_in_complementary_rounds_stay_two_people() -> None:
    """Marco/Mario Bianchi: same team, same car, rounds 1, 3 and 2, one letter apart — and
    both in one standings table and one car of the entry list, which is decisive."""
    assert audit_any(DEMO) == []
    document = scraper.parse(DEMO, "demo.wikitext")
    linkage = links(read_season(document)[0])
    assert not linkage.same_person("Marco Bianchi", "Mario Bianchi")
    assert not linkage.same_person("Pablo Ruiz", "Diego Ruiz")


def test_a_slip_in_another_layout_is_one_name_drift() -> None:
    text = demo(
        (
            "| 3 || {{flagicon|AUT}} [[Klaus Berger]]",
            "| 3 || {{flagicon|AUT}} [[Klaus Bergre]]",
        )
    )
    [finding] = audit_any(text)
    assert (finding.rule, finding.row, finding.expected) == (
        "name-drift",
        "Klaus Bergre",
        "Klaus Berger",
    )
    assert finding.table == "Points > Drivers > Pro standings"
    assert finding.line == line_of(text, "Klaus Bergre")


def test_a_team_slip_in_another_layout_is_one_team_drift() -> None:
    text = demo(
        (
            "| 1 || {{flagicon|ITA}} [[Corsa Rossa]] || 10 || 10 || 6 || 26",
            "| 1 || {{flagicon|ITA}} [[Corsa Rosa]] || 10 || 10 || 6 || 26",
        )
    )
    [finding] = audit_any(text)
    assert (finding.rule, finding.row, finding.expected) == (
        "team-drift",
        "Corsa Rosa",
        "Corsa Rossa",
    )
    assert finding.table == "Points > Teams > Am standings"


def test_two_spellings_never_cluster_through_a_third() -> None:
    """Union of links must not join two spellings that share a slot via a third one."""
    text = demo(
        # the results of round 2 spell Mario with Marco's typo: ``Marco`` and ``Mario`` are
        # both one letter from ``Mardo``, and the Am standings list both
        (
            "{{flagicon|ITA}} [[Luca Rossi]]<br />{{flagicon|ITA}} [[Mario Bianchi]]",
            "{{flagicon|ITA}} [[Luca Rossi]]<br />{{flagicon|ITA}} [[Mardo Bianchi]]",
        ),
    )
    linkage = links(read_season(scraper.parse(text, "demo.wikitext"))[0])
    assert not linkage.same_person("Marco Bianchi", "Mario Bianchi")
    # Mardo won round 2, which Mario (not Marco) is entered for and scored in
    assert linkage.same_person("Mardo Bianchi", "Mario Bianchi")
    [drift] = [f for f in audit_any(text) if f.rule == "name-drift"]
    assert (drift.row, drift.expected, drift.table) == ("Mardo Bianchi", "Mario Bianchi", "Results")


def test_two_spellings_in_two_cars_of_one_round_are_two_people() -> None:
    """``Marco Andretti`` drives the team's #22 all season, ``Mario Andretti`` its sister car
    #23 in round 10: one letter apart, one team, but two cars in one round are two people. In
    rounds that do not meet, the same one-letter slip stays a plausible typo and is joined."""
    from wikiaudit.validators.linkage import Linkage
    from wikiaudit.validators.mentions import Mention

    def entry(name: str, car: str, rounds: range | list[int], index: int) -> Mention:
        slot = ("entry", index, "GTC", "alex job racing", car)
        return Mention(
            name,
            "USA",
            "Entry list",
            3,
            10 + index,
            None,
            "GTC",
            slot,
            frozenset({"alex job racing"}),
            car,
            frozenset(rounds),
        )

    both = {
        "Marco Andretti": [entry("Marco Andretti", "22", range(1, 11), 0)],
        "Mario Andretti": [entry("Mario Andretti", "23", [10], 1)],
    }
    assert not Linkage(both, {}).same_person("Marco Andretti", "Mario Andretti")
    apart = {
        "Marco Andretti": [entry("Marco Andretti", "22", range(1, 10), 0)],
        "Mario Andretti": [entry("Mario Andretti", "23", [10], 1)],
    }
    assert Linkage(apart, {}).same_person("Marco Andretti", "Mario Andretti")
