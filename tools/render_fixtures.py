"""Render ``fixtures/2012.txt`` as the wikitext and the rendered HTML the article came from.

Why: the audit must give the same findings whatever form an article is read from, and only
the flattened text form had a fixture. The flattened form lost what the other two forms
carry (row/colspans, flags, links, bold/italic, footnotes, the layout table around a
standings table), so the two renditions put that markup back, written the way Wikipedia
writes it, with every *value* taken from ``2012.txt`` (no Wikipedia text is copied: the
fixtures are derived from our own fixture). Run from the repository root::

    python tools/render_fixtures.py          # rewrites fixtures/2012.wikitext and 2012.html

The HTML is what MediaWiki's ``action=render`` gives for the wikitext (``mw-parser-output``,
``span.flagicon`` with the country name in the image ``alt``, ``sup.reference``,
``h2 > span.mw-headline``, ``<p>`` prose, ``<ul>`` bullets), produced from the same cell model
rather than by a wiki, so the two renditions cannot drift apart.

What is not a plain copy of ``2012.txt`` (all deliberate, all here in code, no hand edits
after generation):

* Typography the flattened text cannot show: tied drivers share one ``rowspan`` position
  cell; in the GT driver standings tied drivers also share one ``rowspan`` Total cell (as
  many articles write ties); a few race cells are bold (pole) or italic (fastest lap), see
  ``MARKS``; the P1 class winners in the results table are bold ("Overall winners in bold");
  the GT driver standings use ``{{sortname}}``; names are links, nationalities flag icons.
* Footnotes: a ``<ref>`` on the calendar's Date header and on the Petit Le Mans length, and
  a ``<sup>†</sup>`` on JDX Racing's Mid-Ohio cell that points at the note under the table.
* The results table of round 3 gives Jeroen Bleekemolen no flag (the flattened text ran his
  name into Emilio Di Guida's, which is what a missing flag looks like): kept flagless here.
* The entry list: the flattened text kept only the first two cells of each row, so each
  team's first car lost its number and its first driver, and a second car that shares the
  chassis cell lost its driver's rounds. Those cells are not invented: a first car's number
  comes from the results table when that gives exactly one unused number for the team in
  that class (else the No. cell is empty), and a lost driver or lost rounds are empty cells:
  the row that lost them is kept, so every form holds the same rows and says as little about
  them (an entry list that simply left the driver out would be a different article).
* A ``References`` section with ``{{Reflist}}`` (no table, no paragraph in any form).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "fixtures" / "2012.txt"
TABLE_STYLE = "font-size: 85%;"

# Flag code as the article writes it -> (name in the flag image's alt, file stem of the flag).
COUNTRIES: dict[str, tuple[str, str]] = {
    "USA": ("United States", "the_United_States"),
    "GBR": ("United Kingdom", "the_United_Kingdom"),
    "DEU": ("Germany", "Germany"),
    "GER": ("Germany", "Germany"),
    "FRA": ("France", "France"),
    "CHE": ("Switzerland", "Switzerland"),
    "SUI": ("Switzerland", "Switzerland"),
    "CAN": ("Canada", "Canada"),
    "PRT": ("Portugal", "Portugal"),
    "POR": ("Portugal", "Portugal"),
    "DNK": ("Denmark", "Denmark"),
    "DEN": ("Denmark", "Denmark"),
    "BEL": ("Belgium", "Belgium"),
    "BRA": ("Brazil", "Brazil"),
    "NLD": ("Netherlands", "the_Netherlands"),
    "NED": ("Netherlands", "the_Netherlands"),
    "MEX": ("Mexico", "Mexico"),
    "NZL": ("New Zealand", "New_Zealand"),
    "AUS": ("Australia", "Australia"),
    "PUR": ("Puerto Rico", "Puerto_Rico"),
    "VEN": ("Venezuela", "Venezuela"),
    "ESP": ("Spain", "Spain"),
    "FIN": ("Finland", "Finland"),
    "AUT": ("Austria", "Austria"),
    "HKG": ("Hong Kong", "Hong_Kong"),
    "POL": ("Poland", "Poland"),
    "IRE": ("Ireland", "Ireland"),
    "IRL": ("Ireland", "Ireland"),
    "ZAF": ("South Africa", "South_Africa"),
    "RSA": ("South Africa", "South_Africa"),
    "ITA": ("Italy", "Italy"),
}
# A name the flattened text ran into the one before it because the article gave it no flag.
UNFLAGGED = {"Emilio Di Guida Jeroen Bleekemolen": ("Emilio Di Guida", "Jeroen Bleekemolen")}
# (standings kind, class, row name, round code) -> pole (b), fastest lap (i) or both (bi).
MARKS: dict[tuple[str, str, str, str], str] = {
    ("driver", "P1", "Klaus Graf", "LBH"): "b",
    ("driver", "P1", "Lucas Luhr", "LBH"): "b",
    ("driver", "P1", "Chris Dyson", "LGA"): "i",
    ("driver", "P1", "Guy Smith", "LGA"): "i",
    ("driver", "GT", "Oliver Gavin", "LGA"): "bi",
    ("driver", "GT", "Tommy Milner", "LGA"): "bi",
    ("driver", "GTC", "Cooper MacNeil", "RAM"): "b",
    ("team", "P2", "Level 5 Motorsports", "SEB"): "b",
    ("team", "GT", "Corvette Racing", "VIR"): "i",
}
DAGGERS = {("team", "GTC", "JDX Racing", "MOH")}
SPAN_TIED_TOTALS = {("driver", "GT")}
SORTNAME = {("driver", "GT")}
# Phrases of the prose that are links in the article body (first occurrence per paragraph).
PROSE_LINKS = (
    "American Le Mans Series",
    "International Motor Sports Association",
    "IMSA GT Championship",
    "12 Hours of Sebring",
    "Intercontinental Le Mans Cup",
    "FIA World Endurance Championship",
    "Petit Le Mans",
    "European Le Mans Series",
    "ESPN3",
    "Virginia International Raceway",
    "Rolex Sports Car Series",
    "Dempsey Racing",
    "Patrick Dempsey",
    "Oreca FLM09",
    "Aston Martin Racing",
    "24 Hours of Le Mans",
    "Alex Job Racing",
    "SRT Motorsports",
    "Dodge Viper",
    "Radical SR10",
    "JDX Racing",
    "TRG",
    "Tim Pappas",
)
REFS = {
    "schedule": "American Le Mans Series announces 2012 schedule, September 30, 2011.",
    "plm": "The race ends after 1000 miles or ten hours, whichever comes first.",
}

# --- the cell model ----------------------------------------------------------------------
# Inline content is a list of tuples: ("text", s), ("flag", code), ("link", target, label),
# ("br",), ("b" | "i" | "bi", inlines), ("sup", s), ("ref", name), ("sortname", first, last).
Inline = tuple


@dataclass
class Cell:
    content: list[Inline]
    header: bool = False
    attrs: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Table:
    rows: list[list[Cell]]
    legend: list[str] | None = None  # the layout cell beside the table (P1 driver standings)
    inline: bool = False  # plain cells of a row on one line, ``| 20 || 16 || 13``


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Prose:
    text: str
    bullet: bool = False


Block = Heading | Prose | Table


def text(value: str) -> list[Inline]:
    return [("text", value)] if value else []


def link(label: str, target: str | None = None) -> list[Inline]:
    return [("link", target or label, label)] if label else []


def th(content: list[Inline], **attrs: str) -> Cell:
    return Cell(content, True, list(attrs.items()))


def td(content: list[Inline], **attrs: str) -> Cell:
    return Cell(content, False, list(attrs.items()))


# --- reading the flattened text ----------------------------------------------------------


def split_cells(line: str) -> list[str]:
    inner = line.strip()[1:]
    inner = inner[:-1] if inner.endswith("|") else inner
    return [part.strip() for part in inner.split("|")]


def flagged(value: str) -> list[tuple[str | None, str]]:
    """``USA Performance Tech Motorsports USA RSR Racing`` -> its (flag, name) pairs."""
    names: list[tuple[str | None, str]] = []
    code: str | None = None
    words: list[str] = []
    for token in value.split():
        if token in COUNTRIES:
            if words:
                names.append((code, " ".join(words)))
            code, words = token, []
        else:
            words.append(token)
    if words:
        names.append((code, " ".join(words)))
    out: list[tuple[str | None, str]] = []
    for nationality, name in names:
        parts = UNFLAGGED.get(name)
        out += [(nationality, parts[0]), (None, parts[1])] if parts else [(nationality, name)]
    return out


def person(code: str | None, name: str, *, sortname: bool = False) -> list[Inline]:
    """A flag and a linked name; ``#016 Dyson Racing Team`` keeps the car number unlinked."""
    flag: list[Inline] = [("flag", code), ("text", " ")] if code else []
    car = re.match(r"(#\w+) (.+)$", name)
    if car:
        return [*flag, ("text", car.group(1) + " "), *link(car.group(2))]
    if sortname and " " in name:
        first, last = name.split(" ", 1)
        return [*flag, ("sortname", first, last)]
    return [*flag, *link(name)]


def names_cell(value: str, *, sortname: bool = False) -> list[Inline]:
    """Stacked names, one per line, as results and multi-team standings cells write them."""
    out: list[Inline] = []
    for index, (code, name) in enumerate(flagged(value)):
        out += ([("br",)] if index else []) + person(code, name, sortname=sortname)
    return out


def read_blocks(source: str) -> Iterator[tuple[str, object]]:
    """The flattened article as ("heading"|"prose"|"table"|"legend", payload) in order."""
    table: list[list[str]] = []
    legend: list[str] | None = None
    for raw in source.splitlines():
        line = raw.strip()
        if line.startswith("|valign"):
            legend = []
            continue
        if line.startswith("|}"):
            yield "table", (table, legend)
            table, legend = [], None
            continue
        if line.startswith("|"):
            table.append(split_cells(line))
            continue
        if legend is not None:
            if line:
                legend.append(line)
            continue
        if table:
            yield "table", (table, None)
            table = []
        heading = re.match(r"^(=+)\s*(.*?)\s*\1$", line)
        if heading:
            yield "heading", (len(heading.group(1)), heading.group(2))
        elif line:
            yield "prose", line
    if table:
        yield "table", (table, legend)


# --- building each table -----------------------------------------------------------------


@dataclass
class Calendar:
    circuits: list[str] = field(default_factory=list)
    races: list[str] = field(default_factory=list)
    numbers: dict[tuple[str, str], list[str]] = field(default_factory=dict)


def calendar_table(rows: list[list[str]], calendar: Calendar) -> Table:
    header = [th(text(label)) for label in rows[0]]
    header[5] = th([*text("Date"), ("ref", "schedule")])
    out = [header]
    for rnd, race, length, circuit, location, date in rows[1:]:
        calendar.circuits.append(circuit)
        calendar.races.append(race)
        length_cell = text(length) + ([("ref", "plm")] if "1000 mi" in length else [])
        out.append(
            [
                td(text(rnd)),
                td(link(race)),
                td(length_cell),
                td(link(circuit)),
                td(link(location)),
                td(text(date)),
            ]
        )
    return Table(out)


def results_table(rows: list[list[str]], calendar: Calendar) -> Table:
    first, second = rows[0], rows[1]
    classes = [label.split()[0] for label in first[2:-1]]
    out = [
        [
            th(text(first[0]), rowspan="2"),
            th(text(first[1]), rowspan="2"),
            *(th(text(label)) for label in first[2:-1]),
            th(text(first[-1]), rowspan="2"),
        ],
        [th(text(label)) for label in second if label],
    ]
    for teams, drivers in zip(rows[2::2], rows[3::2], strict=True):
        rnd = int(teams[0])
        circuit = calendar.circuits[rnd - 1]
        top = [
            th(text(teams[0]), rowspan="2"),
            td(link(teams[1], circuit), rowspan="2"),
        ]
        for cls, value in zip(classes, teams[2:-1], strict=True):
            for _, name in flagged(value):
                calendar.numbers.setdefault((cls, name.split(" ", 1)[1]), []).append(
                    name.split(" ", 1)[0].lstrip("#")
                )
            cell = names_cell(value)
            top.append(td([("b", cell)] if cls == "P1" else cell))
        top.append(td(link("Report", calendar.races[rnd - 1]), rowspan="2"))
        bottom = [
            td([("b", names_cell(v))] if i == 0 else names_cell(v))
            for i, v in enumerate(drivers[:5])
        ]
        out += [top, bottom]
    return Table(out)


def points_table(rows: list[list[str]]) -> Table:
    width = len(rows[0])
    out = [
        [th(text(rows[0][0]), colspan=str(width))],
        [th(text(rows[1][0]), rowspan="2"), th(text(rows[1][1]), colspan=str(width - 1))],
        [th(text(label)) for label in rows[2] if label],
    ]
    out += [[th(text(row[0])), *(td(text(v)) for v in row[1:])] for row in rows[3:]]
    return Table(out)


def entry_table(rows: list[list[str]], calendar: Calendar) -> Table:
    """Team > car > drivers with the row spans the flattened text lost (see the docstring)."""
    width = 5
    classes: list[tuple[str, list[dict]]] = []
    for first, second in (row[:2] for row in rows[2:]):
        first_names = flagged(first)
        if not second and not first_names[0][0]:
            classes.append((first, []))
            continue
        teams = classes[-1][1]
        if (
            first_names[0][0]
            and not (flagged(second) and flagged(second)[0][0])
            and not (re.match(r"^(All|\d)", second))
        ):
            teams.append({"team": first, "cars": [[second, None, [("", "")]]]})
        elif first_names[0][0]:
            teams[-1]["cars"][-1][2].append((first, second))
        elif re.fullmatch(r"\d+", second):
            teams[-1]["cars"].append([first, second, [("", "")]])
        else:
            chassis = teams[-1]["cars"][-1][0]
            teams[-1]["cars"].append([chassis, first, [(second, "")]])
    out = [
        [th(text(rows[0][0]), colspan=str(width))],
        [th(text(v)) for v in (*rows[1][:2], "No.", "Drivers", "Rounds")],
    ]
    for cls, teams in classes:
        out.append([th(text(cls), colspan=str(width))])
        for team in teams:
            cars = team["cars"]
            code, name = flagged(team["team"])[0]
            known = {number for _, number, _ in cars if number}
            for car in cars:
                if car[1] is None:
                    unused = [n for n in calendar.numbers.get((cls, name), []) if n not in known]
                    car[1] = unused[0] if len(set(unused)) == 1 else ""
            team_rows = sum(max(1, len(drivers)) for _, _, drivers in cars)
            first_row = True
            for index, (chassis, number, drivers) in enumerate(cars):
                shares = index > 0 and cars[index - 1][0] == chassis
                span = sum(max(1, len(d)) for c, _, d in cars[index:] if c == chassis)
                drivers = drivers or [("", "")]
                for d_index, (driver, rounds) in enumerate(drivers):
                    row: list[Cell] = []
                    if first_row:
                        row.append(td(person(code, name), rowspan=str(team_rows)))
                        first_row = False
                    if d_index == 0:
                        if not shares:
                            row.append(td(text(chassis), rowspan=str(span)))
                        row.append(td(text(number), rowspan=str(len(drivers))))
                    row.append(td(names_cell(driver)))
                    row.append(td(text(rounds)))
                    out.append(row)
    return Table(out)


def standings_table(
    rows: list[list[str]], kind: str, cls: str, calendar: Calendar, legend: list[str] | None
) -> Table:
    header = rows[0]
    codes = [label for label in header if re.fullmatch(r"[A-Z]{3}", label)]
    first_round = header.index(codes[0])
    out: list[list[Cell]] = [
        [
            th(
                link(label, calendar.circuits[codes.index(label)])
                if label in codes
                else text(label)
            )
            for label in header
        ]
    ]
    groups: list[list[list[str]]] = []
    for row in rows[1:]:
        if row[0].isdigit():
            groups.append([row])
        else:
            groups[-1].append(["", *row[:-1]])
    key = (kind, cls)
    for group in groups:
        totals = {row[-1] for row in group}
        span_total = key in SPAN_TIED_TOTALS and len(group) > 1 and len(totals) == 1
        for index, row in enumerate(group):
            cells: list[Cell] = []
            if index == 0:
                attrs = {"rowspan": str(len(group))} if len(group) > 1 else {}
                cells.append(th(text(row[0]), **attrs))
            name_text = flagged(row[1])[0][1]
            cells.append(td(names_cell(row[1], sortname=key in SORTNAME), align="left"))
            for column in range(2, len(row) - 1):
                value = row[column]
                if column < first_round:
                    content = (
                        names_cell(value)
                        if flagged(value)[:1] and flagged(value)[0][0]
                        else text(value)
                    )
                    cells.append(td(content, align="left"))
                    continue
                code = header[column]
                content = text(value)
                mark = MARKS.get((kind, cls, name_text, code))
                if mark:
                    content = [(mark, content)]
                if (kind, cls, name_text, code) in DAGGERS:
                    content = [*content, ("sup", "†")]
                cells.append(td(content))
            if not span_total:
                cells.append(td(text(row[-1])))
            elif index == 0:
                cells.append(td(text(row[-1]), rowspan=str(len(group))))
            out.append(cells)
    return Table(out, legend, inline=kind == "team")


def calendar_of(read: list[tuple[str, object]]) -> Calendar:
    """The circuits, races and winning car numbers, which other tables link to."""
    calendar = Calendar()
    for kind, payload in read:
        rows = payload[0] if kind == "table" else []  # type: ignore[index]
        if rows and "Race" in rows[0]:
            calendar_table(rows, calendar)
    for kind, payload in read:
        rows = payload[0] if kind == "table" else []  # type: ignore[index]
        if rows and "Report" in rows[0]:
            results_table(rows, calendar)
    return calendar


def build(source: str) -> list[Block]:
    blocks: list[Block] = []
    calendar = Calendar()
    headings: list[str] = []
    read = list(read_blocks(source))
    # the entry list comes before the results, whose car numbers it needs
    calendar.numbers = calendar_of(read).numbers
    for kind, payload in read:
        if kind == "heading":
            level, value = payload  # type: ignore[misc]
            if level == 1:
                continue
            del headings[level - 2 :]
            headings.append(value)
            blocks.append(Heading(level, value))
        elif kind == "prose":
            value = str(payload)
            bullet = value.startswith("- ")
            blocks.append(Prose(value[2:] if bullet else value, bullet))
        else:
            rows, legend = payload  # type: ignore[misc]
            labels = set(rows[0])
            if "Points System" in labels:
                blocks.append(points_table(rows))
            elif "Entry List" in labels:
                blocks.append(entry_table(rows, calendar))
            elif "Race" in labels:
                blocks.append(calendar_table(rows, calendar))
            elif "Report" in labels:
                blocks.append(results_table(rows, calendar))
            else:
                standings_kind = "driver" if "Driver" in labels else "team"
                cls = headings[-1].split()[0]
                blocks.append(standings_table(rows, standings_kind, cls, calendar, legend))
    return blocks


# --- writing: what both renditions share -------------------------------------------------


def prose_inlines(value: str) -> list[Inline]:
    """The paragraph with the first occurrence of each linked phrase made a link."""
    spans: list[tuple[int, int]] = []
    for phrase in PROSE_LINKS:
        for match in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", value):
            if all(match.end() <= s or match.start() >= e for s, e in spans):
                spans.append(match.span())
                break
    out: list[Inline] = []
    position = 0
    for start, end in sorted(spans):
        out += text(value[position:start]) + link(value[start:end])
        position = end
    return out + text(value[position:])


class InlineWriter:
    """One walk over inline content for both renditions; a subclass says how each kind looks.

    Why: the wikitext and HTML writers had twin dispatch chains over the same kinds (and twin
    helpers for the legend's "Bold"/"Italics"), so a new kind or a fix had to be made twice
    and could silently be made once. An unknown kind now fails loudly instead of vanishing.
    """

    def inline(self, items: list[Inline]) -> str:
        return "".join(self.item(item) for item in items)

    def item(self, item: Inline) -> str:
        kind, *args = item
        if kind in ("b", "i", "bi"):
            return self.emphasis(kind, self.inline(args[0]))
        return getattr(self, f"write_{kind}")(*args)

    def legend(self, line: str) -> str:
        """A legend line whose leading "Bold" or "Italics" is itself written that way."""
        return re.sub(r"^(Bold|Italics)", self._legend_word, line)

    def _legend_word(self, match: re.Match[str]) -> str:
        word = match.group(1)
        return self.emphasis("b" if word == "Bold" else "i", word)

    def emphasis(self, kind: str, inner: str) -> str:
        """``inner`` (already written) in bold (``b``), italics (``i``) or both (``bi``)."""
        raise NotImplementedError


# --- writing wikitext --------------------------------------------------------------------

WIKI_EMPHASIS = {"b": "'''", "i": "''", "bi": "'''''"}


class WikiWriter(InlineWriter):
    """The article as an editor writes it: templates, ``[[links]]``, ``<ref>`` inline."""

    def write_text(self, value: str) -> str:
        return value

    def write_flag(self, code: str) -> str:
        return f"{{{{flagicon|{code}}}}}"

    def write_link(self, target: str, label: str) -> str:
        return f"[[{label}]]" if target == label else f"[[{target}|{label}]]"

    def write_br(self) -> str:
        return "<br />"

    def emphasis(self, kind: str, inner: str) -> str:
        quotes = WIKI_EMPHASIS[kind]
        return f"{quotes}{inner}{quotes}"

    def write_sup(self, value: str) -> str:
        return f"<sup>{value}</sup>"

    def write_ref(self, name: str) -> str:
        return f'<ref name="{name}">{REFS[name]}</ref>'

    def write_sortname(self, first: str, last: str) -> str:
        return f"{{{{sortname|{first}|{last}}}}}"

    def cell(self, cell: Cell) -> str:
        mark = "!" if cell.header else "|"
        attrs = " ".join(f'{k}="{v}"' for k, v in cell.attrs)
        content = self.inline(cell.content)
        return f"{mark} {attrs} | {content}".rstrip() if attrs else f"{mark} {content}".rstrip()

    def table(self, table: Table) -> str:
        lines = [f'{{| class="wikitable" style="{TABLE_STYLE}"']
        for index, row in enumerate(table.rows):
            if index:
                lines.append("|-")
            if all(cell.header for cell in row) and all(not cell.attrs for cell in row):
                lines.append("! " + " !! ".join(self.inline(cell.content) for cell in row))
            elif table.inline:
                lines += self._inline_cells(row)
            else:
                lines += [self.cell(cell) for cell in row]
        lines.append("|}")
        if table.legend is None:
            return "\n".join(lines)
        legend = [self.legend(line) for line in table.legend]
        layout = ["{|", "|", *lines, '|valign="top"|']
        return "\n".join([*layout, *(f"\n{line}" for line in legend), "|}"])

    def _inline_cells(self, row: list[Cell]) -> list[str]:
        """Runs of plain data cells share a line, as editors write the race columns."""
        lines: list[str] = []
        run: list[str] = []
        for cell in row:
            if cell.header or cell.attrs:
                if run:
                    lines.append("| " + " || ".join(run))
                    run = []
                lines.append(self.cell(cell))
            else:
                run.append(self.inline(cell.content))
        if run:
            lines.append("| " + " || ".join(run))
        return lines

    def document(self, blocks: list[Block]) -> str:
        """Blocks apart by a blank line, as editors write them; a bullet list stays together."""
        out = ""
        previous: Block | None = None
        for block in blocks:
            if isinstance(block, Heading):
                marks = "=" * block.level
                chunk = f"{marks}{block.text}{marks}"
            elif isinstance(block, Prose):
                chunk = ("* " if block.bullet else "") + self.inline(prose_inlines(block.text))
            else:
                chunk = self.table(block)
            both_bullets = isinstance(block, Prose) and isinstance(previous, Prose)
            if both_bullets and block.bullet and previous.bullet:
                out += "\n" + chunk
            else:
                out += ("\n\n" if out else "") + chunk
            previous = block
        return out + "\n\n==References==\n{{Reflist}}\n"


# --- writing rendered HTML ---------------------------------------------------------------


HTML_EMPHASIS = {"b": ("<b>", "</b>"), "i": ("<i>", "</i>"), "bi": ("<i><b>", "</b></i>")}


def href(target: str) -> str:
    return "/wiki/" + html.escape(target.replace(" ", "_"), quote=True)


class HtmlWriter(InlineWriter):
    """Keeps the reference numbering and heading ids MediaWiki gives a page."""

    def __init__(self) -> None:
        self.refs: list[str] = []
        self.ids: dict[str, int] = {}

    def write_text(self, value: str) -> str:
        return html.escape(value, quote=False)

    def write_flag(self, code: str) -> str:
        country, stem = COUNTRIES[code]
        src = f"//upload.wikimedia.org/wikipedia/commons/thumb/Flag_of_{stem}.svg"
        return (
            f'<span class="flagicon"><img alt="{country}" src="{src}/23px-Flag_of_'
            f'{stem}.svg.png" decoding="async" width="23" height="15" '
            f'class="thumbborder" /></span>'
        )

    def write_link(self, target: str, label: str) -> str:
        return (
            f'<a href="{href(target)}" title="{html.escape(target)}">'
            f"{html.escape(label, quote=False)}</a>"
        )

    def write_br(self) -> str:
        return "<br />"

    def emphasis(self, kind: str, inner: str) -> str:
        start, end = HTML_EMPHASIS[kind]
        return f"{start}{inner}{end}"

    def write_sup(self, value: str) -> str:
        return f"<sup>{html.escape(value)}</sup>"

    def write_ref(self, name: str) -> str:
        self.refs.append(name)
        number = len(self.refs)
        return (
            f'<sup id="cite_ref-{name}_{number}-0" class="reference">'
            f'<a href="#cite_note-{name}-{number}">[{number}]</a></sup>'
        )

    def write_sortname(self, first: str, last: str) -> str:
        name = f"{first} {last}"
        return (
            f'<span style="display:none" class="sortkey">{html.escape(last)}, '
            f'{html.escape(first)} !</span><span class="vcard"><span class="fn">'
            f'<a href="{href(name)}" title="{html.escape(name)}">{html.escape(name)}'
            "</a></span></span>"
        )

    def cell(self, cell: Cell) -> str:
        tag = "th" if cell.header else "td"
        attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in cell.attrs)
        return f"<{tag}{attrs}>{self.inline(cell.content)}\n</{tag}>"

    def table(self, table: Table) -> str:
        lines = [f'<table class="wikitable" style="{TABLE_STYLE}">', "<tbody>"]
        for row in table.rows:
            lines += ["<tr>", *(self.cell(cell) for cell in row), "</tr>"]
        lines += ["</tbody>", "</table>"]
        if table.legend is None:
            return "\n".join(lines)
        legend = ["<p>" + self.legend(html.escape(line)) + "\n</p>" for line in table.legend]
        layout = ["<table>", "<tbody><tr>", "<td>", *lines, "</td>", '<td valign="top">']
        return "\n".join([*layout, *legend, "</td></tr></tbody>", "</table>"])

    def heading(self, block: Heading) -> str:
        anchor = block.text.replace(" ", "_")
        seen = self.ids.get(anchor, 0)
        self.ids[anchor] = seen + 1
        anchor = f"{anchor}_{seen + 1}" if seen else anchor
        level = block.level
        return f'<h{level}><span class="mw-headline" id="{anchor}">{block.text}</span></h{level}>'

    def document(self, blocks: list[Block]) -> str:
        lines = ['<div class="mw-parser-output">']
        in_list = False
        for block in blocks:
            if in_list and not (isinstance(block, Prose) and block.bullet):
                lines.append("</ul>")
                in_list = False
            if isinstance(block, Heading):
                lines.append(self.heading(block))
            elif isinstance(block, Prose) and block.bullet:
                if not in_list:
                    lines.append("<ul>")
                    in_list = True
                lines.append(f"<li>{self.inline(prose_inlines(block.text))}</li>")
            elif isinstance(block, Prose):
                lines.append(f"<p>{self.inline(prose_inlines(block.text))}\n</p>")
            else:
                lines.append(self.table(block))
        if in_list:
            lines.append("</ul>")
        lines.append(self.heading(Heading(2, "References")))
        lines.append('<div class="reflist"><ol class="references">')
        for number, name in enumerate(self.refs, 1):
            lines.append(
                f'<li id="cite_note-{name}-{number}"><span class="mw-cite-backlink">'
                f'<a href="#cite_ref-{name}_{number}-0">^</a></span> '
                f'<span class="reference-text">{html.escape(REFS[name])}</span></li>'
            )
        lines += ["</ol></div>", "</div>"]
        return "\n".join(lines) + "\n"


def main() -> None:
    blocks = build(SOURCE.read_text(encoding="utf-8"))
    (ROOT / "fixtures" / "2012.wikitext").write_text(
        WikiWriter().document(blocks), encoding="utf-8"
    )
    (ROOT / "fixtures" / "2012.html").write_text(HtmlWriter().document(blocks), encoding="utf-8")


if __name__ == "__main__":
    main()
