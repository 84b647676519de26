"""The real season pages in ../shared/real: every standings table classified, positions recomputed.

Skips when the pages are absent (a user's clone). Pages whose totals all recompute are pinned
here so a regression in the readers shows; the full table is ``bench/real_standings.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import scraper
from scraper.text import parse_text
from validators.build import read_season
from validators.rules import positions
from validators.rulesfile import RULESETS, load_rules


def _season(path: Path, rules: str | None = None):
    season, _ = read_season(scraper.parse(path.read_text(encoding="utf-8"), str(path)))
    season.rules = load_rules(RULESETS / rules) if rules else None
    return season


def _page(real_dir: Path, stem: str) -> Path:
    (path,) = [*real_dir.glob(f"wtq/wtq_{stem}_oldid*.page.html"), *real_dir.glob(f"{stem}*")]
    return path


def _mismatches(season) -> dict[str, int]:
    article, markers, bonus = positions.article_scoring(season)
    counts: dict[str, int] = {}
    for standings in positions.positions_tables(season):
        scoring = positions.scoring_for(season, standings, article, markers, bonus)
        assert scoring is not None, standings.title
        counts[standings.title] = sum(
            positions._check_group(season, standings, rows, scoring) is not None
            for rows in positions.row_groups(standings)
        )
    return counts


def test_every_standings_table_is_classified_with_a_reason(real_dir: Path):
    pages = [*sorted(real_dir.glob("wtq/*.page.html")), *real_dir.glob("zhwiki_*.wikitext")]
    kinds = []
    for path in pages:
        season = _season(path)
        for standings in [*season.standings, *positions.positions_tables(season)]:
            assert standings.matrix in {"points", "positions", "totals"}, standings.title
            assert standings.matrix_reason
            kinds.append(standings.matrix)
    assert kinds.count("positions") >= 25


@pytest.mark.parametrize(
    ("stem", "rules"),
    [
        ("1962_Formula_One_season", "f1_1962.toml"),  # best 5 results, "42 (52)" totals
        ("1990_IndyCar_season", "indycar_1990.toml"),  # pole and most-laps-led bonus
        ("1995_IndyCar_season", "indycar_1995.toml"),
        ("2008_Superleague_Formula_season", None),  # two-race rounds, transposed points table
    ],
)
def test_pages_whose_totals_all_recompute(real_dir: Path, stem: str, rules: str | None):
    counts = _mismatches(_season(_page(real_dir, stem), rules))
    nations = {title: n for title, n in counts.items() if "Nation" in title}
    drivers = {title: n for title, n in counts.items() if "Nation" not in title}
    assert drivers and all(n == 0 for n in drivers.values()), drivers
    assert all(n <= 1 for n in nations.values()), nations  # 1990: Canada, see the bench notes


def test_zhwiki_2012_formula_one(real_dir: Path):
    season = _season(real_dir / "zhwiki_2012_Formula_One_World_Championship.wikitext")
    article, _, _ = positions.article_scoring(season)
    assert article is not None and article.bands[0].points[:3] == (25, 18, 15)
    counts = _mismatches(season)
    assert sum(counts.values()) <= 4, counts


def test_fixture_standings_stay_points_matrices(fixture_text: str):
    season, _ = read_season(parse_text(fixture_text, "2012.txt"))
    assert season.standings
    assert {s.matrix for s in season.standings} == {"points"}
