"""Scraper for MediaWiki's rendered HTML (``action=render``, saved article pages).

The rendered page is what readers and most table-extraction data sets see, so reading it lets an
audit run without the wikitext and lets us cross-check the wikitext scraper. Every
``table.wikitable`` becomes a :class:`~scraper.model.Table` (nested ones included, each on its
own), prose paragraphs become :class:`~scraper.model.Paragraph` notes, and cells are reduced to
the value a reader compares: flags become nationalities, superscripts become notes, hidden sort
keys vanish.

Line numbers: BeautifulSoup's lxml builder does not record source positions (only
``html.parser`` and html5lib do), but lxml's own tree does. The text is parsed twice, once by
each, but both are libxml2 parses of the same text, so their elements match one to one in
document order; we copy lxml's ``sourceline`` onto the soup and fall back to line 0 (with a
parse issue) if they ever diverge.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, PreformattedString, Tag
from lxml import etree
from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.grid import (
    GridBudget,
    GridTooLarge,
    SpannedCell,
    check_written,
    expand,
    read_spans,
)
from wikiaudit.scraper.markers import MARKERS
from wikiaudit.scraper.model import Cell, Document, Name, Paragraph, ParseIssue, Row, Table
from wikiaudit.scraper.names import Line, assemble_names
from wikiaudit.scraper.nationality import code_for_label
from wikiaudit.scraper.whitespace import collapse

_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_CELLS = frozenset({"td", "th"})
_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
# content a reader never sees as the cell's value; nested tables are extracted on their own
_SKIPPED = frozenset({"table", "script", "style", "noscript", "template", "head"})
_HIDDEN_CLASSES = frozenset({"sortkey", "mw-editsection"})
_BLOCKS = frozenset({"div", "p", "ul", "ol", "li", "dl", "dt", "dd", "center", "blockquote"})
_BOLD = frozenset({"b", "strong"})
_ITALIC = frozenset({"i", "em"})
_SPAN_ATTRS = frozenset({"rowspan", "colspan"})
_SURROGATE = re.compile("[\ud800-\udfff]")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_FLAG_FILE = re.compile(r"Flag_of_(.+?)\.(?:svg|png|gif|jpe?g)", re.IGNORECASE)
# {{flagathlete}} prints the code after the name: "Lucas Luhr (GER)"
_TRAILING_CODE = re.compile(r"\s*\([A-Z]{3}\)$")
# what separates stacked names ("A / B", "A, B") belongs to neither name
_NAME_SEPARATORS = " /,;&"
#: BeautifulSoup keeps ~1.5 KB per element: 300,000 tags is ~450 MB and 6 s, 23 times the
#: largest real article we have (12,944). Counted as ``<`` before parsing, an upper bound.
MAX_HTML_TAGS = 300_000


@dataclass(frozen=True, slots=True)
class _Piece:
    """One visible fragment of an element, in reading order.

    ``kind`` is ``text``, ``break`` (a line or block boundary), ``flag`` (``text`` holds the
    nationality) or ``note`` (a superscript's text).
    """

    kind: str
    text: str = ""
    bold: bool = False
    italic: bool = False


_BREAK = _Piece("break", " ")


def parse_html(text: str, source: str = "<html>") -> Document:
    """Extract every ``wikitable``, the prose paragraphs and the title from rendered HTML."""
    if not isinstance(text, str):
        raise InputError(f"{source}: expected HTML text, got {type(text).__name__}")
    tags = text.count("<")
    if tags > MAX_HTML_TAGS:
        raise InputError(
            f"{source}: HTML of up to {tags:,} tags is over the limit of {MAX_HTML_TAGS:,} "
            "(no article is that large; is this a whole site?)"
        )
    # a lone surrogate cannot reach libxml2 (it takes UTF-8); show it as U+FFFD like a browser
    text = _SURROGATE.sub("\ufffd", text)
    soup = _soup(text, source)
    document = Document(source=source, title=_title(soup))
    tags = soup.find_all(True)
    if not _copy_source_lines(tags, text):
        document.issues.append(
            ParseIssue("line numbers unavailable: the HTML trees did not line up", 0)
        )
    headings: list[tuple[int, str]] = []
    budget = GridBudget()
    for tag in tags:
        if tag.name in _HEADINGS and not _is_title(tag) and tag.find_parent("table") is None:
            _push_heading(headings, _HEADINGS[tag.name], _heading_text(tag))
        elif tag.name == "table" and "wikitable" in tag.get_attribute_list("class"):
            path = tuple(heading for _, heading in headings)
            table, issues = _table(tag, len(document.tables), path, budget)
            document.tables.append(table)
            document.issues.extend(issues)
        elif _is_prose(tag):
            paragraph = collapse(_visible_text(_pieces(tag)))
            if paragraph:
                path = tuple(heading for _, heading in headings)
                document.paragraphs.append(Paragraph(paragraph, path, _line(tag)))
    return document


def _is_prose(tag: Tag) -> bool:
    """Paragraphs and list items outside tables: notes that may explain a table's anomaly.

    A list item holding a paragraph is left to the paragraph, so no text is taken twice.
    """
    if tag.name not in ("p", "li") or tag.find_parent("table") is not None:
        return False
    return tag.name == "p" or tag.find("p") is None


def _soup(text: str, source: str) -> BeautifulSoup:
    """Parse leniently; bs4 warns about markup that looks like XML or a URL, which is noise here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        try:
            return BeautifulSoup(text, "lxml")
        except Exception as error:  # bs4 and lxml reject some byte soup in ways not documented
            raise InputError(f"{source}: not parseable as HTML ({error})") from error


def _copy_source_lines(tags: list[Tag], text: str) -> bool:
    """Give every soup tag (``tags``, in document order) lxml's ``sourceline``.

    False when the two trees do not match. The caller walks the same tag list afterwards, so it
    is found once and passed in rather than searched for again.
    """
    parser = etree.HTMLParser(recover=True, huge_tree=True)
    try:
        parser.feed(text)
        root = parser.close()
    except etree.LxmlError:
        root = None
    elements = [] if root is None else [e for e in root.iter() if isinstance(e.tag, str)]
    if [element.tag for element in elements] != [tag.name for tag in tags]:
        return False
    for element, tag in zip(elements, tags, strict=True):
        tag.sourceline = element.sourceline
    return True


def _line(tag: Tag) -> int:
    return tag.sourceline or 0


def _title(soup: BeautifulSoup) -> str | None:
    """The page title: ``<title>`` of a saved page, or the ``firstHeading`` of a skinned one.

    The heading is searched for only without a ``<title>``: finding it walks the whole page.
    """
    return _tag_text(soup.find("title")) or _tag_text(soup.find(_is_title))


def _tag_text(tag: Tag | NavigableString | None) -> str | None:
    """An element's collapsed text, None for no element (``find`` misses) or no text."""
    return (collapse(tag.get_text()) or None) if isinstance(tag, Tag) else None


def _is_title(tag: Tag) -> bool:
    """The skin's page-title ``h1`` names the article; it is not a section of it."""
    return tag.name == "h1" and (
        tag.get("id") == "firstHeading" or "firstHeading" in tag.get_attribute_list("class")
    )


def _push_heading(headings: list[tuple[int, str]], level: int, text: str) -> None:
    """A heading closes every open section at its level or deeper."""
    while headings and headings[-1][0] >= level:
        headings.pop()
    if text:
        headings.append((level, text))


def _heading_text(tag: Tag) -> str:
    """Older skins wrap the title in ``span.mw-headline`` next to the [edit] link."""
    headline = tag.find("span", class_="mw-headline")
    return collapse(_visible_text(_pieces(headline if isinstance(headline, Tag) else tag)))


# --- tables -------------------------------------------------------------------------------


def _table(
    tag: Tag, index: int, headings: tuple[str, ...], budget: GridBudget
) -> tuple[Table, list[ParseIssue]]:
    issues: list[ParseIssue] = []
    raw_rows = list(_raw_rows(tag))
    try:
        check_written(sum(len(cells) for _, cells in raw_rows), budget)
        spanned = [[_spanned(cell, index, issues) for cell in cells] for _, cells in raw_rows]
        grid, problems = expand(spanned, budget)
    except GridTooLarge as error:  # reported, and kept in its place with no rows to check
        issues.append(ParseIssue(str(error), _line(tag), index, rule="malformed-span"))
        return Table(index, headings, [], _line(tag), None, source="html"), issues
    row_lines = [_line(row_tag) for row_tag, _ in raw_rows]
    issues.extend(
        ParseIssue(problem, row_lines[row], index, rule="malformed-span")
        for row, problem in problems
    )
    rows = [
        Row(cells, line, is_header=_is_header_row(cell_tags))
        for (_, cell_tags), line, cells in zip(raw_rows, row_lines, grid, strict=True)
    ]
    caption = tag.find("caption", recursive=False)
    caption_text = collapse(_visible_text(_pieces(caption))) if caption else ""
    table = Table(index, headings, rows, _line(tag), caption_text or None, source="html")
    return table, issues


def _is_header_row(cell_tags: list[Tag]) -> bool:
    """A row of ``th`` as written; cells spanned down into it from above do not count."""
    return bool(cell_tags) and all(cell.name == "th" for cell in cell_tags)


def _raw_rows(table: Tag) -> Iterator[tuple[Tag, list[Tag]]]:
    """The table's own rows as ``(row element, cells)``; a ``tfoot`` goes last as browsers do."""
    footer: list[tuple[Tag, list[Tag]]] = []
    for row in _section_rows(table):
        if row[0].parent is not None and row[0].parent.name == "tfoot":
            footer.append(row)
        else:
            yield row
    yield from footer


def _section_rows(parent: Tag) -> Iterator[tuple[Tag, list[Tag]]]:
    """Rows among ``parent``'s children; stray cells outside a ``tr`` form one implied row."""
    loose: list[Tag] = []
    for child in _child_tags(parent):
        if child.name in _CELLS:
            loose.append(child)
            continue
        if loose:
            yield loose[0], loose
            loose = []
        if child.name == "tr":
            yield child, [cell for cell in _child_tags(child) if cell.name in _CELLS]
        elif child.name in _SECTIONS and parent.name == "table":
            yield from _section_rows(child)
    if loose:
        yield loose[0], loose


def _child_tags(tag: Tag) -> list[Tag]:
    return [child for child in tag.children if isinstance(child, Tag)]


def _spanned(tag: Tag, table_index: int, issues: list[ParseIssue]) -> SpannedCell:
    """Read the spans as a browser would, reporting each value it had to repair."""
    rowspan, colspan, repairs = read_spans(_attr_text(tag, "rowspan"), _attr_text(tag, "colspan"))
    issues.extend(
        ParseIssue(
            f"{attr}={raw!r} is not a valid span; read as {value}",
            _line(tag),
            table_index,
            rule="malformed-span",
        )
        for attr, raw, value in repairs
    )
    return SpannedCell(_cell(tag), rowspan=rowspan, colspan=colspan)


# --- cells --------------------------------------------------------------------------------


def _cell(tag: Tag) -> Cell:
    pieces = list(_pieces(tag))
    text, names, notes = _reduce(pieces)
    flags = set(_emphasis(pieces))
    if tag.name == "th":
        flags.add("header")
    return Cell(text, names, frozenset(flags), notes, _line(tag), _kept_attrs(tag))


def _kept_attrs(tag: Tag) -> tuple[tuple[str, str], ...]:
    """Everything but the spans (expansion consumes them): ``bgcolor``/``style`` colour results."""
    return tuple((key, _attr_text(tag, key) or "") for key in tag.attrs if key not in _SPAN_ATTRS)


def _attr_text(tag: Tag, key: str) -> str | None:
    value = tag.get(key)
    return " ".join(value) if isinstance(value, list) else value


def _reduce(pieces: list[_Piece]) -> tuple[str, tuple[Name, ...], tuple[str, ...]]:
    """Split a cell into its value, its names and its notes, as the wikitext scraper does.

    Superscripts come first among the notes, then markers typed into the text (``12†``).
    """
    notes = [piece.text for piece in pieces if piece.kind == "note" and piece.text]
    text, names, markers = assemble_names(_lines(pieces))
    return text, names, (*notes, *markers)


def _lines(pieces: list[_Piece]) -> list[Line]:
    """``(text, nationality)`` per line; a flag starts a new line unless the line is empty."""
    lines: list[Line] = [("", None)]
    for piece in pieces:
        text, code = lines[-1]
        if piece.kind == "break" or (piece.kind == "flag" and (text.strip() or code)):
            lines.append(("", None))
        if piece.kind == "flag":
            lines[-1] = (lines[-1][0], piece.text or None)
        elif piece.kind == "text":
            lines[-1] = (lines[-1][0] + piece.text, lines[-1][1])
    return [(_line_text(text, code), code) for text, code in lines]


def _line_text(raw: str, code: str | None) -> str:
    """A flagged line is a name: separators around it and a printed country code go."""
    text = collapse(raw)
    if code:
        text = _strip_code(text.strip(_NAME_SEPARATORS)).strip(_NAME_SEPARATORS)
    return text


def _strip_code(name: str) -> str:
    """``{{flagathlete}}`` prints the code after the name ("Lucas Luhr (GER)"); the flag has it."""
    return _TRAILING_CODE.sub("", name)


def _emphasis(pieces: list[_Piece]) -> Iterator[str]:
    """``bold``/``italic`` only when the emphasis covers all of the cell's visible value."""
    texts = [piece for piece in pieces if piece.kind == "text" and _is_value(piece.text)]
    if texts and all(piece.bold for piece in texts):
        yield "bold"
    if texts and all(piece.italic for piece in texts):
        yield "italic"


def _is_value(text: str) -> bool:
    """Whitespace and a typed marker (a bold 1 followed by a plain †) are not the value."""
    return bool(MARKERS.sub("", text).strip(" *^\t\n\xa0"))


def _visible_text(pieces: Iterator[_Piece] | list[_Piece]) -> str:
    return "".join(piece.text for piece in pieces if piece.kind in ("text", "break"))


def _pieces(root: Tag) -> Iterator[_Piece]:
    """Walk ``root``'s content in reading order without recursion (pages can nest deeply)."""
    stack: list[tuple[Tag | NavigableString, bool, bool] | _Piece] = [
        (child, False, False) for child in reversed(list(root.children))
    ]
    while stack:
        item = stack.pop()
        if isinstance(item, _Piece):
            yield item
            continue
        node, bold, italic = item
        if not isinstance(node, Tag):
            if not isinstance(node, PreformattedString):  # comments, CDATA, doctypes
                yield _Piece("text", str(node), bold, italic)
            continue
        if node.name in _SKIPPED or _is_hidden(node):
            continue
        if _is_flag(node):
            yield _Piece("flag", _flag_nationality(node) or "")
        elif node.name == "sup":  # get_text, not a nested walk: sup can nest past the stack
            yield _Piece("note", collapse(node.get_text()))
        elif node.name == "br":
            yield _BREAK
        else:
            bold = bold or node.name in _BOLD
            italic = italic or node.name in _ITALIC
            block = node.name in _BLOCKS
            stack.extend([_BREAK] if block else [])
            stack.extend((child, bold, italic) for child in reversed(list(node.children)))
            stack.extend([_BREAK] if block else [])


def _is_hidden(tag: Tag) -> bool:
    """Sort keys and other ``display:none`` content are for the sorter, not the reader."""
    if not _HIDDEN_CLASSES.isdisjoint(tag.get_attribute_list("class")):
        return True
    style = _attr_text(tag, "style")
    return bool(style and _DISPLAY_NONE.search(style))


# --- flags --------------------------------------------------------------------------------


def _is_flag(tag: Tag) -> bool:
    if "flagicon" in tag.get_attribute_list("class"):
        return True
    return tag.name == "img" and bool(_FLAG_FILE.search(_attr_text(tag, "src") or ""))


def _flag_nationality(tag: Tag) -> str | None:
    """The flag's country as ISO alpha-3, else the label it was given, else None.

    The image's ``alt`` is what the template author chose ("West Germany"); the file name
    ("Flag_of_Germany.svg") is the fallback that pycountry more often recognises.
    """
    image = tag if tag.name == "img" else tag.find("img")
    link = tag.find("a") if tag.name != "img" else tag.find_parent("a")
    labels = []
    if isinstance(image, Tag):
        labels += [_attr_text(image, "alt"), _attr_text(image, "title")]
        match = _FLAG_FILE.search(unquote(_attr_text(image, "src") or ""))
        labels.append(_file_country(match.group(1)) if match else None)
    if isinstance(link, Tag):
        labels.append(_attr_text(link, "title"))
    labels = [collapse(label) for label in labels if label and label.strip()]
    for label in labels:
        code = code_for_label(label)
        if code:
            return code
    return labels[0] if labels else None


def _file_country(stem: str) -> str:
    """``the_United_States`` -> ``United States``; ``Belgium_(civil)`` -> ``Belgium``."""
    name = re.sub(r"\s*\(.*\)$", "", stem.replace("_", " ")).strip()
    return name[4:] if name.lower().startswith("the ") else name
