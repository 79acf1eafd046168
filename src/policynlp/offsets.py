"""Alignment between a document's decoded ``text`` and a cleaned view of it.

Every cleaning step is a list of edits on the text it receives; an :class:`OffsetMap`
records, for every character of the result, the half-open source interval it came from.
Maps compose, so the final clean text keeps one map back to the original. Arrays are numpy
``int64`` so that composing maps of long documents stays linear and fast.

>>> clean, omap = apply_edits("網(wǎng)絡", [(1, 7, "")])
>>> clean, omap.to_source(0, 2)
('網絡', (0, 8))
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

Edit = tuple[int, int, str]
IntArray = NDArray[np.int64]


class OffsetMap:
    """For each character ``i`` of a derived text, the source interval ``[starts[i], ends[i])``."""

    __slots__ = ("_ends", "_source_len", "_starts")

    def __init__(self, starts: IntArray, ends: IntArray, source_len: int) -> None:
        if len(starts) != len(ends):
            raise ValueError("starts and ends differ in length")
        self._starts = starts
        self._ends = ends
        self._source_len = source_len

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        """The map of a text onto itself."""
        idx = np.arange(n, dtype=np.int64)
        return cls(idx, idx + 1, n)

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
            pos = int(self._starts[start]) if start < n else self._source_len
            return pos, pos
        return int(self._starts[start]), int(self._ends[end - 1])

    def then(self, later: OffsetMap) -> OffsetMap:
        """Compose: ``later`` maps a text derived from this map's derived text."""
        if later.source_len != len(self):
            raise ValueError("maps do not chain")
        if len(later) == 0:
            return OffsetMap(later._starts.copy(), later._ends.copy(), self._source_len)
        ext_starts = np.append(self._starts, self._source_len)
        starts = ext_starts[later._starts]
        ends = np.where(later._ends > later._starts, np.append(self._ends, self._source_len)[np.maximum(later._ends - 1, 0)], starts)
        return OffsetMap(starts, ends.astype(np.int64), self._source_len)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping ``(start, end, replacement)`` edits.

    A replacement character maps to the whole replaced interval; kept characters map to
    themselves. Overlapping edits raise ``ValueError``.
    """
    out: list[str] = []
    starts: list[IntArray] = []
    ends: list[IntArray] = []
    pos = 0
    for start, end, repl in sorted(edits):
        if start < pos or end < start or end > len(text):
            raise ValueError(f"edit {start}:{end} overlaps or leaves the text")
        out.append(text[pos:start])
        kept = np.arange(pos, start, dtype=np.int64)
        starts.append(kept)
        ends.append(kept + 1)
        out.append(repl)
        starts.append(np.full(len(repl), start, dtype=np.int64))
        ends.append(np.full(len(repl), end, dtype=np.int64))
        pos = end
    out.append(text[pos:])
    kept = np.arange(pos, len(text), dtype=np.int64)
    starts.append(kept)
    ends.append(kept + 1)
    return "".join(out), OffsetMap(np.concatenate(starts), np.concatenate(ends), len(text))
