"""``--compare OLD NEW``: what the newer revision introduced and fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import API, CORE
from wikiaudit.cli import main

CORVETTE = "| 1 | USA Corvette Racing | Chevrolet Corvette C6.R | Chevrolet 5.5 L V8 | 20 | 20 | 22 | 16 | 16 | 20 | 15 | 16 | 22 | 20 | "  # noqa: E501


@pytest.fixture
def versions(tmp_path, fixture_text) -> dict[str, Path]:
    """old: CORE's total wrong. new: CORE fixed, Corvette's total wrong, prose moved."""
    old = fixture_text.replace(CORE + "206 |", CORE + "207 |")
    new = fixture_text.replace(CORVETTE + "187 |", CORVETTE + "188 |")
    new = new.replace("==Calendar==\n", "==Calendar==\n\nNew paragraph.\n\n", 1)
    paths = {"old": tmp_path / "old.txt", "new": tmp_path / "new.txt"}
    paths["old"].write_text(old)
    paths["new"].write_text(new)
    return paths


def baseline_count(path: Path) -> int:
    from wikiaudit.pipeline import audit_document, load_file

    return len(audit_document(load_file(path)).findings)


def test_introduced_and_fixed(capsys, versions):
    status = main(["--compare", str(versions["old"]), str(versions["new"]), "-f", "json"])
    report = json.loads(capsys.readouterr().out)

    assert status == 1
    assert [(f["rule"], f["row"]) for f in report["introduced"]] == [
        ("total-mismatch", "Corvette Racing")
    ]
    assert [(f["rule"], f["row"]) for f in report["fixed"]] == [
        ("total-mismatch", "CORE Autosport")
    ]
    assert report["unchanged"] == baseline_count(versions["new"]) - 1  # though lines moved
    assert report["summary"]["introduced"]["error"] == 1


def test_only_introduced_findings_fail(capsys, versions):
    # The reverse edit only fixes an error and introduces one: still a failure...
    assert main(["--compare", str(versions["new"]), str(versions["old"])]) == 1
    # ...but comparing a revision with itself introduces nothing.
    assert main(["--compare", str(versions["old"]), str(versions["old"])]) == 0
    out = capsys.readouterr().out
    assert f"0 introduced, 0 fixed, {baseline_count(versions['old'])} unchanged" in out


def test_fail_on_threshold(capsys, versions, fixture_text, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(fixture_text)
    assert main(["--compare", str(clean), str(versions["new"]), "--fail-on", "never"]) == 0
    text = capsys.readouterr().out
    assert "introduced (1):" in text and "fixed (0):" in text


@pytest.mark.parametrize("fmt", ["markdown", "html", "sarif", "junit", "github"])
def test_compare_reports_in_every_format(capsys, versions, fmt):
    """Issue #12: the comparison is not limited to text and json; each format names the one
    introduced total and the one fixed, and the status is the same (1: an error introduced)."""
    assert main(["--compare", str(versions["old"]), str(versions["new"]), "-f", fmt]) == 1
    out = capsys.readouterr().out
    assert "Corvette Racing" in out
    if fmt != "github":  # annotations are for what fails the run; fixed findings are not
        assert "CORE Autosport" in out


def _revision(revid: int, text: str, title: str = "2012 American Le Mans Series") -> dict:
    rev = {
        "revid": revid,
        "parentid": revid - 1,
        "user": "Editor",
        "timestamp": "2012-10-01T00:00:00Z",
        "comment": "",
        "sha1": "0" * 40,
        "slots": {"main": {"contentmodel": "wikitext", "content": text}},
    }
    page = {"pageid": 1, "ns": 0, "title": title, "revisions": [rev]}
    return {"batchcomplete": True, "query": {"pages": [page]}}


def test_two_revision_ids(rsps, no_waiting, capsys, versions):
    rsps.get(API, json=_revision(100, versions["old"].read_text()))
    rsps.get(API, json=_revision(101, versions["new"].read_text()))
    status = main(
        [
            "--wiki",
            "https://en.wikipedia.org",
            "--title",
            "2012 American Le Mans Series",
            "--compare",
            "100",
            "101",
            "-f",
            "json",
        ]
    )
    assert [c.request.params["revids"] for c in rsps.calls] == ["100", "101"]
    report = json.loads(capsys.readouterr().out)
    assert status == 1
    assert report["old"].endswith("oldid=100") and report["new"].endswith("oldid=101")
    assert len(report["introduced"]) == 1 and len(report["fixed"]) == 1


def test_revision_of_another_page_is_refused(rsps, no_waiting, capsys, versions):
    rsps.get(API, json=_revision(100, versions["old"].read_text(), title="Something else"))
    status = main(
        [
            *("--wiki", "en.wikipedia.org", "--title", "2012 American Le Mans Series"),
            *("--compare", "100", "101"),
        ]
    )
    assert status == 2
    assert "is of 'Something else'" in capsys.readouterr().err


def test_missing_side_is_an_input_error(capsys, versions, tmp_path):
    assert main(["--compare", str(versions["old"]), str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
