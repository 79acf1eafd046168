"""Record types ↔ the contract's dicts (documents, clauses, targets)."""

from __future__ import annotations

from typing import Any

from policynlp.types import Clause, Deadline, Document, LabelScore, Metric, Target


def deadline_record(d: Deadline) -> dict[str, Any]:
    """A deadline as the contract writes it."""
    rec: dict[str, Any] = {"text": d.text, "start": d.start, "end": d.end, "span": [d.span[0], d.span[1]]}
    if d.unresolved:
        rec["unresolved"] = True
    return rec


def metric_record(m: Metric | None) -> dict[str, Any] | None:
    """A metric as the contract writes it (``value_max``/``approx``/``baseline`` only when set)."""
    if m is None:
        return None
    rec: dict[str, Any] = {"indicator": m.indicator, "comparator": m.comparator, "value": _num(m.value), "unit": m.unit}
    if m.value_max is not None:
        rec["value_max"] = _num(m.value_max)
    if m.approx:
        rec["approx"] = True
    if m.baseline:
        rec["baseline"] = m.baseline
    return rec


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _labels(labels: tuple[LabelScore, ...], *, evidence: bool = True) -> list[dict[str, Any]]:
    out = []
    for lab in labels:
        rec: dict[str, Any] = {"id": lab.id, "score": round(lab.score, 4)}
        if evidence:
            rec["evidence"] = list(lab.evidence)
        out.append(rec)
    return out


def clause_id(doc: Document, c: Clause) -> str:
    """Stable clause id: ``doc_id:index``."""
    return f"{doc.doc_id}:{c.index}"


def document_record(doc: Document) -> dict[str, Any]:
    """One line of documents.jsonl."""
    rec: dict[str, Any] = {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "title": doc.title,
        "issued": doc.issued,
        "doc_number": doc.doc_number,
        "issuing_bodies": list(doc.issuers),
        "script": doc.script,
        "text": doc.text,
        "n_clauses": len(doc.clauses),
        "n_targets": len(doc.targets),
        "deadlines": [deadline_record(d) for d in doc.deadlines],
    }
    rec.update({k: v for k, v in doc.facts.items() if k not in rec})
    return rec


def clause_record(doc: Document, c: Clause) -> dict[str, Any]:
    """One line of clauses.jsonl."""
    return {
        "doc_id": doc.doc_id,
        "clause_id": clause_id(doc, c),
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "section": c.section,
        "kind": c.kind,
        "function": c.function,
        "domains": _labels(c.domains),
        "actions": _labels(c.actions),
        "tasks": _labels(c.tasks, evidence=False),
    }


def target_record(doc: Document, t: Target) -> dict[str, Any]:
    """One line of targets.jsonl (with the document's title and source, for tools that read targets alone)."""
    rec: dict[str, Any] = {
        "doc_id": doc.doc_id,
        "target_id": f"{doc.doc_id}:t{t.index}",
        "clause_id": f"{doc.doc_id}:{t.clause_index}",
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "deadline": deadline_record(t.deadline),
        "metric": metric_record(t.metric),
        "domains": list(t.domains),
        "actions": list(t.actions),
        "title": doc.title,
        "source": doc.source,
    }
    if t.attribute:
        rec["attribute"] = t.attribute
    return rec
