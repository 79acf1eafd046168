"""Document-level facts the notices state: counts of tasks, aspects and key projects,
pilot types, issuing bodies.

>>> extract_facts("从8个方面部署了26项重点任务，设立了7个重点工程。")["n_tasks"]
26
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from policynlp.extract.metrics import _to_float

_COUNTS = (
    ("n_aspects", re.compile(r"从(?P<n>[0-9一二三四五六七八九十]+)个方面")),
    ("n_tasks", re.compile(r"(?P<n>[0-9一二三四五六七八九十]+)(?:项|个)(?:重点|主要)?任务")),
    ("n_key_projects", re.compile(r"(?P<n>[0-9一二三四五六七八九十]+)(?:个|项|大)(?:重点|重大)工程")),
    ("n_issuing_bodies", re.compile(r"等(?P<n>[0-9一二三四五六七八九十]+)(?:个)?部门")),
    ("n_actions", re.compile(r"(?P<n>[0-9一二三四五六七八九十]+)(?:个|项|大)(?:重点|专项)?行动")),
)
_PILOT_TYPES = ("领域特色型", "区域综合型", "机制共建型")


@lru_cache(maxsize=1)
def _bodies() -> tuple[str, ...]:
    raw = resources.files("policynlp.resources").joinpath("issuing_bodies.txt").read_text("utf-8")
    return tuple(ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#"))


def extract_facts(simplified: str) -> dict[str, object]:
    """Counts, pilot types and issuing bodies stated in a simplified document text."""
    facts: dict[str, object] = {}
    for key, pat in _COUNTS:
        m = pat.search(simplified)
        if m:
            v = _to_float(m.group("n"))
            if v is not None:
                facts[key] = int(v)
    pilots = [p for p in _PILOT_TYPES if p in simplified]
    if pilots:
        facts["pilot_types"] = pilots
    bodies = [b for b in _bodies() if b in simplified]
    # drop a body that is part of a longer one found ("农业农村部" inside "农业农村部办公厅")
    bodies = [b for b in bodies if not any(b != o and b in o for o in bodies)]
    if bodies:
        facts["issuing_bodies"] = sorted(bodies, key=simplified.index)
    return facts
