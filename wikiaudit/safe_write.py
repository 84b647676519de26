"""The one way wikiaudit writes a file: all of it, or nothing, and never over its own input.

Every file the CLI writes (a report with ``-o``, a baseline, a corrected article with ``--fix
--output`` or ``--in-place``) goes through :func:`write_atomically`. Opening the target with
truncation and writing into it would leave it empty or cut in half after a kill, a full disk or
a file-size limit; for ``--in-place`` that target is the article itself. Instead the bytes go to
a temporary file in the same folder (a rename is atomic only within one file system), are
flushed and fsynced, take the target's permission bits, and replace the target by
``os.replace``. On any failure the target is untouched and the temporary file is removed; only a
SIGKILL between the write and the rename can leave a ``.wikiaudit-*.tmp`` file behind, and even
then the target is whole.

Symbolic links are followed: ``-o link`` updates the file the link points at and the link stays.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.files import check_output_target, os_reason

TEMP_PREFIX = ".wikiaudit-"
TEMP_SUFFIX = ".tmp"


def write_atomically(path: Path, data: bytes, *, option: str = "cannot write") -> None:
    """Replace ``path`` by a file holding exactly ``data``, or raise with ``path`` untouched.

    Missing parent folders are created (README suggests ``.wikiaudit/`` for baselines).
    ``option`` starts the one-line error (``--write-baseline``, ``--output``...).
    """
    target = Path(os.path.realpath(path))
    check_output_target(path, option)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(target)
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
    except FileExistsError:
        raise InputError(f"{option} {path}: a part of the path is not a folder") from None
    except OSError as error:
        raise InputError(f"{option} {path}: {os_reason(error)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise InputError(
                f"{option} {path}: {os_reason(error)}; the file was left as it was"
            ) from None
        raise
    _sync_folder(target.parent)


def _mode_for(target: Path) -> int:
    """The target's permission bits, or what a newly created file would get under the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; file systems that cannot sync a folder are let be."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def refuse_overwriting_inputs(output: Path, inputs: Iterable[Path | None], option: str) -> None:
    """Refuse an output path that is one of the files this run reads (the same inode).

    ``os.path.samefile`` compares device and inode, so a symbolic link, a hard link or another
    spelling of the article's path is caught too. Inputs that do not exist are skipped.
    """
    for source in inputs:
        if source is None:
            continue
        try:
            same = os.path.samefile(output, source)
        except (OSError, ValueError):
            continue
        if same:
            raise InputError(
                f"{option} {output} is {source}, which this run reads; refusing to overwrite it "
                "(to correct the article itself use --fix --in-place)"
            )
