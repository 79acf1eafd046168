"""Hostile and broken input, fuzzing, regular-expression safety."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policynlp.batch import tag_paths
from policynlp.clean import clean_text
from policynlp.extract.deadlines import find_deadlines
from policynlp.extract.metrics import parse_metric
from policynlp.segment import segment
from policynlp.testing.badinput import build_bad_inputs

from .conftest import ROOT, deadline


def test_bad_inputs_are_reported_and_never_stop_the_run(tmp_path: Path) -> None:
    cases = build_bad_inputs(tmp_path / "in")
    summary = tag_paths([tmp_path / "in"], tmp_path / "out", use_model=False)
    errors = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text("utf-8").splitlines()]
    by_name = {Path(e["path"]).name: e["reason"] for e in errors}
    bad = {name: reason for e in errors if "duplicate_of" not in e for name, reason in [(Path(e["path"]).name, e["reason"])]}
    docs = [json.loads(x) for x in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines()]
    texts = {Path(d["source"]).name: d["text"] for d in docs}
    # a copy of a text already read is noted with the file it repeats, not analysed twice
    for e in errors:
        if "duplicate_of" in e:
            texts[Path(e["path"]).name] = texts[Path(e["duplicate_of"]).name]
    for case in cases:
        shown = case.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if case.outcome == "error" or (case.outcome == "either" and shown in bad):
            assert case.expect in bad.get(shown, "") or case.outcome == "either", (case.name, bad.get(shown))
            assert shown not in texts
        else:
            assert shown in texts, (case.name, by_name.get(shown))
            assert case.expect in clean_text(texts[shown]).text, case.name
    assert summary.documents + summary.duplicates == len(cases) - len(bad)
    assert len({d["doc_id"] for d in docs}) == len(docs)  # one document record per text
    assert any("\ufffd" in d["source"] for d in docs)  # the non-UTF-8 file name, printable


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_clean_segment_extract_on_arbitrary_unicode(text: str) -> None:
    c = clean_text(text)
    assert len(c.simplified) == len(c.text)
    st_ = segment(c.simplified, display=c.text)
    for span in st_.clauses:
        s, e = c.source_span(span.start, span.end)
        assert 0 <= s <= e <= len(text)
    for f in find_deadlines(c.simplified, issued="2024-01-01"):
        assert 0 <= f.start < f.end <= len(c.simplified)
    parse_metric(c.simplified[:200])


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("到2025年底前，。、；十四五时期1%亿万达到超过(wǎng)網,,一是包括：？\n ")), max_size=600))
def test_policy_alphabet_soup(text: str) -> None:
    test_clean_segment_extract_on_arbitrary_unicode.hypothesis.inner_test(text)  # type: ignore[attr-defined]


def _work(n: int) -> float:
    unit = "到2025年，农村互联网普及率达到60%，建设一批智慧農(nóng)场,,一是加强领导。\n"
    text = unit * n
    t = time.perf_counter()
    c = clean_text(text)
    segment(c.simplified, display=c.text)
    find_deadlines(c.simplified)
    return time.perf_counter() - t


def test_time_grows_linearly() -> None:
    _work(200)
    small = min(_work(500) for _ in range(3))
    large = min(_work(4000) for _ in range(3))
    assert large / small < 8 * 2.5, (small, large)  # 8x input: allow constant factors, not quadratic growth


def _module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    import policynlp.clean as clean_mod
    import policynlp.extract.deadlines as dl
    import policynlp.extract.metrics as me
    import policynlp.extract.targets as tg
    import policynlp.ingest.formats as fm
    import policynlp.segment.clauses as cl

    out = []
    for mod in (clean_mod, dl, me, tg, fm, cl):
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern):
                out.append((f"{mod.__name__}.{name}", value))
            elif isinstance(value, tuple):
                out += [(f"{mod.__name__}.{name}", v) for v in value if isinstance(v, re.Pattern)]
                out += [(f"{mod.__name__}.{name}", v[0]) for v in value if isinstance(v, tuple) and v and isinstance(v[0], re.Pattern)]
                out += [(f"{mod.__name__}.{name}", v[1]) for v in value if isinstance(v, tuple) and len(v) > 1 and isinstance(v[1], re.Pattern)]
    return out


ADVERSARIAL = ["年" * 20000, "1" * 20000, "2025年" * 4000, "到" * 20000, "（" * 20000, "(a" * 10000, "<a " * 7000,
               "，" * 20000, "十" * 20000, "比" * 20000 + "下降", "网(" * 10000, " " * 20000 + "x", "&#" * 10000, "?!" * 10000]


def test_no_regular_expression_backtracks_catastrophically() -> None:
    patterns = _module_patterns()
    assert len(patterns) > 25
    for name, pat in patterns:
        for text in ADVERSARIAL:
            t = time.perf_counter()
            with deadline(5):
                list(pat.finditer(text))
            assert time.perf_counter() - t < 2.0, (name, pat.pattern[:60], text[:10])


def test_atheris_fuzz_target_short_run() -> None:
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "fuzz_ingest.py"), "-atheris_runs=1500"],
                         capture_output=True, text=True, timeout=600, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Done 1500 runs" in res.stderr or "DONE" in res.stderr.upper(), res.stderr[-500:]
