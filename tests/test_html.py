"""The rendered-HTML scraper: hand-written snippets, then the real pages in ../shared/real/wtq."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.html import parse_html
from wikiaudit.scraper.model import Document, Name, Table

from tests.helpers import load_bench

FLAG = (
    '<span class="flagicon"><a href="//en.wikipedia.org/wiki/{title}" title="{title}">'
    '<img alt="{alt}" src="//upload.wikimedia.org/wikipedia/commons/thumb/b/ba/'
    'Flag_of_{file}.svg/23px-Flag_of_{file}.svg.png" width="23"/></a></span>'
)


def flag(alt: str, file: str | None = None, title: str | None = None) -> str:
    return FLAG.format(alt=alt, file=file or alt.replace(" ", "_"), title=title or alt)


def table(body: str, attrs: str = 'class="wikitable"') -> str:
    return f"<table {attrs}>\n{body}\n</table>"


def only_table(html: str) -> Table:
    document = parse_html(html)
    assert len(document.tables) == 1
    return document.tables[0]


def one_cell(cell_html: str):
    return only_table(table(f"<tr><td>{cell_html}</td></tr>")).rows[0].cells[0]


# --- structure ----------------------------------------------------------------------------


def test_rows_cells_header_and_lines():
    html = (
        "<p>intro</p>\n"
        '<table class="wikitable sortable">\n'
        "<tr>\n<th>Pos</th>\n<th>Driver</th>\n</tr>\n"
        "<tr>\n<th>1</th>\n<td>Jim Clark</td>\n</tr>\n"
        "</table>"
    )
    document = parse_html(html, "page.html")
    assert document.source == "page.html"
    (result,) = document.tables
    assert (result.index, result.source, result.line) == (0, "html", 2)
    assert [row.texts for row in result.rows] == [["Pos", "Driver"], ["1", "Jim Clark"]]
    assert [row.is_header for row in result.rows] == [True, False]
    assert [row.line for row in result.rows] == [3, 7]
    assert [cell.line for cell in result.rows[1].cells] == [8, 9]
    assert "header" in result.rows[1].cells[0].flags
    assert "header" not in result.rows[1].cells[1].flags


def test_only_wikitables_are_extracted():
    html = table("<tr><td>layout</td></tr>", 'class="infobox"') + table("<tr><td>x</td></tr>")
    assert [t.rows[0].texts for t in parse_html(html).tables] == [["x"]]


def test_rowspan_and_colspan_expand_with_spanned_copies():
    result = only_table(
        table(
            '<tr><th colspan="2">Race</th><th rowspan="2">Pts</th></tr>'
            "<tr><th>R1</th><th>R2</th></tr>"
            '<tr><td rowspan="2">1</td><td>2</td><td>45</td></tr>'
            "<tr><td>3</td><td>40</td></tr>"
        )
    )
    assert [row.texts for row in result.rows] == [
        ["Race", "Race", "Pts"],
        ["R1", "R2", "Pts"],
        ["1", "2", "45"],
        ["1", "3", "40"],
    ]
    assert "spanned" in result.rows[0].cells[1].flags
    assert "spanned" in result.rows[3].cells[0].flags
    assert "spanned" not in result.rows[2].cells[0].flags
    assert [row.is_header for row in result.rows] == [True, True, False, False]


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ('rowspan="x"', [["a", "b"], ["c", "d"]]),
        ('colspan="0"', [["a", "b"], ["c", "d"]]),
        ('rowspan="2px"', [["a", "b"], ["a", "c"]]),
    ],
)
def test_malformed_spans_are_read_like_browsers_and_reported(attrs, expected):
    document = parse_html(
        table(f"<tr><td {attrs}>a</td><td>b</td></tr>\n<tr><td>c</td><td>d</td></tr>")
    )
    assert [row.texts[:2] for row in document.tables[0].rows] == expected
    (issue,) = document.issues
    assert (issue.rule, issue.table_index, issue.line) == ("malformed-span", 0, 2)


def test_rowspan_past_the_last_row_is_cut_and_reported():
    document = parse_html(table('<tr><td rowspan="5">a</td><td>b</td></tr><tr><td>c</td></tr>'))
    assert [row.texts for row in document.tables[0].rows] == [["a", "b"], ["a", "c"]]
    assert [issue.rule for issue in document.issues] == ["malformed-span"]


def test_short_rows_are_padded():
    result = only_table(table("<tr><th>A</th><th>B</th><th>C</th></tr><tr><td>1</td></tr>"))
    assert result.rows[1].texts == ["1", "", ""]
    assert "padding" in result.rows[1].cells[2].flags


def test_sections_and_tfoot_last():
    result = only_table(
        table(
            "<thead><tr><th>H</th></tr></thead>"
            "<tfoot><tr><td>foot</td></tr></tfoot>"
            "<tbody><tr><td>body</td></tr></tbody>"
        )
    )
    assert [row.texts for row in result.rows] == [["H"], ["body"], ["foot"]]


def test_cells_outside_a_row_form_an_implied_row():
    result = only_table('<table class="wikitable"><td>a</td><td>b</td></table>')
    assert [row.texts for row in result.rows] == [["a", "b"]]


def test_nested_wikitable_is_its_own_table_and_does_not_leak():
    html = table(
        "<tr><th>Drivers</th><th>Key</th></tr>\n<tr><td>outer"
        + table("<tr><td>inner 1</td></tr><tr><td>inner 2</td></tr>")
        + "</td><td>k</td></tr>"
    )
    outer, inner = parse_html(html).tables
    assert [row.texts for row in outer.rows] == [["Drivers", "Key"], ["outer", "k"]]
    assert [row.texts for row in inner.rows] == [["inner 1"], ["inner 2"]]
    assert (outer.index, inner.index) == (0, 1)


def test_nested_table_in_a_layout_table_is_found():
    html = table("<tr><td>" + table("<tr><td>x</td></tr>") + "</td></tr>", 'class="layout"')
    assert [t.rows[0].texts for t in parse_html(html).tables] == [["x"]]


# --- headings, captions, paragraphs -------------------------------------------------------


def test_heading_path_caption_and_title():
    html = (
        '<h1 id="firstHeading">2012 Formula One season</h1>\n'
        '<h2><span class="mw-headline" id="Results">Results</span>'
        '<span class="mw-editsection">[edit]</span></h2>\n'
        '<h3><span class="mw-headline">Drivers\' standings</span></h3>\n'
        + table("<caption>Final <sup>[1]</sup>standings</caption><tr><td>x</td></tr>")
        + "\n<h3>Constructors</h3>\n"
        + table("<tr><td>y</td></tr>")
        + "\n<h2>Notes</h2>\n"
        + table("<tr><td>z</td></tr>")
    )
    document = parse_html(html)
    assert document.title == "2012 Formula One season"
    assert [t.headings for t in document.tables] == [
        ("Results", "Drivers' standings"),
        ("Results", "Constructors"),
        ("Notes",),
    ]
    assert document.tables[0].caption == "Final standings"
    assert document.tables[1].caption is None
    assert document.tables[0].title == "Results > Drivers' standings (Final standings)"


def test_paragraphs_outside_tables():
    html = (
        '<h2>Season</h2>\n<p>Vettel  won&nbsp;the title.<sup class="reference">[3]</sup></p>\n'
        + table("<tr><td><p>inside</p></td></tr>")
        + "\n<p>  </p>"
    )
    (paragraph,) = parse_html(html).paragraphs
    assert (paragraph.text, paragraph.headings, paragraph.line) == (
        "Vettel won the title.",
        ("Season",),
        2,
    )


# --- cell reduction -----------------------------------------------------------------------


def test_flag_gives_nationality_and_is_not_text():
    cell = one_cell(flag("Germany") + ' <a href="/wiki/Lucas_Luhr">Lucas Luhr</a>')
    assert cell.text == "Lucas Luhr"
    assert cell.names == (Name("Lucas Luhr", "DEU"),)
    assert cell.nationality == "DEU"


@pytest.mark.parametrize(
    ("flag_html", "expected"),
    [
        (flag("GER", "Germany"), "GER"),
        (flag("", "the_United_Kingdom", title=""), "GBR"),
        (flag("West Germany", "Germany"), "DEU"),
        (flag("England"), "ENG"),
        (flag("Republic of Ireland", "Ireland"), "IRL"),
        (flag("Serbia and Montenegro"), "SCG"),
        (flag("Narnia"), "Narnia"),
        ('<img alt="" src="/x/23px-Flag_of_Brazil.svg.png"/>', "BRA"),
    ],
)
def test_flag_labels_map_to_codes(flag_html, expected):
    assert one_cell(flag_html + " Name").nationality == expected


def test_several_flagged_names():
    cell = one_cell(
        flag("Germany") + " Timo Bernhard<br/>" + flag("France") + " Romain Dumas / "
        "" + flag("Australia") + " Mark Webber"
    )
    assert cell.names == (
        Name("Timo Bernhard", "DEU"),
        Name("Romain Dumas", "FRA"),
        Name("Mark Webber", "AUS"),
    )
    assert cell.text == "Timo Bernhard / Romain Dumas / Mark Webber"


def test_flag_alone_on_a_line_joins_the_name():
    cell = one_cell(flag("Japan") + "<br/>Kamui Kobayashi")
    assert cell.names == (Name("Kamui Kobayashi", "JPN"),)


def test_flagathlete_code_is_not_part_of_the_name():
    cell = one_cell(flag("Germany") + ' Lucas Luhr <span style="font-size:90%;">(GER)</span>')
    assert cell.names == (Name("Lucas Luhr", "DEU"),)


def test_unflagged_lines_read_as_one_name():
    cell = one_cell("Climax FWMV 1.5 V8<br/>Climax FPF 1.5 L4")
    assert cell.text == "Climax FWMV 1.5 V8 Climax FPF 1.5 L4"
    assert cell.names == (Name("Climax FWMV 1.5 V8 Climax FPF 1.5 L4"),)


def test_blank_cell_has_no_names():
    assert one_cell(" &nbsp; ").names == ()


@pytest.mark.parametrize(
    ("cell_html", "text", "notes"),
    [
        (
            '12<sup class="reference" id="cite_ref-1"><a href="#cite_note-1">'
            "<span>[</span>1<span>]</span></a></sup>",
            "12",
            ("[1]",),
        ),
        ("Ret<sup>†</sup>", "Ret", ("†",)),
        ("12†", "12", ("†",)),
        ("79th Indianapolis 500*", "79th Indianapolis 500", ("*",)),
        ("*", "*", ()),
        ("1<sup>P</sup>", "1", ("P",)),
    ],
)
def test_footnotes_go_to_notes(cell_html, text, notes):
    cell = one_cell(cell_html)
    assert (cell.text, cell.notes) == (text, notes)


@pytest.mark.parametrize(
    ("cell_html", "flags"),
    [
        ("<b>1</b>", {"bold"}),
        ("<strong> 1 </strong>", {"bold"}),
        ("<i>2</i>", {"italic"}),
        ("<em>2</em>", {"italic"}),
        ("<b><i>1</i></b>", {"bold", "italic"}),
        ("<b>1</b><sup>†</sup>", {"bold"}),
        ("<b>1</b>†", {"bold"}),
        ("<b>1</b> 2", set()),
        ("3", set()),
    ],
)
def test_bold_and_italic_when_they_wrap_the_value(cell_html, flags):
    assert one_cell(cell_html).flags == frozenset(flags)


def test_background_attributes_are_kept():
    result = only_table(
        table(
            '<tr><td bgcolor="#FFFFBF" align="center">1</td>'
            '<td style="background:#DFDFDF;">2</td><td>3</td></tr>'
        )
    )
    first, second, third = result.rows[0].cells
    assert first.attrs == (("bgcolor", "#FFFFBF"), ("align", "center"))
    assert second.attr("style") == "background:#DFDFDF;"
    assert third.attrs == ()


def test_sort_keys_and_hidden_content_are_dropped():
    cell = one_cell(
        '<span class="sortkey">Clark, Jim</span><span class="vcard">Jim Clark</span>'
        '<span style="display: none">!</span><span style="DISPLAY:NONE;color:red">?</span>'
    )
    assert cell.text == "Jim Clark"


def test_whitespace_collapses_and_nbsp_is_a_space():
    assert one_cell("  Phil\n\tHill&nbsp;Jr.\xa0 ").text == "Phil Hill Jr."


def test_scripts_styles_and_comments_are_not_text():
    cell = one_cell("<script>var x = '<td>';</script><style>p{}</style><!-- c -->Monza")
    assert cell.text == "Monza"


# --- robustness ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\x00", "not html at all", "<table>", "<?xml?>"])
def test_degenerate_input_gives_an_empty_document(text):
    document = parse_html(text)
    assert isinstance(document, Document)
    assert document.tables == []


def test_non_text_input_is_an_input_error():
    with pytest.raises(InputError):
        parse_html(b"<table></table>")  # type: ignore[arg-type]


def test_lone_surrogate_is_replaced():
    assert one_cell("a\ud800b").text == "a\ufffdb"


def test_deep_nesting_does_not_overflow_and_lines_degrade_gracefully():
    html = table("<tr><td>" + "<div><sup>" * 3000 + "x" + "</sup></div>" * 3000 + "</td></tr>")
    document = parse_html(html)
    assert document.tables[0].rows[0].cells[0].notes == ("x",)
    # libxml2 builds a tree only 256 deep, so lxml's tree (the source of line numbers) is cut
    assert [(issue.rule, issue.line) for issue in document.issues] == [("parse-issue", 0)]
    assert document.tables[0].line == 0


_FRAGMENTS = st.sampled_from(
    [
        '<table class="wikitable">',
        "<tr>",
        "<td>",
        '<th rowspan="2">',
        '<td colspan="x">',
        '<td rowspan="0">',
        "</td>",
        "</tr>",
        "</table>",
        "<thead>",
        "<tfoot>",
        "<caption>",
        "<h2>",
        "</h2>",
        "<p>",
        "<b>",
        "<i>",
        "<sup>",
        '<span class="flagicon"><img alt="Germany"/></span>',
        '<span class="sortkey">',
        "</span>",
        "<br>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "text",
        "†",
        "&nbsp;",
        "\n",
        "\x00",
        "<![CDATA[",
        "<?xml ?>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5)), max_size=40))
def test_arbitrary_input_never_raises(fragments):
    document = parse_html("".join(fragments))
    for result in document.tables:
        assert len({len(row.cells) for row in result.rows}) <= 1


# --- real pages ---------------------------------------------------------------------------


def test_every_real_wikitable_extracts(wtq_pages, real_documents):
    for page in wtq_pages:
        text = page.read_text(encoding="utf-8")
        document = real_documents(page)
        expected = len(BeautifulSoup(text, "lxml").select("table.wikitable"))
        assert len(document.tables) == expected, page.name
        assert document.paragraphs, page.name
        for result in document.tables:
            assert result.line > 0 and result.rows, (page.name, result.index)
            assert len({len(row.cells) for row in result.rows}) == 1
            assert all(row.line > 0 for row in result.rows)
            assert result.headings, (page.name, result.index)


def test_real_page_details(real_dir, real_documents):
    page = real_dir / "wtq" / "wtq_1989_Formula_One_season_oldid601524759.page.html"
    if not page.exists():
        pytest.skip("1989 page absent")
    standings = real_documents(page).tables[2]
    assert standings.headings == ("1989 Drivers Championship final standings",)
    prost = standings.rows[1]
    assert prost.texts[:3] == ["1", "Alain Prost", "2"]
    assert prost.cells[1].nationality == "FRA"
    assert prost.cells[2].attr("bgcolor") == "#DFDFDF"
    assert "italic" in prost.cells[3].flags


def test_agreement_with_wikitablequestions(real_dir, wtq_pages, real_documents):
    bench = load_bench("wtq_agreement")
    results = bench.compare_all(real_dir / "wtq", real_documents)
    assert len(results) == len(list((real_dir / "wtq").glob("*.page.html")))
    # measured on the 47 pages: 1154/1177 rows agree (98.0 %), 1135 (96.4 %) identical as is
    assert bench.overall_rate(results) >= 0.97
    same = sum(r.same for r in results) / sum(r.rows for r in results)
    assert same >= 0.95
    # Three race pages differ by conventions of the data set the bench does not model yet:
    # it drops a column of flags with no text (Bavaria's "Nat"), keeps superscript footnote
    # digits in names and a full-width statistics row (2011 Indianapolis 500), and merges a
    # class row under the header into the header (1974 Rallye de Portugal).
    known = {
        "wtq_2007_Bavaria_Champ_Car_Grand_Prix_oldid563374896",
        "wtq_2011_Indianapolis_500_oldid598794932",
        "wtq_1974_Rallye_de_Portugal_oldid551576311",
    }
    low = {r.page for r in results if r.rate < 0.95}
    assert low <= known, low


def test_list_items_outside_tables_are_prose() -> None:
    html = (
        "<h2><span class='mw-headline'>News</span></h2>"
        "<ul><li>Team A joins.</li><li><p>Team B leaves.</p></li></ul>"
        "<table class='wikitable'><tr><td><ul><li>in a table</li></ul></td></tr></table>"
    )
    document = parse_html(html)
    assert [(p.text, p.headings) for p in document.paragraphs] == [
        ("Team A joins.", ("News",)),
        ("Team B leaves.", ("News",)),
    ]
