"""Reading an input file into text, refusing what cannot be an article.

The checks run on text; everything that would make them run on garbage (an empty or binary
file, bytes that are no known text encoding, a file over the size limit) stops here with an
``InputError`` that the CLI prints as one line.
"""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

from wikiaudit.scraper.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's text; its size is checked before reading so a huge file is never loaded."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise InputError(f"{path}: is a directory, not an article file")
        size = status.st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size:,} bytes is over the {max_bytes:,}-byte input limit "
                "(raise it with --max-bytes)"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not an article file") from None
    return decode(data, name=str(path))


def decode(data: bytes, *, name: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16/32; refuse anything else."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name)
            except UnicodeDecodeError as error:
                raise InputError(
                    f"{name}: broken {encoding.upper()} text ({error.reason})"
                ) from None
    if b"\x00" in data:
        raise InputError(
            f"{name}: looks like a binary file (it contains NUL bytes), not an article"
        )
    try:
        return _checked(data.decode("utf-8-sig"), name)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > 8:
        raise InputError(f"{name}: looks like a binary file (control characters), not an article")
    return text
