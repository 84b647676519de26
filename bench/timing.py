"""Timing shared by the bench scripts: one way to take a sample, so their figures compare.

Why: ``bench_audit`` and ``bench_sources`` each wrote their own ``perf_counter`` loops (four
copies, two of them around ``subprocess.run``); a copy that warmed up or cleared caches at a
different point would make two scripts disagree about the same work for no reason.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path


def samples(
    run: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
) -> list[float]:
    """Seconds taken by each of ``repeat`` calls of ``run``; ``before`` runs untimed before each."""
    out = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        run()
        out.append(time.perf_counter() - start)
    return out


def process_seconds(argv: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> float:
    """Wall time of one whole process, start-up included; its output is captured and ignored."""
    start = time.perf_counter()
    subprocess.run(list(argv), cwd=cwd, capture_output=True, check=False, env=env)
    return time.perf_counter() - start
