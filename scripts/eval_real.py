"""Scores on the real labeled set (corpus/real/, texts read from ../shared), end to end.

    python scripts/eval_real.py [--split dev|test|train] [--model models/clause-classifier] [--per-label] [--json]
                                [--function-model DIR]

Prints domain / action / task micro and macro F1, no-label accuracy and function accuracy for
rules alone, the model alone and the shipped combination. Skips with a message without ../shared.

``--split train`` scores real-train (corpus/real/train/), whose documents no rule was chosen on: a
second check of the rules beside real-dev. The shipped function model learned from real-train, so
for an honest number give ``--function-model`` one trained without it
(``scripts/train_function_model.py --no-real-train --out DIR``) and read the rules row only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from policynlp.classify import model_dir
from policynlp.classify.realeval import default_systems, evaluate_real
from policynlp.classify.realset import shared_root


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("dev", "test", "train"))
    ap.add_argument("--function-model", default=None, metavar="DIR",
                    help="the clause-function model to use instead of models/clause-function/")
    ap.add_argument("--model", default=str(model_dir()))
    ap.add_argument("--shared")
    ap.add_argument("--systems", nargs="+", help="only these of rules, model, combined")
    ap.add_argument("--per-label", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    shared = shared_root(args.shared)
    if shared is None:
        print("skipped: the real labeled set reads its texts from ../shared, which is not here", file=sys.stderr)
        return 0
    systems = default_systems(Path(args.model))
    if args.systems:
        systems = {k: v for k, v in systems.items() if k in args.systems}
    structure = None
    if args.function_model:
        from policynlp.classify.function_model import FunctionModel
        from policynlp.classify.structure import StructureRules

        structure = StructureRules.default(model=FunctionModel.load(args.function_model))
    report = evaluate_real(shared, args.split, systems, structure=structure)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    any_rep = next(iter(report.values()))
    print(f"real-{args.split}: {any_rep['n_clauses']} clauses of {any_rep['n_documents']} documents")
    print(f"{'system':10} {'dom mi':>7} {'dom ma':>7} {'act mi':>7} {'act ma':>7} {'task mi':>7} {'task ma':>7} {'none ok':>7} {'func':>6}")
    for name, r in report.items():
        cells = [r[lv][k] for lv in ("domain", "action", "task") for k in ("micro_f1", "macro_f1")]
        print(f"{name:10} " + " ".join(f"{x:7.3f}" for x in cells) + f" {r['no_label']['accuracy']:7.3f} {r['function']['accuracy']:6.3f}")
    for name, r in report.items():
        for src, sub in r.get("by_source", {}).items():
            print(f"  {name} on {src:13} ({sub['n_clauses']:4} clauses): macro-F1 domain {sub['domain']:.3f} action {sub['action']:.3f} "
                  f"task {sub['task']:.3f}, no-label {sub['no_label']:.3f}")
    if args.per_label:
        for name, r in report.items():
            for lv in ("domain", "action", "task"):
                print(f"\n{name} {lv}")
                for lab, v in r[lv]["per_label"].items():
                    if v["support"] or v["precision"]:
                        print(f"  {lab:36} P {v['precision']:.2f} R {v['recall']:.2f} F {v['f1']:.2f} n {int(v['support'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
