"""Training and evaluation of the clause classifier (torch, transformers, datasets)."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from policynlp.classify.combine import CombinedClassifier
from policynlp.classify.model import MAX_LEN, CharTokenizer, ModelClassifier
from policynlp.classify.rules import THRESHOLDS as RULE_THRESHOLDS
from policynlp.classify.rules import RuleClassifier, to_labels
from policynlp.clean import to_simplified
from policynlp.taxonomy import Taxonomy, load_taxonomy

LEVELS = ("domain", "action", "task")


def load_corpus(path: str | Path) -> Any:
    """The labeled clauses (``train/dev/test/seed.jsonl``) as a ``datasets.DatasetDict``."""
    from datasets import load_dataset

    p = Path(path)
    files = {s: str(p / f"{s}.jsonl") for s in ("train", "dev", "test", "seed") if (p / f"{s}.jsonl").is_file()}
    return load_dataset("json", data_files=files)


def _targets(tax: Taxonomy, row: dict[str, Any]) -> set[str]:
    return set(row["domains"]) | set(row["actions"]) | set(row["tasks"])


_FAMILY_DOMAIN = {"agri": "smart_agriculture", "biz": "rural_digital_industry", "gov": "digital_governance",
                  "culture": "digital_culture", "service": "digital_public_services", "green": "smart_beautiful_village"}


def lexicon_rows(tax: Taxonomy) -> list[dict[str, Any]]:
    """The curated cue terms as short training examples (weak supervision from the lexicon).

    A task term teaches its task, its action and (for the task families that have one) its
    domain; a domain or action term teaches that label alone. Only strong terms (weight ≥ 2).
    """
    rows: list[dict[str, Any]] = []
    for lab in tax.all:
        for term, w in lab.terms:
            if w < 2:
                continue
            if lab.level == "task":
                fam = lab.id.split(".")[0]
                dom = _FAMILY_DOMAIN.get(fam)
                rows.append({"text": term, "domains": [dom] if dom else [], "actions": [lab.parent], "tasks": [lab.id]})
            elif lab.level == "action":
                rows.append({"text": term, "domains": [], "actions": [lab.id], "tasks": []})
            else:
                rows.append({"text": term, "domains": [lab.id], "actions": [], "tasks": []})
    return rows


def train(corpus: str | Path, out: str | Path, *, base: str | None = None, epochs: int = 15, seed: int = 13,
          lr: float | None = None, batch_size: int = 32, doc_repeat: int = 3, dropout: float = 0.2,
          calibrate_after: bool = True) -> dict[str, Any]:
    """Train on train+seed, calibrate the combination on dev, write everything to ``out``."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, BertConfig, BertForSequenceClassification

    random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    tax = load_taxonomy()
    labels = [lab.id for lab in tax.all]
    ds = load_corpus(corpus)
    rows = list(ds["train"]) + (list(ds["seed"]) if "seed" in ds else []) + lexicon_rows(tax)
    # clauses of whole documents (ours and the seeds) are the register the model meets: seen doc_repeat times
    rows += [r for r in rows if r.get("source", "") != "authored" and r.get("source")] * (doc_repeat - 1)
    texts = [to_simplified(r["text"]) for r in rows]
    y = torch.tensor([[1.0 if lab in _targets(tax, r) else 0.0 for lab in labels] for r in rows])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if base:
        tok: Any = AutoTokenizer.from_pretrained(base, local_files_only=True)
        model: Any = AutoModelForSequenceClassification.from_pretrained(
            base, num_labels=len(labels), problem_type="multi_label_classification", local_files_only=True,
            ignore_mismatched_sizes=True)  # a head for another task is replaced by ours
        def encode(batch: Sequence[str]) -> dict[str, Any]:
            return dict(tok(list(batch), padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt"))
        lr = lr or 3e-5
    else:
        tok = CharTokenizer.build(texts + [to_simplified(lab.name) for lab in tax.all])
        config = BertConfig(vocab_size=len(tok.vocab), hidden_size=128, num_hidden_layers=2, num_attention_heads=4,
                            intermediate_size=256, max_position_embeddings=MAX_LEN, num_labels=len(labels),
                            problem_type="multi_label_classification", hidden_dropout_prob=dropout,
                            attention_probs_dropout_prob=dropout)  # type: ignore[call-arg]
        model = BertForSequenceClassification(config)
        def encode(batch: Sequence[str]) -> dict[str, Any]:
            ids, mask = tok.encode(batch)
            return {"input_ids": torch.tensor(ids), "attention_mask": torch.tensor(mask)}
        lr = lr or 2e-3
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    # rare positives: weight them by the negative/positive ratio (capped) so the model does not learn "no label"
    pos = y.sum(0).clamp(min=1.0)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=((len(rows) - pos) / pos).clamp(max=20.0))
    steps = epochs * ((len(rows) + batch_size - 1) // batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    model.train()
    order = list(range(len(rows)))
    for _ in range(epochs):
        random.shuffle(order)
        for k in range(0, len(order), batch_size):
            idx = order[k : k + batch_size]
            enc = encode([texts[i] for i in idx])
            loss = loss_fn(model(**enc).logits, y[idx])
            loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
    model.eval()
    model.config.id2label = dict(enumerate(labels))
    model.config.label2id = {lab: i for i, lab in enumerate(labels)}
    model.save_pretrained(str(out), safe_serialization=True)
    if base:
        tok.save_pretrained(str(out))
    else:
        (out / "vocab.json").write_text(json.dumps(tok.vocab, ensure_ascii=False), "utf-8")
    (out / "labels.json").write_text(json.dumps({"labels": labels}, ensure_ascii=False, indent=1), "utf-8")
    if not calibrate_after:
        return {}
    cal = calibrate(corpus, out)
    (out / "combine.json").write_text(json.dumps(cal, indent=1), "utf-8")
    return cal


def train_best(corpus: str | Path, out: str | Path, *, seeds: Sequence[int] = (13, 14, 15), **kwargs: Any) -> dict[str, Any]:
    """Train one model per seed, keep the one whose model-alone dev score is best, calibrate it.

    From-scratch runs on a corpus this small vary a lot from seed to seed (0.56 to 0.71 domain
    macro-F1 on the dev notices); choosing among a few on dev is cheap and dev is there for it.
    The score is :func:`model_dev_score`. ``combine.json`` records the seeds and their scores.
    """
    out = Path(out)
    scores: dict[int, float] = {}
    for sd in seeds:
        folder = out.parent / f".{out.name}-seed{sd}"
        train(corpus, folder, seed=sd, calibrate_after=False, **kwargs)
        scores[sd] = model_dev_score(corpus, folder)
    best = max(seeds, key=lambda sd: (scores[sd], -sd))
    out.mkdir(parents=True, exist_ok=True)
    for sd in seeds:
        folder = out.parent / f".{out.name}-seed{sd}"
        if sd == best:
            for f in folder.iterdir():
                f.replace(out / f.name)
        shutil.rmtree(folder, ignore_errors=True)
    cal: dict[str, Any] = dict(calibrate(corpus, out))
    cal["seed"] = {"chosen": best, "dev_scores": {str(k): round(v, 4) for k, v in scores.items()}}
    (out / "combine.json").write_text(json.dumps(cal, indent=1), "utf-8")
    return cal


def model_dev_score(corpus: str | Path, model_path: str | Path) -> float:
    """The model alone on dev: mean over levels of the best-threshold group-mean macro-F1."""
    tax = load_taxonomy()
    dev = [dict(r) for r in load_corpus(corpus)["dev"]]
    ms = ModelClassifier(model_path).scores([to_simplified(r["text"]) for r in dev])
    groups = _dev_groups(dev)
    total = 0.0
    for level in LEVELS:
        ids, gold = tax.names(level), _gold(dev, level)
        total += max(_mean(_group_scores([{}] * len(dev), ms, gold, ids, groups, 0.0, thr)) for thr in THRESHOLDS)
    return total / len(LEVELS)


def _prf(gold: list[set[str]], pred: list[set[str]], ids: Sequence[str]) -> dict[str, Any]:
    per: dict[str, dict[str, float]] = {}
    tp_all = fp_all = fn_all = 0
    for lab in ids:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if lab in g and lab in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if lab not in g and lab in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if lab in g and lab not in p)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        per[lab] = {"precision": pr, "recall": rc, "f1": f1, "support": tp + fn}
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    mp = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    mr = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    micro = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    supported = [v["f1"] for v in per.values() if v["support"]]
    macro = sum(supported) / len(supported) if supported else 0.0
    return {"per_label": per, "micro_f1": micro, "macro_f1": macro}


def _gold(rows: Sequence[dict[str, Any]], level: str) -> list[set[str]]:
    return [set(r[level + "s"]) for r in rows]


def _dev_groups(rows: Sequence[dict[str, Any]]) -> list[list[int]]:
    """Dev clauses in two groups (:data:`SUBSETS`): composed clauses and clauses of whole documents."""
    groups = [[i for i, r in enumerate(rows) if keep(r)] for keep in SUBSETS.values()]
    return [g for g in groups if g]


WEIGHTS = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0)
# thresholds below 0.35 fit our clean dev clauses but let single weak cues through on real notices
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9)


def _group_scores(rs: Sequence[dict[str, tuple[float, tuple[str, ...]]]], ms: Sequence[dict[str, float]], gold: list[set[str]],
                  ids: Sequence[str], groups: list[list[int]], w: float, thr: float) -> list[float]:
    """Macro-F1 of ``w * rule + (1 - w) * model >= thr`` on each dev group."""
    pred = [{lid for lid in ids if w * r.get(lid, (0.0, ()))[0] + (1 - w) * m.get(lid, 0.0) >= thr} for r, m in zip(rs, ms, strict=True)]
    return [float(_prf([gold[i] for i in g], [pred[i] for i in g], ids)["macro_f1"]) for g in groups]


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs)


def calibrate(corpus: str | Path, model_path: str | Path) -> dict[str, dict[str, float]]:
    """Pick the rule/model weight and threshold per level on dev, and the model's own thresholds.

    The objective is the mean of dev macro-F1 over the composed clauses and the clauses of whole
    documents, among the blends that reach, on each of the two groups, at least what the rules
    alone reach there: a blend may not buy one kind of clause with the other. (Without that
    constraint the mean chose a 0.5/0.5 domain blend that lost 0.04 on dev's composed clauses
    and 0.19 on test's.) A tie keeps the heavier rule weight: the rules' evidence is the terms
    a reader can check.
    """
    tax = load_taxonomy()
    dev = [dict(r) for r in load_corpus(corpus)["dev"]]
    texts = [to_simplified(r["text"]) for r in dev]
    groups = _dev_groups(dev)
    rules = RuleClassifier(tax)
    rs, ms = rules.predict_scores(texts), ModelClassifier(model_path).scores(texts)
    best: dict[str, dict[str, float]] = {"weights": {}, "thresholds": {}, "model_thresholds": {}}
    for level in LEVELS:
        ids = tax.names(level)
        gold = _gold(dev, level)

        per_group = {(w, thr): _group_scores(rs, ms, gold, ids, groups, w, thr) for w in WEIGHTS for thr in THRESHOLDS}
        table = {k: _mean(v) for k, v in per_group.items()}
        rules_alone = per_group[(1.0, RULE_THRESHOLDS[level])]
        # a blend must not lose on any group what the rules alone reach there
        allowed = {k: v for k, v in table.items() if all(a >= b - 1e-9 for a, b in zip(per_group[k], rules_alone, strict=True))}
        top = max(allowed.items(), key=lambda kv: (round(kv[1], 9), kv[0][0]))[0]
        best["weights"][level], best["thresholds"][level] = top
        best["model_thresholds"][level] = max(THRESHOLDS, key=lambda thr: (round(table[(0.0, thr)], 9), -thr))
    return best


SUBSETS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "composed": lambda r: r.get("source") == "authored", "documents": lambda r: r.get("source") != "authored"}


def evaluate(labeled: str | Path, *, model_path: str | Path | None = None, subset: str | None = None) -> dict[str, dict[str, Any]]:
    """P/R/F1 per label for rules alone, the model alone and the combination on a JSONL set.

    ``subset`` keeps only the composed clauses (``composed``) or the clauses of whole documents,
    ours and the seeds (``documents``).
    """
    tax = load_taxonomy()
    p = Path(labeled)
    rows = []
    for ln, line in enumerate(p.read_text("utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{p}:{ln}: not a JSON line ({exc.msg})") from exc
    if subset is not None:
        rows = [r for r in rows if SUBSETS[subset](r)]
    texts = [to_simplified(r["text"]) for r in rows]
    rules = RuleClassifier(tax)
    systems: dict[str, list[Any]] = {"rules": rules.predict(texts)}
    if model_path is not None and (Path(model_path) / "labels.json").is_file():
        comb = CombinedClassifier.from_dir(model_path, rules)
        mscores = comb.model.scores(texts)
        own: dict[str, float] = dict(comb.calibration.get("model_thresholds", {})) or {lv: 0.5 for lv in LEVELS}
        systems["model"] = [to_labels(tax, {k: (v, ()) for k, v in m.items()}, own) for m in mscores]
        systems["combined"] = comb.predict(texts)
    report: dict[str, dict[str, Any]] = {}
    for name, preds in systems.items():
        report[name] = {}
        for li, level in enumerate(LEVELS):
            pred = [{x.id for x in pl[li]} for pl in preds]
            report[name][level] = _prf(_gold(rows, level), pred, tax.names(level))
    return report
