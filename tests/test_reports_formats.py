"""Report formats: each output is parsed back and its content checked, not just produced."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from wikiaudit.reports import html as html_report
from wikiaudit.reports import junit, markdown, sarif
from wikiaudit.scraper.model import Cell, Document, Row, Table
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.findings import Finding, Severity

from tests.helpers import REPO
from tests.report_samples import (
    IMG_PAYLOAD,
    NON_ASCII,
    PIPE_TEXT,
    SCRIPT_PAYLOAD,
    TEMPLATE_TEXT,
    empty_result,
    sample_result,
)
from wikiaudit import reports

STANDINGS = "Results > Drivers' championship"


# --- registry -------------------------------------------------------------------------------


def test_registry_names_every_format() -> None:
    assert set(reports.FORMATS) == {
        "text",
        "json",
        "markdown",
        "html",
        "sarif",
        "junit",
        "github",
    }


def test_registry_renders_like_the_module() -> None:
    result = sample_result()
    assert reports.render(result, "sarif") == sarif.render(result)
    assert reports.render(result, "markdown") == markdown.render(result)


def test_registry_passes_options_through() -> None:
    text = reports.render(sample_result(), "junit", fail_on="warning")
    assert text == junit.render(sample_result(), fail_on="warning")
    assert text != junit.render(sample_result())


def test_registry_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        reports.render(sample_result(), "pdf")


def test_importing_the_registry_imports_no_renderer() -> None:
    code = (
        "import sys; from wikiaudit import reports; "
        "print(sorted(m for m in sys.modules if m.startswith('wikiaudit.reports.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# --- markdown (wikitext) ----------------------------------------------------------------------


def unwiki(cell: str) -> str:
    """What a reader sees in a talk page for one escaped cell."""
    return html.unescape(re.sub(r"</?nowiki>", "", cell.strip()))


def parse_wikitables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """A minimal wikitable reader for the one-row-per-line layout the renderer emits."""
    tables: list[tuple[list[str], list[list[str]]]] = []
    for line in text.splitlines():
        if line.startswith("{|"):
            tables.append(([], []))
        elif line.startswith("! "):
            tables[-1][0].extend(part.strip() for part in line[2:].split("!!"))
        elif line.startswith("| "):
            tables[-1][1].append([unwiki(part) for part in line[2:].split("||")])
    return tables


def test_markdown_table_reads_back() -> None:
    text = markdown.render(sample_result())
    tables = parse_wikitables(text)
    assert len(tables) == 2  # the standings table and the general section
    header, rows = tables[0]
    assert header == list(markdown.COLUMNS)
    assert all(len(row) == len(header) for row in rows)
    records = [dict(zip(header, row, strict=True)) for row in rows]
    first = records[0]
    assert first["Row"] == "Lucas Luhr"
    assert (first["Column"], first["Published"], first["Expected"]) == ("Points", "86", "85")
    assert (first["Rule"], first["Severity"], first["Line"]) == ("total-mismatch", "error", "41")
    hostile = next(r for r in records if r["Rule"] == "impossible-points")
    assert hostile["Row"] == SCRIPT_PAYLOAD
    assert hostile["Published"] == IMG_PAYLOAD
    assert hostile["Expected"] == TEMPLATE_TEXT
    info = next(r for r in records if r["Severity"] == "info")
    assert info["Row"] == NON_ASCII
    assert info["Published"] == PIPE_TEXT
    assert info["Explanation"].startswith("Points were halved at Sebring | see {{cite}}")
    assert info["Explanation"].endswith("(line 70)")
    general_header, general_rows = tables[1]
    assert general_header[0] == "Table"
    assert [row[general_header.index("Rule")] for row in general_rows] == ["parse-issue"]


def test_markdown_summary_and_lists() -> None:
    text = markdown.render(sample_result())
    lines = text.splitlines()
    assert (
        lines[0] == "== wikiaudit: table consistency findings for 2012 American Le Mans Series =="
    )
    assert lines[1].startswith("Summary: 1 error, 2 warnings, 2 info in 1 of 3 tables")
    assert "* Tables with no findings: Calendar" in lines
    assert "* Tables not checked (no checks apply): Entry list (P1)" in lines
    assert any(line.startswith("* Check skipped:") for line in lines)
    assert f"=== {STANDINGS} ===" in lines


def test_markdown_leaves_no_live_markup() -> None:
    text = markdown.render(sample_result())
    outside_nowiki = re.sub(r"<nowiki>.*?</nowiki>", "", text)
    assert "<" not in outside_nowiki and ">" not in outside_nowiki.replace(" > ", "")
    for markup in ("{{", "[[", "~~~~", "''"):
        assert markup not in outside_nowiki
    inside = re.findall(r"<nowiki>(.*?)</nowiki>", text)
    assert all("<" not in part and "|" not in part for part in inside)
    assert "\x00" not in text and "\x1b" not in text


def test_markdown_of_an_empty_audit() -> None:
    text = markdown.render(empty_result())
    assert "Summary: 0 errors, 0 warnings, 0 info in 0 of 0 tables" in text
    assert "{|" not in text


def test_wiki_escape() -> None:
    assert markdown.wiki("Jörg Bergmeister") == "Jörg Bergmeister"
    assert markdown.wiki("a\nb") == "a b"
    assert markdown.wiki("x</nowiki>{{y}}") == "<nowiki>x&lt;/nowiki&gt;{{y}}</nowiki>"
    assert markdown.wiki("AT&amp;T") == "<nowiki>AT&amp;amp;T</nowiki>"
    assert markdown.wiki(None) == ""


# --- SARIF ------------------------------------------------------------------------------------


def test_sarif_log_shape() -> None:
    result = sample_result()
    log = json.loads(sarif.render(result))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "wikiaudit" and isinstance(driver["version"], str)
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids == sorted({f.rule for f in result.findings})
    assert all(rule["shortDescription"]["text"] for rule in driver["rules"])
    assert len(run["results"]) == len(result.findings)
    for entry in run["results"]:
        assert entry["message"]["text"]
        assert driver["rules"][entry["ruleIndex"]]["id"] == entry["ruleId"]
        location = entry["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "fixtures/2012%20season.txt"


def test_sarif_levels_lines_and_properties() -> None:
    log = json.loads(sarif.render(sample_result()))
    by_rule = {entry["ruleId"]: entry for entry in log["runs"][0]["results"]}
    assert by_rule["total-mismatch"]["level"] == "error"
    assert by_rule["impossible-points"]["level"] == "warning"
    assert by_rule["winner-points"]["level"] == "note"
    region = by_rule["total-mismatch"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 41}
    props = by_rule["total-mismatch"]["properties"]
    assert props["table"] == STANDINGS
    assert (props["row"], props["column"]) == ("Lucas Luhr", "Points")
    assert (props["published"], props["expected"], props["cell"]) == ("86", "85", [1, 5])
    assert by_rule["impossible-points"]["properties"]["published"] == IMG_PAYLOAD
    assert by_rule["winner-points"]["properties"]["explanationLine"] == 70
    assert log["runs"][0]["properties"]["unclassifiedTables"] == ["Entry list (P1)"]


def test_sarif_fingerprints_follow_the_key_not_the_line() -> None:
    finding = sample_result().findings[0]
    moved = replace(finding, line=finding.line + 30, cell=(9, 9))
    other = replace(finding, column="LBH")
    assert sarif.fingerprint(finding) == sarif.fingerprint(moved)
    assert sarif.fingerprint(finding) != sarif.fingerprint(other)
    log = json.loads(sarif.render(sample_result()))
    prints = [r["partialFingerprints"][sarif.FINGERPRINT] for r in log["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)


def test_sarif_finding_without_line_has_no_region() -> None:
    result = AuditResult("a.txt", Document("a.txt"), [Finding("r", Severity.ERROR, "m")])
    (entry,) = json.loads(sarif.render(result))["runs"][0]["results"]
    assert "region" not in entry["locations"][0]["physicalLocation"]


@pytest.mark.parametrize(
    ("source", "uri"),
    [
        ("https://en.wikipedia.org/wiki/2012_ALMS", "https://en.wikipedia.org/wiki/2012_ALMS"),
        ("/tmp/a b.txt", "file:///tmp/a%20b.txt"),
        ("C:\\pages\\x.txt", "file:///C:/pages/x.txt"),
        ("pages/Nürburgring.txt", "pages/N%C3%BCrburgring.txt"),
    ],
)
def test_sarif_artifact_uri(source: str, uri: str) -> None:
    assert sarif.artifact_uri(source) == uri


# --- JUnit ------------------------------------------------------------------------------------


def suites_of(text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    return {suite.get("name"): suite for suite in root.findall("testsuite")}


def test_junit_suites_cases_and_failures() -> None:
    text = junit.render(sample_result(), fail_on="warning")
    root = ET.fromstring(text.encode("utf-8"))
    suites = suites_of(text)
    assert list(suites) == [
        "Calendar",
        STANDINGS,
        "Entry list (P1)",
        "Findings not tied to one table",
        "wikiaudit checks",
    ]
    standings = suites[STANDINGS]
    cases = standings.findall("testcase")
    assert len(cases) == 4
    assert standings.get("tests") == "4" and standings.get("failures") == "3"
    failures = {case.get("classname"): case.find("failure") for case in cases}
    assert failures["total-mismatch"].get("type") == "error"
    assert failures["impossible-points"].get("type") == "warning"
    assert failures["winner-points"] is None
    info = next(case for case in cases if case.get("classname") == "winner-points")
    assert "Points were halved" in info.find("system-out").text
    hostile = next(case for case in cases if case.get("classname") == "impossible-points")
    assert hostile.get("name") == f"{SCRIPT_PAYLOAD} / SEB"
    assert IMG_PAYLOAD in hostile.find("failure").get("message")
    calendar_cases = suites["Calendar"].findall("testcase")
    assert len(calendar_cases) == 1 and list(calendar_cases[0]) == []
    assert suites["Entry list (P1)"].find("testcase/skipped") is not None
    assert suites["wikiaudit checks"].get("skipped") == "1"
    all_cases = root.findall("testsuite/testcase")
    assert root.get("tests") == str(len(all_cases)) == "8"
    assert root.get("failures") == "3"


def test_junit_warnings_pass_under_the_default_fail_on() -> None:
    """Issue #12: a warning fails the JUnit report only when it fails the run (--fail-on)."""
    text = junit.render(sample_result())
    standings = suites_of(text)[STANDINGS]
    assert standings.get("failures") == "1"
    warning = next(c for c in standings if c.get("classname") == "impossible-points")
    assert warning.find("failure") is None
    assert "does not fail the run: below --fail-on error" in warning.find("system-out").text


def test_junit_survives_characters_xml_cannot_hold() -> None:
    text = junit.render(sample_result())
    general = suites_of(text)["Findings not tied to one table"]
    out = general.find("testcase/system-out").text
    # control characters are shown escaped (issue #14), never written raw
    assert "bad\\x00byte\\x1b" in out and SCRIPT_PAYLOAD in out


def test_every_text_format_writes_as_utf8_despite_lone_surrogates() -> None:
    result = sample_result()
    result.findings.append(Finding("r", Severity.ERROR, "broken \udc80 byte", row="x\ud800"))
    for fmt in ("markdown", "html", "junit"):
        reports.render(result, fmt).encode("utf-8")


def test_junit_repeated_titles_get_distinct_suites() -> None:
    rows = [Row([Cell("a")], line=1)]
    doc = Document("x", tables=[Table(0, ("Results",), rows, 1), Table(1, ("Results",), rows, 5)])
    names = list(suites_of(junit.render(AuditResult("x", doc, []))))
    assert names == ["Results #1", "Results #2"]


# --- HTML -------------------------------------------------------------------------------------


def soup_of(result: AuditResult) -> BeautifulSoup:
    return BeautifulSoup(html_report.render(result), "html.parser")


def test_html_highlights_cells_by_severity() -> None:
    soup = soup_of(sample_result())
    block = soup.find(id="table-1")
    marked = block.select("table.grid .finding")
    assert len(marked) == 3
    by_class = {next(c for c in cell["class"] if c.startswith("finding-")): cell for cell in marked}
    assert set(by_class) == {"finding-error", "finding-warning", "finding-info"}
    error = by_class["finding-error"]
    assert error["data-rule"] == "total-mismatch"
    assert "Published: 86 → expected: 85" in error["title"]
    assert "not the sum of the row" in error["title"]
    assert "Explained (line 70): Points were halved" in by_class["finding-info"]["title"]
    rows = block.select("table.grid tr")
    assert rows[1].find_all(["td", "th"])[1 + 5] is error  # gutter column, then the grid
    assert error.find("a", class_="mark").get_text() == "E1"


def test_html_lists_findings_under_their_table() -> None:
    soup = soup_of(sample_result())
    items = soup.find(id="table-1").select("details.findings li")
    assert [li["id"] for li in items] == ["t1-f1", "t1-f2", "t1-f3", "t1-f4"]
    assert "rounds-vs-calendar" in items[1].get_text()  # the finding without a cell
    assert "Explained by the article (line 70)" in items[3].get_text()
    general = soup.find(id="general")
    assert "parse-issue" in general.get_text()
    for mark in soup.select("a.mark"):
        assert soup.find(id=mark["href"][1:]) is not None


def test_html_summary() -> None:
    soup = soup_of(sample_result())
    counts = {pill["data-severity"]: pill.get_text() for pill in soup.select(".topbar .pill")}
    assert counts == {"error": "✖ 1 error", "warning": "▲ 2 warnings", "info": "ℹ 2 info"}
    assert "fixtures/2012 season.txt" in soup.select_one(".topbar .source").get_text()
    text = soup.select_one(".overview").get_text()
    assert "Entry list (P1)" in text and "no points-system table" in text
    assert soup.find(id="table-0").get("open") is None  # clean tables start collapsed
    assert soup.find(id="table-1").get("open") is not None
    assert "not checked" in soup.find(id="table-2").get_text()


def test_html_article_content_stays_text() -> None:
    soup = soup_of(sample_result())
    scripts = soup.find_all("script")
    assert [s.string for s in scripts] == [html_report.SCRIPT]
    assert soup.find("img") is None
    for tag in soup.find_all(True):
        assert not [attr for attr in tag.attrs if attr.lower().startswith("on")], tag.name
    text = soup.get_text()
    assert SCRIPT_PAYLOAD in text and IMG_PAYLOAD in text and TEMPLATE_TEXT in text
    assert "\x00" not in str(soup) and "\x1b" not in str(soup)


def test_html_is_self_contained() -> None:
    out = html_report.render(sample_result())
    soup = BeautifulSoup(out, "html.parser")
    for tag in soup.find_all(True):
        assert "src" not in tag.attrs
        assert tag.get("href", "#").startswith("#")
    style = soup.style.string
    assert "url(" not in style and "@import" not in style and "http" not in style
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and csp == html_report.CSP


def test_html_keeps_plain_cell_colours_only() -> None:
    row = Row(
        [
            Cell("1", attrs=(("bgcolor", "#FFFFBF"),)),
            Cell("2", attrs=(("style", "background:url(http://evil/x.png)"),)),
            Cell("3", attrs=(("style", "background-color: lightgreen; width: 3em"),)),
        ],
        line=1,
    )
    doc = Document("x", tables=[Table(0, ("T",), [row], line=1)])
    cells = soup_of(AuditResult("x", doc, [])).select("table.grid td")
    assert [cell.get("style") for cell in cells] == [
        "background:#FFFFBF",
        None,
        "background:lightgreen",
    ]


def test_html_stale_cell_is_listed_not_drawn() -> None:
    rows = [Row([Cell("a")], line=1)]
    doc = Document("x", tables=[Table(0, ("T",), rows, line=1)])
    finding = Finding("r", Severity.ERROR, "gone", table_index=0, cell=(5, 5))
    soup = soup_of(AuditResult("x", doc, [finding]))
    assert soup.select(".finding") == []
    assert "gone" in soup.select_one("details.findings").get_text()


def test_html_of_an_empty_audit() -> None:
    soup = soup_of(empty_result())
    assert "The article has no tables." in soup.get_text()
