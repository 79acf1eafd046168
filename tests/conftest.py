"""Shared fixtures: the real seed files from corpus/ and one pipeline per session."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from policynlp.pipeline import Pipeline
from policynlp.types import Document

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds"
NOTICE = SEEDS / "2024_notice_second_batch_digital_village_pilots.txt"
QA = SEEDS / "2022_qa_digital_village_action_plan_2022_2025.txt"


def _tiny_char_bert(out: Path, texts: list[str], *, positions: int, num_labels: int | None = None) -> Path:
    """A randomly initialised one-layer character BERT saved in ``out`` as our scripts save one: weights
    and ``vocab.json`` (the characters of ``texts``); a masked-LM encoder, or a classifier of
    ``num_labels`` outputs. Skips the test without torch and transformers."""
    import json

    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from policynlp.classify.model import CharTokenizer

    torch.manual_seed(0)
    tok = CharTokenizer.build(texts)
    config = transformers.BertConfig(vocab_size=len(tok.vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                                     intermediate_size=64, max_position_embeddings=positions,
                                     **({"num_labels": num_labels} if num_labels else {}))
    cls = transformers.BertForSequenceClassification if num_labels else transformers.BertForMaskedLM
    cls(config).save_pretrained(str(out), safe_serialization=True)
    (out / "vocab.json").write_text(json.dumps(tok.vocab, ensure_ascii=False), "utf-8")
    return out


@pytest.fixture(scope="session")
def tiny_char_bert() -> Callable[..., Path]:
    """Builds a tiny character BERT folder (see :func:`_tiny_char_bert`)."""
    return _tiny_char_bert


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def notice(pipeline: Pipeline) -> Document:
    return pipeline.analyze(NOTICE)


@pytest.fixture(scope="session")
def qa(pipeline: Pipeline) -> Document:
    return pipeline.analyze(QA)


@contextlib.contextmanager
def _live_server(store: Any) -> Iterator[str]:
    """The web app over ``store`` on a free local port, in a thread, for real-HTTP and browser tests."""
    import uvicorn

    from policynlp.serve.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    srv = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server() -> Any:
    """``with live_server(store) as url:`` the web app over ``store`` on a free local port."""
    return _live_server


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block takes longer than ``seconds``."""

    def boom(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
