"""The real labeled set: references without text, checked against ../shared; scores on real-dev."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from policynlp.classify.pretrain import MLM_SPECIALS, build_vocab, mask_tokens, windows
from policynlp.classify.realset import REAL_DIR, TRAIN_DIR, RealSetError, Splits, load_real, sha1, shared_root
from policynlp.classify.structure import FUNCTIONS, SUBSTANTIVE
from policynlp.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
SHARED = shared_root()
needs_shared = pytest.mark.skipif(SHARED is None, reason="../shared is not here: the real labeled set reads its texts from it")


def _fake_shared(tmp_path: Path, text: str | None = None, docs: dict[str, str] | None = None) -> Path:
    """A stand-in for ../shared holding ``docs`` (path → text), or one excerpt 900_x.txt of ``text``."""
    tmp_path.mkdir(parents=True)
    (tmp_path / "TAXONOMY.md").write_text("x", "utf-8")
    (tmp_path / "realworld-dv").mkdir()
    for doc, body in (docs or {"realworld-dv/900_x.txt": text or ""}).items():
        (tmp_path / doc).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / doc).write_text(body, "utf-8")
    return tmp_path


def test_loader_reads_the_text_and_checks_its_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "第一句推进农村电商。第二句加强组织领导。"
    shared = _fake_shared(tmp_path / "shared", text)
    labels = tmp_path / "labels.jsonl"
    ref = {"doc": "realworld-dv/900_x.txt", "start": 0, "end": 10, "sha1": sha1(text[:10]), "function": "task",
           "domains": ["rural_digital_industry"], "actions": ["new_business_models"], "tasks": ["biz.ecommerce"]}
    labels.write_text(json.dumps(ref) + "\n", "utf-8")
    gold = load_real(shared, path=labels)
    assert [g.text for g in gold] == ["第一句推进农村电商。"] and gold[0].split == "dev"
    ref["sha1"] = sha1("something else")
    labels.write_text(json.dumps(ref) + "\n", "utf-8")
    with pytest.raises(RealSetError, match="does not match its hash"):
        load_real(shared, path=labels)


def test_the_repo_holds_references_not_texts() -> None:
    tax = load_taxonomy()
    ids = {lab.id for lab in tax.all}
    lines = [json.loads(x) for f in sorted(REAL_DIR.glob("labels*.jsonl")) for x in f.read_text("utf-8").splitlines() if x]
    train = [json.loads(x) for f in sorted(TRAIN_DIR.glob("*.jsonl")) for x in f.read_text("utf-8").splitlines() if x]
    assert len(lines) >= 1500
    for ref in lines + train:
        assert set(ref) == {"doc", "start", "end", "sha1", "function", "domains", "actions", "tasks"}
        assert set(ref["domains"]) | set(ref["actions"]) | set(ref["tasks"]) <= ids
        assert ref["function"] in FUNCTIONS
        assert ref["function"] in SUBSTANTIVE or not (ref["domains"] or ref["actions"] or ref["tasks"])
        assert {tax.action_of(t) for t in ref["tasks"]} <= set(ref["actions"])
    splits = Splits.load()
    docs = {ref["doc"] for ref in lines}
    test_clauses = sum(1 for ref in lines if splits.split_of(ref["doc"]) == "test")
    assert test_clauses * 3 >= len(lines)  # at least a third in test
    assert all(splits.split_of(d) in ("dev", "test") for d in docs)
    assert all(splits.split_of(ref["doc"]) is None for ref in train)  # real-train shares no document with dev or test


@needs_shared
def test_every_reference_matches_the_shared_text() -> None:
    assert SHARED is not None
    gold = load_real(SHARED)
    assert len(gold) >= 1500 and all(g.text.strip() for g in gold)
    train = load_real(SHARED, split="train")  # hashes checked, and no document of dev or test
    assert all(g.split == "train" and g.text.strip() for g in train)


@needs_shared
def test_rules_on_real_dev_hold_their_level() -> None:
    """A regression guard: the shipped rules and structure on real-dev (where they were chosen)."""
    from policynlp.classify.realeval import evaluate_real
    from policynlp.classify.rules import RuleClassifier

    assert SHARED is not None
    r = evaluate_real(SHARED, "dev", {"rules": RuleClassifier})["rules"]
    # measured 0.778 / 0.710 / 0.984 on the 3,610 clauses of 67 documents (2026-11-30, list items no headings); the function
    # model and the label gate were trained on these clauses
    assert r["domain"]["macro_f1"] >= 0.74 and r["action"]["macro_f1"] >= 0.69
    assert r["no_label"]["accuracy"] >= 0.97


def test_pretraining_windows_and_masks() -> None:
    text = "推进数字乡村建设。" * 20
    pieces = list(windows(text, 30))
    assert "".join(pieces) == text and all(len(p) <= 30 for p in pieces)
    assert all(p.endswith("。") for p in pieces[:-1])  # cut at sentence ends
    tok = build_vocab([text], min_count=1)
    ids, _ = tok.encode([text[:40]] * 50, max_len=41)
    x, y = mask_tokens(ids, vocab_size=len(tok.vocab), mask_id=tok.vocab["[MASK]"], rng=random.Random(0))
    chosen = [(a, b) for rx, ry in zip(x, y, strict=True) for a, b in zip(rx, ry, strict=True) if b != -100]
    assert 0.08 < len(chosen) / (50 * 41) < 0.22
    assert sum(1 for a, _ in chosen if a == tok.vocab["[MASK]"]) > 0.6 * len(chosen)
    assert all(row[0] == tok.vocab["[CLS]"] and lab[0] == -100 for row, lab in zip(x, y, strict=True))
    assert list(tok.vocab)[: len(MLM_SPECIALS)] == MLM_SPECIALS


def test_every_real_test_document_was_left_out_of_the_shipped_encoders_pretraining() -> None:
    """A document moved into real-test after the encoder was pretrained would be scored by a model
    that read it: the split and the encoder's record have to agree."""
    record = json.loads((REAL_DIR.parents[1] / "models" / "policy-encoder" / "pretraining.json").read_text("utf-8"))
    test_docs = set(Splits.load().test)
    assert test_docs and test_docs <= set(record["excluded_documents"])


def _ecommerce_gold(texts: dict[str, str], labeled: str, plain: str, plain_function: str) -> list[Any]:
    """Two gold sentences per document: the one starting with ``labeled`` an e-commerce task, the one
    starting with ``plain`` a ``plain_function`` clause without labels."""
    from policynlp.classify.realset import GoldClause

    gold = []
    for doc, text in texts.items():
        for start, function, labels in ((labeled, "task", (("rural_digital_industry",), ("new_business_models",), ("biz.ecommerce",))),
                                        (plain, plain_function, ((), (), ()))):
            s = text.index(start)
            e = text.index("。", s) + 1
            gold.append(GoldClause(doc, s, e, text[s:e], "dev", function, *labels))
    return gold


def test_structure_folds_never_train_on_the_documents_they_score(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The honest real-dev number of a blend: each document's function model and label gate are
    trained without it, and the evaluation puts the shipped structure step back afterwards."""
    from policynlp.classify import realeval
    from policynlp.classify.rules import RuleClassifier

    texts = {f"realworld-dv/90{i}_x.txt": f"一、发展农村电商\n大力发展农村电子商务{i}。加强组织领导。\n" for i in range(4)}
    gold = _ecommerce_gold(texts, "大力", "加强", "safeguard")
    dev = realeval.PreparedSet(_fake_shared(tmp_path / "shared", docs=texts), gold)
    seen: list[set[str]] = []
    real_train = realeval.train_structure

    extra_seen: list[set[str]] = []

    def recording(rows: list[realeval.StructureRow], function_rows: list[realeval.StructureRow]) -> tuple[object, object]:
        seen.append({r[0] for r in rows})
        extra_seen.append({r[0] for r in function_rows})
        return real_train(rows, function_rows)

    monkeypatch.setattr(realeval, "train_structure", recording)
    rules = RuleClassifier()
    # a real-train document's rows join every fold (they are never scored)
    extra = [("unlabeled/t.txt", *row[1:]) for row in realeval.structure_rows(dev, rules)[:2]]
    folds = realeval.structure_folds(dev, rules, folds=2, extra_rows=extra)
    assert sorted(d for docs, _, _ in folds for d in docs) == sorted(texts)  # every document scored once
    for (docs, _, _), trained_on in zip(folds, seen, strict=True):
        assert trained_on and not trained_on & set(docs)  # ... by models that never saw it
    assert extra_seen == [{"unlabeled/t.txt"}] * 2
    shipped = dev.pipe.structure
    report = realeval.evaluate_folds(dev, rules, folds, rules)
    assert dev.pipe.structure is shipped
    assert report["n_clauses"] == len(gold)
    # the rows carry what the gate learns: whether the gold clause has a label
    rows = realeval.structure_rows(dev, rules)
    assert sorted(r[6] for r in rows) == [False] * 4 + [True] * 4


def test_calibration_measures_the_chosen_mix_of_settings_as_a_whole(tmp_path: Path) -> None:
    from policynlp.classify import realeval
    from policynlp.classify.finetune import CachedBlend, calibrate_prepared, measure_prepared
    from policynlp.classify.rules import RuleClassifier

    texts = {f"realworld-dv/91{i}_x.txt": f"通知\n支持开展农产品直播带货{i}。推进农村公路建设{i}。\n" for i in range(3)}
    dev = realeval.PreparedSet(_fake_shared(tmp_path / "shared", docs=texts), _ecommerce_gold(texts, "支持", "推进", "task"))
    # a model sure of the e-commerce labels where the rules may be unsure, and silent elsewhere
    wanted = {"rural_digital_industry", "new_business_models", "biz.ecommerce"}
    model = {t: {lab.id: (0.95 if "直播" in t and lab.id in wanted else 0.01) for lab in load_taxonomy().all} for t in dev.texts()}
    cal = calibrate_prepared(dev, model, weights=(0.0, 0.5, 1.0), thresholds=(0.5,))
    rules = RuleClassifier()
    chosen = dev.evaluate(CachedBlend(load_taxonomy(), {t: rules.scores(t) for t in dev.texts()}, model,
                                      cal["weights"], cal["thresholds"]))
    for level in ("domain", "action", "task"):
        assert cal["real_dev_chosen"][level] == pytest.approx(chosen[level]["macro_f1"], abs=1e-4)
        assert cal["real_dev_chosen"][level] <= 1.0
    assert cal["real_dev_chosen"]["none"] == pytest.approx(chosen["no_label"]["accuracy"], abs=1e-4)
    # measuring a kept blend again (finetune.py --recalibrate --measure) gives the same numbers; a model
    # silent everywhere, trusted alone, finds nothing
    assert measure_prepared(dev, model, cal["weights"], cal["thresholds"]) == cal["real_dev_chosen"]
    silent = {t: {lab.id: 0.01 for lab in load_taxonomy().all} for t in dev.texts()}
    alone = measure_prepared(dev, silent, {"domain": 0.0, "action": 0.0, "task": 0.0}, cal["thresholds"])
    assert alone["domain"] == alone["action"] == 0.0 < cal["real_dev_chosen"]["domain"]


def test_two_blends_can_be_compared_each_on_its_own_model_scores(tmp_path: Path) -> None:
    """finetune.py --versus-member-work: blend B measured on other (e.g. averaged) out-of-fold scores than A."""
    from policynlp.classify import realeval
    from policynlp.classify.finetune import compare_blends

    texts = {f"realworld-dv/92{i}_x.txt": f"通知\n支持开展农产品直播带货{i}。推进农村公路建设{i}。\n" for i in range(4)}
    dev = realeval.PreparedSet(_fake_shared(tmp_path / "shared", docs=texts), _ecommerce_gold(texts, "支持", "推进", "task"))
    labs = [lab.id for lab in load_taxonomy().all]
    wanted = {"rural_digital_industry", "new_business_models", "biz.ecommerce"}
    silent = {t: dict.fromkeys(labs, 0.01) for t in dev.texts()}
    sure = {t: {lab: (0.95 if "直播" in t and lab in wanted else 0.01) for lab in labs} for t in dev.texts()}
    alone = {"weights": {"domain": 0.0, "action": 0.0, "task": 0.0}, "thresholds": {"domain": 0.5, "action": 0.5, "task": 0.5}}
    folds = [(sorted(texts), None, None)]
    same = compare_blends(dev, silent, alone, alone, folds, resamples=20)
    assert same["a"] == same["b"] and same["a"]["domain"] == 0.0  # one silent model: nothing to choose
    other = compare_blends(dev, silent, alone, alone, folds, resamples=20, model_scores_b=sure)
    assert other["a"]["domain"] == 0.0 < 0.5 < other["b"]["domain"]
    assert other["bootstrap"]["domain"]["b_better"] == 1.0  # every draw of documents says B


@needs_shared
def test_a_real_one_topic_regulation_lends_its_title_to_generic_articles() -> None:
    """Zhejiang's rural sewage-facility regulation (../shared/unlabeled): articles on acceptance and
    maintenance name no green-living word themselves, the title does."""
    from policynlp.classify.realeval import analyze_document
    from policynlp.classify.rules import RuleClassifier
    from policynlp.pipeline import Pipeline

    assert SHARED is not None
    doc = analyze_document(SHARED, "unlabeled/policy_text.jsonl.gz#3c1371a14c08", Pipeline(classifier=RuleClassifier()))
    lent = [c for c in doc.clauses if any(e.startswith("题目:") for x in c.domains for e in x.evidence)]
    assert len(lent) >= 5
    assert all(c.function in SUBSTANTIVE and not c.actions for c in lent)
    assert {x.id for c in lent for x in c.domains} == {"smart_beautiful_village"}


def test_training_rows_cap_documents_and_balance_sources() -> None:
    from collections import Counter

    from policynlp.classify.finetune import training_rows
    from policynlp.classify.realset import GoldClause

    def clause(doc: str, i: int) -> GoldClause:
        return GoldClause(doc, i, i + 1, f"{doc}-{i}", "dev", "task", (), (), ())

    real = ([clause("realworld-dv/a.txt", i) for i in range(10)] + [clause("realworld/b.txt", i) for i in range(30)]
            + [clause("unlabeled/x.jsonl.gz#1", i) for i in range(160)])
    base = len(training_rows(ROOT / "corpus" / "labeled", []))

    def per_source(**kw: object) -> Counter[str]:
        rows = training_rows(ROOT / "corpus" / "labeled", real, **kw)[base:]  # type: ignore[arg-type]
        return Counter(r["source"].split(":", 1)[1].split("/", 1)[0] for r in rows)

    plain = per_source()
    assert plain == {"realworld-dv": 30, "realworld": 90, "unlabeled": 480}  # each clause three times
    capped = per_source(doc_cap=60)
    assert capped == {"realworld-dv": 30, "realworld": 60, "unlabeled": 160}  # one pass at least
    balanced = per_source(balance_sources=True)
    # the small folder is seen most often, within 4 x real_repeat; no folder drops below one pass
    assert balanced["realworld-dv"] == 10 * 12 and balanced["realworld"] == 30 * 7 and balanced["unlabeled"] == 160
    assert balanced["realworld-dv"] > plain["realworld-dv"] and balanced["unlabeled"] < plain["unlabeled"]


def test_the_document_bootstrap_tells_a_real_gain_from_none() -> None:
    from policynlp.classify.realeval import Predicted, bootstrap_documents
    from policynlp.classify.realset import GoldClause

    tax = load_taxonomy()
    gold, right, empty = [], [], []
    for d in range(6):
        for k, (dom, act) in enumerate((("smart_agriculture", "smart_agriculture_innovation"), ("rural_digital_industry", "new_business_models"))):
            gold.append(GoldClause(f"realworld-dv/9{d}_x.txt", 10 * k, 10 * k + 5, "条款", "dev", "task", (dom,), (act,), ()))
            right.append(Predicted({"domain": {dom}, "action": {act}, "task": set()}, "task"))
            empty.append(Predicted({"domain": set(), "action": set(), "task": set()}, "task"))
    gain = bootstrap_documents(gold, empty, right, tax, resamples=50)
    assert gain["domain"]["b_better"] == 1.0 and gain["domain"]["a_better"] == 0.0 and gain["action"]["p05"] > 0
    loss = bootstrap_documents(gold, right, empty, tax, resamples=50)
    assert loss["domain"]["a_better"] == 1.0 and loss["domain"]["b_better"] == 0.0
    same = bootstrap_documents(gold, right, right, tax, resamples=50)
    assert same["domain"] == {"b_better": 0.0, "a_better": 0.0, "mean": 0.0, "p05": 0.0, "p95": 0.0}  # every draw a tie
    # half the documents right: B wins on some draws and not on others
    mixed = right[:6] + empty[6:]
    half = bootstrap_documents(gold, mixed, right, tax, resamples=50)
    assert 0.0 < half["domain"]["mean"] and half["domain"]["p05"] <= half["domain"]["p95"]


def _clause(doc: str, start: int, function: str, domains: tuple[str, ...] = (), actions: tuple[str, ...] = ()) -> Any:
    from policynlp.classify.realset import GoldClause

    return GoldClause(doc, start, start + 5, "x" * 5, "test", function, domains, actions, ())


def test_agreement_scores_one_annotation_against_another_on_the_clauses_both_cover() -> None:
    """Identical annotations agree fully; a disagreement costs the labels it touches; a clause only one
    annotator labeled does not count; the score does not depend on which annotation is taken as gold."""
    from policynlp.classify.realeval import agreement

    ag = (("smart_agriculture",), ("smart_agriculture_innovation",))
    biz = (("rural_digital_industry",), ("new_business_models",))
    first = [_clause("d", 0, "task", *ag), _clause("d", 10, "task", *biz), _clause("d", 20, "safeguard"), _clause("d", 30, "task", *ag)]
    same = agreement(first, list(first))
    assert same["domain"]["macro_f1"] == 1.0 and same["no_label"]["accuracy"] == 1.0 and same["n_clauses"] == 4
    # the second annotator reads the safeguard line as an e-commerce task and never saw the last clause
    second = [first[0], first[1], _clause("d", 20, "task", *biz)]
    rep = agreement(first, second)
    assert rep["n_clauses"] == 3
    # smart_agriculture agrees (F1 1); rural_digital_industry: 1 shared, 1 extra → P 0.5, R 1 → F1 2/3
    assert abs(rep["domain"]["macro_f1"] - (1.0 + 2 / 3) / 2) < 1e-9
    assert rep["no_label"]["accuracy"] == 0.0 and abs(rep["function"]["accuracy"] - 2 / 3) < 1e-9
    assert abs(agreement(second, first)["domain"]["macro_f1"] - rep["domain"]["macro_f1"]) < 1e-9


def test_second_annotations_are_references_of_labeled_clauses() -> None:
    """The doubly labeled clauses (corpus/real/annotations/) name clauses of the labeled set, hash and all."""
    folder = REAL_DIR / "annotations"
    if not (folder / "second.jsonl").is_file():
        pytest.skip("no second annotation in corpus/real/annotations")
    main = {(r["doc"], r["start"], r["end"]): r["sha1"] for f in sorted(REAL_DIR.glob("labels*.jsonl"))
            for r in map(json.loads, f.read_text("utf-8").splitlines()) if r}
    for name in ("first.jsonl", "second.jsonl"):
        refs = [json.loads(x) for x in (folder / name).read_text("utf-8").splitlines() if x]
        assert len(refs) >= 500
        for ref in refs:
            assert set(ref) == {"doc", "start", "end", "sha1", "function", "domains", "actions", "tasks"}
            assert main[(ref["doc"], ref["start"], ref["end"])] == ref["sha1"]


def test_real_train_is_read_apart_and_never_shares_a_document_with_dev_or_test(tmp_path: Path) -> None:
    """real-train (corpus/real/train/) only fits models: its clauses come back with split "train",
    and a reference to a document of real-dev or real-test is refused (it would leak into choosing or scoring)."""
    text = "推进农村电商。加强组织领导。"
    shared = _fake_shared(tmp_path / "shared", docs={"realworld/999_x.txt": text, "realworld-dv/900_x.txt": text})
    labels = tmp_path / "train.jsonl"
    ref = {"doc": "realworld/999_x.txt", "start": 0, "end": 7, "sha1": sha1(text[:7]), "function": "task",
           "domains": ["rural_digital_industry"], "actions": ["new_business_models"], "tasks": ["biz.ecommerce"]}
    labels.write_text(json.dumps(ref) + "\n", "utf-8")
    train = load_real(shared, split="train", path=labels)
    assert [(g.split, g.text) for g in train] == [("train", "推进农村电商。")]
    assert load_real(shared, path=labels) == []  # not part of the labeled set's dev or test
    labels.write_text(json.dumps(ref | {"doc": "realworld-dv/900_x.txt"}) + "\n", "utf-8")
    with pytest.raises(RealSetError, match="also in real-dev"):
        load_real(shared, split="train", path=labels)


def test_real_train_rows_fit_the_function_model_but_not_the_label_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    """train_structure(rows, function_rows): real-train teaches the function model only (given to the
    gate as well it cost label macro-F1 on real-dev), so the gate's training set is real-dev's rows."""
    from policynlp.classify import function_model, realeval

    sizes: dict[str, int] = {}
    monkeypatch.setattr(function_model, "train_function_model", lambda texts, *a, **k: sizes.setdefault("function", len(texts)))
    monkeypatch.setattr(function_model, "train_gate_model", lambda texts, *a, **k: sizes.setdefault("gate", len(texts)))
    dev_rows = [("realworld-dv/1.txt", "加强组织领导。", "sentence", "safeguard", [], [], False)] * 3
    train_rows = [("unlabeled/2.txt", "发展农村电商。", "sentence", "task", [], [], True)] * 5
    realeval.train_structure(dev_rows, train_rows)
    assert sizes == {"function": 8, "gate": 3}
