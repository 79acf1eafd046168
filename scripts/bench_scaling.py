"""Time of every analysis stage against document length: is each stage linear?

Builds single documents of 0.25, 0.5, 1, 2 and 4 M characters by joining real texts of
../shared/unlabeled (in file order, so each size contains the smaller ones), then times each
stage once per size on the same machine and prints a Markdown table (seconds) with the ratio of
the largest to the smallest size (16 for a linear stage, 256 for a quadratic one).

    POLICYNLP_SHARED=../shared python scripts/bench_scaling.py [--sizes 0.25 0.5 1 2 4] [--repeat 1]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from policynlp.classify.rules import RuleClassifier
from policynlp.clean import CleanText, clean_text
from policynlp.extract import extract_facts, extract_targets
from policynlp.extract.deadlines import deadline_clean_spans
from policynlp.pipeline import Pipeline
from policynlp.segment import Structure, segment
from policynlp.types import Clause

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``$POLICYNLP_SHARED`` or the repo's ../shared."""
    env = os.environ.get("POLICYNLP_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def real_text(n_chars: int) -> str:
    """The first ``n_chars`` characters of the unlabeled texts joined by blank lines."""
    path = shared_dir() / "unlabeled" / "policy_text.jsonl.gz"
    if not path.is_file():
        sys.exit(f"{path}: not found (set POLICYNLP_SHARED to the shared folder)")
    parts: list[str] = []
    total = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line)["text"]
            parts.append(t)
            total += len(t) + 2
            if total >= n_chars:
                break
    return "\n\n".join(parts)[:n_chars]


def stages(text: str, rules: RuleClassifier) -> dict[str, float]:
    """Seconds spent in each stage on one document ``text``."""
    out: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], object]) -> object:
        t0 = time.perf_counter()
        res = fn()
        out[name] = time.perf_counter() - t0
        return res

    clean: CleanText = timed("clean", lambda: clean_text(text))  # type: ignore[assignment]
    st: Structure = timed("segment", lambda: segment(clean.simplified, display=clean.text))  # type: ignore[assignment]
    texts = [clean.simplified[c.start : c.end] for c in st.clauses]
    labels = timed("classify (rules)", lambda: rules.predict(texts))
    clauses = [Clause(i, c.start, c.end, t, c.section, c.kind, *lab) for i, (c, t, lab) in enumerate(zip(st.clauses, texts, labels, strict=True))]  # type: ignore[arg-type]
    found = timed("deadlines", lambda: deadline_clean_spans(clean, issued=st.issued, skip=st.title_span))
    timed("targets", lambda: extract_targets(clean, st.clauses, clauses, found))  # type: ignore[arg-type]
    timed("facts", lambda: extract_facts(clean.simplified))
    return out


def whole(text: str, pipe: Pipeline) -> float:
    """Seconds of :meth:`Pipeline.analyze` (every stage, rules classifier) on ``text``."""
    t0 = time.perf_counter()
    pipe.analyze(text)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1, 2, 4], help="millions of characters")
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs per size")
    args = ap.parse_args()
    sizes = sorted(args.sizes)
    full = real_text(int(sizes[-1] * 1_000_000))
    rules = RuleClassifier()
    pipe = Pipeline(classifier=rules)
    rows: dict[float, dict[str, float]] = {}
    for size in sizes:
        text = full[: int(size * 1_000_000)]
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            for k, v in stages(text, rules).items():
                best[k] = min(v, best.get(k, v))
        best["sum of stages"] = sum(best.values())
        best["Pipeline.analyze"] = min(whole(text, pipe) for _ in range(args.repeat))
        rows[size] = best
        print(f"{size} M: " + ", ".join(f"{k} {v:.2f}s" for k, v in best.items()), file=sys.stderr)
    names = list(rows[sizes[0]])
    print("| stage | " + " | ".join(f"{s:g} M chars" for s in sizes) + f" | {sizes[-1] / sizes[0]:g}× length → time × |")
    print("|---|" + "---|" * (len(sizes) + 1))
    for name in names:
        first = rows[sizes[0]][name]
        ratio = rows[sizes[-1]][name] / first if first > 0 else float("nan")
        print(f"| {name} | " + " | ".join(f"{rows[s][name]:.2f}" for s in sizes) + f" | {ratio:.1f} |")


if __name__ == "__main__":
    main()
