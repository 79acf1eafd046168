"""Record files written atomically and published together: JSONL, CSV (UTF-8 with BOM) or Parquet.

Each file is streamed to a hidden temporary file in the output folder. :meth:`RecordFiles.commit`
completes them all, writes a journal naming them, then renames them into place: a failed rename
puts the previous files back, and a crash between the renames is finished by the next
:class:`RecordFiles` over the folder. So the record files are all new or all old, never torn and
never a mix. Files are created with the permissions the umask allows (like any other program's).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from policynlp.errors import OutputLockedError

FORMATS = ("jsonl", "csv", "parquet")
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "source", "title", "issued", "doc_number", "issuing_bodies", "script", "n_clauses", "n_targets", "deadlines", "text", "facts"),
    "clauses": ("doc_id", "clause_id", "start", "end", "text", "section", "kind", "domains", "actions", "tasks"),
    "targets": ("doc_id", "target_id", "clause_id", "start", "end", "text", "deadline", "metric", "domains", "actions",
                "title", "source", "attribute"),
}


def flat_row(kind: str, rec: dict[str, Any]) -> dict[str, Any]:
    """A record as a flat row: nested values JSON-encoded, extra keys folded into ``facts``."""
    cols = COLUMNS[kind]
    row: dict[str, Any] = {}
    extra = {k: v for k, v in rec.items() if k not in cols}
    for c in cols:
        v = extra if c == "facts" else rec.get(c)
        row[c] = json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
    return row


def current_umask() -> int:
    """The process umask (read from /proc where it can be, so it is never changed, even briefly)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def file_mode(*, folder: bool = False) -> int:
    """Permissions of a new file (0o666) or folder (0o777) under the process umask."""
    return (0o777 if folder else 0o666) & ~current_umask()


def temp_file(final: Path) -> tuple[int, Path]:
    """A hidden temporary file next to ``final`` (mode from the umask): its descriptor and path."""
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    os.fchmod(fd, file_mode())
    return fd, Path(tmp)


def write_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` atomically (a temporary file renamed into place)."""
    final = Path(path)
    fd, tmp = temp_file(final)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return final


LOCK = ".policynlp-lock"


@contextlib.contextmanager
def locked(folder: str | os.PathLike[str]) -> Iterator[None]:
    """Hold ``folder``'s lock for the block; :class:`OutputLockedError` at once when another run holds it.

    The lock is an ``flock`` on ``folder/.policynlp-lock``: the kernel drops it when its holder
    ends, however it ends, so a killed run never leaves the folder locked.
    """
    import fcntl

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), file_mode())
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            shown = os.fsencode(out).decode("utf-8", "replace")
            raise OutputLockedError(f"{shown}: another policynlp run (process {holder or '?'}) is writing into this folder; "
                                    "wait for it to finish or choose another output folder") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the descriptor releases the lock


JOURNAL = ".policynlp-publish.json"


def publish(out: Path, pairs: list[tuple[Path, Path]]) -> None:
    """Rename each completed temporary onto its final name, all or none (see the module doc)."""
    journal = out / JOURNAL
    write_atomic(journal, json.dumps([[t.name, f.name] for t, f in pairs]))
    _sync_dir(out)
    backups: list[tuple[Path, Path | None]] = []
    try:
        for tmp, final in pairs:
            backup = None
            if final.is_file():
                backup = final.with_name(f".{final.name}.old")
                backup.unlink(missing_ok=True)
                os.link(final, backup)
            backups.append((final, backup))
            os.replace(tmp, final)
    except OSError:
        for final, backup in reversed(backups):  # put the previous files back
            if backup is not None:
                os.replace(backup, final)
            else:
                final.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        raise
    _sync_dir(out)
    journal.unlink(missing_ok=True)
    for _, backup in backups:
        if backup is not None:
            backup.unlink(missing_ok=True)


def recover(out: Path) -> None:
    """Finish a publication a crash interrupted (its journal is there), then drop stale temporaries."""
    journal = out / JOURNAL
    if journal.is_file():
        try:
            pairs = json.loads(journal.read_text("utf-8"))
        except ValueError:
            pairs = []  # the journal itself was not complete: nothing was renamed yet
        for tmp_name, final_name in pairs:
            tmp = out / tmp_name
            if tmp.is_file():
                os.replace(tmp, out / final_name)
        _sync_dir(out)
        journal.unlink(missing_ok=True)
    # temporaries and backups left by a run that was killed: never valid, remove them
    for stale in [*out.glob(".*.part"), *out.glob(".*.old")]:
        stale.unlink(missing_ok=True)


def _sync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# `policynlp targets --format csv`: one flat row a target, for spreadsheets and other tools
TARGET_CSV_COLUMNS = ["doc_id", "target_id", "clause_id", "title", "source", "text", "deadline_text", "deadline_start", "deadline_end",
                      "unresolved", "indicator", "comparator", "value", "value_max", "unit", "approx", "baseline", "attribute",
                      "domains", "actions"]


def target_csv_row(rec: dict[str, Any]) -> dict[str, Any]:
    """A target record as a flat CSV row (every metric and deadline field a column of its own)."""
    m = rec.get("metric") or {}
    d = rec.get("deadline") or {}
    flat = flat_row("targets", rec)
    return {"doc_id": rec["doc_id"], "target_id": rec["target_id"], "clause_id": rec["clause_id"], "title": rec.get("title"),
            "source": rec.get("source"), "text": rec["text"], "deadline_text": d.get("text"), "deadline_start": d.get("start"),
            "deadline_end": d.get("end"), "unresolved": bool(d.get("unresolved")), "indicator": m.get("indicator"),
            "comparator": m.get("comparator"), "value": m.get("value"), "value_max": m.get("value_max"), "unit": m.get("unit"),
            "approx": bool(m.get("approx")) if m else None, "baseline": m.get("baseline"), "attribute": rec.get("attribute"),
            "domains": flat["domains"], "actions": flat["actions"]}


class _Sink:
    def __init__(self, final: Path, fmt: str, kind: str) -> None:
        self.final, self.fmt, self.kind = final, fmt, kind
        fd, self.tmp = temp_file(final)
        self.count = 0
        self._rows: list[dict[str, Any]] = []
        self._fh: IO[str] | None = None
        self._csv: Any = None
        if fmt == "parquet":
            os.close(fd)
        else:
            self._fh = os.fdopen(fd, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
            if fmt == "csv":
                self._csv = csv.DictWriter(self._fh, fieldnames=COLUMNS[kind])
                self._csv.writeheader()

    def write_line(self, line: str) -> None:
        """Append a record already encoded as one JSON line (decoded only for CSV/Parquet)."""
        if self.fmt == "jsonl":
            assert self._fh is not None
            self.count += 1
            self._fh.write(line + "\n")
        else:
            self.write(json.loads(line))

    def write(self, rec: dict[str, Any]) -> None:
        self.count += 1
        if self.fmt == "jsonl":
            assert self._fh is not None
            self._fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            self._csv.writerow(flat_row(self.kind, rec))
        else:
            self._rows.append(flat_row(self.kind, rec))

    def complete(self) -> None:
        """Write out the temporary file completely (it is renamed by :func:`publish`)."""
        if self.fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            cols = COLUMNS[self.kind]
            table = pa.Table.from_pylist(self._rows, schema=_schema(self.kind)) if self._rows else pa.table({c: pa.array([], pa.string()) for c in cols})
            pq.write_table(table, self.tmp)
            os.chmod(self.tmp, file_mode())
        else:
            assert self._fh is not None
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()

    def abort(self) -> None:
        if self._fh is not None and not self._fh.closed:
            self._fh.close()
        self.tmp.unlink(missing_ok=True)


def _schema(kind: str) -> Any:
    import pyarrow as pa

    ints = {"start", "end", "n_clauses", "n_targets"}
    return pa.schema([(c, pa.int64() if c in ints else pa.string()) for c in COLUMNS[kind]])


class RecordFiles:
    """documents/clauses/targets files plus errors.jsonl in ``out``, committed together."""

    def __init__(self, out: str | os.PathLike[str], *, fmt: str = "jsonl") -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        recover(self.out)
        self.sinks = {k: _Sink(self.out / f"{k}.{fmt}", fmt, k) for k in COLUMNS}
        self.errors = _Sink(self.out / "errors.jsonl", "jsonl", "errors")

    def write(self, kind: str, rec: dict[str, Any]) -> None:
        """Append one record to the ``kind`` file (documents, clauses, targets or errors)."""
        (self.errors if kind == "errors" else self.sinks[kind]).write(rec)

    def write_line(self, kind: str, line: str) -> None:
        """Append one record given as a JSON line to the ``kind`` file."""
        self.sinks[kind].write_line(line)

    def commit(self) -> None:
        """Complete every file, then publish them together."""
        sinks = [*self.sinks.values(), self.errors]
        for sink in sinks:
            sink.complete()
        publish(self.out, [(sink.tmp, sink.final) for sink in sinks])

    def abort(self) -> None:
        """Drop the temporary files; the previous outputs stay as they were."""
        for sink in [*self.sinks.values(), self.errors]:
            sink.abort()

    def __enter__(self) -> RecordFiles:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()
