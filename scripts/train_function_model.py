"""Train the clause-function model and the label gate on real-dev and real-train; write models/clause-function/ and models/clause-labelable/.

    python scripts/train_function_model.py [--cv] [--no-real-train]

The text of each real-dev clause is the cleaned text of the clause the pipeline cut there, its
kind the pipeline's, its context the heading it sits under and its neighbours
(``function_model.contexts``). The function model learns the annotated function; the label gate
learns whether the clause carries any domain or action label, from the same features plus what the
rules said about it (``function_model.label_context``).

``--cv`` first prints the end-to-end scores of a 5-fold cross-validation by document on real-dev
(real-train in every fold's function model; rules as the classifier): no model, the function model alone (gating at 0.6 unless a label scores
0.6, 0.7 or never), and with the label gate at several settings (a clause the gate gives less
than ``below`` loses its labels unless one scores ``strong``), then a bootstrap over real-dev's
documents of real-train's gain at the shipped setting.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from policynlp.classify.function_model import GATE_DIR, MODEL_DIR
from policynlp.classify.realeval import (
    PreparedSet,
    bootstrap_documents,
    predict_folds,
    score,
    structure_folds,
    structure_rows,
    train_structure,
)
from policynlp.classify.realset import load_real, shared_root
from policynlp.classify.rules import RuleClassifier
from policynlp.classify.structure import SUBSTANTIVE, StructureRules
from policynlp.taxonomy import load_taxonomy


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--out", default=str(MODEL_DIR))
    ap.add_argument("--gate-out", default=str(GATE_DIR))
    ap.add_argument("--no-real-train", action="store_true",
                    help="learn from real-dev alone, without real-train (corpus/real/train/)")
    args = ap.parse_args()
    shared = shared_root()
    if shared is None:
        print("skipped: needs ../shared (the real labeled set's texts)", file=sys.stderr)
        return 0
    gold_all = load_real(shared, split="dev")
    dev = PreparedSet(shared, gold_all)
    rules, tax = RuleClassifier(), load_taxonomy()
    rows = structure_rows(dev, rules)
    extra = [] if args.no_real_train else structure_rows(PreparedSet(shared, load_real(shared, split="train")), rules)

    if args.cv:
        folds = structure_folds(dev, rules, folds=5, seed=0, extra_rows=extra)
        settings: list[tuple[str, dict[str, Any] | None, bool]] = [("no model", None, False)]
        settings += [(f"function, strong {s}", {"strong": s}, False) for s in (0.6, 0.7, 2.0)]
        settings += [(f"+ gate below {b}, strong {s}", {"gate_below": b, "gate_strong": s}, True)
                     for b in (0.15, 0.2, 0.3) for s in (0.6, 0.7, 0.8)]
        for name, kw, with_gate in settings:
            structures = [(f, StructureRules.default(model=None, label_gate=None) if kw is None else
                           StructureRules.default(model=fm, label_gate=gm if with_gate else None, scorer=rules, **kw))
                          for f, fm, gm in folds]
            gold, pred = predict_folds(dev, rules, structures)
            r = score(gold, pred, tax)
            sub = sum((g.function in SUBSTANTIVE) == (p.function in SUBSTANTIVE) for g, p in zip(gold, pred, strict=True)) / len(gold)
            print(f"{name:32}", " ".join(f"{r[lv][k]:.3f}" for lv in ("domain", "action", "task") for k in ("micro_f1", "macro_f1")),
                  f"none-ok {r['no_label']['accuracy']:.3f} function {r['function']['accuracy']:.3f} substantive {sub:.3f}", flush=True)
        if extra:
            # real-train's gain at the shipped setting, and whether it is more than the luck of real-dev's documents
            shipped = [(f, StructureRules.default(model=fm, label_gate=gm, scorer=rules)) for f, fm, gm in folds]
            without = [(f, StructureRules.default(model=fm, label_gate=gm, scorer=rules))
                       for f, fm, gm in structure_folds(dev, rules, folds=5, seed=0)]
            gold, pred_b = predict_folds(dev, rules, shipped)
            gold_a, pred_a = predict_folds(dev, rules, without)
            assert [(g.doc, g.start) for g in gold] == [(g.doc, g.start) for g in gold_a]
            print("with real-train against without, at the shipped setting (bootstrap over real-dev's documents, 200 draws):",
                  json.dumps(bootstrap_documents(gold, pred_a, pred_b, tax)), flush=True)
    func, gate = train_structure(rows, extra)
    func.save(args.out)
    gate.save(args.gate_out)
    print(f"wrote {args.out} and {args.gate_out} ({len(rows)} real-dev clauses, and {len(extra)} of real-train for the function model)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
