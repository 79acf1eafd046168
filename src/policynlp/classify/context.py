"""Document context: the taxonomy is about villages, so a document that is not keeps only the
labels of clauses that speak of rural matters themselves.

A notice on digital-village pilots may say 推进政务服务“一网通办” and mean villages; a State
Council opinion on government new media, a vocational-education plan or a provincial work
report says the same words about the whole country. A document counts as rural when its title
names rural matters or when at least ``min_share`` of its clauses do (rural notices measure 0.3–0.9,
other documents 0–0.17, work reports 0.09–0.17). Short texts (fewer than ``min_clauses``) are
taken as rural: one pasted clause is no evidence about its document.

>>> ctx = RuralContext()
>>> ctx.is_rural_clause("推进农村电商发展"), ctx.is_rural_clause("推进政务新媒体建设")
(True, False)
>>> ctx.is_rural_document("关于推进政务新媒体健康有序发展的意见", ["推进政务新媒体建设"] * 10)
False
>>> ctx.is_rural_document("政府工作报告", ["推进农村电商发展"] * 3 + ["推进政务服务"] * 7)
True
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources

from policynlp.classify import Labels


def _load() -> dict[str, object]:
    raw = resources.files("policynlp.resources").joinpath("taxonomy.json").read_text("utf-8")
    return dict(json.loads(raw).get("rural_context", {}))


@dataclass(frozen=True)
class RuralContext:
    """Decides which clauses may keep their labels, from the document they stand in."""

    words: tuple[str, ...] = field(default_factory=lambda: tuple(map(str, _load().get("words", ()))))  # type: ignore[call-overload]
    min_share: float = field(default_factory=lambda: float(_load().get("min_share", 0.25)))  # type: ignore[arg-type]
    min_clauses: int = field(default_factory=lambda: int(_load().get("min_clauses", 5)))  # type: ignore[call-overload]

    def is_rural_clause(self, text: str) -> bool:
        """True when the (simplified) text names rural matters."""
        return any(w in text for w in self.words)

    def share(self, texts: Sequence[str]) -> float:
        """Share of texts that name rural matters."""
        return sum(map(self.is_rural_clause, texts)) / len(texts) if texts else 0.0

    def is_rural_document(self, title: str | None, texts: Sequence[str]) -> bool:
        """True when the labels of every clause may stand without a rural word of its own."""
        if len(texts) < self.min_clauses or (title and self.is_rural_clause(title)):
            return True
        return self.share(texts) >= self.min_share

    def apply(self, title: str | None, texts: Sequence[str], labels: Sequence[Labels]) -> list[Labels]:
        """The labels, emptied for clauses without rural words in a document that is not rural."""
        if self.is_rural_document(title, texts):
            return list(labels)
        return [lab if self.is_rural_clause(t) else ((), (), ()) for t, lab in zip(texts, labels, strict=True)]
