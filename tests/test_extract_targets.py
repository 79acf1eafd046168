"""Exact target records on the real seed files."""

from __future__ import annotations

from policynlp.types import Document


def _by_deadline(doc: Document, text: str) -> list[str]:
    return [t.text for t in doc.targets if t.deadline.text == text]


def test_notice_targets_2026(notice: Document) -> None:
    assert [d.text for d in notice.deadlines] == ["到2026年底"]
    d = notice.deadlines[0]
    assert (d.start, d.end) == (None, "2026-12-31")
    assert notice.text[d.span[0] : d.span[1]] == "到2026年底"
    assert _by_deadline(notice, "到2026年底") == [
        "試點地區數字鄉村建設取得顯著成效",
        "鄉村信息化發展基礎更加夯實",
        "城鄉“數字鴻溝”加快彌合",
        "涉農數據資源實現共享互通",
        "鄉村數字化應用場景持續涌現",
        "數字經濟促進共同富裕作用凸顯",
        "鄉村振興內生動力不斷增強",
    ]


def test_qa_targets_2023_and_2025(qa: Document) -> None:
    assert _by_deadline(qa, "到2023年") == [
        "數字鄉村發展取得階段性進展",
        "網絡幫扶成效得到進一步鞏固提升",
        "農村互聯網普及率和網絡質量明顯提高",
        "農業生產信息化水平穩步提升",
        "“互聯網+政務服務”進一步向基層延伸",
        "鄉村公共服務水平持續提高",
        "鄉村治理效能有效提升",
    ]
    assert _by_deadline(qa, "到2025年") == [
        "數字鄉村發展取得重要進展",
        "鄉村4G深化普及",
        "5G創新應用",
        "農業生產經營數字化轉型明顯加快",
        "智慧農業建設取得初步成效",
        "培育形成一批叫得響、質量優、特色顯的農村電商產品品牌",
        "鄉村網絡文化繁榮發展",
        "鄉村數字化治理體系日趨完善",
    ]
    for t in qa.targets:
        assert t.metric is None
        assert qa.text[t.start : t.end].startswith(t.text[0])
    # "十四五"时期 is named in background sentences but governs no goal item
    assert not [t for t in qa.targets if "十四五" in t.deadline.text]


def test_seed_facts(notice: Document, qa: Document) -> None:
    assert (qa.facts["n_aspects"], qa.facts["n_tasks"], qa.facts["n_key_projects"]) == (8, 26, 7)
    assert notice.facts["pilot_types"] == ["领域特色型", "区域综合型", "机制共建型"]
    assert notice.facts["n_issuing_bodies"] == 11
    assert "中央网信办" in notice.issuers
    assert {"农业农村部", "国家发展改革委", "工业和信息化部"} <= set(qa.issuers)


def test_a_state_verb_after_its_subject_continues_a_goal_and_leading_an_item_does_not() -> None:
    from policynlp.pipeline import Pipeline

    pipe = Pipeline(classifier=None)
    doc = pipe.analyze("到2025年，重点区域农业面源污染得到初步控制。化肥农药减量化稳步推进，农业绿色发展成效明显。")
    assert [t.text for t in doc.targets] == ["重点区域农业面源污染得到初步控制", "化肥农药减量化稳步推进", "农业绿色发展成效明显"]
    tasks = pipe.analyze("到2025年，重点区域农业面源污染得到初步控制。推进农村电网智能化改造。")
    assert [t.text for t in tasks.targets] == ["重点区域农业面源污染得到初步控制"]


def test_a_sentence_announcing_the_goals_is_no_goal_itself() -> None:
    from policynlp.pipeline import Pipeline

    doc = Pipeline(classifier=None).analyze("到2030年，要努力实现以下主要目标：农村互联网普及率达到80%，智慧农业取得明显进展。")
    assert [t.text for t in doc.targets] == ["农村互联网普及率达到80%", "智慧农业取得明显进展"]


def test_a_goal_list_announced_after_this_years_sentence_is_governed_by_it() -> None:
    from policynlp.pipeline import Pipeline

    text = "发布时间：2026-02-03\n今年是“十五五”开局之年。主要预期目标是：经济增长5%左右，粮食产量1300亿斤以上，进出口稳量提质。"
    doc = Pipeline(classifier=None).analyze(text)
    got = [(t.deadline.text, t.deadline.end, t.text) for t in doc.targets]
    # every item of an announced goal list is a goal, those without a number too (issue 15: the
    # national work reports list "进出口稳中提质", "国际收支基本平衡" among their 预期目标)
    assert got == [("今年", "2026-12-31", "经济增长5%左右"), ("今年", "2026-12-31", "粮食产量1300亿斤以上"),
                   ("今年", "2026-12-31", "进出口稳量提质")]
    grain = doc.targets[1].metric
    assert grain is not None and (grain.comparator, grain.value, grain.unit) == (">=", 130000000000, "斤")


def test_a_lead_inside_the_first_item_is_dropped_and_the_goals_kept() -> None:
    from policynlp.pipeline import Pipeline

    doc = Pipeline(classifier=None).analyze("“十五五”时期，要努力实现以下主要目标：经济实力大幅跃升，人民生活更加幸福美好。")
    assert [t.text for t in doc.targets] == ["经济实力大幅跃升", "人民生活更加幸福美好"]


def test_news_results_and_event_months_are_not_targets() -> None:
    from policynlp.pipeline import Pipeline

    pipe = Pipeline(classifier=None)
    # a month of this year dates an event; a change against last year is a measured result
    doc = pipe.analyze("今年5月，该省出台县域数字乡村建设指南，构建由57家企业组成的服务资源池。今年1至7月，农村网络零售额同比增长15.4%。")
    assert doc.targets == ()
    assert [d.text for d in doc.deadlines if d.text.startswith("今年5月")] == []
    # a month with 底前 is still a time limit
    assert [t.text for t in pipe.analyze("今年6月底前，完成全部试点县建设。").targets] == ["完成全部试点县建设"]


def test_where_a_goal_holds_comes_with_it() -> None:
    from policynlp.pipeline import Pipeline

    pipe = Pipeline(classifier=None)
    # the place right after the deadline, without a comma
    doc = pipe.analyze("商务部表示，将实施县域商业三年行动，力争到2025年在具备条件的地区基本建立较为完善的县乡村商业网络体系。")
    assert [t.text for t in doc.targets] == ["在具备条件的地区基本建立较为完善的县乡村商业网络体系"]
    # a piece that only names where is the scope of the goal after it, not a target of its own
    doc = pipe.analyze("到2020年，东部地区、城市近郊等有条件的地区，要基本完成农村户用厕所无害化改造，卫生厕所普及率达到85%以上。")
    assert [t.text for t in doc.targets] == ["东部地区、城市近郊等有条件的地区，要基本完成农村户用厕所无害化改造", "卫生厕所普及率达到85%以上"]
