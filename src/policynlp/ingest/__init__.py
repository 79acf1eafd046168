"""Bytes → text: find inputs, detect the format and the encoding, extract plain text.

>>> decode_bytes("数字乡村".encode("gb18030"), "x.txt")
'数字乡村'
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policynlp.errors import IngestError
from policynlp.ingest.decode import decode_bytes, garbled_reason, looks_binary
from policynlp.ingest.formats import docx_text, html_text, pdf_text
from policynlp.ingest.readers import is_taiwan_law, markdown_text, taiwan_law_text

__all__ = ["RawDocument", "decode_bytes", "display_path", "iter_inputs", "read_bytes", "read_path"]

SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf", ".json"}
MAX_BYTES = 200 * 1024 * 1024
MAX_CHARS = 5_000_000  # about 2,500 pages; longer inputs are refused with a reason, not half-read


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Decoded plain text of one input, where it came from, and what its format says about it
    (``meta``: title, issued, doc_number, issuers, history … when the format states them)."""

    source: str
    text: str
    format: str
    meta: Mapping[str, object] = field(default_factory=dict)


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | IngestError]:
    """Files named or found under ``paths``: folders are walked recursively in sorted order,
    symlink loops are skipped, and only known suffixes are taken (README files excluded)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            seen: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(path, followlinks=True):
                st = os.stat(root)
                key = (st.st_dev, st.st_ino)
                if key in seen:
                    dirs[:] = []
                    continue
                seen.add(key)
                dirs.sort()
                for name in sorted(files):
                    f = Path(root, name)
                    # a folder's own README is documentation, not a notice
                    if f.suffix.lower() in SUFFIXES and not name.startswith(".") and f.stem.upper() != "README":
                        yield f
        elif path.exists():
            yield path
        else:
            yield IngestError(display_path(p), "no such file or folder")


def read_path(path: str | os.PathLike[str]) -> RawDocument:
    """Read one file into a :class:`RawDocument`, or raise :class:`IngestError`."""
    name = display_path(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise IngestError(name, f"file too large ({size} bytes > {MAX_BYTES})")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(name, exc.strerror or type(exc).__name__) from exc
    return read_bytes(data, name)


def read_bytes(data: bytes, source: str) -> RawDocument:
    """Detect the format of ``data`` (by content, then by the name) and extract its text."""
    if not data.strip():
        raise IngestError(source, "empty file")
    suffix = Path(source).suffix.lower()
    if data.startswith(b"%PDF"):
        return RawDocument(source, _nonempty(pdf_text(data, source), source), "pdf")
    if data.startswith(b"PK\x03\x04"):
        return RawDocument(source, _nonempty(docx_text(data, source), source), "docx")
    if looks_binary(data):
        raise IngestError(source, "binary content, not a text document")
    text = decode_bytes(data, source)
    head = text[:2048].lstrip().lower()
    if suffix in {".html", ".htm", ".shtml", ".xhtml"} or head.startswith(("<!doctype html", "<html")):
        return RawDocument(source, _nonempty(html_text(text), source), "html")
    if suffix == ".json" or head.startswith(("{", "[")):
        try:
            obj = json.loads(text)
        except ValueError:
            obj = None
        if is_taiwan_law(obj):
            law, meta = taiwan_law_text(obj)
            return RawDocument(source, _nonempty(law, source), "json", meta)
        extracted = _json_text(obj) if obj is not None else None
        if extracted is not None:
            return RawDocument(source, _nonempty(extracted, source), "json")
    if suffix in {".md", ".markdown"}:
        md, meta = markdown_text(text)
        return RawDocument(source, _nonempty(md, source), "markdown", meta)
    return RawDocument(source, _nonempty(text, source), "text")


def _nonempty(text: str, source: str) -> str:
    if not text.strip():
        raise IngestError(source, "no text found")
    garbled = garbled_reason(text)
    if garbled:
        raise IngestError(source, f"garbled text: {garbled}")
    if len(text) > MAX_CHARS:
        raise IngestError(source, f"document too long ({len(text):,} characters > {MAX_CHARS:,}); split it first")
    return text


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as printable UTF-8 text (undecodable bytes of a file name become U+FFFD)."""
    return os.fsencode(path).decode("utf-8", "replace")


def _json_text(obj: object) -> str:
    """String values of a JSON document, one per line, in document order."""
    out: list[str] = []
    stack: list[object] = [obj]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            stack.extend(reversed(list(cur.values())))
        elif isinstance(cur, list):
            stack.extend(reversed(cur))
        elif isinstance(cur, str) and cur.strip():
            out.append(cur.strip())
    return "\n".join(out)
