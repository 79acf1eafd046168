"""The taxonomy (six domains, eight actions, 26 tasks) loaded from ``resources/taxonomy.json``.

Labels are validated on load: duplicate or malformed ids are rejected.

>>> tax = load_taxonomy()
>>> len(tax.domains), len(tax.actions), len(tax.tasks)
(6, 8, 26)
>>> tax.action_of("agri.big_data")
'smart_agriculture_innovation'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from policynlp.errors import TaxonomyError


@dataclass(frozen=True, slots=True)
class Label:
    """One taxonomy label and its curated cue terms (simplified script) with weights."""

    id: str
    level: str  # domain | action | task
    name: str
    name_traditional: str
    definition: str
    terms: tuple[tuple[str, float], ...]
    requires: tuple[tuple[str, ...], ...] = ()  # every group needs one of its words in the text
    parent: str | None = None
    # "phrase": the required words count only in a phrase (between ，；。：) that also holds one of
    # the label's evidence terms (优化教育、医疗等服务供给 after 提速建设数字乡村 is no digital service);
    # a task without its own takes its action's
    requires_scope: str = "clause"


@dataclass(frozen=True, slots=True)
class Composition:
    """A digital means near the thing it works on: evidence for a label no listed compound gives (农业机械化、智能化)."""

    label: str
    objects: tuple[str, ...]
    means: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Validated, frozen taxonomy with ``str2int``/``int2str`` per level."""

    domains: tuple[Label, ...]
    actions: tuple[Label, ...]
    tasks: tuple[Label, ...]
    # label id → (level, position in file order); built by parse_taxonomy
    index: dict[str, tuple[str, int]] = field(default_factory=dict, compare=False)
    # fields outside the taxonomy (housing, taxation, city management …): a clause naming one and
    # none of the ``outside_unless`` words gets no label
    outside: tuple[str, ...] = ()
    outside_unless: tuple[str, ...] = ()
    not_hints: tuple[str, ...] = ()  # compounds whose 网络/系统 is no digital context (服务网络, 系统推进)
    no_label: tuple[str, ...] = ()  # regexes of clauses that get no label (（农业农村部、财政部等负责）)
    organizational: tuple[str, ...] = ()  # cues of clauses on how work is organised (组织领导, 考核, 宣传)
    organizational_factor: float = 1.0  # their scores are multiplied by this
    # classify/context.py: what makes a clause or a document rural
    rural_words: tuple[str, ...] = ()
    rural_min_share: float = 0.25
    rural_min_clauses: int = 5
    rural_anchored: tuple[str, ...] = ()  # labels that need a rural word in a clause of a non-rural document
    rural_anchored_unless: dict[str, str] = field(default_factory=dict, compare=False)  # … unless the clause has this label too
    lexicon: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)  # resolved named word sets
    paired: tuple[tuple[str, str], ...] = ()  # (domain, action) that go together on a clause: either brings the other
    # topics the guideline labels none (rural roads, tap water): a clause naming one and none of the
    # ``not_inherited_unless`` words takes no label from its title, heading or paragraph
    not_inherited: tuple[str, ...] = ()
    not_inherited_unless: tuple[str, ...] = ()
    compositions: tuple[Composition, ...] = ()
    composition_window: int = 6  # at most this many characters between an object word and a means word
    # (domain, action) where the action brings the domain but not the other way round: digital green work
    # (smart_green_village) is green rural living, and green living without digital means has no action
    action_brings: tuple[tuple[str, str], ...] = ()

    def words(self, name: str) -> tuple[str, ...]:
        """A named word set of ``lexicon.json`` (``KeyError`` when there is none)."""
        return self.lexicon[name]

    @property
    def all(self) -> tuple[Label, ...]:
        """Every label, domains first, then actions, then tasks."""
        return self.domains + self.actions + self.tasks

    def names(self, level: str) -> list[str]:
        """Label ids of one level, in file order."""
        return [lab.id for lab in getattr(self, level + "s")]

    def str2int(self, level: str, label_id: str) -> int:
        """Index of ``label_id`` within its level; ``KeyError`` when unknown."""
        names = self.names(level)
        if label_id not in names:
            raise KeyError(f"unknown {level} id {label_id!r}")
        return names.index(label_id)

    def int2str(self, level: str, index: int) -> str:
        """Label id at ``index`` of its level."""
        return self.names(level)[index]

    def action_of(self, task_id: str) -> str:
        """The action a task belongs to."""
        for t in self.tasks:
            if t.id == task_id and t.parent:
                return t.parent
        raise KeyError(f"unknown task id {task_id!r}")


def resolve_sets(raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Expand the ``@name`` references of every named set of a lexicon (cycles are an error).

    >>> resolve_sets({"a": ["x", "@b"], "b": ["y", "x"]})["a"]
    ('x', 'y')
    """
    done: dict[str, tuple[str, ...]] = {}

    def get(name: str, stack: tuple[str, ...]) -> tuple[str, ...]:
        if name in done:
            return done[name]
        if name in stack:
            raise TaxonomyError(f"lexicon: set @{name} includes itself")
        if name not in raw or not isinstance(raw[name], list):
            raise TaxonomyError(f"lexicon: no word set @{name}")
        out: list[str] = []
        for w in raw[name]:
            out.extend(get(w[1:], (*stack, name)) if str(w).startswith("@") else [str(w)])
        done[name] = tuple(dict.fromkeys(out))
        return done[name]

    for key in raw:
        if not key.startswith("_"):
            get(key, ())
    return done


def _expand(words: Any, lexicon: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """A word list with its ``@set`` references replaced by the set's words, order kept."""
    out: list[str] = []
    for w in words or ():
        w = str(w)
        if w.startswith("@"):
            if w[1:] not in lexicon:
                raise TaxonomyError(f"taxonomy: unknown word set {w}")
            out.extend(lexicon[w[1:]])
        else:
            out.append(w)
    return tuple(dict.fromkeys(out))


def _label(raw: dict[str, Any], level: str, parent: str | None = None,
           lexicon: dict[str, tuple[str, ...]] | None = None, scope: str = "clause") -> Label:
    """One label; ``scope`` is the ``requires_scope`` it takes when it names none (a task: its action's)."""
    lex = lexicon or {}
    scope = raw.get("requires_scope", scope)
    if scope not in ("clause", "phrase"):
        raise TaxonomyError(f"{level} {raw.get('id')!r}: requires_scope is 'clause' or 'phrase', not {scope!r}")
    try:
        terms = tuple((str(k), float(v)) for k, v in raw.get("terms", {}).items())
        groups = [list(g) for g in raw.get("requires", [])]
        if raw.get("requires_any"):
            groups.append(list(raw["requires_any"]))
        requires = tuple(_expand(g, lex) for g in groups if g)
        return Label(str(raw["id"]), level, str(raw["name"]), str(raw.get("name_traditional", raw["name"])),
                     str(raw.get("definition", "")), terms, requires, parent, scope)
    except (KeyError, TypeError, ValueError) as exc:
        raise TaxonomyError(f"malformed {level} entry: {raw!r:.80}") from exc


def parse_taxonomy(data: dict[str, Any], lexicon: dict[str, Any] | None = None) -> Taxonomy:
    """Build and validate a :class:`Taxonomy` from its JSON form and the named word sets it refers to."""
    lex = resolve_sets(lexicon or {})
    domains = tuple(_label(d, "domain", None, lex) for d in data.get("domains", []))
    actions = tuple(_label(a, "action", None, lex) for a in data.get("actions", []))
    tasks = tuple(_label(t, "task", a["id"], lex, a.get("requires_scope", "clause"))
                  for a in data.get("actions", []) for t in a.get("tasks", []))
    seen: set[str] = set()
    for lab in domains + actions + tasks:
        if not lab.id or lab.id in seen:
            raise TaxonomyError(f"duplicate or empty label id {lab.id!r}")
        seen.add(lab.id)
    if not domains or not actions:
        raise TaxonomyError("taxonomy needs domains and actions")
    index = {lab.id: (lab.level, i) for i, lab in enumerate(domains + actions + tasks)}
    outside, rural = data.get("outside", {}), data.get("rural_context", {})
    org = data.get("organizational", {})
    paired = tuple((str(d), str(a)) for d, a in data.get("paired", {}).get("pairs", []))
    brings = tuple((str(d), str(a)) for d, a in data.get("paired", {}).get("action_brings", []))
    for dom, act in paired + brings:
        if index.get(dom, ("",))[0] != "domain" or index.get(act, ("",))[0] != "action":
            raise TaxonomyError(f"paired needs a domain and an action, got {dom!r}, {act!r}")
    comp = data.get("compositions", {})
    compositions = tuple(_composition(c, lex) for c in comp.get("rules", []))
    for c in compositions:
        if c.label not in index:
            raise TaxonomyError(f"compositions: unknown label {c.label!r}")
    return Taxonomy(domains, actions, tasks, index, _expand(outside.get("cues", []), lex),
                    _expand(outside.get("unless", []), lex), _expand(data.get("not_digital", []), lex),
                    tuple(map(str, data.get("no_label_patterns", {}).get("patterns", []))),
                    _expand(org.get("cues", []), lex), float(org.get("factor", 1.0)),
                    _expand(rural.get("words", []), lex), float(rural.get("min_share", 0.25)), int(rural.get("min_clauses", 5)),
                    tuple(map(str, rural.get("anchored", []))), {str(k): str(v) for k, v in rural.get("anchored_unless", {}).items()}, lex,
                    paired, _expand(data.get("not_inherited", {}).get("cues", []), lex),
                    _expand(data.get("not_inherited", {}).get("unless", []), lex), compositions, int(comp.get("window", 6)),
                    brings)


def _composition(raw: dict[str, Any], lex: dict[str, tuple[str, ...]]) -> Composition:
    try:
        out = Composition(str(raw["label"]), _expand(raw["objects"], lex), _expand(raw["means"], lex), float(raw["weight"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise TaxonomyError(f"malformed composition: {raw!r:.80}") from exc
    if not out.objects or not out.means:
        raise TaxonomyError(f"composition for {out.label} needs object and means words")
    return out


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The taxonomy shipped in the package."""
    res = resources.files("policynlp.resources")
    raw = res.joinpath("taxonomy.json").read_text("utf-8")
    lexicon = res.joinpath("lexicon.json").read_text("utf-8")
    return parse_taxonomy(json.loads(raw), json.loads(lexicon))
