"""Recognise the nationality codes that flag icons leave in an article.

Wikipedia's flag templates accept ISO 3166 alpha-3 codes (``DEU``), IOC codes (``GER``) and
FIFA codes, so all three are codes here. The data comes from pycountry (ISO) and from the
country table shipped with country_converter (IOC, FIFA), read directly because the package's
own converter does not load under pandas 3. Rendered HTML shows a flag's country by name
("West Germany"), so names are mapped to codes here too. Nothing here lists an article's names.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from functools import cache, lru_cache
from pathlib import Path

import pycountry

_CODE_SHAPE = re.compile(r"[A-Z]{3}")
# Codes that Wikipedia's flag templates accept and articles use, but that neither ISO 3166 nor
# the IOC/FIFA columns of country_converter's table list. Only codes seen in real articles
# belong here: a guessed code would make ``text.split_names`` read a word as a flag.
_WIKIPEDIA_CODES = {
    # {{flagicon|IRE}}: Ireland (2012 American Le Mans Series, fixtures/2012.*)
    "IRE": "IRL",
    # {{flagicon|SIN}}: Singapore's FIFA code, and its IOC code until 2016; country_converter
    # lists SGP for both (zh.wikipedia 2012 Formula One World Championship)
    "SIN": "SGP",
    # home nations, flagged on their own in sport but part of the United Kingdom: Scotland
    # (1990 and 1995 IndyCar, 2008 Superleague Formula), Northern Ireland (1989 Formula One);
    # ENG comes from country_converter's FIFA column already
    "SCO": "GBR",
    "NIR": "GBR",
}
# flag labels Wikipedia uses that ISO 3166 (and so pycountry) does not know by that name
_COUNTRY_ALIASES = {
    "england": "ENG",
    "scotland": "SCO",
    "wales": "WAL",
    "northern ireland": "NIR",
    "great britain": "GBR",
    "russia": "RUS",
    "turkey": "TUR",
    "macau": "MAC",
    "brunei": "BRN",
    "ivory coast": "CIV",
    "west germany": "DEU",
    "east germany": "DDR",
    "soviet union": "SUN",
    "czechoslovakia": "CSK",
    "yugoslavia": "YUG",
}


@cache
def _code_table() -> dict[str, str]:
    """Every known code, mapped to the ISO alpha-3 code of its country."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        table[country.alpha_3] = country.alpha_3
    for country in pycountry.historic_countries:
        table.setdefault(country.alpha_3, country.alpha_3)
    for row in _converter_rows():
        iso3 = row.get("ISO3") or ""
        for scheme in ("IOC", "FIFA"):
            code = row.get(scheme) or ""
            if _CODE_SHAPE.fullmatch(code) and iso3:
                table.setdefault(code, iso3)
    return table


def _converter_rows() -> list[dict[str, str]]:
    """country_converter's table, found without importing the package: its ``__init__``
    imports pandas (a third of a whole audit's time) for a converter we do not use."""
    spec = importlib.util.find_spec("country_converter")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        data = Path(folder) / "country_data.tsv"
        try:
            with data.open(encoding="utf-8") as handle:
                return list(csv.DictReader(handle, delimiter="\t"))
        except FileNotFoundError:  # pragma: no cover - optional data source
            continue
    return []  # pragma: no cover


def canonical(code: str | None) -> str | None:
    """The ISO alpha-3 code for any accepted spelling, or None when it names no country."""
    if code is None:
        return None
    return _code_table().get(code) or _WIKIPEDIA_CODES.get(code)


def is_code(token: str) -> bool:
    """True for a three-letter capital token that stands for a country."""
    return bool(_CODE_SHAPE.fullmatch(token)) and canonical(token) is not None


# The home nations flag separately in sport (``{{flagicon|SCO}}``) but are one state: a driver
# flagged NIR in one table and GBR in another is given one country, not two.
_UK_PARTS = frozenset({"ENG", "SCO", "WAL", "NIR"})


def sovereign(code: str | None) -> str | None:
    """The present-day state a flag stands for (ISO alpha-3), or None when that is not certain.

    The home nations count as the United Kingdom. A historical state (``DDR``, ``RHO``, a flag
    label such as "Federation of Rhodesia and Nyasaland" that names no code) gives None: its
    relation to a present-day state depends on the person and the era, so two flags of which one
    is historical are never called two different countries.
    """
    if code is None:
        return None
    if code in _UK_PARTS:
        return "GBR"
    iso3 = canonical(code)
    if iso3 is None or pycountry.countries.get(alpha_3=iso3) is None:
        return None
    return iso3


def country_name(code: str) -> str:
    iso3 = canonical(code)
    country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return country.name if country else code


@lru_cache(maxsize=512)
def code_for_label(label: str) -> str | None:
    """The code a flag's label (``alt``, ``title``, file name) stands for, or None.

    A code already written as three capitals (``GER``) is kept as the editor wrote it; names go
    through the aliases first (Wikipedia says "West Germany", ISO does not), then pycountry's
    current and historic countries. Cached because a standings table repeats a few flags.
    """
    if _CODE_SHAPE.fullmatch(label):
        return label
    alias = _COUNTRY_ALIASES.get(label.lower())
    if alias:
        return alias
    for registry in (pycountry.countries, pycountry.historic_countries):
        try:
            return registry.lookup(label).alpha_3
        except LookupError:
            continue
    return None
