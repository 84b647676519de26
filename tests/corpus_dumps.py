"""Writing small MediaWiki XML dumps for the corpus tests and benchmark: plain, ``.bz2``, and
multistream with its index, laid out as Wikimedia lays them out; and the tests' Dask cluster.

A multistream dump is one bz2 stream holding ``<mediawiki>`` and ``<siteinfo>``, then streams
of a few ``<page>`` elements each, then one holding ``</mediawiki>``; its index lists
``OFFSET:PAGE_ID:TITLE`` per page, OFFSET being where the page's stream starts.
"""

from __future__ import annotations

import bz2
import gzip
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

HEADER = """\
<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">
  <siteinfo>
    <sitename>Examplewiki</sitename>
    <dbname>examplewiki</dbname>
    <base>https://wiki.example.org/wiki/Main_Page</base>
    <generator>MediaWiki 1.42.0</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
      <namespace key="10" case="first-letter">Template</namespace>
    </namespaces>
  </siteinfo>
"""
FOOTER = "</mediawiki>\n"


@dataclass(frozen=True)
class Rev:
    revid: int
    text: str
    timestamp: str = "2099-07-01T10:00:00Z"


@dataclass(frozen=True)
class Page:
    title: str
    revisions: Sequence[Rev]
    page_id: int = 1
    ns: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    def xml(self) -> str:
        revisions = "".join(
            f"""    <revision>
      <id>{rev.revid}</id>
      <timestamp>{rev.timestamp}</timestamp>
      <contributor><username>Editor</username><id>1</id></contributor>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text bytes="{len(rev.text.encode())}" xml:space="preserve">{escape(rev.text, False)}</text>
      <sha1>s{rev.revid}</sha1>
    </revision>
"""
            for rev in self.revisions
        )
        return (
            f"  <page>\n    <title>{escape(self.title, quote=False)}</title>\n"
            f"    <ns>{self.ns}</ns>\n    <id>{self.page_id}</id>\n{revisions}  </page>\n"
        )


def latest(title: str, revid: int, text: str, page_id: int = 1) -> Page:
    return Page(title, [Rev(revid, text)], page_id)


def dump_text(pages: Sequence[Page]) -> str:
    return HEADER + "".join(page.xml() for page in pages) + FOOTER


def write_plain(path: Path, pages: Sequence[Page]) -> Path:
    path.write_text(dump_text(pages), encoding="utf-8")
    return path


def write_bz2(path: Path, pages: Sequence[Page]) -> Path:
    path.write_bytes(bz2.compress(dump_text(pages).encode("utf-8")))
    return path


def write_gz(path: Path, pages: Sequence[Page]) -> Path:
    path.write_bytes(gzip.compress(dump_text(pages).encode("utf-8")))
    return path


def write_multistream(path: Path, pages: Sequence[Page], per_stream: int = 2) -> Path:
    """``path`` must end in ``-multistream.xml.bz2``; returns the index written beside it."""
    assert path.name.endswith("-multistream.xml.bz2")
    index = path.with_name(path.name.replace("-multistream.xml.bz2", "-multistream-index.txt.bz2"))
    chunks = [bz2.compress(HEADER.encode())]
    lines = []
    offset = len(chunks[0])
    for start in range(0, len(pages), per_stream):
        group = pages[start : start + per_stream]
        for page in group:
            prefix = {1: "Talk:", 10: "Template:"}.get(page.ns, "")
            lines.append(f"{offset}:{page.page_id}:{prefix}{page.title}\n")
        data = bz2.compress("".join(page.xml() for page in group).encode())
        chunks.append(data)
        offset += len(data)
    chunks.append(bz2.compress(FOOTER.encode()))
    path.write_bytes(b"".join(chunks))
    index.write_bytes(bz2.compress("".join(lines).encode()))
    return index


# ------------------------------------------------------------------------- invented articles

DRIVERS = ["Ada Arden", "Ben Brook", "Cleo Crane", "Dan Dale", "Eva Ester", "Finn Frost"]
TRACKS = ["ALP", "BRA", "CAS", "DUN"]
SCALE = [10, 8, 6, 5, 4, 3]


def season(title: str, *, broken_row: int | None = None, drivers: int = 6) -> str:
    """An invented season article in wikitext: a points table and a points matrix whose totals
    add up, except (with ``broken_row``) that row's total, one too high."""
    rows = []
    for row in range(drivers):
        points = [SCALE[(row + race) % drivers] for race in range(len(TRACKS))]
        total = sum(points) + (1 if row == broken_row else 0)
        rows.append([str(row + 1), DRIVERS[row], *map(str, points), str(total)])
    rows.sort(key=lambda r: -int(r[-1]))
    for position, row in enumerate(rows, start=1):
        row[0] = str(position)
    points_table = (
        '{| class="wikitable"\n! Position !! 1st !! 2nd !! 3rd !! 4th !! 5th !! 6th\n|-\n'
        "| Points || " + " || ".join(map(str, SCALE)) + "\n|}\n"
    )
    matrix = (
        '{| class="wikitable"\n! Pos !! Driver !! '
        + " !! ".join(TRACKS)
        + " !! Points\n"
        + "".join("|-\n| " + " || ".join(row) + "\n" for row in rows)
        + "|}\n"
    )
    return (
        f"The '''{title}''' was an invented championship.\n\n"
        f"==Points system==\n{points_table}\n==Drivers' championship==\n{matrix}"
    )


def not_a_season(title: str) -> str:
    """An article with a table, but no total or points column: the pre-check passes it by."""
    return (
        f"'''{title}''' is an invented circuit.\n\n"
        '{| class="wikitable"\n! Year !! Event\n|-\n| 2099 || Opening\n|}\n'
    )


def unreadable_season(title: str) -> str:
    """A page the pre-check lets through whose tables the audit cannot read as a season."""
    return (
        f"'''{title}''' lists lap records.\n\n"
        '{| class="wikitable"\n! Class !! Driver !! Points of interest\n|-\n'
        "| Open || Ada Arden || the hairpin\n|}\n"
    )


# ------------------------------------------------------------------------- Dask


@contextmanager
def dask_scheduler() -> Iterator[str]:
    """An in-process Dask cluster (two single-thread workers) listening on loopback TCP."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address
