"""Never lose a file (issue #14): every write is all or nothing, and never over an input.

Each fault is made to happen (a failing rename, fsync or write, a file-size limit, a kill, an
interrupt) during ``--fix --in-place``, where the target is the article itself, and the article
must come out byte for byte as it went in, with no temporary file left next to it. The round
trip of encodings, byte-order marks and line ends is checked for every combination.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wikiaudit.scraper.source import decode_stored

from tests.helpers import CORE, FIXTURE, read_fixture
from wikiaudit import safe_write
from wikiaudit.cli import main

WRONG, RIGHT = CORE + "207 |", CORE + "206 |"


def broken_article(tmp_path: Path, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(read_fixture().replace(RIGHT, WRONG).encode("utf-8"))
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(safe_write.TEMP_PREFIX))


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines and lines[-1].startswith("audit: error:"), err
    assert "Traceback" not in err
    return lines[-1]


# ------------------------------------------------------------------------- faults mid-write


def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("where", ["replace", "fsync", "fchmod"])
def test_a_failing_write_leaves_the_article_whole_and_no_temporary_file(
    where: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = broken_article(tmp_path)
    before = article.read_bytes()
    monkeypatch.setattr(safe_write.os, where, _enospc)
    assert main([str(article), "--fix", "--in-place"]) == 2
    assert "no space left on device" in one_error_line(capsys)
    assert article.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_an_interrupt_during_the_write_leaves_the_article_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = broken_article(tmp_path)
    before = article.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(safe_write.os, "fsync", interrupted)
    assert main([str(article), "--fix", "--in-place"]) == 130
    assert article.read_bytes() == before
    assert leftovers(tmp_path) == []


def _run_child(code: str, tmp_path: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_file_size_limit_leaves_the_article_whole(tmp_path: Path) -> None:
    """RLIMIT_FSIZE below the article's size: the write fails with EFBIG (Python ignores
    SIGXFSZ), as a full quota would; the article was written by the old code with truncation."""
    article = broken_article(tmp_path)
    before = article.read_bytes()
    limit = len(before) // 2

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    argv = [str(article), "--fix", "--in-place"]
    code = f"import sys; from wikiaudit.cli import main; sys.exit(main({argv!r}))"
    done = _run_child(code, tmp_path, preexec_fn=cap)
    assert done.returncode == 2, done.stderr
    assert "file too large" in done.stderr.splitlines()[-1]
    assert article.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_a_kill_during_the_write_leaves_the_article_whole(tmp_path: Path) -> None:
    """SIGKILL cannot be cleaned up after: the temporary file may stay, the article is whole."""
    article = broken_article(tmp_path)
    before = article.read_bytes()
    code = (
        "import os, signal, sys\n"
        "from wikiaudit import safe_write\n"
        "from wikiaudit.cli import main\n"
        "safe_write.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"sys.exit(main([{str(article)!r}, '--fix', '--in-place']))\n"
    )
    done = _run_child(code, tmp_path)
    assert done.returncode == -signal.SIGKILL
    assert article.read_bytes() == before
    assert all(name.endswith(safe_write.TEMP_SUFFIX) for name in leftovers(tmp_path))


def test_the_fix_is_written_and_the_mode_kept(tmp_path: Path) -> None:
    article = broken_article(tmp_path)
    article.chmod(0o640)
    assert main([str(article), "--fix", "--in-place"]) == 1
    assert RIGHT in article.read_text(encoding="utf-8")
    assert stat.S_IMODE(article.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_umask_mode_and_missing_folders(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        report = tmp_path / ".wikiaudit" / "deeper" / "report.json"
        baseline = tmp_path / ".wikiaudit" / "2012.json"
        assert main([str(FIXTURE), "--format", "json", "-o", str(report)]) == 1
        assert main([str(FIXTURE), "--write-baseline", str(baseline)]) == 0
    finally:
        os.umask(old)
    assert report.read_text(encoding="utf-8").startswith("{")
    assert '"wikiaudit_baseline": 1' in baseline.read_text(encoding="utf-8")
    assert stat.S_IMODE(report.stat().st_mode) == 0o640


def test_writing_through_a_symlink_updates_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main([str(FIXTURE), "--format", "json", "-o", str(link)]) == 1
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("{")


# ------------------------------------------------------------------ refusing to overwrite


def _article_spellings(tmp_path: Path, article: Path) -> dict[str, Path]:
    (tmp_path / "link.txt").symlink_to(article)
    os.link(article, tmp_path / "hard.txt")
    (tmp_path / "sub").mkdir()
    return {
        "same path": article,
        "symlink": tmp_path / "link.txt",
        "hard link": tmp_path / "hard.txt",
        "other spelling": tmp_path / "sub" / ".." / article.name,
    }


@pytest.mark.parametrize(
    "options",
    [["-o"], ["--write-baseline"], ["--fix", "--output"]],
    ids=["-o", "--write-baseline", "--fix --output"],
)
def test_an_output_naming_the_article_is_refused(
    options: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = broken_article(tmp_path)
    before = article.read_bytes()
    for spelling, path in _article_spellings(tmp_path, article).items():
        assert main([str(article), *options, str(path)]) == 2, spelling
        assert "refusing to overwrite" in one_error_line(capsys), spelling
        assert article.read_bytes() == before, spelling


def test_an_output_naming_another_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    assert main([str(FIXTURE), "--write-baseline", str(baseline)]) == 0
    kept = baseline.read_bytes()
    capsys.readouterr()
    assert main([str(FIXTURE), "--baseline", str(baseline), "-o", str(baseline)]) == 2
    assert "refusing to overwrite" in one_error_line(capsys)
    assert baseline.read_bytes() == kept


@pytest.mark.parametrize("special", ["/dev/null", "fifo"])
def test_an_output_that_is_not_a_regular_file_is_refused(
    special: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = Path(special)
    if special == "fifo":
        target = tmp_path / "fifo"
        os.mkfifo(target)
    assert main([str(FIXTURE), "-o", str(target)]) == 2
    assert "not a regular file" in one_error_line(capsys)
    assert not stat.S_ISREG(os.stat(target).st_mode)


# -------------------------------------------------------- encodings, BOMs and line endings

ENCODINGS = {
    "utf-8": (b"", "utf-8"),
    "utf-8 with BOM": (b"\xef\xbb\xbf", "utf-8"),
    "utf-16-le": (b"\xff\xfe", "utf-16-le"),
    "utf-16-be": (b"\xfe\xff", "utf-16-be"),
    "utf-32-le": (b"\xff\xfe\x00\x00", "utf-32-le"),
    "utf-32-be": (b"\x00\x00\xfe\xff", "utf-32-be"),
}
ENDINGS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


#: Every encoding and line end with the flattened form; the wikitext form with two of them.
ROUND_TRIPS = [
    *(
        (form, encoding, ending)
        for form in ["2012.txt"]
        for encoding in ENCODINGS
        for ending in ENDINGS
    ),
    *(
        ("2012.wikitext", encoding, ending)
        for encoding in ["utf-8 with BOM", "utf-16-le"]
        for ending in ENDINGS
    ),
]


@pytest.mark.parametrize(("form", "encoding", "ending"), ROUND_TRIPS)
def test_in_place_keeps_encoding_bom_and_line_endings(
    form: str, encoding: str, ending: str, tmp_path: Path
) -> None:
    """Only the wrong value changes: every other byte, BOM and line end stays as it was."""
    bom, codec = ENCODINGS[encoding]
    text = read_fixture(form)
    right = RIGHT if form.endswith("txt") else WIKITEXT_CORE + "206\n"
    wrong = WRONG if form.endswith("txt") else WIKITEXT_CORE + "207\n"
    assert text.count(right) == 1
    broken = text.replace(right, wrong).replace("\n", ENDINGS[ending])
    expected = text.replace("\n", ENDINGS[ending])
    article = tmp_path / f"article{Path(form).suffix}"
    article.write_bytes(bom + broken.encode(codec))

    assert main([str(article), "--fix", "--in-place"]) == 1
    assert article.read_bytes() == bom + expected.encode(codec)


#: CORE Autosport's PC team row in the wikitext fixture, up to its total (206).
WIKITEXT_CORE = "| 24 || 20 || 22 || 20 || 16 || 16 || 22 || 20 || 22 || 24 || "


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(min_size=1).filter(str.strip),
    encoding=st.sampled_from(sorted(ENCODINGS)),
)
def test_decoding_then_encoding_gives_the_same_bytes(text: str, encoding: str) -> None:
    bom, codec = ENCODINGS[encoding]
    try:
        data = bom + text.encode(codec)
    except UnicodeEncodeError:  # lone surrogates: not text any file can hold
        return
    try:
        decoded, stored = decode_stored(data, name="x")
    except Exception:  # refused (empty, binary, NUL in UTF-8): nothing to write back
        return
    assert stored.encode(decoded) == data
