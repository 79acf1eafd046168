"""Fine-tune the clause classifier from the policy encoder and calibrate its blend on real-dev.

    python scripts/finetune.py [--encoder models/policy-encoder | --encoder none] [--out models/clause-classifier]
                               [--folds 3] [--epochs 6] [--layers 4] [--real-repeat 3] [--doc-cap N | --balance-sources] [--heading-context]
                               [--recalibrate [--measure [--versus JSON [--versus-member-work DIR]] | --member DIR --member-work DIR]]

1. out-of-fold model scores for every real-dev clause (``--folds`` groups of documents);
2. the blend with the rules per level, chosen end to end on real-dev from those scores
   (``finetune.calibrate_prepared``: the model gets weight only where it wins there), each
   document's function model and label gate trained without it (``realeval.structure_folds``);
3. the final model on all training text and all of real-dev, written to ``--out`` with
   ``combine.json`` (the calibration and the out-of-fold numbers).
``--encoder none`` trains the same architecture from scratch (the ablation).
``--recalibrate --member A --member-work WA`` turns ``--out`` into an ensemble with the classifier of
another run (A, trained with its own recipe into its own --work WA): A is copied under
``--out/members/``, and the blend is chosen on the mean of the two runs' out-of-fold scores.
``--recalibrate --measure`` keeps ``--out``'s blend and measures it again on real-dev, as a whole
(``real_dev_chosen``), after a change to the rules or the structure step; with ``--versus JSON`` it
writes nothing and prints both blends and a bootstrap over real-dev's documents of the other's gain;
``--versus-member-work WB`` measures the other blend on the mean of both runs' out-of-fold scores (an
ensemble with the run of WB) before it is built.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from policynlp.classify.finetune import (
    calibrate_prepared,
    compare_blends,
    fit,
    measure_prepared,
    out_of_fold_scores,
    training_rows,
)
from policynlp.classify.model import mean_scores
from policynlp.classify.realeval import PreparedSet, structure_folds, structure_rows
from policynlp.classify.realset import load_real, shared_root
from policynlp.classify.rules import RuleClassifier
from policynlp.store.files import write_atomic

MODEL_FILES = ("config.json", "model.safetensors", "labels.json", "vocab.json")
HEAD_FILES = ("head.json", "head.npz", "labels.json")  # a head member (scripts/train_bag.py), with training.json


def average_scores(runs: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Per text, the mean of the runs' label probabilities (a text only some runs scored keeps theirs)."""
    texts = sorted({t for run in runs for t in run})
    return {t: mean_scores([run[t] for run in runs if t in run]) for t in texts}


def add_member(out: Path, member: Path) -> str:
    """Copy a trained classifier folder into ``out/members/NAME``; its path relative to ``out``."""
    rel = f"members/{member.resolve().name}"
    dest = out / rel
    dest.mkdir(parents=True, exist_ok=True)
    is_head = (member / "head.json").is_file()
    for name in HEAD_FILES if is_head else MODEL_FILES:
        shutil.copyfile(member / name, dest / name)
    if is_head and (member / "training.json").is_file():
        shutil.copyfile(member / "training.json", dest / "training.json")
    return rel


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--encoder", default="models/policy-encoder")
    ap.add_argument("--out", default="models/clause-classifier")
    ap.add_argument("--corpus", default="corpus/labeled")
    ap.add_argument("--work", default=".finetune-work")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--max-len", type=int, default=64, help="characters per clause seen in training (the shipped model: 64)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--real-repeat", type=int, default=3, help="how many times each real-dev clause is seen per epoch")
    ap.add_argument("--doc-cap", type=int, default=None,
                    help="a real document contributes at most about this many rows per epoch (default: no cap)")
    ap.add_argument("--balance-sources", action="store_true",
                    help="each source folder of ../shared (realworld-dv, realworld, unlabeled) gives about as many real rows")
    ap.add_argument("--heading-context", action="store_true",
                    help="the model reads each clause after the heading it sits under (model.model_input)")
    ap.add_argument("--no-real-train", action="store_true",
                    help="leave out real-train (corpus/real/train/), the real clauses labeled only for fitting")
    ap.add_argument("--recalibrate", action="store_true",
                    help="no training: choose the blend again from --work/oof.json for the model already in --out")
    ap.add_argument("--measure", action="store_true",
                    help="with --recalibrate: keep --out's blend and measure it again on real-dev (after a change to "
                         "the rules or the structure step), recorded as real_dev_chosen")
    ap.add_argument("--versus", default=None, metavar="JSON",
                    help='with --measure: also measure this blend ({"weights": {...}, "thresholds": {...}}) and print a '
                         "bootstrap over real-dev's documents of its gain over --out's; nothing is written")
    ap.add_argument("--versus-member-work", default=None, metavar="DIR",
                    help="with --versus: measure that blend on the mean of --work's and DIR's out-of-fold scores "
                         "(the two models averaged, as --member would ship them)")
    ap.add_argument("--versus-work", default=None, metavar="DIR",
                    help="with --versus: measure that blend on DIR's out-of-fold scores (another model run, e.g. "
                         "one trained on more labels)")
    ap.add_argument("--member", default=None,
                    help="with --recalibrate: average another trained classifier folder with --out's model "
                         "(copied into --out/members/), the blend chosen on both models' averaged out-of-fold scores")
    ap.add_argument("--member-work", default=None, help="the --work folder of the --member run (its oof.json)")
    args = ap.parse_args()
    shared = shared_root()
    if shared is None:
        print("needs ../shared (real-dev's texts)", file=sys.stderr)
        return 2
    encoder = None if args.encoder == "none" else args.encoder
    work = Path(args.work)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    t0 = time.monotonic()
    kw = {"epochs": args.epochs, "layers": args.layers, "max_len": args.max_len}
    dev = PreparedSet(shared, load_real(shared, split="dev"))
    real_train = [] if args.no_real_train else load_real(shared, split="train")
    out = Path(args.out)
    members: list[str] = []
    if args.member and not (args.recalibrate and args.member_work):
        print("--member needs --recalibrate and --member-work", file=sys.stderr)
        return 2
    if ((args.measure and not args.recalibrate) or (args.versus and not args.measure)
            or ((args.versus_member_work or args.versus_work) and not args.versus)
            or (args.versus_member_work and args.versus_work)):
        print("--measure needs --recalibrate, --versus needs --measure, and --versus-member-work or --versus-work "
              "(one of them) needs --versus", file=sys.stderr)  # before any training
        return 2
    if args.recalibrate:
        oof = json.loads((work / "oof.json").read_text("utf-8"))
        training = json.loads((out / "combine.json").read_text("utf-8")).get("training", {})
        if args.member:
            other = json.loads((Path(args.member_work) / "oof.json").read_text("utf-8"))
            oof = average_scores([oof, other])
            members = [add_member(out, Path(args.member))]
            record = Path(args.member) / "combine.json"  # a fine-tuned encoder's; a head's record is training.json
            member_training = (json.loads(record.read_text("utf-8")).get("training", {}) if record.is_file()
                               else json.loads((Path(args.member) / "training.json").read_text("utf-8")))
            training = {**training, "members": {members[0]: member_training}}
    else:
        oof = out_of_fold_scores(dev, args.corpus, work, encoder=encoder, folds=args.folds, seed=args.seed,
                                 real_repeat=args.real_repeat, doc_cap=args.doc_cap,
                                 balance_sources=args.balance_sources, heading_context=args.heading_context,
                                 extra_real=real_train, log=log, **kw)
        (work / "oof.json").write_text(json.dumps(oof, ensure_ascii=False), "utf-8")
    # the function model and label gate of each real-dev document trained without it (the shipped ones saw it)
    rules = RuleClassifier()
    # (real-train joins every fold's function model, as it joins the shipped one: scripts/train_function_model.py)
    folds = structure_folds(dev, rules, extra_rows=structure_rows(PreparedSet(shared, real_train), rules) if real_train else ())
    if args.measure:
        cal = json.loads((out / "combine.json").read_text("utf-8"))
        if args.versus:
            try:
                other = json.loads(Path(args.versus).read_text("utf-8") if Path(args.versus).is_file() else args.versus)
            except ValueError as exc:
                other = str(exc)
            if not isinstance(other, dict) or not {"weights", "thresholds"} <= other.keys():
                print(f'--versus: not a blend {{"weights": …, "thresholds": …}}: {str(other)[:80]}', file=sys.stderr)
                return 2
            oof_b = None
            if args.versus_member_work:
                oof_b = average_scores([oof, json.loads((Path(args.versus_member_work) / "oof.json").read_text("utf-8"))])
            if args.versus_work:
                oof_b = json.loads((Path(args.versus_work) / "oof.json").read_text("utf-8"))
            print(json.dumps(compare_blends(dev, oof, cal, other, folds, model_scores_b=oof_b), indent=1))
            return 0
        cal["real_dev_chosen"] = measure_prepared(dev, oof, cal["weights"], cal["thresholds"], structure=folds)
        write_atomic(out / "combine.json", json.dumps(cal, indent=1))
        print(json.dumps(cal["real_dev_chosen"]))
        return 0
    cal = calibrate_prepared(dev, oof, structure=folds)
    log(f"calibration: {json.dumps(cal)}")
    if not args.recalibrate:
        real = [g for gs in dev.by_doc.values() for g in gs] + real_train
        fit(training_rows(args.corpus, real, real_repeat=args.real_repeat, doc_cap=args.doc_cap,
                          balance_sources=args.balance_sources, headings=dev.gold_headings() if args.heading_context else None),
            out, encoder=encoder, seed=args.seed, heading_context=args.heading_context, log=log, **kw)
        training = {"encoder": args.encoder, "epochs": args.epochs, "layers": args.layers, "max_len": args.max_len,
                    "folds": args.folds, "seed": args.seed, "real_repeat": args.real_repeat, "doc_cap": args.doc_cap,
                    "balance_sources": args.balance_sources, "heading_context": args.heading_context,
                    "real_train_clauses": len(real_train),
                    "minutes": round((time.monotonic() - t0) / 60, 1)}
    cal["training"] = training
    if members:
        cal["members"] = members
    write_atomic(out / "combine.json", json.dumps(cal, indent=1))
    print(json.dumps(cal, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
