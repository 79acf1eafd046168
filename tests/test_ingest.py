from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policynlp.errors import IngestError
from policynlp.ingest import decode_bytes, iter_inputs, read_bytes, read_path
from policynlp.pipeline import Pipeline

from .conftest import NOTICE, QA

PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")


def _clause_texts(pipeline: Pipeline, path: Path) -> list[str]:
    return [c.text for c in pipeline.analyze(path).clauses]


def _plain(path: Path) -> str:
    """The seed with its pinyin removed (legacy encodings cannot hold tone marks)."""
    return PINYIN.sub("", path.read_text("utf-8"))


@pytest.mark.parametrize("seed", [NOTICE, QA], ids=["notice", "qa"])
def test_legacy_encodings_give_the_same_clauses(tmp_path: Path, pipeline: Pipeline, seed: Path) -> None:
    # Big5 cannot hold every character of the seeds (e.g. mojibake debris): keep what it can
    plain = _plain(seed).encode("big5", "ignore").decode("big5")
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(plain, "utf-8")
    expected = _clause_texts(pipeline, utf8)
    gb = tmp_path / "gb.txt"
    gb.write_bytes(plain.encode("gb18030"))
    assert _clause_texts(pipeline, gb) == expected
    big5 = tmp_path / "big5.dat.txt"
    big5.write_bytes(plain.encode("big5", errors="strict"))
    assert _clause_texts(pipeline, big5) == expected


@pytest.mark.parametrize("seed", [NOTICE, QA], ids=["notice", "qa"])
def test_html_page_gives_the_same_clauses(tmp_path: Path, pipeline: Pipeline, seed: Path) -> None:
    text = seed.read_text("utf-8")
    paras = "".join(f"<p>{line}</p>\n" for line in text.splitlines())
    page = (
        "<!DOCTYPE html><html><head><title>通知</title><script>var x = '<p>不是正文</p>';</script>"
        "<style>p{color:red}</style></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/zc'>政策</a></div>"
        f"<div id='content' class='article'>{paras}</div>"
        "<div class='footer'>版权所有 网站地图</div></body></html>"
    )
    html = tmp_path / "page.html"
    html.write_text(page, "utf-8")
    assert _clause_texts(pipeline, html) == _clause_texts(pipeline, seed)


@pytest.mark.parametrize("seed", [NOTICE, QA], ids=["notice", "qa"])
def test_docx_gives_the_same_clauses(tmp_path: Path, pipeline: Pipeline, seed: Path) -> None:
    import docx

    d = docx.Document()
    for line in seed.read_text("utf-8").splitlines():
        d.add_paragraph(line)
    out = tmp_path / "seed.docx"
    d.save(str(out))
    assert _clause_texts(pipeline, out) == _clause_texts(pipeline, seed)


def test_pdf_text_layer(tmp_path: Path, pipeline: Pipeline) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = tmp_path / "plan.pdf"
    c = canvas.Canvas(str(out))
    c.setFont("STSong-Light", 12)
    lines = ["数字乡村建设实施方案", "到2025年，数字乡村建设取得重要进展，农村互联网普及率达到", "60%。"]
    for i, line in enumerate(lines):
        c.drawString(50, 800 - 20 * i, line)
    c.save()
    doc = pipeline.analyze(out)
    texts = [cl.text for cl in doc.clauses]
    assert "到2025年，数字乡村建设取得重要进展，农村互联网普及率达到60%。" in texts
    assert any(t.metric is not None and t.metric.value == 60 for t in doc.targets)


def test_decode_detects_rather_than_guesses() -> None:
    s = "數字鄉村發展行動計劃，加快建設農業強國"
    assert decode_bytes(s.encode("big5"), "a.txt") == s
    assert decode_bytes(s.encode("gb18030"), "a.txt") == s
    assert decode_bytes(s.encode("utf-16"), "a.txt") == s
    assert decode_bytes(b"\xef\xbb\xbf" + s.encode("utf-8"), "a.txt") == s


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        # Hong Kong pages: 〇 and 着 exist only in Big5-HKSCS (plain Big5 reads 〇's bytes as a kana)
        ("二〇二四年四月，數字鄉村試點工作着力推進，村民受益。", "big5hkscs"),
        # Taiwan's Windows pages: 裏 and 恒 are cp950 additions to plain Big5, € too
        ("鄉村裏的數字化服務持之以恒，每戶補貼100€，農業發展。", "cp950"),
    ],
    ids=["big5-hkscs", "cp950"],
)
def test_big5_tables_beyond_plain_big5(text: str, encoding: str) -> None:
    data = (text * 3).encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("big5")  # the case at issue: plain Big5 refuses it, and GB18030 would read it as garbage
    assert decode_bytes(data, "hk.txt") == text * 3


def test_glued_file_reads_each_line_in_its_own_encoding() -> None:
    gb = "数字乡村建设取得重要进展，农村网络全面覆盖。".encode("gb18030")
    hk = "二〇二四年，鄉村數字治理着力推進，成效顯著。".encode("big5hkscs")
    text = decode_bytes(gb + b"\n" + hk + b"\n" + gb, "glued.txt")
    assert text.splitlines() == ["数字乡村建设取得重要进展，农村网络全面覆盖。", "二〇二四年，鄉村數字治理着力推進，成效顯著。",
                                 "数字乡村建设取得重要进展，农村网络全面覆盖。"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"  \n\t ", "empty file"), (b"\x00\x01\x02binary\x00" * 50, "binary"), (b"%PDF-1.4 broken", "PDF")],
)
def test_bad_inputs_raise_with_name_and_reason(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError) as info:
        read_bytes(data, "bad.txt")
    assert info.value.path == "bad.txt"
    assert reason in info.value.reason


def test_json_documents_yield_their_strings(tmp_path: Path) -> None:
    p = tmp_path / "law.json"
    p.write_text(json.dumps({"title": "農業發展條例", "articles": [{"no": "第一條", "text": "為促進農業發展，特制定本條例。"}]}, ensure_ascii=False), "utf-8")
    raw = read_path(p)
    assert raw.format == "json"
    assert raw.text.splitlines() == ["農業發展條例", "第一條", "為促進農業發展，特制定本條例。"]


def test_folders_are_walked_recursively_and_loops_end(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("数字乡村。", "utf-8")
    (tmp_path / "a" / "y.html").write_text("<p>数字乡村。</p>", "utf-8")
    (tmp_path / "a" / "skip.bin").write_bytes(b"x")
    (tmp_path / "a" / "b" / "loop").symlink_to(tmp_path / "a")
    found = [p for p in iter_inputs([tmp_path]) if not isinstance(p, IngestError)]
    names = sorted(Path(p).name for p in found)
    assert names == ["x.txt", "y.html"]
    missing = list(iter_inputs([tmp_path / "nope"]))
    assert isinstance(missing[0], IngestError)


def test_ingest_errors_survive_pickling() -> None:
    import pickle

    err = pickle.loads(pickle.dumps(IngestError("a b.txt", "empty file")))
    assert (err.path, err.reason, str(err)) == ("a b.txt", "empty file", "a b.txt: empty file")


def _numbered_docx(tmp_path: Path, items: list[tuple[int | None, str]], *, heading_title: str) -> Path:
    """A DOCX whose list numbers come from Word's numbering definitions (一、 （一） 1.), not the text."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    d.add_paragraph(heading_title, "Title")
    for level, text in items:
        p = d.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    out = tmp_path / "numbered.docx"
    d.save(str(out))
    return out


def test_docx_list_numbers_from_word_numbering_make_the_sections(tmp_path: Path, pipeline: Pipeline) -> None:
    items = [(0, "总体要求"), (None, "到2025年，数字乡村建设取得重要进展。"), (0, "重点任务"), (1, "加快乡村信息基础设施建设"),
             (2, "推进农村光纤宽带和移动网络建设。"), (2, "实施智慧广电乡村工程。"), (1, "发展智慧农业"), (2, "建设农业农村大数据平台。")]
    path = _numbered_docx(tmp_path, items, heading_title="某县数字乡村建设实施方案")
    raw = read_path(path)
    assert raw.text.splitlines() == [
        "# 某县数字乡村建设实施方案", "一、总体要求", "到2025年，数字乡村建设取得重要进展。", "二、重点任务", "（一）加快乡村信息基础设施建设",
        "1.推进农村光纤宽带和移动网络建设。", "2.实施智慧广电乡村工程。", "（二）发展智慧农业", "1.建设农业农村大数据平台。"]
    doc = pipeline.analyze(path)
    assert doc.title == "某县数字乡村建设实施方案"
    clause = next(c for c in doc.clauses if c.text.startswith("建设农业农村大数据平台") or c.text.endswith("建设农业农村大数据平台。"))
    assert "二、重点任务" in clause.section and "（二）发展智慧农业" in clause.section
