"""Alignment between a document's decoded ``text`` and a cleaned view of it.

Every cleaning step is a list of edits on the text it receives; an :class:`OffsetMap`
records, for every character of the result, the half-open source interval it came from.
Maps compose, so the final clean text keeps one map back to the original.

>>> clean, omap = apply_edits("網(wǎng)絡", [(1, 7, "")])
>>> clean, omap.to_source(0, 2)
('網絡', (0, 8))
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

Edit = tuple[int, int, str]


class OffsetMap:
    """For each character ``i`` of a derived text, the source interval ``[starts[i], ends[i])``."""

    __slots__ = ("_ends", "_source_len", "_starts")

    def __init__(self, starts: array[int], ends: array[int], source_len: int) -> None:
        if len(starts) != len(ends):
            raise ValueError("starts and ends differ in length")
        self._starts = starts
        self._ends = ends
        self._source_len = source_len

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        """The map of a text onto itself."""
        return cls(array("q", range(n)), array("q", range(1, n + 1)), n)

    def __len__(self) -> int:
        return len(self._starts)

    @property
    def source_len(self) -> int:
        """Length of the source text the map points into."""
        return self._source_len

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source interval covering derived characters ``[start, end)``."""
        n = len(self._starts)
        if not 0 <= start <= end <= n:
            raise IndexError(f"interval {start}:{end} outside 0:{n}")
        if start == end:
            pos = self._starts[start] if start < n else self._source_len
            return pos, pos
        return self._starts[start], self._ends[end - 1]

    def then(self, later: OffsetMap) -> OffsetMap:
        """Compose: ``later`` maps a text derived from this map's derived text."""
        if later.source_len != len(self):
            raise ValueError("maps do not chain")
        starts = array("q", (self._starts[s] if s < len(self) else self._source_len for s in later._starts))
        ends = array("q", (self._ends[e - 1] if e > 0 else 0 for e in later._ends))
        # an inserted character (empty source interval) maps to a point
        for i, (s, e) in enumerate(zip(later._starts, later._ends, strict=True)):
            if s == e:
                point = self._starts[s] if s < len(self) else self._source_len
                starts[i] = point
                ends[i] = point
        return OffsetMap(starts, ends, self._source_len)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping ``(start, end, replacement)`` edits.

    A replacement character maps to the whole replaced interval; kept characters map to
    themselves. Overlapping edits raise ``ValueError``.
    """
    out: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    pos = 0
    for start, end, repl in sorted(edits):
        if start < pos or end < start or end > len(text):
            raise ValueError(f"edit {start}:{end} overlaps or leaves the text")
        out.append(text[pos:start])
        starts.extend(range(pos, start))
        ends.extend(range(pos + 1, start + 1))
        out.append(repl)
        starts.extend([start] * len(repl))
        ends.extend([end] * len(repl))
        pos = end
    out.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return "".join(out), OffsetMap(starts, ends, len(text))
