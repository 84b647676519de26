"""Reading an input file into text, refusing what cannot be an article.

The checks run on text; everything that would make them run on garbage (an empty or binary
file, bytes that are no known text encoding, a file over the size limit, a FIFO or a device)
stops here with an ``InputError`` that the CLI prints as one line.

The encoding a file was read in (UTF-8 with or without a byte-order mark, UTF-16 or UTF-32) is
kept beside the text: ``--fix --in-place`` writes the article back in exactly that form. Line
endings need nothing special, because decoding keeps ``\\r\\n`` and ``\\r`` as they are.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.files import read_regular

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Encoding:
    """How a file's text was stored: a codec without BOM handling, and the BOM it started with."""

    codec: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """The bytes of ``text`` stored the same way (``decode`` of them gives ``text`` back)."""
        try:
            return self.bom + text.encode(self.codec)
        except UnicodeEncodeError as error:
            raise InputError(
                f"the text holds {error.object[error.start]!r}, which {self.codec.upper()} "
                "cannot store; nothing written"
            ) from None


UTF8 = Encoding()

#: Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's text; its size is checked before reading so a huge file is never loaded."""
    return read_article(path, max_bytes=max_bytes)[0]


def read_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, Encoding]:
    """The file's text and the encoding to write it back in (see :func:`decode_stored`)."""
    return decode_stored(read_regular(path, "", max_bytes=max_bytes), name=str(path))


def decode(data: bytes, *, name: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16/32; refuse anything else."""
    return decode_stored(data, name=name)[0]


def decode_stored(data: bytes, *, name: str) -> tuple[str, Encoding]:
    """The text and its :class:`Encoding`; ``encoding.encode(text) == data`` when accepted."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            label = codec[:6].upper()
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise InputError(f"{name}: broken {label} text ({error.reason})") from None
            return _checked(text, name), Encoding(codec, bom)
    if b"\x00" in data:
        raise InputError(
            f"{name}: looks like a binary file (it contains NUL bytes), not an article"
        )
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    try:
        text = data[len(bom) :].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + len(bom)
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})"
        ) from None
    return _checked(text, name), Encoding("utf-8", bom)


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > 8:
        raise InputError(f"{name}: looks like a binary file (control characters), not an article")
    return text
