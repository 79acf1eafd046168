"""Shared fixtures: the real seed files from corpus/ and one pipeline per session."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
