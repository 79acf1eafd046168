"""A corpus of hostile and broken inputs, built on demand (no binaries are committed).

Each case names what policynlp must do with it: ``error`` (one line naming the file and the
reason containing ``expect``), ``ok`` (a document whose clean text contains ``expect``) or
``either`` (one of the two: a reader may learn to read it).
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

SAMPLE = "到2025年，农村互联网普及率达到60%。建设一批智慧农场。"


@dataclass(frozen=True, slots=True)
class Case:
    """One bad input: its file, and the outcome expected."""

    name: str
    path: Path
    outcome: str  # "error" | "ok" | "either"
    expect: str


def _pdf(encrypt: bool) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret" if encrypt else None)
    c.setFont("STSong-Light", 12)
    c.drawString(50, 800, SAMPLE)
    c.save()
    return buf.getvalue()


def _docx_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", " " * (60 * 1024 * 1024))
    return buf.getvalue()


def _docx_with(node: str) -> bytes:
    """A valid DOCX whose document.xml body holds ``node`` (a comment, a processing instruction
    or an entity reference) between two paragraphs; an entity also gets its DOCTYPE."""
    import docx

    d = docx.Document()
    d.add_paragraph(SAMPLE)
    d.add_paragraph("加强组织领导。")
    buf = io.BytesIO()
    d.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                body = xml.index("<w:body>") + len("<w:body>")
                first_end = xml.index("</w:p>", body) + len("</w:p>")
                xml = xml[:first_end] + node + xml[first_end:]
                if "&" in node:
                    decl_end = xml.index("?>") + 2
                    xml = xml[:decl_end] + '<!DOCTYPE w:document [<!ENTITY village "数字乡村">]>' + xml[decl_end:]
                data = xml.encode("utf-8")
            zout.writestr(item, data)
    return out.getvalue()


def _deep_json(depth: int) -> bytes:
    return ('{"a":' * depth + '"' + SAMPLE + '"' + "}" * depth).encode()


def build_bad_inputs(folder: Path, *, big_mb: int = 50) -> list[Case]:
    """Write every case into ``folder`` and return them."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(name: str, data: bytes, outcome: str, expect: str) -> None:
        p = folder / name
        p.write_bytes(data)
        cases.append(Case(name, p, outcome, expect))

    add("empty.txt", b"", "error", "empty file")
    add("whitespace.txt", b" \n\t\r\n\xe3\x80\x80\n", "error", "no text")
    add("binary.txt", bytes(range(256)) * 64, "error", "binary")
    add("truncated_gb18030.txt", SAMPLE.encode("gb18030")[:-1], "ok", "建设一批智慧农场")
    add("truncated_utf8.txt", SAMPLE.encode("utf-8")[:-2], "ok", "建设一批智慧农场")
    add("mixed_encodings.txt", "第一行是UTF-8：数字乡村。\n".encode() + "第二行是GBK：智慧农业。\n".encode("gbk"), "ok", "第二行是GBK：智慧农业")
    add("utf16_bom.txt", SAMPLE.encode("utf-16"), "ok", "农村互联网普及率")
    add("huge_single_line.txt", ("数字乡村建设" * (big_mb * 1024 * 1024 // 18)).encode("utf-8"), "error", "too long")
    add("repeated_artifacts.txt", ("網(wǎng)" * 100_000).encode("utf-8"), "ok", "網網網")
    add("deep_nesting.html", ("<html><body>" + "<div>" * 5000 + SAMPLE + "</div>" * 5000 + "</body></html>").encode(), "ok", "智慧农场")
    add("unclosed.html", ("<html><body><p>" + SAMPLE + "<p><div><span>数字乡村<b>建设").encode(), "ok", "智慧农场")
    add("only_script.html", b"<html><head><script>var a='\xe6\x95\xb0\xe5\xad\x97';</script><style>p{}</style></head><body><script>x()</script></body></html>",
        "error", "no text")
    add("corrupt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nstartxref\n9999\n%%EOF", "error", "PDF")
    add("encrypted.pdf", _pdf(encrypt=True), "error", "PDF")
    add("zip_bomb.docx", _docx_bomb(), "error", "expands to")
    add("name with spaces 'and' \"quotes\".txt", SAMPLE.encode(), "ok", "智慧农场")
    weird = os.fsdecode(b"bad-\xff\xfe-name.txt")
    add(weird, SAMPLE.encode(), "ok", "智慧农场")
    add("deep_nesting.json", _deep_json(1000), "error", "nested too deeply")
    add("lone_surrogate.json", ('{"title": "\\ud800", "text": "' + SAMPLE + '"}').encode(), "ok", "智慧农场")
    add("docx_comment.docx", _docx_with("<!-- 注释 -->"), "either", "智慧农场")
    add("docx_processing_instruction.docx", _docx_with("<?policy x?>"), "either", "智慧农场")
    add("docx_entity.docx", _docx_with("<w:p><w:r><w:t>&village;</w:t></w:r></w:p>"), "either", "智慧农场")
    filler = ("加强组织领导，完善工作机制。" * 700).encode()  # past the first 8 KB
    add("nul_after_8k.txt", SAMPLE.encode() + filler + b"\x00\x01\x1b" + "数字乡村建设。".encode() + b"\x00", "ok", "智慧农场")
    add("stray_byte.txt", SAMPLE.encode() * 20 + b"\xff" + SAMPLE.encode() * 20, "ok", "智慧农场")
    add("utf16le_no_bom.txt", SAMPLE.encode("utf-16-le"), "ok", "农村互联网普及率")
    add("utf16be_no_bom.txt", SAMPLE.encode("utf-16-be"), "ok", "农村互联网普及率")
    big = folder / "sparse_300mb.txt"
    with big.open("wb") as fh:  # sparse: takes no disk space, and must be refused before it is read
        fh.truncate(300 * 1024 * 1024)
    cases.append(Case(big.name, big, "error", "too large"))
    fifo = folder / "named_pipe.txt"
    if hasattr(os, "mkfifo") and not fifo.exists():
        os.mkfifo(fifo)
    if fifo.exists():
        cases.append(Case(fifo.name, fifo, "error", "FIFO"))
    loop = folder / "loop"
    if not loop.exists():
        loop.symlink_to(folder)
    return cases
