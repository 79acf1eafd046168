"""Scores on the real labeled set, end to end: each document is tagged whole, as a user tags it.

A gold clause is matched to the clauses the pipeline cut that cover it (at least half of the
shorter of the two), and takes the union of their labels; the clause's function is that of the
clause covering most of it. So segmentation, function gating, heading inheritance and document
context all count, not only the classifier on a clean sentence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policynlp.classify import Classifier, Labels, predict_labels
from policynlp.classify.model import heading_of, model_input
from policynlp.classify.realset import GoldClause, document_text, load_real
from policynlp.classify.rules import RuleClassifier, to_labels
from policynlp.classify.structure import paragraph_starts
from policynlp.classify.train import LEVELS, _prf
from policynlp.clean import to_simplified
from policynlp.ingest import RawDocument, read_bytes
from policynlp.taxonomy import Taxonomy, load_taxonomy
from policynlp.types import Document


@dataclass(frozen=True, slots=True)
class Predicted:
    """What the pipeline gave a gold clause."""

    labels: dict[str, set[str]]
    function: str | None
    kind: str = "statement"
    text: str = ""  # the covering clause's cleaned text
    index: int | None = None  # the covering clause's position in the document


class ModelOnly:
    """The model's scores at its own dev-chosen thresholds, as a :class:`Classifier`."""

    def __init__(self, model: Any, thresholds: dict[str, float], tax: Taxonomy) -> None:
        self.model, self.thresholds, self.tax = model, thresholds, tax

    def predict(self, texts: Sequence[str], *, headings: Sequence[str] | None = None) -> list[Labels]:
        return [to_labels(self.tax, {k: (v, ("model",)) for k, v in s.items()}, self.thresholds)
                for s in self.model.scores(list(texts), headings=headings)]


def analyze_document(shared: Path, doc: str, pipe: Any) -> Document:
    """Tag one shared document the way ``policynlp tag`` reads it."""
    if "#" in doc:
        return pipe.analyze_raw(RawDocument(doc, document_text(shared, doc), "text"))  # type: ignore[no-any-return]
    return pipe.analyze_raw(read_bytes((shared / doc).read_bytes(), doc))  # type: ignore[no-any-return]


def match(doc: Document, ref_text: str, gold: Sequence[GoldClause]) -> list[Predicted]:
    """The pipeline's labels for each gold clause of one document (gold in document order)."""
    same = doc.text == ref_text
    cursor = 0
    out: list[Predicted] = []
    for g in gold:
        if same:
            s, e = g.start, g.end
        else:
            k = doc.text.find(g.text, cursor)
            if k < 0:
                k = doc.text.find(g.text)
            if k < 0:
                out.append(Predicted({lv: set() for lv in LEVELS}, None))
                continue
            s, e = k, k + len(g.text)
            cursor = e
        labels: dict[str, set[str]] = {lv: set() for lv in LEVELS}
        best, best_ov, best_i = None, 0, None
        for i, c in enumerate(doc.clauses):
            ov = min(e, c.end) - max(s, c.start)
            if ov <= 0:
                continue
            if ov > best_ov:
                best, best_ov, best_i = c, ov, i
            if ov * 2 >= min(e - s, c.end - c.start):
                for lv, xs in zip(LEVELS, (c.domains, c.actions, c.tasks), strict=True):
                    labels[lv] |= {x.id for x in xs}
        out.append(Predicted(labels, best.function if best is not None else None, best.kind if best is not None else "statement",
                             best.text if best is not None else g.text, best_i))
    return out


def score(gold: Sequence[GoldClause], pred: Sequence[Predicted], tax: Taxonomy) -> dict[str, Any]:
    """Per-level P/R/F1, no-label accuracy and function accuracy."""
    report: dict[str, Any] = {}
    for lv in LEVELS:
        attr = lv + "s"
        report[lv] = _prf([set(getattr(g, attr)) for g in gold], [p.labels[lv] for p in pred], tax.names(lv))
    empty = [i for i, g in enumerate(gold) if not g.domains and not g.actions]
    right = sum(1 for i in empty if not pred[i].labels["domain"] and not pred[i].labels["action"])
    report["no_label"] = {"accuracy": right / len(empty) if empty else 0.0, "support": len(empty)}
    report["function"] = {"accuracy": sum(1 for g, p in zip(gold, pred, strict=True) if g.function == p.function) / max(1, len(gold))}
    report["n_clauses"] = len(gold)
    report["n_documents"] = len({g.doc for g in gold})
    return report


def bootstrap_documents(gold: Sequence[GoldClause], pred_a: Sequence[Predicted], pred_b: Sequence[Predicted], tax: Taxonomy, *,
                        resamples: int = 200, seed: int = 0) -> dict[str, dict[str, float]]:
    """Is B better than A (two predictions of the same gold clauses), or is it the luck of the documents?

    Draws the documents again with replacement ``resamples`` times and scores both on each draw; per
    level, the share of draws where B's macro-F1 is higher (``b_better``) and where A's is (``a_better``;
    the rest are ties), the mean difference and its 5th and 95th percentiles.
    """
    import random

    rows: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        rows[g.doc].append(i)
    docs = sorted(rows)
    rnd = random.Random(seed)
    diffs: dict[str, list[float]] = {lv: [] for lv in LEVELS}
    for _ in range(resamples):
        idx = [i for d in (rnd.choice(docs) for _ in docs) for i in rows[d]]
        drawn = [gold[i] for i in idx]
        a, b = score(drawn, [pred_a[i] for i in idx], tax), score(drawn, [pred_b[i] for i in idx], tax)
        for lv in LEVELS:
            diffs[lv].append(float(b[lv]["macro_f1"]) - float(a[lv]["macro_f1"]))
    out: dict[str, dict[str, float]] = {}
    for lv, ds in diffs.items():
        ds.sort()
        out[lv] = {"b_better": round(sum(d > 0 for d in ds) / len(ds), 3), "a_better": round(sum(d < 0 for d in ds) / len(ds), 3),
                   "mean": round(sum(ds) / len(ds), 4),
                   "p05": round(ds[int(0.05 * len(ds))], 4), "p95": round(ds[min(len(ds) - 1, int(0.95 * len(ds)))], 4)}
    return out


def as_predicted(gold: Sequence[GoldClause]) -> list[Predicted]:
    """Another annotator's labels in the shape of a prediction, to score one annotation against another."""
    return [Predicted({"domain": set(g.domains), "action": set(g.actions), "task": set(g.tasks)}, g.function) for g in gold]


def paired_annotations(first: Sequence[GoldClause], second: Sequence[GoldClause]) -> tuple[list[GoldClause], list[GoldClause]]:
    """The clauses both annotations cover (the same document and offsets), in the first one's order."""
    other = {(g.doc, g.start, g.end): g for g in second}
    both = [g for g in first if (g.doc, g.start, g.end) in other]
    return both, [other[(g.doc, g.start, g.end)] for g in both]


def agreement(first: Sequence[GoldClause], second: Sequence[GoldClause], tax: Taxonomy | None = None) -> dict[str, Any]:
    """How far two annotations of the same clauses agree, scored as :func:`score` scores a system.

    Per label F1 does not depend on which annotation is taken as gold, so macro-F1 is symmetric;
    ``no_label`` is the share of the first annotation's unlabeled clauses the second leaves unlabeled too.
    """
    a, b = paired_annotations(first, second)
    return score(a, as_predicted(b), tax or load_taxonomy())


def evaluate_real(shared: Path, split: str, systems: dict[str, Callable[[], Classifier]], *,
                  structure: Any = None) -> dict[str, Any]:
    """Report per system (``{name: factory}``) on the ``split`` of the real set, with a breakdown by source folder."""
    tax = load_taxonomy()
    prepared = PreparedSet(shared, load_real(shared, split=split))
    if structure is not None:
        prepared.pipe.structure = structure
    report: dict[str, Any] = {}
    for name, factory in systems.items():
        gold, pred = prepared.predict(factory())
        report[name] = score(gold, pred, tax)
        # the same scores per source folder: digital-village excerpts, full documents, unlabeled passages
        report[name]["by_source"] = {}
        for src in sorted({g.source for g in gold}):
            keep = [i for i, g in enumerate(gold) if g.source == src]
            sub = score([gold[i] for i in keep], [pred[i] for i in keep], tax)
            report[name]["by_source"][src] = {lv: round(sub[lv]["macro_f1"], 4) for lv in LEVELS} | {
                "no_label": round(sub["no_label"]["accuracy"], 4), "n_clauses": sub["n_clauses"]}
    return report


def default_systems(model_path: Path | None) -> dict[str, Callable[[], Classifier]]:
    """rules alone, and (when a model is there) the model alone and the shipped combination."""
    systems: dict[str, Callable[[], Classifier]] = {"rules": RuleClassifier}
    if model_path is not None and (model_path / "labels.json").is_file():
        from policynlp.classify.combine import CombinedClassifier

        def model_only() -> Classifier:
            comb = CombinedClassifier.from_dir(model_path)
            own = dict(comb.calibration.get("model_thresholds", {})) or {lv: 0.5 for lv in LEVELS}
            return ModelOnly(comb.model, own, comb.tax)

        systems["model"] = model_only
        systems["combined"] = lambda: CombinedClassifier.from_dir(model_path)
    return systems


class PreparedSet:
    """Real documents cleaned and segmented once, then labeled many times (for calibration grids).

    Runs the pipeline's own steps (structure, classifier, :meth:`Pipeline.finalize_labels`) but
    not target extraction, which labels do not depend on.
    """

    def __init__(self, shared: Path, gold: Sequence[GoldClause]) -> None:
        from policynlp.ingest import read_bytes
        from policynlp.pipeline import Pipeline

        self.shared = shared
        self.pipe = Pipeline(classifier=None)
        self.by_doc: dict[str, list[GoldClause]] = defaultdict(list)
        for g in gold:
            self.by_doc[g.doc].append(g)
        self.docs: list[tuple[str, Any, list[str], str]] = []
        self.headings: dict[str, list[str]] = {}  # per document, the heading each clause sits under (model.heading_of)
        for doc, gs in self.by_doc.items():
            gs.sort(key=lambda g: g.start)
            raw = RawDocument(doc, document_text(shared, doc), "text") if "#" in doc else read_bytes((shared / doc).read_bytes(), doc)
            prep = self.pipe._structure(raw)
            texts = [prep.clean.simplified[s.start : s.end] for s in prep.spans]
            self.docs.append((doc, prep, texts, document_text(shared, doc)))
            self.headings[doc] = [heading_of(to_simplified(c.section)) for c in prep.doc.clauses]

    def texts(self, docs: Sequence[str] | None = None, *, with_headings: bool = False) -> list[str]:
        """Every clause text a classifier is asked about (of ``docs``, or of every document), once; with
        ``with_headings``, what a heading-reading model is asked (:func:`~policynlp.classify.model.model_input`)."""
        keep = None if docs is None else set(docs)
        return list(dict.fromkeys(model_input(t, h) if with_headings else t
                                  for doc, _, texts, _ in self.docs if keep is None or doc in keep
                                  for t, h in zip(texts, self.headings[doc], strict=True)))

    def gold_headings(self) -> dict[tuple[str, int], str]:
        """The heading of the clause the pipeline cut at each gold clause, by (document, start)."""
        out: dict[tuple[str, int], str] = {}
        for doc, prep, _, ref in self.docs:
            for g, p in zip(self.by_doc[doc], match(prep.doc, ref, self.by_doc[doc]), strict=True):
                out[(doc, g.start)] = self.headings[doc][p.index] if p.index is not None else ""
        return out

    def predict(self, classifier: Classifier, docs: Sequence[str] | None = None) -> tuple[list[GoldClause], list[Predicted]]:
        """Gold clauses and what the pipeline gives them with ``classifier`` (function gating, headings, scope),
        of ``docs`` or of every document."""
        from dataclasses import replace

        keep = None if docs is None else set(docs)
        gold_all: list[GoldClause] = []
        pred_all: list[Predicted] = []
        for doc, prep, texts, ref in self.docs:
            if keep is not None and doc not in keep:
                continue
            clauses = list(prep.doc.clauses)
            title = prep.clean.simplified[prep.title_span[0] : prep.title_span[1]] if prep.title_span else None
            funcs, labels, _ = self.pipe.finalize_labels(texts, [c.kind for c in clauses], [c.section for c in clauses], title,
                                                         predict_labels(classifier, texts, self.headings[doc]),
                                                         paragraph_starts(prep.doc.text, [(c.start, c.end) for c in clauses]))
            done = [replace(c, domains=d, actions=a, tasks=t, function=f) for c, (d, a, t), f in zip(clauses, labels, funcs, strict=True)]
            gold_all += self.by_doc[doc]
            pred_all += match(replace(prep.doc, clauses=tuple(done)), ref, self.by_doc[doc])
        return gold_all, pred_all

    def evaluate(self, classifier: Classifier, tax: Taxonomy | None = None) -> dict[str, Any]:
        """:func:`score` of ``classifier`` through function gating, headings and scope."""
        return score(*self.predict(classifier), tax or load_taxonomy())


StructureRow = tuple[str, str, str, str, list[str], list[str], bool]  # doc, text, kind, function, context, rule context, labeled


def structure_rows(dev: PreparedSet, rules: RuleClassifier) -> list[StructureRow]:
    """What the function model and the label gate learn from, one row per matched gold clause of ``dev``:
    the text and kind of the clause the pipeline cut there, its heading/neighbour context, what the
    rules said about it, and the gold function and whether it carries a domain or action label."""
    from policynlp.classify.function_model import contexts, label_context
    from policynlp.clean import to_simplified

    rows: list[StructureRow] = []
    for doc, prep, texts, ref in dev.docs:
        clauses = prep.doc.clauses
        ctx = contexts(texts, [c.kind for c in clauses], [to_simplified(c.section) for c in clauses])
        said = rules.predict_scores(texts)
        for g, p in zip(dev.by_doc[doc], match(prep.doc, ref, dev.by_doc[doc]), strict=True):
            if p.index is not None:
                rows.append((doc, texts[p.index], clauses[p.index].kind, g.function, ctx[p.index],
                             label_context(said[p.index]), bool(g.domains or g.actions)))
    return rows


def train_structure(rows: Sequence[StructureRow], function_rows: Sequence[StructureRow] = ()) -> tuple[Any, Any]:
    """The function model (on ``rows`` and ``function_rows``) and the label gate (on ``rows``).

    Real-train's rows go to the function model only: on real-dev (5-fold CV by document) they
    raised function accuracy but, given to the label gate as well, cost label macro-F1."""
    from policynlp.classify.function_model import train_function_model, train_gate_model

    frows = list(rows) + list(function_rows)
    func = train_function_model([r[1] for r in frows], [r[2] for r in frows], [r[3] for r in frows], ctx=[r[4] for r in frows])
    gate = train_gate_model([r[1] for r in rows], [r[2] for r in rows], [r[6] for r in rows], [r[4] + r[5] for r in rows])
    return func, gate


def structure_folds(dev: PreparedSet, rules: RuleClassifier, *, folds: int = 5, seed: int = 0,
                    extra_rows: Sequence[StructureRow] = ()) -> list[tuple[list[str], Any, Any]]:
    """``folds`` groups of real-dev documents, each with the function model and label gate trained without it
    (and with ``extra_rows``, real-train's :func:`structure_rows`, in every fold's function model)."""
    import random

    rows = structure_rows(dev, rules)
    docs = sorted(dev.by_doc)
    random.Random(seed).shuffle(docs)
    groups = [docs[i::folds] for i in range(folds)]
    out: list[tuple[list[str], Any, Any]] = []
    for group in groups:
        held = set(group)
        out.append((group, *train_structure([r for r in rows if r[0] not in held], extra_rows)))
    return out


def predict_folds(dev: PreparedSet, classifier: Classifier, structures: Sequence[tuple[list[str], Any]]) -> tuple[list[GoldClause], list[Predicted]]:
    """Gold clauses and predictions of real-dev, each group of documents (``structures``: documents and
    the :class:`~policynlp.classify.structure.StructureRules` to tag them with) through its own
    structure step; the set's own structure step is put back afterwards."""
    saved = dev.pipe.structure
    gold: list[GoldClause] = []
    pred: list[Predicted] = []
    try:
        for docs, structure in structures:
            dev.pipe.structure = structure
            g, p = dev.predict(classifier, docs=docs)
            gold += g
            pred += p
    finally:
        dev.pipe.structure = saved
    return gold, pred


def fold_structures(folds: Sequence[tuple[list[str], Any, Any]], rules: RuleClassifier, **structure_kw: Any) -> list[tuple[list[str], Any]]:
    """Each group of :func:`structure_folds` with the structure step its function model and label gate make."""
    from policynlp.classify.structure import StructureRules

    return [(docs, StructureRules.default(model=func, label_gate=gate, scorer=rules, **structure_kw)) for docs, func, gate in folds]


def evaluate_folds(dev: PreparedSet, classifier: Classifier, folds: Sequence[tuple[list[str], Any, Any]],
                   rules: RuleClassifier, tax: Taxonomy | None = None, **structure_kw: Any) -> dict[str, Any]:
    """:func:`score` of ``classifier`` on real-dev with every document's structure step (function model
    and label gate) trained without it: the honest real-dev number for anything that is blended with them."""
    return score(*predict_folds(dev, classifier, fold_structures(folds, rules, **structure_kw)), tax or load_taxonomy())
