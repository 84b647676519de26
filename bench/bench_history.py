"""Revisions audited per second by ``audit history``, on the recorded history made long.

Run: ``python bench/bench_history.py [--revisions 520] [--jobs N]``. The 8 recorded revisions
(``tests/data/history/revisions.json``, edits of ``fixtures/2012.txt``) are repeated to at least
``--revisions`` revisions and written as an XML dump, which is then walked exactly as
``audit history --dump`` walks it (reading the dump included). Two histories are timed:

* ``hashed-skip``: each repetition of the 8 edits also changes one table cell, so every cycle has
  5 new table states and 3 prose-only revisions, as the recorded history does: the hash skips
  the prose-only edits, but never a table it has not seen;
* ``all-changed``: every revision changes a table cell, so nothing can be skipped and every
  revision is audited.

Figures are revisions walked per second (and audits per second), on all cores by default.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MARKER = "| Report |"  # the results table's first "Report" cell: varying it changes no finding


def long_history(count: int, *, all_changed: bool) -> list[dict]:
    # the tests' own reading of the recorded edits (tests/data/history), so the two cannot differ
    from tests.helpers import load_history

    _, base = load_history()
    revisions = []
    cycle = 0
    while len(revisions) < count:
        for index, rev in enumerate(base):
            tag = f"{cycle}.{index}" if all_changed else f"{cycle}"
            text = rev["text"].replace(MARKER, f"| Report {tag} |", 1)
            revid = 100000 + len(revisions)
            revisions.append({**rev, "revid": revid, "parentid": revid - 1, "text": text})
        cycle += 1
    return revisions


def write_dump(revisions: list[dict], path: Path) -> None:
    parts = [
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">'
        "<siteinfo><sitename>Bench</sitename><base>https://en.wikipedia.org/wiki/Main_Page</base>"
        '<namespaces><namespace key="0" case="first-letter" /></namespaces></siteinfo>'
        "<page><title>2012 American Le Mans Series</title><ns>0</ns><id>1</id>"
    ]
    for number, rev in enumerate(revisions):
        month, day, hour = 1 + number // 672 % 12, 1 + number // 24 % 28, number % 24
        stamp = f"2012-{month:02d}-{day:02d}T{hour:02d}:00:00Z"
        parts.append(
            f"<revision><id>{rev['revid']}</id><parentid>{rev['parentid']}</parentid>"
            f"<timestamp>{stamp}</timestamp><contributor><username>{rev['user']}</username>"
            f"<id>1</id></contributor><comment>{html.escape(rev['comment'])}</comment>"
            "<model>wikitext</model><format>text/x-wiki</format>"
            f'<text xml:space="preserve">{html.escape(rev["text"], quote=False)}</text>'
            "</revision>"
        )
    parts.append("</page></mediawiki>\n")
    path.write_text("".join(parts), encoding="utf-8")


def measure(path: Path, jobs: int) -> tuple[float, int, int]:
    from wikiaudit.scraper.mediawiki_dump import iter_dump_revisions

    from wikiaudit.history import walk

    start = time.perf_counter()
    history = walk(iter_dump_revisions(path), source=str(path), jobs=jobs)
    elapsed = time.perf_counter() - start
    assert not history.unauditable, history.unauditable[:1]
    return elapsed, history.walked, history.audited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=520)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(
        f"history benchmark: >= {args.revisions} revisions, {args.jobs} jobs, "
        f"{os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, all_changed in (("hashed-skip", False), ("all-changed", True)):
            path = Path(tmp) / f"{name}.xml"
            write_dump(long_history(args.revisions, all_changed=all_changed), path)
            elapsed, walked, audited = measure(path, args.jobs)
            print(
                f"  {name:12} {walked} revisions ({audited} audited) in {elapsed:6.2f} s: "
                f"{walked / elapsed:6.1f} revisions/s, {audited / elapsed:5.1f} audits/s"
            )


if __name__ == "__main__":
    main()
