"""Revisions per second walked by ``audit history`` on real wikitext, whole process.

Run: ``python bench/bench_history.py [--revisions 200] [--jobs 2] [--repeat 3] [--edits value]
[--keep DUMP]``.

The dump is built from ``fixtures/2012.wikitext`` (the 2012 American Le Mans Series article,
58 KB of wikitext, 14 tables): revision 1 is the fixture, and each later revision changes one
table cell of the revision before it (a number in a standings, entry-list, calendar or points
table, chosen at random with a fixed seed), except every eighth, which edits prose instead (a
sentence added to a paragraph, or a new paragraph, which moves every later line down). No two
revisions have the same text, so every revision is audited. ``--edits`` says what a cell edit
writes (``build_revisions``): ``value``, a value the same table holds elsewhere (a result
changed), or ``typo``, the number moved by one (mostly a value no points system pays, so
pandera runs on the edited standings table at every revision).

Two whole processes are timed from start to exit, each with ``--jobs`` processes:

* ``audit history --dump DUMP --jobs N --format json`` (reading the dump, auditing every
  revision, the blame report), and
* a bare ``mwparserfromhell.parse`` of the same revisions: the same dump read the same way, each
  text parsed in a pool of the same size and nothing else done with it,

and the median of ``--repeat`` runs is printed as revisions per second. ``--keep DUMP`` writes
the dump there (to time it with another tool) and keeps it.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "fixtures" / "2012.wikitext"
TITLE = "2012 American Le Mans Series"
SEED = 2012
_NUMBER = re.compile(r"^(\s*(?:'''|'')?)(\d{1,3})((?:'''|'')?\s*)$")


Cell = tuple[int, int]  # (line, index of the cell on that line)


def _cells(lines: list[str]) -> dict[Cell, int]:
    """Every table cell written as a plain number (bold or italic too), with its table's line."""
    found: dict[Cell, int] = {}
    opened: list[int] = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("{|"):
            opened.append(number)
        elif stripped.startswith("|}"):
            opened.pop()
        elif opened and stripped.startswith("|") and not stripped.startswith(("|-", "|+")):
            for index in range(len(stripped[1:].split("||"))):
                if _NUMBER.match(_cell_value(line, index)):
                    found[number, index] = opened[-1]
    return found


def _cell_value(line: str, index: int) -> str:
    cell = line.strip()[1:].split("||")[index]
    return cell.rpartition("|")[2] if "=" in cell else cell


def _number(line: str, index: int) -> int:
    match = _NUMBER.match(_cell_value(line, index))
    assert match, (line, index)
    return int(match[2])


def _set_cell(line: str, index: int, value: int) -> str:
    """The line with cell ``index`` set to ``value`` (its attributes, bold and italic kept)."""
    indent = line[: len(line) - len(line.lstrip())]
    cells = line.strip()[1:].split("||")
    attrs, bar, _ = cells[index].rpartition("|") if "=" in cells[index] else ("", "", "")
    match = _NUMBER.match(_cell_value(line, index))
    assert match, (line, index)
    cells[index] = f"{attrs}{bar}{match[1]}{value}{match[3]}"
    return indent + "|" + "||".join(cells)


def _prose_lines(lines: list[str]) -> list[int]:
    """Lines of running prose outside tables (sentences, not headings or markup)."""
    out, depth = [], 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("{|"):
            depth += 1
        elif stripped.startswith("|}"):
            depth -= 1
        elif not depth and len(stripped) > 80 and stripped[0].isalpha():
            out.append(number)
    return out


def _new_value(lines: list[str], cells: dict[Cell, int], cell: Cell, edits: str, rng: Any) -> int:
    """What an edit writes in ``cell``: see ``build_revisions``."""
    old = _number(lines[cell[0]], cell[1])
    if edits == "value" and old <= 30:
        same_table = {
            _number(lines[at], index) for (at, index), t in cells.items() if t == cells[cell]
        }
        others = sorted(v for v in same_table if v <= 30 and v != old)
        if others:
            return rng.choice(others)
    return old + 1 if old == 0 else old + rng.choice((1, -1))


def build_revisions(count: int, edits: str = "value", seed: int = SEED) -> list[str]:
    """``count`` texts: the fixture, then one edit each.

    Every eighth edit is to the prose (a sentence added to a paragraph, or every sixteenth a new
    paragraph, which moves every later line down two). The others change one number cell of a
    table: with ``edits="value"`` a small number (a race result, a car number) becomes another
    value written in the same table, and a large one (a total) moves by one; with
    ``edits="typo"`` every number moves by one, which mostly gives values no points system pays.
    Two in five cell edits put back a cell changed earlier (not the one just changed: that would
    recreate a text, which the walk skips), so findings come and go as in a real history.
    """
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    rng = random.Random(seed)
    changed: dict[Cell, int] = {}  # cell -> its value before it was changed
    texts = ["\n".join(lines)]
    last: Cell | None = None
    for number in range(1, count):
        if number % 8 == 0:
            target = rng.choice(_prose_lines(lines))
            sentence = f"Editors revised this section (edit {number})."
            if number % 16 == 0:  # a new paragraph: every later line moves down two
                lines[target + 1 : target + 1] = ["", sentence]
                changed = {(at + 2 * (at > target), i): v for (at, i), v in changed.items()}
            else:
                lines[target] = f"{lines[target]} {sentence}"
            last = None
        else:
            restorable = [cell for cell in changed if cell != last]
            if restorable and rng.random() < 0.4:
                cell = rng.choice(restorable)
                value = changed.pop(cell)
            else:
                cells = _cells(lines)
                cell = rng.choice([c for c in cells if c not in changed])
                changed[cell] = _number(lines[cell[0]], cell[1])
                value = _new_value(lines, cells, cell, edits, rng)
            lines[cell[0]] = _set_cell(lines[cell[0]], cell[1], value)
            last = cell
        texts.append("\n".join(lines))
    assert len(set(texts)) == len(texts), "two revisions with one text would be skipped"
    return texts


def write_dump(texts: list[str], path: Path) -> None:
    """A Special:Export-style dump of one page, oldest revision first."""
    parts = [
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">'
        "<siteinfo><sitename>Bench</sitename><base>https://en.wikipedia.org/wiki/Main_Page</base>"
        '<namespaces><namespace key="0" case="first-letter" /></namespaces></siteinfo>'
        f"<page><title>{TITLE}</title><ns>0</ns><id>1</id>"
    ]
    for number, text in enumerate(texts):
        revid = 500000 + number
        parent = revid - 1 if number else 0
        stamp = f"2012-{1 + number // 28 % 12:02d}-{1 + number % 28:02d}T12:00:00Z"
        parts.append(
            f"<revision><id>{revid}</id><parentid>{parent}</parentid>"
            f"<timestamp>{stamp}</timestamp><contributor><username>Editor {number % 7}"
            f"</username><id>{1 + number % 7}</id></contributor><comment>edit {number}</comment>"
            "<model>wikitext</model><format>text/x-wiki</format>"
            f'<text xml:space="preserve">{html.escape(text, quote=False)}</text>'
            "</revision>"
        )
    parts.append("</page></mediawiki>\n")
    path.write_text("".join(parts), encoding="utf-8")


def bare_parse(dump: str, jobs: int) -> None:
    """The yardstick: read the dump as ``audit history`` does and ``mwparserfromhell.parse``
    each revision's text in a pool of ``jobs`` processes, keeping nothing."""
    from concurrent.futures import ProcessPoolExecutor

    from wikiaudit.scraper.mediawiki_dump import iter_dump_revisions

    texts = (revision.text for revision in iter_dump_revisions(dump))
    with ProcessPoolExecutor(jobs) as pool:
        for _ in pool.map(_parse, texts, chunksize=4):
            pass


def _parse(text: str) -> int:
    import mwparserfromhell

    return len(mwparserfromhell.parse(text).nodes)


def timed(argv: list[str], repeat: int) -> float:
    """Median wall seconds of ``repeat`` runs of a whole process (after one untimed run)."""
    seconds = []
    for run in range(repeat + 1):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
        if run:
            seconds.append(elapsed)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edits", choices=("value", "typo"), default="value")
    parser.add_argument("--keep", type=Path, help="write the dump here and keep it")
    parser.add_argument("--bare", help=argparse.SUPPRESS)  # the yardstick's own process
    args = parser.parse_args()
    if args.bare:
        bare_parse(args.bare, args.jobs)
        return
    texts = build_revisions(args.revisions, args.edits)
    with tempfile.TemporaryDirectory() as tmp:
        dump = args.keep or Path(tmp) / "history.xml"
        write_dump(texts, dump)
        size = dump.stat().st_size / 1e6
        print(
            f"history benchmark: {len(texts)} revisions of {FIXTURE.name} ({size:.1f} MB dump, "
            f"{args.edits} edits), {args.jobs} jobs, {os.cpu_count()} cores, median of "
            f"{args.repeat} whole processes"
        )
        audit = [str(Path(sys.executable).with_name("audit")), "history", "--dump", str(dump)]
        runs = {
            "audit history": [*audit, "--jobs", str(args.jobs), "--format", "json"],
            "bare mwparserfromhell.parse": [
                sys.executable,
                __file__,
                "--bare",
                str(dump),
                "--jobs",
                str(args.jobs),
            ],
        }
        for name, argv in runs.items():
            seconds = timed(argv, args.repeat)
            print(f"  {name:28} {seconds:6.2f} s  {len(texts) / seconds:6.1f} revisions/s")


if __name__ == "__main__":
    main()
