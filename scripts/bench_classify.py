"""Time the classifier (rules + model, as shipped) on N clauses from our corpus.

    python scripts/bench_classify.py [--n 10000]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from policynlp.classify import load_default_classifier
from policynlp.clean import to_simplified

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args()
    rows = []
    for split in ("train", "dev", "test", "seed"):
        rows += [json.loads(x)["text"] for x in (ROOT / "corpus" / "labeled" / f"{split}.jsonl").read_text("utf-8").splitlines()]
    texts = [to_simplified(rows[i % len(rows)]) for i in range(args.n)]
    t0 = time.perf_counter()
    clf = load_default_classifier()
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    labels = clf.predict(texts)
    dt = time.perf_counter() - t0
    labelled = sum(1 for d, a, _ in labels if d or a)
    print(f"| clauses | load s | classify s | clauses/s | with a label |\n|---|---|---|---|---|\n"
          f"| {args.n:,} | {load:.1f} | {dt:.2f} | {args.n / dt:,.0f} | {labelled:,} |")
    model = getattr(clf, "model", None)
    if model is not None:  # the worst case: a calibration that needs the model on every clause
        t0 = time.perf_counter()
        model.scores(texts)
        dt = time.perf_counter() - t0
        print(f"\nmodel on every clause: {dt:.2f} s ({args.n / dt:,.0f} clauses/s)")


if __name__ == "__main__":
    main()
