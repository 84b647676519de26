"""A cell must not drive the terminal (issue #14): controls and bidi overrides never reach it.

Properties over any text, then every report format on a result whose every string is hostile,
then the CLI end to end on an article whose cells hold escape sequences past the first 4 KB
(the input screen looks at the first 4 KB only).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wikiaudit.reports.safe_text import printable, shortened, terminal_safe_json

from tests.helpers import read_fixture
from tests.report_samples import sample_result
from wikiaudit import reports
from wikiaudit.cli import main

#: What a terminal acts on: C0 (bar newline and tab, which layouts use), DEL, C1, bidi
#: embeddings/overrides/isolates/marks, line and paragraph separators, lone surrogates.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)
HOSTILE = "Al\x1b]0;pwned\x07ice\x1b[2J\x1b[8mhidden\u202e12\u2066\x9b31m\r\x00\ud800"


@given(st.text())
def test_printable_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    shown = printable(text)
    assert not UNSAFE.search(shown) and "\n" not in shown
    assert printable(shown) == shown  # escaping twice changes nothing more


@given(st.text())
def test_terminal_safe_json_keeps_every_value(text: str) -> None:
    dumped = terminal_safe_json(json.dumps({"v": text}, ensure_ascii=False))
    assert not UNSAFE.search(dumped.replace("\n", ""))
    assert json.loads(dumped) == {"v": text}


@given(st.text(), st.integers(min_value=1, max_value=50))
def test_shortened_values_say_what_was_cut(text: str, limit: int) -> None:
    cut = shortened(text, limit)
    assert cut == text or (cut.startswith(text[:limit]) and f"{len(text) - limit:,} more" in cut)


def hostile_result():  # type: ignore[no-untyped-def]
    result = sample_result()
    findings = [
        replace(
            f,
            message=f"{f.message} {HOSTILE}",
            row=HOSTILE,
            column=HOSTILE,
            published=HOSTILE,
            expected=HOSTILE,
            explanation=HOSTILE,
            fix=HOSTILE,
        )
        for f in result.findings
    ]
    return replace(
        result,
        source=f"src{HOSTILE}",
        findings=findings,
        unclassified=[HOSTILE],
        skipped=[HOSTILE],
    )


@pytest.mark.parametrize("fmt", sorted(reports.FORMATS))
def test_no_report_format_writes_a_raw_control_character(fmt: str) -> None:
    result = hostile_result()
    text = reports.render(result, fmt)
    allowed = text.replace("\n", "").replace("\t", "")
    assert not UNSAFE.search(allowed), fmt
    text.encode("utf-8")  # and every format can be written
    if fmt == "json":  # machine formats keep the values exactly
        assert json.loads(text)["source"] == f"src{HOSTILE}"
    elif fmt == "sarif":
        assert json.loads(text)["runs"][0]["results"][0]["properties"]["published"] == HOSTILE
    else:  # human formats show what was there (markdown folds C0 to spaces, as before)
        assert "\\u202e" in text and ("\\x1b" in text or fmt == "markdown")


def test_the_cli_escapes_cells_anywhere_in_the_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Past the first 4 KB, where the binary-input screen no longer looks."""
    text = read_fixture()
    article = tmp_path / "vandal.txt"
    article.write_text(text.replace("Sean Edwards", "Sean \x1b]0;pwned\x07Edwards\u202e"))
    assert text.index("Sean Edwards") > 4096
    for fmt in ("text", "markdown", "json", "sarif", "junit", "html"):
        main([str(article), "--format", fmt])
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\u202e" not in out, fmt
    main([str(article), "--fix"])
    assert "\x1b" not in capsys.readouterr().out


def test_a_file_name_of_undecodable_bytes_is_reported_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Python reads such a name with surrogateescape: the report's source holds lone surrogates."""
    name = os.fsdecode(b"\xff\x1b[2J.txt")
    article = tmp_path / name
    article.write_text(read_fixture(), encoding="utf-8")
    for fmt in sorted(reports.FORMATS):
        assert main([str(article), "--format", fmt]) == 1, fmt
        out = capsys.readouterr().out
        out.encode("utf-8")
        assert "\x1b" not in out, fmt
