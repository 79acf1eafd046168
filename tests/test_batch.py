"""Parallel, resumable, idempotent batch tagging."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policynlp.batch import CACHE, tag_paths

from .conftest import ROOT, SEEDS


def _make_inputs(folder: Path, n: int) -> None:
    """n small notices of our own corpus clauses, each different."""
    rows = [json.loads(x)["text"] for x in (ROOT / "corpus" / "labeled" / "train.jsonl").read_text("utf-8").splitlines()]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = "\n".join(rows[(i * 17 + k) % len(rows)] for k in range(25))
        (folder / f"notice_{i:03d}.txt").write_text(f"某县数字乡村建设实施方案（第{i}号）\n到2025年，全县数字乡村建设取得重要进展。\n{body}\n", "utf-8")


def _files(out: Path, *, hidden: bool = True) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and (hidden or not p.name.startswith("."))}


def _first_difference(a: dict[str, bytes], b: dict[str, bytes]) -> str:
    """Where two sets of record files part: the file and its first differing line (a short report
    instead of pytest's dump of every byte)."""
    if a.keys() != b.keys():
        return f"files differ: {sorted(a)} vs {sorted(b)}"
    for name in a:
        la, lb = a[name].decode("utf-8").splitlines(), b[name].decode("utf-8").splitlines()
        for i, (x, y) in enumerate(zip(la, lb, strict=False)):
            if x != y:
                return f"{name} line {i + 1}:\n  {x}\n  {y}"
        if len(la) != len(lb):
            return f"{name}: {len(la)} lines vs {len(lb)}"
    return ""


def test_two_workers_write_the_same_records_as_one(tmp_path: Path) -> None:
    _make_inputs(tmp_path / "in", 6)
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00\x01" * 100)
    one = tag_paths([tmp_path / "in", SEEDS], tmp_path / "one", workers=1)
    two = tag_paths([tmp_path / "in", SEEDS], tmp_path / "two", workers=2)
    assert one.documents == two.documents == 8 and len(one.errors) == 1
    assert not _first_difference(_files(tmp_path / "one"), _files(tmp_path / "two"))


def test_rerun_is_a_no_op_unless_forced(tmp_path: Path) -> None:
    _make_inputs(tmp_path / "in", 3)
    first = tag_paths([tmp_path / "in"], tmp_path / "out")
    before = _files(tmp_path / "out")
    again = tag_paths([tmp_path / "in"], tmp_path / "out")
    assert first.cached == 0 and again.cached == 3
    assert _files(tmp_path / "out") == before
    forced = tag_paths([tmp_path / "in"], tmp_path / "out", force=True)
    assert forced.cached == 0 and _files(tmp_path / "out") == before


@pytest.mark.parametrize("workers", [1, 2])
def test_killed_run_resumes_to_identical_records(tmp_path: Path, workers: int) -> None:
    # six chunks of 16: the kill lands while chunks remain, however fast two workers finish the first ones
    # (with two chunks both could finish, and the records be written, between two looks at the cache)
    _make_inputs(tmp_path / "in", 96)
    reference = tmp_path / "reference"
    tag_paths([tmp_path / "in"], reference, workers=1)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "policynlp.cli", "tag", str(tmp_path / "in"), "--out", str(out), "--quiet", "--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        done = list((out / CACHE).glob("*.json")) if (out / CACHE).is_dir() else []
        if len(done) >= 5:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "clauses.jsonl").exists()  # nothing was committed yet: no torn record file
    assert all(p.name.startswith(".") for p in out.iterdir())
    assert subprocess.run(cmd, check=False).returncode == 0
    assert not _first_difference(_files(out), _files(reference))
    lines = (out / "clauses.jsonl").read_text("utf-8").splitlines()
    ids = [json.loads(x)["clause_id"] for x in lines]
    assert len(ids) == len(set(ids))


def test_ray_engine_writes_the_same_records(tmp_path: Path) -> None:
    import ray

    _make_inputs(tmp_path / "in", 4)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    local = tag_paths([tmp_path / "in"], tmp_path / "local", workers=1)
    try:
        distributed = tag_paths([tmp_path / "in"], tmp_path / "ray", workers=2, engine="ray")
    finally:
        ray.shutdown()
    assert distributed.documents == local.documents == 4 and len(distributed.errors) == 1
    assert not _first_difference(_files(tmp_path / "ray"), _files(tmp_path / "local"))


def test_twenty_random_kills_lose_and_tear_nothing(tmp_path: Path) -> None:
    import random
    import sqlite3

    _make_inputs(tmp_path / "in", 12)
    reference = tmp_path / "reference"
    tag_paths([tmp_path / "in"], reference, workers=1)
    ref_files = _files(reference)
    out, db = tmp_path / "out", tmp_path / "store.db"
    cmd = [sys.executable, "-m", "policynlp.cli", "tag", str(tmp_path / "in"), "--out", str(out), "--db", str(db), "--quiet"]
    rng = random.Random(20261125)
    for _ in range(20):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.2, 9.0))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        # after every kill: the record files are absent or whole, never torn
        if out.is_dir():
            # visible record files are whole; hidden temporaries of the killed run are removed by the next
            for name, data in _files(out, hidden=False).items():
                assert data == ref_files[name], name
        if db.exists():
            conn = sqlite3.connect(db)
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            # a document is in the store with all its clauses, or not at all
            for doc_id, n in conn.execute("SELECT doc_id, json_extract(record, '$.n_clauses') FROM documents"):
                assert conn.execute("SELECT count(*) FROM clauses WHERE doc_id = ?", (doc_id,)).fetchone()[0] == n
            conn.close()
    assert subprocess.run(cmd, check=False).returncode == 0
    assert not _first_difference(_files(out), ref_files)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 12
