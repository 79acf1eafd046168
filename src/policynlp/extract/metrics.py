"""Numbers in goal items → :class:`~policynlp.types.Metric`, per the contract's conventions.

>>> m = parse_metric("农村宽带用户超过1.9亿户")
>>> (m.indicator, m.comparator, m.value, m.unit)
('农村宽带用户', '>', 190000000.0, '户')
>>> m = parse_metric("农村自来水普及率达到三成")
>>> (m.comparator, m.value, m.unit)
('>=', 30.0, '%')
"""

from __future__ import annotations

import re
from collections.abc import Callable

from policynlp.types import Metric

_NUM = r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千]+(?:点[零一二三四五六七八九]+)?"
_MULT = {"万": 1e4, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万亿": 1e12, "千亿": 1e11, "百亿": 1e10}
_UNITS = (
    "个百分点", "百分点", "%", "％", "‰", "个月", "周", "分钟", "工作日", "万亿元", "亿元", "万元", "元", "万户", "户", "万人", "人次", "人", "个", "家", "所", "项",
    "亩", "公顷", "公里", "千米", "米", "吨", "微克", "毫克", "克", "千瓦", "兆瓦", "倍", "座", "条", "台", "套", "名", "次", "GB", "Gbps", "Mbps",
    "兆", "小时", "天", "年", "张", "部", "间", "辆", "处", "片", "平方米", "立方米", "千克", "公斤", "斤", "件", "批", "村", "县", "镇",
    "乡", "站", "点", "株", "头", "只", "类", "种", "期", "届", "门", "款", "本", "册", "场", "支", "栋", "层", "篇", "份",
)
_UNIT_ONE = "|".join(re.escape(u) for u in sorted(set(_UNITS), key=len, reverse=True))
# compound units: 元/人, 立方米/公顷, 千克/亩 (a rate stays one unit)
_UNIT_RE = rf"(?:{_UNIT_ONE})(?:[/／](?:{_UNIT_ONE}))?"
_CMP_BEFORE = (
    ("不低于", ">="), ("不少于", ">="), ("达到", ">="), ("至少", ">="), ("达", ">="), ("提升到", ">="), ("提高到", ">="),
    ("增加到", ">="), ("增长到", ">="), ("扩大到", ">="), ("突破", ">"), ("超过", ">"), ("高于", ">"), ("多于", ">"),
    ("不超过", "<="), ("不高于", "<="), ("控制在", "<="), ("低于", "<"), ("少于", "<"), ("下降到", "<="), ("降低到", "<="),
    ("降至", "<="), ("减少到", "<="), ("约", "="), ("累计", "="), ("新增", "="), ("建设", "="), ("建成", "="), ("培育", "="),
    ("打造", "="), ("培训", "="), ("创建", "="), ("认定", "="), ("覆盖", ">="), ("稳定在", "="), ("保持在", ">="),
    # a level reached by a change verb: the verb is not part of the indicator (…压缩至58%以下)
    ("提高至", ">="), ("提升至", ">="), ("增加至", ">="), ("增长至", ">="), ("扩大至", ">="), ("增至", ">="), ("升至", ">="),
    ("达到或超过", ">="), ("下降至", "<="), ("降低至", "<="), ("减少至", "<="), ("减至", "<="), ("减少到", "<="),
    ("压缩至", "<="), ("压缩到", "<="), ("压减至", "<="), ("压减到", "<="), ("缩短至", "<="), ("缩短到", "<="), ("控制到", "<="),
)
_CHANGE = ("提升", "提高", "增长", "增加", "下降", "降低", "减少", "缩短", "扩大")
_PATTERN = re.compile(
    rf"(?P<pre>(?:比(?P<base>[^，。；、]{{1,12}}?)(?={'|'.join(_CHANGE)}|翻))?(?:{'|'.join(sorted({w for w, _ in _CMP_BEFORE} | set(_CHANGE), key=len, reverse=True))})?)"
    rf"(?P<num>{_NUM})(?P<cheng>成)?(?P<mult>万亿|千亿|百亿|千万|百万|十万|万|亿)?(?P<unit>{_UNIT_RE})?"
    rf"(?:\s*[-—–~～至到]\s*(?P<num2>{_NUM})(?P<mult2>万亿|千亿|百亿|千万|百万|十万|万|亿)?(?P<unit2>{_UNIT_RE})?)?"
    rf"(?P<post>以上|及以上|以下|以内|左右|上下)?"
)
_DOUBLE = re.compile(r"(?:比(?P<base>[^，。；、]{1,12}?))?(?P<word>翻一番|翻两番|翻番)")
# "由25%提高到40%", "从17.9%提升到35%", "由3年以上放宽至1年以上": the target is what comes after 到/至,
# the starting level is kept as the baseline
_FROM_TO = re.compile(
    r"(?:由|从)(?P<base>[^，。；、]{0,16}?[0-9０-９一二三四五六七八九十][^，。；、]{0,6}?)"
    r"(?P<verb>提高|提升|增加|增长|扩大|下降|降低|减少|缩短|放宽|压减|压缩|调整|缩小)?(?:到|至)(?=[^，。；]*?[0-9０-９一二三四五六七八九十])"
)
_DOWN = ("下降", "降低", "减少", "缩短", "压减", "压缩", "缩小")
_COUNT_VERBS = ("建设", "建成", "新增", "培育", "打造", "培训", "创建", "认定", "累计")


def _to_float(s: str) -> float | None:
    s = s.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    try:
        return float(s)
    except ValueError:
        pass
    try:
        import cn2an

        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


_IND_PREFIX = re.compile(r"^(?:[，、；：“”\s]|其中|全省|全市|全县|全国|力争|确保|使|让|实现|达到|全面)+")


def _indicator_span(s: str, a: int, b: int) -> tuple[int, int]:
    m = _IND_PREFIX.match(s, a, b)
    if m:
        a = m.end()
    while b > a and s[b - 1] in "，、；：。 “”":
        b -= 1
    return a, b


_STRONG = ("达到", "不低于", "不少于", "超过", "突破", "至少", "提高到", "提升到", "增加到", "控制在", "降至", "下降到", "降低到",
           "提高至", "提升至", "增加至", "增至", "下降至", "降低至", "减少至", "减至", "压缩至", "压缩到", "压减至", "压减到",
           "高于", "低于", "不超过")


def _pre_word(m: re.Match[str]) -> str:
    pre = m.group("pre") or ""
    return pre[len("比" + (m.group("base") or "")) :] if m.group("base") else pre


def _measurable(item: str, m: re.Match[str]) -> bool:
    """A number with a unit, a multiplier or a bound, and not a year, an ordinal or 一批."""
    num = m.group("num")
    if num in ("零", "〇"):
        return False  # 零部件, 零售, 零距离: a word, not the number 0
    if not num or (not m.group("unit") and not m.group("unit2") and not m.group("mult") and not m.group("cheng") and not m.group("post")):
        if not (num and m.group("pre") and any(m.group("pre").endswith(w) for w in ("超过", "突破", "达到"))):
            return False
    if item[max(0, m.start("num") - 1) : m.start("num")] == "第" or (num == "一" and m.group("unit") in (None, "批", "个", "项", "种", "类")):
        return False
    after = item[m.end() : m.end() + 1]
    if after in ("年", "月", "日", "号", "季", "批", "是", "条") and not m.group("unit"):
        return False
    return not (m.group("unit") == "年" and re.fullmatch(r"[12]\d{3}", num))


def parse_metric(item: str, *, display: str | None = None) -> Metric | None:
    """The first measurable number of a goal item, or ``None`` when there is none.

    ``item`` is simplified text; ``display`` (same length, the document's own script) is
    where the indicator and the unit are taken from.
    """
    shown = item if display is None or len(display) != len(item) else display
    ft = _FROM_TO.search(item)
    if ft:
        level = parse_metric(item[ft.end() :], display=shown[ft.end() :])
        if level is not None:
            ia, ib = _indicator_span(item, 0, ft.start())
            down = (ft.group("verb") or "") in _DOWN
            comparator = level.comparator if level.comparator != "=" or level.approx else ("<=" if down else ">=")
            return Metric(shown[ia:ib] or level.indicator, comparator, level.value, level.unit, level.value_max, level.approx,
                          shown[ft.start("base") : ft.end("base")])
    dm = _DOUBLE.search(item)
    found = [m for m in _PATTERN.finditer(item) if _measurable(item, m)]
    # "300万以上城市…比例达到60%": a bare number qualifying a noun yields to one a comparator introduces
    # "五种重金属排放量比2013年下降27.7%": so does a count naming the subject to a change
    if found and not _pre_word(found[0]):
        found.sort(key=lambda m: 0 if _pre_word(m) in _STRONG or _pre_word(m) in _CHANGE else 1)
    for m in found:
        num = m.group("num")
        value = _to_float(num)
        if value is None:
            continue
        unit = shown[m.start("unit") : m.end("unit")] if m.group("unit") else None
        mult = m.group("mult")
        if m.group("cheng"):
            value, unit = value * 10, "%"
        if mult:
            value *= _MULT[mult]
        if unit and unit[0] in "万亿萬億" and len(unit) > 1:
            value *= _MULT[to_simplified_char(unit[0])]
            unit = unit[1:]
        if unit == "％":
            unit = "%"
        if unit in ("百分点", "百分點"):
            unit = "个百分点" if unit == "百分点" else "個百分點"
        pre = m.group("pre") or ""
        word = _pre_word(m)
        post = m.group("post")
        comparator = "="
        approx = False
        for w, c in _CMP_BEFORE:
            if word == w:
                comparator = c
                approx = w == "约"
        ia, ib = _indicator_span(item, 0, m.start())
        indicator = shown[ia:ib]
        if indicator.endswith(("分别", "分別")):
            indicator = indicator[:-2]
        if not indicator:
            # "建设300个数字乡村示范村": the counted thing follows the number
            tail = re.match(r"[^，。；、：\s]{1,20}", item[m.end():])
            if tail:
                verb = shown[m.start("pre") + len(pre) - len(word) : m.start("pre") + len(pre)] if word in _COUNT_VERBS else ""
                indicator = verb + shown[m.end() : m.end() + tail.end()]
        baseline = None
        if word in _CHANGE:
            comparator = ">="
            base_end = m.start("pre") + (len("比" + m.group("base")) if m.group("base") else 0)
            if m.group("base"):
                ia, ib = _indicator_span(item, 0, m.start())
            indicator = shown[ia:ib] + shown[base_end : base_end + len(word)]
            baseline = shown[m.start("base") : m.end("base")] if m.group("base") else None
        if post in ("以上", "及以上"):
            comparator = ">="
        elif post in ("以下", "以内"):
            comparator = "<="
        elif post in ("左右", "上下"):
            comparator, approx = "=", True
        if word in ("下降到", "降低到", "降至") and post == "以下":
            comparator = "<="
        value_max = None
        if m.group("num2"):
            v2 = _to_float(m.group("num2"))
            if v2 is not None:
                m2 = m.group("mult2") or mult
                if m2:
                    v2 *= _MULT[m2]
                value_max = v2
                unit = unit or (shown[m.start("unit2") : m.end("unit2")] if m.group("unit2") else None)
        if dm and dm.start() < m.start():
            break
        return Metric(indicator, comparator, value, unit, value_max, approx, baseline)
    if dm:
        ia, ib = _indicator_span(item, 0, dm.start())
        base = shown[dm.start("base") : dm.end("base")] if dm.group("base") else None
        return Metric(shown[ia:ib], ">=", 2.0 if dm.group("word") != "翻两番" else 4.0, "倍", None, False, base)
    return None


_RESPECTIVELY = re.compile(r"分别|分別")
_AND = re.compile(r"[和及与、]|以及")


def parse_metrics(item: str, *, display: str | None = None) -> list[Metric]:
    """Every metric of a goal item: one per subject of a 分别 list ("A和B分别达到95%和85%左右"
    → A ≥… 95 %, B ≈ 85 %), else the one :func:`parse_metric` finds (or none)."""
    shown = item if display is None or len(display) != len(item) else display
    resp = _RESPECTIVELY.search(item)
    if resp:
        subjects = _split_and(item, 0, resp.start())
        tail, tail_shown = item[resp.end() :], shown[resp.end() :]
        values = [m for m in _PATTERN.finditer(tail) if _measurable(tail, m)]
        if len(subjects) >= 2 and len(values) == len(subjects):
            out = []
            last_post = values[-1].group("post")
            last_unit = values[-1].group("unit")
            lead_end = values[0].start("num")
            for (a, b), m in zip(subjects, values, strict=True):
                lead = 0 if m.group("pre") else lead_end  # a value without its own verb takes the first one's
                start = m.start() if m.group("pre") else m.start("num")
                piece = tail[:lead] + tail[start : m.end()]
                piece_shown = tail_shown[:lead] + tail_shown[start : m.end()]
                if not m.group("unit") and last_unit:
                    piece, piece_shown = piece + last_unit, piece_shown + tail_shown[values[-1].start("unit") : values[-1].end("unit")]
                if not m.group("post") and last_post:
                    piece, piece_shown = piece + last_post, piece_shown + last_post
                one = parse_metric(piece, display=piece_shown)
                if one is None:
                    break
                ia, ib = _indicator_span(item, a, b)
                subject = shown[ia:ib]
                if (a, b) != subjects[-1]:
                    la, lb = _indicator_span(item, *subjects[-1])
                    subject += _shared_head(item[ia:ib], item[la:lb], shown[la:lb])
                plain = parse_metric(piece)  # in simplified script, to tell a change verb in either script
                change = one.indicator if plain is not None and plain.indicator in _CHANGE else ""
                out.append(Metric(subject + change, one.comparator, one.value, one.unit, one.value_max, one.approx, one.baseline))
            else:
                return out
    one = parse_metric(item, display=display)
    return [] if one is None else [one]


def _shared_head(first: str, last: str, last_shown: str) -> str:
    """The head noun a short subject shares with the last one of a 分别 list: 城镇 + 居民人均可支配收入
    (…和农村居民人均可支配收入), 花生种植 + 机械化率 (…、收获机械化率); nothing when both end alike
    (化学需氧量、氨氮排放总量)."""
    if len(first) > 4 or not last or first[-1:] == last[-1:]:
        return ""
    for k in range(len(first), 0, -1):
        at = last.find(first[-k:])
        if at >= 0:
            return last_shown[at + k :]
    return last_shown[2:] if len(last) > 3 else ""


def split_outside_brackets(text: str, a: int, b: int, is_sep: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The pieces of ``text[a:b]`` between the separator characters (``is_sep``) that stand outside
    quotes and brackets (县(市、区) is one piece); one piece ``(a, b)`` when there is none; pieces may be empty.

    >>> split_outside_brackets("甲、乙(丙、丁)", 0, 8, lambda ch: ch == "、")
    [(0, 1), (2, 8)]
    """
    out: list[tuple[int, int]] = []
    depth, pos = 0, a
    for i in range(a, b):
        ch = text[i]
        if ch in "“（(《":
            depth += 1
        elif ch in "”）)》":
            depth = max(0, depth - 1)
        elif depth == 0 and is_sep(ch):
            out.append((pos, i))
            pos = i + 1
    out.append((pos, b))
    return out


def _split_and(item: str, a: int, b: int) -> list[tuple[int, int]]:
    """``item[a:b]`` cut at 和/及/与/、 (outside quotes and brackets)."""
    return [(x, y) for x, y in split_outside_brackets(item, a, b, lambda ch: _AND.match(ch) is not None) if y > x]


def to_simplified_char(ch: str) -> str:
    """万/亿 from their traditional forms."""
    return {"萬": "万", "億": "亿"}.get(ch, ch)
