"""The README documents every rule the audit can report, and its first commands stay true."""

from __future__ import annotations

import re

from wikiaudit.validators.catalog import RULES

from tests.helpers import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_documented() -> None:
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", README, flags=re.MULTILINE))
    assert documented == set(RULES)


def test_first_screen_installs_and_runs_the_audit_and_the_tests() -> None:
    first_screen = "\n".join(README.splitlines()[:25])
    assert "pip install . && audit fixtures/2012.txt" in first_screen
    assert "pip install -e '.[test]' && python -m pytest" in first_screen
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = re.search(r"^```sh\n(.*pytest.*)\n```", README, flags=re.MULTILINE)
    assert test_command is not None and test_command.group(1) in ci


def test_rule_tables_are_the_registry() -> None:
    """The README's rule tables are generated from the registry and must not drift from it."""
    from tools.readme_rules import END, START, rules_markdown

    block = README.split(START, 1)[1].split(END, 1)[0]
    assert block == "\n" + rules_markdown()
