"""Every real page in ../shared/real audits end to end: findings or a clean run, never a crash.

Also checks that every rule the audit can emit on real material is described in the rule
catalogue, so reports (SARIF rule lists, the README) never show an undocumented rule id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REAL
from validators.catalog import RULES
from wikiaudit.cli import main

PAGES = sorted(
    [*REAL.glob("*.wikitext*"), *(REAL / "wtq").glob("*.page.html")] if REAL.is_dir() else []
)
FIXTURE_FORMS = sorted(FIXTURES.glob("2012.*"))


def audit_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    status = main([str(path), "--format", "json"])
    captured = capsys.readouterr()
    assert status in (0, 1), captured.err
    assert captured.err == ""
    return json.loads(captured.out)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name.split("_oldid")[0])
def test_real_page_audits_without_a_crash(
    page: Path, real_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = audit_json(page, capsys)
    assert report["tables"] > 0
    assert {f["rule"] for f in report["findings"]} <= RULES.keys()
    # tables the audit has no checks for are listed by name, not failed on
    assert all(isinstance(name, str) and name for name in report["unclassified"])


@pytest.mark.parametrize("article", FIXTURE_FORMS, ids=lambda p: p.suffix)
def test_fixture_rules_are_catalogued(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = audit_json(article, capsys)
    assert {f["rule"] for f in report["findings"]} <= RULES.keys()
