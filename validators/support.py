"""How well a reading of a table is supported by the table itself.

Every interpretation the audit makes of a table ("these cells are points and the total is their
sum", "a win is worth 9 and the best five results count", "a team scores its best car") is a
hypothesis. It is held only when most of the table agrees with it; then the few rows that
disagree are the article's errors. When many rows disagree the reading is wrong, not the
article, and the table gets one ``info`` finding instead of a row of errors.

The threshold is a clear majority of enough rows:

* ``MIN_SHARE`` (80 %): one wrong row in five is an error an editor makes; two in five is a
  scoring the audit has not understood (a bonus it does not know, a dropped-score rule the
  article states in words it cannot read). Real tables whose scoring we read correctly reconcile
  at 88-100 %; misreadings reconcile at 0-60 % (``bench/real_precision.py`` prints both).
* ``MIN_ROWS`` (5): with fewer rows one error is already 25-50 % of the table, so a wrong
  reading and a wrong row cannot be told apart.

``tests/test_support.py`` pins both edges with invented tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MIN_SHARE = 0.8
MIN_ROWS = 5
VALUES_LEAST = 4
"""A small points table is read by its cells instead: when each of at least four non-zero race
values is a value of the article's points system (by chance about one number in three is), the
cells are points and the total is their sum, however few its rows."""
INFERRED_SHARE = 0.9
INFERRED_ROWS = 8
"""A reading solved from the table it judges (a points scale the article does not print) was
fitted to the same rows, so it must reconcile more of them, and more rows, to stand."""


@dataclass(frozen=True, slots=True)
class Support:
    """``reconciled`` of ``checked`` items (rows or cells) agree with a reading."""

    reconciled: int
    checked: int
    unit: str = "rows"
    examples: tuple[str, ...] = field(default=(), compare=False)
    least: int = MIN_ROWS
    """How many items a reading needs at the least (``MIN_ROWS`` rows; see ``VALUES_LEAST``)."""

    @property
    def share(self) -> float:
        return self.reconciled / self.checked if self.checked else 0.0

    @property
    def fits(self) -> bool:
        """A clear majority of enough items: disagreeing items may be reported as errors."""
        return self.checked >= self.least and self.reconciled >= MIN_SHARE * self.checked

    @property
    def fits_inferred(self) -> bool:
        return self.checked >= INFERRED_ROWS and self.reconciled >= INFERRED_SHARE * self.checked

    @property
    def disagreeing(self) -> int:
        return self.checked - self.reconciled

    def __str__(self) -> str:
        verb = "reconciles" if self.reconciled == 1 else "reconcile"
        return f"{self.reconciled} of {self.checked} {self.unit} {verb}"

    def why_not(self) -> str:
        """Why a reading that does not fit was not used, in words for the ``info`` finding."""
        if self.checked < self.least:
            return f"only {self.checked} {self.unit} to check (at least {self.least} needed)"
        text = f"{self.disagreeing} of {self.checked} {self.unit} disagree"
        if self.examples:
            text += " (e.g. " + "; ".join(self.examples[:3]) + ")"
        return text
