"""source -> document -> season -> findings: the pipeline the CLI wires together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scraper.errors import InputError
from scraper.model import Document

DEFAULT_MAX_TABLES = 500


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_tables: int = DEFAULT_MAX_TABLES


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def load_file(path: Path, *, form: str | None = None, limits: Limits = Limits()) -> Document:
    from scraper.source import read_text

    return parse_text(read_text(path, max_bytes=limits.max_bytes), str(path), form, limits)


def parse_text(text: str, source: str, form: str | None, limits: Limits) -> Document:
    import scraper

    if len(text.encode("utf-8", "surrogatepass")) > limits.max_bytes:
        raise InputError(f"{source}: over the {limits.max_bytes:,}-byte input limit")
    document = scraper.parse(text, source, form)
    if not document.tables:
        raise InputError(f"{source}: no tables found (is this a season article?)")
    if len(document.tables) > limits.max_tables:
        raise InputError(
            f"{source}: {len(document.tables)} tables is over the limit of {limits.max_tables} "
            "(raise it with --max-tables)"
        )
    return document


def audit_document(document: Document):
    from validators.engine import audit

    return audit(document)
