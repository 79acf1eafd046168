"""Targets as CSV rows for spreadsheets (the ``targets`` command and the targets page's download)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import IO, Any

from policynlp.store.files import TARGET_CSV_COLUMNS, target_csv_row

TARGET_COLUMNS = tuple(TARGET_CSV_COLUMNS)


def write_targets_csv(rows: Iterable[Mapping[str, Any]], out: IO[str], titles: Mapping[str, str | None] | None = None) -> int:
    """Write a header and one flat line per target record (the columns of ``targets.csv``: document
    title and source, every deadline and metric field, label lists as JSON arrays); return the count."""
    writer = csv.DictWriter(out, fieldnames=TARGET_CSV_COLUMNS)
    writer.writeheader()
    n = 0
    for r in rows:
        row = target_csv_row(dict(r))
        if not row.get("title") and titles:
            row["title"] = titles.get(r["doc_id"])
        writer.writerow(row)
        n += 1
    return n
