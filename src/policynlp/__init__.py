"""policynlp: Chinese government policy notices → clauses, labels, deadlines and targets.

>>> import policynlp
>>> doc = policynlp.Pipeline(classifier=None).analyze("到2025年，农村互联网普及率达到60%。")
>>> doc.targets[0].metric.comparator
'>='
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policynlp.types import Clause, Deadline, Document, LabelScore, Metric, Target

__version__ = "0.1.0"
__all__ = ["Clause", "Deadline", "Document", "LabelScore", "Metric", "Pipeline", "Target", "analyze"]

if TYPE_CHECKING:
    from policynlp.pipeline import Pipeline, analyze


def __getattr__(name: str) -> Any:
    if name in ("Pipeline", "analyze"):
        from policynlp import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
