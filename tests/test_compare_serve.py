"""The compare pages and API over a store: /compare, /align, /diff, /api/align, /api/diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from policynlp.cli import main
from policynlp.pipeline import Pipeline
from policynlp.serve.app import create_app
from policynlp.store.db import Store
from policynlp.types import Document

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "corpus" / "notices" / "01_county_digital_village_plan.txt"


@pytest.fixture(scope="module")
def versions() -> tuple[Document, Document]:
    pipe = Pipeline(classifier=None)
    text = BASE.read_text("utf-8")
    hostile = text.replace("统筹整合涉农资金，加大投入力度。", "统筹整合涉农资金<svg/onload=alert(1)>，加大投入力度。")
    return pipe.analyze(text), pipe.analyze(hostile.replace("通达率达到95%", "通达率达到98%"))


@pytest.fixture()
def client(notice: Document, qa: Document, versions: tuple[Document, Document]) -> TestClient:
    store = Store(":memory:")
    for d in (notice, qa, *versions):
        store.add_document(d)
    return TestClient(create_app(store), raise_server_exceptions=False)


def test_api_align_and_page(client: TestClient, notice: Document, qa: Document) -> None:
    r = client.get("/api/align", params={"local": notice.doc_id, "to": qa.doc_id})
    assert r.status_code == 200
    body = r.json()
    assert body["coverage"]["tasks"]["biz.ecommerce"]["status"] == "covered"
    assert body["coverage"]["actions"]["online_assistance"]["status"] == "missing"
    page = client.get("/align", params={"local": notice.doc_id, "to": qa.doc_id})
    assert page.status_code == 200
    # the national task list with coverage colours, local clauses beside it
    assert "深化农产品电商发展" in page.text and "data-status='covered'" in page.text and "data-status='missing'" in page.text
    assert "出村進城" in page.text


def test_api_diff_and_page_mark_edits_and_escape_text(client: TestClient, versions: tuple[Document, Document]) -> None:
    old, new = versions
    r = client.get("/api/diff", params={"old": old.doc_id, "new": new.doc_id})
    assert r.status_code == 200
    js = r.json()
    assert len(js["changed"]) == 2 and not js["added"] and not js["removed"]
    assert [(t["old"]["value"], t["new"]["value"]) for t in js["targets_changed"]] == [(95, 98)]
    page = client.get("/diff", params={"old": old.doc_id, "new": new.doc_id}).text
    assert "<del>5</del>" in page and "<ins>8</ins>" in page
    assert "<svg/onload" not in page and "&lt;svg/onload=alert(1)&gt;" in page


def test_compare_form_and_bad_ids(client: TestClient, notice: Document) -> None:
    page = client.get("/compare")
    assert page.status_code == 200 and "name='local'" in page.text and notice.doc_id in page.text
    assert client.get("/api/diff", params={"old": "../etc/passwd", "new": notice.doc_id}).status_code == 404
    assert client.get("/api/diff", params={"old": "../../../etc/passwd", "new": notice.doc_id}).status_code == 422
    assert client.get("/api/diff", params={"old": "0" * 16, "new": notice.doc_id}).status_code == 404
    assert client.get("/align", params={"local": ["0" * 16] * 30, "to": notice.doc_id}).status_code == 422
    assert client.get("/align", params={"to": notice.doc_id}).status_code == 400  # a page: an HTML error page
    assert client.get("/api/align", params={"to": notice.doc_id}).status_code == 422  # the API: JSON


def test_compare_pages_have_no_inline_style_and_carry_the_policy(client: TestClient, notice: Document, qa: Document,
                                                                 versions: tuple[Document, Document]) -> None:
    for url, params in (("/align", {"local": notice.doc_id, "to": qa.doc_id}), ("/diff", {"old": versions[0].doc_id, "new": versions[1].doc_id}),
                        ("/compare", {})):
        r = client.get(url, params=params)
        assert r.status_code == 200 and "style=" not in r.text and "<style" not in r.text, url
        assert "/static/compare.css" in r.text or url == "/compare"
        assert "style-src 'self'" in r.headers["content-security-policy"]
    css = client.get("/static/compare.css")
    assert css.status_code == 200 and ".s-covered" in css.text


def test_cli_align_and_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str], versions: tuple[Document, Document]) -> None:
    import json

    seeds = ROOT / "corpus" / "seeds"
    notice, qa = seeds / "2024_notice_second_batch_digital_village_pilots.txt", seeds / "2022_qa_digital_village_action_plan_2022_2025.txt"
    assert main(["align", str(notice), "--to", str(qa), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["coverage"]["tasks"]["culture.resource_digitization"]["status"] == "covered"
    assert main(["align", str(notice), "--to", str(qa)]) == 0
    table = capsys.readouterr().out
    assert "national plan coverage" in table and "missing" in table
    new = tmp_path / "new.txt"
    new.write_text(BASE.read_text("utf-8").replace("通达率达到95%", "通达率达到98%"), "utf-8")
    assert main(["diff", str(BASE), str(new)]) == 0
    table = capsys.readouterr().out
    assert "1 changed" in " ".join(table.split()) and ">= 98%" in table
    # doc ids of a store
    db = tmp_path / "s.db"
    store = Store(db)
    for d in versions:
        store.add_document(d)
    store.close()
    assert main(["diff", versions[0].doc_id, versions[1].doc_id, "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["targets_changed"] == 1


def test_cli_errors_name_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.txt"
    assert main(["diff", str(BASE), str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and err.count("\n") == 1
    assert main(["diff", str(BASE), "0123456789abcdef", "--db", str(tmp_path / "none.db")]) == 2
    assert "no such store" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    assert main(["diff", str(BASE), str(empty)]) == 2
    assert "empty.txt" in capsys.readouterr().err
