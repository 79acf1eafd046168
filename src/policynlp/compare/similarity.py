"""Text similarity between clauses, behind one small interface.

Texts are compared through :func:`compare_key`: the simplified script (OpenCC t2s, as the
pipeline's analysis view), NFKC (full-width letters and digits), the quote and dot variants of
``resources/script_equivalents.txt`` and no white space. A simplified and a traditional copy of a
clause therefore have the same key.

:class:`NgramSimilarity` is the default: TF-IDF weighted character n-grams (sublinear term
frequency) and cosine similarity, computed through an inverted index so only clause pairs that
share an n-gram are ever scored. Any object with the :class:`TextSimilarity` method can replace it
(a sentence encoder, say: encode both lists, return each query's best targets).

>>> sim = NgramSimilarity()
>>> [round(s, 2) for s in sim.scores(["推进农村电商发展"], ["推进农村电商发展", "加强组织领导"])[0].values()]
[1.0]
>>> compare_key("「數字鄉村」 建設") == compare_key("“数字乡村”建设")
True
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Protocol

from policynlp.clean import to_simplified

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")


class TextSimilarity(Protocol):
    """What align and diff need from a similarity: sparse scores in [0, 1]."""

    def scores(self, queries: Sequence[str], targets: Sequence[str]) -> list[dict[int, float]]:
        """For each query, ``{target index: similarity}`` for the targets worth considering.

        Texts are compare keys (:func:`compare_key`). Targets left out score 0.
        """
        ...


@lru_cache(maxsize=1)
def _equivalents() -> dict[int, str]:
    raw = resources.files("policynlp.resources").joinpath("script_equivalents.txt").read_text("utf-8")
    table: dict[int, str] = {}
    for line in raw.splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#") and len(parts[0]) == 1:
            table[ord(parts[0])] = parts[1]
    return table


def compare_key(text: str) -> str:
    """``text`` as diff and align compare it: simplified, NFKC, variants folded, no spaces."""
    simp = unicodedata.normalize("NFKC", to_simplified(text))
    return _SPACE.sub("", simp.translate(_equivalents()))


def content(key: str) -> str:
    """Letters, digits and characters of a compare key (punctuation dropped)."""
    return _NON_WORD.sub("", key)


def ngrams(text: str, n: int) -> Counter[str]:
    """Character n-gram counts of ``text`` (the whole text when it is shorter than ``n``)."""
    if len(text) < n:
        return Counter([text] if text else [])
    return Counter(text[i : i + n] for i in range(len(text) - n + 1))


class NgramSimilarity:
    """TF-IDF character n-gram similarity, scored through an inverted index.

    ``measure="cosine"`` (symmetric) compares two clauses as wholes: diff uses it.
    ``measure="containment"`` is the IDF-weighted share of a target's distinct n-grams found in
    the query: how much of a short national task name a long local clause takes up. IDF is
    computed over the queries and targets of one call, so a word every clause of both documents
    uses (数字乡村 in a digital-village plan) weighs little.

    Candidates come from the inverted index, skipping n-grams found in more than ``max_df``
    targets (a query made only of such n-grams uses its rarest one); the best ``rescore``
    candidates by that partial score are then scored exactly. Time thus grows with the number of
    clauses, not its square, whatever the documents (``max_df=None`` scores every shared n-gram).
    """

    def __init__(self, n: int = 2, measure: str = "cosine", *, max_df: int | None = 100, rescore: int = 12) -> None:
        if n < 1:
            raise ValueError("n-gram size must be at least 1")
        if measure not in ("cosine", "containment"):
            raise ValueError(f"unknown similarity measure {measure!r}")
        self.n = n
        self.measure = measure
        self.max_df = max_df
        self.rescore = rescore

    def scores(self, queries: Sequence[str], targets: Sequence[str]) -> list[dict[int, float]]:
        """For each query, the similarity to the targets sharing (enough rare) n-grams with it."""
        grams_q = [ngrams(content(t), self.n) for t in queries]
        grams_t = [ngrams(content(t), self.n) for t in targets]
        df: Counter[str] = Counter()
        for g in (*grams_q, *grams_t):
            df.update(g.keys())
        total = len(grams_q) + len(grams_t)
        idf = {g: math.log((1 + total) / (1 + d)) + 1.0 for g, d in df.items()}
        weigh = _weights if self.measure == "cosine" else _shares
        vecs_t = [weigh(g, idf) for g in grams_t]
        postings: dict[str, list[tuple[int, float]]] = {}
        for j, vec in enumerate(vecs_t):
            for gram, w in vec.items():
                postings.setdefault(gram, []).append((j, w))
        return [self._row(_weights(g, idf) if self.measure == "cosine" else dict.fromkeys(g, 1.0), postings, vecs_t) for g in grams_q]

    def _row(self, vec: dict[str, float], postings: dict[str, list[tuple[int, float]]],
             vecs_t: list[dict[str, float]]) -> dict[int, float]:
        lists = [(gram, w, postings[gram]) for gram, w in vec.items() if gram in postings]
        limit = self.max_df
        if limit is None or all(len(p) <= limit for _, _, p in lists):
            return {j: min(1.0, s) for j, s in _accumulate(lists).items()}
        rare = [x for x in lists if len(x[2]) <= limit] or sorted(lists, key=lambda x: len(x[2]))[:1]
        partial = _accumulate(rare)
        best = sorted(partial, key=lambda j: -partial[j])[: self.rescore]
        return {j: min(1.0, sum(w * vecs_t[j].get(gram, 0.0) for gram, w in vec.items())) for j in best}


def _accumulate(lists: list[tuple[str, float, list[tuple[int, float]]]]) -> dict[int, float]:
    acc: dict[int, float] = {}
    for _, w, posting in lists:
        for j, wt in posting:
            acc[j] = acc.get(j, 0.0) + w * wt
    return acc


def _shares(grams: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """Each distinct n-gram's share of the text's total IDF weight."""
    total = sum(idf[g] for g in grams) or 1.0
    return {g: idf[g] / total for g in grams}


def _weights(grams: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """Unit-length TF-IDF vector of n-gram counts."""
    vec = {g: (1.0 + math.log(c)) * idf[g] for g, c in grams.items()}
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    return {g: w / norm for g, w in vec.items()}


class BlendSimilarity:
    """A weighted mean of two similarities over the union of their candidates.

    For a sentence encoder that should add to the n-grams rather than replace them:
    ``BlendSimilarity(encoder, NgramSimilarity(measure="containment"), weight=0.5)``.
    """

    def __init__(self, first: TextSimilarity, second: TextSimilarity, *, weight: float = 0.5) -> None:
        if not 0.0 <= weight <= 1.0:
            raise ValueError("weight must lie in [0, 1]")
        self.first, self.second, self.weight = first, second, weight

    def scores(self, queries: Sequence[str], targets: Sequence[str]) -> list[dict[int, float]]:
        """``weight`` · first + (1 − ``weight``) · second, a target missing from one side scoring 0 there."""
        out = []
        for a, b in zip(self.first.scores(queries, targets), self.second.scores(queries, targets), strict=True):
            out.append({j: self.weight * a.get(j, 0.0) + (1 - self.weight) * b.get(j, 0.0) for j in a.keys() | b.keys()})
        return out
