"""Entry list vs standings: who scores must have been entered, for that team, in that round.

The flattened entry list lost cells with its row spans, and what was lost is known in kind: a
team's first row kept only the team and chassis (its first driver and his rounds are gone),
and a row skipped inside a team's block (a second chassis with its number) lost a driver too.
Those *lost rows* are counted per team. A scoring driver missing from his team's rows is taken
to be one of them; when a team has more such drivers than lost rows, or a listed driver scores
in a round his rows do not give and no lost row is left to account for it, the tables
contradict each other. Where a lost row could still account for it, the finding is ``info``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from wikiaudit.scraper.model import Name, Table
from wikiaudit.validators.findings import Finding, Severity
from wikiaudit.validators.linkage import Linkage, entries_of, links
from wikiaudit.validators.names import fold
from wikiaudit.validators.readers.entries import grid_columns
from wikiaudit.validators.rules.gate import gated
from wikiaudit.validators.rules.locate import standings_finding
from wikiaudit.validators.season import Entry, RaceResult, Season, StandingRow, Standings


@dataclass(slots=True)
class Block:
    """One team's rows in one class of the entry list."""

    cls: str
    team: str
    entries: list[Entry] = field(default_factory=list)
    lost_rows: int = 0
    unlisted: dict[str, StandingRow] = field(default_factory=dict)

    @property
    def free_rows(self) -> int:
        return self.lost_rows - len(self.unlisted)


def check(season: Season) -> list[Finding]:
    table = season.entries_table
    if not season.entries or table is None:  # entries are only ever read from a table
        return []
    blocks = build_blocks(season.entries)
    blocks.links = links(season)
    findings: list[Finding] = []
    read = [s for s in season.standings if s.fit is not None and s.fit.fits]
    where = {"table": table.title, "table_index": table.index, "line": table.line}
    missing: list[Finding] = []
    teams_checked = 0
    for standings in read:
        missing += _missing_teams(standings, blocks)
        teams_checked += len(
            {fold(t.text) for row in standings.rows for t in _teams_of(standings, row)}
        )
    findings += gated(
        missing, teams_checked, "the standings' teams against the entry list", **where
    )
    for drivers in read:
        if drivers.kind == "driver":
            _collect_unlisted(drivers, blocks)
    rounds: list[Finding] = []
    rounds_checked = 0
    for drivers in read:
        if drivers.kind == "driver":
            found, checked = _driver_rounds(season, drivers, blocks)
            rounds += found
            rounds_checked += checked
    findings += gated(
        rounds, rounds_checked, "the standings' rounds against the entry list", **where
    )
    findings += _overfull(blocks, table)
    findings += _assumed_lost(season, blocks, table)
    findings += _overlaps(season, table)
    return findings


class Blocks(dict[tuple[str, str], Block]):
    """Team blocks keyed by (class, folded team); look-ups by a team's spelling are remembered,
    since every standings row asks for its team's blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[tuple[str, str], list[Block]] = {}
        self.links = Linkage({}, {})


def build_blocks(entries: list[Entry]) -> Blocks:
    """Team blocks keyed by (class, folded team), with the rows flattening lost in each."""
    blocks = Blocks()
    previous: Entry | None = None
    for entry in entries:
        if entry.team is None:
            previous = None
            continue
        key = (entry.cls, fold(entry.team.text))
        block = blocks.setdefault(key, Block(entry.cls, entry.team.text))
        same_run = previous is not None and (previous.cls, fold(previous.team.text)) == key
        if same_run and previous is not None:
            block.lost_rows += max(entry.row_index - previous.row_index - 1, 0)
        else:
            block.lost_rows += 1
        block.entries.append(entry)
        previous = entry
    return blocks


def _blocks_for(blocks: Blocks, cls: str, team: str) -> list[Block]:
    """An entry list without class rows (a one-class series) enters a team for every table."""
    key = (cls, team)
    if key not in blocks.found:
        same_team = blocks.links.same_team
        blocks.found[key] = [
            b for b in blocks.values() if b.cls in ("", cls) and same_team(b.team, team)
        ]
    return blocks.found[key]


def _missing_teams(standings: Standings, blocks: Blocks) -> list[Finding]:
    findings: list[Finding] = []
    if not _names_entrants(standings, blocks):
        return findings
    seen: set[str] = set()
    for row in standings.rows:
        teams = _teams_of(standings, row)
        for team in teams:
            if fold(team.text) in seen or _blocks_for(blocks, standings.cls, team.text):
                continue
            seen.add(fold(team.text))
            elsewhere = sorted(
                {b.cls for b in blocks.values() if blocks.links.same_team(b.team, team.text)}
            )
            where = f" (it is entered in {', '.join(elsewhere)})" if elsewhere else ""
            findings.append(
                standings_finding(
                    standings,
                    row,
                    rule="entry-missing-team",
                    severity=Severity.ERROR,
                    message=(
                        f"{team.text} is in the {standings.cls} standings but the entry list "
                        f"has no {standings.cls} entry for it{where}"
                    ),
                    column=_team_column(standings),
                    column_label="Team",
                    published=team.text,
                    expected="an entry",
                )
            )
    return findings


def _teams_of(standings: Standings, row: StandingRow) -> list[Name]:
    return [row.name] if standings.kind == "team" else list(row.teams)


def _names_entrants(standings: Standings, blocks: Blocks) -> bool:
    """Whether the table's teams are the entry list's entrants at all.

    A manufacturers' or constructors' table (``Lotus-Climax``) names something other than the
    entrants (``Team Lotus``); only when at least half of its teams are found in the entry list
    is a missing one a missing entry rather than a different kind of name.
    """
    teams = {fold(t.text): t.text for row in standings.rows for t in _teams_of(standings, row)}
    found = sum(1 for text in teams.values() if _blocks_for(blocks, standings.cls, text))
    return found * 2 >= len(teams)


def _collect_unlisted(drivers: Standings, blocks: Blocks) -> None:
    for row in drivers.rows:
        if not any(v.points for v in row.values.values()):
            continue
        for team in row.teams:
            for block in _blocks_for(blocks, drivers.cls, team.text):
                names = [e.driver.text for e in block.entries]
                if blocks.links.find_person(row.label, names) is None:
                    block.unlisted[fold(row.label)] = row


def _driver_rounds(season: Season, drivers: Standings, blocks: Blocks) -> tuple[list[Finding], int]:
    """Points in a round the entry list does not enter the driver for.

    When the results also name him among that round's winners, two tables agree against the
    entry list: it is the odd one out, and the finding sits on its row (one per row, every such
    round in the expected rounds). Otherwise the standings and the entry list disagree alone,
    and the finding sits on the standings cell. Also returns how many scored rounds were
    checked, for the gate (``rules.gate``).
    """
    findings: list[Finding] = []
    checked = 0
    linkage = blocks.links
    for row in drivers.rows:
        own = [b for t in row.teams for b in _blocks_for(blocks, drivers.cls, t.text)]
        if not own or any(fold(row.label) in b.unlisted for b in own):
            continue
        mine = [e for b in own for e in b.entries if linkage.same_person(e.driver.text, row.label)]
        if any(e.rounds is None for e in mine):
            continue  # his rounds were lost; the entry list reader already says so
        entered = frozenset().union(*(e.rounds or frozenset() for e in mine))
        scored = [v.round for v in row.values.values() if v.points]
        checked += len(scored)
        # a driver's points are his own: entered that round for another team of the class (a
        # mid-season move the standings' one team does not show), he may score them
        entered |= _entered_elsewhere(season, drivers.cls, row)
        missing = [r for r in scored if r not in entered]
        won = {r: result for r in missing if (result := _won(season, drivers.cls, row, r))}
        if won:
            findings.append(_entry_row_finding(season, drivers, row, won, mine, own))
        findings += [
            _round_finding(season, drivers, row, r, mine, own) for r in missing if r not in won
        ]
    return findings, checked


def _entered_elsewhere(season: Season, cls: str, row: StandingRow) -> frozenset[int]:
    """The rounds the entry list enters the driver for, with any team of the class."""
    return frozenset().union(*(e.rounds or () for e in entries_of(season, row.label, cls)))


def _won(season: Season, cls: str, row: StandingRow, round_number: int) -> RaceResult | None:
    """The result naming this driver among the class winners of that round, if any."""
    linkage = links(season)
    return next(
        (
            result
            for result in season.results
            if result.round == round_number
            and result.cls == cls
            and any(linkage.same_person(d.text, row.label) for d in result.drivers)
        ),
        None,
    )


def _leniency(
    season: Season, row: StandingRow, round_number: int, mine: list[Entry], own: list[Block]
) -> tuple[Severity, str]:
    """How sure a contradiction is: another entry that round, or a lost row, soften it."""
    linkage = links(season)
    others = sorted(
        {
            f"{e.team.text} ({e.cls})"
            for e in season.entries
            if e.team is not None
            and e.rounds is not None
            and round_number in e.rounds
            and linkage.same_person(e.driver.text, row.label)
            and e not in mine
        }
    )
    if others:
        return Severity.WARNING, f"; that round it enters him for {', '.join(others)}"
    if any(block.free_rows > 0 for block in own):
        return Severity.INFO, "; a row of this team lost in flattening may hold that round"
    return Severity.ERROR, ""


def _entry_row_finding(
    season: Season,
    drivers: Standings,
    row: StandingRow,
    won: dict[int, RaceResult],
    mine: list[Entry],
    own: list[Block],
) -> Finding:
    """The entry list is the odd one out: the results and the standings agree he scored."""
    table = season.entries_table
    assert table is not None
    linkage = links(season)
    first = won[min(won)]
    entry = next(
        (e for e in mine if e.team and linkage.same_team(e.team.text, first.team.text)), mine[0]
    )
    codes = {rc.round: rc.code for rc in drivers.rounds}
    rounds = ", ".join(f"{codes.get(r, r)} (round {r}, {row.values[r].text})" for r in sorted(won))
    judged = [_leniency(season, row, r, mine, own) for r in sorted(won)]
    severity, why = min(judged, key=lambda judged: judged[0].rank)
    implied = (entry.rounds or frozenset()) | frozenset(won)
    columns = grid_columns(table)
    return Finding(
        rule="entry-rounds",
        severity=severity,
        message=(
            f"the entry list enters {entry.driver.text} for "
            f"{entry.team.text if entry.team else 'his team'} in rounds {entry.rounds_text} "
            f"only, but the results name him among the winners and the {drivers.cls} driver "
            f"standings give him points in {rounds}" + why
        ),
        table=table.title,
        row=entry.driver.text,
        column="Rounds",
        published=entry.rounds_text,
        expected=format_rounds(implied),
        line=entry.line,
        table_index=table.index,
        cell=(entry.row_index, columns["rounds"] if columns else 1),
        details={
            "standings_line": row.line,
            "results_lines": sorted({result.line for result in won.values()}),
            "rounds": sorted(won),
        },
    )


def _round_finding(
    season: Season,
    drivers: Standings,
    row: StandingRow,
    round_number: int,
    mine: list[Entry],
    own: list[Block],
) -> Finding:
    value = row.values[round_number]
    rc = next(rc for rc in drivers.rounds if rc.round == round_number)
    given = "; ".join(e.rounds_text for e in mine)
    teams = " / ".join(t.text for t in row.teams)
    severity, why = _leniency(season, row, round_number, mine, own)
    message = (
        f"{row.label} scores {value.text} in {rc.code} (round {round_number}) for {teams}, "
        f"but the entry list enters him for it in rounds {given} only (line "
        f"{', '.join(str(e.line) for e in mine)})" + why
    )
    return standings_finding(
        drivers,
        row,
        rule="entry-rounds",
        severity=severity,
        message=message,
        column=rc.column,
        column_label=rc.code,
        published=value.text,
        expected=f"no points (entered in {given})",
        line=value.line,
        details={"entry_lines": [e.line for e in mine]},
    )


def format_rounds(rounds: frozenset[int]) -> str:
    """``{3, 4, 6, 7, 9}`` -> ``3–4, 6–7, 9``: the way entry lists write rounds."""
    runs: list[list[int]] = []
    for number in sorted(rounds):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _overfull(blocks: Blocks, table: Table) -> list[Finding]:
    """More scoring drivers missing from a team's rows than flattening can have lost."""
    findings: list[Finding] = []
    for block in blocks.values():
        if block.free_rows >= 0:
            continue
        names = sorted(row.label for row in block.unlisted.values())
        first = block.entries[0]
        findings.append(
            Finding(
                rule="entry-missing-driver",
                severity=Severity.WARNING,
                message=(
                    f"{len(names)} drivers score for {block.team} ({block.cls}) but are not in "
                    f"its entry list rows, which lost at most {block.lost_rows}: "
                    f"{', '.join(names)}"
                ),
                table=table.title,
                row=block.team,
                column="Driver",
                published=f"{len(block.entries)} rows",
                expected=f"{len(names) - block.lost_rows} more drivers",
                line=first.line,
                table_index=table.index,
                details={"unlisted": names},
            )
        )
    return findings


def _assumed_lost(season: Season, blocks: Blocks, table: Table) -> list[Finding]:
    """Say once which scoring drivers could not be checked because their rows were lost."""
    assumed = sorted(
        f"{row.label} ({block.team}, {block.cls})"
        for block in blocks.values()
        if block.free_rows >= 0
        for row in block.unlisted.values()
    )
    if not assumed:
        return []
    return [
        Finding(
            rule="entry-unverifiable",
            severity=Severity.INFO,
            message=(
                f"{len(assumed)} scoring drivers are not in the entry list; each is taken to be a "
                f"driver row its team lost in flattening, so their rounds cannot be checked: "
                f"{', '.join(assumed)}"
            ),
            table=table.title,
            row="lost driver rows",
            published=str(len(assumed)),
            line=season.entries[0].line,
            table_index=table.index,
            details={"drivers": assumed},
        )
    ]


def _overlaps(season: Season, table: Table) -> list[Finding]:
    """A driver entered for two teams in the same round."""
    linkage = links(season)
    by_driver: dict[str, list[Entry]] = defaultdict(list)
    for entry in season.entries:
        if entry.team is not None and entry.rounds is not None:
            by_driver[linkage.person(entry.driver.text)].append(entry)
    findings: list[Finding] = []
    for entries in by_driver.values():
        for i, first in enumerate(entries):
            for second in entries[i + 1 :]:
                assert first.team is not None and second.team is not None
                both = sorted((first.rounds or frozenset()) & (second.rounds or frozenset()))
                if not both or linkage.same_team(first.team.text, second.team.text):
                    continue
                findings.append(
                    Finding(
                        rule="entry-overlap",
                        severity=Severity.WARNING,
                        message=(
                            f"{second.driver.text} is entered for {first.team.text} "
                            f"(line {first.line}) and {second.team.text} (line {second.line}) "
                            f"in round {', '.join(map(str, both))}"
                        ),
                        table=table.title,
                        row=second.driver.text,
                        column="Rounds",
                        published=second.rounds_text,
                        expected=f"not round {', '.join(map(str, both))}",
                        line=second.line,
                        table_index=table.index,
                        cell=(second.row_index, 1),
                        details={"other_line": first.line},
                    )
                )
    return findings


def _team_column(standings: Standings) -> int | None:
    """The column headed ``Team``: the name column of a teams' table, the team column of a
    drivers' table; None when the header says ``Entrant`` or the like."""
    header = [h.strip().lower() for h in standings.table.header]
    return header.index("team") if "team" in header else None
