"""Positions matrices: recognised per table, and totals recomputed through the fitted scoring.

Each case is a small hand-made wikitext article that audits clean, then the same article with
one value broken on purpose, which must give exactly the recomputation finding. Three rows carry
the case; five more (``FILLER``) are there because a reading needs at least five rows to stand
(``validators.support``): with fewer, a broken row is reported as an unsupported reading, not an
error.
"""

from __future__ import annotations

import pytest
from wikiaudit.scraper.wikitext import parse_wikitext
from wikiaudit.validators.build import read_season
from wikiaudit.validators.engine import audit
from wikiaudit.validators.findings import Severity
from wikiaudit.validators.readers.cells import read_race_cell
from wikiaudit.validators.rulesfile import parse_rules

POINTS_TABLE = """== Points system ==
{| class="wikitable"
! Position !! 1st !! 2nd !! 3rd !! 4th !! Pole !! Fastest lap
|-
! Points
| 10 || 6 || 4 || 3 || 1 || 1
|}
"""

CLEAN = [
    "! 1\n| Alice || '''1''' || ''2'' || Ret || 18",
    "! 2\n| Bob || 2 || 1 || 15† || 16",
    "! 3\n| Carol || 3 || DNS || 4 || 7",
]
FILLER = [
    "! 4\n| Dan || '''3''' || 4 || Ret || 8",
    "! 5\n| Eve || ''4'' || 4 || Ret || 7",
    "! 6\n| Finn || Ret || 3 || Ret || 4",
    "! 7\n| Gus || 4 || Ret || DNS || 3",
    "! 8\n| Hana || Ret || Ret || 5 || 0",
]


def article(rows: list[str], codes: str = "AAA !! BBB !! CCC", points: str = POINTS_TABLE) -> str:
    body = "\n|-\n".join([*rows, *FILLER])
    return (
        f"{points}== Drivers' standings ==\n"
        '{| class="wikitable"\n'
        f"! Pos !! Driver !! {codes} !! Pts\n|-\n{body}\n|}}\n"
    )


def positions_findings(text: str, rules=None):
    result = audit(parse_wikitext(text, "test.wiki"), rules=rules)
    return [f for f in result.findings if f.rule.startswith("positions-")]


def edited(text: str, *edits: tuple[str, str]) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_clean_positions_matrix_has_no_findings():
    assert positions_findings(article(CLEAN)) == []


def test_table_is_recognised_as_positions_with_a_reason():
    season, _ = read_season(parse_wikitext(article(CLEAN), "test.wiki"))
    (standings,) = season.standings
    assert standings.matrix == "positions"
    assert "10-6-4-3 from the article's points table" in standings.matrix_reason
    assert "8 of 8 rows reconcile" in standings.matrix_reason


def test_points_matrix_stays_a_points_matrix():
    rows = [f"! {n}\n| Rider {n} || 10 || 6 || 0 || 16" for n in range(1, 7)]
    text = article(rows).replace("\n|-\n".join(FILLER), "! 7\n| Rider 7 || 6 || 4 || 3 || 13")
    season, _ = read_season(parse_wikitext(text, "test.wiki"))
    assert season.standings[0].matrix == "points"
    assert "sum to the total in 7 of 7 rows" in season.standings[0].matrix_reason


def test_wrong_total_shows_the_recomputation():
    broken = [*CLEAN[:1], "! 2\n| Bob || 2 || 1 || 15† || 17", *CLEAN[2:]]
    (finding,) = positions_findings(article(broken))
    assert finding.rule == "positions-total-mismatch"
    assert finding.severity is Severity.ERROR
    assert finding.row == "Bob" and finding.published == "17" and finding.expected == "16"
    assert "AAA 2→6" in finding.message and "BBB 1→10" in finding.message
    assert finding.details["sum"] == 16
    assert finding.details["race_points"] == {"AAA": 6, "BBB": 10, "CCC": 0}


@pytest.mark.parametrize("code", ["Ret", "DNS", "DSQ", "NC", "WD", "DNQ", "DNF", "EX", "C"])
def test_every_result_code_scores_nothing(code):
    clean = [*CLEAN[:2], f"! 3\n| Carol || 3 || {code} || 4 || 7"]
    assert positions_findings(article(clean)) == []
    broken = [*CLEAN[:2], f"! 3\n| Carol || 3 || {code} || 4 || 13"]
    (finding,) = positions_findings(article(broken))
    assert finding.expected == "7"
    assert read_race_cell(code).code == code.upper()


def test_classified_but_not_running_counts_its_position():
    assert read_race_cell("4†").position == 4
    clean = [*CLEAN[:2], "! 3\n| Carol || 3 || DNS || 4† || 7"]
    assert positions_findings(article(clean)) == []


def test_pole_marker_earns_its_bonus():
    unmarked = ["! 1\n| Alice || 1 || ''2'' || Ret || 18", *CLEAN[1:]]
    (finding,) = positions_findings(article(unmarked))
    assert finding.expected == "17"
    with_pole = ["! 1\n| Alice || '''1''' || ''2'' || Ret || 17", *CLEAN[1:]]
    (finding,) = positions_findings(article(with_pole))
    assert "AAA 1→10+1 bonus" in finding.message and "bold +1" in finding.message


def test_fastest_lap_marker_earns_its_bonus():
    broken = ["! 1\n| Alice || '''1''' || 2 || Ret || 18", *CLEAN[1:]]
    (finding,) = positions_findings(article(broken))
    assert finding.expected == "17"
    fastest = ["! 1\n| Alice || '''1''' || 2 || ''Ret'' || 18", *CLEAN[1:]]
    assert positions_findings(article(fastest)) == []


def test_dropped_scores_check_both_figures():
    clean = [*CLEAN[:2], "! 3\n| Carol || (3) || DNS || 4 || 3 (7)"]
    assert positions_findings(article(clean)) == []
    wrong_gross = [*CLEAN[:2], "! 3\n| Carol || (3) || DNS || 4 || 3 (8)"]
    (finding,) = positions_findings(article(wrong_gross))
    assert finding.expected == "3 (7)" and finding.details["dropped"] == ["AAA"]
    wrong_counted = [*CLEAN[:2], "! 3\n| Carol || (3) || DNS || 4 || 4 (7)"]
    (finding,) = positions_findings(article(wrong_counted))
    assert finding.details["counted"] == 3


def _best_one(text: str) -> str:
    """The filler rows' totals as a best-1 rule counts them: their best race, then all."""
    return edited(
        text,
        ("Dan || '''3''' || 4 || Ret || 8", "Dan || '''3''' || 4 || Ret || 4 (7)"),
        ("Eve || ''4'' || 4 || Ret || 7", "Eve || ''4'' || 4 || Ret || 3 (6)"),
    )


def test_best_of_rule_from_a_rules_file():
    rules = parse_rules({"scoring": {"points": [10, 6, 4, 3], "best_of": 1}}, "best.toml")
    no_table = _best_one(article(["! 1\n| Alice || 1 || 2 || Ret || 10 (16)"], points=""))
    assert positions_findings(no_table, rules) == []
    broken = _best_one(article(["! 1\n| Alice || 1 || 2 || Ret || 16"], points=""))
    (finding,) = positions_findings(broken, rules)
    assert finding.severity is Severity.WARNING  # the rules file, not the article, is authority
    assert finding.expected == "10 (16)" and "best 1" in finding.message


def test_half_points_race():
    rules = parse_rules({"scoring": {"points": [10, 6, 4, 3], "half_points": ["AAA"]}}, "h.toml")

    def halved(text: str) -> str:  # the filler rows again, their AAA points halved
        return edited(
            text,
            ("Dan || '''3''' || 4 || Ret || 8", "Dan || '''3''' || 4 || Ret || 5"),
            ("Eve || ''4'' || 4 || Ret || 7", "Eve || ''4'' || 4 || Ret || 4.5"),
            ("Gus || 4 || Ret || DNS || 3", "Gus || 4 || Ret || DNS || 1.5"),
        )

    bob = "! 2\n| Bob || Ret || 2 || DNS || 6"
    clean = halved(article(["! 1\n| Alice || 1 || 1 || 3 || 19", bob], points=""))
    assert positions_findings(clean, rules) == []
    broken = halved(article(["! 1\n| Alice || 1 || 1 || 3 || 24", bob], points=""))
    (finding,) = positions_findings(broken, rules)
    assert finding.expected == "19" and "AAA 1→5" in finding.message


def test_no_points_system_is_reported_not_guessed():
    result = audit(parse_wikitext(article(CLEAN, points=""), "test.wiki"))
    assert [f for f in result.findings if f.rule.startswith("positions-")] == []
    (unfit,) = [f for f in result.findings if f.rule == "table-unfit"]
    assert "no points system to score them with" in unfit.message and "--rules" in unfit.message


def test_two_race_rounds_are_separate_races():
    rows = [
        "! 1\n| Alice || 1 || 2 || 1 || 26",
        "! 2\n| Bob || 2 || 1 || Ret || 16",
        "! 3\n| Carol || 3 || DNS || 4 || 7",
    ]
    assert positions_findings(article(rows, codes="BRA !! BRA !! OUL")) == []
    broken = ["! 1\n| Alice || 1 || 2 || 1 || 20", *rows[1:]]
    (finding,) = positions_findings(article(broken, codes="BRA !! BRA !! OUL"))
    assert "BRA #1 1→10" in finding.message and "BRA #2 2→6" in finding.message


def test_team_rows_under_one_spanned_total_are_summed():
    rows = [
        '! rowspan="2" | 1\n| rowspan="2" | Red || 1 || 2 || 1 || rowspan="2" | 45',
        "| 2 || 1 || 4",
        '! rowspan="2" | 2\n| rowspan="2" | Blue || 3 || 3 || 2 || rowspan="2" | 17',
        "| 4 || DNS || Ret",
    ]
    plain_points = POINTS_TABLE.replace(" !! Pole !! Fastest lap", "").replace(" || 1 || 1", "")
    text = article(rows, points=plain_points).replace("Driver", "Team")
    text = text.replace("Eve || ''4'' || 4 || Ret || 7", "Eve || 4 || 4 || Ret || 6")
    text = text.replace("Dan || '''3''' || 4 || Ret || 8", "Dan || 3 || 4 || Ret || 7")
    assert positions_findings(text) == []
    broken = text.replace('rowspan="2" | 17', 'rowspan="2" | 18')
    (finding,) = positions_findings(broken)
    assert finding.row == "Blue" and finding.expected == "17"
    assert finding.details["rows"] == ["Blue", "Blue"]


def test_ties_in_position_are_read():
    rows = [*CLEAN[:2], "! =\n| Carol || 3 || DNS || 4 || 7"]
    assert positions_findings(article(rows)) == []
