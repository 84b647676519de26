"""The ``audit`` command's contract: fast help, exit statuses, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.helpers import FIXTURE, REPO, one_line_error
from wikiaudit.cli import main

HEAVY = ("requests", "rich", "pandas", "pandera", "validators", "mwparserfromhell", "lxml")


def test_cli_module_imports_nothing_heavy():
    code = f"import sys, wikiaudit.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"


def test_help_is_fast():
    best = min(_timed([sys.executable, "-m", "wikiaudit.cli", "--help"]) for _ in range(3))
    assert best < 0.3


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=True, cwd=REPO)
    return time.perf_counter() - start


@pytest.mark.parametrize("argv", [["--help"], ["history", "--help"], ["--version"]])
def test_help_and_version_exit_zero(capsys, argv):
    assert main(argv) == 0
    assert capsys.readouterr().out


def test_exit_status_follows_fail_on(capsys):
    """The status is 1 exactly when a finding reaches --fail-on (whatever the checks find)."""
    status = main([str(FIXTURE), "--format", "json"])
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert status == (1 if summary["error"] else 0)
    assert main([str(FIXTURE), "--fail-on", "warning"]) == (
        1 if summary["error"] + summary["warning"] else 0
    )
    assert main([str(FIXTURE), "--fail-on", "info"]) == (1 if any(summary.values()) else 0)
    assert main([str(FIXTURE), "--fail-on", "never"]) == 0
    capsys.readouterr()
    main([str(FIXTURE)])
    assert f"{summary['error']} errors" in capsys.readouterr().out


def test_report_to_output_file(tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main([str(FIXTURE), "-f", "json", "-o", str(out), "--fail-on", "never"]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text())["source"] == str(FIXTURE)


def test_bad_files(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    prose = tmp_path / "prose.txt"
    prose.write_text("Just a paragraph.\n")
    assert "no such file" in one_line_error(capsys, [str(tmp_path / "missing.txt")])
    assert "empty" in one_line_error(capsys, [str(empty)])
    assert "binary" in one_line_error(capsys, [str(binary)])
    assert "no tables" in one_line_error(capsys, [str(prose)])
    assert "directory" in one_line_error(capsys, [str(tmp_path)])


def test_unwritable_output(tmp_path, capsys):
    # Missing folders are created (issue #14); a path through a file cannot be.
    (tmp_path / "a-file").write_text("")
    target = tmp_path / "a-file" / "dir" / "report.txt"
    assert "--output" in one_line_error(capsys, [str(FIXTURE), "-o", str(target)])


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ([], "give an article"),
        (["--bogus", "x"], "unrecognized arguments"),
        (["--format", "pdf", "x"], "invalid choice"),
        (["x", "--in-place"], "only makes sense with --fix"),
        (["x", "--fix", "--baseline", "b.json"], "cannot be combined"),
        (["x", "--fix", "--in-place", "-o", "y"], "not both"),
        (["--compare", "a", "b", "c"], "give no other article"),
        (["--compare", "a"], "expected 2 arguments"),
        (["--revision", "abc"], "must be a positive revision id"),
        (["history"], "--dump FILE"),
        (["history", "--dump", "d.xml", "--wiki", "https://x.org"], "give no URL"),
        (["history", "--dump", "d.xml", "--jobs", "0"], "--jobs must be 1 or more"),
        (["history", "--dump", "d.xml", "--limit", "0"], "--limit must be 1 or more"),
        (["history", "--dump", "d.xml", "--since", "yesterday"], "not a date"),
        (["history", "--dump", "d.xml", "-f", "pdf"], "invalid choice"),
    ],
)
def test_usage_errors_are_one_line(capsys, argv, says):
    assert says in one_line_error(capsys, argv)


def test_internal_errors_are_one_line(monkeypatch, capsys):
    import wikiaudit.pipeline

    def boom(*args, **kwargs):
        raise ValueError("something\nbroke")

    monkeypatch.setattr(wikiaudit.pipeline, "audit_source", boom)
    assert main([str(FIXTURE)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: ValueError: something broke" in err
