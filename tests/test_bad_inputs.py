"""A catalogue of bad inputs, each run through the real CLI.

The contract every case checks: the audit either presents findings (exit 0 or 1) or stops with
exactly one line on stderr starting ``audit: error:`` and exit status 2. A traceback, exit 3
(internal error) or a hang is a failure, whatever the input. A watchdog alarm turns a hang into
a failure instead of a stuck CI job.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURE, read_fixture, standings_wikitext
from wikiaudit.cli import main

#: A points-matrix standings table in the flattened form: nine of ten rows add up, so the
#: table reads as a points matrix with support (at least 80 % of at least 5 rows, even with one
#: more wrong row appended) and the fourth row's total (30, not 26) is a finding.
STANDINGS = """\
====Drivers standings====

| Pos | Driver | R1 | R2 | Total |
| 1 | Alice Able | 20 | 16 | 36 |
| 2 | Bob Baker | 16 | 20 | 36 |
| 3 | Carl Cole | 13 | 13 | 26 |
| 4 | Dora Dunn | 10 | 16 | 30 |
| 5 | Fay Ford | 12 | 10 | 22 |
| 6 | Gus Gray | 10 | 10 | 20 |
| 7 | Hal Hill | 8 | 10 | 18 |
| 8 | Ida Ink | 10 | 6 | 16 |
| 9 | Jon Jay | 6 | 8 | 14 |
| 10 | Kim Kay | 5 | 5 | 10 |
"""


#: A watchdog (conftest) fails a case that runs for more than 60 s instead of hanging CI.
pytestmark = pytest.mark.usefixtures("watchdog")


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.out)

    @property
    def rules(self) -> set[str]:
        return {finding["rule"] for finding in self.report["findings"]}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Outcome:
    """Run the CLI and check the contract shared by every input, good or bad."""
    code = main(list(argv))
    captured = capsys.readouterr()
    outcome = Outcome(code, captured.out, captured.err)
    assert "Traceback" not in captured.err + captured.out
    assert code in (0, 1, 2), f"exit {code}: {captured.err}"
    if code == 2:
        assert captured.out == ""
        lines = captured.err.splitlines()
        assert len(lines) == 1, captured.err
        assert lines[0].startswith("audit: error:"), captured.err
    return outcome


def drop_table(text: str, first_cell: str) -> str:
    """The article without the table whose first row starts with ``| first_cell |``."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_cell} |"))
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[:start] + lines[end:])


def break_total(text: str) -> str:
    """The fixture with the P2 team champion's total (203) changed to 204.

    Not the P1 table: it has two rows, and with one of them broken the table no longer reads
    as a points matrix for certain (1 of 2 rows adds up), so nothing would be recomputed.
    """
    row = "| 24 | 20 | 22 | 20 | 16 | 20 | 15 | 20 | 22 | 24 | {} |"
    assert row.format(203) in text
    return text.replace(row.format(203), row.format(204), 1)


@dataclass(frozen=True)
class Case:
    """One bad input: its bytes, the file suffix, extra options, and what must come out.

    ``error`` is a pattern the one-line error must match (exit 2); otherwise the input must be
    audited and ``rules`` must be among the findings.
    """

    name: str
    content: Callable[[], bytes]
    suffix: str = ".txt"
    args: tuple[str, ...] = ()
    error: str | None = None
    rules: frozenset[str] = field(default_factory=frozenset)


def _text(value: str) -> Callable[[], bytes]:
    return lambda: value.encode("utf-8")


def nothing_read(tables: str = r"1 table") -> str:
    """The one-line error of a page on which none of its ``tables`` reads as standings or a
    race classification (issue 10: a page with nothing audited is not clean, exit 2)."""
    return rf"no season table could be checked \({tables}, none read as standings"


#: The standings cut off inside a row, with a nested table that is never closed.
WIKI_UNCLOSED = (
    standings_wikitext(
        ("Fay Ford", 12, 10, 22),
        ("Gus Gray", 10, 10, 20),
        ("Hal Hill", 8, 10, 18),
        heading="== Standings ==",
        closed=False,
    )
    + """\
|-
| 8 || Eve {{flagicon|USA}} [[Eve Ernst|Ernst
{| class="wikitable"
| nested, never closed
"""
)

HTML_NESTED = """\
<!DOCTYPE html><html><head><title>2099 Series</title>
<script>document.write('<table class="wikitable"><tr><td>99</td></tr></table>');</script>
<style>table { border: 1px } </style></head><body>
<h2>Standings</h2>
<table class="wikitable"><tr><th>Pos</th><th>Driver</th><th>R1</th><th>R2</th><th>Total</th></tr>
<tr><td>1</td><td>Alice Able</td><td>20</td><td>16</td><td>36</td></tr>
<tr><td>2</td><td>Bob Baker<table class="wikitable"><tr><td>nested<script>x = "</td>";</script>
</td></tr></table></td><td>16</td><td>20</td><td>36</td></tr>
<tr><td>3</td><td>Carl Cole</td><td>13</td><td>13</td><td>26</td></tr>
<tr><td>4</td><td>Dora Dunn</td><td>10</td><td>16</td><td>30</td></tr>
<tr><td>5</td><td>Fay Ford</td><td>12</td><td>10</td><td>22</td></tr>
<tr><td>6</td><td>Gus Gray</td><td>10</td><td>10</td><td>20</td></tr>
<tr><td>7</td><td><table><tr><td><table><tr><td>deep</td></tr></table></td></tr></table></td>
<td><noscript><table class="wikitable"><tr><td>1</td></tr></table></noscript></td></tr>
</table></body></html>
"""

CASES = [
    Case("empty file", lambda: b"", error="empty"),
    Case("whitespace only", lambda: b" \n\t\r\n   \n", error="empty"),
    Case("binary bytes", lambda: bytes(range(256)) * 16, error="binary"),
    Case("control characters without NUL", lambda: bytes(range(1, 32)) * 40, error="binary"),
    Case("invalid UTF-8", lambda: b"| Pos | Driver |\n| 1 | Al \xff\xfe Able |\n", error="UTF-8"),
    Case("truncated UTF-8 sequence", lambda: "| Pos | Mü".encode()[:-1], error="UTF-8"),
    Case("broken UTF-16", lambda: b"\xff\xfe" + b"a\x00b\x00\x00\xd8", error="UTF-16"),
    Case("prose without tables", _text("= Title =\n\nJust prose.\n"), error="no tables"),
    Case(
        "header only, no rows", _text("| Pos | Driver | R1 | R2 | Total |\n"), error=nothing_read()
    ),
    Case(
        "rows longer and shorter than the header",
        _text(
            "| Pos | Driver | R1 | R2 | Total |\n| 1 | Alice Able | 20 | 16 | 36 | 7 | 8 | 9 |\n"
            "| 2 | Bob Baker | 16 |\n| 3 |\n| 4 | Dora Dunn | 10 | 16 | 26 |\n"
            "| 5 | Eve Ernst | 8 | 8 | 17 |\n| 6 | Fay Ford | 8 | 6 | 14 |\n"
            "| 7 | Gus Gray | 6 | 6 | 12 |\n| 8 | Hal Hill | 4 | 6 | 10 |\n"
        ),
        rules=frozenset({"total-mismatch"}),
    ),
    Case(
        "standings without a Total column",
        _text("| Pos | Driver | R1 | R2 |\n| 1 | Alice Able | 20 | 16 |\n| 2 | Bob Baker | x |\n"),
        error=nothing_read(),
    ),
    Case(
        "duplicated round columns",
        _text(
            "| Pos | Driver | R1 | R1 | R1 | Total |\n| 1 | Alice Able | 20 | 16 | 20 | 56 |\n"
            "| 2 | Bob Baker | 16 | 16 | 13 | 45 |\n| 3 | Carl Cole | 13 | 13 | 13 | 40 |\n"
            "| 4 | Dora Dunn | 10 | 13 | 16 | 39 |\n| 5 | Eve Ernst | 10 | 10 | 10 | 30 |\n"
            "| 6 | Fay Ford | 8 | 10 | 6 | 24 |\n"
        ),
        rules=frozenset({"total-mismatch"}),
    ),
    Case(
        "calendar missing",
        lambda: break_total(drop_table(read_fixture(), "Rnd")).encode(),
        rules=frozenset({"total-mismatch"}),
    ),
    Case(
        "unclosed wikitext tables",
        _text(WIKI_UNCLOSED),
        ".wikitext",
        rules=frozenset({"total-mismatch", "unclosed-table"}),
    ),
    Case(
        "wikitext of 2000 nested table openers",
        _text("{|\n" * 2000),
        ".wikitext",
        error=nothing_read("1 table"),  # 1999 class-less tables holding a table are layout
    ),
    Case(
        "wikitext of 400 nested tables",
        _text("{|\n|a\n" * 400),
        ".wikitext",
        error=nothing_read("1 table"),  # 399 class-less tables holding a table lay out the page
    ),
    Case(
        "HTML with nested tables and scripts",
        _text(HTML_NESTED),
        ".html",
        rules=frozenset({"total-mismatch"}),
    ),
    Case(
        "HTML without a wikitable",
        _text("<html><body><table><tr><td>1</td></tr></table>"),
        ".html",
        error="no tables",
    ),
    Case(
        "many tiny tables over --max-tables",
        _text("\n\n".join("| a | b |" for _ in range(20_000))),
        error=r"20000 tables is over the limit of 500 .*--max-tables",
    ),
    Case(
        "many tiny tables under a raised --max-tables",
        _text("\n\n".join("| a | b |" for _ in range(600))),
        args=("--max-tables", "600"),
        error=nothing_read("600 tables"),  # all 600 parsed, none is standings
    ),
    Case(
        "input over a lowered --max-bytes",
        lambda: FIXTURE.read_bytes(),
        args=("--max-bytes", "10000"),
        error=r"over the 10,000-byte input limit .*--max-bytes",
    ),
    Case(
        "the fixture under a raised --max-bytes",
        lambda: FIXTURE.read_bytes(),
        args=("--max-bytes", "40000"),
    ),
]


#: Cell values that are not plain whole numbers. Each goes into a last row of STANDINGS: the
#: audit must still run and still find the broken total of the fourth row (the last row's
#: total, 8, is wrong too when the value reads as a number, such as ``12†`` or ``½``).
ODD_POINTS = [
    "Ret",
    "DNS",
    "—",
    "12†",
    "½",
    "1½",
    "2/3",
    "3⁄4",
    "−1",
    "∞",
    "NaN",
    "(16)",
    "4th",
    "12.5",
    "1e3",
    "٣",
    "",
    "-",
    "?",
    "²",
    "1²",
    "--5",
    "99999999999999999999",
]
CASES += [
    Case(
        f"non-numeric points {value!r}",
        _text(STANDINGS + f"| 11 | Eve Ernst | {value} | 8 | 8 |\n"),
        rules=frozenset({"total-mismatch"}),
    )
    for value in ODD_POINTS
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gives_findings_or_one_line_error(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"article{case.suffix}"
    path.write_bytes(case.content())
    outcome = run(capsys, str(path), "--format", "json", *case.args)
    if case.error is not None:
        assert outcome.code == 2
        assert re.search(case.error, outcome.err), outcome.err
        return
    assert outcome.code in (0, 1), outcome.err
    assert case.rules <= outcome.rules, outcome.rules


def test_calendar_row_shorter_than_its_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "calendar.txt"
    path.write_text("| Race | Rnd |\n| 1 |\n| Sebring | 2 |\n", "utf-8")
    # the calendar is read without a crash; with no standings beside it nothing was checked
    outcome = run(capsys, str(path))
    assert outcome.code == 2
    assert re.search(nothing_read(), outcome.err), outcome.err


#: Digits that pass ``str.isdigit()`` but not ``int()`` ("²"), in each place that converted
#: with ``int()`` after an ``isdigit()`` test (each was exit 3).
_SUPERSCRIPT_CRASHES = [
    pytest.param(
        ["--wiki", "https://en.wikipedia.org", "--compare", "²", "5"],
        id="compare revision id '²' (wikiaudit/pipeline.py read_source)",
    ),
    pytest.param(
        ["https://en.wikipedia.org/w/index.php?oldid=%C2%B2"],
        id="oldid=² in a URL (scraper/mediawiki_urls.py _positive)",
    ),
    pytest.param("results", id="results round '²' (validators/explain.py _round_aliases)"),
]


@pytest.mark.parametrize("argv", _SUPERSCRIPT_CRASHES)
def test_superscript_digits_are_not_a_crash(
    argv: list[str] | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if argv == "results":
        path = tmp_path / "results.txt"
        path.write_text(
            read_fixture().replace("| 1 | Sebring | USA #016", "| ² | Sebring | USA #016")
        )
        argv = [str(path)]
    run(capsys, *argv)


def test_utf16_with_bom_is_read_and_audited_like_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    utf8 = run(capsys, str(FIXTURE), "--format", "json")
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        path = tmp_path / f"{encoding}.txt"
        data = read_fixture().encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        path.write_bytes(data)
        outcome = run(capsys, str(path), "--format", "json")
        assert outcome.code == utf8.code
        assert outcome.report["findings"] == utf8.report["findings"]


def test_50_mb_file_is_refused_quickly_and_max_bytes_raises_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the article, then 50 MB of blank space: cheap to read once let through, so the raised
    # limit can be shown end to end without auditing 50 MB of tables
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(FIXTURE.read_bytes() + b"\n")
        handle.write(b" " * (50 * 1024 * 1024) + b"\n")

    start = time.perf_counter()
    refused = run(capsys, str(path))
    assert time.perf_counter() - start < 1.0
    assert refused.code == 2
    assert re.fullmatch(
        r"audit: error: \S+: [\d,]+ bytes is over the 20,971,520-byte input limit "
        r"\(raise it with --max-bytes\)\n",
        refused.err,
    )
    raised = run(capsys, str(path), "--max-bytes", str(60 * 1024 * 1024), "--format", "json")
    assert raised.code in (0, 1)
    assert raised.report["tables"] == 14


def test_missing_points_system_skips_only_the_recomputation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "no-points.txt"
    path.write_text(break_total(drop_table(read_fixture(), "Points System")), "utf-8")
    outcome = run(capsys, str(path), "--format", "json")
    report = outcome.report
    assert outcome.code == 1
    assert any(
        "points" in reason and "no points-system table" in reason for reason in report["skipped"]
    )
    assert not {"impossible-points", "winner-points"} & outcome.rules
    broken = [f for f in report["findings"] if f["rule"] == "total-mismatch"]
    assert any(f["published"] == "204" and f["expected"] == "203" for f in broken)
    assert all(f.get("fix") is None for f in broken)  # no points system: the sum is not certain

    text = run(capsys, str(path))
    assert "skipped: points-value" in text.out


def test_missing_file_and_directory_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "no such file" in run(capsys, str(tmp_path / "nope.txt")).err
    assert "directory" in run(capsys, str(tmp_path)).err
