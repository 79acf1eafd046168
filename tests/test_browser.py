"""End to end: the web page served over HTTP, rendered by headless Chromium.

Saves a screenshot to tests/output/ and asserts on the DOM Chromium rendered.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from policynlp.serve.app import create_app
from policynlp.store.db import Store
from policynlp.types import Document

OUTPUT = Path(__file__).parent / "output"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(notice: Document, qa: Document) -> str:
    import uvicorn

    store = Store(":memory:")
    store.add_document(notice)
    store.add_document(qa)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (scripts/setup.sh installs it)")
        pytest.skip("chromium is not installed")
    profile = tmp_path / "profile"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120, check=False)


def test_document_page_in_chromium(tmp_path: Path, server: str, notice: Document) -> None:
    url = f"{server}/doc/{notice.doc_id}"
    dom = _chromium(tmp_path, "--dump-dom", url).stdout
    assert "楓橋經驗" in dom and "乡村数字治理" in dom and "智慧农业" in dom
    assert dom.count("class=\"clause\"") == len(notice.clauses)
    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / "document_page.png"
    shot.unlink(missing_ok=True)
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1800", url)
    assert shot.is_file() and shot.stat().st_size > 20_000


def test_search_page_in_chromium(tmp_path: Path, server: str) -> None:
    dom = _chromium(tmp_path, "--dump-dom", f"{server}/?q=%E7%94%B5%E5%95%86&domain=rural_digital_industry").stdout
    assert "出村進城" in dom and "<mark>" in dom


def test_limits_over_real_http(server: str) -> None:
    import httpx

    with httpx.Client(base_url=server, timeout=30) as client:
        assert client.get("/api/search", params={"q": "网络"}).status_code == 200
        assert client.get("/api/search", params={"q": "数" * 250}).status_code == 422
        assert client.post("/api/search", content=b"x" * 200_000).status_code == 413
        assert client.get("/doc/..%2F..%2Fetc%2Fpasswd").status_code == 404
        r = client.get("/api/documents/0123456789abcdef")
        assert r.status_code == 404 and "Traceback" not in r.text
        assert "access-control-allow-origin" not in client.get("/api/documents", headers={"Origin": "http://evil.example"}).headers
