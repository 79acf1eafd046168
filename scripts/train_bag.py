"""Train the bag-of-n-grams member (heads.BagHead) and its out-of-fold scores on real-dev.

    python scripts/train_bag.py --work WB --out models/clause-classifier/members/bag
    python scripts/finetune.py --recalibrate --work W --member models/clause-classifier/members/bag --member-work WB

The rows are the shipped encoder's (``finetune.training_rows``: the composed corpus, the seeds, the
lexicon, real-dev three times with sources balanced, and real-train). real-dev is split into the
same document folds as ``finetune.py`` (3, seed 13), so WB/oof.json lines up with the encoder's W/oof.json
and ``--member`` chooses the blend on the two models' averaged out-of-fold scores. ``--out`` gets the
head trained on every row (``head.npz``, ``head.json``, ``labels.json``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from policynlp.classify.finetune import dev_folds, training_rows
from policynlp.classify.heads import BagHead, train_bag
from policynlp.classify.realeval import PreparedSet
from policynlp.classify.realset import GoldClause, load_real, shared_root
from policynlp.taxonomy import load_taxonomy


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", required=True, help="folder for oof.json (real-dev's out-of-fold scores)")
    ap.add_argument("--out", default=None, help="where the head trained on every row is written")
    ap.add_argument("--corpus", default="corpus/labeled")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--buckets", type=int, default=1 << 18)
    ap.add_argument("--dim", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--no-real-train", action="store_true", help="leave out real-train (corpus/real/train/)")
    args = ap.parse_args()
    t0 = time.monotonic()
    shared = shared_root()
    if shared is None:
        sys.exit("train_bag.py: ../shared is missing (it reads real-dev's and real-train's texts from it)")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    labels = [lab.id for lab in load_taxonomy().all]
    dev = PreparedSet(shared, load_real(shared, split="dev"))
    real_train = [] if args.no_real_train else load_real(shared, split="train")
    kw = {"buckets": args.buckets, "dim": args.dim, "epochs": args.epochs, "seed": args.seed, "log": log}

    def fit(real: list[GoldClause]) -> BagHead:
        rows = training_rows(args.corpus, real, real_repeat=3, balance_sources=True)
        y = np.array([[1.0 if lab in {*r["domains"], *r["actions"], *r["tasks"]} else 0.0 for lab in labels] for r in rows],
                     np.float32)
        return train_bag([r["text"] for r in rows], y, labels, **kw)

    docs = sorted(dev.by_doc)
    oof: dict[str, dict[str, float]] = {}
    for k, held in enumerate(dev_folds(docs, args.folds, args.seed)):
        head = fit([g for d in docs if d not in held for g in dev.by_doc[d]] + real_train)
        texts = dev.texts(held)
        oof.update(zip(texts, head.scores(texts), strict=True))
        log(f"fold {k + 1}/{args.folds}: {len(texts)} clauses scored")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    (work / "oof.json").write_text(json.dumps(oof, ensure_ascii=False), "utf-8")
    if args.out:
        head = fit([g for d in docs for g in dev.by_doc[d]] + real_train)
        head.save(args.out)
        meta = {"buckets": args.buckets, "dim": args.dim, "epochs": args.epochs, "seed": args.seed,
                "real_train_clauses": len(real_train), "minutes": round((time.monotonic() - t0) / 60, 1)}
        (Path(args.out) / "training.json").write_text(json.dumps(meta, indent=1), "utf-8")
    log(f"done in {(time.monotonic() - t0) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
