"""One notice in the forms notices arrive in: legacy encodings, traditional script in mainland and
Taiwan wording, converter pinyin with and without tone marks, punctuation and markup debris, page
chrome, zero-width characters, emoji and bullets at line edges, full-width digits, HTML, DOCX (also
with Word list numbering), letter-spaced text (a space after every character, as some PDF text
layers give it), hard-wrapped text and a PDF text layer with page numbers.

:func:`forms` maps a form's name to a file suffix and a function from the notice's text to that
file's bytes; ``scripts/eval_robustness.py`` and ``tests/test_robustness_real.py`` tag every form of
real notices and compare the records with the notice's own. The converters are OpenCC and
pypinyin (reportlab for the PDF, a development dependency, imported only when that form is built).

>>> suffix, make = forms()["full-width digits"]
>>> make("到2025年，覆盖率达到60%。").decode("utf-8")
'到２０２５年，覆盖率达到６０％。'
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from policynlp.clean import to_simplified
from policynlp.ingest import read_bytes
from policynlp.pipeline import Pipeline
from policynlp.types import Document

WRAP = 36  # characters per line of the hard-wrapped forms
PAGE_LINES = 12  # lines per PDF page (short pages: most excerpts break across pages)
TOP_CHROME = ("首页 > 政务公开 > 政策文件", "【字体：大 中 小】 打印本页 关闭窗口", "分享到：微信 微博")
END_CHROME = ("扫一扫在手机打开当前页", "责任编辑：李某", "【打印】【关闭】", "版权所有：某市人民政府办公室  网站标识码：0000000000")
FULLWIDTH = str.maketrans("0123456789%.", "０１２３４５６７８９％．")


def _opencc(config: str) -> Callable[[str], str]:
    import opencc

    conv = opencc.OpenCC(config)
    return conv.convert  # type: ignore[no-any-return]


def _with_pinyin(tones: bool) -> Callable[[str], str]:
    """Traditional script with the reading of every converted character in brackets, as converter pages have it."""
    from pypinyin import Style, pinyin

    s2t = _opencc("s2t")
    style = Style.TONE if tones else Style.NORMAL

    def convert(text: str) -> str:
        out = []
        for a, b in zip(text, s2t(text), strict=False):
            out.append(b if a == b else f"{b}({pinyin(a, style=style)[0][0]})")
        return "".join(out)

    return convert


def _wrapped(text: str) -> list[str]:
    return [line[i : i + WRAP] for line in text.splitlines() for i in range(0, max(len(line), 1), WRAP)]


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


_LIST_NUMBER = (
    (re.compile(r"^([一二三四五六七八九十]+)、"), 0, "chineseCounting", "%1、"),
    (re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]"), 1, "chineseCounting", "（%2）"),
    (re.compile(r"^([0-9]{1,2})[.．](?![0-9])"), 2, "decimal", "%3."),
)


def _cn_int(s: str) -> int:
    digits = "一二三四五六七八九"
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return digits.index(s) + 1
    tens, _, ones = s.partition("十")
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


def _docx_numbered(text: str) -> bytes:
    """A DOCX whose heading numbers (一、 （一） 1.) are Word's automatic numbering, not typed text."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    numbering = d.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{lv}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{tx}"/></w:lvl>'
                     for _, lv, fmt, tx in _LIST_NUMBER)
    numbering.append(parse_xml(f'<w:abstractNum {w} w:abstractNumId="80">{levels}</w:abstractNum>'))
    next_id = 80
    for line in text.splitlines():
        for pattern, level, _, _ in _LIST_NUMBER:
            m = pattern.match(line.strip())
            if m:
                # one list instance per paragraph, starting at its printed number: the numbers stay as typed
                numbering.append(parse_xml(f'<w:num {w} w:numId="{next_id}"><w:abstractNumId w:val="80"/>'
                                           f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{_cn_int(m.group(1))}"/>'
                                           "</w:lvlOverride></w:num>"))
                p = d.add_paragraph(line.strip()[m.end():])
                p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{next_id}"/></w:numPr>'))
                next_id += 1
                break
        else:
            d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zero_width(text: str) -> str:
    """Zero-width spaces, joiners and stray BOMs inside words, about one in twelve Chinese characters (fixed seed)."""
    marks = ("\u200b", "\u200c", "\u200d", "\ufeff", "\u2060")
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and (i * 7919) % 12 == 5:
            out.append(marks[i % len(marks)])
    return "".join(out)


def _decorated(text: str) -> str:
    """Each line between an emoji or bullet and a trailing emoji, as reposts on social media set it."""
    return "\n".join(f"◆🔥{line}👍" if line.strip() else line for line in text.splitlines())


def _pdf(text: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    y, page = 800, 1
    c.setFont("STSong-Light", 10)
    for line in _wrapped(text):
        c.drawString(40, y, line)
        y -= 14
        if y < 800 - 14 * PAGE_LINES:  # a page ends: its number at the foot, as notices print it
            c.drawString(280, 40, f"— {page} —")
            c.showPage()
            c.setFont("STSong-Light", 10)
            y, page = 800, page + 1
    c.drawString(280, 40, f"— {page} —")
    c.save()
    return buf.getvalue()


def _html(text: str) -> bytes:
    paras = "".join(f"<p>{line}</p>\n" for line in text.splitlines())
    page = ("<html><head><meta charset='utf-8'><title>某市人民政府</title></head><body>"
            "<div class='nav'><a href='/'>首页</a> <a href='/zc'>政策文件</a></div>"
            f"<div id='content'>{paras}</div><div class='footer'>版权所有 网站地图</div></body></html>")
    return page.encode("utf-8")


def _noise(text: str) -> str:
    """Doubled and half-width punctuation and markup debris, as badly converted pages carry them."""
    return text.replace("，", ",，").replace("。", "。。", 2).replace("\n", "<br/>\n", 3).replace("、", "&nbsp;、", 2)


def forms() -> dict[str, tuple[str, Callable[[str], bytes]]]:
    """Form name → (file name suffix, how the stored UTF-8 text becomes that file's bytes)."""
    s2hk, s2tw, s2t, s2twp = _opencc("s2hk"), _opencc("s2tw"), _opencc("s2t"), _opencc("s2twp")
    toned, bare = _with_pinyin(True), _with_pinyin(False)
    return {
        "gb18030": (".txt", lambda t: t.encode("gb18030")),
        "big5 (cp950)": (".txt", lambda t: s2tw(t).encode("cp950")),
        "big5-hkscs": (".txt", lambda t: s2hk(t).encode("big5hkscs")),
        "traditional": (".txt", lambda t: s2t(t).encode("utf-8")),
        "traditional, Taiwan wording": (".txt", lambda t: s2twp(t).encode("utf-8")),
        "pinyin with tones": (".txt", lambda t: toned(t).encode("utf-8")),
        "pinyin without tones": (".txt", lambda t: bare(t).encode("utf-8")),
        "punctuation and markup debris": (".txt", lambda t: _noise(t).encode("utf-8")),
        "page chrome": (".txt", lambda t: "\n".join([*TOP_CHROME, t, *END_CHROME]).encode("utf-8")),
        "zero-width characters": (".txt", lambda t: _zero_width(t).encode("utf-8")),
        "emoji and bullets at line edges": (".txt", lambda t: _decorated(t).encode("utf-8")),
        "full-width digits": (".txt", lambda t: t.translate(FULLWIDTH).encode("utf-8")),
        "HTML": (".html", _html),
        "DOCX": (".docx", _docx),
        "DOCX with Word list numbering": (".docx", _docx_numbered),
        "letter-spaced text": (".txt", lambda t: "\n".join(" ".join(line) for line in t.splitlines()).encode("utf-8")),
        "hard-wrapped text": (".txt", lambda t: "\n".join(_wrapped(t)).encode("utf-8")),
        "PDF with page numbers": (".pdf", _pdf),
    }


def clause_key(text: str) -> str:
    """A clause's text folded for comparison: simplified script, NFKC width, no white space."""
    return "".join(unicodedata.normalize("NFKC", to_simplified(text)).split())


def find_clause(key: str, clauses: Mapping[str, object]) -> str | None:
    """The variant's clause for ``key``: the same text, else one at least 80 % alike (wording
    conversions such as Taiwan usage change a few characters)."""
    if key in clauses:
        return key
    best, ratio = None, 0.8
    for other in clauses:
        r = SequenceMatcher(None, key, other, autojunk=False).ratio()
        if r >= ratio:
            best, ratio = other, r
    return best


@dataclass
class FormTally:
    """What one form kept of the records of the notices as stored (``notes`` names each difference)."""

    docs: int = 0
    skipped: int = 0
    clauses: int = 0
    found: int = 0
    same: int = 0
    sections: int = 0
    titles: int = 0
    deadlines: int = 0
    targets: int = 0
    meta: int = 0
    notes: list[str] = field(default_factory=list)


def _section_key(section: str) -> str:
    """A section path folded for comparison: the headings without Markdown marks, in simplified script."""
    return " > ".join(clause_key(p).lstrip("#") for p in section.split(" > ") if p.strip())


def records(doc: Document) -> tuple[dict[str, tuple[tuple[str, ...], tuple[str, ...], str]], str, list[str], list[tuple[str, str]], tuple[str, str]]:
    """Clause labels and section path by folded text, title, deadline ends, targets (end, metric value), (issue date, 文号)."""
    clauses = {clause_key(c.text): (tuple(sorted(x.id for x in c.domains)), tuple(sorted(x.id for x in c.actions)), _section_key(c.section))
               for c in doc.clauses}
    deadlines = sorted(str(d.end) for d in doc.deadlines)
    targets = sorted((str(t.deadline.end if t.deadline else None), str(t.metric.value if t.metric else None)) for t in doc.targets)
    return clauses, clause_key(doc.title or ""), deadlines, targets, (str(doc.issued), clause_key(doc.doc_number or ""))


def measure(pipe: Pipeline, paths: Iterable[Path], names: Iterable[str]) -> dict[str, FormTally]:
    """Tag each UTF-8 text file of ``paths`` as stored and in each form of ``names``; tally what stays the same."""
    table = forms()
    chosen = list(names)
    tallies = {name: FormTally() for name in chosen}
    for path in paths:
        text = path.read_text("utf-8")
        base = records(pipe.analyze(path))
        for name in chosen:
            suffix, make = table[name]
            t = tallies[name]
            try:
                data = make(text)
            except UnicodeEncodeError:
                t.skipped += 1
                continue
            doc = next(iter(pipe.pipe_raw([read_bytes(data, path.stem + suffix)])))
            clauses, title, deadlines, targets, meta = records(doc)
            t.docs += 1
            same_title = title == base[1] or SequenceMatcher(None, title, base[1], autojunk=False).ratio() >= 0.9
            t.titles += same_title
            t.deadlines += deadlines == base[2]
            t.targets += targets == base[3]
            t.meta += meta == base[4]
            if meta != base[4]:
                t.notes.append(f"{path.name} {name}: date and 文号 {base[4]} -> {meta}")
            for key, labels in base[0].items():
                t.clauses += 1
                match = find_clause(key, clauses)
                if match is not None:
                    t.found += 1
                    t.same += clauses[match][:2] == labels[:2]
                    t.sections += clauses[match][2] == labels[2]
                    if clauses[match][:2] != labels[:2]:
                        t.notes.append(f"{path.name} {name}: {labels[:2]} -> {clauses[match][:2]} {key[:40]}")
                    if clauses[match][2] != labels[2]:
                        t.notes.append(f"{path.name} {name}: section {labels[2][:40]!r} -> {clauses[match][2][:40]!r}")
                else:
                    t.notes.append(f"{path.name} {name}: not found {key[:40]}")
            if not same_title:
                t.notes.append(f"{path.name} {name}: title {base[1][:30]!r} -> {title[:30]!r}")
    return tallies
