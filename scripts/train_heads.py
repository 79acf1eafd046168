"""Train the label heads, choose the blend with the rules on real-dev, print the ablation.

    python scripts/train_heads.py [--folds 3] [--ship ngram|encoder|none] [--json ablation.json]

Heads (``policynlp.classify.heads``): hashed character n-grams, and a linear probe on the
pretrained policy encoder (``models/policy-encoder``) and, for the ablation, on the same
architecture with random weights (no pretraining). Training text: the composed corpus, the
seeds, the lexicon's strong terms and real-dev (twice). For each head, real-dev is split by
document into ``--folds`` groups; a head trained without a group scores that group's clauses
(out-of-fold), and the blend's weights and thresholds per level are chosen end to end on those
scores (``finetune.calibrate_prepared``). real-test is scored once per system, by the head
trained on all of real-dev, with the blend chosen on real-dev; nothing is chosen on it.
``--ship`` writes the chosen head and ``combine.json`` to models/clause-classifier/.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from policynlp.classify.finetune import calibrate_prepared, training_rows
from policynlp.classify.heads import EncoderFeatures, EncoderHead, NgramHead, train_head
from policynlp.classify.realeval import PreparedSet
from policynlp.classify.realset import load_real, shared_root
from policynlp.clean import to_simplified
from policynlp.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--heads", nargs="+", default=["ngram", "encoder", "random-encoder"])
    ap.add_argument("--ship", choices=("ngram", "encoder", "none"), default="none")
    ap.add_argument("--json")
    args = ap.parse_args()
    shared = shared_root()
    if shared is None:
        print("needs ../shared (the real labeled set's texts)", file=sys.stderr)
        return 2
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    tax = load_taxonomy()
    labels = [lab.id for lab in tax.all]
    dev_gold, test_gold = load_real(shared, split="dev"), load_real(shared, split="test")
    dev, test = PreparedSet(shared, dev_gold), PreparedSet(shared, test_gold)
    base = training_rows(ROOT / "corpus" / "labeled", [], real_repeat=0)
    real = {g.doc: [] for g in dev_gold}
    for g in dev_gold:
        real[g.doc].append(g.row())
    docs = sorted(real)
    random.Random(13).shuffle(docs)
    groups = [docs[i::args.folds] for i in range(args.folds)]

    def xy(rows: list[dict[str, Any]]) -> tuple[list[str], np.ndarray]:
        texts = [to_simplified(r["text"]) for r in rows]
        y = np.array([[1.0 if lab in set(r["domains"]) | set(r["actions"]) | set(r["tasks"]) else 0.0 for lab in labels] for r in rows])
        return texts, y

    ablation: dict[str, Any] = {}
    t_rules = time.monotonic()
    from policynlp.classify.rules import RuleClassifier

    ablation["rules"] = {"real-dev": _short(dev.evaluate(RuleClassifier())), "real-test": _short(test.evaluate(RuleClassifier()))}
    log(f"rules: {ablation['rules']} ({time.monotonic() - t_rules:.0f} s)")
    shipped: Any = None
    for kind in args.heads:
        t0 = time.monotonic()
        feats: Any = None
        if kind != "ngram":
            enc = ROOT / "models" / "policy-encoder"
            if kind == "random-encoder":
                enc = _random_copy(enc, Path("/tmp/policynlp-random-encoder"))
            feats = EncoderFeatures(enc)
            cache: dict[str, np.ndarray] = {}
            need = list(dict.fromkeys([to_simplified(r["text"]) for r in base] + [to_simplified(r["text"]) for rs in real.values() for r in rs]
                                      + dev.texts() + test.texts()))
            for t, v in zip(need, feats(need), strict=True):
                cache[t] = v
            log(f"{kind}: features of {len(need)} texts in {time.monotonic() - t0:.0f} s")

        cache_ = cache if kind != "ngram" else {}

        def fit(rows: list[dict[str, Any]], kind: str = kind, feats: Any = feats, cache_: dict[str, np.ndarray] = cache_) -> Any:
            texts, y = xy(rows)
            if kind == "ngram":
                return NgramHead.train(texts, y, labels)
            w, b = train_head(np.stack([cache_[t] for t in texts]), y)
            return _CachedHead(cache_, w, b, labels, EncoderHead(feats, w, b, labels))

        oof: dict[str, dict[str, float]] = {}
        for held in groups:
            rows = base + [r for d in docs if d not in held for r in real[d]] * 2
            head = fit(rows)
            held_texts = dev.texts(held)
            for t, s in zip(held_texts, head.scores(held_texts), strict=True):
                oof[t] = s
        cal = calibrate_prepared(dev, oof, tax)
        final = fit(base + [r for rs in real.values() for r in rs] * 2)
        test_scores = dict(zip(test.texts(), final.scores(test.texts()), strict=True))
        from policynlp.classify.finetune import CachedBlend

        rule_cache = {t: RuleClassifier(tax).scores(t) for t in test.texts()}
        blend_test = test.evaluate(CachedBlend(tax, rule_cache, test_scores, cal["weights"], cal["thresholds"]), tax)
        alone_test = test.evaluate(CachedBlend(tax, rule_cache, test_scores, {lv: 0.0 for lv in cal["weights"]}, cal["model_thresholds"]), tax)
        ablation[kind] = {"calibration": cal, "model alone real-test": _short(alone_test), "blend real-test": _short(blend_test),
                          "seconds": round(time.monotonic() - t0)}
        log(f"{kind}: {json.dumps(ablation[kind], ensure_ascii=False)}")
        if args.ship == kind:
            shipped = (final, cal)
    print(json.dumps(ablation, ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(ablation, ensure_ascii=False, indent=1), "utf-8")
    if shipped is not None:
        out = ROOT / "models" / "clause-classifier"
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        final, cal = shipped
        if args.ship == "ngram":
            final.save(out)
        else:
            final.head.save(out, "../policy-encoder")
        (out / "labels.json").write_text(json.dumps({"labels": labels}, indent=1), "utf-8")
        (out / "combine.json").write_text(json.dumps(cal | {"head": args.ship, "folds": args.folds}, indent=1), "utf-8")
        log(f"wrote {out}")
    return 0


class _CachedHead:
    """An encoder head that reads features from a cache (texts outside it are computed)."""

    def __init__(self, cache: dict[str, np.ndarray], w: np.ndarray, b: np.ndarray, labels: list[str], head: EncoderHead) -> None:
        self.cache, self.w, self.b, self.labels, self.head = cache, w, b, labels, head

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        missing = [t for t in texts if t not in self.cache]
        if missing:
            for t, v in zip(missing, self.head.feats(missing), strict=True):
                self.cache[t] = v
        z = np.stack([self.cache[t] for t in texts]) @ self.w + self.b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return [dict(zip(self.labels, map(float, row), strict=True)) for row in p]


def _random_copy(enc: Path, out: Path) -> Path:
    """The encoder's architecture and vocabulary with fresh random weights (the no-pretraining ablation)."""
    from transformers import BertConfig, BertModel

    out.mkdir(parents=True, exist_ok=True)
    model = BertModel(BertConfig.from_pretrained(str(enc)), add_pooling_layer=False)
    model.save_pretrained(str(out), safe_serialization=True)
    shutil.copy(enc / "vocab.json", out / "vocab.json")
    return out


def _short(r: dict[str, Any]) -> dict[str, float]:
    return {"domain": round(r["domain"]["macro_f1"], 4), "action": round(r["action"]["macro_f1"], 4),
            "task": round(r["task"]["macro_f1"], 4), "no_label": round(r["no_label"]["accuracy"], 4)}


if __name__ == "__main__":
    raise SystemExit(main())
