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

from policynlp.clean import CleanText
from policynlp.extract.metrics import parse_metric
from policynlp.segment import ClauseSpan
from policynlp.types import Clause, Deadline, Target

_SENT_END = "。！？!?"
_ITEM_SPLIT = re.compile(r"[，；;,。！？]")
_PREDICATES = (
    "普及", "应用", "提高", "提升", "增强", "完善", "建成", "实现", "达到", "覆盖", "加快", "明显", "显著", "取得", "形成",
    "发展", "突破", "超过", "健全", "巩固", "优化", "降低", "下降", "增长", "弥合", "涌现", "凸显", "夯实", "推广", "延伸",
    "繁荣", "成效", "进展", "落地", "改善", "扩大", "不低于", "不少于", "控制在", "以上", "以下", "全覆盖", "基本", "全面",
    "缩小", "减少", "保持", "稳定", "上线", "建立", "压缩", "提速", "均等化", "完成", "建设", "培育", "打造", "同步", "守住", "确保",
    "减量", "到位", "见效", "增效", "更加", "跃升", "倍增", "迈上",
)
# verbs that state a goal only after its subject (化肥农药减量化稳步推进); leading an item they
# give a task (推进农村电网智能化改造), not a target
_STATE_PREDICATES = ("推进", "加强", "增加", "持续")
_LEADS = re.compile(r"^(?:其中|主要目标是|目标是|具体目标|工作目标|主要目标|总体目标|发展目标)[：:，]?$|(?:以下|如下)(?:主要|具体)?目标[：:]?$")
# pieces that frame a goal rather than state one: "自2018年起", "除确有必要保留的外", "是当前核心任务"
_LEAD_COLON = re.compile(r"(?:目标|目标是|目标为|任务是|要求是)[：:]")
_NOT_ITEM = re.compile(r"^(?:自|从|除|对于|针对|按照|根据|为了?|既是|也是|是)|(?:起|外|时)$")
_MAX_CONTINUATION = 3
# what may follow a deadline that governs goals: a comma, a colon, or a verb of completion
_GOVERNS = re.compile(
    r"^(?:[，,：:]|前[，,]?|(?:要|将|需|应|须|必须|确保|力争|争取|基本|全面|全部|初步|率先|完成|实现|建成|建立|形成|达到|"
    r"推动|推进|培育|打造|基本实现|全面完成|累计|新增|所有|各|每|重点|农村|乡村))"
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
        if b - a < 2 or _LEADS.search(text[a:b]) or _NOT_ITEM.search(text[a:b]):
            continue
        out.extend(_split_dun(text, a, b))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \n、：:":
        a += 1
    while b > a and text[b - 1] in " \n、：:":
        b -= 1
    return a, b


def _split_dun(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split at 、 only where every part is a goal of its own."""
    cuts = [m.start() for m in re.finditer("、", text[a:b])]
    if not cuts:
        return [(a, b)]
    parts = []
    pos = a
    for c in cuts:
        parts.append((pos, a + c))
        pos = a + c + 1
    parts.append((pos, b))
    if all(_is_goal(text[x:y]) for x, y in parts):
        return parts
    return [(a, b)]


def extract_targets(
    clean: CleanText,
    spans: Sequence[ClauseSpan],
    clauses: Sequence[Clause],
    deadlines: Sequence[tuple[int, int, Deadline]],
) -> list[Target]:
    """Targets of a document; ``deadlines`` carry clean-text coordinates first."""
    text = clean.simplified
    starts = [s.start for s in spans]
    dl_starts = [d[0] for d in deadlines]
    bounds = _Bounds(text)
    targets: list[Target] = []
    for k, (ds, de, dl) in enumerate(deadlines):
        next_dl = dl_starts[k + 1] if k + 1 < len(dl_starts) else len(text)
        s_start, s_end = bounds.sentence(ds)
        scope_start, scope_end = de, min(s_end, next_dl)
        if not _GOVERNS.match(text[de : de + 4]):
            # "今年是…开局之年。…主要预期目标是：经济增长5%左右、…": a goal list announced in the next sentences
            goals = _announced_goals(text, bounds, s_end, next_dl)
            if goals is None:
                continue
            scope_start, scope_end = goals
            items = [it for it in _items(text, scope_start, scope_end) if _is_goal(text[it[0] : it[1]]) or _has_number(text[it[0] : it[1]])]
            targets.extend(_targets(clean, starts, clauses, items, dl, len(targets)))
            continue
        while scope_start < scope_end and text[scope_start] in "，,：:、 ":
            scope_start += 1
        if scope_end - scope_start < 3:
            lead = text[s_start:ds].rstrip("，,要在于 ")
            if _is_goal(lead) and ds - s_start > 3:
                scope_start, scope_end = s_start, ds
            else:
                continue
        items = _items(text, scope_start, scope_end)
        if dl.kind == "period":
            # a period ("十三五"期间) frames many sentences; only goal statements are its targets
            items = [it for it in items if _is_goal(text[it[0] : it[1]])]
        if len(items) <= 1 and scope_end == s_end:
            pos, n = s_end, 0
            line_end = bounds.line_end(pos)
            while n < _MAX_CONTINUATION and pos < min(line_end, next_dl):
                _, nxt_end = bounds.sentence(pos)
                nxt_end = min(nxt_end, next_dl, line_end)
                more = [it for it in _items(text, pos, nxt_end) if _is_goal(text[it[0] : it[1]])]
                if not more:
                    break
                items.extend(more)
                pos, n = nxt_end, n + 1
        targets.extend(_targets(clean, starts, clauses, items, dl, len(targets)))
    return targets


def _targets(clean: CleanText, starts: Sequence[int], clauses: Sequence[Clause], items: Sequence[tuple[int, int]],
             dl: Deadline, first: int) -> list[Target]:
    """Target records of ``items`` (clean-text spans) under deadline ``dl``, numbered from ``first``."""
    text = clean.simplified
    out: list[Target] = []
    for a, b in items:
        ci = max(0, bisect.bisect_right(starts, a) - 1)
        clause = clauses[ci] if ci < len(clauses) else None
        src = clean.source_span(a, b)
        out.append(
            Target(
                index=first + len(out),
                clause_index=ci,
                start=src[0],
                end=src[1],
                text=clean.text[a:b].replace("\n", ""),
                deadline=dl,
                metric=parse_metric(text[a:b].replace("\n", ""), display=clean.text[a:b].replace("\n", "")),
                domains=tuple(x.id for x in clause.domains) if clause else (),
                actions=tuple(x.id for x in clause.actions) if clause else (),
            )
        )
    return out


_ANNOUNCED = re.compile(r"(?:今年|全年|年度)?(?:经济社会发展|发展)?(?:的)?主要(?:预期)?目标(?:是|为)?[：:]")


def _announced_goals(text: str, bounds: _Bounds, pos: int, limit: int) -> tuple[int, int] | None:
    """The span after 主要预期目标是： when one of the next two sentences (before ``limit``) opens with it."""
    for _ in range(2):
        if pos >= limit:
            return None
        while pos < limit and text[pos] in "\n 　":
            pos += 1
        s_start, s_end = bounds.sentence(pos)
        m = _ANNOUNCED.match(text, s_start, s_end)
        if m:
            return m.end(), min(s_end, limit)
        pos = s_end
    return None


def _has_number(item: str) -> bool:
    return parse_metric(item) is not None
