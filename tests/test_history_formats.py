"""``audit history`` in every format that makes sense (issue #12), through
``reports.changes.render_history`` (the call ``commands/history.py`` makes)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from wikiaudit.reports.changes import FORMATS, render_history

from tests.change_samples import sample_history
from wikiaudit.verdict import exit_status


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_names_the_current_and_fixed_findings(fmt: str) -> None:
    out = render_history(sample_history(), fmt)
    for rule in ("name-drift", "total-mismatch", "winner-points"):
        if fmt == "github" and rule == "winner-points":
            assert rule not in out  # fixed: nothing to annotate
        else:
            assert rule in out
    assert "\x1b" not in out  # a finding's control characters never reach the output


def test_sarif_states_follow_the_walk() -> None:
    log = json.loads(render_history(sample_history(), "sarif"))
    states = {r["ruleId"]: r["baselineState"] for r in log["runs"][0]["results"]}
    # there from the walk's first revision: unchanged; introduced by the walk: new; fixed: absent
    assert states == {"name-drift": "unchanged", "total-mismatch": "new", "winner-points": "absent"}
    by_rule = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    assert "revision 12" in by_rule["total-mismatch"]["properties"]["revision"]
    assert "fixed by revision 13" in by_rule["winner-points"]["properties"]["revision"]


@pytest.mark.parametrize(("fail_on", "failures"), [("error", 1), ("warning", 2), ("never", 0)])
def test_junit_fails_exactly_the_current_findings_the_status_counts(fail_on, failures) -> None:
    history = sample_history()
    root = ET.fromstring(render_history(history, "junit", fail_on=fail_on))
    assert root.get("failures") == str(failures)
    assert exit_status((run.finding for run in history.current), fail_on) == (1 if failures else 0)
    fixed = next(s for s in root.findall("testsuite") if s.get("name") == "fixed")
    assert fixed.find(".//failure") is None


def test_github_annotations_are_escaped_and_located() -> None:
    lines = render_history(sample_history(), "github").splitlines()
    error = next(line for line in lines if line.startswith("::error "))
    assert "Ann 100%25%0AB" in error  # % and the newline escaped: one command, one line
    assert "title=wikiaudit total-mismatch (current)" in error
    assert lines[-1].startswith("wikiaudit history of 2099 Example Series")


def test_markdown_and_html_escape_the_user_name() -> None:
    assert "Vandal<script>" not in render_history(sample_history(), "html")
    assert "<nowiki>" in render_history(sample_history(), "markdown")


def test_text_and_json_stay_with_the_walk_module() -> None:
    data = json.loads(render_history(sample_history(), "json"))
    assert [f["rule"] for f in data["current"]] == ["name-drift", "total-mismatch"]
    assert "Current findings (2):" in render_history(sample_history(), "text")
