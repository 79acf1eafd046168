"""Clause classification into the taxonomy's domains, actions and tasks."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from policynlp.types import LabelScore

Labels = tuple[tuple[LabelScore, ...], tuple[LabelScore, ...], tuple[LabelScore, ...]]


class Classifier(Protocol):
    """Anything that maps simplified clause texts to (domains, actions, tasks)."""

    def predict(self, texts: Sequence[str], *, headings: Sequence[str] | None = None) -> list[Labels]:
        """Labels of each text, in order (``headings``: the heading each sits under, for classifiers that read it)."""
        ...


def predict_labels(classifier: Classifier, texts: Sequence[str], headings: Sequence[str]) -> list[Labels]:
    """``classifier.predict`` with each text's heading where its ``predict`` takes ``headings``; a
    classifier written against the older one-argument protocol is asked with the texts alone."""
    import inspect

    try:
        params = inspect.signature(classifier.predict).parameters
    except (TypeError, ValueError):
        params = {}  # type: ignore[assignment]
    takes = "headings" in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    return classifier.predict(texts, headings=headings) if takes else classifier.predict(texts)


MODEL_DIR = Path(__file__).resolve().parents[3] / "models" / "clause-classifier"


def model_dir() -> Path:
    """Where the shipped model lives: ``$POLICYNLP_MODEL_DIR`` or the repo's models/ folder."""
    env = os.environ.get("POLICYNLP_MODEL_DIR")
    return Path(env) if env else MODEL_DIR


def load_default_classifier(*, use_model: bool = True) -> Classifier:
    """Rules combined with the trained model when it and torch are there, else rules alone.

    A model folder that exists but cannot be loaded raises :class:`~policynlp.errors.ModelError`.
    """
    from policynlp.classify.rules import RuleClassifier

    rules = RuleClassifier()
    path = model_dir()
    if not use_model or not (path / "labels.json").is_file():
        return rules
    try:
        import torch  # noqa: F401
    except ImportError:
        return rules
    from policynlp.classify.combine import CombinedClassifier

    return CombinedClassifier.from_dir(path, rules)
