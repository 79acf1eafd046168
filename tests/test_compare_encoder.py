"""EncoderSimilarity on a tiny randomly initialised character BERT saved the way `policynlp pretrain` saves one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from policynlp.compare import BlendSimilarity, NgramSimilarity, align, from_document
from policynlp.compare.encoder import EncoderSimilarity
from policynlp.errors import ModelError
from policynlp.pipeline import Pipeline

TEXTS = ["推进农村电商发展", "加强组织领导", "建设智慧农场", "推进远程医疗服务", "深化农产品电商发展"]


@pytest.fixture(scope="module")
def encoder_dir(tmp_path_factory: pytest.TempPathFactory, tiny_char_bert: Callable[..., Path]) -> Path:
    return tiny_char_bert(tmp_path_factory.mktemp("encoder"), [*TEXTS, "某县实施方案，、。一二三（）“”+"], positions=160)


def test_encoder_scores_are_cosines_of_the_best_targets(encoder_dir: Path) -> None:
    enc = EncoderSimilarity(encoder_dir, top_k=2)
    rows = enc.scores(TEXTS[:2], TEXTS)
    for i, row in enumerate(rows):
        assert len(row) <= 2 and all(0 <= s <= 1 for s in row.values())
        assert row.get(i) == pytest.approx(1.0, abs=1e-5)  # a text is its own best target
    assert enc.scores([], TEXTS) == [] and enc.scores(TEXTS[:1], []) == [{}]


def test_encoder_joins_align(encoder_dir: Path) -> None:
    pipe = Pipeline(classifier=None)
    local = from_document(pipe.analyze("某县实施方案\n一、推进农村电商发展。\n二、推进远程医疗服务。\n"))
    national = from_document(pipe.analyze("行动计划\n（一）深化农产品电商发展。\n（二）加强组织领导。\n"))
    sim = BlendSimilarity(EncoderSimilarity(encoder_dir), NgramSimilarity(measure="containment"), weight=0.5)
    result = align([local], national, similarity=sim)
    assert len(result["matches"]) == len(local.clauses)
    for m in result["matches"]:
        assert all(0 <= n["score"] <= 1 for n in m["national"])


def test_a_missing_or_broken_encoder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"config\.json missing"):
        EncoderSimilarity(tmp_path)
    (tmp_path / "config.json").write_text("{not json", "utf-8")
    with pytest.raises(ModelError, match="cannot load the encoder"):
        EncoderSimilarity(tmp_path)


def test_cli_align_with_an_encoder(encoder_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from policynlp.cli import main

    local, national = tmp_path / "local.txt", tmp_path / "national.txt"
    local.write_text("某县实施方案\n一、推进农村电商发展。\n", "utf-8")
    national.write_text("行动计划\n（一）深化农产品电商发展。\n", "utf-8")
    assert main(["align", str(local), "--to", str(national), "--encoder", str(encoder_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["local_clauses"] == 2
    assert main(["align", str(local), "--to", str(national), "--encoder", str(tmp_path / "none")]) == 2
    assert "no encoder here" in capsys.readouterr().err
