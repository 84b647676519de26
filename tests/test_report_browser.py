"""The HTML report in a real browser: highlights survive layout, hostile cells stay inert.

A parser-level test (test_reports_formats) proves the markup is escaped; only a browser proves
that nothing ran. Each payload in ``report_samples`` tries to leave a trace in the DOM (a page
title, a body id, a body attribute); the DOM Chromium dumps after running the page's scripts
must show none of them. A positive control page that *does* run the same payload proves the
check can see a trace when there is one, and a copy of the report with its
Content-Security-Policy removed proves escaping alone is enough (the CSP is a second line).

Needs ``/usr/bin/chromium`` (Debian package ``chromium``); skipped without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from wikiaudit.reports import html as html_report

from tests import chromium
from tests.chromium import needs_chromium, screenshot
from tests.report_samples import IMG_PAYLOAD, SCRIPT_PAYLOAD, sample_result

pytestmark = needs_chromium


def dump_dom(tmp_path: Path, page: Path) -> BeautifulSoup:
    """The DOM after load and after scripts (and any onerror handler) had time to run."""
    return chromium.dump_dom(tmp_path, page.as_uri(), 3000)


def assert_no_trace(dom: BeautifulSoup) -> None:
    assert dom.title.get_text() == "wikiaudit: 2012 American Le Mans Series"
    assert dom.body.get("id") != "pwned"
    assert dom.body.get("data-pwned") is None
    assert dom.find("img") is None


@pytest.fixture
def report_page(tmp_path: Path) -> Path:
    page = tmp_path / "report.html"
    page.write_text(html_report.render(sample_result()), encoding="utf-8")
    return page


def test_control_page_shows_a_trace(tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><title>clean</title></head><body>{SCRIPT_PAYLOAD}"
        f'<div title="{IMG_PAYLOAD}"></div></body></html>',  # unescaped attribute: breaks out
        encoding="utf-8",
    )
    dom = dump_dom(tmp_path, page)
    assert dom.title.get_text() == "pwned"
    assert dom.body.get("id") == "pwned"
    assert dom.body.get("data-pwned") == "1"


def test_report_dom_after_scripts(tmp_path: Path, report_page: Path) -> None:
    dom = dump_dom(tmp_path, report_page)
    assert "js" in dom.html.get("class", [])  # the report's own script ran under its CSP
    assert_no_trace(dom)
    marked = dom.select("table.grid .finding")
    assert len(marked) == 3
    severities = sorted(cell["data-severity"] for cell in marked)
    assert severities == ["error", "info", "warning"]
    cells = [cell.get_text() for cell in dom.select("table.grid td")]
    assert SCRIPT_PAYLOAD in cells
    assert any(text.startswith(IMG_PAYLOAD) for text in cells)  # followed by its marker
    assert [s.string for s in dom.find_all("script")] == [html_report.SCRIPT]


def test_escaping_alone_keeps_payloads_inert(tmp_path: Path, report_page: Path) -> None:
    text = report_page.read_text(encoding="utf-8")
    csp = f'<meta http-equiv="Content-Security-Policy" content="{html_report.CSP}">'
    assert csp in text
    report_page.write_text(text.replace(csp, ""), encoding="utf-8")
    assert_no_trace(dump_dom(tmp_path, report_page))


def test_screenshot(tmp_path: Path, report_page: Path) -> None:
    screenshot(tmp_path, "report.png", report_page.as_uri(), (1280, 2000))
