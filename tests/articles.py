"""Small invented articles that tests break on purpose, shared by the files that break them.

Why here: ``test_drift``, ``test_schemas`` and ``test_explain`` used to import these from
``tests.test_crosschecks``, a module pytest had already imported under another name, so it was
executed twice and its objects existed in two copies. Every article is invented: no Wikipedia
text.
"""

from __future__ import annotations

from wikiaudit.validators.findings import Finding

from tests.helpers import audit_text

# --- "2030 Test Series": a three-class article in the flattened text form ----------------
#
# ``ARTICLE`` is consistent in every table; ``article()`` applies line edits to it and fills in
# the optional prose, so each test states only what it breaks. Each class has five teams (ten
# drivers): the audit judges a table's rows only when its reading reconciles at least 80 % of
# at least 5 rows, and a cross-table check only when at most a fifth of its cases disagree, so
# one broken row or one broken case in a class must stay a minority (issue 10).

MIN_DRIVE = (
    "Points were awarded to the top five cars. Drivers were required to drive a minimum of "
    "45 minutes to earn points."
)
FULL_SEASON = (
    "Teams with full season entries are awarded points in the team championships. Teams which "
    "participated in a partial season are not included in these championships."
)

ARTICLE = """= 2030 Test Series =

==Calendar==
| Rnd | Race | Length | Circuit | Location | Date |
| 1 | Alpha Grand Prix | 2 Hours | Alpha Park | Alpha, Ohio | May 1 |
| 2 | Beta Challenge | 2 Hours | Beta Raceway | Beta, Utah | June 1 |
| 3 | Gamma 500 | 6 Hours | Gamma Circuit | Gamma, Iowa | July 1 |

==Entry list==
| Entry List | |
| Entrant/Team | Car |
| GT | |
| USA Red Racing | Porsche 911 |
| USA Anna Alpha | All |
| USA Bill Beta | All |
| USA Blue Motorsport | Ferrari 458 |
| USA Carl Cole | All |
| USA Dora Dunn | All |
| USA Silver Arrow Team | Audi R8 |
| USA Kate Kilo | All |
| USA Liam Lima | All |
| USA Orange Works | BMW M6 |
| USA Mona Mars | All |
| USA Nick Noble | All |
| USA Violet Autosport | Aston Martin Vantage |
| USA Omar Oak | All |
| USA Pia Pike | All |
| GTC | |
| USA Green Team | Porsche Cup |
| USA Gina Gamma | All |
| USA Hank Hotel | All |
| USA Gold Racing | Porsche Cup |
| USA Ivan Ink | All |
| USA Jack Jones | All |
| USA Brown Engineering | Porsche Cup |
| USA Quinn Quest | All |
| USA Rosa Reed | All |
| USA Pink Autohaus | Porsche Cup |
| USA Sam Stone | All |
| USA Tina Toll | All |
| USA White Star Racing | Porsche Cup |
| USA Uma Urban | All |
| USA Vic Vale | All |

==Results==
| Rnd | Circuit | GT Winning Team | GTC Winning Team | Report |
| GT Winning Drivers | GTC Winning Drivers | | |
| 1 | Alpha | USA #1 Red Racing | USA #7 Green Team | Report |
| USA Anna Alpha USA Bill Beta | USA Gina Gamma USA Hank Hotel | | |
| 2 | Beta | USA #2 Blue Motorsport | USA #8 Gold Racing | Report |
| USA Carl Cole USA Dora Dunn | USA Ivan Ink USA Jack Jones | | |
| 3 | Gamma | USA #1 Red Racing | USA #7 Green Team | Report |
| USA Anna Alpha USA Bill Beta | USA Gina Gamma USA Hank Hotel | | |

==Championships==
@RULES@

| Points System | | | | | |
| Race Distance | Position | | | | |
| 1st | 2nd | 3rd | 4th | 5th | |
| Less than four hours | 20 | 16 | 13 | 10 | 8 |
| Four hours or more | 22 | 18 | 15 | 12 | 10 |

===Team championships===
@TEAMRULES@

====GT standings====
| Pos | Team | ALP | BET | GAM | Total |
| 1 | USA Red Racing | 20 | 16 | 22 | 58 |
| 2 | USA Blue Motorsport | 16 | 20 | 18 | 54 |
| 3 | USA Silver Arrow Team | 13 | 13 | 15 | 41 |
| 4 | USA Orange Works | 10 | 10 | 12 | 32 |
| 5 | USA Violet Autosport | 8 | 8 | 10 | 26 |

====GTC standings====
| Pos | Team | ALP | BET | GAM | Total |
| 1 | USA Green Team | 20 | 16 | 22 | 58 |
| 2 | USA Gold Racing | 16 | 20 | 18 | 54 |
| 3 | USA Brown Engineering | 13 | 13 | 15 | 41 |
| 4 | USA Pink Autohaus | 10 | 10 | 12 | 32 |
| 5 | USA White Star Racing | 8 | 8 | 10 | 26 |

@GTCNOTE@

===Driver championships===

====GT standings====
| Pos | Driver | Team | ALP | BET | GAM | Total |
| 1 | USA Anna Alpha | USA Red Racing | 20 | 16 | 22 | 58 |
| USA Bill Beta | USA Red Racing | 20 | 16 | 22 | 58 | |
| 2 | USA Carl Cole | USA Blue Motorsport | 16 | 20 | 18 | 54 |
| USA Dora Dunn | USA Blue Motorsport | 16 | 20 | 18 | 54 | |
| 3 | USA Kate Kilo | USA Silver Arrow Team | 13 | 13 | 15 | 41 |
| USA Liam Lima | USA Silver Arrow Team | 13 | 13 | 15 | 41 | |
| 4 | USA Mona Mars | USA Orange Works | 10 | 10 | 12 | 32 |
| USA Nick Noble | USA Orange Works | 10 | 10 | 12 | 32 | |
| 5 | USA Omar Oak | USA Violet Autosport | 8 | 8 | 10 | 26 |
| USA Pia Pike | USA Violet Autosport | 8 | 8 | 10 | 26 | |

====GTC standings====
| Pos | Driver | Team | ALP | BET | GAM | Total |
| 1 | USA Gina Gamma | USA Green Team | 20 | 16 | 22 | 58 |
| USA Hank Hotel | USA Green Team | 20 | 16 | 22 | 58 | |
| 2 | USA Ivan Ink | USA Gold Racing | 16 | 20 | 18 | 54 |
| USA Jack Jones | USA Gold Racing | 16 | 20 | 18 | 54 | |
| 3 | USA Quinn Quest | USA Brown Engineering | 13 | 13 | 15 | 41 |
| USA Rosa Reed | USA Brown Engineering | 13 | 13 | 15 | 41 | |
| 4 | USA Sam Stone | USA Pink Autohaus | 10 | 10 | 12 | 32 |
| USA Tina Toll | USA Pink Autohaus | 10 | 10 | 12 | 32 | |
| 5 | USA Uma Urban | USA White Star Racing | 8 | 8 | 10 | 26 |
| USA Vic Vale | USA White Star Racing | 8 | 8 | 10 | 26 | |
"""

CROSS_RULES = {
    "winner-points",
    "winner-missing",
    "winner-driver-points",
    "team-best-car",
    "entry-rounds",
    "entry-missing-team",
    "entry-missing-driver",
    "entry-overlap",
    "entry-unverifiable",
    "name-drift",
    "team-drift",
    "nationality-conflict",
    "table-schema",
}


def article(*edits: tuple[str, str], rules: str = "", team_rules: str = "", note: str = "") -> str:
    """The consistent article with ``(old, new)`` line edits and optional prose."""
    text = ARTICLE.replace("@RULES@", rules).replace("@TEAMRULES@", team_rules)
    text = text.replace("@GTCNOTE@", note)
    for old, new in edits:
        assert text.count(old) >= 1, f"edit target not in article: {old!r}"
        text = text.replace(old, new, 1)
    return text


def cross(text: str, rule: str | None = None) -> list[Finding]:
    """The cross-table findings of ``text`` (of one ``rule`` when given), in report order."""
    found = [f for f in audit_text(text).findings if f.rule in CROSS_RULES]
    return [f for f in found if rule is None or f.rule == rule]


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


# Green Team won round 1 in the results, but the standings give its points to Gold Racing.
SWAPPED = (
    ("| 1 | USA Green Team | 20 | 16 | 22 | 58 |", "| 1 | USA Green Team | 0 | 16 | 22 | 38 |"),
    ("| 2 | USA Gold Racing | 16 | 20 | 18 | 54 |", "| 2 | USA Gold Racing | 20 | 20 | 18 | 58 |"),
    (
        "| USA Gina Gamma | USA Green Team | 20 | 16 | 22 | 58 |",
        "| USA Gina Gamma | USA Green Team | 0 | 16 | 22 | 38 |",
    ),
    (
        "| USA Hank Hotel | USA Green Team | 20 | 16 | 22 | 58 |",
        "| USA Hank Hotel | USA Green Team | 0 | 16 | 22 | 38 |",
    ),
    (
        "| USA Ivan Ink | USA Gold Racing | 16 | 20 | 18 | 54 |",
        "| USA Ivan Ink | USA Gold Racing | 20 | 20 | 18 | 58 |",
    ),
    (
        "| USA Jack Jones | USA Gold Racing | 16 | 20 | 18 | 54 |",
        "| USA Jack Jones | USA Gold Racing | 20 | 20 | 18 | 58 |",
    ),
)


# --- "2099 Example Series": a two-race article in wikitext -------------------------------
#
# The calendar, the points system and the head of the team standings; ``test_live`` and
# ``test_fix`` each append their own standings rows (and ``test_live`` an opening line).

EXAMPLE_HEAD = """\
==Calendar==
{| class="wikitable"
! Rnd !! Race !! Length !! Circuit !! Location !! Date
|-
| 1 || Example 2 Hours || 2 Hours || North Ring || Northtown || May 1
|-
| 2 || Example 6 Hours || 6 Hours || South Ring || Southtown || June 1
|}

==Championships==
{| class="wikitable"
! colspan=6 | Points System
|-
! rowspan=2 | Race Distance !! colspan=5 | Position
|-
! 1st !! 2nd !! 3rd !! 4th !! 5th
|-
| Less than four hours || 20 || 16 || 13 || 10 || 8
|-
| Between four and eight hours || 22 || 18 || 15 || 12 || 10
|}

===Team championships===
{| class="wikitable"
! Pos !! Team !! NOR !! SOU !! Total
"""


# --- "2040 Demo Cup": a two-class article in wikitext, laid out unlike the 2012 one ---------
#
# A calendar without race lengths, one points band for every race, an entry list read by its
# labelled columns (team and number spanning their drivers), a results table whose round and
# circuit span the drivers' line, and standings headed ``Pts``. In the Am class a father and son
# (Marco and Mario Bianchi, one letter apart) share car #7 in complementary rounds: every clue
# but one says "one person", and the one that says "two" (both in one table) must win.

DEMO = """\
'''2040 Demo Cup''' is an invented season.

==Calendar==
{| class="wikitable"
! Round !! Circuit !! Date
|-
| 1 || [[North Ring]] || April 1
|-
| 2 || [[South Ring]] || May 1
|-
| 3 || [[East Ring]] || June 1
|}

==Entries==
{| class="wikitable"
! Team !! No. !! Drivers !! Rounds
|-
! colspan="4" | Pro
|-
| rowspan="2" | {{flagicon|FRA}} [[Alpine Works]]
| rowspan="2" | 1
| {{flagicon|FRA}} [[Jean Dupont]]
| All
|-
| {{flagicon|BEL}} [[Marc Lambert]]
| All
|-
| rowspan="2" | {{flagicon|AUT}} [[Berg Motorsport]]
| rowspan="2" | 2
| {{flagicon|AUT}} [[Klaus Berger]]
| All
|-
| {{flagicon|AUT}} [[Franz Huber]]
| All
|-
! colspan="4" | Am
|-
| rowspan="3" | {{flagicon|ITA}} [[Corsa Rossa]]
| rowspan="3" | 7
| {{flagicon|ITA}} [[Luca Rossi]]
| All
|-
| {{flagicon|ITA}} [[Marco Bianchi]]
| 1, 3
|-
| {{flagicon|ITA}} [[Mario Bianchi]]
| 2
|-
| rowspan="2" | {{flagicon|ESP}} [[Equipo Sol]]
| rowspan="2" | 8
| {{flagicon|ESP}} [[Pablo Ruiz]]
| All
|-
| {{flagicon|ESP}} [[Diego Ruiz]]
| All
|}

==Results==
{| class="wikitable"
! Rnd !! Circuit !! Pro Winning Team !! Am Winning Team
|-
| rowspan="2" | 1
| rowspan="2" | [[North Ring]]
| {{flagicon|FRA}} #1 [[Alpine Works]]
| {{flagicon|ITA}} #7 [[Corsa Rossa]]
|-
| {{flagicon|FRA}} [[Jean Dupont]]<br />{{flagicon|BEL}} [[Marc Lambert]]
| {{flagicon|ITA}} [[Luca Rossi]]<br />{{flagicon|ITA}} [[Marco Bianchi]]
|-
| rowspan="2" | 2
| rowspan="2" | [[South Ring]]
| {{flagicon|AUT}} #2 [[Berg Motorsport]]
| {{flagicon|ITA}} #7 [[Corsa Rossa]]
|-
| {{flagicon|AUT}} [[Klaus Berger]]<br />{{flagicon|AUT}} [[Franz Huber]]
| {{flagicon|ITA}} [[Luca Rossi]]<br />{{flagicon|ITA}} [[Mario Bianchi]]
|-
| rowspan="2" | 3
| rowspan="2" | [[East Ring]]
| {{flagicon|FRA}} #1 [[Alpine Works]]
| {{flagicon|ESP}} #8 [[Equipo Sol]]
|-
| {{flagicon|FRA}} [[Jean Dupont]]<br />{{flagicon|BEL}} [[Marc Lambert]]
| {{flagicon|ESP}} [[Pablo Ruiz]]<br />{{flagicon|ESP}} [[Diego Ruiz]]
|}

==Points==
{| class="wikitable"
! colspan="4" | Points System
|-
! rowspan="2" | Race !! colspan="3" | Position
|-
! 1st !! 2nd !! 3rd
|-
| Every race || 10 || 6 || 4
|}

===Teams===
====Pro standings====
{| class="wikitable"
! Pos !! Team !! NOR !! SOU !! EAS !! Pts
|-
| 1 || {{flagicon|FRA}} [[Alpine Works]] || 10 || 6 || 10 || 26
|-
| 2 || {{flagicon|AUT}} [[Berg Motorsport]] || 6 || 10 || 6 || 22
|}

====Am standings====
{| class="wikitable"
! Pos !! Team !! NOR !! SOU !! EAS !! Pts
|-
| 1 || {{flagicon|ITA}} [[Corsa Rossa]] || 10 || 10 || 6 || 26
|-
| 2 || {{flagicon|ESP}} [[Equipo Sol]] || 6 || 6 || 10 || 22
|}

===Drivers===
====Pro standings====
{| class="wikitable"
! Pos !! Driver !! Team !! NOR !! SOU !! EAS !! Pts
|-
| 1 || {{flagicon|FRA}} [[Jean Dupont]] || [[Alpine Works]] || 10 || 6 || 10 || 26
|-
| 2 || {{flagicon|BEL}} [[Marc Lambert]] || [[Alpine Works]] || 10 || 6 || 10 || 26
|-
| 3 || {{flagicon|AUT}} [[Klaus Berger]] || [[Berg Motorsport]] || 6 || 10 || 6 || 22
|-
| 4 || {{flagicon|AUT}} [[Franz Huber]] || [[Berg Motorsport]] || 6 || 10 || 6 || 22
|}

====Am standings====
{| class="wikitable"
! Pos !! Driver !! Team !! NOR !! SOU !! EAS !! Pts
|-
| 1 || {{flagicon|ITA}} [[Luca Rossi]] || [[Corsa Rossa]] || 10 || 10 || 6 || 26
|-
| 2 || {{flagicon|ESP}} [[Pablo Ruiz]] || [[Equipo Sol]] || 6 || 6 || 10 || 22
|-
| 3 || {{flagicon|ESP}} [[Diego Ruiz]] || [[Equipo Sol]] || 6 || 6 || 10 || 22
|-
| 4 || {{flagicon|ITA}} [[Marco Bianchi]] || [[Corsa Rossa]] || 10 || || 6 || 16
|-
| 5 || {{flagicon|ITA}} [[Mario Bianchi]] || [[Corsa Rossa]] || || 10 || || 10
|}
"""


READING_RULES = frozenset({"table-read", "table-unfit", "table-unread"})
"""The one line per table saying how it was read: not a finding about its content."""


def audit_any(text: str, source: str = "demo.wikitext") -> list[Finding]:
    """Every finding of ``text`` about its content (the per-table reading lines left out), read
    in the form it is written in (detected, as the CLI does)."""
    from wikiaudit.validators.engine import audit

    from wikiaudit import scraper

    return [f for f in audit(scraper.parse(text, source)).findings if f.rule not in READING_RULES]


def demo(*edits: tuple[str, str], note: str = "") -> str:
    """The consistent Demo Cup with ``(old, new)`` edits, each of text that occurs once, and
    ``note`` as a paragraph under the results (a heading of no class)."""
    text = DEMO.replace("\n==Points==", f"\n{note}\n\n==Points==") if note else DEMO
    for old, new in edits:
        assert text.count(old) == 1, f"edit target not exactly once in the article: {old!r}"
        text = text.replace(old, new)
    return text
