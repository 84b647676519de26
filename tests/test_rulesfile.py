"""``--rules FILE``: the TOML scoring for articles whose page prints no points table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wikiaudit.scraper.errors import InputError
from wikiaudit.validators.rulesfile import RULESETS, load_rules, parse_rules

from wikiaudit.cli import main

RULES = """
# A made-up series, for the test only.
description = "Test series: 10-6-4-3, +1 pole"

[scoring]
points = [10, 6, 4, 3]
bonus = { pole = 1 }
best_of = 2

[[override]]
match = "team"
bonus = {}
"""

#: Finishing positions scored by RULES (bold = pole, +1; best 2 of 3 count, the scored total
#: in brackets). Six drivers: a scoring is judged row by row only when it reconciles at least
#: 80 % of at least 5 rows (issue 10), so one wrong total is one row of six.
STANDINGS = """== Drivers' standings ==
{| class="wikitable"
! Pos !! Driver !! AAA !! BBB !! CCC !! Pts
|-
! 1
| Alice || '''1''' || 2 || Ret || 17 (17)
|-
! 2
| Bob || 2 || 1 || 3 || 16 (20)
|-
! 3
| Carl || 3 || 5 || '''1''' || 15 (15)
|-
! 4
| Dora || 4 || 3 || 2 || 10 (13)
|-
! 5
| Eve || 5 || 6 || 4 || 3 (3)
|-
! 6
| Fay || Ret || 4 || 5 || 3 (3)
|}
"""


def test_load_rules_reads_scoring_and_overrides(tmp_path: Path):
    path = tmp_path / "series.toml"
    path.write_text(RULES, encoding="utf-8")
    rules = load_rules(path)
    assert rules.description.startswith("Test series")
    assert rules.default.bands[0].points == (10, 6, 4, 3)
    assert rules.default.bonuses == {"pole": 1.0} and rules.default.best_of == 2
    team = rules.scoring_for("team", "Teams' standings")
    assert team.bonuses == {} and team.best_of == 2  # inherited from [scoring]
    assert rules.scoring_for("driver", "Drivers' standings") is rules.default


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, r"needs a \[scoring\] table"),
        ({"scoring": {}}, "neither 'points' nor 'bands'"),
        ({"scoring": {"points": ["a"]}}, "list of numbers"),
        ({"scoring": {"points": [1], "bonus": {"podium": 1}}}, "bonus names"),
        ({"scoring": {"points": [1], "best_of": -1}}, "best_of"),
        ({"scoring": {"points": [1], "pionts": 2}}, "unknown keys"),
        ({"scoring": {"points": [1]}, "override": [{"points": [2]}]}, "'match'"),
    ],
)
def test_bad_rules_are_one_line_input_errors(data, message):
    with pytest.raises(InputError, match=message):
        parse_rules(data, "bad.toml")


def test_invalid_toml_is_an_input_error(tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text("[scoring\npoints = [", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_rules(path)


def test_cli_rules_option_recomputes_and_finds(tmp_path: Path, capsys):
    rules = tmp_path / "series.toml"
    rules.write_text(RULES, encoding="utf-8")
    clean = tmp_path / "clean.wiki"
    clean.write_text(STANDINGS, encoding="utf-8")
    main([str(clean), "--rules", str(rules), "-f", "json"])
    assert _positions_rules(capsys.readouterr().out) == []
    broken = tmp_path / "broken.wiki"
    broken.write_text(STANDINGS.replace("16 (20)", "20 (20)"), encoding="utf-8")
    assert main([str(broken), "--rules", str(rules), "--fail-on", "warning"]) == 1
    out = capsys.readouterr().out
    assert "positions-total-mismatch" in out and "best 2" in out
    assert main([str(broken), "--rules", str(tmp_path / "missing.toml")]) == 2


def _positions_rules(report: str) -> list[str]:
    findings = json.loads(report)["findings"]
    return [f["rule"] for f in findings if f["rule"].startswith("positions-")]


def test_without_rules_the_table_is_reported_unscored(tmp_path: Path, capsys):
    # Issue 10: a table no reading fits gets one table-unfit line saying why (here: positions
    # with no points system to score them), and none of its rows is judged
    path = tmp_path / "clean.wiki"
    path.write_text(STANDINGS.replace("16 (20)", "20 (20)"), encoding="utf-8")
    assert main([str(path), "-f", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    [unfit] = [f for f in findings if f["table"] == "Drivers' standings"]
    assert (unfit["rule"], unfit["severity"]) == ("table-unfit", "info")
    assert "as positions: no points system to score them with" in unfit["message"]


@pytest.mark.parametrize("path", sorted(RULESETS.glob("*.toml")), ids=lambda p: p.name)
def test_shipped_rulesets_load_and_cite_a_source(path: Path):
    text = path.read_text(encoding="utf-8")
    assert "# page:" in text and "Source:" in text
    assert load_rules(path).default is not None


def test_a_shipped_ruleset_is_found_by_its_name() -> None:
    from wikiaudit.validators.rulesfile import load_rules

    assert load_rules("f1_1962").default.bands[0].points[:3] == (9, 6, 4)
    assert load_rules("f1_1962.toml").path.endswith("f1_1962.toml")


def test_an_unknown_name_lists_the_shipped_rulesets() -> None:
    from wikiaudit.scraper.errors import InputError
    from wikiaudit.validators.rulesfile import load_rules

    with pytest.raises(InputError, match=r"shipped rulesets: .*f1_1962"):
        load_rules("no_such_series")
