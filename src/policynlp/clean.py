"""Text → clean text plus an :class:`~policynlp.offsets.OffsetMap` back to the decoded text.

Cleaning removes what converters and crawlers leave in notices: pinyin in brackets after a
character (``網(wǎng)`` → ``網``; ``總(zong)`` → ``總`` too, where the syllable is a reading of the
character), doubled or mixed punctuation (``,,`` ``,、`` ``,。``), stray markup debris, half-width punctuation inside Chinese text, and page-noise lines. Analysis
runs on a simplified-script view of the clean text that has the same length, so one map
serves both.

>>> c = clean_text("數(shù)字鄉(xiāng)村,,加快建設(shè)")
>>> c.text, c.simplified
('數字鄉村，加快建設', '数字乡村，加快建设')
>>> c.source_span(0, 4)
(0, 16)
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from policynlp.offsets import Edit, OffsetMap, apply_edits
from policynlp.types import Script

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(rf"(?<=[{CJK}])[(（] ?([a-zü{_TONED}]{{1,7}}) ?[)）]")  # a stray space inside: "創(chuàng )"
_TONE_SET = frozenset(_TONED + "ü")
# pinyin without tone marks, one or more bracketed syllables after a character: "總(zong)", "中(zhong)(zhong)";
# removed only where every syllable is a reading of that character (pypinyin's dictionary)
_BARE_PINYIN = re.compile(r"(?:[(（][a-zü]{1,6}[)）])+")  # after a Chinese character: checked in code (faster than a lookbehind)
_CJK_CHAR = re.compile(rf"[{CJK}]")
_SYLLABLE = re.compile(r"[a-zü]+")
_TONE_MARKS = "\u0300\u0301\u0304\u030c"  # grave, acute, macron, caron (the diaeresis of ü stays)
# markup debris: tags, broken closing tags ("?/p>"), "?!" pairs left by a bad conversion
_DEBRIS = re.compile(
    r"[?？]![ \u3000\u00a0]*[?？]/[a-zA-Z]{1,10}>"  # "?! ?/p>"  (a full stop and a </p>)
    r"|</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>\n]{0,200})?/?>"  # <p>, </span>, <br/>
    r"|[?？]/[a-zA-Z]{1,10}>"  # "?/p>"
    r"|[?？]!(?=\S)"  # "?!" glued to the next word: a lost full stop
    r"|@{2,}"  # "乡村建设@@实施方案@@": a crawler's phrase markers (no policy text writes two @ in a row)
    r"|&(?:nbsp|ensp|emsp|amp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|hellip|middot|#\d{1,6}|#x[0-9a-fA-F]{1,5});"
)
_PUNCT = "，,、。；;：:？?！!"
# a half-width comma glued before other punctuation is a converter artifact: drop it;
# a run of the same full-width mark is collapsed
_DOUBLED = re.compile(r",+(?=[，,、。；;：:？?！!])|(?<=[，、；])[，、；]+|(?<=。)。+")
_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_IN_CJK = re.compile(rf"(?<=[{CJK}“”《》）)])[,;:?!]|[,;:?!](?=[{CJK}“《（])")
_PAREN_PAIR = re.compile(r"\(([^()\n]{0,40})\)")
_HAS_CJK = re.compile(rf"[{CJK}]")
# a character lost to a bad conversion ("?") still followed by its pinyin: "?shù)"
_LOST_PINYIN = re.compile(rf"[?？][(（]?([a-zü{_TONED}]{{1,7}})[)）]")
_SPACES = re.compile(rf"(?<=[{CJK}，。、；：？！“”《》（）])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?=[{CJK}，。、；：？！“”《》（）])|^[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+$", re.M)
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_TAIL_MARKERS = ("延伸阅读", "相关阅读", "相关链接", "相关新闻", "相关文章", "推荐阅读")


@dataclass(frozen=True, slots=True)
class CleanText:
    """A cleaned view of a document: own-script ``text``, its simplified twin and the map."""

    text: str
    simplified: str
    offsets: OffsetMap
    script: Script

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Interval of the decoded document text behind clean characters ``[start, end)``."""
        return self.offsets.to_source(start, end)


@lru_cache(maxsize=1)
def _noise_patterns() -> tuple[re.Pattern[str], ...]:
    raw = resources.files("policynlp.resources").joinpath("noise_lines.txt").read_text("utf-8")
    lines = [ln.strip() for ln in raw.splitlines()]
    return tuple(re.compile(ln) for ln in lines if ln and not ln.startswith("#"))


@lru_cache(maxsize=1)
def chrome_lines() -> frozenset[str]:
    """Page-chrome lines found by frequency (resources/chrome_lines.txt, built by
    scripts/build_chrome_lines.py): simplified, inner spaces removed."""
    return frozenset(line for line, _ in _chrome_rows())


@lru_cache(maxsize=1)
def tail_markers() -> frozenset[str]:
    """Lines that head the block of links ending a page: the fixed ones and the data-derived ones."""
    return frozenset(_TAIL_MARKERS) | {line for line, tail in _chrome_rows() if tail}


@lru_cache(maxsize=1)
def _chrome_rows() -> tuple[tuple[str, bool], ...]:
    raw = resources.files("policynlp.resources").joinpath("chrome_lines.txt").read_text("utf-8")
    rows = [ln.split("\t") for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple((r[0], r[-1] == "tail") for r in rows)


_INNER_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_TAIL_KEY = re.compile(r"(?:>>|》》|[:：])$")
_RUN_LINE = 3  # a line of at most this many characters…
_RUN_MIN = 3  # …in a run of at least this many such lines is a toolbar (大 / 中 / 小 / 】)


@lru_cache(maxsize=1)
def _converters() -> tuple[object, object]:
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


def _pinyin_edits(text: str) -> Iterator[Edit]:
    for pattern in (_PINYIN, _LOST_PINYIN):
        for m in pattern.finditer(text):
            if any(ch in _TONE_SET for ch in m.group(1)):
                yield m.start(), m.end(), ""


@lru_cache(maxsize=8192)
def _readings(ch: str) -> frozenset[str]:
    """The toneless pinyin readings of one character, ü also written v or u (as converters write it)."""
    from pypinyin.constants import PINYIN_DICT

    toned = PINYIN_DICT.get(ord(ch), "")
    out: set[str] = set()
    for r in toned.split(","):
        bare = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", r) if c not in _TONE_MARKS))
        if bare:
            out.update({bare, bare.replace("ü", "v"), bare.replace("ü", "u")})
    return frozenset(out)


def _bare_pinyin_edits(text: str) -> Iterator[Edit]:
    for m in _BARE_PINYIN.finditer(text):
        if m.start() == 0 or not _CJK_CHAR.match(text, m.start() - 1):
            continue
        readings = _readings(text[m.start() - 1])
        if readings and all(s in readings for s in _SYLLABLE.findall(m.group(0))):
            yield m.start(), m.end(), ""


# characters that print as nothing (zero-width space and joiners, word joiner, a BOM inside the text,
# soft hyphen, bidi controls): web and WeChat copies scatter them inside words (数\u200b字)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+")
# decoration at the edges of a line: emoji and pictographs, stars, squares, diamonds, arrows and
# bullets (🔥一、主要目标👍, ◆（一）…); ○ stays (二○二二年 writes zero with it)
_EDGE_SYMBOLS = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u25a0-\u25ca\u25cc-\u25ff\u2190-\u21ff\ufe0f\u2022"
_DECORATION = re.compile(f"^[ \t\u3000]*[{_EDGE_SYMBOLS}]+[ \t\u3000]*|[{_EDGE_SYMBOLS}]+[ \t\u3000]*$", re.M)  # each try starts at a line start or a symbol: linear


_ANY_EDGE_SYMBOL = re.compile(f"[{_EDGE_SYMBOLS}]")


def _invisible_edits(text: str) -> Iterator[Edit]:
    for m in _INVISIBLE.finditer(text):
        yield m.start(), m.end(), ""
    if _ANY_EDGE_SYMBOL.search(text):  # most texts have none: skip the line-edge pattern
        for m in _DECORATION.finditer(text):
            if m.end() > m.start():
                yield m.start(), m.end(), ""


def _debris_edits(text: str) -> Iterator[Edit]:
    for m in _DEBRIS.finditer(text):
        tok = m.group(0)
        if tok.startswith("&"):
            yield m.start(), m.end(), html.unescape(tok).replace("\u00a0", " ")
        elif "!" in tok:
            yield m.start(), m.end(), "。"
        else:
            yield m.start(), m.end(), ""


def _punct_edits(text: str) -> Iterator[Edit]:
    for m in _DOUBLED.finditer(text):
        yield m.start(), m.end(), ""


def _halfwidth_edits(text: str) -> Iterator[Edit]:
    for m in _HALF_IN_CJK.finditer(text):
        yield m.start(), m.end(), _HALF[m.group(0)]
    for m in _PAREN_PAIR.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        if _HAS_CJK.search(m.group(1)) or _HAS_CJK.match(before):
            yield m.start(), m.start() + 1, "（"
            yield m.end() - 1, m.end(), "）"


_LETTER_GAP = re.compile(r"(?<=\S) (?=\S)")
_SPACED_RUN = re.compile(r" \S \S \S \S \S")  # opens with a space: only spaces are tried


def _letterspaced_edits(text: str) -> Iterator[Edit]:
    """Single spaces of a letter-spaced line (a PDF text layer that puts a space after every
    character: ``2 0 2 5 年 ， 数 字 乡 村``): at least four in five characters are followed by one.
    Spaces next to Chinese go anyway (:func:`_space_edits`); this joins digits and Latin letters too."""
    done = -1
    for run in _SPACED_RUN.finditer(text):  # only lines with five spaced characters in a row are looked at
        line_start = text.rfind("\n", 0, run.start()) + 1
        if line_start <= done:
            continue
        done = line_start
        m = _LINE.match(text, line_start)
        if m is None:
            continue
        line = m.group(0).rstrip("\n")
        chars = sum(1 for ch in line if not ch.isspace())
        if chars < 6:
            continue
        gaps = list(_LETTER_GAP.finditer(line))
        if len(gaps) >= 0.8 * (chars - 1):
            for g in gaps:
                yield m.start() + g.start(), m.start() + g.end(), ""


def _space_edits(text: str) -> Iterator[Edit]:
    for m in _SPACES.finditer(text):
        yield m.start(), m.end(), ""


def _pass(text: str, omap: OffsetMap, edits: Iterator[Edit]) -> tuple[str, OffsetMap]:
    todo = list(edits)
    if not todo:
        return text, omap
    # keep the first of overlapping edits (they come sorted from one regex or two)
    todo.sort()
    kept: list[Edit] = []
    last_end = -1
    for e in todo:
        if e[0] >= last_end:
            kept.append(e)
            last_end = max(e[1], e[0] + 1) if e[1] == e[0] else e[1]
    new_text, step = apply_edits(text, kept)
    return new_text, omap.then(step)


@lru_cache(maxsize=1)
def _regional() -> tuple[re.Pattern[str], dict[str, str]]:
    """Taiwan/Hong Kong phrase → mainland phrase (``resources/regional_vocabulary.txt``), and a
    pattern finding them, longest first."""
    raw = resources.files("policynlp.resources").joinpath("regional_vocabulary.txt").read_text("utf-8")
    table: dict[str, str] = {}
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != len(parts[1]):
            raise ValueError(f"regional_vocabulary.txt line {n}: two phrases of one length expected: {line!r}")
        table[parts[0]] = parts[1]
    return re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True)))), table


# full-width digits, Latin letters and the signs of numbers (２０２５年, ４Ｇ, ７８．９％, ２０２１－２０２５)
# are analysed as ASCII; Chinese punctuation (，。：；？！（）) stays full-width
_FULLWIDTH = str.maketrans(
    {**{0xFF10 + i: 0x30 + i for i in range(10)}, **{0xFF21 + i: 0x41 + i for i in range(26)},
     **{0xFF41 + i: 0x61 + i for i in range(26)}, **{ord(a): ord(b) for a, b in zip("％．＋－／＝", "%.+-/=", strict=True)}}
)


_FULLWIDTH_ANY = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a％．＋－／＝]")


def to_simplified(text: str) -> str:
    """Simplified-script twin of ``text`` with the same length (OpenCC t2s), full-width digits and
    letters as ASCII, and Taiwan and Hong Kong wording of a traditional-script text read as the
    mainland's (数位 → 数字, 网路 → 网络)."""
    t2s, _ = _converters()
    src = text.translate(_FULLWIDTH) if _FULLWIDTH_ANY.search(text) else text
    out: str = t2s.convert(src)  # type: ignore[attr-defined]
    if len(out) != len(text):
        chars = []
        for ch in src:
            conv: str = t2s.convert(ch)  # type: ignore[attr-defined]
            chars.append(conv if len(conv) == 1 else ch)
        out = "".join(chars)
    if out == text:  # nothing traditional: regional words are matched in traditional characters only
        return out
    return _apply_regional(text, out, *_regional())


def _apply_regional(text: str, out: str, pattern: re.Pattern[str], table: dict[str, str]) -> str:
    """``out`` (the t2s twin of ``text``) with each regional phrase found in ``text`` replaced in place."""
    found = list(pattern.finditer(text))
    if not found:
        return out
    pieces, last = [], 0
    for m in found:
        pieces += [out[last : m.start()], table[m.group(0)]]
        last = m.end()
    pieces.append(out[last:])
    return "".join(pieces)


def detect_script(text: str, simplified: str) -> Script:
    """Which script ``text`` is in: compare it with its t2s and s2t conversions."""
    _, s2t = _converters()
    trad = sum(1 for a, b in zip(text, simplified, strict=True) if a != b and not ("\uff01" <= a <= "\uff5e" and a.translate(_FULLWIDTH) == b))
    as_trad: str = s2t.convert(text)  # type: ignore[attr-defined]
    simp = sum(1 for a, b in zip(text, as_trad, strict=False) if a != b)
    if trad + simp == 0 or trad <= 0.1 * simp:
        return "simplified"
    if simp <= 0.1 * trad:
        return "traditional"
    return "mixed"


def _noise_line_edits(simplified: str) -> Iterator[Edit]:
    patterns = _noise_patterns()
    chrome = chrome_lines()
    lines = [(m.start(), m.end(), m.group(0)) for m in _LINE.finditer(simplified)]
    tail_from: int | None = None
    tails = tail_markers()
    for i, (_, _, line) in enumerate(lines):
        if _TAIL_KEY.sub("", _INNER_SPACE.sub("", line)) in tails and all(
            len(rest.strip()) <= 60 and "。" not in rest for _, _, rest in lines[i + 1 :]
        ):
            tail_from = i
            break
    keys = [_INNER_SPACE.sub("", line) for _, _, line in lines]
    short = [0 < len(k) <= _RUN_LINE and not _SENTENCE_MARK.search(k) for k in keys]
    in_run = [False] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (short[j] or not keys[j]):
            j += 1
        if sum(short[i:j]) >= _RUN_MIN:
            for x in range(i, j):
                in_run[x] = True
        i = j + 1
    for i, (start, end, line) in enumerate(lines):
        body = line.strip()
        if not body:
            continue
        if (
            (tail_from is not None and i >= tail_from)
            or in_run[i]
            or keys[i] in chrome
            or (len(body) <= 120 and any(p.search(body) for p in patterns))
        ):
            yield start, end, ""


_SENTENCE_MARK = re.compile(r"[，。；！？、,.;!?]")
# a paragraph break lost by a crawl that put a whole notice on one line: the indent of the next
# paragraph (two or more ideographic or no-break spaces) stays as a run inside the line
_LOST_BREAK = re.compile(r"(?<=\S)(?:[\u3000\u00a0][ \u3000\u00a0]+|[ ]{2,}[\u3000\u00a0][ \u3000\u00a0]*)(?=\S)")
# a two-character word set out to a width ("指　　标2015年", "第一章　总　　则　第一条"): the run sits
# between two characters and the second stands alone, so it is no paragraph indent
_SPACED_WORD = re.compile(rf"(?<=[{CJK}])[ \u3000\u00a0]+[{CJK}](?=[\s\u3000\u00a00-9]|$)")
_LONG_LINE = 300
# a heading number run into the previous sentence of a collapsed page: 。一、… ）（二）… ：1．…
_INLINE_HEADING = re.compile(
    r"(?<=[。；：！？）)])(?=[一二三四五六七八九十]{1,3}、|\d{1,2}[．.](?!\d)|第[一二三四五六七八九十百\d]+[章节])"
    r"|(?<=[^\s（(])(?=[（(][一二三四五六七八九十]{1,3}[）)])"
)


# a subscript or a number that a page set on its own line inside a sentence ("PM\n2.5\n浓度")
_SPLIT_TOKEN = re.compile(r"(?<=[^\n。！？；：:!?;])\n(?=[A-Za-z0-9.%+\-]{1,6}\n[^\n])")
_SPLIT_TOKEN_END = re.compile(r"(?<=[^\n。！？；：:!?;]\n)([A-Za-z0-9.%+\-]{1,6})\n(?=[^\n])")


def _token_edits(text: str) -> Iterator[Edit]:
    for m in _SPLIT_TOKEN.finditer(text):
        yield m.start(), m.end(), ""
        end = _SPLIT_TOKEN_END.match(text, m.end())
        if end:
            yield end.end() - 1, end.end(), ""


_MENU_GAP = re.compile(r"[ \t\u3000\u00a0]+")


def _menu_edits(text: str) -> Iterator[Edit]:
    """A navigation bar flattened into one line: five or more short labels apart, no punctuation."""
    for m in _LINE.finditer(text):
        line = m.group(0).strip()
        if not line or len(line) > 120 or _SENTENCE_MARK.search(line):
            continue
        tokens = _MENU_GAP.split(line)
        # labels are words of 2–6 characters; a letter-spaced title (土 地 使 用 …) is single characters
        if len(tokens) >= 5 and all(1 <= len(t) <= 6 and _HAS_CJK.search(t) for t in tokens) and sum(len(t) >= 2 for t in tokens) * 2 > len(tokens):
            yield m.start(), m.start() + len(m.group(0).rstrip("\n")), ""


# columns of a text table: two or more spaces, a tab, two ideographic spaces
_CELL_GAP = re.compile(r"\t+|[ \u00a0]{2,}|\u3000{2,}|[ \u3000\u00a0]{3,}")
_ROW_END = re.compile(r"[。；！？;!?]")
MIN_TABLE_ROWS = 3
MAX_CELL = 30


def _cells(line: str) -> int:
    """Number of aligned columns of a table row (0 when the line is no row)."""
    body = line.strip(" \t\u3000\u00a0\n")
    if not body or len(body) > 150 or _ROW_END.search(body) or body.startswith("|"):
        return 0
    cells = _CELL_GAP.split(body)
    return len(cells) if len(cells) >= 2 and all(0 < len(c) <= MAX_CELL for c in cells) else 0


def _table_edits(text: str) -> Iterator[Edit]:
    """Aligned text tables (3+ consecutive lines with the same number of space-separated columns)
    written as ``| cell | cell |`` rows, the form the segmenter reads as a table."""
    lines = list(_LINE.finditer(text))
    i = 0
    while i < len(lines):
        n = _cells(lines[i].group(0))
        j = i
        while j < len(lines) and n and _cells(lines[j].group(0)) == n:
            j += 1
        if n and j - i >= MIN_TABLE_ROWS:
            for m in lines[i:j]:
                line = m.group(0).rstrip("\n")
                lead = len(line) - len(line.lstrip(" \t\u3000\u00a0"))
                trail = len(line.rstrip(" \t\u3000\u00a0"))
                yield m.start() + lead, m.start() + lead, "| "
                for g in _CELL_GAP.finditer(line, lead, trail):
                    yield m.start() + g.start(), m.start() + g.end(), " | "
                yield m.start() + trail, m.start() + trail, " |"
            i = j
        else:
            i += 1


def _break_edits(text: str) -> Iterator[Edit]:
    """Newlines back where a collapsed page kept only the paragraph indents (lines over 300 chars)."""
    for m in _LINE.finditer(text):
        if m.end() - m.start() < _LONG_LINE:
            continue
        for b in _LOST_BREAK.finditer(text, m.start(), m.end()):
            if not _SPACED_WORD.match(text, b.start(), m.end()):
                yield b.start(), b.end(), "\n"
        for b in _INLINE_HEADING.finditer(text, m.start(), m.end()):
            yield b.start(), b.start(), "\n"


def looks_wrapped(text: str) -> bool:
    """Whether ``text`` is hard-wrapped: most of its long lines stop mid-sentence at about the same width."""
    full = _wrap_widths(text)
    if full is None:
        return False
    lines = _long_lines(text)
    open_ends = sum(1 for ln in lines if ln[-1] not in "。！？；：:!?;”」）)")
    near = sum(1 for ln in lines if full[0] - 4 <= len(ln) <= full[0] + 2)
    return open_ends >= 0.6 * len(lines) and near >= 0.5 * len(lines)


_WRAP = re.compile(
    r"(?<=[^\n。！？；：:!?;])\n(?![ \t\u3000]*(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、]|第[一二三四五六七八九十\d]+[章节条]|问|答|$))"
)


_WIDE = re.compile("[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


def _columns(line: str) -> int:
    """How wide ``line`` is set: a Chinese character or full-width mark takes two columns, ASCII one."""
    return len(line) + len(_WIDE.findall(line))


def _long_lines(text: str) -> list[str]:
    """The lines of at least 20 characters (stripped): the ones that tell a wrap width."""
    return [body for body in (ln.strip() for ln in text.splitlines()) if len(body) >= 20]


def _wrap_widths(text: str) -> tuple[int, int] | None:
    """The width the text is wrapped at, in characters and in columns (wrapping by either is met):
    most long lines are set full. None with too few long lines to tell."""
    lines = _long_lines(text)
    if len(lines) < 8:
        return None
    at = int(len(lines) * 0.8)
    return sorted(map(len, lines))[at], sorted(map(_columns, lines))[at]


# a page's number on a line of its own, as PDF text layers and pasted PDFs carry it (— 2 —, －3－,
# - 4 -, 第5页, 第5页 共12页, 5/12), with the blank lines around it: removed, and the text before the
# break then runs on into the next page where it stopped mid-sentence
_PAGE_NUMBER = re.compile(
    r"\n(?:[ \t\u3000]*\n)*[ \t\u3000]*"
    r"(?:[—－\-–]{1,2}[ \t\u3000]*\d{1,4}[ \t\u3000]*[—－\-–]{1,2}"
    r"|第[ \t\u3000]*\d{1,4}[ \t\u3000]*页(?:[ \t\u3000,，/]*共[ \t\u3000]*\d{1,4}[ \t\u3000]*页)?"
    r"|共[ \t\u3000]*\d{1,4}[ \t\u3000]*页[ \t\u3000,，/]*第[ \t\u3000]*\d{1,4}[ \t\u3000]*页"
    r"|\d{1,4}[ \t\u3000]*/[ \t\u3000]*\d{1,4})"
    r"[ \t\u3000]*(?:\n[ \t\u3000]*(?=\n))*(?=\n|$)"
)


def _page_number_edits(text: str) -> Iterator[Edit]:
    for m in _PAGE_NUMBER.finditer(text):
        # from after the newline that ended the line before (it stays) through the newline that ends the page's
        # number or the blank lines after it: the next match can begin at that newline
        yield m.start() + 1, min(len(text), m.end() + 1), ""


def _short_line_ends(raw: str) -> set[int]:
    """Where the lines of ``raw`` that stop short of its wrap width end (measured before cleaning,
    which shortens lines by what it removes: pinyin, spaces, markers)."""
    full = _wrap_widths(raw)
    if full is None:
        return set()
    ends, start = set(), 0
    for line in raw.split("\n"):
        body = line.strip()
        if len(body) < full[0] - 2 and _columns(body) < full[1] - 4:
            ends.add(start + len(line.rstrip("\r")))  # where the line break begins (\r of \r\n)
        start += len(line) + 1
    return ends


def _unwrap_edits(text: str, omap: OffsetMap, short_ends: set[int]) -> Iterator[Edit]:
    """Newlines of hard-wrapped lines (PDF): a long line that does not end a sentence and runs to
    the wrap width. A shorter line ends its paragraph (a title, a heading, a signature) even
    without a full stop: its line was not full, so the text did not run on."""
    for m in _WRAP.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start >= 20 and omap.to_source(m.start(), m.end())[0] not in short_ends:
            yield m.start(), m.end(), ""


def clean_text(text: str, *, unwrap: bool | None = False) -> CleanText:
    """Clean ``text`` and build its simplified view and offset map.

    ``unwrap`` joins hard-wrapped lines (PDF text layers break lines mid-sentence); ``None``
    joins them when the text looks hard-wrapped (:func:`looks_wrapped`).
    """
    if unwrap is None:
        unwrap = looks_wrapped(text)
    omap = OffsetMap.identity(len(text))
    cur = text
    if "\r" in text:
        cur, omap = _pass(cur, omap, ((m.start(), m.end(), "\n") for m in re.finditer(r"\r\n?", cur)))
    cur, omap = _pass(cur, omap, _invisible_edits(cur))
    cur, omap = _pass(cur, omap, _letterspaced_edits(cur))
    cur, omap = _pass(cur, omap, _debris_edits(cur))
    cur, omap = _pass(cur, omap, _pinyin_edits(cur))
    cur, omap = _pass(cur, omap, _bare_pinyin_edits(cur))
    cur, omap = _pass(cur, omap, _punct_edits(cur))
    cur, omap = _pass(cur, omap, _halfwidth_edits(cur))
    cur, omap = _pass(cur, omap, _punct_edits(cur))
    cur, omap = _pass(cur, omap, _table_edits(cur))
    cur, omap = _pass(cur, omap, _break_edits(cur))
    cur, omap = _pass(cur, omap, _menu_edits(cur))
    cur, omap = _pass(cur, omap, _token_edits(cur))
    cur, omap = _pass(cur, omap, _space_edits(cur))
    cur, omap = _pass(cur, omap, _page_number_edits(cur))
    if unwrap:
        cur, omap = _pass(cur, omap, _unwrap_edits(cur, omap, _short_line_ends(text)))
    simp = to_simplified(cur)
    script = detect_script(cur, simp)
    noise = list(_noise_line_edits(simp))
    if noise:
        cur, omap = _pass(cur, omap, iter(noise))
        simp, _ = apply_edits(simp, noise)
    return CleanText(cur, simp, omap, script)


def find_words(raw: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of ``raw`` where any of the (simplified) ``words`` occurs, in either script."""
    simp = to_simplified(raw)
    spans = []
    for w in {w for w in words if w}:
        start = simp.find(w)
        while start >= 0:
            spans.append((start, start + len(w)))
            start = simp.find(w, start + len(w))
    return sorted(spans)


def to_traditional(text: str) -> str:
    """Traditional-script twin of ``text`` (OpenCC s2t), as a converter would produce a traditional copy."""
    _, s2t = _converters()
    out: str = s2t.convert(text)  # type: ignore[attr-defined]
    return out
