"""``audit history`` reuses what earlier revisions read, and finds exactly what a lone audit finds.

A history of the wikitext fixture (``fixtures/2012.wikitext``) is walked revision by revision
with one ``Reuse``, as a worker walks its chunk; every revision's findings (rule, severity,
message, lines, explanations, details: the whole ``Finding``) must equal those of auditing that
revision alone, and its document those of ``parse_wikitext``. The edits are chosen to reach what
reading a table depends on besides its own lines: its line (a line added above), its index (a
table removed, one copied), its heading path, the template depth (a template wrapped around a
table), comments, a layout table's legend, footnotes printed by a later ``{{notelist}}``, the
prose that explains a finding or states the scoring, and the calendar and points system the
other tables are read against.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.incremental import ParseCache
from wikiaudit.scraper.mediawiki import Revision
from wikiaudit.scraper.wikitext import parse_wikitext
from wikiaudit.validators.memo import remembered

from tests.helpers import read_fixture
from wikiaudit import history
from wikiaudit.config import Settings, selection
from wikiaudit.history import history_dict, walk
from wikiaudit.history_reuse import Reuse, findings
from wikiaudit.pipeline import Limits, audit_document, parse_text

NOTE = (
    "Note: the #11 [[JDX Racing]] car won the Mid-Ohio round but driver [[Tim Pappas]] failed "
    "to meet the minimum driving time requirement."
)
CORE_ROW = "| 24 || 20 || 22 || 20 || 16 || 16 || 22 || 20 || 22 || 24 || 206"
CORE_207 = CORE_ROW[:-3] + "207"
GTC_TEAMS = "====GTC standings====\n\nAll teams utilize variations of the Porsche 997 GT3 Cup.\n\n"
P1_TEAMS_START = "====P1 standings====\n\n{|"
LEGEND = "'''Bold''' - Pole position\n"
SCORING = "Points were awarded to the top ten cars and drivers"


def once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def first(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def table_at(text: str, start: str) -> str:
    """The table that opens at the first ``{|`` after ``start``, up to its ``|}`` line."""
    begin = text.index("{|", text.index(start))
    return text[begin : text.index("\n|}\n", begin) + 3]


def edited_history() -> Iterator[tuple[str, str]]:
    """(what changed, text) for each revision, each edit made to the revision before."""
    text = read_fixture("2012.wikitext")
    yield "the fixture", text
    steps = [
        ("a team total", lambda t: once(t, CORE_ROW, CORE_207)),
        ("the note explaining the JDX win removed", lambda t: once(t, NOTE + " ", "")),
        ("the note put back", lambda t: once(t, "JDX was allowed", NOTE + " JDX was allowed")),
        ("a paragraph added at the top: every line moves", lambda t: "New lead.\n\n" + t),
        (
            "the points system pays 21 for a win",
            lambda t: once(t, "Less than four hours\n| 20\n", "Less than four hours\n| 21\n"),
        ),
        (
            "a race's length (its points band)",
            lambda t: once(t, "| 2 Hours\n| [[Long Beach", "| 6 Hours\n| [[Long Beach"),
        ),
        ("the legend in the layout table", lambda t: once(t, LEGEND, "")),
        (
            "a heading (a table's title)",
            lambda t: first(t, "====GT standings====", "====GT teams===="),
        ),
        (
            "a comment over two lines",
            lambda t: once(t, GTC_TEAMS, GTC_TEAMS + "<!-- a\ncomment -->\n"),
        ),
        (
            "a template around a table",
            lambda t: once(
                once(t, GTC_TEAMS, GTC_TEAMS + "{{Side box|text=\n"),
                "|}\n\nNote: the #11",
                "|}\n}}\n\nNote: the #11",
            ),
        ),
        (
            "a malformed rowspan",
            lambda t: once(
                t,
                '! 7\n| align="left" | {{flagicon|USA}} [[Competition',
                '! rowspan="x" | 7\n| align="left" | {{flagicon|USA}} [[Competition',
            ),
        ),
        (
            "a footnote in a cell and a notelist",
            lambda t: (
                once(t, CORE_207, CORE_207 + "{{efn|Two points deducted at MOS.}}")
                + "\n{{notelist}}\n"
            ),
        ),
        (
            "a scoring sentence",
            lambda t: once(t, SCORING, "Only the best eight results counted. " + SCORING),
        ),
        (
            "the P1 team standings removed: later tables move up",
            lambda t: once(t, table_at(t, P1_TEAMS_START), ""),
        ),
        (
            "the GTC team standings copied below the note",
            lambda t: once(
                t,
                "===Driver championships===",
                table_at(t, GTC_TEAMS) + "\n\n===Driver championships===",
            ),
        ),
        ("an entry list cell", lambda t: once(t, '| rowspan="4" | 6\n', '| rowspan="4" | 9\n')),
        (
            "a results cell",
            lambda t: first(
                t,
                "| {{flagicon|USA}} #4 [[Corvette Racing]]",
                "| {{flagicon|USA}} #3 [[Corvette Racing]]",
            ),
        ),
    ]
    for what, edit in steps:
        text = edit(text)
        yield what, text
    yield "the page blanked", "Vandalism."
    yield "the blanking reverted", text
    yield (
        "a cell after the revert",
        first(text, "| 17 || 20 || 10 || 16 || 0 |", "| 17 || 20 || 10 || 16 || 3 |"),
    )


HISTORY = list(edited_history())


def test_only_the_reverts_repeat_a_text():
    texts = dict(HISTORY)
    assert texts["the note put back"] == texts["a team total"]
    assert texts["the blanking reverted"] == texts["a results cell"]
    assert len(set(texts.values())) == len(HISTORY) - 2


def test_reusing_parser_reads_each_revision_as_a_fresh_parse():
    cache = ParseCache()
    for what, text in HISTORY:
        assert cache.parse(text, "r") == parse_wikitext(text, "r"), what
    assert cache.segments.hits > 4 * len(HISTORY)  # most tables were reused, not reread


def test_findings_with_reuse_are_those_of_each_revision_audited_alone():
    reuse = Reuse()
    compared = 0
    for what, text in HISTORY:
        try:
            alone = audit_document(parse_text(text, "r", None, Limits())).findings
        except InputError as error:
            with pytest.raises(InputError, match="no tables found") as raised:
                findings(text, "r", None, reuse)
            assert str(raised.value) == str(error), what
            continue
        assert findings(text, "r", None, reuse) == alone, what
        compared += 1
    assert compared == len(HISTORY) - 1
    # pandera runs only where a plain check of its rules fails (``plainly_valid``), so the
    # failure memo is asked rarely here; it is tested on its own below
    assert reuse.parsed.segments.hits > 0
    assert reuse.linkage.hits > 0 and reuse.linkage.misses > 1  # reused, and rebuilt on change


def test_a_rule_selection_applies_in_each_revision_as_audit_applies_it():
    """Selected and re-levelled before the notes are matched, as ``audit`` does: a note that
    explains a finding still lowers it to info under ``--severity RULE=error``."""
    chosen = selection(Settings(ignore=("spelling",), severity={"winner-driver-points": "error"}))
    reuse = Reuse()
    for what, text in HISTORY[:4]:
        alone = audit_document(parse_text(text, "r", None, Limits()), selection=chosen).findings
        assert findings(text, "r", None, reuse, chosen) == alone, what
    levels = {f.severity.value for f in alone if f.rule == "winner-driver-points"}
    assert levels == {"error", "info"}  # explained ones stay info
    assert not [f for f in alone if f.rule == "name-drift"]


def test_the_failure_memo_answers_an_equal_key_without_computing_again():
    from wikiaudit.scraper.incremental import Generations

    memo: Generations[object, object] = Generations()
    calls = []

    def compute() -> list[int]:
        calls.append(1)
        return [len(calls)]

    first = remembered(memo, lambda: ("key", 1), compute)
    memo.next_revision()
    again = remembered(memo, lambda: ("key", 1), compute)
    other = remembered(memo, lambda: ("key", 2), compute)
    assert first == again == [1] and other == [2] and len(calls) == 2


def test_the_edits_move_what_they_should():
    """The history is worth comparing: its edits change severities, lines and explanations."""
    reuse = Reuse()
    seen = {what: findings(text, "r", None, reuse) for what, text in HISTORY[:6]}

    def jdx(found: list) -> list:
        return [f for f in found if f.rule == "winner-points" and f.row == "JDX Racing"]

    [explained] = jdx(seen["a team total"])
    assert explained.severity == "info" and explained.explanation
    [unexplained] = jdx(seen["the note explaining the JDX win removed"])
    assert unexplained.severity == "error" and unexplained.explanation is None
    [back] = jdx(seen["the note put back"])
    [moved] = jdx(seen["a paragraph added at the top: every line moves"])
    assert moved.line == back.line + 2 and moved.explanation_line == back.explanation_line + 2
    assert any(
        f.row == "CORE Autosport" and f.rule == "total-mismatch" for f in seen["a team total"]
    )


def revisions(texts: list[str]) -> list[Revision]:
    return [
        Revision(
            revid=100 + number,
            parentid=99 + number if number else 0,
            title="2012 American Le Mans Series",
            timestamp=datetime(2012, 1, 1 + number, tzinfo=UTC),
            user=f"editor {number}",
            comment="",
            text=text,
            url=f"https://en.wikipedia.org/w/index.php?oldid={100 + number}",
        )
        for number, text in enumerate(texts)
    ]


def test_workers_with_short_chunks_blame_as_one_process_does(monkeypatch):
    """Chunks of three revisions on two workers: each worker's cache spans chunks far apart."""
    texts = [text for _, text in HISTORY]
    inline = history_dict(walk(revisions(texts), jobs=1))
    monkeypatch.setattr(history, "CHUNK", 3)
    monkeypatch.setattr(history, "usable_cpus", lambda: 2)
    pooled = history_dict(walk(revisions(texts), jobs=2))
    assert pooled == inline
    assert inline["revisions"]["audited"] == len(texts) - 2  # the two reverts are not
    [blanked] = inline["revisions"]["unauditable"]
    assert blanked["revid"] == 100 + texts.index("Vandalism.")
    current = {(f["rule"], f["row"]): f["introduced"]["revid"] for f in inline["current"]}
    # through moved lines, a blanking and its revert: introduced by the first edit
    assert current[("total-mismatch", "CORE Autosport")] == 101
    assert current[("total-mismatch", "Green Hornet Racing")] == 100 + len(texts) - 1


def test_a_pooled_walk_leaves_the_callers_garbage_collector_alone(monkeypatch):
    import gc

    monkeypatch.setattr(history, "usable_cpus", lambda: 2)
    assert gc.isenabled()
    walk(revisions([HISTORY[0][1], HISTORY[1][1]]), jobs=2)
    assert gc.isenabled()


def _reference_depths(lines: list[str]) -> list[int]:
    """Template depth at each line start, the plain way: every matched pair, line by line."""
    import re

    text = "\n".join(lines)
    events, opened = [], []
    for match in re.finditer(r"\{\{|\}\}", text):
        if match.group(0) == "{{":
            opened.append(match.start())
        elif opened:
            events += [(opened.pop(), 1), (match.start(), -1)]
    depths, position = [], 0
    for line in [*lines, ""]:
        depths.append(sum(delta for at, delta in events if at < position))
        position += len(line) + 1
    return depths


def test_line_depths_count_only_calls_that_span_lines():
    """The reuse keys a table on its lines' template depths; ``_line_depths`` looks only at the
    pairs with a line break inside (most close on their own line) and must agree with the
    plain count on any arrangement of braces."""
    import random

    from wikiaudit.scraper.wikitext import _line_depths, _prepare

    pieces = ["{{", "}}", "\n", "a", "{", "}", "|", "{{x|", "}}}", "{{{", "\n\n"]
    rng = random.Random(13)
    for _ in range(3000):
        lines = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))).split("\n")
        assert _line_depths(lines) == _reference_depths(lines), lines
    texts = dict(HISTORY)
    for what in ("the fixture", "a template around a table"):
        lines = _prepare(texts[what])
        assert _line_depths(lines) == _reference_depths(lines)
    assert any(_line_depths(_prepare(texts["a template around a table"])))


def test_the_benchmark_history_edits_one_cell_or_the_prose_and_reuses_exactly():
    """``bench/bench_history.py``'s revisions: each changes one line (a cell, or a sentence of
    prose) or adds a paragraph, and their findings with reuse are their findings alone."""
    import difflib
    from itertools import pairwise

    from tests.helpers import load_bench

    texts = load_bench("bench_history").build_revisions(18, "value")
    reuse = Reuse()
    for number, (before, after) in enumerate(pairwise(texts), 1):
        changed = [
            line[0]
            for line in difflib.ndiff(before.split("\n"), after.split("\n"))
            if line[0] in "+-"
        ]
        assert sorted(changed) == (["+", "+"] if number == 16 else ["+", "-"]), number
    for text in texts:
        alone = audit_document(parse_text(text, "r", None, Limits())).findings
        assert findings(text, "r", None, reuse) == alone
