from __future__ import annotations

import re

from policynlp.clean import CleanText, clean_text
from policynlp.pipeline import Pipeline
from policynlp.types import Document

PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
DOUBLED = re.compile(r",[，,、。；]|[，、][，、]|。。|,(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]),")
NOISE = ("关注济源", "關注濟源", "手機瀏覽", "手机浏览", "版權所有", "版权所有", "ICP", "延伸閱讀", "延伸阅读", "網站地圖", "聯系我們", "/p>")


def _source_of(c: CleanText, raw: str, word: str) -> str:
    """The stretch of ``raw`` that the first ``word`` of the clean text maps back to."""
    k = c.text.index(word)
    s, e = c.source_span(k, k + len(word))
    return raw[s:e]


def test_pinyin_removed_and_script_kept() -> None:
    c = clean_text("數(shù)字鄉(xiāng)村")
    assert c.text == "數字鄉村"
    assert c.simplified == "数字乡村"
    assert c.script == "traditional"


def test_doubled_and_half_width_punctuation() -> None:
    assert clean_text("加強(qiáng)領導,,統籌推進,、多方參與,。").text == "加強領導，統籌推進、多方參與。"
    assert clean_text("发展目标:到2025年;基本建成").text == "发展目标：到2025年；基本建成"


def test_markup_debris_and_entities() -> None:
    assert clean_text("作出部署?! ?/p>\n下一步").text == "作出部署。\n下一步"
    assert clean_text("数字&nbsp;乡村<br/>建设").text == "数字乡村建设"


def test_phrase_markers_of_a_crawl_are_removed_and_offsets_kept() -> None:
    raw = "一@@、总体要求@@\n党的十@@八@@@@大以来@@，农村面貌@@明显改善@@。联系邮箱：ab@cd.cn"
    c = clean_text(raw)
    assert c.text == "一、总体要求\n党的十八大以来，农村面貌明显改善。联系邮箱：ab@cd.cn"  # a single @ stays
    assert _source_of(c, raw, "农村面貌") == "农村面貌"


def test_noise_lines_are_dropped_but_offsets_still_point_into_text() -> None:
    raw = "关注本网微信\n一、总体要求\n到2025年，基本建成。\n延伸阅读\n关于我们 联系我们 网站地图\n京ICP备12024993号-1"
    c = clean_text(raw)
    assert "关注" not in c.text and "ICP" not in c.text and "延伸阅读" not in c.text
    i = c.text.index("到2025年")
    s, e = c.source_span(i, i + 6)
    assert raw[s:e] == "到2025年"


def test_seed_clauses_have_no_artifacts(notice: Document, qa: Document) -> None:
    for doc in (notice, qa):
        assert doc.clauses
        for c in doc.clauses:
            assert not PINYIN.search(c.text), c.text
            assert not DOUBLED.search(c.text), c.text
            assert not any(n in c.text for n in NOISE), c.text


def test_seed_clause_offsets_point_at_their_source(notice: Document, qa: Document) -> None:
    for doc in (notice, qa):
        for c in doc.clauses:
            src = doc.text[c.start : c.end]
            assert src[0] == c.text[0]
            # the clean text is a subsequence of its source span (artifacts only removed or normalized)
            it = iter(src)
            normalized = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "？": "?", "。": "?"}
            for ch in c.text:
                assert any(x == ch or normalized.get(ch) == x for x in it), (c.text, src)


def test_collapsed_page_breaks_at_indents_but_not_inside_spaced_words() -> None:
    # a crawl that put a whole page on one line keeps paragraph indents as runs of 　; a two-character
    # word set out to a width (指　　标, 总　　则) is no indent and stays in its line
    filler = "各地要按照要求认真做好相关工作，确保任务落实到位。" * 12
    line = f"第一章　总　　则\u3000\u3000第一条　{filler}\u3000\u3000专栏1　主要指标指　　标2015年2020年属性森林覆盖率（%）21.66 23.04 约束性"
    out = clean_text(line).simplified
    assert "第一条" in out.splitlines()[1]
    assert "总则" in out.splitlines()[0]
    assert re.search(r"指标2015年", out)
    assert out.count("\n") == 2


def test_taiwan_wording_is_analysed_as_the_mainland_wording() -> None:
    tw = "推動農業數位轉型，建設偏鄉寬頻網路，完善農業資訊服務與遠距醫療。"
    c = clean_text(tw)
    assert c.text == tw  # the record keeps the source wording
    assert len(c.simplified) == len(tw)  # offsets stay put
    assert c.simplified == "推动农业数字转型，建设偏乡宽带网络，完善农业信息服务与远程医疗。"
    # a simplified-script text is never changed, even where it uses the same characters
    assert clean_text("数位资讯网路").simplified == "数位资讯网路"
    # 資料 alone may mean "materials": only its compounds are read as data
    assert clean_text("整理會議資料，建設資料庫").simplified == "整理会议资料，建设数据库"


def test_taiwan_wording_gets_the_labels_of_the_mainland_wording(pipeline: Pipeline) -> None:
    mainland = "加快农村宽带网络建设，推进农业信息服务数字化。"
    taiwan = "加快農村寬頻網路建設，推進農業資訊服務數位化。"
    a, b = (pipeline.analyze(t).clauses[0] for t in (mainland, taiwan))
    assert {x.id for x in a.actions} and {x.id for x in b.actions} == {x.id for x in a.actions}
    assert {x.id for x in b.domains} == {x.id for x in a.domains}


def test_pinyin_without_tone_marks_is_removed_where_it_reads_the_character() -> None:
    raw = "一、總(zong)體要求\n以(yi)新時代中(zhong)(zhong)國特色為(wei)指導，推動綠(lv)色發展。"
    c = clean_text(raw)
    assert c.text == "一、總體要求\n以新時代中國特色為指導，推動綠色發展。"
    assert _source_of(c, raw, "推動") == "推動"
    # bracketed letters that are not the character's reading stay: an English word, a list letter
    assert clean_text("下載應用(app)，見條款(a)。").text == "下載應用（app），見條款（a）。"


def test_fullwidth_digits_are_read_as_numbers(pipeline: Pipeline) -> None:
    c = clean_text("到２０２５年，全市４Ｇ覆盖率达到７８．９％。")
    assert c.text == "到２０２５年，全市４Ｇ覆盖率达到７８．９％。"  # the record keeps the source
    assert c.simplified == "到2025年，全市4G覆盖率达到78.9%。"
    assert c.script == "simplified"  # full-width digits are no sign of traditional script
    doc = pipeline.analyze("到２０２５年，全市农村４Ｇ网络覆盖率达到９８．５％。")
    assert [str(d.end) for d in doc.deadlines] == ["2025-12-31"]
    assert [(t.metric.value, t.metric.unit) for t in doc.targets if t.metric] == [(98.5, "%")]


def test_hard_wrapped_text_keeps_short_lines_apart() -> None:
    body = ("各地要加快推进农村宽带网络和第四代移动通信网络建设，持续提升乡村信息基础设施水平，推动农业生产经营数字化转型，" * 6)[:-1] + "。"
    lines = [body[i : i + 30] for i in range(0, len(body), 30)]
    raw = "\n".join(["四部门关于联合印发数字乡村标准体系建设指南的通知", *lines, "某某县农业农村局办公室"])
    c = clean_text(raw, unwrap=True)
    out = c.text.split("\n")
    # the title and the signature were not full lines: they end their paragraphs; the body is one paragraph
    assert out == ["四部门关于联合印发数字乡村标准体系建设指南的通知", body, "某某县农业农村局办公室"]


def test_wrap_width_is_measured_before_cleaning_shortens_lines() -> None:
    body = ("新华社北京电 (记者 张某 李某) 加强县域商业体系建设，是促进农民收入和农村消费双提升的重要举措，" * 5)[:-1] + "。"
    lines = [body[i : i + 30] for i in range(0, len(body), 30)]
    raw = "\r\n".join(lines)  # Windows line ends, and spaces that cleaning removes
    c = clean_text(raw, unwrap=True)
    assert "\n" not in c.text  # every line ran to the width: one paragraph
    assert c.text.startswith("新华社北京电（记者张某李某）加强县域商业体系建设")


def test_pinyin_with_a_stray_space_inside_its_brackets() -> None:
    assert clean_text("發揮信息技術(shù)創(chuàng )新的擴散效應，網絡(luò )時代").text == "發揮信息技術創新的擴散效應，網絡時代"


def test_page_numbers_are_dropped_and_a_sentence_runs_on_across_the_page_break() -> None:
    body = ("各地要加快推进农村宽带网络和第四代移动通信网络建设，持续提升乡村信息基础设施水平，推动农业生产经营数字化转型，" * 6)[:-1] + "。"
    lines = [body[i : i + 30] for i in range(0, len(body), 30)]
    pages = [*lines[:4], "", "— 2 —", "", *lines[4:8], "第3页 共5页", *lines[8:]]
    c = clean_text("\n".join(pages), unwrap=True)
    assert c.text == body  # no page number left, and no break where a page ended mid-sentence
    # a line that only looks like a page number inside a sentence stays
    assert clean_text("附件：比例为1/2的项目。\n— 3 —").text == "附件：比例为1/2的项目。\n"


def test_letter_spaced_lines_are_closed_up() -> None:
    raw = "广 东 省 财 政 厅\n2 0 2 1 年 2 月 2 4 日\n到 2 0 2 5 年 ， 覆 盖 率 达 到 7 8 . 9 % 。\nThis is a line of English, 5 G included."
    c = clean_text(raw)
    assert c.text.split("\n")[:3] == ["广东省财政厅", "2021年2月24日", "到2025年，覆盖率达到78.9%。"]
    assert c.text.split("\n")[3] == "This is a line of English, 5 G included."  # words, not letters, are spaced
    assert _source_of(c, raw, "2025") == "2 0 2 5"


def test_invisible_characters_and_line_decoration_are_removed() -> None:
    raw = "🔥一、主要目标👍\n◆（一）加强数\u200b字乡\ufeff村建设★\n二○二二年四月\n到2025年，覆\u00ad盖率达到60%。"
    c = clean_text(raw)
    assert c.text == "一、主要目标\n（一）加强数字乡村建设\n二○二二年四月\n到2025年，覆盖率达到60%。"  # ○ as a zero stays
    assert _source_of(c, raw, "数字乡村") == "数\u200b字乡\ufeff村"
