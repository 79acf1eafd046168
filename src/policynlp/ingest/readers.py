"""Readers that respect a format: Markdown, the Taiwan national law database JSON.

Each returns the plain text the later stages read (Markdown ``#`` heading marks kept, since the
segmenter reads them as headings) and what the format itself says about the document (title,
issue date, 文号, issuer, history), which wins over what the text suggests.

>>> text, meta = markdown_text("# 某某法\\n\\n<!-- INFO END -->\\n## 第一章　总则\\n第一条　**为了**……")
>>> text.splitlines()
['# 某某法', '', '', '## 第一章　总则', '第一条　为了……']
"""

from __future__ import annotations

import re
from typing import Any

from policynlp.clean import to_simplified
from policynlp.segment.meta import DATE, date_of

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"!?\[([^\]\n]{0,200})\]\([^)\n]{0,500}\)")


def markdown_text(text: str) -> tuple[str, dict[str, object]]:
    """Markdown → text: comments dropped (``<!-- INFO END -->``), emphasis and link marks removed,
    headings kept with their ``#`` marks."""
    out = _COMMENT.sub("", text)
    out = _LINK.sub(r"\1", out)
    out = _EMPHASIS.sub(r"\2", out)
    return out, {}


def is_taiwan_law(obj: Any) -> bool:
    """Whether a parsed JSON object is a law of the Taiwan national law database."""
    return isinstance(obj, dict) and isinstance(obj.get("法規名稱"), str) and isinstance(obj.get("法規內容"), list)


_ENTRY_START = re.compile(r"^\s*(?:\d+\.|中華民國)")
_ISSUE = re.compile(
    r"(?<=日)(?P<body>總統|行政院[\u4e00-\u9fff]{0,12}?(?:委員會|部|署|局)|行政院|[\u4e00-\u9fff]{1,12}?(?:部|委員會|署|局|院))"
    r"(?:[（(][\d一二三四五六七八九十]+[）)])?"
    r"(?P<no>[\u4e00-\u9fff（）()一二三四五六七八九十]{1,12}字第\s*[\dA-Za-z\s]+?\s*號)"
)


def _history(raw: str) -> list[dict[str, object]]:
    """沿革內容 → entries, wrapped lines joined, each with its date in ISO form."""
    entries: list[str] = []
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            continue
        if _ENTRY_START.match(line) or not entries:
            entries.append(line.strip())
        else:
            entries[-1] += line.strip()
    out: list[dict[str, object]] = []
    for e in entries:
        text = re.sub(r"^\d+\.", "", e)
        m = DATE.search(to_simplified(text))
        out.append({"date": date_of(m) if m else None, "text": text})
    return out


def _iso_compact(value: object) -> str | None:
    """``"20100804"`` → ``"2010-08-04"``; a 7-digit ROC form (``"0990804"``) is converted too."""
    if not isinstance(value, str) or not value.isdigit():
        return None
    if len(value) == 8:
        y, m, d = int(value[:4]), int(value[4:6]), int(value[6:])
    elif len(value) == 7:
        y, m, d = int(value[:3]) + 1911, int(value[3:5]), int(value[5:])
    else:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= 31 else None


def taiwan_law_text(obj: dict[str, Any]) -> tuple[str, dict[str, object]]:
    """A Taiwan law JSON → its text (name, chapters, each article under its 條號) and metadata.

    The URL, the English name and the category are not text of the law; 沿革內容 goes to the
    ``history`` field, not into the clauses. The issuer and 文号 are those of the history entry
    of the latest change (最新異動日期), or of the last entry with a 字第…號.
    """
    lines = [obj["法規名稱"].strip()]
    for item in obj["法規內容"]:
        if not isinstance(item, dict):
            continue
        chapter = item.get("編章節")
        if isinstance(chapter, str) and chapter.strip():
            lines.append(chapter.strip())
        number = item.get("條號")
        body = item.get("條文內容")
        if isinstance(number, str) and number.strip():
            lines.append(number.strip())
        if isinstance(body, str) and body.strip():
            lines.extend(ln.strip() for ln in body.replace("\r\n", "\n").replace("\r", "\n").split("\n") if ln.strip())
    meta: dict[str, object] = {"title": obj["法規名稱"].strip()}
    issued = _iso_compact(obj.get("最新異動日期"))
    if issued:
        meta["issued"] = issued
    kind = obj.get("法規性質")
    if isinstance(kind, str) and kind.strip():
        meta["law_kind"] = kind.strip()
    raw_history = obj.get("沿革內容")
    if isinstance(raw_history, str) and raw_history.strip():
        history = _history(raw_history)
        meta["history"] = history
        numbered = [h for h in history if _ISSUE.search(str(h["text"]))]
        latest = [h for h in numbered if issued and h["date"] == issued] or numbered[-1:]
        if latest:
            m = _ISSUE.search(str(latest[0]["text"]))
            assert m is not None
            meta["doc_number"] = re.sub(r"\s+", "", m.group("no"))
            meta["issuers"] = [to_simplified(m.group("body"))]  # bodies are kept in simplified script
    return "\n".join(lines), meta
