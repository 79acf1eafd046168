"""Plain text out of HTML, DOCX and PDF."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from policynlp.errors import IngestError

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button")
_NOISE_ATTR = re.compile(r"nav|menu|footer|header|breadcrumb|share|sidebar|topbar|crumb|copyright|related|toolbar", re.I)
_CONTENT_ATTR = re.compile(r"content|article|trs_editor|pages_content|main|zoom|detail|text", re.I)
_BLOCK = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "td")
MAX_DOCX_XML = 50 * 1024 * 1024


def _attrs(el: Any) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def html_text(markup: str) -> str:
    """Main text of an HTML page: navigation and scripts dropped, one block per line.

    Parsed with lxml and walked iteratively, so deeply nested or unclosed markup costs time
    linear in its size.
    """
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup, parser=lxml.html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError):
        return ""
    for el in list(root.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(root.iter(etree.Element)):
        attrs = _attrs(el)
        if attrs.strip() and _NOISE_ATTR.search(attrs) and not _CONTENT_ATTR.search(attrs) and el.getparent() is not None:
            _drop(el)
    body = root.find("body")
    if body is None:
        body = root
    candidates = [el for el in body.iter(etree.Element) if _CONTENT_ATTR.search(_attrs(el))]
    sizes = {id(el): len("".join(el.itertext())) for el in candidates}
    main = max(candidates, key=lambda el: sizes[id(el)], default=body)
    if sizes.get(id(main), 0) < 0.3 * len("".join(body.itertext())):
        main = body
    _mark_structure(main)
    out: list[str] = []
    for event, el in etree.iterwalk(main, events=("start", "end")):
        if not isinstance(el.tag, str):
            if event == "end" and el.tail:
                out.append(el.tail)
            continue
        block = el.tag in _BLOCK
        if event == "start":
            if block or el.tag == "br":
                out.append("\n")
            if el.text:
                out.append(el.text)
        else:
            if block:
                out.append("\n")
            if el.tail and el is not main:
                out.append(el.tail)
    text = "".join(out)
    if not text.strip():
        # libxml2 gives up on pathological nesting (thousands of levels): strip tags instead
        text = _strip_tags(markup)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln)


_CENTRED = re.compile(r"text-align\s*:\s*center", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
_WS = re.compile(r"[\s\u3000\u00a0]+")
MAX_HEADING = 80
MAX_CELL = 200


def _squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _is_bold(el: Any) -> bool:
    return el.tag in ("b", "strong") or bool(_BOLD_STYLE.search(el.get("style") or ""))


def _all_bold(el: Any) -> bool:
    """Every visible character of ``el`` sits in a bold element (or ``el`` is bold itself)."""
    total = len(_WS.sub("", "".join(el.itertext())))
    bold = 0
    stack = [el]
    while stack:
        cur = stack.pop()
        if _is_bold(cur):
            bold += len(_WS.sub("", "".join(cur.itertext())))
        else:
            stack.extend(c for c in cur if isinstance(c.tag, str))
    return total > 0 and bold >= total


def _centred(el: Any) -> bool:
    return bool(_CENTRED.search(el.get("style") or "")) or (el.get("align") or "").lower() == "center" or el.tag == "center"


def _replace_with_lines(el: Any, lines: list[str]) -> None:
    from lxml import etree

    box = etree.Element("div")
    for line in lines:
        etree.SubElement(box, "p").text = line
    box.tail = el.tail
    parent = el.getparent()
    if parent is not None:
        parent.replace(el, box)


def _data_rows(table: Any) -> list[list[str]] | None:
    """Cell texts of a table that holds data (2+ rows of 2+ short cells, no nested table)."""
    if any(t is not table for t in table.iter("table")):
        return None
    rows = []
    for tr in table.iter("tr"):
        cells = [_squash("".join(td.itertext())) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
        if any(cells):
            rows.append(cells)
    if len(rows) < 2 or sum(len(r) >= 2 for r in rows) < 2 or any(len(c) > MAX_CELL for r in rows for c in r):
        return None
    return rows


def _mark_structure(main: Any) -> None:
    """Write what the markup says about structure into the text: h1–h6 and bold centred lines
    become ``#`` headings (a line break inside them is layout, so their parts are joined), data
    tables become ``| cell | cell |`` rows."""
    for table in list(main.iter("table")):
        if table is main or table.getparent() is None:
            continue
        rows = _data_rows(table)
        if rows is not None:
            _replace_with_lines(table, ["| " + " | ".join(r) + " |" for r in rows])
    for el in list(main.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "center")):
        if el is main or el.getparent() is None:
            continue
        text = _squash("".join(el.itertext()))
        if not text or len(text) > MAX_HEADING:
            continue
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = int(el.tag[1])
        elif _centred(el) and _all_bold(el) and not any(isinstance(c.tag, str) and c.tag in ("p", "div", "table") for c in el.iter() if c is not el):
            level = 1
        else:
            continue
        joined = "".join(_squash(t) for t in el.itertext())
        _replace_with_lines(el, ["#" * level + " " + joined])


_SCRIPTS = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|tr|h[1-6]|table|section|article|td)\b[^>]{0,500}>", re.I)
_ANY_TAG = re.compile(r"<[^<>]{0,2000}>")


def _strip_tags(markup: str) -> str:
    """Text of markup by tag stripping (linear): the fallback for markup lxml cannot parse."""
    import html

    text = _SCRIPTS.sub(" ", markup)
    text = _BLOCK_TAG.sub("\n", text)
    return html.unescape(_ANY_TAG.sub("", text))


def _drop(el: Any) -> None:
    """Remove an element but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "〇一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else "一" + _chinese_number(rest) if rest < 20 else _chinese_number(rest))
    return _CN_DIGITS[hundreds] + "百" + tail


def _format_number(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" else str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"):
        return _chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        vals = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
        out, k = "", n
        for v, r in vals:
            while k >= v:
                out, k = out + r, k - v
        return out.upper() if fmt == "upperRoman" else out
    return None  # bullet, none: no number in the text


class _Numbering:
    """Word's automatic list numbers (一、 （一） 1.), which live in numbering.xml and not in the
    paragraph text: each numbered paragraph gets its number written in front, as it is printed."""

    def __init__(self, doc: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNumId → ilvl → (start, numFmt, lvlText)
        self.nums: dict[str, str] = {}  # numId → abstractNumId
        self.starts: dict[tuple[str, int], int] = {}  # (numId, ilvl) → startOverride
        self.count: dict[str, dict[int, int]] = {}  # abstractNumId → ilvl → last number given
        self.style_num: dict[str, tuple[str, int]] = {}
        self.used: set[tuple[str, int]] = set()
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            for ab in root.iter(f"{_W}abstractNum"):
                lv: dict[int, tuple[int, str, str]] = {}
                for lvl in ab.iter(f"{_W}lvl"):
                    start, fmt, text = lvl.find(f"{_W}start"), lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}lvlText")
                    lv[int(lvl.get(f"{_W}ilvl", "0"))] = (
                        int(start.get(f"{_W}val", "1")) if start is not None else 1,
                        fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                        text.get(f"{_W}val", "") if text is not None else "",
                    )
                self.levels[ab.get(f"{_W}abstractNumId", "")] = lv
            for num in root.iter(f"{_W}num"):
                ref = num.find(f"{_W}abstractNumId")
                if ref is not None:
                    nid = num.get(f"{_W}numId", "")
                    self.nums[nid] = ref.get(f"{_W}val", "")
                    for ov in num.iter(f"{_W}lvlOverride"):
                        so = ov.find(f"{_W}startOverride")
                        if so is not None:
                            self.starts[(nid, int(ov.get(f"{_W}ilvl", "0")))] = int(so.get(f"{_W}val", "1"))
        try:
            for style in doc.styles.element.iter(f"{_W}style"):
                npr = style.find(f"{_W}pPr/{_W}numPr")
                if npr is not None:
                    nid, ilvl = npr.find(f"{_W}numId"), npr.find(f"{_W}ilvl")
                    if nid is not None:
                        self.style_num[style.get(f"{_W}styleId", "")] = (
                            nid.get(f"{_W}val", ""), int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0)
        except (KeyError, NotImplementedError, AttributeError):
            pass

    def label(self, p: Any) -> str:
        """The printed number of paragraph ``p`` (lxml ``w:p``), or "" when it is not numbered."""
        ppr = p.find(f"{_W}pPr")
        npr = ppr.find(f"{_W}numPr") if ppr is not None else None
        nid, ilvl = None, 0
        if npr is not None:
            n, lv = npr.find(f"{_W}numId"), npr.find(f"{_W}ilvl")
            nid = n.get(f"{_W}val") if n is not None else None
            ilvl = int(lv.get(f"{_W}val", "0")) if lv is not None else 0
        elif ppr is not None and (ps := ppr.find(f"{_W}pStyle")) is not None:
            nid, ilvl = self.style_num.get(ps.get(f"{_W}val", ""), (None, 0))
        if not nid or nid == "0" or nid not in self.nums:
            return ""
        ab = self.nums[nid]
        levels = self.levels.get(ab, {})
        if ilvl not in levels:
            return ""
        counts = self.count.setdefault(ab, {})
        if (nid, ilvl) in self.starts and (nid, ilvl) not in self.used:
            counts[ilvl] = self.starts[(nid, ilvl)] - 1  # a list instance that restarts its level
        self.used.add((nid, ilvl))
        counts[ilvl] = counts.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a new item restarts the levels below it
        text = levels[ilvl][2]
        for k in range(9):
            if f"%{k + 1}" in text:
                fmt = levels.get(k, (1, "decimal", ""))[1]
                n = counts.get(k, levels.get(k, (1, "", ""))[0])
                shown = _format_number(n, fmt)
                if shown is None:
                    return ""
                text = text.replace(f"%{k + 1}", shown)
        return text if any(ch.isalnum() for ch in text) else ""


_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-6])$", re.I)


def docx_text(data: bytes, source: str) -> str:
    """Paragraphs and table cells of a DOCX, in order; size-checked before parsing. Word's
    automatic list numbers are written in front of their paragraphs (:class:`_Numbering`), and a
    paragraph in the Title or Heading N style is a Markdown heading (``#``), as HTML headings are."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > MAX_DOCX_XML:
                raise IngestError(source, f"DOCX expands to {total} bytes, over the {MAX_DOCX_XML} limit")
            if "word/document.xml" not in zf.namelist():
                raise IngestError(source, "zip archive without word/document.xml (not a DOCX)")
        import docx

        doc = docx.Document(io.BytesIO(data))
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(source, f"corrupt DOCX ({type(exc).__name__})") from exc
    numbering = _Numbering(doc)
    heading_of = _heading_styles(doc)
    lines: list[str] = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t"))
            if not text.strip():
                continue
            number = numbering.label(block)
            style = block.find(f"{_W}pPr/{_W}pStyle")
            level = heading_of.get(style.get(f"{_W}val", "")) if style is not None else None
            lines.append(("#" * level + " " if level else "") + number + text.strip())
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = ["".join(t.text or "" for t in c.iter() if t.tag.endswith("}t")) for c in row if c.tag.endswith("}tc")]
                    lines.append(" ".join(c for c in cells if c))
    return "\n".join(ln.strip() for ln in lines if ln.strip())


def _heading_styles(doc: Any) -> dict[str, int]:
    """Style id → Markdown heading level: Title is 1, Heading N (标题 N) is N."""
    out: dict[str, int] = {}
    try:
        for style in doc.styles.element.iter(f"{_W}style"):
            name_el = style.find(f"{_W}name")
            name = (name_el.get(f"{_W}val", "") if name_el is not None else "").strip()
            sid = style.get(f"{_W}styleId", "")
            if name.lower() == "title" or name == "标题":
                out[sid] = 1
            elif m := _HEADING_STYLE.match(name):
                out[sid] = int(m.group(1))
    except (KeyError, NotImplementedError, AttributeError):
        pass
    return out


def pdf_text(data: bytes, source: str) -> str:
    """Text layer of a PDF, page by page; encrypted or image-only PDFs raise."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(source, "encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(source, f"corrupt PDF ({type(exc).__name__})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise IngestError(source, "PDF has no text layer")
    return text
