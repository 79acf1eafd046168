from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from policynlp import analyze
from policynlp.cli import main
from policynlp.pipeline import Pipeline

from .conftest import NOTICE, QA, SEEDS


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_tag_writes_contract_files_and_reports_bad_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "notice.txt").write_bytes(NOTICE.read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 10)
    out = tmp_path / "out"
    code = main(["tag", str(inputs), "--out", str(out), "--quiet"])
    assert code == 1
    errors = _jsonl(out / "errors.jsonl")
    assert sorted(Path(str(e["path"])).name for e in errors) == ["binary.txt", "empty.txt"]
    assert all(e["reason"] for e in errors)
    docs = _jsonl(out / "documents.jsonl")
    assert len(docs) == 1
    clauses = _jsonl(out / "clauses.jsonl")
    assert len(clauses) == docs[0]["n_clauses"]
    text = str(docs[0]["text"])
    for c in clauses:
        assert set(c) >= {"doc_id", "clause_id", "start", "end", "text", "section", "kind", "domains", "actions", "tasks"}
        assert text[int(c["start"]) : int(c["end"])].startswith(str(c["text"])[0])
    targets = _jsonl(out / "targets.jsonl")
    assert len(targets) == docs[0]["n_targets"] >= 7
    assert {t["deadline"]["end"] for t in targets} == {"2026-12-31"}  # type: ignore[index]
    assert not list(out.glob(".*.part"))
    err = capsys.readouterr().err
    assert "empty.txt" in err and "binary.txt" in err


def test_tag_exit_zero_and_other_formats(tmp_path: Path) -> None:
    assert main(["tag", str(SEEDS), "--out", str(tmp_path / "csv"), "--format", "csv", "--quiet"]) == 0
    with (tmp_path / "csv" / "clauses.csv").open(encoding="utf-8") as fh:
        assert fh.read(1) == "\ufeff"
    with (tmp_path / "csv" / "clauses.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and rows[0]["clause_id"].endswith(":0")
    assert main(["tag", str(SEEDS), "--out", str(tmp_path / "pq"), "--format", "parquet", "--quiet"]) == 0
    table = pq.read_table(tmp_path / "pq" / "targets.parquet")
    assert table.num_rows > 20
    assert "deadline" in table.column_names


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main(["tag"]) == 2
    assert main(["tag", str(SEEDS), "--out", str(tmp_path), "--format", "xml"]) == 2


def test_analyze_and_pipe_agree() -> None:
    one = analyze(QA)
    many = list(Pipeline().pipe([str(NOTICE), QA], batch_size=2))
    assert many[1] == one
    assert many[0].doc_id != one.doc_id
