"""Precision and recall of deadlines and targets on corpus/notices/gold.jsonl.

    python scripts/eval_targets.py [--verbose]

Deadlines match on expression text and start/end dates. Targets match on their deadline's
text and their own text: exactly (after dropping punctuation and spaces), or leniently
(difflib ratio >= 0.7, so a target that keeps a lead word or drops a quote still counts).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
from pathlib import Path

from policynlp.clean import to_simplified
from policynlp.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
_PUNCT = re.compile(r"[\s，。、；：“”\"'（）()《》！？]")


def norm(s: str) -> str:
    return _PUNCT.sub("", to_simplified(s))


def match(gold: list[tuple[str, str]], pred: list[tuple[str, str]], lenient: bool) -> int:
    used = [False] * len(pred)
    hits = 0
    for gd, gt in gold:
        for i, (pd, pt) in enumerate(pred):
            if used[i] or norm(pd) != norm(gd):
                continue
            ok = norm(pt) == norm(gt) or (lenient and difflib.SequenceMatcher(None, norm(pt), norm(gt)).ratio() >= 0.7)
            if ok:
                used[i] = True
                hits += 1
                break
    return hits


def prf(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", default=str(ROOT / "corpus" / "notices" / "gold.jsonl"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    gold_path = Path(args.gold)
    pipe = Pipeline(classifier=None)
    totals = {"deadline": [0, 0, 0], "target": [0, 0, 0], "target_lenient": [0, 0, 0], "issued": [0, 0]}
    for line in gold_path.read_text("utf-8").splitlines():
        g = json.loads(line)
        doc = pipe.analyze(gold_path.parent / g["file"])
        totals["issued"][0] += int(doc.issued == g["issued"])
        totals["issued"][1] += 1
        gold_dl = [(t, f"{s}|{e}") for t, s, e in g["deadlines"]]
        pred_dl = [(d.text, f"{d.start}|{d.end}") for d in doc.deadlines]
        dl_hits = match(gold_dl, pred_dl, lenient=False)
        gold_t = [(d, t) for d, t in g["targets"]]
        pred_t = [(t.deadline.text, t.text) for t in doc.targets]
        exact, lenient = match(gold_t, pred_t, False), match(gold_t, pred_t, True)
        for key, hits, n_pred, n_gold in (("deadline", dl_hits, len(pred_dl), len(gold_dl)), ("target", exact, len(pred_t), len(gold_t)),
                                          ("target_lenient", lenient, len(pred_t), len(gold_t))):
            totals[key][0] += hits
            totals[key][1] += n_pred
            totals[key][2] += n_gold
        if args.verbose:
            print(f"## {g['file']}: issued {doc.issued} (gold {g['issued']})")
            print("  deadlines  pred:", pred_dl)
            print("             gold:", gold_dl)
            for d, t in pred_t:
                print("  target pred:", d, "|", t)
    print("| what | precision | recall | F1 | matched / predicted / gold |")
    print("|---|---|---|---|---|")
    for key in ("deadline", "target", "target_lenient"):
        hits, n_pred, n_gold = totals[key]
        p, r, f = prf(hits, n_pred, n_gold)
        print(f"| {key.replace('_', ' (') + (')' if '_' in key else '')} | {p:.3f} | {r:.3f} | {f:.3f} | {hits} / {n_pred} / {n_gold} |")
    print(f"| issue date | – | – | – | {totals['issued'][0]} of {totals['issued'][1]} documents right |")


if __name__ == "__main__":
    main()
