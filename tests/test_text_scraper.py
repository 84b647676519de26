"""The flattened-text scraper on the real fixture and on small hand-written articles."""

from __future__ import annotations

from wikiaudit.scraper.text import parse_text, split_names


def test_fixture_tables_have_heading_paths_and_lines(fixture_text: str) -> None:
    document = parse_text(fixture_text, "2012.txt")
    titles = [table.title for table in document.tables]
    assert document.title == "2012 American Le Mans Series"
    assert len(document.tables) == 14
    assert titles[0] == "Calendar"
    assert "Championships > Team championships > GTC standings" in titles
    assert "Championships > Driver championships > GTC standings" in titles
    gtc_teams = document.tables[titles.index("Championships > Team championships > GTC standings")]
    assert [row.line for row in gtc_teams.rows] == list(range(326, 334))


def test_every_row_keeps_its_source_line(fixture_text: str) -> None:
    lines = fixture_text.split("\n")
    for table in parse_text(fixture_text).tables:
        for row in table.rows:
            assert lines[row.line - 1].lstrip().startswith("|")


def test_tied_row_gets_its_position_back() -> None:
    text = "\n".join(
        [
            "| Pos | Driver | Team | R1 | Total |",
            "| 1 | DEU Klaus Graf | USA Muscle Milk | 20 | 20 |",
            "| DEU Lucas Luhr | USA Muscle Milk | 20 | 20 | |",
            "| 2 | GBR Guy Smith | USA Dyson | 16 | 16 |",
        ]
    )
    table = parse_text(text).tables[0]
    tied = table.rows[2]
    assert [cell.text for cell in tied.cells] == ["1", "Lucas Luhr", "Muscle Milk", "20", "20"]
    assert "spanned" in tied.cells[0].flags
    assert "spanned" not in table.rows[3].cells[0].flags


def test_a_row_with_a_blank_last_cell_but_no_tie_is_left_alone() -> None:
    text = "| Pos | Driver | R1 | Total |\n| 1 | USA A B | 20 | 20 |\n| 2 | USA C D | | |"
    row = parse_text(text).tables[0].rows[2]
    assert [cell.text for cell in row.cells] == ["2", "C D", "", ""]


def test_a_retirement_row_of_a_race_classification_is_not_a_lost_tie() -> None:
    """``| Ret | 2 | Logan Sargeant | … | 20 | |``: a retirement has no points to print; its
    first cell is its result, so nothing is shifted and no position is copied onto it."""
    text = "\n".join(
        [
            "| Pos | No. | Driver | Laps | Grid | Points |",
            "| 19 | 24 | CHN Zhou Guanyu | 70 | 18 | |",
            "| Ret | 2 | USA Logan Sargeant | 45 | 20 | |",
            "| DSQ | 3 | AUS Daniel Ricciardo | 71 | 16 | |",
        ]
    )
    rows = parse_text(text).tables[0].rows
    assert [cell.text for cell in rows[2].cells] == ["Ret", "2", "Logan Sargeant", "45", "20", ""]
    assert [cell.text for cell in rows[3].cells][:2] == ["DSQ", "3"]


def test_layout_debris_and_legend_are_not_rows() -> None:
    text = "\n".join(
        [
            "| Pos | Driver | R1 | Total |",
            "| 1 | USA A B | 20 | 20 |",
            '|valign="top"|',
            "",
            "Bold - Pole position",
            "|}",
        ]
    )
    document = parse_text(text)
    assert len(document.tables) == 1
    assert len(document.tables[0].rows) == 2
    assert [p.text for p in document.paragraphs] == ["Bold - Pole position"]


def test_nationality_codes_split_names() -> None:
    names = split_names("USA Performance Tech Motorsports USA RSR Racing")
    assert [(n.text, n.nationality) for n in names] == [
        ("Performance Tech Motorsports", "USA"),
        ("RSR Racing", "USA"),
    ]
    three = split_names("VEN E. J. Viso VEN Alex Popow USA Burt Frisselle")
    assert [n.text for n in three] == ["E. J. Viso", "Alex Popow", "Burt Frisselle"]


def test_team_names_that_look_like_codes_are_not_codes() -> None:
    assert [(n.text, n.nationality) for n in split_names("USA TRG")] == [("TRG", "USA")]
    assert [(n.text, n.nationality) for n in split_names("USA BMW Team RLL")] == [
        ("BMW Team RLL", "USA")
    ]
    assert split_names("BMW M3 GT2")[0].nationality is None


def test_ioc_and_nonstandard_codes_are_codes() -> None:
    for code in ("GER", "NED", "DEN", "SUI", "RSA", "POR", "IRE", "PUR"):
        assert split_names(f"{code} Some Driver")[0].nationality == code


def test_footnote_markers_are_kept_apart_from_the_value() -> None:
    cell = parse_text("| Pos | R1 | Total |\n| 1 | 12† | 12 |").tables[0].rows[1].cells[1]
    assert cell.text == "12"
    assert cell.notes == ("†",)


def test_prose_keeps_its_heading_path_and_line(fixture_text: str) -> None:
    document = parse_text(fixture_text)
    note = next(p for p in document.paragraphs if p.text.startswith("Note: the #11 JDX"))
    assert note.line == 335
    assert note.headings == ("Championships", "Team championships", "GTC standings")
