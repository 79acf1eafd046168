"""The HTML pages: search with facets, documents, a document with its outline, targets, matrix, timeline."""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

from policynlp.serve import params, render
from policynlp.serve.render import escape, label_name, url
from policynlp.store.csvout import write_targets_csv
from policynlp.store.db import TARGET_SORTS, Store
from policynlp.store.query import MAX_QUERY

FACET_KEYS = (("domains", "domain", "领域"), ("actions", "action", "行动"), ("tasks", "task", "任务"),
              ("documents", "doc", "文件"), ("years", "year", "截止年份"), ("bodies", "body", "文中提及的机关"))
FACET_SHOWN = 15
SORT_NAMES = (("relevance", "相关度"), ("date", "发布日期（新→旧）"))
TARGET_SORT_NAMES = dict(zip(TARGET_SORTS, ("截止日期（早→晚）", "截止日期（晚→早）", "文件"), strict=True))


class PageError(Exception):
    """A bad page request: shown as an HTML error page with this status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _titles(store: Store) -> dict[str, str | None]:
    """Document id → title (its source relative to the tagged folder when it has none)."""
    docs = store.documents()
    root = params.source_root(docs)
    return {d["doc_id"]: d["title"] or params.shown_source(d["source"], root) or None for d in docs}


def _facet_label(kind: str, key: str, titles: Mapping[str, str | None]) -> str:
    if kind in ("domains", "actions", "tasks"):
        return label_name(key)
    if kind == "documents":
        return f"<span title='{escape(key)}'>{escape(titles.get(key) or key)}</span>"
    return escape(key)


def facets_html(facets: Mapping[str, Mapping[str, int]], kept: Sequence[tuple[str, str]], titles: Mapping[str, str | None]) -> str:
    """The facet lists: a value's link adds it to the filters (or removes it when already chosen)."""
    base = [(k, v) for k, v in kept if k != "page"]
    out = []
    for kind, param, heading in FACET_KEYS:
        counts = facets.get(kind) or {}
        if not counts:
            continue
        items = []
        for key, n in list(counts.items())[:FACET_SHOWN]:
            chosen = (param, key) in base
            link = [kv for kv in base if kv != (param, key)] if chosen else [*base, (param, key)]
            mark = "✓ " if chosen else ""
            items.append(f"<li><a href='{url('/', link)}' data-facet='{param}'>{mark}{_facet_label(kind, key, titles)}</a>"
                         f"<span class='count'>{n}</span></li>")
        more = f"<li class='muted'>另有 {len(counts) - FACET_SHOWN} 项</li>" if len(counts) > FACET_SHOWN else ""
        out.append(f"<h3>{heading}</h3><ul>{''.join(items)}{more}</ul>")
    return "<aside class='facets'>" + "".join(out) + "</aside>"


def search_page(store: Store, q: str, kept: list[tuple[str, str]], *, page: int, per_page: int, sort: str) -> str:
    """The search page: form, how the query was read, chosen filters, facets, results, pages."""
    multi = {p: [v for k, v in kept if k == p] for _, p, _ in FACET_KEYS}
    try:
        f = params.search_filters(domain=multi["domain"], action=multi["action"], task=multi["task"], doc=multi["doc"],
                                  year=multi["year"], body=multi["body"])
    except ValueError as exc:
        raise PageError(400, str(exc)) from None
    res = store.find(q, f, sort=sort, page=page, per_page=per_page)
    titles = _titles(store)
    filters = [(k, v) for k, v in kept if k in multi]
    hidden = "".join(f"<input type='hidden' name='{escape(k)}' value='{escape(v)}'>"
                     for k, v in [*filters, ("per_page", str(per_page) if per_page != 20 else "")] if v)
    form = (f"<form class='search' action='/' method='get'><input name='q' value='{escape(q)}' maxlength='{MAX_QUERY}' "
            f"placeholder='例如：电商 -农村、\"数字乡村\"、电商 OR 5G'>{hidden} "
            f"{render.select('sort', SORT_NAMES, sort)} <button>检索</button></form>")
    tail = [("sort", sort if sort != "relevance" else ""), ("per_page", str(per_page) if per_page != 20 else "")]
    chips = ""
    if filters:
        chips = "<div class='chips'>筛选：" + "".join(
            f"<a href='{url('/', [('q', q), *[kv for kv in filters if kv != (k, v)], *tail])}' title='去掉此条件'>"
            f"{_chip_name(k, v, titles)} ×</a>" for k, v in filters) + f" <a href='{url('/', [('q', q)])}'>清除全部</a></div>"
    readas = f"<div class='readas'>检索式解读：{escape(res.query.describe())}"
    exp = res.query.expanded()
    if exp:
        readas += "<br>同义扩展：" + "；".join(f"{escape(w)} → {escape('、'.join(x))}" for w, x in exp.items())
    readas += "</div>"
    results = []
    for k, h in enumerate(res.hits, (res.page - 1) * res.per_page + 1):
        c = h.clause
        anchor = f"c{render.clause_index(c)}"
        meta = (f"<div class='meta'>{k}. {render.doc_link(c['doc_id'], h.title or titles.get(c['doc_id']), anchor)}"
                f"{' · <span class=section>' + escape(c['section']) + '</span>' if c.get('section') else ''}</div>")
        results.append(f"<div class='result'>{meta}{render.clause_html(c, highlight=h.words)}</div>")
    pages = max(1, math.ceil(res.total / res.per_page))
    summary = f"<p>共 <b id='total'>{res.total}</b> 条条款 · 第 {res.page}/{pages} 页</p>"
    link_params = [("q", q), *filters, *tail]
    main = (summary + "".join(results) + (("<p>没有匹配的条款。</p>") if not results else "")
            + render.pager("/", link_params, res.page, res.per_page, res.total))
    facets = facets_html(res.facets, link_params, titles)
    return render.page("policynlp 政策条款检索", form + chips + readas + render.legend()
                       + f"<div class='layout'>{facets}<section>{main}</section></div>")


def _chip_name(param: str, value: str, titles: Mapping[str, str | None]) -> str:
    if param in ("domain", "action", "task"):
        return label_name(value)
    if param == "doc":
        return escape(titles.get(value) or value)
    return escape(value)


def documents_page(store: Store) -> str:
    """Every document with issuer, date, 文号, counts and its source relative to the tagged folder."""
    docs = store.documents()
    root = params.source_root(docs)
    rows = []
    for d in docs:
        rows.append(f"<tr><td>{render.doc_link(d['doc_id'], d['title'] or params.shown_source(d['source'], root))}</td>"
                    f"<td>{escape('、'.join(d.get('issuing_bodies') or []))}</td><td>{escape(d['issued'] or '')}</td>"
                    f"<td>{escape(d.get('doc_number') or '')}</td><td class='num'>{d['n_clauses']}</td><td class='num'>{d['n_targets']}</td>"
                    f"<td>{escape(params.shown_source(d['source'], root))}</td></tr>")
    return render.page("文件 Documents", "<table><tr><th>文件</th><th>文中提及的机关</th><th>发布</th><th>文号</th><th>条款</th><th>目标</th><th>来源</th></tr>"
                       + "".join(rows) + "</table>")


def outline(clauses: Sequence[Mapping[str, Any]]) -> str:
    """Nested list of the section paths, each linking to where its section starts."""
    seen: set[str] = set()
    items: list[tuple[int, str, str]] = []  # depth, name, anchor
    prev: Mapping[str, Any] | None = None
    for c in clauses:
        parts = [p for p in (c.get("section") or "").split(" > ") if p]
        for depth in range(len(parts)):
            path = " > ".join(parts[:depth + 1])
            if path in seen:
                continue
            seen.add(path)
            start = prev if prev is not None and prev.get("kind") in ("heading", "question") and depth == len(parts) - 1 else c
            items.append((depth, parts[depth], f"c{render.clause_index(start)}"))
        prev = c
    if not items:
        return "<nav class='outline'><p class='muted'>本文件没有分节标题。</p></nav>"
    out, depth_now = ["<ul>"], 0
    for depth, name, anchor in items:
        while depth_now < depth:
            out.append("<ul>")
            depth_now += 1
        while depth_now > depth:
            out.append("</ul>")
            depth_now -= 1
        short = name if len(name) <= 40 else name[:39] + "…"
        out.append(f"<li><a href='#{anchor}' title='{escape(name)}'>{escape(short)}</a></li>")
    out.append("</ul>" * (depth_now + 1))
    return "<nav class='outline'><b>目录</b>" + "".join(out) + "</nav>"


def document_page(store: Store, doc_id: str) -> str:
    """A document: header, outline, clauses with deadlines and targets marked, its targets."""
    doc = store.document(doc_id) if params.DOC_ID.match(doc_id) else None
    if doc is None:
        raise PageError(404, "没有这个文件 (no such document)")
    root = params.source_root(store.documents())
    by_clause: dict[str, list[dict[str, Any]]] = {}
    for t in doc["targets"]:
        by_clause.setdefault(t["clause_id"], []).append(t)
    dated = [d for d in doc.get("deadlines") or [] if d.get("span")]
    head = [("发文机关（文中提及）", "、".join(doc.get("issuing_bodies") or []) or "未识别"), ("发布日期", doc.get("issued") or "未知"),
            *([("文号", doc["doc_number"])] if doc.get("doc_number") else []), ("来源", params.shown_source(doc.get("source"), root)),
            ("规模", f"{doc.get('n_clauses', len(doc['clauses']))} 条条款，{len(doc['targets'])} 个目标，{len(dated)} 个时间表述")]
    header = "<dl class='header'>" + "".join(f"<dt>{k}</dt><dd>{escape(str(v))}</dd>" for k, v in head) + "</dl>"
    key = ("<p class='marks-key'><span><mark class='deadline'>时间表述</mark></span><span><span class='target'>目标</span></span>"
           f"<a href='{url('/matrix', [('doc', doc_id)])}'>本文件的领域×行动矩阵</a></p>")
    clauses = []
    for c in doc["clauses"]:
        s, e = c.get("start"), c.get("end")
        dls = [(d["text"], f"截止 {d.get('end') or '未解析'}") for d in dated if s is not None and e is not None and s <= d["span"][0] < e]
        tgs = [(t["text"], "目标" + (f"：{render.metric_text(t['metric'])}" if t.get("metric") else "")
                + f"（截止 {t['deadline'].get('end') or '未定'}）") for t in by_clause.get(c["clause_id"], [])]
        clauses.append(render.clause_html(c, targets=tgs, deadlines=dls))
    text = "<section>" + "".join(clauses) + "<h2>目标 Targets</h2>" + render.targets_table(doc["targets"]) + "</section>"
    return render.page(doc.get("title") or params.shown_source(doc.get("source"), root),
                       header + render.legend() + key + f"<div class='docgrid'>{outline(doc['clauses'])}{text}</div>")


def targets_query(store: Store, kept: Mapping[str, str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The targets for the page's filters (``PageError`` on a bad one)."""
    try:
        kw = params.target_filters(before=kept.get("before") or None, after=kept.get("after") or None, domain=kept.get("domain") or None,
                                   doc=kept.get("doc") or None, has_number=kept.get("has_number") or None,
                                   sort=kept.get("sort") or "deadline")
        return store.targets(**kw), kw
    except ValueError as exc:
        raise PageError(400, str(exc)) from None


def targets_page(store: Store, kept: dict[str, str], *, page: int, per_page: int) -> str:
    """Targets with filters, sorting, pages and the CSV of the current filter."""
    rows, _ = targets_query(store, kept)
    titles = _titles(store)
    n = render.names()
    docs = sorted(((d, t or d) for d, t in titles.items()), key=lambda x: x[1])
    form = ("<form class='filters' action='/targets' method='get'>"
            f"<label>领域{render.select('domain', [(d, n[d]) for d in render.DOMAINS], kept.get('domain', ''), blank='全部')}</label>"
            f"<label>截止不早于<input name='after' value='{escape(kept.get('after', ''))}' size='10' placeholder='YYYY[-MM[-DD]]'></label>"
            f"<label>截止不晚于<input name='before' value='{escape(kept.get('before', ''))}' size='10' placeholder='YYYY[-MM[-DD]]'></label>"
            f"<label>文件{render.select('doc', docs, kept.get('doc', ''), blank='全部')}</label>"
            f"<label>有数值指标{render.select('has_number', [('yes', '有'), ('no', '无')], kept.get('has_number', ''), blank='不限')}</label>"
            f"<label>排序{render.select('sort', list(TARGET_SORT_NAMES.items()), kept.get('sort', 'deadline'))}</label>"
            "<button>筛选</button></form>")
    filters = [(k, kept[k]) for k in ("domain", "after", "before", "doc", "has_number", "sort") if kept.get(k)]
    pages = max(1, math.ceil(len(rows) / per_page))
    page = min(page, pages)
    shown = rows[(page - 1) * per_page: page * per_page]
    summary = (f"<p>共 <b id='total'>{len(rows)}</b> 个目标 · 第 {page}/{pages} 页 · "
               f"<a id='csv' href='{url('/targets.csv', filters)}' download='targets.csv'>下载当前筛选结果 CSV</a></p>")
    body = (form + summary + render.targets_table(shown, titles)
            + render.pager("/targets", [*filters, ("per_page", str(per_page) if per_page != 50 else "")], page, per_page, len(rows)))
    return render.page("目标 Targets", body)


def targets_csv(store: Store, kept: dict[str, str]) -> str:
    """The targets of the current filter as CSV (with a BOM for spreadsheets)."""
    rows, _ = targets_query(store, kept)
    out = io.StringIO()
    out.write("\ufeff")
    write_targets_csv(rows, out, _titles(store))
    return out.getvalue()


def matrix_page(store: Store, doc: str | None) -> str:
    """The domain × action heat map; each cell opens its clauses on the search page."""
    found = store.document(doc) if doc and params.DOC_ID.match(doc) else None
    if doc and found is None:
        raise PageError(404, "没有这个文件 (no such document)")
    title = "领域 × 行动" + (f" — {found.get('title') or found['doc_id']}" if found else "（全部文件）")
    note = "<p class='muted'>每格为同时带有该领域与该行动标签的条款数；点击数字查看这些条款。</p>"
    return render.page(title, note + render.matrix_table(store.matrix(doc if found else None), doc=doc if found else None))


def timeline_page(store: Store) -> str:
    """Targets per deadline year; a bubble opens that year's targets."""
    targets = store.targets()
    return render.page("时间线 Timeline", "<p class='muted'>圆的面积与该年截止的目标数成正比；点击圆查看这些目标。</p>"
                       + render.timeline_svg(targets))
