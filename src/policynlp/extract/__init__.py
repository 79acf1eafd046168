"""Extraction: deadlines (time expressions), metrics (numbers), targets (goal items), facts."""

from policynlp.extract.deadlines import extract_deadlines, find_deadlines
from policynlp.extract.facts import extract_facts
from policynlp.extract.metrics import parse_metric
from policynlp.extract.targets import extract_targets

__all__ = ["extract_deadlines", "extract_facts", "extract_targets", "find_deadlines", "parse_metric"]
