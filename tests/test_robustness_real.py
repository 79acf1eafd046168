"""A real notice keeps its records in the forms notices arrive in (reads ../shared; skips without it).

The same measure as ``scripts/eval_robustness.py`` on the realworld-dv excerpts outside real-test,
for the forms this project fixed: each must stay at what it reaches now.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policynlp.pipeline import Pipeline
from policynlp.testing.forms import FormTally, measure
from policynlp.testing.realdata import shared_dir

ROOT = Path(__file__).resolve().parents[1]


LOSSLESS = ["big5-hkscs", "pinyin without tones", "full-width digits", "gb18030", "HTML", "DOCX with Word list numbering",
            "zero-width characters", "emoji and bullets at line edges"]


@pytest.fixture(scope="module")
def tallies(pipeline: Pipeline) -> dict[str, FormTally]:
    shared = shared_dir()
    if shared is None or not (shared / "realworld-dv").is_dir():
        pytest.skip("../shared/realworld-dv is absent (set POLICYNLP_SHARED): real-text robustness not checked")
    held_out = set(json.loads((ROOT / "corpus" / "real" / "splits.json").read_text("utf-8"))["test"])
    excerpts = [p for p in sorted((shared / "realworld-dv").glob("[0-9]*.txt")) if f"realworld-dv/{p.name}" not in held_out]
    return measure(pipeline, excerpts, [*LOSSLESS, "traditional, Taiwan wording", "PDF with page numbers", "letter-spaced text"])


@pytest.mark.parametrize("form", LOSSLESS)
def test_forms_that_lose_nothing(tallies: dict[str, FormTally], form: str) -> None:
    t = tallies[form]
    assert t.docs >= 15
    assert (t.found, t.same, t.sections) == (t.clauses, t.clauses, t.clauses), t.notes[:5]
    assert t.titles == t.deadlines == t.targets == t.meta == t.docs, t.notes[:5]


def test_taiwan_wording_keeps_labels(tallies: dict[str, FormTally]) -> None:
    t = tallies["traditional, Taiwan wording"]
    assert t.found >= 0.98 * t.clauses
    assert t.same >= 0.99 * t.found, t.notes[:5]


def test_pdf_with_page_numbers(tallies: dict[str, FormTally]) -> None:
    t = tallies["PDF with page numbers"]
    assert t.found >= 0.95 * t.clauses, t.notes[:5]
    assert t.same >= 0.99 * t.found
    assert t.titles >= t.docs - 3 and t.targets >= t.docs - 2 and t.meta == t.docs, t.notes[:5]


def test_letter_spaced_text(tallies: dict[str, FormTally]) -> None:
    t = tallies["letter-spaced text"]
    assert t.found >= 0.98 * t.clauses and t.same >= 0.99 * t.found, t.notes[:5]
    assert t.deadlines >= t.docs - 1 and t.targets >= t.docs - 1 and t.meta >= t.docs - 3, t.notes[:5]
