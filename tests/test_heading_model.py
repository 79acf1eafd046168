"""A model that reads a clause after the heading it sits under: its input, the pipeline's plumbing,
training rows and the cached blend of real-dev."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from policynlp.classify import Labels
from policynlp.classify.model import SEP_CHAR, CharTokenizer, heading_of, model_input
from policynlp.pipeline import Pipeline
from policynlp.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]


def test_the_heading_is_the_last_part_of_the_section_path_without_its_number() -> None:
    assert heading_of("二、主要任务 > （三）发展农村电子商务") == "发展农村电子商务"
    assert heading_of("第三章　乡村治理 > 第十二条") == ""  # an article number alone says nothing
    assert heading_of("") == ""
    assert len(heading_of("一、" + "推进" * 30)) == 20
    assert model_input("推进直播带货。", "发展农村电子商务") == "发展农村电子商务" + SEP_CHAR + "推进直播带货。"
    assert model_input("推进直播带货。", "") == "推进直播带货。"  # a clause under no heading is read alone


def test_the_tokenizer_reads_the_joint_as_the_sep_token() -> None:
    tok = CharTokenizer.build(["电商直播"])
    ids, mask = tok.encode([model_input("直播", "电商")])
    assert ids[0] == [tok.vocab["[CLS]"], tok.vocab["电"], tok.vocab["商"], tok.vocab["[SEP]"], tok.vocab["直"], tok.vocab["播"]]
    assert mask[0] == [1] * 6


class _Recorder:
    """A classifier that labels nothing and keeps what it was asked."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def predict(self, texts: Sequence[str], *, headings: Sequence[str] | None = None) -> list[Labels]:
        if headings is not None:  # the clauses (a target's own text is asked without one)
            self.seen += list(zip(texts, headings, strict=True))
        return [((), (), ())] * len(texts)


def test_the_pipeline_gives_the_classifier_each_clauses_heading() -> None:
    rec = _Recorder()
    Pipeline(classifier=rec).analyze("某县数字乡村实施方案\n一、主要任务\n（一）發展農村電子商務\n支持开展农产品直播带货。\n"
                                     "（二）提升乡村治理水平\n推广村务公开平台。\n")
    heads = dict(rec.seen)
    assert heads["支持开展农产品直播带货。"] == "发展农村电子商务"  # simplified, without its number
    assert heads["推广村务公开平台。"] == "提升乡村治理水平"
    assert heads["一、主要任务"] == ""


def test_on_the_seed_qa_every_clause_is_given_the_question_it_answers() -> None:
    from policynlp.clean import to_simplified

    rec = _Recorder()
    doc = Pipeline(classifier=rec).analyze(ROOT / "corpus" / "seeds" / "2022_qa_digital_village_action_plan_2022_2025.txt")
    assert len(rec.seen) == len(doc.clauses)
    given = [h for _, h in rec.seen]
    assert given == [heading_of(to_simplified(c.section)) for c in doc.clauses]
    assert sum(1 for h in given if h) >= 80  # the answers sit under their question
    assert "《行动计划》部署了哪些重点任务和工程？" in given
    assert not any(h[:1] in "一二三四五六七八（(" for h in given if h)  # the question's number is stripped


def test_a_classifier_of_the_older_protocol_still_works_in_the_pipeline() -> None:
    """One written as ``predict(texts)`` (no headings) is asked with the texts alone."""
    seen: list[str] = []

    class Old:
        def predict(self, texts: Sequence[str]) -> list[Labels]:
            seen.extend(texts)
            lab = load_taxonomy().domains[0]
            from policynlp.types import LabelScore

            return [((LabelScore(lab.id, 0.9, ("x",)),), (), ()) if "直播" in t else ((), (), ()) for t in texts]

    doc = Pipeline(classifier=Old()).analyze("某县方案\n一、主要任务\n支持开展农产品直播带货。\n")
    assert "支持开展农产品直播带货。" in seen
    assert [c.domains[0].id for c in doc.clauses if c.domains] == [load_taxonomy().domains[0].id]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, tiny_char_bert: Callable[..., Path]) -> Path:
    labels = [lab.id for lab in load_taxonomy().all]
    out = tiny_char_bert(tmp_path_factory.mktemp("clf"), ["支持开展农产品直播带货发展农村电子商务加强组织领导"], positions=128,
                         num_labels=len(labels))
    (out / "labels.json").write_text(json.dumps({"labels": labels, "heading_context": True}), "utf-8")
    return out


def test_a_heading_reading_model_reads_the_heading_and_another_does_not(tiny_model: Path, tmp_path: Path) -> None:
    import shutil

    from policynlp.classify.model import ModelClassifier

    m = ModelClassifier(tiny_model)
    texts, heads = ["支持开展农产品直播带货。"], ["发展农村电子商务"]
    with_head = m.scores(texts, headings=heads)[0]
    assert with_head == pytest.approx(m.scores([model_input(texts[0], heads[0])])[0])
    assert max(abs(with_head[k] - v) for k, v in m.scores(texts)[0].items()) > 1e-6  # the heading changes what it reads
    plain = tmp_path / "plain"
    shutil.copytree(tiny_model, plain)
    meta = json.loads((plain / "labels.json").read_text("utf-8"))
    (plain / "labels.json").write_text(json.dumps({"labels": meta["labels"]}), "utf-8")
    p = ModelClassifier(plain)
    assert p.scores(texts, headings=heads) == p.scores(texts)  # a model trained without headings is asked as before


def test_the_cached_blend_reads_scores_kept_under_the_model_input() -> None:
    from policynlp.classify.finetune import CachedBlend
    from policynlp.classify.rules import RuleClassifier

    tax = load_taxonomy()
    text, head = "支持这项工作。", "发展农村电子商务"
    sure = {lab.id: (0.99 if lab.id in ("rural_digital_industry", "new_business_models") else 0.0) for lab in tax.all}
    unsure = dict.fromkeys(sure, 0.0)
    blend = CachedBlend(tax, {text: RuleClassifier(tax).scores(text)}, {model_input(text, head): sure, text: unsure},
                        {"domain": 0.0, "action": 0.0, "task": 0.0}, {"domain": 0.5, "action": 0.5, "task": 0.5})
    (d, a, _), = blend.predict([text], headings=[head])
    assert [x.id for x in d] == ["rural_digital_industry"] and [x.id for x in a] == ["new_business_models"]
    assert blend.predict([text]) == [((), (), ())]  # no heading: the text's own scores
    assert blend.predict([text], headings=["加强组织领导"]) == [((), (), ())]  # unseen input: falls back to the text


def test_training_rows_give_real_clauses_after_their_heading() -> None:
    from policynlp.classify.finetune import training_rows
    from policynlp.classify.realset import GoldClause

    real = [GoldClause("realworld-dv/a.txt", 0, 7, "支持開展直播帶貨。", "dev", "task", ("rural_digital_industry",), (), ()),
            GoldClause("realworld-dv/a.txt", 9, 15, "加强组织领导。", "dev", "safeguard", (), (), ())]
    base = len(training_rows(ROOT / "corpus" / "labeled", []))
    rows = training_rows(ROOT / "corpus" / "labeled", real, headings={("realworld-dv/a.txt", 0): "发展农村电子商务"})[base:]
    assert {r["text"] for r in rows} == {model_input("支持开展直播带货。", "发展农村电子商务"), "加强组织领导。"}
    assert all(r["domains"] == ["rural_digital_industry"] for r in rows if SEP_CHAR in r["text"])
