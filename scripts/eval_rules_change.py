"""Is a change of the rules' data files better on real text? Rules + structure, base against now.

    python scripts/eval_rules_change.py --base REV|--base-dir DIR [--resamples 200]
    python scripts/eval_rules_change.py --base REV --split train --function-model F [--show-changes]

Scores real text twice with the rule classifier alone: once with the taxonomy, lexicon and function
patterns of git revision ``REV`` (or the files in ``DIR``), once with the working tree's; each version
brings its own cue terms and rural words (scope) to the structure step too.

``--split dev`` (the default): for each version the structure step (function model and label gate,
which read the rules' scores) is trained five times, each time without the fifth of real-dev's
documents it then tags, so neither number has seen its clauses. The folds' function models learn
from real-dev alone (the shipped one also reads real-train), so the absolute numbers sit about a
point under ``finetune.py``'s rules-alone row; the difference between the two versions is what this
script is for. The blend with the model is measured by ``scripts/finetune.py --recalibrate
--measure``; this script is the quicker check of a rules change alone.

``--split train``: real-train, whose documents no rule was chosen on, tagged by both versions with
one fixed structure step: the function model ``F`` (train one that never saw real-train with
``scripts/train_function_model.py --no-real-train --out F``) and the shipped label gate (which
learned from real-dev only; ``--label-gate`` takes another). ``--show-changes`` lists every clause
whose domains or actions differ, with the gold labels, to read by eye.

Prints domain / action / task macro-F1 and no-label accuracy of both, and a bootstrap over the
documents of the change's gain (how often the new version is better when the documents are drawn
again). Skips with a message without ../shared.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from diff_rules_unlabeled import add_base_arguments, version_at  # scripts/ is on the path
from policynlp.classify.context import RuralContext
from policynlp.classify.realeval import (
    Predicted,
    PreparedSet,
    bootstrap_documents,
    fold_structures,
    predict_folds,
    score,
    structure_folds,
)
from policynlp.classify.realset import GoldClause, load_real, shared_root
from policynlp.classify.rules import RuleClassifier
from policynlp.classify.structure import FunctionRules, StructureRules


def _labels(p: Predicted) -> list[str]:
    return sorted(p.labels["domain"]) + sorted(p.labels["action"])


def changed_clauses(gold: list[GoldClause], base: list[Predicted], now: list[Predicted]) -> list[str]:
    """One line per clause whose domains or actions differ between ``base`` and ``now``: the gold
    labels, both predictions and the start of the clause."""
    out = []
    for g, a, b in zip(gold, base, now, strict=True):
        if _labels(a) != _labels(b):
            out.append(f"{g.doc}@{g.start} gold {sorted(g.domains) + sorted(g.actions)} base {_labels(a)} now {_labels(b)} | {g.text[:90]}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_base_arguments(ap)
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--function-model", type=Path, metavar="F", help="--split train: the function model of the fixed structure step")
    ap.add_argument("--label-gate", type=Path, metavar="G", help="--split train: a label gate instead of models/clause-labelable/")
    ap.add_argument("--show-changes", action="store_true", help="list the clauses whose labels change")
    ap.add_argument("--resamples", type=int, default=200)
    ap.add_argument("--shared")
    args = ap.parse_args()
    if args.split == "train" and args.function_model is None:
        ap.error("--split train needs --function-model (one trained without real-train: train_function_model.py --no-real-train --out F)")
    shared = shared_root(args.shared)
    if shared is None:
        print(f"skipped: real-{args.split} reads its texts from ../shared, which is not here", file=sys.stderr)
        return 0
    data = PreparedSet(shared, load_real(shared, split=args.split))
    versions: list[tuple[str, RuleClassifier, FunctionRules]] = [
        ("base " + str(args.base or args.base_dir), *version_at(args.base, args.base_dir)),
        ("now", *version_at(None, None)),
    ]
    fixed = None
    if args.split == "train":
        from policynlp.classify.function_model import GATE_DIR, FunctionModel

        fixed = (FunctionModel.load(args.function_model), FunctionModel.load(args.label_gate or GATE_DIR))
    runs = []
    for name, rules, functions in versions:
        data.pipe.context = RuralContext.from_taxonomy(rules.tax)  # scope by this version's rural words
        kw = {"functions": functions, "tax": rules.tax}  # its cue terms and domain/action pairs
        if fixed is None:
            gold, pred = predict_folds(data, rules, fold_structures(structure_folds(data, rules), rules, **kw))
        else:
            data.pipe.structure = StructureRules.default(model=fixed[0], label_gate=fixed[1], scorer=rules, **kw)
            gold, pred = data.predict(rules)
        rep = score(gold, pred, rules.tax)
        runs.append((gold, pred))
        print(f"{name:20} macro-F1 domain {rep['domain']['macro_f1']:.4f} action {rep['action']['macro_f1']:.4f} "
              f"task {rep['task']['macro_f1']:.4f}, no-label {rep['no_label']['accuracy']:.4f}", flush=True)
    (gold, base), (_, now) = runs
    tax = versions[1][1].tax
    boot = bootstrap_documents(gold, base, now, tax, resamples=args.resamples)
    for lv, b in boot.items():
        print(f"  {lv:7} the change better in {b['b_better']:.1%} of {args.resamples} draws of the documents, worse in {b['a_better']:.1%}; "
              f"mean gain {b['mean']:+.4f} (5th-95th percentile {b['p05']:+.4f} to {b['p95']:+.4f})")
    changes = changed_clauses(gold, base, now)
    print(f"{len(changes)} clauses change their domains or actions")
    if args.show_changes:
        print("\n".join(changes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
