"""Align and diff over the store: JSON under /api, side-by-side pages at /compare, /align and /diff.

Registered on the app with ``app.include_router(compare_router(store))``. Every piece of document
text goes through :func:`html.escape`; document ids are checked against the 16-hex-digit form.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import urlencode

from policynlp.compare import CompareDoc, align, diff
from policynlp.compare.diff import DiffResult, inline_edits
from policynlp.compare.sources import from_store_record
from policynlp.serve import render
from policynlp.store.db import Store
from policynlp.taxonomy import load_taxonomy

_ID = re.compile(r"^[0-9a-f]{16}$")
MAX_LOCAL = 20
STATUS_ZH = {"covered": "已覆盖 covered", "weak": "较弱 weak", "missing": "缺失 missing", "not_in_national": "国家文件未涉及"}
KIND_ZH = {"kept": "", "moved": "移动 moved", "changed": "修改 changed", "added": "新增 added", "removed": "删除 removed"}
CSS = "<link rel='stylesheet' href='/static/compare.css'>"  # the page's styles (static/compare.css): no inline style


def compare_router(store: Store) -> Any:
    """The FastAPI router of the compare pages and API over ``store``."""
    from fastapi import APIRouter, HTTPException, Query
    from fastapi.responses import HTMLResponse

    router = APIRouter()

    def load(doc_id: str) -> CompareDoc:
        rec = store.document(doc_id) if _ID.match(doc_id) else None
        if rec is None:
            raise HTTPException(404, "no such document")
        return from_store_record(rec)

    def locals_of(ids: list[str]) -> list[CompareDoc]:
        if not ids or len(ids) > MAX_LOCAL:
            raise HTTPException(422, f"give 1 to {MAX_LOCAL} local documents")
        return [load(i) for i in ids]

    def id_param() -> Any:
        return Query(..., max_length=16, description="a doc_id of the store")

    @router.get("/api/align")
    def api_align(local: list[str] = Query(..., description="doc_ids of local documents"), to: str = id_param()) -> dict[str, Any]:
        return align(locals_of(local), load(to))

    @router.get("/api/diff")
    def api_diff(old: str = id_param(), new: str = id_param()) -> dict[str, Any]:
        return diff(load(old), load(new)).to_json()

    @router.get("/compare", response_class=HTMLResponse)
    def compare_page() -> str:
        return render.page("对照 Compare", compare_forms(store.documents()))

    @router.get("/align", response_class=HTMLResponse)
    def align_page(local: list[str] = Query(...), to: str = id_param()) -> str:
        national = load(to)
        return render.page("对照国家文件 Alignment", CSS + align_html(align(locals_of(local), national), national))

    @router.get("/diff", response_class=HTMLResponse)
    def diff_page(old: str = id_param(), new: str = id_param()) -> str:
        return render.page("版本比较 Diff", CSS + diff_html(diff(load(old), load(new))))

    return router


def _options(docs: list[dict[str, Any]]) -> str:
    return "".join(f"<option value='{escape(d['doc_id'])}'>{escape(d['title'] or d['source'])}</option>" for d in docs)


def compare_forms(docs: list[dict[str, Any]]) -> str:
    """Forms choosing documents of the store for an alignment or a diff."""
    opts = _options(docs)
    return ("<h2>对照国家文件 Align a local plan to a national plan</h2><form action='/align' method='get'>"
            f"<p>地方文件 local (Ctrl+click for several)<br><select name='local' multiple size='6'>{opts}</select></p>"
            f"<p>国家文件 national <select name='to'>{opts}</select></p><button>对照</button></form>"
            "<h2>版本比较 Compare two versions</h2><form action='/diff' method='get'>"
            f"<p>旧 old <select name='old'>{opts}</select> 新 new <select name='new'>{opts}</select></p><button>比较</button></form>")


def _clause_list(clauses: list[dict[str, Any]], limit: int = 4) -> str:
    items = "".join(f"<li>{escape(c['text'])} <span class='tag'>{c['score']:.2f}</span></li>" for c in clauses[:limit])
    more = f"<li class='tag'>… {len(clauses) - limit} more</li>" if len(clauses) > limit else ""
    return f"<ul>{items}{more}</ul>" if items else ""


def align_html(result: dict[str, Any], national: CompareDoc) -> str:
    """National actions and tasks with their coverage colour, the national clauses and the local clauses beside them."""
    tax = load_taxonomy()
    s = result["summary"]
    nat_text = {c["clause_id"]: c["text"] for c in national.clauses}
    head = (f"<p>{escape('、'.join(d['name'] for d in result['local']))} → {escape(result['national']['name'])}："
            f"{s['matched']} / {s['local_clauses']} 条地方条款对应国家条款，{s['beyond']} 条超出。 "
            + " ".join(f"<span class='st s-{k}'>{escape(STATUS_ZH[k])} {v}</span>"
                       for k, v in s["tasks"].items()) + "</p>")
    rows = []
    for act in tax.actions:
        rows.append(_coverage_row(act.name, result["coverage"]["actions"][act.id], nat_text, task=False))
        rows.extend(_coverage_row(t.name, result["coverage"]["tasks"][t.id], nat_text, task=True) for t in tax.tasks if t.parent == act.id)
    table = ("<table class='cov'><tr><th>国家任务 national action / task</th><th>状态</th><th>地方条款 local clauses behind it</th></tr>"
             + "".join(rows) + "</table>")
    beyond = "".join(f"<li>{escape(b['text'])} <span class='tag'>{escape(', '.join(b['labels']))}</span></li>" for b in result["beyond"])
    return head + table + f"<h2>超出国家文件 Beyond the national plan</h2><ul>{beyond or '<li>无 none</li>'}</ul>"


def _coverage_row(name: str, entry: dict[str, Any], nat_text: dict[str, str], *, task: bool) -> str:
    label = f"<div class='task'>{escape(name)}</div>" if task else f"<b>{escape(name)}</b>"
    national = "".join(f"<div class='tag'>{escape(nat_text[c])}</div>" for c in entry.get("national", [])[:1] if c in nat_text)
    return (f"<tr data-status='{entry['status']}'><td class='nat s-{entry['status']}'>{label}{national}</td>"
            f"<td class='stc'><span class='st s-{entry['status']}'>{escape(STATUS_ZH[entry['status']])}</span> "
            f"<span class='tag'>{entry.get('score', 0.0):.2f}</span></td><td class='loc'>{_clause_list(entry['clauses'])}</td></tr>")


def _marked(old: str, new: str) -> tuple[str, str]:
    a, b = [], []
    for op, x, y in inline_edits(old, new):
        if op == "equal":
            a.append(escape(x))
            b.append(escape(y))
        else:
            a.append(f"<del>{escape(x)}</del>" if x else "")
            b.append(f"<ins>{escape(y)}</ins>" if y else "")
    return "".join(a), "".join(b)


def diff_html(result: DiffResult) -> str:
    """Old and new document side by side, each row one clause or a pair, edits marked."""
    js = result.to_json()
    s = js["summary"]
    head = (f"<p>{escape(js['old']['name'])} → {escape(js['new']['name'])}：保留 {s['kept']}（移动 {s['moved']}），"
            f"修改 {s['changed']}，新增 {s['added']}，删除 {s['removed']}，目标变化 {s['targets_changed']}，其他数字变化 {s['figures_changed']}</p>")
    oc, nc = result.old.clauses, result.new.clauses
    rows = []
    for i, j, kind, sim in result.rows():
        old = oc[i]["text"] if i is not None else ""
        new = nc[j]["text"] if j is not None else ""
        if kind == "changed":
            old, new = _marked(old, new)
        else:
            old, new = escape(old), escape(new)
        tag = f"<span class='tag'>{KIND_ZH[kind]}{f' {sim:.2f}' if kind == 'changed' else ''}</span>" if KIND_ZH[kind] else ""
        rows.append(f"<tr class='{kind}'><td class='old'>{tag if i is not None else ''}{old}</td>"
                    f"<td class='new'>{tag if j is not None else ''}{new}</td></tr>")
    table = f"<table class='cmp'><tr><th>旧 old</th><th>新 new</th></tr>{''.join(rows)}</table>"
    targets = "".join(
        f"<tr><td>{escape(t['indicator'])}</td><td>{_target_cell(t['old'])}</td><td>{_target_cell(t['new'])}</td></tr>"
        for t in js["targets_changed"])
    figures = "".join(f"<tr><td>{escape(f['indicator'])}</td><td>{escape(f['old']['text'])}</td><td>{escape(f['new']['text'])}</td></tr>"
                      for f in js["figures_changed"])
    if figures:
        targets_html = f"<h2>数字变化 Other figures changed</h2><table><tr><th>指标</th><th>旧</th><th>新</th></tr>{figures}</table>"
    else:
        targets_html = ""
    swap = urlencode({"old": js["new"]["doc_id"], "new": js["old"]["doc_id"]})
    return (head + (f"<h2>目标变化 Targets changed</h2><table><tr><th>指标</th><th>旧</th><th>新</th></tr>{targets}</table>" if targets else "")
            + targets_html + table + f"<p><a href='/diff?{swap}'>反向比较 swap</a></p>")


def _target_cell(v: dict[str, Any] | None) -> str:
    if v is None:
        return "–"
    value = "" if v.get("value") is None else f"{v.get('comparator') or ''} {v['value']}{v.get('unit') or ''} "
    return escape(f"{value}截止 {v.get('deadline_end') or '未定'}")
