"""Line ends as MediaWiki and every scraper, ``--fix`` and history hashing count them.

Only ``\\r\\n``, ``\\r`` and ``\\n`` end a line. ``str.splitlines`` also splits at U+2028, U+2029,
``\\x85``, ``\\v``, ``\\f`` and ``\\x1c``-``\\x1e``, which are ordinary characters inside a line of
wikitext; using it in one place and not another made line numbers disagree, so that a finding's
line and the line ``--fix`` edited could differ. Everything that numbers lines uses this module.
"""

from __future__ import annotations

import re

LINE_END = re.compile(r"\r\n|\r|\n")
_LINE_WITH_END = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their ends; a final line end adds no empty line.

    Numbered from 1, these are the lines every finding cites.
    """
    lines = LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def split_lines_keepends(text: str) -> list[str]:
    """The lines with their own ends kept, so ``"".join`` gives ``text`` back exactly."""
    return _LINE_WITH_END.findall(text)


def line_body(line: str) -> str:
    """A line from :func:`split_lines_keepends` without its end."""
    if line.endswith("\r\n"):
        return line[:-2]
    if line.endswith(("\r", "\n")):
        return line[:-1]
    return line
