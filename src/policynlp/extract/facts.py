"""Document-level facts the notices state: counts of tasks, aspects and key projects, pilot types.

(The issuing bodies are found by :mod:`policynlp.segment.meta` from the signature, the title or
the decree: not every body a notice names.)

>>> extract_facts("从8个方面部署了26项重点任务，设立了7个重点工程。")["n_tasks"]
26
"""

from __future__ import annotations

import re

from policynlp.extract.metrics import _to_float

_COUNTS = (
    ("n_aspects", re.compile(r"从(?P<n>[0-9一二三四五六七八九十]+)个方面")),
    ("n_tasks", re.compile(r"(?P<n>[0-9一二三四五六七八九十]+)(?:项|个)(?:重点|主要)?任务")),
    ("n_key_projects", re.compile(r"(?P<n>[0-9一二三四五六七八九十]+)(?:个|项|大)(?:重点|重大)工程")),
    ("n_issuing_bodies", re.compile(r"等(?P<n>[0-9一二三四五六七八九十]+)(?:个)?部门")),
    ("n_actions", re.compile(r"(?P<n>[0-9一二三四五六七八九十]+)(?:个|项|大)(?:重点|专项)?行动")),
)
_PILOT_TYPES = ("领域特色型", "区域综合型", "机制共建型")


def extract_facts(simplified: str) -> dict[str, object]:
    """Counts and pilot types stated in a simplified document text."""
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
    return facts
