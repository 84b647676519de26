"""Opening the files an audit reads (article, baseline, rules file, dump) safely.

Why not ``Path.read_bytes``: opening a FIFO for reading blocks until a writer appears, and a
character device such as ``/dev/zero`` never ends, so a mistyped path could hang the CLI or fill
memory. Every input is opened without blocking (``O_NONBLOCK``), checked to be a regular file on
the descriptor itself (no window between the check and the read), and read only up to a limit.
Every ``OSError`` (a symlink loop, a name too long, a path through a file) becomes one
:class:`InputError` line naming the file and the reason, never a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from wikiaudit.scraper.errors import InputError

_REASONS = {
    errno.ENOENT: "no such file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a directory, not a file",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOTDIR: "a part of the path is not a folder",
}


def os_reason(error: OSError) -> str:
    """A short, stable reason for an ``OSError`` (the C library's wording varies by system)."""
    return _REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()


def is_missing(path: Path) -> bool:
    """No such file (``Path.exists`` raises on a name too long, and follows links)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:  # too long, a loop, through a file: opening it will say which
        return False
    return False


def open_regular(path: Path, what: str) -> BinaryIO:
    """``path`` opened for binary reading, refusing anything but a regular file.

    ``what`` names the file in messages ("baseline", "dump"; empty for the article itself).
    """
    label = f"{what} {path}" if what else str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise InputError(f"{label}: {os_reason(error)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{label}: is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise InputError(f"{label}: {kind_of(mode)}, not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, what: str, *, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` (checked before and while reading).

    The size is checked on the open descriptor before reading, so an over-size file is never
    loaded; reading stops one byte past the limit in case the file grew since.
    """
    label = f"{what} {path}" if what else str(path)
    with open_regular(path, what) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise InputError(
                f"{label}: {size:,} bytes is over the {max_bytes:,}-byte input limit "
                "(raise it with --max-bytes)"
            )
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise InputError(f"{label}: {os_reason(error)}") from None
    if len(data) > max_bytes:
        raise InputError(f"{label}: over the {max_bytes:,}-byte input limit (it is growing)")
    return data


def check_output_target(path: Path, option: str) -> None:
    """Refuse an output path that exists and is not a regular file (a FIFO, ``/dev/null``...).

    Writing goes through a temporary file and a rename, which would replace a device node or a
    FIFO rather than write into it; neither is what the user meant.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise InputError(f"{option} {path}: {os_reason(error)}") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{option} {path}: is a directory, not a file")
    if not stat.S_ISREG(mode):
        raise InputError(f"{option} {path}: {kind_of(mode)}, not a regular file")


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words a user recognises."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
