"""Bytes → text: find inputs, detect the format and the encoding, extract plain text.

>>> decode_bytes("数字乡村".encode("gb18030"), "x.txt")
'数字乡村'
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policynlp.errors import IngestError
from policynlp.ingest.decode import decode_bytes, decode_text, garbled_reason, looks_binary, sanitize
from policynlp.ingest.formats import docx_text, html_text, pdf_text
from policynlp.ingest.readers import is_taiwan_law, markdown_text, taiwan_law_text

__all__ = ["RawDocument", "decode_bytes", "display_path", "iter_inputs", "read_bytes", "read_input", "read_path"]

SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf", ".json"}
MAX_BYTES = 200 * 1024 * 1024
MAX_CHARS = 5_000_000  # about 2,500 pages; longer inputs are refused with a reason, not half-read


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Decoded plain text of one input, where it came from, what its format says about it
    (``meta``: title, issued, doc_number, issuers, history … when the format states them), and
    what had to be repaired to read it (``warnings``)."""

    source: str
    text: str
    format: str
    meta: Mapping[str, object] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | IngestError]:
    """Regular files named or found under ``paths``, or an :class:`IngestError` for each input
    that cannot be taken: folders are walked recursively in sorted order, symlink loops are
    skipped, only known suffixes are taken (README files excluded); an unreadable folder, a
    FIFO, a device or a socket (named or found) is reported, never opened."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from _walk(path)
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            reason = "no such file or folder" if isinstance(exc, FileNotFoundError) else (exc.strerror or type(exc).__name__)
            yield IngestError(display_path(p), reason)
            continue
        yield path if stat.S_ISREG(mode) else IngestError(display_path(p), f"{_kind(mode)}, not a regular file")


def _walk(top: Path) -> Iterator[Path | IngestError]:
    failed: list[OSError] = []
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(top, followlinks=True, onerror=failed.append):
        yield from (_folder_error(e) for e in failed)
        failed.clear()
        try:
            st = os.stat(root)
        except OSError:
            dirs[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            dirs[:] = []
            continue
        seen.add(key)
        dirs.sort()
        for name in sorted(files):
            f = Path(root, name)
            # a folder's own README is documentation, not a notice
            if f.suffix.lower() not in SUFFIXES or name.startswith(".") or f.stem.upper() == "README":
                continue
            try:
                mode = os.stat(f).st_mode
            except OSError as exc:
                yield IngestError(display_path(f), exc.strerror or type(exc).__name__)
                continue
            yield f if stat.S_ISREG(mode) else IngestError(display_path(f), f"{_kind(mode)}, not a regular file")
    yield from (_folder_error(e) for e in failed)


def _folder_error(exc: OSError) -> IngestError:
    return IngestError(display_path(exc.filename if exc.filename is not None else "?"),
                       f"cannot read folder: {exc.strerror or type(exc).__name__}")


def read_input(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file, or :class:`IngestError`.

    The file is opened without blocking and checked on the open descriptor (so a FIFO or a
    device put in its place cannot hang the run), its size is checked before anything is read,
    and at most ``MAX_BYTES`` are ever read (a file that grows while read is refused too).
    """
    name = display_path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise IngestError(name, exc.strerror or type(exc).__name__) from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IngestError(name, f"{_kind(st.st_mode)}, not a regular file")
        if st.st_size > MAX_BYTES:
            raise IngestError(name, f"file too large ({st.st_size:,} bytes > {MAX_BYTES:,})")
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_BYTES:
            raise IngestError(name, f"file too large (over {MAX_BYTES:,} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise IngestError(name, exc.strerror or type(exc).__name__) from exc
    finally:
        os.close(fd)


def read_path(path: str | os.PathLike[str]) -> RawDocument:
    """Read one file into a :class:`RawDocument`, or raise :class:`IngestError`."""
    return read_bytes(read_input(path), display_path(path))


def read_bytes(data: bytes, source: str) -> RawDocument:
    """Detect the format of ``data`` (by content, then by the name) and extract its text.

    Control characters are removed from the text and lone surrogates replaced (the offsets of
    every record point into the text as returned); what was repaired is listed in ``warnings``.
    A failure of a format reader is reported as an :class:`IngestError` naming the file.
    """
    if not data.strip():
        raise IngestError(source, "empty file")
    try:
        text, fmt, warnings, meta = _extract(data, source)
    except IngestError:
        raise
    except RecursionError as exc:
        raise IngestError(source, "nested too deeply to read") from exc
    except MemoryError as exc:
        raise IngestError(source, "too large to read in memory") from exc
    except Exception as exc:  # a reader's bug must cost this file only, with its name and the reason
        kind = "PDF" if data.startswith(b"%PDF") else "DOCX" if data.startswith(b"PK\x03\x04") else "text"
        raise IngestError(source, f"could not read this {kind} file ({type(exc).__name__} in the {kind} reader; please report it)") from exc
    text, repaired = sanitize(text)
    meta = {k: sanitize(v)[0] if isinstance(v, str) else v for k, v in meta.items()}
    return RawDocument(source, _nonempty(text, source), fmt, meta, tuple(warnings + repaired))


def _extract(data: bytes, source: str) -> tuple[str, str, list[str], Mapping[str, object]]:
    suffix = Path(source).suffix.lower()
    if data.startswith(b"%PDF"):
        return pdf_text(data, source), "pdf", [], {}
    if data.startswith(b"PK\x03\x04"):
        return docx_text(data, source), "docx", [], {}
    if looks_binary(data):
        raise IngestError(source, "binary content, not a text document")
    text, warnings = decode_text(data, source)
    head = text[:2048].lstrip().lower()
    if suffix in {".html", ".htm", ".shtml", ".xhtml"} or head.startswith(("<!doctype html", "<html")):
        return html_text(text), "html", warnings, {}
    if suffix == ".json" or head.startswith(("{", "[")):
        try:
            obj = json.loads(text)
        except ValueError:
            obj = None
        except RecursionError as exc:
            raise IngestError(source, "JSON nested too deeply to read") from exc
        if is_taiwan_law(obj):
            law, meta = taiwan_law_text(obj)
            return law, "json", warnings, meta
        if obj is not None:
            return _json_text(obj), "json", warnings, {}
    if suffix in {".md", ".markdown"}:
        md, meta = markdown_text(text)
        return md, "markdown", warnings, meta
    return text, "text", warnings, {}


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
