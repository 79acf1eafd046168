"""The HTTP API and pages, through real HTTP requests (TestClient), on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from policynlp.pipeline import Pipeline
from policynlp.serve.app import create_app
from policynlp.serve.report import write_report
from policynlp.store.db import Store
from policynlp.types import Document


@pytest.fixture()
def hostile() -> Document:
    text = "关于推进数字乡村<svg/onload=alert(1)>建设的通知\n到2025年，建设\"'><svg/onload=alert(2)>智慧农场100个。"
    return Pipeline().analyze(text)


@pytest.fixture()
def client(notice: Document, qa: Document, hostile: Document) -> TestClient:
    store = Store(":memory:")
    for d in (notice, qa, hostile):
        store.add_document(d)
    return TestClient(create_app(store), raise_server_exceptions=False)


def test_api_search_with_filters(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "电商", "domain": "rural_digital_industry"})
    assert r.status_code == 200
    assert any("出村進城" in c["text"] for c in r.json())


def test_document_page_shows_clauses_with_labels(client: TestClient, notice: Document) -> None:
    r = client.get(f"/doc/{notice.doc_id}")
    assert r.status_code == 200
    assert "楓橋經驗" in r.text and "乡村数字治理" in r.text and "到2026年底" in r.text


def test_pages_escape_document_text(client: TestClient, hostile: Document) -> None:
    for url in (f"/doc/{hostile.doc_id}", "/targets", "/timeline", "/documents", "/?q=智慧农场"):
        body = client.get(url).text
        assert "<svg/onload" not in body, url
    page = client.get(f"/doc/{hostile.doc_id}").text
    assert "&lt;svg/onload=alert(1)&gt;" in page and "&lt;svg/onload=alert(2)&gt;" in page


def test_limits_and_errors_without_tracebacks(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "数" * 250}).status_code == 422
    assert client.get("/api/search", params={"q": "数" * 600}).status_code == 414
    assert client.get("/api/search", params={"q": "数字", "limit": 100000}).status_code == 422
    assert client.get("/doc/../../etc/passwd").status_code == 404
    assert client.get("/api/documents/..%2F..%2Fetc%2Fpasswd").status_code == 404
    r = client.post("/api/search", content=b"x" * 100_000, headers={"content-length": "100000"})
    assert r.status_code in (405, 413)
    r = client.get("/api/search", params={"q": '" OR 1=1 --'})
    assert r.status_code == 200 and "Traceback" not in r.text
    assert "access-control-allow-origin" not in {k.lower() for k in client.get("/api/documents", headers={"Origin": "http://evil.example"}).headers}


def test_matrix_targets_and_openapi(client: TestClient, qa: Document) -> None:
    m = client.get("/api/matrix", params={"doc": qa.doc_id}).json()
    assert m["smart_agriculture"]["smart_agriculture_innovation"] >= 5
    t = client.get("/api/targets", params={"before": "2023-12-31"}).json()
    assert len(t) == 7
    assert "/api/search" in client.get("/openapi.json").json()["paths"]
    assert "领域 × 行动" in client.get("/matrix").text


def test_report(tmp_path: Path, notice: Document, qa: Document) -> None:
    store = Store(":memory:")
    store.add_document(notice)
    store.add_document(qa)
    out = write_report(store, tmp_path / "r" / "report.html")
    html = out.read_text("utf-8")
    assert "<svg" in html and "智慧农业" in html and "2026" in html
