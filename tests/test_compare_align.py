"""policynlp align: local clauses matched to national ones, the national plan's coverage, and what goes beyond."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from policynlp.clean import to_simplified
from policynlp.compare import AlignConfig, BlendSimilarity, NgramSimilarity, align, compare_key, from_document
from policynlp.compare.align import STATUSES
from policynlp.pipeline import Pipeline
from policynlp.taxonomy import load_taxonomy
from policynlp.types import Document

NATIONAL = "关于推进数字乡村建设的行动计划\n一、重点任务\n（一）深化农产品电商发展。\n（二）推进“互联网+医疗健康”。\n（三）加强农村智慧应急管理体系建设。\n"
LOCAL = ("某县数字乡村建设实施方案\n一、发展农村电子商务。建设县级电商公共服务中心，推动农产品网上销售。\n"
         "二、推进远程医疗服务，实现乡镇卫生院远程会诊全覆盖。\n三、推进乡村文化资源数字化，建设村史馆数字展厅。\n")


@pytest.fixture(scope="module")
def pilot_to_plan(notice: Document, qa: Document) -> dict[str, Any]:
    return align([from_document(notice)], from_document(qa))


def statuses(result: dict[str, Any], level: str) -> dict[str, str]:
    return {k: v["status"] for k, v in result["coverage"][level].items()}


def test_coverage_lists_every_action_and_task(pilot_to_plan: dict[str, Any]) -> None:
    tax = load_taxonomy()
    assert set(pilot_to_plan["coverage"]["actions"]) == {a.id for a in tax.actions}
    assert set(pilot_to_plan["coverage"]["tasks"]) == {t.id for t in tax.tasks}
    for level in ("actions", "tasks"):
        for entry in pilot_to_plan["coverage"][level].values():
            assert entry["status"] in STATUSES
            assert (entry["status"] == "missing") == (not entry["clauses"] and bool(entry["national"]))
            scores = [c["score"] for c in entry["clauses"]]
            assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_pilot_notice_against_the_action_plan_reads_right(pilot_to_plan: dict[str, Any]) -> None:
    """The 2024 pilot notice takes up smart agriculture, e-commerce, new business forms and cultural
    resources, and says nothing of online assistance, public-service tasks, party building or emergencies."""
    tasks = statuses(pilot_to_plan, "tasks")
    actions = statuses(pilot_to_plan, "actions")
    for t in ("agri.production_digitization", "biz.ecommerce", "biz.new_business_forms", "culture.resource_digitization"):
        assert tasks[t] == "covered", t
    for t in ("gov.social_governance", "green.ecological_protection"):
        assert tasks[t] in ("covered", "weak"), t
    for t, s in tasks.items():
        if t.startswith(("assist.", "service.")) or t in ("gov.party_building", "gov.emergency_management", "agri.observation_network"):
            assert s == "missing", t
    assert actions["online_assistance"] == "missing"
    assert actions["smart_agriculture_innovation"] == actions["online_culture"] == "covered"
    covered_behind = pilot_to_plan["coverage"]["tasks"]["biz.ecommerce"]["clauses"][0]
    assert "出村進城" in covered_behind["text"]


def test_matches_point_at_national_clauses_ranked_by_score(pilot_to_plan: dict[str, Any], notice: Document, qa: Document) -> None:
    national_ids = {f"{qa.doc_id}:{c.index}" for c in qa.clauses}
    assert [m["clause_id"] for m in pilot_to_plan["matches"]] == [f"{notice.doc_id}:{c.index}" for c in notice.clauses]
    for m in pilot_to_plan["matches"]:
        scores = [n["score"] for n in m["national"]]
        assert scores == sorted(scores, reverse=True) and len(scores) <= AlignConfig().top_k
        assert all(AlignConfig().match_threshold <= s <= 1 for s in scores)
        assert {n["clause_id"] for n in m["national"]} <= national_ids
    culture = next(m for m in pilot_to_plan["matches"] if "非物質文化遺產" in m["text"])
    assert "文化資源數字化" in culture["national"][0]["text"]


@pytest.fixture(scope="module")
def small(pipeline: Pipeline) -> dict[str, Any]:
    return align([from_document(pipeline.analyze(LOCAL))], from_document(pipeline.analyze(NATIONAL)))


def test_own_plan_pair_coverage_and_beyond(small: dict[str, Any]) -> None:
    tasks = statuses(small, "tasks")
    assert tasks["biz.ecommerce"] == tasks["service.healthcare"] == "covered"
    assert tasks["gov.emergency_management"] == "missing"
    assert tasks["culture.resource_digitization"] == "not_in_national"
    assert [to_simplified(b["text"]) for b in small["beyond"]] == ["三、推进乡村文化资源数字化，建设村史馆数字展厅。"]
    assert "culture.resource_digitization" in small["beyond"][0]["labels"]
    assert small["summary"]["beyond"] == 1 and small["summary"]["tasks"]["covered"] == 2


def test_the_script_of_the_local_copy_does_not_matter(pipeline: Pipeline, notice: Document, qa: Document,
                                                      pilot_to_plan: dict[str, Any]) -> None:
    simplified = pipeline.analyze(to_simplified(notice.text))
    again = align([from_document(simplified)], from_document(qa))
    assert statuses(again, "tasks") == statuses(pilot_to_plan, "tasks")
    assert statuses(again, "actions") == statuses(pilot_to_plan, "actions")


class NoText:
    """A similarity that finds nothing: only labels can match."""

    def scores(self, queries: Sequence[str], targets: Sequence[str]) -> list[dict[int, float]]:
        return [{} for _ in queries]


def test_the_similarity_is_pluggable(pipeline: Pipeline) -> None:
    local, national = from_document(pipeline.analyze(LOCAL)), from_document(pipeline.analyze(NATIONAL))
    labels_only = align([local], national, similarity=NoText())
    cfg = AlignConfig()
    for m in labels_only["matches"]:
        assert all(n["score"] <= cfg.label_weight + 1e-9 and n["text_similarity"] == 0 for n in m["national"])
    # without shared wording, a labelled clause is only weak evidence
    assert statuses(labels_only, "tasks")["biz.ecommerce"] == "weak"


def test_ngram_similarity() -> None:
    assert compare_key("「數字鄉村」 建設，ＡＢ１") == compare_key("“数字乡村”建设,AB1")
    cos = NgramSimilarity()
    [row] = cos.scores(["推进农村电商发展"], ["推进农村电商发展", "加强组织领导", "农村电商"])
    assert row[0] == pytest.approx(1.0) and 1 not in row and 0 < row[2] < 1
    contain = NgramSimilarity(measure="containment")
    [row] = contain.scores(["大力推进农村电商发展，建设服务站点"], ["农村电商", "组织领导"])
    assert row[0] == pytest.approx(1.0) and 1 not in row
    with pytest.raises(ValueError):
        NgramSimilarity(measure="jaccard")


def test_blend_adds_a_second_similarity(pipeline: Pipeline) -> None:
    local, national = from_document(pipeline.analyze(LOCAL)), from_document(pipeline.analyze(NATIONAL))
    ngram = NgramSimilarity(measure="containment")
    alone = align([local], national, similarity=ngram)
    same = align([local], national, similarity=BlendSimilarity(ngram, ngram, weight=0.3))
    assert same["matches"] == alone["matches"]
    halved = align([local], national, similarity=BlendSimilarity(NoText(), ngram, weight=0.5))
    for a, b in zip(alone["matches"], halved["matches"], strict=True):
        for x, y in zip(a["national"], b["national"], strict=False):
            if x["clause_id"] == y["clause_id"]:
                assert y["text_similarity"] == pytest.approx(x["text_similarity"] / 2, abs=1e-4)
    with pytest.raises(ValueError):
        BlendSimilarity(ngram, ngram, weight=2)
