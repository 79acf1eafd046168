"""Shared fixtures: the real seed files from corpus/ and one pipeline per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from policynlp.pipeline import Pipeline
from policynlp.types import Document

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds"
NOTICE = SEEDS / "2024_notice_second_batch_digital_village_pilots.txt"
QA = SEEDS / "2022_qa_digital_village_action_plan_2022_2025.txt"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def notice(pipeline: Pipeline) -> Document:
    return pipeline.analyze(NOTICE)


@pytest.fixture(scope="session")
def qa(pipeline: Pipeline) -> Document:
    return pipeline.analyze(QA)
