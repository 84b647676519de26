"""Suggested fixes: rewrite a value only where the audit is certain of the right one.

A finding carries ``fix`` only when the corrected value is certain (today: a wrong total whose
race values are all valid). Even then the value is rewritten only if it can be found exactly
where the finding says: the cell's own source line, the cell's position among the cells written
on that line, and a token that reads exactly the published value. Anything else (a footnote
glued to the number, bold markup, a cell that was a rowspan copy) is reported and left alone:
a wrong automatic edit to an article is worse than none.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.lines import line_body, split_lines, split_lines_keepends

if TYPE_CHECKING:
    from wikiaudit.scraper.model import Cell, Row
    from wikiaudit.validators.audit import AuditResult
    from wikiaudit.validators.findings import Finding

FIXABLE_FORMS = ("text", "wikitext")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``old`` at ``[start, end)`` of 1-based source line ``line`` with ``new``."""

    line: int
    start: int
    end: int
    old: str
    new: str
    finding: Finding


@dataclass(frozen=True, slots=True)
class Skipped:
    finding: Finding
    reason: str


def check_fixable(form: str) -> None:
    """Rendered HTML is not what editors edit: a fix there could not be saved back."""
    if form not in FIXABLE_FORMS:
        raise InputError(f"--fix rewrites wikitext or flattened text, not {form}")


def plan(result: AuditResult, text: str, form: str) -> tuple[list[Edit], list[Skipped]]:
    """The edits that are certain, and why every other fixable finding is left alone."""
    check_fixable(form)
    lines = split_lines(text)  # numbered exactly as the scrapers number them
    edits: list[Edit] = []
    skipped: list[Skipped] = []
    taken: set[tuple[int, int]] = set()
    for finding in result.findings:
        if finding.fix is None:
            continue
        outcome = _locate(result, finding, lines, form)
        if isinstance(outcome, str):
            skipped.append(Skipped(finding, outcome))
        elif (outcome.line, outcome.start) in taken:
            skipped.append(Skipped(finding, "another fix already rewrites this cell"))
        else:
            taken.add((outcome.line, outcome.start))
            edits.append(outcome)
    return edits, skipped


def apply(text: str, edits: list[Edit]) -> str:
    """The text with every edit made; line endings and all other bytes are kept as they were."""
    lines = split_lines_keepends(text)
    for edit in sorted(edits, key=lambda e: (e.line, e.start), reverse=True):
        line = lines[edit.line - 1]
        if line[edit.start : edit.end] != edit.old:  # pragma: no cover - plan guarantees it
            raise AssertionError(f"line {edit.line} changed under the fix")
        lines[edit.line - 1] = line[: edit.start] + edit.new + line[edit.end :]
    return "".join(lines)


def unified_diff(before: str, after: str, name: str, new_name: str | None = None) -> str:
    """The diff shown on the terminal: one ``\\n`` per line whatever the article's line ends
    (a bare ``\\r`` would move the cursor back over the line), control characters escaped."""
    from wikiaudit.reports.safe_text import printable

    diff = difflib.unified_diff(
        [line_body(line) for line in split_lines_keepends(before)],
        [line_body(line) for line in split_lines_keepends(after)],
        fromfile=printable(name),
        tofile=printable(new_name or name),
        lineterm="",
    )
    return "".join(printable(line, keep="\t") + "\n" for line in diff)


def still_present(after: AuditResult, edits: list[Edit]) -> list[Finding]:
    """Fixed findings the corrected text still has: a fix that did not fix is not written."""
    keys = {finding.key for finding in after.findings}
    return [edit.finding for edit in edits if edit.finding.key in keys]


# --------------------------------------------------------------------------------- locating


def _locate(result: AuditResult, finding: Finding, lines: list[str], form: str) -> Edit | str:
    if finding.cell is None or finding.table_index is None:
        return "the finding names no cell"
    if finding.published is None or finding.fix is None:
        return "the finding has no published value"
    tables = result.document.tables
    if not 0 <= finding.table_index < len(tables):
        return "the finding's table is not in the document"
    rows = tables[finding.table_index].rows
    row_index, column = finding.cell
    if not 0 <= row_index < len(rows) or not 0 <= column < len(rows[row_index].cells):
        return "the finding's cell is not in the table"
    row = rows[row_index]
    cell = row.cells[column]
    if "spanned" in cell.flags:
        return "the cell is a copy made by a row/column span; edit the original by hand"
    if form == "text":
        number = row.line
        position = column - sum(1 for c in row.cells[:column] if "spanned" in c.flags)
        spans = _text_cell_spans(_line(lines, number))
    else:
        number = cell.line
        position = _position_on_line(row, column, cell)
        spans = _wikitext_cell_spans(_line(lines, number))
    if spans is None:
        return f"line {number} is not a table row line"
    if not 0 <= position < len(spans):
        return f"line {number} has no cell {position + 1}"
    start, end = spans[position]
    found = _line(lines, number)[start:end]
    if found != finding.published:
        return (
            f"line {number} cell {position + 1} reads {found!r}, not exactly "
            f"{finding.published!r}; not rewritten"
        )
    return Edit(number, start, end, found, finding.fix, finding)


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def _position_on_line(row: Row, column: int, cell: Cell) -> int:
    """Which of the cells written on ``cell.line`` this one is (span copies are not written)."""
    return sum(1 for c in row.cells[:column] if c.line == cell.line and "spanned" not in c.flags)


def _text_cell_spans(line: str) -> list[tuple[int, int]] | None:
    """Each cell's stripped span in a flattened row ``| a | b |`` (split as the text scraper)."""
    lead = len(line) - len(line.lstrip())
    if not line[lead:].startswith("|"):
        return None
    body_end = len(line.rstrip())
    if line[lead + 1 : body_end].endswith("|"):
        body_end -= 1
    bounds = [lead]
    bounds += [i for i in range(lead + 1, body_end) if line[i] == "|"]
    bounds.append(body_end)
    return [_strip_span(line, a + 1, b) for a, b in pairwise(bounds)]


def _wikitext_cell_spans(line: str) -> list[tuple[int, int]] | None:
    """Each cell's content span on a wikitext cell line (``| a || b``, ``! a !! b``).

    Split exactly as the wikitext scraper splits (its cell numbering is what the finding's
    position refers to): separators inside links, templates and ``<ref>`` are not separators,
    and ``attrs | content`` keeps only the content.
    """
    from wikiaudit.scraper.wikitext import split_attributes, split_cells

    stripped = line.strip()
    if stripped[:1] not in ("|", "!") or stripped[:2] in ("|-", "|}", "|+", "{|"):
        return None
    spans = []
    start = len(line) - len(line.lstrip()) + 1
    for cell in split_cells(stripped[1:], stripped[0] == "!"):
        _, content = split_attributes(cell)
        # The content is the cell's tail, bar whitespace (also for ``rowspan=2 {{n/a}} ``).
        content_start = start + cell.rindex(content)
        spans.append(_strip_span(line, content_start, content_start + len(content)))
        start += len(cell) + 2  # every cell separator (``||``, ``!!``) is two characters
    return spans


def _strip_span(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end
