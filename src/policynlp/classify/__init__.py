"""Clause classification into the taxonomy's domains, actions and tasks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from policynlp.types import LabelScore

Labels = tuple[tuple[LabelScore, ...], tuple[LabelScore, ...], tuple[LabelScore, ...]]


class Classifier(Protocol):
    """Anything that maps simplified clause texts to (domains, actions, tasks)."""

    def predict(self, texts: Sequence[str]) -> list[Labels]:
        """Labels of each text, in order."""
        ...


def load_default_classifier() -> Classifier | None:
    """The classifier shipped with the package (none until the taxonomy lands)."""
    return None
