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
from pathlib import Path
from urllib.request import urlopen

from bs4 import BeautifulSoup

from tests.chromium import dump_dom, needs_chromium, screenshot
from tests.helpers import TITLE
from tests.serve_helpers import ServeProcess, StandInWiki

pytestmark = needs_chromium


def test_submitting_a_title_shows_the_faulty_cell_highlighted(
    tmp_path: Path, serve_process: ServeProcess, stand_in_wiki: StandInWiki
) -> None:
    # The form, as Chromium renders /.
    index = dump_dom(tmp_path, f"{serve_process.url}/", 5000)
    live = index.select_one("form#live")
    assert (live["method"], live["action"]) == ("get", "/audit")
    assert [i["name"] for i in live.select("input")] == ["title", "revision"]

    # The same form, as served, submitted by Chromium with a title typed in.
    with urlopen(f"{serve_process.url}/", timeout=30) as response:
        served = BeautifulSoup(response.read(), "html.parser").select_one("form#live")
    driver = tmp_path / "submit.html"
    driver.write_text(
        f'<!DOCTYPE html><html><head><base href="{serve_process.url}/"></head><body>{served}'
        f"<script>document.getElementById('title').value = {TITLE!r};"
        "document.getElementById('live').requestSubmit();</script></body></html>",
        encoding="utf-8",
    )
    report = dump_dom(tmp_path, driver.as_uri(), 5000)

    [cell] = report.select("table.grid td.finding")
    assert cell.get_text().startswith("35")  # Beta Motorsport's total, one too many
    assert cell["data-rule"] == "total-mismatch" and cell["data-severity"] == "error"
    assert "finding-error" in cell["class"]
    assert "Beta Motorsport" in cell.find_parent("tr").get_text()
    assert report.select_one("#permalink")["href"] == f"{stand_in_wiki.url}/w/index.php?oldid=501"
    assert "js" in report.html.get("class", [])  # the report's own script ran under its CSP
    log = serve_process.out.read_text()
    submitted = re.findall(
        r'"GET (/audit\?title=2099\+Example\+Series&revision=) HTTP/1.1" 200', log
    )
    assert submitted, log[-2000:]

    # What the person sees after submitting, kept as a test artifact.
    screenshot(tmp_path, "serve.png", serve_process.url + submitted[-1], (1280, 1700))


def test_an_error_page_in_chromium_keeps_the_form_and_runs_nothing(
    tmp_path: Path, serve_process: ServeProcess
) -> None:
    payload = "<img src=x onerror=document.body.id='pwned'>"
    page = dump_dom(tmp_path, f"{serve_process.url}/audit?title={payload}", 5000)

    assert page.select_one(".problem h1").get_text() == "400 Bad Request"
    assert payload in page.select_one("#message").get_text()
    assert page.find("img") is None and page.body.get("id") != "pwned"
    assert page.select_one("#title")["value"] == payload  # filled in again, as text
