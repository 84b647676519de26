"""``--baseline`` / ``--write-baseline``: accepted findings are matched by key, counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import FIXTURE, LUHR
from wikiaudit.cli import main

# ``broken`` (conftest): the fixture with one wrong total, CORE Autosport's PC team total.


def write_baseline(capsys, article: Path, target: Path) -> dict:
    assert main([str(article), "--write-baseline", str(target)]) == 0
    assert "wrote" in capsys.readouterr().err
    return json.loads(target.read_text(encoding="utf-8"))


def test_written_baseline_is_sorted_stable_and_reviewable(tmp_path, capsys, broken):
    first = tmp_path / "a.json"
    second = tmp_path / "b.json"
    data = write_baseline(capsys, broken, first)
    write_baseline(capsys, broken, second)

    assert first.read_bytes() == second.read_bytes()
    assert first.read_text().endswith("}\n")
    assert data["wikiaudit_baseline"] == 1
    entries = data["findings"]
    keys = [(e["rule"], e["table"] or "", e["row"] or "", e["column"] or "") for e in entries]
    assert keys == sorted(keys)
    assert set(entries[0]) == {"rule", "table", "row", "column", "severity", "message"}
    mismatch = [e for e in entries if e["rule"] == "total-mismatch"]
    assert mismatch == [
        {
            "rule": "total-mismatch",
            "table": "Championships > Team championships > PC standings",
            "row": "CORE Autosport",
            "column": "Total",
            "severity": "error",
            "message": mismatch[0]["message"],
        }
    ]
    assert all("line" not in entry for entry in entries)  # lines move; keys do not


def test_baselined_findings_do_not_fail(tmp_path, capsys, broken):
    baseline = tmp_path / "accepted.json"
    write_baseline(capsys, broken, baseline)
    assert main([str(broken)]) == 1
    capsys.readouterr()

    assert main([str(broken), "--baseline", str(baseline)]) == 0
    out = capsys.readouterr().out
    count = len(json.loads(baseline.read_text())["findings"])
    assert f"baseline {baseline}: {count} accepted, 0 new" in out
    assert "total-mismatch" in out  # accepted findings are still shown


def test_json_marks_accepted(tmp_path, capsys, broken, fixture_text):
    baseline = tmp_path / "accepted.json"
    write_baseline(capsys, broken, baseline)
    worse = tmp_path / "worse.txt"
    worse.write_text(broken.read_text().replace(LUHR + "195 |", LUHR + "196 |"))

    assert main([str(worse), "--baseline", str(baseline), "-f", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    by_row = {f["row"]: f for f in report["findings"] if f["rule"] == "total-mismatch"}
    assert by_row["CORE Autosport"]["accepted"] is True
    assert by_row["Lucas Luhr"]["accepted"] is False
    accepted = [f for f in report["findings"] if f["accepted"]]
    assert report["baseline"]["accepted"] == len(accepted)
    assert len(accepted) == len(json.loads(baseline.read_text())["findings"])
    new = [f for f in report["findings"] if not f["accepted"]]
    assert report["baseline"]["new"] == len(new) >= 1


def test_matching_ignores_lines(tmp_path, capsys, broken):
    baseline = tmp_path / "accepted.json"
    write_baseline(capsys, broken, baseline)
    moved = tmp_path / "moved.txt"
    text = broken.read_text()
    moved.write_text(text.replace("==Calendar==\n", "==Calendar==\n\nA new paragraph.\n\n", 1))

    assert main([str(moved), "--baseline", str(baseline)]) == 0
    assert "0 new" in capsys.readouterr().out


def test_matching_is_count_aware(tmp_path, capsys, broken):
    """One accepted finding with a key does not accept a second one with the same key."""
    baseline = tmp_path / "accepted.json"
    data = write_baseline(capsys, broken, baseline)
    doubled = [*data["findings"], *[e for e in data["findings"] if e["rule"] == "total-mismatch"]]
    from wikiaudit.ci import BaselineEntry, triage
    from wikiaudit.pipeline import audit_document, load_file

    result = audit_document(load_file(broken))
    mismatch = [f for f in result.findings if f.rule == "total-mismatch"]
    entries = [BaselineEntry(e["rule"], e["table"], e["row"], e["column"]) for e in doubled]
    twice = triage([*result.findings, *mismatch], entries[:-1])
    assert len(twice.new) == 1 and twice.new[0].rule == "total-mismatch"
    once = triage(result.findings, entries)
    assert once.new == [] and len(once.stale) == 1


def test_fixed_findings_are_reported_as_no_longer_found(tmp_path, capsys, broken):
    baseline = tmp_path / "accepted.json"
    write_baseline(capsys, broken, baseline)

    assert main([str(FIXTURE), "--baseline", str(baseline), "-f", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    [gone] = report["baseline"]["no_longer_found"]
    assert gone["row"] == "CORE Autosport"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "no such file"),
        ("not json", "not JSON"),
        ('{"findings": 3}', "not a wikiaudit baseline"),
        ('{"wikiaudit_baseline": 9, "findings": []}', "unsupported baseline version"),
        ('{"wikiaudit_baseline": 1, "findings": [{"table": "x"}]}', "has no rule"),
        ('{"wikiaudit_baseline": 1, "findings": [{"rule": "r", "row": 3}]}', "must be text"),
    ],
)
def test_bad_baselines_are_one_line_errors(tmp_path, capsys, content, says):
    baseline = tmp_path / "b.json"
    if content is not None:
        baseline.write_text(content)
    assert main([str(FIXTURE), "--baseline", str(baseline)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err


def test_unwritable_baseline(tmp_path, capsys):
    # A missing folder is created (issue #14); a path through a file cannot be.
    (tmp_path / "a-file").write_text("")
    target = tmp_path / "a-file" / "b.json"
    assert main([str(FIXTURE), "--write-baseline", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--write-baseline" in err and "not a folder" in err
