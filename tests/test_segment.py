from __future__ import annotations

from policynlp.clean import clean_text
from policynlp.segment import WordSegmenter, segment
from policynlp.types import Document

DIRECTIONS = ("建設一批智慧農", "深入實施“互聯網+”農產品出村進城", "構建農文旅融合", "堅持和發展新時代“楓橋經驗”",
              "深入實施國家文化數字化戰略", "構建線上線下相結合的農村信息服務體系", "踐行“綠水青山就是金山銀山”理念")
ACTIONS = ("數字基礎設施升級行動", "智慧農業創新發展行動", "新業態新模式發展行動", "數字治理能力提升行動",
           "鄉村網絡文化振興行動", "智慧綠色鄉村打造行動", "公共服務效能提升行動", "網絡幫扶拓展深化行動")


def test_qa_questions_are_questions(qa: Document) -> None:
    questions = [c for c in qa.clauses if c.kind == "question"]
    assert len(questions) == 6
    assert questions[0].text == "一、請介紹一下出臺《行動計劃》的背景？"
    assert all(c.text.endswith("？") for c in questions)
    answer = next(c for c in qa.clauses if c.text.startswith("2020年脫貧攻堅戰"))
    assert answer.section == questions[0].text
    assert answer.kind == "statement"


def test_six_pilot_directions_start_their_own_clauses(notice: Document) -> None:
    for head in DIRECTIONS:
        assert sum(c.text.startswith(head) for c in notice.clauses) == 1, head


def test_eight_actions_sit_in_their_own_clauses(qa: Document) -> None:
    for name in ACTIONS:
        holders = [c for c in qa.clauses if name in c.text and c.kind == "list_item"]
        assert holders, name
        assert len(holders[0].text) <= len(name) + 4, holders[0].text
    tasks = [c for c in qa.clauses if c.section.startswith("三、") and c.kind == "list_item"]
    assert len(tasks) == 8 + 26


def test_title_and_dateline(notice: Document) -> None:
    assert notice.title == "中央網信辦等11部門部署開展第二批國家數字鄉村試點工作"
    assert notice.clauses[0].kind == "heading"
    assert notice.issued is None
    assert notice.facts["issued_partial"] == "--03-13"


def test_headings_levels_and_issue_date() -> None:
    text = "关于推进数字乡村建设的实施方案\n发布时间：2023-04-12\n一、总体要求\n（一）基本原则。坚持统筹推进。\n1.加强组织领导\n二是强化保障，三是加强宣传。"
    c = clean_text(text)
    st = segment(c.simplified, display=c.text)
    assert st.issued == "2023-04-12"
    kinds = [(c.kind, st.text_of(c)) for c in st.clauses]
    assert ("heading", "一、总体要求") in kinds
    assert ("heading", "（一）基本原则。") in kinds
    body = next(cl for cl in st.clauses if st.text_of(cl) == "坚持统筹推进。")
    assert body.section == "一、总体要求 > （一）基本原则"
    assert ("list_item", "二是强化保障，") in kinds and ("list_item", "三是加强宣传。") in kinds


def test_numbered_items_of_a_list_are_items_not_headings() -> None:
    text = ("第九条 各级人民政府应当将所需经费纳入本级财政预算，重点用于下列事项：\n（一）制定相关标准、规范；\n"
            "（二）公共处理设施建设改造；\n（三）组织宣传教育和信息服务。\n支持企事业单位参与设施建设。\n"
            "现提出如下意见：\n一、总体要求\n（一）加强组织领导。各地要高度重视。\n（二）强化资金保障。\n加大投入。")
    st = segment(clean_text(text).simplified)
    kinds = {st.text_of(c): (c.kind, c.section) for c in st.clauses}
    # a list that a "…下列事项：" sentence opened, its last item ending in 。 included: items of article 9
    for item in ("（一）制定相关标准、规范；", "（二）公共处理设施建设改造；", "（三）组织宣传教育和信息服务。"):
        assert kinds[item] == ("list_item", "第九条")
    assert kinds["支持企事业单位参与设施建设。"] == ("statement", "第九条")  # no item became its section
    # numbered headings after an ordinary colon stay headings, a heading ending in 。 included
    assert kinds["一、总体要求"][0] == kinds["（一）加强组织领导。"][0] == kinds["（二）强化资金保障。"][0] == "heading"
    assert kinds["加大投入。"][1].endswith("（二）强化资金保障")


def test_word_segmenter_uses_the_policy_dictionary() -> None:
    seg = WordSegmenter()
    words = seg.lcut("坚持和发展新时代枫桥经验，建设天空地一体化观测网络")
    assert "枫桥经验" in words and "天空地一体化" in words
    assert all(text == "数商兴农"[s:e] for text, s, e in seg.tokenize("数商兴农"))
