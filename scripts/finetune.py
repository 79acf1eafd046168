"""Fine-tune the clause classifier from the policy encoder and calibrate its blend on real-dev.

    python scripts/finetune.py [--encoder models/policy-encoder | --encoder none] [--out models/clause-classifier]
                               [--folds 2] [--epochs 4] [--layers 2]

1. out-of-fold model scores for every real-dev clause (``--folds`` groups of documents);
2. the blend with the rules per level, chosen end to end on real-dev from those scores
   (``finetune.calibrate_prepared``: the model gets weight only where it wins there);
3. the final model on all training text and all of real-dev, written to ``--out`` with
   ``combine.json`` (the calibration and the out-of-fold numbers).
``--encoder none`` trains the same architecture from scratch (the ablation).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from policynlp.classify.finetune import calibrate_prepared, fit, out_of_fold_scores, training_rows
from policynlp.classify.realeval import PreparedSet
from policynlp.classify.realset import load_real, shared_root


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--encoder", default="models/policy-encoder")
    ap.add_argument("--out", default="models/clause-classifier")
    ap.add_argument("--corpus", default="corpus/labeled")
    ap.add_argument("--work", default=".finetune-work")
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    shared = shared_root()
    if shared is None:
        print("needs ../shared (real-dev's texts)", file=sys.stderr)
        return 2
    encoder = None if args.encoder == "none" else args.encoder
    work = Path(args.work)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    t0 = time.monotonic()
    kw = {"epochs": args.epochs, "layers": args.layers}
    dev = PreparedSet(shared, load_real(shared, split="dev"))
    oof = out_of_fold_scores(dev, args.corpus, work, encoder=encoder, folds=args.folds, seed=args.seed, log=log, **kw)
    (work / "oof.json").write_text(json.dumps(oof, ensure_ascii=False), "utf-8")
    cal = calibrate_prepared(dev, oof)
    log(f"calibration: {json.dumps(cal)}")
    real = [g for gs in dev.by_doc.values() for g in gs]
    out = fit(training_rows(args.corpus, real), args.out, encoder=encoder, seed=args.seed, log=log, **kw)
    cal["training"] = {"encoder": args.encoder, "epochs": args.epochs, "layers": args.layers, "folds": args.folds,
                       "seed": args.seed, "minutes": round((time.monotonic() - t0) / 60, 1)}
    (out / "combine.json").write_text(json.dumps(cal, indent=1), "utf-8")
    print(json.dumps(cal, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
