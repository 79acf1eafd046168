"""Segmentation: sections and clauses (clauses.py) and words (words.py)."""

from policynlp.segment.clauses import ClauseSpan, Structure, segment
from policynlp.segment.words import WordSegmenter

__all__ = ["ClauseSpan", "Structure", "WordSegmenter", "segment"]
