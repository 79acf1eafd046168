"""Document context: scope by the taxonomy, not by the word 乡村.

Some labels are in scope wherever they occur (TAXONOMY.md names national cultural
digitization, ecological-protection informatization, agricultural big data and poverty
assistance without villages); others (digital governance, public services, infrastructure,
e-commerce) are about villages only when the text says so. In a document that is not about
villages, a clause that names no rural matter keeps the first kind and loses the second
(``rural_context.anchored`` in ``taxonomy.json``; a task follows its action).

A notice on digital-village pilots may say 推进政务服务“一网通办” and mean villages; a State
Council opinion on government new media, a vocational-education plan or a provincial work
report says the same words about the whole country. A document counts as rural when its title
names rural matters or when at least ``min_share`` of its clauses do (rural texts measure 0.28–0.90,
other documents 0–0.17, work reports 0.09–0.17). Short texts (fewer than ``min_clauses``) are
taken as rural: one pasted clause is no evidence about its document.

>>> ctx = RuralContext.from_taxonomy()
>>> ctx.is_rural_clause("推进农村电商发展"), ctx.is_rural_clause("推进政务新媒体建设")
(True, False)
>>> ctx.is_rural_document("关于推进政务新媒体健康有序发展的意见", ["推进政务新媒体建设"] * 10)
False
>>> ctx.is_rural_document("政府工作报告", ["推进农村电商发展"] * 3 + ["推进政务服务"] * 7)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policynlp.classify import Labels
from policynlp.taxonomy import Taxonomy, load_taxonomy

NO_LABELS: Labels = ((), (), ())


@dataclass(frozen=True)
class RuralContext:
    """Decides which clauses may keep their labels, from the document they stand in."""

    words: tuple[str, ...]
    min_share: float = 0.25
    min_clauses: int = 5
    anchored: frozenset[str] = frozenset()
    # green rural living needs villages, ecological informatization does not: the domain stays
    # without a rural word only when the clause also has the digital action
    anchored_unless: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_taxonomy(cls, tax: Taxonomy | None = None) -> RuralContext:
        """The settings of ``taxonomy.json``'s ``rural_context`` (the shipped taxonomy by default)."""
        tax = tax or load_taxonomy()
        anchored = set(tax.rural_anchored)
        anchored |= {t.id for t in tax.tasks if t.parent in anchored}
        return cls(tax.rural_words, tax.rural_min_share, tax.rural_min_clauses, frozenset(anchored),
                   tuple(tax.rural_anchored_unless.items()))

    def is_rural_clause(self, text: str) -> bool:
        """True when the (simplified) text names rural matters."""
        return any(w in text for w in self.words)

    def share(self, texts: Sequence[str]) -> float:
        """Share of texts that name rural matters."""
        return sum(map(self.is_rural_clause, texts)) / len(texts) if texts else 0.0

    def is_rural_document(self, title: str | None, texts: Sequence[str], *, share: float | None = None) -> bool:
        """True when the labels of every clause may stand without a rural word of its own.

        ``share`` is :meth:`share` of ``texts`` when the caller has it already.
        """
        if len(texts) < self.min_clauses or (title and self.is_rural_clause(title)):
            return True
        return (self.share(texts) if share is None else share) >= self.min_share

    def keep_rural(self, texts: Sequence[str], labels: Sequence[Labels]) -> list[Labels]:
        """Every label of clauses that name rural matters; the unanchored labels of the others."""
        out: list[Labels] = []
        for t, lab in zip(texts, labels, strict=True):
            if self.is_rural_clause(t):
                out.append(lab)
            else:
                present = {x.id for level in lab for x in level}
                drop = set(self.anchored) | {lid for lid, unless in self.anchored_unless if unless not in present}
                d, a, k = (tuple(x for x in level if x.id not in drop) for level in lab)
                out.append((d, a, k))
        return out
