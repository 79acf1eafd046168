"""Record files written atomically: JSONL, CSV (UTF-8 with BOM) or Parquet.

Each file is streamed to a hidden temporary file in the output folder and renamed into
place only when :meth:`RecordFiles.commit` runs, so a crash mid-run leaves the previous
files (or none) and never a half-written record file.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any

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
        fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
        self.tmp = Path(tmp)
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

    def commit(self) -> None:
        if self.fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            cols = COLUMNS[self.kind]
            table = pa.Table.from_pylist(self._rows, schema=_schema(self.kind)) if self._rows else pa.table({c: pa.array([], pa.string()) for c in cols})
            pq.write_table(table, self.tmp)
        else:
            assert self._fh is not None
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
        os.replace(self.tmp, self.final)

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
        # temporaries left by a run that was killed: never valid, remove them
        for stale in self.out.glob(".*.part"):
            stale.unlink(missing_ok=True)
        self.sinks = {k: _Sink(self.out / f"{k}.{fmt}", fmt, k) for k in COLUMNS}
        self.errors = _Sink(self.out / "errors.jsonl", "jsonl", "errors")

    def write(self, kind: str, rec: dict[str, Any]) -> None:
        """Append one record to the ``kind`` file (documents, clauses, targets or errors)."""
        (self.errors if kind == "errors" else self.sinks[kind]).write(rec)

    def write_line(self, kind: str, line: str) -> None:
        """Append one record given as a JSON line to the ``kind`` file."""
        self.sinks[kind].write_line(line)

    def commit(self) -> None:
        """Move every file into place."""
        for sink in [*self.sinks.values(), self.errors]:
            sink.commit()

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
