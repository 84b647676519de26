"""Each table kind has a pandera schema; breaking a column rule yields a located finding."""

from __future__ import annotations

from wikiaudit.validators.findings import Severity

from tests.articles import article, cross, line_of


def _schema(text: str):
    return cross(text, "table-schema")


def test_consistent_article_passes_every_schema(fixture_text):
    assert _schema(article()) == []
    assert _schema(fixture_text) == []


def test_calendar_round_numbered_twice():
    # The calendar's "rounds numbered 1, 2, 3…" check was removed with issue 10 (real
    # calendars skip and renumber rounds): the calendar is not judged for its numbering, but
    # the results' round 2, which the calendar no longer has, is reported where it is written
    text = article(("| 2 | Beta Challenge |", "| 1 | Beta Challenge |"))
    assert [f for f in _schema(text) if f.table == "Calendar"] == []
    results = [f for f in _schema(text) if f.table == "Results"]
    assert {(f.column, f.published) for f in results} == {("Rnd", "2")}
    assert {f.line for f in results} == {line_of(text, "| 2 | Beta |")}


def test_calendar_round_below_one():
    text = article(("| 2 | Beta Challenge |", "| 0 | Beta Challenge |"))
    calendar = [f for f in _schema(text) if f.table == "Calendar"]
    # a warning: every column rule but the points system's order has real exceptions
    assert [(f.column, f.published, f.severity) for f in calendar] == [
        ("Rnd", "0", Severity.WARNING)
    ]
    assert calendar[0].line == line_of(text, "| 0 | Beta Challenge")


def test_calendar_length_the_points_system_cannot_read():
    text = article(("| 2 Hours | Beta Raceway", "| TBA | Beta Raceway"))
    [finding] = _schema(text)
    assert (finding.column, finding.severity) == ("Hours", Severity.WARNING)


def test_points_that_rise_with_position():
    text = article(
        ("| Less than four hours | 20 | 16 | 13 |", "| Less than four hours | 20 | 21 | 13 |")
    )
    [finding] = _schema(text)
    assert finding.row == "Less than four hours" and "do not increase" in finding.message


def test_results_round_not_in_calendar():
    text = article(("| 3 | Gamma | USA #1", "| 4 | Gamma | USA #1"))
    findings = [f for f in _schema(text) if f.column == "Rnd"]
    assert findings and findings[0].published == "4"
    assert findings[0].line == line_of(text, "| 4 | Gamma")


def test_results_car_number_that_is_not_a_number():
    text = article(("USA #8 Gold Racing", "USA #8x Gold Racing"))
    assert [f.column for f in _schema(text)] == ["Car"]


def test_entry_rounds_outside_the_calendar():
    text = article(("| USA Jack Jones | All |", "| USA Jack Jones | 2, 7 |"))
    [finding] = _schema(text)
    assert (finding.column, finding.published, finding.row) == ("Last", "7", "Jack Jones")


def test_driver_listed_twice_in_one_standings_table():
    text = article(
        (
            "| USA Dora Dunn | USA Blue Motorsport | 16 |",
            "| USA Carl Cole | USA Blue Motorsport | 16 |",
        )
    )
    findings = [f for f in _schema(text) if f.column == "Name"]
    assert len(findings) == 2 and {f.row for f in findings} == {"Carl Cole"}
    # a warning: some tables list a driver once per team he drove for
    assert all(f.severity is Severity.WARNING for f in findings)
