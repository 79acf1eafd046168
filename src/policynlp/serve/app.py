"""FastAPI application: JSON API under /api, HTML pages, OpenAPI at /docs."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from policynlp.serve import render
from policynlp.serve.compare_pages import compare_router
from policynlp.store.db import MAX_QUERY, Store

_ID = re.compile(r"^[0-9a-f]{16}$")
MAX_BODY = 64 * 1024


def create_app(store: Store) -> Any:
    """The app over one store. No CORS headers are sent: other origins cannot read the API."""
    from fastapi import FastAPI, HTTPException, Query, Request
    from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

    app = FastAPI(title="policynlp", version="0.1.0", description="Search clauses, documents and targets of Chinese policy notices.")

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Any:
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > MAX_BODY):
            return PlainTextResponse("request too large", status_code=413)
        if len(str(request.url)) > 4096:
            return PlainTextResponse("URL too long", status_code=414)
        return await call_next(request)

    @app.exception_handler(Exception)
    async def no_traceback(_: Request, exc: Exception) -> Any:
        return JSONResponse({"error": "internal error"}, status_code=500)

    def _doc_or_404(doc_id: str) -> dict[str, Any]:
        if not _ID.match(doc_id):
            raise HTTPException(404, "no such document")
        doc = store.document(doc_id)
        if doc is None:
            raise HTTPException(404, "no such document")
        return doc

    q_param = Query("", max_length=MAX_QUERY, description="words in either script")

    @app.get("/api/search")
    def api_search(q: str = q_param, domain: list[str] = Query([]), action: list[str] = Query([]),
                   task: list[str] = Query([]), doc: str | None = None, deadline_before: str | None = None,
                   limit: int = Query(20, ge=1, le=200)) -> list[dict[str, Any]]:
        hits = store.search(q, domains=tuple(domain), actions=tuple(action), tasks=tuple(task), doc_id=doc,
                            deadline_before=deadline_before, limit=limit)
        return [{**h.clause, "title": h.title, "rank": h.rank} for h in hits]

    @app.get("/api/documents")
    def api_documents() -> list[dict[str, Any]]:
        return store.documents()

    @app.get("/api/documents/{doc_id}")
    def api_document(doc_id: str) -> dict[str, Any]:
        return _doc_or_404(doc_id)

    @app.get("/api/targets")
    def api_targets(before: str | None = None, domain: str | None = None) -> list[dict[str, Any]]:
        return store.targets(before=before, domain=domain)

    @app.get("/api/matrix")
    def api_matrix(doc: str | None = None) -> dict[str, dict[str, int]]:
        return store.matrix(doc)

    @app.get("/", response_class=HTMLResponse)
    def home(q: str = q_param, domain: str = Query("", max_length=64)) -> str:
        body = render.search_form(q, domain) + render.legend()
        if q:
            hits = store.search(q, domains=(domain,) if domain else (), limit=50)
            body += f"<p>{len(hits)} 条结果</p>" + "".join(
                render.clause_html(h.clause, highlight=h.words) + f"<div class='evidence'>— {render.doc_link(h.clause['doc_id'], h.title)}</div>"
                for h in hits)
        else:
            body += "<ul>" + "".join(f"<li>{render.doc_link(d['doc_id'], d['title'] or d['source'])}</li>" for d in store.documents()) + "</ul>"
        return render.page("policynlp 政策条款检索", body)

    @app.get("/documents", response_class=HTMLResponse)
    def documents_page() -> str:
        rows = "".join(f"<tr><td>{render.doc_link(d['doc_id'], d['title'] or d['source'])}</td><td>{escape(d['issued'] or '')}</td>"
                       f"<td>{d['n_clauses']}</td><td>{d['n_targets']}</td></tr>" for d in store.documents())
        return render.page("文件 Documents", "<table><tr><th>文件</th><th>发布</th><th>条款</th><th>目标</th></tr>" + rows + "</table>")

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def doc_page(doc_id: str) -> str:
        doc = _doc_or_404(doc_id)
        body = render.legend() + f"<p>{escape(doc['source'])} · {escape(doc.get('issued') or '发布日期未知')}</p>"
        body += f"<p><a href='/matrix?doc={doc_id}'>领域×行动矩阵</a></p>"
        body += "".join(render.clause_html(c) for c in doc["clauses"])
        body += "<h2>目标 Targets</h2>" + render.targets_table(doc["targets"])
        return render.page(doc.get("title") or doc["source"], body)

    @app.get("/targets", response_class=HTMLResponse)
    def targets_page(before: str | None = Query(None, max_length=10)) -> str:
        return render.page("目标 Targets", render.targets_table(store.targets(before=before)))

    @app.get("/matrix", response_class=HTMLResponse)
    def matrix_page(doc: str | None = Query(None, max_length=16)) -> str:
        found = store.document(doc) if doc and _ID.match(doc) else None
        title = "领域 × 行动" + (f" — {found.get('title') or found['source']}" if found else "（全部文件）")
        return render.page(title, render.matrix_table(store.matrix(doc)))

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline_page() -> str:
        targets = store.targets()
        return render.page("时间线 Timeline", render.timeline_svg(targets) + render.targets_table(targets))

    app.include_router(compare_router(store))  # /compare, /align, /diff and their /api routes
    return app
