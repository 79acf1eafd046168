"""Document metadata (title, issue date, 文号, issuers), format readers, structure and chrome.

The texts below are written for these tests; the real pages are read from ../shared at test time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policynlp.batch import tag_paths
from policynlp.clean import clean_text
from policynlp.errors import IngestError
from policynlp.ingest import read_bytes
from policynlp.ingest.formats import html_text
from policynlp.pipeline import Pipeline
from policynlp.segment import segment
from policynlp.segment.meta import find_doc_number, find_issued, find_issuers
from policynlp.testing.realdata import metadata_dev, realworld, shared_dir


@pytest.fixture(scope="module")
def rules_only() -> Pipeline:
    return Pipeline(classifier=None)


def _seg(text: str):  # type: ignore[no-untyped-def]
    c = clean_text(text)
    return segment(c.simplified, display=c.text)


NOTICE = (
    "某某省人民政府办公厅关于推进\n"
    "县域数字农业示范建设的通知\n"
    "某政办发〔2023〕17号\n"
    "各市、县人民政府，省政府各部门：\n"
    "为落实《某某省数字经济促进条例》（某政发〔2021〕3号）要求，农业农村厅、财政厅、商务厅、科技厅要加强协作。现将有关事项通知如下。\n"
    "一、总体要求\n"
    "（一）工作目标。到2025年建成示范县20个。\n"
    "某某省人民政府办公厅\n"
    "二〇二三年五月八日\n"
)


def test_title_lines_are_joined_and_the_own_number_is_taken() -> None:
    st = _seg(NOTICE)
    assert st.title == "某某省人民政府办公厅关于推进县域数字农业示范建设的通知"
    assert st.doc_number == "某政办发〔2023〕17号"  # not the cited 某政发〔2021〕3号
    assert st.issued == "2023-05-08"  # Chinese-numeral signature date
    assert st.issuers == ["某某省人民政府办公厅"]  # the signer, not the four departments named
    body = next(c for c in st.clauses if st.text_of(c).startswith("到2025年"))
    assert body.section == "一、总体要求 > （一）工作目标"
    # the 文号 line and the signature are metadata, not clauses
    assert not any(st.text_of(c) in ("某政办发〔2023〕17号", "某某省人民政府办公厅", "二〇二三年五月八日") for c in st.clauses)


def test_issue_dates_from_labels_datelines_laws_and_roc_years() -> None:
    assert find_issued("某地举办培训班\n发布时间:2023-06-25 09:34\n正文。") == "2023-06-25"
    assert find_issued("某县推进数字乡村\n2022-05-23 记者从县农业农村局获悉\n正文。") == "2022-05-23"
    assert find_issued("某某条例\n（2019年3月1日某省第十三届人民代表大会常务委员会第九次会议通过　2022年7月29日修正）\n第一条") == "2022-07-29"
    assert find_issued("農村條例\n中華民國九十九年八月四日公布施行\n") == "2010-08-04"
    # an event date inside a sentence is not the issue date
    assert find_issued("某市召开推进会\n2023年12月28日，全市召开专题会议，部署有关工作。") is None


def test_doc_numbers_of_decrees_and_collapsed_pages() -> None:
    assert find_doc_number("中华人民共和国国务院令\n第888号\n现公布《某某条例》。") == "国令第888号"
    collapsed = "某部关于开展试点工作的通知某农发〔2022〕9号各省、自治区农业农村厅：为推进试点，现通知如下。"
    st = _seg(collapsed)
    assert st.title == "某部关于开展试点工作的通知"
    assert st.doc_number == "某农发〔2022〕9号"


def test_issuers_from_title_subject_and_joint_signature() -> None:
    assert find_issuers("甲部、乙部关于做好某项工作的通知\n正文。", title="甲部、乙部关于做好某项工作的通知") == ["甲部", "乙部"]
    text = "近日，甲委员会等5部门联合印发《某某行动方案》（以下简称《方案》），提出……。"
    assert find_issuers(text, title=None) == ["甲委员会"]


def test_markdown_headings_comments_and_articles(rules_only: Pipeline) -> None:
    md = "# 某某促进法\n\n2020年1月1日 某届全国人民代表大会常务委员会第五次会议通过\n\n<!-- INFO END -->\n\n## 第一章　总则\n\n第一条　为了促进某事业，制定本法。\n\n第二条　本法适用于下列活动：\n\n（一）甲活动；\n\n（二）乙活动。\n\n## 第二章　附则\n\n第三条　本法自公布之日起施行。\n"
    doc = rules_only.analyze_raw(read_bytes(md.encode("utf-8"), "law.md"))
    assert doc.title == "某某促进法"
    assert doc.issued == "2020-01-01"
    assert "INFO" not in doc.text and "<!" not in doc.text
    sections = {c.text: c.section for c in doc.clauses}
    assert sections["第一条为了促进某事业，制定本法。"] == "第一章 总则 > 第一条"
    assert sections["（二）乙活动。"] == "第一章 总则 > 第二条"  # an item of article 2, under it
    assert sections["第三条本法自公布之日起施行。"] == "第二章 附则 > 第三条"


def test_taiwan_law_json_reader(rules_only: Pipeline) -> None:
    law = {
        "法規性質": "命令", "法規名稱": "某某管理辦法", "法規網址": "https://example.invalid/law?pcode=X",
        "英文法規名稱": "Some Regulations", "最新異動日期": "20210305",
        "沿革內容": "1.中華民國一百零七年三月一日某部某字第 1070000001 號令訂定發布\r\n  全文 3 條\r\n2.中華民國一百十年三月五日某部某字第 1100000002 號令修正\r\n  發布第 2  條條文",
        "法規內容": [
            {"編章節": "第 一 章 總則"},
            {"條號": "第 1 條", "條文內容": "本辦法依某法第十條規定訂定之。"},
            {"條號": "第 2 條", "條文內容": "本辦法用詞定義如下：\r\n一、甲：指某事。\r\n二、乙：指另一事。"},
            {"條號": "第 3 條", "條文內容": "本辦法自發布日施行。"},
        ],
    }
    doc = rules_only.analyze_raw(read_bytes(json.dumps(law, ensure_ascii=False).encode("utf-8"), "law.json"))
    assert doc.title == "某某管理辦法"
    assert doc.issued == "2021-03-05"
    assert doc.doc_number == "某字第1100000002號"
    assert "https" not in doc.text and "Some Regulations" not in doc.text
    history = doc.facts["history"]
    assert isinstance(history, list) and history[0]["date"] == "2018-03-01" and "全文 3 條" in history[0]["text"].replace("全文3 條", "全文 3 條")
    sec = {c.text: c.section for c in doc.clauses}
    assert sec["二、乙：指另一事。"] == "第一章 總則 > 第2條"  # an item of article 2
    assert sec["本辦法自發布日施行。"] == "第一章 總則 > 第3條"  # list items of article 2 end with it


def test_html_headings_tables_and_contents(rules_only: Pipeline) -> None:
    page = (
        '<div class="content"><p style="text-align:center"><b>某局关于印发<br>某某方案的通知</b></p>'
        "<p>某发〔2024〕2号</p><h2>一、主要指标</h2>"
        "<table><tr><td>指标</td><td>2023年</td><td>2025年</td></tr>"
        "<tr><td>覆盖率（%）</td><td>60</td><td>80</td></tr><tr><td>示范村（个）</td><td>10</td><td>30</td></tr></table>"
        "<p>二、工作要求</p><p>各地要加强组织。</p></div>"
    )
    text = html_text(page)
    assert "# 某局关于印发某某方案的通知" in text and "| 覆盖率（%） | 60 | 80 |" in text
    doc = rules_only.analyze_raw(read_bytes(page.encode("utf-8"), "p.html"))
    assert doc.title == "某局关于印发某某方案的通知" and doc.doc_number == "某发〔2024〕2号"
    rows = [c for c in doc.clauses if c.text.startswith("|")]
    assert [r.text.replace(" ", "") for r in rows] == ["|覆盖率（%）|60|80|", "|示范村（个）|10|30|"]  # one clause a row
    assert all(r.section == "一、主要指标 > 指标 | 2023年 | 2025年" for r in rows)  # the header is context
    toc = "某某规划\n目录\n第一章 总体要求\n第二章 重点任务\n第三章 保障措施\n第一章 总体要求\n坚持统筹推进。\n第二章 重点任务\n加快建设。\n第三章 保障措施\n加强领导。"
    st = _seg(toc)
    texts = [st.text_of(c) for c in st.clauses]
    assert texts.count("第一章总体要求") == 1  # the contents yield no clause, the chapter does
    assert next(c for c in st.clauses if st.text_of(c) == "加快建设。").section == "第二章 重点任务"


def test_garbled_text_is_an_error_naming_the_reason() -> None:
    original = "第一条　为了推进无障碍环境建设，保障社会成员平等参与社会生活，制定本条例。" * 3
    misread = original.encode("utf-8").decode("mac_cyrillic", errors="replace")
    with pytest.raises(IngestError, match="garbled text: UTF-8 text decoded as"):
        read_bytes(misread.encode("utf-8"), "bad.txt")
    assert read_bytes(original.encode("utf-8"), "good.txt").text == original


def test_page_chrome_is_dropped_by_data_and_by_shape() -> None:
    page = "下载\n打印\n全屏\n【字号：\n大\n中\n小\n】\n首页 要闻 政务 服务 互动 专题\n某县数字乡村建设方案\n加快建设益农信息社。"
    c = clean_text(page)
    assert c.simplified.split() == ["某县数字乡村建设方案", "加快建设益农信息社。"]


def test_the_same_input_twice_gives_one_document_record(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(NOTICE, "utf-8")
    (src / "copy.txt").write_text(NOTICE, "utf-8")
    out = tmp_path / "out"
    tag_paths([src / "a.txt", src / "a.txt", src], out, use_model=False)
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text("utf-8").splitlines()]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert len(docs) == 1 and docs[0]["doc_number"] == "某政办发〔2023〕17号"
    assert [Path(e["path"]).name for e in errors] == ["copy.txt"] and errors[0]["duplicate_of"].endswith("a.txt")


# --- measured on the real pages of ../shared (skipped when it is absent) ---------------------------------------


def _shared() -> Path:
    found = shared_dir()
    if found is None:
        pytest.skip("../shared is absent (set POLICYNLP_SHARED): the real pages are not here")
    return found


def test_metadata_dev_title_issuer_and_number_at_least_95_percent(rules_only: Pipeline) -> None:
    shared = _shared()
    if not (shared / "metadata-dev").is_dir():
        pytest.skip("../shared/metadata-dev is absent")
    for name, score in metadata_dev(shared, rules_only).items():
        assert score.total == 48
        assert score.rate >= 0.95, (name, score.misses)


def test_realworld_titles_chrome_garbled_and_law_sections(rules_only: Pipeline) -> None:
    shared = _shared()
    if not (shared / "realworld").is_dir():
        pytest.skip("../shared/realworld is absent")
    rep = realworld(shared, rules_only)
    assert rep.titles.total >= 32 and rep.titles.right >= 30, rep.titles.misses
    assert rep.chrome == []
    assert any("MOJIBAKE" in name for name in rep.garbled)
    assert rep.law_sections.rate >= 0.80


def test_hard_wrapped_plain_text_is_joined(rules_only: Pipeline) -> None:
    sentence = "各地要结合本地实际，统筹推进农村信息基础设施建设，加快提升农业生产经营数字化水平，培育一批示范县和示范村。"
    wrapped = "\n".join(sentence[i : i + 24] for i in range(0, len(sentence), 24))
    page = "某县关于推进数字乡村建设的通知\n" + "\n".join([wrapped] * 4)
    doc = rules_only.analyze_raw(read_bytes(page.encode("utf-8"), "wrapped.txt"))
    assert sum(c.text == sentence for c in doc.clauses) == 4
    # the same sentences one per line are left alone
    flat = rules_only.analyze_raw(read_bytes(("某县关于推进数字乡村建设的通知\n" + "\n".join([sentence] * 4)).encode("utf-8"), "flat.txt"))
    assert sum(c.text == sentence for c in flat.clauses) == 4


def test_aligned_text_table_rows_are_clauses_with_their_header() -> None:
    text = (
        "某县数字乡村发展指标\n"
        "指标名称        2023年      2025年\n"
        "农村宽带接入用户（万户）    12.5      15\n"
        "益农信息社（个）    180      240\n"
        "各乡镇要按年度分解落实。"
    )
    st = _seg(text)
    rows = [c for c in st.clauses if st.text_of(c).startswith("|")]
    assert [st.text_of(r).replace(" ", "") for r in rows] == ["|农村宽带接入用户（万户）|12.5|15|", "|益农信息社（个）|180|240|"]
    assert {r.section for r in rows} == {"指标名称 | 2023年 | 2025年"}
    # a list of "post：name  title" lines is a table without a header row
    names = _seg("名单如下：\n组\u3000长：甲某\u3000\u3000副省长\n副组长：乙某\u3000\u3000副秘书长\n成\u3000员：丙某\u3000\u3000厅长\n")
    assert sum(names.text_of(c).startswith("|") for c in names.clauses) == 3


def test_tag_like_text_in_a_title_is_no_breadcrumb(rules_only: Pipeline) -> None:
    body = "\n到2025年，建设智慧农场100个。"
    assert rules_only.analyze("关于推进数字乡村<svg/onload=alert(1)>建设的通知" + body).title == "关于推进数字乡村<svg/onload=alert(1)>建设的通知"
    crumbs = rules_only.analyze("首页 > 政务公开 > 关于推进数字乡村建设的通知\n关于推进数字乡村建设的通知" + body)
    assert crumbs.title == "关于推进数字乡村建设的通知"


def test_issuer_from_the_pages_own_field() -> None:
    page = "发布单位:福建农业厅时间:2013-07-23查看次数: 103\n闽农市〔2013〕220号\n各设区市农业局：\n为了贯彻落实有关意见，现通知如下。"
    assert find_issuers(page, title=None) == ["福建农业厅"]
    assert find_issuers("发文机关：国务院办公厅　成文日期：2020年1月1日\n正文。", title=None) == ["国务院办公厅"]
    # a news source is no issuer, and a title's subject comes first
    assert find_issuers("来源：新华社\n正文。", title=None) == []
    assert find_issuers("发布单位：某网站编辑部\n乙部关于某事的通知\n正文。", title="乙部关于某事的通知") == ["乙部"]


def test_real_news_and_notice_pages_of_the_digital_village_set(pipeline: Pipeline) -> None:
    """Two pages of ../shared/realworld-dv: a notice whose issuer is only in the page's own field,
    and a news repost with its 原标题 line and a count of the tasks a document set out."""
    shared = _shared()
    notice = pipeline.analyze(shared / "realworld-dv" / "035_fujian_agri_iot_demo_sites_notice.txt")
    assert notice.issuers == ("福建农业厅",) and notice.doc_number == "闽农市〔2013〕220号"
    news = pipeline.analyze(shared / "realworld-dv" / "011_network_poverty_alleviation_2019_work_points.txt")
    functions = {c.text: c.function for c in news.clauses}
    assert [f for t, f in functions.items() if t.startswith("原标题")] == ["chrome"]
    assert [f for t, f in functions.items() if "部署了7个方面25项重点任务" in t] == ["lead_in"]
    assert not any(c.domains or c.actions for c in news.clauses if c.function in ("chrome", "lead_in"))
