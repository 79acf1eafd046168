"""Shared record types of every stage: frozen, typed, and free of behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["heading", "question", "statement", "list_item"]
Script = Literal["simplified", "traditional", "mixed"]


@dataclass(frozen=True, slots=True)
class LabelScore:
    """One label on a clause: taxonomy id, score in [0, 1] and the terms behind it."""

    id: str
    score: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Deadline:
    """A normalized time expression; ``span`` points into the document ``text``."""

    text: str
    start: str | None
    end: str | None
    span: tuple[int, int]
    unresolved: bool = False
    kind: str = "open"  # open | period | relative


@dataclass(frozen=True, slots=True)
class Metric:
    """A number a target states, with 万/亿 folded into ``value``."""

    indicator: str
    comparator: str
    value: float
    unit: str | None
    value_max: float | None = None
    approx: bool = False
    baseline: str | None = None


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause with its source span: ``document.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    section: str
    kind: Kind
    domains: tuple[LabelScore, ...] = ()
    actions: tuple[LabelScore, ...] = ()
    tasks: tuple[LabelScore, ...] = ()
    function: str = "task"  # classify/structure.py FUNCTIONS: heading, lead_in, background, goal, task …


@dataclass(frozen=True, slots=True)
class Target:
    """One goal item governed by a deadline."""

    index: int
    clause_index: int
    start: int
    end: int
    text: str
    deadline: Deadline
    metric: Metric | None = None
    domains: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    attribute: str | None = None  # 预期性 / 约束性 of an indicator-table row


@dataclass(frozen=True, slots=True)
class Document:
    """An analyzed document: decoded ``text`` plus everything found in it."""

    doc_id: str
    source: str
    text: str
    title: str | None
    issued: str | None
    script: Script
    clauses: tuple[Clause, ...] = ()
    doc_number: str | None = None  # 文号 (发文字号), e.g. 国办发〔2018〕123号
    issuers: tuple[str, ...] = ()  # the bodies that issue the document (not every body named)
    deadlines: tuple[Deadline, ...] = ()
    targets: tuple[Target, ...] = ()
    facts: dict[str, object] = field(default_factory=dict)
