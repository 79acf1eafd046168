"""HTML for the web pages and the report. Every piece of document text goes through
:func:`html.escape`; nothing from a document reaches the page unescaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape as escape
from typing import Any
from urllib.parse import quote

from policynlp.clean import find_words
from policynlp.taxonomy import load_taxonomy

COLORS = {
    "smart_agriculture": "#d8f0c8", "rural_digital_industry": "#ffe3b8", "digital_governance": "#d6e4ff",
    "digital_culture": "#f3d9f7", "digital_public_services": "#d3f3f1", "smart_beautiful_village": "#e6f5d0",
}
CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:1.5rem;color:#222;max-width:1100px}
h1{font-size:1.4rem} nav a{margin-right:1rem} table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;font-size:.9rem}
.clause{padding:.35rem .5rem;margin:.25rem 0;border-left:4px solid #bbb;border-radius:3px}
.label{display:inline-block;font-size:.75rem;padding:0 .35rem;margin:0 .2rem;border-radius:3px;background:#eee}
.evidence{color:#555;font-size:.75rem} .kind{color:#888;font-size:.75rem;margin-right:.4rem}
mark{background:#ffef8a} .legend span{display:inline-block;padding:.1rem .4rem;margin:.1rem;border-radius:3px}
"""


def page(title: str, body: str) -> str:
    """A whole page with the navigation bar."""
    return (f"<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{CSS}</style></head><body><nav><a href='/'>检索 Search</a><a href='/documents'>文件 Documents</a>"
            f"<a href='/targets'>目标 Targets</a><a href='/matrix'>领域×行动 Matrix</a><a href='/timeline'>时间线 Timeline</a>"
            f"<a href='/docs'>API</a></nav><h1>{escape(title)}</h1>{body}</body></html>")


def names() -> dict[str, str]:
    """Label id → Chinese name."""
    return {lab.id: lab.name for lab in load_taxonomy().all}


def legend() -> str:
    """Colour legend of the six domains."""
    n = names()
    return "<div class='legend'>" + "".join(f"<span style='background:{c}'>{escape(n[d])}</span>" for d, c in COLORS.items()) + "</div>"


def clause_html(c: Mapping[str, Any], *, highlight: Sequence[str] = ()) -> str:
    """One clause, coloured by its first domain, with its labels and evidence."""
    n = names()
    color = COLORS.get(c["domains"][0]["id"], "#f4f4f4") if c["domains"] else "#fafafa"
    text = highlighted(c["text"], highlight)
    labels = "".join(
        f"<span class='label' title='{escape(x['id'])}'>{escape(n.get(x['id'], x['id']))} {x['score']:.2f}</span>"
        f"<span class='evidence'>{escape('、'.join(x.get('evidence', [])))}</span>"
        for x in c["domains"] + c["actions"]
    )
    tasks = "".join(f"<span class='label'>{escape(n.get(t['id'], t['id']))}</span>" for t in c.get("tasks", []))
    return (f"<div class='clause' style='background:{color}' data-clause='{escape(c['clause_id'])}'>"
            f"<span class='kind'>{escape(c['kind'])}</span>{text}<div>{labels}{tasks}</div></div>")


def highlighted(raw: str, words: Sequence[str]) -> str:
    """Escaped ``raw`` with the (simplified) ``words`` marked wherever they occur in either script."""
    marks = [False] * len(raw)
    for s, e in find_words(raw, words):
        marks[s:e] = [True] * (e - s)
    out: list[str] = []
    i = 0
    while i < len(raw):
        j = i
        while j < len(raw) and marks[j] == marks[i]:
            j += 1
        piece = escape(raw[i:j])
        out.append(f"<mark>{piece}</mark>" if marks[i] else piece)
        i = j
    return "".join(out)


def targets_table(targets: Iterable[Mapping[str, Any]]) -> str:
    """Targets with their deadline and number."""
    rows = []
    for t in targets:
        m = t.get("metric") or {}
        d = t["deadline"]
        num = "" if not m else f"{escape(str(m.get('indicator', '')))} {escape(m.get('comparator', ''))} {m.get('value')} {escape(m.get('unit') or '')}"
        rows.append(f"<tr><td>{escape(d['end'] or '未定')}</td><td>{escape(d['text'])}</td><td>{escape(t['text'])}</td><td>{num}</td>"
                    f"<td>{escape(', '.join(t.get('domains', [])))}</td></tr>")
    return ("<table class='targets'><tr><th>截止 end</th><th>时间表述</th><th>目标 target</th><th>指标 metric</th><th>领域</th></tr>"
            + "".join(rows) + "</table>")


def matrix_table(matrix: Mapping[str, Mapping[str, int]]) -> str:
    """Domain × action counts as a heat-map table."""
    tax = load_taxonomy()
    n = names()
    doms = [d.id for d in tax.domains] + ["none"]
    acts = [a.id for a in tax.actions] + ["none"]
    peak = max((v for row in matrix.values() for v in row.values()), default=1)
    head = "<tr><th></th>" + "".join(f"<th>{escape(n.get(a, '无行动'))}</th>" for a in acts) + "</tr>"
    body = []
    for d in doms:
        cells = []
        for a in acts:
            v = matrix.get(d, {}).get(a, 0)
            alpha = 0 if not v else 0.15 + 0.85 * v / peak
            cells.append(f"<td style='background:rgba(220,80,40,{alpha:.2f})'>{v or ''}</td>")
        body.append(f"<tr><th>{escape(n.get(d, '无领域'))}</th>{''.join(cells)}</tr>")
    return "<table class='matrix'>" + head + "".join(body) + "</table>"


def timeline_svg(targets: Sequence[Mapping[str, Any]]) -> str:
    """Targets placed on a year axis by deadline end (one dot per target, counts per year)."""
    years: dict[int, int] = {}
    for t in targets:
        end = t["deadline"]["end"]
        if end:
            y = int(end[:4])
            years[y] = years.get(y, 0) + 1
    if not years:
        return "<p>没有带日期的目标 No dated targets.</p>"
    lo, hi = min(years), max(years)
    width, span = 760, max(1, hi - lo)
    parts = [f"<svg width='{width + 80}' height='140' role='img' aria-label='timeline'>",
             f"<line x1='40' y1='100' x2='{width + 40}' y2='100' stroke='#444'/>"]
    for y, count in sorted(years.items()):
        x = 40 + (y - lo) / span * width
        r = 4 + min(20, count)
        parts.append(f"<circle cx='{x:.0f}' cy='100' r='{r}' fill='rgba(40,100,220,.5)'/>"
                     f"<text x='{x:.0f}' y='125' text-anchor='middle' font-size='12'>{y}</text>"
                     f"<text x='{x:.0f}' y='{95 - r}' text-anchor='middle' font-size='12'>{count}</text>")
    parts.append("</svg>")
    return "".join(parts)


def search_form(q: str, domain: str) -> str:
    """The search box with a domain filter."""
    n = names()
    opts = "".join(f"<option value='{escape(d)}'{' selected' if d == domain else ''}>{escape(n[d])}</option>" for d in COLORS)
    return (f"<form action='/' method='get'><input name='q' value='{escape(q)}' size='40' maxlength='200' placeholder='例如：电商 / 網絡'>"
            f"<select name='domain'><option value=''>全部领域</option>{opts}</select><button>检索</button></form>")


def doc_link(doc_id: str, title: str | None) -> str:
    """Link to a document page."""
    return f"<a href='/doc/{quote(doc_id)}'>{escape(title or doc_id)}</a>"
