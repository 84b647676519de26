"""A whole ``audit fixtures/2012.txt`` process against ``python -c "import pandas"`` (issue #12).

An audit of one article is dominated by start-up, so the target is set against a yardstick
any Python user knows: the whole process must cost at most 1.5 times importing pandas. The two
commands run in turn (A B A B ...) and the ratio is taken pair by pair, so a machine whose
speed drifts during the run moves both sides of each ratio alike; the medians are printed with
the spread (min, max). CPU time is the children's user + system time (``os.wait4``).

    python bench/bench_startup.py [--runs 15]

Exit status 0 when the median wall ratio is within the target, 1 otherwise (so CI can run it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = 1.5


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process (its output thrown away)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = 0  # reaped above; keeps Popen from waiting again
    return wall, usage.ru_utime + usage.ru_stime


def audit_command() -> list[str]:
    script = shutil.which("audit", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "wikiaudit"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    a = [*audit_command(), "fixtures/2012.txt"]
    b = [sys.executable, "-c", "import pandas"]
    timed(a), timed(b)  # warm the file cache; not counted
    pairs = [(timed(a), timed(b)) for _ in range(args.runs)]

    def row(name: str, values: list[float], unit: str = "s") -> str:
        low, mid, high = min(values), statistics.median(values), max(values)
        return f"{name:22} {low:8.3f} {mid:8.3f} {high:8.3f} {unit}"

    print(f"A: {' '.join(a)}\nB: {' '.join(b)}\n{args.runs} pairs, A and B in turn")
    print(f"{'':22} {'min':>8} {'median':>8} {'max':>8}")
    print(row("A wall", [p[0][0] for p in pairs]))
    print(row("B wall", [p[1][0] for p in pairs]))
    print(row("A cpu", [p[0][1] for p in pairs]))
    print(row("B cpu", [p[1][1] for p in pairs]))
    wall_ratio = [p[0][0] / p[1][0] for p in pairs]
    print(row("A/B wall", wall_ratio, "x"))
    print(row("A/B cpu", [p[0][1] / p[1][1] for p in pairs], "x"))
    verdict = statistics.median(wall_ratio)
    print(f"target: A/B wall <= {TARGET} ({'met' if verdict <= TARGET else 'NOT met'})")
    return 0 if verdict <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
