"""Never hang, never use gigabytes (issue #14): hostile sizes, spans and special files.

Each case once hung, ran for minutes or used gigabytes. Time is bounded by a watchdog (SIGALRM)
and, where memory is the point, the case runs in a child process whose peak RSS is its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wikiaudit.scraper.grid import (
    MAX_GRID_CELLS,
    GridTooLarge,
    SpannedCell,
    expand,
    grid_bound,
)
from wikiaudit.scraper.model import Cell

from tests.helpers import FIXTURE, STANDINGS_WIKITEXT, read_fixture
from wikiaudit import history
from wikiaudit.cli import main

#: A watchdog (conftest) fails a case that runs for more than 60 s instead of hanging CI.
pytestmark = pytest.mark.usefixtures("watchdog")


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("audit: error:"), captured.err
    return lines[0]


#: Prints the process's peak resident memory in kB. ``VmHWM``, not ``ru_maxrss``: a child
#: inherits its parent's ``ru_maxrss`` across fork and exec on Linux (pytest's, here).
PRINT_PEAK = (
    "\nprint(next(line.split()[1] for line in open('/proc/self/status') "
    "if line.startswith('VmHWM')))\n"
)


def peak_of_child(code: str, cwd: Path) -> tuple[str, int]:
    """Run ``code`` in a fresh interpreter; its stdout and its peak memory in MB."""
    code += PRINT_PEAK
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    *out, peak = done.stdout.splitlines()
    return "\n".join(out), int(peak) // 1024


# ------------------------------------------------------------------------- special files


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "where",
    ["article", "baseline", "rules", "compare", "dump"],
)
def test_a_fifo_is_refused_at_once(
    where: str, fifo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = {
        "article": [str(fifo)],
        "baseline": [str(FIXTURE), "--baseline", str(fifo)],
        "rules": [str(FIXTURE), "--rules", str(fifo)],
        "compare": ["--compare", str(FIXTURE), str(fifo)],
        "dump": ["history", "--dump", str(fifo)],
    }[where]
    start = time.monotonic()
    assert main(argv) == 2
    assert "FIFO" in error_line(capsys)
    assert time.monotonic() - start < 10


@pytest.mark.parametrize("argv", [["/dev/zero"], [str(FIXTURE), "--baseline", "/dev/zero"]])
def test_a_character_device_is_refused_at_once(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert "character device" in error_line(capsys)


# ------------------------------------------------------------------- span amplification


def span_bomb(size: int = 30_000) -> str:
    """About ``size`` bytes of wikitext whose every row spans all rows and 1,000 columns."""
    lines = ['{| class="wikitable"']
    while sum(map(len, lines)) < size:
        lines += ["|-", "|rowspan=65534 colspan=1000|x"]
    return "\n".join([*lines, "|}"]) + "\n"


def test_30_kb_of_row_spans_is_reported_unreadable_in_bounded_memory(tmp_path: Path) -> None:
    """Before: 4 GB and past a minute. The other table is still audited."""
    article = tmp_path / "spans.wikitext"
    article.write_text(span_bomb() + STANDINGS_WIKITEXT, encoding="utf-8")
    code = (
        "import json, sys, io, contextlib\n"
        "from wikiaudit.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    main([{str(article)!r}, '--format', 'json'])\n"
        "print(json.dumps(sorted({(f['rule'], f['message'][:15]) for f in "
        "json.loads(out.getvalue())['findings']})))\n"
    )
    start = time.monotonic()
    out, peak = peak_of_child(code, tmp_path)
    assert time.monotonic() - start < 30
    assert '["malformed-span", "table not read:"]' in out
    assert "total-mismatch" in out
    assert peak < 400, f"{peak} MB"


def test_colspan_5000_on_many_cells_is_quick(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: 56 s. colspan is clamped to 1,000 (HTML); 300 rows of ten such cells ask for
    three million cells, over the table's bound."""
    row = "|-\n" + "||".join(["|colspan=5000|x"] * 10) + "\n"
    article = tmp_path / "wide.wikitext"
    article.write_text('{| class="wikitable"\n' + row * 300 + "|}\n" + STANDINGS_WIKITEXT)
    start = time.monotonic()
    assert main([str(article), "--format", "json"]) == 1
    assert time.monotonic() - start < 10
    assert "table not read" in capsys.readouterr().out


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 70_000), st.integers(1, 1000)), min_size=0, max_size=6),
        min_size=1,
        max_size=40,
    )
)
def test_a_laid_out_grid_never_passes_its_bound(spans: list[list[tuple[int, int]]]) -> None:
    rows = [[SpannedCell(Cell("x"), r, c) for r, c in row] for row in spans]
    written = sum(len(row) for row in rows)
    try:
        grid, _ = expand(rows)
    except GridTooLarge:
        return
    assert len(grid) * max((len(row) for row in grid), default=0) <= grid_bound(written)
    assert grid_bound(written) <= MAX_GRID_CELLS


def test_one_19_mb_line_is_counted_not_built(tmp_path: Path) -> None:
    """Before: 4 GB. A flattened row of 19 million cells is over the table bound."""
    article = tmp_path / "line.txt"
    standings = "".join(
        f"| {n} | Driver {n} | {20 - n} | {16 - n} | {36 - 2 * n} |\n" for n in range(1, 7)
    )
    head = "| Pos | Driver | R1 | R2 | Total |\n" + standings + "\n"
    article.write_bytes(head.encode() + b"|" * 19_000_000 + b"\n")
    code = (
        "import sys\nfrom wikiaudit.cli import main\n"
        f"status = main([{str(article)!r}, '--format', 'json'])\n"
    )
    out, peak = peak_of_child(code, tmp_path)
    assert "table not read" in out
    assert peak < 400, f"{peak} MB"


def test_html_of_too_many_tags_is_refused_before_parsing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "many.html"
    article.write_text('<table class="wikitable"><tr>' + "<td>1</td>" * 200_000 + "</tr></table>")
    assert main([str(article)]) == 2
    assert "tags is over the limit" in error_line(capsys)


# ----------------------------------------------------------------- one cell, very long


def test_50000_unclosed_refs_in_one_cell_are_read_in_linear_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: past 60 s (quadratic in the regex and in mwparserfromhell)."""
    cell = "<ref>x" * 50_000
    article = tmp_path / "refs.wikitext"
    # one cell per line: the wrong total of this very row must still be found
    row = "| 4 || Dora Dunn || 10 || 16 || 30"
    own_lines = "\n| ".join(["| 4", "Dora Dunn" + cell, "10", "16", "30"])
    article.write_text(STANDINGS_WIKITEXT.replace(row, own_lines))
    start = time.monotonic()
    assert main([str(article), "--format", "json"]) == 1
    assert time.monotonic() - start < 15
    assert '"total-mismatch"' in capsys.readouterr().out


def test_a_2_mb_cell_is_cut_in_the_text_report_and_whole_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: over 20 s (textwrap on one long word, rapidfuzz on megabyte names)."""
    text = read_fixture()
    team = "USA CORE Autosport | 24 | 20 | 22"
    huge = "Racing " * 300_000
    article = tmp_path / "big.txt"
    article.write_text(text.replace(team, "USA CORE Autosport " + huge + team[18:], 1))
    start = time.monotonic()
    assert main([str(article)]) == 1
    elapsed = time.monotonic() - start
    out = capsys.readouterr().out
    assert elapsed < 10, elapsed
    assert max(len(line) for line in out.splitlines()) < 1_300
    assert "more characters; --format json has them all" in out
    assert main([str(article), "--format", "json"]) == 1
    assert huge.strip() in capsys.readouterr().out


# ---------------------------------------------------------------------------------- dumps

DUMP_HEAD = """\
<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">
  <siteinfo><sitename>X</sitename><dbname>x</dbname>
    <base>https://wiki.example.org/wiki/Main_Page</base><generator>MediaWiki 1.42</generator>
    <case>first-letter</case><namespaces><namespace key="0" case="first-letter" /></namespaces>
  </siteinfo>
"""


def test_a_100_mb_dump_is_read_revision_by_revision(tmp_path: Path) -> None:
    """Before: the page's revisions were all held (115 MB peak here; 2 GB for the issue's)."""
    dump = tmp_path / "dump.xml"
    text = ("x" * 99 + "\n") * 1000  # 100 KB
    with dump.open("w", encoding="utf-8") as handle:
        handle.write(DUMP_HEAD + "<page><title>P</title><ns>0</ns><id>1</id>")
        for revid in range(1, 1001):
            handle.write(
                f"<revision><id>{revid}</id><timestamp>2012-05-01T10:{revid // 60 % 60:02d}:"
                f"{revid % 60:02d}Z</timestamp><contributor><username>E</username><id>3</id>"
                "</contributor><model>wikitext</model><format>text/x-wiki</format>"
                f'<text xml:space="preserve">{text}</text><sha1>s</sha1></revision>'
            )
        handle.write("</page></mediawiki>\n")
    code = (
        "from wikiaudit.scraper.mediawiki_dump import iter_dump_revisions\n"
        f"revids = [r.revid for r in iter_dump_revisions({str(dump)!r})]\n"
        "print(len(revids), revids == sorted(revids))\n"
    )
    out, peak = peak_of_child(code, tmp_path)
    assert out == "1000 True"
    assert peak < 70, f"{peak} MB for 100 MB of revision text"


def test_jobs_are_clamped_to_the_usable_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []

    class Recording:
        def __init__(self, workers: int, **kwargs: Any) -> None:
            started.append(workers)

        def submit(self, *args: Any) -> Any:
            raise AssertionError("nothing to audit in this test")

        def shutdown(self, **kwargs: Any) -> None:
            pass

    monkeypatch.setattr(history, "ProcessPoolExecutor", Recording)
    monkeypatch.setattr(history.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    with pytest.raises(history.InputError):
        history.walk([], jobs=64)
    assert started == [2]
    monkeypatch.setattr(history.os, "sched_getaffinity", lambda pid: {3}, raising=False)
    with pytest.raises(history.InputError):
        history.walk([], jobs=64)  # one usable CPU: no pool at all
    assert started == [2]
