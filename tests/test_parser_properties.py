"""Properties of the scrapers and the audit on inputs nobody wrote by hand.

* Arbitrary bytes and text never make the reader, any of the three parsers or the full audit
  raise anything but the project's own ``InputError``: a crash on a strange article would be
  exit status 3 instead of a report.
* A flattened-text article generated with known tables (random shapes, random cell texts,
  headings and prose between them) is read back exactly: texts, header rows, heading paths,
  source lines. The wikitext/HTML span round trip is ``test_span_roundtrip.py``'s job.

Example counts are modest so CI stays quick; the seeds hypothesis finds are replayed from its
database locally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.html import parse_html
from wikiaudit.scraper.model import Cell, Document, Row, Table
from wikiaudit.scraper.source import decode
from wikiaudit.scraper.text import parse_text
from wikiaudit.scraper.wikitext import parse_wikitext
from wikiaudit.validators.engine import audit

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PARSERS = {"text": parse_text, "wikitext": parse_wikitext, "html": parse_html}

# --- arbitrary input ------------------------------------------------------------------------

#: Pieces of all three syntaxes, mixed: an article is often not the form it looks like (a
#: wikitext page with raw HTML tables, a text dump with stray ``{|``).
_PIECES = st.sampled_from(
    [
        "|", "||", "!", "!!", "{|", "|}", "|-", "|+", "\n", "\n\n", " ", "=", "==", "= T =",
        "{{", "}}", "[[", "]]", "'''", "''", "rowspan=", "colspan=", '"', "0", "2", "-1",
        "99999999999", "½", "†", "Ret", "DNS", "USA", "DEU", "Total", "Pos", "Driver", "Team",
        "Rnd", "Circuit", "Points System", "1st", "12 Hours", "<table class=\"wikitable\">",
        "</table>", "<tr>", "<td>", "<th rowspan=\"3\">", "</td>", "<script>", "</script>",
        "<!--", "-->", "&nbsp;", "\r", "\t", "\x0b", "\u2028", "\ufeff", "\ud800", "\x00",
    ]
)  # fmt: skip
ARBITRARY = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=80).map("".join))


@SETTINGS
@given(st.binary(max_size=400))
def test_decoding_arbitrary_bytes_gives_text_or_input_error(data: bytes) -> None:
    try:
        text = decode(data, name="fuzz")
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(text, str) and text.strip()


@pytest.mark.parametrize("form", PARSERS)
@SETTINGS
@given(text=ARBITRARY)
def test_parsers_raise_nothing_but_input_error(form: str, text: str) -> None:
    try:
        document = PARSERS[form](text, "fuzz")
    except InputError:
        return
    for table in document.tables:
        assert all(row.line >= 0 for row in table.rows)


@SETTINGS
@given(text=ARBITRARY, form=st.sampled_from(sorted(PARSERS)))
def test_full_audit_of_arbitrary_parsed_input_never_raises(text: str, form: str) -> None:
    try:
        document = PARSERS[form](text, "fuzz")
    except InputError:
        return
    result = audit(document)
    assert result.source == "fuzz"


# --- documents shaped like season articles ----------------------------------------------------

#: Header labels the classifier and readers react to, so generated tables reach every reader
#: (calendar, points system, results, entry list, standings) and every rule.
_LABELS = st.sampled_from(
    [
        "Pos", "Driver", "Team", "Total", "Points", "Rnd", "Round", "Race", "Circuit", "Length",
        "Date", "Points System", "Race Distance", "Position", "1st", "2nd", "3rd", "Entrant",
        "Car", "Rounds", "Chassis", "Engine", "No", "SEB", "LBH", "SEB", "P1", "GT",
        "P1 Winning Team", "GT Winning Drivers", "Report", "", "Entry List", "Class",
    ]
)  # fmt: skip
_VALUES = st.one_of(
    st.sampled_from(
        [
            "", "0", "1", "2", "13", "20", "24", "195", "-3", "Ret", "DNS", "DSQ", "—", "12†",
            "½", "1½", "4th", "(16)", "12 Hours", "2 Hours 45 Minutes", "Less than four hours",
            "Between four and eight hours", "More than eight hours", "All", "1, 10", "2, 4, 6–9",
            "#6 Team A", "Alice Able", "Bob Baker", "USA Alice Able", "Team A", "Team B", "3",
            "10", "42 (52)", "14.5", "NaN", "1000 mi or 10 Hours", "Sebring", "x", "²",
            "--5", "1²", "99999999999999999999", "−2", "Rounds 1 & 3",
        ]
    ),
    st.text(alphabet="abcXYZ019 ½†", max_size=6),
)  # fmt: skip
_FLAGS = st.frozensets(st.sampled_from(["bold", "italic", "spanned", "header"]), max_size=2)


@st.composite
def tables(draw: st.DrawFn, index: int) -> Table:
    n_cols = draw(st.integers(1, 8))
    line = 1 + index * 40
    header = Row(
        [Cell(draw(_LABELS), flags=frozenset({"header"}), line=line) for _ in range(n_cols)],
        line,
        is_header=True,
    )
    rows = [header] if draw(st.booleans()) or index == 0 else []
    for offset in range(draw(st.integers(0, 8))):
        width = draw(st.integers(0, n_cols + 2))
        cells = [
            Cell(draw(_VALUES), flags=draw(_FLAGS), line=line + offset + 1) for _ in range(width)
        ]
        rows.append(Row(cells, line + offset + 1, is_header=draw(st.booleans()) and offset < 1))
    headings = tuple(draw(st.lists(st.sampled_from(["P1 standings", "GT", "Drivers"]), max_size=2)))
    return Table(index=index, headings=headings, rows=rows, line=line)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    count = draw(st.integers(1, 6))
    return Document(source="generated", tables=[draw(tables(i)) for i in range(count)])


@SETTINGS
@given(documents())
def test_full_audit_of_season_shaped_documents_never_raises(document: Document) -> None:
    result = audit(document)
    for finding in result.findings:
        assert finding.rule and finding.message


@SETTINGS
@given(documents())
def test_schema_fast_path_agrees_with_pandera(document: Document) -> None:
    """The rule skips pandera for tables it can see are valid, and gives it only the columns
    it finds fault in; pandera on the whole table must agree on both."""
    from wikiaudit.validators import schemas
    from wikiaudit.validators.build import read_season
    from wikiaudit.validators.rules.schema import allowed_by_round, faulty_rounds

    season, _ = read_season(document)
    for standings in season.standings:
        if standings.matrix != "points" or not standings.rows:
            continue
        allowed = allowed_by_round(season, standings)
        if allowed is None:
            continue
        whole = schemas.failure_cases(
            schemas.standings_schema(standings, allowed), schemas.standings_frame(standings)
        )
        faulty = faulty_rounds(standings, allowed)
        if faulty is None:
            assert whole == []
        else:
            narrowed = schemas.failure_cases(
                schemas.standings_schema(standings, allowed, faulty),
                schemas.standings_frame(standings, faulty),
            )
            assert whole and _cells(narrowed) == _cells(whole)


def _cells(cases: list[dict]) -> list[tuple]:
    return sorted((c["column"], c["index"], c["check"], str(c["failure_case"])) for c in cases)


# --- the flattened-text round trip -------------------------------------------------------------

#: Lower-case letters, digits and punctuation that the text form gives no meaning to: no ``|``
#: (cell separator), no ``=``/``"`` (layout debris), no ``{}`` (wikitext leftovers), no
#: footnote marks, no capitals (a capital three-letter token is a nationality code).
_SAFE = "abcxyz019 .,()-'é"
_CELL = st.text(alphabet=_SAFE, max_size=10)
_WORD = st.text(alphabet="abcxyz", min_size=1, max_size=8)
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class GeneratedTable:
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    prose: str | None


@st.composite
def generated_tables(draw: st.DrawFn) -> GeneratedTable:
    width = draw(st.integers(1, 6))
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        cells = draw(st.lists(_CELL, min_size=0, max_size=width + 1))
        # the last cell is never blank: a row ending in a blank cell after a number-led row is
        # the signature of a lost rowspan, which the text scraper repairs on purpose
        rows.append((*cells, draw(_WORD)))
    headings = tuple(draw(st.lists(_WORD, max_size=3)))
    prose = draw(st.one_of(st.none(), _WORD))
    return GeneratedTable(headings, tuple(rows), prose)


def render(title: str, generated: list[GeneratedTable]) -> tuple[str, list[int]]:
    """The flattened article and the 1-based line of each table's first row."""
    lines = [f"= {title} =", ""]
    starts = []
    for table in generated:
        for level, heading in enumerate(table.headings, start=2):
            lines += ["=" * level + heading + "=" * level, ""]
        if table.prose is not None:
            lines += [table.prose, ""]
        starts.append(len(lines) + 1)
        lines += ["| " + " | ".join(row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines), starts


def expected_headers(rows: tuple[tuple[str, ...], ...]) -> list[bool]:
    """Leading rows holding no bare number (and at least one label) are the table's header."""
    flags = []
    for row in rows:
        labels = [text.strip() for text in row if text.strip()]
        if not flags or flags[-1]:
            is_header = bool(labels) and not any(_NUMBER.match(t) for t in labels)
            flags.append(is_header)
        else:
            flags.append(False)
    return flags


@SETTINGS
@given(st.lists(generated_tables(), min_size=1, max_size=5), _WORD)
def test_flattened_text_tables_are_recovered_exactly(
    generated: list[GeneratedTable], title: str
) -> None:
    text, starts = render(title, generated)
    document = parse_text(text, "generated.txt")

    assert document.title == title
    assert len(document.tables) == len(generated)
    path: list[str] = []
    for table, want, start in zip(document.tables, generated, starts, strict=True):
        if want.headings:
            path = list(want.headings)  # a heading at level n replaces the path from n down
        assert table.headings == tuple(path)
        assert [row.texts for row in table.rows] == [[c.strip() for c in r] for r in want.rows]
        assert [row.line for row in table.rows] == list(range(start, start + len(want.rows)))
        assert all(cell.line == row.line for row in table.rows for cell in row.cells)
        assert [row.is_header for row in table.rows] == expected_headers(want.rows)
    assert [p.text for p in document.paragraphs] == [g.prose for g in generated if g.prose]
