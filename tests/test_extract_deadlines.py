"""Table-driven deadline cases, written by the team (both scripts, every form, negatives)."""

from __future__ import annotations

import pytest

from policynlp.clean import to_simplified
from policynlp.extract.deadlines import find_deadlines

# (sentence, issued, expected expression, start, end)   expression None: no deadline
CASES: list[tuple[str, str | None, str | None, str | None, str | None]] = [
    ("到2025年，农村互联网普及率达到70%", None, "到2025年", None, "2025-12-31"),
    ("到2026年底，试点地区取得显著成效", None, "到2026年底", None, "2026-12-31"),
    ("2023年底前完成摸底排查", None, "2023年底前", None, "2023-12-31"),
    ("2023年6月底前上报实施方案", None, "2023年6月底前", None, "2023-06-30"),
    ("力争到2030年基本实现农业现代化", None, "力争到2030年", None, "2030-12-31"),
    ("到2035年，乡村全面振兴取得决定性进展", None, "到2035年", None, "2035-12-31"),
    ("到本世纪中叶，乡村全面振兴", None, "到本世纪中叶", None, "2050-12-31"),
    ("“十四五”时期，数字乡村建设取得重要进展", None, "“十四五”时期", "2021-01-01", "2025-12-31"),
    ("“十三五”期间，累计建成高标准农田", None, "“十三五”期间", "2016-01-01", "2020-12-31"),
    ("到“十五五”末，基本建成", None, "到“十五五”末", None, "2030-12-31"),
    ("“十五五”时期要持续推进", None, "“十五五”时期", "2026-01-01", "2030-12-31"),
    ("“十二五”期间农村宽带快速发展", None, "“十二五”期间", "2011-01-01", "2015-12-31"),
    ("《数字乡村发展行动计划》明确2022-2025年重点任务", None, "2022-2025年", "2022-01-01", "2025-12-31"),
    ("2022—2025年，每年培训农民10万人次", None, "2022—2025年", "2022-01-01", "2025-12-31"),
    ("2022至2025年实施农村电商工程", None, "2022至2025年", "2022-01-01", "2025-12-31"),
    ("2024～2026年开展试点", None, "2024～2026年", "2024-01-01", "2026-12-31"),
    ("到二〇二五年，基本建成", None, "到二〇二五年", None, "2025-12-31"),
    ("到二○三五年，全面实现", None, "到二○三五年", None, "2035-12-31"),
    ("到２０２５年，覆盖所有行政村", None, "到２０２５年", None, "2025-12-31"),
    ("到2025年末，建成一批智慧农场", None, "到2025年末", None, "2025-12-31"),
    ("2025年前全面完成改造", None, "2025年前", None, "2025-12-31"),
    ("2024年上半年完成验收", None, "2024年上半年", "2024-01-01", "2024-06-30"),
    ("2024年下半年开展评估", None, "2024年下半年", "2024-07-01", "2024-12-31"),
    ("2024年第三季度末前完成", None, "2024年第三季度末前", None, "2024-09-30"),
    ("到2024年6月，完成系统上线", None, "到2024年6月", None, "2024-06-30"),
    ("2024年9月30日前报送总结", None, "2024年9月30日前", None, "2024-09-30"),
    ("到2027年底，基本建成", None, "到2027年底", None, "2027-12-31"),
    ("争取到2028年实现全覆盖", None, "争取到2028年", None, "2028-12-31"),
    ("上半年完成试点遴选", "2024-03-13", "上半年", "2024-01-01", "2024-06-30"),
    ("第三季度完成中期评估", "2024-03-13", "第三季度", "2024-07-01", "2024-09-30"),
    ("年内完成全部任务", "2023-05-01", "年内", "2023-01-01", "2023-12-31"),
    ("今年年底前全面建成", "2023-05-01", "今年年底前", None, "2023-12-31"),
    ("明年全面推广", "2023-05-01", "明年", "2024-01-01", "2024-12-31"),
    ("明年底前完成", "2023-05-01", "明年底前", None, "2024-12-31"),
    ("今年要完成", "2025-02-01", "今年", "2025-01-01", "2025-12-31"),
    ("自印发之日起30日内报送方案", "2024-03-13", "自印发之日起30日内", "2024-03-13", "2024-04-12"),
    ("年内完成全部任务", None, "年内", None, None),
    ("明年全面推广", None, "明年", None, None),
    ("自本通知印发之日起三个月内完成", "2024-01-15", "自本通知印发之日起三个月内", "2024-01-15", "2024-04-15"),
    # traditional script
    ("到2025年，農村互聯網普及率達到70%", None, "到2025年", None, "2025-12-31"),
    ("到2026年底，試點地區數字鄉村建設取得顯著成效", None, "到2026年底", None, "2026-12-31"),
    ("2023年底前完成摸底排查", None, "2023年底前", None, "2023-12-31"),
    ("“十四五”時期，數字鄉村建設取得重要進展", None, "“十四五”時期", "2021-01-01", "2025-12-31"),
    ("“十四五”期間持續推進", None, "“十四五”期間", "2021-01-01", "2025-12-31"),
    ("力爭到2030年基本實現農業現代化", None, "力爭到2030年", None, "2030-12-31"),
    ("到本世紀中葉，鄉村全面振興", None, "到本世紀中葉", None, "2050-12-31"),
    ("2022—2025年，每年培訓農民10萬人次", None, "2022—2025年", "2022-01-01", "2025-12-31"),
    ("年內完成全部任務", "2023-05-01", "年內", "2023-01-01", "2023-12-31"),
    ("明年全面推廣", "2023-05-01", "明年", "2024-01-01", "2024-12-31"),
    ("2024年上半年完成驗收", None, "2024年上半年", "2024-01-01", "2024-06-30"),
    ("到二〇二五年，基本建成", None, "到二〇二五年", None, "2025-12-31"),
    ("2023年6月底前上報實施方案", None, "2023年6月底前", None, "2023-06-30"),
    # negatives: statistics, past events, titles, "as of" dates
    ("2025年的统计数据显示", None, None, None, None),
    ("2020年脱贫攻坚战取得全面胜利后", None, None, None, None),
    ("截至2023年底，全国农村宽带用户超过1.9亿户", None, None, None, None),
    ("截止2022年6月，已建成益农信息社", None, None, None, None),
    # a plan period in a cited title dates the plan (CONTRACT: a deadline that governs no target)
    ("《数字乡村发展行动计划（2022-2025年）》提出", None, "2022-2025年", "2022-01-01", "2025-12-31"),
    ("《数字乡村发展行动计划》提出", None, None, None, None),
    ("《“十四五”国家信息化规划》将数字乡村列为优先行动", None, None, None, None),
    ("2019年4月，中办、国办印发纲要", None, None, None, None),
    ("2021年，农村网络零售额达到2.05万亿元", None, None, None, None),
    ("自2021年起实施", None, None, None, None),
    ("2025年的統計數據顯示", None, None, None, None),
    ("截至2023年底，全國農村寬帶用戶超過1.9億戶", None, None, None, None),
    ("到2020年，已经基本完成", "2022-01-01", None, None, None),
    ("2024年，全省新增5G基站8000个", "2024-02-01", "2024年", "2024-01-01", "2024-12-31"),
    ("2023年，全省新增5G基站8000个", "2024-02-01", None, None, None),
    ("6月底前完成排查", "2024-04-02", "6月底前", None, "2024-06-30"),
    ("各单位于2024年12月10日前报送总结", None, "2024年12月10日前", None, "2024-12-10"),
    ("全年培育农村电商带头人5000名", "2024-02-26", "全年", "2024-01-01", "2024-12-31"),
    ("全年地区生产总值增长5.5%", "2024-02-26", None, None, None),
]


@pytest.mark.parametrize(("sentence", "issued", "expr", "start", "end"), CASES)
def test_deadline(sentence: str, issued: str | None, expr: str | None, start: str | None, end: str | None) -> None:
    found = find_deadlines(to_simplified(sentence), issued=issued)
    if expr is None:
        assert found == [], [sentence[f.start : f.end] for f in found]
        return
    assert len(found) >= 1
    f = found[0]
    assert sentence[f.start : f.end] == expr
    assert (f.dl_start, f.dl_end) == (start, end)
    assert f.unresolved == (end is None)


# forms found missed or wrong on real notices (issue 15): (text, issued, expression, start, end, unresolved)
REAL_FORMS: list[tuple[str, str | None, str, str | None, str | None, bool]] = [
    ("从2018年起，对新建基地连续补助3年。", None, "从2018年起", "2018-01-01", "2020-12-31", False),
    ("自2019年开始，连续三年给予奖补。", None, "自2019年开始", "2019-01-01", "2021-12-31", False),
    ("今后3年，全省新建高标准农田500万亩。", "2018-05-02", "今后3年", "2018-01-01", "2020-12-31", False),
    ("未来五年，培育农村电商带头人1万名。", "2021-03-01", "未来五年", "2021-01-01", "2025-12-31", False),
    ("今后3年，全省新建高标准农田500万亩。", None, "今后3年", None, None, True),
    ("一年打基础、两年求突破、三年大变样。", "2023-02-01", "一年", "2023-01-01", "2023-12-31", False),
    ("展望2035年，基本实现农业农村现代化。", None, "展望2035年", None, "2035-12-31", False),
    ("到“十四五”时期末，农村互联网普及率达到70%。", None, "到“十四五”时期末", None, "2025-12-31", False),
    ("“十四五”时期末，建成一批数字乡村示范县。", None, "“十四五”时期末", None, "2025-12-31", False),
    ("依照《乡村振兴战略规划（2018—2022年）》部署。", None, "2018—2022年", "2018-01-01", "2022-12-31", False),
    ("依照《乡村振兴战略规划(2018-2022)》部署。", "2019-01-01", "2018-2022", "2018-01-01", "2022-12-31", False),
    ("2023年我县将推进数字乡村建设，第二季度完成规划编制。", None, "第二季度", "2023-04-01", "2023-06-30", False),
    ("2024年，全市新建5G基站3000个，上半年完成选址。", None, "2024年", "2024-01-01", "2024-12-31", False),
    ("用3—5年时间，推动数字乡村建设取得重要进展。", "2020-06-01", "用3—5年时间", "2020-01-01", "2024-12-31", False),
    ("郑政办〔2020〕31号\n用3—5年时间，推动数字乡村建设取得重要进展。", None, "用3—5年时间", "2020-01-01", "2024-12-31", False),
    ("一、2018年工作回顾\n二、2019年政府工作任务\n今年要完成", None, "2019年", "2019-01-01", "2019-12-31", False),
]


@pytest.mark.parametrize(("text", "issued", "expr", "start", "end", "unresolved"), REAL_FORMS)
def test_real_forms(text: str, issued: str | None, expr: str, start: str | None, end: str | None, unresolved: bool) -> None:
    found = find_deadlines(text, issued=issued)
    assert [text[f.start : f.end] for f in found][:1] == [expr]
    assert (found[0].dl_start, found[0].dl_end, found[0].unresolved) == (start, end, unresolved)


@pytest.mark.parametrize(("text", "issued"), [
    ("本条例施行後十年內，應完成農地重劃。", "2020-01-01"),  # 十年內 counts years after entry into force
    ("施行后十年内完成", "2020-01-01"),
    ("近年来，农村电商快速发展。", "2020-01-01"),  # a look back, not 近N年
    ("《乡村振兴战略规划（2018—2022年）》已经完成。", "2024-01-01"),  # a cited plan already over
])
def test_real_non_deadlines(text: str, issued: str | None) -> None:
    assert [text[f.start : f.end] for f in find_deadlines(to_simplified(text), issued=issued)] == []


@pytest.mark.parametrize(("title", "text", "expected"), [
    # the title dates a plan: what its text says of years before is the past, not a goal
    ("生态环境保护“十三五”规划", "到2015年，城市污水处理率提高到85%。到2020年，生态环境质量总体改善。", ["到2020年"]),
    ("数字乡村发展行动计划（2022—2025年）", "到2020年，网络覆盖。到2023年，取得进展。", ["到2023年"]),
    # a title year is the year relative dates speak of
    ("2024年数字乡村发展工作要点", "上半年完成部署。", ["上半年"]),
])
def test_title_dates_the_document(title: str, text: str, expected: list[str]) -> None:
    full = title + "\n" + text
    found = find_deadlines(full, skip=(0, len(title)))
    assert [full[f.start : f.end] for f in found] == expected
    assert all(not f.unresolved for f in found)


def test_table_size() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize(("text", "expected"), [
    ("2019年1月1日至2020年12月31日，对就业困难人员给予培训补贴。", [("2019年1月1日至2020年12月31日", "2019-01-01", "2020-12-31")]),
    ("2018年12月30日至2019年1月1日放假调休，共3天。", []),  # an event's dates
    ("商标审查周期压减任务已于2020年底提前完成。", []),  # done, not due
    ("2024年3月1日至6月30日开展集中排查。", [("2024年3月1日至6月30日", "2024-03-01", "2024-06-30")]),
    ("2024年9月10日至12日召开全省推进会。", []),  # a meeting's dates
])
def test_date_ranges_and_past_completion(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    found = find_deadlines(text, issued="2018-12-01")
    assert [(text[f.start : f.end], f.dl_start, f.dl_end) for f in found] == expected
