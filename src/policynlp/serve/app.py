"""FastAPI application: JSON API under /api, HTML pages, API docs at /docs (served offline).

Every answer carries a Content-Security-Policy without inline script, ``nosniff``, no framing and no
referrer. Errors of pages are HTML pages, errors of the API are JSON; neither shows a traceback.
HEAD is answered wherever GET is.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from policynlp import __version__
from policynlp.serve import api, pages, render
from policynlp.serve.compare_pages import compare_router
from policynlp.store.db import MAX_QUERY, SORTS, Store

MAX_BODY = 64 * 1024
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI sets style attributes from its script: styles (never scripts) may be inline on /docs
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
STATUS_TEXT = {400: "请求有误 Bad request", 404: "未找到 Not found", 405: "方法不允许 Method not allowed",
               413: "请求过大 Too large", 414: "网址过长 URL too long", 422: "参数有误 Invalid parameter", 500: "内部错误 Internal error"}


def swagger_dir() -> str | None:
    """The folder of Swagger UI's files from the installed ``swagger-ui-py`` package, if any."""
    try:
        import swagger_ui
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(swagger_ui.__file__), "static")
    return path if os.path.isfile(os.path.join(path, "swagger-ui-bundle.js")) else None


def is_api(path: str) -> bool:
    """Whether a path belongs to the JSON side (errors answered as JSON)."""
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


class HeadAsGet:
    """ASGI middleware: a HEAD request is served as GET without the body."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def no_body(message: Any) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b"", "more_body": False} if not message.get("more_body") else {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, no_body)


def error_page(status: int, message: str) -> str:
    """An HTML error page."""
    title = STATUS_TEXT.get(status, str(status))
    return render.page(f"{status} {title}", f"<p class='error'>{render.escape(message)}</p><p><a href='/'>返回检索页</a></p>")


def create_app(store: Store) -> FastAPI:
    """The app over one store. No CORS headers are sent: other origins cannot read the API."""
    app = FastAPI(title="policynlp", version=__version__, docs_url=None, redoc_url=None,
                  description="Search clauses, documents and targets of Chinese policy notices.")

    def error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        if is_api(request.url.path):
            return JSONResponse({"error": message}, status_code=status, headers=headers)
        return HTMLResponse(error_page(status, message), status_code=status, headers=headers)

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Any:
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > MAX_BODY):
            response: Any = PlainTextResponse("request too large", status_code=413)
        elif len(str(request.url)) > 4096:
            response = error(request, 414, "URL too long")
        else:
            response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP_DOCS if request.url.path == "/docs" else CSP
        for k, v in HEADERS.items():
            response.headers[k] = v
        return response

    app.add_middleware(HeadAsGet)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found" and not is_api(request.url.path):
            detail = "没有这个页面 (no such page)"
        return error(request, exc.status_code, detail, dict(exc.headers or {}))

    @app.exception_handler(pages.PageError)
    async def page_error(request: Request, exc: pages.PageError) -> Response:
        return error(request, exc.status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errs = exc.errors()
        first = errs[0] if errs else {}
        where = ".".join(str(x) for x in first.get("loc", ())[1:])
        message = f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid request"))
        if is_api(request.url.path):
            return JSONResponse({"error": message, "detail": [{k: e.get(k) for k in ("loc", "msg", "type")} for e in errs]}, status_code=422)
        return HTMLResponse(error_page(400, message), status_code=400)

    @app.exception_handler(Exception)
    async def no_traceback(request: Request, exc: Exception) -> Response:
        return error(request, 500, "internal error")

    sw = swagger_dir()
    if sw is not None:
        app.mount("/static/swagger", StaticFiles(directory=sw), name="swagger")
    app.mount("/static", StaticFiles(packages=[("policynlp.serve", "static")]), name="static")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> str:
        if sw is None:
            return render.page("API", "<p>The interactive API page needs the <code>swagger-ui-py</code> package "
                               "(<code>pip install 'policynlp[serve]'</code>). The schema: <a href='/openapi.json'>/openapi.json</a>.</p>")
        return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>policynlp API</title>"
                "<link rel='stylesheet' href='/static/swagger/swagger-ui.css'></head><body>"
                "<p><a href='/'>← policynlp</a> · <a href='/openapi.json'>openapi.json</a></p><div id='swagger-ui'></div>"
                "<script src='/static/swagger/swagger-ui-bundle.js'></script><script src='/static/docs.js'></script></body></html>")

    api.register(app, store)
    q_param = Query("", max_length=MAX_QUERY, description="words in either script")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: str = q_param, page: int = Query(1, ge=1, le=10_000), per_page: int = Query(20, ge=1, le=200),
             sort: str = Query("relevance", pattern="^(" + "|".join(SORTS) + ")$")) -> str:
        kept = [(k, v) for k, v in request.query_params.multi_items() if k in ("domain", "action", "task", "doc", "year", "body") and v]
        return pages.search_page(store, q, kept, page=page, per_page=per_page, sort=sort)

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page() -> str:
        return pages.documents_page(store)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def doc_page(doc_id: str) -> str:
        return pages.document_page(store, doc_id)

    target_keys = ("domain", "after", "before", "doc", "has_number", "sort")

    def _kept(request: Request) -> dict[str, str]:
        return {k: request.query_params[k][:64] for k in target_keys if request.query_params.get(k)}

    @app.get("/targets", response_class=HTMLResponse, include_in_schema=False)
    def targets_page(request: Request, page: int = Query(1, ge=1, le=10_000), per_page: int = Query(50, ge=1, le=500)) -> str:
        return pages.targets_page(store, _kept(request), page=page, per_page=per_page)

    @app.get("/targets.csv", include_in_schema=False)
    def targets_csv(request: Request) -> Response:
        return Response(pages.targets_csv(store, _kept(request)), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=targets.csv"})

    @app.get("/matrix", response_class=HTMLResponse, include_in_schema=False)
    def matrix_page(doc: str | None = Query(None, max_length=16)) -> str:
        return pages.matrix_page(store, doc)

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page() -> str:
        return pages.timeline_page(store)

    app.include_router(compare_router(store))  # /compare, /align, /diff and their /api routes
    return app
