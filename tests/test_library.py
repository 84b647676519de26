"""The audit as a library: results depend only on the input, and installing it stays contained.

Issue #10's library-correctness points: no process-wide cache keyed on hand-made fingerprints
(an audit's findings must not depend on what the process audited before), a history walk that
sees a change on any line (a cell's continuation line included), the garbage-collector pause
kept to the CLI, and one import package (``wikiaudit``) for everything installed.
"""

from __future__ import annotations

import gc
import tomllib

from tests.helpers import REPO
from tests.invented import Driver, audited, calendar, matrix, person, points_table, section
from wikiaudit.history import table_hash


def _article(scale: list[int]) -> str:
    drivers = [
        Driver(person(i), [str(1 + (i + r) % 6) for r in range(4)], total="") for i in range(6)
    ]
    for driver in drivers:  # totals as the 9-6-4-3-2-1 scale gives them
        driver.total = str(sum([9, 6, 4, 3, 2, 1][int(c) - 1] for c in driver.cells))
    return (
        section("Calendar", calendar(4))
        + section("Points", points_table(scale))
        + section("Drivers", matrix(drivers, 4))
    )


def test_findings_do_not_depend_on_what_was_audited_before() -> None:
    """Two articles with the same standings and different points tables: the second audit
    must see its own points table, whatever the first one left behind."""
    right = _article([9, 6, 4, 3, 2, 1])
    wrong = _article([10, 6, 4, 3, 2, 1])

    def reading(text: str) -> list[str]:
        return [f.message for f in audited(text).findings if f.table == "Drivers"]

    first, second, again = reading(right), reading(wrong), reading(right)
    assert first == again
    assert "9-6-4-3-2-1 from the article's points table" in first[0]
    assert "10-6-4-3-2-1" in " ".join(second) and second != first


def test_history_sees_a_change_on_a_continuation_line() -> None:
    before = '{| class="wikitable"\n|-\n| Alpha\nRacing || 20\n|}\n'
    after = before.replace("Racing", "Raceing")
    assert table_hash(before) != table_hash(after)
    assert table_hash(before) == table_hash(str(before))


def test_a_library_audit_leaves_the_garbage_collector_alone() -> None:
    assert gc.isenabled()
    audited(_article([9, 6, 4, 3, 2, 1]))
    assert gc.isenabled()


def test_everything_installs_under_the_wikiaudit_package() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = project["tool"]["setuptools"]
    assert all(name.split(".")[0] == "wikiaudit" for name in setuptools["packages"])
    assert set(setuptools["package-dir"]) == {
        "wikiaudit",
        "wikiaudit.scraper",
        "wikiaudit.validators",
        "wikiaudit.reports",
    }


def test_every_package_folder_is_installed() -> None:
    """A package folder missing from ``packages`` is absent from a ``pip install .`` (not from
    the editable install tests use): every folder with an ``__init__.py`` must be listed."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = project["tool"]["setuptools"]
    mapped = {folder: name for name, folder in setuptools["package-dir"].items()}
    found = set()
    for folder, name in mapped.items():
        for init in (REPO / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(REPO / folder).parts
            found.add(".".join((name, *parts)))
    assert found == set(setuptools["packages"])
