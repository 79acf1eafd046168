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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from policynlp.segment import meta
from policynlp.types import Kind

CN_NUM = "一二三四五六七八九十百零〇两"
_N = rf"[{CN_NUM}\d]+"
_GAP = r"[ \t\u3000]*"
# (rank, pattern, label_only): a lower rank is a higher level; a label-only heading (第X条, 专栏N)
# names a section but its line goes on as body text
_HEADINGS: tuple[tuple[int, re.Pattern[str], bool], ...] = (
    (0, re.compile(rf"^第{_GAP}{_N}{_GAP}(?:编|部分|篇)"), False),
    (10, re.compile(rf"^第{_GAP}{_N}{_GAP}章"), False),
    (20, re.compile(rf"^第{_GAP}{_N}{_GAP}节"), False),
    (25, re.compile(r"^专栏\s*\d{1,2}"), True),
    (30, re.compile(rf"^第{_GAP}{_N}{_GAP}条(?:之[{CN_NUM}]+)?(?=[ \t\u3000]|$|[\u4e00-\u9fff（(“])"), True),
    (40, re.compile(rf"^[{CN_NUM}]+[、.．]"), False),
    (50, re.compile(rf"^[（(][{CN_NUM}]+[）)]"), False),
    (60, re.compile(r"^\d{1,2}[.．、](?!\d)"), False),
    (70, re.compile(r"^[（(]\d{1,2}[）)]"), False),
)
_WORD = re.compile(r"[^\W_]")
_MARKDOWN = re.compile(r"^(#{1,6})[ \t\u3000]*(?=\S)")
_CHAPTER = re.compile(rf"第{_GAP}{_N}{_GAP}[章节]")
_TABLE_RULE = re.compile(r"^\|?[\s:\-|]+\|?$")
_META_LINE = re.compile(
    r"^(?:[（(]?(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：时]\d{2}(?:[:：分]\d{2})?秒?分?)?[）)]?"
    r"|.{0,20}(?:时间|日期)[：:].{0,30}"
    r"|[\u4e00-\u9fff]{1,12}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号"
    r"|(?:中华人民共和国)?[\u4e00-\u9fff]{1,20}令|第\s*\d{1,5}\s*号|[（(]此件[\u4e00-\u9fff]{1,8}[）)])$"
)
_ENUM = re.compile(rf"^(?:[{CN_NUM}]+是|首先|其次|再次|最后|第[{CN_NUM}]+[，,])")
_ENUM_INNER = re.compile(rf"(?<=[，；：])(?=[{CN_NUM}]{{1,2}}是)")
_SENT_END = re.compile(r"[。！？；!?;]+[”’」』）)]*")
_QUESTION = re.compile(r"^(?:问[：:]|[Qq][：:.]|[（(]?[\d一二三四五六七八九十]+[）)]?[、.．：]?).{0,80}[？?]$")
_ANSWER = re.compile(r"^(?:答[：:]|[Aa][：:.])")
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
    doc_number: str | None = None
    issuers: list[str] = field(default_factory=list)
    clauses: list[ClauseSpan] = field(default_factory=list)

    def text_of(self, c: ClauseSpan) -> str:
        """The clause's characters in the segmented text."""
        return self.text[c.start : c.end]


def _lines(text: str) -> list[tuple[int, int]]:
    return meta.line_spans(text)


def _heading(line: str) -> tuple[int, int, bool] | None:
    """(rank, start of the heading's own text, label_only) of a heading line, or None."""
    m = _MARKDOWN.match(line)
    if m:
        return -100 + len(m.group(1)), m.end(), False
    for rank, pat, label_only in _HEADINGS:
        if pat.match(line):
            return rank, 0, label_only
    return None


def is_heading_line(line: str) -> bool:
    """Whether ``line`` opens with a heading number of any system (第一章, 一、, （一）, 1., 第一条 …)."""
    return any(pat.match(line) for _, pat, _ in _HEADINGS)


def _label(shown: str) -> str:
    """Section name of a heading: marks stripped, a space after 第X章/第X节 kept readable."""
    label = shown.strip().rstrip("。：:")
    m = re.match(rf"^(第{_GAP}{_N}{_GAP}(?:编|部分|篇|章|节))[ \t\u3000]*(?=\S)", label)
    if m:
        label = re.sub(r"[ \t\u3000]", "", m.group(1)) + " " + label[m.end() :]
    return label


def _find_dateline(text: str, structure: Structure) -> None:
    if structure.issued is None:
        m = _DATELINE.search(text[:600])
        if m:
            structure.issued_partial = f"--{int(m.group(1)):02d}-{int(m.group(2)):02d}"


def _contents_lines(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """Indices of the lines of a table of contents (they yield no clauses).

    A line listing three or more chapters (a collapsed 目录), a 目录 line and the heading-only
    lines under it, and a run of three or more heading-only lines most of which come back later.
    """
    keys = [re.sub(r"[\s#]", "", text[s:e]) for s, e in lines]
    later: dict[str, int] = {}
    for i, k in enumerate(keys):
        later[k] = i
    toc: set[int] = set()
    i = 0
    while i < len(lines):
        k = keys[i]
        if len(_CHAPTER.findall(k)) >= 3 and "。" not in k:
            toc.add(i)
        elif k in ("目录", "目次"):
            toc.add(i)
            j = i + 1
            first = keys[j] if j < len(keys) else ""
            while j < len(lines) and len(keys[j]) <= 40 and not _SENT_END.search(keys[j]):
                if j > i + 1 and keys[j] == first:
                    break
                toc.add(j)
                j += 1
            i = j
            continue
        elif _heading(text[lines[i][0] : lines[i][1]]) and len(k) <= 40 and not _SENT_END.search(k):
            j = i
            while j < len(lines) and _heading(text[lines[j][0] : lines[j][1]]) and len(keys[j]) <= 40 and not _SENT_END.search(keys[j]):
                j += 1
            run = range(i, j)
            if len(run) >= 3 and sum(later[keys[x]] > j for x in run) * 2 > len(run):
                toc.update(run)
            i = max(j, i + 1)
            continue
        i += 1
    return toc


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


def segment(text: str, *, display: str | None = None, hints: Mapping[str, object] | None = None) -> Structure:
    """Find title, issue date, 文号, issuers, sections and clauses of simplified clean ``text``.

    ``display`` is the same-length clean text in the document's own script; titles and
    section names are taken from it. ``hints`` are what a reader already knows from the
    format (a Taiwan law JSON's 法規名稱, 最新異動日期): they win over what the text suggests.
    """
    shown = text if display is None else display
    if len(shown) != len(text):
        raise ValueError("display text differs in length from the analysed text")
    hints = hints or {}
    st = Structure(text)
    lines = _lines(text)
    fields = meta.labelled_fields(text)
    title = meta.find_title(text, stated=fields.get("title"))
    title_lines: set[int] = set()
    if title is not None:
        st.title = "".join(shown[a:b] for a, b in title.parts)
        st.title_span = (title.start, title.end)
        title_lines = set(range(title.first_line, title.last_line + 1))
    elif "title" in fields:
        st.title = fields["title"]
    hint_title = hints.get("title")
    if isinstance(hint_title, str) and hint_title:
        st.title = hint_title
    heads = (_heading(text[s:e]) for s, e in lines)
    body_start = next((s for (s, _), h in zip(lines, heads, strict=True) if h is not None and h[0] >= 0), None)
    hinted_date = hints.get("issued")
    st.issued = hinted_date if isinstance(hinted_date, str) else fields.get("issued") or meta.find_issued(text, body_start=body_start)
    _find_dateline(text, st)
    hinted_no = hints.get("doc_number")
    st.doc_number = (
        hinted_no if isinstance(hinted_no, str) else fields.get("doc_number") or meta.find_doc_number(text, title_end=title.end if title else 0)
    )
    hinted_bodies = hints.get("issuers")
    if isinstance(hinted_bodies, list | tuple):
        st.issuers = [str(b) for b in hinted_bodies]
    elif "issuer" in fields:
        st.issuers = meta.split_bodies(fields["issuer"])
    else:
        st.issuers = meta.find_issuers(text, title=text[title.start : title.end].replace("\n", "") if title else None)
    toc = _contents_lines(text, lines)
    stack: list[tuple[int, str]] = []
    table_header: str | None = None
    enum_rank: int | None = None  # the numbering of a list that a "…下列事项：" sentence opened

    def section() -> str:
        parts = [h for _, h in stack]
        if table_header:  # "" inside a table without a header row
            parts.append(table_header)
        return " > ".join(parts)

    def emit(a: int, b: int, kind: Kind) -> None:
        a, b = _strip(text, a, b)
        if b > a and _WORD.search(text, a, b):  # punctuation alone is no clause
            st.clauses.append(ClauseSpan(a, b, section(), kind))

    for idx, (s, e) in enumerate(lines):
        line = text[s:e]
        if idx in toc:
            continue
        if title is not None and idx in title_lines:
            if idx == title.first_line:
                emit(title.start, title.end, "heading")
                if title.end < e:  # a collapsed page: the body goes on after the title
                    _body(text, title.end, e, emit)
            continue
        if line.startswith("|"):
            if _TABLE_RULE.match(line):
                continue
            if table_header is None:
                table_header = _row_label(shown[s:e])
                if not re.search(r"[：:]", line):  # column names; a "label：value" first row is data
                    continue
                table_header = ""
            emit(s, e, "statement")
            continue
        table_header = None
        if _META_LINE.match(line) or (len(line) <= 40 and meta.is_signature_line(line)):
            continue
        if _QUESTION.match(line):
            h = _heading(line)
            depth = h[0] if h is not None else 40
            stack[:] = [(lv, hd) for lv, hd in stack if lv < depth]
            emit(s, e, "question")
            stack.append((depth, shown[s:e]))
            continue
        body_s = s
        m = _ANSWER.match(line)
        if m:
            body_s = s + m.end()
        h = _heading(line)
        if h is not None and not m and _is_list_item(text, s, e, h, enum_rank, st.clauses):
            enum_rank = h[0]
            _body(text, s, e, emit, first_kind="list_item")
            continue
        enum_rank = None
        if h is not None and not m:
            rank, off, label_only = h
            if label_only:
                pat = next(p for r, p, _ in _HEADINGS if r == rank)
                lm = pat.match(line)
                assert lm is not None
                stack[:] = [(lv, hd) for lv, hd in stack if lv < rank]
                stack.append((rank, re.sub(r"[ \t\u3000]", "", shown[s : s + lm.end()])))
                if rank == 25:  # 专栏N: a box, often a table flattened into one line
                    _box_rows(text, s + lm.end(), e, emit)
                    continue
                if not text[s + lm.end() : e].strip():  # the number alone on its line (第 1 條)
                    continue
            else:
                head_end = e
                first_end = _SENT_END.search(text, s, e)
                if first_end and first_end.end() < e:
                    head_end = first_end.end()
                if head_end - s <= 40 + off:
                    stack[:] = [(lv, hd) for lv, hd in stack if lv < rank]
                    emit(s + off, head_end, "heading")
                    stack.append((rank, _label(shown[s + off : head_end])))
                    body_s = head_end
                    if body_s >= e:
                        continue
        _body(text, body_s, e, emit)
    return st


_LIST_LEAD = re.compile(r"(?:下列|以下)[^，。；]{0,12}[：:]$")  # 应当载明下列内容： 有下列行为之一的：
_ITEM_RANKS = (40, 50, 60, 70)  # 一、 （一） 1. （1）: the numberings that also number list items


def _is_list_item(text: str, s: int, e: int, h: tuple[int, int, bool], enum_rank: int | None,
                  before: list[ClauseSpan]) -> bool:
    """A numbered line that is an item of a list, not a heading: it ends its first sentence with
    a semicolon (（一）制定相关标准、规范；), or it goes on a list that a sentence ending in a colon
    opened (…重点用于下列事项： （一）… （五）…。). Such lines carry their lead-in's topic and open
    no section."""
    rank = h[0]
    if rank not in _ITEM_RANKS:
        return False
    first = _SENT_END.search(text, s, e)
    if first is None:
        return False
    if first.group().startswith(("；", ";")):
        return True
    if text[first.end() : e].strip():  # a heading with its paragraph run on after it
        return False
    if enum_rank == rank:
        return True
    if not before or before[-1].kind == "heading":
        return False
    last = text[before[-1].start : before[-1].end].rstrip()
    return last.endswith(("：", ":")) and _LIST_LEAD.search(last) is not None


def _row_label(row: str) -> str:
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    return " | ".join(c for c in cells if c)


def _body(text: str, a0: int, e: int, emit: Callable[[int, int, Kind], None], *, first_kind: Kind | None = None) -> None:
    for n, (a, b) in enumerate(_sentences(text, a0, e)):
        if n == 0 and first_kind is not None:
            emit(a, b, first_kind)
            continue
        piece = text[a:b].strip()
        if len(piece) <= 40 and meta.is_signature_line(piece):  # a signature run into the body's last line
            continue
        items = _list_items(text, a, b)
        if items:
            head_kind: Kind = "list_item" if _ENUM.match(text[a:b].lstrip()) else "statement"
            emit(items[0][0], items[0][1], head_kind)
            for ia, ib in items[1:]:
                emit(ia, ib, "list_item")
            continue
        kind: Kind = "list_item" if _ENUM.match(text[a:b].lstrip()) else "statement"
        emit(a, b, kind)


_ROW_NO = re.compile(r"(?<![\d.．])\d{1,2}[.．](?!\d)")


def _box_rows(text: str, a: int, e: int, emit: Callable[[int, int, Kind], None]) -> None:
    """A 专栏's body: sentences, and a flattened indicator table cut at its row numbers (1. 2. …)."""
    cuts = {a, e}
    for m in _SENT_END.finditer(text, a, e):
        cuts.add(m.end())
    for m in _ROW_NO.finditer(text, a, e):
        cuts.add(m.start())
    for m in re.finditer(rf"[（(][{CN_NUM}]+[）)]", text[a:e]):
        cuts.add(a + m.start())
    points = sorted(cuts)
    for x, y in itertools.pairwise(points):
        if text[x:y].strip():
            emit(x, y, "statement")
