"""Batch tagging: inputs → pipeline → record files, bad inputs reported and skipped."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from policynlp.errors import IngestError
from policynlp.ingest import RawDocument, iter_inputs, read_path
from policynlp.pipeline import Pipeline
from policynlp.records import clause_record, document_record, target_record
from policynlp.store.files import RecordFiles
from policynlp.types import Document


@dataclass(slots=True)
class Summary:
    """What a tagging run did."""

    documents: int = 0
    clauses: int = 0
    targets: int = 0
    errors: list[IngestError] = field(default_factory=list)
    domains: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)


def tag_paths(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    fmt: str = "jsonl",
    pipeline: Pipeline | None = None,
    on_document: Callable[[Document | IngestError], None] | None = None,
    sink: Callable[[Document], None] | None = None,
) -> Summary:
    """Tag every input file into ``out``; unreadable inputs go to ``errors.jsonl``."""
    pipe = pipeline or Pipeline()
    summary = Summary()
    paths = list(iter_inputs(inputs))

    def raws() -> Iterator[RawDocument]:
        for p in paths:
            if isinstance(p, IngestError):
                _fail(p)
                continue
            try:
                yield read_path(p)
            except IngestError as exc:
                _fail(exc)

    def _fail(exc: IngestError) -> None:
        summary.errors.append(exc)
        files.write("errors", {"path": exc.path, "reason": exc.reason})
        if on_document:
            on_document(exc)

    with RecordFiles(out, fmt=fmt) as files:
        for doc in pipe.pipe_raw(raws()):
            files.write("documents", document_record(doc))
            for c in doc.clauses:
                files.write("clauses", clause_record(doc, c))
                summary.domains.update(x.id for x in c.domains)
                summary.actions.update(x.id for x in c.actions)
            for t in doc.targets:
                files.write("targets", target_record(doc, t))
            summary.documents += 1
            summary.clauses += len(doc.clauses)
            summary.targets += len(doc.targets)
            if sink:
                sink(doc)
            if on_document:
                on_document(doc)
    return summary


def count_inputs(inputs: Iterable[str | os.PathLike[str]]) -> int:
    """How many files ``inputs`` name (for a progress bar)."""
    return sum(1 for p in iter_inputs(inputs) if isinstance(p, Path | IngestError))
