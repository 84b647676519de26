"""The HTML the server writes itself: the form, the worklist, error pages, and a report's bar.

Every value that comes from a request, the wiki or the store goes through :func:`e` (HTML
escaping after control characters and bidi overrides are made visible, as in the report). The
pages need no script: their Content-Security-Policy allows none, and forms may only be sent to
this server. A report is the HTML report of ``--format html`` unchanged, with one bar put in
front of it (the revision's permanent link, its JSON, a way back); it keeps its own CSP.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from html import escape
from importlib import resources
from urllib.parse import urlencode, urlsplit

from wikiaudit.reports.safe_text import printable
from wikiaudit.web.config import ServeConfig
from wikiaudit.web.worklist import WorklistPage

#: The server's own pages: inline CSS, no script, forms sent only here. The header adds
#: ``frame-ancestors`` (browsers ignore it in a ``<meta>``): never framed.
_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"
PAGE_CSP = f"{_PAGE_POLICY}; frame-ancestors 'none'"
_BAR_CSS = (
    ".wa-serve{display:flex;flex-wrap:wrap;gap:4px 18px;align-items:baseline;padding:8px 32px;"
    "background:#1d2939;color:#f2f4f7;font:13px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,"
    "Arial,sans-serif}.wa-serve a{color:#b2ddff}.wa-serve strong{color:#fff}"
)


def e(value: object) -> str:
    """Escape for HTML text or a double-quoted attribute, showing invisible controls."""
    return escape(printable(str(value)), quote=True)


@cache
def _css() -> str:
    return resources.files("wikiaudit.web").joinpath("serve.css").read_text(encoding="utf-8")


def audit_link(title: str, revision: int | None = None, *, api: bool = False) -> str:
    """``/audit?title=...`` (or ``/api/audit``), the way the form would send it."""
    params: dict[str, str | int] = {"title": title} if title else {}
    if revision is not None:
        params["revision"] = revision
    return f"{'/api/audit' if api else '/audit'}?{urlencode(params)}"


def _shell(config: ServeConfig, title: str, body: str) -> str:
    from wikiaudit import __version__

    host = urlsplit(config.api_url).netloc
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_PAGE_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{_css()}</style></head>\n<body>"
        '<header class="topbar"><a class="brand" href="/">wikiaudit</a>'
        '<span class="wiki">audits the tables of motorsport season articles on '
        f'<a href="{e(config.wiki)}">{e(host)}</a></span></header>'
        f"<main>{body}</main>"
        f"<footer>wikiaudit {e(__version__)} · reports are kept by revision id · "
        "JSON: <code>/api/audit?title=…</code></footer></body></html>\n"
    )


def _forms(config: ServeConfig, title: str = "", revision: str = "") -> str:
    host = urlsplit(config.api_url).netloc
    limit = f"{config.limits.max_bytes / 1024 / 1024:g} MB"
    return (
        '<div class="forms">'
        '<section class="card"><h2>Audit a live revision</h2>'
        '<form class="audit" id="live" method="get" action="/audit">'
        '<label for="title">Page title</label>'
        f'<input type="text" id="title" name="title" value="{e(title)}" maxlength="2000" '
        'placeholder="2012 American Le Mans Series" autocomplete="off" spellcheck="false">'
        '<label for="revision">Revision id <span class="opt">(optional: the latest when '
        "empty)</span></label>"
        f'<input type="text" id="revision" name="revision" value="{e(revision)}" '
        'inputmode="numeric" pattern="[0-9]{1,18}" autocomplete="off">'
        '<button type="submit">Audit</button></form>'
        f'<p class="hint">Pages of {e(host)} only; an article URL of it works as a title.</p>'
        "</section>"
        '<section class="card"><h2>Audit an article file</h2>'
        '<form class="audit" id="upload" method="post" action="/audit" '
        'enctype="multipart/form-data">'
        f'<label for="article">Flattened text, wikitext or rendered HTML (at most {limit})'
        "</label>"
        '<input type="file" id="article" name="article" required>'
        '<button type="submit">Upload and audit</button></form>'
        '<p class="hint">The file is audited and forgotten: nothing is kept.</p>'
        "</section></div>"
    )


def index_page(config: ServeConfig, worklist: WorklistPage | None) -> str:
    body = _forms(config) + (_worklist(worklist) if worklist is not None else "")
    return _shell(config, "wikiaudit", body)


def error_page(
    config: ServeConfig, status: int, message: str, title: str = "", revision: str = ""
) -> str:
    """The message, then the form again (filled in) so the user can correct the request."""
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    body = (
        f'<section class="problem" role="alert"><h1>{status} {e(phrase)}</h1>'
        f'<p id="message">{e(message)}</p></section>' + _forms(config, title, revision)
    )
    return _shell(config, f"wikiaudit: {status} {phrase}", body)


# ------------------------------------------------------------------------------- worklist


def _count(value: int, severity: str) -> str:
    css = f"badge sev-{severity}" if value else "zero"
    return f'<td class="n"><span class="{css}">{value}</span></td>'


def _worklist(page: WorklistPage) -> str:
    rows = []
    for rank, (record, findings) in enumerate(page.rows, page.first):
        audited = f'revision <a href="{e(audit_link(record.title, record.revid))}">'
        audited += f"{record.revid}</a>"
        if record.timestamp:
            audited += f" · {e(record.timestamp)}"
        if findings:
            worst = "".join(
                f'<li><span class="badge sev-{e(f.severity)}">{e(f.severity)}</span> '
                f"<code>{e(f.rule)}</code> "
                f"{e(' · '.join(p for p in (f.table, f.row, f.column) if p))}: {e(f.message)}"
                "</li>"
                for f in findings
            )
            notes = f"<ul>{worst}</ul>"
        elif record.status != "audited":
            notes = f'<span class="meta">{e(record.status)}: {e(record.message or "")}</span>'
        else:
            notes = '<span class="badge sev-ok">no findings</span>'
        rows.append(
            f'<tr><td class="n rank">{rank}</td>'
            f'<td><a href="{e(audit_link(record.title))}">{e(record.title)}</a>'
            f'<div class="meta">{audited}</div></td>'
            + _count(record.errors, "error")
            + _count(record.warnings, "warning")
            + _count(record.infos, "info")
            + f"<td>{notes}</td></tr>"
        )
    pager = []
    if page.page > 1:
        pager.append(f'<a href="/?page={page.page - 1}">← previous {page.per_page}</a>')
    if page.has_next:
        pager.append(f'<a href="/?page={page.page + 1}">next {page.per_page} →</a>')
    shown = (
        f"{page.first}–{page.first + len(page.rows) - 1} of {page.total}"
        if page.rows
        else f"none of {page.total}"
    )
    table = (
        '<table class="worklist"><thead><tr><th>#</th><th>Page</th><th>Errors</th>'
        "<th>Warnings</th><th>Info</th><th>Worst findings</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return (
        '<section class="card" id="worklist"><h2>Worklist '
        f'<span class="sub">{shown} pages in {e(page.path.name)}, ranked by errors then '
        "warnings; each links to its live report</span></h2>"
        f"{table}"
        f'<div class="pager">{"".join(pager)}</div></section>'
    )


# -------------------------------------------------------------------------------- reports


def live_report(html: str, *, title: str, revid: int, url: str, timestamp: datetime) -> str:
    """The report with a bar naming the revision, its permanent link and its JSON."""
    when = timestamp.strftime("%Y-%m-%d %H:%M UTC")
    bar = (
        '<nav class="wa-serve" aria-label="wikiaudit serve"><a href="/">← new audit</a>'
        f"<span>revision <strong>{revid}</strong> of <strong>{e(title)}</strong>, "
        f"{e(when)}</span>"
        f'<a id="permalink" href="{e(url)}" rel="noreferrer">permanent link</a>'
        f'<a href="{e(audit_link(title, revid, api=True))}">JSON</a></nav>'
    )
    return _with_bar(html, bar)


def upload_report(html: str, name: str) -> str:
    bar = (
        '<nav class="wa-serve" aria-label="wikiaudit serve"><a href="/">← new audit</a>'
        f"<span>uploaded file <strong>{e(name)}</strong> (not kept)</span></nav>"
    )
    return _with_bar(html, bar)


def _with_bar(html: str, bar: str) -> str:
    """Put the bar first in the body and its style in the head.

    The report escapes everything it draws, so the first ``</head>`` and ``<body>`` in it are
    its own tags, never text from the article.
    """
    head, body = html.index("</head>"), html.index("<body>")
    assert head < body, "not a wikiaudit HTML report"
    return (
        html[:head]
        + f"<style>{_BAR_CSS}</style>"
        + html[head:body]
        + "<body>"
        + bar
        + html[body + len("<body>") :]
    )
