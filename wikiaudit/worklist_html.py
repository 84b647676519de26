"""The worklist as one self-contained HTML page (and a fragment ``audit serve`` can embed).

As with the audit report (``reports/html.py``): one file, inline CSS, no script, fonts, images
or requests, so it can be mailed, attached to a CI run or published as is. Every string from
the store (titles, findings, messages: whatever editors typed) is made printable and then
``html.escape``d, and the page carries a Content-Security-Policy allowing no script and no
network access at all, a second line of defence should an escaping bug let markup through.
Severity is never colour alone: counts are written out and each finding names its severity.
"""

from __future__ import annotations

from html import escape

from wikiaudit.reports.safe_text import LABEL_CHARS, shown
from wikiaudit.store import StoredFinding
from wikiaudit.worklist import Entry, Worklist, values, where

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

CSS = """
:root { color-scheme: light; --ink: #1d2939; --muted: #667085; --line: #e4e7ec;
  --head: #f2f4f7; --error: #b42318; --error-bg: #fef3f2; --warning: #93370d;
  --warning-bg: #fffaeb; --info: #1849a9; --info-bg: #eff8ff; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
header { padding: 16px 32px; border-bottom: 1px solid var(--line); }
header h1 { margin: 0; font-size: 18px; }
header p { margin: 4px 0 0; color: var(--muted); overflow-wrap: anywhere; }
main { max-width: 1400px; margin: 0 auto; padding: 16px 32px 48px; }
table.worklist { border-collapse: collapse; width: 100%; }
.worklist th, .worklist td { border-bottom: 1px solid var(--line); padding: 8px;
  text-align: left; vertical-align: top; }
.worklist th { background: var(--head); font-size: 13px; position: sticky; top: 0; }
.worklist td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.worklist a { color: var(--info); overflow-wrap: anywhere; }
.worklist .meta { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 12px;
  font-weight: 600; white-space: nowrap; }
.sev-error { color: var(--error); background: var(--error-bg); }
.sev-warning { color: var(--warning); background: var(--warning-bg); }
.sev-info { color: var(--info); background: var(--info-bg); }
.zero { opacity: 0.45; }
ul.worst { margin: 0; padding: 0; list-style: none; }
ul.worst li { margin: 0 0 6px; }
.worst .loc, .worst .values { color: var(--muted); font-size: 12.5px; }
.empty { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 0 0 24px; }
"""

_MESSAGE_CHARS = 400


def _text(value: str | None, limit: int = LABEL_CHARS) -> str:
    """Article text as safe HTML: cut, control and bidi characters shown, then escaped."""
    return escape(shown(value, limit))


def render_page(worklist: Worklist) -> str:
    """The whole page: a heading with the counts, then the ranked table."""
    from wikiaudit import __version__

    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="generator" content="wikiaudit">'
        "<title>wikiaudit worklist</title>"
        f"<style>{CSS}</style></head><body>"
        "<header><h1>Worklist</h1>"
        f"<p>{_text(worklist.heading, 1000)} · store {_text(worklist.store, 500)}</p></header>"
        f"<main>{render_table(worklist)}</main>"
        f"<footer>wikiaudit {escape(__version__)}</footer>"
        "</body></html>\n"
    )


def render_table(worklist: Worklist) -> str:
    """The ranked table alone, for a page that embeds the worklist (``audit serve``)."""
    if not worklist.entries:
        empty = "No page is stored." if worklist.everything else "No page has an error or warning."
        return f'<p class="empty">{empty}</p>'
    head = (
        '<table class="worklist"><thead><tr><th scope="col">#</th><th scope="col">Article</th>'
        '<th scope="col">Errors</th><th scope="col">Warnings</th>'
        '<th scope="col">Worst findings</th></tr></thead><tbody>'
    )
    return head + "".join(_row(entry) for entry in worklist.entries) + "</tbody></table>"


def _row(entry: Entry) -> str:
    page = entry.page
    meta = f"revision {page.revid}"
    if page.status != "audited":
        meta = f"{page.status} · {meta}"
    note = f'<div class="meta">{_text(page.message, _MESSAGE_CHARS)}</div>' if page.message else ""
    worst = "".join(_finding(f) for f in entry.worst)
    return (
        f'<tr><td class="num">{entry.rank}</td>'
        f'<td><a href="{escape(entry.link, quote=True)}">{_text(page.title, 300)}</a>'
        f'<div class="meta">{escape(meta)}</div>{note}</td>'
        f'<td class="num">{_count(page.errors, "error")}</td>'
        f'<td class="num">{_count(page.warnings, "warning")}</td>'
        f'<td><ul class="worst">{worst}</ul></td></tr>'
    )


def _count(count: int, severity: str) -> str:
    zero = " zero" if count == 0 else ""
    return f'<span class="badge sev-{severity}{zero}">{count:,}</span>'


def _finding(finding: StoredFinding) -> str:
    severity = finding.severity if finding.severity in ("error", "warning") else "info"
    where_text, values_text = where(finding), values(finding)
    location = f' <span class="loc">{_text(where_text)}</span>' if where_text else ""
    shown_values = f'<div class="values">{_text(values_text)}</div>' if values_text else ""
    return (
        f'<li><span class="badge sev-{severity}">{escape(severity)}</span> '
        f"<code>{_text(finding.rule)}</code>{location}"
        f"<div>{_text(finding.message, _MESSAGE_CHARS)}</div>{shown_values}</li>"
    )
