"""Table-driven metric cases per the contract's metric conventions."""

from __future__ import annotations

import pytest

from policynlp.clean import to_simplified
from policynlp.extract.metrics import parse_metric, parse_metrics

# (phrase, indicator, comparator, value, unit, value_max, approx)
CASES = [
    ("农村互联网普及率达到60%", "农村互联网普及率", ">=", 60, "%", None, False),
    ("农村宽带用户超过1.9亿户", "农村宽带用户", ">", 190000000, "户", None, False),
    ("农村网络零售额达到5800亿元", "农村网络零售额", ">=", 580000000000, "元", None, False),
    ("培训高素质农民10万人", "培训高素质农民", "=", 100000, "人", None, False),
    ("农村自来水普及率达到三成", "农村自来水普及率", ">=", 30, "%", None, False),
    ("乡村数字化水平提升2个百分点", "乡村数字化水平提升", ">=", 2, "个百分点", None, False),
    ("农产品网络零售额超过2亿", "农产品网络零售额", ">", 200000000, None, None, False),
    ("主要农作物耕种收综合机械化率不低于75%", "主要农作物耕种收综合机械化率", ">=", 75, "%", None, False),
    ("行政村5G通达率以上", None, None, None, None, None, False),
    ("农业生产信息化率达到27%以上", "农业生产信息化率", ">=", 27, "%", None, False),
    ("县级电商公共服务中心至少1个", "县级电商公共服务中心", ">=", 1, "个", None, False),
    ("建设300个数字乡村示范村", "建设数字乡村示范村", "=", 300, "个", None, False),
    ("创建数字农业试点县50个左右", "创建数字农业试点县", "=", 50, "个", None, True),
    ("约2000个村开展试点", "村开展试点", "=", 2000, "个", None, True),
    ("化肥使用量控制在100万吨以内", "化肥使用量", "<=", 1000000, "吨", None, False),
    ("单位产值能耗比2020年下降13.5%", "单位产值能耗下降", ">=", 13.5, "%", None, False),
    ("农村居民收入比2020年翻一番", "农村居民收入", ">=", 2, "倍", None, False),
    ("网络覆盖率60%-70%", "网络覆盖率", "=", 60, "%", 70, False),
    ("网络覆盖率60%—70%", "网络覆盖率", "=", 60, "%", 70, False),
    ("农村污水治理率突破40%", "农村污水治理率", ">", 40, "%", None, False),
    ("农村宽带接入用户高于1.5亿户", "农村宽带接入用户", ">", 150000000, "户", None, False),
    ("农药使用量不超过10万吨", "农药使用量", "<=", 100000, "吨", None, False),
    ("贫困发生率下降到3%以下", "贫困发生率", "<=", 3, "%", None, False),
    ("义务教育学校宽带接入率达到100%", "义务教育学校宽带接入率", ">=", 100, "%", None, False),
    ("每万人口拥有执业医师数不低于25人", "每万人口拥有执业医师数", ">=", 25, "人", None, False),
    ("新增高标准农田1000万亩", "新增高标准农田", "=", 10000000, "亩", None, False),
    ("培育农村电商带头人5000名", "培育农村电商带头人", "=", 5000, "名", None, False),
    ("建成智慧农场100个以上", "建成智慧农场", ">=", 100, "个", None, False),
    ("益农信息社覆盖率达到80%", "益农信息社覆盖率", ">=", 80, "%", None, False),
    ("快递服务网点至少3000个", "快递服务网点", ">=", 3000, "个", None, False),
    ("农村地区用电可靠率达到99.8%", "农村地区用电可靠率", ">=", 99.8, "%", None, False),
    ("农产品加工转化率提高到80%", "农产品加工转化率", ">=", 80, "%", None, False),
    ("农产品网络零售额达到1.2万亿元", "农产品网络零售额", ">=", 1200000000000, "元", None, False),
    ("畜禽粪污综合利用率达到八成", "畜禽粪污综合利用率", ">=", 80, "%", None, False),
    ("农村卫生厕所普及率超过70%", "农村卫生厕所普及率", ">", 70, "%", None, False),
    ("村级综合服务站点覆盖率达到90%以上", "村级综合服务站点覆盖率", ">=", 90, "%", None, False),
    # traditional script
    ("農村互聯網普及率達到60%", "農村互聯網普及率", ">=", 60, "%", None, False),
    ("農村寬帶用戶超過1.9億戶", "農村寬帶用戶", ">", 190000000, "戶", None, False),
    ("農村網絡零售額達到5800億元", "農村網絡零售額", ">=", 580000000000, "元", None, False),
    ("鄉村數字化水平提升2個百分點", "鄉村數字化水平提升", ">=", 2, "個百分點", None, False),
    ("農村自來水普及率達到三成", "農村自來水普及率", ">=", 30, "%", None, False),
    # no metric
    ("数字乡村发展取得阶段性进展", None, None, None, None, None, False),
    ("培育形成一批叫得响的农村电商品牌", None, None, None, None, None, False),
    ("到第二个百年奋斗目标", None, None, None, None, None, False),
    ("城区常住人口300万以上城市公共交通出行比例达到60%", "城区常住人口300万以上城市公共交通出行比例", ">=", 60, "%", None, False),
]


@pytest.mark.parametrize(("phrase", "indicator", "comparator", "value", "unit", "value_max", "approx"), CASES)
def test_metric(phrase: str, indicator: str | None, comparator: str | None, value: float | None, unit: str | None,
                value_max: float | None, approx: bool) -> None:
    m = parse_metric(to_simplified(phrase), display=phrase)
    if comparator is None:
        assert m is None, m
        return
    assert m is not None
    assert (m.indicator, m.comparator, m.value, m.unit) == (indicator, comparator, value, unit)
    assert m.value_max == value_max
    assert m.approx == approx


def test_table_size() -> None:
    assert len(CASES) >= 40


# (phrase, indicator, comparator, value, unit, baseline): a level from A to B is B, A kept as the baseline
FROM_TO = [
    ("农业生产信息化率由25%提高到40%", "农业生产信息化率", ">=", 40, "%", "25%"),
    ("工业投资占固定资产投资比重从17.9%提升到35%", "工业投资占固定资产投资比重", ">=", 35, "%", "17.9%"),
    ("贫困发生率由10.2%下降到0.6%", "贫困发生率", "<=", 0.6, "%", "10.2%"),
    ("審查周期由22個月壓減至16個月", "審查周期", "<=", 16, "個月", "22個月"),
    ("申领条件由参保3年以上放宽至参保1年以上", "申领条件", ">=", 1, "年", "参保3年以上"),
]


@pytest.mark.parametrize(("phrase", "indicator", "comparator", "value", "unit", "baseline"), FROM_TO)
def test_from_a_to_b(phrase: str, indicator: str, comparator: str, value: float, unit: str, baseline: str) -> None:
    m = parse_metric(to_simplified(phrase), display=phrase)
    assert m is not None
    assert (m.indicator, m.comparator, m.value, m.unit, m.baseline) == (indicator, comparator, value, unit, baseline)


# forms found wrong in real plans and work reports (issue 15):
# (phrase, [(indicator, comparator, value, unit, value_max, approx)])
REAL_METRICS: list[tuple[str, list[tuple[str, str, float, str | None, float | None, bool]]]] = [
    ("主要农作物耕种收综合机械化率和秸秆综合利用率分别达到95%和85%左右",
     [("主要农作物耕种收综合机械化率", "=", 95, "%", None, True), ("秸秆综合利用率", "=", 85, "%", None, True)]),
    ("化学需氧量、氨氮排放总量分别下降10%和8%", [("化学需氧量下降", ">=", 10, "%", None, False), ("氨氮排放总量下降", ">=", 8, "%", None, False)]),
    ("全员劳动生产率达到30万元/人左右", [("全员劳动生产率", "=", 300000, "元/人", None, True)]),
    ("农田灌溉用水量不超过95立方米/公顷", [("农田灌溉用水量", "<=", 95, "立方米/公顷", None, False)]),
    ("粮食产量1600亿斤以上", [("粮食产量", ">=", 160000000000, "斤", None, False)]),
    ("地区生产总值增长4.5-5%", [("地区生产总值增长", ">=", 4.5, "%", 5, False)]),
    ("汽车零部件产业产值突破1000亿元", [("汽车零部件产业产值", ">", 100000000000, "元", None, False)]),
    ("五种重金属排放量比2013年下降27.7%", [("五种重金属排放量下降", ">=", 27.7, "%", None, False)]),
    ("煤炭消费比重压缩至58%以下", [("煤炭消费比重", "<=", 58, "%", None, False)]),
    ("用水总量分别减至6700亿立方米", [("用水总量", "<=", 670000000000, "立方米", None, False)]),
    ("单位国内生产总值能耗提高至0.5吨标准煤", [("单位国内生产总值能耗", ">=", 0.5, "吨", None, False)]),
    ("零部件企业加快转型", []),
    ("農村居民和城鎮居民收入分別增長7%、6%", [("農村居民收入增長", ">=", 7, "%", None, False), ("城鎮居民收入增長", ">=", 6, "%", None, False)]),
    # a short subject takes the head noun it shares with the last one
    ("花生种植、收获机械化率分别达到65%和55%", [("花生种植机械化率", ">=", 65, "%", None, False), ("收获机械化率", ">=", 55, "%", None, False)]),
    ("一产、二产增加值分别增长5%左右、6%以上", [("一产增加值增长", "=", 5, "%", None, True), ("二产增加值增长", ">=", 6, "%", None, False)]),
]


@pytest.mark.parametrize(("phrase", "expected"), REAL_METRICS)
def test_real_metrics(phrase: str, expected: list[tuple[str, str, float, str | None, float | None, bool]]) -> None:
    got = parse_metrics(to_simplified(phrase), display=phrase)
    assert [(m.indicator, m.comparator, m.value, m.unit, m.value_max, m.approx) for m in got] == expected
