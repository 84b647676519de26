"""``audit worklist``: ranking, worst findings, links, and each format's safety."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from wikiaudit.cli import main
from wikiaudit.store import PageRecord, Store, StoredFinding

HOSTILE = "2099 <script>alert(1)</script> & \u202eSeries"


def finding(
    severity: str, line: int, rule: str = "total-mismatch", row: str = "A"
) -> StoredFinding:
    return StoredFinding(
        rule, severity, "Drivers", row, "Total", "19", "18", line, f"{rule} at {line}"
    )


def page(
    title: str, errors: int, warnings: int, status: str = "audited", **extra: object
) -> PageRecord:
    return PageRecord(
        title,
        100 + errors,
        "2099-07-01T10:00:00+00:00",
        "w.xml",
        "2099-07-02T00:00:00+00:00",
        status,
        errors,
        warnings,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "wiki.sqlite"
    with Store(path) as store:
        store.save(page("Clean", 0, 0, infos=3), [finding("info", 1, "table-read")])
        store.save(
            page("Two errors", 2, 0, infos=1),
            [finding("info", 1, "table-read"), finding("error", 30), finding("error", 20, row="B")],
        )
        store.save(page("Warned", 0, 4), [finding("warning", n, "name-drift") for n in range(4)])
        store.save(
            page(HOSTILE, 2, 1),
            [finding("error", 5, row="<b>x</b>"), finding("warning", 2), finding("error", 9)],
        )
        store.save(page("Unread", 0, 0, "unchecked", message="no season table could be checked"))
        store.save(page("=cmd|' /C calc'!A0", 0, 0, "failed", message="-internal error"))
    return path


def worklist(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    assert main(["worklist", "--db", str(db), *args]) == 0
    return capsys.readouterr().out


def test_ranked_by_errors_then_warnings_with_the_worst_findings_first(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(worklist(capsys, db, "-f", "json"))
    ranked = [(p["rank"], p["title"], p["errors"], p["warnings"]) for p in data["pages"]]
    assert ranked == [(1, HOSTILE, 2, 1), (2, "Two errors", 2, 0), (3, "Warned", 0, 4)]
    assert data["summary"] == {"stored": 6, "audited": 4, "unchecked": 1, "failed": 1, "listed": 3}
    hostile, two, warned = data["pages"]
    # Errors before warnings, in line order; infos never (they say how a table was read).
    assert [(f["severity"], f["line"]) for f in hostile["worst"]] == [
        ("error", 5),
        ("error", 9),
        ("warning", 2),
    ]
    assert [(f["row"], f["line"]) for f in two["worst"]] == [("B", 20), ("A", 30)]
    assert len(warned["worst"]) == 3  # --worst defaults to 3
    assert hostile["worst"][0] == {
        "rule": "total-mismatch",
        "severity": "error",
        "table": "Drivers",
        "row": "<b>x</b>",
        "column": "Total",
        "published": "19",
        "expected": "18",
        "line": 5,
        "message": "total-mismatch at 5",
    }
    assert two["link"] == "/audit?title=Two%20errors"


def test_all_lists_clean_unchecked_and_failed_pages_too(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(worklist(capsys, db, "-f", "json", "--all", "--worst", "1"))
    assert [p["title"] for p in data["pages"]][3:] == ["=cmd|' /C calc'!A0", "Clean", "Unread"]
    assert data["pages"][5]["status"] == "unchecked"
    assert data["pages"][5]["message"] == "no season table could be checked"
    assert all(len(p["worst"]) <= 1 for p in data["pages"])


def test_the_link_base_is_configurable_and_titles_are_percent_encoded(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = "https://tools.example.org/wikiaudit/audit?wiki=en&title="
    data = json.loads(worklist(capsys, db, "-f", "json", "--link-base", base))
    assert data["pages"][0]["link"] == (
        base + "2099%20%3Cscript%3Ealert%281%29%3C%2Fscript%3E%20%26%20%E2%80%AESeries"
    )


def test_html_is_one_self_contained_escaped_page(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = worklist(capsys, db, "-f", "html", "--all")
    assert html.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # Nothing is fetched: no script, stylesheet link, image, frame, font or CSS import.
    for tag in ("<script", "<link", "<img", "<iframe", "@import", "url(", "src="):
        assert tag not in html.lower()
    assert "alert(1)</script>" not in html and "<b>x</b>" not in html
    assert "2099 &lt;script&gt;alert(1)&lt;/script&gt; &amp; \\u202eSeries" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert (
        hrefs[0]
        == "/audit?title=2099%20%3Cscript%3Ealert%281%29%3C%2Fscript%3E%20%26%20%E2%80%AESeries"
    )
    assert len(hrefs) == 6
    assert "6 pages (of 6 stored: 4 audited, 1 unchecked, 1 failed)" in html


def test_html_escapes_a_hostile_link_base(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = worklist(capsys, db, "-f", "html", "--link-base", '"><script>x</script>')
    assert "<script>x" not in html and "&quot;&gt;&lt;script&gt;x" in html


def test_csv_has_a_row_per_page_and_defuses_formulas(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = list(csv.DictReader(io.StringIO(worklist(capsys, db, "-f", "csv", "--all"))))
    assert [r["title"] for r in rows][:3] == [HOSTILE, "Two errors", "Warned"]
    assert rows[1]["worst_findings"].splitlines() == [
        "error total-mismatch [Drivers · B · Total] total-mismatch at 20",
        "error total-mismatch [Drivers · A · Total] total-mismatch at 30",
    ]
    failed = rows[3]
    assert failed["title"] == "'=cmd|' /C calc'!A0" and failed["message"] == "'-internal error"
    assert (failed["status"], failed["errors"], failed["revid"]) == ("failed", "0", "100")


def test_text_lists_counts_findings_and_links(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = worklist(capsys, db)
    assert text.splitlines()[0] == (
        "Worklist: 3 pages with errors or warnings (of 6 stored: 4 audited, 1 unchecked, 1 failed)"
    )
    assert "\u202e" not in text and "\\u202eSeries  [2 errors, 1 warning; revision 102]" in text
    assert "      /audit?title=Two%20errors" in text


def test_output_is_written_atomically_and_the_store_is_not_changed(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = db.read_bytes()
    out = tmp_path / "reports" / "worklist.html"
    assert main(["worklist", "--db", str(db), "-f", "html", "-o", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert capsys.readouterr().out == ""
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports", "wiki.sqlite"]
    assert [p.name for p in out.parent.iterdir()] == ["worklist.html"]  # no temporary left


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "{db}: no such file"),
        (
            lambda p: p.write_text("not sqlite " * 200),
            "{db}: not a wikiaudit store (file is not a database)",
        ),
        (lambda p: p.mkdir(), "{db}: a directory, not a store file"),
    ],
)
def test_a_missing_or_foreign_store_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, message: str
) -> None:
    db = tmp_path / "x.sqlite"
    make(db)
    assert main(["worklist", "--db", str(db)]) == 2
    assert capsys.readouterr().err == f"audit: error: {message.format(db=db)}\n"
    assert db.exists() == (message != "{db}: no such file")


def test_an_empty_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "empty.sqlite"
    Store(db).close()
    html = worklist(capsys, db, "-f", "html")
    assert "No page has an error or warning." in html
    assert json.loads(worklist(capsys, db, "-f", "json"))["pages"] == []
