"""Hand-built audit results for the report tests: small, but with every case a renderer meets.

Built by hand rather than by running the audit so the report tests pin the renderers alone:
a change in a check must not make a report test fail. The hostile strings are what a vandal
could type into a table cell; they try to leave a trace (a page title, a body attribute, an
element) that the browser test looks for.
"""

from __future__ import annotations

from wikiaudit.scraper.model import Cell, Document, Name, Row, Table
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.findings import Finding, Severity

SCRIPT_PAYLOAD = "<script>document.title='pwned';document.body.id='pwned'</script>"
IMG_PAYLOAD = "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
PIPE_TEXT = "12 | 13"
TEMPLATE_TEXT = "{{flagicon|GER}} [[Jörg Bergmeister]] ~~~~ '''bold'''"
NON_ASCII = "Jörg Bergmeister"
CONTROL_TEXT = "bad\x00byte\x1b"


def _row(line: int, *texts: str, header: bool = False) -> Row:
    flags = frozenset({"header"}) if header else frozenset()
    return Row([Cell(text, flags=flags, line=line) for text in texts], line=line, is_header=header)


def standings_table(index: int = 1) -> Table:
    rows = [
        _row(40, "Pos", "Driver", "SEB", "LBH", "LS", "Points", header=True),
        _row(41, "1", "Lucas Luhr", "1", "2", "1", "86"),
        _row(42, "2", SCRIPT_PAYLOAD, IMG_PAYLOAD, "2", "1", "85"),
        _row(43, "3", NON_ASCII, PIPE_TEXT, "3", "Ret", "40"),
    ]
    rows[1].cells[1] = Cell("Lucas Luhr", names=(Name("Lucas Luhr", "DEU"),), line=41)
    rows[1].cells[2] = Cell(
        "1", flags=frozenset({"bold"}), line=41, attrs=(("bgcolor", "#FFFFBF"),)
    )
    rows[3].cells[5] = Cell("40", notes=("†",), line=43)
    return Table(index, ("Results", "Drivers' championship"), rows, line=40)


def calendar_table() -> Table:
    rows = [
        _row(10, "Rnd", "Circuit", header=True),
        _row(11, "1", "Sebring"),
        _row(12, "2", "Nürburgring"),
    ]
    return Table(1, ("Calendar",), rows, line=10)


def unknown_table() -> Table:
    rows = [_row(60, "Team", "Car", header=True), _row(61, "Muscle Milk", "HPD ARX-03a")]
    return Table(2, ("Entry list",), rows, line=60, caption="P1")


def findings(standings: Table) -> list[Finding]:
    title, index = standings.title, standings.index
    return [
        Finding(
            rule="total-mismatch",
            severity=Severity.ERROR,
            message="Lucas Luhr: total 86 is not the sum of the row (85)",
            table=title,
            row="Lucas Luhr",
            column="Points",
            published="86",
            expected="85",
            line=41,
            table_index=index,
            cell=(1, 5),
            fix="85",
        ),
        Finding(
            rule="impossible-points",
            severity=Severity.WARNING,
            message=f"{IMG_PAYLOAD} is not a value the points system can give",
            table=title,
            row=SCRIPT_PAYLOAD,
            column="SEB",
            published=IMG_PAYLOAD,
            expected=TEMPLATE_TEXT,
            line=42,
            table_index=index,
            cell=(2, 2),
        ),
        Finding(
            rule="winner-points",
            severity=Severity.INFO,
            message=f"{NON_ASCII}: value {PIPE_TEXT} in SEB",
            table=title,
            row=NON_ASCII,
            column="SEB",
            published=PIPE_TEXT,
            expected="12",
            line=43,
            table_index=index,
            cell=(3, 2),
            explanation="Points were halved at Sebring | see {{cite}} <b>note</b>",
            explanation_line=70,
        ),
        Finding(
            rule="rounds-vs-calendar",
            severity=Severity.WARNING,
            message="the table has 3 rounds, the calendar has 2",
            table=title,
            line=40,
            table_index=index,
        ),
        Finding(
            rule="parse-issue",
            severity=Severity.INFO,
            message=f"unclosed table near {CONTROL_TEXT} and {SCRIPT_PAYLOAD}",
            line=99,
        ),
    ]


def sample_result(source: str = "fixtures/2012 season.txt") -> AuditResult:
    standings = standings_table()
    document = Document(
        source=source,
        title="2012 American Le Mans Series",
        tables=[calendar_table(), standings, unknown_table()],
    )
    return AuditResult(
        source=source,
        document=document,
        findings=findings(standings),
        unclassified=[unknown_table().title],
        skipped=["points-value and winner checks: the article has no points-system table"],
    )


def empty_result() -> AuditResult:
    return AuditResult(
        source="https://en.wikipedia.org/wiki/X", document=Document("x"), findings=[]
    )
