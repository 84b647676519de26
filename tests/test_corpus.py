"""``audit corpus``: invented dumps (plain, .bz2, multistream) audited on Dask into the store.

Most tests run against one in-process Dask cluster (threads, reached over TCP through
``--scheduler``, so the CLI's own path to an existing scheduler is what runs); one test starts
the default local cluster of real worker processes.
"""

from __future__ import annotations

import bz2
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.corpus_dumps import (
    Page,
    Rev,
    dask_scheduler,
    latest,
    not_a_season,
    season,
    unreadable_season,
    write_bz2,
    write_gz,
    write_multistream,
    write_plain,
)
from wikiaudit.cli import main
from wikiaudit.store import Store

ALPHA, BETA, DELTA, GAMMA = "2099 Alpha Series", "2099 Beta Series", "Delta records", "Gamma Ring"
HISTORY = "2098 Epsilon Cup"


def corpus_pages() -> list[Page]:
    """Two season articles (one with a broken total), a circuit article with a table but no
    points column, a page whose only table is not a season table, a talk page, and a page
    with history whose latest revision (listed first: a newest-first export) is the broken one.
    """
    return [
        latest(ALPHA, 11, season(ALPHA), 1),
        latest(BETA, 12, season(BETA, broken_row=2), 2),
        latest(GAMMA, 13, not_a_season(GAMMA), 3),
        latest(DELTA, 14, unreadable_season(DELTA), 4),
        Page(f"{ALPHA}", [Rev(15, season("talk"))], 5, ns=1),
        Page(
            HISTORY,
            [
                Rev(32, season(HISTORY, broken_row=4), "2099-08-03T10:00:00Z"),
                Rev(30, season(HISTORY), "2099-08-01T10:00:00Z"),
                Rev(31, season(HISTORY, broken_row=1), "2099-08-02T10:00:00Z"),
            ],
            6,
        ),
    ]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with dask_scheduler() as address:
        yield address


def corpus(scheduler: str, *args: str | Path) -> int:
    return main(["corpus", *map(str, args), "--scheduler", scheduler])


def stored(db: Path) -> dict[str, tuple[int, str, int, int, str | None]]:
    """title -> (revision, status, errors, warnings, message)."""
    with Store(db, readonly=True) as store:
        return {
            p.title: (p.revid, p.status, p.errors, p.warnings, p.message) for p in store.pages()
        }


def audited_at(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("SELECT title, audited_at FROM pages"))


def mark_old(db: Path) -> None:
    """Stamp every stored page, so a test can see which pages a rerun stored again."""
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE pages SET audited_at = 'before'")
    connection.close()


EXPECTED = {
    HISTORY: (32, "audited", 1, 0, None),
    BETA: (12, "audited", 1, 0, None),
    ALPHA: (11, "audited", 0, 0, None),
    DELTA: (
        14,
        "unchecked",
        0,
        0,
        "no season table could be checked (1 table, none read as standings or a race "
        "classification)",
    ),
}


def write(form: str, folder: Path, pages: list[Page]) -> Path:
    if form == "plain":
        return write_plain(folder / "wiki.xml", pages)
    if form == "bz2":
        return write_bz2(folder / "wiki.xml.bz2", pages)
    if form == "gz":
        return write_gz(folder / "wiki.xml.gz", pages)
    dump = folder / "wiki-multistream.xml.bz2"
    write_multistream(dump, pages, per_stream=2)
    return dump


@pytest.mark.parametrize(
    ("form", "options"),
    [
        ("plain", []),
        ("bz2", []),
        ("gz", []),
        ("multistream", []),  # workers read their own streams
        ("multistream", ["--ship-pages"]),  # the driver reads, workers audit
    ],
)
def test_a_dump_is_audited_into_the_store(
    scheduler: str,
    tmp_path: Path,
    form: str,
    options: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    dump = write(form, tmp_path, corpus_pages())
    db = tmp_path / "wiki.sqlite"
    assert corpus(scheduler, dump, "--db", db, *options) == 0
    # Ranked by errors, then title; no circuit article, no talk page; the history's latest.
    assert list(stored(db).items()) == list(EXPECTED.items())
    with Store(db, readonly=True) as store:
        (error,) = [f for f in store.findings(BETA) if f.severity == "error"]
        assert (error.rule, error.row, error.column) == ("total-mismatch", "Cleo Crane", "Total")
        assert (error.published, error.expected, error.line) == ("19", "18", 24)
        (history,) = [f for f in store.findings(HISTORY) if f.severity == "error"]
        assert (history.row, history.published, history.expected) == ("Eva Ester", "26", "25")
        page = next(p for p in store.pages() if p.title == BETA)
        assert (page.timestamp, page.source, page.tables_read) == (
            "2099-07-01T10:00:00+00:00",
            str(dump),
            1,
        )
        assert page.infos == len(store.findings(BETA)) - 1
    out = capsys.readouterr().out
    assert "5 articles read from 1 dump" in out
    assert "audited   3  (2 with errors" in out
    assert "unchecked 1" in out and "skipped   1" in out


def test_a_rerun_audits_nothing_new(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = write("multistream", tmp_path, corpus_pages())
    db = tmp_path / "wiki.sqlite"
    assert corpus(scheduler, dump, "--db", db) == 0
    mark_old(db)
    capsys.readouterr()
    assert corpus(scheduler, dump, "--db", db) == 0
    assert set(audited_at(db).values()) == {"before"}
    out = capsys.readouterr().out
    assert "audited   0" in out and "unchanged 4" in out


def test_a_newer_revision_re_audits_only_that_page(scheduler: str, tmp_path: Path) -> None:
    db = tmp_path / "wiki.sqlite"
    assert corpus(scheduler, write_plain(tmp_path / "old.xml", corpus_pages()), "--db", db) == 0
    mark_old(db)
    pages = [latest(BETA, 40, season(BETA), 2) if p.title == BETA else p for p in corpus_pages()]
    assert corpus(scheduler, write_bz2(tmp_path / "new.xml.bz2", pages), "--db", db) == 0
    assert stored(db)[BETA] == (40, "audited", 0, 0, None)
    assert {t: a for t, a in audited_at(db).items() if a != "before"}.keys() == {BETA}


def test_an_older_dump_never_replaces_a_newer_audit(scheduler: str, tmp_path: Path) -> None:
    db = tmp_path / "wiki.sqlite"
    new = [latest(BETA, 40, season(BETA), 2)]
    old = [latest(BETA, 12, season(BETA, broken_row=2), 2)]
    newer, older = write_plain(tmp_path / "new.xml", new), write_plain(tmp_path / "old.xml", old)
    assert corpus(scheduler, newer, older, "--db", db) == 0
    assert stored(db) == {BETA: (40, "audited", 0, 0, None)}


@pytest.mark.parametrize("form", ["plain", "multistream"])
def test_titles_selects_pages_by_regular_expression(
    scheduler: str, tmp_path: Path, form: str
) -> None:
    db = tmp_path / "wiki.sqlite"
    dump = write(form, tmp_path, corpus_pages())
    assert corpus(scheduler, dump, "--db", db, "--titles", "^2099 B") == 0
    assert stored(db).keys() == {BETA}


def test_a_season_article_whose_tables_went_is_stored_unchecked(
    scheduler: str, tmp_path: Path
) -> None:
    """Its old findings must leave the worklist when an editor removes (or blanks) the tables."""
    db = tmp_path / "wiki.sqlite"
    assert corpus(scheduler, write_plain(tmp_path / "a.xml", corpus_pages()), "--db", db) == 0
    blanked = [latest(BETA, 50, "'''2099 Beta Series''' was a championship.", 2)]
    assert corpus(scheduler, write_plain(tmp_path / "b.xml", blanked), "--db", db) == 0
    revid, status, errors, _, message = stored(db)[BETA]
    assert (revid, status, errors) == (50, "unchecked", 0)
    assert message == "the latest revision has no wikitable with a total or points column"
    with Store(db, readonly=True) as store:
        assert store.findings(BETA) == []


def test_pages_that_cannot_be_audited_are_failed_and_the_run_goes_on(
    scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over the size limit, a revision with a broken timestamp, and a bug in the audit: each is
    stored as failed with one line saying why; the pages around them are audited."""
    from wikiaudit import corpus_audit

    real = corpus_audit._audited

    def buggy(page, source, limits):
        if page.title == "Buggy":
            raise ZeroDivisionError("division by zero\nsecond line")
        return real(page, source, limits)

    monkeypatch.setattr(corpus_audit, "_audited", buggy)  # workers are threads here
    big = season("Big") + "\n" + "padding " * 2000
    pages = [
        latest(ALPHA, 11, season(ALPHA), 1),
        latest("Big", 60, big, 2),
        Page("Broken time", [Rev(61, season("Broken time"), "yesterday")], 3),
        latest("Buggy", 62, season("Buggy"), 4),
        latest(BETA, 12, season(BETA, broken_row=2), 5),
    ]
    db = tmp_path / "wiki.sqlite"
    dump = write_plain(tmp_path / "w.xml", pages)
    assert corpus(scheduler, dump, "--db", db, "--max-bytes", "9000") == 0
    got = stored(db)
    assert got[ALPHA][:3] == (11, "audited", 0) and got[BETA][:3] == (12, "audited", 1)
    assert got["Big"][:2] == (60, "failed")
    assert got["Big"][4] == f"{len(big.encode()):,} bytes is over the 9,000-byte input limit"
    assert got["Broken time"][:2] == (0, "failed")
    assert got["Broken time"][4].startswith("unreadable revision:")
    assert got["Buggy"][:2] == (62, "failed")
    assert got["Buggy"][4] == "internal error: ZeroDivisionError: division by zero second line"


def test_failed_pages_are_tried_again_on_a_rerun(scheduler: str, tmp_path: Path) -> None:
    big = season("Big") + "\n" + "padding " * 2000
    dump = write_plain(tmp_path / "w.xml", [latest("Big", 60, big, 2)])
    db = tmp_path / "wiki.sqlite"
    assert corpus(scheduler, dump, "--db", db, "--max-bytes", "9000") == 0
    assert stored(db)["Big"][1] == "failed"
    assert corpus(scheduler, dump, "--db", db) == 0  # the default limit lets it through
    assert stored(db)["Big"][:3] == (60, "audited", 0)


def test_a_corrupt_stream_fails_only_its_own_pages(scheduler: str, tmp_path: Path) -> None:
    pages = [latest(f"2099 Series {n}", 100 + n, season(f"2099 Series {n}"), n) for n in range(6)]
    dump = tmp_path / "w-multistream.xml.bz2"
    index = write_multistream(dump, pages, per_stream=2)
    lines = bz2.decompress(index.read_bytes()).decode().splitlines()
    offsets = sorted({int(line.split(":")[0]) for line in lines})
    data = bytearray(dump.read_bytes())
    middle = (offsets[1] + offsets[2]) // 2  # inside the second stream (pages 2 and 3)
    data[middle : middle + 8] = b"\0" * 8
    dump.write_bytes(bytes(data))
    db = tmp_path / "wiki.sqlite"
    assert corpus(scheduler, dump, "--db", db) == 0
    got = stored(db)
    assert {t for t, v in got.items() if v[1] == "audited"} == {
        "2099 Series 0",
        "2099 Series 1",
        "2099 Series 4",
        "2099 Series 5",
    }
    for title in ("2099 Series 2", "2099 Series 3"):
        revid, status, _, _, message = got[title]
        assert (revid, status) == (0, "failed")
        assert message.startswith(f"stream at byte {offsets[1]} unreadable:")


def test_real_worker_processes(tmp_path: Path) -> None:
    """The default: a local cluster of worker processes, each reading its own streams."""
    dump = write("multistream", tmp_path, corpus_pages())
    db = tmp_path / "wiki.sqlite"
    assert main(["corpus", str(dump), "--db", str(db), "--workers", "2"]) == 0
    assert list(stored(db).items()) == list(EXPECTED.items())


def test_a_page_in_two_dumps_is_counted_once(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write_plain(tmp_path / "a.xml", corpus_pages())
    second = write("multistream", tmp_path, corpus_pages())
    db = tmp_path / "wiki.sqlite"
    assert corpus(scheduler, first, second, "--db", db) == 0
    assert list(stored(db).items()) == list(EXPECTED.items())
    out = capsys.readouterr().out
    assert "10 articles read from 2 dumps" in out and "audited   3  (2 with errors" in out
    assert "unchanged 4" in out  # the second dump's copies: stored by the first


def test_the_worklist_of_a_corpus_run(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "wiki.sqlite"
    assert corpus(scheduler, write_plain(tmp_path / "w.xml", corpus_pages()), "--db", db) == 0
    capsys.readouterr()
    assert main(["worklist", "--db", str(db), "-f", "json"]) == 0
    pages = json.loads(capsys.readouterr().out)["pages"]
    assert [(p["title"], p["errors"]) for p in pages] == [(HISTORY, 1), (BETA, 1)]
    assert [(f["rule"], f["row"]) for f in pages[1]["worst"]] == [("total-mismatch", "Cleo Crane")]
    assert pages[1]["link"] == "/audit?title=2099%20Beta%20Series"


def test_a_batch_whose_worker_fails_is_retried_page_by_page(
    scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies (out of memory on one page, say) fails its task; the batch's pages
    are tried one by one, so only the page that kills it is stored as failed."""
    from wikiaudit import corpus as driver
    from wikiaudit.corpus_tasks import audit_pages

    def dies_on_poison(pages, source, limits):
        if any(page.title == "Poison" for page in pages):
            raise MemoryError("the worker ran out of memory")
        return audit_pages(pages, source, limits)

    monkeypatch.setattr(driver, "audit_pages", dies_on_poison)
    pages = [latest(t, n, season(t), n) for n, t in enumerate([ALPHA, "Poison", BETA, "Last"], 1)]
    db = tmp_path / "wiki.sqlite"
    assert corpus(scheduler, write_plain(tmp_path / "w.xml", pages), "--db", db) == 0
    got = stored(db)
    assert {t: v[1] for t, v in got.items()} == {
        ALPHA: "audited",
        BETA: "audited",
        "Last": "audited",
        "Poison": "failed",
    }
    assert got["Poison"][4] == (
        "the worker auditing it failed: MemoryError: the worker ran out of memory"
    )


def test_a_worker_that_cannot_see_a_multistream_dump_says_so(tmp_path: Path) -> None:
    from wikiaudit.scraper.errors import InputError

    from wikiaudit.corpus_select import Known, Selection
    from wikiaudit.corpus_tasks import audit_streams
    from wikiaudit.multistream import Stream
    from wikiaudit.pipeline import Limits

    missing = tmp_path / "gone-multistream.xml.bz2"
    with pytest.raises(InputError) as raised:
        audit_streams(str(missing), b"", [Stream(0, 1)], Selection(None, Known()), "s", Limits())
    assert str(raised.value).endswith(
        f"cannot read dump {missing}: no such file (every worker must see a multistream dump "
        "at the same path; or pass --ship-pages)"
    )


def test_for_a_multistream_dump_the_driver_reads_only_the_index(
    scheduler: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The workers read their own streams: the driver never parses the dump's pages."""
    from wikiaudit import corpus as driver

    def driver_reads_pages(*args: object) -> None:
        raise AssertionError("the driver parsed the dump")

    monkeypatch.setattr(driver, "iter_latest_pages", driver_reads_pages)
    db = tmp_path / "wiki.sqlite"
    assert corpus(scheduler, write("multistream", tmp_path, corpus_pages()), "--db", db) == 0
    assert list(stored(db).items()) == list(EXPECTED.items())
    capsys.readouterr()
    # The check itself can fail: with --ship-pages the driver does read the pages.
    assert corpus(scheduler, tmp_path / "wiki-multistream.xml.bz2", "--db", db, "--ship-pages") == 2
    assert "the driver parsed the dump" in capsys.readouterr().err
