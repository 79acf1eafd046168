"""Every stage runs in time linear in document length.

The one timed test of the suite, built not to flake: a document of n and of 8n characters
(the repo's own notices and seeds repeated), best of three runs each, and the bound is the
issue's "doubling the length at most triples the time" compounded over three doublings
(8n may take at most 27 times as long as n; a linear stage takes about 8 times, a quadratic
one 64). Stages faster than 5 ms at n are measured from that floor, so noise on tiny
timings cannot fail the test.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from policynlp.classify.rules import RuleClassifier
from policynlp.clean import clean_text
from policynlp.extract import extract_facts, extract_targets
from policynlp.extract.deadlines import deadline_clean_spans
from policynlp.segment import segment
from policynlp.types import Clause

ROOT = Path(__file__).resolve().parents[1]
SMALL = 100_000
FACTOR = 8
FLOOR = 0.005


def _document(n: int) -> str:
    files = sorted((ROOT / "corpus" / "notices").glob("*.txt")) + sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
    parts = [p.read_text("utf-8") for p in files]
    out: list[str] = []
    total = 0
    while total < n:
        for p in parts:
            out.append(p)
            total += len(p) + 1
    return "\n".join(out)[:n]


def _best(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _stage_times(text: str, rules: RuleClassifier) -> dict[str, float]:
    clean = clean_text(text)
    st = segment(clean.simplified, display=clean.text)
    texts = [clean.simplified[c.start : c.end] for c in st.clauses]
    labels = rules.predict(texts)
    clauses = [Clause(i, c.start, c.end, t, c.section, c.kind, *lab) for i, (c, t, lab) in enumerate(zip(st.clauses, texts, labels, strict=True))]
    found = deadline_clean_spans(clean, issued="2024-01-01", skip=st.title_span)
    return {
        "clean": _best(lambda: clean_text(text)),
        "segment": _best(lambda: segment(clean.simplified, display=clean.text)),
        "classify": _best(lambda: rules.predict(texts)),
        "deadlines": _best(lambda: deadline_clean_spans(clean, issued="2024-01-01", skip=st.title_span)),
        "targets": _best(lambda: extract_targets(clean, st.clauses, clauses, found)),
        "facts": _best(lambda: extract_facts(clean.simplified)),
    }


def test_every_stage_is_linear_in_document_length() -> None:
    rules = RuleClassifier()
    small = _stage_times(_document(SMALL), rules)
    large = _stage_times(_document(SMALL * FACTOR), rules)
    worse = {k: round(large[k] / max(small[k], FLOOR), 1) for k in small if large[k] > 27 * max(small[k], FLOOR)}
    assert not worse, f"stages more than 27× slower on 8× the text: {worse} (small {small}, large {large})"
