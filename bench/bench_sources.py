"""Our audit per source form against the libraries a reader would reach for, at 1x and 10x.

Run: ``python bench/bench_sources.py [--repeat N] [--scale K]``. One run prints:

* in-process timings (median of N) of the fixture and of an article K times its size (the
  fixture's content repeated) for: a bare ``mwparserfromhell.parse`` of the wikitext,
  wikitextparser's table extraction with spans, ``pandas.read_html`` of the HTML, and our full
  audit (parse + ``validators.engine.audit``) of the text, wikitext and HTML renditions;
* the *marginal* cost (Kx minus 1x, so imports and warm-up cancel out), the growth factor
  (Kx / 1x, linear means about K) and our wikitext audit as a ratio of each library's
  marginal cost, checked against the targets;
* whole-process wall times of ``audit --help``, a usage error and ``audit fixtures/2012.txt``,
  and whether the first two import anything heavy (``-X importtime``).

The three forms are the committed ``fixtures/2012.txt``, ``2012.wikitext`` and ``2012.html``
(the last two rendered from the first by ``tools/render_fixtures.py``). Per-run caches (cell
reductions, name folding) are cleared before every timed run: a CLI run starts cold, and the
10x article must not be timed as if its copies were free.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from timing import process_seconds, samples

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "fixtures"

#: Targets from issue 7 (marginal cost of our wikitext audit, as a fraction of each library's).
TARGET_VS_WTP = 1.0
TARGET_VS_MWP = 0.5
TARGET_HELP_S = 0.3
TARGET_PROCESS_S = 1.5
HEAVY = ("pandas", "pandera", "numpy", "mwparserfromhell", "bs4", "lxml", "requests", "rich")


# ----------------------------------------------------------------------------- renditions


def scaled(text: str, form: str, scale: int) -> str:
    """An article ``scale`` times the size: the content repeated (inside one body for HTML)."""
    if form != "html":
        return "\n\n".join([text] * scale)
    match = re.search(r"(<body[^>]*>)(.*)(</body>)", text, re.DOTALL | re.IGNORECASE)
    if not match:
        return text * scale
    return text[: match.start(2)] + match.group(2) * scale + text[match.end(2) :]


def renditions() -> dict[str, tuple[str, str]]:
    """form -> (text, where it came from): the committed fixture in each form."""
    files = {"text": "2012.txt", "wikitext": "2012.wikitext", "html": "2012.html"}
    return {
        form: ((FIXTURES / name).read_text(encoding="utf-8"), f"fixtures/{name}")
        for form, name in files.items()
    }


# ------------------------------------------------------------------------------- timing


def clear_caches() -> None:
    """Per-process caches that would make a repeated run cheaper than a real, cold one."""
    import wikiaudit.scraper.wikitext
    import wikiaudit.scraper.wikitext_cells

    wikiaudit.scraper.wikitext_cells.reduce_cell.cache_clear()
    for module_name in (
        "wikiaudit.scraper.text",
        "wikiaudit.scraper.wikitext",
        "wikiaudit.scraper.html",
        "wikiaudit.validators.names",
        "wikiaudit.validators.explain",
        "wikiaudit.validators.readers.labels",
        "wikiaudit.validators.readers.cells",
    ):
        module = sys.modules.get(module_name)
        for value in vars(module).values() if module else ():
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                value.cache_clear()


def timed(run: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` cold runs, after one untimed warm-up (imports)."""
    clear_caches()
    run()
    return statistics.median(samples(run, repeat, before=clear_caches))


@dataclass
class Measure:
    name: str
    one: float
    many: float

    @property
    def marginal(self) -> float:
        return self.many - self.one


def contenders() -> dict[str, Callable[[str], object]]:
    """name -> function of the article text (the form each one reads is in its name)."""
    import mwparserfromhell
    import pandas
    import wikitextparser
    from wikiaudit.validators.engine import audit

    from wikiaudit import scraper

    def wtp_tables(text: str) -> list[object]:
        return [table.data(span=True) for table in wikitextparser.parse(text).tables]

    def read_html(text: str) -> list[object]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pandas.read_html(io.StringIO(text), attrs={"class": "wikitable"})

    def ours(form: str) -> Callable[[str], object]:
        return lambda text: audit(scraper.parse(text, "bench", form))

    return {
        "mwparserfromhell.parse (wikitext)": mwparserfromhell.parse,
        "wikitextparser tables+spans (wikitext)": wtp_tables,
        "pandas.read_html (html)": read_html,
        "ours: parse+audit (text)": ours("text"),
        "ours: parse+audit (wikitext)": ours("wikitext"),
        "ours: parse+audit (html)": ours("html"),
    }


def form_of(name: str) -> str:
    return name.rsplit("(", 1)[1].rstrip(")")


def process_times(repeat: int) -> list[tuple[str, float, str]]:
    """Whole-process wall times (median) of the CLI, and heavy modules its cheap paths import."""
    script = Path(sys.executable).with_name("audit")
    base = [str(script)] if script.is_file() else [sys.executable, "-m", "wikiaudit.cli"]
    runs = {
        "audit --help": ["--help"],
        "audit (usage error: no article)": [],
        "audit --max-bytes x (usage error)": ["--max-bytes", "x", "a.txt"],
        "audit fixtures/2012.txt": [str(FIXTURES / "2012.txt")],
    }
    env = {**os.environ, "WIKIAUDIT_NO_PROGRESS": "1"}
    out = []
    for name, args in runs.items():
        walls = [process_seconds([*base, *args], ROOT, env) for _ in range(repeat)]
        heavy = ""
        if "fixtures" not in name:
            probe = subprocess.run(
                [
                    sys.executable,
                    "-X",
                    "importtime",
                    "-c",
                    f"from wikiaudit.cli import main; main({args!r})",
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            loaded = {
                line.split("|")[-1].strip().split(".")[0]
                for line in probe.stderr.splitlines()
                if line.startswith("import time:")
            }
            heavy = ", ".join(sorted(set(HEAVY) & loaded)) or "none"
        out.append((name, statistics.median(walls), heavy))
    return out


# ------------------------------------------------------------------------------- report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure")
    parser.add_argument("--scale", type=int, default=10, help="size of the large article")
    parser.add_argument("--no-process", action="store_true", help="skip the CLI wall times")
    args = parser.parse_args()
    scale = args.scale

    sources = renditions()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {args.repeat}")
    for form, (text, origin) in sources.items():
        print(f"  {form:<9} {len(text.encode()):>9,} bytes  ({origin})")
    print()

    measures = []
    for name, run in contenders().items():
        text = sources[form_of(name)][0]
        big = scaled(text, form_of(name), scale)
        one = timed(lambda run=run, text=text: run(text), args.repeat)
        many = timed(lambda run=run, big=big: run(big), max(1, args.repeat // 2))
        measures.append(Measure(name, one, many))

    ours = next(m for m in measures if m.name == "ours: parse+audit (wikitext)")
    header = f"{'':<40}{'1x ms':>9}{f'{scale}x ms':>10}{'marginal':>10}{'growth':>8}{'ours/it':>9}"
    print(header)
    print("-" * len(header))
    for m in measures:
        ratio = ours.marginal / m.marginal if m.marginal > 0 else float("nan")
        print(
            f"{m.name:<40}{m.one * 1000:>9.1f}{m.many * 1000:>10.1f}{m.marginal * 1000:>10.1f}"
            f"{m.many / m.one:>7.1f}x{ratio:>9.2f}"
        )
    print()
    print(
        f"marginal = {scale}x - 1x (start-up cancels); growth = {scale}x / 1x "
        f"(linear: about {scale}); ours/it = our wikitext audit's marginal cost / this row's"
    )
    wtp = next(m for m in measures if m.name.startswith("wikitextparser"))
    mwp = next(m for m in measures if m.name.startswith("mwparserfromhell"))
    for label, other, target in (
        ("wikitextparser tables+spans", wtp, TARGET_VS_WTP),
        ("mwparserfromhell.parse", mwp, TARGET_VS_MWP),
    ):
        ratio = ours.marginal / other.marginal
        verdict = "met" if ratio <= target else "MISSED"
        print(f"target: ours <= {target:g} x {label}: {ratio:.2f} -> {verdict}")

    if args.no_process:
        return
    print()
    print(f"{'whole process (wall)':<40}{'ms':>9}  heavy imports")
    for name, seconds, heavy in process_times(args.repeat):
        target = TARGET_PROCESS_S if "fixtures" in name else TARGET_HELP_S
        verdict = "met" if seconds <= target else "MISSED"
        print(
            f"{name:<40}{seconds * 1000:>9.0f}  {heavy or '-':<14} target < {target:g}s {verdict}"
        )


if __name__ == "__main__":
    main()
