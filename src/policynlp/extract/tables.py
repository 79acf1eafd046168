"""Indicator tables (专栏: 指标 | 2015年 | 2020年 | 属性) read row by row into target rows.

Works on simplified text where a table is either one row a line (cells apart by tabs, ``|`` or
spaces, as HTML and DOCX tables come out) or flattened into one run of text by a crawler
("…比率（%）76.7＞80-约束性…"). A header names the base-year and target-year columns; each row
gives an indicator with its unit in brackets, the base value, the target value (＞80, 90以上,
15左右), an optional five-year cumulative value (〔18〕) and the attribute (预期性/约束性).
Adjacent cells a flattening glued together ("5456" for 54 | 56) are split where both parts
keep at most two decimals and are closest in size.

>>> t = "指标\\t2015年\\t2020年\\t属性\\n森林覆盖率（%）\\t21.66\\t23.04\\t约束性\\n"
>>> [(r.indicator, r.value, r.unit, r.baseline, r.attribute) for r in find_table_rows(t)]
[('森林覆盖率', 23.04, '%', '2015年21.66%', '约束性')]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from policynlp.extract.deadlines import TABLE_HEADER as _HEADER
from policynlp.extract.deadlines import _year

_SEP = r"[ \t|｜\u3000]"
_NUMBER = r"[0-9]+(?:\.[0-9]+)*"  # a run: "21.6623.04" is two glued cells
_CELL = rf"(?:[＞＜≥≤><]=?{_SEP}*)?{_NUMBER}(?:%|左右|以上|以下|以内)?|-|－|—|〔{_NUMBER}〕|\[{_NUMBER}\]"
_ROW = re.compile(
    rf"(?P<name>[^（()）〔〕\n\t|｜]{{2,60}}?(?:[（(][\u4e00-\u9fff、，]{{1,8}}[）)][\u4e00-\u9fff]{{1,20}}?)?)[（(](?P<unit>[^（()）\n]{{1,10}})[）)](?P<cells>(?:{_SEP}*(?:{_CELL}))+){_SEP}*(?P<attr>约束性|预期性)?"
)
_TOKEN = re.compile(rf"(?P<cmp>[＞＜≥≤><]=?)?{_SEP}*(?P<num>{_NUMBER})(?P<post>%|左右|以上|以下|以内)?|(?P<null>-|－|—)|[〔\[](?P<cum>{_NUMBER})[〕\]]")
_MAX_GAP = 300  # group rows without a unit of their own (化学需氧量--〔10〕) are skipped over
_CMP = {"＞": ">", ">": ">", "＜": "<", "<": "<", "≥": ">=", "≤": "<=", ">=": ">=", "<=": "<="}
_MULT = {"万": 1e4, "亿": 1e8}
_CHANGE = ("下降", "减少", "降低", "提高", "增长", "增加", "提升")


@dataclass(frozen=True, slots=True)
class TableRow:
    """One indicator row: clean-text span, target-year column, and the metric it states."""

    start: int
    end: int
    year_span: tuple[int, int]
    year: int
    indicator: str
    comparator: str
    value: float
    unit: str | None
    approx: bool
    baseline: str | None
    attribute: str | None


def _split_glued(raw: str) -> tuple[str, str] | None:
    """``"21.6623.04"`` → ``("21.66", "23.04")``: the split whose parts have ≤2 decimals and closest size."""
    best: tuple[float, tuple[str, str]] | None = None
    for k in range(1, len(raw)):
        a, b = raw[:k], raw[k:]
        if a.endswith(".") or b.startswith(".") or (b.startswith("0") and not b.startswith("0.")):
            continue
        if any(p.count(".") > 1 or ("." in p and len(p.split(".")[1]) > 2) for p in (a, b)):
            continue
        va, vb = float(a), float(b)
        if va <= 0 or vb <= 0:
            continue
        score = abs(math.log(va / vb))
        if best is None or score < best[0]:
            best = (score, (a, b))
    return None if best is None else best[1]


def _unit(raw: str) -> tuple[float, str | None]:
    raw = raw.strip()
    if raw in ("%", "％"):
        return 1.0, "%"
    for w, f in _MULT.items():
        if raw.startswith(w) and len(raw) > 1:
            return f, raw[1:]
    return 1.0, raw or None


def _clean_name(name: str) -> str:
    """The indicator of a row: group labels, row numbers and footnote marks ahead of it dropped
    ("生态环境质量1.空气质量地级及以上城市2空气质量优良天数比率" → "空气质量优良天数比率")."""
    name = name.strip(" \t|｜\u3000-")
    marks = list(re.finditer(r"[0-9]+[.．]?(?=[\u4e00-\u9fff])", name))
    if marks and len(name) - marks[-1].end() >= 4:
        name = name[marks[-1].end() :]
    return name.strip(" \t|｜\u3000-")


def find_table_rows(text: str) -> list[TableRow]:
    """Indicator rows of every table in ``text`` that has an 指标…YEAR年…YEAR年 header."""
    rows: list[TableRow] = []
    for h in _HEADER.finditer(text):
        rows.extend(table_rows(text, h))
    return rows


def table_rows(text: str, h: re.Match[str]) -> list[TableRow]:
    """The rows under header ``h``, up to the first gap of prose (a full stop or 300 characters)."""
    y0, y1 = _year(h.group("y0")), _year(h.group("y1"))
    rows: list[TableRow] = []
    if not y0 < y1 <= y0 + 20:
        return rows
    pos = h.end()
    for m in _ROW.finditer(text, pos):
        if m.start() - pos > _MAX_GAP or "。" in text[pos : m.start()]:
            break  # the table ended
        row = _row(m, h, y0, y1)
        if row is not None:
            rows.append(row)
        pos = m.end()
    return rows


def _row(m: re.Match[str], h: re.Match[str], y0: int, y1: int) -> TableRow | None:
    tokens = list(_TOKEN.finditer(m.group("cells")))
    cells: list[tuple[str | None, str | None, str | None, bool]] = []  # (cmp, num, post, cumulative)
    for t in tokens:
        if t.group("null"):
            cells.append((None, None, None, False))
        elif t.group("cum"):
            cells.append((None, t.group("cum"), None, True))
        elif t.group("num").count(".") > 1:
            glued = _split_glued(t.group("num"))
            if glued is None:
                return None
            cells += [(t.group("cmp"), glued[0], None, False), (None, glued[1], t.group("post"), False)]
        else:
            cells.append((t.group("cmp"), t.group("num"), t.group("post"), False))
    cols = [c for c in cells if not c[3]]  # base-year and target-year columns
    numeric = [c for c in cols if c[1] is not None]
    if len(numeric) == 1 and cols.index(numeric[0]) == 0 and not numeric[0][0] and numeric[0][1]:
        glued = _split_glued(numeric[0][1])  # "5456" for 54 | 56, "15.7415左右" for 15.74 | 15左右
        if glued and (len(cols) == 1 or cols[1][1] is None):
            cols[0:2] = [(None, glued[0], None, False), (None, glued[1], numeric[0][2], False)]
    base = cols[0] if len(cols) >= 2 else None
    target = cols[1] if len(cols) >= 2 else (cols[0] if cols else None)
    cumulative = next((c for c in cells if c[3]), None)
    name = _clean_name(m.group("name"))
    factor, unit = _unit(m.group("unit"))
    if len(name) < 2:
        return None
    if target is not None and target[1] is not None:
        cmp_raw, _, post, _ = target
        value = float(target[1]) * factor
        comparator = _CMP.get(cmp_raw or "", "=")
        approx = post == "左右"
        if post == "以上":
            comparator = ">="
        elif post in ("以下", "以内"):
            comparator = "<="
        if post == "%":
            unit = "%"
    elif cumulative is not None and cumulative[1] is not None:
        value = float(cumulative[1]) * factor
        comparator, approx = (">=" if name.endswith(_CHANGE) else "="), False
    else:
        return None
    baseline = None
    if base is not None and base[1] is not None:
        baseline = f"{y0}年{base[1]}{unit if unit == '%' else (m.group('unit') or '')}"
    name_at = m.start("name") + m.group("name").rfind(name[:2]) if name[:2] in m.group("name") else m.start()
    return TableRow(name_at, m.end(), (h.start("y1"), h.end("y1") + 1), y1, name, comparator, value, unit, approx,
                    baseline, m.group("attr"))
