"""Shared test helpers: the fixture article and the real pages beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SHARED = REPO.parent / "shared"
REAL = SHARED / "real"


@pytest.fixture
def fixture_text() -> str:
    return (FIXTURES / "2012.txt").read_text(encoding="utf-8")


@pytest.fixture
def real_dir() -> Path:
    """The real Wikipedia pages in ``../shared/real`` (CC BY-SA, read in place, never copied)."""
    if not REAL.is_dir():
        pytest.skip("../shared/real is not present")
    return REAL
