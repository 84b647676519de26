"""Audit every real page under ``../shared/real/`` and print what each table was read as.

For each page: every table's reading (``table-read`` / ``table-unfit`` / ``table-unread``), and
every error and warning the audit reports, so that each can be checked against the page by a
person. This is how the precision of the audit is measured: the closing note of each change
lists these errors with a verdict (true or false, and why).

    python bench/real_precision.py                 # every page, readings and findings
    python bench/real_precision.py --errors        # errors and warnings only
    python bench/real_precision.py --summary       # one line per page
    python bench/real_precision.py 1962 zhwiki     # pages whose name contains these words
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from wikiaudit.pipeline import audit_document, load_file

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real"
READINGS = {"table-read", "table-unfit", "table-unread", "cross-check-unfit"}


def pages(real: Path = REAL) -> list[Path]:
    return [
        *sorted(real.glob("wtq/*.page.html")),
        *sorted(real.glob("*.wikitext")),
        *sorted(real.glob("*.wikitext.txt")),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("words", nargs="*", help="only pages whose file name holds these")
    parser.add_argument("--errors", action="store_true", help="errors and warnings only")
    parser.add_argument("--summary", action="store_true", help="one line per page")
    args = parser.parse_args(argv)
    if not REAL.is_dir():
        print(f"no real pages at {REAL}", file=sys.stderr)
        return 2
    totals: Counter[str] = Counter()
    for path in pages():
        if args.words and not any(word in path.name for word in args.words):
            continue
        result = audit_document(load_file(path))
        counts = Counter(f.severity.value for f in result.findings)
        read = Counter(f.rule for f in result.findings if f.rule in READINGS)
        totals.update(counts)
        totals["pages"] += 1
        totals.update({f"tables {rule}": n for rule, n in read.items()})
        print(
            f"== {path.name[:70]}: {counts['error']} errors, {counts['warning']} warnings; "
            f"{read['table-read']} tables read, {read['table-unfit']} unfit, "
            f"{read['table-unread']} unread"
        )
        if args.summary:
            continue
        for finding in result.findings:
            if finding.rule in READINGS and args.errors:
                continue
            if finding.severity.value == "info" and finding.rule not in READINGS:
                continue
            where = " · ".join(p for p in (finding.row, finding.column) if p)
            print(f"  {finding.severity.value:7} {finding.rule:24} {finding.table}")
            if where or finding.published is not None:
                print(
                    f"          [{where}] published {finding.published!r} expected "
                    f"{finding.expected!r} (line {finding.line})"
                )
            print(f"          {finding.message[:400]}")
    print("\n" + ", ".join(f"{key}: {value}" for key, value in sorted(totals.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
