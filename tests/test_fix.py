"""``--fix``: certain corrections only, located exactly, shown as a diff."""

from __future__ import annotations

from pathlib import Path

from tests.articles import EXAMPLE_HEAD
from tests.helpers import CORE, LUHR
from wikiaudit.cli import main
from wikiaudit.pipeline import audit_document, load_file


def rules(path: Path) -> list[tuple[str, str | None]]:
    return [(f.rule, f.row) for f in audit_document(load_file(path)).findings]


def test_fix_writes_a_corrected_copy_and_prints_the_diff(tmp_path, capsys, broken, fixture_text):
    output = tmp_path / "fixed.txt"
    before = broken.read_bytes()

    status = main([str(broken), "--fix", "--output", str(output), "--fail-on", "never"])

    captured = capsys.readouterr()
    assert status == 0
    assert captured.out.splitlines()[:2] == [f"--- {broken}", f"+++ {output}"]
    changed = [line for line in captured.out.splitlines() if line[:1] in "+-"][2:]
    assert changed == [f"-{CORE}207 |", f"+{CORE}206 |"]
    assert "1 fix written to" in captured.err
    assert broken.read_bytes() == before  # never in place unless asked
    assert output.read_text(encoding="utf-8") == fixture_text
    assert ("total-mismatch", "CORE Autosport") not in rules(output)


def test_dry_run_writes_nothing(tmp_path, capsys, broken):
    assert main([str(broken), "--fix", "--fail-on", "never"]) == 0
    captured = capsys.readouterr()
    assert f"+{CORE}206 |" in captured.out
    assert "dry run" in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.txt"]


def test_in_place(capsys, broken, fixture_text):
    assert main([str(broken), "--fix", "--in-place", "--fail-on", "never"]) == 0
    capsys.readouterr()
    assert broken.read_text() == fixture_text


def test_tied_row_with_a_spanned_copy_is_fixed_in_the_right_cell(tmp_path, capsys, fixture_text):
    assert fixture_text.count(LUHR + "195 | |") == 1
    path = tmp_path / "tied.txt"
    path.write_text(fixture_text.replace(LUHR + "195 | |", LUHR + "159 | |"))
    document = load_file(path)
    row = next(r for t in document.tables for r in t.rows if r.cells[1].text == "Lucas Luhr")
    assert "spanned" in row.cells[0].flags  # the scraper shifted this row by one

    assert main([str(path), "--fix", "-o", str(tmp_path / "out.txt"), "--fail-on", "never"]) == 0
    out = capsys.readouterr().out
    assert f"-{LUHR}159 | |" in out and f"+{LUHR}195 | |" in out
    assert ("total-mismatch", "Lucas Luhr") not in rules(tmp_path / "out.txt")


def test_uncertain_totals_are_never_rewritten(tmp_path, capsys, fixture_text):
    # 17 is not a value the points system gives: the sum is no certain correction.
    corvette = "| 1 | USA Corvette Racing | Chevrolet Corvette C6.R | Chevrolet 5.5 L V8 | 20 | 20 | 22 | 16 |"  # noqa: E501
    path = tmp_path / "uncertain.txt"
    path.write_text(fixture_text.replace(corvette, corvette[:-4] + "17 |"))
    assert ("total-mismatch", "Corvette Racing") in rules(path)

    assert main([str(path), "--fix", "-o", str(tmp_path / "out.txt")]) == 1  # still wrong
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no finding has a certain fix" in captured.err
    assert not (tmp_path / "out.txt").exists()


def test_a_value_that_is_not_exactly_published_is_left_alone(tmp_path, capsys, fixture_text):
    path = tmp_path / "note.txt"
    path.write_text(fixture_text.replace(CORE + "206 |", CORE + "207† |"))
    finding = next(f for f in audit_document(load_file(path)).findings if f.fix)
    assert finding.published == "207"

    assert main([str(path), "--fix", "-o", str(tmp_path / "out.txt")]) == 1
    err = capsys.readouterr().err
    assert "reads '207†', not exactly '207'" in err
    assert not (tmp_path / "out.txt").exists()


#: The invented "2099 Example Series" with sixteen teams; Alpha's and Beta's totals (one on the
#: row's line, one on a line of its own) and Gamma's bold one are each one too many. Three
#: wrong rows of sixteen leave the sums a reading that fits (at least 80 % of the rows), so the
#: three are errors and the two written plainly can be fixed.
WIKITEXT = (
    EXAMPLE_HEAD
    + """\
|-
| 1 || {{flagicon|USA}} [[Alpha Racing|Alpha]] || 20 || 22 || 43
|-
| 2 || {{flagicon|GBR}} Beta Motorsport
| 16
| 18
| style="text-align:center" | 35
|-
| 3 || {{flagicon|DEU}} Gamma Team || 13 || 15 || '''29'''
|-
| 4 || {{flagicon|FRA}} Delta Course || 10 || 15 || 25
|-
| 5 || {{flagicon|ITA}} Epsilon Corse || 10 || 12 || 22
|-
| 6 || {{flagicon|ESP}} Zeta Equipo || 8 || 12 || 20
|-
| 7 || {{flagicon|NLD}} Eta Racing || 8 || 10 || 18
|-
| 8 || {{flagicon|AUT}} Iota Racing || 0 || 18 || 18
|-
| 9 || {{flagicon|SUI}} Kappa Team || 16 || 0 || 16
|-
| 10 || {{flagicon|POR}} Lambda Corse || 0 || 15 || 15
|-
| 11 || {{flagicon|SWE}} Mu Motorsport || 13 || 0 || 13
|-
| 12 || {{flagicon|NOR}} Nu Racing || 0 || 12 || 12
|-
| 13 || {{flagicon|DEN}} Xi Team || 10 || 0 || 10
|-
| 14 || {{flagicon|FIN}} Omicron Corse || 0 || 10 || 10
|-
| 15 || {{flagicon|POL}} Pi Racing || 0 || 10 || 10
|-
| 16 || {{flagicon|BEL}} Theta Team || 8 || 0 || 8
|}
"""
)


def test_wikitext_cells_on_one_line_and_on_their_own_lines(tmp_path, capsys):
    source = tmp_path / "article.wiki"
    source.write_text(WIKITEXT)
    output = tmp_path / "fixed.wiki"

    status = main([str(source), "--fix", "--output", str(output)])

    captured = capsys.readouterr()
    assert status == 1  # Gamma's bold total is still wrong: it was not rewritten
    changed = [line for line in captured.out.splitlines() if line[:1] in "+-"][2:]
    assert changed == [
        "-| 1 || {{flagicon|USA}} [[Alpha Racing|Alpha]] || 20 || 22 || 43",
        "+| 1 || {{flagicon|USA}} [[Alpha Racing|Alpha]] || 20 || 22 || 42",
        '-| style="text-align:center" | 35',
        '+| style="text-align:center" | 34',
    ]
    assert "reads \"'''29'''\", not exactly '29'" in captured.err
    assert [r for r in rules(output) if r[0] == "total-mismatch"] == [
        ("total-mismatch", "Gamma Team")
    ]


def test_wikitext_span_parsing():
    from wikiaudit.fix import _wikitext_cell_spans

    line = '| a || {{x|y||z}} || style="c" | [[p|q]] ||  7 '
    assert [line[s:e] for s, e in _wikitext_cell_spans(line)] == [
        "a",
        "{{x|y||z}}",
        "[[p|q]]",
        "7",
    ]
    assert _wikitext_cell_spans("|-") is None
    assert _wikitext_cell_spans("plain prose") is None


def test_html_cannot_be_fixed(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><table><tr><th>Pos</th><th>Total</th></tr>"
        "<tr><td>1</td><td>5</td></tr></table></body></html>"
    )
    status = main([str(page), "--fix", "--form", "html"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert "--fix rewrites wikitext or flattened text, not html" in err
