"""Report formats, looked up by name and imported only when asked for.

The CLI starts on every invocation (often in CI loops and pre-commit hooks), so importing this
package must stay cheap: renderers are named by module path and imported on first use, and a
format's dependencies (``xml.etree``, ``html``...) cost nothing unless that format is chosen.
Every renderer module exposes ``render(result, **options) -> str`` and
``render_all(results, **options) -> str`` (several articles in one report); the options every
renderer accepts are ``fail_on`` (which findings fail the run, see ``wikiaudit.verdict``) and
``baseline`` (a ``ci.BaselineSummary``); a renderer ignores options it has no use for, so the
CLI passes one set to whichever format was chosen.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wikiaudit.validators.audit import AuditResult

FORMATS: dict[str, str] = {
    "text": "wikiaudit.reports.text",
    "json": "wikiaudit.reports.json",
    "markdown": "wikiaudit.reports.markdown",
    "html": "wikiaudit.reports.html",
    "sarif": "wikiaudit.reports.sarif",
    "junit": "wikiaudit.reports.junit",
    "github": "wikiaudit.reports.github",
}


def render(result: AuditResult, fmt: str, **options: Any) -> str:
    """Render ``result`` in format ``fmt`` (a key of ``FORMATS``).

    ``options`` go to that renderer unchanged (e.g. ``color`` for text, ``fail_on`` for all),
    so format-specific switches need no registry change.
    """
    return render_all([result], fmt, **options)


def render_all(results: list[AuditResult], fmt: str, **options: Any) -> str:
    """One report on several articles (findings grouped by article)."""
    return _module(fmt).render_all(results, **options)


def _module(fmt: str) -> Any:
    try:
        module_path = FORMATS[fmt]
    except KeyError:
        choices = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown report format {fmt!r}; choose one of: {choices}") from None
    return importlib.import_module(module_path)
