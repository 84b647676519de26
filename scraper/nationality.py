"""Recognise the nationality codes that flag icons leave in an article.

Wikipedia's flag templates accept ISO 3166 alpha-3 codes (``DEU``), IOC codes (``GER``) and
FIFA codes, so all three are codes here. The data comes from pycountry (ISO) and from the
country table shipped with country_converter (IOC, FIFA), read directly because the package's
own converter does not load under pandas 3. Nothing here lists an article's names.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

import pycountry

_CODE_SHAPE = re.compile(r"[A-Z]{3}")


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
    try:
        data = resources.files("country_converter").joinpath("country_data.tsv")
        with data.open(encoding="utf-8") as handle:
            return list(csv.DictReader(handle, delimiter="\t"))
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - optional data source
        return []


@cache
def _name_prefixes() -> dict[str, str]:
    """First three letters of each country's names, for codes no standard lists (``IRE``)."""
    prefixes: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name:
                prefixes.setdefault(name[:3].upper(), country.alpha_3)
    return prefixes


def canonical(code: str | None) -> str | None:
    """The ISO alpha-3 code for any accepted spelling, or None when it names no country."""
    if code is None:
        return None
    return _code_table().get(code) or _name_prefixes().get(code)


def is_code(token: str) -> bool:
    """True for a three-letter capital token that stands for a country."""
    return bool(_CODE_SHAPE.fullmatch(token)) and canonical(token) is not None


def country_name(code: str) -> str:
    iso3 = canonical(code)
    country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return country.name if country else code
