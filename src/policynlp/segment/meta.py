"""Document metadata a notice states about itself: title, issue date, 文号, issuing bodies.

Everything works on the simplified clean text, line by line, and looks where official documents
put these things: the title in the first lines (joined when a page broke it), the 文号 right
under the title or in a decree header, the issue date in a label (发布时间：), a signature or a
law's 通过/修正 note, the issuer in the signature, the title's subject (X关于…) or the decree.

>>> find_doc_number("国务院关于促进就业的意见\\n国发〔2018〕39号\\n各省、自治区：")
'国发〔2018〕39号'
>>> find_issued("……\\n国务院办公厅\\n二〇〇五年六月十一日")
'2005-06-11'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零Ｏ一二三四五六七八九十"

# how official documents end their titles (the genre of the document)
GENRES = (
    "答记者问", "问答", "修正案", "解读", "指导意见", "实施意见", "意见", "通知", "通报", "决定", "办法", "方案", "规划", "纲要",
    "计划", "规定", "细则", "条例", "规则", "批复", "复函", "函", "答复", "报告", "公告", "通告", "要点", "指南", "清单",
    "法", "令", "决议", "公报", "说明", "讲话", "建议", "措施", "标准", "章程", "守则", "目录",
)
_GENRE_END = re.compile("(?:" + "|".join(GENRES) + r")(?:[（(][^（）()\n]{1,12}[）)])?$")

_DOC_NO = re.compile(
    r"(?P<no>[\u4e00-\u9fff]{1,12}(?:〔|\[|［|【|\(|（)\s*(?:19|20)\d{2}\s*(?:〕|\]|］|】|\)|）)\s*第?\s*\d{1,5}\s*号)"
)
_DECREE_HEAD = re.compile(r"^(?:中华人民共和国)?(?P<body>[\u4e00-\u9fff]{1,20}?)令$")
_DECREE_NO = re.compile(r"^[（(]?第\s*(?P<n>\d{1,5})\s*号[）)]?$")

_YMD = r"(?P<y>(?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(?P<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<d>\d{1,2})\s*日?"
_YMD_CN = rf"(?P<cy>[{_CN}]{{4}})年(?P<cm>[{_CN}]{{1,2}})月(?P<cd>[{_CN}]{{1,3}})日"
_ROC = rf"(?:中[华華])?民[国國]\s*(?P<ry>[{_CN}百\d]{{1,5}})\s*年\s*(?P<rm>[{_CN}\d]{{1,3}})\s*月\s*(?P<rd>[{_CN}\d]{{1,3}})\s*日"
DATE = re.compile(f"{_YMD}|{_YMD_CN}|{_ROC}")
_LABELLED = re.compile(r"(?:发布|印发|成文|公布|发文|更新|上传)?(?:时间|日期)\s*[：:]\s*")
_CLOCK = r"(?:\s*\d{1,2}[:：时]\d{2}(?:[:：分]\d{2})?秒?分?)?"
_NEWS = re.compile(rf"^[（(]?(?:{_YMD}){_CLOCK}[）)]?[\s|｜]*(?:来源|记者|作者|编辑|发布|浏览|阅读|点击|查看|$)")
# the publisher before the date, page counters after it: 湘潭市农业农村局 2021-07-14 阅读量 887
_BYLINE = re.compile(rf"^[\u4e00-\u9fff]{{2,20}}\s*(?:{_YMD}){_CLOCK}[\s|｜]*(?:来源|浏览|阅读|点击|查看)")
_SOURCE_DATE = re.compile(rf"^(?:内容)?来源\s*[：:].{{0,40}}?(?:{_YMD}){_CLOCK}$")
_ALONE = re.compile(rf"^[（(]?(?:{_YMD}|{_YMD_CN}|{_ROC})[）)]?$")
_ADOPTED = re.compile(r"通过|修正|修订|公布|发布|施行")
_BODY_END = r"(?:院|部|委|厅|局|会|府|署|行|办|室|中心|委员会|小组|政府)"
_SIGNED = re.compile(rf"{_BODY_END}\s*(?:{_YMD}|{_YMD_CN})\s*(?:[（(]此件[^）)]{{0,8}}[）)])?$")

# a body that issues: a name ending in an organ's word
_ORG = re.compile(
    r"[\u4e00-\u9fff]{1,20}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|常务委员会|人民代表大会|"
    r"总局|管理局|局|部|委|院|厅|署|行|中央|政府|会|总社|联|小组|办)"
)
_SUBJECT = re.compile(r"^(?P<who>.{2,60}?)(?:有关司局负责同志就|有关负责同志就|负责同志就|负责人就|关于|对|转发|印发|批转)")
_MEETING = re.compile(
    r"(?P<who>[\u4e00-\u9fff]{2,30}?(?:常务委员会|代表大会|常务会议|委员会))第[一二三四五六七八九十百]+次(?:全体)?会议(?:审议)?(?:通过|修正|修订)"
)
# a page's own field naming the issuer (发布单位:福建农业厅时间:2013-07-23; 发文机关：国务院办公厅)
_HEADER_ISSUER = re.compile(r"(?:发布单位|发文单位|发文机关|发布机关|发布机构|发文机构)\s*[:：]\s*(?P<who>[\u4e00-\u9fff、]{2,40}?)(?=[\s|｜]|时间|日期|发布|成文|$)")
_ISSUED_BY = re.compile(r"(?P<who>[^《》\n]{2,120}?)(?:联合印发|印发|联合发布|发布|会同有关部门制定了?|联合制定了?|制定了?)(?:了)?《")
_WORK_REPORT = re.compile(r"^(?:\d{4}年)?(?P<who>[\u4e00-\u9fff]{2,12}?(?:人民)?政府)工作报告$")
_TITLE_BAD = re.compile(r"[。！？；>＞|｜]|^[（(]|^——|^[-—]|记者[\u4e00-\u9fff\s]{2,6}(?:摄|报道)$|摄$")
# a tag-like run (<svg/onload=…>) is text the page shows, not a breadcrumb's ">" (首页 > 通知公告)
_TAG_LIKE = re.compile(r"<[^<>\n]{1,80}>")
# a colon in a headline is fine (农业农村部：…), not after a page's field label or before no words
_LABEL_COLON = re.compile(r"^[A-Za-z]{1,12}\s*[：:]|^[^：:]{0,6}(?:来源|时间|日期|作者|编辑|记者|通讯员|发布|热线|电话|图|地址|邮编|位置|浏览|点击|栏目|关键词|分享|字号)[^：:]{0,2}[：:]|[：:][^\u4e00-\u9fff]*$")
_SITE_TAIL = re.compile(r"\s*(?:_|——|--|\s-\s)[^_]{1,12}$")
_PERIOD_LINE = re.compile(r"^[（(][^（）()]{2,20}[）)]$")  # （2022—2030年） （试行） （征求意见稿）
_LABELLED_FIELD = re.compile(
    r"^[-*•·\s]*(?P<label>标题|名称|文件名称|发文字号|文号|成文日期|发布日期|发文日期|发文机关|发布机构|发布机关|发文单位|制发机关)"
    r"\s*[：:]\s*(?P<value>\S.{0,120})$"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Title:
    """A title found in the text: its clean-text span and the lines it covers."""

    start: int
    end: int
    first_line: int
    last_line: int  # inclusive
    parts: tuple[tuple[int, int], ...]  # the spans joined (a title broken over lines)


def cn_number(s: str) -> int | None:
    """``"二〇〇五"`` → 2005, ``"二十九"`` → 29, ``"一百十二"`` → 112, digits as they are."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if not s or any(ch not in CN_DIGIT and ch not in "十百" for ch in s):
        return None
    if "十" not in s and "百" not in s:
        return int("".join(str(CN_DIGIT[ch]) for ch in s))
    total, cur = 0, 0
    for ch in s:
        if ch == "百":
            total += (cur or 1) * 100
            cur = 0
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = CN_DIGIT[ch]
    return total + cur


def date_of(m: re.Match[str]) -> str | None:
    """ISO date of a :data:`DATE` match (Chinese numerals and ROC years converted), or None."""
    g = m.groupdict()
    if g.get("y"):
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
    elif g.get("cy"):
        parts = [cn_number(g["cy"]), cn_number(g["cm"]), cn_number(g["cd"])]
        if None in parts:
            return None
        y, mo, d = (p or 0 for p in parts)
    elif g.get("ry"):
        parts = [cn_number(g["ry"]), cn_number(g["rm"]), cn_number(g["rd"])]
        if None in parts:
            return None
        y, mo, d = (p or 0 for p in parts)
        y += 1911
    else:
        return None
    if 1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def line_spans(text: str, *, marks: str = "") -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line, outer whitespace (and leading ``marks``) left out.

    >>> line_spans("  一、总则\\n\\n## 第一章", marks="# ")
    [(2, 6), (11, 14)]
    """
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
            while s < e and text[s] in marks:
                s += 1
            out.append((s, e))
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    return line_spans(text, marks="# \t\u3000")  # Markdown heading marks


def _first_date(pattern: re.Pattern[str], line: str) -> str | None:
    m = pattern.search(line)
    if not m:
        return None
    d = DATE.search(line, m.start())
    return date_of(d) if d else None


def find_issued(text: str, *, body_start: int | None = None) -> str | None:
    """The issue date the text states, or None (a date is only taken where notices put theirs).

    In order: a labelled date (发布时间：…) near the top or the end; a dateline or a source
    line with a date at the top; a signature date (a line that is only a date, or a body's
    name followed by a date); the latest 通过/修正 date of a law's preamble.
    """
    lines = _lines(text)
    head = [text[s:e] for s, e in lines[:15]]
    tail = [text[s:e] for s, e in lines[-12:]]
    for line in head + tail:
        m = _LABELLED.search(line)
        if m:
            d = DATE.match(line, m.end())
            if d and date_of(d):
                return date_of(d)
    for line in head:
        for pat in (_NEWS, _SOURCE_DATE, _BYLINE):
            found = _first_date(pat, line)
            if found:
                return found
    for k, (s, e) in enumerate(lines):
        line = text[s:e]
        if len(line) > 40:
            continue
        # a date alone on its line dates the page near its top or end, or under a signature;
        # in the middle it may date a link or an event
        alone = _ALONE.match(line) and (k < 15 or k >= len(lines) - 12 or (k > 0 and is_signature(text[lines[k - 1][0] : lines[k - 1][1]])))
        if alone or (_SIGNED.search(line) and is_signature(line[: DATE.search(line).start()] if DATE.search(line) else "")):  # type: ignore[union-attr]
            d = DATE.search(line)
            if d and date_of(d):
                return date_of(d)
    # collapsed pages: the signature runs into the text ("…国务院办公厅2020年11月1日（此件公开发布）")
    for m in re.finditer(rf"{_BODY_END}\s*(?:{_YMD}|{_YMD_CN})\s*[（(]此件", text):
        d = DATE.search(text, m.start())
        if d and date_of(d):
            return date_of(d)
    end = _SIGNED.search(text[-60:].rstrip())
    if end:
        d = DATE.search(text[-60:].rstrip(), end.start())
        if d and date_of(d):
            return date_of(d)
    preamble_end = body_start if body_start is not None else min(len(text), 600)
    best: str | None = None
    for d in DATE.finditer(text, 0, preamble_end):
        nl = text.find("\n", d.end())
        after = text[d.end() : min(d.end() + 200, nl if nl >= 0 else len(text))]
        nxt = DATE.search(after)
        window = after[: nxt.start()] if nxt else after
        iso = date_of(d)
        if iso and _ADOPTED.search(window) and (best is None or iso > best):
            best = iso
    return best


def find_doc_number(text: str, *, title_end: int = 0) -> str | None:
    """The document's own 文号: a decree header's number, or the first 文号 right after the title
    (before the first sentence of the body); numbers cited in the body are not the document's."""
    lines = _lines(text)
    for i, (s, e) in enumerate(lines[:12]):
        m = _DECREE_HEAD.match(text[s:e])
        if m and i + 1 < len(lines):
            n = _DECREE_NO.match(text[lines[i + 1][0] : lines[i + 1][1]])
            if n:
                body = m.group("body")
                prefix = "国令" if body == "国务院" else body + "令"
                return f"{prefix}第{n.group('n')}号"
    stop = text.find("。", title_end)
    zone_end = min(len(text), (stop if stop >= 0 else len(text)), title_end + 400)
    m = _DOC_NO.search(text, 0, zone_end)
    if not m:
        return None
    start = max(m.start(), title_end)
    no = re.sub(r"\s+", "", text[start : m.end()])
    bracket = next((k for k, ch in enumerate(no) if ch in "〔[［【(（"), 0)
    if _NO_STOP_RE.search(no[:bracket]):  # the match ran back into the title or a sentence: keep the 文号's own prefix
        k = max(no.rfind(cut, 0, bracket) + len(cut) if no.rfind(cut, 0, bracket) >= 0 else 0 for cut in _NO_STOP)
        no = no[k:]
    for a, b in (("[", "〔"), ("]", "〕"), ("［", "〔"), ("］", "〕"), ("【", "〔"), ("】", "〕"), ("(", "〔"), (")", "〕"), ("（", "〔"), ("）", "〕")):
        no = no.replace(a, b)
    return no if _CJK.match(no) and _DOC_NO.fullmatch(no) else None


_NO_STOP = ("通知", "意见", "决定", "批复", "答复", "通报", "办法", "方案", "的", "》", "）", "，", "。")
_NO_STOP_RE = re.compile("|".join(map(re.escape, _NO_STOP)))


def _title_bad(line: str) -> bool:
    return _TITLE_BAD.search(_TAG_LIKE.sub("", line)) is not None


def _title_ok(line: str) -> bool:
    return (
        len(_CJK.findall(line)) >= 5
        and len(line) <= 90
        and not _title_bad(line)
        and not _LABEL_COLON.search(line)
        and not _NUMBERED.match(line)
    )


# a numbered heading or list item (一、 （一） 1. 1、 第一章) is no document title
_NUMBERED = re.compile(r"^(?:专栏\s*\d|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}(?:[、.．](?!\d)|\s)|第[一二三四五六七八九十百\d]+(?:分编|[章节条编]))")


def labelled_fields(text: str) -> dict[str, str]:
    """Fields a page states with labels in its first lines (标题：… 发文字号：… 成文日期：…), by role:
    ``title``, ``doc_number``, ``issued`` (ISO), ``issuer``; empty values are left out."""
    out: dict[str, str] = {}
    for s, e in _lines(text)[:40]:
        m = _LABELLED_FIELD.match(text[s:e])
        if not m:
            continue
        label, value = m.group("label"), m.group("value").strip()
        if label in ("标题", "名称", "文件名称"):
            out.setdefault("title", value)
        elif label in ("发文字号", "文号"):
            if _DOC_NO.fullmatch(re.sub(r"\s+", "", value)):
                out.setdefault("doc_number", re.sub(r"\s+", "", value))
        elif label in ("成文日期", "发布日期", "发文日期"):
            d = DATE.match(value)
            iso = date_of(d) if d else None
            if iso:
                out.setdefault("issued", iso)
        elif split_bodies(value):
            out.setdefault("issuer", value)
    return out


def _genre(line: str) -> bool:
    """Ends like a complete title: a genre word, with its 《》, （） and “” closed."""
    return bool(_GENRE_END.search(line)) and all(line.count(a) == line.count(b) for a, b in ("《》", "（）", "“”"))


def find_title(text: str, *, skip_line: int = 0, stated: str | None = None) -> Title | None:
    """The title among the first lines: a short non-sentence line, joined with the next one or two
    when the page broke it (the join ends in a genre word such as 通知/意见); a collapsed page's
    title is cut where its genre word meets the 文号 or the body. ``stated`` is a title the page
    gives in a field (标题：…): the first line that says just that is the title."""
    lines = _lines(text)[skip_line:]
    # the first 15 lines with words: counters, icons and toolbars before them do not count
    worded = [k for k, (s, e) in enumerate(lines[:60]) if len(_CJK.findall(text[s:e])) >= 5]
    limit = worded[14] + 1 if len(worded) >= 15 else min(len(lines), 60)
    if stated:
        key = re.sub(r"\s+", "", stated)
        for i, (s, e) in enumerate(lines[:40]):
            if re.sub(r"\s+", "", text[s:e]) == key:
                return Title(s, e, i + skip_line, i + skip_line, ((s, e),))
    window = lines[:limit]
    # a decree header (中华人民共和国国务院令 / 第707号) names the order, not the document
    skip: set[int] = set()
    for i, (s, e) in enumerate(window[:-1]):
        if _DECREE_HEAD.match(text[s:e]) and _DECREE_NO.match(text[window[i + 1][0] : window[i + 1][1]]):
            skip |= {i, i + 1}
    candidates: list[Title] = []
    for i, (s, e) in enumerate(window):
        if i in skip:
            continue
        line = text[s:e]
        if not _genre(line):
            cut = _collapsed_title(line)
            if cut is not None and (not candidates or len(line) <= 90):
                return Title(s, s + cut, i + skip_line, i + skip_line, ((s, s + cut),))
        half = _repeated_head(line)
        if half:  # "X X嘛": a page title said twice
            e = s + half
            line = text[s:e]
        tail = _SITE_TAIL.search(line)
        if tail and _title_ok(line[: tail.start()]):  # "Title_SiteName"
            e = s + tail.start()
            line = text[s:e]
        if len(line) > 90 or DATE.search(line) or not _title_ok(line):
            continue
        parts = [(s, e)]
        joined = line
        j = i
        while not _genre(joined) and j + 1 < len(window) and len(parts) < 3:
            ns, ne = window[j + 1]
            nxt = text[ns:ne]
            if len(nxt) > 60 or _title_bad(nxt) or DATE.search(nxt) or _DOC_NO.search(nxt):
                break
            if not _genre(joined + nxt) and not (j + 2 < len(window) and _genre(joined + nxt + text[window[j + 2][0] : window[j + 2][1]])):
                break
            parts.append((ns, ne))
            joined += nxt
            j += 1
        if _genre(joined) and j + 1 < len(window):
            ns, ne = window[j + 1]
            if _PERIOD_LINE.match(text[ns:ne]):  # the period or status on its own line belongs to the title
                parts.append((ns, ne))
                j += 1
        t = Title(s, parts[-1][1], i + skip_line, j + skip_line, tuple(parts))
        if _genre(joined) or (not candidates and _markdown_h1(text, s)):  # a "# " heading opening the text is its title
            return t
        candidates.append(t)
    return candidates[0] if candidates else None


def _markdown_h1(text: str, s: int) -> bool:
    """Whether the line starting (after its marks) at ``s`` is a level-1 Markdown heading."""
    return text[text.rfind("\n", 0, s) + 1 : s].strip() == "#"


def _repeated_head(line: str) -> int | None:
    """Length of a head that the line repeats right after itself (a search-bait title), or None."""
    for k in range(6, len(line) // 2 + 1):
        if line.startswith(line[:k], k):
            return k
    return None


def _collapsed_title(line: str) -> int | None:
    """End of a title glued to its body on one long line, or None."""
    depth = 0
    for k, ch in enumerate(line[:120]):
        if ch in "《（(“":
            depth += 1
        elif ch in "》）)”":
            depth = max(0, depth - 1)
        if depth or k < 5:
            continue
        head = line[: k + 1]
        if not _GENRE_END.search(head) or _title_bad(head) or _NUMBERED.match(head) or "，" in head:
            continue
        rest = line[k + 1 : k + 40]
        no = _DOC_NO.match(rest)
        if (
            (no and not _NO_STOP_RE.search(rest[: no.end()]))
            or re.match(r"(?:各|日前|近日|为|根据|按照|经|现|\s)", rest)
            or re.match(r"[\u4e00-\u9fff、]{2,30}[：:]", rest)
        ):
            return k + 1
    return None


_JOINERS = re.compile(r"[、\s\u3000，,与]|联合|会同")
_LEAD_WORD = re.compile(r"^(?:由|经|近日|日前|最近|今年|近期|此前|同时|并|已|还)")
_CITING = re.compile(r"^(?:根据|按照|依据|依照|参照|对照|贯彻|落实)")  # X印发《Y》 cited, not this document's issuer


def split_bodies(s: str) -> list[str]:
    """The organ names in ``s`` (国务院办公厅、中央军委办公厅 → both); words that are no organ are left out."""
    parts = [p for p in re.split(r"[、\s\u3000，,与]+|联合|会同", _LEAD_WORD.sub("", s)) if p]
    return [p for p in parts if _ORG.fullmatch(p)]


def _subject_bodies(title: str | None) -> list[str]:
    """The bodies a title names as its subject (X、Y关于… / X转发… / X负责同志就…)."""
    m = _SUBJECT.match(title or "")
    if not m:
        return []
    who = m.group("who")
    bodies = split_bodies(who)
    return bodies if bodies and "".join(bodies) == _JOINERS.sub("", _LEAD_WORD.sub("", who)) else []


def is_signature(line: str) -> bool:
    """A line that only names issuing bodies (a signature: 国务院办公厅, 国务院办公厅　中央军委办公厅)."""
    bodies = split_bodies(line)
    return bool(bodies) and "".join(bodies) == _JOINERS.sub("", _LEAD_WORD.sub("", line))


def is_signature_line(line: str) -> bool:
    """A signature: issuing bodies, a date after them, or both (…（此件公开发布）)."""
    if _ALONE.match(line):
        return True
    d = DATE.search(line)
    if d and _SIGNED.search(line):
        return is_signature(line[: d.start()])
    return is_signature(line)


def find_issuers(text: str, *, title: str | None, lines_after_body: int = 12) -> list[str]:
    """The bodies that issue the document (not every body it names).

    In order: the signature (body names on the last lines before the signature date), a
    decree header (X令), the subject of the title (X关于… / X印发 / X转发), a page's issuer field
    (发布单位：X, 发文机关：X), the body whose meeting adopted a law (…常务委员会第N次会议通过).
    """
    lines = _lines(text)
    for idx in range(len(lines)):
        s, e = lines[idx]
        line = text[s:e]
        if len(line) > 40 or not (_ALONE.match(line) or _SIGNED.search(line)):
            continue
        d = DATE.search(line)
        same = line[: d.start()].strip() if d else ""
        bodies = split_bodies(same) if same else []
        if not bodies and idx > 0:
            ps, pe = lines[idx - 1]
            prev = text[ps:pe]
            if len(prev) <= 40 and not re.search(r"[。；，：]", prev):
                bodies = split_bodies(prev)
        if bodies:
            named = _subject_bodies(title)
            # a joint signature loses its spacing in the clean text: the title names the same bodies apart
            return named if named and "".join(named) == "".join(bodies) else bodies
        break  # the first signature date decides; a bare date without a body falls through
    for s, e in lines[:12]:
        m = _DECREE_HEAD.match(text[s:e])
        if m and _ORG.fullmatch(m.group("body")):
            return [m.group("body")]
    named = _subject_bodies(title)
    if named:
        return named
    for s, e in lines[:12]:
        m = _HEADER_ISSUER.search(text[s:e])
        bodies = split_bodies(m.group("who")) if m else []
        if bodies:
            return bodies
    report = _WORK_REPORT.match(title or "")
    if report:  # a government work report is the government's (its head delivers it)
        return [report.group("who")]
    # "X印发《Y》": the document the text is about is the one it names for short (（以下简称《…》）)
    found: list[tuple[bool, list[str]]] = []
    for m in _ISSUED_BY.finditer(text[:1500]):
        chunk = re.split(r"[，。；：,]", m.group("who"))[-1]
        if _CITING.match(chunk):
            continue
        chunk = re.sub(r"等\s*[\d一二三四五六七八九十]+\s*个?(?:部门|单位)$|^(?:近日|日前|最近|今年|近期)", "", chunk)
        bodies = split_bodies(chunk)
        if bodies and "".join(bodies) == _JOINERS.sub("", _LEAD_WORD.sub("", chunk)):
            close = text.find("》", m.end())
            abbreviated = close >= 0 and "以下简称" in text[close : close + 30]
            found.append((abbreviated, bodies))
    if found:
        return next((b for abbreviated, b in found if abbreviated), found[0][1])
    m = _MEETING.search(text[:600])
    if m:
        who = re.sub(r"^.*?(?:日|在)|第[一二三四五六七八九十]+届", "", m.group("who"))
        if _ORG.fullmatch(who):
            return [who]
    return []
