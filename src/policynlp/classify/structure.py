"""Document structure as evidence: what each clause does, and what its heading says.

Two steps run after a classifier has scored every clause of a document:

1. **Function.** Each clause gets a ``function`` (:data:`FUNCTIONS`) from its kind and its
   own wording: a heading, a table of contents, page chrome, a lead-in (各省…：, 现提出如下意见),
   a purpose (为了…，制定本法; 指导思想), background (当前…), a definition (…是指…), a goal, a task,
   an achievement (已建成…), a safeguard (组织领导, 资金保障) or a responsibility line (责任单位：…).
   Only :data:`SUBSTANTIVE` functions keep labels, as the guideline says.
2. **Headings govern their children.** A substantive clause whose own words name no label takes
   the labels of its nearest labeled heading (一、/（一）/第X章/Markdown #/HTML headings: whatever the
   segmenter put in its section path), with the heading's evidence marked as such and the
   score lowered by ``inherit_factor``.
3. **A paragraph's first sentence governs the next few.** News reposts and work points name the
   topic once (《要点》要求，加快实施“互联网+”农产品出村进城工程。) and go on in generic words
   (研究出台试点工作规范…); up to ``lead_reach`` such sentences after the opening one take its labels,
   evidence marked 段首:, where no heading gave them any.
4. **A one-topic title governs what is left.** In a document whose title names a single domain
   (浙江省农村生活污水处理设施管理条例), a generic substantive clause that neither its own words nor
   its heading labeled takes that domain (evidence marked 题目:), unless it names another topic.

The cue patterns live in ``resources/functions.json``.

>>> f = FunctionRules.load()
>>> f.function("本法所称农业面源污染，是指农业生产中产生的污染。", "statement")
'definition'
>>> f.function("为贯彻落实党中央决策部署，现提出如下意见。", "statement")
'lead_in'
>>> f.function("到2025年，农村互联网普及率达到70%。", "statement")
'goal'
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from policynlp.classify import Labels
from policynlp.segment.clauses import is_heading_line
from policynlp.types import LabelScore

FUNCTIONS = ("heading", "table_of_contents", "chrome", "lead_in", "purpose", "background", "definition",
             "goal", "task", "achievement", "safeguard", "responsibility")
SUBSTANTIVE = frozenset({"heading", "goal", "task", "achievement"})
NO_LABELS: Labels = ((), (), ())
HEADING_MARK = "标题:"  # evidence taken from the governing heading is prefixed with this
LEAD_MARK = "段首:"  # evidence taken from the sentence that opens the paragraph is prefixed with this
TITLE_MARK = "题目:"  # evidence taken from the document's title is prefixed with this


def paragraph_starts(text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """True where a clause opens a paragraph: a line break lies between it and the clause before.

    >>> paragraph_starts("甲。乙。\\n丙。", [(0, 2), (2, 4), (5, 7)])
    [True, False, True]
    """
    out, prev = [], None
    for start, end in spans:
        out.append(prev is None or "\n" in text[prev:start])
        prev = end
    return out


def _key(heading: str) -> str:
    return heading.strip().rstrip("。：:")


def _compile(patterns: Sequence[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@dataclass(frozen=True)
class FunctionRules:
    """Ordered pattern tests that name a clause's function (simplified text)."""

    tests: tuple[tuple[str, re.Pattern[str]], ...]
    max_chrome_len: int = 30

    @classmethod
    def load(cls) -> FunctionRules:
        return _load_rules()

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> FunctionRules:
        """The rules of a ``functions.json``-shaped dict (another version than the shipped one, say)."""
        tests = []
        for entry in raw["tests"]:
            pat = _compile(entry["patterns"])
            if pat is not None:
                tests.append((str(entry["function"]), pat))
        return cls(tuple(tests), int(raw.get("max_chrome_len", 30)))

    def is_safeguard(self, text: str) -> bool:
        """True when the text reads as organisation, funding or supervision (a heading included)."""
        return any(name == "safeguard" and pat.search(text.strip()) for name, pat in self.tests)

    def function(self, text: str, kind: str) -> str:
        """The function of one clause (see the module docstring)."""
        t = text.strip()
        if kind in ("heading", "question"):
            for name, pat in self.tests:
                if name in ("table_of_contents", "chrome") and pat.search(t):
                    return name
            return "heading"
        if not re.search(r"[\u4e00-\u9fff]", t):
            return "chrome"  # no Chinese at all: ids, URLs, English menu lines
        for name, pat in self.tests:
            if name == "chrome" and len(t) > self.max_chrome_len:
                continue
            if pat.search(t):
                return name
        return "task"


@lru_cache(maxsize=1)
def _load_rules() -> FunctionRules:
    return FunctionRules.parse(json.loads(resources.files("policynlp.resources").joinpath("functions.json").read_text("utf-8")))


ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+条")


def is_law(texts: Sequence[str]) -> bool:
    """True for a text cut into articles (第一条 …) like a law or regulation: at least three clauses open with one."""
    return sum(1 for t in texts if ARTICLE.match(t)) >= 3


class TopicCues:
    """Which labels' topic words (taxonomy cue terms of weight ≥ ``min_weight``) a text names, and
    whether it is on a topic the guideline labels none (``blocked``: rural roads, tap water) without
    any of the ``unless`` words (digital ones)."""

    def __init__(self, terms: dict[str, set[str]], blocked: Sequence[str] = (), unless: Sequence[str] = ()) -> None:
        from policynlp.classify.rules import trie_pattern

        self.terms = terms
        self._scan = re.compile("(?=(" + trie_pattern(sorted(terms, key=len, reverse=True)) + "))") if terms else None
        self._blocked = re.compile(trie_pattern(sorted(blocked, key=len, reverse=True))) if blocked else None
        self._unless = re.compile(trie_pattern(sorted(unless, key=len, reverse=True))) if unless else None

    def off_scope(self, text: str) -> bool:
        """True when ``text`` is on a topic that gets no label (and says nothing digital)."""
        return bool(self._blocked is not None and self._blocked.search(text) and not (self._unless and self._unless.search(text)))

    @classmethod
    def from_taxonomy(cls, min_weight: float = 1.0, tax: Any = None) -> TopicCues:
        """The cue terms of ``tax`` (the shipped taxonomy when None) weighing at least ``min_weight``."""
        from policynlp.taxonomy import load_taxonomy

        tax = tax or load_taxonomy()
        terms: dict[str, set[str]] = {}
        for lab in tax.all:
            if lab.level != "task":
                for term, w in lab.terms:
                    if w >= min_weight:
                        terms.setdefault(term, set()).add(lab.id)
        return cls(terms, tax.not_inherited, tax.not_inherited_unless)

    def labels(self, text: str) -> set[str]:
        """Ids of the domains and actions whose topic words occur in ``text``."""
        if self._scan is None:
            return set()
        out: set[str] = set()
        for m in self._scan.finditer(text):
            out |= self.terms.get(m.group(1), set())
        return out


def _paragraph_sizes(starts: Sequence[bool]) -> list[int]:
    """The number of clauses of the paragraph each clause belongs to."""
    ids = list(itertools.accumulate(int(bool(x)) for x in starts))
    counts = Counter(ids)
    return [counts[k] for k in ids]


@dataclass(frozen=True)
class StructureRules:
    """Function gating and heading inheritance over the clauses of one document.

    ``model`` (a :class:`~policynlp.classify.function_model.FunctionModel`) decides where the
    patterns find only ``task``: a clause is non-substantive when the model gives the
    non-substantive functions together at least ``gate_threshold``. A pattern other than the
    goal/achievement ones is kept as it is (they are precise, the model is broad).
    """

    functions: FunctionRules
    inherit: bool = True
    inherit_factor: float = 0.8
    inherit_depth: int = 1  # how many headings up a clause looks (1: its own heading only)
    # a generic sub-heading does not pass on what it inherited: with the deeper section paths of
    # real documents, passing down cost 3 points of no-label accuracy on real-dev and won nothing
    pass_down: bool = False
    # news and work points say the topic once, in the paragraph's first sentence: the generic
    # sentences after it take its labels (evidence marked 段首:) when no heading gave them any
    lead_inherit: bool = True
    lead_reach: int = 3  # how many sentences after the paragraph's first one take its labels
    lead_max_paragraph: int = 4  # paragraphs longer than this (work reports' runs of measures) pass nothing on
    # a sentence naming another topic in its own words (公共卫生 after a telemedicine opening) is not generic
    cues: TopicCues | None = None
    # the label gate (models/clause-labelable): a clause the gate finds unlikely to carry any label
    # (probability below ``gate_below``) keeps labels only where the rules scored one ``gate_strong``
    label_gate: Any = None
    scorer: Any = None  # the rule scorer whose raw scores the gate reads (a RuleClassifier)
    gate_below: float = 0.15  # both chosen by 5-fold CV by document on real-dev (scripts/train_function_model.py --cv)
    gate_strong: float = 0.7
    min_heading_score: float = 0.0  # a heading's label passes to its clauses only from this score
    # a document whose title names one domain (农村生活污水处理设施管理条例) lends that domain to
    # its generic substantive clauses that neither their own words nor their heading labeled
    title_inherit: bool = True  # real-dev (rules): domain macro-F1 0.765 -> 0.775, no-label 0.984 -> 0.984
    paired: tuple[tuple[str, str], ...] = ()  # the taxonomy's (domain, action) pairs (Taxonomy.paired)
    model: Any = None
    gate_threshold: float = 0.6  # chosen by 5-fold CV on real-dev (scripts/train_function_model.py --cv)
    strong: float = 0.6  # a clause whose best label scores this much is not gated by the model

    @classmethod
    def default(cls, functions: FunctionRules | None = None, tax: Any = None, **kwargs: Any) -> StructureRules:
        """The shipped structure step; any field given in ``kwargs`` (and ``functions``, the
        function patterns) replaces the shipped one. ``tax``, another version of the taxonomy,
        gives the cue terms, the domain/action pairs and the rule scorer (the shipped one when None)."""
        if "model" not in kwargs:
            from policynlp.classify.function_model import FunctionModel

            kwargs["model"] = FunctionModel.load()
        if tax is None and ("paired" not in kwargs or "cues" not in kwargs):
            from policynlp.taxonomy import load_taxonomy

            tax = load_taxonomy()
        if "cues" not in kwargs:
            kwargs["cues"] = TopicCues.from_taxonomy(tax=tax)
        if "paired" not in kwargs:
            kwargs["paired"] = tax.paired
        if "label_gate" not in kwargs:
            from policynlp.classify.function_model import GATE_DIR, FunctionModel

            kwargs["label_gate"] = FunctionModel.load(GATE_DIR)
        if kwargs.get("label_gate") is not None and kwargs.get("scorer") is None:
            from policynlp.classify.rules import RuleClassifier

            kwargs["scorer"] = RuleClassifier(tax)
        return cls(functions or FunctionRules.load(), **kwargs)

    def function_of(self, texts: Sequence[str], kinds: Sequence[str], labels: Sequence[Labels] | None = None,
                    sections: Sequence[str] | None = None, ctx: Sequence[Sequence[str]] | None = None) -> list[str]:
        """The function of each clause of one document: patterns first, then the learned model
        (``ctx``: the clauses' :func:`~policynlp.classify.function_model.contexts` when the caller has them)."""
        funcs = [self.functions.function(t, k) for t, k in zip(texts, kinds, strict=True)]
        if self.model is None:
            return funcs
        todo = [i for i, f in enumerate(funcs) if f in ("task", "goal", "achievement")]
        if not todo:
            return funcs
        every = None
        if getattr(self.model, "context", False):
            every = ctx if ctx is not None else self._contexts(texts, kinds, sections)
        probs = self.model.proba([texts[i] for i in todo], [kinds[i] for i in todo], [every[i] for i in todo] if every is not None else None)
        classes = list(self.model.classes)
        non = [j for j, c in enumerate(classes) if c not in SUBSTANTIVE]
        sub = [j for j, c in enumerate(classes) if c in SUBSTANTIVE]
        for i, row in zip(todo, probs, strict=True):
            best = max((x.score for level in labels[i][:2] for x in level), default=0.0) if labels is not None else 0.0
            if float(row[non].sum()) >= self.gate_threshold and best < self.strong:
                funcs[i] = classes[max(non, key=lambda j: row[j])]
            elif funcs[i] == "task":
                funcs[i] = classes[max(sub, key=lambda j: row[j])]
        return funcs

    def apply(self, texts: Sequence[str], kinds: Sequence[str], sections: Sequence[str],
              labels: Sequence[Labels], starts: Sequence[bool] | None = None) -> tuple[list[str], list[Labels]]:
        """Functions and final labels of a document's clauses (all in document order).

        ``starts`` (:func:`paragraph_starts`) marks the clauses that open a paragraph.
        """
        ctx = self._contexts(texts, kinds, sections) if getattr(self.model, "context", False) or self.label_gate is not None else None
        funcs = self.function_of(texts, kinds, labels, sections, ctx)
        gated = self._gated(texts, kinds, ctx)
        out = [lab if f in SUBSTANTIVE and not g else NO_LABELS for f, lab, g in zip(funcs, labels, gated, strict=True)]
        if not self.inherit:
            return funcs, out
        heading_labels: dict[str, Labels] = {}
        lead: Labels = NO_LABELS
        since = 0
        # the articles of a law stand alone: their sentences are provisions, not a topic's details
        sizes = _paragraph_sizes(starts) if starts is not None and self.lead_inherit and not is_law(texts) else None
        for i, (f, sec) in enumerate(zip(funcs, sections, strict=True)):
            opens = starts is None or starts[i] or kinds[i] == "heading"
            generic = f in SUBSTANTIVE and not out[i][0] and not out[i][1] and not self.functions.is_safeguard(texts[i])
            if generic and sec:
                for part in list(reversed(sec.split(" > ")))[: self.inherit_depth]:
                    got = heading_labels.get(_key(part))
                    if got is not None and (got[0] or got[1]):
                        out[i] = self._inherited(got)
                        break
            since = 0 if opens else since + 1
            if (generic and not opens and sizes is not None and since <= self.lead_reach and not out[i][0] and not out[i][1]
                    and (lead[0] or lead[1]) and self._on_topic(texts[i], lead)):
                out[i] = self._inherited(lead, LEAD_MARK)
            if opens:
                own = out[i] if out[i] is labels[i] and f in SUBSTANTIVE and kinds[i] != "heading" else NO_LABELS
                lead = self._strong(own) if sizes is None or sizes[i] <= self.lead_max_paragraph else NO_LABELS
            if f == "heading" and kinds[i] == "heading":
                own = out[i] if self.pass_down or out[i] is labels[i] else NO_LABELS
                heading_labels[_key(texts[i])] = self._strong(own)  # a generic sub-heading passes its parent's topic on
        if self.title_inherit:
            self._lend_title(texts, kinds, sections, funcs, labels, out)
        return funcs, [NO_LABELS if g else lab for lab, g in zip(out, gated, strict=True)]

    def _lend_title(self, texts: Sequence[str], kinds: Sequence[str], sections: Sequence[str], funcs: Sequence[str],
                    labels: Sequence[Labels], out: list[Labels]) -> None:
        """The title's single domain for the generic clauses (in place; see ``title_inherit``).

        The title is an unnumbered top-level heading among the first three clauses: an excerpt that
        opens with （二）村庄环境整治 has a section heading there, not a title."""
        first = next((i for i in range(min(3, len(texts)))
                      if kinds[i] == "heading" and not sections[i] and not is_heading_line(texts[i].strip())), None)
        if first is None or len(labels[first][0]) != 1:
            return
        # the domain alone (green living without digital means has no action), with its paired action
        # where the title has that too
        paired = {a for d, a in self.paired if any(x.id == d for x in labels[first][0])}
        title: Labels = (labels[first][0], tuple(x for x in labels[first][1] if x.id in paired), ())
        for i, f in enumerate(funcs):
            if i != first and f in SUBSTANTIVE and kinds[i] != "heading" and not out[i][0] and not out[i][1] \
                    and not self.functions.is_safeguard(texts[i]) and self._on_topic(texts[i], title):
                out[i] = self._inherited(title, TITLE_MARK)

    @staticmethod
    def _contexts(texts: Sequence[str], kinds: Sequence[str], sections: Sequence[str] | None) -> list[list[str]]:
        from policynlp.classify.function_model import contexts

        return contexts(texts, kinds, sections if sections is not None else [""] * len(texts))

    def _gated(self, texts: Sequence[str], kinds: Sequence[str], ctx: Sequence[Sequence[str]] | None) -> list[bool]:
        """True for the clauses the label gate takes every label from (see ``label_gate``)."""
        if self.label_gate is None or self.scorer is None or not texts or ctx is None:
            return [False] * len(texts)
        from policynlp.classify.function_model import label_context

        scores = self.scorer.predict_scores(texts)
        full = [[*c, *label_context(sc)] for c, sc in zip(ctx, scores, strict=True)]
        p = self.label_gate.proba(texts, kinds, full)[:, list(self.label_gate.classes).index("labeled")]
        best = [max((v[0] for v in sc.values()), default=0.0) for sc in scores]
        # a clause that names a label of the taxonomy by its own name is labeled by the guideline
        named = getattr(self.scorer, "names_label", lambda _t: False)
        return [bool(q < self.gate_below and b < self.gate_strong and not named(t)) for q, b, t in zip(p, best, texts, strict=True)]

    def _on_topic(self, text: str, lead: Labels) -> bool:
        """True when ``text`` names no topic other than the labels of ``lead`` (nor one that gets no label)."""
        if self.cues is None:
            return True
        return self.cues.labels(text) <= {x.id for level in lead[:2] for x in level} and not self.cues.off_scope(text)

    def _strong(self, labels: Labels) -> Labels:
        if self.min_heading_score <= 0:
            return labels
        d, a, t = (tuple(x for x in level if x.score >= self.min_heading_score) for level in labels)
        return d, a, t

    def _inherited(self, labels: Labels, mark_with: str = HEADING_MARK) -> Labels:
        def mark(xs: tuple[LabelScore, ...]) -> tuple[LabelScore, ...]:
            return tuple(replace(x, score=round(x.score * self.inherit_factor, 4),
                                 evidence=tuple(mark_with + e for e in x.evidence)) for x in xs)
        return mark(labels[0]), mark(labels[1]), mark(labels[2])
