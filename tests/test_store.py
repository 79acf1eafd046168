"""The SQLite store and search, on an in-memory database filled with the real seeds."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from policynlp.cli import main
from policynlp.store.db import Store
from policynlp.types import Document

from .conftest import SEEDS


@pytest.fixture()
def store(notice: Document, qa: Document) -> Store:
    s = Store(":memory:")
    s.add_document(notice)
    s.add_document(qa)
    return s


def test_ecommerce_query_with_domain_finds_the_chucun_jincheng_clause(store: Store) -> None:
    hits = store.search("电商", domains=("rural_digital_industry",))
    texts = [h.clause["text"] for h in hits]
    assert any("農產品出村進城" in t for t in texts), texts
    assert all("rural_digital_industry" in {d["id"] for d in h.clause["domains"]} for h in hits)


def test_both_scripts_find_each_other(store: Store) -> None:
    trad = {h.clause["clause_id"] for h in store.search("網絡", limit=100)}
    simp = {h.clause["clause_id"] for h in store.search("网络", limit=100)}
    assert trad and trad == simp


@pytest.mark.parametrize("query", ['" OR 1=1 --', "NEAR(", "'; DROP TABLE clauses; --", "*", "数字 AND", '"""', "^网络", "col:x"])
def test_hostile_queries_are_text(store: Store, query: str) -> None:
    store.search(query)
    assert store.conn.execute("SELECT count(*) FROM clauses").fetchone()[0] > 100


def test_filters_and_ranking(store: Store, qa: Document) -> None:
    hits = store.search("数字乡村", doc_id=qa.doc_id, limit=5)
    assert hits and all(h.clause["doc_id"] == qa.doc_id for h in hits)
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)
    dated = store.search("数字乡村", deadline_before="2023-12-31", limit=50)
    assert dated and all("2025" not in h.clause["text"] for h in dated)


def test_retagging_replaces_rows_in_one_transaction(store: Store, notice: Document) -> None:
    before = store.conn.execute("SELECT count(*) FROM clauses").fetchone()[0]
    hits_before = [h.clause["clause_id"] for h in store.search("枫桥经验")]
    store.add_document(notice)
    assert store.conn.execute("SELECT count(*) FROM clauses").fetchone()[0] == before
    assert [h.clause["clause_id"] for h in store.search("枫桥经验")] == hits_before
    assert sum("楓橋經驗" in h.clause["text"] for h in store.search("枫桥经验")) == 1


def test_schema_version_is_recorded_and_a_version_1_store_is_upgraded(tmp_path: Path, notice: Document) -> None:
    from policynlp.store.db import SCHEMA_VERSION

    db = tmp_path / "s.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    # a store of schema 1 (no words column): readable as it is, upgraded by the first writer
    conn.execute("DROP TABLE clauses")
    conn.execute('CREATE TABLE clauses (rowid INTEGER PRIMARY KEY, clause_id TEXT UNIQUE NOT NULL, doc_id TEXT NOT NULL, idx INTEGER NOT NULL, '
                 'start INTEGER, "end" INTEGER, text TEXT NOT NULL, section TEXT, kind TEXT, record TEXT NOT NULL)')
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    assert Store(db, readonly=True).search("数字") == []
    store = Store(db)
    store.add_document(notice)
    store.add_document(notice)  # a re-tag deletes the FTS rows by the stored words
    assert store.search("枫桥经验") and store.count("documents") == 1
    assert store.conn.execute("SELECT count(*) FROM clauses WHERE words IS NULL").fetchone()[0] == 0


def test_cli_search_and_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    assert main(["tag", str(SEEDS), "--out", str(tmp_path / "out"), "--db", str(db), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["search", "楓橋經驗", "--db", str(db), "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == 1 and "楓橋經驗" in lines[0]["text"]
    assert main(["targets", "--db", str(db), "--before", "2023-12-31", "--format", "jsonl"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(rows) == 7 and {r["deadline"]["end"] for r in rows} == {"2023-12-31"}
    assert main(["targets", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffdoc_id,target_id") and out.count("\n") == 1 + 22


def test_exports(tmp_path: Path, store: Store) -> None:
    from datasets import load_from_disk

    from policynlp.store.export import export_hf_dataset, export_store

    counts = export_store(store, tmp_path / "csv", fmt="csv")
    assert counts["clauses"] > 100 and counts["targets"] == 22
    raw = (tmp_path / "csv" / "targets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "數字鄉村發展取得階段性進展".encode() in raw
    export_store(store, tmp_path / "pq", fmt="parquet")
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "pq" / "clauses.parquet").num_rows == counts["clauses"]
    n = export_hf_dataset(store, tmp_path / "hf")
    ds = load_from_disk(str(tmp_path / "hf"))
    assert len(ds) == n == counts["clauses"]
    farm = next(r for r in ds if "天空地一體化" in r["text"])
    assert "smart_agriculture" in farm["domains"] and "agri.observation_network" in farm["tasks"]


def test_serve_warns_off_loopback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import uvicorn

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    Store(tmp_path / "s.db").close()
    assert main(["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0"]) == 0
    assert "warning" in capsys.readouterr().err and calls[0]["host"] == "0.0.0.0"
    assert main(["serve", "--db", str(tmp_path / "s.db")]) == 0
    assert "warning" not in capsys.readouterr().err and calls[1]["host"] == "127.0.0.1"


def test_store_in_a_new_folder_and_a_bad_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store(tmp_path / "new" / "folder" / "p.db").close()
    assert (tmp_path / "new" / "folder" / "p.db").is_file()
    (tmp_path / "file").write_text("x")
    assert main(["search", "数字", "--db", str(tmp_path / "file" / "p.db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("policynlp: error:") and "Traceback" not in err
