"""Every standings table of the real pages: its matrix kind, and how many rows recompute.

Run: ``python bench/real_standings.py [--rules-dir DIR] [--mismatches]``. Reads the pages in
``../shared/real`` in place. For each page it uses the shipped rules file named after the
page (``validators/rulesets/<season>.toml``) when there is one, as ``audit --rules`` would.
Prints a Markdown table: page, table, matrix kind (with the reason), where the points came
from, rows checked, rows that match.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

if TYPE_CHECKING:
    from wikiaudit.scraper.model import Document
    from wikiaudit.validators.findings import Finding
    from wikiaudit.validators.season import PointsSystem, Season, StandingRow, Standings

REAL = REPO.parent / "shared" / "real"
RULESETS = REPO / "validators" / "rulesets"


def pages() -> list[Path]:
    found = sorted((REAL / "wtq").glob("*.page.html"))
    return [*found, *sorted(REAL.glob("zhwiki_*.wikitext"))]


def rules_for(page: Path) -> Path | None:
    """The shipped rules file whose ``pages`` line names this page's file."""
    for path in sorted(RULESETS.glob("*.toml")):
        head = path.read_text(encoding="utf-8")
        for line in head.splitlines():
            if line.startswith("# page:") and line.split(":", 1)[1].strip() in page.name:
                return path
    return None


def short(page: Path) -> str:
    name = page.name.removeprefix("wtq_").removeprefix("zhwiki_")
    return name.split("_oldid")[0].replace(".page.html", "").replace(".wikitext", "")


# The two functions below are shared with tests/test_real_standings.py, which pins the pages
# whose totals all recompute: the test checks what this table reports, the same way.


def season_of(page: Path, rules: Path | None = None, document: Document | None = None) -> Season:
    """The page's season with ``rules`` loaded, as ``audit --rules`` would read it.

    ``document`` is the page already parsed, for a caller that shares one parse per page; it is
    only read.
    """
    from wikiaudit.validators.build import read_season
    from wikiaudit.validators.rulesfile import load_rules

    from wikiaudit import scraper

    if document is None:
        document = scraper.parse(page.read_text(encoding="utf-8"), str(page))
    season, _ = read_season(document)
    season.rules = load_rules(rules) if rules else None
    return season


@dataclass(slots=True)
class TableCheck:
    """One positions-matrix table: the points system found for it, each row group's finding."""

    standings: Standings
    scoring: PointsSystem | None  # None: no points system applies, nothing was recomputed
    groups: list[tuple[list[StandingRow], Finding | None]]


def check_tables(season: Season) -> list[TableCheck]:
    """Every positions-matrix table of the season, its totals recomputed row group by group."""
    from wikiaudit.validators.rules import positions

    article, markers, bonus = positions.article_scoring(season)
    checks = []
    for standings in positions.positions_tables(season):
        scoring = positions.scoring_for(season, standings, article, markers, bonus)
        groups = [
            (rows, positions._check_group(season, standings, rows, scoring))
            for rows in (positions.row_groups(standings) if scoring is not None else [])
        ]
        checks.append(TableCheck(standings, scoring, groups))
    return checks


def main() -> int:
    from wikiaudit.validators.findings import Severity
    from wikiaudit.validators.readers.standings import parse_total

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mismatches", action="store_true", help="list every mismatching row")
    args = parser.parse_args()
    if not REAL.is_dir():
        print(f"{REAL} is not present", file=sys.stderr)
        return 2
    print("| page | table | matrix | points from | rows checked | rows match |")
    print("|---|---|---|---|---:|---:|")
    totals = [0, 0]
    details: list[str] = []
    for page in pages():
        season = season_of(page, rules_for(page))
        # the positions tables are some of season.standings: print all in the article's order
        checks = {id(check.standings): check for check in check_tables(season)}
        if not season.standings:
            print(f"| {short(page)} | — | no standings table | | | |")
        for standings in season.standings:
            label = f"[{standings.table.index}] {standings.title[:50]}"
            if standings.matrix != "positions":
                kind = f"{standings.matrix}: {standings.matrix_reason}"
                print(f"| {short(page)} | {label} | {kind} | | | |")
                continue
            check = checks[id(standings)]
            scoring = check.scoring
            if scoring is None:
                print(f"| {short(page)} | {label} | positions | none | 0 | 0 |")
                continue
            checked = matched = 0
            for rows, finding in check.groups:
                if parse_total(rows[0].total_text)[0] is None:
                    continue
                checked += 1
                if finding is None:
                    matched += 1
                else:
                    mark = "E" if finding.severity is Severity.ERROR else "W"
                    details.append(
                        f"{short(page)} [{standings.table.index}] {mark} "
                        f"{finding.row}: {finding.message}"
                    )
            totals[0] += checked
            totals[1] += matched
            print(
                f"| {short(page)} | {label} | positions | {scoring.source} "
                f"| {checked} | {matched} |"
            )
    share = totals[1] / totals[0] if totals[0] else 0
    print(f"\n{totals[1]} of {totals[0]} rows match ({share:.1%}).")
    if args.mismatches:
        print("\n" + "\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
