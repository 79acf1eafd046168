"""The alignment page served over HTTP and rendered by headless Chromium (screenshot in tests/output/)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policynlp.store.db import Store
from policynlp.types import Document

OUTPUT = Path(__file__).parent / "output"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


@pytest.fixture()
def server(notice: Document, qa: Document, live_server: Any) -> Iterator[str]:
    store = Store(":memory:")
    store.add_document(notice)
    store.add_document(qa)
    with live_server(store) as url:
        yield url


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (scripts/setup.sh installs it)")
        pytest.skip("chromium is not installed")
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_alignment_page_in_chromium(tmp_path: Path, server: str, notice: Document, qa: Document) -> None:
    url = f"{server}/align?local={notice.doc_id}&to={qa.doc_id}"
    dom = chromium(tmp_path, "--dump-dom", url).stdout
    rows = dom.count("data-status=")
    assert rows == 8 + 26
    assert dom.count("data-status=\"missing\"") >= 10 and dom.count("data-status=\"covered\"") >= 4
    assert "出村進城" in dom and "深化农产品电商发展" in dom
    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / "align_page.png"
    shot.unlink(missing_ok=True)
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1800", url)
    assert shot.is_file() and shot.stat().st_size > 20_000
