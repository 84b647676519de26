"""Print the README's rule tables from the rule registry (``validators/catalog.py``).

The README shows every rule with its default severity, meaning and the reading it needs; the
tables are generated from the registry so they cannot drift from what the audit reports
(``tests/test_readme.py`` compares them). Usage: ``python tools/readme_rules.py`` prints the
block; ``--write`` replaces it in README.md between its ``rules:start``/``rules:end`` markers.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wikiaudit.validators.catalog import FAMILIES, REGISTRY

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rules_markdown() -> str:
    parts = []
    for family, title in FAMILIES.items():
        rules = [rule for rule in REGISTRY if rule.family == family]
        lines = [
            f"**{title}** (`--select {family}`)",
            "",
            "| rule | severity | what it means | runs on | fix |",
            "| --- | --- | --- | --- | --- |",
        ]
        for rule in rules:
            fix = "yes" if rule.fixable else ""
            lines.append(
                f"| `{rule.code}` | {rule.severity.value} | {rule.summary} "
                f"| {rule.needs or '—'} | {fix} |"
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def main(argv: list[str]) -> int:
    block = rules_markdown()
    if "--write" not in argv:
        sys.stdout.write(block)
        return 0
    text = README.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{START}\n{block}{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
