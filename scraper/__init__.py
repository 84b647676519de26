"""Scrapers: one module per source form, each turning an article into a ``Document``.

Modules are imported on demand so that reading a flattened text file never pays for lxml or
mwparserfromhell, and ``audit --help`` pays for nothing.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wikiaudit.scraper.model import Document

FORMS = {
    "text": ("wikiaudit.scraper.text", "parse_text"),
    "wikitext": ("wikiaudit.scraper.wikitext", "parse_wikitext"),
    "html": ("wikiaudit.scraper.html", "parse_html"),
}
_HTML = re.compile(r"<(?:!doctype|html|body|table|div|p)\b", re.IGNORECASE)
# A line (after any of \r\n, \r or \n: see ``scraper.lines``) starting with ``{|``.
_WIKI_TABLE = re.compile(r"(?:^|\r)[^\S\r\n]*:*\{\|", re.MULTILINE)


def detect_form(text: str) -> str:
    """Which scraper reads this text: HTML markup, wikitext tables, or the flattened form."""
    head = text[:20000]
    if _WIKI_TABLE.search(text):
        return "wikitext"
    if _HTML.search(head):
        return "html"
    return "text"


def parse(text: str, source: str, form: str | None = None) -> Document:
    module_name, function = FORMS[form or detect_form(text)]
    return getattr(import_module(module_name), function)(text, source)
