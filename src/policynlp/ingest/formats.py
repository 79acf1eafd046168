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


def docx_text(data: bytes, source: str) -> str:
    """Paragraphs and table cells of a DOCX, in order; size-checked before parsing."""
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
    lines: list[str] = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = ["".join(t.text or "" for t in c.iter() if t.tag.endswith("}t")) for c in row if c.tag.endswith("}tc")]
                    lines.append(" ".join(c for c in cells if c))
    return "\n".join(ln.strip() for ln in lines if ln.strip())


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
