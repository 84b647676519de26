"""One self-contained HTML page that draws each audited table with its findings on the cells.

Why draw the tables: a finding such as "total 86 is not the sum of the row" is understood at a
glance when the row is on screen with the offending cell outlined, and an editor can compare
it with the article side by side. The page is a single file (inline CSS, a few lines of inline
JS for expand/collapse, no fonts, images or other requests) so it can be attached to a CI run,
mailed, or opened from disk years later.

Safety: every string that comes from the article or from a finding is passed through
``html.escape`` (tables hold whatever editors typed, including ``<script>``). As a second line
of defence the page carries a Content-Security-Policy that allows no network access, no
plugins, and only the one inline script whose hash it names; should an escaping bug ever let
markup through, the browser still refuses to run it. Article cell colours (``bgcolor``) are kept
because positions matrices encode results in them, but only when they are a plain colour token.

Accessibility: severity is never colour alone: every highlighted cell carries a text marker
(``E1``, ``W2``, ``I3``), a different outline style (solid, dashed, dotted) and a tooltip, and
each marker links to the finding in the list under the table.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from typing import Any

from wikiaudit.reports._common import (
    SEVERITIES,
    Grouped,
    TableFindings,
    baseline_mark,
    cell_in,
    group,
    plural,
    severity_count,
    tool_version,
    totals,
    worst,
)
from wikiaudit.reports.safe_text import printable
from wikiaudit.scraper.model import Cell, Row, Table
from wikiaudit.validators.audit import AuditResult
from wikiaudit.validators.findings import Finding, Severity

LABELS = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Info"}
ICONS = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "ℹ"}
MARKS = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.INFO: "I"}

_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?|[a-zA-Z]{3,20}")
_STYLE_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;]+)", re.IGNORECASE)

SCRIPT = """
document.documentElement.classList.add("js");
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-action]");
  if (button) {
    var open = button.getAttribute("data-action") === "expand";
    document.querySelectorAll("details").forEach(function (d) { d.open = open; });
    return;
  }
  var mark = event.target.closest("a.mark");
  var target = mark && document.getElementById(mark.getAttribute("href").slice(1));
  for (var node = target; node; node = node.parentElement) {
    if (node.tagName === "DETAILS") { node.open = true; }
  }
});
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; "
    f"script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'"
)

CSS = """
:root {
  color-scheme: light;
  --ink: #1d2939; --muted: #667085; --line: #e4e7ec; --soft: #f9fafb; --head: #f2f4f7;
  --error: #b42318; --error-bg: #fef3f2; --error-line: #f04438;
  --warning: #93370d; --warning-bg: #fffaeb; --warning-line: #f79009;
  --info: #1849a9; --info-bg: #eff8ff; --info-line: #2e90fa;
  --ok: #067647; --ok-bg: #ecfdf3;
}
* { box-sizing: border-box; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
}
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 12.5px; }
.topbar {
  position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: 8px 24px;
  align-items: center; padding: 10px 32px; background: rgba(255, 255, 255, 0.96);
  border-bottom: 1px solid var(--line); box-shadow: 0 1px 3px rgba(16, 24, 40, 0.06);
}
.brand { font-weight: 700; letter-spacing: 0.02em; color: var(--muted); }
.topbar h1 { margin: 0; font-size: 17px; font-weight: 600; }
.topbar .source { color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
.topbar .doc { flex: 1 1 320px; min-width: 0; }
.counts { display: flex; gap: 8px; flex-wrap: wrap; }
.pill, .badge {
  display: inline-flex; align-items: center; gap: 5px; border-radius: 999px;
  border: 1px solid transparent; font-weight: 600; white-space: nowrap;
}
.pill { padding: 3px 12px; font-size: 13px; }
.badge { padding: 0 8px; font-size: 12px; }
.sev-error { color: var(--error); background: var(--error-bg); border-color: #fecdca; }
.sev-warning { color: var(--warning); background: var(--warning-bg); border-color: #fedf89; }
.sev-info { color: var(--info); background: var(--info-bg); border-color: #b2ddff; }
.sev-ok { color: var(--ok); background: var(--ok-bg); border-color: #abefc6; }
.zero { opacity: 0.45; }
.actions { display: none; gap: 6px; }
.js .actions { display: flex; }
button {
  font: inherit; font-size: 12.5px; padding: 4px 10px; border-radius: 6px; cursor: pointer;
  border: 1px solid #d0d5dd; background: #fff; color: var(--ink);
}
button:hover { background: var(--head); }
main { max-width: 1400px; margin: 0 auto; padding: 20px 32px 48px; }
.overview {
  display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 16px;
  align-items: start; margin-bottom: 24px;
}
.overview .toc { grid-column: 1 / -1; }
.toc ul { columns: 2 420px; column-gap: 32px; }
.toc li { break-inside: avoid; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
.card h2 { margin: 0 0 6px; font-size: 13px; text-transform: uppercase;
  letter-spacing: 0.05em; color: var(--muted); }
.card ul { margin: 0; padding-left: 18px; }
.card .empty { color: var(--muted); }
.toc a { color: var(--ink); text-decoration: none; }
.toc a:hover { text-decoration: underline; }
.toc li { margin: 2px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; margin-top: 8px; }
.legend > span { display: inline-flex; align-items: center; gap: 6px; }
.table-block { border: 1px solid var(--line); border-radius: 10px; margin: 0 0 16px;
  scroll-margin-top: 80px; }
.table-block > summary {
  display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; cursor: pointer;
  padding: 10px 16px; background: var(--soft); border-radius: 10px; list-style: none;
}
.table-block[open] > summary { border-bottom: 1px solid var(--line);
  border-radius: 10px 10px 0 0; }
.table-block > summary::before { content: "▸"; color: var(--muted); width: 10px; }
.table-block[open] > summary::before { content: "▾"; }
.table-block > summary h2 { margin: 0; font-size: 15px; font-weight: 600; }
.table-block .where { color: var(--muted); font-size: 12.5px; }
.table-block .tags { margin-left: auto; display: flex; gap: 6px; }
.body { padding: 12px 16px 16px; }
.scroll { overflow: auto; max-height: 75vh; width: fit-content; max-width: 100%;
  border: 1px solid var(--line); border-radius: 6px; }
table.grid { border-collapse: collapse; font-size: 13px; }
.grid td, .grid th {
  border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top;
  min-width: 2.5em; max-width: 22em; overflow-wrap: anywhere;
}
.grid th { background: var(--head); font-weight: 600; }
.grid .gutter { background: #fff; color: #98a2b3; font-weight: 400; font-size: 11px;
  text-align: right; user-select: none; }
.grid tr:hover td:not(.finding) { filter: brightness(0.97); }
.grid .spanned { color: var(--muted); }
.grid .note { color: var(--muted); font-size: 10px; margin-left: 2px; }
.grid td.finding, .grid th.finding { outline-offset: -2px; font-weight: 600; }
.finding-error { background: var(--error-bg) !important; outline: 2px solid var(--error-line); }
.finding-warning { background: var(--warning-bg) !important;
  outline: 2px dashed var(--warning-line); }
.finding-info { background: var(--info-bg) !important; outline: 2px dotted var(--info-line); }
.key { padding: 2px 6px; font-size: 12px; outline-offset: -2px; }
a.mark, span.mark {
  margin-left: 6px; padding: 0 4px; border-radius: 4px; font-size: 10.5px; font-weight: 700;
  vertical-align: super; text-decoration: none; color: #fff;
}
.mark.m-error { background: var(--error); }
.mark.m-warning { background: var(--warning); }
.mark.m-info { background: var(--info); }
details.findings { margin-top: 12px; }
details.findings > summary { cursor: pointer; font-weight: 600; color: var(--ink); }
ol.finding-list { list-style: none; margin: 8px 0 0; padding: 0; }
.finding-list li {
  border: 1px solid var(--line); border-left-width: 4px; border-radius: 6px;
  padding: 8px 12px; margin: 0 0 8px; scroll-margin-top: 90px;
}
.finding-list li:target { box-shadow: 0 0 0 3px #d1e9ff; }
.finding-list li.item-error { border-left-color: var(--error-line); }
.finding-list li.item-warning { border-left-color: var(--warning-line); border-left-style: dashed; }
.finding-list li.item-info { border-left-color: var(--info-line); border-left-style: dotted; }
.finding-list .head { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; }
.finding-list .num { color: var(--muted); font-weight: 700; font-size: 12px; }
.finding-list .loc { color: var(--muted); font-size: 12.5px; }
.finding-list .msg { margin: 4px 0 0; }
.finding-list .values { margin: 4px 0 0; font-size: 13px; }
.finding-list .values .v { padding: 0 5px; border-radius: 4px; background: var(--head); }
.finding-list .explanation {
  margin: 6px 0 0; padding: 4px 10px; border-left: 3px solid var(--line); color: #475467;
}
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 0 0 24px; }
.baseline-new { color: #fff; background: #6941c6; }
.baseline-accepted { color: var(--muted); background: var(--head); border-color: var(--line); }
.grid td.finding[data-baseline="accepted"], .grid th.finding[data-baseline="accepted"] {
  outline-color: #98a2b3; }
.topbar .source a { color: inherit; }
section.article { margin: 0 0 32px; }
section.article > h2 { font-size: 18px; margin: 0 0 4px; }
section.article > .source { color: var(--muted); font-size: 12.5px; margin: 0 0 12px;
  overflow-wrap: anywhere; }
"""


def e(value: object) -> str:
    """Escape anything for HTML text or a double-quoted attribute.

    Control characters, bidi overrides and lone surrogates are shown as visible escapes
    (``reports.safe_text``): HTML forbids the first (browsers draw them as boxes), an override
    makes ``12`` read as ``21`` in the browser too, and a surrogate cannot be written as UTF-8.
    """
    return escape(printable(str(value), keep="\t\n"), quote=True)


def _label(severity: Severity) -> str:
    return f"{ICONS[severity]} {LABELS[severity]}"


def _count_pill(severity: Severity, count: int, css: str = "pill") -> str:
    zero = " zero" if count == 0 else ""
    return (
        f'<span class="{css} sev-{severity.value}{zero}" data-severity="{severity.value}">'
        f"{ICONS[severity]} {severity_count(severity, count)}</span>"
    )


def _tooltip(finding: Finding) -> str:
    mark = f" ({baseline_mark(finding)})" if baseline_mark(finding) else ""
    lines = [f"{LABELS[finding.severity]} [{finding.rule}]{mark}: {finding.message}"]
    if finding.published is not None or finding.expected is not None:
        lines.append(f"Published: {finding.published or '—'} → expected: {finding.expected or '—'}")
    if finding.explanation:
        where = f" (line {finding.explanation_line})" if finding.explanation_line else ""
        lines.append(f"Explained{where}: {finding.explanation}")
    return "\n".join(lines)


def _background(cell: Cell) -> str | None:
    """The article's cell colour, when it is a bare colour token (nothing that could load)."""
    raw = cell.attr("bgcolor")
    if raw is None:
        match = _STYLE_BACKGROUND.search(cell.attr("style") or "")
        raw = match.group(1) if match else None
    raw = (raw or "").strip()
    return raw if _COLOUR.fullmatch(raw) else None


def _cell(cell: Cell, tag: str, marks: list[tuple[str, Finding]]) -> str:
    classes = ["spanned"] if "spanned" in cell.flags else []
    attrs = ""
    content = e(cell.text)
    if "bold" in cell.flags:
        content = f"<strong>{content}</strong>"
    if "italic" in cell.flags:
        content = f"<em>{content}</em>"
    for note in cell.notes:
        content += f'<sup class="note">{e(note)}</sup>'
    if marks:
        findings = [finding for _, finding in marks]
        severity = worst(findings)
        rules = " ".join(dict.fromkeys(f.rule for f in findings))
        classes += ["finding", f"finding-{severity.value}"]
        tooltip = "\n\n".join(_tooltip(f) for f in findings)
        attrs = f' data-rule="{e(rules)}" data-severity="{severity.value}" title="{e(tooltip)}"'
        marks_seen = {baseline_mark(f) for f in findings}
        if marks_seen == {"accepted"}:
            attrs += ' data-baseline="accepted"'
        for anchor, finding in marks:
            label = anchor.rsplit("-f", 1)[1]
            content += (
                f'<a class="mark m-{finding.severity.value}" href="#{anchor}" '
                f'aria-label="{LABELS[finding.severity]} {label}">'
                f"{MARKS[finding.severity]}{label}</a>"
            )
    elif (colour := _background(cell)) is not None:
        attrs = f' style="background:{colour}"'
    css = f' class="{" ".join(classes)}"' if classes else ""
    return f"<{tag}{css}{attrs}>{content}</{tag}>"


def _grid(table: Table, marks: dict[tuple[int, int], list[tuple[str, Finding]]]) -> str:
    rows = [_row(r, row, table.width, marks) for r, row in enumerate(table.rows)]
    return f'<div class="scroll"><table class="grid">{"".join(rows)}</table></div>'


def _row(
    r: int, row: Row, width: int, marks: dict[tuple[int, int], list[tuple[str, Finding]]]
) -> str:
    cells = [f'<th class="gutter" title="source line {row.line}">{row.line}</th>']
    for c, cell in enumerate(row.cells):
        tag = "th" if row.is_header or "header" in cell.flags else "td"
        cells.append(_cell(cell, tag, marks.get((r, c), [])))
    cells.extend("<td></td>" for _ in range(width - len(row.cells)))
    css = ' class="header-row"' if row.is_header else ""
    return f"<tr{css}>{''.join(cells)}</tr>"


def _finding_item(anchor: str, number: str, finding: Finding, *, with_table: bool) -> str:
    where = []
    if with_table and finding.table:
        where.append(f"table {e(finding.table)}")
    if finding.row:
        where.append(f"row <strong>{e(finding.row)}</strong>")
    if finding.column:
        where.append(f"column <strong>{e(finding.column)}</strong>")
    if finding.line is not None:
        where.append(f"line {e(finding.line)}")
    parts = [
        f'<li id="{anchor}" class="item-{finding.severity.value}">',
        '<div class="head">',
        f'<span class="num">{number}</span>',
        f'<span class="badge sev-{finding.severity.value}">{_label(finding.severity)}</span>',
        f"<code>{e(finding.rule)}</code>",
        _baseline_badge(finding),
        f'<span class="loc">{" · ".join(where)}</span>',
        "</div>",
        f'<p class="msg">{e(finding.message)}</p>',
    ]
    if finding.published is not None or finding.expected is not None:
        parts.append(
            f'<p class="values">Published <span class="v mono">{e(finding.published or "—")}'
            f'</span> → expected <span class="v mono">{e(finding.expected or "—")}</span>'
            + (" (certain fix)" if finding.fix is not None else "")
            + "</p>"
        )
    if finding.explanation:
        where_note = f" (line {e(finding.explanation_line)})" if finding.explanation_line else ""
        parts.append(
            f'<blockquote class="explanation">Explained by the article{where_note}: '
            f"{e(finding.explanation)}</blockquote>"
        )
    parts.append("</li>")
    return "".join(parts)


def _baseline_badge(finding: Finding) -> str:
    """``accepted`` (by the baseline: does not fail the run) or ``new``; nothing without one."""
    mark = baseline_mark(finding)
    if not mark:
        return ""
    tip = (
        "accepted in the baseline: does not fail the run"
        if mark == "accepted"
        else "not in the baseline"
    )
    return f'<span class="badge baseline-{mark}" title="{tip}">{mark}</span>'


def _finding_list(prefix: str, findings: list[Finding], *, with_table: bool = False) -> str:
    items = [
        _finding_item(f"{prefix}-f{n}", f"{MARKS[f.severity]}{n}", f, with_table=with_table)
        for n, f in enumerate(findings, 1)
    ]
    return (
        f'<details class="findings" open><summary>{plural(len(findings), "finding")}</summary>'
        f'<ol class="finding-list">{"".join(items)}</ol></details>'
    )


def _badges(entry: TableFindings, separator: str) -> str:
    """A table's non-zero severity counts as badges (its header and the contents list)."""
    counts = entry.counts
    return separator.join(
        _count_pill(s, counts[s.value], "badge") for s in SEVERITIES if counts[s.value]
    )


def _table_block(position: int, entry: TableFindings, ns: str = "") -> str:
    table, findings = entry.table, entry.findings
    prefix = f"{ns}t{position}"
    marks: dict[tuple[int, int], list[tuple[str, Finding]]] = {}
    for n, finding in enumerate(findings, 1):
        if (cell := cell_in(finding, table)) is not None:
            marks.setdefault(cell, []).append((f"{prefix}-f{n}", finding))
    if findings:
        tags = _badges(entry, "")
    elif entry.unclassified:
        tags = '<span class="badge zero">not checked</span>'
    else:
        tags = '<span class="badge sev-ok">✔ no findings</span>'
    where = f"line {table.line} · {plural(len(table.body_rows), 'row')} · {table.width} columns"
    body = _grid(table, marks) + (_finding_list(prefix, findings) if findings else "")
    return (
        f'<details class="table-block" id="{ns}table-{position}"{" open" if findings else ""}>'
        f'<summary><h2>{e(table.title)}</h2><span class="where">{where}</span>'
        f'<span class="tags">{tags}</span></summary><div class="body">{body}</div></details>'
    )


def source_link(source: str) -> str:
    """The source as a link when it is a web address (a live revision's permanent link)."""
    text = f'<span class="mono">{e(source)}</span>'
    if source.startswith(("https://", "http://")):
        return f'<a href="{e(source)}" rel="noopener noreferrer">{text}</a>'
    return text


def _topbar(title: str, source: str, counts: dict[str, int]) -> str:
    pills = "".join(_count_pill(s, counts[s.value]) for s in SEVERITIES)
    return (
        '<header class="topbar"><span class="brand">wikiaudit</span>'
        f'<div class="doc"><h1>{e(title)}</h1>'
        f'<div class="source">source: {source}</div></div>'
        f'<div class="counts" aria-label="findings by severity">{pills}</div>'
        '<div class="actions"><button type="button" data-action="expand">Expand all</button>'
        '<button type="button" data-action="collapse">Collapse all</button></div></header>'
    )


def _bullets(items: list[str], empty: str) -> str:
    if not items:
        return f'<p class="empty">{empty}</p>'
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _overview(result: AuditResult, grouped: Grouped, ns: str = "") -> str:
    toc = []
    for position, entry in enumerate(grouped.tables):
        tags = _badges(entry, " ")
        toc.append(f'<a href="#{ns}table-{position}">{e(entry.table.title)}</a> {tags}')
    if grouped.general:
        toc.append(f'<a href="#{ns}general">Not tied to one table</a> ({len(grouped.general)})')
    legend = "".join(
        f'<span><span class="key finding-{s.value}">cell<span class="mark m-{s.value}">'
        f"{MARKS[s]}1</span></span>{LABELS[s].lower()}</span>"
        for s in SEVERITIES
    )
    checked = len(grouped.tables) - len(result.unclassified)
    return (
        '<section class="overview">'
        f'<div class="card toc"><h2>Tables ({len(grouped.tables)})</h2>'
        f"{_bullets(toc, 'The article has no tables.')}</div>"
        f'<div class="card"><h2>Unclassified tables ({len(result.unclassified)})</h2>'
        f"{_bullets([e(t) for t in result.unclassified], 'Every table was recognised.')}</div>"
        f'<div class="card"><h2>Skipped checks ({len(result.skipped)})</h2>'
        f"{_bullets([e(s) for s in result.skipped], 'No check was skipped.')}</div>"
        f'<div class="card"><h2>How to read</h2><p>{max(checked, 0)} of '
        f"{plural(len(grouped.tables), 'table')} checked. Outlined cells carry findings; "
        "hover a cell for the message, or follow its marker to the list under the table.</p>"
        f'<div class="legend">{legend}</div></div>'
        "</section>"
    )


def _general(findings: list[Finding], ns: str = "") -> str:
    if not findings:
        return ""
    return (
        f'<details class="table-block" id="{ns}general" open><summary>'
        "<h2>Findings not tied to one table</h2></summary>"
        f'<div class="body">{_finding_list(f"{ns}g", findings, with_table=True)}</div></details>'
    )


def _article(result: AuditResult, ns: str = "") -> str:
    grouped = group(result)
    blocks = "".join(
        _table_block(position, entry, ns) for position, entry in enumerate(grouped.tables)
    )
    return f"{_overview(result, grouped, ns)}{blocks}{_general(grouped.general, ns)}"


def render(result: AuditResult, **options: Any) -> str:
    return render_all([result], **options)


def render_all(results: list[AuditResult], *, apis: dict[str, str] | None = None, **_: Any) -> str:
    """One page; several articles get one section each under a top bar of their totals.

    The page's title is the article's title (for a live revision, the page's own title) and the
    source a link when it is a revision's permanent link.
    """
    if len(results) == 1:
        result = results[0]
        title = result.document.title or result.source
        api = (apis or {}).get(result.source)
        via = f' · api <span class="mono">{e(api)}</span>' if api else ""
        top = _topbar(title, source_link(result.source) + via, result.summary)
        body = _article(result)
    else:
        title = f"{len(results)} articles"
        sources = ", ".join(source_link(result.source) for result in results)
        top = _topbar(title, sources, totals(results))
        body = "".join(
            f'<section class="article" id="a{n}"><h2>'
            f"{e(result.document.title or result.source)}</h2>"
            f'<div class="source">source: {source_link(result.source)}</div>'
            f"{_article(result, f'a{n}-')}</section>"
            for n, result in enumerate(results)
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="wikiaudit">'
        f"<title>wikiaudit: {e(title)}</title><style>{CSS}</style></head>\n<body>"
        f"{top}<main>{body}</main>"
        f"<footer>Generated by wikiaudit {e(tool_version())}</footer>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
