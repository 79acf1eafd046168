"""Diff two versions of a notice clause by clause: added, removed, changed, targets changed, kept.

Clauses are compared by their compare key (:func:`~policynlp.compare.similarity.compare_key`:
the pipeline's cleaned text in simplified script, full-width forms and quote variants folded),
without a leading heading or item number (（二）, 三、, 第四章, 2., 一是), so converter artifacts,
the script of a copy and sections renumbered after an insertion make no difference.

1. Clauses with equal keys are paired wherever they are (a moved sentence is kept, and listed
   under ``moved`` when it left the order of the other kept clauses).
2. The rest are paired by character-bigram cosine similarity, best pairs first, one partner each:
   a pair is a rewording (``changed``) at similarity ``change_threshold`` (0.5) or more, at
   ``gap_threshold`` (0.3) when both clauses sit between the same two kept neighbours, and at
   ``lone_threshold`` (0.15) when they are the only unpaired clauses there (重点任务 → 主要任务).
3. Clauses left over are ``removed`` (old) or ``added`` (new).
4. The targets of every paired clause are paired by indicator (then in order), and a pair whose
   value, unit, comparator or deadline end differ is a ``targets_changed`` entry; ``fields`` names
   what differs (``["target"]`` when one side has no target), so a yearly report's goals that only
   moved to the next year (``["deadline_end"]``) are easy to set apart.
5. In reworded clauses, the numbers no target states (figures of a review, budget lines) are read
   item by item (split at ，；。：) with the metric parser and paired by indicator; a pair whose
   value, unit or comparator differ is a ``figures_changed`` entry (技术合同成交额增长28.6% →
   技术合同成交额增长11.2%).

The candidate pairs of step 2 come from an inverted index of bigrams: only clauses that share a
bigram are compared.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from policynlp.clean import to_simplified
from policynlp.compare.similarity import NgramSimilarity, TextSimilarity, compare_key, content
from policynlp.compare.sources import CompareDoc
from policynlp.extract.metrics import parse_metric
from policynlp.records import metric_record

PairKind = Literal["kept", "moved", "changed"]


@dataclass(frozen=True, slots=True)
class DiffConfig:
    """Similarity thresholds of a rewording (see the module docstring)."""

    change_threshold: float = 0.5
    gap_threshold: float = 0.3
    lone_threshold: float = 0.15  # the only unpaired old and new clause between the same kept neighbours


@dataclass(frozen=True, slots=True)
class Pair:
    """Old clause ``old`` and new clause ``new`` (indexes into each document's clauses)."""

    old: int
    new: int
    kind: PairKind
    similarity: float = 1.0


@dataclass(slots=True)
class DiffResult:
    """The alignment of two documents; :meth:`to_json` gives the documented shape."""

    old: CompareDoc
    new: CompareDoc
    pairs: list[Pair]
    removed: list[int]
    added: list[int]
    targets_changed: list[dict[str, Any]] = field(default_factory=list)
    figures_changed: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """``{"added", "removed", "changed", "targets_changed", "kept", "moved", "summary"}``."""
        oc, nc = self.old.clauses, self.new.clauses
        changed = [{"old": _brief(oc[p.old]), "new": _brief(nc[p.new]), "similarity": round(p.similarity, 4)}
                   for p in self.pairs if p.kind == "changed"]
        moved = [{"old": _brief(oc[p.old]), "new": _brief(nc[p.new])} for p in self.pairs if p.kind == "moved"]
        kept = sum(1 for p in self.pairs if p.kind != "changed")
        return {
            "old": {"doc_id": self.old.doc_id, "name": self.old.name},
            "new": {"doc_id": self.new.doc_id, "name": self.new.name},
            "added": [_brief(nc[j]) for j in self.added],
            "removed": [_brief(oc[i]) for i in self.removed],
            "changed": changed,
            "targets_changed": self.targets_changed,
            "figures_changed": self.figures_changed,
            "kept": kept,
            "moved": moved,
            "summary": {"old_clauses": len(oc), "new_clauses": len(nc), "kept": kept, "moved": len(moved),
                        "changed": len(changed), "added": len(self.added), "removed": len(self.removed),
                        "targets_changed": len(self.targets_changed), "figures_changed": len(self.figures_changed)},
        }

    def rows(self) -> list[tuple[int | None, int | None, str, float]]:
        """Side-by-side rows in reading order: ``(old index, new index, kind, similarity)``.

        kinds: ``kept``, ``moved``, ``changed``, ``removed`` (no new side), ``added`` (no old side).
        A removed clause comes right after the row of the old clause before it.
        """
        by_new = {p.new: p for p in self.pairs}
        placed_after: dict[int, list[int]] = {}
        partner = {p.old: p.new for p in self.pairs}
        removed = set(self.removed)
        lead: list[int] = []
        prev: int | None = None  # the last paired old clause before the current one
        for i in range(len(self.old.clauses)):
            if i in partner:
                prev = i
            elif i in removed:
                (lead if prev is None else placed_after.setdefault(partner[prev], [])).append(i)
        rows: list[tuple[int | None, int | None, str, float]] = [(i, None, "removed", 0.0) for i in lead]
        added = set(self.added)
        for j in range(len(self.new.clauses)):
            p = by_new.get(j)
            if p is not None:
                rows.append((p.old, j, p.kind, p.similarity))
            elif j in added:
                rows.append((None, j, "added", 0.0))
            rows.extend((i, None, "removed", 0.0) for i in placed_after.get(j, ()))
        return rows


def _brief(rec: dict[str, Any]) -> dict[str, Any]:
    return {"clause_id": rec["clause_id"], "text": rec["text"]}


def diff(old: CompareDoc, new: CompareDoc, *, similarity: TextSimilarity | None = None,
         config: DiffConfig | None = None) -> DiffResult:
    """Align ``old`` and ``new`` clause by clause (see the module docstring)."""
    cfg = config or DiffConfig()
    okeys = [_unnumbered(compare_key(c["text"])) for c in old.clauses]
    nkeys = [_unnumbered(compare_key(c["text"])) for c in new.clauses]
    exact = _exact_pairs(okeys, nkeys)
    anchors = _in_order(exact)
    pairs = [Pair(i, j, "kept" if (i, j) in anchors else "moved") for i, j in exact]
    used_old = {i for i, _ in exact}
    used_new = {j for _, j in exact}
    rest_old = [i for i, k in enumerate(okeys) if i not in used_old and content(k)]
    rest_new = [j for j, k in enumerate(nkeys) if j not in used_new and content(k)]
    pairs += _fuzzy_pairs(rest_old, rest_new, okeys, nkeys, sorted(anchors), similarity or NgramSimilarity(), cfg)
    pairs.sort(key=lambda p: p.new)
    paired_old = {p.old for p in pairs}
    paired_new = {p.new for p in pairs}
    removed = [i for i in rest_old if i not in paired_old]
    added = [j for j in rest_new if j not in paired_new]
    result = DiffResult(old, new, pairs, removed, added)
    result.targets_changed = _targets_changed(old, new, pairs)
    result.figures_changed = _figures_changed(old, new, pairs)
    return result


_CN_NUM = "一二三四五六七八九十百零〇"
# the number of a heading or an enumerated item, in a compare key (NFKC: （一） is (一), １． is 1.)
_MARKER = re.compile(rf"^(?:第[{_CN_NUM}\d]{{1,4}}[章编部分篇节条]|[{_CN_NUM}]{{1,3}}[、.]|\([{_CN_NUM}\d]{{1,3}}\)|\d{{1,2}}[.、](?!\d)|[{_CN_NUM}]{{1,3}}是)")


def _unnumbered(key: str) -> str:
    """A compare key without its leading heading or item number: renumbering is no edit."""
    return _MARKER.sub("", key, count=1)


def _exact_pairs(okeys: Sequence[str], nkeys: Sequence[str]) -> list[tuple[int, int]]:
    """Clauses with equal keys, paired in order of appearance on each side."""
    waiting: dict[str, deque[int]] = {}
    for j, k in enumerate(nkeys):
        if content(k):
            waiting.setdefault(k, deque()).append(j)
    out = []
    for i, k in enumerate(okeys):
        q = waiting.get(k)
        if q:
            out.append((i, q.popleft()))
    return out


def _in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The largest subset of ``pairs`` (sorted by old index) whose new indexes increase (patience LIS)."""
    tails: list[int] = []  # new index ending the best run of each length
    tail_at: list[int] = []  # position in pairs of that run's end
    back: list[int] = []
    for pos, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        back.append(tail_at[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            tail_at.append(pos)
        else:
            tails[k] = j
            tail_at[k] = pos
    keep: set[tuple[int, int]] = set()
    pos = tail_at[-1] if tail_at else -1
    while pos >= 0:
        keep.add(pairs[pos])
        pos = back[pos]
    return keep


def _fuzzy_pairs(rest_old: list[int], rest_new: list[int], okeys: Sequence[str], nkeys: Sequence[str],
                 anchors: list[tuple[int, int]], sim: TextSimilarity, cfg: DiffConfig) -> list[Pair]:
    """Reworded clauses: best-first one-to-one pairs above the thresholds."""
    if not rest_old or not rest_new:
        return []
    scores = sim.scores([okeys[i] for i in rest_old], [nkeys[j] for j in rest_new])
    a_old = [i for i, _ in anchors]
    a_new = [j for _, j in anchors]
    gap_old = Counter(bisect_left(a_old, i) for i in rest_old)
    gap_new = Counter(bisect_left(a_new, j) for j in rest_new)
    n_old, n_new = max(len(okeys), 1), max(len(nkeys), 1)
    cands = []
    for qi, row in enumerate(scores):
        i = rest_old[qi]
        gap = bisect_left(a_old, i)
        for tj, s in row.items():
            j = rest_new[tj]
            threshold = cfg.change_threshold
            if gap == bisect_left(a_new, j):
                threshold = cfg.lone_threshold if gap_old[gap] == gap_new[gap] == 1 else cfg.gap_threshold
            if s >= threshold:
                cands.append((-s, abs(i / n_old - j / n_new), i, j, s))
    cands.sort()
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    out = []
    for _, _, i, j, s in cands:
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            out.append(Pair(i, j, "changed", s))
    return out


def _target_view(t: dict[str, Any]) -> dict[str, Any]:
    m = t.get("metric") or {}
    unit = m.get("unit")
    return {"value": m.get("value"), "value_max": m.get("value_max"), "unit": compare_key(unit) if unit else unit,
            "comparator": m.get("comparator"), "deadline_end": t["deadline"].get("end"),
            "text": t["text"], "clause_id": t["clause_id"], "target_id": t["target_id"]}


_COMPARED = ("value", "value_max", "unit", "comparator", "deadline_end")


def _indicator(t: dict[str, Any]) -> str:
    m = t.get("metric")
    return compare_key(m["indicator"] if m else t["text"])


def _targets_changed(old: CompareDoc, new: CompareDoc, pairs: list[Pair]) -> list[dict[str, Any]]:
    by_clause_old = _by_clause(old.targets)
    by_clause_new = _by_clause(new.targets)
    out = []
    for p in pairs:
        to = by_clause_old.get(old.clauses[p.old]["clause_id"], [])
        tn = by_clause_new.get(new.clauses[p.new]["clause_id"], [])
        for a, b in _pair_targets(to, tn):
            va, vb = (_target_view(a) if a else None), (_target_view(b) if b else None)
            fields = [k for k in _COMPARED if va and vb and va[k] != vb[k]] if va and vb else ["target"]
            if not fields:
                continue
            name = (b or a or {}).get("metric") or {}
            out.append({"indicator": name.get("indicator") or (b or a or {})["text"], "old": va, "new": vb, "fields": fields})
    return out


_ITEM = re.compile(r"[^，；。：！？,;:!?]+")


def _figures(rec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Metrics of a clause's items by indicator key (the first of each indicator)."""
    text = rec["text"]
    simp = to_simplified(text)
    out: dict[str, dict[str, Any]] = {}
    for m in _ITEM.finditer(simp):
        metric = parse_metric(m.group(0), display=text[m.start() : m.end()])
        if metric is not None and metric.indicator:
            key = compare_key(metric.indicator)
            out.setdefault(key, {**(metric_record(metric) or {}), "text": text[m.start() : m.end()], "clause_id": rec["clause_id"]})
    return out


def _figures_changed(old: CompareDoc, new: CompareDoc, pairs: list[Pair]) -> list[dict[str, Any]]:
    targeted: dict[str, set[str]] = {}  # clause id → indicators its targets state (compared as targets)
    for t in (*old.targets, *new.targets):
        targeted.setdefault(t["clause_id"], set()).add(_indicator(t))
    out = []
    for p in pairs:
        a, b = old.clauses[p.old], new.clauses[p.new]
        if p.kind != "changed":
            continue
        fa, fb = _figures(a), _figures(b)
        skip = targeted.get(a["clause_id"], set()) | targeted.get(b["clause_id"], set())
        for key in (fa.keys() & fb.keys()) - skip:
            x, y = fa[key], fb[key]
            if any(x.get(k) != y.get(k) for k in ("value", "value_max", "comparator", "approx")) or compare_key(x.get("unit") or "") != compare_key(y.get("unit") or ""):
                out.append({"indicator": y["indicator"], "old": x, "new": y})
    return out


def _by_clause(targets: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for t in targets:
        out.setdefault(t["clause_id"], []).append(t)
    return out


def _pair_targets(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Targets of two paired clauses: same indicator first, then the rest in order."""
    left = list(old)
    right = list(new)
    out: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    for a in list(left):
        b = next((b for b in right if _indicator(b) == _indicator(a)), None)
        if b is not None:
            out.append((a, b))
            left.remove(a)
            right.remove(b)
    for k in range(max(len(left), len(right))):
        out.append((left[k] if k < len(left) else None, right[k] if k < len(right) else None))
    return out


def inline_edits(old: str, new: str) -> list[tuple[str, str, str]]:
    """Character edits between two clause texts: ``(op, old piece, new piece)``, op in equal/replace/delete/insert.

    Compared in simplified script (same length as each text), shown in each text's own script.
    """
    so, sn = to_simplified(old), to_simplified(new)
    ops = difflib.SequenceMatcher(None, so, sn, autojunk=False).get_opcodes()
    return [(op, old[a:b], new[c:d]) for op, a, b, c, d in ops]
