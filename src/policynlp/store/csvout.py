"""Targets as CSV rows for spreadsheets (the ``targets`` command and the targets page's download)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

TARGET_COLUMNS = ("doc_id", "target_id", "clause_id", "text", "deadline_text", "deadline_start", "deadline_end",
                  "indicator", "comparator", "value", "value_max", "unit", "domains", "actions", "title")


def write_targets_csv(rows: Iterable[Mapping[str, Any]], out: IO[str], titles: Mapping[str, str | None] | None = None) -> int:
    """Write a header and one line per target record (label lists as JSON arrays, the document title
    last); return the count."""
    writer = csv.DictWriter(out, fieldnames=TARGET_COLUMNS)
    writer.writeheader()
    n = 0
    for r in rows:
        m = r.get("metric") or {}
        d = r["deadline"]
        writer.writerow({"doc_id": r["doc_id"], "title": (titles or {}).get(r["doc_id"]), "target_id": r["target_id"],
                         "clause_id": r["clause_id"], "text": r["text"], "deadline_text": d.get("text"),
                         "deadline_start": d.get("start"), "deadline_end": d.get("end"), "indicator": m.get("indicator"),
                         "comparator": m.get("comparator"), "value": m.get("value"), "value_max": m.get("value_max"),
                         "unit": m.get("unit"), "domains": json.dumps(r.get("domains", []), ensure_ascii=False),
                         "actions": json.dumps(r.get("actions", []), ensure_ascii=False)})
        n += 1
    return n
