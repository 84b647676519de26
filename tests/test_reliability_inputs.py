"""Silent passes, crashes and many-line errors (issue #14), each from the input that caused it.

The contract is the bad-input catalogue's (``test_bad_inputs.py``): findings with exit 0 or 1,
or exactly one ``audit: error:`` line with exit 2; never exit 3, a traceback, or a pass that
hides a finding the same article gives when written plainly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wikiaudit.scraper import detect_form
from wikiaudit.validators.readers.labels import parse_int

from tests.helpers import CORE, FIXTURE, read_fixture
from wikiaudit.cli import main

WIKITEXT_CORE = "| 24 || 20 || 22 || 20 || 16 || 16 || 22 || 20 || 22 || 24 || "


def audit_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main([*argv, "--format", "json"])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    return code, json.loads(captured.out)


def one_line(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code == 2, captured
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("audit: error:"), captured.err
    return lines[0]


def keys(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (f["rule"], f["table"], f["row"], f["column"], f["line"], f["published"])
        for f in report["findings"]
    )


# ------------------------------------------------------------------------ line endings


@pytest.mark.parametrize("name", ["2012.wikitext", "2012.txt"])
def test_bare_cr_line_ends_audit_like_lf(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: CR-only wikitext was taken for the flattened form and passed clean (exit 0)."""
    text = read_fixture(name)
    lf, cr = tmp_path / f"lf{Path(name).suffix}", tmp_path / f"cr{Path(name).suffix}"
    lf.write_bytes(text.encode())
    cr.write_bytes(text.replace("\n", "\r").encode())
    assert detect_form(text.replace("\n", "\r")) == detect_form(text)
    code_lf, report_lf = audit_json(capsys, str(lf))
    code_cr, report_cr = audit_json(capsys, str(cr))
    assert code_cr == code_lf == 1
    assert keys(report_cr) == keys(report_lf)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"])
@pytest.mark.parametrize("name", ["2012.txt", "2012.wikitext"])
def test_fix_numbers_lines_as_the_scraper_does(
    name: str, separator: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Characters ``str.splitlines`` splits at, inside a prose line above the wrong total: the
    finding's line and the line ``--fix`` edits must be the same line."""
    row = CORE if name.endswith("txt") else WIKITEXT_CORE
    right, wrong = (
        (row + "206 |", row + "207 |") if name.endswith("txt") else (row + "206", row + "207")
    )
    text = read_fixture(name)
    prose = next(line for line in text.split("\n") if len(line) > 200)
    marked = text.replace(prose, prose[:50] + separator + prose[50:], 1)
    article, fixed = tmp_path / f"a{Path(name).suffix}", tmp_path / f"fixed{Path(name).suffix}"
    plain = tmp_path / f"plain{Path(name).suffix}"
    plain.write_text(text.replace(right, wrong), encoding="utf-8", newline="")
    article.write_text(marked.replace(right, wrong), encoding="utf-8", newline="")
    _, report = audit_json(capsys, str(article))
    _, plain_report = audit_json(capsys, str(plain))
    assert keys(report) == keys(plain_report)  # the separator adds no line
    assert main([str(article), "--fix", "--output", str(fixed)]) == 1
    assert fixed.read_bytes().decode("utf-8") == marked


# ------------------------------------------------------------------------ reading numbers


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_parse_int_reads_ascii_and_unicode_minus(number: int) -> None:
    assert parse_int(str(number)) == number
    assert parse_int(str(number).replace("-", "\u2212")) == number


def test_parse_int_edge_cases() -> None:
    assert parse_int("\u22125") == -5
    assert parse_int("٣") == 3 and parse_int("١٣") == 13
    assert parse_int("9" * 5000) is None  # int() refuses 4,300+ digits: not a number, no crash
    assert parse_int("²") is None


def two_row_standings(value: str, points: str = "20 | 16 | 13 | 10 | 8 | 6 | 4 | 3") -> str:
    """A points table and a 2-row standings table whose first row's total (37) is wrong."""
    positions = " | ".join(f"{n}th" for n in range(1, 9))
    return (
        "==Points==\n\n"
        "| Points System | | | | | | | | |\n"
        f"| Position | {positions} |\n"
        f"| Points | {points} |\n\n"
        "====Drivers standings====\n\n"
        "| Pos | Driver | R1 | R2 | Total |\n"
        "| 1 | Alice Able | 20 | 16 | 37 |\n"
        f"| 2 | Bob Baker | 16 | {value} | {16 + 3} |\n"
    )


@pytest.mark.parametrize("value", ["3", "٣"])
def test_an_arabic_indic_digit_reads_as_its_number(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``٣`` is 3, a points value here: the table is checked and the wrong total found."""
    article = tmp_path / "two.txt"
    article.write_text(two_row_standings(value), encoding="utf-8")
    code, report = audit_json(capsys, str(article))
    assert code == 1
    assert ("total-mismatch", "Alice Able") in {(f["rule"], f["row"]) for f in report["findings"]}


@pytest.mark.parametrize("value", ["٣", "\u22125", "-5"])
def test_an_impossible_value_never_silently_hides_the_table(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A value the points system cannot give (3 where it pays no 3, a -5 penalty) in a 2-row
    table: the cells no longer vouch for reading it as points, and two rows cannot, so the
    table is not judged row by row (issue #10) — but it is said, never skipped in silence: the
    report names the table and why (and the value reads as the number it is)."""
    article = tmp_path / "two.txt"
    article.write_text(two_row_standings(value, points="20 | 16 | 13 | 10 | 8 | 6 | 4 | 2"))
    _, report = audit_json(capsys, str(article))
    [unfit] = [f for f in report["findings"] if f["rule"] == "table-unfit"]
    assert unfit["table"] == "Points > Drivers standings"
    assert "2 rows" in unfit["message"] and "no row judged" in unfit["message"]


# -------------------------------------------------------------------------------- crashes

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("2012.txt", CORE + "206 |", CORE + HUGE + " |"),
        ("2012.txt", CORE + "206 |", CORE.replace("| 24 |", f"| {HUGE} |", 1) + "206 |"),
        ("2012.txt", "| 1 | Sebring | USA #016", f"| {HUGE} | Sebring | USA #016"),
        ("2012.wikitext", 'rowspan="2"', f'rowspan="{HUGE}"'),
        ("2012.wikitext", WIKITEXT_CORE + "206", WIKITEXT_CORE + HUGE),
    ],
    ids=["total", "race value", "round number", "rowspan", "wikitext total"],
)
def test_integers_over_4300_digits_are_not_a_crash(
    name: str, old: str, new: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = read_fixture(name)
    assert text.count(old) >= 1
    article = tmp_path / f"a{Path(name).suffix}"
    article.write_text(text.replace(old, new, 1), encoding="utf-8")
    audit_json(capsys, str(article))


def test_paths_the_system_refuses_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    long_name = tmp_path / ("x" * 300)
    through = tmp_path / "file.txt"
    through.write_text("x")
    for path in (loop, long_name, through / "article.txt"):
        one_line(capsys, str(path))
        one_line(capsys, str(FIXTURE), "--baseline", str(path))
        one_line(capsys, str(FIXTURE), "--rules", str(path))
        one_line(capsys, "history", "--dump", str(path))
    for path in (loop / "x", long_name, through / "report.txt"):
        one_line(capsys, str(FIXTURE), "-o", str(path))


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"wikiaudit_baseline": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested"),
        ('{"wikiaudit_baseline": ' + HUGE + ', "findings": []}', "not JSON"),
        ('{"wikiaudit_baseline": true, "findings": []}', "version True"),
        ('{"wikiaudit_baseline": 1.0, "findings": []}', "version 1.0"),
        ('{"wikiaudit_baseline": "1", "findings": []}', "version '1'"),
        ('{"wikiaudit_baseline": 1, "findings": [{"rule": "x", "message": 5}]}', "must be text"),
        (b'{"wikiaudit_baseline": 1, "findings": [{"rule": "caf\xe9"}]}', "not UTF-8"),
    ],
    ids=["nested 100,000", "5000 digits", "true", "1.0", "'1'", "message 5", "latin-1"],
)
def test_bad_baselines_are_one_line_errors(
    content: str | bytes, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "b.json"
    if isinstance(content, bytes):
        baseline.write_bytes(content)
    else:
        baseline.write_text(content)
    assert says in one_line(capsys, str(FIXTURE), "--baseline", str(baseline))


def test_a_baseline_with_lone_surrogates_still_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "b.json"
    baseline.write_text(
        '{"wikiaudit_baseline": 1, "findings": [{"rule": "total-mismatch", "table": "\\ud800"}]}'
    )
    for fmt in ("text", "json"):
        assert main([str(FIXTURE), "--baseline", str(baseline), "--format", fmt]) == 1
        capsys.readouterr().out.encode("utf-8")


RULES = {
    "inf": "points = [inf, 1]",
    "nan": "points = [nan]",
    "1e308": "points = [1e308, 1e308]",
    "5000 digits": f"points = [{HUGE}]",
    "text points": 'points = ["a"]',
    "text bonus": 'points = [1]\nevent_bonus = "x"',
    "text hours": 'bands = [{points = [1], min_hours = "x"}]',
    "text rounds": 'bands = [{points = [1], rounds = ["a"]}]',
    "deep": "points = " + "[" * 5000 + "]" * 5000,
}


@pytest.mark.parametrize("body", list(RULES.values()), ids=list(RULES))
def test_bad_rules_files_are_one_line_errors(
    body: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(f"[scoring]\n{body}\n")
    assert "rules file" in one_line(capsys, str(FIXTURE), "--rules", str(rules))


def test_a_latin_1_rules_file_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_bytes(b'description = "Caf\xe9 series"\n[scoring]\npoints = [3, 2, 1]\n')
    assert "not UTF-8" in one_line(capsys, str(FIXTURE), "--rules", str(rules))


@pytest.mark.parametrize("fmt", ["text", "json", "fix"])
def test_a_closed_stdout_ends_quietly(fmt: str, tmp_path: Path) -> None:
    """``audit X | head -c0``: the reader is gone before anything is written."""
    article = tmp_path / "broken.txt"
    article.write_text(read_fixture().replace(CORE + "206 |", CORE + "207 |"), encoding="utf-8")
    argv = [str(article), "--fix"] if fmt == "fix" else [str(article), "--format", fmt]
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "wikiaudit.cli", *argv],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    # --fix still says what it did (a dry run) on stderr; nothing else may appear there
    expected = "audit: 1 fix (dry run; write with --output FILE or --in-place)\n"
    assert done.stderr == (expected if fmt == "fix" else "")
    assert done.returncode == 1


# ----------------------------------------------------------------------- one-line errors


def test_revision_0_is_refused_for_what_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    line = one_line(capsys, "--wiki", "https://en.wikipedia.org", "--revision", "0")
    assert "must be a positive revision id" in line


DUMP = """\
<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">
<siteinfo><sitename>X</sitename><base>https://wiki.example.org/wiki/Main_Page</base>
<namespaces><namespace key="0" case="first-letter" /></namespaces></siteinfo>
<page><title>P</title><ns>0</ns><id>1</id>{revisions}</page></mediawiki>
"""
DELETED = (
    "<revision><id>{id}</id><timestamp>2012-05-2{id}T10:00:00Z</timestamp>"
    '<contributor deleted="deleted" /><model>wikitext</model><format>text/x-wiki</format>'
    '<text deleted="deleted" /><sha1 /></revision>'
)


def test_a_dump_of_deleted_revisions_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: a warning line per deleted revision, then the error."""
    dump = tmp_path / "dump.xml"
    dump.write_text(DUMP.format(revisions="".join(DELETED.format(id=i) for i in (1, 2, 3))))
    assert "no readable revision" in one_line(capsys, "history", "--dump", str(dump))
