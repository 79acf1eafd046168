"""HTML pieces for the web pages and the report. Every piece of document text goes through
:func:`html.escape`; nothing from a document reaches the page unescaped. No inline script and no
style attribute: the look lives in ``static/app.css`` (classes only)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from html import escape as escape
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from policynlp.clean import find_words, to_simplified
from policynlp.taxonomy import load_taxonomy

DOMAINS = ("smart_agriculture", "rural_digital_industry", "digital_governance", "digital_culture",
           "digital_public_services", "smart_beautiful_village")
# the navigation bar: (path, label); a new page adds its entry here
NAV: tuple[tuple[str, str], ...] = (("/", "检索 Search"), ("/documents", "文件 Documents"), ("/targets", "目标 Targets"),
                                    ("/matrix", "领域×行动 Matrix"), ("/timeline", "时间线 Timeline"), ("/compare", "对照 Compare"),
                                    ("/docs", "API"))
Params = Sequence[tuple[str, str]]


@lru_cache(maxsize=1)
def css() -> str:
    """The stylesheet (also inlined into the static report)."""
    return resources.files("policynlp.serve").joinpath("static/app.css").read_text("utf-8")


def page(title: str, body: str, *, standalone: bool = False) -> str:
    """A whole page with the navigation bar; ``standalone``: CSS inlined, no navigation (the report)."""
    head = f"<style>{css()}</style>" if standalone else "<link rel='stylesheet' href='/static/app.css'>"
    nav = "" if standalone else "<header class='top'>" + "".join(f"<a href='{p}'>{escape(t)}</a>" for p, t in NAV) + "</header>"
    return (f"<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width'>"
            f"<title>{escape(title)}</title>{head}</head><body>{nav}<main><h1>{escape(title)}</h1>{body}</main></body></html>")


@lru_cache(maxsize=1)
def _names() -> tuple[tuple[str, str], ...]:
    return tuple((lab.id, lab.name) for lab in load_taxonomy().all)


def names() -> dict[str, str]:
    """Label id → Chinese name."""
    return dict(_names())


def label_name(label_id: str) -> str:
    """The Chinese name of a label id, with the id on hover (the id itself when unknown)."""
    return f"<span title='{escape(label_id)}'>{escape(names().get(label_id, label_id))}</span>"


def url(path: str, params: Params = ()) -> str:
    """``path?query`` with the parameters encoded (escaped for an attribute)."""
    q = urlencode([(k, v) for k, v in params if v != ""])
    return escape(path + ("?" + q if q else ""))


def legend() -> str:
    """Colour legend of the six domains."""
    n = names()
    return "<div class='legend'>" + "".join(f"<span class='d-{d}' title='{d}'>{escape(n[d])}</span>" for d in DOMAINS) + "</div>"


def marked(raw: str, words: Sequence[str] = (), *, targets: Sequence[tuple[str, str]] = (),
           deadlines: Sequence[tuple[str, str]] = ()) -> str:
    """Escaped ``raw`` with the (simplified) search ``words`` in ``<mark>``, and each target and deadline
    text (with its hover title) marked where it occurs."""
    n = len(raw)
    hl = [False] * n
    for s, e in find_words(raw, words):
        hl[s:e] = [True] * (e - s)
    simp = to_simplified(raw)
    spans: list[list[int]] = [[-1] * n, [-1] * n]  # per char: index of its target, of its deadline
    for kind, items in enumerate((targets, deadlines)):
        for k, (text, _) in enumerate(items):
            at = simp.find(to_simplified(text)) if text else -1
            if at >= 0:
                spans[kind][at:at + len(text)] = [k] * len(text)
    out: list[str] = []
    i = 0
    while i < n:
        key = (hl[i], spans[0][i], spans[1][i])
        j = i
        while j < n and (hl[j], spans[0][j], spans[1][j]) == key:
            j += 1
        piece = escape(raw[i:j])
        if key[0]:
            piece = f"<mark>{piece}</mark>"
        if key[2] >= 0:
            piece = f"<mark class='deadline' title='{escape(deadlines[key[2]][1])}'>{piece}</mark>"
        if key[1] >= 0:
            piece = f"<span class='target' title='{escape(targets[key[1]][1])}'>{piece}</span>"
        out.append(piece)
        i = j
    return "".join(out)


def highlighted(raw: str, words: Sequence[str]) -> str:
    """Escaped ``raw`` with the (simplified) ``words`` marked wherever they occur in either script."""
    return marked(raw, words)


def _labels(c: Mapping[str, Any]) -> str:
    n = names()
    out = "".join(
        f"<span class='label' title='{escape(x['id'])} {x['score']:.2f}'>{escape(n.get(x['id'], x['id']))}</span>"
        f"<span class='evidence'>{escape('、'.join(x.get('evidence', [])))}</span>"
        for x in list(c.get("domains", [])) + list(c.get("actions", [])))
    return out + "".join(f"<span class='label task' title='{escape(t['id'])}'>{escape(n.get(t['id'], t['id']))}</span>"
                         for t in c.get("tasks", []))


def clause_index(c: Mapping[str, Any]) -> str:
    """The clause's index in its document (the part of ``clause_id`` after the colon)."""
    return str(c["clause_id"]).rsplit(":", 1)[-1]


def clause_html(c: Mapping[str, Any], *, highlight: Sequence[str] = (), targets: Sequence[tuple[str, str]] = (),
                deadlines: Sequence[tuple[str, str]] = ()) -> str:
    """One clause, coloured by its first domain, with its labels and evidence; ``id="c<index>"``."""
    dom = f" d-{escape(c['domains'][0]['id'])}" if c.get("domains") else ""
    text = marked(c["text"], highlight, targets=targets, deadlines=deadlines)
    return (f"<div class='clause {escape(c.get('kind') or '')}{dom}' id='c{escape(clause_index(c))}' data-clause='{escape(c['clause_id'])}'>"
            f"{_kind(c.get('kind'))}{text}<div>{_labels(c)}</div></div>")


KIND_NAMES = {"heading": "标题", "question": "问", "list_item": "列表项"}


def _kind(kind: str | None) -> str:
    name = KIND_NAMES.get(kind or "")
    return f"<span class='kind' title='{escape(kind or '')}'>{name}</span>" if name else ""


def metric_text(m: Mapping[str, Any] | None) -> str:
    """A metric in one line (plain text)."""
    if not m:
        return ""
    value = f"{m.get('value')}" + (f"–{m['value_max']}" if m.get("value_max") is not None else "")
    return f"{m.get('indicator') or ''} {m.get('comparator') or ''} {value} {m.get('unit') or ''}".strip()


def doc_link(doc_id: str, title: str | None, anchor: str = "") -> str:
    """Link to a document page (optionally to a clause: ``anchor`` = ``c<index>``)."""
    return f"<a href='/doc/{quote(doc_id)}{'#' + escape(anchor) if anchor else ''}'>{escape(title or doc_id)}</a>"


def targets_table(targets: Iterable[Mapping[str, Any]], titles: Mapping[str, str | None] | None = None, *,
                  link: bool = True) -> str:
    """Targets with deadline, number, domains (Chinese names) and, given ``titles``, their document."""
    rows = []
    for t in targets:
        d = t["deadline"]
        end = d.get("end") or ("未解析" if d.get("unresolved") else "未定")
        doms = "、".join(label_name(x) for x in t.get("domains", []))
        cell = escape(t["text"])
        if link:
            cell = f"<a href='/doc/{quote(t['doc_id'])}#c{escape(clause_index(t))}'>{cell}</a>"
        doc = ""
        if titles is not None:
            doc = "<td>" + (doc_link(t["doc_id"], titles.get(t["doc_id"])) if link else escape(titles.get(t["doc_id"]) or t["doc_id"])) + "</td>"
        rows.append(f"<tr><td class='num'>{escape(end)}</td><td>{escape(d.get('text') or '')}</td><td>{cell}</td>"
                    f"<td>{escape(metric_text(t.get('metric')))}</td><td>{doms}</td>{doc}</tr>")
    head = "<tr><th>截止</th><th>时间表述</th><th>目标</th><th>指标</th><th>领域</th>" + ("<th>文件</th>" if titles is not None else "") + "</tr>"
    return "<table class='targets'>" + head + "".join(rows) + "</table>"


def matrix_table(matrix: Mapping[str, Mapping[str, int]], *, doc: str | None = None, link: bool = True) -> str:
    """Domain × action counts as a heat map; a cell links to the list of its clauses."""
    tax = load_taxonomy()
    n = names()
    doms = [d.id for d in tax.domains] + ["none"]
    acts = [a.id for a in tax.actions] + ["none"]
    peak = max((v for row in matrix.values() for v in row.values()), default=1) or 1
    head = "<tr><th></th>" + "".join(f"<th title='{a}'>{escape(n.get(a, '无行动'))}</th>" for a in acts) + "</tr>"
    body = []
    for d in doms:
        cells = []
        for a in acts:
            v = matrix.get(d, {}).get(a, 0)
            level = 0 if not v else 1 + round(8 * v / peak)
            text = str(v) if v else ""
            if v and link and d != "none" and a != "none":
                params = [("domain", d), ("action", a)] + ([("doc", doc)] if doc else [])
                text = f"<a href='{url('/', params)}' title='{escape(n[d])} × {escape(n[a])}：{v} 条条款'>{v}</a>"
            cells.append(f"<td class='h{level}'>{text}</td>")
        body.append(f"<tr><th title='{d}'>{escape(n.get(d, '无领域'))}</th>{''.join(cells)}</tr>")
    return "<table class='matrix'>" + head + "".join(body) + "</table>"


def timeline_svg(targets: Sequence[Mapping[str, Any]], *, link: bool = True) -> str:
    """Targets per deadline year: one bubble per year with targets, bubble area ∝ count, years evenly
    spaced so bubbles never overlap; a bubble links to that year's targets."""
    years: dict[int, int] = {}
    undated = 0
    for t in targets:
        end = t["deadline"].get("end")
        if end:
            years[int(end[:4])] = years.get(int(end[:4]), 0) + 1
        else:
            undated += 1
    note = f"<p class='muted'>{len(targets)} 个目标，其中 {undated} 个无确定截止日期（未画出）。</p>"
    if not years:
        return "<p>没有带日期的目标。</p>" + note
    peak = max(years.values())
    r_max, r_min, step = 34.0, 5.0, 84
    width = 60 + step * len(years)
    cy = 20 + r_max
    parts = [f"<div class='timeline'><svg width='{width}' height='{cy + r_max + 40:.0f}' role='img' aria-label='每年截止的目标数'>",
             f"<line x1='20' y1='{cy}' x2='{width - 20}' y2='{cy}' stroke='#888'/>"]
    for k, (y, count) in enumerate(sorted(years.items())):
        x = 30 + step * k + step / 2
        r = r_min + (r_max - r_min) * math.sqrt(count / peak)
        bubble = (f"<circle cx='{x:.0f}' cy='{cy:.0f}' r='{r:.1f}'><title>{y} 年：{count} 个目标</title></circle>"
                  f"<text x='{x:.0f}' y='{cy + 4:.0f}' text-anchor='middle' font-size='12'>{count}</text>")
        if link:
            bubble = f"<a href='{url('/targets', [('after', str(y)), ('before', str(y))])}'>{bubble}</a>"
        parts.append(bubble + f"<text x='{x:.0f}' y='{cy + r_max + 22:.0f}' text-anchor='middle' font-size='13'>{y}</text>")
    parts.append("</svg></div>")
    return "".join(parts) + note


def select(name: str, options: Sequence[tuple[str, str]], chosen: str, *, blank: str | None = None) -> str:
    """A ``<select>`` (value, label) with ``chosen`` selected and an optional blank first option."""
    opts = ([("", blank)] if blank is not None else []) + list(options)
    return (f"<select name='{escape(name)}'>" + "".join(
        f"<option value='{escape(v)}'{' selected' if v == chosen else ''}>{escape(t)}</option>" for v, t in opts) + "</select>")


def pager(path: str, params: Params, page: int, per_page: int, total: int) -> str:
    """Previous/next and nearby page numbers; ``params`` are kept."""
    pages = max(1, math.ceil(total / per_page))
    if pages == 1:
        return ""
    keep = [(k, v) for k, v in params if k != "page"]

    def go(p: int, text: str, rel: str = "") -> str:
        return f"<a href='{url(path, [*keep, ('page', str(p))])}'{f' rel={rel!r}' if rel else ''}>{text}</a>"

    out = [go(page - 1, "‹ 上一页", "prev") if page > 1 else ""]
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    last = 0
    for p in shown:
        if p - last > 1:
            out.append("<span>…</span>")
        out.append(f"<span class='current'>{p}</span>" if p == page else go(p, str(p)))
        last = p
    out.append(go(page + 1, "下一页 ›", "next") if page < pages else "")
    return f"<div class='pager'>第 {page}/{pages} 页 " + "".join(out) + "</div>"
