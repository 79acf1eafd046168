"""The trained classifier: training from a corpus folder, loading, corrupt files, and the blend."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policynlp.classify import model_dir
from policynlp.classify.combine import CombinedClassifier
from policynlp.classify.model import ModelClassifier
from policynlp.classify.rules import RuleClassifier, to_labels
from policynlp.errors import ModelError

ROOT = Path(__file__).resolve().parents[1]
CLAUSES = [
    ("建设一批智慧农场，推广智能感知技术。", ["smart_agriculture"], ["smart_agriculture_innovation"], ["agri.production_digitization"]),
    ("发展农村电商，推动农产品网络销售。", ["rural_digital_industry"], ["new_business_models"], ["biz.ecommerce"]),
    ("推进农村千兆光网和5G网络覆盖。", [], ["infrastructure_upgrade"], ["infra.information_infrastructure"]),
    ("加强组织领导，落实工作责任。", [], [], []),
    ("健全防止返贫动态监测机制。", [], ["online_assistance"], ["assist.poverty_gains"]),
    ("推进远程医疗服务向乡镇卫生院延伸。", ["digital_public_services"], ["public_service_efficiency"], ["service.healthcare"]),
]


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    rows = [{"text": t, "domains": d, "actions": a, "tasks": k, "source": "authored"} for t, d, a, k in CLAUSES]
    for split in ("train", "dev", "test"):
        (folder / f"{split}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from policynlp.classify.train import train

    base = tmp_path_factory.mktemp("train")
    _write_corpus(base / "corpus")
    cal = train(base / "corpus", base / "model", epochs=2, seed=7)
    assert set(cal) == {"weights", "thresholds", "model_thresholds"}
    return base / "model"


def test_training_writes_a_loadable_model_with_calibration(tiny_model: Path) -> None:
    for name in ("model.safetensors", "config.json", "vocab.json", "labels.json", "combine.json"):
        assert (tiny_model / name).is_file(), name
    cal = json.loads((tiny_model / "combine.json").read_text("utf-8"))
    for level in ("domain", "action", "task"):
        assert 0.0 <= cal["weights"][level] <= 1.0
        assert 0.35 <= cal["thresholds"][level] <= 0.9
    scores = ModelClassifier(tiny_model).scores(["建设智慧农场", "加强组织领导"])
    assert len(scores) == 2 and len(scores[0]) == 40
    assert all(0.0 <= v <= 1.0 for s in scores for v in s.values())


def test_training_is_reproducible_with_a_fixed_seed(tiny_model: Path, tmp_path: Path) -> None:
    from policynlp.classify.train import train

    _write_corpus(tmp_path / "corpus")
    train(tmp_path / "corpus", tmp_path / "again", epochs=2, seed=7, calibrate_after=False)
    assert (tmp_path / "again" / "model.safetensors").read_bytes() == (tiny_model / "model.safetensors").read_bytes()


def test_missing_or_corrupt_model_files_raise_a_clear_error(tiny_model: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"no labels\.json"):
        ModelClassifier(tmp_path)
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model, broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelError, match=r"broken: cannot load"):
        ModelClassifier(broken)
    short = tmp_path / "short"
    shutil.copytree(tiny_model, short)
    (short / "labels.json").write_text(json.dumps({"labels": ["smart_agriculture"]}), "utf-8")
    with pytest.raises(ModelError, match="outputs"):
        ModelClassifier(short)


def test_the_combination_skips_the_model_only_where_it_cannot_change_a_label() -> None:
    rules = RuleClassifier()
    comb = CombinedClassifier.from_dir(model_dir(), rules)
    texts = [row["text"] for row in map(json.loads, (ROOT / "corpus" / "labeled" / "dev.jsonl").read_text("utf-8").splitlines())]
    fast = comb.predict(texts)
    full = [to_labels(rules.tax, comb.blend(r, m), comb.thresholds)
            for r, m in zip(rules.predict_scores(texts), comb.model.scores(texts), strict=True)]
    assert [[{x.id for x in lv} for lv in labs] for labs in fast] == [[{x.id for x in lv} for lv in labs] for labs in full]


def test_eval_reports_three_systems_and_the_blend_of_weight_one_is_the_rules(tiny_model: Path, tmp_path: Path) -> None:
    from policynlp.classify.train import evaluate

    rules_only = tmp_path / "rules-only"
    shutil.copytree(tiny_model, rules_only)
    from policynlp.classify.rules import THRESHOLDS

    (rules_only / "combine.json").write_text(json.dumps({"weights": {"domain": 1.0, "action": 1.0, "task": 1.0},
                                                         "thresholds": dict(THRESHOLDS)}), "utf-8")
    report = evaluate(ROOT / "corpus" / "labeled" / "dev.jsonl", model_path=rules_only)
    assert set(report) == {"rules", "model", "combined"}
    for level in ("domain", "action", "task"):
        assert report["combined"][level]["macro_f1"] == pytest.approx(report["rules"][level]["macro_f1"])
    docs = evaluate(ROOT / "corpus" / "labeled" / "dev.jsonl", model_path=rules_only, subset="documents")
    support = sum(v["support"] for v in docs["rules"]["domain"]["per_label"].values())
    assert 0 < support < sum(v["support"] for v in report["rules"]["domain"]["per_label"].values())


def test_labels_the_model_gives_alone_carry_the_words_that_made_them(tiny_model: Path) -> None:
    from policynlp.classify.combine import MIN_DROP

    class NoCues(RuleClassifier):
        """Rules that score nothing, so that every label below is the model's own."""

        def scores(self, text: str) -> dict[str, tuple[float, tuple[str, ...]]]:
            return {}

    cal = {"weights": {"domain": 0.0, "action": 0.0, "task": 0.0}, "thresholds": {"domain": 0.35, "action": 0.35, "task": 0.35}}
    comb = CombinedClassifier(NoCues(), ModelClassifier(tiny_model), calibration=cal)
    texts = [t for t, *_ in CLAUSES]
    checked = 0
    for text, labels in zip(texts, comb.predict(texts), strict=True):
        for x in (y for level in labels for y in level):
            # the attribution: each evidence word is in the clause, and masking the first one lowers the
            # label's probability by at least MIN_DROP (a label no word supports is dropped, not kept bare)
            assert x.evidence and all(w in text for w in x.evidence), x
            base, without = comb.model.scores([text, text.replace(x.evidence[0], "", 1)])
            assert base[x.id] - without[x.id] >= MIN_DROP - 1e-6, (text, x)
            checked += 1
    assert checked, "the tiny model gives no label alone on its own training clauses"
    # beside the rules, a label the rules scored carries the rules' terms, not the model's words
    comb = CombinedClassifier(RuleClassifier(), ModelClassifier(tiny_model), calibration=cal)
    text = "发展农村电商，推动农产品网络销售。"
    ruled = RuleClassifier().scores(text)
    both = [y for level in comb.predict([text])[0] for y in level if y.id in ruled]
    assert both, "the rules and the model agree on no label of a clause the tiny model was trained on"
    for x in both:
        assert set(x.evidence) <= set(ruled[x.id][1]), x

def test_train_best_keeps_the_best_seed_on_dev_and_cleans_up(tmp_path: Path) -> None:
    from policynlp.classify.train import model_dev_score, train_best

    _write_corpus(tmp_path / "corpus")
    cal = train_best(tmp_path / "corpus", tmp_path / "best", seeds=(7, 8), epochs=2)
    scores = cal["seed"]["dev_scores"]
    assert set(scores) == {"7", "8"} and cal["seed"]["chosen"] in (7, 8)
    assert scores[str(cal["seed"]["chosen"])] == max(scores.values())
    assert model_dev_score(tmp_path / "corpus", tmp_path / "best") == pytest.approx(max(scores.values()), abs=1e-4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["best", "corpus"]
    assert json.loads((tmp_path / "best" / "combine.json").read_text("utf-8"))["seed"]["chosen"] == cal["seed"]["chosen"]


def test_a_local_hugging_face_checkpoint_is_fine_tuned_and_loaded(tmp_path: Path) -> None:
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    from policynlp.classify.train import train

    ckpt = tmp_path / "tiny-bert"
    ckpt.mkdir()
    chars = sorted({ch for text, *_ in CLAUSES for ch in text})
    (ckpt / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]) + "\n", "utf-8")
    BertTokenizer(str(ckpt / "vocab.txt")).save_pretrained(str(ckpt))
    config = BertConfig(vocab_size=5 + len(chars), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128)
    BertForSequenceClassification(config).save_pretrained(str(ckpt))
    _write_corpus(tmp_path / "corpus")
    train(tmp_path / "corpus", tmp_path / "tuned", base=str(ckpt), epochs=1, seed=3)
    assert not (tmp_path / "tuned" / "vocab.json").exists()  # the checkpoint's own tokenizer is kept
    model = ModelClassifier(tmp_path / "tuned")
    assert model.model.config.num_labels == 40
    scores = model.scores(["建设智慧农场"])[0]
    assert set(scores) == set(json.loads((tmp_path / "tuned" / "labels.json").read_text("utf-8"))["labels"])


def test_eval_names_the_file_and_line_of_a_broken_labeled_set(tmp_path: Path) -> None:
    from policynlp.classify.train import evaluate

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "推进农村电商发展", "domains": [], "actions": [], "tasks": []}\n{"text": broken\n', "utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: not a JSON line"):
        evaluate(bad)


def test_loading_the_shipped_model_prints_no_progress_bar_and_restores_the_setting(capfd: pytest.CaptureFixture[str]) -> None:
    from transformers.utils import logging as hf_logging

    assert hf_logging.is_progress_bar_enabled()
    model = ModelClassifier(model_dir())
    assert "Loading weights" not in capfd.readouterr().err
    assert hf_logging.is_progress_bar_enabled()  # the library's own switch is left as it was
    assert model.scores(["推进农村千兆光网和5G网络覆盖。"])[0]


def test_an_ensemble_folder_averages_its_members_and_refuses_bad_ones(tiny_model: Path, tmp_path: Path) -> None:
    from policynlp.classify.model import AveragedModel

    folder = tmp_path / "ensemble"
    shutil.copytree(model_dir(), folder, ignore=shutil.ignore_patterns("members"))
    shutil.copytree(tiny_model, folder / "members" / "tiny")
    cal = json.loads((folder / "combine.json").read_text("utf-8"))
    (folder / "combine.json").write_text(json.dumps({**cal, "members": ["members/tiny"]}), "utf-8")
    comb = CombinedClassifier.from_dir(folder)
    assert isinstance(comb.model, AveragedModel) and len(comb.model.members) == 2
    texts = ["建设一批智慧农场，推广智能感知技术。", "加强组织领导，落实工作责任。"]
    one, two = ModelClassifier(folder).scores(texts), ModelClassifier(tiny_model).scores(texts)
    mean = comb.model.scores(texts)
    for i in range(len(texts)):
        for lab in ("smart_agriculture", "online_assistance", "agri.production_digitization"):
            assert mean[i][lab] == pytest.approx((one[i][lab] + two[i][lab]) / 2)
    assert one[0]["smart_agriculture"] != pytest.approx(two[0]["smart_agriculture"])  # two different models
    # a member outside the folder, or with other labels, is refused with the folder's name
    (folder / "combine.json").write_text(json.dumps({**cal, "members": ["../elsewhere"]}), "utf-8")
    with pytest.raises(ModelError, match="not a folder inside"):
        CombinedClassifier.from_dir(folder)
    labels = json.loads((folder / "members" / "tiny" / "labels.json").read_text("utf-8"))
    (folder / "members" / "tiny" / "labels.json").write_text(json.dumps({"labels": labels["labels"][::-1]}), "utf-8")
    (folder / "combine.json").write_text(json.dumps({**cal, "members": ["members/tiny"]}), "utf-8")
    with pytest.raises(ModelError, match=r"labels\.json differs"):
        CombinedClassifier.from_dir(folder)


def test_a_bag_of_ngrams_member_learns_loads_and_averages_with_the_encoder(tmp_path: Path) -> None:
    import numpy as np

    from policynlp.classify.heads import BagHead, bag_ids, train_bag
    from policynlp.classify.model import AveragedModel, load_members

    labels = json.loads((model_dir() / "labels.json").read_text("utf-8"))["labels"]
    texts = [t for t, *_ in CLAUSES] * 20
    y = np.array([[1.0 if lab in {*d, *a, *k} else 0.0 for lab in labels] for _, d, a, k in CLAUSES] * 20, np.float32)
    head = train_bag(texts, y, labels, buckets=1 << 12, dim=8, epochs=30, lr=0.1)
    # n-grams are read in simplified script: a traditional clause hashes to the same ids
    assert bag_ids("發展農村電商", 1 << 12) == bag_ids("发展农村电商", 1 << 12)
    probe = ["发展农村电商，推动农产品网络销售。", "加强组织领导，落实工作责任。"]
    before = head.scores(probe)
    assert before[0]["rural_digital_industry"] > 0.5 > before[1]["rural_digital_industry"]
    assert before[0]["rural_digital_industry"] > before[0]["smart_agriculture"]
    # saved as a model folder: ModelClassifier loads it and gives the same scores
    head.save(tmp_path / "bag")
    assert isinstance(ModelClassifier(tmp_path / "bag")._head, BagHead)
    loaded = ModelClassifier(tmp_path / "bag").scores(probe)
    for b, a in zip(before, loaded, strict=True):
        assert a["rural_digital_industry"] == pytest.approx(b["rural_digital_industry"], abs=2e-3)  # float16 table
    # the same seed gives the same head
    again = train_bag(texts, y, labels, buckets=1 << 12, dim=8, epochs=30, lr=0.1).scores(probe)
    assert again[0]["rural_digital_industry"] == pytest.approx(before[0]["rural_digital_industry"])
    # a member of the shipped encoder's folder: the blend reads the mean of the two
    folder = tmp_path / "ensemble"
    shutil.copytree(model_dir(), folder, ignore=shutil.ignore_patterns("members"))
    head.save(folder / "members" / "bag")
    avg = load_members(folder, ["members/bag"])
    assert isinstance(avg, AveragedModel)
    enc, bag, mean = (m.scores(probe) for m in (avg.members[0], avg.members[1], avg))
    for lab in ("rural_digital_industry", "online_assistance"):
        assert mean[0][lab] == pytest.approx((enc[0][lab] + bag[0][lab]) / 2)


def test_finetune_copies_a_head_member_with_its_own_files(tmp_path: Path) -> None:
    """scripts/finetune.py --member: a bag head's folder (head.json, head.npz) is copied whole, an encoder's
    needs its weights, and a folder missing them is refused."""
    import importlib.util

    import numpy as np

    from policynlp.classify.heads import train_bag

    spec = importlib.util.spec_from_file_location("finetune_script", ROOT / "scripts" / "finetune.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    labels = json.loads((model_dir() / "labels.json").read_text("utf-8"))["labels"]
    y = np.array([[1.0 if lab in {*d, *a, *k} else 0.0 for lab in labels] for _, d, a, k in CLAUSES], np.float32)
    train_bag([t for t, *_ in CLAUSES], y, labels, buckets=1 << 10, dim=4, epochs=1).save(tmp_path / "bag")
    out = tmp_path / "out"
    rel = script.add_member(out, tmp_path / "bag")
    assert rel == "members/bag"
    assert sorted(p.name for p in (out / rel).iterdir()) == ["head.json", "head.npz", "labels.json"]
    assert ModelClassifier(out / rel).scores(["发展农村电商。"])[0].keys() == set(labels)
    (tmp_path / "enc").mkdir()
    (tmp_path / "enc" / "labels.json").write_text("{}", "utf-8")
    with pytest.raises(FileNotFoundError):
        script.add_member(out, tmp_path / "enc")
