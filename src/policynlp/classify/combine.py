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


_M_MAX = 1.0 - 1e-6


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
        # labels without a rule score are decided (out) when the model alone cannot reach the threshold
        self._zero_decided = all((1 - self.weights[lv]) * _M_MAX < self.thresholds[lv] for lv in ("domain", "action", "task"))

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
            m = min(model.get(lid, 0.0), _M_MAX)  # a probability never reaches 1 (float32 saturation aside)
            out[lid] = (w * r + (1 - w) * m, ev)
        return out

    def _decided(self, rule: dict[str, tuple[float, tuple[str, ...]]]) -> bool:
        """True when no model score could change any label of this text.

        With ``s = w * r + (1 - w) * m`` and ``m`` in [0, 1], a label is in when ``w * r`` reaches
        the threshold and out when ``w * r + (1 - w)`` cannot; every label with no rule score at
        all is out unless ``1 - w`` alone reaches the threshold.
        """
        if not self._zero_decided:
            return False
        for lid, (r, _) in rule.items():
            w, thr = self.weights[self._level[lid]], self.thresholds[self._level[lid]]
            if not (w * r >= thr or w * r + (1 - w) * _M_MAX < thr):
                return False
        return True

    def predict(self, texts: Sequence[str]) -> list[Labels]:
        """(domains, actions, tasks) per text.

        The model runs only on texts whose labels it could change (see :meth:`_decided`); the
        others get exactly the labels the full combination gives; their scores are the rule scores
        (every label there has a rule score of 0 or one high enough to pass on its own).
        """
        rule_scores = self.rules.predict_scores(texts)
        todo = [i for i, r in enumerate(rule_scores) if not self._decided(r)]
        model_scores: list[dict[str, float] | None] = [None] * len(texts)
        for i, scores in zip(todo, self.model.scores([texts[i] for i in todo]), strict=True):
            model_scores[i] = scores
        out = []
        for r, ms in zip(rule_scores, model_scores, strict=True):
            blended = self.blend(r, ms) if ms is not None else r
            out.append(to_labels(self.tax, blended, self.thresholds))
        return out
