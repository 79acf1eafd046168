"""Align local implementation plans to a national plan: matches, coverage and what goes beyond.

Each local clause is scored against national clauses by

    score = text_weight · text similarity + label_weight · (task_share · Dice(tasks) + (1 − task_share) · Dice(actions))

which lies in [0, 1]: the text part comes from a :class:`~policynlp.compare.similarity.TextSimilarity`
(character bigrams by default), the label part from the clause labels the classifier gave both
sides. Only pairs that share an n-gram or a label are scored (an inverted index each), never all pairs.

Coverage of the national plan, for each of the taxonomy's actions and tasks:

* ``covered``: a local clause's support for the label reaches ``cover_threshold`` (0.55), where
  support = text_weight · text similarity to a national clause with the label + label_weight ·
  (1 if the local clause carries the label): with the label, it also shares wording (similarity
  ≥ 0.18 at the default weights); without it, only wording that is nearly the national clause's own.
  A clause with n > 2 labels of the level (a goal summary) brings 2/n of the label part to each;
* ``weak``: local clauses carry the label, or are close in wording (``close_text``), but none
  reaches that support;
* ``missing``: the national plan has the label and no local clause takes it up;
* ``not_in_national``: no national clause carries the label (nothing to cover).

Local clauses with a label and no national match at or above ``match_threshold`` are ``beyond``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from policynlp.compare.similarity import NgramSimilarity, TextSimilarity, compare_key
from policynlp.compare.sources import CompareDoc
from policynlp.taxonomy import load_taxonomy

STATUSES = ("covered", "weak", "missing", "not_in_national")


@dataclass(frozen=True, slots=True)
class AlignConfig:
    """Weights and thresholds of the alignment score (see the module docstring)."""

    text_weight: float = 0.55
    task_share: float = 0.75
    match_threshold: float = 0.3
    cover_threshold: float = 0.55
    close_text: float = 0.5  # text similarity that counts as taking a task up without its label
    top_k: int = 3
    label_spread: int = 2  # a clause with more labels of a level than this supports each one less

    @property
    def label_weight(self) -> float:
        """Weight of the label part: the rest of the text weight."""
        return 1.0 - self.text_weight


@dataclass(frozen=True, slots=True)
class _Clause:
    rec: dict[str, Any]
    key: str
    tasks: frozenset[str]
    actions: frozenset[str]
    labelled: bool

    @staticmethod
    def of(rec: dict[str, Any]) -> _Clause:
        tasks = frozenset(x["id"] for x in rec.get("tasks", ()))
        actions = frozenset(x["id"] for x in rec.get("actions", ()))
        return _Clause(rec, compare_key(rec["text"]), tasks, actions, bool(tasks or actions or rec.get("domains")))

    def labels(self, level: str) -> frozenset[str]:
        return self.tasks if level == "task" else self.actions


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two label sets (0 when either is empty)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


@dataclass(slots=True)
class _Scorer:
    local: list[_Clause]
    national: list[_Clause]
    text: list[dict[int, float]]
    config: AlignConfig
    by_label: dict[str, list[int]] = field(default_factory=dict)
    close: list[set[int]] = field(default_factory=list)  # national clauses each local one nearly repeats

    def __post_init__(self) -> None:
        for j, n in enumerate(self.national):
            for lab in n.tasks | n.actions:
                self.by_label.setdefault(lab, []).append(j)
        self.close = [{j for j, v in row.items() if v >= self.config.close_text} for row in self.text]

    def score(self, i: int, j: int) -> float:
        """Match score of local clause ``i`` and national clause ``j``."""
        lc, nc = self.local[i], self.national[j]
        cfg = self.config
        label = dice(lc.actions, nc.actions)
        if nc.tasks:  # a national clause naming only an action is matched on the action alone
            label = cfg.task_share * dice(lc.tasks, nc.tasks) + (1 - cfg.task_share) * label
        return round(cfg.text_weight * self.text[i].get(j, 0.0) + cfg.label_weight * label, 4)

    def support(self, i: int, j: int, label: str, level: str) -> float:
        """How well local clause ``i`` takes up ``label`` of national clause ``j``: wording, and the label itself.

        A clause carrying many labels of the level (a goal summary, a list of directions) names each
        of them rather than plans it: its label part is shared, ``min(1, label_spread / n)``.
        """
        own = self.local[i].labels(level)
        has = min(1.0, self.config.label_spread / len(own)) if label in own else 0.0
        return round(self.config.text_weight * self.text[i].get(j, 0.0) + self.config.label_weight * has, 4)

    def candidates(self, i: int) -> set[int]:
        """National clauses sharing an n-gram or a label with local clause ``i``."""
        out = set(self.text[i])
        for lab in self.local[i].tasks | self.local[i].actions:
            out.update(self.by_label.get(lab, ()))
        return out


def align(local_docs: Sequence[CompareDoc], national: CompareDoc, *, similarity: TextSimilarity | None = None,
          config: AlignConfig | None = None) -> dict[str, Any]:
    """Matches, coverage and beyond for ``local_docs`` against ``national`` (JSON-ready dict)."""
    cfg = config or AlignConfig()
    local = [_Clause.of(c) for d in local_docs for c in d.clauses]
    nat = [_Clause.of(c) for c in national.clauses]
    sim = similarity or NgramSimilarity(measure="containment")
    scorer = _Scorer(local, nat, sim.scores([c.key for c in local], [c.key for c in nat]), cfg)
    matches = [_match(scorer, i) for i in range(len(local))]
    beyond = [_brief(local[i].rec) | {"labels": _label_ids(local[i].rec)}
              for i, m in enumerate(matches) if not m["national"] and local[i].labelled]
    coverage = {level + "s": _coverage(scorer, level) for level in ("action", "task")}
    return {
        "local": [{"doc_id": d.doc_id, "name": d.name} for d in local_docs],
        "national": {"doc_id": national.doc_id, "name": national.name},
        "config": {"text_weight": cfg.text_weight, "match_threshold": cfg.match_threshold, "cover_threshold": cfg.cover_threshold},
        "coverage": coverage,
        "matches": matches,
        "beyond": beyond,
        "summary": _summary(matches, beyond, coverage),
    }


def _brief(rec: dict[str, Any]) -> dict[str, Any]:
    return {"clause_id": rec["clause_id"], "text": rec["text"]}


def _label_ids(rec: dict[str, Any]) -> list[str]:
    return [x["id"] for level in ("domains", "actions", "tasks") for x in rec.get(level, ())]


def _match(s: _Scorer, i: int) -> dict[str, Any]:
    scored = [(s.score(i, j), j) for j in s.candidates(i)]
    best = sorted(((sc, j) for sc, j in scored if sc >= s.config.match_threshold), key=lambda x: (-x[0], x[1]))[: s.config.top_k]
    nat = [_brief(s.national[j].rec) | {"score": sc, "text_similarity": round(s.text[i].get(j, 0.0), 4)} for sc, j in best]
    return _brief(s.local[i].rec) | {"national": nat}


def _coverage(s: _Scorer, level: str) -> dict[str, dict[str, Any]]:
    tax = load_taxonomy()
    out: dict[str, dict[str, Any]] = {}
    for lab in tax.actions if level == "action" else tax.tasks:
        # national clauses with the label, the most specific first (a task line before a goal summary)
        nat_ids = sorted((j for j in s.by_label.get(lab.id, ()) if lab.id in s.national[j].labels(level)),
                         key=lambda j: (len(s.national[j].labels(level)), j))
        out[lab.id] = {"name": lab.name, **_status(s, lab.id, level, nat_ids),
                       "national": [s.national[j].rec["clause_id"] for j in nat_ids]}
    return out


def _status(s: _Scorer, label: str, level: str, nat_ids: list[int]) -> dict[str, Any]:
    if not nat_ids:
        return {"status": "not_in_national", "score": 0.0, "clauses": []}
    behind: list[tuple[float, int]] = []
    nat_set = set(nat_ids)
    for i, lc in enumerate(s.local):
        if label in lc.labels(level) or s.close[i] & nat_set:
            behind.append((max(s.support(i, j, label, level) for j in nat_ids), i))
    behind.sort(key=lambda x: (-x[0], x[1]))
    if not behind:
        status = "missing"
    else:
        status = "covered" if behind[0][0] >= s.config.cover_threshold else "weak"
    return {"status": status, "score": behind[0][0] if behind else 0.0,
            "clauses": [_brief(s.local[i].rec) | {"score": sc} for sc, i in behind]}


def _summary(matches: list[dict[str, Any]], beyond: list[dict[str, Any]], coverage: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    def counts(entries: Iterable[dict[str, Any]]) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for e in entries:
            out[e["status"]] += 1
        return out

    return {"local_clauses": len(matches), "matched": sum(1 for m in matches if m["national"]), "beyond": len(beyond),
            "actions": counts(coverage["actions"].values()), "tasks": counts(coverage["tasks"].values())}
