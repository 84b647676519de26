"""``audit corpus`` input errors: one line on stderr, exit status 2, and nothing left half-made.

Checks that need no cluster fail before one is started (and before the store file is created);
a dump whose XML breaks off keeps the pages read before the break.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.corpus_dumps import dask_scheduler, latest, season, write_plain
from wikiaudit.cli import main
from wikiaudit.store import Store


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with dask_scheduler() as address:
        yield address


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.strip()


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    return write_plain(tmp_path / "wiki.xml", [latest("2099 A", 1, season("2099 A"))])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.xml"], "audit: error: cannot read dump missing.xml: no such file"),
        (
            ["{dump}", "--scheduler", "localhost"],
            "audit: error: --scheduler 'localhost': expected a Dask scheduler address such as "
            "tcp://host:8786",
        ),
        (
            ["{dump}", "--scheduler", "tcp://127.0.0.1:1"],
            "audit: error: --scheduler tcp://127.0.0.1:1: cannot connect (connection refused)",
        ),
        (
            ["{dump}", "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"],
            "audit corpus: error: --workers sizes the local cluster; a --scheduler has its own "
            "workers (see audit corpus --help)",
        ),
        (
            ["{dump}", "--titles", "("],
            "audit corpus: error: --titles '(' is not a regular expression: missing ), "
            "unterminated subpattern at position 0 (see audit corpus --help)",
        ),
    ],
)
def test_input_errors_come_before_any_work(
    tmp_path: Path,
    dump: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "new.sqlite"
    started = time.monotonic()
    argv = ["corpus", *(a.format(dump=dump.name) for a in args), "--db", str(db)]
    assert main(argv) == 2
    assert one_line_error(capsys) == message
    assert time.monotonic() - started < 5  # a refused port fails at once, not after retries
    assert not db.exists()


def test_the_store_cannot_be_a_dump(dump: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", str(dump), "--db", str(dump)]) == 2
    assert one_line_error(capsys) == f"audit: error: --db {dump} is {dump}, a dump this run reads"


def test_a_sqlite_file_of_another_program_is_left_alone(
    scheduler: str, tmp_path: Path, dump: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    connection.close()
    assert main(["corpus", str(dump), "--db", str(other), "--scheduler", scheduler]) == 2
    assert one_line_error(capsys) == (
        f"audit: error: {other}: not a wikiaudit store (a SQLite file of another kind)"
    )
    with sqlite3.connect(other) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert tables == {"notes"}


def test_a_dump_that_breaks_off_keeps_what_was_read(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pages before the break are stored (a rerun carries on); the break is an input error."""
    padding = "\n\nPadding prose. " * 1500  # pages larger than the XML parser's 16 KB reads
    pages = [latest(f"2099 S{n}", 10 + n, season(f"2099 S{n}") + padding, n) for n in range(4)]
    dump = write_plain(tmp_path / "cut.xml", pages)
    text = dump.read_text()
    dump.write_text(text[: text.index("<title>2099 S3</title>") + 200])
    db = tmp_path / "wiki.sqlite"
    assert main(["corpus", str(dump), "--db", str(db), "--scheduler", scheduler]) == 2
    assert one_line_error(capsys).startswith(
        f"audit: error: {dump} is not a valid MediaWiki XML dump: unclosed token: line "
    )
    with Store(db, readonly=True) as store:
        assert sorted(p.title for p in store.pages()) == ["2099 S0", "2099 S1", "2099 S2"]


def test_a_multistream_dump_whose_index_lists_no_page(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import bz2

    dump = tmp_path / "w-multistream.xml.bz2"
    dump.write_bytes(bz2.compress(b"<mediawiki></mediawiki>"))
    (tmp_path / "w-multistream-index.txt.bz2").write_bytes(bz2.compress(b"not an index\n"))
    db = tmp_path / "wiki.sqlite"
    assert main(["corpus", str(dump), "--db", str(db), "--scheduler", scheduler]) == 2
    assert one_line_error(capsys) == (
        f"audit: error: {tmp_path / 'w-multistream-index.txt.bz2'} line 1: expected "
        "OFFSET:PAGE_ID:TITLE"
    )
