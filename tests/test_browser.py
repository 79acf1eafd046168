"""End to end: the pages served over HTTP and driven in headless Chromium as an analyst would.

Chromium is driven over the DevTools protocol (websocket-client): it clicks a facet, goes to page
2, follows a result to its clause anchor, filters the targets page and downloads its CSV, opens a
matrix cell. Screenshots go to tests/output/; with POLICYNLP_SCREENSHOTS=DIR they are also copied
to DIR (the README's pictures: ``POLICYNLP_SCREENSHOTS=docs/screenshots pytest tests/test_browser.py``).
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policynlp.pipeline import Pipeline
from policynlp.store.db import Store
from policynlp.types import Document

from .conftest import ROOT

OUTPUT = Path(__file__).parent / "output"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--window-size=1280,900"]
WAIT = 30.0  # seconds any one page may take to load in the browser before the test fails


def _need_chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (scripts/setup.sh installs it)")
        pytest.skip("chromium is not installed")
    return CHROMIUM


@pytest.fixture(scope="module")
def store(pipeline: Pipeline) -> Store:
    s = Store(":memory:")
    for path in [*sorted((ROOT / "corpus" / "seeds").glob("*.txt")), *sorted((ROOT / "corpus" / "notices").glob("*.txt"))]:
        s.add_document(pipeline.analyze(path))
    return s


@pytest.fixture(scope="module")
def server(store: Store, live_server: Any) -> Iterator[str]:
    with live_server(store) as url:
        yield url


class Browser:
    """A headless Chromium page driven over the DevTools protocol."""

    def __init__(self, chromium: str, profile: Path) -> None:
        import websocket

        self.proc = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + WAIT
        while not (port_file.is_file() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            page = next(t for t in json.load(r) if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=WAIT, suppress_origin=True)
        self.next_id = 0
        self.call("Emulation.setDeviceMetricsOverride", width=1280, height=960, deviceScaleFactor=1, mobile=False)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                result: dict[str, Any] = msg.get("result", {})
                return result

    def js(self, expression: str) -> Any:
        res = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in res:
            raise RuntimeError(f"{expression}: {res['exceptionDetails']}")
        return res["result"].get("value")

    def wait_for(self, expression: str) -> Any:
        """Poll a JavaScript condition until it is truthy (bounded by WAIT)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                value = self.js(f"document.readyState === 'complete' && ({expression})")
            except RuntimeError:
                value = None
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"never true in the browser: {expression} (at {self.js('location.href')})")

    def goto(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait_for(f"location.href === {json.dumps(url)}")

    def click(self, selector: str) -> None:
        self.js(f"document.querySelector({json.dumps(selector)}).click()")

    def screenshot(self, name: str) -> Path:
        data = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        OUTPUT.mkdir(exist_ok=True)
        path = OUTPUT / name
        path.write_bytes(data)
        extra = os.environ.get("POLICYNLP_SCREENSHOTS")
        if extra:
            Path(extra).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(extra) / name)
        return path

    def close(self) -> None:
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[Browser]:
    b = Browser(_need_chromium(), tmp_path / "profile")
    yield b
    b.close()


def test_search_facet_paging_and_clause_anchor(browser: Browser, server: str) -> None:
    browser.goto(f"{server}/?q=%E6%95%B0%E5%AD%97&per_page=5")
    total = int(browser.js("document.getElementById('total').textContent"))
    assert total > 10
    assert browser.screenshot("search.png").stat().st_size > 20_000
    # click the first domain facet: the page then shows exactly as many clauses as the facet said
    facet = browser.js("(() => { const a = document.querySelector(\"aside.facets a[data-facet='domain']\");"
                       " return [a.href, a.parentElement.querySelector('.count').textContent]; })()")
    browser.click("aside.facets a[data-facet='domain']")
    browser.wait_for("location.search.includes('domain=')")
    assert browser.js("location.href") == facet[0]
    assert int(browser.js("document.getElementById('total').textContent")) == int(facet[1]) <= total
    assert int(facet[1]) > 5  # enough for a second page
    assert browser.js("document.querySelector('.chips') !== null")
    # page 2 keeps the filter and shows other results
    first_page = browser.js("[...document.querySelectorAll('.result .meta a')].map(a => a.href).join(' ')")
    browser.click(".pager a[rel=next]")
    browser.wait_for("location.search.includes('page=2')")
    assert "domain=" in browser.js("location.search")
    assert browser.js("document.querySelector('.pager .current').textContent") == "2"
    second = browser.js("[...document.querySelectorAll('.result .meta a')].map(a => a.href)")
    assert second and not set(second) & set(first_page.split())
    # a result opens its document at the clause
    browser.click(".result .meta a")
    browser.wait_for("location.pathname.startsWith('/doc/') && location.hash.startsWith('#c')")
    assert browser.js("document.querySelector(':target') !== null && document.querySelector(':target').id === location.hash.slice(1)")
    assert browser.js("(() => { const r = document.querySelector(':target').getBoundingClientRect();"
                      " return r.top >= 0 && r.top < window.innerHeight; })()")
    assert browser.js("document.querySelector(':target').classList.contains('clause')")


def test_long_document_with_outline(browser: Browser, server: str, store: Store) -> None:
    docs = sorted(store.documents(), key=lambda d: -(d["n_clauses"] or 0))
    doc = store.document(docs[0]["doc_id"])
    assert doc is not None and doc["targets"]
    clause = doc["targets"][0]["clause_id"].split(":")[1]
    browser.goto(f"{server}/doc/{doc['doc_id']}")
    browser.screenshot("document.png")
    browser.goto(f"{server}/doc/{doc['doc_id']}#c{clause}")
    assert browser.js("document.querySelector(':target').id") == f"c{clause}"
    n_outline = browser.js("document.querySelectorAll('nav.outline a').length")
    assert n_outline >= 3
    assert browser.js("document.querySelectorAll('mark.deadline').length") > 0
    assert browser.js("document.querySelectorAll('span.target').length") > 0
    assert browser.js("document.querySelectorAll('.clause').length") == len(doc["clauses"])
    # an outline entry jumps to its section
    browser.click("nav.outline li:nth-child(2) a")
    browser.wait_for("document.querySelector(':target') !== null && location.hash === document.querySelector('nav.outline li:nth-child(2) a').hash")


def test_targets_filter_and_csv_download(browser: Browser, server: str, store: Store, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
    browser.goto(f"{server}/targets")
    everything = int(browser.js("document.getElementById('total').textContent"))
    assert everything == len(store.targets())
    browser.js("document.querySelector('input[name=after]').value = '2025';"
               "document.querySelector('input[name=before]').value = '2025';"
               "document.querySelector('select[name=has_number]').value = 'yes';")
    browser.click("form.filters button")
    browser.wait_for("location.search.includes('has_number=yes')")
    shown = int(browser.js("document.getElementById('total').textContent"))
    want = store.targets(after="2025-01-01", before="2025-12-31", has_number=True)
    assert 0 < shown == len(want) < everything
    browser.screenshot("targets.png")
    browser.click("#csv")
    csv_file = downloads / "targets.csv"
    deadline = time.monotonic() + WAIT
    while not csv_file.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text("utf-8-sig"))))
    assert [r["target_id"] for r in rows] == [t["target_id"] for t in want]
    assert all(r["deadline_end"].startswith("2025") and r["value"] for r in rows)


def test_matrix_cell_opens_its_clauses(browser: Browser, server: str) -> None:
    browser.goto(f"{server}/matrix")
    cell = browser.js("(() => { const a = document.querySelector('table.matrix td a'); return [a.href, a.textContent]; })()")
    browser.screenshot("matrix.png")
    browser.click("table.matrix td a")
    browser.wait_for("location.search.includes('action=')")
    assert browser.js("location.href") == cell[0]
    assert browser.js("document.getElementById('total').textContent") == cell[1]


def test_api_docs_render_offline(browser: Browser, server: str, store: Store) -> None:
    """The API page renders offline from installed files (Swagger UI) under the CSP."""
    browser.goto(f"{server}/docs")
    browser.wait_for("document.querySelectorAll('.opblock').length > 0")
    assert browser.js("[...document.querySelectorAll('.opblock-summary-path')].some(e => e.textContent.includes('/api/search'))")


def test_hostile_text_stays_text(browser: Browser, server: str, store: Store) -> None:
    doc: Document = Pipeline().analyze("关于推进数字乡村<svg/onload=alert(1)>建设的通知\n到2025年，建设智慧农场100个。")
    store.add_document(doc)
    browser.goto(f"{server}/doc/{doc.doc_id}")
    assert browser.js("document.querySelectorAll('main svg').length") == 0
    assert "<svg/onload=alert(1)>" in browser.js("document.querySelector('h1').textContent")
