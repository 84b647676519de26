"""Reading typed season data from the article's own tables."""

from __future__ import annotations

import pytest
from wikiaudit.scraper.text import parse_text
from wikiaudit.validators.build import read_season
from wikiaudit.validators.readers.labels import parse_hours, parse_rounds
from wikiaudit.validators.readers.points import band_limits


@pytest.fixture
def season(fixture_text: str):
    return read_season(parse_text(fixture_text, "2012.txt"))[0]


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("12 Hours", 12),
        ("2 Hours 45 Minutes", 2.75),
        ("1000 mi or 10 Hours", 10),
        ("Six hours", 6),
        ("90 Minutes", 1.5),
        ("Grand Prix", None),
    ],
)
def test_race_lengths(text: str, hours: float | None) -> None:
    assert parse_hours(text) == hours


def test_band_limits_written_in_words() -> None:
    assert band_limits("Less than four hours") == {"max_hours": 4.0, "max_inclusive": False}
    assert band_limits("Between four and eight hours") == {"min_hours": 4.0, "max_hours": 8.0}
    assert band_limits("More than eight hours") == {"min_hours": 8.0, "min_inclusive": False}
    assert band_limits("Points") == {}


def test_rounds_lists() -> None:
    every = frozenset(range(1, 11))
    assert parse_rounds("1, 3–5, 10", every) == {1, 3, 4, 5, 10}
    assert parse_rounds("All", every) == every
    assert parse_rounds("Lola B11/66", every) is None


def test_calendar_and_points_bands(season) -> None:
    assert [race.round for race in season.calendar] == list(range(1, 11))
    assert [race.hours for race in season.calendar][:4] == [12, 2, 6, 2.75]
    bands = season.points.bands
    assert [band.points[0] for band in bands] == [20, 22, 24]
    # the band is chosen by the race's length, boundaries included as the words say
    assert season.points.band_for(2.75).points[0] == 20
    assert season.points.band_for(4).points[0] == 22
    assert season.points.band_for(10).points[0] == 24


def test_classes_standings_and_round_columns(season) -> None:
    assert season.classes == ["P1", "P2", "PC", "GT", "GTC"]
    gtc = season.team_standings("GTC")
    assert [rc.code for rc in gtc.rounds] == [
        "SEB",
        "LBH",
        "LGA",
        "LRP",
        "MOS",
        "MOH",
        "RAM",
        "BGP",
        "VIR",
        "PLM",
    ]
    assert [rc.round for rc in gtc.rounds] == list(range(1, 11))
    jdx = gtc.row_for("JDX Racing")
    assert jdx.values[6].points == 0 and jdx.total == 108 and jdx.line == 330
    drivers = season.driver_standings("P1")
    luhr = drivers.row_for("Lucas Luhr")
    assert luhr.position == 1 and luhr.position_spanned and luhr.total == 195


def test_results_pair_teams_with_their_drivers(season) -> None:
    mid_ohio = next(r for r in season.results if r.round == 6 and r.cls == "GTC")
    assert (mid_ohio.car, mid_ohio.team.text) == ("11", "JDX Racing")
    assert [d.text for d in mid_ohio.drivers] == ["Tim Pappas", "Jeroen Bleekemolen"]
    assert mid_ohio.line == 257 and mid_ohio.drivers_line == 258
    assert len(season.results) == 50


def test_entry_list_reads_what_is_certain(fixture_text: str) -> None:
    season, notes = read_season(parse_text(fixture_text))
    luhr = next(e for e in season.entries if e.driver.text == "Lucas Luhr")
    assert (luhr.cls, luhr.team.text, luhr.rounds) == (
        "P1",
        "Muscle Milk Pickett Racing",
        frozenset(range(1, 11)),
    )
    pappas = next(e for e in season.entries if e.driver.text == "Tim Pappas")
    assert pappas.rounds == {6, 7} and pappas.cls == "GTC"
    # rows whose spans were lost are reported, never silently dropped
    lost = {f.line for f in notes if f.rule == "entry-list-unreadable"}
    assert {67, 228} <= lost
    # ``| Lola B11/66 | 20 |`` (line 38) is a second car whose first driver was lost: its
    # number is read for the drivers below it, as the wikitext and HTML forms give it
    assert 38 not in lost
    marsal = next(e for e in season.entries if e.driver.text == "Michael Marsal")
    assert (marsal.team.text, marsal.car) == ("Dyson Racing Team", "20")
    assert all(f.severity == "info" for f in notes)


def test_another_season_written_the_same_way_is_read_without_code_changes() -> None:
    article = "\n".join(
        [
            "= 2031 Example Series =",
            "==Calendar==",
            "| Rnd | Race | Length | Circuit |",
            "| 1 | Opening | 90 Minutes | A |",
            "| 2 | Finale | 6 Hours | B |",
            "==Points==",
            "| Points System | | | |",
            "| Race Distance | Position | | |",
            "| 1st | 2nd | 3rd | |",
            "| Under three hours | 10 | 6 | 4 |",
            "| Three hours or more | 15 | 9 | 6 |",
            "==Standings==",
            "===LMX standings===",
            "| Pos | Driver | Team | AAA | BBB | Total |",
            "| 1 | FRA Ann Bee | USA Crew | 10 | 15 | 25 |",
        ]
    )
    season, _ = read_season(parse_text(article))
    assert [r.hours for r in season.calendar] == [1.5, 6]
    assert season.points.band_for(1.5).points == (10, 6, 4)
    assert season.points.band_for(6).points == (15, 9, 6)
    standings = season.standings[0]
    assert standings.cls == "LMX" and [rc.round for rc in standings.rounds] == [1, 2]
