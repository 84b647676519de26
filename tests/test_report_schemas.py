"""SARIF and JUnit agree with the exit status, and validate against their published schemas.

Issue #12: ``audit A -f junit --fail-on never`` exited 0 with ``failures="29"``, and findings a
baseline accepted still counted as failures. Here every report is checked against what the exit
status says, worked out independently from the JSON report's findings (severity, ``accepted``),
and validated against the SARIF 2.1.0 JSON schema and the JUnit schema of Jenkins' xUnit plugin
(``tests/data/schemas``, sources in its README).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree

from tests.helpers import CORE, FIXTURE, read_fixture
from tests.report_samples import sample_result
from wikiaudit import reports
from wikiaudit.cli import main

SCHEMAS = Path(__file__).parent / "data" / "schemas"
RANK = {"info": 0, "warning": 1, "error": 2}


@cache
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


@cache
def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))


def assert_valid_sarif(text: str) -> dict[str, Any]:
    log = json.loads(text)
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return log


def assert_valid_junit(text: str) -> ET.Element:
    document = etree.fromstring(text.encode("utf-8"))
    schema = junit_schema()
    assert schema.validate(document), schema.error_log
    return ET.fromstring(text.encode("utf-8"))


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    status = main(argv)
    return status, capsys.readouterr().out


def expected_failures(findings: list[dict[str, Any]], fail_on: str) -> int:
    """What the exit status must count, from the JSON report's own fields."""
    if fail_on == "never":
        return 0
    return sum(
        1 for f in findings if not f.get("accepted") and RANK[f["severity"]] >= RANK[fail_on]
    )


def test_the_schemas_reject_what_they_should() -> None:
    """The validators have teeth: a broken log and a broken report are refused."""
    with pytest.raises(AssertionError):
        assert_valid_sarif(json.dumps({"version": "2.1.0", "runs": [{"results": []}]}))
    with pytest.raises(AssertionError):
        assert_valid_junit('<testsuites skipped="1"><testsuite name="x"/></testsuites>')


@pytest.fixture
def accepted_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / ".wikiaudit" / "2012.json"  # the folder does not exist yet
    assert main([str(FIXTURE), "--write-baseline", str(path)]) == 0
    capsys.readouterr()
    return path


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
@pytest.mark.parametrize("with_baseline", [False, True])
def test_reports_agree_with_the_exit_status(
    capsys, broken, accepted_baseline, fail_on, with_baseline
):
    extra = ["--fail-on", fail_on] + (
        ["--baseline", str(accepted_baseline)] if with_baseline else []
    )
    status, out = run(capsys, [str(broken), "-f", "json", *extra])
    data = json.loads(out)
    findings = data["findings"]
    failures = expected_failures(findings, fail_on)
    assert status == (1 if failures else 0)
    assert data["verdict"] == {
        "fail_on": fail_on,
        "failing": failures,
        "accepted": sum(1 for f in findings if f.get("accepted")),
        "exit_status": status,
    }
    if with_baseline:
        assert [f for f in findings if not f["accepted"]] == [
            f for f in findings if f["rule"] == "total-mismatch"
        ]

    junit_status, junit_text = run(capsys, [str(broken), "-f", "junit", *extra])
    root = assert_valid_junit(junit_text)
    assert junit_status == status
    assert root.get("failures") == str(failures)
    assert len(root.findall(".//failure")) == failures
    assert sum(int(s.get("failures")) for s in root.findall("testsuite")) == failures
    skipped = [s for s in root.findall(".//skipped") if s.get("type") == "accepted"]
    assert len(skipped) == sum(1 for f in findings if f.get("accepted"))
    assert all("accepted in the baseline" in s.get("message") for s in skipped)

    sarif_status, sarif_text = run(capsys, [str(broken), "-f", "sarif", *extra])
    log = assert_valid_sarif(sarif_text)
    assert sarif_status == status
    (run_,) = log["runs"]
    assert run_["invocations"][0]["exitCode"] == status
    results = run_["results"]
    assert sum(1 for r in results if r["properties"]["failsRun"]) == failures
    if with_baseline:
        states = [r["baselineState"] for r in results]
        assert states.count("new") == sum(1 for f in findings if f.get("accepted") is False)
        assert set(states) <= {"new", "unchanged"}
        for result in results:
            suppressed = result.get("suppressions")
            if result["baselineState"] == "unchanged":
                assert suppressed and suppressed[0]["kind"] == "external"
                assert suppressed[0]["status"] == "accepted"
            else:
                assert not suppressed
    else:
        assert all("baselineState" not in r and "suppressions" not in r for r in results)


def test_the_issue_case_fail_on_never_has_no_failures(capsys):
    status, text = run(capsys, [str(FIXTURE), "-f", "junit", "--fail-on", "never"])
    assert status == 0
    assert assert_valid_junit(text).get("failures") == "0"


def test_exit_zero_is_fail_on_never(capsys, broken):
    status, text = run(capsys, [str(broken), "-f", "junit", "--exit-zero", "--fail-on", "info"])
    assert status == 0 and assert_valid_junit(text).get("failures") == "0"


def test_only_the_new_wrong_total_fails_against_the_baseline(capsys, broken, accepted_baseline):
    status, text = run(capsys, [str(broken), "-f", "junit", "--baseline", str(accepted_baseline)])
    root = assert_valid_junit(text)
    assert status == 1
    (failure,) = root.findall(".//failure")
    assert "207" in failure.get("message") or "206" in failure.get("message")
    case = next(c for c in root.iter("testcase") if c.find("failure") is not None)
    assert case.get("classname") == "total-mismatch" and "CORE Autosport" in case.get("name")


# ------------------------------------------------------------------------------- SARIF


def test_sarif_rules_carry_the_registry(capsys, broken):
    from wikiaudit.validators.catalog import BY_CODE

    log = assert_valid_sarif(run(capsys, [str(broken), "-f", "sarif"])[1])
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule in rules:
        registered = BY_CODE[rule["id"]]
        assert rule["defaultConfiguration"]["level"] == levels[registered.severity.value]
        assert registered.summary in rule["fullDescription"]["text"]
        assert registered.why in rule["fullDescription"]["text"]
        assert f"audit --explain {rule['id']}" in rule["help"]["text"]
        assert rule["properties"]["fixable"] == registered.fixable


def test_a_certain_correction_is_a_sarif_fix_that_fix_would_write(capsys, tmp_path, broken):
    """Applying the SARIF replacement to the article gives the file ``--fix`` writes."""
    log = assert_valid_sarif(run(capsys, [str(broken), "-f", "sarif"])[1])
    fixed = [r for r in log["runs"][0]["results"] if r.get("fixes")]
    assert len(fixed) == 1 and fixed[0]["ruleId"] == "total-mismatch"
    (change,) = fixed[0]["fixes"][0]["artifactChanges"]
    (replacement,) = change["replacements"]
    region, new = replacement["deletedRegion"], replacement["insertedContent"]["text"]
    lines = broken.read_text(encoding="utf-8").split("\n")
    line = lines[region["startLine"] - 1]  # the fixture is ASCII here: UTF-16 units = chars
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "207"
    lines[region["startLine"] - 1] = (
        line[: region["startColumn"] - 1] + new + line[region["endColumn"] - 1 :]
    )
    out = tmp_path / "fixed.txt"
    main([str(broken), "--fix", "--output", str(out)])
    capsys.readouterr()
    assert "\n".join(lines) == out.read_text(encoding="utf-8")


def test_sarif_columns_count_utf16_units(capsys, tmp_path, fixture_text):
    """A row whose name holds a character outside the BMP moves the column by two units."""
    text = fixture_text.replace(CORE + "206 |", CORE.replace("CORE", "CORE\U0001f3ce") + "207 |")
    path = tmp_path / "wide.txt"
    path.write_text(text, encoding="utf-8")
    log = assert_valid_sarif(run(capsys, [str(path), "-f", "sarif"])[1])
    (fixed,) = [r for r in log["runs"][0]["results"] if r.get("fixes")]
    region = fixed["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    line = text.split("\n")[region["startLine"] - 1]
    units = line.encode("utf-16-le")
    start, end = (region["startColumn"] - 1) * 2, (region["endColumn"] - 1) * 2
    assert units[start:end].decode("utf-16-le") == "207"


def test_a_severity_override_is_a_sarif_configuration_override(capsys, broken):
    log = assert_valid_sarif(
        run(capsys, [str(broken), "-f", "sarif", "--severity", "team-drift=error"])[1]
    )
    invocation = log["runs"][0]["invocations"][0]
    overrides = {o["descriptor"]["id"]: o for o in invocation["ruleConfigurationOverrides"]}
    assert overrides["team-drift"]["configuration"]["level"] == "error"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    index = overrides["team-drift"]["descriptor"]["index"]
    assert rules[index]["id"] == "team-drift"
    assert rules[index]["defaultConfiguration"]["level"] == "warning"


def test_sample_and_hostile_reports_validate() -> None:
    result = sample_result()
    assert_valid_sarif(reports.render(result, "sarif"))
    assert_valid_junit(reports.render(result, "junit"))


# ------------------------------------------------------------------------ several articles


def test_several_articles_are_one_valid_report(capsys, tmp_path, broken):
    clean = tmp_path / "clean.txt"
    clean.write_text(read_fixture(), encoding="utf-8")
    status, text = run(capsys, [str(clean), str(broken), "-f", "sarif", "--fail-on", "never"])
    log = assert_valid_sarif(text)
    assert status == 0
    artifacts = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
    assert len(artifacts) == 2
    indexes = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["index"]
        for r in log["runs"][0]["results"]
    }
    assert indexes == {0, 1}
    status, text = run(capsys, [str(clean), str(broken), "-f", "junit"])
    root = assert_valid_junit(text)
    names = [s.get("name") for s in root.findall("testsuite")]
    assert any(n.startswith(f"{clean}: ") for n in names)
    assert any(n.startswith(f"{broken}: ") for n in names)
    assert status == 1


def test_compare_and_history_reports_validate(capsys, tmp_path, broken):
    from wikiaudit.reports.changes import render_history

    from tests.change_samples import sample_history

    clean = tmp_path / "clean.txt"
    clean.write_text(read_fixture(), encoding="utf-8")
    status, text = run(capsys, ["--compare", str(clean), str(broken), "-f", "sarif"])
    log = assert_valid_sarif(text)
    assert status == 1 and log["runs"][0]["invocations"][0]["exitCode"] == 1
    states = {r["baselineState"] for r in log["runs"][0]["results"]}
    assert states == {"new"}
    status, text = run(capsys, ["--compare", str(broken), str(clean), "-f", "junit"])
    root = assert_valid_junit(text)
    assert status == 0 and root.get("failures") == "0"
    history = sample_history()
    assert_valid_sarif(render_history(history, "sarif"))
    assert_valid_junit(render_history(history, "junit"))
