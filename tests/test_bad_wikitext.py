"""Broken wikitext through the whole ``audit`` command: findings or one line, never a crash.

Why: articles are edited by hand and saved half-finished; a table that is never closed or a
span that runs off the table is normal input, and exit status 3 (an internal error) or a
traceback would stop a CI run for an article problem the audit should simply report. Each
case goes through ``wikiaudit.cli.main`` exactly as a user's file would, in the text and JSON
reports.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import read_fixture
from wikiaudit.cli import main

POINTS = """==Championships==
{| class="wikitable"
! colspan="4" | Points System
|-
! Race !! 1st !! 2nd !! 3rd
|-
! Points
| 20 || 16 || 13
|}
"""
STANDINGS_HEAD = """====P1 standings====
{| class="wikitable" style="font-size: 85%;"
! Pos !! Driver !! SEB !! LBH !! Total
|-
! 1
| {{flagicon|DEU}} [[Klaus Graf]] || '''20''' || ''16'' || 36
|-
! 2
| {{flagicon|GBR}} [[Guy Smith]] || 16 || 13 || 29
"""
CLOSE = "|}\n"


def standings_with(row: str, *, close: bool = True) -> str:
    """A small, otherwise sound article with one extra standings row written ``row``."""
    return POINTS + STANDINGS_HEAD + "|-\n" + row + "\n" + (CLOSE if close else "")


def cut_fixture() -> str:
    """The 2012 article cut in the middle of the P2 driver standings, mid-row."""
    text = read_fixture("2012.wikitext")
    at = text.index('| align="left" | {{flagicon|GBR}} [[Martin Plowman]]')
    return text[: at + 30]


CASES: dict[str, tuple[str, set[str]]] = {
    # name: (article, rules at least one of which must be reported; empty = exit 2 allowed)
    "unclosed table": (POINTS + STANDINGS_HEAD, {"unclosed-table"}),
    "row outside a table": (
        "| 3 || stray || 1 || 1 || 2\n" + standings_with("! 3\n| [[A]] || 1 || 1 || 2"),
        {"row-outside-table"},
    ),
    "more spans than columns": (
        standings_with('! 3\n| colspan="40" | [[Wide]] || 1 || 1 || 2'),
        set(),
    ),
    "colspan far past the limit": (
        standings_with('! 3\n| colspan="5000" | [[Wider]]'),
        {"malformed-span"},
    ),
    "rowspan past the end": (
        standings_with('! rowspan="9" | 3\n| [[Lost]] || 1 || 1 || 2'),
        {"malformed-span"},
    ),
    "rowspan zero": (standings_with('! rowspan="0" | 3\n| [[Zero]] || 1 || 1 || 2'), set()),
    "non-numeric span": (
        standings_with('! rowspan="two" | 3\n| [[Two]] || 1 || 1 || 2'),
        {"malformed-span"},
    ),
    "negative span": (
        standings_with('! colspan="-3" | 3\n| [[Minus]] || 1 || 1 || 2'),
        {"malformed-span"},
    ),
    "huge rowspan": (
        standings_with('! rowspan="99999999999999999999" | 3\n| [[Huge]] || 1 || 1 || 2'),
        {"malformed-span"},
    ),
    "unquoted junk attributes": (
        standings_with('! style"color:red" rowspan=2" | 3\n| [[Junk]] || 1 || 1 || 2'),
        {"malformed-attribute", "malformed-span"},
    ),
    "table cut in half": (cut_fixture(), {"unclosed-table"}),
    "open table and nothing else": ("{|\n", set()),
    "open table with a class only": ('{| class="wikitable"', set()),
    "stray table end": (
        standings_with("! 3\n| [[A]] || 1 || 1 || 2") + "|}\n|}\n",
        {"row-outside-table"},
    ),
    "only a stray table end": ("|}\n", set()),
    "empty table": ("{|\n|}\n", set()),
    "rows but no cells": ('{| class="wikitable"\n|-\n|-\n|}\n', set()),
    "header only": ('{| class="wikitable"\n! Pos !! Driver !! Total\n|}\n', set()),
    "unclosed link and template in cells": (
        standings_with("! 3\n| {{flagicon|USA [[Open || 1 || 1 || 2"),
        set(),
    ),
    "unclosed template before the table": ("{{Infobox\n| a = b\n" + POINTS, set()),
    # these two end with standings: a page with no standings read exits 2 (issue 10), and the
    # source findings are only reported on a page that was audited
    "nested table never closed": (
        "{|\n|\n" + POINTS.replace("|}\n", "") + "|}\n" + STANDINGS_HEAD + CLOSE,
        {"unclosed-table"},
    ),
    "caption and row outside": (
        "|+ caption\n|-\n! a\n" + POINTS + STANDINGS_HEAD + CLOSE,
        {"row-outside-table"},
    ),
    "unclosed comment": (POINTS + "<!-- never closed\n{|\n| 1\n|}\n", set()),
    "unclosed ref in a cell": (
        standings_with("! 3\n| [[Ref]]<ref>never closed || 1 || 1 || 2"),
        set(),
    ),
    "total is text": (standings_with("! 3\n| [[Text]] || 1 || 1 || two"), set()),
}


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, *args: str):
    path = tmp_path / "bad.wikitext"
    path.write_text(text, encoding="utf-8")
    status = main([str(path), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("name", list(CASES))
def test_bad_wikitext_gives_findings_or_one_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article, rules = CASES[name]
    status, out, err = run(tmp_path, capsys, article, "--format", "json", "--fail-on", "never")
    assert status != 3, f"{name}: internal error: {err}"
    assert "Traceback" not in out + err
    if status == 2:
        assert not rules, f"{name}: expected findings {rules}, got exit 2: {err}"
        assert err.count("\n") == 1 and err.startswith("audit: "), err
        return
    assert status == 0, (status, err)
    report = json.loads(out)
    found = {finding["rule"] for finding in report["findings"]}
    if rules:
        assert found & rules, f"{name}: none of {rules} in {sorted(found)}"
    for finding in report["findings"]:
        if finding["rule"] in rules:
            assert finding["line"] is not None and finding["line"] >= 1, finding


@pytest.mark.parametrize("name", list(CASES))
def test_bad_wikitext_text_report(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The default text report renders every case too (it draws tables and spans)."""
    status, out, err = run(tmp_path, capsys, CASES[name][0])
    assert status in (0, 1, 2), f"{name}: exit {status}: {err}"
    assert "Traceback" not in out + err
    if status == 2:
        assert err.count("\n") == 1, err


def test_cut_fixture_still_audits_what_was_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Half an article is still an article: the tables before the cut are checked."""
    status, out, err = run(tmp_path, capsys, cut_fixture(), "--format", "json")
    assert status in (0, 1), err
    report = json.loads(out)
    rules = {finding["rule"] for finding in report["findings"]}
    assert "unclosed-table" in rules
    assert "winner-points" in rules  # TRG at Baltimore, from the team standings before the cut


def test_wikitext_form_forced_on_plain_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--form wikitext`` on a file with no table at all: one line, exit 2."""
    status, _, err = run(tmp_path, capsys, "just prose, no tables\n", "--form", "wikitext")
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("audit: "), err
