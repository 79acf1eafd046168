"""Goal scope, past achievements, tables and cited plan periods (issue 15), on texts written for
the tests and, where ../shared is there, on the real documents the rules were built from."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from policynlp.ingest import read_bytes
from policynlp.pipeline import Pipeline
from policynlp.records import target_record
from policynlp.store.files import TARGET_CSV_COLUMNS, target_csv_row
from policynlp.types import Document

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    env = os.environ.get("POLICYNLP_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(classifier=None)


def _targets(doc: Document) -> list[tuple[str, str]]:
    return [(t.deadline.text, t.text) for t in doc.targets]


# --- scope: sentence, paragraph, goal section, goal lead -------------------------------------

def test_the_rest_of_the_paragraph_is_in_scope(pipe: Pipeline) -> None:
    doc = pipe.analyze("某县方案\n到2025年，网络覆盖全面提升，服务体系更加健全。益农信息社达到180个，农产品网络零售额达到12亿元。通过试点示范，探索新路径。\n")
    assert _targets(doc) == [("到2025年", "网络覆盖全面提升"), ("到2025年", "服务体系更加健全"),
                             ("到2025年", "益农信息社达到180个"), ("到2025年", "农产品网络零售额达到12亿元")]


def test_a_goal_section_governs_its_list_items_until_the_next_deadline(pipe: Pipeline) -> None:
    text = ("某县数字乡村发展规划\n一、总体要求\n（二）发展目标\n到2025年，数字乡村建设取得重要进展。\n"
            "——乡村网络设施明显改善，行政村5G通达率达到90%。\n——智慧农业加快发展，建成智慧农场20个。\n"
            "展望2035年，乡村全面振兴取得决定性进展。\n二、重点任务\n（一）加快网络建设\n推进千兆光网向乡村延伸，新建基站300个。\n")
    doc = pipe.analyze(text)
    by = _targets(doc)
    assert ("到2025年", "行政村5G通达率达到90%") in by
    assert ("到2025年", "建成智慧农场20个") in by
    assert ("到2025年", "乡村网络设施明显改善") in by
    assert ("展望2035年", "乡村全面振兴取得决定性进展") in by
    assert not [t for t in by if "基站" in t[1]]  # the task section is no goal section


def test_a_goal_lead_in_the_deadline_sentence(pipe: Pipeline) -> None:
    doc = pipe.analyze("今年全县经济社会发展主要预期目标为：地区生产总值增长6%左右，城镇新增就业1.2万人，粮食产量稳定在50万吨以上。",
                       source="report.txt")
    assert [t.text for t in doc.targets] == ["地区生产总值增长6%左右", "城镇新增就业1.2万人", "粮食产量稳定在50万吨以上"]
    assert all(t.deadline.unresolved for t in doc.targets)  # no issue date, no year stated


def test_an_announced_list_on_the_next_line_and_items_without_numbers(pipe: Pipeline) -> None:
    text = ("一、2011年工作回顾\n（略）\n二、2012年工作安排\n今年经济社会发展的主要预期目标是：\n"
            "国内生产总值增长7.5％，进出口稳中提质，在优化结构的基础上，同时，城镇登记失业率控制在4.6％以内。\n")
    doc = pipe.analyze(text)
    assert [t.text for t in doc.targets] == ["国内生产总值增长7.5％", "进出口稳中提质", "城镇登记失业率控制在4.6％以内"]
    assert {t.deadline.end for t in doc.targets} == {"2012-12-31"}  # the review of 2011 dates the report


def test_a_dun_list_splits_only_into_goals_of_their_own(pipe: Pipeline) -> None:
    doc = pipe.analyze("到2025年，建成20个试点县(市、区)，形成一批符合实际、可复制可推广的模式，乡村4G深化普及、5G创新应用。")
    assert [t.text for t in doc.targets] == ["建成20个试点县（市、区）", "形成一批符合实际、可复制可推广的模式", "乡村4G深化普及", "5G创新应用"]


def test_a_goal_and_task_heading_in_brackets_is_a_goal_section(pipe: Pipeline) -> None:
    text = ("一、总体要求\n（二）目标任务。到2025年，农业现代化取得实质性进展。\n"
            "——农村改革探路者。以数字化改革撬动农村改革，乡村集成改革取得重大进展，要素市场有效激活。\n")
    got = [t.text for t in pipe.analyze(text).targets]
    assert got == ["农业现代化取得实质性进展", "乡村集成改革取得重大进展", "要素市场有效激活"]


def test_tasks_after_the_goal_sentence_are_no_targets(pipe: Pipeline) -> None:
    doc = pipe.analyze("到2025年，农村电商体系基本建成。要加快推进物流网点建设，强化人才培训。")
    assert [t.text for t in doc.targets] == ["农村电商体系基本建成"]


# --- past achievements -------------------------------------------------------------------------

def test_a_look_back_section_governs_nothing(pipe: Pipeline) -> None:
    text = ("政府工作报告\n一、2025年工作回顾\n到2025年底，全县5G基站达到1200个，提前完成目标。\n"
            "二、2026年工作安排\n到2026年底，5G基站达到1500个。\n")
    assert [t.text for t in pipe.analyze(text).targets] == ["5G基站达到1500个"]


def test_dates_before_the_issue_date_are_past(pipe: Pipeline) -> None:
    text = "关于推进农村电商的意见\n发布日期：2016年3月1日\n到2015年，电商覆盖率提高到60%。到2020年，电商覆盖率提高到90%。\n"
    assert [t.text for t in pipe.analyze(text).targets] == ["电商覆盖率提高到90%"]


def test_dates_before_the_title_plan_period_are_past(pipe: Pipeline) -> None:
    text = "某省生态环境保护“十三五”规划\n到2015年，污水处理率提高到85%。到2020年，污水处理率提高到95%。\n"
    assert [t.text for t in pipe.analyze(text).targets] == ["污水处理率提高到95%"]


# --- cited plan periods ----------------------------------------------------------------------------

def test_a_cited_plan_period_is_a_deadline_that_governs_nothing(pipe: Pipeline) -> None:
    doc = pipe.analyze("为落实《数字乡村发展行动计划（2022—2025年）》，全面提升网络覆盖水平。")
    assert [(d.text, d.start, d.end) for d in doc.deadlines] == [("2022—2025年", "2022-01-01", "2025-12-31")]
    assert doc.targets == ()


# --- indicator tables ---------------------------------------------------------------------------------

def test_a_table_one_row_a_line(pipe: Pipeline) -> None:
    text = ("某县农业农村现代化规划\n专栏1 主要指标\n指标\t2020年\t2025年\t属性\n"
            "农村互联网普及率（%）\t62\t75\t预期性\n农产品网络零售额（亿元）\t8.5\t15以上\t预期性\n"
            "化肥使用量（万吨）\t3.2\t＜3\t约束性\n")
    doc = pipe.analyze(text)
    rows = [(t.metric.indicator, t.metric.comparator, t.metric.value, t.metric.unit, t.metric.baseline, t.attribute)
            for t in doc.targets if t.metric]
    assert rows == [("农村互联网普及率", "=", 75, "%", "2020年62%", "预期性"),
                    ("农产品网络零售额", ">=", 1_500_000_000, "元", "2020年8.5亿元", "预期性"),
                    ("化肥使用量", "<", 30_000, "吨", "2020年3.2万吨", "约束性")]
    assert {t.deadline.end for t in doc.targets} == {"2025-12-31"}


def test_a_table_flattened_by_a_crawler(pipe: Pipeline) -> None:
    text = ("专栏1　主要指标指　　标2015年2020年〔累计〕属性1.质量农田灌溉水有效利用系数（%）5356预期性"
            "耕地质量等级（等）4.764.5左右-约束性2.数量新增高标准农田面积（万亩）--〔800〕约束性注：〔〕内为累计数。\n")
    doc = pipe.analyze(text)
    rows = [(t.metric.indicator, t.metric.comparator, t.metric.value, t.metric.approx, t.metric.baseline, t.attribute)
            for t in doc.targets if t.metric]
    # a group label glued to a row's indicator ("1.质量") stays: only numbering is told apart
    assert [r[0] for r in rows] == ["质量农田灌溉水有效利用系数", "耕地质量等级", "数量新增高标准农田面积"]
    assert [r[1:] for r in rows] == [("=", 56, False, "2015年53%", "预期性"), ("=", 4.5, True, "2015年4.76等", "约束性"),
                                     ("=", 8_000_000, False, None, "约束性")]


def test_an_html_table_row_is_one_clause_and_one_target(pipe: Pipeline) -> None:
    # segment (issue 14) makes each row a clause with the header row as context; extract/tables.py
    # (issue 15) reads the same rows: every row target points at its own row clause
    page = ("<h1>某县数字乡村发展规划</h1><p>专栏1 主要指标</p>"
            "<table><tr><td>指标</td><td>2020年</td><td>2025年</td><td>属性</td></tr>"
            "<tr><td>农村互联网普及率（%）</td><td>62</td><td>75</td><td>预期性</td></tr>"
            "<tr><td>益农信息社（个）</td><td>120</td><td>200以上</td><td>约束性</td></tr></table>"
            "<p>各地要加强组织领导。</p>")
    doc = pipe.analyze_raw(read_bytes(page.encode("utf-8"), "plan.html"))
    rows = [t for t in doc.targets if t.attribute]
    assert [(t.metric.indicator, t.metric.value, t.attribute) for t in rows if t.metric] == [
        ("农村互联网普及率", 75, "预期性"), ("益农信息社", 200, "约束性")]
    clauses = [doc.clauses[t.clause_index] for t in rows]
    assert [c.text.replace(" ", "").strip("|").split("|")[0] for c in clauses] == ["农村互联网普及率（%）", "益农信息社（个）"]
    assert all(c.section.endswith("指标 | 2020年 | 2025年 | 属性") for c in clauses)


# --- records ---------------------------------------------------------------------------------------

def test_target_csv_keeps_every_field(pipe: Pipeline) -> None:
    doc = pipe.analyze("关于数字乡村的通知\n今后两年，全员劳动生产率达到30万元/人左右，收入增长4.5-5%。", source="notice.txt")
    rows = [target_csv_row(target_record(doc, t)) for t in doc.targets]
    assert all(set(r) == set(TARGET_CSV_COLUMNS) for r in rows)
    assert rows[0]["title"] == "关于数字乡村的通知" and rows[0]["source"] == "notice.txt"
    assert (rows[0]["unit"], rows[0]["approx"], rows[0]["unresolved"]) == ("元/人", True, True)
    assert (rows[1]["value"], rows[1]["value_max"]) == (4.5, 5)


# --- real documents (skipped without ../shared) ----------------------------------------------------

def _real(name: str) -> Path:
    path = _shared() / name
    if not path.is_file():
        pytest.skip(f"{path} not found: set POLICYNLP_SHARED to the shared folder")
    return path


def test_real_indicator_table(pipe: Pipeline) -> None:
    doc = pipe.analyze(_real("realworld/022_crawl_ecoenv_protection_13th_fyp.txt"))
    rows = [t for t in doc.targets if t.attribute]
    assert len(rows) >= 15
    assert {t.attribute for t in rows} == {"预期性", "约束性"}
    forest = [t.metric for t in rows if t.metric and t.metric.indicator.endswith("森林覆盖率")]
    assert forest and (forest[0].value, forest[0].unit) == (23.04, "%")
    # the plan is dated by its title: 2015 is the past
    assert not [t for t in doc.targets if t.deadline.end and t.deadline.end < "2016"]


def test_real_work_report_goal_lead() -> None:
    path = _shared() / "unlabeled" / "policy_text.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"{path} not found: set POLICYNLP_SHARED to the shared folder")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        text = next((json.loads(line)["text"] for line in fh if '"id": "a462ca24194c"' in line or '"a462ca24194c"' in line), None)
    if text is None:
        pytest.skip("work report a462ca24194c not in this copy of unlabeled")
    doc = Pipeline(classifier=None).analyze(text)
    this_year = [t for t in doc.targets if t.deadline.text == "今年"]
    assert len(this_year) >= 6  # 主要预期目标是：地区生产总值增长4.5%，…
    assert any(t.metric and t.metric.unit == "%" and t.metric.approx for t in this_year)
    # nothing from the look-back section (一、2025年和“十四五”时期工作回顾)
    assert all(t.deadline.end is None or t.deadline.end >= "2026" for t in doc.targets)
