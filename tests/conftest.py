"""Fixtures shared by the test files; the paths and helpers they use live in ``tests/helpers.py``.

Why the split: a test module must not import ``conftest`` (pytest has already imported it under
another name, so it would run twice); plain values go in ``helpers``, fixtures stay here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers import CORE, REAL, read_fixture

if TYPE_CHECKING:
    import responses
    from wikiaudit.scraper.model import Document


@pytest.fixture
def fixture_text() -> str:
    return read_fixture("2012.txt")


@pytest.fixture
def broken(tmp_path: Path, fixture_text: str) -> Path:
    """The fixture with one wrong total: CORE Autosport's PC team total, 206 written 207.

    Named ``broken.txt``: ``test_fix`` checks a dry run leaves that file alone in its folder.
    """
    assert fixture_text.count(CORE + "206 |") == 1
    path = tmp_path / "broken.txt"
    path.write_text(fixture_text.replace(CORE + "206 |", CORE + "207 |"), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def real_dir() -> Path:
    """The real Wikipedia pages in ``../shared/real`` (CC BY-SA, read in place, never copied)."""
    if not REAL.is_dir():
        pytest.skip("../shared/real is not present")
    return REAL


@pytest.fixture(scope="session")
def real_documents(real_dir: Path) -> Callable[[Path], Document]:
    """A real page's ``Document``, parsed on first use and then shared for the session.

    Why: the 22 WikiTableQuestions pages were parsed three or four times per run by
    ``test_html``, ``test_real_standings`` and the bench script they call. Sharing is safe
    because nothing downstream mutates a ``Document``: ``read_season``, the positions check
    and ``bench/wtq_agreement`` only read it (checked by comparing a deep copy before and
    after). A test that edits a document must parse its own.
    """
    from wikiaudit import scraper

    @functools.cache
    def parsed(path: Path) -> Document:
        return scraper.parse(path.read_text(encoding="utf-8"), str(path))

    return parsed


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    """Recorded API answers; any request nobody registered fails like a dead network.

    Strict: every registered answer must also be asked for by the end of the test.
    """
    import responses

    with responses.RequestsMock() as mock:
        yield mock


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries back off through ``sleep``: record the waits instead of waiting them."""
    from wikiaudit import live

    waits: list[float] = []
    monkeypatch.setattr(live, "CLIENT_OPTIONS", {"sleep": waits.append})
    return waits
