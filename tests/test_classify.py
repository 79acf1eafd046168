"""Labels on real seed clauses, taxonomy validation and the rule scorer's evidence."""

from __future__ import annotations

import json
from typing import Any

import pytest

from policynlp.classify.rules import RuleClassifier
from policynlp.errors import TaxonomyError
from policynlp.taxonomy import load_taxonomy, parse_taxonomy
from policynlp.types import Clause, Document


def _clause(doc: Document, startswith: str) -> Clause:
    found = [c for c in doc.clauses if c.text.startswith(startswith)]
    assert len(found) == 1, startswith
    return found[0]


def _ids(labels: tuple[object, ...]) -> set[str]:
    return {lab.id for lab in labels}  # type: ignore[attr-defined]


NOTICE_CASES = [
    ("建設一批智慧農", "smart_agriculture", "smart_agriculture_innovation"),
    ("深入實施“互聯網+”農產品出村進城", "rural_digital_industry", "new_business_models"),
    ("堅持和發展新時代“楓橋經驗”", "digital_governance", "governance_capacity"),
    ("深入實施國家文化數字化戰略", "digital_culture", "online_culture"),
    ("構建線上線下相結合的農村信息服務體系", "digital_public_services", "public_service_efficiency"),
    ("踐行“綠水青山就是金山銀山”理念", "smart_beautiful_village", "smart_green_village"),
]
QA_CASES = [
    ("依托防止返貧大數據監測平臺", None, "online_assistance"),
    ("大力推廣村級事務“陽光公開”監管平臺", "digital_governance", "governance_capacity"),
    ("鼓勵金融機構加強對智慧農業", "digital_public_services", "public_service_efficiency"),
    ("建設天空地一體化農業觀測網絡", "smart_agriculture", "smart_agriculture_innovation"),
    ("在網絡扶智方面", None, "online_assistance"),
    ("大力發展農村電商", "rural_digital_industry", "new_business_models"),
]
NO_LABEL = ["一是加強組織領導。", "二是加強政策支持。", "六是加強宣傳引導。", "充分發揮財政資金引導作用"]


@pytest.mark.parametrize(("start", "domain", "action"), NOTICE_CASES)
def test_notice_clause_labels(notice: Document, start: str, domain: str, action: str) -> None:
    c = _clause(notice, start)
    assert domain in _ids(c.domains)
    assert action in _ids(c.actions)
    top = max(c.domains, key=lambda x: x.score)
    assert top.id == domain and top.evidence


@pytest.mark.parametrize(("start", "domain", "action"), QA_CASES)
def test_qa_clause_labels(qa: Document, start: str, domain: str | None, action: str) -> None:
    c = _clause(qa, start)
    assert action in _ids(c.actions)
    if domain:
        assert domain in _ids(c.domains)


@pytest.mark.parametrize("start", NO_LABEL)
def test_generic_clauses_get_no_domain(qa: Document, start: str) -> None:
    c = _clause(qa, start)
    assert not c.domains, c.domains
    assert not c.actions, c.actions


def test_task_list_items_get_their_task(qa: Document) -> None:
    assert "agri.observation_network" in _ids(_clause(qa, "建設天空地一體化農業觀測網絡").tasks)
    assert "service.healthcare" in _ids(_clause(qa, "推進“互聯網+醫療健康”").tasks)
    assert "gov.village_affairs" in _ids(_clause(qa, "提升村級事務管理智慧化水平").tasks)


def test_rules_work_on_both_scripts() -> None:
    r = RuleClassifier()
    from policynlp.clean import to_simplified

    simp = r.predict(["推进农村生活污水处理设施运行在线监测"])[0]
    trad = r.predict([to_simplified("推進農村生活污水處理設施運行在線監測")])[0]
    assert _ids(simp[0]) == _ids(trad[0]) == {"smart_beautiful_village"}
    assert "green.living_environment" in _ids(simp[2])


def test_taxonomy_rejects_duplicates() -> None:
    tax = load_taxonomy()
    assert tax.str2int("domain", "digital_culture") == 3
    assert tax.int2str("action", 7) == "online_assistance"
    with pytest.raises(KeyError):
        tax.str2int("domain", "nope")
    raw = json.loads(json.dumps({"domains": [{"id": "a", "name": "x"}, {"id": "a", "name": "y"}], "actions": [{"id": "b", "name": "z"}]}))
    with pytest.raises(TaxonomyError):
        parse_taxonomy(raw)


def test_a_word_inside_a_longer_word_of_another_theme_is_no_evidence() -> None:
    r = RuleClassifier()
    sat = r.scores("推进直播卫星户户通设备升级")
    assert "biz.ecommerce" not in sat and "rural_digital_industry" not in sat  # 直播 of 直播卫星 is no live-streaming
    sale = r.scores("支持合作社开展直播销售农产品")
    assert "直播" in sale["biz.ecommerce"][1]


def test_clauses_of_other_fields_get_no_label_unless_they_are_rural() -> None:
    r = RuleClassifier()
    tax_office = r.predict(["推进电子税务局建设，实现主要涉税事项网上办理。"])[0]
    assert not any(tax_office)
    rural = r.predict(["推进涉农税费事项网上办理，方便农民群众就近办事。"])[0]
    assert "digital_governance" in _ids(rural[0])


def test_one_generic_word_does_not_name_a_topic() -> None:
    r = RuleClassifier()
    lead_in = r.predict(["各地要加强宣传教育，营造良好氛围。"])[0]
    assert not lead_in[0] and not lead_in[1]


_CITY = ["关于推进政务新媒体健康有序发展的意见", "推进政务服务“一网通办”，实现更多事项网上办理。", "加强政务新媒体内容建设。",
         "建立健全安全管理制度。", "各地区要加强组织领导。", "推动政府网站集约化建设。"]


def test_a_document_not_about_villages_keeps_only_labels_of_rural_clauses() -> None:
    from policynlp.pipeline import Pipeline

    pipe = Pipeline(classifier=RuleClassifier())
    city = pipe.analyze("\n".join(_CITY))
    assert city.facts["rural_context"] is False
    assert not any(c.domains or c.actions for c in city.clauses)
    mixed = pipe.analyze("\n".join([*_CITY, "推进涉农政务服务事项向村级便民服务站延伸，实现网上办理。"]))
    labeled = [c for c in mixed.clauses if c.domains]
    assert [c.text[:6] for c in labeled] == ["推进涉农政务"]
    village = pipe.analyze("\n".join(["关于推进乡村数字治理的通知", *_CITY[1:]]))
    assert "rural_context" not in village.facts
    assert "digital_governance" in _ids(village.clauses[1].domains)


def test_a_hint_word_inside_a_compound_is_no_digital_context() -> None:
    r = RuleClassifier()
    assert "digital_public_services" not in r.scores("完善覆盖城乡的三级养老服务网络")
    assert "digital_public_services" in r.scores("建设覆盖城乡的养老服务信息平台")


def test_who_is_responsible_and_how_work_is_organised_get_no_label() -> None:
    r = RuleClassifier()
    agencies = r.predict(["（农业农村部、发展改革委、财政部、自然资源部、人民银行等负责）"])[0]
    assert not any(agencies)
    leadership = r.predict(["各地区要充分认识改善农村人居环境的重要意义，切实加强组织领导。"])[0]
    assert not leadership[0]
    substance = r.predict(["推进农村生活垃圾分类和生活污水治理，改善农村人居环境。"])[0]
    assert _ids(substance[0]) == {"smart_beautiful_village"}


def test_farm_machinery_research_without_digital_content_is_not_smart_agriculture() -> None:
    r = RuleClassifier()
    plain = r.predict(["加快丘陵山区适用小型农机装备研发，提升关键技术水平。"])[0]
    assert "smart_agriculture_innovation" not in _ids(plain[1])
    smart = r.predict(["加快农业传感器和智能农机装备研发，提升关键技术水平。"])[0]
    assert "smart_agriculture_innovation" in _ids(smart[1])


GUIDELINE_PHRASES = [  # TAXONOMY.md, "How to label": recurring phrases
    ("守住两条底线，扎实推进乡村发展。", {"smart_agriculture"}, {"smart_agriculture_innovation", "online_assistance"}),
    ("筑牢数字乡村发展底座。", set(), {"infrastructure_upgrade"}),
    ("提升农民数字素养与技能。", set(), {"online_assistance"}),
    ("深入推进信息进村入户工程。", {"digital_public_services"}, {"public_service_efficiency"}),
    ("加快推进智慧广电乡村工程建设。", {"digital_culture"}, {"online_culture", "infrastructure_upgrade"}),
]


@pytest.mark.parametrize(("text", "domains", "actions"), GUIDELINE_PHRASES)
def test_recurring_phrases_of_the_guideline(text: str, domains: set[str], actions: set[str]) -> None:
    d, a, _ = RuleClassifier().predict([text])[0]
    assert _ids(d) == domains
    assert actions <= _ids(a) | _ids(d)


def test_grain_security_alone_is_no_digital_topic() -> None:
    d, a, _ = RuleClassifier().predict(["保障国家粮食安全，稳定粮食播种面积。"])[0]
    assert not d and not a


def test_the_seed_documents_are_rural_and_keep_their_labels(notice: Document, qa: Document) -> None:
    for doc in (notice, qa):
        assert doc.facts["rural_share"] >= 0.25 and "rural_context" not in doc.facts
        assert sum(1 for c in doc.clauses if c.domains or c.actions) >= 10


def test_lexicon_sets_are_resolved_once_and_checked() -> None:
    from policynlp.taxonomy import resolve_sets

    sets = resolve_sets({"base": ["数字", "平台"], "wide": ["@base", "物流", "数字"]})
    assert sets["wide"] == ("数字", "平台", "物流")  # included set first, no duplicate
    with pytest.raises(TaxonomyError, match="includes itself"):
        resolve_sets({"a": ["@b"], "b": ["@a"]})
    with pytest.raises(TaxonomyError, match="no word set"):
        resolve_sets({"a": ["@missing"]})


def test_taxonomy_refers_to_lexicon_sets_instead_of_copies() -> None:
    from importlib import resources

    raw = json.loads(resources.files("policynlp.resources").joinpath("taxonomy.json").read_text("utf-8"))
    tax = load_taxonomy()
    groups = [g for lab in (*raw["domains"], *raw["actions"], *(t for a in raw["actions"] for t in a["tasks"]))
              for g in lab.get("requires", [])]
    # every gate starts from a named set: adding a digital cue word is one edit in lexicon.json
    assert groups and all(g[0].startswith("@") for g in groups)
    gov = next(lab for lab in tax.domains if lab.id == "digital_governance")
    assert set(tax.words("digital_core")) <= set(gov.requires[0])
    with pytest.raises(TaxonomyError):
        parse_taxonomy({"domains": [{"id": "x", "name": "x", "requires": [["@nope"]]}], "actions": [{"id": "y", "name": "y"}]}, {})


def test_a_cue_inside_a_compound_of_another_sense_is_no_evidence() -> None:
    r = RuleClassifier()
    assert r.scores("建设返乡创业园，完善配套设施。") == {}  # 创业 of a business park is no employment service
    assert "service.social_security" in r.scores("提升农村就业创业服务信息化水平。")
    assert r.scores("行政村道路通达率达到100%。") == {}  # roads reaching villages
    assert "infrastructure_upgrade" in r.scores("行政村5G通达率达到80%。")


def test_cues_of_another_sense_found_by_the_audit_are_no_evidence() -> None:
    from policynlp.classify.rules import RuleClassifier

    rules = RuleClassifier()
    assert "governance_capacity" not in rules.scores("实现环境监管网格化管理。")
    assert "digital_governance" not in rules.scores("建立贫困地区农产品滞销预警机制。")
    assert "smart_agriculture" not in rules.scores("建立生态遥感监测体系。")
    assert "smart_agriculture" in rules.scores("建立农业遥感监测体系，推进智慧农业。")


def test_the_label_gate_reads_the_classifiers_own_rule_scores() -> None:
    from policynlp.classify.rules import RuleClassifier
    from policynlp.pipeline import Pipeline

    rules = RuleClassifier()
    texts = ["推进农村电商发展。", "建设益农信息社。", "加强组织领导。"]
    first = rules.predict_scores(texts)
    again = rules.predict_scores(texts[1:])  # a document's clauses of the batch just scored
    assert again == first[1:] and again[0] is first[1]  # not scanned twice
    assert rules.predict_scores(["推进智慧农业。"])[0] == RuleClassifier().scores("推进智慧农业。")
    pipe = Pipeline(classifier=rules)
    assert pipe.structure.scorer is rules


def test_a_domain_and_its_paired_action_go_together() -> None:
    from policynlp.classify.rules import to_labels

    tax = load_taxonomy()
    thr = {"domain": 0.5, "action": 0.55, "task": 0.55}
    # the domain passed, its action did not: the action comes with the domain's score and evidence,
    # but the action's task below it does not ride along (a task needs an action that passed itself)
    d, a, t = to_labels(tax, {"smart_agriculture": (0.7, ("智慧农场",)), "smart_agriculture_innovation": (0.3, ()),
                              "agri.big_data": (0.6, ("大数据",))}, thr)
    assert _ids(d) == {"smart_agriculture"} and _ids(a) == {"smart_agriculture_innovation"} and not t
    assert a[0].score == 0.7 and a[0].evidence == ("智慧农场",)
    # the action passed alone: the domain comes with it
    d, a, _ = to_labels(tax, {"governance_capacity": (0.8, ("村务公开",))}, thr)
    assert _ids(d) == {"digital_governance"} and _ids(a) == {"governance_capacity"}
    # green living without digital means stays a domain without an action
    d, a, _ = to_labels(tax, {"smart_beautiful_village": (0.9, ("农村厕所",))}, thr)
    assert _ids(d) == {"smart_beautiful_village"} and not a
    # ... but digital green work is green rural living: smart_green_village brings its domain, one way only
    d, a, _ = to_labels(tax, {"smart_green_village": (0.6, ("生态监测", "信息系统"))}, thr)
    assert _ids(d) == {"smart_beautiful_village"} and _ids(a) == {"smart_green_village"}
    assert d[0].score == 0.6 and d[0].evidence == ("生态监测", "信息系统")
    d, a, _ = to_labels(tax, {"smart_green_village": (0.5, ("监测",))}, thr)  # the action below its threshold brings nothing
    assert not d and not a


def test_taxonomy_rejects_a_pair_that_is_not_a_domain_and_an_action() -> None:
    from importlib import resources

    res = resources.files("policynlp.resources")
    data = json.loads(res.joinpath("taxonomy.json").read_text("utf-8"))
    lexicon = json.loads(res.joinpath("lexicon.json").read_text("utf-8"))
    assert parse_taxonomy(data, lexicon).paired  # the shipped pairs load
    data["paired"] = {"pairs": [["smart_agriculture_innovation", "smart_agriculture"]]}
    with pytest.raises(TaxonomyError, match="paired"):
        parse_taxonomy(data, lexicon)
    data["paired"] = {"pairs": [], "action_brings": [["smart_green_village", "smart_beautiful_village"]]}
    with pytest.raises(TaxonomyError, match="paired"):
        parse_taxonomy(data, lexicon)


def test_the_seeds_keep_every_domain_with_its_paired_action(notice: Document, qa: Document) -> None:
    tax = load_taxonomy()
    for doc in (notice, qa):
        for c in doc.clauses:
            have = _ids(c.domains) | _ids(c.actions)
            for dom, act in tax.paired:
                assert (dom in have) == (act in have), (c.text, dom, act)
            for dom, act in tax.action_brings:  # one way: the action brings its domain
                assert act not in have or dom in have, (c.text, dom, act)
    # the Q&A's list of actions: the item naming an action carries the domain that action works in
    item = _clause(qa, "三是新業態新模式發展行動")
    assert "rural_digital_industry" in _ids(item.domains) and "new_business_models" in _ids(item.actions)


def test_a_department_named_in_a_list_is_no_digital_evidence() -> None:
    """工业和信息化 and 政务服务数据管理 name who does the work (real-train's department lists were labeled
    digital governance and public services by their 信息化 and 数据); the same words as the work still count."""
    rules = RuleClassifier()
    listing = ("财政、工业和信息化、商务、政务服务数据管理、文化旅游、农业农村等部门"
               "应当按照各自职责做好本条例的实施工作。")
    assert rules.scores(listing) == {}
    assert "infrastructure_upgrade" in rules.scores("工业和信息化部门应当推进农村5G网络建设。")
    assert "digital_governance" in rules.scores("推进村级事务管理信息化。")


def test_a_list_of_three_or_more_departments_is_no_evidence() -> None:
    """Real-train's regulations name the departments that act (教育、生态环境、农业农村…等部门): their
    names are who works, not what the clause is about; the words of the work itself still count."""
    rules = RuleClassifier()
    listing = "卫生健康、生态环境、农业农村、文化和旅游等部门按照职责分工做好相关工作。"
    assert rules.scores(listing) == {}
    assert {"smart_beautiful_village"} <= _domains(rules, "水利、生态环境、农业农村等部门应当加强农村生活污水治理。")
    # 教育、医疗 before 等公共服务部门 are services, not a department list
    assert "digital_public_services" in rules.scores("推进教育、医疗、养老等公共服务部门上线网上办事平台。")
    # two departments are no list
    assert "smart_beautiful_village" in rules.scores("生态环境、农业农村部门开展农村黑臭水体治理。")


def test_poverty_alleviation_without_digital_means_is_online_assistance() -> None:
    """GUIDELINE decision 12: poverty-assistance clauses take online_assistance without digital means;
    the work reports of real-train say 扶贫开发 and 扶贫工作 where later texts say 脱贫攻坚."""
    rules = RuleClassifier()

    def actions(text: str) -> set[str]:
        return {a.id for a in rules.predict([text])[0][1]}

    assert "online_assistance" in actions("今年要继续抓好农村扶贫开发，提高扶贫标准。")
    assert "online_assistance" in actions("对贫困家庭学生免除学杂费。")
    assert "online_assistance" not in actions("志愿者定期开展扶贫济困、敬老助残活动。")  # charity, not poverty policy


def test_green_farming_in_a_document_not_about_villages_keeps_its_domain() -> None:
    """TAXONOMY.md puts green agriculture in smart_beautiful_village: a livestock-manure or fertilizer clause of
    a pollution regulation names rural matters by 畜禽 / 化肥 / 秸秆 even without 农 or 村."""
    from policynlp.pipeline import Pipeline

    pipe = Pipeline(classifier=RuleClassifier())
    water = ["某市水污染防治条例", "第一条 为了防治水污染，保护和改善环境，制定本条例。",
             "第二条 城镇污水处理厂应当对污水进行处理，达标排放。", "第三条 工业企业应当建设废水处理设施。",
             "第四条 禁止向河道倾倒工业废渣。", "第五条 排污单位应当安装自动监测设备。",
             "第六条 船舶应当配备防污设备。", "第七条 环境保护主管部门对水污染防治实施统一监督管理。",
             "第八条 规模畜禽养殖场应当建设畜禽粪便收集和无害化处理设施。",
             "第九条 引导种植户减少化肥和农药用量，推广有机肥替代化肥。"]
    doc = pipe.analyze("\n".join(water))
    assert doc.facts["rural_context"] is False
    green = [c.text[:3] for c in doc.clauses if "smart_beautiful_village" in _ids(c.domains)]
    assert green == ["第八条", "第九条"]  # the city's sewage plant (污水 too) names no rural matter: no label


def _domains(rules: RuleClassifier, text: str) -> set[str]:
    """The domains that pass the rules' thresholds (``scores`` lists every label any term hit)."""
    return {d.id for d in rules.predict([text])[0][0]}


def test_farm_and_village_information_services_are_found() -> None:
    rules = RuleClassifier()
    assert "smart_agriculture" in _domains(rules, "县里要搭建农业机械化信息服务平台，向农户发布农机作业需求。")
    assert "smart_agriculture" in _domains(rules, "整合涉农信息资源，为种植户提供产销信息服务。")
    assert "digital_governance" in _domains(rules, "村委会通过手机应用程序公开村务和财务收支。")
    assert "digital_governance" not in rules.scores("村委会在公开栏张贴村务和财务收支。")  # no digital means: no label


def test_rural_last_mile_delivery_is_rural_logistics() -> None:
    """TAXONOMY.md's rural_digital_industry includes rural logistics; real-train's express regulations put
    smart parcel lockers and last-mile points in villages there (and the label stays village-bound)."""
    rules = RuleClassifier()
    assert "rural_digital_industry" in _domains(rules, "支持在行政村布设智能快递柜，补齐快递末端服务短板。")
    assert "rural_digital_industry" in _domains(rules, "完善农村快递末端网点布局。")
    assert "rural_digital_industry" not in _domains(rules, "完善农村公路网络布局。")


@pytest.mark.parametrize(("text", "domain"), [
    ("镇里要开通政务新媒体账号，定期发布惠农政策。", "digital_governance"),  # 政务 + 新媒体, no listed compound
    ("村医借助手机客户端为老人做健康随访。", "digital_public_services"),
    ("乡镇法庭推行网上立案。", "digital_governance"),  # the means before its object
    ("加快推进茶叶种植数字化、智能化。", "smart_agriculture"),  # the means after its object, across a list comma
    ("推广农村河湖水质遥感巡查。", "smart_beautiful_village"),
    # village affairs kept in an information system or database (real-train: 宅基地, 村庄规划 systems)
    ("县里建成农村宅基地审批数据库。", "digital_governance"),
    ("乡镇统一使用村庄规划信息系统报送图件。", "digital_governance"),
    ("各村集体经济组织信息系统年底前上线。", "digital_governance"),
])
def test_a_digital_means_next_to_what_it_works_on_is_evidence(text: str, domain: str) -> None:
    rules = RuleClassifier()
    assert domain in _domains(rules, text)
    bare = RuleClassifier(parse_taxonomy(_shipped_taxonomy() | {"compositions": {}}, _shipped_lexicon()))
    assert domain not in _domains(bare, text)  # the listed compounds alone miss it


def test_a_means_is_no_evidence_for_a_word_it_does_not_modify() -> None:
    rules = RuleClassifier()
    # 智慧 modifies 农业; the list comma before 文化 ends it
    assert "digital_culture" not in _domains(rules, "建设一批智慧农业、文化旅游示范点。")
    # 教育 and the website are too far apart to be one thing
    assert "digital_public_services" not in _domains(rules, "县教育局牵头组织各乡镇中心学校开展暑期安全排查工作，结果报县政府网站。")
    # 线上 inside 战线 is no online means
    assert "digital_public_services" not in rules.scores("教育战线上涌现出一批优秀乡村教师。")


def test_taxonomy_rejects_a_composition_for_an_unknown_label() -> None:
    data = _shipped_taxonomy()
    assert len(parse_taxonomy(data, _shipped_lexicon()).compositions) >= 5
    data["compositions"] = {"rules": [{"label": "nope", "objects": ["教育"], "means": ["网上"], "weight": 2}]}
    with pytest.raises(TaxonomyError, match="unknown label"):
        parse_taxonomy(data, _shipped_lexicon())
    data["compositions"] = {"rules": [{"label": "digital_governance", "objects": [], "means": ["网上"], "weight": 2}]}
    with pytest.raises(TaxonomyError, match="object and means"):
        parse_taxonomy(data, _shipped_lexicon())


def _shipped_taxonomy() -> dict[str, object]:
    from importlib import resources

    return json.loads(resources.files("policynlp.resources").joinpath("taxonomy.json").read_text("utf-8"))  # type: ignore[no-any-return]


def _shipped_lexicon() -> dict[str, object]:
    from importlib import resources

    return json.loads(resources.files("policynlp.resources").joinpath("lexicon.json").read_text("utf-8"))  # type: ignore[no-any-return]


def test_telecom_and_broadcasting_in_a_rural_infrastructure_list_are_information_infrastructure() -> None:
    """GUIDELINE decision 12: broadband, mobile and broadcasting networks take infrastructure_upgrade without
    digital means; real-train's rural infrastructure lists (电网、通信、广播电视; 信息等基础设施) were missed."""
    rules = RuleClassifier()

    def actions(text: str) -> set[str]:
        return {a.id for a in rules.predict([text])[0][1]}

    assert "infrastructure_upgrade" in actions("加快山区农村电网、通信、广播电视等设施改造。")
    assert "infrastructure_upgrade" in actions("补齐偏远村组供水、供电、信息等基础设施短板。")
    assert "infrastructure_upgrade" in actions("持续改善农村水电路气信条件。")
    assert "infrastructure_upgrade" not in actions("县融媒体中心每周录制两期广播电视节目。")  # one weak cue alone
    # decision 26: broadcasting coverage of villages and power-and-telecom lists; roads are no telecom
    assert "infrastructure_upgrade" in actions("进一步提高广播电视村村通水平。")
    assert "infrastructure_upgrade" in actions("加快山区电网、通信等设施建设。")
    assert "infrastructure_upgrade" not in actions("推进公路村村通。")


def test_rural_environment_without_a_system_is_a_domain_without_the_action() -> None:
    """GUIDELINE decisions 20 and 26: 农村环境 and 农业环境 protection, 村容 and 乡村容貌 are green rural
    living (smart_beautiful_village); monitoring alone is no information system, so no smart_green_village."""
    rules = RuleClassifier()
    for text in ("持续推进农村环境综合整治。", "乡镇要抓好村容整治和绿化。", "建立农村环境质量监测制度。"):
        d, a, _ = rules.predict([text])[0]
        assert "smart_beautiful_village" in {x.id for x in d}, text
        assert "smart_green_village" not in {x.id for x in a}, text
    d, a, _ = rules.predict(["建成农村环境质量监测信息系统。"])[0]
    assert "smart_green_village" in {x.id for x in a}


def test_biogas_fertilizing_and_farm_information_services_in_law_wording() -> None:
    """GUIDELINE decision 28: rural biogas and 测土配方施肥 are green rural living without the action; an extension
    body's duty to give farm technology and information services, and a crop-pest monitoring network, are
    smart_agriculture with its action."""
    rules = RuleClassifier()

    def labels(text: str) -> tuple[set[str], set[str]]:
        d, a, _ = rules.predict([text])[0]
        return {x.id for x in d}, {x.id for x in a}

    for text in ("今年新增农村户用沼气二十万户。", "各县要全面推行测土配方施肥。"):
        d, a = labels(text)
        assert "smart_beautiful_village" in d, text
        assert "smart_green_village" not in a, text
    for text in ("（五）向种植户提供农业技术、信息服务；", "县农业部门负责维护全县农作物病虫害监测网络。"):
        d, a = labels(text)
        assert "smart_agriculture" in d and "smart_agriculture_innovation" in a, text
    assert "smart_agriculture" not in labels("（五）向入驻企业提供法律、信息服务；")[0]  # not farm information services


def test_county_commerce_is_not_digital_industry_and_farm_information_is_smart_agriculture() -> None:
    """GUIDELINE decision 33: county commerce (markets, convenience stores) without e-commerce or delivery takes
    no label; agricultural information given to farmers is a farm information service; 法治乡村 with a digital means
    is digital governance; a platform that is a forum or a body is no digital means."""
    rules = RuleClassifier()

    def labels(text: str) -> set[str]:
        d, a, _ = rules.predict([text])[0]
        return {x.id for x in d} | {x.id for x in a}

    assert not labels("完善县域商业体系，改造提升一批乡镇农贸市场。")
    assert "rural_digital_industry" in labels("完善县域商业体系，发展农村电商和快递进村。")  # e-commerce keeps it
    got = labels("（三）为农户和家庭农场提供农业信息、农资供应服务；")
    assert "smart_agriculture" in got and "smart_agriculture_innovation" in got
    assert "smart_agriculture" not in labels("（三）为入驻企业提供政策信息、法律咨询服务；")  # no farm matter
    # rule of law in villages with a digital means is digital governance (decision 25's compositions)
    assert "digital_governance" in labels("县人民政府应当为法治乡村建设提供信息化支撑。")
    assert not labels("深入推进法治乡村建设，开展民主法治示范村创建。")
    # a platform that is a forum or a body is no digital means; an online one still is
    assert not labels("乡镇人民政府应当搭建农村劳动力与用人单位的沟通平台，拓宽就近就业渠道。")
    assert not labels("加强乡镇矛盾纠纷调处化解平台建设，完善村级调解机制。")
    assert "digital_governance" in labels("建设乡村矛盾纠纷在线调处平台，推行网上调解。")


def test_compositions_reach_livestock_soil_contracts_and_information_technology() -> None:
    """Decision 25's compositions with more objects and means of TAXONOMY.md's fields: livestock and animal
    disease reporting is smart farming, a soil or straw information platform is ecological protection
    informatization, contract records online are village affairs; 信息技术 and 直报 are digital means."""
    rules = RuleClassifier()

    def labels(text: str) -> set[str]:
        d, a, _ = rules.predict([text])[0]
        return {x.id for x in d} | {x.id for x in a}

    assert {"smart_agriculture", "smart_agriculture_innovation"} <= labels("推行生猪规模养殖场直联直报。")
    assert "smart_agriculture" in labels("以现代信息技术提升动物疫病监测预警能力。")
    assert "smart_agriculture" in labels("促进信息技术与农业生产深度融合。")
    assert "smart_green_village" in labels("建设秸秆资源信息平台，推动秸秆综合利用。")
    assert "digital_governance" in labels("健全农村土地承包合同网签制度。")
    # the object without a digital means, or the means far from it, is no evidence
    assert not labels("做好生猪养殖场的动物疫病强制免疫。")
    assert "smart_agriculture" not in labels("加强信息技术人员培训，改善农村道路和农田水利设施条件。")


def test_networks_that_are_not_digital_and_social_assistance() -> None:
    """GUIDELINE decision 29: road, transport and first-aid networks are no information networks; low-income
    people under social assistance are not poverty assistance unless rural; a spirit is no measure."""
    rules = RuleClassifier()

    def labels(text: str) -> set[str]:
        d, a, _ = rules.predict([text])[0]
        return {x.id for x in d} | {x.id for x in a}

    assert not labels("优化全县农村公路网络布局，构建城乡一体的交通网络。")
    assert "digital_public_services" not in labels("完善乡镇急救网络，每个乡镇卫生院配备一辆救护车。")
    assert "infrastructure_upgrade" in labels("推进自然村通网络，实现光纤到户。")  # 村村通 of the internet stays
    assert "online_assistance" not in labels("做好城市低收入人口救助帮扶，按时足额发放低保金。")
    assert "online_assistance" in labels("完善农村低收入人口常态化帮扶机制。")
    assert "online_assistance" not in labels("大力弘扬脱贫攻坚精神，开展道德模范评选。")


def test_precision_fertilizing_without_digital_means_is_no_smart_agriculture() -> None:
    """GUIDELINE decision 28: 精准施肥 in a fertilizer-reduction article is green farming; with a digital means it
    is production digitization."""
    rules = RuleClassifier()

    def labels(text: str) -> set[str]:
        d, a, _ = rules.predict([text])[0]
        return {x.id for x in d} | {x.id for x in a}

    plain = labels("各乡镇应当推广测土配方施肥、精准施肥等技术，减少化肥施用量。")
    assert "smart_beautiful_village" in plain and "smart_agriculture_innovation" not in plain
    assert "smart_agriculture_innovation" in labels("依托物联网和遥感数据开展精准施肥。")


def test_poverty_vocabulary_after_2021_is_online_assistance() -> None:
    """GUIDELINE decision 30: 脱贫地区, 乡村振兴重点帮扶县, 易地搬迁 follow-up and 东西部协作 alone take online_assistance."""
    rules = RuleClassifier()

    def actions(text: str) -> set[str]:
        return {a.id for a in rules.predict([text])[0][1]}

    for text in ("继续支持乡村振兴重点帮扶县发展特色产业。", "做好易地搬迁后续扶持工作。", "深化闽宁东西部协作。",
                 "推动脱贫地区特色产业提档升级。"):
        assert "online_assistance" in actions(text), text
    assert "online_assistance" not in actions("推动东西部地区协调发展，优化区域布局。")


def test_digital_village_fields_named_by_their_plan_names() -> None:
    """GUIDELINE decision 31: 乡村数字经济 and 乡村产业数字化 name rural digital industry, 农业全产业链数字化
    farm production digitization; 产业数字化 of a city's economy and the share of 农业农村数字经济 name neither."""
    rules = RuleClassifier()

    def labels(text: str) -> set[str]:
        d, a, t = rules.predict([text])[0]
        return {x.id for x in (*d, *a, *t)}

    for text in ("壮大乡村数字经济，拓宽农民增收渠道。", "县里把乡村数字经济列为今年的三项重点之一。", "稳步推进乡村产业数字化。"):
        got = labels(text)
        assert {"rural_digital_industry", "new_business_models"} <= got, text
    assert {"smart_agriculture", "agri.production_digitization"} <= labels("推动水稻、茶叶等农业全产业链数字化。")
    assert not labels("推动数字产业化和产业数字化，建设数字经济标杆城市。")
    assert "rural_digital_industry" not in labels("到2025年，农业农村数字经济占农业增加值比重达到15%。")


def test_digital_words_count_only_in_the_phrase_of_what_they_digitize() -> None:
    """GUIDELINE decision 32: services, governance, culture and traditional infrastructure need their
    digital word in the same phrase (between ，；。：) as their own evidence, not anywhere in the clause."""
    rules = RuleClassifier()
    scoped = {lab.id for lab in rules.tax.all if lab.requires_scope == "phrase"}
    assert {"digital_public_services", "digital_governance", "digital_culture", "infra.traditional_digitization"} <= scoped
    data: Any = _shipped_taxonomy()
    for entry in [*data["domains"], *data["actions"], *(t for a in data["actions"] for t in a.get("tasks", []))]:
        entry.pop("requires_scope", None)
    whole = RuleClassifier(parse_taxonomy(data, _shipped_lexicon()))  # the context anywhere in the clause
    # a list of works: the digital village is one item, the services, the village groups, the museums another
    for text, label in (("完善农村电网，提速建设数字乡村，优化教育、医疗、养老等服务供给。", "digital_public_services"),
                        ("加强村级组织建设，推动乡村治理规范化，推进数字乡村建设。", "digital_governance"),
                        ("推进村史馆、农耕文化展示馆建设，发展智慧农业。", "digital_culture")):
        assert label in _domains(whole, text), text
        assert label not in _domains(rules, text), text
    assert "infrastructure_upgrade" in {x.id for x in whole.predict(["实施农村公路提升行动，完善农村电网，提速建设数字乡村。"])[0][1]}
    assert "infrastructure_upgrade" not in {x.id for x in rules.predict(["实施农村公路提升行动，完善农村电网，提速建设数字乡村。"])[0][1]}
    # the digital word and the thing in one phrase still count, also after a comma
    assert "digital_public_services" in _domains(rules, "建设乡村教育信息化平台，提升农村学校办学水平。")
    assert "digital_governance" in _domains(rules, "依托村级综治中心，建设乡村治理数字化平台。")
    assert "infrastructure_upgrade" in {x.id for x in rules.predict(["推进农村公路数字化改造。"])[0][1]}
    # where the field itself stands in a digital phrase, the items of the next phrase are its tasks
    d, _a, t = rules.predict(["推进乡村民生信息化，构建农村金融、社保等公共服务体系。"])[0]
    assert "digital_public_services" in {x.id for x in d}
    assert {"service.inclusive_finance", "service.social_security"} <= {x.id for x in t}
    # 服务网络 is dropped as a non-digital compound; its phrase still holds the evidence 公共法律服务 and 平台
    assert "digital_public_services" in _domains(rules, "统筹建设乡村公共法律服务网络平台，方便村民咨询。")
    # a non-digital compound that holds punctuation itself shifts the phrases: no error, the clause's own phrases
    data = _shipped_taxonomy()
    data["not_digital"] = ["服务网络，", *data["not_digital"]]
    odd = RuleClassifier(parse_taxonomy(data, _shipped_lexicon()))
    assert "digital_public_services" in _domains(odd, "建设乡村教育信息化平台，完善村级服务网络，提升农村学校办学水平。")
    data = _shipped_taxonomy()
    data["domains"][0]["requires_scope"] = "sentence"
    with pytest.raises(TaxonomyError, match="requires_scope"):
        parse_taxonomy(data, _shipped_lexicon())


def test_an_organisational_word_damps_only_the_labels_of_its_own_phrase() -> None:
    """考核, 组织领导, 宣传 halve a label's score where they share a phrase with its evidence (the topic is
    named in passing), not where a long sentence of results names assessment in another phrase."""
    rules = RuleClassifier()
    factor = rules.tax.organizational_factor
    assert factor < 1.0 and "考核" in rules.tax.organizational
    plain = rules.scores("深入推进防止返贫动态监测帮扶。")["assist.poverty_gains"][0]
    # the result list: 考核 belongs to the east-west cooperation phrase, not to the monitoring one
    listed = rules.scores("深入推进防止返贫动态监测帮扶，东西部协作考核连续获得好的等次。")
    assert listed["assist.poverty_gains"][0] == pytest.approx(plain)
    assert listed["assist.linkage"][0] < rules.scores("东西部协作连续获得好的等次。")["assist.linkage"][0]
    # assessment of the monitoring itself, in the same phrase: damped as before
    same = rules.scores("将防止返贫动态监测帮扶纳入考核，推动工作落实。")["assist.poverty_gains"][0]
    assert same == pytest.approx(factor * plain)
    # a clause that is one phrase on leadership names its topic in passing
    lead = rules.scores("加强对防止返贫动态监测帮扶工作的组织领导。")
    assert lead["assist.poverty_gains"][0] < plain
