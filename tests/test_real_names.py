"""Names and flags on real Wikipedia pages: every spelling and nationality finding is one an
editor would accept.

Why: these are the findings that once were false on real pages — a Northern Irish driver
"conflicting" with the United Kingdom, a Rhodesian flag "conflicting" with South Africa's, two
entrants sharing the word "Ecurie" and two Cosworth engines one letter apart reported as one
team spelled two ways. What is left was read against each page: each is the same person written
with and without an accent. The pages are read in place (``../shared/real``) and the test skips
without them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from wikiaudit.scraper.model import Document
from wikiaudit.validators.engine import audit

NAME_RULES = ("name-drift", "team-drift", "nationality-conflict")

# page stem -> the (rule, published, expected) a reader of the page confirms
CONFIRMED = {
    # each page writes the name once with its accents and once without
    "wtq_1962_Formula_One_season_oldid594286887": {
        ("name-drift", "Gunther Seiffert", "Günther Seiffert"),
    },
    "wtq_1967_British_Grand_Prix_oldid593696147": {
        ("name-drift", "Pedro Rodriguez", "Pedro Rodríguez"),
    },
    # written twice with its accent, once without
    "wtq_1998_Swedish_Touring_Car_Championship_season_oldid546211809": {
        ("name-drift", "Kari Makinen", "Kari Mäkinen"),
    },
}


def test_name_and_flag_findings_on_real_pages_are_the_confirmed_ones(
    wtq_pages: list[Path], real_documents: Callable[[Path], Document]
) -> None:
    found: dict[str, set[tuple[str, str | None, str | None]]] = {}
    for page in wtq_pages:
        findings = audit(real_documents(page)).findings
        names = {(f.rule, f.published, f.expected) for f in findings if f.rule in NAME_RULES}
        if names:
            found[page.name.removesuffix(".page.html")] = names
    assert found == CONFIRMED


def test_no_name_or_flag_finding_on_a_real_page_is_an_error(
    wtq_pages: list[Path], real_documents: Callable[[Path], Document]
) -> None:
    for page in wtq_pages:
        for finding in audit(real_documents(page)).findings:
            if finding.rule in NAME_RULES:
                assert finding.severity.value != "error", (page.name, finding.message)
