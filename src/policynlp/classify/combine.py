"""Rules and model combined: ``w * rule + (1 - w) * model`` per level, thresholds from dev."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from policynlp.classify import Labels
from policynlp.classify.model import AveragedModel, ModelClassifier, load_members
from policynlp.classify.rules import RuleClassifier, to_labels
from policynlp.taxonomy import Taxonomy
from policynlp.types import LabelScore

DEFAULT = {"weights": {"domain": 0.5, "action": 0.5, "task": 0.5}, "thresholds": {"domain": 0.5, "action": 0.5, "task": 0.5}}


_M_MAX = 1.0 - 1e-6
_PUNCT = re.compile(r"[\W_]+")
MAX_WORDS = 64  # occlusion runs the model once per word: long clauses are explained by their first words
# a word is evidence when removing it lowers the label's probability by at least this much: a smaller
# drop is the arithmetic of a differently padded batch, not the word, and would make evidence (and
# whether a model-only label survives) depend on float rounding
MIN_DROP = 1e-3


def blend_scores(levels: dict[str, str], weights: dict[str, float], rule: dict[str, tuple[float, tuple[str, ...]]],
                 model: dict[str, float]) -> dict[str, tuple[float, tuple[str, ...]]]:
    """``w * rule + (1 - w) * model`` of every label (``levels``: label id → level), with the rule's evidence."""
    out: dict[str, tuple[float, tuple[str, ...]]] = {}
    for lid, level in levels.items():
        w = weights[level]
        r, ev = rule.get(lid, (0.0, ()))
        m = min(model.get(lid, 0.0), _M_MAX)  # a probability never reaches 1 (float32 saturation aside)
        out[lid] = (w * r + (1 - w) * m, ev)
    return out


class CombinedClassifier:
    """Final labels: blended scores, evidence from the rule terms that fired."""

    def __init__(self, rules: RuleClassifier, model: ModelClassifier | AveragedModel, *, calibration: dict[str, dict[str, float]] | None = None) -> None:
        self.rules = rules
        self.model = model
        self.tax: Taxonomy = rules.tax
        cal = calibration or DEFAULT
        self.calibration = cal
        self.weights = cal["weights"]
        self.thresholds = cal["thresholds"]
        self._level = {lab.id: lab.level for lab in self.tax.all}
        self._words: Any = None  # a WordSegmenter, built when a model-only label first needs evidence
        # labels without a rule score are decided (out) when the model alone cannot reach the threshold
        self._zero_decided = all((1 - self.weights[lv]) * _M_MAX < self.thresholds[lv] for lv in ("domain", "action", "task"))

    @classmethod
    def from_dir(cls, path: str | Path, rules: RuleClassifier | None = None) -> CombinedClassifier:
        """Load the model and its ``combine.json`` calibration."""
        p = Path(path)
        cal_file = p / "combine.json"
        cal = json.loads(cal_file.read_text("utf-8")) if cal_file.is_file() else None
        members = [str(m) for m in (cal or {}).get("members", [])]
        return cls(rules or RuleClassifier(), load_members(p, members), calibration=cal)

    def blend(self, rule: dict[str, tuple[float, tuple[str, ...]]], model: dict[str, float]) -> dict[str, tuple[float, tuple[str, ...]]]:
        """Blended score and evidence of every label."""
        return blend_scores(self._level, self.weights, rule, model)

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

    def predict(self, texts: Sequence[str], *, headings: Sequence[str] | None = None) -> list[Labels]:
        """(domains, actions, tasks) per text.

        The model runs only on texts whose labels it could change (see :meth:`_decided`); the
        others get exactly the labels the full combination gives; their scores are the rule scores
        (every label there has a rule score of 0 or one high enough to pass on its own).
        """
        rule_scores = self.rules.predict_scores(texts)
        todo = [i for i, r in enumerate(rule_scores) if not self._decided(r)]
        model_scores: list[dict[str, float] | None] = [None] * len(texts)
        heads = list(headings) if headings is not None else [""] * len(texts)
        for i, scores in zip(todo, self.model.scores([texts[i] for i in todo], headings=[heads[i] for i in todo]), strict=True):
            model_scores[i] = scores
        out = []
        for text, head, r, ms in zip(texts, heads, rule_scores, model_scores, strict=True):
            blended = self.blend(r, ms) if ms is not None else r
            labels = to_labels(self.tax, blended, self.thresholds)
            if any(not x.evidence for level in labels for x in level):
                labels = self._attribute(text, labels, heading=head)
            out.append(labels)
        return out

    def _attribute(self, text: str, labels: Labels, *, top: int = 3, heading: str = "") -> Labels:
        """Evidence for labels the model gave alone: the words whose removal lowers its score most.

        A label for which no word lowers the score when removed is dropped.

        Occlusion over the clause's words (the policy dictionary's jieba segmentation): one model
        call scores the clause with each word masked out; a word's attribution is the drop in the
        label's probability. Only words that lower it by ``MIN_DROP`` or more are kept.
        """
        if self._words is None:
            from policynlp.segment.words import WordSegmenter

            self._words = WordSegmenter()
        words = [(w, s, e) for w, s, e in self._words.tokenize(text) if w.strip() and not _PUNCT.fullmatch(w)][:MAX_WORDS]
        if not words:
            return labels
        variants = [text[:s] + text[e:] for _, s, e in words]
        base, *masked = self.model.scores([text, *variants], headings=[heading] * (1 + len(variants)))

        def explain(x: LabelScore) -> LabelScore:
            if x.evidence:
                return x
            drops = sorted(((base[x.id] - m[x.id], w) for (w, _, _), m in zip(words, masked, strict=True)), reverse=True)
            return replace(x, evidence=tuple(dict.fromkeys(w for d, w in drops[:top] if d >= MIN_DROP)))

        # a label that no word of the clause supports is the model's prior, not a finding: dropped
        d, a, t = ([y for y in map(explain, level) if y.evidence] for level in labels)
        return tuple(d), tuple(a), tuple(t)
