"""Goal items governed by a deadline, one :class:`~policynlp.types.Target` each.

The scope of a deadline runs from the deadline to the end of its sentence; when that
sentence states a single stage goal ("到2023年，数字乡村发展取得阶段性进展。"), it goes on over
the following sentences of the paragraph until the next deadline. Items split at ，；。 and
at 、 where both sides are goals of their own ("乡村4G深化普及、5G创新应用").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from policynlp.clean import CleanText, to_simplified
from policynlp.extract.deadlines import TABLE_HEADER
from policynlp.extract.metrics import parse_metric, parse_metrics, split_outside_brackets
from policynlp.extract.tables import table_rows
from policynlp.segment import ClauseSpan
from policynlp.types import Clause, Deadline, LabelScore, Metric, Target

_SENT_END = "。！？!?"
_ITEM_SPLIT = re.compile(r"[，；;,。！？]")
_PREDICATES = (
    "普及", "应用", "提高", "提升", "增强", "完善", "建成", "实现", "达到", "覆盖", "加快", "明显", "显著", "取得", "形成",
    "发展", "突破", "超过", "健全", "巩固", "优化", "降低", "下降", "增长", "弥合", "涌现", "凸显", "夯实", "推广", "延伸",
    "繁荣", "成效", "进展", "落地", "改善", "扩大", "不低于", "不少于", "控制在", "以上", "以下", "全覆盖", "基本", "全面",
    "缩小", "减少", "保持", "稳定", "上线", "建立", "压缩", "提速", "均等化", "完成", "建设", "培育", "打造", "同步", "守住", "确保",
    "减量", "到位", "见效", "增效", "更加", "跃升", "倍增", "迈上", "激活", "防控", "提质", "前列", "领先", "加大",
)
# verbs that state a goal only after its subject (化肥农药减量化稳步推进); leading an item they
# give a task (推进农村电网智能化改造), not a target
_STATE_PREDICATES = ("推进", "加强", "增加", "持续")
_LEADS = re.compile(r"^(?:其中|主要目标是|目标是|具体目标|工作目标|主要目标|总体目标|发展目标)[：:，]?$|(?:以下|如下)(?:主要|具体)?目标[：:]?$")
# pieces that frame a goal rather than state one: "自2018年起", "除确有必要保留的外", "是当前核心任务"
_LEAD_COLON = re.compile(r"(?:目标|目标是|目标为|任务是|要求是)[：:]")
_NOT_ITEM = re.compile(
    r"^(?:自|从|除|对于|针对|按照|根据|为了?|既是|也是|是)|(?:起|外|时)$"
    # "在实际工作中努力争取更好结果", "力争取得更好结果": a work report's qualifier of its growth goal
    r"|^(?:在实际工作中)?(?:努力|力争|争取)[^，。；]{0,6}更好"
    # "重点做好十个方面工作": the plan of the work that follows, not a goal
    r"|方面(?:重点)?工作$"
    # "在优化结构、提高效益…的基础上", "同时": a condition or a link, not a goal
    r"|^在[^，。；]*(?:基础上|前提下|条件下)$|^(?:同时|此外|另外)$"
    # "农村网络零售额同比增长15.4%": a change against the year before is a result already measured
    r"|同比|比上年同期"
)
# what may follow a deadline that governs goals: a comma, a colon, or a verb of completion
_GOVERNS = re.compile(
    r"^(?:[，,：:]|前[，,]?|(?:要|将|需|应|须|必须|确保|力争|争取|基本|全面|全部|初步|率先|完成|实现|建成|建立|形成|达到|"
    r"推动|推进|培育|打造|基本实现|全面完成|累计|新增|所有|各|每|重点|农村|乡村|"
    # "到2025年在具备条件的地区基本建立…": where the goals hold, then the goals
    r"在[^，。；：]{1,16}?(?:地区|地方|区域|全国|全省|全市|全县|农村|乡村)))"
)


def _is_goal(text: str) -> bool:
    return len(text) >= 4 and (any(p in text for p in _PREDICATES) or any(text.find(p) > 1 for p in _STATE_PREDICATES))


class _Bounds:
    """Sentence and line bounds of one text by binary search: linear time for the whole document.

    (Searching the text afresh for each deadline made extraction quadratic in document length.)
    """

    def __init__(self, text: str) -> None:
        self.n = len(text)
        self.ends = [m.start() for m in re.finditer(f"[{_SENT_END}]", text)]
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line_end(self, pos: int) -> int:
        """Index of the first newline at or after ``pos`` (the text's length when none)."""
        k = bisect.bisect_left(self.newlines, pos)
        return self.newlines[k] if k < len(self.newlines) else self.n

    def line_start(self, pos: int) -> int:
        """Index just after the last newline before ``pos``."""
        k = bisect.bisect_left(self.newlines, pos)
        return self.newlines[k - 1] + 1 if k else 0

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence around ``pos``: after the last end mark or newline before it, through its end mark."""
        k = bisect.bisect_left(self.ends, pos)
        start = max(self.line_start(pos), self.ends[k - 1] + 1 if k else 0)
        line_end = self.line_end(pos)
        end = self.ends[k] + 1 if k < len(self.ends) and self.ends[k] < line_end else line_end
        return start, end


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in _ITEM_SPLIT.finditer(text, start, end):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        lead = _LEAD_COLON.search(text, a, b)
        if lead:  # "要努力实现以下主要目标：农村互联网普及率达到80%": the goal starts after the colon
            a = lead.end()
        a, b = _trim(text, a, b)
        enum = _ENUMERATOR.match(text, a, b)  # "（3）加强医疗健康服务": the marker is no part of the item
        if enum:
            a = enum.end()
        if b - a < 2 or _LEADS.search(text[a:b]) or _NOT_ITEM.search(text[a:b]):
            continue
        out.extend(_split_dun(text, a, b))
    return _scopes_joined(text, out)


# "东部地区、城市近郊等有条件的地区，要基本完成改造": a piece that only names where is the scope of the goal after it
_SCOPE = re.compile(r"(?:地区|地方|区域)$")


def _scopes_joined(text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    scope: int | None = None
    for a, b in items:
        if scope is not None:
            a, scope = scope, None
        piece = text[a:b]
        if _SCOPE.search(piece) and not _is_goal(piece) and not _has_number(piece):
            scope = a
            continue
        out.append((a, b))
    if scope is not None:
        out.append((scope, items[-1][1]))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \n、：:—-－":  # list dashes (——乡村网络…) too
        a += 1
    while b > a and text[b - 1] in " \n、：:":
        b -= 1
    return a, b


def _split_dun(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split at 、 only where every part is a goal of its own that ends in its predicate
    ("乡村4G深化普及、5G创新应用"; not "符合广东实际、可复制可推广的推进模式", nor inside brackets: "县(市、区)")."""
    parts = split_outside_brackets(text, a, b, lambda ch: ch == "、")
    if len(parts) == 1:
        return parts
    if all(_is_goal(text[x:y]) and any(p in text[max(x, y - 4) : y] for p in _PREDICATES) for x, y in parts):
        return parts
    return [(a, b)]


# a goal section (二、发展目标; （二）主要预期目标): its paragraphs and list items are governed by the
# deadline that opens them; "主要目标与重点任务" heads tasks, not a goal list
_GOAL_HEAD = re.compile(r"(?:发展|主要|工作|预期|总体|具体|建设|阶段性?)目标(?!任务|与|和|及)|^[（(][一二三四五六七八九十]+[）)]目标任务")
# a look back (一、2025年工作回顾, “十四五”发展成就, 工作进展): what it reports is done, not due
_PAST_HEAD = re.compile(r"回顾|成就|成效|进展|成绩|工作总结|发展基础|发展现状|基本情况|形势")
# items that open with a verb of doing state a task, not a goal (加快推进…, 要强化…)
_TASK_LEAD = re.compile(
    r"^(?:我们|我省|我市|我县|全省|全市|全县)?(?:要|应|须|需|将|并|同时|还要|继续|着力|大力|积极|切实|扎实|深入|全面推进|进一步|持续)?"
    r"(?:加快|推进|加强|推动|深化|实施|开展|完善|健全|强化|支持|鼓励|落实|促进|引导|组织|做好|坚持|统筹|聚焦|围绕|抓好|"
    r"建立健全|构建|探索|创新|优化|提升|提高|加大|保障|规范|拓展|用好|办好|打好|守牢|筑牢|深入实施|着力|打造|培育(?!形成)|挖掘|建设|建立|落实)"
)
# a sentence of means or purpose (通过开展试点，…; 为…提供支撑) ends a paragraph's goals
_MEANS = re.compile(r"(?:通过|为了?|以|按照|围绕|坚持|依托|对|各地|各级|请|在此基础上)")  # used with match(text, pos)
_MAX_SECTION_SPANS = 60
_ENUMERATOR = re.compile(r"(?:[（(][0-9一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}[.．、](?![0-9]))")
_OWN_FRAME = re.compile(r"[^，。；\n]{1,8}(?:期内|期间|以后|之后|以来)[，,]")


def _stated_goal(item: str) -> bool:
    """An item past the deadline's own sentence counts when it states a goal, not a task."""
    return _has_number(item) or (_is_goal(item) and not _TASK_LEAD.match(item))


class _Sections:
    """Which clause spans lie in a goal section or a look-back section (from ``ClauseSpan.section``)."""

    def __init__(self, spans: Sequence[ClauseSpan]) -> None:
        self.spans = spans
        self.starts = [s.start for s in spans]

    def index(self, pos: int) -> int:
        """Index of the span containing (or last starting before) ``pos``; -1 before the first."""
        return bisect.bisect_right(self.starts, pos) - 1

    def _path(self, pos: int) -> list[str]:
        i = self.index(pos)
        if i < 0:
            return []
        sp = self.spans[i]
        parts = sp.section.split(" > ") if sp.section else []
        return parts

    def is_past(self, pos: int) -> bool:
        """Whether ``pos`` lies in a look-back section (and in no goal section)."""
        parts = self._path(pos)
        return any(_PAST_HEAD.search(p) for p in parts) and not any(_GOAL_HEAD.search(p) for p in parts)

    def goal_section(self, pos: int) -> str | None:
        """The section path up to its goal heading when ``pos`` lies in a goal section."""
        parts = self._path(pos)
        for k, p in enumerate(parts):
            if _GOAL_HEAD.search(p):
                return " > ".join(parts[: k + 1])
        return None

    def following(self, pos: int, path: str, limit: int) -> list[tuple[int, int]]:
        """Spans of section ``path`` (or its subsections) from ``pos`` to ``limit``, in order."""
        out: list[tuple[int, int]] = []
        i = max(0, self.index(pos))
        while i < len(self.spans) and len(out) < _MAX_SECTION_SPANS:
            sp = self.spans[i]
            if sp.start >= limit:
                break
            if sp.end > pos:
                if not (sp.section == path or sp.section.startswith(path + " > ")):
                    if sp.kind != "heading" or sp.start >= pos:
                        break
                else:
                    out.append((max(sp.start, pos), min(sp.end, limit)))
            i += 1
        return out


def extract_targets(
    clean: CleanText,
    spans: Sequence[ClauseSpan],
    clauses: Sequence[Clause],
    deadlines: Sequence[tuple[int, int, Deadline]],
) -> list[Target]:
    """Targets of a document; ``deadlines`` carry clean-text coordinates first.

    A deadline governs its own sentence, the rest of its paragraph (sentences stating goals),
    and, in a goal section, the section's further paragraphs and list items; always up to the
    next deadline. Plan periods of cited titles and deadlines in look-back sections govern nothing.
    """
    text = clean.simplified
    bounds = _Bounds(text)
    sections = _Sections(spans)
    governing = [(ds, de, dl) for ds, de, dl in deadlines if dl.kind != "cited"]
    dl_starts = [d[0] for d in governing]
    targets: list[Target] = []
    for k, (ds, de, dl) in enumerate(governing):
        if sections.is_past(ds):
            continue
        if dl.kind == "table":
            targets.extend(_table_targets(clean, sections.starts, clauses, ds, dl, len(targets)))
            continue
        next_dl = dl_starts[k + 1] if k + 1 < len(dl_starts) else len(text)
        items = _governed(text, bounds, ds, de, dl, next_dl)
        if items is None:
            continue
        path = sections.goal_section(ds)
        if path is not None:
            last = max((b for _, b in items), default=de)
            pos = max(last, bounds.line_end(de))
            for a, b in sections.following(pos, path, next_dl):
                if _OWN_FRAME.match(text, a, b):
                    break  # "过渡期内，…": a paragraph with a time frame of its own
                items.extend(it for it in _items(text, a, b) if _stated_goal(text[it[0] : it[1]]))
        targets.extend(_targets(clean, sections.starts, clauses, items, dl, len(targets)))
    return targets


def _governed(text: str, bounds: _Bounds, ds: int, de: int, dl: Deadline, next_dl: int) -> list[tuple[int, int]] | None:
    """Goal items of the deadline's sentence and the rest of its paragraph; ``None`` when it governs none."""
    s_start, s_end = bounds.sentence(ds)
    scope_start, scope_end = de, min(s_end, next_dl)
    lead = _ANNOUNCED.search(text, de, scope_end)
    items: list[tuple[int, int]] = []
    if lead:
        # "今年经济社会发展主要预期目标是：生产总值增长5%…" in the deadline's own sentence
        a, b = _list_after(text, bounds, lead.end(), scope_end, next_dl)
        items = [it for it in _items(text, a, b) if _listed_goal(text[it[0] : it[1]])]
        scope_end = b if b > s_end else scope_end  # a list on the next line goes on from there
    elif _GOVERNS.match(text[de : de + 24]):
        while scope_start < scope_end and text[scope_start] in "，,：:、 ":
            scope_start += 1
        if scope_end - scope_start >= 3:
            items = _items(text, scope_start, scope_end)
        else:
            before = text[s_start:ds].rstrip("，,要在于 ")
            if _is_goal(before) and ds - s_start > 3:
                scope_start, scope_end = s_start, ds
                items = _items(text, scope_start, scope_end)
        if dl.kind == "period":
            # a period ("十三五"期间) frames many sentences; only goal statements are its targets
            items = [it for it in items if _is_goal(text[it[0] : it[1]])]
    if not items and not lead:
        # "今年是…开局之年。…主要预期目标是：经济增长5%左右、…", or a heading "三、2026年重点工作", its
        # general requirements, then the goals: a goal list announced in the next sentences
        goals = _announced_goals(text, bounds, s_end, next_dl)
        if goals is None:
            return None
        scope_start, scope_end = goals
        items = [it for it in _items(text, scope_start, scope_end) if _listed_goal(text[it[0] : it[1]])]
    if scope_end == s_end and (items or lead):
        items.extend(_paragraph_goals(text, bounds, s_end, next_dl, numbers=lead is not None))
    elif scope_end != s_end and items and text[scope_end - 1 : scope_end] in _SENT_END:
        # an announced list goes on in sentences of numbers ("…5%左右。一产、二产增加值分别增长…")
        items.extend(_paragraph_goals(text, bounds, scope_end, next_dl, numbers=True))
    return items


def _paragraph_goals(text: str, bounds: _Bounds, pos: int, limit: int, *, numbers: bool = False) -> list[tuple[int, int]]:
    """Goal items of the sentences after ``pos`` in its paragraph, up to ``limit``; a sentence
    without a goal (with ``numbers``: without a number) ends the run."""
    out: list[tuple[int, int]] = []
    end = min(bounds.line_end(pos), limit)
    while pos < end:
        _, nxt = bounds.sentence(pos)
        nxt = min(nxt, end)
        if _MEANS.match(text, pos, nxt):
            break
        more = [it for it in _items(text, pos, nxt) if _stated_goal(text[it[0] : it[1]])]
        if not more or (numbers and not any(_has_number(text[a:b]) for a, b in more)):
            break
        out.extend(more)
        pos = nxt
    return out


def _targets(clean: CleanText, starts: Sequence[int], clauses: Sequence[Clause], items: Sequence[tuple[int, int]],
             dl: Deadline, first: int) -> list[Target]:
    """Target records of ``items`` (clean-text spans) under deadline ``dl``, numbered from ``first``."""
    text = clean.simplified
    out: list[Target] = []
    for a, b in items:
        ci = max(0, bisect.bisect_right(starts, a) - 1)
        clause = clauses[ci] if ci < len(clauses) else None
        src = clean.source_span(a, b)
        metrics: list[Metric | None] = list(parse_metrics(text[a:b].replace("\n", ""), display=clean.text[a:b].replace("\n", ""))) or [None]
        for metric in metrics:  # "A和B分别达到95%和85%": one target per metric
            out.append(
                Target(
                    index=first + len(out),
                    clause_index=ci,
                    start=src[0],
                    end=src[1],
                    text=clean.text[a:b].replace("\n", ""),
                    deadline=dl,
                    metric=metric,
                    domains=tuple(x.id for x in clause.domains) if clause else (),
                    actions=tuple(x.id for x in clause.actions) if clause else (),
                )
            )
    return out


def _table_targets(clean: CleanText, starts: Sequence[int], clauses: Sequence[Clause], ds: int, dl: Deadline,
                   first: int) -> list[Target]:
    """One target per row of the indicator table whose target-year column is at ``ds``."""
    text = clean.simplified
    header = TABLE_HEADER.search(text, max(0, ds - 40), ds + 8)
    if header is None or header.start("y1") != ds:
        return []
    out: list[Target] = []
    for row in table_rows(text, header):
        ci = max(0, bisect.bisect_right(starts, row.start) - 1)
        clause = clauses[ci] if ci < len(clauses) else None
        src = clean.source_span(row.start, row.end)
        metric = Metric(row.indicator, row.comparator, row.value, row.unit, None, row.approx, row.baseline)
        if clean.text != text:  # the indicator in the document's own script
            shown = clean.text[row.start : row.end]
            metric = replace(metric, indicator=shown[text.find(row.indicator, row.start, row.end) - row.start :][: len(row.indicator)])
        out.append(Target(first + len(out), ci, src[0], src[1], clean.text[row.start : row.end].replace("\n", ""), dl, metric,
                          tuple(x.id for x in clause.domains) if clause else (), tuple(x.id for x in clause.actions) if clause else (),
                          row.attribute))
    return out


_ANNOUNCED = re.compile(r"[^，。；：\n]{0,14}?主要(?:预期)?目标(?:是|为)?[：:]")


def _announced_goals(text: str, bounds: _Bounds, pos: int, limit: int) -> tuple[int, int] | None:
    """The span after 主要预期目标是： when one of the next five sentences (before ``limit``) opens with it
    (a work report states the year, then its general requirements, then the goals)."""
    for _ in range(5):
        if pos >= limit:
            return None
        while pos < limit and text[pos] in "\n 　":
            pos += 1
        s_start, s_end = bounds.sentence(pos)
        m = _ANNOUNCED.search(text, s_start, s_end)  # "综合考虑各方面因素，建议…主要预期目标为：" too
        if m:
            return _list_after(text, bounds, m.end(), min(s_end, limit), limit)
        pos = s_end
    return None


def _list_after(text: str, bounds: _Bounds, colon: int, end: int, limit: int) -> tuple[int, int]:
    """The list a goal lead announces: the rest of its sentence, or the next line when the lead
    ends its line ("今年经济社会发展的主要预期目标是：\n国内生产总值增长7.5%，…")."""
    if text[colon:end].strip():
        return colon, end
    pos = colon
    while pos < limit and text[pos] in "\n 　\t":
        pos += 1
    if pos >= limit:
        return colon, end
    return pos, min(bounds.sentence(pos)[1], limit)


def _listed_goal(item: str) -> bool:
    """An item of a list a goal lead announces: every item states a goal ("进出口稳中提质") unless it
    opens with a task verb; qualifiers and conditions are dropped by :func:`_items`."""
    return _has_number(item) or (len(item) >= 4 and not _TASK_LEAD.match(item))


def _has_number(item: str) -> bool:
    return parse_metric(item) is not None


def label_targets(targets: Sequence[Target], own: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
                  clauses: Sequence[Clause]) -> list[Target]:
    """Targets labeled by their own words: ``own`` holds the (domains, actions) a classifier gives
    each target's text. Where it gives none, the clause's labels whose evidence words occur in the
    target are kept, and all of the clause's labels when none does."""
    out = []
    for t, (domains, actions) in zip(targets, own, strict=True):
        clause = clauses[t.clause_index] if t.clause_index < len(clauses) else None
        if clause is not None and not domains:
            domains = _evidenced(clause.domains, to_simplified(t.text)) or t.domains
        if clause is not None and not actions:
            actions = _evidenced(clause.actions, to_simplified(t.text)) or t.actions
        out.append(replace(t, domains=domains or t.domains, actions=actions or t.actions))
    return out


def _evidenced(labels: Sequence[LabelScore], text: str) -> tuple[str, ...]:
    return tuple(lab.id for lab in labels if any(w and w in text for w in lab.evidence))
