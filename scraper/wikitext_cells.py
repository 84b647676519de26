"""Reduce the wikitext inside one table cell (or one prose paragraph) to what the checks read.

A cell's value is what a reader sees: flags become nationality codes on ``Name``s, links their
labels, bold and italic become flags (pole position, fastest lap), footnote markers and
references move to ``notes`` so that ``12†`` compares as ``12``. Most cells are bare numbers,
so markup-free content never reaches mwparserfromhell, references (the bulk of an article's
bytes) are cut out first, and results are cached because standings repeat the same few
contents (``'''1'''``, a driver's flag and link) hundreds of times.

Reading a cell is linear in its length whatever it holds. Two things were quadratic: a regular
expression pairing each ``<ref>`` with the next ``</ref>`` (each unclosed one scanned to the end
of the cell), and mwparserfromhell itself, which retries every unclosed tag to the end. So refs
are paired in one pass over their tags (:func:`_cut_refs`), and in a cell with many tags the
unclosed ones are escaped before parsing (:func:`_escape_unclosed_tags`): mwparserfromhell shows
an unclosed tag as its literal text, and so does the escaped form, so the value is the same.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.parser import ParserError
from mwparserfromhell.wikicode import Wikicode
from wikiaudit.scraper.markers import split_markers
from wikiaudit.scraper.model import Name
from wikiaudit.scraper.names import assemble_names
from wikiaudit.scraper.nationality import country_name
from wikiaudit.scraper.whitespace import collapse

# Anything that may need the parser; a cell without these characters is plain text.
_MARKUP = re.compile(r"\{\{|\[\[|''|<|&|-\{|\[(?:https?:)?//")
_SIMPLE_TOKEN = re.compile(
    r"\{\{\s*(?:flagicon|flagdeco)\s*\|\s*(?P<code>[^{}|\[\]=]+?)\s*\}\}"
    r"|\[\[(?P<target>[^\[\]{}|<>]+)(?:\|(?P<label>(?:[^\[\]{}|<>']|'(?!'))*))?\]\]"
    r"|(?P<q>'{5}|'{3}|'{2})(?!')"
    r"|<br\s*/?\s*>"
    r"|(?P<text>(?:[^{}\[\]<>'&]|'(?!'))+)",
    re.IGNORECASE,
)
#: ``<ref ...>``, ``<ref .../>`` (group 2 holds the slash) and ``</ref>``; attributes stop at
#: ``<`` too, so that each tag is found in time proportional to its own length.
_REF_TAG = re.compile(r"<ref(\s[^<>]*?)?(/?)\s*>|</ref\s*>", re.IGNORECASE)
#: Any HTML-like tag, for finding unclosed ones: ``(closing slash, name, self-closing slash)``.
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?(/?)\s*>")
#: Tags mwparserfromhell reads without a closing tag (its ``definitions.SINGLE``).
_SINGLE_TAGS = frozenset(
    {"br", "wbr", "hr", "meta", "link", "img", "li", "dt", "dd", "th", "td", "tr"}
)
#: Below this many ``<``, mwparserfromhell's retries cost nothing worth escaping for.
_MANY_TAGS = 64
_REF_NAME = re.compile(r"""\bname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'/>]+))""", re.IGNORECASE)
_CITATION = re.compile(r"\s*\{\{\s*cit(?:e|ation)", re.IGNORECASE)
_CONVERTER = re.compile(r"-\{(.*?)\}-", re.DOTALL)
_VARIANT = re.compile(r"(?:^|;)\s*([a-z]{2,3}(?:-[a-z]+)*)\s*:\s*([^;]*)")
_STRAY_QUOTES = re.compile(r"'{2,}")
_HIDDEN_NAMESPACES = ("file:", "image:", "category:", "文件:", "图像:", "分类:", "media:")

# Flag templates: which positional argument holds the code and which the displayed name.
# ``None`` for the name means the template shows only a flag icon.
_FLAGS: dict[str, tuple[str, str | None]] = {
    "flagicon": ("1", None),
    "flag icon": ("1", None),
    "flagdeco": ("1", None),
    "flag": ("1", "1"),
    "flagu": ("1", "1"),
    "flagcountry": ("1", "1"),
    "flag country": ("1", "1"),
    "flagteam": ("1", "1"),
    "flagathlete": ("2", "1"),
    "flagmedalist": ("2", "1"),
    "flagsport": ("1", "1"),
}
# Templates that display one of their arguments: the first argument present wins.
_DISPLAY_ARG: dict[str, tuple[str, ...]] = {
    "nowrap": ("1",),
    "nobr": ("1",),
    "small": ("1",),
    "big": ("1",),
    "center": ("1",),
    "centre": ("1",),
    "smaller": ("1",),
    "larger": ("1",),
    "nobold": ("1",),
    "noitalic": ("1",),
    "font": ("1", "text"),
    "font color": ("3", "2"),
    "h:title": ("2",),
    "hover title": ("2",),
    "small caps": ("1",),
    "sc": ("1",),
    "mono": ("1",),
    "resize": ("2", "1"),
    "nts": ("1",),
    "sort": ("2", "1"),
    "abbr": ("1",),
    "tooltip": ("1",),
    "lang": ("2",),
    "le": ("3", "1"),
    "ill": ("lt", "1"),
    "bold": ("1",),
    "strong": ("1",),
    "italic": ("1",),
    "color": ("2",),
    "colored link": ("2", "1"),
    "raise": ("2",),
    "plainlist": ("1",),
}
# Templates that render a fixed value, or their first argument when it is given.
_CONSTANT: dict[str, str] = {
    "n/a": "N/A",
    "na": "N/A",
    "yes": "Yes",
    "no": "No",
    "tba": "TBA",
    "tbd": "TBD",
    "dunno": "?",
    "nbsp": " ",
    "dash": "–",
    "ndash": "–",
    "snd": " – ",
    "mdash": "—",
    "spaced ndash": " – ",
    "·": " · ",
    "dot": " · ",
}
# Footnote templates whose text a reader sees at the bottom of the page ({{notelist}}).
_FOOTNOTES = frozenset(
    {"efn", "efn-ua", "efn-la", "efn-lr", "efn-ur", "refn", "notetag", "#tag:ref"}
)
# Footnote markers that show a label or a symbol in the cell.
_MARKER_TEMPLATES: dict[str, str | None] = {
    "ref": None,
    "ref label": None,
    "note label": None,
    "cref": None,
    "sup": None,
    "dagger": "†",
    "double-dagger": "‡",
    "double dagger": "‡",
}
_BREAK_TAGS = frozenset({"br", "hr", "p", "li", "div"})


@dataclass(frozen=True, slots=True)
class Reduced:
    """A cell's meaning; ``footnotes`` are note texts a ``{{notelist}}`` would print."""

    text: str
    names: tuple[Name, ...] = ()
    flags: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()
    footnotes: tuple[str, ...] = ()


@dataclass(slots=True)
class _Segment:
    """One line of a cell (cells stack several names with ``<br />``), with its flag."""

    parts: list[str] = field(default_factory=list)
    nationality: str | None = None

    @property
    def text(self) -> str:
        return collapse("".join(self.parts))


@lru_cache(maxsize=8192)
def reduce_cell(content: str) -> Reduced:
    """The value of a table cell's wikitext."""
    if not _MARKUP.search(content):
        return _plain(content)
    if "&" in content and not _MARKUP.search(content.replace("&", "")):
        return _plain(html.unescape(content))
    content, notes = _cut_refs(content, prose=False)
    walker = _Walker(prose=False)
    walker.run(_convert_variants(content))
    return walker.as_cell(notes)


def reduce_prose(content: str) -> Reduced:
    """Prose as plain text: citations dropped, footnotes apart, ``†`` kept (it explains ``†``)."""
    if not _MARKUP.search(content):
        return Reduced(collapse(content))
    content, _ = _cut_refs(content, prose=True)
    walker = _Walker(prose=True)
    walker.run(_convert_variants(content))
    return walker.as_prose()


def _plain(text: str) -> Reduced:
    value, markers = split_markers(collapse(text))
    return Reduced(value, (Name(value),) if value else (), notes=markers)


def _style_flags(quotes: int) -> frozenset[str]:
    """``''`` is italic, ``'''`` bold, ``'''''`` both (a pole sitter who also set fastest lap)."""
    flags = set()
    if quotes in (2, 5):
        flags.add("italic")
    if quotes >= 3:
        flags.add("bold")
    return frozenset(flags)


def _cut_refs(content: str, *, prose: bool) -> tuple[str, tuple[str, ...]]:
    """Remove ``<ref>``s before parsing: their citation templates are most of the bytes.

    A ``<ref/>`` goes alone; a ``<ref>`` goes with everything up to the first ``</ref>`` after
    it; a ``<ref>`` with no ``</ref>`` after it stays (as text). One pass over the ref tags,
    knowing for each where the next closing tag is.
    """
    if "<" not in content:
        return content, ()
    tags = list(_REF_TAG.finditer(content))
    if not tags:
        return content, ()
    next_close: list[int | None] = [None] * len(tags)
    following: int | None = None
    for index in range(len(tags) - 1, -1, -1):
        if tags[index].group(0).startswith("</"):
            following = index
        next_close[index] = following
    kept: list[str] = []
    notes: list[str] = []
    position = index = 0
    while index < len(tags):
        tag = tags[index]
        closing = next_close[index]
        if tag.group(0).startswith("</") or (not tag.group(2) and closing is None):
            index += 1  # a stray closing tag, or an unclosed ref: both stay as text
            continue
        end, body = tag.end(), None
        if not tag.group(2) and closing is not None:  # <ref ...> ... </ref>
            end, body = tags[closing].end(), content[tag.end() : tags[closing].start()]
            index = closing
        kept.append(content[position : tag.start()])
        if not prose:
            notes.append(_ref_note(tag.group(1) or "", body))
        position = end
        index += 1
    kept.append(content[position:])
    return "".join(kept), tuple(notes)


def _ref_note(attrs: str, body: str | None) -> str:
    """A reference's own words when it has some, else its name: what links it to a note."""
    if body and not _CITATION.match(body):
        text = reduce_prose(body).text
        if text:
            return text
    name = _REF_NAME.search(attrs)
    if name:
        return next(group for group in name.groups() if group is not None)
    return "ref"


def _escape_unclosed_tags(content: str) -> str:
    """``<`` of every tag that is never closed written as ``&lt;`` (shown the same).

    Tags are matched to closing tags of the same name, innermost first, in one pass; tags that
    need no closing tag (``<br>``, ``<li>``...) and self-closed ones are left alone.
    """
    if content.count("<") <= _MANY_TAGS:
        return content
    opened: dict[str, list[int]] = {}
    for tag in _ANY_TAG.finditer(content):
        closing, name, self_closed = tag.group(1), tag.group(2).lower(), tag.group(3)
        if self_closed or name in _SINGLE_TAGS:
            continue
        if closing:
            stack = opened.get(name)
            if stack:
                stack.pop()
        else:
            opened.setdefault(name, []).append(tag.start())
    unclosed = sorted(start for starts in opened.values() for start in starts)
    if not unclosed:
        return content
    pieces: list[str] = []
    position = 0
    for start in unclosed:
        pieces += [content[position:start], "&lt;"]
        position = start + 1
    pieces.append(content[position:])
    return "".join(pieces)


def _convert_variants(content: str) -> str:
    """``-{zh-hans:意;zh-tw:義;}-`` (Chinese variant markup) shows one variant: take zh-hans."""
    if "-{" not in content:
        return content
    return _CONVERTER.sub(_pick_variant, content)


def _pick_variant(match: re.Match[str]) -> str:
    variants = dict(_VARIANT.findall(match.group(1)))
    if not variants:
        return match.group(1)
    return variants.get("zh-hans") or variants.get("zh-cn") or next(iter(variants.values()))


def _ordinal(number: str) -> str:
    """``{{ordinal|1}}``: ``1st``, as the page shows it."""
    if not number.isdecimal() or not number.isascii():
        return number
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _template_name(template: Template) -> str:
    name = str(template.name).strip().replace("_", " ").lower()
    return name.removeprefix("template:").strip()


def _arg(template: Template, key: str) -> Wikicode | None:
    if template.has(key):
        value = template.get(key).value
        if str(value).strip():
            return value
    return None


class _Walker:
    """Walks a parsed cell, keeping the bold/italic state and the current segment."""

    def __init__(self, *, prose: bool) -> None:
        self.prose = prose
        self.segments: list[_Segment] = [_Segment()]
        self.flags: set[str] = set()
        self.notes: list[str] = []
        self.footnotes: list[str] = []
        self.style: frozenset[str] = frozenset()

    def run(self, content: str) -> None:
        tokens = _simple_tokens(content)
        if tokens is not None:
            self.run_simple(tokens)
            return
        try:
            code = mwparserfromhell.parse(_escape_unclosed_tags(content))
        except ParserError:  # pragma: no cover - the tokenizer's own safety net
            self.emit(content)
            return
        self.walk(code)

    def run_simple(self, tokens: list[re.Match[str]]) -> None:
        """The common cell (a flag, a link, bold or italic quotes) without building a tree."""
        for token in tokens:
            code, target, label, quotes, text = token.group("code", "target", "label", "q", "text")
            if text is not None:
                self.emit(text)
            elif code is not None:
                self.set_nationality(code)
            elif target is not None:
                if not target.strip().lower().startswith(_HIDDEN_NAMESPACES):
                    self.emit(target.strip().lstrip(":") if label is None else label)
            elif quotes is not None:
                self.style = self.style ^ _style_flags(len(quotes))
            else:
                self.break_segment()

    def walk(self, code: Wikicode) -> None:
        for node in code.nodes:
            self.node(node)

    def node(self, node: Node) -> None:
        """Comments and unknown templates show nothing, so they emit nothing."""
        if isinstance(node, Text):
            self.emit(node.value)
        elif isinstance(node, Wikilink):
            self.link(node)
        elif isinstance(node, Template):
            self.template(node)
        elif isinstance(node, Tag):
            self.tag(node)
        elif isinstance(node, HTMLEntity):
            self.emit(node.normalize())
        elif isinstance(node, ExternalLink):
            if node.title is not None:
                self.walk(node.title)
        elif isinstance(node, Heading):
            self.walk(node.title)
        elif isinstance(node, Argument) and node.default is not None:
            self.walk(node.default)

    def emit(self, text: str) -> None:
        if not text:
            return
        if "''" in text:
            text = self.stray_quotes(text)
        self.segments[-1].parts.append(text)
        if self.style and text.strip():
            self.flags |= self.style

    def stray_quotes(self, text: str) -> str:
        """An unclosed ``'''`` still makes the rest bold on the page; keep that meaning."""
        for quotes in _STRAY_QUOTES.findall(text):
            self.flags |= _style_flags(min(len(quotes), 5))
        return _STRAY_QUOTES.sub("", text)

    def styled(self, code: Wikicode, style: frozenset[str]) -> None:
        outer = self.style
        self.style = outer | style
        self.walk(code)
        self.style = outer

    def link(self, link: Wikilink) -> None:
        target = str(link.title).strip()
        if target.lower().startswith(_HIDDEN_NAMESPACES):
            return
        if link.text is not None:
            self.walk(link.text)
        else:
            self.emit(target.lstrip(":"))

    def tag(self, tag: Tag) -> None:
        name = str(tag.tag).strip().lower()
        if name in _BREAK_TAGS:
            self.break_segment()
            if tag.contents is not None:
                self.walk(tag.contents)
        elif tag.contents is None:
            return
        elif name in ("b", "strong"):
            self.styled(tag.contents, frozenset({"bold"}))
        elif name in ("i", "em"):
            self.styled(tag.contents, frozenset({"italic"}))
        elif name == "ref" or (name == "sup" and not self.prose):
            self.note(tag.contents, footnote=False)
        elif name == "nowiki":
            self.emit(html.unescape(str(tag.contents)))
        else:
            self.walk(tag.contents)

    def template(self, template: Template) -> None:
        name = _template_name(template)
        if name in _FLAGS:
            self.flag(template, *_FLAGS[name])
        elif name == "sortname":
            self.sortname(template)
        elif name in ("ordinal", "ord"):
            number = _arg(template, "1")
            if number is not None:
                self.emit(_ordinal(str(number).strip()))
        elif name in _DISPLAY_ARG:
            self.display(template, _DISPLAY_ARG[name])
        elif name in _CONSTANT:
            value = _arg(template, "1")
            if value is None:
                self.emit(_CONSTANT[name])
            else:
                self.walk(value)
        elif name in _FOOTNOTES:
            body = _arg(template, "1")
            if body is not None:
                self.note(body, footnote=True)
        elif name in _MARKER_TEMPLATES:
            self.marker(template, _MARKER_TEMPLATES[name])

    def flag(self, template: Template, code_key: str, name_key: str | None) -> None:
        code = _arg(template, code_key)
        if code is None:
            return
        self.set_nationality(str(code))
        shown = _arg(template, "name")
        if shown is None and name_key == code_key:
            # {{flag|GER}} shows the country's name, not the code it is given
            self.emit(country_name(collapse(str(code))))
            return
        shown = shown or (_arg(template, name_key) if name_key else None)
        if shown is not None:
            self.walk(shown)

    def set_nationality(self, code: str) -> None:
        """A flag starts a new name unless the current one has no flag and no text yet."""
        segment = self.segments[-1]
        if segment.nationality is not None or segment.text:
            self.break_segment()
        self.segments[-1].nationality = collapse(code)

    def sortname(self, template: Template) -> None:
        """``{{sortname|First|Last}}`` shows "First Last" (the sort key is hidden)."""
        first, last = _arg(template, "1"), _arg(template, "2")
        if first is not None:
            self.walk(first)
            self.emit(" ")
        if last is not None:
            self.walk(last)

    def display(self, template: Template, keys: tuple[str, ...]) -> None:
        for key in keys:
            value = _arg(template, key)
            if value is not None:
                self.walk(value)
                return

    def marker(self, template: Template, symbol: str | None) -> None:
        if symbol is not None and self.prose:
            self.emit(symbol)
            return
        label = symbol or (str(_arg(template, "1") or "").strip())
        if label and not self.prose:
            self.notes.append(label)

    def note(self, code: Wikicode, *, footnote: bool) -> None:
        """Notes are read in prose mode: their words matter, not their flags or names.

        In prose a note is not part of the sentence; footnotes are kept for ``{{notelist}}``.
        """
        inner = _Walker(prose=True)
        inner.walk(code)
        text = inner.as_prose().text
        if text and footnote:
            self.footnotes.append(text)
        if text and not self.prose:
            self.notes.append(text)

    def break_segment(self) -> None:
        self.segments.append(_Segment())

    def as_prose(self) -> Reduced:
        text = collapse(" ".join(segment.text for segment in self.segments))
        return Reduced(text, footnotes=tuple(self.footnotes))

    def as_cell(self, ref_notes: tuple[str, ...]) -> Reduced:
        """Notes in reading order: template and ``<sup>`` notes, typed markers, then refs."""
        lines = [(segment.text, segment.nationality) for segment in self.segments]
        text, names, markers = assemble_names(lines)
        notes = (*self.notes, *markers, *ref_notes)
        return Reduced(text, names, frozenset(self.flags), notes, tuple(self.footnotes))


def _simple_tokens(content: str) -> list[re.Match[str]] | None:
    """The content cut into simple tokens, or None when anything needs the real parser."""
    tokens: list[re.Match[str]] = []
    position = 0
    for token in _SIMPLE_TOKEN.finditer(content):
        if token.start() != position:
            return None
        tokens.append(token)
        position = token.end()
    return tokens if position == len(content) else None
