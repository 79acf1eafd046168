"""The HTTP API and pages, through real HTTP requests (TestClient), on the seeds and our authored notices."""

from __future__ import annotations

import csv
import io
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from policynlp.clean import to_simplified
from policynlp.pipeline import Pipeline
from policynlp.serve import render
from policynlp.serve.app import create_app
from policynlp.serve.report import write_report
from policynlp.store.db import Store
from policynlp.types import Document

from .conftest import ROOT

NOTICES = sorted((ROOT / "corpus" / "notices").glob("*.txt"))


@pytest.fixture()
def hostile() -> Document:
    text = "关于推进数字乡村<svg/onload=alert(1)>建设的通知\n到2025年，建设\"'><svg/onload=alert(2)>智慧农场100个。"
    return Pipeline().analyze(text)


@pytest.fixture(scope="module")
def authored(pipeline: Pipeline) -> list[Document]:
    return [pipeline.analyze(p) for p in NOTICES]


@pytest.fixture()
def store(notice: Document, qa: Document, hostile: Document, authored: list[Document]) -> Store:
    s = Store(":memory:")
    for d in (notice, qa, hostile, *authored):
        s.add_document(d)
    return s


@pytest.fixture()
def client(store: Store) -> TestClient:
    return TestClient(create_app(store), raise_server_exceptions=False)


def _search(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/api/search", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_api_search_answer_shape_and_filters(client: TestClient) -> None:
    body = _search(client, q="电商", domain="rural_digital_industry")
    assert set(body) >= {"total", "page", "per_page", "results", "facets"}
    assert set(body["facets"]) >= {"domains", "actions", "tasks", "documents", "years"}
    assert any("出村進城" in c["text"] for c in body["results"])
    for c in body["results"]:
        assert {"clause_id", "title", "section", "url"} <= set(c)
        assert c["url"] == f"/doc/{c['doc_id']}#c{c['clause_id'].split(':')[1]}"
        assert "rural_digital_industry" in {d["id"] for d in c["domains"]}
    assert body["facets"]["domains"]["rural_digital_industry"] == body["total"]


def test_paging_covers_every_match_once(client: TestClient) -> None:
    whole = _search(client, q="数字", per_page=200)
    assert whole["total"] == len(whole["results"]) > 25
    pages = [_search(client, q="数字", per_page=10, page=p) for p in range(1, whole["total"] // 10 + 2)]
    ids = [c["clause_id"] for p in pages for c in p["results"]]
    assert ids == [c["clause_id"] for c in whole["results"]]
    assert all(p["total"] == whole["total"] for p in pages)


def test_a_facet_count_is_the_total_after_choosing_it(client: TestClient, store: Store) -> None:
    body = _search(client)  # no query: browse everything
    assert body["total"] == store.conn.execute("SELECT count(*) FROM clauses").fetchone()[0] > 200
    for kind, param in (("domains", "domain"), ("actions", "action"), ("years", "year"), ("documents", "doc")):
        key, n = next(iter(body["facets"][kind].items()))
        assert _search(client, **{param: key})["total"] == n, (kind, key)


def test_exclusion_or_and_phrases(client: TestClient) -> None:
    both = _search(client, q="电商", per_page=200)
    without = _search(client, q="电商 -农村", per_page=200)
    assert 0 < without["total"] < both["total"]
    assert all("农村" not in to_simplified(c["text"]) for c in without["results"])
    assert without["query"]["excluded"] == ["农村"]
    five_g = _search(client, q="5G", per_page=200)
    either = _search(client, q="电商 OR 5G", per_page=200)
    assert either["total"] >= max(both["total"], five_g["total"]) and five_g["total"] > 0
    assert {c["clause_id"] for c in either["results"]} == {c["clause_id"] for c in both["results"] + five_g["results"]}
    phrase = _search(client, q='"数字乡村建设"', per_page=200)
    assert phrase["total"] > 0 and all("数字乡村建设" in to_simplified(c["text"]) for c in phrase["results"])
    assert "智慧农场" in _search(client, q="智慧农业")["query"]["expanded"]["智慧农业"]


def test_sort_by_date_puts_newer_documents_first(client: TestClient) -> None:
    res = _search(client, q="数字", sort="date", per_page=200)["results"]
    docs = {d["doc_id"]: d["issued"] or "" for d in client.get("/api/documents").json()}
    dated = [docs[c["doc_id"]] for c in res if docs[c["doc_id"]]]
    assert dated == sorted(dated, reverse=True) and len(set(dated)) > 1


def test_bad_filters_are_rejected_with_the_reason(client: TestClient) -> None:
    r = client.get("/api/search", params={"domain": "nonsense"})
    assert r.status_code == 422 and "smart_agriculture" in r.json()["error"]
    assert client.get("/api/search", params={"deadline_before": "2025-99-99"}).status_code == 422
    assert client.get("/api/targets", params={"before": "not-a-date"}).status_code == 422
    assert client.get("/api/search", params={"sort": "random"}).status_code == 422
    page = client.get("/", params={"domain": "nonsense"})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html") and "nonsense" in page.text


def test_search_page_facets_expansion_and_clause_links(client: TestClient) -> None:
    html = client.get("/", params={"q": "智慧农业"}).text
    assert "同义扩展" in html and "智慧农场" in html
    assert "data-facet='domain'" in html and "data-facet='year'" in html
    links = re.findall(r"href='/doc/([0-9a-f]{16})#c(\d+)'", html)
    assert links
    doc_id, idx = links[0]
    assert f"id='c{idx}'" in client.get(f"/doc/{doc_id}").text
    paged = client.get("/", params={"q": "数字", "per_page": 5}).text
    assert "rel='next'" in paged and "page=2" in paged
    assert "排除：农村" in client.get("/", params={"q": "电商 -农村"}).text


def test_document_page_header_outline_marks_and_names(client: TestClient, qa: Document) -> None:
    html = client.get(f"/doc/{qa.doc_id}").text
    assert html.count("class='clause") == len(qa.clauses)
    assert all(f"id='c{c.index}'" in html for c in qa.clauses)
    assert "<nav class='outline'>" in html and html.count("<li><a href='#c") >= 3
    assert "<mark class='deadline'" in html and "<span class='target'" in html
    assert "发布日期" in html and (qa.issued or "未知") in html and "<dt>文号</dt>" not in html  # no 文号 in the record
    assert qa.issuers and all(body in html for body in qa.issuers)  # the issuing bodies the text names as issuers
    assert "title='smart_agriculture'>智慧农业</span>" in html  # Chinese name, id on hover
    targets = html[html.index("<h2>目标 Targets</h2>"):]
    assert "smart_agriculture<" not in targets and "数字" in targets


def test_pages_escape_document_text(client: TestClient, hostile: Document) -> None:
    for url in (f"/doc/{hostile.doc_id}", "/targets", "/timeline", "/documents", "/?q=智慧农场"):
        body = client.get(url).text
        assert "<svg/onload" not in body, url
    page = client.get(f"/doc/{hostile.doc_id}").text
    assert "&lt;svg/onload=alert(1)&gt;" in page and "&lt;svg/onload=alert(2)&gt;" in page


def test_targets_page_filters_paging_and_csv(client: TestClient, store: Store) -> None:
    everything = store.targets()
    html = client.get("/targets", params={"per_page": 10}).text
    assert "<th>文件</th>" in html and "rel='next'" in html
    want = [t for t in everything if t["metric"] is not None and (t["deadline"]["end"] or "")[:4] == "2025"]
    assert want
    params = {"after": "2025", "before": "2025", "has_number": "yes"}
    page = client.get("/targets", params=params).text
    assert f"<b id='total'>{len(want)}</b>" in page
    r = client.get("/targets.csv", params=params)
    assert r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert [row["target_id"] for row in rows] == [t["target_id"] for t in want]
    assert all(row["title"] for row in rows)
    ends = [t["deadline"]["end"] for t in store.targets(sort="-deadline") if t["deadline"]["end"]]
    assert ends == sorted(ends, reverse=True)
    undated = [t["deadline"]["end"] is None for t in everything]
    assert undated == sorted(undated)  # unresolved rows last


def test_matrix_cells_open_their_clauses(client: TestClient, store: Store) -> None:
    html = client.get("/matrix").text
    cells = re.findall(r"<a href='/\?domain=([a-z_]+)&amp;action=([a-z_]+)'[^>]*>(\d+)</a>", html)
    assert len(cells) >= 5
    for dom, act, n in cells[:5]:
        assert _search(client, domain=dom, action=act)["total"] == int(n)


def _circles(svg: str) -> list[tuple[float, float]]:
    return [(float(x), float(r)) for x, r in re.findall(r"<circle cx='([\d.]+)' cy='[\d.]+' r='([\d.]+)'", svg)]


@pytest.mark.parametrize("n", [1, 22, 160, 500])
def test_timeline_scales_and_never_overlaps(n: int) -> None:
    years = [2021 + (k * 7) % 30 for k in range(n)]
    targets = [{"deadline": {"end": f"{y}-12-31"}} for y in years]
    svg = render.timeline_svg(targets)
    circles = _circles(svg)
    assert len(circles) == len(set(years))
    assert all(a[0] + a[1] < b[0] - b[1] for a, b in itertools.pairwise(circles))
    assert "/targets?after=" in svg


def test_timeline_bubble_size_follows_count() -> None:
    targets = [{"deadline": {"end": "2025-12-31"}}] * 160 + [{"deadline": {"end": "2030-12-31"}}] * 22
    (_, big), (_, small) = _circles(render.timeline_svg(targets))
    assert big > 2 * small


def test_security_headers_errors_head_and_offline_docs(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"]
    assert "<script" not in r.text and " style=" not in r.text
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    api_missing = client.get("/api/documents/0123456789abcdef")
    assert api_missing.status_code == 404 and api_missing.json() == {"error": "no such document"}
    assert client.get("/doc/0123456789abcdef").headers["content-type"].startswith("text/html")
    head = client.head("/targets")
    assert head.status_code == 200 and head.content == b""
    assert client.head("/api/documents").status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200 and "http" not in docs.text.replace("/openapi.json", "")
    scripts = re.findall(r"<script src='([^']+)'", docs.text)
    assert scripts and all(client.get(s).status_code == 200 for s in scripts)
    assert "SwaggerUIBundle" in client.get("/static/docs.js").text


def test_sources_are_shown_relative_to_the_tagged_folder(tmp_path: Path, notice: Document) -> None:
    store = Store(":memory:")
    store.add_document(notice)
    rec = store.document(notice.doc_id)
    assert rec is not None
    absolute = str(tmp_path / "tagged" / "sub" / "n.txt")
    store.conn.execute("UPDATE documents SET record = json_set(record, '$.source', ?), source = ?", (absolute, absolute))
    store.conn.execute("UPDATE documents SET record = json_set(record, '$.doc_number', '中网办发〔2024〕1号')")
    client = TestClient(create_app(store))
    for url in ("/documents", f"/doc/{notice.doc_id}"):
        html = client.get(url).text
        assert str(tmp_path) not in html and "n.txt" in html, url
        assert "中网办发〔2024〕1号" in html, url


def test_limits_and_errors_without_tracebacks(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "数" * 250}).status_code == 422
    assert client.get("/api/search", params={"q": "数" * 600}).status_code == 414
    assert client.get("/api/search", params={"q": "数字", "per_page": 100000}).status_code == 422
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
    t = client.get("/api/targets", params={"before": "2023-12-31", "doc": qa.doc_id}).json()
    assert len(t) == 7
    assert client.get("/api/targets", params={"before": "2023", "doc": qa.doc_id}).json() == t  # a year bound includes the whole year
    assert "/api/search" in client.get("/openapi.json").json()["paths"]
    assert "领域 × 行动" in client.get("/matrix").text


def test_report(tmp_path: Path, notice: Document, qa: Document) -> None:
    store = Store(":memory:")
    store.add_document(notice)
    store.add_document(qa)
    out = write_report(store, tmp_path / "r" / "report.html")
    html = out.read_text("utf-8")
    assert "<svg" in html and "智慧农业" in html and "2026" in html and "<style>" in html
