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


def _attrs(tag: Any) -> str:
    classes = tag.get("class") or []
    return " ".join([*(classes if isinstance(classes, list) else [str(classes)]), str(tag.get("id") or "")])


def html_text(markup: str) -> str:
    """Main text of an HTML page: navigation and scripts dropped, one block per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        attrs = _attrs(tag)
        if attrs.strip() and _NOISE_ATTR.search(attrs) and not _CONTENT_ATTR.search(attrs):
            tag.decompose()
    candidates = [
        t for t in soup.find_all(True) if not t.decomposed and t.attrs is not None
        and _CONTENT_ATTR.search(_attrs(t))
    ]
    body = soup.body or soup
    root = max(candidates, key=lambda t: len(t.get_text()), default=body)
    if len(root.get_text(strip=True)) < 0.3 * len(body.get_text(strip=True)):
        root = body
    for br in root.find_all("br"):
        br.replace_with("\n")
    for block in root.find_all(_BLOCK):
        block.insert_before("\n")
        block.insert_after("\n")
    text = root.get_text()
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln)


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
