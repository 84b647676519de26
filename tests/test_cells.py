"""One reading of a race cell: what editors write in standings cells, read as what it means."""

from __future__ import annotations

import pytest
from wikiaudit.validators.readers.cells import ABSENT, read_number, read_race_cell


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("12†", 12),
        ("4th", 4),
        ("1.", 1),
        ("12.5", 12.5),
        ("4½", 4.5),
        ("½", 0.5),
        ("−5", -5),  # Wikipedia's minus sign
        ("-5", -5),
        ("٣", 3),  # an Arabic-Indic digit is a digit
        ("1,000", 1000),
        ("12,5", 12.5),
    ],
)
def test_numbers_as_editors_write_them(text: str, value: float) -> None:
    cell = read_race_cell(text)
    assert (cell.kind, cell.value) == ("number", value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ret", "RET"),
        ("Ret.", "RET"),
        ("DNF", "DNF"),
        ("DNS", "DNS"),
        ("DNQ", "DNQ"),
        ("NC", "NC"),
        ("DSQ", "DSQ"),
        ("EX", "EX"),
        ("WD", "WD"),
        ("C", "C"),
        ("Inj", "INJ"),
        ("-", ABSENT),
        ("—", ABSENT),
    ],
)
def test_result_codes(text: str, code: str) -> None:
    cell = read_race_cell(text)
    assert (cell.kind, cell.code, cell.value) == ("code", code, None)


def test_blank_is_missing_data() -> None:
    assert read_race_cell("  ").kind == "blank"
    assert read_race_cell("†").kind == "blank"


def test_ties_brackets_and_class_positions() -> None:
    tied = read_race_cell("3=")
    assert (tied.kind, tied.value, tied.tied) == ("number", 3, True)
    dropped = read_race_cell("(16)")
    assert (dropped.value, dropped.bracketed) == (16, True)
    both = read_race_cell("1. (18.)")
    assert (both.kind, both.value, both.second) == ("number", 1, 18)
    total = read_race_cell("42 (52)")
    assert (total.value, total.second) == (42, 52)


def test_text_is_text_and_a_mistyped_number_is_recognised() -> None:
    typo = read_race_cell("1O")
    assert (typo.kind, typo.typo) == ("text", 10)
    assert read_race_cell("abc").typo is None
    assert read_race_cell("??").kind == "text"


def test_huge_numbers_are_not_read_and_do_not_raise() -> None:
    assert read_number("9" * 5000) is None
    assert read_race_cell("9" * 5000).kind == "text"
