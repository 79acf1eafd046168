"""Time clause classification as shipped: rules (+ the blended model where it is used) and the
structure step (functions, the label gate, headings and paragraphs), on N real clauses cut from
../shared/unlabeled (our own corpus without it).

    python scripts/bench_classify.py [--n 10000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from policynlp.classify import load_default_classifier
from policynlp.classify.realset import UNLABELED, shared_root
from policynlp.classify.structure import StructureRules
from policynlp.clean import to_simplified
from policynlp.segment import segment

ROOT = Path(__file__).resolve().parents[1]


def _clauses(n: int) -> tuple[list[str], list[str], str]:
    shared = shared_root()
    if shared is not None:
        texts, kinds = [], []
        with gzip.open(shared / UNLABELED, "rt", encoding="utf-8") as fh:
            for line in fh:
                body = to_simplified(json.loads(line)["text"])
                st = segment(body)
                for c in st.clauses:
                    texts.append(body[c.start : c.end])
                    kinds.append(c.kind)
                if len(texts) >= n:
                    return texts[:n], kinds[:n], "real clauses of ../shared/unlabeled"
    rows = []
    for split in ("train", "dev", "test", "seed"):
        rows += [json.loads(x)["text"] for x in (ROOT / "corpus" / "labeled" / f"{split}.jsonl").read_text("utf-8").splitlines()]
    texts = [to_simplified(rows[i % len(rows)]) for i in range(n)]
    return texts, ["statement"] * n, "clauses of corpus/labeled"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args()
    texts, kinds, what = _clauses(args.n)
    t0 = time.perf_counter()
    clf = load_default_classifier()
    structure = StructureRules.default(scorer=getattr(clf, "rules", clf))  # as the pipeline builds it
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    labels = clf.predict(texts)
    dt = time.perf_counter() - t0
    t0 = time.perf_counter()
    structure.apply(texts, kinds, [""] * len(texts), labels)
    ft = time.perf_counter() - t0
    labelled = sum(1 for d, a, _ in labels if d or a)
    print(f"{len(texts):,} {what}; classifier {type(clf).__name__}\n")
    print("| clauses | load s | classify s | structure s | clauses/s (both) | with a label |\n|---|---|---|---|---|---|\n"
          f"| {len(texts):,} | {load:.1f} | {dt:.2f} | {ft:.2f} | {len(texts) / (dt + ft):,.0f} | {labelled:,} |")
    model = getattr(clf, "model", None)
    if model is not None:  # the worst case: a calibration that needs the model on every clause
        t0 = time.perf_counter()
        model.scores(texts)
        dt = time.perf_counter() - t0
        print(f"\nmodel on every clause: {dt:.2f} s ({len(texts) / dt:,.0f} clauses/s)")


if __name__ == "__main__":
    main()
