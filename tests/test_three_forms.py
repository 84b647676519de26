"""The 2012 season read from flattened text, wikitext and rendered HTML gives one audit.

Why: an editor may hand us any of the three forms, and a finding that exists in one form but
not another is either a scraper bug or a form that cannot carry the fact. The fixtures
``2012.wikitext`` and ``2012.html`` are rendered from ``2012.txt`` by
``tools/render_fixtures.py`` with the markup the flattened form lost (spans, flags, links,
bold/italic, footnotes, the layout table around the P1 driver standings).

Findings are compared as multisets of (rule, severity, table, row, column, published,
expected): lines and table indices differ by form by design. Nothing is left out of the
comparison: the entry list (whose flattened form lost its row spans; the renditions keep the
lost cells blank) and the flags (rendered HTML names a country, never the code the wikitext
used) must give the same findings too.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from wikiaudit.scraper.model import Document
from wikiaudit.scraper.nationality import canonical
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.build import read_season
from wikiaudit.validators.engine import audit
from wikiaudit.validators.season import Season

from tests.helpers import read_fixture, replace_cell
from wikiaudit import scraper

FORMS = {"text": "2012.txt", "wikitext": "2012.wikitext", "html": "2012.html"}
OTHERS = ("wikitext", "html")
Key = tuple[str, str, str | None, str | None, str | None, str | None, str | None]


def source(form: str) -> str:
    return read_fixture(FORMS[form])


def parse(form: str, text: str | None = None) -> Document:
    """Parse with the form detected, as the CLI does: detection is part of what is tested."""
    text = source(form) if text is None else text
    assert scraper.detect_form(text) == form
    return scraper.parse(text, f"fixtures/{FORMS[form]}")


def keys(result: AuditResult) -> Counter[Key]:
    return Counter(
        (f.rule, f.severity.value, f.table, f.row, f.column, f.published, f.expected)
        for f in result.findings
    )


def show(difference: Counter[Key]) -> str:
    return "\n".join(f"{count} x {key}" for key, count in sorted(difference.items()))


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    return {form: parse(form) for form in FORMS}


@pytest.fixture(scope="module")
def seasons(documents: dict[str, Document]) -> dict[str, Season]:
    return {form: read_season(document)[0] for form, document in documents.items()}


@pytest.fixture(scope="module")
def audits() -> dict[str, AuditResult]:
    return {form: audit(parse(form)) for form in FORMS}


# --- the structure each form gives -------------------------------------------------------


def test_every_form_has_the_same_tables_under_the_same_headings(
    documents: dict[str, Document],
) -> None:
    """The same 14 tables in every form: the wikitext's layout table around the P1 driver
    standings is read as HTML shows it, no data table (its legend is prose)."""
    text_titles = [table.title for table in documents["text"].tables]
    html_titles = [table.title for table in documents["html"].tables]
    wiki_titles = [table.title for table in documents["wikitext"].tables]
    assert len(text_titles) == 14
    assert html_titles == text_titles == wiki_titles
    assert all(not document.issues for document in documents.values())


@pytest.mark.parametrize("form", OTHERS)
def test_same_calendar(form: str, seasons: dict[str, Season]) -> None:
    def calendar(season: Season) -> list[tuple[Any, ...]]:
        return [(r.round, r.circuit, r.length, r.hours) for r in season.calendar]

    assert len(seasons["text"].calendar) == 10
    assert calendar(seasons[form]) == calendar(seasons["text"])
    assert seasons[form].calendar[9].hours == 10


@pytest.mark.parametrize("form", OTHERS)
def test_same_race_names(form: str, seasons: dict[str, Season]) -> None:
    assert [r.name for r in seasons[form].calendar] == [r.name for r in seasons["text"].calendar]


@pytest.mark.parametrize("form", OTHERS)
def test_same_points_bands(form: str, seasons: dict[str, Season]) -> None:
    def bands(season: Season) -> list[tuple[Any, ...]]:
        assert season.points is not None
        return [
            (b.label, b.points, b.min_hours, b.max_hours, b.min_inclusive, b.max_inclusive)
            for b in season.points.bands
        ]

    assert len(bands(seasons["text"])) == 3
    assert bands(seasons[form]) == bands(seasons["text"])


def _standings(season: Season) -> list[tuple[Any, ...]]:
    return [
        (
            s.kind,
            s.cls,
            s.title,
            s.matrix,
            [(rc.code, rc.round) for rc in s.rounds],
            [
                (
                    row.position,
                    row.name.text,
                    canonical(row.name.nationality),
                    tuple((t.text, canonical(t.nationality)) for t in row.teams),
                    tuple(sorted((k, v.text, v.points) for k, v in row.values.items())),
                    row.total_text,
                    row.total,
                )
                for row in s.rows
            ],
        )
        for s in season.standings
    ]


@pytest.mark.parametrize("form", OTHERS)
def test_same_standings(form: str, seasons: dict[str, Season]) -> None:
    """All ten tables, every row: position (shared by ties), name, teams, race values, total."""
    expected = _standings(seasons["text"])
    assert [(s[0], s[1]) for s in expected] == [
        (kind, cls) for kind in ("team", "driver") for cls in ("P1", "P2", "PC", "GT", "GTC")
    ]
    actual = _standings(seasons[form])
    for want, got in zip(expected, actual, strict=True):
        assert got == want, f"{form}: {want[2]}"


@pytest.mark.parametrize("form", OTHERS)
def test_same_tied_positions(form: str, seasons: dict[str, Season]) -> None:
    """A tied row's position comes from a span in every form (restored in the text form)."""

    def tied(season: Season) -> list[tuple[str, str, int | None]]:
        return [
            (s.cls, row.name.text, row.position)
            for s in season.standings
            for row in s.rows
            if row.position_spanned
        ]

    assert ("P2", "Dario Franchitti", 8) in tied(seasons["text"])
    assert tied(seasons[form]) == tied(seasons["text"])


@pytest.mark.parametrize("form", OTHERS)
def test_same_results(form: str, seasons: dict[str, Season]) -> None:
    """Each round's winner per class: car, team, and drivers (with nationality as a country)."""

    def results(season: Season) -> list[tuple[Any, ...]]:
        return [
            (
                r.round,
                r.cls,
                r.car,
                r.team.text,
                canonical(r.team.nationality),
                tuple((d.text, canonical(d.nationality)) for d in r.drivers),
            )
            for r in season.results
        ]

    expected = results(seasons["text"])
    assert len(expected) == 50
    assert (3, "GTC", "66", "TRG", "USA", (("Emilio Di Guida", "VEN"),
            ("Jeroen Bleekemolen", None), ("Bret Curtis", "USA"))) in expected  # fmt: skip
    assert results(seasons[form]) == expected


@pytest.mark.parametrize("form", OTHERS)
def test_entry_list_is_read(form: str, seasons: dict[str, Season]) -> None:
    drivers = {entry.driver.text for entry in seasons[form].entries}
    assert {"Lucas Luhr", "Guy Smith", "Jan Magnussen", "Leh Keen"} <= drivers


@pytest.mark.parametrize("form", OTHERS)
def test_same_explaining_notes(form: str, documents: dict[str, Document]) -> None:
    """The prose that turns findings into ``info`` sits under the same headings in every form."""
    notes = {
        "Points were awarded to the top ten cars": ("Championships",),
        "Note: the #11 JDX Racing car won the Mid-Ohio round": (
            "Championships",
            "Team championships",
            "GTC standings",
        ),
        "Drivers in the PC category are allowed to drive for more than one car": (
            "Championships",
            "Driver championships",
            "PC standings",
        ),
    }
    for start, headings in notes.items():
        found = {
            form_name: [(p.text, p.headings) for p in doc.paragraphs if p.text.startswith(start)]
            for form_name, doc in documents.items()
            if form_name in ("text", form)
        }
        assert len(found["text"]) == 1 and found["text"][0][1] == headings
        assert found[form] == found["text"]


# --- the same findings -------------------------------------------------------------------


@pytest.mark.parametrize("form", OTHERS)
def test_every_form_gives_the_same_findings(form: str, audits: dict[str, AuditResult]) -> None:
    text, other = keys(audits["text"]), keys(audits[form])
    assert sum(text.values()) > 20
    assert {"entry-list-unreadable", "entry-rounds", "nationality-conflict"} <= {
        key[0] for key in text
    }
    assert other == text, f"text only:\n{show(text - other)}\n{form} only:\n{show(other - text)}"


@pytest.mark.parametrize("form", FORMS)
def test_entry_list_findings_carry_no_layout_debris(
    form: str, audits: dict[str, AuditResult]
) -> None:
    """A row key is a driver or the row's written cells, never a grid's empty trailing cells."""
    rows = [f.row for f in audits[form].findings if f.table == "Entry list" and f.row is not None]
    assert rows
    for row in rows:
        assert row == row.strip() and not row.endswith("|") and " |  | " not in row, row
    unreadable = {f.row for f in audits[form].findings if f.rule == "entry-list-unreadable"}
    assert {"Scott Tucker", "Mike Hedlund"} <= unreadable


@pytest.mark.parametrize("form", FORMS)
def test_a_flag_of_another_country_is_found_in_every_form(
    form: str, audits: dict[str, AuditResult]
) -> None:
    """Rendered HTML gives the country by name; the finding names countries, not codes."""
    [patterson] = [
        f for f in audits[form].findings
        if f.rule == "nationality-conflict" and f.row == "Mark Patterson"
    ]  # fmt: skip
    assert (patterson.published, patterson.expected) == ("South Africa", "United States")


def test_the_same_findings_at_every_severity_in_every_form(audits: dict[str, AuditResult]) -> None:
    """The figures the issue measured (6/23/30, 6/24/29, 6/11/29) are now one figure."""
    summaries = {form: audits[form].summary for form in FORMS}
    assert summaries["wikitext"] == summaries["text"] == summaries["html"]


# --- one cell broken the same way in each form -------------------------------------------


def edit_cell(text: str, form: str, anchor: str, row_key: str, column: int, value: str) -> str:
    """Replace written cell ``column`` of the first row after ``anchor`` containing ``row_key``.

    Written cells, not grid cells: the chosen rows write all their cells, so the index is
    the same in the three forms.
    """
    start = text.index(anchor)
    at = text.index(row_key, start)
    if form == "text":
        return replace_cell(text, text.count("\n", 0, at) + 1, column, value)
    if form == "wikitext":
        row_start = text.rindex("\n|-\n", 0, at) + 4
        row_end = min(text.index("\n|-", at), text.index("\n|}", at))
        return text[:row_start] + _wiki_row(text[row_start:row_end], column, value) + text[row_end:]
    row_start = text.rindex("<tr>", 0, at)
    row_end = text.index("</tr>", at)
    cells = list(re.finditer(r"(<t[hd][^>]*>)(.*?)(</t[hd]>)", text[row_start:row_end], re.S))
    cell = cells[column]
    begin, end = row_start + cell.start(2), row_start + cell.end(2)
    return text[:begin] + value + "\n" + text[end:]


def _wiki_row(row: str, column: int, value: str) -> str:
    """Cells are lines starting ``|``/``!``; a line may hold several, joined by ``||``."""
    cells: list[tuple[int, int]] = []  # (line number, cell number within the line)
    lines = row.split("\n")
    for number, line in enumerate(lines):
        if line.startswith(("|", "!")):
            cells += [(number, part) for part in range(len(line[1:].split("||")))]
    number, part = cells[column]
    parts = lines[number][1:].split("||")
    attributes = re.match(r'^\s*(?:[a-z]+="[^"]*"\s*)+\|', parts[part])
    parts[part] = (attributes.group(0) if attributes else "") + f" {value} "
    lines[number] = lines[number][0] + "||".join(parts).rstrip()
    return "\n".join(lines)


FLAG_HTML = (
    '<span class="flagicon"><img alt="United States" src="//upload.wikimedia.org/x/'
    'Flag_of_the_United_States.svg" width="23" height="12" class="thumbborder" /></span> '
)
UK_FLAG_HTML = (
    '<span class="flagicon"><img alt="United Kingdom" src="//upload.wikimedia.org/x/'
    'Flag_of_the_United_Kingdom.svg" width="23" height="12" class="thumbborder" /></span> '
)
BREAKS: dict[str, tuple[dict[str, str], str, int, dict[str, str], str, str, str]] = {
    # name: (anchor per form, row key, written column, new value per form, rule, row, column)
    "a total": (
        {"text": "====GTC standings====", "wikitext": "====GTC standings====",
         "html": 'id="GTC_standings"'},
        "Alex Job Racing",
        12,
        {"text": "180", "wikitext": "180", "html": "180"},
        "total-mismatch",
        "Alex Job Racing",
        "Total",
    ),
    "a race value": (
        {"text": "===Driver championships===", "wikitext": "===Driver championships===",
         "html": 'id="Driver_championships"'},
        "Luis Díaz",
        4,
        {"text": "11", "wikitext": "11", "html": "11"},
        "impossible-points",
        "Luis Díaz",
        "LBH",
    ),
    "a winner in results": (
        {"text": "==Results and standings==", "wikitext": "==Results and standings==",
         "html": 'id="Results_and_standings"'},
        "Long Beach",
        2,
        {
            "text": "USA #16 Dyson Racing Team",
            "wikitext": "{{flagicon|USA}} #16 [[Dyson Racing Team]]",
            "html": FLAG_HTML + '#16 <a href="/wiki/Dyson_Racing_Team">Dyson Racing Team</a>',
        },
        "winner-points",
        "Dyson Racing Team",
        "LBH",
    ),
    "a driver's name": (
        {"text": "===Driver championships===", "wikitext": "===Driver championships===",
         "html": 'id="Driver_championships"'},
        "Tom Kimber-Smith",
        1,
        {
            "text": "GBR Tom Kimber-Simth",
            "wikitext": "{{flagicon|GBR}} [[Tom Kimber-Simth]]",
            "html": UK_FLAG_HTML + '<a href="/wiki/Tom_Kimber-Smith">Tom Kimber-Simth</a>',
        },
        "name-drift",
        "Tom Kimber-Simth",
        "Driver",
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def baselines(audits: dict[str, AuditResult]) -> dict[str, Counter[Key]]:
    return {form: keys(result) for form, result in audits.items()}


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_broken_cell_gives_the_same_new_findings(
    name: str, baselines: dict[str, Counter[Key]]
) -> None:
    anchors, row_key, column, values, rule, row, col = BREAKS[name]
    new: dict[str, Counter[Key]] = {}
    for form in FORMS:
        broken = edit_cell(source(form), form, anchors[form], row_key, column, values[form])
        assert broken != source(form)
        result = audit(parse(form, broken))
        new[form] = keys(result) - baselines[form]
        assert any(k[0] == rule and k[3] == row and k[4] == col for k in new[form]), (
            f"{form}: no {rule} at {row}/{col}; new findings:\n{show(new[form])}"
        )
    for form in OTHERS:
        assert new[form] == new["text"], (
            f"{name} in {form}\ntext only:\n{show(new['text'] - new[form])}\n"
            f"{form} only:\n{show(new[form] - new['text'])}"
        )


def test_edit_cell_changes_the_value_it_names() -> None:
    """The helper itself: the edited cell reads back as the new value in every form."""
    for form in FORMS:
        anchors, row_key, column, values, *_ = BREAKS["a total"]
        document = parse(form, edit_cell(source(form), form, anchors[form], row_key, column,
                                         values[form]))  # fmt: skip
        season = read_season(document)[0]
        row = _row(season, "team", "GTC", "Alex Job Racing")
        assert row.total == 180, form


def _row(season: Season, kind: str, cls: str, name: str) -> Any:
    table = next(s for s in season.standings if s.kind == kind and s.cls == cls)
    found = table.row_for(name)
    assert found is not None
    return found
