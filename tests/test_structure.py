"""Clause functions, function gating, headings governing their children, scope by the taxonomy."""

from __future__ import annotations

import numpy as np
import pytest

from policynlp.classify.context import RuralContext
from policynlp.classify.function_model import FunctionModel, features, train_function_model
from policynlp.classify.rules import RuleClassifier
from policynlp.classify.structure import HEADING_MARK, NO_LABELS, TITLE_MARK, FunctionRules, StructureRules
from policynlp.pipeline import Pipeline
from policynlp.types import LabelScore


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("本条例所称数字乡村，是指利用信息技术推动乡村发展的过程。", "statement", "definition"),
    ("为加快推进智慧农业发展，特制定本方案。", "statement", "lead_in"),
    ("各省、自治区、直辖市农业农村厅（局）：", "statement", "lead_in"),
    ("（农业农村部、商务部负责）", "statement", "responsibility"),
    ("责任单位：县农业农村局", "statement", "responsibility"),
    # a regulation's division of duties (real-train): who supervises, not what is done
    ("（三）农业农村主管部门负责全县秸秆禁烧和化肥减量工作的监督管理；", "statement", "responsibility"),
    ("第五条 县林业主管部门负责本县古树名木保护的监督管理工作。", "statement", "responsibility"),
    ("镇人民政府负责建设村级污水处理站，并指导农户改厕。", "statement", "task"),
    ("县农业农村部门负责搭建全县农业大数据平台。", "statement", "task"),
    ("以习近平新时代中国特色社会主义思想为指导，全面贯彻新发展理念。", "statement", "purpose"),
    ("当前，农村信息基础设施仍然薄弱，数字鸿沟问题突出。", "statement", "background"),
    ("各地要高度重视，加强组织领导，抓好贯彻落实。", "statement", "safeguard"),
    ("到2025年，行政村5G通达率达到80%。", "statement", "goal"),
    ("去年，全县建成益农信息社120个。", "statement", "achievement"),
    ("推进农村电商公共服务体系建设。", "statement", "task"),
    ("（三）发展农村电子商务", "heading", "heading"),
    ("责任编辑：张三", "statement", "chrome"),
    ("http://www.example.gov.cn/a.html", "statement", "chrome"),
])
def test_function_patterns(text: str, kind: str, expected: str) -> None:
    assert FunctionRules.load().function(text, kind) == expected


def _lab(*ids: str) -> tuple[LabelScore, ...]:
    return tuple(LabelScore(i, 0.9, ("词",)) for i in ids)


def test_only_substantive_functions_keep_labels() -> None:
    st = StructureRules.default(model=None, inherit=False)
    texts = ["本办法所称农村电商，是指通过互联网销售农产品。", "推进农村电商发展。"]
    labels = [(_lab("rural_digital_industry"), (), ()), (_lab("rural_digital_industry"), (), ())]
    funcs, out = st.apply(texts, ["statement", "statement"], ["", ""], labels)
    assert funcs == ["definition", "task"]
    assert out[0] == NO_LABELS and out[1][0][0].id == "rural_digital_industry"


def test_a_generic_clause_takes_its_headings_topic_and_says_so() -> None:
    st = StructureRules.default(model=None)
    texts = ["（二）大力开展村庄环境整治", "清理乱堆乱放，拆除私搭乱建。", "加强组织领导。"]
    kinds = ["heading", "statement", "statement"]
    sections = ["", "（二）大力开展村庄环境整治", "（二）大力开展村庄环境整治"]
    labels = [(_lab("smart_beautiful_village"), (), ()), NO_LABELS, NO_LABELS]
    funcs, out = st.apply(texts, kinds, sections, labels)
    inherited = out[1][0][0]
    assert inherited.id == "smart_beautiful_village" and inherited.score < 0.9
    assert all(e.startswith(HEADING_MARK) for e in inherited.evidence)
    assert funcs[2] == "safeguard" and out[2] == NO_LABELS  # organisation lines inherit nothing
    _, sub = st.apply([texts[0], "（四）加强组织领导"], ["heading", "heading"], ["", texts[0]], [labels[0], NO_LABELS])
    assert sub[1] == NO_LABELS  # nor do organisation headings


def test_a_generic_sub_heading_takes_its_parents_topic_but_does_not_pass_it_on() -> None:
    st = StructureRules.default(model=None)
    texts = ["三、深化消费扶贫", "（五）拓展销售途径", "组织开展产销对接活动。"]
    kinds = ["heading", "heading", "statement"]
    sections = ["", "三、深化消费扶贫", "三、深化消费扶贫 > （五）拓展销售途径"]
    labels = [((), _lab("online_assistance"), ()), NO_LABELS, NO_LABELS]
    _, out = st.apply(texts, kinds, sections, labels)
    assert [x.id for x in out[1][1]] == ["online_assistance"]
    assert out[2] == NO_LABELS  # inherited twice would be a guess (real-dev: −3 points of no-label accuracy)
    _, passed = StructureRules.default(model=None, label_gate=None, pass_down=True).apply(texts, kinds, sections, labels)
    assert [x.id for x in passed[2][1]] == ["online_assistance"]


def test_a_one_topic_title_lends_its_domain_to_generic_articles_only() -> None:
    st = StructureRules.default(model=None, label_gate=None)
    title, chapter = "某省农村生活污水处理设施管理条例", "第三章 运行维护"
    texts = [title, chapter, "第十五条 运维单位应当定期巡查设施。", "各级人民政府应当加强组织领导。", "第二十条 推进农村电子商务发展。"]
    kinds = ["heading", "heading", "statement", "statement", "statement"]
    sections = ["", "", chapter, chapter, chapter]
    labels = [(_lab("smart_beautiful_village"), (), ()), NO_LABELS, NO_LABELS, NO_LABELS, (_lab("rural_digital_industry"), (), ())]
    funcs, out = st.apply(texts, kinds, sections, labels)
    lent = out[2][0]
    assert [x.id for x in lent] == ["smart_beautiful_village"] and lent[0].evidence[0].startswith(TITLE_MARK)
    assert out[2][1] == () and lent[0].score < 0.9  # the domain only, weaker than the title's own
    assert out[1] == NO_LABELS  # headings lend nothing and borrow nothing from the title
    assert funcs[3] == "safeguard" and out[3] == NO_LABELS
    assert [x.id for x in out[4][0]] == ["rural_digital_industry"]  # its own words win
    # a numbered section heading opening an excerpt is no title, and neither is a two-domain one
    numbered = ["（二）农村生活污水治理", *texts[1:]]
    assert st.apply(numbered, kinds, sections, labels)[1][2] == NO_LABELS
    two = [(_lab("smart_beautiful_village", "smart_agriculture"), (), ()), *labels[1:]]
    assert st.apply(texts, kinds, sections, two)[1][2] == NO_LABELS
    off = StructureRules.default(model=None, label_gate=None, title_inherit=False)
    assert off.apply(texts, kinds, sections, labels)[1][2] == NO_LABELS


def test_roads_and_tap_water_take_nothing_from_a_title_heading_or_paragraph() -> None:
    """TAXONOMY.md: rural roads and tap water get no label; a clause on them under a 美丽乡村 title stays unlabeled,
    unless it is about making them digital (traditional-infrastructure digitization)."""
    from policynlp.classify.structure import TopicCues

    cues = TopicCues.from_taxonomy()
    assert cues.off_scope("推进农村道路和村内街巷硬化，改善农村路网状况。")
    assert cues.off_scope("建设农村集中供水工程200处。")
    assert not cues.off_scope("推进供水设施数字化改造，建设智慧水务平台。")
    assert not cues.off_scope("保持道路和建筑物外立面整洁。")  # keeping roads clean is the village environment
    st = StructureRules.default(model=None, label_gate=None)
    title, chapter = "某市美丽乡村建设条例", "第三章 美丽家园"
    texts = [title, chapter, "第三十条 各级人民政府应当推进农村道路和村内街巷硬化。", "第三十一条 村民应当保持庭院整洁。",
             "第三十二条 推进农村公路数字化改造。"]
    kinds = ["heading", "heading", "statement", "statement", "statement"]
    sections = ["", "", chapter, chapter, chapter]
    labels = [(_lab("smart_beautiful_village"), (), ()), NO_LABELS, NO_LABELS, NO_LABELS, NO_LABELS]
    _, out = st.apply(texts, kinds, sections, labels)
    assert out[2] == NO_LABELS
    assert [x.id for x in out[3][0]] == ["smart_beautiful_village"] and [x.id for x in out[4][0]] == ["smart_beautiful_village"]


def test_a_one_topic_title_lends_a_paired_domain_with_its_action() -> None:
    st = StructureRules.default(model=None, label_gate=None)
    title = "某市农村电子商务发展条例"
    texts = [title, "第十五条 县级人民政府应当完善寄递物流服务。"]
    kinds, sections = ["heading", "statement"], ["", ""]
    own = (_lab("rural_digital_industry"), _lab("new_business_models", "online_assistance"), ())
    _, out = st.apply(texts, kinds, sections, [own, NO_LABELS])
    # the domain and the action paired with it (Taxonomy.paired), not the title's other action
    assert [x.id for x in out[1][0]] == ["rural_digital_industry"]
    assert [x.id for x in out[1][1]] == ["new_business_models"] and out[1][1][0].evidence[0].startswith(TITLE_MARK)


def test_scope_follows_the_taxonomy_not_the_word_village() -> None:
    ctx = RuralContext.from_taxonomy()
    texts = ["实施国家文化数字化战略，推进文化资源数字化。", "推进政务服务一网通办。"]
    labels = [(_lab("digital_culture"), _lab("online_culture"), ()), (_lab("digital_governance"), _lab("governance_capacity"), ())]
    kept = ctx.keep_rural(texts, labels)
    assert [x.id for x in kept[0][0]] == ["digital_culture"]  # in scope without villages
    assert kept[1] == ((), (), ())  # village-bound labels need a rural word


def test_function_model_learns_and_is_saved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    texts = ["当前基础薄弱问题突出。", "目前短板明显问题较多。", "推进电商发展。", "建设益农信息社。"] * 5
    labels = ["background", "background", "task", "task"] * 5
    m = train_function_model(texts, ["statement"] * len(texts), labels, dim=1024, epochs=60)
    p = m.proba(["当前问题突出。", "推进智慧农业发展。"], ["statement", "statement"])
    cls = list(m.classes)
    assert p[0].argmax() == cls.index("background") and p[1].argmax() == cls.index("task")
    m.save(tmp_path)
    again = FunctionModel.load(tmp_path)
    assert again is not None and np.allclose(again.proba(["当前问题突出。"], ["statement"]), p[:1], atol=1e-2)
    assert features("加强", "heading", 1024) != features("加强", "statement", 1024)


def test_batched_probabilities_equal_each_clauses_own_features(monkeypatch: pytest.MonkeyPatch) -> None:
    # proba sums every clause's distinct feature ids in one pass over all clauses; with 16 ids, n-grams
    # and context names collide, and a context name given twice still counts once, as features() says
    import policynlp.classify.function_model as fm

    monkeypatch.setattr(fm, "_IDS_MAX", 5)  # the remembered ids start afresh often: the same ids again
    rng = np.random.default_rng(3)
    m = FunctionModel(rng.normal(size=(16, 3)).astype(np.float32), rng.normal(size=3).astype(np.float32),
                      ("a", "b", "c"), context=True)
    texts = ["推进智慧农业发展。", "加强", "当前问题突出，农村电商发展不足。", "。"]
    kinds = ["statement", "heading", "statement", "statement"]
    ctx = [["law=False", "S:发展", "S:发展"], [], ["P^推进", "pos=mid"], ["rel=9"]]
    want = []
    for t, k, c in zip(texts, kinds, ctx, strict=True):
        ids = features(t, k, 16, c)
        assert len(ids) == len(set(ids))
        z = m.weights[ids].sum(axis=0) + m.bias
        want.append(np.exp(z - z.max()) / np.exp(z - z.max()).sum())
    assert np.allclose(m.proba(texts, kinds, ctx), np.array(want), atol=1e-6)
    assert np.allclose(m.proba(texts[2:3], kinds[2:3], ctx[2:3]), np.array(want[2:3]), atol=1e-6)


def test_ngram_ids_hashed_together_equal_crc32_of_each_ngram() -> None:
    # own_ids hashes every clause's n-grams with numpy; the shipped weights were trained on
    # zlib.crc32 of each feature name, so the two must agree id for id, for 1- to 4-byte characters
    import zlib

    from policynlp.classify.function_model import _NUM, _YEAR, own_ids

    def one_by_one(text: str, kind: str, dim: int) -> set[int]:
        t = text.strip()
        names = [f"k={kind}", f"len={min(len(t) // 15, 8)}", f"year={bool(_YEAR.search(t))}",
                 f"num={bool(_NUM.search(t))}", f"end={t[-1:]}"]
        for n in (1, 2, 3):
            names += [t[i : i + n] for i in range(len(t) - n + 1)]
            names += ["^" + t[:6][i : i + n] for i in range(len(t[:6]) - n + 1)]
        return {zlib.crc32(x.encode("utf-8")) % dim for x in names}

    texts = ["推进智慧农业发展，到2025年达到60%。", "", "  ", "a", "é中", "𠀀𠀁农村😀电商 ab", "二、", "發展農村電商" * 3]
    kinds = ["statement", "heading", "statement", "statement", "heading", "statement", "heading", "statement"]
    for dim in (1 << 16, 97):
        rows, ids = own_ids(texts, kinds, dim)
        assert len(rows) == len(ids)
        for i, (t, k) in enumerate(zip(texts, kinds, strict=True)):
            assert set(ids[rows == i].tolist()) == one_by_one(t, k, dim), t


def test_pipeline_records_carry_function_and_section() -> None:
    text = "关于推进数字乡村建设的通知\n一、发展农村电子商务\n为推进工作，现提出如下意见。\n推进农村电商公共服务体系建设。\n"
    doc = Pipeline(classifier=RuleClassifier()).analyze(text)
    by_text = {c.text: c for c in doc.clauses}
    assert by_text["为推进工作，现提出如下意见。"].function == "lead_in"
    assert not by_text["为推进工作，现提出如下意见。"].domains
    task = by_text["推进农村电商公共服务体系建设。"]
    assert task.function == "task" and task.section == "一、发展农村电子商务"
    assert "rural_digital_industry" in {x.id for x in task.domains}


def test_green_living_needs_villages_but_ecological_informatization_does_not() -> None:
    ctx = RuralContext.from_taxonomy()
    texts = ["加快城镇生活污水处理设施建设。", "建设生态环境监测网络，推进林长制信息化。"]
    labels = [(_lab("smart_beautiful_village"), (), ()),
              (_lab("smart_beautiful_village"), _lab("smart_green_village"), ())]
    kept = ctx.keep_rural(texts, labels)
    assert kept[0] == ((), (), ())  # a city's sewage is not green rural living
    assert [x.id for x in kept[1][0]] == ["smart_beautiful_village"]  # in scope with its digital action
    assert ctx.keep_rural(["推进农村生活污水治理。"], labels[:1])[0] == labels[0]  # a rural clause keeps it


def test_function_contexts_name_heading_neighbour_and_document_kind() -> None:
    from policynlp.classify.function_model import contexts

    texts = ["第一条 为了促进发展，制定本条例。", "第二条 本条例适用于本市。", "第三条 加强保障。", "推进电商发展。"]
    ctx = contexts(texts, ["statement"] * 4, ["", "", "第五章 保障措施", "一、重点任务 > （二）保障措施"])
    assert all("law=True" in c for c in ctx)  # three articles: a law
    assert "S:保障" in ctx[2] and "S:保障" in ctx[3] and "T:重点" in ctx[3] and "T:保障" in ctx[2]
    assert "P^第二" in ctx[2] and not any(f.startswith("P^") for f in ctx[0])
    assert contexts(["推进电商发展。"], ["statement"], [""])[0][0] == "law=False"


def test_function_model_with_context_uses_the_heading(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from policynlp.classify.function_model import contexts

    texts = ["各地要加大投入力度。", "推进电商发展。"] * 10
    sections = ["三、保障措施", "二、重点任务"] * 10
    labels = ["safeguard", "task"] * 10
    ctx = contexts(texts, ["statement"] * len(texts), sections)
    m = train_function_model(texts, ["statement"] * len(texts), labels, dim=1024, epochs=60, ctx=ctx)
    assert m.context
    cls = list(m.classes)
    same = ["加大力度。", "加大力度。"]
    p = m.proba(same, ["statement"] * 2, contexts(same, ["statement"] * 2, ["三、保障措施", "二、重点任务"]))
    assert p[0][cls.index("safeguard")] > p[1][cls.index("safeguard")]  # the heading decides between equal words
    m.save(tmp_path)
    again = FunctionModel.load(tmp_path)
    assert again is not None and again.context


def test_generic_sentences_take_the_topic_of_their_paragraph_opening() -> None:
    from policynlp.classify.structure import LEAD_MARK, paragraph_starts

    texts = ["加快实施农产品出村进城工程。", "研究出台试点工作规范。", "建立试点成效评估机制。", "优化村庄布局。", "研究出台试点工作规范。"]
    text = "".join(texts[:3]) + "\n" + "".join(texts[3:])
    spans, k = [], 0
    for t in texts:
        k = text.index(t, k)
        spans.append((k, k + len(t)))
        k += len(t)
    starts = paragraph_starts(text, spans)
    assert starts == [True, False, False, True, False]
    st = StructureRules.default(model=None, label_gate=None, lead_reach=1)
    labels = [(_lab("rural_digital_industry"), _lab("new_business_models"), ()), NO_LABELS, NO_LABELS, NO_LABELS, NO_LABELS]
    _, out = st.apply(texts, ["statement"] * 5, [""] * 5, labels, starts)
    assert [x.id for x in out[1][0]] == ["rural_digital_industry"] and out[1][0][0].evidence[0].startswith(LEAD_MARK)
    assert out[2] == NO_LABELS  # beyond the reach of the opening sentence
    assert out[4] == NO_LABELS  # a new paragraph whose opening names nothing
    _, without = st.apply(texts, ["statement"] * 5, [""] * 5, labels)  # no paragraph marks: each clause on its own
    assert without[1] == NO_LABELS


def test_a_sentence_on_another_topic_or_an_article_of_a_law_takes_nothing_from_its_paragraph() -> None:
    from policynlp.classify.structure import TopicCues, is_law, paragraph_starts

    cues = TopicCues.from_taxonomy()
    assert "digital_public_services" in cues.labels("发展远程医疗服务") or "public_service_efficiency" in cues.labels("发展远程医疗服务")
    assert cues.labels("研究出台试点工作规范。") == set()
    st = StructureRules.default(model=None, label_gate=None)
    lead = (_lab("rural_digital_industry"), _lab("new_business_models"), ())
    texts = ["加快发展农村电子商务。", "加强农村留守儿童关爱服务。"]
    _, out = st.apply(texts, ["statement"] * 2, [""] * 2, [lead, NO_LABELS], [True, False])
    assert out[1] == NO_LABELS  # its own words name another topic
    law = ["第一条 为了促进发展，制定本条例。", "第二条 本条例适用于本市。", "第三条 发展农村电子商务。", "研究出台工作规范。"]
    assert is_law(law) and not is_law(texts)
    text = law[0] + law[1] + "\n" + law[2] + law[3]
    spans = [(text.index(t), text.index(t) + len(t)) for t in law]
    starts = paragraph_starts(text, spans)
    assert starts == [True, False, True, False]
    _, out = st.apply(law, ["statement"] * 4, [""] * 4, [NO_LABELS, NO_LABELS, lead, NO_LABELS], starts)
    assert out[3] == NO_LABELS  # the articles of a law stand alone
    _, out = st.apply(law[2:], ["statement"] * 2, [""] * 2, [lead, NO_LABELS], [True, False])
    assert out[1][0] and out[1][0][0].id == "rural_digital_industry"  # the same sentences outside a law do take it




def test_label_gate_learns_which_clauses_carry_labels_and_removes_weak_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from policynlp.classify.function_model import GATE_CLASSES, label_context, train_gate_model

    rules = RuleClassifier()
    texts = ["据悉，有关情况将及时通报。", "记者了解到，会议将于近日召开。", "推进农村电商公共服务体系建设。", "建设益农信息社。"] * 8
    ctx = [label_context(s) for s in rules.predict_scores(texts)]
    assert ctx[2][0].startswith("rmax=") and any(f.startswith("rl=") for f in ctx[2])
    gate = train_gate_model(texts, ["statement"] * len(texts), [i % 4 >= 2 for i in range(len(texts))], ctx, dim=2048, epochs=80)
    assert gate.classes == GATE_CLASSES and gate.context
    probe = ["据悉，有关情况将及时报告。", "推进农村电商服务站点建设。"]
    p = gate.proba(probe, ["statement"] * 2, [label_context(s) for s in rules.predict_scores(probe)])[:, 1]
    assert p[0] < 0.5 < p[1]
    gate.save(tmp_path)
    again = FunctionModel.load(tmp_path)
    assert again is not None and again.classes == GATE_CLASSES
    weak = (_lab("rural_digital_industry"), (), ())
    st = StructureRules.default(model=None, label_gate=again, scorer=rules, gate_below=0.5, gate_strong=0.7)
    _, out = st.apply(probe, ["statement"] * 2, ["", ""], [weak, weak])
    assert out[0] == NO_LABELS and out[1] == weak  # the gate takes labels only where it finds none likely
    never = StructureRules.default(model=None, label_gate=again, scorer=rules, gate_below=0.5, gate_strong=0.0)
    assert never.apply(probe, ["statement"] * 2, ["", ""], [weak, weak])[1][0] == weak  # unless the rules are sure


def test_a_clause_naming_a_label_of_the_taxonomy_passes_the_label_gate() -> None:
    rules = RuleClassifier()
    assert rules.names_label("五是乡村网络文化振兴行动，") and not rules.names_label("加强组织领导。")
    texts = ["五是乡村网络文化振兴行动，", "推进乡村文化资源数字化。"]
    labels = rules.predict(texts)
    assert all(lab[0] for lab in labels)
    always = FunctionModel.untrained(dim=64)  # a gate that finds every clause unlikely (p = 0.5 < 0.9)
    always = FunctionModel(always.weights[:, :2], always.bias[:2], ("none", "labeled"), True)
    st = StructureRules.default(model=None, label_gate=always, scorer=rules, gate_below=0.9, gate_strong=2.0)
    _, out = st.apply(texts, ["statement"] * 2, ["", ""], labels)
    assert out == labels  # the guideline labels a heading or list item that names a label
    other = rules.predict(["建设乡村网络文化阵地。"])
    assert other[0][0]  # labeled by the rules, but names no label by its name
    _, gone = st.apply(["建设乡村网络文化阵地。"], ["statement"], [""], other)
    assert gone[0] == NO_LABELS


@pytest.mark.parametrize(("text", "function"), [
    # regulations' standard articles: liability, entry into force, scope, supervision, duties, principles
    ("第六十三条 违反本条例规定，损坏污水处理设施的，由主管部门责令改正。", "safeguard"),
    ("第七十条 本条例自2021年1月1日起施行。", "chrome"),
    ("第二条 本市行政区域内美丽乡村的建设和管理，适用本条例。", "purpose"),
    ("第五十六条 市人民政府应当定期向本级人民代表大会常务委员会报告美丽乡村建设工作情况。", "safeguard"),
    ("国家机关工作人员在美丽乡村建设工作中滥用职权的，依法给予处分。", "safeguard"),
    ("市人民政府有关部门在各自职责范围内做好美丽乡村建设工作。", "responsibility"),
    ("第三条 美丽乡村建设应当坚持生态优先、因地制宜的原则。", "purpose"),
    # the first article states the purpose, after its number and at any length
    ("第一条 为了加强某地村庄生活污水治理，提高处理能力，保障处理设施正常运行，改善村庄人居环境和生态环境，"
     "推动美丽乡村建设，根据有关法律、行政法规的规定，结合本省实际，制定本条例。", "purpose"),
    ("第一条为促进农村电子商务发展，保障经营者和消费者的合法权益，结合本市实际，制定本条例。", "purpose"),
    # a principle the article ends on, and the articles that extend the regulation to other places
    ("第三条 村庄建设应当以政府为主导，坚持生态优先、因地制宜、建管并重的原则。", "purpose"),
    ("第三十条 城镇周边村庄的垃圾治理工作参照本条例执行。", "purpose"),
    # a working arrangement named a principle stays a measure
    ("第二十五条 村庄垃圾的收集和处置实行村收集、乡镇转运、县处置的原则。", "task"),
    # a department's area of management is a duty, not a measure; a listed condition of a penalty
    # or an eligibility article (…的；) is not a measure either
    ("乡镇人民政府负责本辖区内村庄保洁的日常管理工作，指导村民委员会开展清扫。", "responsibility"),
    ("第九条 县农业农村主管部门负责农村厕所改造的监督管理工作。", "responsibility"),
    ("（二）在村庄公共区域随意倾倒生活垃圾的；", "safeguard"),
    ("(四)未按照规定建设沼气池防护设施的。", "safeguard"),
    # a duty that names the measure it builds stays a task; a list item that is a measure stays one
    ("乡镇人民政府负责建设村级垃圾收集点，完善转运设施。", "task"),
    ("（三）推进农村生活垃圾分类处理；", "task"),
    # funding mechanisms and fraud bans of a regulation (GUIDELINE decision 18)
    ("第三十条 县级人民政府应当将村庄保洁经费列入本级财政预算。", "safeguard"),
    ("任何单位和个人不得虚报冒领、截留挪用帮扶资金。", "safeguard"),
    # an article that only raises funding, and enforcement against violations
    ("第七条 县级人民政府应当加大对村庄保洁的财政投入。", "safeguard"),
    ("乡镇人民政府应当组织日常巡查，及时发现、制止村庄建设中的违法行为。", "safeguard"),
    ("第四十条 有关部门可以采取联合执法方式，加强对违法行为的查处。", "safeguard"),
    # funding beside a measure stays a measure
    ("加大财政投入，建设农村生活污水处理设施。", "task"),
    ("申请人以弄虚作假手段取得补助的，由主管部门追回。", "safeguard"),
    # implementation lines
    ("各省（区、市）人民政府要高度重视本地区消费扶贫工作。", "safeguard"),
    ("对参与消费扶贫有突出贡献的企业，采取适当方式给予奖励激励。", "safeguard"),
    ("将消费扶贫纳入年度脱贫攻坚工作计划。", "safeguard"),
    # news and explanatory lines (written like the real ones that were read as tasks)
    # a problem statement of a work report ends on what still needs doing
    ("农村基础设施短板明显，村庄人居环境整治成果还需巩固拓展。", "background"),
    ("乡村治理水平有待进一步提高；", "background"),
    # a statement of what a field faces (面临不少困难和挑战) is background; solving what farmers face is a measure
    ("县域数字化发展仍面临不少困难和挑战，主要是投入不足、人才缺乏。", "background"),
    ("帮助农户解决生产经营中面临的困难和问题。", "task"),
    ("原标题：《某年某项工作要点》印发", "chrome"),
    ("《要点》部署了6个方面20项重点任务。", "lead_in"),
    ("某信息站又称村级信息服务站，属于某工程。", "definition"),
    ("电商帮扶是社会力量通过网络销售帮助农户增收的一种帮扶方式。", "definition"),
    ("发展农村寄递物流，是促进农产品出村进城和农民增收的重要举措。", "purpose"),
    # measures stay tasks
    ("第九条 各级人民政府应当推进农村电子商务发展。", "task"),
    ("提出3个方面的要求，推进农村电商发展。", "task"),
    ("大力实施消费扶贫，扩大贫困地区产品消费。", "task"),
    ("各级人民政府应当推进农村生活垃圾分类处理。", "task"),
])
def test_function_patterns_of_regulations_and_implementation_lines(text: str, function: str) -> None:
    assert FunctionRules.load().function(text, "statement") == function


def test_a_corrupt_function_or_gate_model_gives_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from policynlp.errors import ModelError

    FunctionModel.untrained(dim=64).save(tmp_path)
    (tmp_path / "weights.npz").write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="cannot load the model"):
        FunctionModel.load(tmp_path)
    FunctionModel.untrained(dim=64).save(tmp_path)
    (tmp_path / "classes.json").write_text('["none", "labeled"]', "utf-8")  # 12 columns, 2 classes
    with pytest.raises(ModelError, match="do not fit 2 classes"):
        FunctionModel.load(tmp_path)
    assert FunctionModel.load(tmp_path / "absent") is None


def test_the_seed_qa_through_the_shipped_structure() -> None:
    """On the Q&A seed (traditional script): the eight actions listed by name keep their labels
    past the label gate, while the implementation lines of its last section carry none."""
    from policynlp.clean import to_simplified

    from .conftest import QA

    doc = Pipeline(classifier=RuleClassifier()).analyze(QA)
    by = {to_simplified(c.text).rstrip("，、。"): c for c in doc.clauses}
    expect = {"五是乡村网络文化振兴行动": "online_culture", "推进乡村文化资源数字化": "online_culture",
              "六是智慧绿色乡村打造行动": "smart_green_village", "八是网络帮扶拓展深化行动": "online_assistance"}
    for text, action in expect.items():
        assert action in {x.id for x in by[text].actions}, text
    for text in ("一是加强组织领导", "六是加强宣传引导"):
        c = by[text]
        assert not c.domains and not c.actions and c.function == "safeguard", text


def test_another_version_of_the_data_files_replaces_the_shipped_one() -> None:
    """scripts/eval_rules_change.py compares two versions of the data files: the structure step it builds
    must use the given function patterns and the given taxonomy's cue terms, not the shipped ones."""
    import json
    from importlib import resources

    from policynlp.classify.structure import TopicCues
    from policynlp.taxonomy import parse_taxonomy

    own = FunctionRules.parse({"tests": [{"function": "background", "patterns": ["^近年来"]}]})
    st = StructureRules.default(functions=own, model=None, label_gate=None)
    text = "近年来，各地积极推进农村电商发展。"
    assert st.functions.function(text, "statement") == "background"
    assert StructureRules.default(model=None, label_gate=None).functions.function(text, "statement") != "background"

    res = resources.files("policynlp.resources")
    raw_tax = json.loads(res.joinpath("taxonomy.json").read_text("utf-8"))
    raw_lex = json.loads(res.joinpath("lexicon.json").read_text("utf-8"))
    domain = next(lab for lab in raw_tax["domains"] if lab["id"] == "digital_culture")
    domain["terms"]["试验词条"] = 3
    changed = parse_taxonomy(raw_tax, raw_lex)
    assert "digital_culture" in TopicCues.from_taxonomy(tax=changed).labels("推进试验词条建设")
    assert "digital_culture" not in TopicCues.from_taxonomy().labels("推进试验词条建设")
    assert StructureRules.default(tax=changed, model=None, label_gate=None).cues.labels("推进试验词条建设") == {"digital_culture"}
