"""How a search query and the read filters are understood: words, quoted phrases, ``-word``
exclusion, ``OR`` between terms, synonym expansion; date bounds; label ids.

>>> q = parse_query('电商 OR 5G "数字乡村" -农村')
>>> [[t.words for t in g] for g in q.groups]
[[('电商',), ('5G',)], [('数字乡村',)]]
>>> q.excluded
('农村',)
>>> date_bound("2025", end=True), date_bound("2024-02", end=True), date_bound("2024-02", end=False)
('2025-12-31', '2024-02-29', '2024-02-01')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

from policynlp.clean import to_simplified
from policynlp.segment import WordSegmenter

MAX_QUERY = 200
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」')
_OR = {"OR", "|", "或"}
_PUNCT = re.compile(r"^\W+$")
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """Query expansion: a word → the words it also finds (``resources/synonyms.txt``)."""
    raw = resources.files("policynlp.resources").joinpath("synonyms.txt").read_text("utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for line in raw.splitlines():
        parts = line.split()
        if parts and not line.startswith("#"):
            out[parts[0]] = tuple(parts[1:])
    return out


@dataclass(frozen=True, slots=True)
class Term:
    """One alternative of a group: all of ``words`` must occur (each or one of its ``expansions``);
    a phrase must occur as written."""

    words: tuple[str, ...]
    phrase: bool = False
    expansions: tuple[tuple[str, ...], ...] = ()  # per word: the words it was expanded to

    def alternatives(self) -> list[tuple[str, ...]]:
        """Per word: the word and its expansions."""
        if self.phrase:
            return [self.words]
        return [(w, *x) for w, x in zip(self.words, self.expansions, strict=True)]


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query as groups that must all match; a group matches when any of its terms does."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        """No positive word: the query only filters (or excludes)."""
        return not self.groups

    def highlight_words(self) -> tuple[str, ...]:
        """Every positive word, phrase and expansion (simplified), for marking in text."""
        out: list[str] = []
        for g in self.groups:
            for t in g:
                for alts in t.alternatives():
                    out += [w for w in alts if w not in out]
        return tuple(out)

    def expanded(self) -> dict[str, tuple[str, ...]]:
        """Query word → the words it was expanded to (only words that were expanded)."""
        return {t.words[i]: x for g in self.groups for t in g if not t.phrase for i, x in enumerate(t.expansions) if x}

    def describe(self) -> str:
        """How the query was read, in one line (Chinese)."""
        parts = []
        for g in self.groups:
            shown = [("“" + t.words[0] + "”") if t.phrase else " ".join(t.words) for t in g]
            parts.append(" 或 ".join(shown) if len(shown) > 1 else shown[0])
        out = "须包含：" + "；".join(parts) if parts else "无检索词（按筛选条件浏览）"
        if self.excluded:
            out += "；排除：" + "、".join(self.excluded)
        return out + "".join("；" + n for n in self.notes)


def _words(text: str, segmenter: WordSegmenter) -> tuple[str, ...]:
    return tuple(w for w in segmenter.lcut(text) if w.strip() and not _PUNCT.match(w))


def parse_query(query: str, segmenter: WordSegmenter | None = None) -> ParsedQuery:
    """Read ``query`` (either script, at most :data:`MAX_QUERY` characters are used).

    Whitespace separates terms; every term must match. ``"…"`` (or “…”) is a phrase matched as
    written; ``-word`` excludes clauses containing the word; ``A OR B`` (also ``|``, ``或``) matches
    either term. A term of several words (数字乡村建设) needs all its words; each word also finds
    its synonyms.
    """
    seg = segmenter or WordSegmenter()
    text = to_simplified(query[:MAX_QUERY])
    notes: list[str] = []
    if text.count('"') % 2:
        text = text.replace('"', " ")
        notes.append("未配对的引号已忽略")
    tokens: list[tuple[str, bool]] = []  # (text, is_phrase)
    pos = 0
    for m in _QUOTED.finditer(text):
        tokens += [(t, False) for t in text[pos:m.start()].split()]
        phrase = next(g for g in m.groups() if g is not None).strip()
        if phrase:
            tokens.append((phrase, True))
        pos = m.end()
    tokens += [(t, False) for t in text[pos:].split()]

    groups: list[list[Term]] = []
    excluded: list[str] = []
    join_next = False
    for tok, is_phrase in tokens:
        if not is_phrase and tok.upper() in _OR:
            join_next = bool(groups)
            continue
        if not is_phrase and tok.startswith("-") and len(tok) > 1:
            word = tok[1:].strip()
            if not _PUNCT.match(word):
                excluded.append(word)
            join_next = False
            continue
        term = _term(tok, is_phrase, seg)
        if term is None:
            continue
        if join_next and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(dict.fromkeys(excluded)), tuple(notes))


def _term(tok: str, is_phrase: bool, seg: WordSegmenter) -> Term | None:
    if is_phrase:
        return Term((tok,), phrase=True) if not _PUNCT.match(tok) else None
    words = _words(tok, seg)
    if not words:
        return None
    syn = synonyms()
    return Term(words, expansions=tuple(syn.get(w, ()) for w in words))


def date_bound(value: str, *, end: bool) -> str:
    """ISO date for a bound given as YYYY, YYYY-MM or YYYY-MM-DD.

    A year or month names a whole period: as an upper bound (``end=True``) it means the period's last
    day (``--before 2025`` includes all of 2025), as a lower bound its first day. ``ValueError`` with a
    one-line reason for anything else.
    """
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}", v):
            return f"{v}-12-31" if end else f"{v}-01-01"
        m = re.fullmatch(r"(\d{4})-(\d{2})", v)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            last = calendar.monthrange(y, mo)[1]  # raises for month 0 or 13+
            return f"{y:04d}-{mo:02d}-{last if end else 1:02d}"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            return date.fromisoformat(v).isoformat()
    except (ValueError, calendar.IllegalMonthError):
        pass
    raise ValueError(f"invalid date {value!r}: expected {DATE_FORMS}")


def check_labels(level: str, ids: list[str] | tuple[str, ...]) -> None:
    """``ValueError`` naming the valid ids when one of ``ids`` is no label of ``level``."""
    from policynlp.taxonomy import load_taxonomy

    valid = load_taxonomy().names(level)
    bad = [i for i in ids if i not in valid]
    if bad:
        raise ValueError(f"unknown {level} id {bad[0]!r}; valid: {', '.join(valid)}")
