"""Standings round columns must match the calendar's rounds (and each other).

A calendar may list meetings where the standings list races (two or three races a meeting), so
a count is a mismatch only when no such grouping explains it; even then it is a warning, since
a cancelled race or a non-championship round explains it as well as a missing column. Fewer
columns than rounds is only an ``info``: a class that ran some of the meetings (sidecars at
eight of twelve Grands Prix) or a championship that left a race out (the Indianapolis 500 in
the 1950s manufacturers' cup) prints exactly that.
"""

from __future__ import annotations

from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.season import Season


def check(season: Season) -> list[Finding]:
    findings: list[Finding] = []
    if not season.calendar:
        return findings
    expected = len(season.calendar)
    reference = next((s for s in season.standings if len(s.rounds) == expected), None)
    for standings in season.standings:
        if not standings.rounds:
            continue  # a totals-only table (a manufacturers' cup) prints no rounds at all
        if standings.fit is None or not standings.fit.fits:
            continue  # columns no reading fits may not be rounds (a meeting's heats and final)
        codes = [rc.code for rc in standings.rounds]
        table = standings.table
        header_line = table.header_rows[0].line if table.header_rows else table.line
        if not _explained_count(codes, expected):
            findings.append(
                Finding(
                    rule="rounds-vs-calendar",
                    severity=Severity.INFO if len(codes) < expected else Severity.WARNING,
                    message=(
                        f"{len(codes)} round columns ({', '.join(codes)}) but the calendar has "
                        f"{expected} rounds"
                    ),
                    table=standings.title,
                    row="header",
                    column="rounds",
                    published=str(len(codes)),
                    expected=str(expected),
                    line=header_line,
                    table_index=table.index,
                )
            )
        elif (
            reference is not None
            and len(codes) == len(reference.rounds)
            and (own := _without_group_label(codes))
            != (theirs := _without_group_label([rc.code for rc in reference.rounds]))
        ):
            for rc, ref, code, ref_code in zip(
                standings.rounds, reference.rounds, own, theirs, strict=True
            ):
                if not _same_round(code, ref_code):
                    findings.append(
                        Finding(
                            rule="round-code-mismatch",
                            severity=Severity.WARNING,
                            message=(
                                f"round {ref.round} is headed {code} here but {ref_code} in "
                                f"{reference.title}"
                            ),
                            table=standings.title,
                            row="header",
                            column=rc.code,
                            published=code,
                            expected=ref_code,
                            line=header_line,
                            table_index=table.index,
                            cell=(0, rc.column),
                        )
                    )
    return findings


def _same_round(code: str, other: str) -> bool:
    """Two headers name the same round unless a word differs where both are names: a round
    number (``1 R1``) over a race says nothing against a venue code (``ESP R1``) there."""
    words, others = code.split(), other.split()
    if len(words) != len(others):
        return code == other
    return all(a == b or (a.isdigit() != b.isdigit()) for a, b in zip(words, others, strict=True))


def _without_group_label(codes: list[str]) -> list[str]:
    """The codes without the words every one of them starts with: a two-row header's group
    cell (``Points after round`` over ``SEB LBH …``) is read into each column's code, and is
    not part of the round's name."""
    words = [code.split() for code in codes]
    shared = 0
    while len(codes) > 1 and all(len(w) > shared + 1 for w in words):
        if len({w[shared] for w in words}) != 1:
            break
        shared += 1
    return [" ".join(w[shared:]) for w in words] if shared else codes


def _explained_count(codes: list[str], expected: int) -> bool:
    """Round columns that match the calendar's rows: one per round, one per distinct round
    code (``Rd 1 Rd 1``: two races of one round), the same number of races every round, or
    one run of columns per round under a group header (``NEW R1 NEW R2 SYM R3 … BAT R7``:
    rounds of two races and of one)."""
    return (
        len(codes) == expected
        or len(set(codes)) == expected
        or len(codes) % expected == 0
        or _group_runs(codes) == expected
    )


def _group_runs(codes: list[str]) -> int:
    """Runs of adjacent columns whose code starts with the same word (a spanned group
    header over its races); 0 when a code has no second word to tell its race."""
    firsts = [code.split()[0] for code in codes if len(code.split()) > 1]
    if len(firsts) != len(codes):
        return 0
    return sum(1 for i, first in enumerate(firsts) if i == 0 or first != firsts[i - 1])
