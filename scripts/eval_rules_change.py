"""Is a change of the rules' data files better on real-dev? Rules + structure, out of fold, base against now.

    python scripts/eval_rules_change.py --base REV|--base-dir DIR [--resamples 200]

Scores real-dev twice with the rule classifier alone: once with the taxonomy and lexicon of git
revision ``REV``, once with the working tree's. For each version the structure step (function
model and label gate, which read the rules' scores) is trained five times, each time without the
fifth of real-dev's documents it then tags, so neither number has seen its clauses. The folds'
function models learn from real-dev alone (the shipped one also reads real-train), so the absolute
numbers sit about a point under ``finetune.py``'s rules-alone row; the difference between the two
versions is what this script is for. Prints domain /
action / task macro-F1 and no-label accuracy of both, and a bootstrap over real-dev's documents of
the change's gain (how often the new version is better when the documents are drawn again). The
blend with the model is measured by ``scripts/finetune.py --recalibrate --measure``; this script is
the quicker check of a rules change alone. Skips with a message without ../shared.
"""

from __future__ import annotations

import argparse
import sys

from diff_rules_unlabeled import add_base_arguments, version_at  # scripts/ is on the path
from policynlp.classify.realeval import (
    PreparedSet,
    bootstrap_documents,
    fold_structures,
    predict_folds,
    score,
    structure_folds,
)
from policynlp.classify.realset import load_real, shared_root
from policynlp.classify.rules import RuleClassifier
from policynlp.taxonomy import load_taxonomy


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_base_arguments(ap)
    ap.add_argument("--resamples", type=int, default=200)
    ap.add_argument("--shared")
    args = ap.parse_args()
    shared = shared_root(args.shared)
    if shared is None:
        print("skipped: real-dev reads its texts from ../shared, which is not here", file=sys.stderr)
        return 0
    tax = load_taxonomy()
    dev = PreparedSet(shared, load_real(shared, split="dev"))
    runs = {}
    base_rules = version_at(args.base, args.base_dir)[0]
    for name, rules in (("base " + str(args.base or args.base_dir), base_rules), ("now", RuleClassifier(tax))):
        gold, pred = predict_folds(dev, rules, fold_structures(structure_folds(dev, rules), rules))
        rep = score(gold, pred, tax)
        runs[name] = (gold, pred)
        print(f"{name:20} macro-F1 domain {rep['domain']['macro_f1']:.4f} action {rep['action']['macro_f1']:.4f} "
              f"task {rep['task']['macro_f1']:.4f}, no-label {rep['no_label']['accuracy']:.4f}", flush=True)
    (gold, base), (_, now) = runs.values()
    boot = bootstrap_documents(gold, base, now, tax, resamples=args.resamples)
    for lv, b in boot.items():
        print(f"  {lv:7} the change better in {b['b_better']:.1%} of {args.resamples} draws of the documents; "
              f"mean gain {b['mean']:+.4f} (5th-95th percentile {b['p05']:+.4f} to {b['p95']:+.4f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
