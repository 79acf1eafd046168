"""Fine-tune the clause classifier from the pretrained policy encoder, and blend it with the
rules on real-dev.

Training text: the composed and authored corpus (``corpus/labeled``), the seeds, the lexicon's
strong terms, and the clauses of real-dev (seen ``real_repeat`` times: they are the register
the model meets). The blend is chosen end to end on real-dev with **out-of-fold** model scores:
the real-dev documents are split into ``folds`` groups, a model trained without a group scores
that group's clauses, and weights and thresholds per level are picked on those scores through
the whole pipeline (function gating, heading inheritance, scope). The shipped model is then
trained on all of real-dev. Nothing is read from real-test.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from policynlp.classify import Labels
from policynlp.classify.combine import blend_scores
from policynlp.classify.model import MAX_LEN, CharTokenizer, ModelClassifier, model_input
from policynlp.classify.realset import GoldClause
from policynlp.classify.rules import THRESHOLDS as RULE_THRESHOLDS
from policynlp.classify.rules import RuleClassifier, to_labels
from policynlp.classify.train import LEVELS, lexicon_rows, load_corpus
from policynlp.clean import to_simplified
from policynlp.taxonomy import Taxonomy, load_taxonomy

WEIGHTS = (1.0, 0.8, 0.7, 0.6, 0.5, 0.4, 0.0)
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
Scores = dict[str, tuple[float, tuple[str, ...]]]


def training_rows(corpus: str | Path, real: Sequence[GoldClause], *, real_repeat: int = 3,
                  doc_cap: int | None = None, balance_sources: bool = False,
                  headings: dict[tuple[str, int], str] | None = None) -> list[dict[str, Any]]:
    """Rows of the composed corpus, the seeds, the lexicon and the given real clauses.

    Each real clause is seen ``real_repeat`` times, or fewer where its document has many clauses:
    with ``doc_cap`` a document contributes at most about that many rows (at least one pass), so a
    300-article regulation does not outweigh twenty short digital-village excerpts. With
    ``balance_sources`` each source folder of ../shared gives about the same number of rows (a
    clause of the smallest folder is seen most often, at least once and at most 4 × ``real_repeat``),
    with about as many real rows in all as without it. With ``headings`` (by document and start, from
    :meth:`~policynlp.classify.realeval.PreparedSet.gold_headings`) a real clause is given as
    :func:`~policynlp.classify.model.model_input`, after the heading it sits under.
    """
    tax = load_taxonomy()
    ds = load_corpus(corpus)
    rows = [dict(r) for r in ds["train"]] + ([dict(r) for r in ds["seed"]] if "seed" in ds else []) + lexicon_rows(tax)
    size = Counter(g.doc for g in real)
    per_source = Counter(g.source for g in real)
    for g in real:
        if balance_sources:
            share = len(real) / (len(per_source) * per_source[g.source])
            times = max(1, min(4 * real_repeat, round(real_repeat * share)))
        else:
            times = real_repeat if doc_cap is None else max(1, min(real_repeat, doc_cap // size[g.doc]))
        row = g.row()
        if headings is not None:
            row["text"] = model_input(to_simplified(g.text), headings.get((g.doc, g.start), ""))
        rows += [row] * times
    return rows


def fit(rows: Sequence[dict[str, Any]], out: str | Path, *, encoder: str | Path | None, epochs: int = 4, seed: int = 13,
        lr: float | None = None, batch_size: int = 32, max_len: int = MAX_LEN, layers: int | None = None,
        heading_context: bool = False, log: Callable[[str], None] = lambda m: None) -> Path:
    """Train a multi-label classifier on ``rows`` and save it (weights, ``vocab.json``, ``labels.json``).

    ``encoder`` is a folder written by ``policynlp pretrain`` (its character vocabulary is kept);
    None trains the same architecture from scratch. ``layers`` keeps only the first N encoder
    layers (faster inference). ``heading_context`` marks a model trained on rows given as
    ``model_input(text, heading)`` (``labels.json``), so that it is asked the same way.
    """
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    tax = load_taxonomy()
    labels = [lab.id for lab in tax.all]
    texts = [to_simplified(r["text"]) for r in rows]
    gold = [set(r["domains"]) | set(r["actions"]) | set(r["tasks"]) for r in rows]
    y = torch.tensor([[1.0 if lab in g else 0.0 for lab in labels] for g in gold])
    kw: dict[str, Any] = {"num_labels": len(labels), "problem_type": "multi_label_classification"}
    if encoder is not None:
        enc = Path(encoder)
        tok = CharTokenizer(json.loads((enc / "vocab.json").read_text("utf-8")))
        if layers:
            kw["num_hidden_layers"] = layers
        model: Any = BertForSequenceClassification.from_pretrained(str(enc), local_files_only=True, **kw)
        lr = lr or 3e-4
    else:
        cfg_file = Path(__file__).resolve().parents[3] / "models" / "policy-encoder" / "config.json"
        enc_cfg = json.loads(cfg_file.read_text("utf-8")) if cfg_file.is_file() else {}  # the encoder's size, untrained
        tok = CharTokenizer.build(texts)
        config = BertConfig(vocab_size=len(tok.vocab), hidden_size=enc_cfg.get("hidden_size", 256),
                            num_hidden_layers=layers or enc_cfg.get("num_hidden_layers", 4),
                            num_attention_heads=enc_cfg.get("num_attention_heads", 4),
                            intermediate_size=enc_cfg.get("intermediate_size", 768),
                            max_position_embeddings=enc_cfg.get("max_position_embeddings", 128), **kw)
        model = BertForSequenceClassification(config)
        lr = lr or 5e-4
    pos = y.sum(0).clamp(min=1.0)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=((len(rows) - pos) / pos).clamp(max=20.0))
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(rows) + batch_size - 1) // batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=min(0.3, max(0.1, 2 / steps)))
    t0 = time.monotonic()
    model.train()
    for ep in range(epochs):
        # batches of similar length (little padding), in random order
        order = sorted(range(len(rows)), key=lambda i: (min(len(texts[i]), max_len) + random.random() * 8))
        batches = [order[k : k + batch_size] for k in range(0, len(order), batch_size)]
        random.shuffle(batches)
        total = 0.0
        for idx in batches:
            ids, mask = tok.encode([texts[i] for i in idx], max_len=max_len)
            loss = loss_fn(model(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask)).logits, y[idx])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += float(loss.detach())
        log(f"epoch {ep + 1}/{epochs}: loss {total / max(1, len(batches)):.4f} ({(time.monotonic() - t0) / 60:.1f} min)")
    model.eval()
    model.config.id2label = dict(enumerate(labels))
    model.config.label2id = {lab: i for i, lab in enumerate(labels)}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out), safe_serialization=True)
    (out / "vocab.json").write_text(json.dumps(tok.vocab, ensure_ascii=False), "utf-8")
    meta: dict[str, Any] = {"labels": labels} | ({"heading_context": True} if heading_context else {})
    (out / "labels.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    return out


class CachedBlend:
    """``w * rule + (1 - w) * model`` from cached scores (texts without a model score use the rules)."""

    def __init__(self, tax: Taxonomy, rules: dict[str, Scores], model: dict[str, dict[str, float]],
                 weights: dict[str, float], thresholds: dict[str, float]) -> None:
        self.tax, self.rules, self.model, self.weights, self.thresholds = tax, rules, model, weights, thresholds
        self._level = {lab.id: lab.level for lab in tax.all}

    def predict(self, texts: Sequence[str], *, headings: Sequence[str] | None = None) -> list[Labels]:
        out = []
        for t, h in zip(texts, headings if headings is not None else [""] * len(texts), strict=True):
            # scores of a heading-reading model are kept under model_input(text, heading)
            r, m = self.rules[t], self.model.get(model_input(t, h), self.model.get(t))
            if m is None:
                out.append(to_labels(self.tax, r, RULE_THRESHOLDS))
                continue
            blended = {lid: (sc, ev or ("model",)) for lid, (sc, ev) in blend_scores(self._level, self.weights, r, m).items() if sc > 0}
            out.append(to_labels(self.tax, blended, self.thresholds))
        return out


def dev_folds(docs: Sequence[str], folds: int, seed: int) -> list[list[str]]:
    """real-dev's documents in ``folds`` groups, shuffled by ``seed``: the groups every out-of-fold run holds out."""
    order = sorted(docs)
    random.Random(seed).shuffle(order)
    return [order[i::folds] for i in range(folds)]


def out_of_fold_scores(dev: Any, corpus: str | Path, work: Path, *, encoder: str | Path | None, folds: int = 2,
                       seed: int = 13, real_repeat: int = 3, doc_cap: int | None = None, balance_sources: bool = False,
                       heading_context: bool = False, extra_real: Sequence[GoldClause] = (),
                       log: Callable[[str], None] = lambda m: None, **fit_kw: Any) -> dict[str, dict[str, float]]:
    """Model scores of every clause of real-dev (a :class:`~policynlp.classify.realeval.PreparedSet`)
    from a model that did not see its document (with ``heading_context``, keyed by the model's input,
    ``model_input(text, heading)``). ``extra_real`` (real-train) joins the training rows of every fold."""
    heads = dev.gold_headings() if heading_context else None
    docs = sorted(dev.by_doc)
    scores: dict[str, dict[str, float]] = {}
    for k, held in enumerate(dev_folds(docs, folds, seed)):
        train_real = [g for d in docs if d not in held for g in dev.by_doc[d]] + list(extra_real)
        folder = fit(training_rows(corpus, train_real, real_repeat=real_repeat, doc_cap=doc_cap, balance_sources=balance_sources,
                                   headings=heads),
                     work / f"fold{k}", encoder=encoder, seed=seed, heading_context=heading_context, log=log, **fit_kw)
        # a heading-reading model is asked about model inputs, whose heading part it then reads
        texts = dev.texts(held, with_headings=heading_context)
        for t, sc in zip(texts, ModelClassifier(folder).scores(texts), strict=True):
            scores[t] = sc
        log(f"fold {k + 1}/{folds}: {len(texts)} clauses scored")
    return scores


def calibrate_prepared(dev: Any, model_scores: dict[str, dict[str, float]], tax: Taxonomy | None = None,
                       weights: Sequence[float] = WEIGHTS, thresholds: Sequence[float] = THRESHOLDS,
                       structure: Sequence[tuple[list[str], Any, Any]] | None = None) -> dict[str, Any]:
    """Weights and thresholds per level, chosen end to end on real-dev (a
    :class:`~policynlp.classify.realeval.PreparedSet`, segmented once) from out-of-fold model scores.

    For each level, the best macro-F1 on real-dev among the rules alone (at their own thresholds) and
    every ``w * rule + (1 - w) * model >= threshold``; a tie keeps the heavier rule weight, so the
    model gets weight at a level only where it wins there. ``real_dev`` holds each level's number
    as the table measured it (all levels at that setting); ``real_dev_chosen`` measures the chosen
    mix of settings as a whole. ``structure``
    (:func:`~policynlp.classify.realeval.structure_folds`) scores every document with a function
    model and label gate trained without it; without it the shipped ones, trained on real-dev
    itself, flatter the rules they were trained beside.
    """
    from policynlp.classify.realeval import evaluate_folds

    tax = tax or load_taxonomy()
    rules = RuleClassifier(tax)
    rule_scores = {t: rules.scores(t) for t in dev.texts()}

    def evaluate(clf: CachedBlend) -> dict[str, Any]:
        return dev.evaluate(clf, tax) if structure is None else evaluate_folds(dev, clf, structure, rules, tax)

    table: dict[tuple[float, float], dict[str, float]] = {}
    ones = {lv: 1.0 for lv in LEVELS}
    rep = evaluate(CachedBlend(tax, rule_scores, {}, ones, dict(RULE_THRESHOLDS)))
    table[(1.0, -1.0)] = {lv: float(rep[lv]["macro_f1"]) for lv in LEVELS} | {"none": float(rep["no_label"]["accuracy"])}
    for w in weights:
        for th in thresholds:
            rep = evaluate(CachedBlend(tax, rule_scores, model_scores, {lv: w for lv in LEVELS}, {lv: th for lv in LEVELS}))
            table[(w, th)] = {lv: float(rep[lv]["macro_f1"]) for lv in LEVELS} | {"none": float(rep["no_label"]["accuracy"])}
    out: dict[str, Any] = {"weights": {}, "thresholds": {}, "model_thresholds": {}, "real_dev": {},
                           "structure": "cross-validated" if structure is not None else "shipped"}
    for lv in LEVELS:
        (w, th), best = max(table.items(), key=lambda kv: (round(kv[1][lv], 6), kv[0][0]))
        if th < 0:
            w, th = 1.0, RULE_THRESHOLDS[lv]
        out["weights"][lv], out["thresholds"][lv] = w, th
        mt = max(thresholds, key=lambda t: table[(0.0, t)][lv]) if 0.0 in weights else 0.5
        out["model_thresholds"][lv] = mt
        out["real_dev"][lv] = {"blend": round(best[lv], 4), "rules_alone": round(table[(1.0, -1.0)][lv], 4),
                               "model_alone": round(table.get((0.0, mt), {lv: 0.0})[lv], 4)}
    # each level's best above was measured with every level at that level's setting; the levels interact
    # (a task brings its action, headings pass labels down), so the chosen mix is measured as a whole too
    out["real_dev_chosen"] = measure_prepared(dev, model_scores, out["weights"], out["thresholds"], tax, structure, rule_scores)
    return out


def compare_blends(dev: Any, model_scores: dict[str, dict[str, float]], a: dict[str, dict[str, float]], b: dict[str, dict[str, float]],
                   structure: Sequence[tuple[list[str], Any, Any]], tax: Taxonomy | None = None, resamples: int = 200,
                   model_scores_b: dict[str, dict[str, float]] | None = None) -> dict[str, Any]:
    """Two blends (``{"weights": …, "thresholds": …}``) on real-dev, each measured whole, and a bootstrap over
    its documents (:func:`~policynlp.classify.realeval.bootstrap_documents`): whether B's gain over A
    is more than the luck of which documents real-dev holds. ``model_scores_b``: B's own out-of-fold
    model scores (another model, or several averaged), where it is not A's model."""
    from policynlp.classify.realeval import bootstrap_documents, fold_structures, predict_folds, score

    tax = tax or load_taxonomy()
    rules = RuleClassifier(tax)
    rule_scores = {t: rules.scores(t) for t in dev.texts()}
    structures = fold_structures(structure, rules)
    runs = [predict_folds(dev, CachedBlend(tax, rule_scores, scores, dict(c["weights"]), dict(c["thresholds"])), structures)
            for c, scores in ((a, model_scores), (b, model_scores_b if model_scores_b is not None else model_scores))]
    out: dict[str, Any] = {name: _summary(score(gold, pred, tax)) for name, (gold, pred) in zip("ab", runs, strict=True)}
    out["bootstrap"] = bootstrap_documents(runs[0][0], runs[0][1], runs[1][1], tax, resamples=resamples)
    return out


def measure_prepared(dev: Any, model_scores: dict[str, dict[str, float]], weights: dict[str, float], thresholds: dict[str, float],
                     tax: Taxonomy | None = None, structure: Sequence[tuple[list[str], Any, Any]] | None = None,
                     rule_scores: dict[str, Scores] | None = None) -> dict[str, float]:
    """Macro-F1 per level and no-label accuracy on real-dev of one blend (``weights``, ``thresholds``)
    from out-of-fold model scores, every level at its own setting (see :func:`calibrate_prepared`)."""
    from policynlp.classify.realeval import evaluate_folds

    tax = tax or load_taxonomy()
    rules = RuleClassifier(tax)
    rule_scores = rule_scores if rule_scores is not None else {t: rules.scores(t) for t in dev.texts()}
    clf = CachedBlend(tax, rule_scores, model_scores, dict(weights), dict(thresholds))
    return _summary(dev.evaluate(clf, tax) if structure is None else evaluate_folds(dev, clf, structure, rules, tax))


def _summary(report: dict[str, Any]) -> dict[str, float]:
    """Macro-F1 per level and no-label accuracy of a :func:`~policynlp.classify.realeval.score` report, rounded."""
    return {lv: round(float(report[lv]["macro_f1"]), 4) for lv in LEVELS} | {"none": round(float(report["no_label"]["accuracy"]), 4)}
