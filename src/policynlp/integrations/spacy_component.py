"""spaCy component ``policynlp``: clauses, deadlines and targets as span groups.

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("policynlp")
    doc = nlp(text)
    for span in doc.spans["clauses"]:
        span._.policynlp["domains"]

The factory is registered through the ``spacy_factories`` entry point and on import of this
module. ``predict`` is pure (text → policynlp Documents); ``set_annotations`` writes spans.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from policynlp.ingest import RawDocument
from policynlp.pipeline import Pipeline
from policynlp.records import clause_record, deadline_record, target_record
from policynlp.types import Document

EXTENSION = "policynlp"


def install_extensions() -> None:
    """Add the ``Span._.policynlp`` and ``Doc._.policynlp`` extensions once (idempotent)."""
    if not Span.has_extension(EXTENSION):
        Span.set_extension(EXTENSION, default=None)
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


class PolicyComponent:
    """Runs the policynlp pipeline on ``doc.text`` and exposes its records on spans."""

    def __init__(self, nlp: Language, name: str, *, use_model: bool = True) -> None:
        install_extensions()
        self.name = name
        self.pipeline = Pipeline.from_config(use_model=use_model)

    def predict(self, docs: Iterable[Doc]) -> list[Document]:
        """Analyze the docs' texts in one batch (the classifier sees them together; no side effects on the docs)."""
        raws = [_raw(doc.text) for doc in docs]
        return list(self.pipeline.pipe_raw(raws, batch_size=max(1, len(raws))))

    def set_annotations(self, docs: Iterable[Doc], analyses: Iterable[Document]) -> None:
        """Write span groups ``clauses``, ``deadlines``, ``targets`` with records as attributes."""
        for doc, result in zip(docs, analyses, strict=True):
            clauses, deadlines, targets = [], [], []
            for c in result.clauses:
                span = doc.char_span(c.start, c.end, label=c.kind, alignment_mode="expand")
                if span is not None:
                    span._.set(EXTENSION, clause_record(result, c))
                    clauses.append(span)
            for d in result.deadlines:
                span = doc.char_span(d.span[0], d.span[1], label="deadline", alignment_mode="expand")
                if span is not None:
                    span._.set(EXTENSION, deadline_record(d))
                    deadlines.append(span)
            for t in result.targets:
                span = doc.char_span(t.start, t.end, label="target", alignment_mode="expand")
                if span is not None:
                    span._.set(EXTENSION, target_record(result, t))
                    targets.append(span)
            doc.spans["clauses"] = clauses
            doc.spans["deadlines"] = deadlines
            doc.spans["targets"] = targets
            doc._.set(EXTENSION, {"doc_id": result.doc_id, "title": result.title, "issued": result.issued,
                                 "doc_number": result.doc_number, "issuing_bodies": list(result.issuers), **result.facts})

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 32) -> Iterable[Doc]:
        """Batch version of ``__call__``."""
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                self.set_annotations(batch, self.predict(batch))
                yield from batch
                batch = []
        if batch:
            self.set_annotations(batch, self.predict(batch))
            yield from batch


def _raw(text: str) -> RawDocument:
    return RawDocument("<spacy>", text, "text")


@Language.factory("policynlp", default_config={"use_model": True})
def make_policynlp(nlp: Language, name: str, use_model: bool) -> PolicyComponent:
    """Factory of the ``policynlp`` pipeline component."""
    return PolicyComponent(nlp, name, use_model=use_model)
