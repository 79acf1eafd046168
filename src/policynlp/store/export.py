"""Exports from the store: clauses and targets as CSV (UTF-8 with BOM), JSONL or Parquet, and
the labeled clauses as a Hugging Face ``datasets`` dataset on disk."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from policynlp.store.db import Store
from policynlp.store.files import RecordFiles, file_mode, locked


def export_store(store: Store, out: str | os.PathLike[str], *, fmt: str = "jsonl") -> dict[str, int]:
    """Write ``clauses.*`` and ``targets.*`` (and ``documents.*``) of the whole store into ``out``."""
    counts = {"documents": 0, "clauses": 0, "targets": 0}
    with locked(out), RecordFiles(out, fmt=fmt) as files:
        for rec in store.records("documents"):
            files.write("documents", json.loads(rec))
            counts["documents"] += 1
        for kind in ("clauses", "targets"):
            for rec in store.records(kind):
                files.write_line(kind, rec)
                counts[kind] += 1
    return counts


def export_hf_dataset(store: Store, out: str | os.PathLike[str]) -> int:
    """Save the store's clauses with their label ids as a ``datasets.Dataset`` (``save_to_disk``).

    Columns: ``doc_id``, ``clause_id``, ``text``, ``section``, ``kind``, ``domains``, ``actions``,
    ``tasks`` (lists of label ids), in the same shape as corpus/labeled, so a user can review the
    labels and train on them.
    """
    from datasets import Dataset

    rows: dict[str, list[Any]] = {k: [] for k in ("doc_id", "clause_id", "text", "section", "kind", "domains", "actions", "tasks")}
    for rec in store.records("clauses"):
        r = json.loads(rec)
        for k in ("doc_id", "clause_id", "text", "section", "kind"):
            rows[k].append(r[k])
        for k in ("domains", "actions", "tasks"):
            rows[k].append([x["id"] for x in r[k]])
    ds = Dataset.from_dict(rows)
    target = Path(out)
    tmp = Path(tempfile.mkdtemp(dir=target.parent if target.parent.exists() else None, prefix=".hf-export-"))
    os.chmod(tmp, file_mode(folder=True))
    ds.save_to_disk(str(tmp))
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)
    return len(ds)

