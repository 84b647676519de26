"""Building small invented season articles in wikitext, in layouts other than the 2012 one.

Tests describe a season as data (who finished where, what the article says about scoring) and
these helpers write the wikitext an editor would: a calendar, a points table or a sentence, a
positions or points matrix whose totals are computed from the data, so a test breaks exactly one
value on purpose and asserts exactly what the audit says about it. Every name is invented.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from wikiaudit.scraper.wikitext import parse_wikitext
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.engine import audit
from wikiaudit.validators.findings import Finding

FIRST = ["Ada", "Ben", "Cleo", "Dan", "Eva", "Finn", "Gus", "Hana", "Ivo", "Jade", "Kai", "Lia"]
LAST = ["Arden", "Brook", "Crane", "Dale", "Ester", "Frost", "Grove", "Hale", "Ingram", "Joss"]
TRACKS = ["ALP", "BRA", "CAS", "DUN", "EAS", "FOR", "GLE", "HAR", "IRO", "JUN", "KEL", "LOM"]


def person(index: int) -> str:
    """A distinct invented name for every index (first and last names cycle separately)."""
    return f"{FIRST[index % len(FIRST)]} {LAST[(index // len(FIRST) + index) % len(LAST)]}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], caption: str = "") -> str:
    """A ``wikitable``: one header row, one line per row (``||`` between cells)."""
    lines = ['{| class="wikitable"']
    if caption:
        lines.append(f"|+ {caption}")
    lines.append("! " + " !! ".join(header))
    for row in rows:
        lines.append("|-")
        lines.append("| " + " || ".join(row))
    lines.append("|}")
    return "\n".join(lines) + "\n"


def section(title: str, body: str, level: int = 2) -> str:
    marks = "=" * level
    return f"{marks}{title}{marks}\n{body}\n"


def calendar(rounds: int, winners: Sequence[str] | None = None) -> str:
    header = ["Rnd", "Race", "Circuit", "Date"] + (["Winning driver"] if winners else [])
    rows = []
    for number in range(1, rounds + 1):
        row = [
            str(number),
            f"{TRACKS[number - 1]} Grand Prix",
            f"{TRACKS[number - 1]} Ring",
            f"May {number}",
        ]
        if winners:
            row.append(winners[number - 1])
        rows.append(row)
    return table(header, rows)


def points_table(scale: Sequence[int]) -> str:
    """The Formula One layout: positions across, points below."""
    header = ["Position", *(_ordinal(p) for p in range(1, len(scale) + 1))]
    return table(header, [["Points", *(str(v) for v in scale)]])


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass
class Driver:
    """One standings row: a cell per round (a position, a code, or blank) and marks."""

    name: str
    cells: list[str]
    bold: set[int] = field(default_factory=set)
    italic: set[int] = field(default_factory=set)
    total: str | None = None
    team: str = ""


def score(driver: Driver, scale: Sequence[int], bonus: dict[str, int] | None = None) -> int:
    """What the row's positions give under ``scale`` (and mark bonuses)."""
    bonus = bonus or {}
    total = 0
    for index, cell in enumerate(driver.cells):
        if cell.isdigit() and 1 <= int(cell) <= len(scale):
            total += scale[int(cell) - 1]
        total += bonus.get("bold", 0) * (index in driver.bold)
        total += bonus.get("italic", 0) * (index in driver.italic)
    return total


def matrix(
    drivers: Sequence[Driver],
    rounds: int,
    *,
    name: str = "Driver",
    team_column: bool = False,
    sections: dict[int, str] | None = None,
) -> str:
    """A standings table; ``sections`` puts a full-width label row before a row index."""
    header = ["Pos", name, *(["Team"] if team_column else []), *TRACKS[:rounds], "Points"]
    lines = ['{| class="wikitable"', "! " + " !! ".join(header)]
    for position, driver in enumerate(drivers, start=1):
        if sections and position - 1 in sections:
            lines += ["|-", f'! colspan="{len(header)}" | {sections[position - 1]}']
        cells = []
        for index, cell in enumerate(driver.cells):
            text = cell
            if index in driver.bold:
                text = f"'''{text}'''"
            if index in driver.italic:
                text = f"''{text}''"
            cells.append(text)
        team = [driver.team] if team_column else []
        row = [str(position), driver.name, *team, *cells, driver.total or "0"]
        lines += ["|-", "| " + " || ".join(row)]
    lines.append("|}")
    return "\n".join(lines) + "\n"


def audited(text: str) -> AuditResult:
    return audit(parse_wikitext(text, "invented.wikitext"))


def findings(result: AuditResult, *rules: str) -> list[Finding]:
    return [f for f in result.findings if not rules or f.rule in rules]


def errors(result: AuditResult) -> list[Finding]:
    return [f for f in result.findings if f.severity.value == "error"]
