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
