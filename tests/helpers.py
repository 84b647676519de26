"""Scaffolding shared by the test files: where things are, the fixture, and the recorded API.

Why one module: these paths, constants and helpers had been copied into many test files, and
the copies had started to differ in small ways (one checked for a traceback, another for the
error prefix). Test files import them from here; ``conftest.py`` builds its fixtures on them.
Importing a test module for its helpers (``from tests.test_x import``) is avoided: pytest has
already imported it under another name, so it would run twice.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from wikiaudit.scraper.text import parse_text
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.engine import audit

if TYPE_CHECKING:
    import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
#: The flattened fixture article, the form most tests break on purpose.
FIXTURE = FIXTURES / "2012.txt"
SHARED = REPO.parent / "shared"
#: Real Wikipedia pages (CC BY-SA), read in place and never copied into the repository.
REAL = SHARED / "real"
HISTORY_DATA = REPO / "tests" / "data" / "history"

# Rows of fixtures/2012.txt up to (not including) their Total cell, for editing that total.
#: CORE Autosport in the PC team standings (Total 206).
CORE = "| 1 | USA CORE Autosport | 24 | 20 | 22 | 20 | 16 | 16 | 22 | 20 | 22 | 24 | "
#: A tied row (Total 195): its position cell was a rowspan, so the text scraper inserts a
#: spanned copy.
LUHR = "| DEU Lucas Luhr | USA Muscle Milk Pickett Racing | 20 | 20 | 22 | 20 | 20 | 20 | 18 | 13 | 22 | 20 | "  # noqa: E501

#: The rows every invented wikitext standings of the hostile-input tests starts with
#: (driver, R1, R2, total): Dora Dunn's total is wrong (26 written 30), so with enough rows
#: that add up after them the sums are a reading that fits (issue 10: at least 80 % of at least
#: 5 rows) and a complete audit always has a ``total-mismatch`` finding.
STANDINGS_HEAD = (
    ("Alice Able", 20, 16, 36),
    ("Bob Baker", 16, 20, 36),
    ("Carl Cole", 13, 13, 26),
    ("Dora Dunn", 10, 16, 30),
)


def standings_wikitext(
    *rows: tuple[str, int, int, int], heading: str = "==Standings==", closed: bool = True
) -> str:
    """An invented drivers' standings in wikitext, ``STANDINGS_HEAD`` then ``rows``.

    One row a ``|-`` and a ``||`` line, positions counted from 1; ``closed=False`` leaves the
    table open (``|}`` missing) for a test to append what breaks it.
    """
    lines = [heading, '{| class="wikitable"', "! Pos !! Driver !! R1 !! R2 !! Total"]
    for position, (driver, first, second, total) in enumerate([*STANDINGS_HEAD, *rows], 1):
        lines += ["|-", f"| {position} || {driver} || {first} || {second} || {total}"]
    if closed:
        lines.append("|}")
    return "\n".join(lines) + "\n"


#: Six rows, five of which add up: the standings the network and resource tests audit.
STANDINGS_WIKITEXT = standings_wikitext(("Eve Ernst", 8, 10, 18), ("Finn Ford", 6, 8, 14))

# The invented wiki the live tests talk to (through ``responses``, never the network).
WIKI = "https://en.wikipedia.org"
API = f"{WIKI}/w/api.php"
TITLE = "2099 Example Series"


@functools.cache
def read_fixture(name: str = "2012.txt") -> str:
    """A committed fixture's text, read once per session: many tests start from the same one."""
    return (FIXTURES / name).read_text(encoding="utf-8")


# --- breaking the fixture on purpose: edit one cell of one line and audit the result ----------


def audit_text(text: str, source: str = "test.txt") -> AuditResult:
    return audit(parse_text(text, source))


def replace_cell(text: str, line: int, column: int, value: str) -> str:
    """Set cell ``column`` (0-based, as written) of 1-based ``line`` of a flattened article."""
    lines = text.split("\n")
    cells = lines[line - 1].split("|")
    cells[column + 1] = f" {value} "
    lines[line - 1] = "|".join(cells)
    return "\n".join(lines)


def cell_at(text: str, line: int, column: int) -> str:
    return text.split("\n")[line - 1].split("|")[column + 1].strip()


# --- the CLI's error contract and the recorded MediaWiki API ---------------------------------


def one_line_error(
    capsys: pytest.CaptureFixture[str], argv: list[str], prefix: str | None = None
) -> str:
    """Run the CLI and check its failure contract: exit 2, one stderr line, nothing on stdout.

    With ``prefix`` the line must start with it; without, it must at least not be a traceback.
    (The two callers' contracts differed that way before they shared this helper; each keeps
    exactly the checks it had.)
    """
    from wikiaudit.cli import main

    status = main(argv)
    captured = capsys.readouterr()
    assert status == 2, captured
    assert captured.out == "", "a partial report was printed"
    assert captured.err.count("\n") == 1, captured.err
    if prefix is None:
        assert "Traceback" not in captured.err
    else:
        assert captured.err.startswith(prefix), captured.err
    return captured.err


def api_rev(revid: int, text: str, parentid: int | None = None, **extra: Any) -> dict[str, Any]:
    """One formatversion=2 revision object; ``parentid`` defaults to the revision before.

    ``extra`` overrides any field, so a test can hand the client a wrongly shaped one.
    """
    out: dict[str, Any] = {
        "revid": revid,
        "parentid": revid - 1 if parentid is None else parentid,
        "user": "Example editor",
        "timestamp": "2099-07-01T12:00:00Z",
        "comment": "edit",
        "sha1": f"{revid:040x}",
        "slots": {"main": {"contentmodel": "wikitext", "content": text}},
    }
    out.update(extra)
    return out


def answer(*revisions: Any, title: str = TITLE, cont: str | None = None) -> dict[str, Any]:
    """The API's answer holding ``revisions`` of one page; ``cont`` asks for a next page."""
    page = {"pageid": 7, "ns": 0, "title": title, "revisions": list(revisions)}
    out: dict[str, Any] = {"batchcomplete": True, "query": {"pages": [page]}}
    if cont is not None:
        out["continue"] = {"rvcontinue": cont, "continue": "||"}
        del out["batchcomplete"]
    return out


# --- recorded data and the bench scripts ------------------------------------------------------


def load_history() -> tuple[str, list[dict[str, Any]]]:
    """The recorded revisions, each with its full text rebuilt from the edits."""
    spec = json.loads((HISTORY_DATA / "revisions.json").read_text(encoding="utf-8"))
    text = (REPO / spec["base"]).read_text(encoding="utf-8")
    revisions = []
    for rev in spec["revisions"]:
        for edit in rev["edits"]:
            assert text.count(edit["old"]) == 1, (rev["revid"], edit["old"])
            text = text.replace(edit["old"], edit["new"])
        revisions.append({**rev, "text": text})
    return spec["title"], revisions


def recorded_rev(rev: dict[str, Any]) -> dict[str, Any]:
    """A revision of ``load_history`` as the API gives it (with its text)."""
    return api_rev(
        rev["revid"],
        rev["text"],
        rev["parentid"],
        user=rev["user"],
        timestamp=rev["timestamp"],
        comment=rev["comment"],
    )


@functools.cache
def load_bench(name: str) -> ModuleType:
    """A script of ``bench/``, imported once however many test files use it.

    ``bench`` is a folder of scripts, not a package; the module goes into ``sys.modules``
    under its own name because dataclasses look their module up there.
    """
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
