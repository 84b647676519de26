"""Fixtures shared by the test files; the paths and helpers they use live in ``tests/helpers.py``.

Why the split: a test module must not import ``conftest`` (pytest has already imported it under
another name, so it would run twice); plain values go in ``helpers``, fixtures stay here.
"""

from __future__ import annotations

import functools
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.helpers import CORE, REAL, read_fixture

if TYPE_CHECKING:
    import responses
    from wikiaudit.scraper.model import Document

    from tests.serve_helpers import ServeProcess, StandInWiki


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
def wtq_pages(real_dir: Path) -> list[Path]:
    """The WikiTableQuestions pages of ``../shared/real/wtq``, sorted; skip when there are none."""
    pages = sorted((real_dir / "wtq").glob("*.page.html"))
    if not pages:
        pytest.skip("no WikiTableQuestions pages in ../shared/real/wtq")
    return pages


@pytest.fixture(scope="session")
def real_documents(real_dir: Path) -> Callable[[Path], Document]:
    """A real page's ``Document``, parsed on first use and then shared for the session.

    Why: the real pages (the 47 WikiTableQuestions pages and the two wikitext articles) were
    parsed several times per run by ``test_html`` (and the ``wtq_agreement`` bench it calls),
    ``test_real_standings`` and ``test_real_names``. Sharing is safe because nothing
    downstream mutates a ``Document``: ``read_season``, the positions check and
    ``bench/wtq_agreement`` only read it (checked by comparing a deep copy before and after).
    A test that edits a document must parse its own.
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


class Hang(BaseException):
    """Raised by the watchdog; a BaseException so the CLI's last-resort handler cannot eat it."""


@pytest.fixture
def watchdog() -> Iterator[None]:
    """Fail a case that runs for more than 60 s: "never a hang" must be checked, not hoped.

    SIGALRM, so the main thread is interrupted wherever it is; a test module that needs it
    says ``pytestmark = pytest.mark.usefixtures("watchdog")``.
    """

    def expire(signum: int, frame: Any) -> None:
        raise Hang("the audit did not finish within 60 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def stand_in_wiki() -> Iterator[StandInWiki]:
    """A loopback MediaWiki API serving the web tool's invented article as revision 501."""
    from tests.helpers import TITLE
    from tests.serve_helpers import WIKITEXT, StandInWiki

    with StandInWiki({TITLE: [(501, WIKITEXT)]}) as stand_in:
        yield stand_in


@pytest.fixture(scope="module")
def serve_process(
    stand_in_wiki: StandInWiki, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServeProcess]:
    """A real ``audit serve`` process (one worker) reading from :func:`stand_in_wiki`."""
    from tests.serve_helpers import ServeProcess

    folder = tmp_path_factory.mktemp("serve")
    with ServeProcess(stand_in_wiki.url, folder, "--workers", "1") as process:
        yield process
