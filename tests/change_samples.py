"""A small ``audit history`` result built by hand, for the report formats of issue #12.

The walk itself is tested in ``test_history.py``; these tests only need its result, so they
build one: three revisions (the walk starts after the page's creation), one finding present
from the first (``at or before``), one introduced by the second, one fixed by the third.
Values are hostile where a report could be broken by them (a newline, ``%``, markup, a
control character).
"""

from __future__ import annotations

from wikiaudit.history import History, RevInfo, Run, Seen

URL = "https://en.wikipedia.org/w/index.php?oldid="


def rev(revid: int, user: str = "Editor") -> RevInfo:
    return RevInfo(
        revid, revid - 1, f"2012-10-0{revid % 9 + 1}T00:00:00Z", user, "", f"{URL}{revid}"
    )


def sample_history() -> History:
    first, second, third = rev(11), rev(12, "Vandal<script>"), rev(13)
    old = Seen("name-drift", "Drivers", "Jon Smith", None, "warning", "spelled two ways", 12)
    new = Seen(
        "total-mismatch",
        "Drivers",
        "Ann 100%\nB",
        "Total",
        "error",
        "total 87 is not 86 \x1b[2J",
        40,
    )
    gone = Seen("winner-points", "Teams", "TRG", "BGP", "error", "no winner's points", 70)
    return History(
        title="2099 Example Series",
        source="https://en.wikipedia.org/w/api.php '2099 Example Series'",
        walked=3,
        audited=3,
        first=first,
        first_audited=first,
        last=third,
        current=[Run(old, first), Run(new, second)],
        fixed=[Run(gone, first, third)],
    )
