"""The JSON API under ``/api``: search with facets, documents, targets, the domain × action matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policynlp.serve import params, render
from policynlp.store.db import MAX_QUERY, SORTS, TARGET_SORTS, Hit, Store

if TYPE_CHECKING:
    from fastapi import FastAPI


def hit_json(h: Hit) -> dict[str, Any]:
    """A search result: the clause record with its document title, rank and the link to the clause."""
    return {**h.clause, "title": h.title, "rank": h.rank,
            "url": f"/doc/{h.clause['doc_id']}#c{render.clause_index(h.clause)}"}


def register(app: FastAPI, store: Store) -> None:
    """Add the API routes to ``app``."""
    from fastapi import HTTPException, Query

    @app.get("/api/search", tags=["search"], summary="Search clauses")
    def api_search(q: str = Query("", max_length=MAX_QUERY, description="words in either script; \"phrase\", -word, A OR B; empty: browse by filters"),
                   page: int = Query(1, ge=1, le=10_000), per_page: int = Query(20, ge=1, le=200),
                   sort: str = Query("relevance", pattern="^(relevance|date)$", description=" or ".join(SORTS)),
                   domain: list[str] = Query([], description="domain id (repeatable: all required)"),
                   action: list[str] = Query([], description="action id (repeatable: all required)"),
                   task: list[str] = Query([], description="task id (repeatable: all required)"),
                   doc: list[str] = Query([], description="document id (repeatable: any)"),
                   year: list[str] = Query([], description="a deadline year stated in the clause (YYYY)"),
                   body: list[str] = Query([], description="an issuing body named by the document"),
                   deadline_before: str | None = Query(None, description="a target due by YYYY, YYYY-MM or YYYY-MM-DD (end of period)"),
                   ) -> dict[str, Any]:
        """Clauses matching the query and filters, one page, with facet counts over all matches."""
        try:
            f = params.search_filters(domain=domain, action=action, task=task, doc=doc, year=year, body=body,
                                      deadline_before=deadline_before)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        res = store.find(q, f, sort=sort, page=page, per_page=per_page)
        return {"total": res.total, "page": res.page, "per_page": res.per_page, "results": [hit_json(h) for h in res.hits],
                "facets": res.facets, "query": {"read_as": res.query.describe(), "expanded": res.query.expanded(),
                                                "excluded": list(res.query.excluded)}}

    @app.get("/api/documents", tags=["documents"], summary="List documents")
    def api_documents() -> list[dict[str, Any]]:
        """Every document: id, source, title, issue date and counts."""
        return store.documents()

    @app.get("/api/documents/{doc_id}", tags=["documents"], summary="One document")
    def api_document(doc_id: str) -> dict[str, Any]:
        """A document record with its clauses and targets."""
        doc = store.document(doc_id) if params.DOC_ID.match(doc_id) else None
        if doc is None:
            raise HTTPException(404, "no such document")
        return doc

    @app.get("/api/targets", tags=["targets"], summary="Targets")
    def api_targets(before: str | None = Query(None, description="due by (YYYY, YYYY-MM: end of that period)"),
                    after: str | None = Query(None, description="due from (YYYY, YYYY-MM: start of that period)"),
                    domain: str | None = None, doc: str | None = None,
                    has_number: str | None = Query(None, pattern="^(yes|no)?$"),
                    sort: str = Query("deadline", description=", ".join(TARGET_SORTS))) -> list[dict[str, Any]]:
        """Target records, filtered and sorted."""
        try:
            kw = params.target_filters(before=before, after=after, domain=domain, doc=doc, has_number=has_number, sort=sort)
            return store.targets(**kw)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None

    @app.get("/api/matrix", tags=["targets"], summary="Domain × action matrix")
    def api_matrix(doc: str | None = None) -> dict[str, dict[str, int]]:
        """Clause counts per domain × action, for one document or all."""
        return store.matrix(doc)
