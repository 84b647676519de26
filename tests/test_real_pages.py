"""Every real page in ../shared/real audits end to end: findings or a clean run, never a crash.

Also checks that every rule the audit can emit on real material is described in the rule
catalogue, so reports (SARIF rule lists, the README) never show an undocumented rule id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wikiaudit.validators.catalog import RULES

from tests.helpers import FIXTURES, REAL
from wikiaudit.cli import main

PAGES = sorted(
    [*REAL.glob("*.wikitext*"), *(REAL / "wtq").glob("*.page.html")] if REAL.is_dir() else []
)
FIXTURE_FORMS = sorted(FIXTURES.glob("2012.*"))
#: Pages with no standings and no race classification with points: nothing on them can be
#: checked, so the audit ends with one line and exit 2 (issue 10: a page with nothing audited
#: is not clean).
NOTHING_TO_CHECK = {
    "wtq_1984_IMSA_GT_Championship_season",  # a schedule and the class winners only
    "wtq_1992_Australian_Touring_Car_season",  # a calendar and one event's race positions
    "wtq_1999_NASCAR_Busch_Series",  # the team chart only
    "wtq_2002_NASCAR_Craftsman_Truck_Series",  # the team chart only
    "wtq_2007_NASCAR_Busch_Series",  # schedule, team chart, each race's top ten without points
}


def page_id(page: Path) -> str:
    return page.name.split("_oldid")[0]


def audit_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    status = main([str(path), "--format", "json"])
    captured = capsys.readouterr()
    assert status in (0, 1), captured.err
    assert captured.err == ""
    return json.loads(captured.out)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_real_page_audits_without_a_crash(
    page: Path, real_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if page_id(page) in NOTHING_TO_CHECK:
        assert main([str(page), "--format", "json"]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.count("\n") == 1
        assert "no season table could be checked" in captured.err, captured.err
        return
    report = audit_json(page, capsys)
    assert report["tables"] > 0
    assert {f["rule"] for f in report["findings"]} <= RULES.keys()
    # tables the audit has no checks for are listed by name, not failed on
    assert all(isinstance(name, str) and name for name in report["unclassified"])


@pytest.mark.parametrize("article", FIXTURE_FORMS, ids=lambda p: p.suffix)
def test_fixture_rules_are_catalogued(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = audit_json(article, capsys)
    assert {f["rule"] for f in report["findings"]} <= RULES.keys()


def _findings(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    return audit_json(path, capsys)["findings"]


@pytest.mark.parametrize(
    ("page", "rule", "words"),
    [
        # Formula One lists entrants (Team Lotus), the manufacturers' cup chassis (Lotus-Climax)
        ("wtq/wtq_1962_Formula_One_season_oldid594286887.page.html", "entry-missing-team", ""),
        # a one-class series has no class rows in its entry list
        ("wtq/wtq_1989_Formula_One_season_oldid601524759.page.html", "table-schema", "Class"),
        # Formula One drivers' standings have no team column; constructors span two car rows
        ("zhwiki_2012_Formula_One_World_Championship.wikitext", "table-schema", "no Team"),
        ("zhwiki_2012_Formula_One_World_Championship.wikitext", "table-schema", "more than once"),
        # two races per round at one venue; a calendar naming the race, not the circuit
        ("wtq/wtq_2008_Superleague_Formula_season_oldid589649910.page.html", "table-schema", "Rnd"),
        (
            "wtq/wtq_2008_Superleague_Formula_season_oldid589649910.page.html",
            "table-schema",
            "Circuit",
        ),
        # a clubs' table lists the drivers who drove for each club: a driver may drive for two
        (
            "wtq/wtq_2008_Superleague_Formula_season_oldid589649910.page.html",
            "table-schema",
            "more than once",
        ),
        # a manufacturers' table printing only totals has no round columns to compare
        (
            "wtq/wtq_1990_Superbike_World_Championship_season_oldid572979184.page.html",
            "rounds-vs-calendar",
            "",
        ),
    ],
)
def test_what_other_series_do_differently_is_not_an_error(
    page: str, rule: str, words: str, real_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = [
        f["message"]
        for f in _findings(real_dir / page, capsys)
        if f["rule"] == rule and words in f["message"]
    ]
    assert wrong == []
