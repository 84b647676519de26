"""Time parsing and auditing the fixture in-process, many repetitions; print the figures.

Run: ``python bench/bench_audit.py [--repeat N]``. Reports the median and best of N runs for
each stage, so start-up costs (imports) are excluded; the first audit (warm-up) is reported
separately because it pays for pandera's lazy import.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from timing import process_seconds, samples

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--article", type=Path, default=ROOT / "fixtures" / "2012.txt")
    args = parser.parse_args()

    from wikiaudit.scraper import parse
    from wikiaudit.validators.engine import audit

    text = args.article.read_text(encoding="utf-8")
    [first] = samples(lambda: audit(parse(text, str(args.article))), 1)

    parse_times = samples(lambda: parse(text, "bench"), args.repeat)
    document = parse(text, "bench")
    audit_times = samples(lambda: audit(document), args.repeat)
    total_times = samples(lambda: audit(parse(text, "bench")), args.repeat)

    cli = [sys.executable, "-m", "wikiaudit.cli"]
    process = process_seconds([*cli, str(args.article)], ROOT)
    help_time = process_seconds([*cli, "--help"], ROOT)

    def row(name: str, samples: list[float]) -> str:
        return (
            f"{name:<28} median {statistics.median(samples) * 1000:8.2f} ms   "
            f"best {min(samples) * 1000:8.2f} ms"
        )

    print(f"article: {args.article} ({len(text):,} chars), {args.repeat} repetitions")
    print(f"{'first audit (with imports)':<28} {first * 1000:8.2f} ms")
    print(row("parse", parse_times))
    print(row("audit (season + checks)", audit_times))
    print(row("parse + audit", total_times))
    print(f"{'audit PATH, whole process':<28} {process * 1000:8.2f} ms")
    print(f"{'audit --help, whole process':<28} {help_time * 1000:8.2f} ms")


if __name__ == "__main__":
    main()
