"""source -> document -> season -> findings: the pipeline the CLI wires together.

An input is first read into a :class:`Source` (its text plus where it came from) and only then
parsed: ``--fix`` needs the exact text the findings' lines refer to, and live revisions need
their permanent link as the source label, so reading and parsing are kept apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikiaudit.scraper.errors import InputError
from wikiaudit.scraper.model import Document
from wikiaudit.scraper.source import DEFAULT_MAX_BYTES, UTF8, Encoding

if TYPE_CHECKING:
    from wikiaudit.validators.audit import AuditResult


@dataclass(frozen=True, slots=True)
class Limits:
    """How much input an audit accepts; the one place the defaults live.

    The CLI passes only the limits the user set, so its ``--max-bytes``/``--max-tables``
    cannot drift from these (nor from the file reader's own default, which is this one).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_tables: int = 500


@dataclass(frozen=True, slots=True)
class Source:
    """An article's text and its provenance.

    ``label`` is what reports cite (a path, or a revision's permanent link); ``path`` is set for
    files (so ``--fix --in-place`` knows where to write) and ``revision`` for live revisions
    (a :class:`scraper.mediawiki.Revision`, typed loosely so this module never imports requests).
    ``encoding`` is how a file stored its text (BOM, UTF-16...), so a fix is written back the
    same way; live revisions are UTF-8.
    """

    text: str
    label: str
    path: Path | None = None
    revision: Any = None
    encoding: Encoding = UTF8


@dataclass(frozen=True, slots=True)
class Remote:
    """Where a live revision lives: ``--wiki``/``--title``/``--revision`` or a pasted URL."""

    wiki: str | None = None
    title: str | None = None
    revision: int | None = None
    url: str | None = None


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def read_source(spec: str, *, remote: Remote | None = None, limits: Limits = Limits()) -> Source:
    """A file path, an article/revision URL, or (with ``remote.wiki``) a revision id.

    Only ASCII digits make a revision id (``"²".isdigit()`` is true, ``int("²")`` fails); any
    other spec stays a file, so a live revision can be compared with a local draft.
    """
    if is_url(spec):
        return fetch_source(Remote(url=spec), limits)
    if remote is not None and remote.wiki and spec.isascii() and spec.isdigit():
        return fetch_source(Remote(wiki=remote.wiki, revision=int(spec)), limits)
    return read_file(Path(spec), limits)


def read_file(path: Path, limits: Limits = Limits()) -> Source:
    from wikiaudit.scraper.source import read_article

    text, encoding = read_article(path, max_bytes=limits.max_bytes)
    return Source(text, str(path), path=path, encoding=encoding)


def fetch_source(remote: Remote, limits: Limits = Limits()) -> Source:
    from wikiaudit.live import fetch_revision

    revision = fetch_revision(remote, limits.max_bytes)
    if len(revision.text.encode("utf-8", "surrogatepass")) > limits.max_bytes:
        raise InputError(f"{revision.url}: over the {limits.max_bytes:,}-byte input limit")
    return Source(revision.text, revision.url, revision=revision)


def load_file(path: Path, *, form: str | None = None, limits: Limits = Limits()) -> Document:
    source = read_file(path, limits)
    return parse_text(source.text, source.label, form, limits)


def parse_text(text: str, source: str, form: str | None, limits: Limits) -> Document:
    from wikiaudit import scraper

    if len(text.encode("utf-8", "surrogatepass")) > limits.max_bytes:
        raise InputError(f"{source}: over the {limits.max_bytes:,}-byte input limit")
    document = scraper.parse(text, source, chosen_form(text, form))
    if not document.tables:
        raise InputError(f"{source}: no tables found (is this a season article?)")
    if len(document.tables) > limits.max_tables:
        raise InputError(
            f"{source}: {len(document.tables)} tables is over the limit of {limits.max_tables} "
            "(raise it with --max-tables)"
        )
    return document


def chosen_form(text: str, form: str | None = None) -> str:
    """The ``--form`` the user gave, else the scraper's guess.

    Callers that need the form themselves (``--fix`` refuses HTML before auditing) choose it
    once and pass it on, so the text is not sniffed again.
    """
    from wikiaudit import scraper

    return form or scraper.detect_form(text)


def nothing_checked(tables: int) -> str:
    """Why a page none of whose ``tables`` reads as a season table is not clean: one wording
    for the CLI's exit 2, the web tool's refusal and the corpus's ``unchecked`` record."""
    return (
        f"no season table could be checked ({tables} {'table' if tables == 1 else 'tables'}, "
        "none read as standings or a race classification)"
    )


def audit_document(document: Document, rules: Any = None, selection: Any = None) -> AuditResult:
    """``rules``: the scoring from a ``--rules`` file, for articles without a points table;
    ``selection``: a ``config.Selection`` (the rules to report and their severities)."""
    from wikiaudit.validators.engine import audit

    return audit(document, rules=rules, selection=selection)


def audit_source(
    source: Source, form: str | None, limits: Limits, rules: Any = None, selection: Any = None
) -> AuditResult:
    document = parse_text(source.text, source.label, form, limits)
    title = getattr(source.revision, "title", None)
    if title:  # a live revision: the page's own title, not a heading guessed from its text
        document.title = title
    return audit_document(document, rules, selection)
