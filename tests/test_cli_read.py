"""The read commands (search, targets, serve) guard their user: checked dates, label ids and limits,
one-line errors with exit status 2, a quiet end on a closed pipe, help for every option."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from policynlp.cli import build_parser, main
from policynlp.store.db import Store
from policynlp.types import Document

from .conftest import ROOT


@pytest.fixture()
def db(tmp_path: Path, notice: Document, qa: Document) -> str:
    path = tmp_path / "p.db"
    store = Store(path)
    store.add_document(notice)
    store.add_document(qa)
    store.close()
    return str(path)


@pytest.mark.parametrize("args", [["search", "数字", "--deadline-before", "2025-99-99"], ["search", "数字", "--deadline-before", "tomorrow"],
                                  ["targets", "--before", "not-a-date"], ["targets", "--after", "2025-13"],
                                  ["search", "数字", "--limit", "0"], ["search", "数字", "--limit", "many"],
                                  ["search", "数字", "--domain", "nonsense"], ["targets", "--domain", "nonsense"],
                                  ["search", "--task", "agri.nothing"], ["serve", "--port", "0"]])
def test_bad_values_exit_2_with_one_line(db: str, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*args, "--db", db]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("policynlp"), err
    assert args[-1] in err


def test_unknown_label_lists_the_valid_ones(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "数字", "--domain", "nonsense", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "smart_agriculture" in err and "digital_governance" in err


def test_a_year_bound_covers_the_whole_year(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    def rows(*args: str) -> list[str]:
        assert main(["targets", "--db", db, "--format", "jsonl", *args]) == 0
        return [json.loads(x)["target_id"] for x in capsys.readouterr().out.splitlines()]

    whole = rows("--before", "2025-12-31")
    assert rows("--before", "2025") == whole and len(whole) > len(rows("--before", "2024"))
    assert rows("--after", "2025", "--before", "2025") == rows("--after", "2025-01-01", "--before", "2025-12-31")
    assert rows("--before", "2023-12") == rows("--before", "2023-12-31")


def test_limit_and_browse_without_query(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "数字", "--db", db, "--json", "--limit", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert main(["search", "--domain", "smart_agriculture", "--db", db, "--json", "--limit", "1000"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) > 5 and all("smart_agriculture" in {d["id"] for d in c["domains"]} for c in lines)


def test_exclusion_from_the_command_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "数字 -农村", "--db", db, "--json", "--limit", "1000"]) == 0
    out = [json.loads(x)["text"] for x in capsys.readouterr().out.splitlines()]
    assert out and not any("农村" in t or "農村" in t for t in out)


def test_closed_pipe_ends_quietly(db: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "policynlp.cli", "search", "--db", db, "--json", "--limit", "1000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0 and json.loads(first)["clause_id"]
    assert "Broken pipe" not in err and "Traceback" not in err


def test_results_table_wraps_and_names_labels(db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    assert main(["search", "電商", "--domain", "rural_digital_industry", "--db", db, "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "乡村数字富民产业" in out and "rural_digital_industry" not in out
    flat = re.sub(r"[\s│┃|]", "", out)
    assert "深入實施“互聯網+”農產品出村進城工程" in flat  # the whole clause, over several lines


def test_serve_prints_its_url(db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    assert main(["serve", "--db", db, "--port", "8123"]) == 0
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out


def test_every_option_has_help_and_shows_its_default() -> None:
    parser = build_parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subs.choices.items():
        formatter = sub._get_formatter()
        for action in sub._actions:
            if not action.option_strings or action.dest == "help":
                continue
            assert action.help, f"{name} {action.option_strings[0]} has no help"
            if action.default not in (None, False, []):
                assert "(default: %(default)s)" in formatter._get_help_string(action), (name, action.dest)  # type: ignore[attr-defined]
    assert "(default: 20)" in " ".join(subs.choices["search"].format_help().split())
