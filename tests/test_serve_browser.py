"""The web tool in headless Chromium: load ``/``, submit a title, see the faulty cell.

A real ``audit serve`` process (uvicorn, its worker pool) audits the invented article served by
a loopback MediaWiki API stand-in; nothing leaves the machine. Chromium has no driver here, so
the form is submitted the way a person's browser would, by Chromium itself: a local page holds
the form exactly as the server sent it (its ``<base>`` is the server), fills in the title and
calls ``requestSubmit()``; Chromium follows the submission and its DOM is dumped. The server's
access log then shows the request the browser made from the form.

Needs ``/usr/bin/chromium`` (Debian package ``chromium``, installed by ``.ci/run``); skipped
without it. The screenshot is kept in ``test-artifacts/serve.png``.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup

from tests.helpers import REPO, TITLE
from tests.serve_helpers import WIKITEXT, ServeProcess, StandInWiki

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

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent (apt-get install -y chromium) — browser test skipped",
)


@pytest.fixture(scope="module")
def wiki() -> Iterator[StandInWiki]:
    with StandInWiki({TITLE: [(501, WIKITEXT)]}) as stand_in:
        yield stand_in


@pytest.fixture(scope="module")
def server(wiki: StandInWiki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    with ServeProcess(wiki.url, tmp_path_factory.mktemp("serve"), "--workers", "1") as process:
        yield process


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def dump_dom(tmp_path: Path, url: str) -> BeautifulSoup:
    """The DOM once the page (and any navigation it starts) has loaded and run its scripts."""
    done = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, done.stderr[-2000:]
    return BeautifulSoup(done.stdout, "html.parser")


def test_submitting_a_title_shows_the_faulty_cell_highlighted(
    tmp_path: Path, server: ServeProcess, wiki: StandInWiki
) -> None:
    # The form, as Chromium renders /.
    index = dump_dom(tmp_path, f"{server.url}/")
    live = index.select_one("form#live")
    assert (live["method"], live["action"]) == ("get", "/audit")
    assert [i["name"] for i in live.select("input")] == ["title", "revision"]

    # The same form, as served, submitted by Chromium with a title typed in.
    with urlopen(f"{server.url}/", timeout=30) as response:
        served = BeautifulSoup(response.read(), "html.parser").select_one("form#live")
    driver = tmp_path / "submit.html"
    driver.write_text(
        f'<!DOCTYPE html><html><head><base href="{server.url}/"></head><body>{served}'
        f"<script>document.getElementById('title').value = {TITLE!r};"
        "document.getElementById('live').requestSubmit();</script></body></html>",
        encoding="utf-8",
    )
    report = dump_dom(tmp_path, driver.as_uri())

    [cell] = report.select("table.grid td.finding")
    assert cell.get_text().startswith("35")  # Beta Motorsport's total, one too many
    assert cell["data-rule"] == "total-mismatch" and cell["data-severity"] == "error"
    assert "finding-error" in cell["class"]
    assert "Beta Motorsport" in cell.find_parent("tr").get_text()
    assert report.select_one("#permalink")["href"] == f"{wiki.url}/w/index.php?oldid=501"
    assert "js" in report.html.get("class", [])  # the report's own script ran under its CSP
    log = server.out.read_text()
    submitted = re.findall(
        r'"GET (/audit\?title=2099\+Example\+Series&revision=) HTTP/1.1" 200', log
    )
    assert submitted, log[-2000:]

    # What the person sees after submitting, kept as a test artifact.
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "serve.png"
    shot.unlink(missing_ok=True)
    done = chromium(
        tmp_path, f"--screenshot={shot}", "--window-size=1280,1700", server.url + submitted[-1]
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 1700)
    assert len(data) > 20_000  # a blank page compresses to a few kilobytes


def test_an_error_page_in_chromium_keeps_the_form_and_runs_nothing(
    tmp_path: Path, server: ServeProcess
) -> None:
    payload = "<img src=x onerror=document.body.id='pwned'>"
    page = dump_dom(tmp_path, f"{server.url}/audit?title={payload}")

    assert page.select_one(".problem h1").get_text() == "400 Bad Request"
    assert payload in page.select_one("#message").get_text()
    assert page.find("img") is None and page.body.get("id") != "pwned"
    assert page.select_one("#title")["value"] == payload  # filled in again, as text
