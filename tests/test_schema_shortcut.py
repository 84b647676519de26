"""The column rules' plain-Python shortcut never hides what pandera would report (issue #12).

``rules.table_schemas`` asks ``plainly_valid`` before building a pandera frame, so that an
article whose tables pass every column rule is audited without importing pandas or pandera.
The shortcut may be wrong in one direction only: it may send a valid table to pandera, never
let an invalid one through. Checked on the fixture in its three forms, on every real page
(when ``../shared/real`` is there) and on the fixture broken at random.
"""

from __future__ import annotations

import subprocess
import sys
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wikiaudit.scraper.errors import InputError
from wikiaudit.validators import schemas
from wikiaudit.validators.build import read_season
from wikiaudit.validators.rules import table_schemas

from tests.helpers import FIXTURES, REPO, read_fixture
from wikiaudit import scraper


def disagreements(text: str, source: str) -> list[str]:
    """Validations the shortcut calls valid but pandera fails (must be none), and a count of
    how many it sent on to pandera (so the tests can see that both branches ran)."""
    document = scraper.parse(text, source)
    season, _ = read_season(document)
    wrong = []
    for kind, _table, _key, build in table_schemas._tables(season):
        if table_schemas.plainly_valid(season, kind) and schemas.validated(build):
            wrong.append(kind)
    return wrong


@pytest.mark.parametrize("name", ["2012.txt", "2012.wikitext", "2012.html"])
def test_the_fixture_in_every_form(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert disagreements(text, name) == []
    season, _ = read_season(scraper.parse(text, name))
    kinds = [kind for kind, _, _, _ in table_schemas._tables(season)]
    assert kinds and all(table_schemas.plainly_valid(season, kind) for kind in kinds)


def test_every_real_page(real_dir: Path) -> None:
    pages = [
        *sorted(real_dir.glob("wtq/*.page.html")),
        *sorted(real_dir.glob("*.wikitext")),
        *sorted(real_dir.glob("*.wikitext.txt")),
    ]
    assert pages
    for page in pages:
        assert disagreements(page.read_text(encoding="utf-8"), str(page)) == [], page


TOKENS = ["", "0", "-3", "12.5", "x", "24", "1O", "Ret", "CORE Autosport", "99", "Lucas Luhr"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 30), st.sampled_from(TOKENS)),
        min_size=1,
        max_size=6,
    )
)
def test_the_fixture_broken_at_random(edits: list[tuple[int, int, str]]) -> None:
    """Cells of the flattened fixture replaced by tokens that break column rules: a repeated
    name, an empty team, a negative or half point, a round the calendar does not have."""
    with suppress(InputError):  # a table broken past reading is not this test's business
        assert disagreements(broken_fixture(edits), "broken.txt") == []


def broken_fixture(edits: list[tuple[int, int, str]]) -> str:
    """The flattened fixture with cells replaced: (which table row, which cell, the token)."""
    lines = read_fixture().split("\n")
    rows = [n for n, line in enumerate(lines) if line.startswith("|")]
    for pick, column, token in edits:
        n = rows[pick % len(rows)]
        cells = lines[n].split("|")
        if len(cells) > 2:
            cells[1 + column % (len(cells) - 2)] = f" {token} "
            lines[n] = "|".join(cells)
    return "\n".join(lines)


def test_broken_column_rules_still_reach_pandera() -> None:
    """A points scale that increases and an entry without a team: the shortcut says "ask
    pandera", and pandera's findings are reported."""
    season, _ = read_season(scraper.parse(read_fixture(), "x.txt"))
    entry = season.entries[0]
    season.entries[0] = replace(entry, team=None)
    band = season.points.bands[0]
    season.points.bands[0] = replace(
        band, points=(band.points[1], band.points[0], *band.points[2:])
    )
    assert not table_schemas.plainly_valid(season, "entry list")
    assert not table_schemas.plainly_valid(season, "points system")
    findings = table_schemas.check(season)
    assert any(f.row == entry.driver.text and f.column == "Team" for f in findings)
    assert any("points do not increase" in f.message for f in findings)


def test_the_fixture_is_audited_without_pandas_or_pandera() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from wikiaudit.pipeline import audit_source, read_file, Limits\n"
        "audit_source(read_file(Path('fixtures/2012.txt')), None, Limits())\n"
        "print(sorted(m for m in ('pandas', 'pandera', 'numpy') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.strip() == "[]"


# --- the standings rule: pandera on the columns the plain check finds fault in -------------


def standings_disagreements(text: str, source: str) -> tuple[list[str], int]:
    """Standings where pandera on the faulty columns (``rules.schema.faulty_rounds``) reports
    other cells than pandera on the whole table (must be none), and how many were narrowed."""
    from wikiaudit.validators.rules.schema import allowed_by_round, faulty_rounds

    season, _ = read_season(scraper.parse(text, source))
    wrong, narrowed = [], 0
    for standings in season.standings:
        allowed = allowed_by_round(season, standings) if standings.matrix == "points" else None
        if allowed is None:
            continue
        whole = cells(schemas.standings_schema(standings, allowed), standings, None)
        faulty = faulty_rounds(standings, allowed)
        if faulty is None:
            if whole:
                wrong.append(f"{standings.title}: plainly valid, pandera says {whole}")
            continue
        narrowed += len(faulty) < len(standings.rounds)
        part = cells(schemas.standings_schema(standings, allowed, faulty), standings, faulty)
        if part != whole or not whole:
            wrong.append(f"{standings.title}: {part} on {sorted(faulty)}, {whole} on all")
    return wrong, narrowed


def cells(schema, standings, rounds) -> list[tuple]:
    cases = schemas.failure_cases(schema, schemas.standings_frame(standings, rounds))
    return sorted((c["column"], c["index"], c["check"], str(c["failure_case"])) for c in cases)


def test_a_wrong_points_value_is_validated_in_its_column_only() -> None:
    from tests.helpers import CORE

    text = read_fixture()
    broken = text.replace(CORE, CORE.replace("| 24 | 20 | 22 |", "| 25 | 20 | 21 |", 1), 1)
    assert broken != text
    wrong, narrowed = standings_disagreements(broken, "broken.txt")
    assert wrong == [] and narrowed == 1
    assert standings_disagreements(text, "2012.txt") == ([], 0)


def test_standings_of_every_real_page(real_dir: Path) -> None:
    for page in [*sorted(real_dir.glob("wtq/*.page.html")), *sorted(real_dir.glob("*.wikitext"))]:
        assert standings_disagreements(page.read_text(encoding="utf-8"), str(page))[0] == [], page


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, 10_000),
            st.integers(0, 30),
            st.sampled_from(["0", "-3", "12.5", "7", "21", "99", "", "Ret", "1O"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_standings_of_the_fixture_broken_at_random(edits: list[tuple[int, int, str]]) -> None:
    with suppress(InputError):
        assert standings_disagreements(broken_fixture(edits), "broken.txt")[0] == []
