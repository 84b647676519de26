"""The real season pages in ../shared/real: every standings table classified, positions recomputed.

Skips when the pages are absent (a user's clone). Pages whose totals all recompute are pinned
here so a regression in the readers shows; the full table is ``bench/real_standings.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from wikiaudit.scraper.model import Document
from wikiaudit.scraper.text import parse_text
from wikiaudit.validators.build import read_season
from wikiaudit.validators.rules import positions
from wikiaudit.validators.rulesfile import RULESETS
from wikiaudit.validators.season import Season

from tests.helpers import load_bench

#: The bench table's own reading and counting, so the test pins what the table reports.
bench = load_bench("real_standings")
Parsed = Callable[[Path], Document]


def _season(documents: Parsed, path: Path, rules: str | None = None) -> Season:
    """The page's season from the session's one parse of it, with a shipped rules file."""
    return bench.season_of(path, RULESETS / rules if rules else None, documents(path))


def _page(real_dir: Path, stem: str) -> Path:
    (path,) = [*real_dir.glob(f"wtq/wtq_{stem}_oldid*.page.html"), *real_dir.glob(f"{stem}*")]
    return path


def _mismatches(season: Season) -> dict[str, int]:
    counts: dict[str, int] = {}
    for check in bench.check_tables(season):
        assert check.scoring is not None, check.standings.title
        counts[check.standings.title] = sum(finding is not None for _, finding in check.groups)
    return counts


def test_every_standings_table_is_classified_with_a_reason(real_dir: Path, real_documents: Parsed):
    pages = [*sorted(real_dir.glob("wtq/*.page.html")), *real_dir.glob("zhwiki_*.wikitext")]
    kinds = []
    for path in pages:
        season = _season(real_documents, path)
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
def test_pages_whose_totals_all_recompute(
    real_dir: Path, real_documents: Parsed, stem: str, rules: str | None
):
    counts = _mismatches(_season(real_documents, _page(real_dir, stem), rules))
    nations = {title: n for title, n in counts.items() if "Nation" in title}
    drivers = {title: n for title, n in counts.items() if "Nation" not in title}
    assert drivers and all(n == 0 for n in drivers.values()), drivers
    assert all(n <= 1 for n in nations.values()), nations  # 1990: Canada, see the bench notes


def test_zhwiki_2012_formula_one(real_dir: Path, real_documents: Parsed):
    season = _season(
        real_documents, real_dir / "zhwiki_2012_Formula_One_World_Championship.wikitext"
    )
    article, _, _ = positions.article_scoring(season)
    assert article is not None and article.bands[0].points[:3] == (25, 18, 15)
    counts = _mismatches(season)
    assert sum(counts.values()) <= 4, counts


def test_fixture_standings_stay_points_matrices(fixture_text: str):
    season, _ = read_season(parse_text(fixture_text, "2012.txt"))
    assert season.standings
    assert {s.matrix for s in season.standings} == {"points"}
