"""One reading of a race cell, whatever the table: a number, a result code, a blank, or text.

Standings and classifications write the same things in their cells: a number (points or a
finishing position, ``12``, ``4th``, ``3=`` for a tie, ``12.5`` or ``4½`` for half points,
``−5`` with Wikipedia's minus sign), a result code (``Ret``, ``Ret.``, ``DNF``, ``DNS``, ``NC``,
``DSQ``, ``WD``, ``C`` for a cancelled race, ``Inj``...), a dash for "did not take part", a value
in brackets (a score dropped under a best-N-results rule, or a class position beside the overall
one: ``1. (18.)``), footnote marks (``15†``: classified though not running), or something that
is none of these (``1O``, ``??``). Reading them in one place keeps every check in agreement on
what a cell says; text that is none of them is reported at its cell, never silently skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

CellKind = Literal["blank", "number", "code", "text"]

RESULT_CODES = frozenset(
    {
        *("RET", "DNF", "DNS", "DSQ", "DQ", "NC", "NCL", "WD", "DNQ", "DNPQ", "DNP", "EX", "EXC"),
        *("C", "CAN", "INJ", "DNA", "DN", "WTH", "DNT", "NS", "NT", "NF", "NQ", "DSQ†", "UNC"),
        *("ABD", "DIS", "RTD", "NH", "NP", "DNR", "DNPQ", "DNPI", "EXC", "DSQ"),
    }
)
"""Codes printed instead of a position or points (retired, did not start, disqualified...)."""

ABSENT = "—"
"""The code a dash stands for: did not take part, which is neither a result nor an error."""

_DASHES = {"-", "–", "—", "−", "--", "—-", "‒", "―", "x", "X", "/"}
_MARKS = "†‡*§#^¶‖"
_HOMOGLYPHS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
_NUMBER = re.compile(r"^([+-]?)(\d+(?:[.,]\d+)?|\d*½)$")
_ORDINAL = re.compile(r"^(\d+)\s*(?:st|nd|rd|th|e|er|ème|º|°|\.)$", re.IGNORECASE)
_TIED = re.compile(r"^(?:=\s*(\d+)|(\d+)\s*=|T(\d+))$", re.IGNORECASE)
_WITH_SECOND = re.compile(r"^(.+?)\s*[(\[]\s*(.+?)\s*[)\]]$")


@dataclass(frozen=True, slots=True)
class RaceCell:
    """What one cell says.

    ``value`` is the number written (points or a position, as the table's reading decides);
    ``code`` a result code (``RET``) or ``ABSENT`` for a dash; ``bracketed`` a value in
    brackets (a dropped score); ``second`` a second value in brackets beside the first (a class
    position beside the overall one); ``marks`` footnote marks typed into the text; ``typo``
    a text that reads as a number once letters that look like digits are swapped (``1O``).
    """

    text: str
    kind: CellKind
    value: float | None = None
    code: str | None = None
    bracketed: bool = False
    tied: bool = False
    second: float | None = None
    marks: tuple[str, ...] = ()
    typo: float | None = None

    @property
    def whole(self) -> int | None:
        """The value when it is a whole number (points matrices sum these)."""
        if self.value is None or self.value != int(self.value):
            return None
        return int(self.value)

    @property
    def position(self) -> int | None:
        """The value read as a finishing position (1 or more, whole)."""
        whole = self.whole
        return whole if whole is not None and whole >= 1 else None


@lru_cache(maxsize=8192)
def read_race_cell(text: str) -> RaceCell:
    """``text`` as a number, a code, a blank or plain text (never an exception)."""
    stripped = " ".join(text.split())
    if not stripped:
        return RaceCell(text, "blank")
    marks = tuple(ch for ch in stripped if ch in _MARKS)
    bare = stripped.strip(_MARKS).strip()
    if not bare:
        return RaceCell(text, "blank", marks=marks)
    if bare in _DASHES:
        return RaceCell(text, "code", code=ABSENT, marks=marks)
    bracketed = False
    if len(bare) > 2 and bare[0] in "([" and bare[-1] in ")]":
        bare, bracketed = bare[1:-1].strip(_MARKS + " "), True
    value = read_number(bare)
    if value is not None:
        return RaceCell(text, "number", value=value, bracketed=bracketed, marks=marks)
    if tied := _TIED.match(bare):
        number = next(group for group in tied.groups() if group)
        return RaceCell(text, "number", value=float(number), tied=True, marks=marks)
    code = bare.rstrip(".").upper()
    if code in RESULT_CODES or code.rstrip("†") in RESULT_CODES:
        return RaceCell(text, "code", code=code.rstrip("†"), bracketed=bracketed, marks=marks)
    if pair := _WITH_SECOND.match(bare):
        first, second = read_race_cell(pair.group(1)), read_number(pair.group(2))
        if first.kind != "text" and second is not None:
            return RaceCell(
                text,
                first.kind,
                value=first.value,
                code=first.code,
                second=second,
                marks=(*marks, *first.marks),
            )
    typo = read_number(bare.translate(_HOMOGLYPHS)) if any(c.isdigit() for c in bare) else None
    return RaceCell(text, "text", marks=marks, typo=typo)


def read_number(text: str) -> float | None:
    """A number as an editor writes it: ``12``, ``−5``, ``12.5``, ``4½``, ``4th``, ``1.``.

    Digits of other scripts (``٣``) read as the digit they are, as a reader would read them.
    Decimal commas (``12,5``) are read only with one or two decimals, so that ``1,000`` stays
    a thousand.
    """
    if not text:
        return None
    cleaned = _ascii_digits(text.strip()).replace("\u2212", "-").replace("\u2013", "-")
    if ordinal := _ORDINAL.match(cleaned):
        return float(ordinal.group(1))
    match = _NUMBER.match(cleaned.replace(" ", ""))
    if match is None:
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", cleaned):
            return float(cleaned.replace(",", ""))
        return None
    sign, body = match.groups()
    if body.endswith("½"):
        number = float(body[:-1] or 0) + 0.5
    elif "," in body:
        whole, _, fraction = body.partition(",")
        number = float(whole + fraction) if len(fraction) == 3 else float(f"{whole}.{fraction}")
    else:
        if len(body) > 30:  # no score or position has 30 digits; int() of 5,000 would refuse
            return None
        number = float(body)
    return -number if sign == "-" else number


def _ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text
    )
