"""Headless Chromium for the browser tests (the HTML report, the web tool).

Chromium has no driver here: each call is one ``chromium --headless`` process with its own
profile folder, asked to dump the DOM after the page's scripts ran, or to take a screenshot.
Needs ``/usr/bin/chromium`` (Debian package ``chromium``, installed by ``.ci/run``); a test
module marks itself with :data:`needs_chromium` to be skipped without it. Screenshots are kept
in ``test-artifacts/``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent (apt-get install -y chromium) — browser test skipped",
)


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One headless Chromium run with a profile of its own under ``tmp_path``."""
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def dump_dom(tmp_path: Path, url: str, budget_ms: int) -> BeautifulSoup:
    """The DOM once the page (and any navigation it starts) has loaded and its scripts (and
    any onerror handler) had ``budget_ms`` of virtual time to run."""
    done = run_chromium(tmp_path, f"--virtual-time-budget={budget_ms}", "--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, done.stderr[-2000:]
    return BeautifulSoup(done.stdout, "html.parser")


def screenshot(tmp_path: Path, name: str, url: str, size: tuple[int, int]) -> None:
    """Screenshot ``url`` at ``size`` into ``test-artifacts/name`` and check it is a PNG of
    that size with something on it."""
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / name
    shot.unlink(missing_ok=True)
    width, height = size
    done = run_chromium(tmp_path, f"--screenshot={shot}", f"--window-size={width},{height}", url)
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == size
    assert len(data) > 20_000  # a blank page compresses to a few kilobytes
