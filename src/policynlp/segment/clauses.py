"""Sections and clauses of a cleaned document.

Works on the simplified view (same length as the clean text), line by line: a title, an
issuing date, headings (一、 （一） 1. 第一章), Q&A blocks (问/答, numbered questions with 答：),
paragraphs; then clauses at 。！？； and at the enumerations policy texts use (一是…二是…,
包括…、… when the items are verb phrases).

>>> s = segment("一、总体要求\\n一是加强组织领导。二是强化资金保障。")
>>> [(c.kind, s.text_of(c)) for c in s.clauses]
[('heading', '一、总体要求'), ('list_item', '一是加强组织领导。'), ('list_item', '二是强化资金保障。')]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from policynlp.types import Kind

CN_NUM = "一二三四五六七八九十百零〇两"
_HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第[{CN_NUM}\d]+[章编部分篇]")),
    (1, re.compile(rf"^[{CN_NUM}]+[、.．]")),
    (2, re.compile(rf"^[（(][{CN_NUM}]+[）)]")),
    (3, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
)
_ENUM = re.compile(rf"^(?:[{CN_NUM}]+是|首先|其次|再次|最后|第[{CN_NUM}]+[，,])")
_ENUM_INNER = re.compile(rf"(?<=[，；：])(?=[{CN_NUM}]{{1,2}}是)")
_SENT_END = re.compile(r"[。！？；!?;]+[”’」』）)]*")
_QUESTION = re.compile(r"^(?:问[：:]|[Qq][：:.]|[（(]?[\d一二三四五六七八九十]+[）)]?[、.．：]?).{0,80}[？?]$")
_ANSWER = re.compile(r"^(?:答[：:]|[Aa][：:.])")
_ISSUED = (
    re.compile(r"(?:发布|印发|成文|公布|发文)(?:时间|日期)[：:]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"),
    re.compile(r"^\s*[（(]?(\d{4})年(\d{1,2})月(\d{1,2})日[）)]?\s*$", re.M),
    re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|$)", re.M),
)
_DATELINE = re.compile(r"(?:社|网|报|电视台|日电)[^\n，。]{0,12}?(\d{1,2})月(\d{1,2})日(?:电|讯)")
_VERB_CUES = (
    "推进", "推动", "加快", "加强", "建设", "深化", "促进", "完善", "提升", "筑牢", "做好", "巩固", "实施",
    "开展", "培育", "健全", "构建", "打造", "强化", "发展", "支持", "鼓励", "优化", "提高", "扩大", "建立",
    "落实", "探索", "拓展", "引导", "组织", "规范", "创新", "保障", "加大", "统筹", "夯实", "增强",
)


@dataclass(frozen=True, slots=True)
class ClauseSpan:
    """A clause in clean-text coordinates."""

    start: int
    end: int
    section: str
    kind: Kind


@dataclass(slots=True)
class Structure:
    """What :func:`segment` finds: title, issue date, clause spans (clean coordinates)."""

    text: str
    title: str | None = None
    title_span: tuple[int, int] | None = None
    issued: str | None = None
    issued_partial: str | None = None
    clauses: list[ClauseSpan] = field(default_factory=list)

    def text_of(self, c: ClauseSpan) -> str:
        """The clause's characters in the segmented text."""
        return self.text[c.start : c.end]


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _heading_level(line: str) -> int | None:
    for level, pat in _HEADINGS:
        if pat.match(line):
            return level
    return None


def _find_issued(text: str, structure: Structure) -> None:
    head = text[:600]
    tail = text[-400:]
    for pat in _ISSUED:
        for zone in (head, tail):
            m = pat.search(zone)
            if m:
                y, mo, d = (int(g) for g in m.groups())
                if 1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
                    structure.issued = f"{y:04d}-{mo:02d}-{d:02d}"
                    return
    m = _DATELINE.search(head)
    if m:
        structure.issued_partial = f"--{int(m.group(1)):02d}-{int(m.group(2)):02d}"


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split ``text[s:e]`` after sentence-final marks and before inner 一是/二是 markers."""
    cuts = {s, e}
    for m in _SENT_END.finditer(text, s, e):
        cuts.add(m.end())
    for m in _ENUM_INNER.finditer(text, s, e):
        cuts.add(m.start())
    points = sorted(c for c in cuts if s <= c <= e)
    return [(a, b) for a, b in itertools.pairwise(points) if text[a:b].strip()]


def _list_items(text: str, s: int, e: int) -> list[tuple[int, int]] | None:
    """Split a sentence ``…，包括A、B、C。`` whose items are verb phrases."""
    sent = text[s:e]
    k = sent.find("，包括")
    if k < 0:
        return None
    body_start = s + k + 1
    items = []
    pos = body_start
    for m in re.finditer(r"、", text[body_start:e]):
        cut = body_start + m.end()
        items.append((pos, cut))
        pos = cut
    items.append((pos, e))
    if len(items) < 2:
        return None
    def starts_with_verb(a: int, b: int) -> bool:
        t = text[a:b].removeprefix("包括")
        return len(t) >= 6 and t.startswith(_VERB_CUES)
    if sum(starts_with_verb(a, b) for a, b in items) * 2 < len(items):
        return None
    return [(s, body_start), *items]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\u3000":
        s += 1
    while e > s and text[e - 1] in " \t\u3000":
        e -= 1
    return s, e


def segment(text: str, *, display: str | None = None) -> Structure:
    """Find title, issue date, sections and clauses of simplified clean ``text``.

    ``display`` is the same-length clean text in the document's own script; titles and
    section names are taken from it.
    """
    shown = text if display is None else display
    if len(shown) != len(text):
        raise ValueError("display text differs in length from the analysed text")
    st = Structure(text)
    _find_issued(text, st)
    lines = _lines(text)
    stack: list[tuple[int, str]] = []
    first = True

    def section() -> str:
        parts = [h for _, h in stack]
        return " > ".join(parts)

    def emit(a: int, b: int, kind: Kind) -> None:
        a, b = _strip(text, a, b)
        if b > a:
            st.clauses.append(ClauseSpan(a, b, section(), kind))

    for s, e in lines:
        line = text[s:e]
        if first:
            first = False
            if len(line) <= 60 and not _SENT_END.search(line[-1:]) and _heading_level(line) is None and not _QUESTION.match(line):
                st.title, st.title_span = shown[s:e], (s, e)
                emit(s, e, "heading")
                continue
        if _QUESTION.match(line):
            level = _heading_level(line)
            depth = level if level is not None else 1
            stack[:] = [(lv, h) for lv, h in stack if lv < depth]
            emit(s, e, "question")
            stack.append((depth, shown[s:e]))
            continue
        body_s = s
        m = _ANSWER.match(line)
        if m:
            body_s = s + m.end()
        level = _heading_level(line)
        if level is not None and not m:
            head_end = e
            first_end = _SENT_END.search(text, s, e)
            if first_end and first_end.end() < e:
                head_end = first_end.end()
            if head_end - s <= 40:
                stack[:] = [(lv, h) for lv, h in stack if lv < level]
                emit(s, head_end, "heading")
                stack.append((level, shown[s:head_end].rstrip("。：:")))
                body_s = head_end
                if body_s >= e:
                    continue
        for a, b in _sentences(text, body_s, e):
            items = _list_items(text, a, b)
            if items:
                head_kind: Kind = "list_item" if _ENUM.match(text[a:b].lstrip()) else "statement"
                emit(items[0][0], items[0][1], head_kind)
                for ia, ib in items[1:]:
                    emit(ia, ib, "list_item")
                continue
            kind: Kind = "list_item" if _ENUM.match(text[a:b].lstrip()) else "statement"
            emit(a, b, kind)
    return st
