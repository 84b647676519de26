"""Reading a multistream dump by its index, so each Dask worker reads only its own part.

Wikimedia publishes ``*-pages-articles-multistream.xml.bz2`` beside an index,
``*-multistream-index.txt.bz2``, one line per page: ``OFFSET:PAGE_ID:TITLE``. The dump is many
bz2 streams laid end to end: the first holds the ``<mediawiki>`` opening and ``<siteinfo>``,
then each stream holds up to 100 ``<page>`` elements (the OFFSET of its pages is where the
stream starts, in bytes), and the last holds the closing ``</mediawiki>``.

A stream is thus a byte range any process can seek to and decompress on its own: a worker is
handed the ranges and the header's bytes, and parses each stream as a small document of its
own (header, the stream's pages, a closing tag). A stream that cannot be read spoils only its
own pages. The index is read as a stream too; nothing here holds more than one line of it.
"""

from __future__ import annotations

import bz2
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.files import open_regular

DUMP_SUFFIX = "-multistream.xml.bz2"
INDEX_SUFFIX = "-multistream-index.txt.bz2"
_CLOSE = b"</mediawiki>"
_CHUNK = 1 << 16
#: The opening stream holds only ``<siteinfo>``: a few kilobytes, however large the wiki.
_MAX_HEADER = 1 << 20


@dataclass(frozen=True, slots=True)
class Stream:
    """One bz2 stream of a multistream dump: bytes ``start`` (inclusive) to ``end``."""

    start: int
    end: int


def index_beside(dump: Path) -> Path | None:
    """The index Wikimedia publishes beside a ``*-multistream.xml.bz2`` dump, if it is there."""
    if not dump.name.endswith(DUMP_SUFFIX):
        return None
    index = dump.with_name(dump.name[: -len(DUMP_SUFFIX)] + INDEX_SUFFIX)
    return index if index.is_file() else None


def _index_lines(index: Path) -> Iterator[tuple[int, int, str]]:
    """``(offset, line number, title)`` of each index line, checked as it is read."""
    with open_regular(index, "cannot read index") as handle, bz2.open(handle, "rt") as text:
        for number, line in enumerate(text, start=1):
            line = line.rstrip("\n")
            if not line:
                continue
            offset, _, rest = line.partition(":")
            _, sep, title = rest.partition(":")
            if not (offset.isascii() and offset.isdigit()) or not sep:
                raise InputError(f"{index} line {number}: expected OFFSET:PAGE_ID:TITLE")
            yield int(offset), number, title


def first_offset(index: Path) -> int:
    """Where the first stream of pages starts (the header stream ends there)."""
    for offset, _, _ in _index_lines(index):
        return offset
    raise InputError(f"{index}: the index lists no page")


def iter_streams(
    index: Path, size: int, wanted: Callable[[str], bool] | None = None
) -> Iterator[Stream]:
    """The dump's streams of pages in file order; with ``wanted``, only those listing a title
    it accepts (``--titles`` skips whole streams without reading them)."""
    start: int | None = None
    keep = False
    for offset, number, title in _index_lines(index):
        if offset != start:
            if start is not None and offset < start:
                raise InputError(f"{index} line {number}: offsets go backwards")
            if offset >= size:
                raise InputError(f"{index} line {number}: offset {offset} is past the dump's end")
            if start is not None and keep:
                yield Stream(start, offset)
            start, keep = offset, False
        keep = keep or wanted is None or wanted(title)
    if start is not None and keep:
        yield Stream(start, size)


def titles_in(index: Path, starts: Iterable[int]) -> dict[int, list[str]]:
    """The titles the index lists for the streams starting at ``starts``.

    Only for streams a worker could not read (rare): their pages are stored as failed by title,
    so the index is read once more rather than held in memory for the whole run.
    """
    wanted = set(starts)
    found: dict[int, list[str]] = {start: [] for start in wanted}
    for offset, _, title in _index_lines(index):
        if offset in wanted:
            found[offset].append(title)
    return found


def read_header(dump: Path, end: int) -> bytes:
    """The opening stream's XML (``<mediawiki ...><siteinfo>...</siteinfo>``)."""
    if end <= 0:
        raise InputError(
            f"{dump}: its first stream holds pages, not only the site information "
            "(read it as one stream with --ship-pages)"
        )
    if end > _MAX_HEADER:
        raise InputError(f"{dump}: an opening stream of {end:,} bytes is not a header")
    with open_regular(dump, "cannot read dump") as handle:
        header = b"".join(_decompressed(handle, Stream(0, end)))
    if b"<mediawiki" not in header or b"<page" in header:
        raise InputError(
            f"{dump}: its first stream is not the <mediawiki> site information alone "
            "(read it as one stream with --ship-pages)"
        )
    return header


def open_stream(handle: BinaryIO, header: bytes, stream: Stream) -> BinaryIO:
    """One stream as a whole XML document: the header, its pages, and a closing tag.

    The closing tag is taken out of the decompressed bytes should the range hold it (the last
    stream of pages is followed by the one holding ``</mediawiki>``); page text cannot hold it,
    as XML escapes every ``<`` in text.
    """
    parts = _chain([header], _without_close(_decompressed(handle, stream)), [_CLOSE])
    return io.BufferedReader(_IterReader(parts), buffer_size=_CHUNK)


def _decompressed(handle: BinaryIO, stream: Stream) -> Iterator[bytes]:
    """The decompressed bytes of the bz2 stream(s) in a byte range, read in chunks."""
    handle.seek(stream.start)
    remaining = stream.end - stream.start
    decompressor = bz2.BZ2Decompressor()
    while remaining > 0:
        chunk = handle.read(min(_CHUNK, remaining))
        if not chunk:
            raise EOFError(f"the dump ends inside the stream at byte {stream.start}")
        remaining -= len(chunk)
        while chunk:
            if decompressor.eof:
                decompressor = bz2.BZ2Decompressor()
            out = decompressor.decompress(chunk)
            if out:
                yield out
            chunk = decompressor.unused_data if decompressor.eof else b""
    if not decompressor.eof:
        raise EOFError(f"the stream at byte {stream.start} is cut short")


def _without_close(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks`` without any ``</mediawiki>``, even one split between two chunks."""
    keep = len(_CLOSE) - 1
    tail = b""
    for chunk in chunks:
        data = (tail + chunk).replace(_CLOSE, b"")
        tail, out = data[-keep:], data[:-keep]
        if out:
            yield out
    if tail:
        yield tail


def _chain(*parts: Iterable[bytes]) -> Iterator[bytes]:
    for part in parts:
        yield from part


class _IterReader(io.RawIOBase):
    """A readable binary stream over an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            try:
                self._pending = memoryview(next(self._chunks))
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]  # a view: a large chunk is never copied again
        return size
