"""Rules and model combined: ``w * rule + (1 - w) * model`` per level, thresholds from dev."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from policynlp.classify import Labels
from policynlp.classify.model import ModelClassifier
from policynlp.classify.rules import RuleClassifier, to_labels
from policynlp.taxonomy import Taxonomy

DEFAULT = {"weights": {"domain": 0.5, "action": 0.5, "task": 0.5}, "thresholds": {"domain": 0.5, "action": 0.5, "task": 0.5}}


class CombinedClassifier:
    """Final labels: blended scores, evidence from the rule terms that fired."""

    def __init__(self, rules: RuleClassifier, model: ModelClassifier, *, calibration: dict[str, dict[str, float]] | None = None) -> None:
        self.rules = rules
        self.model = model
        self.tax: Taxonomy = rules.tax
        cal = calibration or DEFAULT
        self.weights = cal["weights"]
        self.thresholds = cal["thresholds"]
        self._level = {lab.id: lab.level for lab in self.tax.all}

    @classmethod
    def from_dir(cls, path: str | Path, rules: RuleClassifier | None = None) -> CombinedClassifier:
        """Load the model and its ``combine.json`` calibration."""
        p = Path(path)
        cal_file = p / "combine.json"
        cal = json.loads(cal_file.read_text("utf-8")) if cal_file.is_file() else None
        return cls(rules or RuleClassifier(), ModelClassifier(p), calibration=cal)

    def blend(self, rule: dict[str, tuple[float, tuple[str, ...]]], model: dict[str, float]) -> dict[str, tuple[float, tuple[str, ...]]]:
        """Blended score and evidence of every label."""
        out: dict[str, tuple[float, tuple[str, ...]]] = {}
        for lid, level in self._level.items():
            w = self.weights[level]
            r, ev = rule.get(lid, (0.0, ()))
            out[lid] = (w * r + (1 - w) * model.get(lid, 0.0), ev)
        return out

    def predict(self, texts: Sequence[str]) -> list[Labels]:
        """(domains, actions, tasks) per text."""
        rule_scores = self.rules.predict_scores(texts)
        model_scores = self.model.scores(texts)
        return [to_labels(self.tax, self.blend(r, m), self.thresholds) for r, m in zip(rule_scores, model_scores, strict=True)]
