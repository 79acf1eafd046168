"""Precision and recall of deadlines and targets: on corpus/notices/gold.jsonl, and on real texts.

    python scripts/eval_targets.py [--verbose]
    POLICYNLP_SHARED=../shared python scripts/eval_targets.py --real corpus/real_targets/*.jsonl [--verbose]

Default mode: deadlines match on expression text and start/end dates. Targets match on their
deadline's text and their own text: exactly (after dropping punctuation and spaces), or leniently
(difflib ratio >= 0.7, so a target that keeps a lead word or drops a quote still counts).

``--real``: reference files that hold no text, only where it is (``unlabeled:<id>`` or a path
under ../shared, with the SHA-256 of the document text), a region that was read by eye, and the
gold targets in it as character offsets with their deadline end and metric. A predicted target
in the region is right when it covers at least half of a gold target's span (one-to-one);
otherwise spurious. Date accuracy counts right targets with the gold deadline end; metric
accuracy counts gold targets with a number whose comparator, value and unit all come out right
(a missed target is a missed metric).
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import json
import os
import re
import sys
from pathlib import Path

from policynlp.clean import to_simplified
from policynlp.ingest import RawDocument, read_path
from policynlp.pipeline import Pipeline
from policynlp.records import metric_record

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


def shared_dir() -> Path:
    """``$POLICYNLP_SHARED`` or the repo's ../shared."""
    env = os.environ.get("POLICYNLP_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def load_texts(refs: list[str]) -> dict[str, str]:
    """The texts behind ``unlabeled:<id>`` and ../shared path references."""
    texts: dict[str, str] = {}
    wanted = {r.split(":", 1)[1] for r in refs if r.startswith("unlabeled:")}
    if wanted:
        path = shared_dir() / "unlabeled" / "policy_text.jsonl.gz"
        if not path.is_file():
            sys.exit(f"{path}: not found (set POLICYNLP_SHARED to the shared folder)")
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec["id"] in wanted:
                    texts[f"unlabeled:{rec['id']}"] = rec["text"]
    for r in refs:
        if not r.startswith("unlabeled:"):
            path = shared_dir() / r
            if not path.is_file():
                sys.exit(f"{path}: not found (set POLICYNLP_SHARED to the shared folder)")
            texts[r] = read_path(path).text
    return texts


def _same_metric(pred: dict[str, object] | None, gold: dict[str, object]) -> bool:
    if pred is None:
        return False
    pv, gv = pred["value"], gold["value"]
    assert isinstance(pv, (int, float)) and isinstance(gv, (int, float))
    return pred["comparator"] == gold["comparator"] and abs(pv - gv) <= 1e-6 * max(1.0, abs(gv)) and pred["unit"] == gold["unit"]


def eval_real(files: list[str], verbose: bool) -> None:
    """Score targets on the reference files (see the module docstring)."""
    rows = [json.loads(line) for f in files for line in Path(f).read_text("utf-8").splitlines() if line.strip()]
    texts = load_texts([r["doc"] for r in rows])
    pipe = Pipeline(classifier=None)
    tot = {"gold": 0, "pred": 0, "right": 0, "date": 0, "quant": 0, "metric": 0}
    print("| document | what | gold | right | missed | spurious | date right | metric right / with a number |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        text = texts.get(r["doc"])
        if text is None:
            sys.exit(f"{r['doc']}: not in this copy of ../shared")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != r["sha256"]:
            sys.exit(f"{r['doc']}: text differs from the one the references were made on (SHA-256)")
        doc = pipe.analyze_raw(RawDocument(r["doc"], text, "text"))
        a, b = r["region"]
        preds = [t for t in doc.targets if t.start < b and t.end > a]
        used = [False] * len(preds)
        right = date = metric = quant = 0
        for g in r["targets"]:
            gs, ge = g["span"]
            quant += g["metric"] is not None
            best, best_cover = -1, 0.0
            for i, t in enumerate(preds):
                cover = max(0, min(ge, t.end) - max(gs, t.start)) / max(1, ge - gs)
                if not used[i] and cover >= 0.5 and cover > best_cover:
                    best, best_cover = i, cover
            if best < 0:
                if verbose:
                    print(f"  missed {r['doc']} {gs}-{ge}: {text[gs:ge]}", file=sys.stderr)
                continue
            used[best] = True
            t = preds[best]
            right += 1
            date += t.deadline.end == g["deadline_end"]
            if g["metric"] is not None and _same_metric(metric_record(t.metric), g["metric"]):
                metric += 1
            elif g["metric"] is not None and verbose:
                print(f"  metric {r['doc']} {gs}-{ge}: {text[gs:ge]} → {metric_record(t.metric)}", file=sys.stderr)
        if verbose:
            for i, t in enumerate(preds):
                if not used[i]:
                    print(f"  spurious {r['doc']} {t.start}-{t.end}: {t.text}", file=sys.stderr)
        n_gold = len(r["targets"])
        print(f"| {r['doc']} | {r.get('kind', '')} | {n_gold} | {right} | {n_gold - right} | {len(preds) - right} | {date} | {metric} / {quant} |")
        for k, v in (("gold", n_gold), ("pred", len(preds)), ("right", right), ("date", date), ("quant", quant), ("metric", metric)):
            tot[k] += v
    p, rc, f1 = prf(tot["right"], tot["pred"], tot["gold"])
    print(f"| **all** | | {tot['gold']} | {tot['right']} | {tot['gold'] - tot['right']} | {tot['pred'] - tot['right']} | {tot['date']} | {tot['metric']} / {tot['quant']} |")
    print()
    print(f"target precision {p:.3f}, recall {rc:.3f}, F1 {f1:.3f}; date accuracy {tot['date'] / max(1, tot['right']):.3f} "
          f"(of right targets); metric accuracy {tot['metric'] / max(1, tot['quant']):.3f} (of gold targets with a number)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(ROOT / "corpus" / "notices" / "gold.jsonl"))
    ap.add_argument("--real", nargs="+", metavar="REFS", help="reference files of real texts (corpus/real_targets/*.jsonl)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if args.real:
        eval_real(args.real, args.verbose)
        return
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
