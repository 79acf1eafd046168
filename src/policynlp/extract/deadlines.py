"""Deadline expressions → ISO start/end dates, per the contract's deadline conventions.

Works on simplified text (either script is converted before); full-width digits and
Chinese-numeral years (二〇二五年) are read too.

>>> s = "力争到2030年，“十四五”时期基本建成。"
>>> [(s[d.start : d.end], d.dl_start, d.dl_end) for d in find_deadlines(s)]
[('力争到2030年', None, '2030-12-31'), ('“十四五”时期', '2021-01-01', '2025-12-31')]
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from policynlp.clean import CleanText
from policynlp.types import Deadline

_D = "0-9０-９"
YEAR = rf"(?:[12][{_D}]{{3}}|[１２][{_D}]{{3}}|[二][〇○零][〇○零一二三四五六七八九]{{2}})"
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PLAN_NO = {"一": 11, "二": 12, "三": 13, "四": 14, "五": 15, "六": 16, "七": 17}
_Q = r"[“\"「『‘']?"
_QE = r"[”\"」』’']?"
_MONTH = r"(?P<month>1[0-2]|0?[1-9]|[１][０-２]|[０]?[１-９]|十[一二]?|[一二三四五六七八九])月(?:份)?"
_SUB = rf"(?:(?P<eoy>年?底|年?末)|(?P<half>上半年|下半年)|第?(?P<q>[一二三四1-4])季度(?P<qend>末|底)?|{_MONTH}(?:(?P<day>[0-9]{{1,2}})日)?(?P<meoy>底|末)?)?"
_BEFORE = r"(?P<before>前|以前|之前)?"


def _year(s: str) -> int:
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return int("".join(_CN_DIGIT.get(ch, ch) for ch in s))


def _month(s: str) -> int:
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if s.isdigit():
        return int(s)
    table = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
    return table[s]


def _eom(y: int, m: int) -> str:
    return date(y, m, calendar.monthrange(y, m)[1]).isoformat()


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    dl_start: str | None
    dl_end: str | None
    kind: str
    unresolved: bool = False


def _sub_range(y: int, m: re.Match[str]) -> tuple[str | None, str, bool]:
    """(start, end, is_point) of the year refinement captured by ``_SUB``."""
    g = m.groupdict()
    if g.get("half"):
        return (f"{y}-01-01", f"{y}-06-30", False) if g["half"] == "上半年" else (f"{y}-07-01", f"{y}-12-31", False)
    if g.get("q"):
        q = _QUARTER[g["q"]]
        first = date(y, 3 * q - 2, 1).isoformat()
        return (None if g.get("qend") else first), _eom(y, 3 * q), bool(g.get("qend"))
    if g.get("month"):
        mo = _month(g["month"])
        if g.get("day"):
            d = int(g["day"])
            if 1 <= d <= calendar.monthrange(y, mo)[1]:
                return None, date(y, mo, d).isoformat(), True
        return None, _eom(y, mo), True
    return None, f"{y}-12-31", True


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What relative dates are resolved against: the issue date, else the year the text speaks of.

    ``year`` resolves 今年/上半年/第二季度; only a full ``issued`` date resolves day counts
    (自印发之日起30日内).
    """

    issued: str | None
    year: int | None


# handlers: (pattern, handler(match, context) -> _Found | None)
Handler = Callable[[re.Match[str], _Ctx], "_Found | None"]


def _h_range(m: re.Match[str], _: _Ctx) -> _Found | None:
    y1, y2 = _year(m.group("y1")), _year(m.group("y2"))
    if not y1 < y2 <= y1 + 30:
        return None
    return _Found(m.start(), m.end(), f"{y1}-01-01", f"{y2}-12-31", "period")


def _h_date_range(m: re.Match[str], _: _Ctx) -> _Found | None:
    """2019年1月1日至2020年12月31日: a period with both ends; an event's dates (放假, 召开) are none."""
    try:
        d1 = date(_year(m.group("y1")), _month(m.group("m1")), int(m.group("d1")))
        y2 = _year(m.group("y2")) if m.group("y2") else d1.year
        d2 = date(y2, _month(m.group("m2")), int(m.group("d2")))
    except ValueError:
        return None
    if d2 <= d1 or m.group("event"):
        return None
    return _Found(m.start(), m.end() - len(m.group("event") or ""), d1.isoformat(), d2.isoformat(), "period")


def _h_open(m: re.Match[str], _: _Ctx) -> _Found | None:
    y = _year(m.group("year"))
    start, end, point = _sub_range(y, m)
    return _Found(m.start(), m.end(), None if point or m.group("lead") else start, end, "open")


def _h_before(m: re.Match[str], _: _Ctx) -> _Found | None:
    y = _year(m.group("year"))
    end = _sub_range(y, m)[1]
    return _Found(m.start(), m.end(), None, end, "open")


def _h_in_year(m: re.Match[str], _: _Ctx) -> _Found | None:
    y = _year(m.group("year"))
    start, end, point = _sub_range(y, m)
    if point or start is None:
        return _Found(m.start(), m.end(), None, end, "open") if m.group("qend") or m.group("eoy") else None
    return _Found(m.start(), m.end(), start, end, "period")


def _h_plan(m: re.Match[str], _: _Ctx) -> _Found | None:
    n = 10 if m.group("no") is None else _PLAN_NO[m.group("no")]
    first = 2001 + 5 * (n - 10)
    if m.group("tail") in ("末", "期末", "时期末"):
        return _Found(m.start(), m.end(), None, f"{first + 4}-12-31", "open")
    return _Found(m.start(), m.end(), f"{first}-01-01", f"{first + 4}-12-31", "period")


def _h_year(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    y = _year(m.group("year"))
    if ctx.year is None or y < ctx.year:
        return None  # without an issue date "2021年，…" is as likely a statistic as a goal
    return _Found(m.start(), m.end(), f"{y}-01-01", f"{y}-12-31", "period")


def _h_century(m: re.Match[str], _: _Ctx) -> _Found | None:
    return _Found(m.start(), m.end(), None, "2050-12-31", "open")


def _h_relative(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    word = m.group("rel")
    g = m.groupdict()
    if word in ("今年", "明年") and g.get("month") and not (g.get("meoy") or g.get("before")):
        return None  # "今年5月，四川出台…": a month of the year, the date of an event, not a time limit
    y0 = ctx.year
    if y0 is None:
        return _Found(m.start(), m.end(), None, None, "relative", unresolved=True)
    y = y0 + (1 if word.startswith("明年") else 0)
    if g.get("half") or g.get("q") or g.get("month"):
        start, end, point = _sub_range(y, m)
        return _Found(m.start(), m.end(), None if point else start, end, "relative")
    if g.get("eoy") or g.get("before") or word == "年底":
        return _Found(m.start(), m.end(), None, f"{y}-12-31", "relative")
    return _Found(m.start(), m.end(), f"{y}-01-01", f"{y}-12-31", "relative")


def _h_within(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    n_raw = m.group("n")
    n = int(n_raw) if n_raw.isdigit() else _cn_small(n_raw)
    if n is None or ctx.issued is None:
        return _Found(m.start(), m.end(), None, None, "relative", unresolved=True)
    d0 = date.fromisoformat(ctx.issued)
    unit = m.group("unit")
    if unit in ("日", "天", "个工作日", "工作日"):
        end = d0 + timedelta(days=n)
    elif unit in ("个月", "月"):
        mo = d0.month - 1 + n
        y, mo = d0.year + mo // 12, mo % 12 + 1
        end = date(y, mo, min(d0.day, calendar.monthrange(y, mo)[1]))
    else:
        end = date(d0.year + n, d0.month, min(d0.day, 28 if d0.month == 2 else d0.day))
    return _Found(m.start(), m.end(), d0.isoformat(), end.isoformat(), "relative")


def _h_from_for(m: re.Match[str], _: _Ctx) -> _Found | None:
    """从2018年起…连续补助3年: a period of N years from the named year (the span is 从2018年起)."""
    n = _count(m.group("n"))
    if n is None or not 1 <= n <= 30:
        return None
    y = _year(m.group("year"))
    return _Found(m.start(), m.end("head"), f"{y}-01-01", f"{y + n - 1}-12-31", "period")


def _h_next_years(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    """今后3年, 未来五年, and the stages of 一年打基础、两年求突破、三年大变样: N years from the issue year."""
    n = _count(m.group("n"))
    if n is None or not 1 <= n <= 30:
        return None
    if ctx.year is None:
        return _Found(m.start(), m.end(), None, None, "relative", unresolved=True)
    return _Found(m.start(), m.end(), f"{ctx.year}-01-01", f"{ctx.year + n - 1}-12-31", "relative")


def _count(raw: str) -> int | None:
    raw = raw.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return int(raw) if raw.isdigit() else _cn_small(raw)


def _cn_small(s: str) -> int | None:
    table = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + table.get(s[1:], 0)
    if s.endswith("十"):
        return table.get(s[:-1], 0) * 10
    if "十" in s:
        a, b = s.split("十")
        return table.get(a, 0) * 10 + table.get(b, 0)
    return table.get(s)


_LEAD = r"(?P<lead>(?:力争|争取|计划|预计|确保|要)?(?:到|至)了?|展望)"
_DAY_MONTH = r"(?P<m{n}>1[0-2]|0?[1-9])月(?P<d{n}>[0-9]{{1,2}})日"
_PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (re.compile(rf"(?P<y1>{YEAR})年{_DAY_MONTH.format(n=1)}\s*(?:至|到|—|-|～)\s*(?:(?P<y2>{YEAR})年)?{_DAY_MONTH.format(n=2)}"
                r"(?P<event>(?:[，,]?(?:放假|调休|休假|举办|举行|召开))?)"), _h_date_range),
    (re.compile(rf"(?P<y1>{YEAR})年?\s*[-—–~～至到]+\s*(?P<y2>{YEAR})年(?:度)?(?:间|期间)?"), _h_range),
    (re.compile(rf"(?:到|至)?{_Q}十(?P<no>[一二三四五六七])?五{_QE}(?P<tail>时期末|时期|期间|规划期内|规划期|期末|末)"), _h_plan),
    (re.compile(rf"(?P<year>{YEAR})年(?:(?P<half>上半年|下半年)|第(?P<q>[一二三四1-4])季度(?!末|底))(?!前|以前|之前)"), _h_in_year),
    (re.compile(rf"{_LEAD}(?P<year>{YEAR})年{_SUB}{_BEFORE}"), _h_open),
    (re.compile(rf"(?P<year>{YEAR})年{_SUB}(?P<before>前|以前|之前)"), _h_before),
    (re.compile(rf"(?P<year>{YEAR})年{_SUB}(?=内|期间|完成|实现|基本|全面|建成|达到|[，,])"), _h_in_year),
    (re.compile(r"(?:到|至)?本世纪中叶"), _h_century),
    # "2024年，…": a year heading a sentence frames the goals that follow (past years are dropped below)
    (re.compile(rf"(?:(?<=^)|(?<=[\n。；]))(?P<year>{YEAR})年(?=[，,])", re.M), _h_year),
    # "2026年是…开局之年" and a heading "三、2026年重点工作": the year a work report's plans are for
    (re.compile(rf"(?:(?<=^)|(?<=[\n。；]))(?P<year>{YEAR})年(?=是)", re.M), _h_year),
    (re.compile(rf"(?<=^[一二三四五六七八九十]、)(?P<year>{YEAR})年(?=[^\n，。]{{0,8}}(?:工作|任务|安排|部署)[^\n，。]{{0,6}}$)", re.M), _h_year),
    # "6月底前" without a year: the issue year
    (re.compile(r"(?<![年0-9０-９])(?P<rel>)(?P<month>1[0-2]|0?[1-9])月(?P<meoy>底|末)?(?P<before>前|以前|之前)"), _h_relative),
    (re.compile(r"(?P<rel>全年)(?=培育|新增|完成|建成|实现|力争|确保|争取|开展|组织|举办|推动|累计)"), _h_relative),
    # 十年内 (施行后十年内) is a count of years, not 年内
    (re.compile(rf"(?<![0-9０-９〇○零一二三四五六七八九十百两几多数])(?P<rel>今年|明年|年内|年底|本年度)(?:{_SUB})?(?P<before>前|以前|之前)?"), _h_relative),
    (re.compile(r"(?<![年0-9０-９])(?P<rel>)(?:(?P<half>上半年|下半年)|第(?P<q>[一二三四])季度(?P<qend>末|底)?)(?P<before>前|以前|之前)?"), _h_relative),
    (re.compile(rf"(?P<head>(?:从|自)(?P<year>{YEAR})年(?:起|开始))[^。；\n]{{0,40}}?连续[^。；，\n0-9]{{0,6}}?(?P<n>[0-9]{{1,2}}|[一二两三四五六七八九十]{{1,3}})年"), _h_from_for),
    # "用3—5年时间": up to the longer span, from the issue year
    (re.compile(r"用(?:[0-9]{1,2}|[一二两三四五六七八九十]{1,3})?[—－\-~～至到]?(?P<n>[0-9]{1,2}|[一二两三四五六七八九十]{1,3})(?:个)?年(?:左右)?(?:的)?时间"), _h_next_years),
    (re.compile(r"(?:今后|未来)(?P<n>[0-9]{1,2}|[一二两三四五六七八九十]{1,3})(?:个)?年(?!前|来|以来|后|中|里)"), _h_next_years),
    (re.compile(r"(?<![0-9年第今明去前后])(?P<n>[一二两三四五])年(?=打基础|求突破|大变样|见成效|上台阶|出成效|成体系|全覆盖)"), _h_next_years),
    (re.compile(r"自(?:本[^\n，。]{0,8})?(?:印发|发布|公布|施行)之日起(?P<n>[0-9]{1,3}|[一二两三四五六七八九十]{1,3})(?P<unit>个工作日|工作日|日|天|个月|月|年)内"), _h_within),
)
_TITLE = re.compile(r"《[^《》\n]{0,120}》")
_NOT_DEADLINE_BEFORE = ("截", "截止", "截至", "自", "从")
_PAST_BEFORE = ("已于", "已在", "已经在", "已经于", "早在")


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` lies in one of the sorted ``spans`` (binary search; spans may nest one level)."""
    k = bisect.bisect_right(starts, pos)
    return any(a <= pos < b for a, b in spans[max(0, k - 2) : k])


# the header of an indicator table (指标 | 2015年 | 2020年 | 属性): its target-year column is a deadline
_TSEP = r"[ \t|｜\u3000]"
TABLE_HEADER = re.compile(rf"指{_TSEP}*标{_TSEP}*(?:[^\n]{{0,12}}?)(?P<y0>{YEAR})年{_TSEP}*(?P<y1>{YEAR})年")
_CITED_PERIOD = re.compile(rf"[（(](?P<y1>{YEAR})年?\s*[-—–~～至到]+\s*(?P<y2>{YEAR})年?[）)]\s*》$")
# "2023年我县…", "2024年，全市…": the year a notice without an issue date speaks of
_SPEAKING_YEAR = re.compile(rf"(?:^|(?<=[\n。]))\s*(?P<year>{YEAR})年[，,]?(?:我|全)(?:省|市|县|区|州|盟|旗|镇|乡|村)", re.M)
# a full date near the top ("——2026年1月27日在…人民代表大会…上"): the document's own date
_HEAD_DATE = re.compile(rf"(?P<year>{YEAR})年(?:1[0-2]|0?[1-9])月(?:[12][0-9]|3[01]|0?[1-9])日")
# a document number at the top (郑政办〔2020〕31号): the year the notice was issued
_DOC_NUMBER = re.compile(rf"[〔\[［(（](?P<year>{YEAR})[〕\]］)）]\s*[0-9]{{1,4}}\s*号")
# "一、2018年工作回顾": a report looks back on the year before the one it speaks of
_REVIEW_HEAD = re.compile(rf"^[一二三四五六七八九十]、(?P<year>{YEAR})年(?:的)?(?:工作)?回顾\s*$", re.M)
_TITLE_YEAR = re.compile(rf"(?P<year>{YEAR})年(?!\s*[-—–~～至到])(?:度)?")
_TITLE_PLAN = re.compile(rf"十(?P<no>[一二三四五六七])?五|(?P<y1>{YEAR})\s*[-—–~～至到]+\s*{YEAR}")


def reference_year(text: str, title: str | None = None) -> int | None:
    """The year a text without an issue date speaks of: "2023年我县…" in its text, else a single
    year in its title (《2024年…工作要点》). Relative dates (今年, 第二季度) are resolved against it."""
    m = _SPEAKING_YEAR.search(text)
    if m:
        return _year(m.group("year"))
    m = _HEAD_DATE.search(text, 0, 400)
    if m:
        return _year(m.group("year"))
    m = _DOC_NUMBER.search(text, 0, 400)
    if m:
        return _year(m.group("year"))
    m = _REVIEW_HEAD.search(text)
    if m:
        return _year(m.group("year")) + 1
    if title:
        years = {_year(t.group("year")) for t in _TITLE_YEAR.finditer(title)}
        if len(years) == 1 and not _TITLE_PLAN.search(title):
            return years.pop()
    return None


def _floor_year(title: str | None) -> int | None:
    """The first year a document's title dates it to (“十三五”规划 → 2016, (2022—2025年) → 2022)."""
    if not title:
        return None
    m = _TITLE_PLAN.search(title)
    if m is None:
        return None
    if m.group("y1"):
        return _year(m.group("y1"))
    n = 10 if m.group("no") is None else _PLAN_NO[m.group("no")]
    return 2001 + 5 * (n - 10)


def _cited_periods(text: str, titles: list[tuple[int, int]]) -> list[_Found]:
    """Plan periods closing a cited title (《…行动计划（2022—2025年）》): deadlines that govern no target."""
    out = []
    for a, b in titles:
        m = _CITED_PERIOD.search(text, a, b)
        if m and text[a] == "《":
            y1, y2 = _year(m.group("y1")), _year(m.group("y2"))
            if y1 < y2 <= y1 + 30:
                out.append(_Found(m.start("y1"), m.end("y2") + (1 if text[m.end("y2") : m.end("y2") + 1] == "年" else 0),
                                  f"{y1}-01-01", f"{y2}-12-31", "cited"))
    return out


def _table_years(text: str) -> list[_Found]:
    """The target-year column of each indicator table header."""
    out = []
    for h in TABLE_HEADER.finditer(text):
        y0, y1 = _year(h.group("y0")), _year(h.group("y1"))
        if y0 < y1 <= y0 + 20:
            out.append(_Found(h.start("y1"), h.end("y1") + 1, None, f"{y1}-12-31", "table"))
    return out


def find_deadlines(text: str, *, issued: str | None = None, skip: tuple[int, int] | None = None) -> list[_Found]:
    """Deadline expressions in simplified ``text`` (clean-text coordinates), sorted.

    ``skip`` is a span (the document title) where years name the document, not a deadline.
    Without ``issued``, relative dates are resolved against :func:`reference_year`, and dates
    before the year the title dates the document to (its plan period) are past, not due.
    """
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
    title = text[skip[0] : skip[1]] if skip is not None else None
    floor: str | None
    if issued:
        ctx, floor = _Ctx(issued, int(issued[:4])), issued
    else:
        year = reference_year(text, title)
        first = year or _floor_year(title)
        ctx, floor = _Ctx(None, year), (f"{first:04d}-01-01" if first else None)
    found: list[_Found] = [f for f in _cited_periods(text, titles) + _table_years(text) if not (floor and f.dl_end and f.dl_end < floor)]
    if skip is not None:
        titles.append(skip)
    titles.sort()
    title_starts = [a for a, _ in titles]
    for pat, handler in _PATTERNS:
        for m in pat.finditer(text):
            if _inside(titles, title_starts, m.start()):
                continue
            before = text[max(0, m.start() - 3) : m.start()]
            if before.endswith(_NOT_DEADLINE_BEFORE) and handler is not _h_within:
                continue
            if m.group(0)[:1] in "至到" and before.endswith("日"):
                continue  # the end of a date range (…1月1日至2020年12月31日): the range is the deadline, or none
            if before.endswith(_PAST_BEFORE):
                continue  # 已于2020年底提前完成: done, not due
            f = handler(m, ctx)
            if f is None:
                continue
            if floor and f.dl_end and f.dl_end < floor and f.kind != "relative":
                continue  # a past date is not a deadline
            found.append(f)
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


def extract_deadlines(clean: CleanText, *, issued: str | None, skip: tuple[int, int] | None = None) -> list[Deadline]:
    """Deadlines of a cleaned document with spans into its decoded text."""
    return [d for _, _, d in deadline_clean_spans(clean, issued=issued, skip=skip)]


def deadline_clean_spans(clean: CleanText, *, issued: str | None, skip: tuple[int, int] | None = None) -> list[tuple[int, int, Deadline]]:
    """Like :func:`extract_deadlines` but keeping clean-text coordinates too."""
    out = []
    for f in find_deadlines(clean.simplified, issued=issued, skip=skip):
        span = clean.source_span(f.start, f.end)
        out.append((f.start, f.end, Deadline(clean.text[f.start : f.end], f.dl_start, f.dl_end, span, f.unresolved, f.kind)))
    return out
