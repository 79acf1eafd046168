"""Compare documents: align local plans to a national plan (:mod:`.align`), diff two versions (:mod:`.diff`)."""

from policynlp.compare.align import AlignConfig, align
from policynlp.compare.diff import DiffConfig, diff
from policynlp.compare.similarity import BlendSimilarity, NgramSimilarity, TextSimilarity, compare_key
from policynlp.compare.sources import CompareDoc, CompareError, from_document, load

__all__ = ["AlignConfig", "BlendSimilarity", "CompareDoc", "CompareError", "DiffConfig", "NgramSimilarity", "TextSimilarity", "align",
           "compare_key", "diff", "from_document", "load"]
