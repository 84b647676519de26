"""Season articles audited per second by ``audit corpus``, with 1 and 2 workers, and how the
cost grows with the dump's size.

Run: ``python bench/bench_corpus.py [--sizes 40,80,160] [--workers 1,2] [--forms F,...]``
(forms: ``multistream`` and ``plain``, both by default).

Each dump is made of cycles of ten season articles and twenty other pages, written to a
temporary folder (never into the repository):

* ``fixtures/2012.wikitext`` as it is, and a variant with one driver's total one too high;
  every copy after the first has its linked names renamed (see ``distinct``);
* the real pages' wikitext from ``../shared/real/`` where that folder is there, read in place
  (the 2012 Formula One article of the Chinese Wikipedia, the 2008 British motorcycle Grand
  Prix), otherwise two more invented seasons;
* six invented seasons (``tests/corpus_dumps.py``), two of them with a broken total;
* per season article, two pages a wiki is mostly made of: one with a table but no total or
  points column, one of prose only (the pre-check passes them by).

Every run is a fresh ``audit corpus`` process on a fresh store, the best of ``--repeat``
(``--workers N``: a local Dask cluster of N processes). Figures: *run s* is the run itself as the
command reports it (reading, auditing, storing; not the cluster's start), *wall s* the whole
process (with starting the cluster, whose workers import the audit's modules before the run);
*articles/s* is season articles audited per run second; *CPU ms per article* is the CPU time of
the whole process tree (driver, scheduler, workers; start-up included) per season article, the
cost that does not depend on how busy the shared machine was. A last row times a rerun over the
same store, where every page is unchanged and nothing is audited.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

REAL = REPO.parent / "shared" / "real"
REAL_PAGES = (
    ("2012 Formula One (zh)", "zhwiki_2012_Formula_One_World_Championship.wikitext"),
    ("2008 British motorcycle GP", "wtf_wikipedia_2008_British_motorcycle_Grand_Prix.wikitext.txt"),
)
SEASONS_PER_CYCLE = 10


_LINK = re.compile(r"\[\[([^\]|\[:]+)(?:\|([^\]\[]+))?\]\]")


def distinct(text: str, copy: int) -> str:
    """Copy ``copy`` of an article, its data cells' linked names suffixed with the number.

    Caches of cell readings live as long as a worker process: identical copies would find
    every name cell already read. Only data-cell lines (``|``) and names of two words or more
    are touched, so headers, round codes and the article's readings stay as they were.
    """
    if copy == 0:
        return text

    def renamed(match: re.Match[str]) -> str:
        target, shown = match.group(1), match.group(2) or match.group(1)
        if not re.search(r"\s", shown.strip()):
            return match.group(0)
        return f"[[{target} {copy}|{shown} {copy}]]"

    lines = text.splitlines(keepends=True)
    return "".join(_LINK.sub(renamed, line) if line.startswith("|") else line for line in lines)


def broken_total(text: str) -> str:
    """The 2012 article with the first driver's total one too high (a total-mismatch)."""
    start = text.index("! Pos !! Driver !!")
    cell = re.compile(r"\n\| (\d+)\n(?=\|-|\|\})")
    match = cell.search(text, start)
    assert match is not None
    value = int(match.group(1)) + 1
    return f"{text[: match.start()]}\n| {value}\n{text[match.end() :]}"


def article_kinds() -> list[tuple[str, Callable[[int], str]]]:
    """One cycle's ten season articles: (title stem, text for copy number n)."""
    from tests.corpus_dumps import season

    fixture = (REPO / "fixtures" / "2012.wikitext").read_text(encoding="utf-8")
    broken = broken_total(fixture)
    kinds: list[tuple[str, Callable[[int], str]]] = [
        ("2012 American Le Mans Series", lambda n: distinct(fixture, n)),
        ("2012 American Le Mans Series, broken", lambda n: distinct(broken, n)),
    ]
    for title, name in REAL_PAGES:
        path = REAL / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            kinds.append((title, lambda n, text=text: distinct(text, n)))
        else:
            kinds.append((f"{title} (invented)", lambda n: season(f"Invented {n}")))
    for k in range(6):
        row = k if k < 2 else None
        kinds.append((f"2099 Invented Series {k}", lambda n, row=row: season("S", broken_row=row)))
    assert len(kinds) == SEASONS_PER_CYCLE
    return kinds


def pages(seasons: int) -> list:
    from tests.corpus_dumps import latest, not_a_season

    kinds = article_kinds()
    out = []
    for number in range(seasons):
        stem, text = kinds[number % len(kinds)]
        copy = number // len(kinds)
        out.append(latest(f"{stem} ({copy})", 1000 + number, text(copy), len(out) + 1))
        circuit = f"Invented Ring {number}"
        out.append(latest(circuit, 500000 + number, not_a_season(circuit), len(out) + 1))
        stub = f"Invented driver {number}"
        prose = f"'''{stub}''' is an invented racing driver.\n\n== Career ==\nShe raced.\n" * 20
        out.append(latest(stub, 900000 + number, prose, len(out) + 1))
    return out


def write(form: str, folder: Path, seasons: int) -> Path:
    from tests.corpus_dumps import write_multistream, write_plain

    made = pages(seasons)
    if form == "plain":
        return write_plain(folder / f"bench{seasons}.xml", made)
    dump = folder / f"bench{seasons}-multistream.xml.bz2"
    write_multistream(dump, made, per_stream=30)  # 10 season articles in a stream of 30 pages
    return dump


def run(dump: Path, db: Path, workers: int) -> tuple[float, float, float, int]:
    """(run seconds as reported, whole-process seconds, CPU seconds of the process and all its
    workers, season articles audited)."""
    command = [sys.executable, "-m", "wikiaudit.cli", "corpus", str(dump), "--db", str(db)]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--workers", str(workers)], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    if done.returncode != 0:
        raise SystemExit(f"audit corpus failed ({done.returncode}): {done.stderr.strip()}")
    seconds = float(re.search(r" in ([\d.]+) s\n", done.stdout).group(1))
    audited = int(re.search(r"audited\s+([\d,]+)", done.stdout).group(1).replace(",", ""))
    unchecked = int(re.search(r"unchecked\s+([\d,]+)", done.stdout).group(1).replace(",", ""))
    return seconds, wall, cpu, audited + unchecked


def _children_cpu() -> float:
    """User and system CPU seconds of finished child processes, their own children included
    (the cluster's worker processes are waited for by their parents): the work done, however
    busy the shared machine was."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best(dump: Path, db: Path, workers: int, repeat: int) -> tuple[float, float, float, int]:
    """The fastest of ``repeat`` runs, each on a fresh store (the machine is shared: the
    slower runs measure the other jobs as much as ours)."""
    runs = []
    for _ in range(repeat):
        for path in db.parent.glob(db.name + "*"):
            path.unlink()
        runs.append(run(dump, db, workers))
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="40,80,160", help="season articles per dump")
    parser.add_argument("--workers", default="1,2", help="worker processes to try")
    parser.add_argument("--forms", default="multistream,plain", help="dump forms to try")
    parser.add_argument("--repeat", type=int, default=2, help="runs per row; the best is shown")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    workers = [int(w) for w in args.workers.split(",")]
    forms = args.forms.split(",")
    real = sum((REAL / name).is_file() for _, name in REAL_PAGES)
    print(f"real pages read in place: {real} of {len(REAL_PAGES)} ({REAL})")
    print(
        "| form | season articles (pages) | workers | run s | wall s | articles/s "
        "| CPU ms per article |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    cpu_by_size: dict[tuple[str, int], list[tuple[int, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as folder:
        for form in forms:
            for size in sizes:
                dump = write(form, Path(folder), size)
                for count in workers:
                    db = Path(folder) / f"{form}-{size}-{count}.sqlite"
                    seconds, wall, cpu, audited = best(dump, db, count, args.repeat)
                    cpu_by_size.setdefault((form, count), []).append((audited, cpu))
                    print(
                        f"| {form} | {audited} ({size * 3}) | {count} | {seconds:.1f} | "
                        f"{wall:.1f} | {audited / seconds:.1f} | {1000 * cpu / audited:.0f} |"
                    )
                seconds, wall, cpu, audited = run(dump, db, workers[-1])
                print(
                    f"| {form}, rerun (nothing new) | {audited} ({size * 3}) | {workers[-1]} | "
                    f"{seconds:.1f} | {wall:.1f} | — | CPU {cpu:.1f} s |"
                )
    growth(cpu_by_size)


def growth(cpu_by_size: dict[tuple[str, int], list[tuple[int, float]]]) -> None:
    """CPU per added article from one dump size to the next: flat when the cost is linear
    (start-up, a fixed cost, cancels out of the difference)."""
    print()
    print("| form | workers | season articles | CPU s | added CPU ms per added article |")
    print("| --- | ---: | --- | ---: | ---: |")
    for (form, count), points in cpu_by_size.items():
        for (small, small_cpu), (large, large_cpu) in pairwise(points):
            added = 1000 * (large_cpu - small_cpu) / (large - small)
            print(
                f"| {form} | {count} | {small} → {large} | {small_cpu:.1f} → {large_cpu:.1f} "
                f"| {added:.0f} |"
            )


if __name__ == "__main__":  # the local cluster's worker processes import this module anew
    main()
