"""Article text made safe to show on a terminal, and JSON made safe to ``cat``.

Cells hold whatever editors (or vandals) typed: an escape sequence can set the window title,
clear the screen or hide the rest of a line (``ESC[8m``), and a right-to-left override makes
``12`` read as ``21``. Screening the first kilobytes of the input is not enough, since any cell
anywhere reaches the report. So every string a human-readable report prints goes through
:func:`printable`, which shows such characters as visible escapes (``\\x1b``, ``\\u202e``)
rather than dropping them: a reviewer sees that something was there and what it was.

JSON reports keep values exactly; :func:`terminal_safe_json` only rewrites the characters a
terminal would act on as ``\\uXXXX`` escapes, which JSON parsers read back to the same string.
That also covers lone surrogates (text from a broken API answer), which cannot be written as
UTF-8 at all but are valid as escapes.
"""

from __future__ import annotations

import re

#: C0 controls, DEL, C1 controls (``\x9b`` is a one-byte CSI), bidi embeddings, overrides,
#: isolates and marks, line/paragraph separators, and lone surrogates.
_UNSAFE = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_RE = re.compile(f"[{_UNSAFE}]")
#: In JSON text, C0 controls are already escaped by ``json.dumps``; the rest are not.
_JSON_UNSAFE_RE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep: str = "") -> str:
    """``text`` with every character a terminal would act on shown as an escape.

    ``keep``: control characters that are meaningful where the text goes (``"\\t"`` in a diff,
    ``"\\n"`` in a multi-line block). Fast when there is nothing to escape (the usual case).
    """
    if not _UNSAFE_RE.search(text):
        return text
    return _UNSAFE_RE.sub(lambda m: m.group(0) if m.group(0) in keep else _escape(m.group(0)), text)


def terminal_safe_json(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with unsafe characters escaped.

    Outside strings ``json.dumps`` writes only ASCII punctuation, digits and literals, so every
    such character is inside a string, where ``\\uXXXX`` means the same character.
    """
    if not _JSON_UNSAFE_RE.search(text):
        return text
    return _JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def json_text(data: object) -> str:
    """A JSON document as every report and file writes one: indented, UTF-8, safe to print
    (``terminal_safe_json``), with a final newline."""
    import json

    return terminal_safe_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def shortened(text: str, limit: int) -> str:
    """At most about ``limit`` characters: a value longer than a screen is cut, and says so.

    Text reports are read by people; the full value stays in the JSON report. Cutting also keeps
    line wrapping (quadratic on one long word) cheap.
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters; --format json has them all)"


#: How much of a value (published, expected, a fix) and of a label (table, row, column) a text
#: report shows; messages and explanations get more, since they are sentences.
VALUE_CHARS = 120
LABEL_CHARS = 160
SENTENCE_CHARS = 1000


def shown(text: str | None, limit: int = LABEL_CHARS) -> str:
    """A string as a text report prints it: cut to ``limit`` characters, then made printable."""
    return printable(shortened(text or "", limit))
