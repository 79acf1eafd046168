"""Train the clause-function model on real-dev and write models/clause-function/.

    python scripts/train_function_model.py [--cv]

The text of each real-dev clause is the cleaned text of the clause the pipeline cut there, its
kind the pipeline's; the label is the annotated function. ``--cv`` first prints, per setting, the
end-to-end scores of a 5-fold cross-validation by document on real-dev (rules alone as labels):
no model, and the model gating at threshold 0.6 with the strong-evidence guard 0.6 … 2.0.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict

from policynlp.classify.function_model import MODEL_DIR, FunctionModel, contexts, train_function_model
from policynlp.classify.realeval import analyze_document, match, score
from policynlp.classify.realset import document_text, load_real, shared_root
from policynlp.classify.rules import RuleClassifier
from policynlp.classify.structure import SUBSTANTIVE, StructureRules
from policynlp.clean import to_simplified
from policynlp.pipeline import Pipeline
from policynlp.taxonomy import load_taxonomy


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--out", default=str(MODEL_DIR))
    ap.add_argument("--no-context", dest="context", action="store_false", help="the clause's own words only")
    args = ap.parse_args()
    shared = shared_root()
    if shared is None:
        print("skipped: needs ../shared (the real labeled set's texts)", file=sys.stderr)
        return 0
    by = defaultdict(list)
    for g in load_real(shared, split="dev"):
        by[g.doc].append(g)
    for gs in by.values():
        gs.sort(key=lambda g: g.start)
    plain = Pipeline(classifier=None)
    rows = []
    for doc, gs in by.items():
        parsed = analyze_document(shared, doc, plain)
        ctx = contexts([to_simplified(c.text) for c in parsed.clauses], [c.kind for c in parsed.clauses],
                       [to_simplified(c.section) for c in parsed.clauses])
        for g, p in zip(gs, match(parsed, document_text(shared, doc), gs), strict=True):
            rows.append((doc, to_simplified(p.text), p.kind, g.function, ctx[p.index] if p.index is not None and args.context else None))

    def train(rs: list[tuple[str, str, str, str, list[str] | None]]) -> FunctionModel:
        return train_function_model([r[1] for r in rs], [r[2] for r in rs], [r[3] for r in rs],
                                    ctx=[r[4] or [] for r in rs] if args.context else None)
    if args.cv:
        docs = sorted(by)
        random.Random(0).shuffle(docs)
        folds = [docs[i::5] for i in range(5)]
        models = [train([r for r in rows if r[0] not in f]) for f in folds]
        rules, tax = RuleClassifier(), load_taxonomy()
        for name, kw in [("no model", None), *((f"gate 0.6, strong {s}", {"gate_threshold": 0.6, "strong": s}) for s in (0.6, 0.7, 2.0))]:
            gold, pred = [], []
            for f, m in zip(folds, models, strict=True):
                st = StructureRules.default(model=None) if kw is None else StructureRules.default(model=m, **kw)
                pipe = Pipeline(classifier=rules, structure=st)
                for doc in f:
                    gold += by[doc]
                    pred += match(analyze_document(shared, doc, pipe), document_text(shared, doc), by[doc])
            r = score(gold, pred, tax)
            gate = sum((g.function in SUBSTANTIVE) == (p.function in SUBSTANTIVE) for g, p in zip(gold, pred, strict=True)) / len(gold)
            print(f"{name:22}", " ".join(f"{r[lv][k]:.3f}" for lv in ("domain", "action", "task") for k in ("micro_f1", "macro_f1")),
                  f"none-ok {r['no_label']['accuracy']:.3f} function {r['function']['accuracy']:.3f} substantive {gate:.3f}")
    model = train(rows)
    model.save(args.out)
    print(f"wrote {args.out} ({len(rows)} real-dev clauses)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
