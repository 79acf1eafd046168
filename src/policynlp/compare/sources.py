"""Documents to compare, as the contract's records: from files (through the pipeline) or the store.

Align and diff work on records (``clauses.jsonl`` and ``targets.jsonl`` lines), so a document
tagged last year and kept in the store compares with one read from a file today.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policynlp.errors import PolicyNLPError
from policynlp.records import clause_record, target_record
from policynlp.types import Document

if TYPE_CHECKING:
    from policynlp.pipeline import Pipeline
    from policynlp.store.db import Store

DOC_ID = re.compile(r"^[0-9a-f]{16}$")


class CompareError(PolicyNLPError):
    """A document to compare could not be found or read; names it and the reason."""


@dataclass(frozen=True, slots=True)
class CompareDoc:
    """One document's records: clause and target dicts as ``clauses.jsonl``/``targets.jsonl`` hold them."""

    doc_id: str
    source: str
    title: str | None
    issued: str | None
    clauses: tuple[dict[str, Any], ...]
    targets: tuple[dict[str, Any], ...]

    @property
    def name(self) -> str:
        """A short name for tables: the title, else the source."""
        return self.title or self.source


def from_document(doc: Document) -> CompareDoc:
    """Records of an analyzed document."""
    return CompareDoc(doc.doc_id, doc.source, doc.title, doc.issued,
                      tuple(clause_record(doc, c) for c in doc.clauses), tuple(target_record(doc, t) for t in doc.targets))


def from_store_record(doc: dict[str, Any]) -> CompareDoc:
    """Records of a document as :meth:`policynlp.store.db.Store.document` returns it."""
    return CompareDoc(doc["doc_id"], doc.get("source") or doc["doc_id"], doc.get("title"), doc.get("issued"),
                      tuple(doc.get("clauses", ())), tuple(doc.get("targets", ())))


def load(specs: Sequence[str], *, pipeline: Callable[[], Pipeline], store: Store | None = None) -> list[CompareDoc]:
    """Each spec is a file (analyzed with ``pipeline()``, created on first need) or, with a store, a doc id.

    Raises :class:`CompareError` (or the pipeline's ``IngestError``) naming the spec and the reason.
    """
    out: list[CompareDoc] = []
    pipe: Pipeline | None = None
    for spec in specs:
        path = Path(spec)
        if path.is_file():
            pipe = pipe or pipeline()
            out.append(from_document(pipe.analyze(path)))
            continue
        if store is not None:
            rec = store.document(spec) if DOC_ID.match(spec) else None
            if rec is None:
                raise CompareError(f"{spec}: neither a file nor a doc_id of the store {store.path}")
            out.append(from_store_record(rec))
            continue
        reason = "is a folder, not a file" if path.is_dir() else "no such file (give --db to compare doc ids of a store)"
        raise CompareError(f"{spec}: {reason}")
    return out
