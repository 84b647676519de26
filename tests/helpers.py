"""Breaking the fixture on purpose: edit one cell of one line and audit the result."""

from __future__ import annotations

from scraper.text import parse_text
from validators.audit import AuditResult
from validators.engine import audit


def audit_text(text: str, source: str = "test.txt") -> AuditResult:
    return audit(parse_text(text, source))


def replace_cell(text: str, line: int, column: int, value: str) -> str:
    """Set cell ``column`` (0-based, as written) of 1-based ``line`` of a flattened article."""
    lines = text.split("\n")
    cells = lines[line - 1].split("|")
    cells[column + 1] = f" {value} "
    lines[line - 1] = "|".join(cells)
    return "\n".join(lines)


def cell_at(text: str, line: int, column: int) -> str:
    return text.split("\n")[line - 1].split("|")[column + 1].strip()
