"""Hostile input and careless use: each case ends with one error line naming the file and the
reason (the other inputs written in full) or a correct document; no traceback, no hang."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from policynlp.batch import CACHE, cpu_count, tag_paths
from policynlp.cli import main
from policynlp.errors import IngestError, OutputLockedError, StoreError
from policynlp.ingest import iter_inputs, read_bytes, read_input, read_path
from policynlp.pipeline import Pipeline, PipelineConfig, fingerprint_of
from policynlp.store.db import Store
from policynlp.store.files import RecordFiles, locked, recover
from policynlp.testing.badinput import SAMPLE

from .conftest import ROOT, SEEDS, deadline

GOOD = "到2025年，农村互联网普及率达到60%。建设一批智慧农场。加强组织领导，完善工作机制。\n"


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


def _tag(inputs: list[Path | str], out: Path, **kw: object) -> tuple[dict[str, str], dict[str, dict[str, object]]]:
    """Tag (rules only) and return errors by file name and documents by file name."""
    tag_paths(inputs, out, use_model=False, **kw)  # type: ignore[arg-type]
    errors = {Path(str(e["path"])).name: str(e["reason"]) for e in _jsonl(out / "errors.jsonl")}
    docs = {Path(str(d["source"])).name: d for d in _jsonl(out / "documents.jsonl")}
    return errors, docs


def _good(folder: Path, n: int = 2) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"good_{i}.txt").write_text(f"第{i}号通知\n{GOOD}", "utf-8")


# --- one bad file never aborts the run -------------------------------------------------------


def test_json_nested_1000_deep_is_one_error_line(tmp_path: Path) -> None:
    _good(tmp_path / "in")
    (tmp_path / "in" / "deep.json").write_text('{"a":' * 1000 + '"数字乡村"' + "}" * 1000, "utf-8")
    errors, docs = _tag([tmp_path / "in"], tmp_path / "out")
    assert "nested too deeply" in errors["deep.json"]
    assert sorted(docs) == ["good_0.txt", "good_1.txt"]


def test_lone_surrogate_in_json_gives_a_document_with_a_warning(tmp_path: Path) -> None:
    _good(tmp_path / "in")
    (tmp_path / "in" / "s.json").write_bytes(('{"title": "\\ud800", "text": "' + SAMPLE + '"}').encode())
    summary = tag_paths([tmp_path / "in"], tmp_path / "out", use_model=False)
    docs = {Path(str(d["source"])).name: d for d in _jsonl(tmp_path / "out" / "documents.jsonl")}
    assert not summary.errors and len(docs) == 3
    assert "\ufffd" in str(docs["s.json"]["text"]) and "智慧农场" in str(docs["s.json"]["text"])
    assert [w.path for w in summary.warnings] == [str(tmp_path / "in" / "s.json")]
    assert "surrogate" in summary.warnings[0].reason


@pytest.mark.parametrize("node", ["<!-- 注释 -->", "<?policy x?>", "<w:p><w:r><w:t>&village;</w:t></w:r></w:p>"],
                         ids=["comment", "processing-instruction", "entity"])
def test_docx_with_comment_pi_or_entity_ends_well(tmp_path: Path, node: str) -> None:
    from policynlp.testing.badinput import _docx_with

    _good(tmp_path / "in")
    (tmp_path / "in" / "odd.docx").write_bytes(_docx_with(node))
    errors, docs = _tag([tmp_path / "in"], tmp_path / "out")
    # a correct document, or one line naming the file and the reason
    assert ("odd.docx" in docs and "智慧农场" in str(docs["odd.docx"]["text"])) or bool(errors.get("odd.docx"))
    assert {"good_0.txt", "good_1.txt"} <= set(docs)


def test_a_document_that_breaks_the_pipeline_costs_only_itself(tmp_path: Path) -> None:
    _good(tmp_path / "in", 3)
    (tmp_path / "in" / "boom.txt").write_text("触发内部错误的文件。\n" + GOOD, "utf-8")
    pipe = Pipeline.from_config(use_model=False)
    original = pipe._structure

    def fragile(raw):  # type: ignore[no-untyped-def]
        if "触发内部错误" in raw.text:
            raise UnicodeEncodeError("utf-8", "x", 0, 1, "simulated")
        return original(raw)

    pipe._structure = fragile  # type: ignore[method-assign]
    summary = tag_paths([tmp_path / "in"], tmp_path / "out", pipeline=pipe)
    assert summary.documents == 3 and len(summary.errors) == 1
    assert summary.errors[0].path.endswith("boom.txt") and "internal error" in summary.errors[0].reason


# --- hangs and memory ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_named_txt_in_a_folder_is_reported_not_opened(tmp_path: Path) -> None:
    _good(tmp_path / "in")
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    with deadline(60):
        errors, docs = _tag([tmp_path / "in"], tmp_path / "out")
        with pytest.raises(IngestError, match="FIFO"):
            read_path(tmp_path / "in" / "pipe.txt")
    assert "FIFO" in errors["pipe.txt"] and len(docs) == 2


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_at_once(tmp_path: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} is missing")
    _good(tmp_path / "in", 1)
    with deadline(60):
        summary = tag_paths([device, tmp_path / "in"], tmp_path / "out", use_model=False)
        with pytest.raises(IngestError, match="character device"):
            read_input(device)
    assert [e.path for e in summary.errors] == [device] and "character device" in summary.errors[0].reason
    assert summary.documents == 1


def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(300 * 1024 * 1024)  # sparse
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(IngestError, match="too large"):
        read_input(big)
    assert reads == []


def test_only_regular_files_are_taken(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("数字乡村。", "utf-8")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    found = list(iter_inputs([tmp_path, tmp_path / "nope.txt"]))
    oks = [p for p in found if not isinstance(p, IngestError)]
    errs = {Path(e.path).name: e.reason for e in found if isinstance(e, IngestError)}
    assert [p.name for p in oks] == ["a.txt"]  # type: ignore[union-attr]
    assert set(errs) == {"dangling.txt", "nope.txt"}


# --- silent loss ------------------------------------------------------------------------------


def test_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _good(tmp_path / "in" / "ok")
    locked_dir = tmp_path / "in" / "secret"
    _good(locked_dir)
    if os.geteuid() == 0:  # root reads every folder: make this one fail as it would for a user
        real = os.scandir

        def scandir(path: object = ".") -> object:
            if os.fspath(path) == str(locked_dir):  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", str(locked_dir))
            return real(path)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked_dir.chmod(0)
    try:
        summary = tag_paths([tmp_path / "in"], tmp_path / "out", use_model=False)
    finally:
        locked_dir.chmod(0o755)
    assert summary.documents == 2
    assert [(Path(e.path).name, e.reason) for e in summary.errors] == [("secret", "cannot read folder: Permission denied")]


def test_nul_and_control_characters_are_removed_everywhere(tmp_path: Path) -> None:
    body = ("加强组织领导，完善工作机制。" * 700).encode()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "nul.txt").write_bytes(GOOD.encode() + body + b"\x00\x01\x1b\x7f" + "建设智慧农场。\n".encode() + b"\x00")
    db = tmp_path / "s.db"
    for fmt in ("jsonl", "csv", "parquet"):
        assert main(["tag", str(tmp_path / "in"), "--out", str(tmp_path / fmt), "--format", fmt, "--db", str(db), "--quiet"]) == 0
    for fmt in ("jsonl", "csv"):
        for kind in ("documents", "clauses", "targets"):
            data = (tmp_path / fmt / f"{kind}.{fmt}").read_bytes()
            assert data and not any(b in data for b in (b"\x00", b"\x01", b"\x1b", b"\x7f")), (fmt, kind)
    import pyarrow.parquet as pq

    texts = pq.read_table(tmp_path / "parquet" / "clauses.parquet").column("text").to_pylist()
    assert texts and not any(ch in t for t in texts for ch in "\x00\x01\x1b\x7f")
    conn = sqlite3.connect(db)
    for (text,) in conn.execute("SELECT text FROM clauses UNION ALL SELECT record FROM documents"):
        assert "\x00" not in text and "\x1b" not in text
    # offsets point into the document text as written
    doc = _jsonl(tmp_path / "jsonl" / "documents.jsonl")[0]
    text = str(doc["text"])
    assert "建设智慧农场" in text and doc["warnings"] == ["5 control character(s) removed"]
    for c in _jsonl(tmp_path / "jsonl" / "clauses.jsonl"):
        assert text[int(c["start"]) : int(c["end"])].replace("\n", "") == c["text"]  # type: ignore[call-overload]


def test_a_few_bad_bytes_give_a_document_and_one_warning_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "stray.txt").write_bytes(GOOD.encode() * 5 + b"\xff" + GOOD.encode() * 5)
    (tmp_path / "in" / "gbk.txt").write_bytes(GOOD.encode("gbk") * 3 + b"\xff" + GOOD.encode("gbk") * 3)
    assert main(["tag", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    docs = {Path(str(d["source"])).name: str(d["text"]) for d in _jsonl(tmp_path / "out" / "documents.jsonl")}
    assert docs["stray.txt"].count("\ufffd") == 1 and docs["stray.txt"].count("智慧农场") == 10
    assert docs["gbk.txt"].count("\ufffd") == 1 and docs["gbk.txt"].count("智慧农场") == 6
    warnings = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 2 and all("1 undecodable byte(s) replaced" in w for w in warnings)
    # a file in an encoding none of the candidates reads is still refused, with its name
    with pytest.raises(IngestError, match="undecodable"):
        read_bytes(bytes(range(0x80, 0x100)) * 40, "random.txt")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognized(codec: str) -> None:
    raw = read_bytes(GOOD.encode(codec) * 3, "u.txt")
    assert raw.text == GOOD * 3 and not raw.warnings


# --- two runs into one --out -------------------------------------------------------------------


def test_second_run_into_the_same_out_refuses_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _good(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["tag", str(tmp_path / "in"), "--out", str(out), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    capsys.readouterr()
    with locked(out):  # another run holds the folder
        with deadline(30):
            code = main(["tag", str(tmp_path / "in"), "--out", str(out), "--quiet", "--force"])
        with pytest.raises(OutputLockedError):
            tag_paths([tmp_path / "in"], out)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "another policynlp run" in err[0] and str(out) in err[0]
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != ".policynlp-lock"} == {
        k: v for k, v in before.items() if k != ".policynlp-lock"}  # nothing of the first run touched


def test_a_lock_held_by_another_process_refuses_and_dies_with_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = f"from policynlp.store.files import locked\nimport sys, time\nwith locked({str(out)!r}):\n    print('held', flush=True)\n    time.sleep(60)\n"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        with pytest.raises(OutputLockedError, match=f"process {proc.pid}"):
            with locked(out):
                pass
    finally:
        proc.kill()
        proc.wait()
    with locked(out):  # the kernel released the lock of the killed process
        pass


# --- record files published together -----------------------------------------------------------


def test_a_failed_rename_leaves_every_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    with RecordFiles(out) as files:
        files.write("documents", {"doc_id": "old"})
        files.write("errors", {"path": "old", "reason": "old"})
    old = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    real = os.replace
    calls = {"n": 0}

    def flaky(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3 and str(dst).endswith(".jsonl"):
            raise OSError(28, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OSError), RecordFiles(out) as files:
        files.write("documents", {"doc_id": "new"})
        files.write("errors", {"path": "new", "reason": "new"})
    monkeypatch.setattr(os, "replace", real)
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == old
    recover(out)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_crash_between_renames_is_finished_by_the_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    with RecordFiles(out) as files:
        files.write("documents", {"doc_id": "old"})
    real = os.replace
    calls = {"n": 0}

    class Crash(BaseException):
        pass

    def crash(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == 4:  # the journal and two record files are in place: the process dies
            raise Crash
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", crash)
    files = RecordFiles(out)
    files.write("documents", {"doc_id": "new"})
    files.write("errors", {"path": "new", "reason": "new"})
    with pytest.raises(Crash):
        files.commit()
    monkeypatch.setattr(os, "replace", real)
    assert (out / ".policynlp-publish.json").is_file()
    RecordFiles(out).abort()  # any later use of the folder finishes the publication first
    assert _jsonl(out / "documents.jsonl") == [{"doc_id": "new"}]
    assert _jsonl(out / "errors.jsonl") == [{"path": "new", "reason": "new"}]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_files_respect_the_umask(tmp_path: Path) -> None:
    _good(tmp_path / "in", 1)
    old = os.umask(0o027)
    try:
        tag_paths([tmp_path / "in"], tmp_path / "out", use_model=False)
    finally:
        os.umask(old)
    for name in ("documents.jsonl", "clauses.jsonl", "errors.jsonl"):
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == 0o640, name
    entry = next((tmp_path / "out" / CACHE).glob("*.json"))
    assert stat.S_IMODE(entry.stat().st_mode) == 0o640


# --- the store ---------------------------------------------------------------------------------


def test_read_commands_never_create_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "typo" / "none.db"
    for argv in (["search", "数字"], ["targets"], ["export", "--out", str(tmp_path / "x")], ["report", "--out", str(tmp_path / "r.html")]):
        assert main([*argv, "--db", str(missing)]) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and str(missing) in err[0] and "no such store" in err[0]
    assert not (tmp_path / "typo").exists()
    (tmp_path / "junk.db").write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a policynlp store"):
        Store(tmp_path / "junk.db", readonly=True)


def test_search_works_on_a_read_only_store_and_never_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"
    assert main(["tag", str(SEEDS), "--out", str(tmp_path / "out"), "--db", str(db), "--quiet"]) == 0
    Store(db).conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    capsys.readouterr()
    before = db.read_bytes()
    db.chmod(0o444)
    try:
        store = Store(db, readonly=True)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("DELETE FROM documents")
        assert main(["search", "楓橋經驗", "--db", str(db), "--json"]) == 0
        assert "楓橋經驗" in capsys.readouterr().out
        assert main(["export", "--db", str(db), "--out", str(tmp_path / "exp")]) == 0
    finally:
        db.chmod(0o644)
    assert db.read_bytes() == before


def test_readers_and_a_second_writer_are_not_locked_out_by_a_long_write(tmp_path: Path, notice: object, qa: object) -> None:
    db = tmp_path / "s.db"
    first = Store(db)
    first.add_document(notice)  # type: ignore[arg-type]
    first.conn.execute("BEGIN IMMEDIATE")  # a writer in the middle of a long transaction
    first.conn.execute("DELETE FROM labels")
    hits = Store(db, readonly=True).search("枫桥经验")
    assert hits  # the reader sees the last committed state at once
    done: list[int] = []

    def write() -> None:
        second = Store(db, words=first.words)
        second.add_document(qa)  # type: ignore[arg-type]
        done.append(second.count("documents"))

    t = threading.Thread(target=write)
    t.start()
    t.join(0.5)
    assert not done  # waiting for the first writer (busy timeout), not failing
    first.conn.execute("ROLLBACK")
    t.join(30)
    assert done == [2]


def test_store_writes_in_bounded_transactions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import policynlp.batch as batch

    _good(tmp_path / "in", 7)
    monkeypatch.setattr(batch, "STORE_BATCH", 3)
    store = Store(tmp_path / "s.db")
    sizes: list[int] = []
    real = store.add_prepared
    monkeypatch.setattr(store, "add_prepared", lambda docs: sizes.append(len(docs)) or real(docs))
    tag_paths([tmp_path / "in"], tmp_path / "out", use_model=False, store=store)
    assert sizes == [3, 3, 1] and store.count("documents") == 7
    words = store.conn.execute("SELECT words FROM clauses WHERE words IS NULL OR words = ''").fetchall()
    assert not words and store.search("智慧农场")


# --- stale results, cache, wiring --------------------------------------------------------------


def test_corrupt_cache_entry_is_recomputed(tmp_path: Path) -> None:
    _good(tmp_path / "in", 3)
    out = tmp_path / "out"
    tag_paths([tmp_path / "in"], out, use_model=False)
    reference = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}
    entries = sorted((out / CACHE).glob("*.json"))
    entries[0].write_text('{"document": {"doc_id": "x", "text": "Unterminated', "utf-8")
    entries[1].write_bytes(b"\xff\xfe garbage")
    again = tag_paths([tmp_path / "in"], out, use_model=False)
    assert not again.errors and again.cached == 1
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")} == reference


def test_options_change_the_fingerprint_and_re_tag_in_one_process(tmp_path: Path) -> None:
    _good(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert tag_paths([tmp_path / "in"], out, use_model=False).cached == 0
    assert tag_paths([tmp_path / "in"], out, use_model=False).cached == 2
    if PipelineConfig().classifier_kind() == "combined":
        assert fingerprint_of(PipelineConfig(use_model=False)) != fingerprint_of(PipelineConfig(use_model=True))
        assert tag_paths([tmp_path / "in"], out, use_model=True).cached == 0  # not the rules-only records
        assert tag_paths([tmp_path / "in"], out, use_model=True).cached == 2
    other = tmp_path / "other-model"
    assert PipelineConfig(model_dir=str(other)).classifier_kind() == "rules"  # no model there: the rules alone
    shutil.copytree(PipelineConfig().model_path(), other)
    if PipelineConfig(model_dir=str(other)).classifier_kind() == "combined":
        first = fingerprint_of(PipelineConfig(model_dir=str(other)))
        (other / "combine.json").write_text((other / "combine.json").read_text("utf-8") + "\n", "utf-8")
        assert fingerprint_of(PipelineConfig(model_dir=str(other))) != first  # any model file counts


def test_changing_any_source_or_resource_file_changes_the_fingerprint_and_re_tags(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "policynlp", src / "policynlp", ignore=shutil.ignore_patterns("__pycache__"))
    pkg = src / "policynlp"
    cfg = PipelineConfig(use_model=False)
    base = fingerprint_of(cfg, package_dir=pkg)
    assert fingerprint_of(cfg, package_dir=pkg) == base  # stable
    files = sorted(p for p in pkg.rglob("*") if p.is_file())
    assert any(p.suffix == ".py" for p in files) and any(p.parent.name == "resources" and p.suffix != ".py" for p in files)
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert fingerprint_of(cfg, package_dir=pkg) != base, path.relative_to(pkg)
        path.write_bytes(original)
    assert fingerprint_of(cfg, package_dir=pkg) == base
    # every model beside the shipped classifier counts too (a clause-function model, say), with or without use_model
    models = tmp_path / "models"
    (models / "some-model").mkdir(parents=True)
    (models / "some-model" / "weights.bin").write_bytes(b"\x00" * 64)
    for k, c in enumerate((cfg, PipelineConfig()), 1):
        before = fingerprint_of(c, package_dir=pkg, models_dir=models)
        (models / "some-model" / "weights.bin").write_bytes(bytes([k]) * 64)
        assert fingerprint_of(c, package_dir=pkg, models_dir=models) != before
    # end to end: a changed resource re-tags in a fresh process running that copy of the package
    _good(tmp_path / "in", 2)
    code = ("import sys, json; from policynlp.batch import tag_paths\n"
            "s = tag_paths([sys.argv[1]], sys.argv[2], use_model=False)\nprint(json.dumps([s.documents, s.cached]))")
    env = {**os.environ, "PYTHONPATH": str(src)}

    def run() -> list[int]:
        res = subprocess.run([sys.executable, "-c", code, str(tmp_path / "in"), str(tmp_path / "out")],
                             capture_output=True, text=True, env=env, check=True, timeout=300)
        return list(json.loads(res.stdout.strip().splitlines()[-1]))

    assert run() == [2, 0]
    assert run() == [2, 2]  # unchanged: answered from the cache
    noise = pkg / "resources" / "noise_lines.txt"
    noise.write_text(noise.read_text("utf-8") + "\n# a new line\n", "utf-8")
    assert run() == [2, 0]  # changed resource: re-tagged


# --- command line ---------------------------------------------------------------------------


def test_errors_are_printed_once_and_never_wrapped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / ("a-very-long-folder-name-" * 6)
    _good(folder, 1)
    (folder / "empty-with-a-long-name-that-would-wrap-at-eighty-columns.txt").write_bytes(b"")
    assert main(["tag", str(folder), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if "empty-with-a-long-name" in ln]
    assert len(lines) == 1 and lines[0] == f"error: {folder / 'empty-with-a-long-name-that-would-wrap-at-eighty-columns.txt'}: empty file"


def test_an_internal_error_exits_3_not_1(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import policynlp.batch as batch

    def broken(*_: object, **__: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(batch, "tag_paths", broken)
    assert main(["tag", str(SEEDS), "--out", str(tmp_path / "out"), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("policynlp: internal error (KeyError)")


def test_workers_are_capped_at_the_cpu_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _good(tmp_path / "in", 1)
    summary = tag_paths([tmp_path / "in"], tmp_path / "out", workers=cpu_count() + 50, use_model=False)
    assert summary.workers == cpu_count() and summary.documents == 1
    assert main(["tag", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "0", "--quiet"]) == 2
